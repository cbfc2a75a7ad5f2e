"""Assemble a document's text piece by piece, recording each piece's offsets.

Each piece is normalised on its own and pieces are joined with a line break,
so offsets are final the moment they are recorded (normalisation never
reaches across a line break) and `normalize_text(text) == text` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pipeline.readers.normalize import normalize_text
from schemas.models import Block

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


class TextBuilder:
    """Collects normalised pieces and their blocks; `text()` joins them."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []

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
        self._new_line()
        start = self._append(piece)
        self.blocks.append(Block(kind=kind, start=start, end=start + len(piece), **where))

    def add_row(self, cells: list[tuple[int, str]], table: int, row: int, page: int | None = None) -> None:
        """Add one table row as one line, cells separated by CELL_SEPARATOR; one block per non-empty cell."""
        pieces = [(col, normalize_text(raw).strip()) for col, raw in cells]
        if not any(piece for _, piece in pieces):
            return
        self._new_line()
        for i, (col, piece) in enumerate(pieces):
            if i:
                self._append(CELL_SEPARATOR)
            if piece:
                start = self._append(piece)
                self.blocks.append(
                    Block(
                        kind="table_cell",
                        start=start,
                        end=start + len(piece),
                        table=table,
                        row=row,
                        col=col,
                        page=page,
                    )
                )

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
