"""OCR of one PDF page with Tesseract's Vietnamese model: render, orient, straighten, recognise, clean.

`ocr_page(source, page_number, options)` is a pure function of the file (bytes or
path), the 1-based page number and the options, returning the page's lines with
their confidences: a scheduler can make pages units of work and cache results by
`OcrPage.image_hash` (the rendered pixels and the options that shaped them).

What each step is for, measured on scans of real reports (see benchmarks/):

* **render** with pdfium straight to raw pixels (no PNG encoding) at the resolution
  that keeps tone marks: `options.dpi` (300) of the page as scanned. A scan's own
  resolution is known from its image; a 100-200 ppi scan is upscaled to `dpi`
  (at most 3×), and a page whose size is only an artefact of the scanner's
  software (an image laid out at 96 ppi: 17 inches wide) is taken as A4;
* **red channel** of a colour page: a red seal over a signatory's name fades to
  near white while black and blue ink stay dark;
* **binarisation**: a page whose background is grey or textured (its light pixels
  well below white) is thresholded by Tesseract's adaptive Sauvola method instead
  of one global Otsu threshold;
* **orientation**: Tesseract's OSD when the upright reading is poor, and the page
  read again turned the way OSD says;
* **deskew**: the skew angle of Tesseract's own layout analysis, undone before
  recognition when it exceeds half a degree;
* **clean-up** of Vietnamese OCR confusions (`ocr_cleanup`, rules in data), on OCR
  text only.

Tesseract runs one thread (`OMP_THREAD_LIMIT=1`): the worker pool gives parallelism.
No model is downloaded: the Vietnamese model is Debian's `tesseract-ocr-vie`.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.readers.ocr_options import OcrOptions

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # before libtesseract (and its OpenMP) is loaded

INSTALL_HINT = "install Tesseract and its Vietnamese model: apt-get install tesseract-ocr tesseract-ocr-vie"
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
A4_WIDTH_PT, A4_HEIGHT_PT = 595.0, 842.0
MAX_UPSCALE = 3.0
MAX_PIXELS = 60_000_000  # a rendered page above this (e.g. a poster) is scaled down to it
POOR_CONFIDENCE = 0.6  # mean word confidence below which OSD is asked how the page is turned
OSD_MIN_CONFIDENCE = 2.0  # Tesseract's orientation confidence (15 is "reasonably confident")
MIN_SKEW_DEGREES = 0.5
GREY_BACKGROUND = 215  # a page whose paper (median pixel) is darker than this is grey
BLANK_INK = 0.0005  # share of ink pixels below which a page is blank (a line of text is ~0.3%)


class OcrUnavailable(Exception):
    """Tesseract, or its Vietnamese model, is not installed; the message says what to install."""


@dataclass
class OcrLine:
    text: str
    confidence: float  # 0-1, Tesseract's mean word confidence for the line
    paragraph_start: bool = False


@dataclass
class OcrPage:
    number: int
    lines: list[OcrLine] = field(default_factory=list)
    confidence: float | None = None  # 0-1, over the page's words
    rotation: int = 0  # degrees the page image was turned (counter-clockwise) to stand upright
    skew: float = 0.0  # degrees of skew undone
    pixels: tuple[int, int] = (0, 0)
    dpi: float = 0.0
    seconds: float = 0.0
    image_hash: str = ""
    blank: bool = False
    timed_out: bool = False
    warnings: list[str] = field(default_factory=list)
    unavailable: str = ""  # set instead of lines when Tesseract is missing (what to install)
    failed: str = ""  # set instead of lines when the page could not be rendered (pdfium's error)


def tessdata_dir() -> str:
    """The folder that holds vie.traineddata: $TESSDATA_PREFIX, else the usual system places."""
    candidates = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    candidates += list(TESSDATA_DIRS)
    for folder in candidates:
        for path in (Path(folder), Path(folder) / "tessdata"):
            if (path / "vie.traineddata").is_file():
                return str(path) + "/"
    raise OcrUnavailable(f"no Vietnamese OCR model (vie.traineddata) found; {INSTALL_HINT}")


@lru_cache(maxsize=4)
def _engine(language: str, psm_name: str) -> Any:
    """One Tesseract instance per process and mode: loading the model costs more than a small page."""
    try:
        import tesserocr
    except ImportError as exc:  # pragma: no cover - tesserocr is a dependency
        raise OcrUnavailable(f"the tesserocr package is missing (pip install tesserocr); {INSTALL_HINT}") from exc
    path = tessdata_dir()
    if psm_name == "osd" and not Path(path, "osd.traineddata").is_file():
        raise OcrUnavailable("no orientation model (osd.traineddata); apt-get install tesseract-ocr-osd")
    try:
        if psm_name == "osd":
            return tesserocr.PyTessBaseAPI(path=path, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        return tesserocr.PyTessBaseAPI(path=path, lang=language, psm=tesserocr.PSM.AUTO)
    except RuntimeError as exc:
        raise OcrUnavailable(f"Tesseract could not load the {language!r} model from {path}: {exc}") from exc


# --- rendering --------------------------------------------------------------------------------------


@dataclass
class Rendered:
    """A page as 8-bit grey pixels, row by row."""

    pixels: bytes
    width: int
    height: int
    dpi: float  # pixels per inch of the page as it was scanned (A4 when its size is an artefact)


def render_scale(
    page_width: float, page_height: float, images: list[tuple[float, float, float, float, int, int]], dpi: int
) -> tuple[float, float]:
    """(pixels per point to render at, the dpi the result has on the paper).

    `images` are (x0, top, x1, bottom, pixel width, pixel height) of the page's images. The
    largest one, when it covers most of the page, is the scan: its pixels per point say the
    scan's resolution; a page wider than A3 with such an image is a scanner's 96 ppi layout of
    an A4 sheet.
    """
    paper_scale = 1.0  # paper points per page point
    largest = max(images, key=lambda i: (i[2] - i[0]) * (i[3] - i[1]), default=None)
    if largest is not None and (largest[2] - largest[0]) * (largest[3] - largest[1]) > 0.5 * page_width * page_height:
        short_side = min(page_width, page_height)
        if short_side > 842:  # larger than A3: not a real sheet size for an office document
            paper_scale = A4_WIDTH_PT / short_side
        native = largest[4] / max(largest[2] - largest[0], 1e-6)  # image pixels per page point
        native_dpi = native * 72 / paper_scale
        factor = min(dpi / native_dpi, MAX_UPSCALE) if native_dpi < dpi else dpi / native_dpi
        scale = native * factor
    else:
        scale = dpi / 72
    if page_width * page_height * scale * scale > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / (page_width * page_height))
    return scale, scale * 72 / paper_scale


def render_page(page: Any, scale: float, dpi: float) -> Rendered:
    """Render to raw pixels; colour pages give their red channel (a red seal fades, ink stays)."""
    from PIL import Image

    bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
    image = bitmap.to_pil()
    grey = image.getchannel("R") if image.mode in ("RGB", "RGBA", "RGBX") else image.convert("L")
    bitmap.close()
    if not isinstance(grey, Image.Image):  # pragma: no cover
        raise TypeError("render failed")
    return Rendered(grey.tobytes(), grey.width, grey.height, dpi)


def page_tones(image: Any) -> tuple[int, float]:
    """(the background's grey level, the share of pixels that stand out darker from it as ink).

    The background is the median pixel (paper covers most of a page); ink is anything 60 levels
    darker. A page with almost no ink is a blank side; a median well below white is grey paper.
    """
    histogram = image.histogram()
    total = sum(histogram) or 1
    running = 0
    median = 255
    for level, count in enumerate(histogram):
        running += count
        if running >= total / 2:
            median = level
            break
    ink = sum(histogram[: max(0, median - 60)]) / total
    return median, ink


# --- recognition ------------------------------------------------------------------------------------


def ocr_page(source: bytes | str | Path, page_number: int, options: OcrOptions | None = None) -> OcrPage:
    """OCR page `page_number` (1-based) of the PDF `source` (its bytes or its path)."""
    import pypdfium2 as pdfium

    options = options or OcrOptions()
    from pipeline.readers.pdf_pdfium import geometry, page_objects

    document = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    try:
        page = document[page_number - 1]
        try:
            geo = geometry(page)
            census = page_objects(page, geo, with_edges=False)
            return ocr_loaded_page(page, page_number, geo.width, geo.height, census.images or [], options)
        finally:
            page.close()
    finally:
        document.close()


def ocr_loaded_page(
    page: Any,
    number: int,
    width: float,
    height: float,
    images: list[tuple[float, float, float, float, int, int]],
    options: OcrOptions,
) -> OcrPage:
    """`ocr_page` for a page already open: what the reader calls while it walks a document."""
    from PIL import Image

    start = time.perf_counter()
    scale, dpi = render_scale(width, height, images, options.dpi)
    rendered = render_page(page, scale, dpi)
    result = OcrPage(number, pixels=(rendered.width, rendered.height), dpi=dpi)
    result.image_hash = hashlib.sha256(
        rendered.pixels + f"|{rendered.width}x{rendered.height}|{options.language}|{options.dpi}".encode()
    ).hexdigest()
    image = Image.frombytes("L", (rendered.width, rendered.height), rendered.pixels)
    background, ink = page_tones(image)
    if ink < BLANK_INK:  # no ink to speak of: a blank side of the sheet
        result.blank = True
        result.seconds = time.perf_counter() - start
        return result
    grey_background = background < GREY_BACKGROUND
    deadline = start + options.timeout_s
    lines, confidence, skew = _recognise(image, options, grey_background, deadline, straighten=True)
    rotation = 0
    if confidence is None or confidence < POOR_CONFIDENCE:
        turned = _orientation(image, options)
        if turned:
            rotated = image.rotate(turned, expand=True, fillcolor=255)
            lines2, confidence2, skew2 = _recognise(rotated, options, grey_background, deadline, straighten=True)
            if (confidence2 or 0) > (confidence or 0):
                lines, confidence, skew, rotation = lines2, confidence2, skew2, turned
    if time.perf_counter() > deadline:
        result.timed_out = True
    result.lines, result.confidence, result.rotation, result.skew = lines, confidence, rotation, skew
    result.seconds = time.perf_counter() - start
    return result


def _recognise(
    image: Any, options: OcrOptions, grey_background: bool, deadline: float, straighten: bool
) -> tuple[list[OcrLine], float | None, float]:
    """Recognise one image; returns (lines, mean confidence 0-1, skew undone in degrees)."""
    import tesserocr

    api = _engine(options.language, "text")
    api.SetVariable("thresholding_method", "2" if grey_background else "0")
    _set_image(api, image, options.dpi)
    skew = 0.0
    if straighten:
        skew = _skew_degrees(api)
        if abs(skew) >= MIN_SKEW_DEGREES:
            image = image.rotate(-skew, resample=_bicubic(), expand=True, fillcolor=255)
            _set_image(api, image, options.dpi)
        else:
            skew = 0.0
    remaining_ms = int(max(0.0, deadline - time.perf_counter()) * 1000)
    if remaining_ms <= 0 or not api.Recognize(timeout=remaining_ms):
        api.Clear()
        return [], None, skew
    lines: list[OcrLine] = []
    iterator = api.GetIterator()
    level = tesserocr.RIL.TEXTLINE
    if iterator is not None:
        while True:
            text = iterator.GetUTF8Text(level)
            if text and text.strip():
                lines.append(
                    OcrLine(
                        text.strip(),
                        max(0.0, iterator.Confidence(level)) / 100,
                        iterator.IsAtBeginningOf(tesserocr.RIL.PARA),
                    )
                )
            if not iterator.Next(level):
                break
    words = api.AllWordConfidences()
    api.Clear()
    confidence = sum(words) / len(words) / 100 if words else None
    return lines, confidence, skew


def _set_image(api: Any, image: Any, dpi: float) -> None:
    api.SetImageBytes(image.tobytes(), image.width, image.height, 1, image.width)
    api.SetSourceResolution(round(dpi))


def _skew_degrees(api: Any) -> float:
    """The skew of the text lines Tesseract's layout analysis finds, in degrees (0 when unknown)."""
    iterator = api.AnalyseLayout()
    if iterator is None:
        return 0.0
    try:
        _, _, _, angle = iterator.Orientation()
    except Exception:  # no block to measure
        return 0.0
    return -math.degrees(angle)


def _orientation(image: Any, options: OcrOptions) -> int:
    """Degrees to turn the page counter-clockwise to stand it upright (0 when OSD is unsure or absent).

    OSD reports how far the page is turned clockwise; turning it back that far counter-clockwise
    (PIL's `rotate`) stands it upright.
    """
    try:
        osd = _engine(options.language, "osd")
    except OcrUnavailable:
        return 0
    small = image if image.width <= 2600 else image.resize((image.width // 2, image.height // 2))
    _set_image(osd, small, options.dpi * small.width / image.width)
    found = osd.DetectOrientationScript()
    osd.Clear()
    if not found or found.get("orient_conf", 0) < OSD_MIN_CONFIDENCE:
        return 0
    degrees: int = found.get("orient_deg", 0)
    return degrees % 360


def _bicubic() -> Any:
    from PIL import Image

    return Image.Resampling.BICUBIC
