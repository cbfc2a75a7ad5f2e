"""Markdown pipe tables inside plain text, as tables with every cell's offsets.

Two shapes reach us in `.txt` files:

* GitHub-style rows, one line each: `| STT | Chỉ tiêu | Kế hoạch |`, an optional
  delimiter row (`|---|:---:|`) closing the header; rows without the outer pipes
  too (`2.2 | Số nhiệm vụ đã hoàn thành | Nhiệm vụ | 11`), as text copied from
  a report or from solieu's own readers has them;
* the same table with every pipe and every cell on a line of its own, as converters
  of legal-document sites write it: a line `|` between cells, two such lines in a
  row between rows (`|⏎Đô thị⏎|⏎190⏎|⏎|⏎Nông thôn⏎|…`), a cell free to run over
  several lines. It must open at the start of the text or after a blank line, and
  ends at the last `|` before a blank line.

The text itself is left as it is: tables are found in it, not rewritten, so every
offset of the rest of the document stays where it was.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from schemas.models import Block
from schemas.tables import Table, TableCell, TableColumn, column_paths, structural_header_rows

_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)+\|?[ \t]*$")
_PIPE = re.compile(r"(?<!\\)\|")
_SEPARATOR = " | "  # cells joined the way solieu's readers write a row


@dataclass
class Found:
    """A table found in the text: its cells, header rows when marked, and the lines it covers."""

    cells: list[TableCell]
    header_rows: int | None
    lines: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of every line it takes


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    out = []
    start = 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return start, end


def _cell(text: str, row: int, col: int, start: int, end: int) -> TableCell:
    start, end = _trimmed(text, start, end)
    return TableCell(row=row, col=col, text=text[start:end], start=start, end=end)


def _row_cells(text: str, start: int, end: int, row: int) -> list[TableCell]:
    """A row line's cells: between its pipes, a leading and a trailing pipe being the row's edges."""
    line = text[start:end]
    pipes = [start + m.start() for m in _PIPE.finditer(line)]
    edges = [start - 1, *pipes, end]
    if not line[: pipes[0] - start].strip():
        edges = edges[1:]  # `| a | b |`: the first pipe opens the row
    if not line[pipes[-1] - start + 1 :].strip():
        edges = edges[:-1]  # … and the last closes it
    return [_cell(text, row, col, a + 1, b) for col, (a, b) in enumerate(pairwise(edges))]


def _gfm(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Found | None, int]:
    """Rows one line each (`| a | b |`, or `a | b` as solieu's own readers write them), starting at
    line `i`, and the line after them."""
    j = i
    while j < len(lines) and _is_row(text[lines[j][0] : lines[j][1]]):
        j += 1
    bounded = all(_ROW.match(text[s:e]) for s, e in lines[i:j])
    if j - i < 2 and bounded:
        return None, i + 1  # one `| … |` line alone is no table
    cells: list[TableCell] = []
    header_rows: int | None = None
    row = 0
    for start, end in lines[i:j]:
        if _DELIMITER.match(text[start:end]):
            header_rows = row if header_rows is None and row else header_rows
            continue
        found = _row_cells(text, start, end, row)
        if len(found) >= 2:
            cells += found
            row += 1
    if not cells:
        return None, j
    return Found(cells, header_rows, lines[i:j]), j


def _is_row(line: str) -> bool:
    """A table row on one line: `| a | b |`, a delimiter row, or cells joined by ` | `."""
    return bool(_ROW.match(line) or _DELIMITER.match(line)) or line.count(_SEPARATOR) >= 1


def _stacked(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Found | None, int]:
    """A table written one pipe and one cell per line, starting at the pipe line `i`."""

    def is_pipe(k: int) -> bool:
        return k < len(lines) and text[lines[k][0] : lines[k][1]].strip() == "|"

    def is_blank(k: int) -> bool:
        return k >= len(lines) or not text[lines[k][0] : lines[k][1]].strip()

    cells: list[TableCell] = []
    row, col = 0, 0
    k = i
    last_pipe = i
    while is_pipe(k):
        last_pipe = k
        if is_pipe(k + 1):  # `|⏎|`: the row ends, the next begins
            row, col, k = row + 1, 0, k + 1
            continue
        if is_blank(k + 1):
            break
        end = k + 1
        while end < len(lines) and not is_pipe(end) and not is_blank(end):
            end += 1
        if not is_pipe(end):
            break  # a cell never closed: what follows is prose
        cells.append(_cell(text, row, col, lines[k + 1][0], lines[end - 1][1]))
        col += 1
        k = end
    if len(cells) < 2:
        return None, i + 1
    return Found(cells, None, lines[i : last_pipe + 1]), last_pipe + 1


def find_markdown_tables(text: str) -> list[Found]:
    """Every Markdown table of `text`, in order."""
    if "|" not in text:
        return []
    lines = _lines(text)
    found: list[Found] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if line.strip() == "|" and (i == 0 or not text[lines[i - 1][0] : lines[i - 1][1]].strip()):
            table, i = _stacked(text, lines, i)
        elif _is_row(line):
            table, i = _gfm(text, lines, i)
        else:
            i += 1
            continue
        if table is not None:
            found.append(table)
    return found


def markdown_tables(text: str, line_blocks: list[Block]) -> tuple[list[Table], list[Block]]:
    """The text's Markdown tables, and its blocks with the tables' lines as table_cell blocks."""
    found = find_markdown_tables(text)
    if not found:
        return [], line_blocks
    tables: list[Table] = []
    covered: list[tuple[int, int]] = []
    cell_blocks: list[Block] = []
    for index, table in enumerate(found):
        cells = table.cells
        n_rows = max(c.row for c in cells) + 1
        n_cols = max(c.col for c in cells) + 1
        header_rows = table.header_rows
        if header_rows is None:
            header_rows = structural_header_rows(cells, n_rows, n_cols)
        paths = column_paths(cells, header_rows, n_cols)
        tables.append(
            Table(
                index=index,
                source="markdown",
                start=cells[0].start,
                end=max(c.end for c in cells),
                n_rows=n_rows,
                n_cols=n_cols,
                header_rows=min(header_rows, n_rows),
                cells=cells,
                columns=[TableColumn(col=c, path=p) for c, p in enumerate(paths)],
            )
        )
        covered += table.lines
        cell_blocks += [
            Block(kind="table_cell", start=c.start, end=c.end, table=index, row=c.row, col=c.col)
            for c in cells
            if c.text
        ]
    spans = sorted(covered)
    starts = [s for s, _ in spans]

    def inside(block: Block) -> bool:  # a line block of one of the tables' lines
        k = bisect_right(starts, block.start) - 1
        return k >= 0 and block.end <= spans[k][1]

    kept = [b for b in line_blocks if not inside(b)]
    return tables, sorted(kept + cell_blocks, key=lambda b: (b.start, b.end))
