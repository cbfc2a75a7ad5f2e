"""Output files, each written to a temp file and `os.replace`d: a reader never sees half a file.

JSONL files are streamed from the store in doc_id order, so memory stays flat
however many documents a run holds. `metrics.csv` is UTF-8 with a BOM and CRLF
line ends because that is what makes Excel show Vietnamese correctly. Parquet
(pyarrow, an optional extra) and SQLite exports read the JSONL files back.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import types
import typing
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

from pipeline.store import output_error
from pipeline.work import Payload

JSONL_FILES = {
    "metrics": "metrics.jsonl",
    "documents": "documents.jsonl",
    "entities": "entities.jsonl",
    "errors": "errors.jsonl",
}
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "sqlite")
SQLITE_EXPORT = "solieu.sqlite"


class MissingExtra(Exception):
    """An optional dependency (pyarrow) is not installed; `str()` says how to get it."""


@contextmanager
def atomic_open(path: Path, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = "\n") -> Iterator[IO[Any]]:
    """Open a temp file next to `path`; on success fsync it and move it onto `path`."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    handle: IO[Any] | None = None
    try:
        text_args = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        handle = open(tmp, mode, **text_args)  # noqa: SIM115 - closed below, before the replace
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(tmp, path)
    except OSError as exc:
        _discard(handle, tmp)
        raise output_error(exc, path) from exc
    except BaseException:
        _discard(handle, tmp)
        raise


def _discard(handle: IO[Any] | None, tmp: Path) -> None:
    try:
        if handle is not None and not handle.closed:
            handle.close()
    except OSError:
        pass
    tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """Write a small text file atomically."""
    with atomic_open(path) as handle:
        handle.write(text)


def write_model_json(path: Path, model: Any) -> None:
    """Write one pydantic model as indented JSON, atomically."""
    write_text(path, model.model_dump_json(indent=2) + "\n")


def write_jsonl_outputs(payloads: Iterable[Payload], out_dir: Path, *, with_csv: bool = False) -> dict[str, int]:
    """Stream stored results into metrics/documents/entities/errors.jsonl (and metrics.csv); return counts."""
    counts = dict.fromkeys(JSONL_FILES, 0)
    with ExitStack() as stack:
        files = {name: stack.enter_context(atomic_open(out_dir / file)) for name, file in JSONL_FILES.items()}
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
            files["metrics"].write(payload.mentions_jsonl)
            if with_csv:
                files["csv"].write(payload.mentions_csv)
            files["entities"].write(payload.entities_jsonl)
            counts["metrics"] += payload.n_mentions
            counts["entities"] += payload.n_entities
    return counts


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSONL file, one at a time."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


# --- flat rows for CSV, Parquet and SQLite --------------------------------------------------------


def _models() -> dict[str, type]:
    from schemas import Document, Entity, ErrorRecord, Mention

    return {"metrics": Mention, "documents": Document, "entities": Entity, "errors": ErrorRecord}


def _column_type(annotation: Any) -> str:
    """'int', 'float', 'bool', 'str' or 'json' (anything nested or mixed) for a field annotation."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _column_type(args[0]) if len(args) == 1 else "json"
    if origin is typing.Literal:
        return "str"
    return {int: "int", float: "float", bool: "bool", str: "str"}.get(annotation, "json")


def columns(kind: str) -> list[tuple[str, str]]:
    """(name, type) of the flat columns of one output kind; a mixed `value` adds `value_number`."""
    cols: list[tuple[str, str]] = []
    for name, info in _models()[kind].model_fields.items():
        if kind == "metrics" and name == "value":
            cols += [("value", "str"), ("value_number", "float")]
        else:
            cols.append((name, _column_type(info.annotation)))
    return cols


def flat_row(record: dict[str, Any], cols: list[tuple[str, str]]) -> list[Any]:
    """One record as a list of scalars matching `cols` (nested values as JSON text)."""
    row: list[Any] = []
    for name, kind in cols:
        if name == "value_number":
            value = record.get("value")
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            row.append(float(value) if is_number else None)
            continue
        value = record.get(name)
        if value is None:
            row.append(None)
        elif kind == "json":
            row.append(json.dumps(value, ensure_ascii=False))
        elif name == "value" and not isinstance(value, str):
            row.append(json.dumps(value))
        else:
            row.append(value)
    return row


def _csv_cell(value: Any) -> str:
    """A JSON value as Excel should see it: '' for null, true/false, nested values as JSON."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv_names() -> list[str]:
    return [name for name, _ in columns("metrics") if name != "value_number"]


def mention_csv_rows(records: Iterable[dict[str, Any]], *, header: bool = False) -> str:
    """Mentions (as JSON dicts) as metrics.csv rows, CRLF-terminated; the header row first if asked."""
    names = _csv_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(names)
    for record in records:
        writer.writerow([_csv_cell(record.get(name)) for name in names])
    return buffer.getvalue()


def write_metrics_csv(out_dir: Path) -> int:
    """metrics.csv from metrics.jsonl (for `solieu export`): UTF-8 with BOM, CRLF, one Mention per row."""
    names = _csv_names()
    count = 0
    with atomic_open(out_dir / "metrics.csv", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(names)
        for record in read_jsonl(out_dir / JSONL_FILES["metrics"]):
            writer.writerow([_csv_cell(record.get(name)) for name in names])
            count += 1
    return count


def export_parquet(out_dir: Path, batch_rows: int = 5000) -> list[Path]:
    """metrics/documents/entities/errors.parquet from the JSONL outputs, written in batches."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingExtra("Parquet export needs pyarrow: pip install 'solieu[parquet]'") from exc

    arrow_types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(),
                   "json": pa.string()}
    written = []
    for kind, file in JSONL_FILES.items():
        cols = columns(kind)
        schema = pa.schema([(name, arrow_types[t]) for name, t in cols])
        target = out_dir / f"{kind}.parquet"
        with atomic_open(target, "wb") as handle:
            writer = pq.ParquetWriter(handle, schema)
            rows: list[list[Any]] = []
            batches = 0
            for record in read_jsonl(out_dir / file):
                rows.append(flat_row(record, cols))
                if len(rows) >= batch_rows:
                    writer.write_table(_table(pa, schema, rows))
                    rows, batches = [], batches + 1
            if rows or not batches:  # an empty output still gets a file with its schema
                writer.write_table(_table(pa, schema, rows))
            writer.close()
        written.append(target)
    return written


def _table(pa: Any, schema: Any, rows: list[list[Any]]) -> Any:
    columns_data = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(list(col), type=field.type) for col, field in zip(columns_data, schema, strict=True)],
        schema=schema,
    )


def export_sqlite(out_dir: Path) -> Path:
    """solieu.sqlite: one table per output kind, nested fields as JSON text."""
    target = out_dir / SQLITE_EXPORT
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    sql_types = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER", "str": "TEXT", "json": "TEXT"}
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        try:
            for kind, file in JSONL_FILES.items():
                cols = columns(kind)
                db.execute(f"CREATE TABLE {kind} ({', '.join(f'{n} {sql_types[t]}' for n, t in cols)})")
                marks = ", ".join("?" * len(cols))
                db.executemany(f"INSERT INTO {kind} VALUES ({marks})",
                               (flat_row(r, cols) for r in read_jsonl(out_dir / file)))
            db.execute("CREATE INDEX metrics_doc ON metrics (doc_id)")
            db.execute("CREATE INDEX entities_doc ON entities (doc_id)")
            db.commit()
        finally:
            db.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise output_error(exc, target) from exc
    return target
