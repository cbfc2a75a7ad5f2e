"""JSON Lines: the one reader of every JSONL file solieu reads back, and the streamed writer of a run's.

A run writes `metrics.jsonl`, `documents.jsonl`, `entities.jsonl`,
`errors.jsonl` and `tables.jsonl` (each table of each document) from the
store in doc_id order, so memory stays flat however many documents it holds.
Reading them back (summary, diff, review, export, eval) goes through
`read_jsonl`: a line that is not a JSON object is a coded error naming the
file and line, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError
from pipeline.outputs.files import atomic_open
from pipeline.outputs.records import Payload
from pipeline.outputs.rows import mention_csv_rows
from pipeline.outputs.tables import TABLES_JSONL, table_lines

JSONL_FILES = {
    "metrics": "metrics.jsonl",
    "documents": "documents.jsonl",
    "entities": "entities.jsonl",
    "errors": "errors.jsonl",
}


def iter_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, stripped bytes) of each non-blank line; nothing when the file is absent."""
    if not path.is_file():
        return
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, 1):
                line = raw.strip()
                if line:
                    yield number, line
    except OSError as exc:
        raise SolieuError("E506", f"cannot read {path}: {exc.strerror or exc}") from exc


def parse_record(path: Path, number: int, line: bytes | str, code: str = "E506") -> dict[str, Any]:
    """One line as a JSON object, or `code` naming the file and line."""
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SolieuError(code, f"{path}:{number}: not a JSON line ({exc})") from exc
    if not isinstance(record, dict):
        raise SolieuError(code, f"{path}:{number}: a JSON {type(record).__name__}, not an object")
    return record


def read_jsonl(path: Path, code: str = "E506") -> Iterator[dict[str, Any]]:
    """The records of a JSONL file, one at a time; a broken line is `code` with file:line."""
    for number, line in iter_lines(path):
        yield parse_record(path, number, line, code)


def write_jsonl_outputs(payloads: Iterable[Payload], out_dir: Path, *, with_csv: bool = False) -> dict[str, int]:
    """Stream stored results into metrics/documents/entities/errors/tables.jsonl (and metrics.csv); return counts."""
    counts = dict.fromkeys(JSONL_FILES, 0) | {"tables": 0}
    with ExitStack() as stack:
        files = {name: stack.enter_context(atomic_open(out_dir / file)) for name, file in JSONL_FILES.items()}
        files["tables"] = stack.enter_context(atomic_open(out_dir / TABLES_JSONL))
        if with_csv:
            files["csv"] = stack.enter_context(atomic_open(out_dir / "metrics.csv", encoding="utf-8-sig",
                                                           newline=""))
            files["csv"].write(mention_csv_rows([], header=True))
        for payload in payloads:
            if payload.error_json is not None:
                files["errors"].write(payload.error_json + "\n")
                counts["errors"] += 1
                continue
            if payload.document_json is not None:
                files["documents"].write(payload.document_json + "\n")
                counts["documents"] += 1
                tables = table_lines(payload.document_json)
                files["tables"].write(tables)
                counts["tables"] += tables.count("\n")
            files["metrics"].write(payload.mentions_jsonl)
            if with_csv:
                files["csv"].write(payload.mentions_csv)
            files["entities"].write(payload.entities_jsonl)
            counts["metrics"] += payload.n_mentions
            counts["entities"] += payload.n_entities
    return counts
