"""The unit of work: one file's bytes plus the rules in, its records out.

`process_file` is a pure function of (file bytes, rules, options): it never
touches the store, the output folder or the clock beyond timing itself, and it
never raises. Executors (`pipeline.run.executors`, or a Dask executor) call
`run_task`, which returns a `Payload` of plain strings, cheap to pickle across
processes and ready to store.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError
from pipeline.outputs.records import DocResult, Payload, error_record, to_payload
from schemas import Document, Entity, Mention

STAGES = ("read", "figures", "entities", "facts", "metrics")


@dataclass(frozen=True)
class WorkOptions:
    """What, besides the file and the rules, decides a file's records."""

    max_bytes: int = 20_000_000
    taxonomy_text: str | None = None
    ocr: str = "auto"  # PDF pages without a real text layer: "auto" OCRs them, "always" every page, "never"
    ocr_timeout: float = 120.0  # seconds of OCR for one page


@dataclass(frozen=True)
class Task:
    """One file to process: where it is, its id, and the store key of its result."""

    doc_id: str
    path: str
    root: str
    key: str


# --- the stages -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stage_functions() -> dict[str, Callable[..., Any]]:
    """The stage functions, imported once per process (before forking, so workers share them)."""
    from extractors.entities import extract_entities
    from extractors.facts import extract_facts
    from extractors.figures import extract_figures
    from extractors.metrics import assign_metrics, load_taxonomy
    from pipeline.readers import read_document

    return {"read": read_document, "figures": extract_figures, "entities": extract_entities,
            "facts": extract_facts, "metrics": assign_metrics, "load_taxonomy": load_taxonomy}


@lru_cache(maxsize=4)
def load_taxonomy_cached(taxonomy_text: str | None) -> Any:
    """The taxonomy for `taxonomy_text`, parsed once per process."""
    return _stage_functions()["load_taxonomy"](taxonomy_text)


def _revalidated(records: Iterable[Any], model: type, doc_id: str) -> list[Any]:
    """Each record with doc_id set, validated again (one pass does both), so nothing unchecked is written.

    Records are not frozen: a field changed after construction would otherwise reach the output unchecked.
    """
    out = []
    for record in records:
        if not isinstance(record, model):
            raise TypeError(f"expected {model.__name__}, got {type(record).__name__}")
        out.append(model.model_validate({**record.__dict__, "doc_id": doc_id}))
    return out


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


def process_file(path: Path, root: Path, doc_id: str, options: WorkOptions = WorkOptions()) -> DocResult:
    """Read and extract one file; any failure becomes an ErrorRecord, never an exception."""
    stages = _stage_functions()
    result = DocResult(doc_id=doc_id, source_path=str(path))
    stage = "read"
    clock = time.perf_counter()
    try:
        document = stages["read"](path, root, max_bytes=options.max_bytes, ocr=options.ocr,
                                  ocr_timeout=options.ocr_timeout)
        result.source_path = document.source_path
        result.timings["read"] = time.perf_counter() - clock

        stage = "extract"
        text = document.text
        clock = time.perf_counter()
        mentions = stages["figures"](text)
        result.timings["figures"] = time.perf_counter() - clock

        clock = time.perf_counter()
        entities = stages["entities"](text)
        result.timings["entities"] = time.perf_counter() - clock

        clock = time.perf_counter()
        document = document.model_copy(update={"facts": stages["facts"](text, mentions, entities)})
        result.timings["facts"] = time.perf_counter() - clock

        clock = time.perf_counter()
        mentions = stages["metrics"](mentions, text, load_taxonomy_cached(options.taxonomy_text))
        result.timings["metrics"] = time.perf_counter() - clock
        mentions = _with_ocr_confidence(mentions, document)

        result.document = Document.model_validate({**document.__dict__, "doc_id": doc_id})
        result.mentions = _revalidated(mentions, Mention, doc_id)
        result.entities = _revalidated(entities, Entity, doc_id)
    except SolieuError as exc:
        result.error = error_record(doc_id, result.source_path, exc.code, exc.message, "read")
    except Exception as exc:  # a bug or a hostile input in any stage: this file fails, the batch goes on
        message = f"{stage} failed: {type(exc).__name__}: {exc}"
        result.error = error_record(doc_id, result.source_path, "E603", message, stage)
    if result.error is not None:
        result.document, result.mentions, result.entities = None, [], []
    return result


def failure_payload(task: Task, code: str, message: str, stage: str = "worker") -> Payload:
    """The payload of a file whose worker timed out (E601) or died (E602)."""
    return to_payload(DocResult(task.doc_id, task.path, error=error_record(
        task.doc_id, task.path, code, message, stage)), task.key)


def run_task(task: Task, options: WorkOptions) -> Payload:
    """What a scheduler calls for each file: `process_file` then `to_payload`."""
    result = process_file(Path(task.path), Path(task.root), task.doc_id, options)
    try:
        return to_payload(result, task.key)
    except Exception as exc:  # serialising a record failed: still one error, not a crash
        return failure_payload(task, "E603", f"serialise failed: {type(exc).__name__}: {exc}", "extract")
