"""Running a folder: find the files, skip what the store already holds, schedule the rest, write outputs.

Scheduling is separate from the unit of work (`pipeline.work.run_task`): the
serial scheduler runs it in-process (no pickling), the pool scheduler runs it in
worker processes it manages itself, one file in flight per worker, so a file
that hangs (E601) or kills its worker (E602) is known exactly and the batch goes
on with a fresh worker. Both take the work function as an argument, so another
executor (Dask…) or a test's fault injector can reuse them unchanged.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError
from pipeline.progress import Progress
from pipeline.store import Store, cache_key, output_error, output_lock, release_inherited_locks
from pipeline.work import (
    DocResult,
    Payload,
    Task,
    WorkOptions,
    error_record,
    failure_payload,
    run_task,
    to_payload,
)
from schemas import RunManifest, SkippedFile

WorkFn = Callable[[Task, WorkOptions], Payload]
NOT_CACHED = frozenset({"E601", "E602"})  # may depend on load or luck, so a later run tries again
DEFAULT_TIMEOUT_S = 120.0


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --- finding the files ------------------------------------------------------------------------------


def discover(input_dir: Path, suffixes: Iterable[str], exclude: Iterable[Path] = ()) -> tuple[
        list[tuple[str, Path]], list[SkippedFile]]:
    """(doc_id, path) of every supported file under `input_dir`, sorted by doc_id, and what was skipped.

    Hidden files and folders are ignored; symlinks are followed but each real
    folder is visited once, so a symlink loop ends; `exclude` (the output
    folder) is never entered. doc_id is the relative path, '/'-separated, NFC.
    """
    wanted = {s.lower() for s in suffixes}
    excluded = {os.path.realpath(p) for p in exclude}
    visited: set[str] = set()
    found: dict[str, Path] = {}
    skipped: list[SkippedFile] = []

    def rel(path: str) -> str:
        return unicodedata.normalize("NFC", Path(os.path.relpath(path, input_dir)).as_posix())

    stack = [str(input_dir)]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            skipped.append(SkippedFile(path=rel(folder), reason="folder already visited (symlink loop)"))
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(SkippedFile(path=rel(folder), reason=f"cannot list folder: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if not _valid_utf8(entry.name):  # no id could name it in UTF-8 JSON
                shown = rel(entry.path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                skipped.append(SkippedFile(path=shown, reason="name is not valid UTF-8"))
                continue
            try:
                if entry.is_dir(follow_symlinks=True):
                    if os.path.realpath(entry.path) not in excluded:
                        stack.append(entry.path)
                    continue
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                skipped.append(SkippedFile(path=rel(entry.path), reason=f"cannot stat: {exc.strerror}"))
                continue
            doc_id = rel(entry.path)
            suffix = os.path.splitext(entry.name)[1].lower()
            if not is_file:
                reason = "broken symlink" if entry.is_symlink() else "not a regular file"
                skipped.append(SkippedFile(path=doc_id, reason=reason))
            elif suffix not in wanted:
                skipped.append(SkippedFile(path=doc_id, reason=f"unsupported extension {suffix or '(none)'}"))
            elif doc_id in found:
                skipped.append(SkippedFile(path=doc_id, reason="same name as another file after NFC"))
            else:
                found[doc_id] = Path(entry.path)
    skipped.sort(key=lambda s: (s.path, s.reason))
    return sorted(found.items()), skipped


def _valid_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- scheduling -------------------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by the alarm in serial mode; a BaseException so the unit of work cannot swallow it."""


def run_serial(tasks: Iterable[Task], options: WorkOptions, timeout: float | None,
               work_fn: WorkFn = run_task) -> Iterator[Payload]:
    """Run each task in this process; the timeout uses SIGALRM when this is the main thread."""
    import threading

    use_alarm = bool(timeout) and threading.current_thread() is threading.main_thread() and hasattr(
        signal, "setitimer")

    def on_alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm) if use_alarm else None
    try:
        for task in tasks:
            try:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                payload = work_fn(task, options)
            except _Timeout:
                payload = failure_payload(task, "E601", f"no result after {timeout:g} s")
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            yield payload
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, previous)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the run's process dies (even by kill -9)."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _worker_main(conn: Any, parent_end: Any, parent_pid: int, work_fn: WorkFn, options: WorkOptions) -> None:
    """A pool worker: take a task, send back its payload, until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        return
    if parent_end is not None:
        parent_end.close()  # a forked copy of the parent's end would hide the parent's death
    release_inherited_locks()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(work_fn(task, options))


@dataclass
class _Worker:
    process: Any
    conn: Any
    task: Task | None = None
    deadline: float = 0.0


def run_pool(tasks: Iterable[Task], options: WorkOptions, workers: int, timeout: float | None,
             work_fn: WorkFn = run_task) -> Iterator[Payload]:
    """Run tasks in `workers` processes; yields payloads as they finish (any order).

    A worker past its deadline is killed (E601); a worker that dies (segfault,
    os._exit, out of memory) yields E602 for its file; either is replaced.
    """
    import multiprocessing as mp
    from multiprocessing.connection import wait

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    pending = deque(tasks)
    pool: list[_Worker] = []

    def start() -> _Worker:
        parent, child = ctx.Pipe()
        inherited = parent if method == "fork" else None
        process = ctx.Process(target=_worker_main, args=(child, inherited, os.getpid(), work_fn, options),
                              daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def assign(worker: _Worker) -> None:
        worker.task = pending.popleft() if pending else None
        if worker.task is not None:
            worker.deadline = time.monotonic() + timeout if timeout else float("inf")
            with contextlib.suppress(OSError):  # a dead worker's sentinel reports it below
                worker.conn.send(worker.task)

    def replace(worker: _Worker) -> _Worker:
        with contextlib.suppress(Exception):
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        fresh = start()
        pool[pool.index(worker)] = fresh
        return fresh

    try:
        for _ in range(min(workers, len(pending))):
            pool.append(start())
        for worker in pool:
            assign(worker)
        while any(w.task is not None for w in pool):
            busy = [w for w in pool if w.task is not None]
            wait_for = min(w.deadline for w in busy) - time.monotonic()
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                             timeout=max(0.0, min(wait_for, 3600.0))))
            now = time.monotonic()
            for worker in busy:
                task = worker.task
                assert task is not None
                if worker.conn in ready or worker.process.sentinel in ready:
                    payload = None
                    with contextlib.suppress(EOFError, OSError):
                        if worker.conn.poll():
                            payload = worker.conn.recv()
                    if payload is None:
                        code = worker.process.exitcode
                        payload = failure_payload(task, "E602", f"worker died (exit code {code})")
                        worker = replace(worker)
                    yield payload
                    assign(worker)
                elif now >= worker.deadline:
                    yield failure_payload(task, "E601", f"no result after {timeout:g} s; worker stopped")
                    worker = replace(worker)
                    assign(worker)
    finally:
        for worker in pool:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        for worker in pool:
            worker.process.join(1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1)
            worker.conn.close()


def schedule(tasks: list[Task], options: WorkOptions, workers: int, timeout: float | None,
             work_fn: WorkFn = run_task) -> Iterator[Payload]:
    """Serial in-process for one worker (or one task), else the process pool."""
    if workers <= 1 or len(tasks) <= 1:
        return run_serial(tasks, options, timeout, work_fn)
    return run_pool(tasks, options, workers, timeout, work_fn)


# --- the whole run ----------------------------------------------------------------------------------


@dataclass
class RunOptions:
    """The knobs of `solieu run`."""

    workers: int = field(default_factory=default_workers)
    db_path: Path | None = None
    taxonomy_path: Path | None = None
    max_bytes: int = 20_000_000
    timeout: float | None = DEFAULT_TIMEOUT_S
    formats: tuple[str, ...] = ("jsonl", "csv")
    progress: bool | None = None  # None: when stderr is a terminal


@dataclass
class RunReport:
    """What happened, for the one-line summary the CLI prints."""

    manifest: RunManifest
    reused: int
    processed: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_batch(input_dir: Path, out_dir: Path, options: RunOptions | None = None,
              work_fn: WorkFn = run_task) -> RunReport:
    """Process every file of `input_dir` into `out_dir`; failures of single files never stop it."""
    from pipeline import writers
    from pipeline.readers import SUPPORTED_SUFFIXES
    from pipeline.rules_version import rules_version

    options = options or RunOptions()
    started, clock = _now(), time.perf_counter()
    timings: dict[str, float] = {}
    if not input_dir.is_dir():
        raise SolieuError("E503", f"input folder not found: {input_dir}")
    for fmt in options.formats:
        if fmt not in writers.EXPORT_FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(writers.EXPORT_FORMATS)}")
    if "parquet" in options.formats:
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise writers.MissingExtra("Parquet export needs pyarrow: pip install 'solieu[parquet]'") from exc
    taxonomy_text = None
    if options.taxonomy_path is not None:
        try:
            taxonomy_text = options.taxonomy_path.read_text(encoding="utf-8")
        except OSError as exc:
            message = f"cannot read metrics file {options.taxonomy_path}: {exc.strerror}"
            raise SolieuError("E503", message) from exc
    work_options = WorkOptions(max_bytes=options.max_bytes, taxonomy_text=taxonomy_text)
    rules = rules_version(taxonomy_text)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, out_dir) from exc

    with output_lock(out_dir):
        for stale in out_dir.glob(".*.tmp-*"):  # left by a run that was killed while writing
            stale.unlink(missing_ok=True)
        db_path = options.db_path or out_dir / ".solieu" / "store.sqlite"
        store = Store(db_path)
        try:
            # 1. find the files and their keys (hash only what changed since the last look)
            mark = time.perf_counter()
            files, skipped = discover(input_dir, SUPPORTED_SUFFIXES, exclude=[out_dir, db_path.parent])
            timings["scan"] = time.perf_counter() - mark
            mark = time.perf_counter()
            order: list[tuple[str, str | Payload]] = []  # doc_id → store key, or an error found here
            tasks: list[Task] = []
            for doc_id, path in files:
                source = str(path)
                try:
                    sha, _cached = store.sha256_of(os.path.abspath(source), path.stat())
                except OSError as exc:
                    code = "E106" if isinstance(exc, PermissionError) else "E107"
                    result = DocResult(doc_id, source, error=error_record(doc_id, source, code, str(exc)))
                    order.append((doc_id, to_payload(result, "")))
                    continue
                key = cache_key(doc_id, source, sha, rules, options.max_bytes)
                order.append((doc_id, key))
                tasks.append(Task(doc_id=doc_id, path=source, root=str(input_dir), key=key))
            store.save_file_hashes()
            present = store.present(t.key for t in tasks)
            todo = [t for t in tasks if t.key not in present]
            timings["hash"] = time.perf_counter() - mark

            # 2. process what the store does not hold, storing each result as it comes
            if todo:  # load the rules once here, so forked workers share them and no worker loads newer ones
                from pipeline.work import _stage_functions, load_taxonomy_cached

                _stage_functions()
                load_taxonomy_cached(taxonomy_text)
            mark = time.perf_counter()
            stage_totals: dict[str, float] = {}
            transient: dict[str, Payload] = {}  # timeouts and crashes: reported now, retried next run
            progress = Progress(len(todo), enabled=options.progress)
            try:
                for payload in schedule(todo, work_options, options.workers, options.timeout, work_fn):
                    if payload.error_code in NOT_CACHED:
                        transient[payload.key] = payload
                    else:
                        store.put(payload)
                    for stage, seconds in payload.timings.items():
                        stage_totals[stage] = stage_totals.get(stage, 0.0) + seconds
                    progress.advance()
            finally:
                progress.close()
            timings["process"] = time.perf_counter() - mark
            timings.update({f"stage_{k}": v for k, v in sorted(stage_totals.items())})

            # 3. write the outputs from the store, in doc_id order (unless they are already exactly that)
            mark = time.perf_counter()
            fingerprint = _fingerprint(order, rules, options.formats)
            state = _load_state(out_dir)
            unchanged = (not todo and state is not None and state.get("fingerprint") == fingerprint
                         and state.get("files") == _output_files(out_dir))
            if unchanged:
                counts = state["counts"]
            else:
                payloads = (item if isinstance(item, Payload) else transient.get(item) or store.get(item)
                            for _, item in order)
                counts = writers.write_jsonl_outputs((p for p in payloads if p is not None), out_dir,
                                                     with_csv="csv" in options.formats)
            timings["write"] = time.perf_counter() - mark
        finally:
            store.close()

        manifest = RunManifest(
            solieu_version=_version(),
            rules_version=rules,
            input_dir=str(input_dir),
            out_dir=str(out_dir),
            started=started,
            workers=options.workers,
            counts={"files": len(files), "documents": counts["documents"], "errors": counts["errors"],
                    "mentions": counts["metrics"], "entities": counts["entities"], "skipped": len(skipped)},
            skipped=skipped,
            options={"max_bytes": options.max_bytes, "timeout_s": options.timeout,
                     "formats": list(options.formats),
                     "metrics": str(options.taxonomy_path) if options.taxonomy_path else None,
                     "db": str(options.db_path) if options.db_path else None},
        )
        mark = time.perf_counter()
        if not unchanged:
            _write_summary(out_dir, taxonomy_text)
        timings["summary"] = time.perf_counter() - mark
        mark = time.perf_counter()
        if "parquet" in options.formats and not unchanged:
            writers.export_parquet(out_dir)
        if "sqlite" in options.formats and not unchanged:
            writers.export_sqlite(out_dir)
        timings["export"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - clock
        manifest = manifest.model_copy(update={
            "finished": _now(), "complete": True,
            "timings_s": {k: round(v, 4) for k, v in timings.items()},
        })
        writers.write_model_json(out_dir / "run.json", RunManifest.model_validate(manifest.__dict__))
        if not unchanged:
            state = {"fingerprint": fingerprint, "counts": counts, "files": _output_files(out_dir)}
            _save_state(out_dir, state)
    return RunReport(manifest=manifest, reused=len(tasks) - len(todo), processed=len(todo))


# --- skipping the rewrite of outputs that are already right ------------------------------------------
# A warm run of an unchanged folder must take seconds for 10,000 documents, so when every result came
# from the store and the outputs on disk are the very files the last run wrote for the same results,
# only run.json is written again.

_STATE_FILE = "outputs.json"


def _fingerprint(order: list[tuple[str, str | Payload]], rules: str, formats: tuple[str, ...]) -> str:
    """One hash of everything the output files are made of."""
    import hashlib

    digest = hashlib.sha256(f"{rules}\0{','.join(sorted(formats))}\0{_version()}".encode())
    for doc_id, item in order:
        detail = item if isinstance(item, str) else item.error_json or ""
        digest.update(f"\0{doc_id}\0{detail}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _output_files(out_dir: Path) -> dict[str, list[int]]:
    """name → [size, mtime_ns] of every output file except run.json."""
    found = {}
    for entry in os.scandir(out_dir):
        if entry.is_file() and not entry.name.startswith(".") and entry.name != "run.json":
            stat = entry.stat()
            found[entry.name] = [stat.st_size, stat.st_mtime_ns]
    return dict(sorted(found.items()))


def _load_state(out_dir: Path) -> dict[str, Any] | None:
    import json

    try:
        return json.loads((out_dir / ".solieu" / _STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _save_state(out_dir: Path, state: dict[str, Any]) -> None:
    import json

    from pipeline.writers import write_text

    write_text(out_dir / ".solieu" / _STATE_FILE, json.dumps(state, ensure_ascii=False))


def _write_summary(out_dir: Path, taxonomy_text: str | None) -> None:
    """summary.json/.md/.csv by the summary helper's function."""
    from pipeline.summary import summarize, write_summary
    from pipeline.work import load_taxonomy_cached

    taxonomy = load_taxonomy_cached(taxonomy_text)
    write_summary(out_dir, summarize([out_dir], taxonomy), taxonomy)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("solieu")
    except Exception:  # running from a checkout that was never installed
        return "0.1.0"
