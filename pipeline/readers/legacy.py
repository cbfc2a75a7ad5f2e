"""Pre-Unicode Vietnamese encodings: windows-1258, TCVN3 (ABC) and VNI.

Government offices typed in .VnTime (TCVN3) and VNI-Times fonts for two
decades; such files still turn up, either as raw bytes or as Unicode text that
was "typed in a legacy font" (each byte stored as the Latin-1 character with
that code). The mapping tables are data files beside this module
(`tcvn3.tsv`, `vni.tsv`) so a user can correct or extend them.

The right decoding is the one whose accented words are well-formed Vietnamese
syllables: decoding TCVN3 as windows-1258 yields `¶`, `¾`; decoding VNI as
TCVN3 yields `vieọt`, `chaứo`. `syllable_score` measures exactly that.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _load_table(name: str) -> dict[str, str]:
    """Read `bytes_hex<TAB>unicode` rows; the key is the bytes as Latin-1 characters."""
    table: dict[str, str] = {}
    for line in (_HERE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        codes, _, char = line.partition("\t")
        table["".join(chr(int(h, 16)) for h in codes.split())] = char.strip()
    return table


_TCVN3 = _load_table("tcvn3.tsv")
_TCVN3_TRANSLATE = {ord(k): v for k, v in _TCVN3.items()}
_VNI = _load_table("vni.tsv")
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))


def _vietnamese_letters() -> frozenset[str]:
    letters = set("đĐ")
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"):
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            char = unicodedata.normalize("NFC", base + tone)
            letters.update((char, char.upper()))
    return frozenset(c for c in letters if not c.isascii())


VIETNAMESE_LETTERS = _vietnamese_letters()
# Characters that betray a legacy font read as Latin-1 (they never occur in Vietnamese).
_LEGACY_CHARS = (set(_TCVN3) | set("".join(_VNI))) - VIETNAMESE_LETTERS - {"\u00ad"}
_LEGACY_SUSPECT = re.compile("[" + re.escape("".join(sorted(c for c in _LEGACY_CHARS if not c.isascii()))) + "]")


# Vietnamese syllables: initial consonant, vowel nucleus (with its glides), final consonant,
# at most one tone mark. A wrong legacy decoding breaks this ("vieọt", "chaứo", "ờỡ").
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|q|r|s|t|v|x"
_NUCLEI = (
    "iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_FINALS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(f"(?:{_INITIALS})?(?:{_NUCLEI})(?:{_FINALS})?")
_WORD = re.compile(r"[^\W\d_]+")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


@lru_cache(maxsize=65_536)
def _is_syllable(word: str) -> bool:
    """Is the word one well-formed syllable? Cached: a page's words are a few hundred syllables
    said again and again."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONE_MARKS)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


# Non-ASCII characters that are neither letters nor typography Vietnamese text uses: a wrong
# decoding's debris (C1 controls, ¶, ¾, ½...). Each counts against the decoding like a bad word.
_JUNK = re.compile(r"[^\x00-\x7f\w\s“”‘’–—…•°€±×·]")


def syllable_score(text: str, max_words: int = 5_000) -> tuple[float, int]:
    """(share of accented words that are well-formed Vietnamese syllables, number of accented words).

    Non-ASCII debris that is no letter at all counts as a bad word.

    >>> syllable_score("Việt Nam, chào các bạn")
    (1.0, 4)
    >>> syllable_score("Vieät Nam")[0]
    0.0
    """
    valid = total = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word.isascii():
            continue
        total += 1
        valid += _is_syllable(word)
        if total >= max_words:
            break
    junk = len(_JUNK.findall(text, 0, match.end() if total >= max_words else len(text))) if total else 0
    return (valid / (total + junk) if total else 0.0), total


def decode_tcvn3(text: str) -> str:
    """Bytes-as-Latin-1 text in TCVN3 → Unicode NFC.

    >>> decode_tcvn3("B¶o Th¾ng, M\\xadêng Kh\\xad¬ng")
    'Bảo Thắng, Mường Khương'
    """
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TRANSLATE))


def decode_vni(text: str) -> str:
    """Bytes-as-Latin-1 text in VNI-Windows → Unicode NFC.

    >>> decode_vni("Xin chaøo caùc baïn, Vieät Nam")
    'Xin chào các bạn, Việt Nam'
    """
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text))


LEGACY_DECODERS = {"TCVN3": decode_tcvn3, "VNI": decode_vni}


# Letters outside Latin-1 (ă đ ơ ư ạ...): text holding them was typed in Unicode, not a legacy font.
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def looks_like_legacy_unicode(text: str) -> bool:
    """Cheap test: does Unicode text carry characters that only a legacy font explains?

    Real Vietnamese shows a letter beyond Latin-1 within its first words, which ends the search early.
    """
    if _UNICODE_VIETNAMESE.search(text, 0, 200_000):
        return False
    return len(_LEGACY_SUSPECT.findall(text, 0, 200_000)) >= 3


def best_legacy_decoding(text: str) -> tuple[str, str, float] | None:
    """Try each legacy font decoder on bytes-as-Latin-1 text; (name, text, syllable score) of the best."""
    best: tuple[str, str, float] | None = None
    for name, decode in LEGACY_DECODERS.items():
        decoded = decode(text)
        score, words = syllable_score(decoded)
        if words and (best is None or score > best[2]):
            best = (name, decoded, score)
    return best
