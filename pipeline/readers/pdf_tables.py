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

from pipeline.readers.pdf_layout import BOTTOM, TEXT, TOP, X0, X1, Char, layout_text

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


def could_hold_two_columns(edges: list[dict[str, Any]]) -> bool:
    """Three distinct column edges at least, where the finder puts them: fewer make no row of two cells.

    A cell's left and right edges are the x of vertical rulings as the finder snaps them
    (pdfplumber's own `filter_edges` and `snap_objects` with its settings, so the positions are
    its own to the last bit; joining moves no ruling sideways). Two cells side by side need three
    such x, and a table without a row of two filled cells is not kept: a page of
    highlighted lines or a frame around the text (two x) is not handed to the finder at all.
    """
    from pdfplumber.table import TableSettings
    from pdfplumber.utils import filter_edges, snap_objects

    settings = TableSettings.resolve(_SETTINGS)
    vertical = filter_edges(edges, "v", min_length=settings.edge_min_length_prefilter)
    return len({e["x0"] for e in snap_objects(vertical, "x0", settings.snap_x_tolerance)}) >= 3


def find_tables(
    edges: list[dict[str, Any]], chars: list[Char], bbox: tuple[float, float, float, float]
) -> list[TableGrid]:
    """The page's real tables (a row with two filled cells), with their cells' text.

    Cells are laid out only for a table that has such a row: whether a cell is filled is known
    from the characters it holds (one that is not white space makes a word)."""
    if not could_hold_table(edges) or not could_hold_two_columns(edges):
        return []
    from pdfplumber.table import TableFinder

    grids = []
    # a duck-typed page: the finder reads .edges and .bbox only (pinned pdfplumber, tested)
    for table in TableFinder(_EdgesPage(edges, bbox), _SETTINGS).tables:  # type: ignore[arg-type]
        members = _members(table, chars)
        if not _has_two_filled_cells(members, chars):
            continue
        rows = [[None if cell is None else _cell_text(cell, chars) for cell in row] for row in members]
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


def _members(table: Any, chars: list[Char]) -> list[list[list[int] | None]]:
    """Each cell's characters (indices into `chars`, in content order) by row; None where a row has
    no cell. A character belongs to the cell its middle lies in (half-open, as pdfplumber).

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
    rows: list[list[list[int] | None]] = []
    for row in table.rows:
        _, rtop, _, rbottom = row.bbox
        placed = [(cell[0], k) for k, cell in enumerate(row.cells) if cell is not None]
        placed.sort()
        lefts = [left for left, _ in placed]
        members: list[list[int] | None] = [None if cell is None else [] for cell in row.cells]
        for my, mx, i in inside[bisect_left(middles, rtop) : bisect_left(middles, rbottom)]:
            j = bisect_right(lefts, mx) - 1
            if j < 0:
                continue
            k = placed[j][1]
            _, ctop, cx1, cbottom = row.cells[k]
            if mx < cx1 and ctop <= my < cbottom:
                members[k].append(i)  # type: ignore[union-attr]
        for cell in members:
            if cell:
                cell.sort()
        rows.append(members)
    return rows


def _cell_text(indices: list[int], chars: list[Char]) -> str:
    return layout_text([chars[i] for i in indices], keep_order=False)


def _filled(indices: list[int] | None, chars: list[Char]) -> bool:
    """Would the cell's text hold something but white space? Only if one of its characters does."""
    return bool(indices) and any(not chars[i][TEXT].isspace() for i in indices)  # type: ignore[union-attr]


def _has_two_filled_cells(rows: list[list[list[int] | None]], chars: list[Char]) -> bool:
    """A real table has a row with two filled cells; highlighted prose lines (boxes behind text,
    which the finder also reads as cells) have one filled cell per row and stay running text."""
    return any(sum(1 for cell in row if _filled(cell, chars)) >= 2 for row in rows)
