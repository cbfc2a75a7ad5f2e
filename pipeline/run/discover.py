"""Finding the files of a folder: what a run reads, what it skips and why.

Hidden files and folders are ignored; symlinks are followed but each real folder is
visited once, so a symlink loop ends; the output folder and the store are never
entered; doc_id is the path relative to the input folder, '/'-separated, NFC.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from schemas import SkippedFile


def discover(input_dir: Path, suffixes: Iterable[str], exclude: Iterable[Path] = ()) -> tuple[
        list[tuple[str, Path]], list[SkippedFile]]:
    """(doc_id, path) of every supported file under `input_dir`, sorted by doc_id, and what was skipped.

    Hidden files and folders are ignored; symlinks are followed but each real
    folder is visited once, so a symlink loop ends; `exclude` (the output
    folder) is never entered. doc_id is the relative path, '/'-separated, NFC.
    """
    wanted = {s.lower() for s in suffixes}
    excluded = {os.path.realpath(p) for p in exclude}
    visited: set[str] = set()
    found: dict[str, Path] = {}
    skipped: list[SkippedFile] = []

    def rel(path: str) -> str:
        return unicodedata.normalize("NFC", Path(os.path.relpath(path, input_dir)).as_posix())

    stack = [str(input_dir)]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            skipped.append(SkippedFile(path=rel(folder), reason="folder already visited (symlink loop)"))
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(SkippedFile(path=rel(folder), reason=f"cannot list folder: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if not _valid_utf8(entry.name):  # no id could name it in UTF-8 JSON
                shown = rel(entry.path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                skipped.append(SkippedFile(path=shown, reason="name is not valid UTF-8"))
                continue
            try:
                if entry.is_dir(follow_symlinks=True):
                    if os.path.realpath(entry.path) not in excluded:
                        stack.append(entry.path)
                    continue
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                skipped.append(SkippedFile(path=rel(entry.path), reason=f"cannot stat: {exc.strerror}"))
                continue
            doc_id = rel(entry.path)
            suffix = os.path.splitext(entry.name)[1].lower()
            if not is_file:
                reason = "broken symlink" if entry.is_symlink() else "not a regular file"
                skipped.append(SkippedFile(path=doc_id, reason=reason))
            elif suffix not in wanted:
                skipped.append(SkippedFile(path=doc_id, reason=f"unsupported extension {suffix or '(none)'}"))
            elif doc_id in found:
                skipped.append(SkippedFile(path=doc_id, reason="same name as another file after NFC"))
            else:
                found[doc_id] = Path(entry.path)
    skipped.sort(key=lambda s: (s.path, s.reason))
    return sorted(found.items()), skipped


def _valid_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
