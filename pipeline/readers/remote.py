"""A document's bytes from an fsspec URL (`s3://bucket/a.pdf`, `file:///…`, `memory://…`), read where
the work runs: on a cluster the workers read the inputs themselves, the client never downloads one.

The same checks as a local read, with the same codes: larger than the limit (E105, from the
listing's size before anything is read, and again while reading), permission denied (E106), not
found or unreadable (E107). fsspec is an extra (`solieu[dask]`); without it a URL is E505.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.errors import ReadError, missing_extra

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(text: str) -> bool:
    """Whether `text` names a file by URL (a protocol and `://`) rather than by local path.

    >>> is_url("s3://bucket/reports/"), is_url("file:///tmp/x.txt"), is_url("/tmp/x.txt"), is_url("C:/x")
    (True, True, False, False)
    """
    return bool(_URL.match(text))


def filesystem(url: str) -> tuple[Any, str]:
    """(the fsspec file system of `url`, the path inside it); E505 without fsspec, E503 for an unknown protocol."""
    try:
        import fsspec
    except ImportError as exc:
        raise missing_extra("reading inputs by URL", "dask", "fsspec") from exc
    from pipeline.errors import SolieuError

    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # a protocol whose package is missing (s3fs, gcsfs)
        protocol = url.split("://", 1)[0].lower()
        if protocol in ("s3", "s3a"):
            raise missing_extra("reading s3:// inputs", "s3", "s3fs") from exc
        message = f"reading {protocol}:// inputs needs a package that is not installed ({exc})"
        raise SolieuError("E505", message) from exc
    except ValueError as exc:  # a protocol fsspec does not know
        raise SolieuError("E503", f"cannot open {url}: {exc}") from exc


def exists(source: str) -> tuple[bool, str]:
    """Whether this process sees `source` (a local path or a URL), and why not when it does not."""
    import os

    if not is_url(source):
        return os.path.exists(source), "no such file here"
    try:
        fs, path = filesystem(source)
        return bool(fs.exists(path)), "not found by this worker's file system"
    except Exception as exc:  # credentials, network, a missing package: the worker cannot read it
        return False, f"{type(exc).__name__}: {exc}"


def read_url(url: str, doc_id: str, max_bytes: int) -> bytes:
    """The bytes of the file at `url`, at most `max_bytes` (more is E105); a ReadError naming `doc_id`."""
    try:
        fs, path = filesystem(url)
    except Exception as exc:
        raise ReadError("E107", f"{doc_id}: cannot read {url}: {exc}") from exc
    try:
        size = fs.size(path)
        if size is not None and size > max_bytes:
            raise ReadError("E105", f"{doc_id}: {size:,} bytes, over the limit of {max_bytes:,}")
        with fs.open(path, "rb") as handle:
            data: bytes = handle.read(max_bytes + 1)
    except ReadError:
        raise
    except PermissionError as exc:
        raise ReadError("E106", f"{doc_id}: permission denied ({exc})") from exc
    except FileNotFoundError as exc:
        raise ReadError("E107", f"{doc_id}: file not found ({url})") from exc
    except Exception as exc:  # a file system's own errors (network, credentials): this file fails
        raise ReadError("E107", f"{doc_id}: cannot read {url} ({type(exc).__name__}: {exc})") from exc
    if len(data) > max_bytes:
        raise ReadError("E105", f"{doc_id}: larger than the limit of {max_bytes:,} bytes")
    return data
