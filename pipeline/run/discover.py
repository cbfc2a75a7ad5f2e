"""Finding the files of a folder: what a run reads, what it skips and why.

Hidden files and folders are ignored. Symlinks that stay inside the input
folder are followed, each real folder visited once, so a symlink loop ends; a
symlink that points outside it is skipped unless the run was asked to follow
links (`--follow-links`). solieu's own outputs are never read as documents,
wherever they are, so nothing is counted twice: the run's output folder and
store, any folder holding a solieu `run.json` or `.solieu/` store, and review
pages (HTML that carries solieu's generator mark). doc_id is the path relative
to the input folder, '/'-separated, NFC.

Files that are not regular files (a FIFO, a device) are returned like the
others: the run gives them an E107 error record after one `stat`, never
opening them (a FIFO would wait for a writer for ever).
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from pipeline.outputs.files import GENERATOR_MARKS
from schemas import SkippedFile

_HTML_SUFFIXES = (".html", ".htm")
_MARK_WINDOW = 8192  # bytes of an HTML file looked at for solieu's generator mark


def discover(
    input_dir: Path, suffixes: Iterable[str], exclude: Iterable[Path] = (), *, follow_links: bool = False
) -> tuple[list[tuple[str, str]], list[SkippedFile]]:
    """(doc_id, path) of every supported file under `input_dir`, sorted by doc_id, and what was skipped.

    Paths are strings (`input_dir` joined with the names found), cheap for 100,000 files.

    `exclude` (the output folder, the store's folder) is never entered; with
    `follow_links`, symlinks pointing outside `input_dir` are followed too.
    """
    wanted = {s.lower() for s in suffixes}
    excluded = {os.path.realpath(p) for p in exclude}
    root = os.path.realpath(input_dir)
    visited: set[str] = set()
    found: dict[str, str] = {}
    skipped: list[SkippedFile] = []
    top = str(input_dir)
    cut = len(os.path.join(top, ""))  # every path found starts with `top` and a separator

    def rel(path: str) -> str:
        relative = path[cut:] if os.sep == "/" else path[cut:].replace(os.sep, "/")
        return relative if unicodedata.is_normalized("NFC", relative) else unicodedata.normalize("NFC", relative)

    def inside(real: str) -> bool:
        return real == root or real.startswith(root.rstrip(os.sep) + os.sep)

    stack = [top]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            skipped.append(SkippedFile(path=rel(folder) or ".", reason="folder already visited (symlink loop)"))
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(SkippedFile(path=rel(folder) or ".", reason=f"cannot list folder: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if not _valid_utf8(entry.name):  # no id could name it in UTF-8 JSON
                shown = rel(entry.path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                skipped.append(SkippedFile(path=shown, reason="name is not valid UTF-8"))
                continue
            doc_id = rel(entry.path)
            try:
                is_link = entry.is_symlink()
                if is_link:
                    target = os.path.realpath(entry.path)
                    if not os.path.exists(entry.path):
                        skipped.append(SkippedFile(path=doc_id, reason="broken symlink"))
                        continue
                    if not follow_links and not inside(target):
                        skipped.append(
                            SkippedFile(
                                path=doc_id,
                                reason=f"symlink to {target}, outside the input folder (--follow-links reads it)",
                            )
                        )
                        continue
                if entry.is_dir(follow_symlinks=True):
                    real_dir = os.path.realpath(entry.path)
                    if real_dir in excluded:
                        continue
                    if _is_solieu_output(entry.path):
                        skipped.append(
                            SkippedFile(
                                path=doc_id, reason="a solieu output folder (never read, so nothing is counted twice)"
                            )
                        )
                        continue
                    stack.append(entry.path)
                    continue
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                skipped.append(SkippedFile(path=doc_id, reason=f"cannot stat: {exc.strerror}"))
                continue
            suffix = os.path.splitext(entry.name)[1].lower()
            if suffix not in wanted:
                reason = f"unsupported extension {suffix or '(none)'}" if is_file else "not a regular file"
                skipped.append(SkippedFile(path=doc_id, reason=reason))
            elif doc_id in found:
                skipped.append(SkippedFile(path=doc_id, reason="same name as another file after NFC"))
            elif is_file and suffix in _HTML_SUFFIXES and _is_solieu_page(entry.path):
                skipped.append(SkippedFile(path=doc_id, reason="a solieu review page (an output, not a document)"))
            else:
                found[doc_id] = entry.path  # a FIFO or device too: the run records E107 for it
    skipped.sort(key=lambda s: (s.path, s.reason))
    return sorted(found.items()), skipped


def _is_solieu_output(folder: str) -> bool:
    """A folder a solieu run wrote: its `.solieu/` store folder, or a run.json of solieu's."""
    if os.path.isfile(os.path.join(folder, ".solieu", "store.sqlite")) or os.path.isfile(
        os.path.join(folder, ".solieu", "lock")
    ):
        return True
    manifest = os.path.join(folder, "run.json")
    if not os.path.isfile(manifest):
        return False
    try:
        with open(manifest, "rb") as handle:
            head = handle.read(1 << 20)
        record = json.loads(head)
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and "solieu_version" in record and "rules_version" in record


def _is_solieu_page(path: str) -> bool:
    """An HTML file that solieu wrote (a review page): its head carries the generator mark."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_MARK_WINDOW)
    except OSError:
        return False
    return any(mark in head for mark in GENERATOR_MARKS)


def _valid_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
