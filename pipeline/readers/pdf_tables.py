"""Ruled tables of a PDF page: pdfplumber's table finder on the ruling lines pdfium reports.

pdfplumber finds tables from a page's edges alone (snap, join, intersect, cells,
tables) when both its strategies are "lines"; its `TableFinder` reads nothing of
the page but `.edges` (and `.bbox`). We hand it an object with those two, built
from pdfium's path segments, so pdfminer never parses the page. That hand-off
is not a documented pdfplumber API: the version is pinned in pyproject.toml and
`tests/test_pdf_reader.py` checks cells against pdfplumber's own reading of the
same pages. Cell text is laid out by `pdf_layout` as pdfplumber's
`Table.extract()` does (characters whose middle lies in the cell, words grouped
by line).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from pipeline.readers.pdf_layout import BOTTOM, TOP, X0, X1, Char, layout_text

_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_MIN_EDGE = 3.0  # pdfplumber's edge_min_length: shorter edges never bound a cell


@dataclass
class TableGrid:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    rows: list[list[str | None]]  # None: no cell at that column in this row (a merged cell)
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # (row, col) -> (rows, columns)
    lefts: list[float] = field(default_factory=list)  # the columns' left edges, to match a table continued


@dataclass
class _EdgesPage:
    """The two attributes of a pdfplumber Page that `TableFinder` reads with the "lines" strategies."""

    edges: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]


def could_hold_table(edges: list[dict[str, Any]]) -> bool:
    """Two horizontal and two vertical rulings at least: fewer never intersect into a cell."""
    horizontal = sum(1 for e in edges if e["orientation"] == "h" and e["width"] >= _MIN_EDGE)
    vertical = sum(1 for e in edges if e["orientation"] == "v" and e["height"] >= _MIN_EDGE)
    return horizontal >= 2 and vertical >= 2


def find_tables(
    edges: list[dict[str, Any]], chars: list[Char], bbox: tuple[float, float, float, float]
) -> list[TableGrid]:
    """The page's real tables (a row with two filled cells), with their cells' text."""
    if not could_hold_table(edges):
        return []
    from pdfplumber.table import TableFinder

    grids = []
    # a duck-typed page: the finder reads .edges and .bbox only (pinned pdfplumber, tested)
    for table in TableFinder(_EdgesPage(edges, bbox), _SETTINGS).tables:  # type: ignore[arg-type]
        rows = _extract(table, chars)
        if _is_grid(rows):
            spans, lefts = _spans(table.cells)
            grids.append(TableGrid(tuple(table.bbox), rows, spans, lefts))  # type: ignore[arg-type]
    return grids


def _spans(
    cells: list[tuple[float, float, float, float]],
) -> tuple[dict[tuple[int, int], tuple[int, int]], list[float]]:
    """Each cell's (row, column) -> (rows, columns) it spans, on the finder's own grid: columns are the
    distinct left edges, rows the distinct tops (as `Table.rows` lays them out); and the left edges."""
    lefts = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    spans = {}
    for x0, top, x1, bottom in cells:
        col = bisect_left(lefts, x0)
        row = bisect_left(tops, top)
        spans[(row, col)] = (max(1, bisect_left(tops, bottom) - row), max(1, bisect_left(lefts, x1) - col))
    return spans, lefts


def _extract(table: Any, chars: list[Char]) -> list[list[str | None]]:
    """Each cell's text from the characters whose middle lies in it (half-open, as pdfplumber).

    Characters are sorted by their vertical middle once; a row takes its slice by bisection and
    each of its characters finds its cell by bisection on the cells' left edges (the cells of a
    row never overlap), so a page of 4,000 characters and 40 cells costs one pass, not forty.
    """
    x0, top, x1, bottom = table.bbox
    inside = sorted(
        (my, mx, i)
        for i, c in enumerate(chars)
        if x0 <= (mx := (c[X0] + c[X1]) / 2) < x1 and top <= (my := (c[TOP] + c[BOTTOM]) / 2) < bottom
    )
    middles = [m[0] for m in inside]
    rows: list[list[str | None]] = []
    for row in table.rows:
        _, rtop, _, rbottom = row.bbox
        placed = [(cell[0], k) for k, cell in enumerate(row.cells) if cell is not None]
        placed.sort()
        lefts = [left for left, _ in placed]
        members: dict[int, list[int]] = {k: [] for _, k in placed}
        for my, mx, i in inside[bisect_left(middles, rtop) : bisect_left(middles, rbottom)]:
            j = bisect_right(lefts, mx) - 1
            if j < 0:
                continue
            k = placed[j][1]
            _, ctop, cx1, cbottom = row.cells[k]
            if mx < cx1 and ctop <= my < cbottom:
                members[k].append(i)
        cells: list[str | None] = []
        for k, cell in enumerate(row.cells):
            if cell is None:
                cells.append(None)
            else:
                cells.append(layout_text([chars[i] for i in sorted(members[k])], keep_order=False))
        rows.append(cells)
    return rows


def _is_grid(rows: list[list[str | None]]) -> bool:
    """A real table has a row with two filled cells; highlighted prose lines (boxes behind text,
    which the finder also reads as cells) have one filled cell per row and stay running text."""
    return any(sum(1 for cell in row if cell and cell.strip()) >= 2 for row in rows)
