"""One file's records: as validated models (`DocResult`) and serialised once (`Payload`).

A `Payload` is what a worker sends back and what the store keeps: JSON text in
the models' field order, ready to be streamed into the output files, so the
parent never validates or dumps a record again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pipeline.errors import CODES
from pipeline.outputs.rows import mention_csv_rows
from schemas import Document, Entity, ErrorRecord, Mention


@dataclass
class DocResult:
    """A file's records as models; exactly one of `document` and `error` is set."""

    doc_id: str
    source_path: str
    document: Document | None = None
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    error: ErrorRecord | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Payload:
    """A file's records serialised (JSON, stable key order): what the store keeps."""

    key: str
    doc_id: str
    document_json: str | None
    mentions_jsonl: str
    entities_jsonl: str
    error_json: str | None
    timings: dict[str, float]
    n_mentions: int
    n_entities: int
    mentions_csv: str = ""  # the mentions as metrics.csv rows, made here so workers share the cost

    @property
    def error_code(self) -> str | None:
        return json.loads(self.error_json)["code"] if self.error_json else None


Stage = Literal["read", "extract", "write", "worker"]


def error_record(doc_id: str, source_path: str, code: str, message: str, stage: Stage = "read") -> ErrorRecord:
    """An ErrorRecord for `code`, its message kept to one line."""
    one_line = " ".join(str(message).split())[:500] or CODES[code]
    return ErrorRecord(
        doc_id=doc_id, source_path=source_path, code=code, error=CODES[code], message=one_line, stage=stage,
    )


def _jsonl(records: Iterable[Any]) -> str:
    return "".join(record.model_dump_json() + "\n" for record in records)


def to_payload(result: DocResult, key: str) -> Payload:
    """Serialise a DocResult; JSON key order follows the model's field order."""
    return Payload(
        key=key,
        doc_id=result.doc_id,
        document_json=result.document.model_dump_json() if result.document else None,
        mentions_jsonl=_jsonl(result.mentions),
        entities_jsonl=_jsonl(result.entities),
        error_json=result.error.model_dump_json() if result.error else None,
        timings=result.timings,
        n_mentions=len(result.mentions),
        n_entities=len(result.entities),
        mentions_csv=mention_csv_rows(m.model_dump(mode="json") for m in result.mentions),
    )
