"""Running a folder: find the files, skip what the store already holds, execute the rest, write outputs.

The orchestration only: finding files (`discover`), the store and its keys
(`store`, `cache_key`), the unit of work (`work`) and how it is executed
(`executors`) each live in a module of their own. The parent only merges: the
workers send each document's records validated, serialised and packed; the
parent stores each blob as it arrives (committed in batches) and streams the
outputs in doc_id order while the workers go on, a result that arrives early
waiting in the store, so memory stays flat in the number of documents and the
serial end of a run is short. A damaged store is moved aside and rebuilt from
the inputs.
"""

from __future__ import annotations

import os
import stat
import sys
import time
import unicodedata
from array import array
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from pipeline.errors import SolieuError, output_error
from pipeline.outputs.records import BlobError, DocResult, OutputChunk, Payload, error_record, to_payload
from pipeline.outputs.summary import Contribution, SummaryBuilder
from pipeline.run.discover import discover
from pipeline.run.executors import (
    DEFAULT_TIMEOUT_S,
    Executor,
    TaskQueue,
    WorkFn,
    default_workers,
    local_executor,
)
from pipeline.run.progress import Progress
from pipeline.run.store import Store, StoreCorrupt, StoredInfo, cache_key, move_aside, output_lock
from pipeline.run.work import Task, WorkOptions, lexicon_for, load_taxonomy_cached, run_task, warm_up
from schemas import Duplicate, Mention, RunManifest, SkippedFile

NOT_STORED = frozenset({"E602"})  # a worker that died may have been killed from outside: tried again next run
RETRIED_WHEN_ASKED = frozenset({"E601"})  # stored with its timeout; --retry-failed or a larger --timeout redo it
_HOLD_AT_MOST = 256  # results that arrived ahead of the output order, kept in memory (the rest: from the store)


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
    retry_failed: bool = False  # process again the files whose stored result is a timeout
    follow_links: bool = False  # follow symlinks that point outside the input folder
    rules_dirs: tuple[Path, ...] = ()  # the user's rule folders (`--rules`), over the packaged lexicon
    ocr: str = "auto"  # "auto" | "always" | "never": PDF pages read by OCR
    ocr_timeout: float = 120.0  # seconds of OCR per page
    executor: str = "local"  # "local": serial or the process pool; "dask": a Dask cluster (`pipeline.run.cluster`)
    scheduler: str | None = None  # with "dask": the address of a running scheduler; None starts a LocalCluster


def _executor_for(options: RunOptions, n_tasks: int, work_fn: WorkFn) -> Executor:
    """The executor `options` ask for: the local one (serial or the pool), or Dask."""
    if options.executor == "dask":
        from pipeline.run.cluster import DaskExecutor

        return DaskExecutor(
            workers=options.workers,
            scheduler=options.scheduler,
            timeout=options.timeout,
            work_fn=work_fn,
            announce=options.progress is not False,
        )
    return local_executor(options.workers, n_tasks, options.timeout, work_fn)


def _executor_fields(options: RunOptions) -> dict[str, Any]:
    """run.json's note of a cluster run (none for the local one, whose run.json stays as it was)."""
    if options.executor != "dask":
        return {}
    return {"executor": "dask", "scheduler": options.scheduler or "LocalCluster"}


def _ocr_key(options: RunOptions) -> str:
    """The OCR options that change a PDF's records, for its store key ('' for the defaults)."""
    if options.ocr == "auto" and options.ocr_timeout == 120.0:
        return ""
    return f"+ocr={options.ocr},{options.ocr_timeout:g}"


@dataclass
class RunReport:
    """What happened, for the one-line summary the CLI prints."""

    manifest: RunManifest
    reused: int
    processed: int
    notices: list[str] = field(default_factory=list)
    ocr_pages_run: int = 0  # OCR pages run as units of work of their own
    ocr_pages_reused: int = 0  # OCR pages taken from the store (a scan read again under other rules)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _notice(notices: list[str], text: str) -> None:
    """One line on stderr now (the run may still fail later) and in the report."""
    notices.append(text)
    print(f"solieu: {text}", file=sys.stderr, flush=True)


def needs_run(info: StoredInfo | None, timeout: float | None, retry_failed: bool) -> bool:
    """Whether a file must be processed: no stored result, or a stored timeout that this run may beat.

    >>> needs_run(None, 120.0, False), needs_run(StoredInfo(None, None, "d"), 120.0, True)
    (True, False)
    >>> timed_out = StoredInfo("E601", 60.0, "d")
    >>> needs_run(timed_out, 60.0, False), needs_run(timed_out, 90.0, False), needs_run(timed_out, None, False)
    (False, True, True)
    >>> needs_run(timed_out, 60.0, True)
    True
    """
    if info is None:
        return True
    if info.error_code not in RETRIED_WHEN_ASKED:
        return False
    if retry_failed:
        return True
    if info.timeout_s is None:
        return False
    return timeout is None or timeout > info.timeout_s


def run_batch(
    input_dir: Path | str,
    out_dir: Path,
    options: RunOptions | None = None,
    work_fn: WorkFn = run_task,
    executor: Executor | None = None,
) -> RunReport:
    """Process every file of `input_dir` (a folder, one file, or an fsspec URL of either) into `out_dir`;
    failures of single files never stop it.

    `executor` defaults to the one `options` ask for: local (serial or the process pool) or Dask.
    """
    from pipeline.outputs import exports
    from pipeline.outputs.files import remove_stale_temp_files
    from pipeline.readers.remote import filesystem, is_url
    from pipeline.run.cache_key import rules_version

    options = options or RunOptions()
    if is_url(str(input_dir)):
        input_dir = str(input_dir)
        filesystem(input_dir)  # fsspec and the protocol's package are there (E505, E503), before anything runs
    else:
        input_dir = Path(input_dir)
        if not input_dir.is_dir() and not input_dir.is_file():  # a folder, or one file (`solieu run FILE`)
            raise SolieuError("E503", f"input folder not found: {input_dir}")
    if options.executor == "dask" and executor is None:
        from pipeline.run.cluster import require_dask

        require_dask()
    for fmt in options.formats:
        if fmt not in exports.EXPORT_FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(exports.EXPORT_FORMATS)}")
    if "parquet" in options.formats:
        exports.require_pyarrow()
    taxonomy_text = None
    if options.taxonomy_path is not None:
        try:
            taxonomy_text = options.taxonomy_path.read_text(encoding="utf-8")
        except OSError as exc:
            message = f"cannot read metrics file {options.taxonomy_path}: {exc.strerror}"
            raise SolieuError("E503", message) from exc
    # the rules are loaded and checked before anything runs: a bad user file is E110 here, not per file
    dirs = tuple(str(Path(d).resolve()) for d in options.rules_dirs)
    lexicon = lexicon_for(WorkOptions(rules_dirs=dirs))
    load_taxonomy_cached(taxonomy_text, dirs)
    rules = rules_version(taxonomy_text, lexicon_version=lexicon.version)
    run = _Run(input_dir, out_dir, options, work_fn, executor, taxonomy_text, rules, dirs)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, out_dir) from exc

    with output_lock(out_dir):
        remove_stale_temp_files(out_dir)  # left by a run that was killed while writing
        db_path = options.db_path or out_dir / ".solieu" / "store.sqlite"
        for attempt in (1, 2):
            try:
                return run.once(db_path)
            except StoreCorrupt as exc:
                if attempt == 2 or not db_path.exists():
                    raise SolieuError(
                        "E508",
                        f"the store {db_path} was damaged again while it was rebuilt "
                        f"({exc}); check the disk, or give another --db",
                    ) from exc
                aside = move_aside(db_path)
                _notice(
                    run.notices,
                    f"the store {db_path} is damaged ({exc}); moved it to {aside.name} "
                    "and rebuilding it from the inputs",
                )
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Run:
    """One `solieu run`: its inputs and settings, and `once` to carry it out on a store."""

    input_dir: Path | str  # a local path, or an fsspec URL (`remote_inputs`)
    out_dir: Path
    options: RunOptions
    work_fn: WorkFn
    executor: Executor | None
    taxonomy_text: str | None
    rules: str
    rules_dirs: tuple[str, ...] = ()  # resolved, in the order given
    notices: list[str] = field(default_factory=list)

    def once(self, db_path: Path) -> RunReport:
        store = Store(db_path)
        try:
            report = self._with_store(store, db_path)
        except StoreCorrupt:
            store.abandon()
            raise
        except BaseException:
            with suppress(Exception):  # keep what was done; the error in flight is the one to report
                store.close()
            raise
        return report

    def _with_store(self, store: Store, db_path: Path) -> RunReport:
        from pipeline.outputs import exports
        from pipeline.outputs.files import write_model_json
        from pipeline.outputs.jsonl import RunWriter
        from pipeline.readers import SUPPORTED_SUFFIXES

        options, out_dir = self.options, self.out_dir
        started, clock = _now(), time.perf_counter()
        timings: dict[str, float] = {}

        # 1. find the files and their keys (hash only what changed since the last look)
        mark = time.perf_counter()
        skipped: list[SkippedFile] = []
        versions: dict[str, str] | None = None  # an fsspec URL's files: each one's version, by its listing
        url_root = ""
        if isinstance(self.input_dir, str):
            from pipeline.run.remote_inputs import list_url

            listing = list_url(self.input_dir, SUPPORTED_SUFFIXES)
            files, skipped, versions, url_root = listing.files, listing.skipped, listing.versions, listing.root
            if listing.unversioned:
                _notice(
                    self.notices,
                    f"{listing.unversioned} files of {self.input_dir} have no version in their "
                    "listing (no ETag or modification time): they are processed again on every run",
                )
            del listing  # it holds the file list too
        elif self.input_dir.is_file():  # `solieu run FILE`: that one file, named as it is
            files = [(unicodedata.normalize("NFC", self.input_dir.name), str(self.input_dir))]
        else:
            files, skipped = discover(
                self.input_dir, SUPPORTED_SUFFIXES, exclude=[out_dir, db_path.parent], follow_links=options.follow_links
            )
        timings["scan"] = time.perf_counter() - mark
        mark = time.perf_counter()
        plan = self._plan(store, files, versions, url_root)
        n_files = len(files)
        del files  # the plan holds what the rest of the run needs of each file
        timings["hash"] = time.perf_counter() - mark
        order, n_todo = plan.order, plan.order.n_todo

        # 2. outputs already exactly right (a warm run of an unchanged folder): leave them alone
        state = _load_state(out_dir)
        unchanged = False
        if plan.fingerprint is not None and state is not None:
            same_results = state.get("fingerprint") == plan.fingerprint.hexdigest()
            unchanged = same_results and state.get("files") == _output_files(out_dir)

        # 3. process what the store does not hold; store each result and stream the outputs in doc_id order
        mark = time.perf_counter()
        stage_totals: dict[str, float] = {}
        paged = None
        if unchanged:
            counts = state["counts"]  # type: ignore[index]
        else:
            if n_todo:  # load the rules once here, so forked workers share them and no worker loads newer ones
                from pipeline.run.work import _stage_functions

                _stage_functions()
            progress = Progress(n_todo, enabled=options.progress)
            try:
                builder = SummaryBuilder(load_taxonomy_cached(self.taxonomy_text, self.rules_dirs))
                with RunWriter(
                    out_dir,
                    with_csv="csv" in options.formats,
                    on_document=lambda chunk, index: _add_to_summary(builder, chunk, index),
                ) as writer:
                    merger = _InOrder(order, store, writer, _Fingerprint(self.rules, options.formats))
                    merger.drain()
                    if n_todo:
                        run_on = self.executor or _executor_for(options, n_todo, self.work_fn)
                        if options.ocr != "never":  # a scan's OCR pages are units of work of their own
                            from pipeline.run.pages import PagedExecutor

                            run_on = paged = PagedExecutor(run_on, store, progress)
                        work_options = WorkOptions(
                            max_bytes=options.max_bytes,
                            taxonomy_text=self.taxonomy_text,
                            rules_dirs=self.rules_dirs,
                            ocr=options.ocr,
                            ocr_timeout=options.ocr_timeout,
                            csv_rows="csv" in options.formats,
                        )
                        if self.executor is None and options.executor == "local":
                            warm_up(work_options)  # this process or the forked workers: patterns compiled once
                        tasks = TaskQueue(order.tasks(plan.root), total=n_todo)  # each made as it is sent
                        for payload in run_on.map(tasks, work_options):
                            if payload.error_code not in NOT_STORED:
                                store.put(payload)
                            merger.arrived(payload)
                            for stage, seconds in payload.timings.items():
                                stage_totals[stage] = stage_totals.get(stage, 0.0) + seconds
                            progress.advance()
                    store.commit()
                    merger.finish()
            except BlobError as exc:
                raise StoreCorrupt(f"a stored result does not unpack ({exc})") from exc
            finally:
                progress.close()
            counts = writer.counts
        timings["process"] = time.perf_counter() - mark
        timings.update({f"stage_{k}": v for k, v in sorted(stage_totals.items())})
        store.close()

        manifest = RunManifest(
            solieu_version=_version(),
            rules_version=self.rules,
            input_dir=str(self.input_dir),
            out_dir=str(out_dir),
            started=started,
            workers=options.workers,
            counts={
                "files": n_files,
                "documents": counts["documents"],
                "errors": counts["errors"],
                "mentions": counts["metrics"],
                "entities": counts["entities"],
                "tables": counts.get("tables", 0),
                "skipped": len(skipped),
            },
            skipped=skipped,
            options={
                "max_bytes": options.max_bytes,
                "timeout_s": options.timeout,
                "ocr": options.ocr,
                **_executor_fields(options),
                "ocr_timeout_s": options.ocr_timeout,
                "formats": list(options.formats),
                "metrics": str(options.taxonomy_path) if options.taxonomy_path else None,
                "db": str(options.db_path) if options.db_path else None,
                "rules": list(self.rules_dirs),
            },
        )
        # 4. what is built from the finished outputs. The summary was built as the outputs were written, from
        # each document's contribution (made by its worker, kept in the store): here it is only written.
        mark = time.perf_counter()
        if not unchanged:
            taxonomy = load_taxonomy_cached(self.taxonomy_text, self.rules_dirs)
            try:
                builder.write_files(out_dir, [str(out_dir)], taxonomy)
                found = builder.duplicates  # compact: made Duplicates once the builder has let go of its rows
            finally:
                builder.close()
            duplicates = list(found)
        else:  # the copies the last run found, kept with its state (summary.json is 17 MB at 10,000 documents)
            kept = state.get("duplicates") if state is not None else None
            duplicates = (
                [Duplicate.model_validate(d) for d in kept] if isinstance(kept, list) else _summary_duplicates(out_dir)
            )
        manifest = manifest.model_copy(update={"duplicates": duplicates})
        timings["summary"] = time.perf_counter() - mark
        mark = time.perf_counter()
        if "csv" in options.formats and not unchanged:
            exports.write_tidy_csv(out_dir)
        if "parquet" in options.formats and not unchanged:
            exports.export_parquet(out_dir)
        if "sqlite" in options.formats and not unchanged:
            exports.export_sqlite(out_dir)
        if "xlsx" in options.formats and not unchanged:
            exports.export_xlsx(out_dir)
        timings["export"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - clock
        manifest = manifest.model_copy(
            update={
                "finished": _now(),
                "complete": True,
                "timings_s": {k: round(v, 4) for k, v in timings.items()},
            }
        )
        write_model_json(out_dir / "run.json", RunManifest.model_validate(manifest.__dict__))
        if not unchanged:
            _save_state(
                out_dir,
                {
                    "fingerprint": merger.fingerprint.hexdigest(),
                    "counts": counts,
                    "files": _output_files(out_dir),
                    "duplicates": [d.model_dump(mode="json") for d in duplicates],
                },
            )
        return RunReport(
            manifest=manifest,
            reused=plan.n_tasks - n_todo,
            processed=n_todo,
            notices=self.notices,
            ocr_pages_run=paged.pages_run if paged else 0,
            ocr_pages_reused=paged.pages_reused if paged else 0,
        )

    def _plan(
        self, store: Store, files: list[tuple[str, str]], versions: dict[str, str] | None, url_root: str
    ) -> _Plan:
        """Each file's store key (hashing only what changed since the last look), what the store holds of it,
        and so what is to do.

        Taken _PLAN_BATCH files at a time, keeping nothing per file but its place in the output order (`_Order`),
        the stored results' digests only folded into the fingerprint.
        """
        options = self.options
        rules = self.rules + _ocr_key(options)
        if versions is None:
            assert isinstance(self.input_dir, Path)
            root = str(self.input_dir.parent if self.input_dir.is_file() else self.input_dir)
        else:
            root = url_root
        plan = _Plan(root=root, fingerprint=_Fingerprint(self.rules, options.formats))
        cwd = os.getcwd()
        for start in range(0, len(files), _PLAN_BATCH):
            batch: list[tuple[str, str, str | Payload]] = []  # doc_id, path, store key or an error found here
            for doc_id, source in files[start : start + _PLAN_BATCH]:
                if versions is not None:  # read by the workers: the listing's version stands in for the bytes' hash
                    version = versions[source]
                else:
                    try:
                        info = os.stat(source)
                        if not stat.S_ISREG(info.st_mode):  # opening a FIFO would wait for a writer for ever
                            message = f"{doc_id}: {_file_type(info.st_mode)}, not a regular file"
                            batch.append((doc_id, source, _error_payload(doc_id, source, "E107", message)))
                            continue
                        path = source if source.startswith("/") else os.path.join(cwd, source)
                        version, _cached = store.sha256_of(path, info)
                    except OSError as exc:
                        code = "E106" if isinstance(exc, PermissionError) else "E107"
                        message = f"{doc_id}: {exc.strerror or exc}"
                        batch.append((doc_id, source, _error_payload(doc_id, source, code, message)))
                        continue
                batch.append((doc_id, source, cache_key(doc_id, source, version, rules, options.max_bytes)))
            stored = store.lookup(item for _, _, item in batch if isinstance(item, str))
            for doc_id, source, item in batch:
                if isinstance(item, Payload):
                    plan.order.add(doc_id, source, item)
                    digest = item.digest
                else:
                    plan.n_tasks += 1
                    found = stored.get(item)
                    todo = needs_run(found, options.timeout, options.retry_failed)
                    plan.order.add(doc_id, source, item, todo=todo)
                    if todo:
                        plan.fingerprint = None  # the outputs change: no need to know what they would be
                        continue
                    assert found is not None
                    digest = found.digest
                if plan.fingerprint is not None:
                    plan.fingerprint.add(doc_id, digest)
        store.save_file_hashes()
        store.forget_file_hashes()
        return plan


class _Order:
    """Every file's place in the output order in a few dozen bytes: its doc_id and path in one UTF-8
    buffer, its store key as 32 raw bytes, whether it is to be processed; a file that failed before it
    was read keeps its error (rare). A list of (doc_id, key) tuples and a Task per file took ~0.5 KB each.

    >>> order = _Order()
    >>> order.add("a.txt", "/in/a.txt", "ab" * 32, todo=True)
    >>> order.add("b\\udcff.txt", "/in/b\\udcff.txt", "cd" * 32, todo=False)
    >>> order.entry(1) == ("b\\udcff.txt", "cd" * 32), order.is_todo(0), order.is_todo(1), len(order)
    (True, True, False, 2)
    >>> [(t.doc_id, t.path, t.key == "ab" * 32) for t in order.tasks("/in")]
    [('a.txt', '/in/a.txt', True)]
    """

    def __init__(self) -> None:
        self._text = bytearray()  # doc_id then path of each file, encoded with surrogatepass (any str comes back)
        self._ends = array("Q")  # per file: where its doc_id ends, where its path ends
        self._keys = bytearray()  # per file: its store key's 32 bytes (zeros for a file failed before reading)
        self._todo = bytearray()  # per file: 1 if it is to be processed
        self._errors: dict[int, Payload] = {}
        self.n_todo = 0

    def __len__(self) -> int:
        return len(self._todo)

    def add(self, doc_id: str, path: str, item: str | Payload, *, todo: bool = False) -> None:
        if isinstance(item, Payload):
            self._errors[len(self)] = item
            self._keys += bytes(32)
        else:
            self._keys += bytes.fromhex(item)
        self._text += doc_id.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._text))
        self._text += path.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._text))
        self._todo.append(todo)
        self.n_todo += todo

    def _strings(self, i: int) -> tuple[str, str]:
        start = self._ends[2 * i - 1] if i else 0
        middle, end = self._ends[2 * i], self._ends[2 * i + 1]
        text = self._text
        return text[start:middle].decode("utf-8", "surrogatepass"), text[middle:end].decode("utf-8", "surrogatepass")

    def entry(self, i: int) -> tuple[str, str | Payload]:
        """The i-th file's doc_id and its store key (or its error)."""
        doc_id = self._strings(i)[0]
        error = self._errors.get(i)
        return doc_id, error if error is not None else self._keys[32 * i : 32 * i + 32].hex()

    def is_todo(self, i: int) -> bool:
        return bool(self._todo[i])

    def tasks(self, root: str) -> Iterator[Task]:
        """The files to process, in order, each made a Task only when taken."""
        start = 0
        while (i := self._todo.find(1, start)) >= 0:
            doc_id, path = self._strings(i)
            yield Task(doc_id=doc_id, path=path, root=root, key=self._keys[32 * i : 32 * i + 32].hex())
            start = i + 1


@dataclass
class _Plan:
    """What a run is to do: every file's place in the output order, and which files to process."""

    order: _Order = field(default_factory=_Order)
    root: str = ""  # the tasks' root folder (or URL)
    n_tasks: int = 0  # files with a store key (not failed before reading)
    fingerprint: _Fingerprint | None = None  # of the outputs, while every result is a stored one


_PLAN_BATCH = 500  # files hashed and looked up in the store at a time


def _error_payload(doc_id: str, source: str, code: str, message: str) -> Payload:
    """The result of a file that fails before it is read (not stored: finding it out costs a stat)."""
    return to_payload(DocResult(doc_id, source, error=error_record(doc_id, source, code, message)), "")


def _file_type(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "a special file"


class _InOrder:
    """Feeds the writer every result in doc_id order as soon as the ones before it are there.

    Results that arrive ahead of their turn wait in memory up to a bound and in the
    store beyond it, so a file that takes long holds back the output, never memory.
    """

    def __init__(self, order: _Order, store: Store, writer: Any, fingerprint: _Fingerprint) -> None:
        self.order = order
        self.store = store
        self.writer = writer
        self.fingerprint = fingerprint
        self.early: set[str] = set()  # keys of processed files that arrived before their turn
        self.held: dict[str, Payload] = {}
        self.unstored: dict[str, Payload] = {}  # results the store does not keep (a dead worker)
        self.next = 0
        self.finished = False  # every result is in: what was to be processed and did not arrive is an error

    def arrived(self, payload: Payload) -> None:
        self.early.add(payload.key)
        if payload.error_code in NOT_STORED:
            self.unstored[payload.key] = payload
        elif len(self.held) < _HOLD_AT_MOST:
            self.held[payload.key] = payload
        self.drain()

    def drain(self) -> None:
        order = self.order
        while self.next < len(order):
            doc_id, item = order.entry(self.next)
            if isinstance(item, Payload):
                payload: Payload | None = item
            elif order.is_todo(self.next) and item not in self.early and not self.finished:
                return
            else:
                self.early.discard(item)
                payload = self.held.pop(item, None) or self.unstored.pop(item, None) or self.store.get(item)
            if payload is None:
                raise StoreCorrupt(f"the stored result of {doc_id} is missing")
            self.writer.add(payload)
            self.fingerprint.add(doc_id, payload.digest)
            self.next += 1

    def finish(self) -> None:
        self.finished = True
        self.drain()


# --- skipping the rewrite of outputs that are already right ------------------------------------------
# A warm run of an unchanged folder must take seconds for 10,000 documents, so when every result came
# from the store and the outputs on disk are the very files the last run wrote for the same results,
# only run.json is written again.

_STATE_FILE = "outputs.json"


class _Fingerprint:
    """One hash of everything the output files are made of: versions, formats, each document's result."""

    def __init__(self, rules: str, formats: tuple[str, ...]) -> None:
        import hashlib

        self._digest = hashlib.sha256(f"{rules}\0{','.join(sorted(formats))}\0{_version()}".encode())

    def add(self, doc_id: str, result_digest: str) -> None:
        self._digest.update(f"\0{doc_id}\0{result_digest}".encode("utf-8", "surrogateescape"))

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def _output_files(out_dir: Path) -> dict[str, list[int]]:
    """name → [size, mtime_ns] of every output file except run.json."""
    found = {}
    for entry in os.scandir(out_dir):
        if entry.is_file() and not entry.name.startswith(".") and entry.name != "run.json":
            info = entry.stat()
            found[entry.name] = [info.st_size, info.st_mtime_ns]
    return dict(sorted(found.items()))


def _load_state(out_dir: Path) -> dict[str, Any] | None:
    import json

    try:
        return json.loads((out_dir / ".solieu" / _STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _save_state(out_dir: Path, state: dict[str, Any]) -> None:
    import json

    from pipeline.outputs.files import write_text

    write_text(out_dir / ".solieu" / _STATE_FILE, json.dumps(state, ensure_ascii=False))


def _add_to_summary(builder: SummaryBuilder, chunk: OutputChunk, index: int) -> None:
    """One written document into the run's summary: its worker's contribution, merged here in doc_id order."""
    if not chunk.summary:
        raise BlobError("a document's result without its summary part")
    lines: list[bytes] = []

    def mention_at(i: int) -> Mention:  # only for the first unassigned figures the summary lists
        if not lines:
            lines.extend(chunk.metrics.splitlines())
        return Mention.model_validate_json(lines[i])

    builder.add_contribution(Contribution.from_json(orjson.loads(chunk.summary)), 0, index, mention_at)


def _summary_duplicates(out_dir: Path) -> list[Duplicate]:
    """The copies the summary of an unchanged run found (summary.json is the file it wrote)."""
    from pipeline.outputs.exports import read_summary

    summary = read_summary(out_dir) or {}
    return [Duplicate.model_validate(d) for d in summary.get("duplicates", []) if isinstance(d, dict)]


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("solieu")
    except Exception:  # running from a checkout that was never installed
        return "0.1.0"
