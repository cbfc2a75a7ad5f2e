"""The rules version: one hash of everything that shapes a stored record or an output file.

The store keys cached results by (file bytes, rules version), and a warm run
rewrites its outputs only when this version (or a result) changed. So the hash
covers every source that decides what a document yields or how it is written:
the extractors and their data, the record schemas, the readers (their C loops too) and text
normalisation, the unit of work, the output writers and serialisers, the lexicon
(the user's rule folders over the packaged data) and the user's taxonomy. The CLI,
scheduling, review and diff code shape no stored record and no run output, and stay out.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

# `.c`: the compiled loops of the readers and the summary (each the twin of a Python reference) shape records too
_RULE_SUFFIXES = {".py", ".c", ".json", ".jsonl", ".tsv", ".toml", ".txt"}
# Relative to the folder holding the `extractors` and `pipeline` packages.
RULE_SOURCES = (
    "extractors",
    "schemas",
    "pipeline/readers",
    "pipeline/run/work.py",
    "pipeline/outputs",
    "pipeline/errors.py",
)


def _packages_root() -> Path:
    import extractors

    return Path(extractors.__file__).resolve().parent.parent


def rule_files(root: Path | None = None) -> list[Path]:
    """Every source and data file the records depend on, in a stable order."""
    base = root or _packages_root()
    files: list[Path] = []
    for source in RULE_SOURCES:
        target = base / source
        candidates = target.rglob("*") if target.is_dir() else [target]
        files += [p for p in candidates if p.is_file() and p.suffix in _RULE_SUFFIXES and "__pycache__" not in p.parts]
    return sorted(set(files), key=lambda p: p.relative_to(base).as_posix())


@lru_cache(maxsize=8)
def _rules_digest(root: str) -> str:
    base = Path(root)
    digest = hashlib.sha256()
    for path in rule_files(base):
        digest.update(path.relative_to(base).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def rules_version(taxonomy_text: str | None = None, *, lexicon_version: str = "", root: Path | None = None) -> str:
    """A short stable id of the code and data that shape records, the lexicon (with the user's rule
    folders and the dictionary it read) and the user's taxonomy, if any.

    >>> rules_version() == rules_version()
    True
    >>> rules_version("[x]") != rules_version() != rules_version(lexicon_version="abc")
    True
    """
    digest = hashlib.sha256(_rules_digest(str(root or _packages_root())).encode())
    if lexicon_version:
        digest.update(b"\0lexicon\0" + lexicon_version.encode())
    if taxonomy_text is not None:
        digest.update(b"\0taxonomy\0")
        digest.update(taxonomy_text.encode("utf-8"))
    return digest.hexdigest()[:16]
