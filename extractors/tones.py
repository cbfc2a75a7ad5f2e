"""One tone-mark placement: the new style (`hòa`, `thủy`, `khỏe`) every text and word list is put in.

Old style puts the tone on the second vowel of a final `oa`, `oe`, `uy` (`hoà`, `thuỷ`, `khoẻ`).
The readers move it for every document and the lexicon loader for every word list (underthesea's
Viet74K is written in the old style), so a word looked up is spelt as the text spells it. This is
pure string work, so it lives with the extractors and the pipeline imports it.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def _compose(base: str, mark: str) -> str:
    return unicodedata.normalize("NFC", base + mark)


# Tone-bearing second vowels in NFC, mapped to (the vowel, its tone).
_TONED_SECOND = {_compose(v, t): (v, t) for v in "aAeEyY" for t in _TONES}
# The look-behind sits after the first vowel so the pattern starts with a character class, which
# `re` scans for quickly (a leading look-behind is 20x slower). `qu` keeps its tone on the second
# vowel (`quý`); nothing moves before a letter (`hoàng`) or a stray combining mark.
OLD_TONE = re.compile(r"([oOuU])(?<![qQ][oOuU])([" + "".join(_TONED_SECOND) + r"])(?![^\W\d_]|[\u0300-\u036f])")


def _move_tone(match: re.Match[str]) -> str:
    second, tone = _TONED_SECOND[match.group(2)]
    return _compose(match.group(1), tone) + second


def new_style_tones(text: str) -> str:
    """`text` (NFC) with every old-style tone moved to the first vowel.

    >>> new_style_tones("Uỷ ban hoà giải, thuỷ lợi, khoẻ, quý, hoàng, tuệ")
    'Ủy ban hòa giải, thủy lợi, khỏe, quý, hoàng, tuệ'
    """
    return OLD_TONE.sub(_move_tone, text) if OLD_TONE.search(text) else text
