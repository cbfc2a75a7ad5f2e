"""What a number counts: the noun right after it (`10 đoàn kiểm tra`, `35 hội nghị`, `12 bị can`).

Nouns are open-class, so after a number in digits any word that is not a
duration, a function word or a measure counts. A noun is a dictionary word
of one or more syllables (underthesea's word list, in the lexicon): `khởi tố
12 bị can` counts `bị can` although `bị` alone is a function word. Numbers
written in words (`bảy thôn`, `nêu ba bài học`) need a noun of
`count_nouns.txt` or a dictionary word of two or more syllables, because
`năm`, `ba`, `tư` are ordinary words too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.figures.common import AHEAD, blanks_end
from extractors.figures.rules import FigureRules
from extractors.numbers import parse_words

_TOKEN = regex.compile(r"[ \t]*([“\"‘']?)[ \t]*([\p{L}\p{M}][\p{L}\p{M}\p{N}]*)")
_NEXT_WORD = regex.compile(r"[ \t]+([\p{L}\p{M}][\p{L}\p{M}\p{N}]*)")
_ABBREV = regex.compile(r"^\p{Lu}{2,6}$")
_SYMBOL_GOES_ON = regex.compile(r"[ \t]?[-/][ \t]?\p{Lu}")


@dataclass
class Noun:
    kind: str  # "count" or "duration"
    unit: str
    end: int  # end of the unit
    subject: str
    subject_end: int


# words separated by spaces, or by one line end before a lower-case word (a PDF line that wrapped,
# also right after the number: `cấp mới 57⏎giấy phép`)
_RUN = regex.compile(
    r"[ \t]*(?:\n[ \t]*(?=\p{Ll}))?(?:[“\"‘'][ \t]*)?"
    r"((?:[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[ \t]+(?=[\p{L}\p{M}])|[ \t]*\n[ \t]*(?=\p{Ll}))?)*)"
)
_RUN_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*")


def _words(text: str, pos: int, n: int) -> list[tuple[str, int, int]]:
    """Up to `n` words from `pos` (after an optional opening quote), stopping at punctuation."""
    m = _RUN.match(text, pos, min(len(text), pos + 12 * n), False)
    if not m or m.start(1) == m.end(1):
        return []
    base = m.start(1)
    return [
        (w.group(), base + w.start(), base + w.end()) for w in _RUN_WORD.finditer(m.group(1), None, None, False, False)
    ][:n]


_SPELLED = regex.compile(r"[ \t]*\([ \t]*[\p{L}\p{M} ]{2,40}\)")


def noun_after(text: str, pos: int, r: FigureRules, *, open_class: bool = True) -> Noun | None:
    """The counted noun starting at `pos` (after optional spaces or an opening quote), if any.

    A number spelled out in brackets after the digits (`02 (hai) lớp`, usual in official
    letters) is skipped.
    """
    q = blanks_end(text, pos)
    sm = _SPELLED.match(text, pos, pos + AHEAD, False) if text[q : q + 1] == "(" else None  # it begins `[ \t]*\(`
    if sm and parse_words(sm.group().strip(" \t()"), r.numbers) is not None:
        pos = sm.end()
    words = _words(text, pos, 8)
    if not words:
        return None
    wrapped = "\n" in text[pos : words[0][1]]
    low = [w.lower() for w, _, _ in words]
    if len(low) > 1 and low[0] in r.words("counts.noun_prefixes"):
        inner = noun_after(text, words[1][1], r, open_class=False)  # `108.117 tổng hồ sơ`
        if inner is not None and inner.kind == "count":
            return Noun(
                "count",
                inner.unit,
                inner.end,
                " ".join(text[words[0][1] : inner.subject_end].split()),
                inner.subject_end,
            )
    lexicon = r.count_nouns
    durations = r.words("counts.durations")
    long_noun = next((k for k in (3, 2) if len(low) >= k and " ".join(low[:k]) in lexicon), 0)
    for k in (3, 2, 1) if not long_noun else ():  # `giờ công`, `ngày công` are nouns, not durations
        if len(low) >= k and " ".join(low[:k]) in durations:
            return Noun("duration", " ".join(low[:k]), words[k - 1][2], " ".join(low[:k]), words[k - 1][2])
    first, _, first_end = words[0]
    if any(map(str.isdigit, first)):
        return None
    abbreviation = _ABBREV.match(first, None, None, False) is not None
    if abbreviation and _SYMBOL_GOES_ON.match(text, first_end, first_end + AHEAD, False):
        return None  # `95/2024 NĐ-CP`: the code of a document symbol, not a counted abbreviation
    not_nouns = r.words("counts.not_nouns")
    proper = first[0].isupper() and not abbreviation  # `1 Nhơn Lộc`, `7 Thăm hỏi` name no noun
    compound = long_noun or (0 if proper else _dictionary_word(low, r))
    verbs = r.words("counts.verbs")
    if (compound and " ".join(low[:compound]) in _not_counted(r)) or (not long_noun and low[0] in verbs):
        return None  # `hai con số`; `năm 2020 đạt`, `cấp 1 tham dự`: a verb counts nothing
    if (
        not long_noun
        and (low[0] in not_nouns or " ".join(low[:2]) in not_nouns)
        and not (compound and low[0] in r.words("counts.compound_heads"))
    ):
        return None  # `đã`, `vừa qua`, `toàn bộ`; but `bị can`, `cấp phó` are nouns
    k_found = compound
    if not k_found and low[0] in lexicon:
        k_found = 1
    if not k_found:
        if not open_class or wrapped:  # a noun on the next line must be a known one: `57⏎giấy phép`
            return None
        if proper:
            return None
        k_found = 1
    unit_end = words[k_found - 1][2]
    subject_end = unit_end
    subject_stops = r.words("counts.subject_stops")
    for w, _, e in words[k_found:6]:
        if w.lower() in subject_stops or (w[0].isupper() and not _ABBREV.match(w, None, None, False)):
            break
        if text[subject_end:e].count(",") or text[subject_end:e].count(";"):
            break
        subject_end = e
    unit = " ".join(low[:k_found])
    subject_start = words[0][1]
    return Noun("count", unit, unit_end, " ".join(text[subject_start:subject_end].split()), subject_end)


@lru_cache(maxsize=4)
def _not_counted(r: FigureRules) -> frozenset[str]:
    """Words that are no counted noun: the not-nouns and the verbs, as one set (made once per lexicon)."""
    return r.words("counts.not_nouns") | r.words("counts.verbs")


def _dictionary_word(low: list[str], r: FigureRules) -> int:
    """Syllables (2 or 3) of the dictionary word the words start with, 0 for none.

    A word that never heads a noun (`là`, `đã`, `được`…) starts none, even where the
    dictionary lists a phrase (`đã qua`); a word whose last syllable begins the next
    dictionary word is cut there (`04 hội báo cáo` counts `hội`).
    """
    if not low or low[0] in r.words("counts.never_noun_heads"):
        return 0
    dictionary = r.lexicon.dictionary
    for k in (3, 2):
        if len(low) >= k and " ".join(low[:k]) in dictionary:
            if len(low) > k and " ".join(low[k - 1 : k + 1]) in dictionary:
                continue  # `04 hội báo cáo`: `báo cáo` claims the last syllable; the noun is shorter
            return k
    return 0
