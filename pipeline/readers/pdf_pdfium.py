"""What pdfium tells about a page: its characters with boxes, its ruling lines, its images.

pdfium (via pypdfium2) reads a page's text layer in a few milliseconds where
pdfminer takes a few hundred. Its marks are mapped to what the text says: a
line-end hyphen comes as U+0002 (U+FFFE in bulk text) and is a `-`; the
spaces and line breaks pdfium generates itself are word breaks, never text.

Coordinates are turned into pdfplumber's: points, origin at the top left of the
page as displayed (after /Rotate), `top` = bottom of the character box minus its
font size, as pdfminer computes it, so lines cluster exactly as before.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pipeline.readers.pdf_layout import Char

_HYPHEN_MARKS = {"\x02": "-", "\ufffe": "-"}
_SURROGATE = re.compile("[\ud800-\udfff]")  # a character beyond the BMP: bulk text no longer aligns with indices
_SKIPPED = frozenset("\r\n")
_PATH, _TEXT, _IMAGE, _FORM = 2, 1, 3, 5  # FPDF_PAGEOBJ_* object types
_SEGMENT_MOVETO = 2  # FPDF_SEGMENT_MOVETO


@dataclass
class PageGeometry:
    """Page size as displayed and the map from pdfium's user space to top-down display coordinates."""

    width: float
    height: float
    rotation: int
    x0: float
    y0: float
    x1: float
    y1: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A user-space point → (x, top) on the displayed page."""
        if self.rotation == 90:
            return y - self.y0, x - self.x0
        if self.rotation == 180:
            return self.x1 - x, y - self.y0
        if self.rotation == 270:
            return self.y1 - y, self.x1 - x
        return x - self.x0, self.y1 - y


def geometry(page: Any) -> PageGeometry:
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    width, height = (y1 - y0, x1 - x0) if rotation in (90, 270) else (x1 - x0, y1 - y0)
    return PageGeometry(width, height, rotation, x0, y0, x1, y1)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class PageObjects:
    """A census of the page's content, enough to decide about tables and OCR."""

    text_objects: int = 0
    rotated_text: bool = False
    # display boxes and pixel sizes (x0, top, x1, bottom, width px, height px)
    images: list[tuple[float, float, float, float, int, int]] | None = None
    edges: list[dict[str, Any]] | None = None  # axis-aligned path segments, pdfplumber edge dicts
    paths: int = 0
    ghost_spaces: list[Char] | None = None  # one-glyph text objects pdfium's text page dropped


def page_objects(page: Any, geo: PageGeometry, with_edges: bool = True) -> PageObjects:
    """Walk the page's objects in content order (into form XObjects): text count and orientation,
    images, ruling edges, and the spaces pdfium's text page drops."""
    import pypdfium2.raw as pdfium_c

    census = PageObjects(images=[], edges=[], ghost_spaces=[])
    walker = _Walker(pdfium_c, geo, census, with_edges)
    raw = page.raw
    walker.walk([pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))], None, 0)
    return census


class _Walker:
    """One pass over a page's objects, its ctypes buffers allocated once."""

    def __init__(self, pdfium_c: Any, geo: PageGeometry, census: PageObjects, with_edges: bool) -> None:
        self.c = pdfium_c
        self.geo = geo
        self.census = census
        self.with_edges = with_edges
        self.matrix = pdfium_c.FS_MATRIX()
        self.box = [ctypes.c_float() for _ in range(4)]
        self.size = ctypes.c_float()
        self.descent = ctypes.c_float()

    def walk(self, objects: list[Any], outer: tuple[float, ...] | None, depth: int) -> None:
        c, census, matrix = self.c, self.census, self.matrix
        get_type, get_matrix, get_bounds = c.FPDFPageObj_GetType, c.FPDFPageObj_GetMatrix, c.FPDFPageObj_GetBounds
        left, bottom, right, top = self.box
        for obj in objects:
            kind = get_type(obj)
            if kind == _TEXT:
                census.text_objects += 1
                get_matrix(obj, matrix)
                m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                if outer is not None:
                    m = _compose(m, outer)
                if not census.rotated_text and not (m[0] * m[3] > 0 and m[1] * m[2] <= 0):
                    census.rotated_text = True
                if (
                    outer is None
                    and get_bounds(obj, left, bottom, right, top)
                    and right.value - left.value < 1e-3
                    and top.value - bottom.value < 1e-3
                    and (ghost := self._ghost_space(obj, m)) is not None
                ):
                    census.ghost_spaces.append(ghost)  # type: ignore[union-attr]
            elif kind == _PATH:
                census.paths += 1
                if self.with_edges:
                    get_matrix(obj, matrix)
                    m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                    census.edges.extend(_path_edges(obj, m if outer is None else _compose(m, outer), self.geo))  # type: ignore[union-attr]
            elif kind == _IMAGE:
                pixel_w, pixel_h = ctypes.c_uint(), ctypes.c_uint()
                c.FPDFImageObj_GetImagePixelSize(obj, pixel_w, pixel_h)
                census.images.append((*_bounds(obj, self.geo), pixel_w.value, pixel_h.value))  # type: ignore[union-attr]
            elif kind == _FORM and depth < 8:
                get_matrix(obj, matrix)
                m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                inner = [c.FPDFFormObj_GetObject(obj, j) for j in range(c.FPDFFormObj_CountObjects(obj))]
                self.walk(inner, m if outer is None else _compose(m, outer), depth + 1)

    def _ghost_space(self, obj: Any, m: tuple[float, ...]) -> Char | None:
        """A text object whose glyphs have no extent (a space), as the space character pdfminer saw.

        pdfium drops a space whose box overlaps the next letter (Word writes `b) Điểm` with the
        space in Arial between Times letters); pdfminer kept it, and with it the word break. A space
        pdfium kept comes twice, which changes nothing: both are breaks at the same place.
        """
        c = self.c
        font = c.FPDFTextObj_GetFont(obj)
        if not font or not c.FPDFTextObj_GetFontSize(obj, ctypes.byref(self.size)):
            return None
        font_size = self.size.value * (abs(m[0] * m[3] - m[1] * m[2])) ** 0.5
        # pdfminer's box: from the baseline plus the font's descent, one font size high
        if font_size <= 0 or not c.FPDFFont_GetDescent(font, ctypes.c_float(font_size), ctypes.byref(self.descent)):
            return None
        x, low = self.geo.point(m[4], m[5] + self.descent.value)
        return (" ", x, x, low - font_size, low, True)


def _bounds(obj: Any, geo: PageGeometry) -> tuple[float, float, float, float]:
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    xa, ya = geo.point(left.value, bottom.value)
    xb, yb = geo.point(right.value, top.value)
    return (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


def _path_edges(obj: Any, m: tuple[float, ...], geo: PageGeometry) -> list[dict[str, Any]]:
    """The path's straight axis-aligned segments as pdfplumber edge dicts.

    As pdfminer sees paths: each subpath on its own; a closed four-point subpath (a
    rectangle, `re`) has its closing side, any other shape only the segments drawn.
    """
    import pypdfium2.raw as pdfium_c

    a, b, c, d, e, f = m
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count > 2_000:  # a drawing, not rulings
        return []
    point_of = geo.point
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = x.value, y.value
        point = point_of(a * px + c * py + e, b * px + d * py + f)
        if pdfium_c.FPDFPathSegment_GetType(segment) == _SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
            closed.append(False)
        else:
            subpaths[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            closed[-1] = True
    edges = []
    for sub, is_closed in zip(subpaths, closed, strict=True):
        if is_closed and len(sub) == 4:
            sub = [*sub, sub[0]]
        for (xa, ya), (xb, yb) in pairwise(sub):
            if ya == yb and xa != xb:
                orientation = "h"
            elif xa == xb and ya != yb:
                orientation = "v"
            else:
                continue
            top, bottom = min(ya, yb), max(ya, yb)
            left, right = min(xa, xb), max(xa, xb)
            edges.append(
                {
                    "object_type": "line",
                    "x0": left,
                    "x1": right,
                    "top": top,
                    "bottom": bottom,
                    "doctop": top,
                    "width": right - left,
                    "height": bottom - top,
                    "orientation": orientation,
                }
            )
    return edges


@dataclass
class TextLayer:
    """One page as pdfium reads it: geometry, object census and characters."""

    geo: PageGeometry
    objects: PageObjects
    chars: list[Char]


def read_text_layer(page: Any, with_edges: bool = True) -> TextLayer:
    """Everything the reader needs from one page, from one pdfium text page."""
    import pypdfium2.raw as pdfium_c

    geo = geometry(page)
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        objects = page_objects(page, geo, with_edges)
        chars = page_chars(textpage, geo, objects.rotated_text)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    chars.extend(objects.ghost_spaces or ())
    return TextLayer(geo, objects, chars)


def page_chars(textpage: Any, geo: PageGeometry, rotated_text: bool) -> list[Char]:
    """The page's characters in content order, with pdfminer-compatible boxes.

    Two pdfium calls per character (box, font size) and one for all the text;
    the per-character matrix is read only on pages that hold rotated text.
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count or _SURROGATE.search(text):
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    is_generated = pdfium_c.FPDFText_IsGenerated
    matrix = pdfium_c.FS_MATRIX()
    point = geo.point
    turned = geo.rotation in (90, 270)  # upright text on a page turned a quarter reads vertically
    simple = geo.rotation == 0 and not rotated_text
    y_top = geo.y1
    x_origin = geo.x0
    chars: list[Char] = []
    previous: Char | None = None
    for i, ch in enumerate(text):
        if ch in _SKIPPED:
            continue
        if ch == " " and is_generated(textpage, i):
            if previous is not None:  # a break pdfium saw in the spacing: a space at the previous char's place
                chars.append((" ", previous[2], previous[2], previous[3], previous[4], previous[5]))
            continue
        ch = _HYPHEN_MARKS.get(ch, ch)
        get_box(textpage, i, rect)
        size = get_size(textpage, i)
        if simple:
            bottom = y_top - rect.bottom
            char = (ch, rect.left - x_origin, rect.right - x_origin, bottom - size, bottom, True)
        else:
            upright = True
            if (rotated_text or turned) and pdfium_c.FPDFText_GetMatrix(textpage, i, matrix):
                upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0
            upright = upright != turned
            xa, ya = point(rect.left, rect.bottom)
            xb, yb = point(rect.right, rect.top)
            left, right, low, high = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
            # upright: pdfminer's top (bottom minus the font size); rotated: the box as it is
            char = (ch, left, right, high - size, high, True) if upright else (ch, left, right, low, high, False)
        chars.append(char)
        previous = char
    return chars
