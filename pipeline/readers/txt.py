"""Plain text: find the encoding, convert legacy Vietnamese encodings, split into paragraphs.

Order of evidence: a BOM is certain; NUL bytes or many control bytes mean a
binary file (or UTF-16 without BOM); valid UTF-8 is taken as UTF-8 unless its
characters only make sense as a legacy font typed into Unicode; anything else
is scored as windows-1258, TCVN3 and VNI, and the decoding whose non-ASCII
characters are Vietnamese letters wins.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from pipeline.errors import ReadError
from pipeline.readers.build import Parsed
from pipeline.readers.legacy import best_legacy_decoding, looks_like_legacy_unicode, syllable_score
from pipeline.readers.markdown_tables import markdown_tables
from pipeline.readers.normalize import normalize_text
from schemas.models import Block

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls that never occur in text (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B)) + b"\x7f"
_SAMPLE = 65_536
_MAX_CONTROL_RATIO = 0.005
_MIN_SYLLABLES = 0.8  # share of accented words that must be well-formed Vietnamese syllables
_LEGACY_FAIL = 0.4  # above this but below the minimum: a legacy font we cannot fully map
_LINE = re.compile(r"[^\n]+")


def parse_txt(data: bytes, doc_id: str) -> Parsed:
    """Decode and normalise a text file; blocks are its non-blank lines, the cells of its Markdown
    tables (`pipeline.readers.markdown_tables`) table_cell blocks."""
    raw, encoding, warnings = decode_bytes(data, doc_id)
    text = normalize_text(raw)
    if not text.strip():
        raise ReadError("E101", f"{doc_id}: the file holds only white space")
    tables, blocks = markdown_tables(text, line_blocks(text))
    return Parsed(text=text, blocks=blocks, encoding=encoding, warnings=warnings, tables=tables)


def line_blocks(text: str) -> list[Block]:
    """One paragraph block per non-blank line, white space trimmed."""
    blocks: list[Block] = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start] in " \t\f":
            start += 1
        while end > start and text[end - 1] in " \t\f":
            end -= 1
        if end > start:
            blocks.append(Block(start=start, end=end))
    return blocks


def decode_bytes(data: bytes, doc_id: str) -> tuple[str, str, list[str]]:
    """Return (text, encoding name, warnings) or raise E102/E103/E104."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, []
            except UnicodeDecodeError as exc:
                raise ReadError(
                    "E103", f"{doc_id}: starts with a {name} BOM but does not decode ({exc.reason})"
                ) from exc
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return _utf16_without_bom(data, doc_id)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise ReadError("E102", f"{doc_id}: binary data ({controls} control bytes in the first {len(sample)})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _nearly_utf8(data) or _decode_legacy_bytes(data, doc_id)
    if looks_like_legacy_unicode(text):
        converted = _legacy_typed_into_unicode(text)
        if converted is not None:
            name, fixed = converted
            return fixed, "utf-8", [f"text typed in a {name} font was converted to Unicode"]
    return text, "utf-8", []


def _nearly_utf8(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few broken bytes (a bad copy, a cut multi-byte character): keep it, say so.

    A legacy file read as UTF-8 breaks on nearly every accented letter, far above this limit.
    """
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    if broken > max(1, len(data) // 2_000):
        return None
    return text, "utf-8", [f"{broken} invalid UTF-8 byte sequence(s) replaced by U+FFFD"]


def _utf16_without_bom(data: bytes, doc_id: str) -> tuple[str, str, list[str]]:
    """NUL bytes: UTF-16 text without a BOM has them in every other byte; anything else is binary."""
    sample = data[:_SAMPLE] if len(data) % 2 == 0 else b""
    nul_even = sample[0::2].count(0)
    nul_odd = sample[1::2].count(0)
    half = len(sample) / 2
    for nuls, name in ((nul_odd, "utf-16-le"), (nul_even, "utf-16-be")):
        if sample and nuls > 0.3 * half and (nul_even + nul_odd - nuls) < 0.01 * half:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                break
            if sum(1 for c in text[:5000] if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f") == 0:
                return text, name, [f"no BOM: decoded as {name}"]
    raise ReadError("E102", f"{doc_id}: binary data (NUL bytes), not text")


def _legacy_typed_into_unicode(text: str) -> tuple[str, str] | None:
    """Unicode whose odd Latin-1 characters are really TCVN3 or VNI codes; None when it is not."""
    score_now, _ = syllable_score(text)
    if score_now >= _MIN_SYLLABLES:
        return None
    best = best_legacy_decoding(text)
    if best is None:
        return None
    name, decoded, score = best
    if score >= _MIN_SYLLABLES and score > score_now:
        return name, decoded
    return None


def _decode_legacy_bytes(data: bytes, doc_id: str) -> tuple[str, str, list[str]]:
    """Not UTF-8: windows-1258, TCVN3 or VNI, whichever yields Vietnamese syllables; else E104/E103."""
    candidates: list[tuple[float, str, str]] = []
    try:
        cp1258 = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    else:
        if syllable_score(cp1258)[1]:
            candidates.append((syllable_score(cp1258)[0], "windows-1258", cp1258))
    best = best_legacy_decoding(data.decode("latin-1"))
    if best is not None:
        name, decoded, score = best
        candidates.append((score, name, decoded))
    if candidates:
        score, name, text = max(candidates, key=lambda c: c[0])
        if score >= _MIN_SYLLABLES:
            return text, name.lower(), [f"legacy encoding {name} converted to Unicode"]
        if name != "windows-1258" and score >= _LEGACY_FAIL:
            raise ReadError(
                "E104",
                f"{doc_id}: looks like the legacy {name} font encoding, but only {score:.0%} of its "
                "accented words decode to Vietnamese",
            )
    raise ReadError("E103", f"{doc_id}: not UTF-8, UTF-16, windows-1258, TCVN3 or VNI{_guess(data)}")


def _guess(data: bytes) -> str:
    """Name the encoding charset-normalizer suspects, for the error message only."""
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data[:_SAMPLE]).best()
    except Exception:  # a guess for a message must never hide the real error
        return ""
    return f" (looks like {match.encoding})" if match is not None else ""
