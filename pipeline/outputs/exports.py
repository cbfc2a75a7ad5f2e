"""Exports of a finished run for other tools: `metrics.csv` again, Parquet, SQLite and XLSX.

Each reads the run's JSONL files back through the one reader (a broken line is
E506 naming the file and line) and writes through a temp file moved into place,
so an export never leaves half a file. Parquet needs pyarrow, an optional extra
(E505 says how to get it).

* CSV: `tables_tidy.csv` beside `metrics.csv`, the same long form as the SQLite
  table (UTF-8 with a BOM, formulas guarded).
* Parquet: one file per record kind and `tables_tidy.parquet`, columns typed from the pydantic models:
  lists and nested models are native `list<…>` and `struct<…>` columns
  (`titles: list<string>`, `blocks: list<struct<kind, start, end, page…>>`,
  `facts: struct<title, issuer, period…>`), so pandas and DuckDB see them as
  lists and structs, not JSON strings.
* SQLite: the four record tables with keys (`documents.doc_id` is the primary
  key; figures, entities and errors get an `id INTEGER PRIMARY KEY` in file
  order, and figures and entities reference `documents (doc_id)`), the summary
  (`summary`, one row per total, and `summary_mentions`, the figures behind
  each, from summary.json), the tables' tidy long form (`tables_tidy`: one row
  per figure read from a table's figure column, with its row header, row lead,
  column path and role), indexes on doc_id, metric, unit and
  period, and views to query at once: `figures` (each figure with its
  document's facts: title, issuer, period…), `people` (each person with their
  titles and document title), `people_titles` (one row per title),
  `document_list` (facts as columns, figure counts), `summary_totals`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import types
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError, missing_extra, output_error
from pipeline.outputs.files import atomic_open, tmp_path
from pipeline.outputs.jsonl import JSONL_FILES, read_jsonl
from pipeline.outputs.rows import (
    columns,
    csv_cell,
    fact_columns,
    flat_row,
    mention_csv_rows,
    record_models,
    value_number,
    value_text,
)
from pipeline.outputs.tables import OUTSIDE_TABLES, TIDY_COLUMNS, TIDY_NAME, tidy_flat_rows

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "sqlite", "xlsx")
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


def tidy_table_rows(out_dir: Path) -> Iterator[list[Any]]:
    """The tidy long form of the run's tables, as flat rows matching TIDY_COLUMNS (from metrics.jsonl; the
    figures read outside tables, most of them, are passed over unparsed)."""
    return tidy_flat_rows(read_jsonl(out_dir / JSONL_FILES["metrics"], passing_over=OUTSIDE_TABLES))


def write_tidy_csv(out_dir: Path) -> int:
    """tables_tidy.csv: one row per figure read from a table's figure column; returns the rows written."""
    import csv

    count = 0
    with atomic_open(out_dir / f"{TIDY_NAME}.csv", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([name for name, _ in TIDY_COLUMNS])
        for row in tidy_table_rows(out_dir):
            writer.writerow([csv_cell(v) for v in row])
            count += 1
    return count


def read_summary(out_dir: Path) -> dict[str, Any] | None:
    """summary.json of a run folder as a dict; None when absent; E506 when it is not JSON."""
    path = out_dir / "summary.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SolieuError("E506", f"{path}: not a readable summary ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rows", []), list):
        raise SolieuError("E506", f"{path}: a summary is a JSON object with a `rows` list")
    return data


# ---------------------------------------------------------------- Parquet


def _arrow_type(pa: Any, annotation: Any) -> Any:
    """The Arrow type of a pydantic field: scalars as such, lists as list<…>, models as struct<…>."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return _arrow_type(pa, args[0]) if len(args) == 1 else pa.string()
    if origin is typing.Literal:
        return pa.string()
    if origin is list:
        return pa.list_(_arrow_type(pa, args[0]))
    if origin is dict:
        return pa.string()  # free-form maps stay JSON text
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return pa.struct([(n, _arrow_type(pa, f.annotation)) for n, f in annotation.model_fields.items()])
    return {int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string()}.get(annotation, pa.string())


def arrow_schema(kind: str) -> Any:
    """The Parquet schema of one record kind (a figure's mixed `value` as value/value_number/value_text)."""
    import pyarrow as pa

    fields = []
    for name, info in record_models()[kind].model_fields.items():
        if kind == "metrics" and name == "value":
            fields += [("value", pa.string()), ("value_number", pa.float64()), ("value_text", pa.string())]
        else:
            fields.append((name, _arrow_type(pa, info.annotation)))
    return pa.schema(fields)


def _arrow_row(record: dict[str, Any], text_fields: frozenset[str]) -> dict[str, Any]:
    """One record as its Arrow columns want it: a figure's mixed `value` split, free-form maps as JSON text."""
    row = {}
    for name, value in record.items():
        row[name] = (
            json.dumps(value, ensure_ascii=False) if name in text_fields and isinstance(value, dict | list) else value
        )
    if "kind" in record and "value" in record:  # a figure: its value as text, number, or date/reference
        value = record["value"]
        number = value_number(value)
        row["value"] = value if isinstance(value, str) or value is None else json.dumps(value)
        row["value_number"] = float(number) if number is not None else None
        row["value_text"] = value_text(value)
    return row


def export_parquet(out_dir: Path, batch_rows: int = 5000) -> list[Path]:
    """metrics/documents/entities/errors.parquet from the JSONL outputs, written in batches."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = []
    for kind, file in JSONL_FILES.items():
        schema = arrow_schema(kind)
        text_fields = frozenset(f.name for f in schema if f.type == pa.string())
        target = out_dir / f"{kind}.parquet"
        with atomic_open(target, "wb") as handle:
            writer = pq.ParquetWriter(handle, schema)
            try:
                rows: list[dict[str, Any]] = []
                batches = 0
                for record in read_jsonl(out_dir / file):
                    rows.append(_arrow_row(record, text_fields))
                    if len(rows) >= batch_rows:
                        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                        rows, batches = [], batches + 1
                if rows or not batches:  # an empty output still gets a file with its schema
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            finally:
                writer.close()  # also on a broken line: no "write to closed file" from its finaliser
        written.append(target)
    written.append(_tidy_parquet(out_dir, batch_rows))
    return written


def _tidy_parquet(out_dir: Path, batch_rows: int) -> Path:
    """tables_tidy.parquet, typed from TIDY_COLUMNS."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string(), "json": pa.string()}
    schema = pa.schema([(name, arrow[kind]) for name, kind in TIDY_COLUMNS])
    names = [name for name, _ in TIDY_COLUMNS]
    target = out_dir / f"{TIDY_NAME}.parquet"
    with atomic_open(target, "wb") as handle:
        writer = pq.ParquetWriter(handle, schema)
        try:
            rows: list[dict[str, Any]] = []
            for flat in tidy_table_rows(out_dir):
                rows.append(dict(zip(names, flat, strict=True)))
                if len(rows) >= batch_rows:
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    rows = []
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        finally:
            writer.close()
    return target


# ---------------------------------------------------------------- SQLite

_SQL_TYPES = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER", "str": "TEXT", "json": "TEXT"}


def _views() -> str:
    """The views, with one column per document fact, nested facts flattened (`reporting_unit_name`,
    `period_value`), so a fact added to the schema shows up here too."""
    facts = fact_columns()
    doc_cols = ", ".join(f"json_extract(d.facts, '$.{'.'.join(p)}') AS {_q('document_' + n)}" for n, p in facts)
    plain = ", ".join(f"json_extract(facts, '$.{'.'.join(p)}') AS {_q(n)}" for n, p in facts)
    return f"""
CREATE VIEW figures AS
SELECT m.id, m.doc_id, {doc_cols},
       m.kind, m.value, m.value_number, m.value_text, m.unit, m.qualifier, m.metric, m.role, m.per,
       m.text, m.start, m."end", m.sentence
FROM metrics AS m LEFT JOIN documents AS d ON d.doc_id = m.doc_id;

CREATE VIEW people AS
SELECT e.id, e.doc_id, json_extract(d.facts, '$.title') AS document_title, e.name, e.text,
       (SELECT group_concat(t.value, '; ') FROM json_each(e.titles) AS t) AS titles, e.role, e.start, e."end",
       e.sentence
FROM entities AS e LEFT JOIN documents AS d ON d.doc_id = e.doc_id
WHERE e.type = 'PER';

CREATE VIEW people_titles AS
SELECT e.id AS person_id, e.doc_id, e.name, t.value AS title
FROM entities AS e, json_each(e.titles) AS t
WHERE e.type = 'PER';

CREATE VIEW document_list AS
SELECT doc_id, format, size_bytes, pages, {plain},
       (SELECT count(*) FROM metrics AS m WHERE m.doc_id = documents.doc_id) AS n_figures,
       (SELECT count(*) FROM entities AS e WHERE e.doc_id = documents.doc_id) AS n_entities
FROM documents;
"""


def _q(name: str) -> str:
    """A column name quoted for SQL (`end`, `table` and `row` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def _create_record_table(db: sqlite3.Connection, kind: str, cols: list[tuple[str, str]]) -> None:
    """documents keyed by doc_id; figures, entities and errors by a rowid `id` in the files' order."""
    defs = [f"{_q(n)} {_SQL_TYPES[t]}" for n, t in cols]
    if kind == "documents":
        defs[0] = f"{_q('doc_id')} TEXT PRIMARY KEY"
    else:
        defs.insert(0, "id INTEGER PRIMARY KEY")
        if kind in ("metrics", "entities"):  # a failed file (errors) has no document row
            defs = [
                f"{_q('doc_id')} TEXT NOT NULL REFERENCES documents (doc_id)" if d.startswith('"doc_id"') else d
                for d in defs
            ]
    db.execute(f"CREATE TABLE {kind} ({', '.join(defs)})")


def _plain_row(record: dict[str, Any], cols: list[tuple[str, str]]) -> list[Any]:
    """A record's fields as they are (nested values as JSON text), for tables without a mixed `value`."""
    return [json.dumps(v, ensure_ascii=False) if isinstance(v := record.get(n), dict | list) else v for n, _ in cols]


def _insert_records(
    db: sqlite3.Connection, kind: str, cols: list[tuple[str, str]], records: Iterable[dict[str, Any]]
) -> None:
    names = ", ".join(_q(n) for n, _ in cols)
    marks = ", ".join("?" * len(cols))
    to_row = flat_row if kind in JSONL_FILES else _plain_row
    try:
        db.executemany(f"INSERT INTO {kind} ({names}) VALUES ({marks})", (to_row(r, cols) for r in records))
    except sqlite3.IntegrityError as exc:  # the same doc_id twice in documents.jsonl: not a run's file
        raise SolieuError("E506", f"{kind}.jsonl: {exc}") from exc


def summary_columns(rows: list[dict[str, Any]]) -> list[str]:
    """The scalar fields of summary rows in order of first appearance (`mentions` goes to its own table)."""
    names: dict[str, None] = {}
    for row in rows:
        for name in row:
            if name != "mentions":
                names.setdefault(name, None)
    return list(names)


def _cell(value: Any) -> Any:
    """A summary field as one SQLite value: scalars as such, a typed value by its label, else JSON text."""
    if isinstance(value, dict):
        return value.get("label") if isinstance(value.get("label"), str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _insert_summary(db: sqlite3.Connection, summary: dict[str, Any] | None) -> None:
    rows = [r for r in (summary or {}).get("rows", []) if isinstance(r, dict)]
    names = summary_columns(rows) or [
        "metric",
        "label",
        "kind",
        "unit",
        "reporting_unit",
        "period",
        "total",
        "bound",
        "n_mentions",
        "n_documents",
    ]
    db.execute(f"CREATE TABLE summary (id INTEGER PRIMARY KEY, {', '.join(_q(n) for n in names)})")
    db.execute(
        "CREATE TABLE summary_mentions (summary_id INTEGER NOT NULL REFERENCES summary (id), "
        'doc_id TEXT NOT NULL, start INTEGER, "end" INTEGER, value REAL, '
        "qualifier TEXT)"
    )
    marks = ", ".join("?" * (len(names) + 1))
    for number, row in enumerate(rows, 1):
        db.execute(
            f"INSERT INTO summary (id, {', '.join(_q(n) for n in names)}) VALUES ({marks})",
            [number, *(_cell(row.get(n)) for n in names)],
        )
        refs = []
        for ref in row.get("mentions") or []:
            if isinstance(ref, dict):
                refs.append(
                    (
                        number,
                        ref.get("doc_id"),
                        ref.get("start"),
                        ref.get("end"),
                        ref.get("value"),
                        ref.get("qualifier"),
                    )
                )
        db.executemany("INSERT INTO summary_mentions VALUES (?, ?, ?, ?, ?, ?)", refs)
    meta = {k: v for k, v in (summary or {}).items() if k != "rows"}
    db.execute("CREATE TABLE summary_info (name TEXT PRIMARY KEY, value TEXT)")
    db.executemany(
        "INSERT INTO summary_info VALUES (?, ?)",
        [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
    )
    index_on = [n for n in ("metric", "reporting_unit", "unit", "period") if n in names]
    for name in index_on:
        db.execute(f"CREATE INDEX summary_{name} ON summary ({_q(name)})")
    db.execute("CREATE INDEX summary_mentions_summary ON summary_mentions (summary_id)")
    db.execute("CREATE INDEX summary_mentions_doc ON summary_mentions (doc_id)")
    db.execute("""CREATE VIEW summary_totals AS
        SELECT s.*, (SELECT count(*) FROM summary_mentions AS r WHERE r.summary_id = s.id) AS figures_behind
        FROM summary AS s""")


def export_sqlite(out_dir: Path) -> Path:
    """solieu.sqlite: the records with keys and indexes, the summary, and views to query at once."""
    target = out_dir / SQLITE_EXPORT
    tmp = tmp_path(target)
    summary = read_summary(out_dir)
    try:
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a temp file, moved into place only when complete
            db.execute("PRAGMA synchronous = OFF")
            for kind, file in JSONL_FILES.items():
                cols = columns(kind)
                _create_record_table(db, kind, cols)
                _insert_records(db, kind, cols, read_jsonl(out_dir / file))
            db.execute(
                f"CREATE TABLE {TIDY_NAME} (id INTEGER PRIMARY KEY, "
                f"{', '.join(f'{_q(n)} {_SQL_TYPES[t]}' for n, t in TIDY_COLUMNS)})"
            )
            names = ", ".join(_q(n) for n, _ in TIDY_COLUMNS)
            db.executemany(
                f"INSERT INTO {TIDY_NAME} ({names}) VALUES ({', '.join('?' * len(TIDY_COLUMNS))})",
                tidy_table_rows(out_dir),
            )
            _insert_summary(db, summary)
            for table, column in (
                ("metrics", "doc_id, start"),
                ("metrics", "metric"),
                ("metrics", "unit"),
                ("metrics", "kind"),
                ("entities", "doc_id, start"),
                ("entities", "type"),
                ("errors", "doc_id"),
                (TIDY_NAME, "doc_id"),
            ):
                name = f"{table}_{column.split(',')[0]}"
                db.execute(f"CREATE INDEX {name} ON {table} ({column})")
            db.execute("CREATE INDEX documents_period ON documents (json_extract(facts, '$.period.value'))")
            db.executescript(_views())
            db.commit()
            db.execute("PRAGMA optimize")
        finally:
            db.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise output_error(exc, target) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def export_xlsx(out_dir: Path) -> Path:
    """solieu.xlsx (see `pipeline.outputs.xlsx`)."""
    from pipeline.outputs.xlsx import write_workbook

    return write_workbook(out_dir)
