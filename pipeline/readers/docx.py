"""Word .docx: paragraphs and tables in body order, tables on their real grid, merged cells once.

The zip is inspected before python-docx opens it: a zip bomb is refused on its
declared sizes without inflating anything, and then every member is inflated
as a stream, a chunk at a time, against a byte budget per member and in total,
so a header that lies about a member's size (4 KB declared, 1 GB inside) is
refused after at most the budget and a chunk, never inflated in memory whole.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Any

from pipeline.errors import ReadError
from pipeline.readers.build import BlockKind, GridCell, Parsed, TextBuilder

MAX_UNCOMPRESSED = 200_000_000  # bytes, all members together
MAX_RATIO = 200  # uncompressed / compressed, over the whole archive
MAX_MEMBERS = 10_000
MAX_MEMBER_UNCOMPRESSED = 100_000_000  # bytes, one member
_CHUNK = 1 << 16  # bytes inflated at a time
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name and extra-field lengths
_HEADING_STYLES = ("heading", "title", "subtitle")
_HEADING_MAX_CHARS = 160


def parse_docx(data: bytes, doc_id: str) -> Parsed:
    """Read a .docx held in memory.

    Raises E301 (not a zip), E302 (zip bomb), E303 (corrupt), E108 (no text).
    """
    check_zip(data, doc_id)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        builder = TextBuilder()
        nested = _walk(document, builder)
    except ReadError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors... on broken parts
        raise ReadError("E303", f"{doc_id}: corrupt .docx ({type(exc).__name__}: {exc})") from exc
    if not builder.has_text():
        raise ReadError("E108", f"{doc_id}: the document holds no text")
    warnings = ["nested tables flattened into the text of their cell"] if nested else []
    return Parsed(text=builder.text(), blocks=builder.blocks, warnings=warnings, tables=builder.tables)


def check_zip(data: bytes, doc_id: str) -> None:
    """Refuse what is not a zip (E301) or would inflate absurdly (E302), from the central directory alone."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError("E301", f"{doc_id}: not a .docx (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError("E301", f"{doc_id}: not a readable zip archive ({exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise ReadError("E302", f"{doc_id}: {len(members)} members in the zip, more than {MAX_MEMBERS}")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNCOMPRESSED or unpacked / packed > MAX_RATIO:
        raise ReadError(
            "E302",
            f"{doc_id}: zip bomb refused ({unpacked:,} bytes uncompressed from {packed:,}; "
            f"limits {MAX_UNCOMPRESSED:,} bytes, ratio {MAX_RATIO})",
        )
    if "word/document.xml" not in {m.filename for m in members}:
        raise ReadError("E303", f"{doc_id}: zip archive without word/document.xml (not a Word document)")
    total = 0
    for member in members:
        total += _inflated_size(data, member, doc_id, MAX_UNCOMPRESSED - total)


def _inflated_size(data: bytes, member: zipfile.ZipInfo, doc_id: str, budget_left: int) -> int:
    """Inflate one member as a stream, a chunk at a time, and return its true size.

    E302 when it inflates past its declared size, its own budget or what is left of
    the archive's; E303 when its data is not what its headers say.
    """
    name = member.filename
    budget = min(member.file_size, MAX_MEMBER_UNCOMPRESSED, budget_left)
    start = member.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or _LOCAL_HEADER.unpack(header)[0] != b"PK\x03\x04":
        raise ReadError("E303", f"{doc_id}: zip member {name} has no local header where the directory says")
    _, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    packed = memoryview(data)[begin : begin + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        size = len(packed)
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        try:
            size = _inflate(packed, budget)
        except zlib.error as exc:
            raise ReadError("E303", f"{doc_id}: zip member {name} does not inflate ({exc})") from exc
    else:
        raise ReadError(
            "E303",
            f"{doc_id}: zip member {name} uses compression method {member.compress_type}, which Word never writes",
        )
    if size > budget:
        limit = (
            "its declared size"
            if budget == member.file_size
            else f"the limit of {min(MAX_MEMBER_UNCOMPRESSED, budget_left):,} bytes"
        )
        raise ReadError(
            "E302",
            f"{doc_id}: zip bomb refused (member {name} inflates past {limit}: {member.file_size:,} bytes declared)",
        )
    if size != member.file_size:
        raise ReadError(
            "E303", f"{doc_id}: zip member {name} holds {size:,} bytes, its header says {member.file_size:,}"
        )
    return size


def _inflate(packed: memoryview, budget: int) -> int:
    """Bytes a raw deflate stream inflates to, counted a chunk in and a chunk out at a time; stops as soon
    as it passes `budget` (so the count is then only known to be larger)."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    for offset in range(0, len(packed), _CHUNK):
        pending: bytes | memoryview = packed[offset : offset + _CHUNK]
        while pending and not inflater.eof:
            size += len(inflater.decompress(pending, _CHUNK))
            if size > budget:
                return size
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    while not inflater.eof:  # output still held back by the last chunk's limit
        more = len(inflater.decompress(b"", _CHUNK))
        if not more:
            break
        size += more
        if size > budget:
            return size
    if not inflater.eof:
        raise zlib.error("the stream ends before its last block")
    return size


def _walk(document: Any, builder: TextBuilder) -> bool:
    """Add the body's paragraphs and tables in order; True when a table held a nested table."""
    nested = False
    for item in document.iter_inner_content():
        if _is_table(item):
            nested |= _add_table(item, builder)
        else:
            kind: BlockKind = "heading" if _is_heading(item) else "paragraph"
            builder.add_block(item.text, kind)
    return nested


def _is_table(item: Any) -> bool:
    return type(item).__name__ == "Table"


def _is_heading(paragraph: Any) -> bool:
    """Heading styles, or a short paragraph wholly bold or in capitals (how reports mark sections)."""
    style = getattr(paragraph.style, "name", "") or ""
    if style.lower().startswith(_HEADING_STYLES):
        return True
    text = paragraph.text.strip()
    if not text or len(text) > _HEADING_MAX_CHARS:
        return False
    if text.isupper():
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def _add_table(table: Any, builder: TextBuilder) -> bool:
    """One line per row of the table's real grid (`w:gridBefore`, `w:gridSpan`, `w:vMerge`): a merged
    cell is one cell with its spans, a slot a vertical merge covers an empty cell in the line, so a
    row's cells never shift under another header. Returns True when a cell held a nested table."""
    from docx.table import _Cell

    nested = False
    rows: list[list[GridCell]] = []
    open_merges: dict[int, GridCell] = {}  # column -> the cell a vertical merge started there
    for row_index, tr in enumerate(table._tbl.tr_lst):
        cells: list[GridCell] = []
        col = tr.grid_before
        for tc in tr.tc_lst:
            span = max(1, tc.grid_span)
            above = open_merges.get(col)
            if tc.vMerge == "continue" and above is not None and above.col_span == span:
                above.row_span = row_index - above.row + 1
                cells.append(GridCell(row_index, col, "", col_span=span, covered=True))
            else:
                text, has_nested = _cell_text(_Cell(tc, table))
                nested |= has_nested
                cell = GridCell(row_index, col, text, col_span=span)
                cells.append(cell)
                for c in range(col, col + span):
                    open_merges.pop(c, None)
                if tc.vMerge == "restart":
                    open_merges[col] = cell
            col += span
        for c in [c for c, cell in open_merges.items() if cell.row + cell.row_span <= row_index]:
            del open_merges[c]  # not continued in this row (a row too short to reach it): the merge ends
        rows.append(cells)
    builder.open_table("docx")
    for cells in rows:  # spans are known only once every row is read
        builder.add_grid_row(cells)
    builder.close_table()
    return nested


def _cell_text(cell: Any) -> tuple[str, bool]:
    """Paragraphs of a cell, one per line; a nested table's rows follow as 'a | b' lines."""
    lines: list[str] = []
    nested = False
    for item in cell.iter_inner_content():
        if _is_table(item):
            nested = True
            for row in item.rows:
                seen: list[Any] = []
                texts = []
                for inner in row.cells:
                    if any(inner._tc is s for s in seen):
                        continue
                    seen.append(inner._tc)
                    texts.append(" ".join(_cell_text(inner)[0].split()))
                lines.append(" | ".join(texts))
        else:
            lines.append(item.text)
    return "\n".join(lines), nested
