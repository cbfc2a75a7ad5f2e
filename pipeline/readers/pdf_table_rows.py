"""A PDF's ruled tables as grid rows: spans, header cells joined, tables continued over a page.

`pdf_tables` finds each page's tables on their own. Here they become what a
reader of the document sees:

* each cell with the rows and columns it spans (a merged cell once, the slots
  it covers left empty in the text line, so the row's cells stay under their
  headers);
* in a data table (some cell below its header holds a number), a header cell
  laid out over several lines is one label (`Giá tối thiểu (đồng/m2/tháng)`);
* a table that ends its page and one that opens the next page with the same
  columns are one table, and the continuation's first rows, when they repeat
  the header, are left out of both the grid and the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pipeline.readers.build import GridCell
from pipeline.readers.pdf_tables import TableGrid
from schemas.tables import TableCell, is_numeric, structural_header_rows

COLUMN_TOLERANCE = 3.0  # points between the column edges of a table and its continuation
_LIST_LINE = re.compile(r"^\s*(?:[-–+•*]|\d+(?:\.\d+)*[.)]|[a-zđ][.)])\s")
_SYMBOL_BREAK = re.compile(r"\S-$")  # `19/NQ-⏎HĐND`: a symbol broken at its hyphen


@dataclass
class PdfTable:
    """One table as the reader writes it: its grid rows (each a list of cells) and header rows."""

    grid: TableGrid
    page: int
    rows: list[list[GridCell]]
    header_rows: int
    continues: bool = False  # it goes on from the previous page's last table
    dropped: int = 0  # repeated header rows left out (a continuation)


def _header_cells(grid: TableGrid) -> list[TableCell]:
    """The grid's cells as TableCells (text only, offsets of no document) for the shape rules."""
    cells = []
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            row_span, col_span = grid.spans.get((r, c), (1, 1))
            cells.append(
                TableCell(row=r, col=c, row_span=row_span, col_span=col_span, text=text, start=0, end=len(text))
            )
    return cells


def header_rows_of(grid: TableGrid) -> int:
    n_cols = max((len(row) for row in grid.rows), default=0)
    return structural_header_rows(_header_cells(grid), len(grid.rows), n_cols)


def join_lines(text: str) -> str:
    """A header cell's lines as one label: lines joined by a space, a symbol broken at its hyphen
    (`NQ-⏎HĐND`) without one, list items kept on their own lines."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        if _LIST_LINE.match(line):
            out += "\n" + line
        elif _SYMBOL_BREAK.search(out):
            out += line
        else:
            out += " " + line
    return out


def _is_data_table(grid: TableGrid, header_rows: int) -> bool:
    return any(text and is_numeric(text) for row in grid.rows[header_rows:] for text in row)


def grid_rows(grid: TableGrid, page: int, header_rows: int, first_row: int = 0, skip: int = 0) -> list[list[GridCell]]:
    """The grid's rows from `skip` on as GridCells numbered from `first_row`; in a data table the
    header cells' lines joined into labels."""
    join = header_rows and _is_data_table(grid, header_rows)
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) a cell above spans into -> its (col, span)
    out: list[list[GridCell]] = []
    for r, row in enumerate(grid.rows):
        cells: list[GridCell] = []
        for c, text in enumerate(row):
            if text is None:
                owner = covered.get((r, c))
                if owner is not None and owner[0] == c and r >= skip:
                    cells.append(GridCell(first_row + r - skip, c, "", col_span=owner[1], page=page, covered=True))
                continue
            row_span, col_span = grid.spans.get((r, c), (1, 1))
            for rr in range(r + 1, r + row_span):
                for cc in range(c, c + col_span):
                    covered[(rr, cc)] = (c, col_span)
            if r < skip:
                continue
            label = join_lines(text) if join and r < header_rows else text
            row_span = min(row_span, len(grid.rows) - r)
            cells.append(GridCell(first_row + r - skip, c, label, row_span=row_span, col_span=col_span, page=page))
        if r >= skip:
            out.append(cells)
    return out


def _widths(grid: TableGrid) -> list[float]:
    edges = [*grid.lefts, grid.bbox[2]]
    return [right - left for left, right in pairwise(edges)]


def _same_columns(a: TableGrid, b: TableGrid) -> bool:
    """The same columns, by their widths: a page may sit the table a little left or right (odd and
    even pages with different margins)."""
    wa, wb = _widths(a), _widths(b)
    return len(wa) == len(wb) and all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(wa, wb, strict=True))


def _row_key(row: list[str | None]) -> tuple[str, ...]:
    return tuple(" ".join((cell or "").split()) for cell in row)


def repeated_header(first: TableGrid, header_rows: int, continuation: TableGrid) -> int:
    """How many of the continuation's first rows repeat `first`'s header rows (0 or header_rows)."""
    if not header_rows or len(continuation.rows) <= header_rows:
        return 0
    same = all(_row_key(first.rows[r]) == _row_key(continuation.rows[r]) for r in range(header_rows))
    return header_rows if same else 0


def continues(previous: TableGrid, nxt: TableGrid) -> bool:
    """Does `nxt`, opening its page, go on from `previous`, which ended the page before?"""
    return _same_columns(previous, nxt)
