"""The one atomic writer: every output goes to a temp file that is fsynced and moved into place.

A reader never sees half a file, a killed run leaves only `.NAME.tmp-PID`
files (removed by the next run on that folder), and a full disk is E504.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from pipeline.errors import output_error

TMP_GLOB = ".*.tmp-*"  # what a killed writer leaves behind, cleaned at the start of the next run
# The mark of an HTML page solieu wrote (put GENERATOR_META in its <head>): a run never reads such a page
# as a document. The review page's title is recognised too, for pages written before the mark existed.
GENERATOR_META = '<meta name="generator" content="solieu">'
GENERATOR_MARKS = (
    b'name="generator" content="solieu',
    b"name='generator' content='solieu",
    b"<title>solieu review</title>",
)


def tmp_path(path: Path) -> Path:
    """Where `path` is written before it is moved into place."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


@contextmanager
def atomic_open(
    path: Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = "\n"
) -> Iterator[IO[Any]]:
    """Open a temp file next to `path`; on success fsync it and move it onto `path`."""
    tmp = tmp_path(path)
    handle: IO[Any] | None = None
    try:
        binary = "b" in mode  # closed below, before the replace
        handle = open(tmp, mode) if binary else open(tmp, mode, encoding=encoding, newline=newline)  # noqa: SIM115
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(tmp, path)
    except OSError as exc:
        _discard(handle, tmp)
        raise output_error(exc, path) from exc
    except BaseException:
        _discard(handle, tmp)
        raise


def _discard(handle: IO[Any] | None, tmp: Path) -> None:
    try:
        if handle is not None and not handle.closed:
            handle.close()
    except OSError:
        pass
    tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write a text file atomically, its line ends as given."""
    with atomic_open(path, encoding=encoding, newline="") as handle:
        handle.write(text)


def write_model_json(path: Path, model: Any) -> None:
    """Write one pydantic model as indented JSON, atomically."""
    write_text(path, model.model_dump_json(indent=2) + "\n")


def remove_stale_temp_files(folder: Path) -> None:
    """Remove what a killed writer left in `folder`."""
    for stale in folder.glob(TMP_GLOB):
        stale.unlink(missing_ok=True)
