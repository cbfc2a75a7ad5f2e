"""A PDF's OCR pages as units of work of their own: the reader defers them, or is given them.

OCR costs seconds a page, so a long scan is spread over the workers page by page. A scheduler
reads the PDF once with `PageOcrSource()` (defer): the reader walks every page, judges which need
OCR as it always does, and raises `OcrPagesNeeded` naming them and the bytes' sha256 instead of
reading them. Each page is then OCRed on its own (`ocr_pdf_page`, a pure function of the file's
bytes, the page number and the options) wherever a worker is free, and its result cached; the
document is read again with `PageOcrSource(pages=…, sha256=…)`, which hands the reader those
results in place of running OCR, so the text it builds is the very text an inline read builds.
Results given for other bytes (the file changed in between) are ignored: the reader OCRs inline.

What a page's result depends on is `ocr_engine_version()` (the OCR code, Tesseract and its
models, pdfium) with the bytes, the page number, the resolution and the language
(`page_cache_key`): not the rules, which clean OCR lines only after, so a rules change re-reads a
scan without OCRing it again.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.readers.ocr_options import OcrOptions
from pipeline.readers.pdf_ocr import OcrLine, OcrPage


class OcrPagesNeeded(Exception):
    """The PDF's pages `pages` (1-based) need OCR; they were deferred, not read."""

    def __init__(self, pages: tuple[int, ...], sha256: str, page_count: int) -> None:
        super().__init__(f"OCR needed on {len(pages)} page(s)")
        self.pages = pages
        self.sha256 = sha256
        self.page_count = page_count


@dataclass(frozen=True)
class PageOcrSource:
    """Where a PDF reader takes its OCR pages from: `pages` None defers them (`OcrPagesNeeded`);
    otherwise the results by page number, valid for the bytes whose sha256 is `sha256`."""

    pages: Mapping[int, OcrPage] | None = None
    sha256: str = ""
    read_sha256: str = field(default="", compare=False)  # the bytes being read, set by the reader

    @property
    def defers(self) -> bool:
        return self.pages is None

    def bound(self, read_sha256: str) -> PageOcrSource:
        """This source for the bytes being read."""
        return replace(self, read_sha256=read_sha256)

    def page(self, number: int) -> OcrPage | None:
        """The given result of page `number`, None when there is none for these bytes."""
        if self.pages is None or self.sha256 != self.read_sha256:
            return None
        return self.pages.get(number)


def ocr_pdf_page(data: bytes, number: int, options: OcrOptions) -> OcrPage:
    """OCR page `number` of the PDF `data`: the unit of work of one page. A missing Tesseract and a
    page pdfium cannot render are results too (`unavailable`, `failed`): the document's reader
    reports them as it would have reading the page itself."""
    from pipeline.readers.pdf_ocr import OcrUnavailable, ocr_page

    try:
        return ocr_page(data, number, options)
    except OcrUnavailable as exc:
        return OcrPage(number, unavailable=str(exc))
    except Exception as exc:  # pdfium's errors on a damaged page: the reader classifies them (E201)
        return OcrPage(number, failed=f"{type(exc).__name__}: {exc}")


def page_cache_key(sha256: str, number: int, options: OcrOptions, engine: str) -> str:
    """The store key of one page's OCR: the file's bytes, the page, what shapes its pixels and the engine."""
    parts = f"{sha256}\0{number}\0{options.dpi}\0{options.language}\0{engine}"
    return hashlib.sha256(parts.encode()).hexdigest()


def cacheable(page: OcrPage) -> bool:
    """Whether a page's result may be kept: not when Tesseract was missing or the page did not render."""
    return not page.unavailable and not page.failed


_SOURCES = ("pdf_ocr.py", "ocr_options.py", "pdf_pdfium.py", "pdfium_calls.py", "ocr_pages.py")


@lru_cache(maxsize=1)
def ocr_engine_version() -> str:
    """A short id of everything a page's OCR depends on besides its pixels: this code, pdfium,
    Tesseract and the model files ('' parts where one is missing)."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        digest.update(name.encode() + b"\0" + hashlib.sha256((here / name).read_bytes()).digest())
    try:
        import pypdfium2

        digest.update(f"pdfium {pypdfium2.PYPDFIUM_INFO} {pypdfium2.PDFIUM_INFO}".encode())
    except Exception:  # pragma: no cover - pypdfium2 is a dependency
        pass
    try:
        import tesserocr

        from pipeline.readers.pdf_ocr import tessdata_dir

        digest.update(f"tesseract {tesserocr.tesseract_version()}".encode())
        folder = Path(tessdata_dir())
        for model in ("vie.traineddata", "osd.traineddata"):
            path = folder / model
            if path.is_file():
                info = path.stat()
                digest.update(f"{model} {info.st_size} {info.st_mtime_ns}".encode())
    except Exception:  # no Tesseract: no result is cached under this version anyway
        digest.update(b"no tesseract")
    return digest.hexdigest()[:16]


def dump_page(page: OcrPage) -> bytes:
    """A page's result as the store keeps it (compressed JSON)."""
    return zlib.compress(json.dumps(asdict(page), ensure_ascii=False, separators=(",", ":")).encode(), 3)


def load_page(blob: bytes) -> OcrPage:
    """A stored page result; ValueError when it is not one."""
    try:
        fields: dict[str, Any] = json.loads(zlib.decompress(blob))
        fields["lines"] = [OcrLine(**line) for line in fields["lines"]]
        fields["pixels"] = tuple(fields["pixels"])
        return OcrPage(**fields)
    except (zlib.error, ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"not a stored OCR page ({exc})") from exc
