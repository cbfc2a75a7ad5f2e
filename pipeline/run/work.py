"""The unit of work: one file's bytes plus the rules in, its records out.

`process_file` is a pure function of (file bytes, rules, options): it never
touches the store, the output folder or the clock beyond timing itself, and it
never raises. Executors (`pipeline.run.executors`, `pipeline.run.cluster`) call
`run_task`, which returns a `Payload`: the records validated once here, at the
boundary, dumped once and packed into the blob the store keeps (cheap to
pickle across processes; the parent only stores it and streams it out).
A file is named by a local path or by an fsspec URL, which the worker reads itself.

OCR pages as units of work (`WorkOptions.ocr_units`, set by the run's page stage,
`pipeline.run.pages`): a PDF task whose pages need OCR answers with a
`PagePlanPayload` naming them instead of OCRing them; each page is a task of its
own (`Task.page`, answered by a `PagePayload`), and the file's task given their
results (`Task.ocr_pages`) reads it with them: the same records as an inline read.
"""

from __future__ import annotations

import hashlib
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel

from pipeline.errors import SolieuError
from pipeline.outputs.records import DocResult, Payload, Stage, error_record, to_payload
from pipeline.outputs.summary import document_contribution
from pipeline.readers import read_source_bytes
from pipeline.readers.ocr_pages import OcrPagesNeeded, PageOcrSource
from pipeline.readers.remote import is_url
from schemas import Document, Entity, Mention
from schemas.lexicon import Lexicon

if TYPE_CHECKING:
    from extractors.metrics import Taxonomy

STAGES = ("read", "figures", "entities", "facts", "metrics", "validate", "summary", "pack")


@dataclass(frozen=True)
class WorkOptions:
    """What, besides the file and the rules, decides a file's records."""

    max_bytes: int = 20_000_000
    taxonomy_text: str | None = None
    rules_dirs: tuple[str, ...] = ()  # the user's rule folders, laid over the packaged lexicon in order
    ocr: str = "auto"  # PDF pages without a real text layer: "auto" OCRs them, "always" every page, "never"
    ocr_timeout: float = 120.0  # seconds of OCR for one page
    csv_rows: bool = True  # make metrics.csv's cells too (an output of the run, not part of the records)
    ocr_units: bool = False  # a PDF's OCR pages are tasks of their own (the run's page stage sets it)


@dataclass(frozen=True, slots=True)  # slots: a run holds one for every file to process
class Task:
    """One file to process: where it is (a local path or an fsspec URL), its id, and the store key of its
    result; or one OCR page of it (`page`); or the file with its pages' OCR results (`ocr_pages`)."""

    doc_id: str
    path: str
    root: str
    key: str
    page: int = 0  # > 0: OCR this page (1-based) of the PDF, a unit of work of its own
    cwd: str = ""  # the client's working folder, which a relative `path` is read against (a Dask worker's is not)
    sha256: str = ""  # with `ocr_pages`: the bytes those results were read from
    ocr_pages: tuple[Any, ...] = ()  # the OCR results (`OcrPage`) of the pages the file's plan named


@dataclass
class PagePlanPayload(Payload):
    """Not a result yet: the file's pages `pages` need OCR; each is run as a task of its own first."""

    pages: tuple[int, ...] = ()
    sha256: str = ""  # of the bytes the plan read
    engine: str = ""  # `ocr_engine_version()` of the worker: with the bytes and page, a page result's key


@dataclass
class PagePayload(Payload):
    """One page's OCR (`OcrPage`), for the run's page stage to cache and hand to the file's task."""

    page: Any = None
    sha256: str = ""  # of the bytes the page was read from
    engine: str = ""


# --- the stages -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stage_functions() -> dict[str, Callable[..., Any]]:
    """The stage functions, imported once per process (before forking, so workers share them)."""
    from extractors.entities import extract_entities
    from extractors.facts import extract_facts, prepare
    from extractors.facts.columns import with_column_periods
    from extractors.figures import describe_tables, extract_figures
    from extractors.metrics import assign_metrics
    from pipeline.lexicon.gazetteer import load_gazetteer
    from pipeline.readers import parse_document, read_document

    prepare(load_gazetteer())  # read and index the gazetteer once, before workers fork

    return {
        "read": read_document,
        "parse": parse_document,
        "gazetteer": load_gazetteer,
        "figures": extract_figures,
        "tables": describe_tables,
        "entities": extract_entities,
        "facts": extract_facts,
        "column_periods": with_column_periods,
        "metrics": assign_metrics,
    }


WARM_UP_FILE = Path(__file__).with_name("warm_up.txt")


def warm_up(options: WorkOptions) -> None:
    """Process a short report (`warm_up.txt`) here, before the workers fork.

    The extractors compile their patterns on first use (~0.6 s of CPU): done once before the fork, every
    worker, and every worker started again after a crash or a timeout, starts with them compiled, and no
    file's --timeout pays for them. Never raises (a failure is the warm-up file's ErrorRecord, dropped)."""
    process_file(WARM_UP_FILE, WARM_UP_FILE.parent, WARM_UP_FILE.name, options)


def lexicon_for(options: WorkOptions) -> Lexicon:
    """The lexicon of the run's rule folders (loaded once per process, by the loader's cache)."""
    from pipeline.lexicon import load_lexicon

    return load_lexicon(*options.rules_dirs)


def load_taxonomy_cached(taxonomy_text: str | None, rules_dirs: tuple[str, ...] = ()) -> Taxonomy:
    """The taxonomy for `taxonomy_text` over the lexicon of `rules_dirs`, parsed once per process."""
    from pipeline.lexicon import load_taxonomy

    return load_taxonomy(taxonomy_text, lexicon_for(WorkOptions(rules_dirs=rules_dirs)))


def _with_ocr_confidence(mentions: list[Mention], document: Document) -> list[Mention]:
    """A figure read from OCR text carries its block's confidence, so a reader knows to check it."""
    blocks = [(b.start, b.end, b.confidence) for b in document.blocks if b.source == "ocr"]
    if not blocks:
        return mentions
    starts = [start for start, _, _ in blocks]
    out = []
    for mention in mentions:
        i = bisect_right(starts, mention.start) - 1
        if i >= 0 and mention.start < blocks[i][1]:
            mention = mention.model_copy(update={"ocr_confidence": blocks[i][2]})
        out.append(mention)
    return out


def _revalidated(records: Iterable[Any], model: type[BaseModel], doc_id: str) -> list[Any]:
    """Each record with doc_id set, validated at the boundary (one pass does both), so nothing unchecked
    is written. Records are not frozen: a field changed after construction would otherwise reach the output
    unchecked."""
    validate = model.__pydantic_validator__.validate_python
    out = []
    for record in records:
        if not isinstance(record, model):
            raise TypeError(f"expected {model.__name__}, got {type(record).__name__}")
        out.append(validate({**record.__dict__, "doc_id": doc_id}))
    return out


def process_file(path: Path, root: Path, doc_id: str, options: WorkOptions = WorkOptions()) -> DocResult:
    """Read and extract one file; any failure becomes an ErrorRecord, never an exception."""
    outcome = _process(str(path), str(root), doc_id, options, None)
    assert isinstance(outcome, DocResult)  # without a page source nothing is deferred
    return outcome


def _read(
    source: str, root: str, doc_id: str, options: WorkOptions, ocr_pages: PageOcrSource | None, cwd: str = ""
) -> Document:
    """The file as a Document: a local path through the read stage (against `cwd` when given, named as the
    client named it), a URL's bytes read here."""
    stages = _stage_functions()
    if is_url(source):
        data = read_source_bytes(source, doc_id, options.max_bytes)
        document: Document = stages["parse"](
            data, doc_id, source, ocr=options.ocr, ocr_timeout=options.ocr_timeout, ocr_pages=ocr_pages
        )
        return document
    document = stages["read"](
        Path(cwd, source),
        Path(cwd, root),
        max_bytes=options.max_bytes,
        ocr=options.ocr,
        ocr_timeout=options.ocr_timeout,
        ocr_pages=ocr_pages,
    )
    if cwd and document.source_path != source:
        document = document.model_copy(update={"source_path": source})
    return document


def local_source(path: str, cwd: str) -> str:
    """Where a task's file is read from: a URL as it is, a local path against the client's folder `cwd`.

    >>> local_source("../corpus/a.txt", "/srv/run"), local_source("/data/a.txt", "/srv/run")
    ('/srv/run/../corpus/a.txt', '/data/a.txt')
    >>> local_source("s3://bucket/a.pdf", "/srv/run")
    's3://bucket/a.pdf'
    """
    return path if is_url(path) or not cwd else str(Path(cwd, path))


def _process(
    source: str, root: str, doc_id: str, options: WorkOptions, ocr_pages: PageOcrSource | None, cwd: str = ""
) -> DocResult | OcrPagesNeeded:
    """`process_file`, or the pages a PDF needs OCRed first when `ocr_pages` defers them."""
    stages = _stage_functions()
    lexicon = lexicon_for(options)
    taxonomy = load_taxonomy_cached(options.taxonomy_text, options.rules_dirs)
    result = DocResult(doc_id=doc_id, source_path=source)
    stage: Stage = "read"
    clock = time.perf_counter()
    try:
        try:
            document = _read(source, root, doc_id, options, ocr_pages, cwd)
        except OcrPagesNeeded as plan:
            return plan
        result.source_path = document.source_path
        result.timings["read"] = time.perf_counter() - clock

        stage = "extract"
        text = document.text
        clock = time.perf_counter()
        tables = stages["tables"](text, document.tables, lexicon)  # headers, units and leads read once
        mentions = stages["figures"](text, lexicon, tables)
        result.timings["figures"] = time.perf_counter() - clock

        clock = time.perf_counter()
        entities = stages["entities"](text, lexicon)
        result.timings["entities"] = time.perf_counter() - clock

        clock = time.perf_counter()
        facts = stages["facts"](text, lexicon, mentions, entities, gazetteer=stages["gazetteer"]())
        if tables:  # a figure under `Năm 2023` is of 2023, whatever the document's period
            mentions = stages["column_periods"](mentions, lexicon, facts)
        result.timings["facts"] = time.perf_counter() - clock

        clock = time.perf_counter()
        mentions = stages["metrics"](mentions, text, taxonomy)
        result.timings["metrics"] = time.perf_counter() - clock
        mentions = _with_ocr_confidence(mentions, document)

        clock = time.perf_counter()
        result.document = Document.__pydantic_validator__.validate_python(
            {**document.__dict__, "facts": facts, "doc_id": doc_id, "tables": tables}
        )
        result.mentions = _revalidated(mentions, Mention, doc_id)
        result.entities = _revalidated(entities, Entity, doc_id)
        result.timings["validate"] = time.perf_counter() - clock

        clock = time.perf_counter()  # the document's part of the totals, so the parent only merges
        part = document_contribution(doc_id, text, facts, result.mentions, taxonomy)
        result.contribution = orjson.dumps(part.to_json())
        result.timings["summary"] = time.perf_counter() - clock
    except SolieuError as exc:
        result.error = error_record(doc_id, result.source_path, exc.code, exc.message, "read")
    except Exception as exc:  # a bug or a hostile input in any stage: this file fails, the batch goes on
        message = f"{stage} failed: {type(exc).__name__}: {exc}"
        result.error = error_record(doc_id, result.source_path, "E603", message, stage)
    if result.error is not None:
        result.document, result.mentions, result.entities = None, [], []
    return result


def failure_payload(
    task: Task, code: str, message: str, stage: Stage = "worker", timeout_s: float | None = None
) -> Payload:
    """The payload of a file whose worker timed out (E601) or died (E602); the message names the file."""
    return to_payload(
        DocResult(
            task.doc_id, task.path, error=error_record(task.doc_id, task.path, code, f"{task.doc_id}: {message}", stage)
        ),
        task.key,
        timeout_s,
    )


def run_task(task: Task, options: WorkOptions) -> Payload:
    """What an executor calls for each task: `process_file` then `to_payload` (or one OCR page, or a plan)."""
    if task.page:
        return run_page(task, options)
    source = None
    if task.ocr_pages:
        source = PageOcrSource(pages={page.number: page for page in task.ocr_pages}, sha256=task.sha256)
    elif options.ocr_units and options.ocr != "never":
        source = PageOcrSource()  # defer: a PDF with OCR pages answers with its plan
    result = _process(task.path, task.root, task.doc_id, options, source, task.cwd)
    if isinstance(result, OcrPagesNeeded):
        from pipeline.readers.ocr_pages import ocr_engine_version

        return PagePlanPayload(
            task.key,
            task.doc_id,
            b"",
            None,
            0,
            0,
            pages=result.pages,
            sha256=result.sha256,
            engine=ocr_engine_version(),
        )
    try:
        clock = time.perf_counter()
        payload = to_payload(result, task.key, with_csv=options.csv_rows)
        payload.timings["pack"] = time.perf_counter() - clock
        return payload
    except Exception as exc:  # serialising a record failed: still one error, not a crash
        return failure_payload(task, "E603", f"serialise failed: {type(exc).__name__}: {exc}", "extract")


def run_page(task: Task, options: WorkOptions) -> Payload:
    """One OCR page of a PDF (`task.page`): its result, or the file's read error, never an exception."""
    from pipeline.readers.ocr_options import OcrOptions
    from pipeline.readers.ocr_pages import ocr_engine_version, ocr_pdf_page

    try:
        data = read_source_bytes(local_source(task.path, task.cwd), task.doc_id, options.max_bytes)
    except SolieuError as exc:
        return to_payload(
            DocResult(
                task.doc_id, task.path, error=error_record(task.doc_id, task.path, exc.code, exc.message, "read")
            ),
            task.key,
        )
    page = ocr_pdf_page(data, task.page, OcrOptions(mode=options.ocr, timeout_s=options.ocr_timeout))  # type: ignore[arg-type]
    return PagePayload(
        task.key,
        task.doc_id,
        b"",
        None,
        0,
        0,
        timings={"ocr": page.seconds},
        page=page,
        sha256=hashlib.sha256(data).hexdigest(),
        engine=ocr_engine_version(),
    )
