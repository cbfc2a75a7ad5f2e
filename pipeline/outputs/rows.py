"""Records as flat rows: the columns of CSV, Parquet and SQLite, and the cells of `metrics.csv`.

Columns follow the pydantic models' fields, so a field added to a schema shows up
in every table format at once; nested values are JSON text, and a mixed `value`
(numbers, dates, references) gets a numeric `value_number` beside it.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from collections.abc import Iterable
from typing import Any


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


def csv_cell(value: Any) -> str:
    """A JSON value as Excel should see it: '' for null, true/false, nested values as JSON."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_names() -> list[str]:
    return [name for name, _ in columns("metrics") if name != "value_number"]


def mention_csv_rows(records: Iterable[dict[str, Any]], *, header: bool = False) -> str:
    """Mentions (as JSON dicts) as metrics.csv rows, CRLF-terminated; the header row first if asked."""
    names = csv_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(names)
    for record in records:
        writer.writerow([csv_cell(record.get(name)) for name in names])
    return buffer.getvalue()
