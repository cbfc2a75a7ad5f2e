"""Assemble a document's text piece by piece, recording each piece's offsets.

Each piece is normalised on its own and pieces are joined with a line break,
so offsets are final the moment they are recorded (normalisation never
reaches across a line break) and `normalize_text(text) == text` holds.

Tables go in row by row (`open_table`, `add_grid_row`, `close_table`): each row is
one line, its cells separated by CELL_SEPARATOR, a slot that a merged cell above
covers written as an empty cell so a row's cells stay under their headers; the
builder records every cell's offsets and hands back a `schemas.Table`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pipeline.readers.normalize import normalize_text
from schemas.models import Block
from schemas.tables import Table, TableCell, TableColumn, TableSource, column_paths, structural_header_rows

BlockKind = Literal["paragraph", "heading", "table_cell", "page_break", "footnote"]
CELL_SEPARATOR = " | "  # between the cells of one table row, on one line
PAGE_SEPARATOR = "\n\n"  # a blank line between PDF pages, covered by a page_break block


@dataclass
class Parsed:
    """What a format parser hands back to `read_document`."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class GridCell:
    """A cell as a reader finds it: where it sits in the grid, how far it spans, its raw text."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    page: int | None = None
    covered: bool = False  # a slot a merged cell above covers: an empty cell in the text, no cell of its own


@dataclass
class _OpenTable:
    index: int
    source: TableSource
    header_rows: int | None
    cells: list[TableCell] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    start: int | None = None
    dropped: int = 0


class TextBuilder:
    """Collects normalised pieces and their blocks; `text()` joins them."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.tables: list[Table] = []
        self._table: _OpenTable | None = None

    def _append(self, piece: str) -> int:
        start = self._length
        self._parts.append(piece)
        self._length += len(piece)
        return start

    def _new_line(self) -> None:
        if self._parts and not self._parts[-1].endswith("\n"):
            self._append("\n")

    def add_block(self, raw: str, kind: BlockKind = "paragraph", **where: Any) -> None:
        """Add a paragraph or heading on its own line(s); blank text adds nothing.

        `where` holds the Block's other fields: page, and for OCR text source and confidence.
        """
        piece = normalize_text(raw).strip()
        if not piece:
            return
        self.close_table()
        self._new_line()
        start = self._append(piece)
        self.blocks.append(Block(kind=kind, start=start, end=start + len(piece), **where))

    def open_table(self, source: TableSource, header_rows: int | None = None) -> int:
        """Start a table (closing one still open); its rows follow with `add_grid_row`. `header_rows` as
        the format marks them (`<th>`, a Markdown delimiter row), else judged from the grid's shape.
        Returns its index. A block added before `close_table` closes it: a table never holds prose."""
        self.close_table()
        index = len(self.tables)
        self._table = _OpenTable(index, source, header_rows)
        return index

    @property
    def table_open(self) -> bool:
        return self._table is not None

    def add_grid_row(self, cells: list[GridCell]) -> None:
        """One row of the open table as one line; each cell (a covered slot as an empty piece) in column
        order, one table_cell block per non-empty cell. A row without text adds no line, its cells
        are kept (empty, at the current offset) so the grid stays whole."""
        table = self._table
        assert table is not None, "add_grid_row outside open_table/close_table"
        ordered = sorted(cells, key=lambda c: c.col)
        pieces = [(cell, normalize_text(cell.text).strip()) for cell in ordered]
        if any(piece for _, piece in pieces):
            self._new_line()
        else:
            pieces = [(cell, "") for cell, _ in pieces]
        written = any(piece for _, piece in pieces)
        for i, (cell, piece) in enumerate(pieces):
            if written and i:
                self._append(CELL_SEPARATOR)
            start = self._append(piece) if piece else self._length
            if table.start is None and written:
                table.start = start
            if cell.page is not None and cell.page not in table.pages:
                table.pages.append(cell.page)
            if cell.covered:
                continue
            table.cells.append(
                TableCell(
                    row=cell.row,
                    col=cell.col,
                    row_span=cell.row_span,
                    col_span=cell.col_span,
                    text=piece,
                    start=start,
                    end=start + len(piece),
                    page=cell.page,
                )
            )
            if piece:
                self.blocks.append(
                    Block(
                        kind="table_cell",
                        start=start,
                        end=start + len(piece),
                        table=table.index,
                        row=cell.row,
                        col=cell.col,
                        page=cell.page,
                    )
                )

    def note_dropped_header(self, rows: int) -> None:
        """The open table continues after a page break whose `rows` repeated header rows were left out."""
        if self._table is not None:
            self._table.dropped += rows

    def close_table(self) -> Table | None:
        """End the open table and return it (None when none is open or it had no cell)."""
        table, self._table = self._table, None
        if table is None or not table.cells:
            return None
        n_rows = max(c.row + c.row_span for c in table.cells)
        n_cols = max(c.col + c.col_span for c in table.cells)
        header_rows = table.header_rows
        if header_rows is None:
            header_rows = structural_header_rows(table.cells, n_rows, n_cols)
        paths = column_paths(table.cells, header_rows, n_cols)
        start = table.start if table.start is not None else table.cells[0].start
        end = max(c.end for c in table.cells)
        built = Table(
            index=table.index,
            source=table.source,
            start=start,
            end=max(start, end),
            page=table.pages[0] if table.pages else None,
            pages=table.pages,
            n_rows=n_rows,
            n_cols=n_cols,
            header_rows=min(header_rows, n_rows),
            cells=table.cells,
            columns=[TableColumn(col=c, path=path) for c, path in enumerate(paths)],
            repeated_headers_dropped=table.dropped,
        )
        self.tables.append(built)
        return built

    def add_page_break(self, page: int) -> None:
        """Separate PDF pages by a blank line that a page_break block covers."""
        if not self._parts:
            return
        while self._parts and self._parts[-1] == "\n":
            self._parts.pop()
            self._length -= 1
        start = self._append(PAGE_SEPARATOR)
        self.blocks.append(Block(kind="page_break", start=start, end=start + len(PAGE_SEPARATOR), page=page))

    def text(self) -> str:
        return "".join(self._parts)

    def has_text(self) -> bool:
        return any(b.kind != "page_break" for b in self.blocks)
