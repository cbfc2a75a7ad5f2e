"""`load_lexicon(*dirs)`: the packaged data files, the user's rule folders laid over them, validated.

Merge order (documented in CONTRIBUTING.md): the files of `extractors/data/` first, then each
user folder in the order given (`solieu run --rules A --rules B`, or `SOLIEU_RULES=A:B`), each
file over the same-named file before it:

* TOML: lists are extended (no duplicates), tables merged key by key, other values replaced;
  `metrics.toml` replaces a metric's table whole (so a user can redefine or disable one);
* `count_nouns.txt`: lines added; `doc_types.tsv`: rows added, a known name gains codes;
  `abbreviations.tsv`: rows added or replaced by abbreviation.

Any problem — a file that is not UTF-8, broken TOML, an unknown file name, an unknown key, a
wrong type — is E110 naming the file, the key and the problem, raised before a run starts.
The dictionary of multi-syllable Vietnamese words comes from underthesea's word list
(`underthesea/corpus/data/Viet74K.txt`), shipped with that package: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tomllib
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from extractors.tones import new_style_tones
from pipeline.errors import SolieuError
from schemas.lexicon import Lexicon, TaxonomyData

if TYPE_CHECKING:
    from extractors.metrics import Taxonomy

USER_RULES_ENV = "SOLIEU_RULES"

# name -> the Lexicon field it fills; every file the extractors read
DATA_FILES: dict[str, str] = {
    "figures.toml": "figures",
    "count_nouns.txt": "count_nouns",
    "doc_types.tsv": "doc_types",
    "titles.toml": "titles",
    "places.toml": "places",
    "organisations.toml": "organisations",
    "abbreviations.tsv": "abbreviations",
    "sentences.toml": "sentences",
    "metrics.toml": "taxonomy",
    "doc_types_facts.toml": "facts",
}


def rules_dirs_from_env() -> tuple[Path, ...]:
    """The user's rule folders named by `SOLIEU_RULES` (os.pathsep-separated), for the CLI to pass on."""
    value = os.environ.get(USER_RULES_ENV, "")
    return tuple(Path(p) for p in value.split(os.pathsep) if p)


def load_lexicon(*dirs: Path | str) -> Lexicon:
    """The lexicon of the packaged data with the user's folders `dirs` laid over it, in order."""
    folders = tuple(Path(d).resolve() for d in dirs)
    for folder in folders:
        if not folder.is_dir():
            raise SolieuError("E503", f"rules folder {folder} does not exist")
    stamp = tuple(_stamp(folder) for folder in folders)
    return _load(folders, stamp)


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What the cache keys on: each file's name, size and mtime (an edited file loads again)."""
    out = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file() and not entry.name.startswith("."):
            st = entry.stat()
            out.append((entry.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


@lru_cache(maxsize=8)
def _load(folders: tuple[Path, ...], _stamp: tuple[Any, ...]) -> Lexicon:
    digest = hashlib.sha256()
    sources: list[str] = []
    values: dict[str, Any] = {}
    packaged = resources.files("extractors") / "data"
    for name, field in DATA_FILES.items():
        data = (packaged / name).read_bytes()
        digest.update(f"packaged/{name}\0".encode() + hashlib.sha256(data).digest())
        sources.append(f"extractors/data/{name}")
        values[field] = _parse(name, _text(name, data))
    for folder in folders:
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or not entry.is_file():
                continue
            if entry.name not in DATA_FILES:
                known = ", ".join(DATA_FILES)
                raise SolieuError("E110", f"{entry}: not a rules file solieu reads (known: {known})")
            data = entry.read_bytes()
            digest.update(f"user/{entry.name}\0".encode() + hashlib.sha256(data).digest())
            sources.append(str(entry))
            field = DATA_FILES[entry.name]
            parsed = _parse(str(entry), _text(str(entry), data))
            values[field] = _MERGERS[entry.suffix](entry.name, values[field], parsed)
    words, word_digest = _dictionary()
    digest.update(b"dictionary\0" + word_digest)
    digest.update(b"gazetteer\0" + _gazetteer_digest())
    values["doc_types"] = [{"name": n, "codes": c} for n, c in values["doc_types"].items()]
    try:
        return Lexicon.model_validate(
            {**values, "version": digest.hexdigest(), "sources": sources, "dictionary": words}
        )
    except ValidationError as exc:
        raise SolieuError("E110", _describe(exc, sources[len(DATA_FILES) :])) from exc


def _text(name: str, data: bytes) -> str:
    """A data file's text in the form texts are normalised to (NFC, new tone style): a user's `hoà` matches."""
    try:
        return new_style_tones(unicodedata.normalize("NFC", data.decode("utf-8-sig")))
    except UnicodeDecodeError as exc:
        raise SolieuError("E110", f"{name}: not UTF-8 (byte {exc.start}); save it as UTF-8") from exc


def _parse(name: str, text: str) -> Any:
    """A data file's text as plain values: a dict (TOML), a list of lines (.txt), rows (.tsv)."""
    if name.endswith(".toml"):
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise SolieuError("E110", f"{name}: {exc}") from exc
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if name.endswith(".txt"):
        return [" ".join(line.split()).lower() for line in lines]
    rows: dict[str, Any] = {}
    for number, line in enumerate(lines, 1):
        key, tab, value = line.partition("\t")
        if name.endswith("doc_types.tsv"):  # a kind may have no code of its own (`Văn bản`)
            if key == "name":  # the header row
                continue
            codes = [c.strip() for c in value.split(",") if c.strip()]
            rows.setdefault(key.strip(), [])
            rows[key.strip()] += [c for c in codes if c not in rows[key.strip()]]
        elif not tab:
            raise SolieuError("E110", f"{name}: row {number} ({line.strip()[:40]!r}) has no TAB")
        else:
            rows[key.strip()] = value.strip()
    return rows


def merge_tables(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` on top of `base`: lists extended (no duplicates), tables merged, values replaced.

    >>> merge_tables({"a": [1], "t": {"x": 1}}, {"a": [2, 1], "t": {"y": 2}, "n": 3})
    {'a': [1, 2], 't': {'x': 1, 'y': 2}, 'n': 3}
    """
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge_tables(old, value)
        else:
            out[key] = value
    return out


def merge_taxonomy(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A user's taxonomy over ours: a metric's table replaces ours whole; settings merge key by key."""
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, value in extra.items():
        if section in ("metrics", "matching", "aggregation") and isinstance(value, dict):
            out.setdefault(section, {}).update(value)
        else:
            out[section] = value  # validation names the unknown section
    return out


def _merge_toml(name: str, base: Any, extra: Any) -> Any:
    return merge_taxonomy(base, extra) if name == "metrics.toml" else merge_tables(base, extra)


def _merge_lines(_name: str, base: Any, extra: Any) -> Any:
    return base + [line for line in extra if line not in base]


def _merge_rows(name: str, base: Any, extra: Any) -> Any:
    if name == "doc_types.tsv":
        merged = {k: list(v) for k, v in base.items()}
        for key, codes in extra.items():
            merged.setdefault(key, [])
            merged[key] += [c for c in codes if c not in merged[key]]
        return merged
    return {**base, **extra}


_MERGERS: dict[str, Callable[[str, Any, Any], Any]] = {".toml": _merge_toml, ".txt": _merge_lines, ".tsv": _merge_rows}


def _describe(exc: ValidationError, user_files: Sequence[str]) -> str:
    """The first problem of a validation error as `file: key: problem`."""
    first = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ())]
    field = loc[0] if loc else ""
    name = next((n for n, f in DATA_FILES.items() if f == field), field)
    user = [u for u in user_files if Path(u).name == name]
    where = user[-1] if user else f"extractors/data/{name}"
    key = ".".join(loc[1:]) or "(file)"
    problem = "unknown key (misspelt?)" if first.get("type") == "extra_forbidden" else first.get("msg", "")
    return f"{where}: {key}: {problem}"


def _underthesea_file(*parts: str) -> Path:
    """A data file shipped inside underthesea, found without importing the package (that costs ~1 s)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise SolieuError("E110", "underthesea is not installed: pip install 'underthesea>=9.5'")
    path = Path(spec.origin).parent.joinpath(*parts)
    if not path.is_file():
        raise SolieuError("E110", f"{path} is missing: underthesea >= 9.5 ships it (pip install -U underthesea)")
    return path


@lru_cache(maxsize=1)
def _gazetteer_digest() -> bytes:
    """The gazetteer's file decides reporting units: it is part of the lexicon's version."""
    from pipeline.lexicon.gazetteer import mapping_path

    path = mapping_path()
    return hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"absent"


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], bytes]:
    """Multi-syllable words of underthesea's Viet74K word list, lower case NFC, new tone style, and their digest."""
    data = _underthesea_file("corpus", "data", "Viet74K.txt").read_bytes()
    text = new_style_tones(unicodedata.normalize("NFC", data.decode("utf-8")).lower())  # once, not per line
    words = frozenset(" ".join(parts) for parts in map(str.split, text.splitlines()) if len(parts) > 1)
    return words, hashlib.sha256(data).digest()


def load_taxonomy(
    user_toml_text: str | None = None, lexicon: Lexicon | None = None, where: str = "--metrics"
) -> Taxonomy:
    """The lexicon's taxonomy with a user's TOML (its text) laid over it; E110 names what is wrong."""
    lexicon = lexicon or load_lexicon()
    return _taxonomy(user_toml_text, lexicon, where)


@lru_cache(maxsize=8)
def _taxonomy(user_toml_text: str | None, lexicon: Lexicon, where: str) -> Taxonomy:
    from extractors.metrics import build_taxonomy

    data = lexicon.taxonomy
    if user_toml_text:
        try:
            user = tomllib.loads(user_toml_text)
        except tomllib.TOMLDecodeError as exc:
            raise SolieuError("E110", f"{where}: {exc}") from exc
        merged = merge_taxonomy(data.model_dump(), user)
        try:
            data = TaxonomyData.model_validate(merged)
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first.get("loc", ())) or "(file)"
            problem = "unknown key (misspelt?)" if first.get("type") == "extra_forbidden" else first.get("msg", "")
            raise SolieuError("E110", f"{where}: {key}: {problem}") from exc
    return build_taxonomy(data, lexicon)
