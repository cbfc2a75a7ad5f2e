"""An issuer's upper-case line in sentence case, as names of bodies are written in running text.

Nghị định 30/2020/NĐ-CP (Phụ lục II) capitalises the first syllable of a body's type and of
each part of its field (`Sở Tài chính`, `Phòng Giáo dục và Đào tạo`, `Ban Kinh tế - Ngân
sách`), keeps fixed names as they are (`Ủy ban nhân dân`, `Hội Liên hiệp Phụ nữ`), writes the
unit word in lower case and the unit's name as the gazetteer spells it (`tỉnh Lâm Đồng`), and
keeps abbreviations (`UBND`, `THCS`). Every word decided on is in `[casing]` of the lexicon.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container

from extractors.facts.heading import is_upper
from extractors.facts.places import GazIndex
from extractors.facts.rules import FactRules, fold

_VOWELS = frozenset("aeiouy")  # the base letters of every vowel, once marks are taken off (NFD)
_TRAILING = ",;:."
_DASHES = ("-", "–", "—")
_NAME_WORDS = 4  # the most words of a unit's name


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def _abbreviation(r: FactRules, word: str) -> bool:
    """`UBND`, `HĐND`, `THCS`, `GD&ĐT`: kept upper (listed, or with no vowel, which no syllable lacks)."""
    bare = word.strip(_TRAILING)
    if bare in r.kept_upper or "&" in bare:
        return True
    letters = [c for c in unicodedata.normalize("NFD", bare.lower()) if c.isalpha()]
    return len(letters) >= 2 and bare.isupper() and not any(c in _VOWELS for c in letters)


def _phrase(words: list[str], i: int, n: int) -> tuple[str, str]:
    """The folded look-up key of words[i:i+n] without trailing punctuation, and that punctuation."""
    last = words[i + n - 1]
    stripped = last.rstrip(_TRAILING)
    return fold(" ".join([*words[i : i + n - 1], stripped])), last[len(stripped) :]


def _lookup(r: FactRules, words: list[str], i: int, table: Container[str]) -> tuple[int, str, str]:
    """The longest phrase of `table` at words[i]: (its length in words, its folded key, trailing punctuation);
    (0, "", "") when none is there."""
    for n in range(min(r.case_phrase_words, len(words) - i), 0, -1):
        key, tail = _phrase(words, i, n)
        if key in table:
            return n, key, tail
    return 0, "", ""


def _unit_name(gaz: GazIndex, words: list[str], i: int, word: str) -> tuple[int, str]:
    """The gazetteer's spelling of the unit's name at words[i] after the unit word `word`; (0, "") if unknown."""
    tiers = gaz.rules.unit_words.get(word, ())
    name = gaz.canonical(" ".join(w.strip(_TRAILING) for w in words[i : i + _NAME_WORDS]), tiers)
    if not name:
        return 0, ""
    n = min(len(name.split()), len(words) - i)
    last = words[i + n - 1]
    return n, name + last[len(last.rstrip(_TRAILING)) :]


def sentence_case(name: str, gaz: GazIndex) -> str:
    """`SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG` -> `Sở Tài chính tỉnh Lâm Đồng`; a name not in upper case is kept as written."""
    if not is_upper(name):
        return " ".join(name.split())
    r = gaz.rules
    words = name.split()
    out: list[str] = []
    field = cap_next = proper = named = False  # in a body's field, its next part takes a capital; in a proper
    i = 0  # name; just after a fixed name
    while i < len(words):
        after_name, named = named, False
        unit = (0, "", "") if _lookup(r, words, i, r.not_unit_words)[0] else _lookup(r, words, i, r.unit_words)
        committee = _lookup(r, words, i, r.folded_committees)
        if committee[0] or unit[0]:
            n, key, tail = committee if committee[0] else unit
            written = words[i : i + n]
            if committee[0]:  # `Huyện ủy`, then its unit's name
                out.append(r.case_names.get(key, _capitalised(" ".join(written))) + tail)
                word = r.folded_committees[key]
            else:
                kept = all(_abbreviation(r, w) for w in written)  # `TP`, `TX`
                out.append(" ".join(written) if kept else " ".join(written).lower())
                word = key
            i += n
            count, spelt = _unit_name(gaz, words, i, word)
            if count:
                out.append(spelt)
                i += count
            proper = not count  # a unit the gazetteer lacks: its name, every syllable capitalised
            field = cap_next = False
            continue
        n, key, tail = _lookup(r, words, i, r.proper_after)
        if not n:
            n, key, tail = _lookup(r, words, i, r.case_names)
        if n:
            out.append(r.proper_after.get(key) or r.case_names[key])
            out[-1] += tail
            i += n
            proper = key in r.proper_after
            field = cap_next = key in r.field_heads
            named = not tail  # a field head may follow a fixed name (`BAN CHẤP HÀNH / ĐOÀN XÃ …`)
            continue
        n, key, tail = _lookup(r, words, i, r.field_heads) if i == 0 or after_name else (0, "", "")
        if n:
            out.append(r.field_heads[key] + tail)
            i += n
            field = cap_next = True
            continue
        word = words[i]
        i += 1
        if _abbreviation(r, word) or not any(c.isalpha() for c in word):
            out.append(word)
            cap_next = cap_next or word in _DASHES
            named = i == 1  # `BCH ĐOÀN XÃ …`: a body's head may follow an abbreviation that opens the name
            continue
        if field and fold(word) in r.issuer_continues:
            out.append(word.lower())
            cap_next = True
            continue
        out.append(_capitalised(word) if proper or (field and cap_next) else word.lower())
        cap_next = field and word.endswith(",")
    text = " ".join(out)
    return text[:1].upper() + text[1:]
