"""HTML pages: the article's text only, block elements on their own lines.

Site chrome (script, style, nav, header, footer, aside, noscript, form) is
dropped; when the page has an <article> or <main>, only that is read (the
<title> is kept as a heading if the article has no <h1>). Inline elements
flow into the current paragraph with HTML's white-space collapsing; headings
become heading blocks and table cells table_cell blocks. Tables are read on
their real grid (`rowspan`, `colspan`) into `schemas.Table`s, `<thead>` or
leading rows of `<th>` as their header.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.errors import ReadError
from pipeline.readers.build import GridCell, Parsed, TextBuilder

_DROP = frozenset(
    {
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "noscript",
        "form",
        "template",
        "iframe",
        "svg",
        "button",
        "select",
        "head",
    }
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "br",
        "hr",
        "table",
        "caption",
        "address",
        "center",
        "body",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WHITE = re.compile(r"\s+")
MAX_DEPTH = 2048  # libxml2's limit with huge_tree; deeper HTML is E109, never cut short without a word


def parse_html(data: bytes, doc_id: str) -> Parsed:
    """Read an HTML page held in memory; raise E401 when it cannot be parsed, E108 when it has no text."""
    text, encoding = _decode(data, doc_id)
    if not text.strip():
        raise ReadError("E101", f"{doc_id}: the file holds only white space")
    try:
        import lxml.html

        # huge_tree: libxml2 otherwise stops at 256 levels or a 10 MB text node and drops the rest silently
        parser = lxml.html.HTMLParser(huge_tree=True)
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except Exception as exc:  # lxml raises ParserError, XMLSyntaxError, ValueError
        raise ReadError("E401", f"{doc_id}: cannot parse the HTML ({type(exc).__name__}: {exc})") from exc
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:  # libxml2 stopped reading: the text past this point is lost
            raise ReadError(
                "E109",
                f"{doc_id}: elements nested more than {MAX_DEPTH} levels deep; the text "
                f"past that depth cannot be read (line {entry.line})",
            )
    title = (root.findtext(".//title") or "").strip()
    for element in list(root.iter()):
        dropped = not isinstance(element.tag, str) or element.tag.lower() in _DROP
        if dropped and element.getparent() is not None:
            element.drop_tree()
    main = _main_part(root)
    builder = TextBuilder()
    if title and not main.xpath(".//h1"):
        builder.add_block(_WHITE.sub(" ", title), "heading")
    walker = _Walker(builder)
    walker.walk(main, with_tail=False)
    walker.flush()
    if not builder.has_text():
        raise ReadError("E108", f"{doc_id}: the page holds no text")
    return Parsed(text=builder.text(), blocks=builder.blocks, encoding=encoding, tables=builder.tables)


def _decode(data: bytes, doc_id: str) -> tuple[str, str]:
    """BOM, then <meta charset>, then UTF-8; binary junk is E401."""
    from pipeline.readers.txt import decode_bytes

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        text, encoding, _ = decode_bytes(data, doc_id)
        return text, encoding
    if b"\x00" in data[:65_536]:
        raise ReadError("E401", f"{doc_id}: binary data, not HTML")
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace").lower() if match else "utf-8"
    try:
        return data.decode(declared), declared
    except (LookupError, UnicodeDecodeError):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding, _ = decode_bytes(data, doc_id)
            except ReadError as exc:
                raise ReadError("E401", f"{doc_id}: cannot decode the HTML ({exc.message})") from exc
            return text, encoding


def _main_part(root: Any) -> Any:
    """<article> or <main> when present and not trivially short, else <body>."""
    for path in (".//article", ".//main", ".//*[@role='main']"):
        found = root.xpath(path)
        if found:
            best = max(found, key=lambda e: len(e.text_content()))
            if len(best.text_content().strip()) >= 200:
                return best
    body = root.find("body")
    return body if body is not None else root


class _Walker:
    """Depth-first walk collecting inline text into paragraphs, flushed at block boundaries."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []
        self.heading = 0

    def flush(self) -> None:
        text = _WHITE.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.builder.add_block(text, "heading" if self.heading else "paragraph")

    def walk(self, top: Any, with_tail: bool = True) -> None:
        """Depth-first over `top` with a stack of its own (no recursion limit at any depth): the text,
        children and tail of each element in document order, blocks flushed where they start and end."""
        stack: list[tuple[Any, bool, bool]] = [(top, False, with_tail)]
        while stack:
            element, leaving, tail = stack.pop()
            tag = element.tag.lower() if isinstance(element.tag, str) else ""
            if leaving:
                if tag != "table" and tag in _BLOCKS:
                    self.flush()
                    self.heading -= tag in _HEADINGS
                if tail and element.tail:
                    self.buffer.append(element.tail)
                continue
            stack.append((element, True, tail))
            if tag == "table":
                self.flush()
                self.add_table(element)
                continue
            if tag in _BLOCKS:
                self.flush()
                self.heading += tag in _HEADINGS
            self.buffer.append(element.text or "")
            stack.extend((child, False, True) for child in reversed(element))

    def add_table(self, table: Any) -> None:
        """The table on its real grid (`rowspan`, `colspan`): a slot a cell above spans into is an
        empty cell in the line, so a row's cells stay under their headers. Rows of `<thead>`, or
        leading rows of `<th>` cells only, are its header."""
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        owner: dict[tuple[int, int], GridCell] = {}
        grid: list[list[GridCell]] = []
        header_rows = 0
        header_open = True
        for r, tr in enumerate(rows):
            cells: list[GridCell] = []
            col = 0
            tags = tr.xpath("./td|./th")
            for element in tags:
                col = _covered(owner, r, col, cells)
                cell = GridCell(
                    r,
                    col,
                    _WHITE.sub(" ", element.text_content()),
                    row_span=_span(element.get("rowspan"), len(rows) - r),
                    col_span=_span(element.get("colspan"), _MAX_COLSPAN),
                )
                for rr in range(r, r + cell.row_span):
                    for cc in range(col, col + cell.col_span):
                        owner[(rr, cc)] = cell
                cells.append(cell)
                col += cell.col_span
            _covered(owner, r, col, cells)
            in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
            if header_open and tags and (in_head or all(e.tag == "th" for e in tags)):
                header_rows = r + 1
            else:
                header_open = False
            grid.append(cells)
        self.builder.open_table("html", header_rows or None)
        for cells in grid:
            self.builder.add_grid_row(cells)
        self.builder.close_table()


def _covered(owner: dict[tuple[int, int], GridCell], row: int, col: int, cells: list[GridCell]) -> int:
    """Add the slots from `col` on that a cell of a row above spans into; return the next free column."""
    while (row, col) in owner:
        above = owner[(row, col)]
        cells.append(GridCell(row, above.col, "", col_span=above.col_span, covered=True))
        col = above.col + above.col_span
    return col


_MAX_COLSPAN = 1000  # HTML's own limit


def _span(value: str | None, limit: int) -> int:
    """A rowspan or colspan attribute as a span of at least 1; 0 (HTML: to the end) and junk read as
    the limit and 1."""
    try:
        span = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return limit if span == 0 else max(1, min(span, limit))
