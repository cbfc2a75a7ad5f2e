"""Tables as data: a document's tables with their cells, header paths, row headers and units.

A reader fills the grid (`Table.cells`: row, column, spans, the cell's offsets in the
document's text, its page) and the header rows it can tell from the layout (`<th>`, a
Markdown delimiter row, cells spanning the rows below them); the figure extractor
(`extractors.figures.tables.describe_tables`) fills what needs the lexicon's words:
each column's role and unit, each row's indicator and lead, the unit declared over
the table (`Đơn vị tính: triệu đồng`). Every cell keeps `text == document.text[start:end]`.

The functions here are structural only (no words): where a cell is, which rows are
header rows by their shape, the column path a header gives a column.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

PATH_SEPARATOR = " › "  # between the labels of a column path: `Thực hiện › Năm 2025`

ColumnRole = Literal[
    "row_number",
    "indicator",
    "group",
    "entity",
    "unit",
    "note",
    "code",
    "rank",  # not figures
    "plan",
    "actual",
    "estimate",
    "previous",
    "ratio",
    "score",
    "value",  # what a figure column holds
]
RowKind = Literal["header", "data", "section", "total", "numbering"]
TableSource = Literal["docx", "pdf", "html", "markdown", "text"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class TableCell(_Record):
    """One cell of the grid, once: a merged cell is one cell with spans, never repeated."""

    row: int = Field(ge=0, description="its top row, 0-based")
    col: int = Field(ge=0, description="its left column, 0-based")
    row_span: int = Field(default=1, ge=1)
    col_span: int = Field(default=1, ge=1)
    text: str = Field(description="the cell as written: document.text[start:end]; '' for an empty cell")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = Field(default=None, ge=1, description="PDF page, 1-based")

    @model_validator(mode="after")
    def _check(self) -> TableCell:
        if len(self.text) != self.end - self.start:
            raise ValueError("cell text length does not match its offsets")
        return self


class TableColumn(_Record):
    """A column: the header labels over it, top-down, and what the words of its header say."""

    col: int = Field(ge=0)
    path: list[str] = Field(default_factory=list, description="header labels top-down: ['Thực hiện', 'Năm 2025']")
    role: ColumnRole | None = Field(default=None, description="from its header words: plan, actual, ratio…")
    unit: str | None = Field(default=None, description="the unit its header declares, as written: %, triệu đồng")

    @property
    def label(self) -> str:
        """The column path as one string: `Thực hiện › Năm 2025`."""
        return PATH_SEPARATOR.join(self.path)


class TableRow(_Record):
    """A row: its kind, its number (STT), its indicator and the indicator it is a sub-item of."""

    row: int = Field(ge=0)
    kind: RowKind = "data"
    number: str | None = Field(default=None, description="its STT as written: 2.1, II, a)")
    header: str | None = Field(default=None, description="its indicator, white space folded")
    lead: str | None = Field(default=None, description="the indicator it is a sub-item of (2 for 2.1, Trong đó)")
    unit: str | None = Field(default=None, description="its unit cell (the ĐVT column), as written")


class Table(_Record):
    """One table of a document, by offsets into the document's text."""

    doc_id: str = ""
    index: int = Field(ge=0, description="its position among the document's tables, 0-based")
    source: TableSource
    start: int = Field(ge=0, description="where its first cell begins in the document's text")
    end: int = Field(ge=0)
    page: int | None = Field(default=None, ge=1, description="PDF: the page it begins on")
    pages: list[int] = Field(default_factory=list, description="PDF: every page it covers (continued tables)")
    n_rows: int = Field(ge=0)
    n_cols: int = Field(ge=0)
    header_rows: int = Field(default=0, ge=0, description="the top rows that are its header")
    cells: list[TableCell] = Field(default_factory=list)
    columns: list[TableColumn] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)
    unit: str | None = Field(default=None, description="the unit declared over it, as written: triệu đồng")
    unit_start: int | None = Field(default=None, ge=0, description="offsets of that declaration in the text")
    unit_end: int | None = Field(default=None, ge=0)
    repeated_headers_dropped: int = Field(
        default=0, ge=0, description="header rows repeated after a page break, left out of its grid and text"
    )

    @model_validator(mode="after")
    def _check(self) -> Table:
        if self.end < self.start:
            raise ValueError("table end before start")
        for cell in self.cells:
            if cell.row + cell.row_span > self.n_rows or cell.col + cell.col_span > self.n_cols:
                raise ValueError(f"cell ({cell.row}, {cell.col}) lies outside the {self.n_rows}x{self.n_cols} grid")
        if self.header_rows > self.n_rows:
            raise ValueError("more header rows than rows")
        return self

    def grid(self) -> list[list[TableCell | None]]:
        """The grid, each position holding the cell that covers it (a merged cell fills its span)."""
        out: list[list[TableCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    out[r][c] = cell
        return out

    def column(self, col: int) -> TableColumn | None:
        return next((c for c in self.columns if c.col == col), None)

    def row_info(self, row: int) -> TableRow | None:
        return next((r for r in self.rows if r.row == row), None)


class TidyRow(_Record):
    """One figure of a table cell in long form: one row per indicator × column (× pair end)."""

    doc_id: str
    table_index: int = Field(description="the table's index in the document (`table` is an SQL word)")
    row: int
    col: int
    row_header: str | None = Field(description="the row's indicator")
    row_lead: str | None = Field(default=None, description="the indicator it is a sub-item of")
    row_role: str | None = Field(default=None, description="total for a totals row")
    column_path: str | None = Field(description="Thực hiện › Năm 2025")
    column_role: str | None = None
    kind: str
    value: int | float | str
    unit: str | None = None
    per: str | None = None
    qualifier: str | None = None
    role: str | None = Field(default=None, description="part or total of an N/M cell")
    from_header: bool = Field(description="its kind, unit or scale came from a header or the unit line")
    text: str
    start: int
    end: int


# --- structure, no words --------------------------------------------------------------------------

_NUMERIC = regex.compile(r"^[\s(]*[-–+]?\d[\d.,]*(?:\s*/\s*\d[\d.,]*)?\s*%?[\s)]*$")
_YEAR = regex.compile(r"^\s*(?:19|20)\d\d\s*$")
_NUMBERING = regex.compile(r"^\s*\(?\s*(?:[A-Z]|\d{1,2}(?:\s*[=+\-x*/]\s*(?:\d{1,2}|\(\d{1,2}\)))*)\s*\)?\s*$")
_EMPHASIS = regex.compile(r"^[*_\s]+|[*_\s]+$")


def is_numeric(text: str) -> bool:
    """A value cell's shape: `120`, `1.250,5`, `45/60`, `98,5%`, `(12)`."""
    return bool(_NUMERIC.match(text)) and any(ch.isdigit() for ch in text)


def is_year(text: str) -> bool:
    return bool(_YEAR.match(text))


def clean_label(text: str) -> str:
    """A header cell as a label: white space folded, Markdown emphasis (`**Mầm non**`) off."""
    folded = " ".join(text.split())
    return " ".join(_EMPHASIS.sub("", folded).replace("**", "").split())


def is_numbering_row(cells: list[TableCell]) -> bool:
    """`(1) | (2) | (3)`, `A | B | 1 | 2 | 3=2/1`: the column numbers printed under a header."""
    texts = [c.text.strip() for c in cells if c.text.strip()]
    if len(texts) < 2 or not all(_NUMBERING.match(t) for t in texts):
        return False
    numbers = [int(t.strip("() ")) for t in texts if t.strip("() ").isdigit()]
    return len(numbers) >= 2 and all(b == a + 1 for a, b in pairwise(numbers))


def structural_header_rows(cells: list[TableCell], n_rows: int, n_cols: int) -> int:
    """How many top rows are header, from the shape alone.

    Title rows (one cell across the table) and then a first row of labels (no value, years
    allowed) are header; the header goes on over rows a header cell spans into, rows under
    a header cell spanning several columns that still hold labels only, and a row of column
    numbers (`(1) | (2) | (3)`) right under it. A table of one row has no header.
    """
    if n_rows < 2:
        return 0
    by_row: dict[int, list[TableCell]] = {}
    for cell in cells:
        by_row.setdefault(cell.row, []).append(cell)

    def labels_only(row: int) -> bool:
        texts = [c.text for c in by_row.get(row, []) if c.text.strip()]
        return bool(texts) and all(not is_numeric(t) or is_year(t) for t in texts)

    row = 0
    while row < n_rows - 1 and n_cols > 1 and [c.col_span for c in by_row.get(row, [])] == [n_cols]:
        row += 1  # a title row across the whole table
    if row >= n_rows - 1 or not labels_only(row):
        return row
    header_end = row + 1
    while header_end < n_rows - 1:
        above = [c for r in range(row, header_end) for c in by_row.get(r, [])]
        reaches = max(c.row + c.row_span for c in above)
        if reaches > header_end:  # a header cell spans into this row
            header_end = reaches
            continue
        # under a header cell spanning columns (`Kết quả` over `Kế hoạch | Thực hiện`), a row of labels
        spans = [c for c in above if c.row + c.row_span == header_end and 1 < c.col_span < n_cols]
        here = [c for c in by_row.get(header_end, []) if c.text.strip()]
        under = [c for c in here if any(s.col <= c.col < s.col + s.col_span for s in spans)]
        if spans and len(under) >= 2 and labels_only(header_end):
            header_end += 1
            continue
        if is_numbering_row(here):
            header_end += 1
        break
    return min(header_end, n_rows - 1)


def column_paths(cells: list[TableCell], header_rows: int, n_cols: int) -> list[list[str]]:
    """Each column's header labels, top-down: a spanning cell labels every column under it, once;
    title rows and column-number rows are no labels; a label starting in lower case continues
    the one above it (a header cell the layout split over two rows: `Thứ` / `hạng`)."""
    grid: list[list[TableCell | None]] = [[None] * n_cols for _ in range(header_rows)]
    for cell in cells:
        if cell.row >= header_rows:
            continue
        for r in range(cell.row, min(cell.row + cell.row_span, header_rows)):
            for c in range(cell.col, min(cell.col + cell.col_span, n_cols)):
                grid[r][c] = cell
    numbering = {r for r in range(header_rows) if is_numbering_row([c for c in cells if c.row == r])}
    paths: list[list[str]] = []
    for c in range(n_cols):
        path: list[str] = []
        previous: TableCell | None = None
        for r in range(header_rows):
            found = grid[r][c]
            if found is None:
                continue
            cell, same = found, found is previous
            previous = found
            if same or r in numbering or (n_cols > 1 and cell.col_span >= n_cols):
                continue
            label = clean_label(cell.text)
            if not label:
                continue
            if path and label[0].islower():
                path[-1] = f"{path[-1]} {label}"
            elif not path or path[-1] != label:
                path.append(label)
        paths.append(path)
    return paths
