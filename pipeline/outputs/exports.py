"""Exports of a finished run for other tools: `metrics.csv` again, Parquet and SQLite.

Each reads the run's JSONL files back through the one reader and writes through
the one atomic writer, so an export never leaves half a file. Parquet needs
pyarrow, an optional extra (E505 says how to get it).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from pipeline.errors import missing_extra, output_error
from pipeline.outputs.files import atomic_open, tmp_path
from pipeline.outputs.jsonl import JSONL_FILES, read_jsonl
from pipeline.outputs.rows import columns, flat_row, mention_csv_rows

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "sqlite")
SQLITE_EXPORT = "solieu.sqlite"


def require_pyarrow() -> None:
    """E505 unless pyarrow can be imported."""
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise missing_extra("Parquet export", "parquet", "pyarrow") from exc


def write_metrics_csv(out_dir: Path) -> int:
    """metrics.csv from metrics.jsonl (for `solieu export`): the same cells a run writes."""
    count = 0
    with atomic_open(out_dir / "metrics.csv", encoding="utf-8-sig", newline="") as handle:
        handle.write(mention_csv_rows([], header=True))
        for record in read_jsonl(out_dir / JSONL_FILES["metrics"]):
            handle.write(mention_csv_rows([record]))
            count += 1
    return count


def export_parquet(out_dir: Path, batch_rows: int = 5000) -> list[Path]:
    """metrics/documents/entities/errors.parquet from the JSONL outputs, written in batches."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

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
    tmp = tmp_path(target)
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
