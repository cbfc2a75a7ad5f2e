"""Records as flat rows: the columns of CSV, Parquet and SQLite, and the cells of `metrics.csv`.

Columns follow the pydantic models' fields, so a field added to a schema shows up
in every table format at once. A figure's `value` mixes numbers, dates and
references, so beside it come `value_number` (the number, else empty) and
`value_text` (the date or reference, else empty): a spreadsheet sums the one and
filters the other without parsing.

Text cells are guarded against formula injection (the OWASP CSV rule): a cell
that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
`'`, so Excel or LibreOffice shows it as text instead of running it. Numbers are
never guarded: `-2.5` in a numeric column stays a number.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import types
import typing
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def record_models() -> dict[str, type[BaseModel]]:
    from schemas import Document, Entity, ErrorRecord, Mention

    return {"metrics": Mention, "documents": Document, "entities": Entity, "errors": ErrorRecord}


def column_type(annotation: Any) -> str:
    """'int', 'float', 'bool', 'str' or 'json' (anything nested or mixed) for a field annotation."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return column_type(args[0]) if len(args) == 1 else "json"
    if origin is typing.Literal:
        return "str"
    return {int: "int", float: "float", bool: "bool", str: "str"}.get(annotation, "json")


def columns(kind: str) -> list[tuple[str, str]]:
    """(name, type) of the flat columns of one output kind; a figure's `value` adds `value_number`, `value_text`."""
    cols: list[tuple[str, str]] = []
    for name, info in record_models()[kind].model_fields.items():
        if kind == "metrics" and name == "value":
            cols += [("value", "str"), ("value_number", "float"), ("value_text", "str")]
        else:
            cols.append((name, column_type(info.annotation)))
    return cols


def is_number(value: Any) -> bool:
    """A JSON number (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def value_number(value: Any) -> float | int | None:
    """A figure's value when it is a number."""
    return value if is_number(value) else None


def value_text(value: Any) -> str | None:
    """A figure's value when it is not a number: a date (`2022-01-07`) or a reference (`120-KL/TW`)."""
    if value is None or is_number(value):
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def guard_formula(text: str) -> str:
    """`text` as a spreadsheet must show it: a leading `'` when it would start a formula.

    >>> guard_formula("=HYPERLINK(\\"http://x\\")"), guard_formula("- Tổ chức 35 hội nghị"), guard_formula("35")
    ('\\'=HYPERLINK("http://x")', "'- Tổ chức 35 hội nghị", '35')
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def flat_row(record: dict[str, Any], cols: list[tuple[str, str]]) -> list[Any]:
    """One record as a list of scalars matching `cols` (nested values as JSON text)."""
    row: list[Any] = []
    for name, kind in cols:
        if name == "value_number":
            number = value_number(record.get("value"))
            row.append(float(number) if number is not None else None)
            continue
        if name == "value_text":
            row.append(value_text(record.get("value")))
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
    """A JSON value as Excel should see it: '' for null, true/false, nested values as JSON, text guarded.

    >>> csv_cell(-2.5), csv_cell("-2.5"), csv_cell(None), csv_cell(["=1+1"])
    ('-2.5', "'-2.5", '', '["=1+1"]')
    """
    if type(value) is str:  # most cells: guarded as they are (`str()` of a str is itself)
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)  # starts with [ or {: never a formula
    if is_number(value):
        return str(value)
    return guard_formula(str(value))


def csv_names() -> list[str]:
    """The header of metrics.csv: the Mention fields, `value_number` and `value_text` right after `value`."""
    return list(_csv_names())


@functools.cache
def _csv_names() -> tuple[str, ...]:
    """`csv_names`, read off the schema once: every document's rows are cut to it."""
    return tuple(name for name, _ in columns("metrics"))


def mention_csv_row(record: dict[str, Any], names: Sequence[str]) -> list[str]:
    """One figure's cells in the order of `names`."""
    get = record.get
    # csv_cell, with its commonest cases written out (a row has ~33 cells): null, text, an int
    cells = [
        ""
        if value is None
        else ("'" + value if value.startswith(FORMULA_TRIGGERS) else value)
        if type(value) is str
        else str(value)
        if type(value) is int
        else csv_cell(value)
        for value in map(get, names)
    ]
    number_at, text_at = _value_columns(tuple(names))
    if number_at is not None or text_at is not None:
        value = get("value")
        if number_at is not None:
            cells[number_at] = csv_cell(value_number(value))
        if text_at is not None:
            cells[text_at] = csv_cell(value_text(value))
    return cells


@functools.lru_cache(maxsize=8)
def _value_columns(names: tuple[str, ...]) -> tuple[int | None, int | None]:
    """Where `value_number` and `value_text` stand among `names` (None: not there)."""
    number_at = names.index("value_number") if "value_number" in names else None
    text_at = names.index("value_text") if "value_text" in names else None
    return number_at, text_at


def mention_csv_rows(records: Iterable[dict[str, Any]], *, header: bool = False) -> str:
    """Mentions (as JSON dicts) as metrics.csv rows, CRLF-terminated; the header row first if asked."""
    names = _csv_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(names)
    writer.writerows(mention_csv_row(record, names) for record in records)
    return buffer.getvalue()


def fact_columns() -> list[tuple[str, tuple[str, ...]]]:
    """(column name, path in `facts`) of every document fact, nested facts flattened:
    `reporting_unit_name` is `facts.reporting_unit.name`, `period_value` is `facts.period.value`."""
    from pydantic import BaseModel

    from schemas.models import DocumentFacts

    out: list[tuple[str, tuple[str, ...]]] = []
    for name, info in DocumentFacts.model_fields.items():
        nested = [
            a
            for a in (info.annotation, *typing.get_args(info.annotation))
            if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if nested:
            out += [(f"{name}_{sub}", (name, sub)) for sub in nested[0].model_fields]
        else:
            out.append((name, (name,)))
    return out


def flat_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """A document's facts as one level of columns (see `fact_columns`)."""
    row: dict[str, Any] = {}
    for column, path in fact_columns():
        value: Any = facts
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        row[column] = value
    return row
