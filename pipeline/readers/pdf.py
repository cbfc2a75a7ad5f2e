"""PDF via pdfium: each page's text layer, its ruled tables as cells, OCR where there is no real text.

Per page, pypdfium2 gives the characters with their boxes and the ruling lines
(`pdf_pdfium`); the characters are laid out into lines as solieu always did
(`pdf_layout`); tables are found from the ruling lines by pdfplumber's table
finder (`pdf_tables`), cut out of the running text and written as rows at their
vertical position, so table text is never duplicated. A page without a usable
text layer is read by OCR (`pdf_ocr`) when the options allow it. Pages are
separated by a blank line covered by a `page_break` block, so a figure never runs
across a page silently. A table that ends its page and goes on at the top of the next
is one table, its repeated header left out (`pdf_table_rows`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.errors import ReadError
from pipeline.readers.build import GridCell, Parsed, TextBuilder
from pipeline.readers.ocr_options import OcrOptions
from pipeline.readers.ocr_pages import OcrPagesNeeded, PageOcrSource
from pipeline.readers.pdf_clean import CleanPage, clean_pages
from pipeline.readers.pdf_layout import BOTTOM, TOP, X0, X1, Char, Line, layout_lines
from pipeline.readers.pdf_table_rows import PdfTable, continues, grid_rows, header_rows_of, repeated_header
from pipeline.readers.pdf_tables import TableGrid, find_tables
from pipeline.readers.pdf_verdict import Verdict, text_layer_verdict, vietnamese_quality

DEFAULT_OPTIONS = OcrOptions()
MAX_PAGES = 2_000
MAX_TABLE_OBJECTS = 20_000  # path objects on a page above which tables are not looked for
_PARAGRAPH_END = re.compile(r"[.:;!?…]\s*$")
_LIST_START = re.compile(r"^\s*(?:[-–+•*]|\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[IVXLC]+\.)\s")


@dataclass
class PageItems:
    """One page's content in reading order: ("lines", [line, …]) bands, ("table", TableGrid) tables
    (a `PdfTable` once the document's tables are planned), or ("ocr", [(line, confidence), …]) for a
    page read by OCR."""

    number: int
    items: list[tuple[str, Any]] = field(default_factory=list)
    source: str = "text"
    width: float = 0.0
    clean: CleanPage | None = None

    def text(self) -> str:
        """All the page's words, for judging its text layer."""
        parts: list[str] = []
        for kind, content in self.items:
            if kind == "lines":
                parts.extend(line.text for line in content)
            elif kind == "table":
                grid = content.grid if isinstance(content, PdfTable) else content
                parts.extend(cell for row in grid.rows for cell in row if cell)
            else:
                parts.extend(line for line, _ in content)
        return "\n".join(parts)


@dataclass
class _OcrState:
    """What OCR did across a document, for its warnings and errors."""

    pages: list[int] = field(default_factory=list)
    unavailable: list[int] = field(default_factory=list)
    unavailable_reason: str = ""
    empty: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)  # pages left to OCR as units of their own


def parse_pdf(
    data: bytes, doc_id: str, options: OcrOptions = DEFAULT_OPTIONS, ocr_pages: PageOcrSource | None = None
) -> Parsed:
    """Read a PDF held in memory; raise E201 (corrupt), E202 (encrypted), E203 (no text),
    E204 (pages need OCR, which is not installed), E205 (OCR read nothing).

    With `ocr_pages`, OCR pages are taken from it (results of page units), or, when it defers,
    named by `OcrPagesNeeded` once every page has been judged (`ocr_pages`)."""
    document = _open(data, doc_id)
    warnings: list[str] = []
    if b"%%EOF" not in data[-2048:]:
        warnings.append("no %%EOF marker at the end: the file looks truncated, text may be incomplete")
    pages: list[PageItems] = []
    state = _OcrState()
    try:
        page_count = len(document)
        if page_count > MAX_PAGES:
            warnings.append(f"only the first {MAX_PAGES} of {page_count} pages were read")
        for index in range(min(page_count, MAX_PAGES)):
            pages.append(_read_page(document, index, options, warnings, state, ocr_pages))
    except ReadError:
        raise
    except Exception as exc:  # pdfium raises PdfiumError on damaged page streams
        raise _classify(exc, doc_id) from exc
    finally:
        document.close()
    if state.deferred and ocr_pages is not None:
        raise OcrPagesNeeded(tuple(state.deferred), ocr_pages.read_sha256, page_count)
    _clean(pages)
    _plan_tables(pages)
    builder = TextBuilder()
    pending: list[tuple[int, list[str]]] = []  # footnotes waiting for the paragraph open at their page's end
    for page in pages:
        if page.number > 1:
            builder.add_page_break(page.number)
        _add_page(page, builder, pending)
    builder.close_table()
    _add_footnotes(pending, builder)
    _ocr_warnings(state, warnings)
    if not builder.has_text():
        raise _no_text_error(doc_id, state, options)
    return Parsed(
        text=builder.text(), blocks=builder.blocks, pages=page_count, warnings=warnings, tables=builder.tables
    )


def _ocr_warnings(state: _OcrState, warnings: list[str]) -> None:
    if state.pages:
        warnings.append(f"read by OCR (Tesseract, Vietnamese): page(s) {_page_list(state.pages)}")
    if state.unavailable:
        warnings.append(f"page(s) {_page_list(state.unavailable)} need OCR, not read: {state.unavailable_reason}")


def _no_text_error(doc_id: str, state: _OcrState, options: OcrOptions) -> ReadError:
    if state.unavailable:
        return ReadError("E204", f"{doc_id}: no text layer and OCR is not available: {state.unavailable_reason}")
    if state.empty:
        return ReadError("E205", f"{doc_id}: no text layer, and OCR found no text on page(s) {_page_list(state.empty)}")
    if options.mode == "never":
        return ReadError("E203", f"{doc_id}: no text layer (a scanned PDF?); OCR is off (--ocr never)")
    return ReadError("E203", f"{doc_id}: no text layer and nothing for OCR to read (blank or drawing-only pages)")


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" … ({len(numbers)} pages)" if len(numbers) > 20 else "")


def _open(data: bytes, doc_id: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except Exception as exc:
        raise _classify(exc, doc_id) from exc


def _classify(exc: BaseException, doc_id: str) -> ReadError:
    """Map pdfium's errors to E202 (encrypted) or E201 (corrupt)."""
    text = f"{type(exc).__name__}: {exc}"
    if re.search(r"Password|Encrypt|security", text, re.IGNORECASE):
        return ReadError("E202", f"{doc_id}: the PDF is encrypted (password protected)")
    return ReadError("E201", f"{doc_id}: corrupt or truncated PDF ({text[:200]})")


def _read_page(
    document: Any,
    index: int,
    options: OcrOptions,
    warnings: list[str],
    state: _OcrState,
    ocr_pages: PageOcrSource | None = None,
) -> PageItems:
    from pipeline.readers.pdf_pdfium import read_text_layer

    number = index + 1
    page = document[index]
    try:
        layer = read_text_layer(page)
        items = _text_items(layer, number, warnings)
        verdict = _verdict(items, layer, options)
        if verdict.ocr and ocr_pages is not None and ocr_pages.defers:
            state.deferred.append(number)
        elif verdict.ocr:
            ocr_items = _ocr_items(page, layer, number, items, verdict, options, warnings, state, ocr_pages)
            if ocr_items is not None:
                return ocr_items
        return items
    finally:
        page.close()


def _verdict(items: PageItems, layer: Any, options: OcrOptions) -> Verdict:
    if options.mode == "never":
        return Verdict(False)
    if options.mode == "always":
        return Verdict(True, "--ocr always")
    objects = layer.objects
    return text_layer_verdict(items.text(), objects.images or [], objects.paths, layer.geo.width, layer.geo.height)


def _ocr_items(
    page: Any,
    layer: Any,
    number: int,
    items: PageItems,
    verdict: Verdict,
    options: OcrOptions,
    warnings: list[str],
    state: _OcrState,
    ocr_pages: PageOcrSource | None = None,
) -> PageItems | None:
    """The page read by OCR (here, or the result of its own unit of work), or None to keep its text
    layer (OCR absent, blank, or worse than the layer)."""
    from pipeline.readers.ocr_cleanup import clean_ocr_line
    from pipeline.readers.pdf_ocr import OcrUnavailable, ocr_loaded_page

    given = ocr_pages.page(number) if ocr_pages is not None else None
    try:
        if given is None:
            result = ocr_loaded_page(
                page, number, layer.geo.width, layer.geo.height, layer.objects.images or [], options
            )
        elif given.unavailable:
            raise OcrUnavailable(given.unavailable)
        elif given.failed:
            raise RuntimeError(given.failed)  # as pdfium's own error would have been: classified E201
        else:
            result = given
    except OcrUnavailable as exc:
        state.unavailable.append(number)
        state.unavailable_reason = str(exc)
        return None
    if result.blank:
        return None
    if result.timed_out:
        warnings.append(f"page {number}: OCR stopped after {options.timeout_s:g} s (--ocr-timeout): text may be cut")
    lines = [(clean_ocr_line(line.text), line.confidence) for line in result.lines]
    lines = [(text, confidence) for text, confidence in lines if text.strip()]
    if not lines:
        state.empty.append(number)
        return None
    layer_text = items.text()
    if layer_text.strip() and (verdict.reason.startswith("broken") or options.mode == "always"):
        ocr_text = "\n".join(text for text, _ in lines)
        if vietnamese_quality(ocr_text) < vietnamese_quality(layer_text):
            warnings.append(f"page {number}: OCR read worse Vietnamese than the text layer, which is kept")
            return None
    state.pages.append(number)
    if result.rotation:
        warnings.append(f"page {number}: scanned turned, read after turning it {result.rotation}°")
    return PageItems(number, [("ocr", lines)], source="ocr")


def _text_items(layer: Any, number: int, warnings: list[str]) -> PageItems:
    """The page's text layer as bands of lines and tables, in reading order."""
    result = PageItems(number, width=layer.geo.width)
    objects = layer.objects
    tables: list[TableGrid] = []
    if objects.paths > MAX_TABLE_OBJECTS:
        warnings.append(f"page {number}: {objects.paths} graphic objects, tables not detected")
    elif objects.edges:
        tables = find_tables(objects.edges, layer.chars, (0.0, 0.0, layer.geo.width, layer.geo.height))
    chars = layer.chars
    if not tables:
        result.items.append(("lines", layout_lines(chars)))
        return result
    boxes = [t.bbox for t in tables]
    previous_bottom = float("-inf")
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        result.items.append(("lines", _band(chars, boxes, previous_bottom, table.bbox[1])))
        result.items.append(("table", table))
        previous_bottom = max(previous_bottom, table.bbox[3])
    result.items.append(("lines", _band(chars, boxes, previous_bottom, float("inf"))))
    return result


def _band(chars: list[Char], boxes: list[tuple[float, float, float, float]], top: float, bottom: float) -> list[Line]:
    """Lines of the characters whose vertical middle lies in [top, bottom) and outside every table box."""
    kept = []
    for char in chars:
        middle_y = (char[TOP] + char[BOTTOM]) / 2
        if not top <= middle_y < bottom:
            continue
        middle_x = (char[X0] + char[X1]) / 2
        if any(x0 <= middle_x <= x1 and y0 <= middle_y <= y1 for x0, y0, x1, y1 in boxes):
            continue
        kept.append(char)
    return layout_lines(kept)


def _clean(pages: list[PageItems]) -> None:
    """Page numbers, running lines, footnotes and the signature out of the text-layer pages."""
    text_pages = [p for p in pages if p.source == "text"]
    cleans = []
    for page in text_pages:
        bands = [content for kind, content in page.items if kind == "lines"]
        page.clean = CleanPage(page.number, page.width, bands)
        cleans.append(page.clean)
    clean_pages(cleans)


def _has_text(kind: str, content: Any) -> bool:
    return kind != "lines" or any(line.text.strip() for line in content)


def _plan_tables(pages: list[PageItems]) -> None:
    """Each table as grid rows (`pdf_table_rows`); a table opening its page that goes on from the
    table ending the page before continues it, its repeated header rows left out."""
    previous: PdfTable | None = None  # the table that ended the page before
    next_row = 0
    for page in pages:
        items = [(i, kind, content) for i, (kind, content) in enumerate(page.items) if _has_text(kind, content)]
        for position, (i, kind, content) in enumerate(items):
            if kind != "table":
                continue
            grid: TableGrid = content
            if position == 0 and previous is not None and continues(previous.grid, grid):
                skip = repeated_header(previous.grid, previous.header_rows, grid)
                table = PdfTable(
                    grid,
                    page.number,
                    grid_rows(grid, page.number, 0, next_row, skip),
                    previous.header_rows,
                    continues=True,
                    dropped=skip,
                )
                table.grid = previous.grid  # what a further continuation is compared with
            else:
                header_rows = header_rows_of(grid)
                next_row = 0
                table = PdfTable(grid, page.number, grid_rows(grid, page.number, header_rows), header_rows)
            next_row += len(table.rows)
            page.items[i] = ("table", table)
            previous = table
        ends_with_table = bool(items) and items[-1][1] == "table"
        clean = page.clean
        if not ends_with_table or (clean is not None and (clean.signature or clean.recipients or clean.footnotes)):
            previous = None  # footnotes and the signature go in after the page: the table ends here


def _add_page(page: PageItems, builder: TextBuilder, pending: list[tuple[int, list[str]]]) -> None:
    """Add one page's bands and tables in reading order.

    Footnotes of the previous page go in after this page's first paragraph (the one that
    carried the sentence across the page break), or at once when that page ended a sentence.
    A table continued from the previous page goes on in the table still open.
    """
    last_line = ""
    for kind, content in page.items:
        if kind == "lines":
            lines = [line.without_markers() for line in content]
            for paragraph in _paragraphs(lines):
                builder.add_block(paragraph, page=page.number)
                _add_footnotes(pending, builder)
            if lines:
                last_line = lines[-1]
        elif kind == "ocr":
            _add_ocr_lines(content, page.number, builder)
            _add_footnotes(pending, builder)
        else:
            table: PdfTable = content
            rows = table.rows
            if not (table.continues and builder.table_open):
                if table.continues and any(rows):  # something closed the table it went on from
                    rows = _rebased(rows)
                builder.open_table("pdf", table.header_rows if not table.continues else None)
            builder.note_dropped_header(table.dropped)
            for row in rows:
                builder.add_grid_row(row)
    clean = page.clean
    if clean is not None:
        for paragraph in _paragraphs(clean.recipients):
            builder.add_block(paragraph, page=page.number)
        builder.add_block("\n".join(clean.signature), page=page.number)
        pending.extend((page.number, note) for note in clean.footnotes)
        if _PARAGRAPH_END.search(last_line) or clean.signature:
            _add_footnotes(pending, builder)


def _rebased(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """A continuation's rows numbered from 0, for a table of its own."""
    base = min(cell.row for row in rows for cell in row)
    return [[replace(cell, row=cell.row - base) for cell in row] for row in rows]


def _add_footnotes(pending: list[tuple[int, list[str]]], builder: TextBuilder) -> None:
    for number, lines in pending:
        builder.add_block("\n".join(lines), kind="footnote", page=number)
    pending.clear()


def _paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: a line ending a sentence, or a list item, starts anew."""
    out: list[str] = []
    paragraph: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if paragraph and (_PARAGRAPH_END.search(paragraph[-1]) or _LIST_START.match(line)):
            out.append("\n".join(paragraph))
            paragraph = []
        paragraph.append(line)
    if paragraph:
        out.append("\n".join(paragraph))
    return out


def _add_ocr_lines(lines: list[tuple[str, float]], number: int, builder: TextBuilder) -> None:
    """OCR lines, paragraphed like a text layer; each block records its source and mean confidence."""
    paragraph: list[tuple[str, float]] = []

    def flush() -> None:
        letters = sum(len(text) for text, _ in paragraph) or 1
        confidence = sum(len(text) * conf for text, conf in paragraph) / letters
        builder.add_block(
            "\n".join(text for text, _ in paragraph), page=number, source="ocr", confidence=round(confidence, 3)
        )

    for line, confidence in lines:
        if paragraph and (_PARAGRAPH_END.search(paragraph[-1][0]) or _LIST_START.match(line)):
            flush()
            paragraph = []
        paragraph.append((line, confidence))
    if paragraph:
        flush()
