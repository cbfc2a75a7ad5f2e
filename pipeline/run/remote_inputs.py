"""Finding the files of an fsspec URL (`s3://bucket/reports/`, `file:///…`, `memory://…`) without reading them.

The client lists the inputs (one `find`), so on a cluster it never downloads a document: the
workers read the bytes themselves. What a local run learns from the bytes' sha256, a URL's run
learns from the listing: each file's size and version as the file system reports it (an S3 or
GCS ETag / md5 / generation, else the modification time). That version stands in for the hash
in the file's store key, so an unchanged object is taken from the store as an unchanged local
file is. A file system that reports no version at all cannot tell an unchanged file: every file
is processed (`unversioned`).

The rules of a local folder hold: hidden names are skipped, doc_id is the path under the URL,
'/'-separated, NFC; a folder that holds a solieu run (its `.solieu/` store, or a `run.json` of
solieu's) and solieu's own review pages (HTML with its generator mark) are never read as documents.
"""

from __future__ import annotations

import json
import posixpath
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.errors import SolieuError
from pipeline.outputs.files import GENERATOR_MARKS
from pipeline.readers.remote import filesystem
from schemas import SkippedFile

_VERSION_FIELDS = (
    "ETag",
    "etag",
    "md5Hash",
    "crc32c",
    "generation",
    "version_id",
    "VersionId",
    "mtime",
    "LastModified",
    "last_modified",
    "updated",
    "modified",
    "created",
)
_HTML_SUFFIXES = (".html", ".htm")
_MARK_WINDOW = 8192


@dataclass
class Listing:
    """The files of a URL: (doc_id, URL) sorted by doc_id, each URL's version, what was skipped."""

    root: str  # the URL documents are named under
    files: list[tuple[str, str]] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    skipped: list[SkippedFile] = field(default_factory=list)
    unversioned: int = 0  # files whose listing gave no version: processed every run


def file_version(info: dict[str, Any]) -> str | None:
    """The version a listing reports for one file (size and the first version field found), None without one.

    >>> file_version({"size": 12, "ETag": '"9a0364b9e99bb480dd25e1f0284c8555"'})
    'size=12;ETag="9a0364b9e99bb480dd25e1f0284c8555"'
    >>> file_version({"size": 12}) is None
    True
    """
    for name in _VERSION_FIELDS:
        value = info.get(name)
        if value not in (None, ""):
            return f"size={info.get('size')};{name}={value}"
    return None


def list_url(url: str, suffixes: Iterable[str]) -> Listing:
    """The supported files under `url` (a folder or one file); E503 when it does not exist."""
    wanted = {s.lower() for s in suffixes}
    fs, path = filesystem(url)
    try:
        info = fs.info(path)
    except FileNotFoundError as exc:
        raise SolieuError("E503", f"input not found: {url}") from exc
    except Exception as exc:  # credentials, network: the run cannot start
        raise SolieuError("E503", f"cannot list {url}: {type(exc).__name__}: {exc}") from exc
    if info.get("type") == "directory":
        top = path.rstrip("/")
        try:
            entries: dict[str, dict[str, Any]] = fs.find(top, detail=True, withdirs=False)
        except Exception as exc:
            raise SolieuError("E503", f"cannot list {url}: {type(exc).__name__}: {exc}") from exc
    else:
        top = posixpath.dirname(path.rstrip("/"))
        entries = {path: info}
    listing = Listing(root=fs.unstrip_protocol(top))
    names = {p[len(top) :].lstrip("/"): p for p in entries}
    outputs = _solieu_output_folders(fs, names)
    pages: list[tuple[str, str]] = []
    for rel in sorted(names):
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts):
            continue
        doc_id = unicodedata.normalize("NFC", rel)
        folder = next((f for f in outputs if rel.startswith(f + "/")), None)
        if folder is not None:
            if rel == f"{folder}/run.json":
                listing.skipped.append(
                    SkippedFile(path=folder, reason="a solieu output folder (never read, so nothing is counted twice)")
                )
            continue
        suffix = posixpath.splitext(parts[-1])[1].lower()
        if suffix not in wanted:
            listing.skipped.append(SkippedFile(path=doc_id, reason=f"unsupported extension {suffix or '(none)'}"))
            continue
        source = fs.unstrip_protocol(names[rel])
        if suffix in _HTML_SUFFIXES:
            pages.append((doc_id, names[rel]))
        version = file_version(entries[names[rel]])
        if version is None:
            listing.unversioned += 1
            version = f"unversioned={uuid.uuid4().hex}"  # never equal to a stored key: processed again
        listing.files.append((doc_id, source))
        listing.versions[source] = version
    review = _review_pages(fs, pages)
    if review:
        listing.files = [(d, s) for d, s in listing.files if d not in review]
        listing.skipped += [
            SkippedFile(path=d, reason="a solieu review page (an output, not a document)") for d in sorted(review)
        ]
    listing.skipped.sort(key=lambda s: (s.path, s.reason))
    return listing


def _solieu_output_folders(fs: Any, names: dict[str, str]) -> list[str]:
    """Folders of the listing that hold a solieu run: a `.solieu/` store, or a run.json solieu wrote."""
    found = set()
    for rel in names:
        head, _, tail = rel.rpartition("/")
        if tail in ("store.sqlite", "lock") and head.endswith(".solieu"):
            found.add(head.rpartition("/")[0])
        elif tail == "run.json" and _is_solieu_manifest(fs, names[rel]):
            found.add(head)
    return sorted(found, key=len)


def _is_solieu_manifest(fs: Any, path: str) -> bool:
    try:
        record = json.loads(fs.cat_file(path, start=0, end=1 << 20))
    except Exception:
        return False
    return isinstance(record, dict) and "solieu_version" in record and "rules_version" in record


def _review_pages(fs: Any, pages: list[tuple[str, str]]) -> set[str]:
    """doc_ids of the HTML files whose head carries solieu's generator mark (one ranged read each)."""
    if not pages:
        return set()
    paths = [path for _, path in pages]
    try:
        heads = fs.cat_ranges(paths, [0] * len(paths), [_MARK_WINDOW] * len(paths), on_error="return")
    except Exception:
        return set()
    return {
        doc_id
        for (doc_id, _), head in zip(pages, heads, strict=True)
        if isinstance(head, bytes) and any(mark in head for mark in GENERATOR_MARKS)
    }
