"""Running a folder: find the files, skip what the store already holds, execute the rest, write outputs.

The orchestration only: finding files (`discover`), the store and its keys
(`store`, `cache_key`), the unit of work (`work`) and how it is executed
(`executors`) each live in a module of their own. The store is the one source of
resume: every result is stored as it arrives, and the outputs are written from
the store in doc_id order at the end.
"""

from __future__ import annotations

import os
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError, output_error
from pipeline.outputs.records import DocResult, Payload, error_record, to_payload
from pipeline.run.discover import discover
from pipeline.run.executors import DEFAULT_TIMEOUT_S, Executor, WorkFn, default_workers, local_executor
from pipeline.run.progress import Progress
from pipeline.run.store import Store, cache_key, output_lock
from pipeline.run.work import Task, WorkOptions, lexicon_for, load_taxonomy_cached, run_task
from schemas import RunManifest, SkippedFile

NOT_CACHED = frozenset({"E601", "E602"})  # may depend on load or luck, so a later run tries again


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
    rules_dirs: tuple[Path, ...] = ()  # the user's rule folders (`--rules`), over the packaged lexicon
    ocr: str = "auto"  # "auto" | "always" | "never": PDF pages read by OCR
    ocr_timeout: float = 120.0  # seconds of OCR per page


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_batch(input_dir: Path, out_dir: Path, options: RunOptions | None = None,
              work_fn: WorkFn = run_task, executor: Executor | None = None) -> RunReport:
    """Process every file of `input_dir` into `out_dir`; failures of single files never stop it.

    `executor` defaults to the local one for `options.workers` (serial or the process pool).
    """
    from pipeline.outputs import exports
    from pipeline.outputs.files import remove_stale_temp_files, write_model_json
    from pipeline.outputs.jsonl import write_jsonl_outputs
    from pipeline.readers import SUPPORTED_SUFFIXES
    from pipeline.run.cache_key import rules_version

    options = options or RunOptions()
    started, clock = _now(), time.perf_counter()
    timings: dict[str, float] = {}
    if not input_dir.is_dir() and not input_dir.is_file():  # a folder, or one file (`solieu run FILE`)
        raise SolieuError("E503", f"input folder not found: {input_dir}")
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
    work_options = WorkOptions(max_bytes=options.max_bytes, taxonomy_text=taxonomy_text, rules_dirs=dirs,
                               ocr=options.ocr, ocr_timeout=options.ocr_timeout)
    lexicon = lexicon_for(work_options)
    load_taxonomy_cached(taxonomy_text, dirs)
    rules = rules_version(taxonomy_text, lexicon_version=lexicon.version)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, out_dir) from exc

    with output_lock(out_dir):
        remove_stale_temp_files(out_dir)  # left by a run that was killed while writing
        db_path = options.db_path or out_dir / ".solieu" / "store.sqlite"
        store = Store(db_path)
        try:
            # 1. find the files and their keys (hash only what changed since the last look)
            mark = time.perf_counter()
            skipped: list[SkippedFile] = []
            if input_dir.is_file():
                files = [(unicodedata.normalize("NFC", input_dir.name), input_dir)]
            else:
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
                key = cache_key(doc_id, source, sha, rules + _ocr_key(options), options.max_bytes)
                order.append((doc_id, key))
                root = input_dir.parent if input_dir.is_file() else input_dir
                tasks.append(Task(doc_id=doc_id, path=source, root=str(root), key=key))
            store.save_file_hashes()
            present = store.present(t.key for t in tasks)
            todo = [t for t in tasks if t.key not in present]
            timings["hash"] = time.perf_counter() - mark

            # 2. process what the store does not hold, storing each result as it comes
            if todo:  # import the stages once here, so forked workers share them
                from pipeline.run.work import _stage_functions

                _stage_functions()
            mark = time.perf_counter()
            stage_totals: dict[str, float] = {}
            transient: dict[str, Payload] = {}  # timeouts and crashes: reported now, retried next run
            progress = Progress(len(todo), enabled=options.progress)
            try:
                run_on = executor or local_executor(options.workers, len(todo), options.timeout, work_fn)
                for payload in run_on.map(todo, work_options):
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
                counts = write_jsonl_outputs((p for p in payloads if p is not None), out_dir,
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
                    "mentions": counts["metrics"], "entities": counts["entities"],
                    "tables": counts.get("tables", 0), "skipped": len(skipped)},
            skipped=skipped,
            options={"max_bytes": options.max_bytes, "timeout_s": options.timeout, "ocr": options.ocr,
                     "ocr_timeout_s": options.ocr_timeout,
                     "formats": list(options.formats),
                     "metrics": str(options.taxonomy_path) if options.taxonomy_path else None,
                     "db": str(options.db_path) if options.db_path else None,
                     "rules": list(dirs)},
        )
        mark = time.perf_counter()
        if not unchanged:
            _write_summary(out_dir, taxonomy_text, dirs)
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
        manifest = manifest.model_copy(update={
            "finished": _now(), "complete": True,
            "timings_s": {k: round(v, 4) for k, v in timings.items()},
        })
        write_model_json(out_dir / "run.json", RunManifest.model_validate(manifest.__dict__))
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

    from pipeline.outputs.files import write_text

    write_text(out_dir / ".solieu" / _STATE_FILE, json.dumps(state, ensure_ascii=False))


def _write_summary(out_dir: Path, taxonomy_text: str | None, rules_dirs: tuple[str, ...]) -> None:
    """summary.json/.md/.csv by the summary helper's function."""
    from pipeline.outputs.summary import summarize, write_summary
    taxonomy = load_taxonomy_cached(taxonomy_text, rules_dirs)
    write_summary(out_dir, summarize([out_dir], taxonomy), taxonomy)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("solieu")
    except Exception:  # running from a checkout that was never installed
        return "0.1.0"
