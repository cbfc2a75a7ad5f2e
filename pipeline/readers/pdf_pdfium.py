"""What pdfium tells about a page: its characters with boxes, its ruling lines, its images.

pdfium (via pypdfium2) reads a page's text layer in a few milliseconds where
pdfminer takes a few hundred. Its marks are mapped to what the text says: a
line-end hyphen comes as U+0002 (U+FFFE in bulk text) and is a `-`; the
spaces and line breaks pdfium generates itself are word breaks, never text.

Coordinates are turned into pdfplumber's: points, origin at the top left of the
page as displayed (after /Rotate), `top` = bottom of the character box minus its
font size, as pdfminer computes it, so lines cluster exactly as before.

A page costs a few thousand pdfium calls (two per character, two or three per
object and per path segment), so the calls of those loops go through cffi
(`pdfium_calls`) at pypdfium2's own functions; where `_pdf_loops.c` is compiled,
the character loop and the object walk run in C at the same functions, with the
same output (`_upright_chars` and `_Walker` are their reference).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from struct import Struct
from typing import Any

from pipeline.readers.pdf_layout import Char
from pipeline.readers.pdfium_calls import pdfium_calls

compiled_chars: Callable[..., list[Char]] | None
compiled_census: Callable[..., tuple[Any, ...]] | None
try:  # `_upright_chars` and the `_Walker` in C (setup.py builds them where a compiler is found), equal output
    from pipeline.readers._pdf_loops import page_census as compiled_census
    from pipeline.readers._pdf_loops import upright_chars as compiled_chars
except ImportError:  # an install without a C compiler: the Python loops
    compiled_chars = compiled_census = None

_HYPHEN_TABLE = str.maketrans({"\x02": "-", "\ufffe": "-"})
_SURROGATE = re.compile("[\ud800-\udfff]")  # a character beyond the BMP: bulk text no longer aligns with indices
_SKIPPED = frozenset("\r\n")
_BREAKS = frozenset("\r\n ")  # skipped, or a space pdfium may have generated
_PATH, _TEXT, _IMAGE, _FORM = 2, 1, 3, 5  # FPDF_PAGEOBJ_* object types
_SEGMENT_MOVETO = 2  # FPDF_SEGMENT_MOVETO
# FS_RECTF (left, top, right, bottom), FS_MATRIX (a-f) and float pairs: read from their buffers in one
# unpacking rather than a field at a time
_RECT = Struct("4f")
_MATRIX = Struct("6f")
_PAIR = Struct("2f")


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
    calls = pdfium_calls()
    if compiled_census is not None:
        text_objects, rotated_text, paths, images, edges, ghosts = compiled_census(
            calls.address(calls.handle(page.raw)),
            with_edges,
            geo.rotation,
            geo.x0,
            geo.y0,
            geo.x1,
            geo.y1,
            calls.census_addresses,
        )
        return PageObjects(
            text_objects=text_objects,
            rotated_text=bool(rotated_text),
            images=images,
            edges=edges,
            paths=paths,
            ghost_spaces=ghosts,
        )
    census = PageObjects(images=[], edges=[], ghost_spaces=[])
    walker = _Walker(calls, geo, census, with_edges)
    raw = calls.handle(page.raw)
    get_object = calls.FPDFPage_GetObject
    walker.walk([get_object(raw, i) for i in range(calls.FPDFPage_CountObjects(raw))], None, 0)
    return census


class _Walker:
    """One pass over a page's objects, its out-parameter buffers allocated once."""

    def __init__(self, calls: Any, geo: PageGeometry, census: PageObjects, with_edges: bool) -> None:
        self.c = calls
        self.geo = geo
        self.census = census
        self.with_edges = with_edges
        ffi = calls.ffi
        self.matrix = ffi.new("FS_MATRIX *")
        self.read_matrix = partial(_MATRIX.unpack_from, ffi.buffer(self.matrix))
        # the arrays are kept here: a pointer into one (`box + k`) does not keep it alive
        self.box_floats = ffi.new("float[4]")
        self.box = [self.box_floats + k for k in range(4)]  # left, bottom, right, top: GetBounds' order
        self.read_box = partial(_RECT.unpack_from, ffi.buffer(self.box_floats))
        self.size = ffi.new("float *")
        self.descent = ffi.new("float *")
        self.point = ffi.new("float[2]")
        self.x, self.y = self.point, self.point + 1
        self.read_point = partial(_PAIR.unpack_from, ffi.buffer(self.point))
        self.pixels = ffi.new("unsigned int[2]")

    def walk(self, objects: list[Any], outer: tuple[float, ...] | None, depth: int) -> None:
        c, census, matrix, read_matrix = self.c, self.census, self.matrix, self.read_matrix
        get_type, get_matrix, get_bounds = c.FPDFPageObj_GetType, c.FPDFPageObj_GetMatrix, c.FPDFPageObj_GetBounds
        left, bottom, right, top = self.box
        read_box = self.read_box
        text_objects = 0
        for obj in objects:
            kind = get_type(obj)
            if kind == _TEXT:
                text_objects += 1
                if outer is None:  # the page's own text: its matrix as it is
                    if not census.rotated_text:
                        get_matrix(obj, matrix)
                        a, b, cc, d, _, _ = read_matrix()
                        if not (a * d > 0 and b * cc <= 0):
                            census.rotated_text = True
                    if get_bounds(obj, left, bottom, right, top):
                        x0, y0, x1, y1 = read_box()
                        if x1 - x0 < 1e-3 and y1 - y0 < 1e-3:
                            get_matrix(obj, matrix)
                            if (ghost := self._ghost_space(obj, read_matrix())) is not None:
                                census.ghost_spaces.append(ghost)  # type: ignore[union-attr]
                elif not census.rotated_text:  # text inside a form: upright once the form's matrix is applied?
                    get_matrix(obj, matrix)
                    m = _compose(read_matrix(), outer)
                    if not (m[0] * m[3] > 0 and m[1] * m[2] <= 0):
                        census.rotated_text = True
            elif kind == _PATH:
                census.paths += 1
                if self.with_edges:
                    get_matrix(obj, matrix)
                    m = read_matrix()
                    self.path_edges(obj, m if outer is None else _compose(m, outer))
            elif kind == _IMAGE:
                pixels = self.pixels
                pixels[0] = pixels[1] = 0
                c.FPDFImageObj_GetImagePixelSize(obj, pixels, pixels + 1)
                census.images.append((*self.bounds(obj), pixels[0], pixels[1]))  # type: ignore[union-attr]
            elif kind == _FORM and depth < 8:
                get_matrix(obj, matrix)
                m = read_matrix()
                inner = [c.FPDFFormObj_GetObject(obj, j) for j in range(c.FPDFFormObj_CountObjects(obj))]
                self.walk(inner, m if outer is None else _compose(m, outer), depth + 1)
        census.text_objects += text_objects

    def path_edges(self, obj: Any, m: tuple[float, ...]) -> None:
        """The path's straight axis-aligned segments, as pdfplumber edge dicts, onto the census's edges.

        As pdfminer sees paths: each subpath on its own; a closed four-point subpath (a
        rectangle, `re`) has its closing side, any other shape only the segments drawn. The
        segments are taken as they come, each subpath's closing side after its drawn ones;
        whether a subpath is closed matters only for four points, so only theirs is asked.
        """
        c = self.c
        count = c.FPDFPath_CountSegments(obj)
        if count > 2_000:  # a drawing, not rulings
            return
        a, b, cc, d, e, f = m
        x, y, read_point = self.x, self.y, self.read_point
        get_segment, get_point = c.FPDFPath_GetPathSegment, c.FPDFPathSegment_GetPoint
        get_kind = c.FPDFPathSegment_GetType
        geo = self.geo
        point_of, upright, x_origin, y_top = geo.point, geo.rotation == 0, geo.x0, geo.y1
        add = self.census.edges.append  # type: ignore[union-attr]
        first = -1  # the open subpath's first segment
        points = 0  # and how many points it has
        start_x = start_y = last_x = last_y = 0.0
        for i in range(count):
            segment = get_segment(obj, i)
            get_point(segment, x, y)
            px, py = read_point()
            if upright:  # `geo.point` of a page not turned, inline: a page of rulings has hundreds
                here_x, here_y = a * px + cc * py + e - x_origin, y_top - (b * px + d * py + f)
            else:
                here_x, here_y = point_of(a * px + cc * py + e, b * px + d * py + f)
            if get_kind(segment) == _SEGMENT_MOVETO or first < 0:
                if points == 4 and self._closed(obj, first):
                    _add_edge(add, last_x, last_y, start_x, start_y)
                first, points = i, 1
                start_x, start_y = here_x, here_y
            else:
                _add_edge(add, last_x, last_y, here_x, here_y)
                points += 1
            last_x, last_y = here_x, here_y
        if points == 4 and self._closed(obj, first):
            _add_edge(add, last_x, last_y, start_x, start_y)

    def _closed(self, obj: Any, first: int) -> bool:
        """Does one of the four segments from `first` close its subpath?"""
        c = self.c
        return any(c.FPDFPathSegment_GetClose(c.FPDFPath_GetPathSegment(obj, i)) for i in range(first, first + 4))

    def _ghost_space(self, obj: Any, m: tuple[float, ...]) -> Char | None:
        """A text object whose glyphs have no extent (a space), as the space character pdfminer saw.

        pdfium drops a space whose box overlaps the next letter (Word writes `b) Điểm` with the
        space in Arial between Times letters); pdfminer kept it, and with it the word break. A space
        pdfium kept comes twice, which changes nothing: both are breaks at the same place.
        """
        c = self.c
        font = c.FPDFTextObj_GetFont(obj)
        if not font or not c.FPDFTextObj_GetFontSize(obj, self.size):
            return None
        font_size = self.size[0] * (abs(m[0] * m[3] - m[1] * m[2])) ** 0.5
        # pdfminer's box: from the baseline plus the font's descent, one font size high
        if font_size <= 0 or not c.FPDFFont_GetDescent(font, font_size, self.descent):
            return None
        x, low = self.geo.point(m[4], m[5] + self.descent[0])
        return (" ", x, x, low - font_size, low, True)

    def bounds(self, obj: int) -> tuple[float, float, float, float]:
        """The object's box on the displayed page (x0, top, x1, bottom)."""
        for value in self.box:
            value[0] = 0.0
        self.c.FPDFPageObj_GetBounds(obj, *self.box)
        left, bottom, right, top = self.read_box()
        geo = self.geo
        xa, ya = geo.point(left, bottom)
        xb, yb = geo.point(right, top)
        return (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))


def _add_edge(add: Any, xa: float, ya: float, xb: float, yb: float) -> None:
    """The segment from (xa, ya) to (xb, yb) as a pdfplumber edge dict, if it is horizontal or
    vertical. Its ends are ordered as `min` and `max` order them (the first when equal)."""
    if ya == yb and xa != xb:
        orientation = "h"
        top = bottom = ya
        left, right = (xb if xb < xa else xa), (xb if xb > xa else xa)
    elif xa == xb and ya != yb:
        orientation = "v"
        left = right = xa
        top, bottom = (yb if yb < ya else ya), (yb if yb > ya else ya)
    else:
        return
    add(
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
    pdfium_c = pdfium_calls()
    textpage = pdfium_c.handle(textpage)
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = pdfium_c.ffi.new("unsigned short[]", count + 1)
    pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = pdfium_c.ffi.buffer(buffer)[: count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count or _SURROGATE.search(text):
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    text = text.translate(_HYPHEN_TABLE)
    if geo.rotation == 0 and not rotated_text:
        if compiled_chars is not None:
            return compiled_chars(pdfium_c.address(textpage), text, geo.y1, geo.x0, *pdfium_c.char_loop_addresses)
        return _upright_chars(pdfium_c, textpage, text, geo)
    rect = pdfium_c.ffi.new("FS_RECTF *")
    read_rect = partial(_RECT.unpack_from, pdfium_c.ffi.buffer(rect))
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    is_generated = pdfium_c.FPDFText_IsGenerated
    matrix = pdfium_c.ffi.new("FS_MATRIX *")
    read_matrix = partial(_MATRIX.unpack_from, pdfium_c.ffi.buffer(matrix))
    point = geo.point
    turned = geo.rotation in (90, 270)  # upright text on a page turned a quarter reads vertically
    chars: list[Char] = []
    previous: Char | None = None
    for i, ch in enumerate(text):
        if ch in _SKIPPED:
            continue
        if ch == " " and is_generated(textpage, i):
            if previous is not None:  # a break pdfium saw in the spacing: a space at the previous char's place
                chars.append((" ", previous[2], previous[2], previous[3], previous[4], previous[5]))
            continue
        get_box(textpage, i, rect)
        size = get_size(textpage, i)
        upright = True
        if (rotated_text or turned) and pdfium_c.FPDFText_GetMatrix(textpage, i, matrix):
            a, b, c, d, _, _ = read_matrix()
            upright = a * d > 0 and b * c <= 0
        upright = upright != turned
        box_left, box_top, box_right, box_bottom = read_rect()
        xa, ya = point(box_left, box_bottom)
        xb, yb = point(box_right, box_top)
        left, right, low, high = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
        # upright: pdfminer's top (bottom minus the font size); rotated: the box as it is
        char = (ch, left, right, high - size, high, True) if upright else (ch, left, right, low, high, False)
        chars.append(char)
        previous = char
    return chars


def _upright_chars(pdfium_c: Any, textpage: Any, text: str, geo: PageGeometry) -> list[Char]:
    """`page_chars` of a page not turned and without rotated text, the common case: upright
    characters, top-down coordinates by subtraction alone."""
    rect = pdfium_c.ffi.new("FS_RECTF *")
    read_rect = partial(_RECT.unpack_from, pdfium_c.ffi.buffer(rect))
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    is_generated = pdfium_c.FPDFText_IsGenerated
    y_top = geo.y1
    x_origin = geo.x0
    chars: list[Char] = []
    append = chars.append
    previous: Char | None = None
    for i, ch in enumerate(text):
        if ch in _BREAKS:
            if ch != " ":  # a line break pdfium generates
                continue
            if is_generated(textpage, i):
                if previous is not None:  # a break pdfium saw in the spacing: a space at the previous char's place
                    append((" ", previous[2], previous[2], previous[3], previous[4], True))
                continue
        get_box(textpage, i, rect)
        left, _, right, low = read_rect()
        bottom = y_top - low
        previous = (ch, left - x_origin, right - x_origin, bottom - get_size(textpage, i), bottom, True)
        append(previous)
    return chars
