"""Turn a file into a `schemas.Document`: normalised text plus blocks by offsets.

    from pipeline.readers import read_document, SUPPORTED_SUFFIXES
    doc = read_document(path, root)                      # a local file
    doc = parse_document(data, doc_id, source_path)      # bytes read elsewhere (a worker reading a URL)

Every expected failure is a `pipeline.errors.ReadError` with a stable code
(E1xx any file, E2xx PDF, E3xx DOCX, E4xx HTML) and a message naming the file;
any other exception escaping is a bug. The format modules import their heavy
libraries (pdfplumber, python-docx, lxml) inside their functions, so importing
this package stays cheap. A PDF page without a real text layer is read by OCR
(Tesseract, `pdf_ocr`) unless `ocr="never"`.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from pipeline.errors import ReadError
from pipeline.readers.build import Parsed
from pipeline.readers.ocr_options import DEFAULT_OCR_TIMEOUT, OCR_MODES, OcrMode, OcrOptions
from pipeline.readers.ocr_pages import PageOcrSource
from schemas.models import Document, Format

SUPPORTED_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm"})
_FORMATS: dict[str, Format] = {".txt": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}

__all__ = [
    "DEFAULT_OCR_TIMEOUT",
    "OCR_MODES",
    "SUPPORTED_SUFFIXES",
    "OcrMode",
    "parse_document",
    "read_document",
    "read_source_bytes",
]


def read_document(
    path: Path,
    root: Path,
    *,
    max_bytes: int = 20_000_000,
    ocr: OcrMode = "auto",
    ocr_timeout: float = DEFAULT_OCR_TIMEOUT,
    ocr_pages: PageOcrSource | None = None,
) -> Document:
    """Read one file under `root` into a Document; raise ReadError when it cannot be read.

    `ocr` decides, for a PDF, whether pages without a real text layer are read by OCR ("auto"),
    every page is ("always"), or none is ("never"); `ocr_timeout` bounds one page's OCR, in seconds.
    `ocr_pages` lets OCR pages be units of work of their own (`ocr_pages`): deferred, or given.
    """
    path = Path(path)
    doc_id = _doc_id(path, Path(root))
    format_of(path.name, doc_id)
    data = _read_bytes(path, doc_id, max_bytes)
    return parse_document(data, doc_id, str(path), ocr=ocr, ocr_timeout=ocr_timeout, ocr_pages=ocr_pages)


def format_of(name: str, doc_id: str) -> Format:
    """The format a file's name says (its extension); E107 for one solieu does not read."""
    suffix = PurePosixPath(name).suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise ReadError("E107", f"{doc_id}: unsupported file type {suffix or '(none)'!r}")
    return fmt


def parse_document(
    data: bytes,
    doc_id: str,
    source_path: str,
    *,
    ocr: OcrMode = "auto",
    ocr_timeout: float = DEFAULT_OCR_TIMEOUT,
    ocr_pages: PageOcrSource | None = None,
) -> Document:
    """A file's bytes, read by whoever holds them, into a Document; the format is the one
    `source_path`'s extension says (a path or a URL)."""
    fmt = format_of(source_path, doc_id)
    if not data:
        raise ReadError("E101", f"{doc_id}: the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        parsed = _parse_pdf(data, doc_id, OcrOptions(mode=ocr, timeout_s=ocr_timeout), ocr_pages, sha256)
    else:
        parsed = _PARSERS[fmt](data, doc_id)
    return Document(
        doc_id=doc_id,
        source_path=source_path,
        sha256=sha256,
        format=fmt,
        size_bytes=len(data),
        text=parsed.text,
        blocks=parsed.blocks,
        tables=parsed.tables,
        pages=parsed.pages,
        encoding=parsed.encoding,
        warnings=parsed.warnings,
    )


def _doc_id(path: Path, root: Path) -> str:
    """Path relative to root with '/' separators; the file name alone when it lies outside root."""
    if not path.is_absolute() and root.is_absolute():
        path = Path.cwd() / path
    try:
        return path.relative_to(root).as_posix()  # the usual case, without touching the disk
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return path.name


def read_source_bytes(source: str, doc_id: str, max_bytes: int) -> bytes:
    """The bytes of a file named by a local path or an fsspec URL (`readers.remote`), with the same checks."""
    from pipeline.readers.remote import is_url, read_url

    if is_url(source):
        return read_url(source, doc_id, max_bytes)
    return _read_bytes(Path(source), doc_id, max_bytes)


def _read_bytes(path: Path, doc_id: str, max_bytes: int) -> bytes:
    """Check the size before reading, so a huge file never reaches memory."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("E107", f"{doc_id}: not a regular file")
        if info.st_size > max_bytes:
            raise ReadError("E105", f"{doc_id}: {info.st_size:,} bytes, over the limit of {max_bytes:,}")
        with path.open("rb", buffering=0) as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise ReadError("E106", f"{doc_id}: permission denied ({exc.strerror})") from exc
    except FileNotFoundError as exc:
        raise ReadError("E107", f"{doc_id}: file not found") from exc
    except OSError as exc:
        raise ReadError("E107", f"{doc_id}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # grew while we looked
        raise ReadError("E105", f"{doc_id}: larger than the limit of {max_bytes:,} bytes")
    return data


def _parse_txt(data: bytes, doc_id: str) -> Parsed:
    from pipeline.readers.txt import parse_txt

    return parse_txt(data, doc_id)


def _parse_docx(data: bytes, doc_id: str) -> Parsed:
    from pipeline.readers.docx import parse_docx

    return parse_docx(data, doc_id)


def _parse_pdf(
    data: bytes,
    doc_id: str,
    options: OcrOptions | None = None,
    ocr_pages: PageOcrSource | None = None,
    sha256: str = "",
) -> Parsed:
    from pipeline.readers.pdf import parse_pdf

    return parse_pdf(data, doc_id, options or OcrOptions(), ocr_pages.bound(sha256) if ocr_pages is not None else None)


def _parse_html(data: bytes, doc_id: str) -> Parsed:
    from pipeline.readers.html import parse_html

    return parse_html(data, doc_id)


_PARSERS: dict[str, Callable[[bytes, str], Parsed]] = {
    "txt": _parse_txt,
    "docx": _parse_docx,
    "pdf": _parse_pdf,
    "html": _parse_html,
}
