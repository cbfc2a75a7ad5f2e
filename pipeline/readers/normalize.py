"""One canonical form for every text before offsets are computed.

Vietnamese text reaches us in many shapes: NFD from PDFs and Macs, old-style
tone placement (`hoà`, `thuỷ`) from older typists, non-breaking spaces and
zero-width characters from web pages and Word. Offsets of every mention index
the normalised text, so normalisation happens once, here, and never again.

Rules (kept in step with `unify_tones` in shared/score.py, the scorer's rule):

* Unicode NFC;
* tone mark on the first vowel of a final `oa`, `oe`, `uy` (`hoà` → `hòa`,
  `thuỷ` → `thủy`, `Uỷ` → `Ủy`, `khoẻ` → `khỏe`); `qu` keeps its tone on the
  second vowel (`quý`, `quỹ`). Unlike the scorer's NFD regex, a vowel that also
  bears a circumflex or breve (`tuệ`, `Huệ`) is left alone: the scorer would
  turn `tuệ` into `tụê`, which is not a Vietnamese spelling;
* non-breaking and other Unicode spaces → `' '`; zero-width characters, soft
  hyphens, BOMs and stray C0 controls removed; `\\r\\n` / `\\r` and the Unicode
  line separators → `\\n`. Line breaks are kept; no space is inserted or
  removed around punctuation;
* the PDF look-alikes `ƣ`/`Ƣ` (U+01A3/U+01A2) → `ư`/`Ư`.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.tones import new_style_tones

# Characters that need work; everything else passes through untouched.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DROPPED = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\f") + "\x7f"
_NEWLINES = "\u2028\u2029\x85"
# Vietnamese PDFs made with some font converters map ư/Ư to the look-alike ƣ/Ƣ (Latin OI,
# U+01A3/U+01A2), which no Vietnamese text uses: "PHƢƠNG HƢỚNG" is "PHƯƠNG HƯỚNG".
_LOOKALIKES = {"\u01a3": "\u01b0", "\u01a2": "\u01af"}
_SPECIAL = re.compile("[\r" + _SPACES + _DROPPED + re.escape(_CONTROLS) + _NEWLINES + "".join(_LOOKALIKES) + "]")
_TRANSLATE = (
    {ord(c): " " for c in _SPACES}
    | {ord(c): None for c in _DROPPED + _CONTROLS}
    | {ord(c): "\n" for c in _NEWLINES}
    | {ord(k): v for k, v in _LOOKALIKES.items()}
)


def normalize_text(text: str) -> str:
    """Return `text` in solieu's canonical form (see the module docstring).

    >>> normalize_text("Uỷ ban\\u00a0hoà giải\\r\\nthuỷ lợi, quý, tuệ")
    'Ủy ban hòa giải\\nthủy lợi, quý, tuệ'
    """
    if text.isascii():
        if "\r" in text or _SPECIAL.search(text):
            text = _fix_specials(text)
        return text
    if _SPECIAL.search(text):
        text = _fix_specials(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return new_style_tones(text)


def _fix_specials(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
