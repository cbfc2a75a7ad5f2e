"""PDF via pdfplumber: text outside tables, then each table as cells, page by page.

On each page the tables found by `find_tables()` are cut out of the running
text (their characters are filtered away) and emitted as table rows at their
vertical position, so table text is never duplicated. Pages are separated by a
blank line covered by a `page_break` block, so a figure never runs across a
page silently. Every page is closed after use to keep memory bounded, and
table detection is skipped on pages with an absurd number of graphic objects
(the cost of `find_tables` grows with them).
"""

from __future__ import annotations

import io
import re
from typing import Any

from pipeline.errors import ReadError
from pipeline.readers.build import Parsed, TextBuilder

MAX_PAGES = 2_000
MAX_TABLE_OBJECTS = 20_000  # lines + rects + curves on a page above which tables are not looked for
_PARAGRAPH_END = re.compile(r"[.:;!?…]\s*$")
_LIST_START = re.compile(r"^\s*(?:[-–+•*]|\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[IVXLC]+\.)\s")


def parse_pdf(data: bytes, doc_id: str) -> Parsed:
    """Read a PDF held in memory; raise E201 (corrupt), E202 (encrypted), E203 (no text layer)."""
    pdf = _open(data, doc_id)
    builder = TextBuilder()
    warnings: list[str] = []
    if b"%%EOF" not in data[-2048:]:
        warnings.append("no %%EOF marker at the end: the file looks truncated, text may be incomplete")
    table_count = 0
    try:
        pages = pdf.pages
        if len(pages) > MAX_PAGES:
            warnings.append(f"only the first {MAX_PAGES} of {len(pages)} pages were read")
        for number, page in enumerate(pages[:MAX_PAGES], start=1):
            try:
                if number > 1:
                    builder.add_page_break(number)
                table_count = _add_page(page, number, builder, table_count, warnings)
            finally:
                page.close()
        page_count = len(pages)
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged streams
        raise _classify(exc, doc_id) from exc
    finally:
        pdf.close()
    if not builder.has_text():
        raise ReadError("E203", f"{doc_id}: no text layer (a scanned PDF?); OCR is not available")
    return Parsed(text=builder.text(), blocks=builder.blocks, pages=page_count, warnings=warnings)


def _open(data: bytes, doc_id: str) -> Any:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: truncation and bad passwords surface here
    except Exception as exc:
        raise _classify(exc, doc_id) from exc
    return pdf


def _classify(exc: BaseException, doc_id: str) -> ReadError:
    """Map pdfminer/pdfplumber exceptions to E202 (encrypted) or E201 (corrupt)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = " ".join(type(e).__name__ for e in chain) + " " + " ".join(str(e) for e in chain)
    if re.search(r"Password|Encrypt", names, re.IGNORECASE):
        return ReadError("E202", f"{doc_id}: the PDF is encrypted (password protected)")
    return ReadError("E201", f"{doc_id}: corrupt or truncated PDF ({type(exc).__name__}: {str(exc)[:200]})")


def _add_page(page: Any, number: int, builder: TextBuilder, table_count: int, warnings: list[str]) -> int:
    """Add one page's text bands and tables in reading order; return the running table count."""
    tables = [(t.bbox, rows) for t in _find_tables(page, number, warnings) if _is_grid(rows := t.extract())]
    if not tables:
        _add_lines(page.extract_text() or "", number, builder)
        return table_count
    boxes = [bbox for bbox, _ in tables]
    previous_bottom = float("-inf")
    for bbox, rows in sorted(tables, key=lambda t: t[0][1]):
        _add_band(page, boxes, previous_bottom, bbox[1], number, builder)
        for row_index, row in enumerate(rows):
            cells = [(col, cell or "") for col, cell in enumerate(row) if cell is not None]
            builder.add_row(cells, table=table_count, row=row_index, page=number)
        table_count += 1
        previous_bottom = max(previous_bottom, bbox[3])
    _add_band(page, boxes, previous_bottom, float("inf"), number, builder)
    return table_count


def _is_grid(rows: list[list[str | None]]) -> bool:
    """A real table has a row with two filled cells; highlighted prose lines (boxes behind text,
    which pdfplumber also reads as cells) have one filled cell per row and stay running text."""
    return any(sum(1 for cell in row if cell and cell.strip()) >= 2 for row in rows)


def _find_tables(page: Any, number: int, warnings: list[str]) -> list[Any]:
    objects = page.objects
    graphics = sum(len(objects.get(kind, ())) for kind in ("line", "rect", "curve"))
    if graphics > MAX_TABLE_OBJECTS:
        warnings.append(f"page {number}: {graphics} graphic objects, tables not detected")
        return []
    return list(page.find_tables())


def _add_band(
    page: Any, boxes: list[tuple[float, ...]], top: float, bottom: float, number: int, builder: TextBuilder
) -> None:
    """Text whose vertical middle lies in [top, bottom) and outside every table box."""

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        middle_y = (obj["top"] + obj["bottom"]) / 2
        if not top <= middle_y < bottom:
            return False
        middle_x = (obj["x0"] + obj["x1"]) / 2
        return not any(x0 <= middle_x <= x1 and y0 <= middle_y <= y1 for x0, y0, x1, y1 in boxes)

    _add_lines(page.filter(keep).extract_text() or "", number, builder)


def _add_lines(text: str, number: int, builder: TextBuilder) -> None:
    """Group the page's lines into paragraphs: a line ending a sentence, or a list item, starts anew."""
    paragraph: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if paragraph and (_PARAGRAPH_END.search(paragraph[-1]) or _LIST_START.match(line)):
            builder.add_block("\n".join(paragraph), page=number)
            paragraph = []
        paragraph.append(line)
    if paragraph:
        builder.add_block("\n".join(paragraph), page=number)
