"""Tables handed on as tables: `tables.jsonl`, a tidy long form for the exports, a grid for the page.

* `tables.jsonl` holds one `schemas.Table` a line (the document's id set): its cells
  with spans and offsets, its header rows resolved into column paths, each column's
  role and unit, each row's indicator and lead, the unit declared over it.
  `write_tables_jsonl` streams it from the documents; `table_lines` gives one
  document's lines, from its record or its stored JSON.
* `tidy_rows` turns a run's figures into one `TidyRow` per table figure
  (doc_id, table_index, row_header, column_path, value, unit, column_role…): the form an
  analyst filters and pivots, for CSV, Parquet, SQLite and XLSX. `TIDY_COLUMNS`
  and `tidy_flat_rows` give it as flat columns, typed like the other exports.
* `render_table_html` draws one table as an HTML grid (`rowspan`, `colspan`,
  header cells as `<th>`), the cells' figures marked and linked to the page's
  anchors; `TABLE_GRID_CSS` styles it. Every text goes through `html.escape`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from pipeline.outputs.files import atomic_open
from pipeline.outputs.labels import COLUMN_ROLE_LABELS, label
from pipeline.outputs.numbers import format_number
from pipeline.outputs.rows import column_type, flat_row
from schemas import Document, Mention, Table, TableCell, TidyRow

TABLES_JSONL = "tables.jsonl"
_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")  # Markdown emphasis around a cell, not shown in the grid
TIDY_NAME = "tables_tidy"  # the name of the tidy table in the exports (tables_tidy.csv, .parquet, SQLite)
_TIDY_KINDS = frozenset({"count", "money", "quantity", "percent", "date"})

esc = html.escape


# --- tables.jsonl ---------------------------------------------------------------------------------------


def document_tables(document: Document | dict[str, Any] | str) -> list[Table]:
    """A document's tables with its id set, from its record, its dict or its stored JSON."""
    if isinstance(document, Document):
        doc_id, tables = document.doc_id, document.tables
    else:
        if isinstance(document, str) and '"tables":[]' in document:
            return []  # the usual document: no need to parse its text
        record = json.loads(document) if isinstance(document, str) else document
        doc_id = str(record.get("doc_id", ""))
        tables = [Table.model_validate(t) for t in record.get("tables", [])]
    return [t if t.doc_id == doc_id else t.model_copy(update={"doc_id": doc_id}) for t in tables]


def table_lines(document: Document | dict[str, Any] | str) -> str:
    """One document's lines of `tables.jsonl` ('' when it has no table)."""
    return "".join(table.model_dump_json() + "\n" for table in document_tables(document))


def write_tables_jsonl(documents: Iterable[Document | dict[str, Any] | str], out_dir: Path) -> int:
    """Write `out_dir/tables.jsonl` (atomically) from the documents in order; return the tables written."""
    count = 0
    with atomic_open(out_dir / TABLES_JSONL) as handle:
        for document in documents:
            for table in document_tables(document):
                handle.write(table.model_dump_json() + "\n")
                count += 1
    return count


# --- the tidy long form -----------------------------------------------------------------------------------


# How a run writes (orjson, compact) a figure read outside any table. JSON escapes every quote inside a string,
# so in a line these bytes can only be the key `table_index` with the value null, and no model a Mention holds
# has that key: a line holding them gives no tidy row. A line written otherwise (`"table_index": null`) is
# parsed as any other.
OUTSIDE_TABLES: Final = b'"table_index":null'


def _get(record: Mention | dict[str, Any], name: str) -> Any:
    return getattr(record, name, None) if isinstance(record, Mention) else record.get(name)


def tidy_rows(mentions: Iterable[Mention | dict[str, Any]]) -> Iterator[TidyRow]:
    """One row per figure read from a figure column of a table (a `N/M` cell gives two, part and total),
    from a run's mentions (`metrics.jsonl` records or Mentions), in their order."""
    for m in mentions:
        table = _get(m, "table_index")
        if table is None or _get(m, "column_path") is None or _get(m, "kind") not in _TIDY_KINDS:
            continue
        yield TidyRow(
            doc_id=_get(m, "doc_id") or "",
            table_index=table,
            row=_get(m, "row"),
            col=_get(m, "col"),
            row_header=_get(m, "subject"),
            row_lead=_get(m, "row_lead"),
            row_role=_get(m, "row_role"),
            column_path=_get(m, "column_path"),
            column_role=_get(m, "column_role"),
            kind=_get(m, "kind"),
            value=_get(m, "value"),
            unit=_get(m, "unit"),
            per=_get(m, "per"),
            qualifier=_get(m, "qualifier"),
            role=_get(m, "role"),
            from_header=_get(m, "in_table") == "header",
            text=_get(m, "text"),
            start=_get(m, "start"),
            end=_get(m, "end"),
        )


def _tidy_columns() -> list[tuple[str, str]]:
    cols: list[tuple[str, str]] = []
    for name, info in TidyRow.model_fields.items():
        if name == "value":
            cols += [("value", "str"), ("value_number", "float")]
        else:
            cols.append((name, column_type(info.annotation)))
    return cols


TIDY_COLUMNS: list[tuple[str, str]] = _tidy_columns()  # (name, type: int, float, bool, str, json)


def tidy_flat_rows(mentions: Iterable[Mention | dict[str, Any]]) -> Iterator[list[Any]]:
    """`tidy_rows` as flat lists matching TIDY_COLUMNS (a value as text, `value_number` beside it)."""
    for row in tidy_rows(mentions):
        yield flat_row(row.model_dump(mode="json"), TIDY_COLUMNS)


# --- the grid --------------------------------------------------------------------------------------------

TABLE_GRID_CSS = """
table.tg{border-collapse:collapse;margin:.6em 0;font-size:.92em}
table.tg caption{caption-side:top;text-align:left;color:#555;padding:.2em 0}
table.tg th,table.tg td{border:1px solid #bbb;padding:.2em .45em;vertical-align:top;white-space:pre-wrap}
table.tg th{background:#f1f1f1;font-weight:600}
table.tg tr.tg-total td{font-weight:600;background:#fafafa}
table.tg tr.tg-section td{background:#f7f7ff}
table.tg mark.tg-fig{background:#d7f2d7;padding:0 .1em}
table.tg mark.tg-fig.tg-header{background:#fde7b3}
table.tg mark.tg-fig a{color:inherit;text-decoration:none}
table.tg small.tg-role{display:block;font-weight:400;color:#777}
"""


def _title(m: Mention | dict[str, Any]) -> str:
    value = _get(m, "value")
    shown = format_number(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
    parts = [str(_get(m, "kind")), shown]
    if _get(m, "unit"):
        parts.append(str(_get(m, "unit")))
    if _get(m, "per"):
        parts.append(f"/ {_get(m, 'per')}")
    if _get(m, "in_table") == "header":
        parts.append("(from the header)")
    return " ".join(parts)


def _cell_html(
    cell: TableCell, figures: list[Mention | dict[str, Any]], href: Callable[[int, int], str | None] | None
) -> str:
    """The cell's text escaped, each figure inside it marked (and linked when `href` gives a link)."""
    inside = sorted(
        (m for m in figures if cell.start <= _get(m, "start") and _get(m, "end") <= cell.end),
        key=lambda m: (_get(m, "start"), -_get(m, "end")),
    )
    if not inside:
        return esc(_EMPHASIS.sub("", cell.text.replace("**", "")))
    out: list[str] = []
    at = cell.start
    for m in inside:
        start, end = _get(m, "start"), _get(m, "end")
        if start < at:
            continue  # nested in the figure just marked
        out.append(esc(cell.text[at - cell.start : start - cell.start]))
        classes = "tg-fig tg-header" if _get(m, "in_table") == "header" else "tg-fig"
        body = esc(cell.text[start - cell.start : end - cell.start])
        link = href(start, end) if href is not None else None
        if link:
            body = f'<a href="{esc(link)}">{body}</a>'
        out.append(
            f'<mark class="{classes}" data-kind="{esc(str(_get(m, "kind")))}" title="{esc(_title(m))}">{body}</mark>'
        )
        at = end
    out.append(esc(cell.text[at - cell.start :]))
    return "".join(out)


def render_table_html(
    table: Table,
    mentions: Iterable[Mention | dict[str, Any]] = (),
    href: Callable[[int, int], str | None] | None = None,
) -> str:
    """One table as an HTML grid: merged cells spanning, header rows as `<th>` with their column role
    and unit, totals and section rows marked; the figures of `mentions` inside its cells marked,
    linked to `href(start, end)` (e.g. `#d3-120-125`, the page's anchor of that figure)."""
    figures = [
        m
        for m in mentions
        if table.start <= (_get(m, "start") or 0)
        and (_get(m, "end") or 0) <= table.end
        and (not table.doc_id or _get(m, "doc_id") in (None, "", table.doc_id))
    ]
    kinds = {r.row: r.kind for r in table.rows}
    caption = [f"Bảng {table.index + 1}"]
    if len(table.pages) == 1:
        caption.append(f"trang {table.pages[0]}")
    elif table.pages:
        caption.append(f"trang {table.pages[0]}–{table.pages[-1]}")
    if table.unit:
        caption.append(f"đơn vị: {table.unit}")
    by_row: dict[int, list[TableCell]] = {}
    for cell in table.cells:
        by_row.setdefault(cell.row, []).append(cell)
    parts = [f'<table class="tg" data-table="{table.index}"><caption>{esc(" · ".join(caption))}</caption>']
    for row in range(table.n_rows):
        header = row < table.header_rows
        if row == 0 and header:
            parts.append("<thead>")
        if row == table.header_rows:
            parts.append("<tbody>")
        kind = kinds.get(row, "header" if header else "data")
        row_class = f' class="tg-{kind}"' if kind in ("total", "section") else ""
        parts.append(f"<tr{row_class}>")
        for cell in sorted(by_row.get(row, []), key=lambda c: c.col):
            tag = "th" if header else "td"
            spans = (f' rowspan="{cell.row_span}"' if cell.row_span > 1 else "") + (
                f' colspan="{cell.col_span}"' if cell.col_span > 1 else ""
            )
            note = ""
            if header and cell.row + cell.row_span == table.header_rows:
                column = table.column(cell.col)
                described = (
                    [label(COLUMN_ROLE_LABELS, column.role), f"({column.unit})" if column.unit else ""]
                    if column
                    else []
                )
                if any(described):
                    note = f'<small class="tg-role">{esc(" ".join(d for d in described if d))}</small>'
            parts.append(f"<{tag}{spans}>{_cell_html(cell, figures, href)}{note}</{tag}>")
        parts.append("</tr>")
        if header and row == table.header_rows - 1:
            parts.append("</thead>")
    if table.n_rows > table.header_rows:
        parts.append("</tbody>")
    parts.append("</table>")
    return "".join(parts)
