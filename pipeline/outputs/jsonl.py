"""JSON Lines: the one reader of every JSONL file solieu reads back, and the streamed writer of a run's.

A run writes `metrics.jsonl`, `documents.jsonl`, `entities.jsonl`,
`errors.jsonl`, `tables.jsonl` (each table of each document) and `metrics.csv`
(its cells made here from the stored records) document by document in doc_id
order (`RunWriter`), so memory stays flat however many documents it holds.
Reading them back (summary, diff, review, export, eval) goes through
`read_jsonl`: a line that is not a JSON object is a coded error naming the
file and line, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from pipeline.errors import SolieuError
from pipeline.outputs.files import atomic_open
from pipeline.outputs.records import OutputChunk, Payload, unpack
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


def read_jsonl(path: Path, code: str = "E506", *, passing_over: bytes | None = None) -> Iterator[dict[str, Any]]:
    """The records of a JSONL file, one at a time; a broken line is `code` with file:line.

    `passing_over`: lines holding these bytes are not parsed nor given (a reader that wants few of the
    records names what the others contain, e.g. `tables.OUTSIDE_TABLES`)."""
    for number, line in iter_lines(path):
        if passing_over is None or passing_over not in line:
            yield parse_record(path, number, line, code)


class RunWriter:
    """The run's JSONL files (and metrics.csv), fed one result at a time in doc_id order.

    Every file is a temp file until the writer is closed without an error, then
    fsynced and moved into place together; an error (a full disk, a damaged blob:
    `records.BlobError`) discards them all. A fresh result brings its output
    bytes (`Payload.chunk`, made by its worker); a stored one is unpacked here.
    """

    def __init__(
        self, out_dir: Path, *, with_csv: bool = False, on_document: Callable[[OutputChunk, int], None] | None = None
    ) -> None:
        self.out_dir = out_dir
        self.with_csv = with_csv
        self.on_document = on_document  # called with each document's chunk and its place in documents.jsonl
        self.counts = dict.fromkeys(JSONL_FILES, 0) | {"tables": 0}
        self._stack = ExitStack()
        self._files: dict[str, IO[bytes]] = {}

    def __enter__(self) -> RunWriter:
        with ExitStack() as opening:
            for name, file in JSONL_FILES.items():
                self._files[name] = opening.enter_context(atomic_open(self.out_dir / file, "wb"))
            self._files["tables"] = opening.enter_context(atomic_open(self.out_dir / TABLES_JSONL, "wb"))
            if self.with_csv:
                self._files["csv"] = opening.enter_context(atomic_open(self.out_dir / "metrics.csv", "wb"))
                self._files["csv"].write(mention_csv_rows([], header=True).encode("utf-8-sig"))
            self._stack = opening.pop_all()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        return self._stack.__exit__(exc_type, exc, tb)

    def add(self, payload: Payload) -> None:
        """Append one result's lines to the files."""
        chunk = payload.chunk
        if chunk is None or (self.with_csv and chunk.n_mentions and not chunk.csv):
            chunk = unpack(payload.blob, with_csv=self.with_csv)
        files, counts = self._files, self.counts
        if chunk.errors:
            files["errors"].write(chunk.errors)
            counts["errors"] += 1
            return
        if chunk.documents:
            files["documents"].write(chunk.documents)
            counts["documents"] += 1
            tables = table_lines(chunk.documents.decode("utf-8"))
            files["tables"].write(tables.encode("utf-8"))
            counts["tables"] += tables.count("\n")
            if self.on_document is not None:
                self.on_document(chunk, counts["documents"] - 1)
        files["metrics"].write(chunk.metrics)
        files["entities"].write(chunk.entities)
        if self.with_csv:
            files["csv"].write(chunk.csv)
        counts["metrics"] += chunk.n_mentions
        counts["entities"] += chunk.n_entities


def write_jsonl_outputs(payloads: Iterable[Payload], out_dir: Path, *, with_csv: bool = False) -> dict[str, int]:
    """Stream stored results into metrics/documents/entities/errors/tables.jsonl (and metrics.csv); return counts."""
    with RunWriter(out_dir, with_csv=with_csv) as writer:
        for payload in payloads:
            writer.add(payload)
    return writer.counts
