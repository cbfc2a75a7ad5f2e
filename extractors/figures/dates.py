"""Calendar dates, always day-first, to ISO values of at least month precision.

`07/01/2022` and `ngày 7 tháng 1 năm 2022` -> 2022-01-07; `tháng 12/2021` ->
2021-12; `quý I/2022` -> 2022-Q1; a day and month without a year in the same
phrase (`Sáng 18/4`, `ngày 30/10`, `1-6`) -> `--04-18`: the year is not
guessed, so `resolved` stays False. Bare years, year spans (`2021-2026`),
months or quarters without a year and times of day are not dates.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.figures.common import AHEAD, Blocked, Found, words_before
from extractors.figures.nouns import noun_after
from extractors.figures.rules import FigureRules, alternation

_I = regex.IGNORECASE
_SEP = r"[ \t]*[/\-.][ \t]*"
_FULL = regex.compile(
    r"(?<![\p{N}/.,\-])(\d{1,2})[ \t]*([/\-.])[ \t]*(\d{1,2})[ \t]*\2[ \t]*((?:19|20)\d{2})(?![\p{N}])"
)
_DAY_MONTH = regex.compile(r"(?<![\p{L}\p{N}/.,\-])(\d{1,2})([/\-.])(\d{1,2})(?![\p{N}]|[/\-.,]\d)")


def _words(words: list[str]) -> str:
    """Literal words, longest first, inner spaces matching `\\s+`, as a non-capturing group."""
    return "(?:" + alternation(words) + ")"


@lru_cache(maxsize=4)
def _patterns(r: FigureRules) -> dict[str, regex.Pattern[str]]:
    d = r.figures.dates
    day, prefix, month, year = _words(d.day_words), _words(d.day_prefixes), _words(d.month_words), _words(d.year_words)
    quarter, joiner, whole = _words(d.quarter_words), _words(d.list_joiners), _words(d.whole_year_words)
    numerals = "|".join(sorted(d.quarters, key=lambda q: (-len(q), q)))
    return {
        "words": regex.compile(
            rf"(?<![\p{{L}}]){day}\s+(?:{prefix}\s+)?(\d{{1,2}})\s+{month}\s+(\d{{1,2}})"
            rf"(?:\s*(?:{year}\s+|[/\-]\s*)((?:19|20)\d{{2}}))?(?![\p{{N}}])", _I),
        "month": regex.compile(
            rf"(?<![\p{{L}}])(?:{day}[\s._…·\-]*)?{month}\s+(\d{{1,2}})(?:\s+{year}\s+|{_SEP})((?:19|20)\d{{2}})"
            r"(?![\p{N}])", _I),
        "quarter": regex.compile(
            rf"(?<![\p{{L}}]){quarter}\s+({numerals})(?![\p{{L}}\p{{N}}])(?:{_SEP}|\s+{year}\s+|"
            rf"\s+(?:{joiner}|,)\s+(?:{whole}\s+)?{year}\s+)((?:19|20)\d{{2}})(?![\p{{N}}])", _I),
        "shared_days": regex.compile(
            rf"(?<![\p{{L}}])(?:{day}|{prefix})\s+(?:{prefix}\s+)?(\d{{1,2}})"
            rf"((?:\s*(?:,|{joiner}|-|–)\s*(?:{prefix}\s+)?\d{{1,2}})*)"
            rf"\s*(?:,|{joiner}|-|–|{_words(d.range_joiners)})\s*(?:{day}\s+)?"
            r"(?=(\d{1,2})/(\d{1,2})/((?:19|20)\d{2}))", _I),
        "cue_before": regex.compile(r"(?<![\p{L}])(?:" + alternation(d.cues) + r")[ \t]*$", _I),
        "measure": regex.compile(r"[ \t]*(?:" + alternation(d.measure_after) + r")(?![\p{L}])", _I),
        "fraction": regex.compile(r"(?<![\p{L}])(?:" + alternation(d.fraction_before) + r")[ \t]*$", _I),
        # after a day-month come clause words (`đến hết 10-8 với…`); after a range of numbers, what it measures
        "word_after": regex.compile(
            r"[ \t]+(?!(?:" + alternation(d.clause_words_after) + r")(?![\p{L}]))\p{Ll}", _I),
    }


def _valid(d: int, m: int) -> bool:
    return 1 <= d <= 31 and 1 <= m <= 12


def find_dates(text: str, blocked: Blocked, r: FigureRules) -> list[Found]:
    """Dates not inside already-claimed spans; claims what it finds.

    >>> from extractors.figures.common import Blocked
    >>> from extractors.figures.rules import figure_rules
    >>> t = "Chiều ngày 07/01/2022, tổng kết năm 2021; tháng 12/2021; quý I/2022; Sáng 18/4; nhiệm kỳ 2021-2026"
    >>> [f.value for f in find_dates(t, Blocked(len(t)), figure_rules(LEXICON))]
    ['2022-01-07', '2021-12', '2022-Q1', '--04-18']
    """
    out: list[Found] = []
    p = _patterns(r)
    weak_cues = r.words("dates.weak_cues")

    def add(start: int, end: int, value: str) -> None:
        if not blocked.hit(start, end):
            out.append(Found("date", value, start, end, extra={"resolved": False}))
            blocked.claim(start, end)

    for m in p["shared_days"].finditer(text):
        month, year = int(m.group(4)), int(m.group(5))
        days = [(m.start(1), m.end(1))]
        days += [(x.start(), x.end()) for x in regex.finditer(r"\d{1,2}", m.group(2))]
        offset = m.start(2)
        for i, (a, b) in enumerate(days):
            if i:
                a, b = a + offset, b + offset
            d = int(text[a:b])
            if _valid(d, month):
                add(a, b, f"{year:04d}-{month:02d}-{d:02d}")
    for m in p["words"].finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if _valid(d, mo):
            value = f"{int(m.group(3)):04d}-{mo:02d}-{d:02d}" if m.group(3) else f"--{mo:02d}-{d:02d}"
            add(m.start(), m.end(), value)
    for m in _FULL.finditer(text):
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if _valid(d, mo):
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}")
    for m in p["month"].finditer(text):
        mo, y = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}")
    for m in p["quarter"].finditer(text):
        q = r.figures.dates.quarters.get(m.group(1).upper())
        if q:
            add(m.start(), m.end(), f"{int(m.group(2)):04d}-Q{q}")
    cue = p["cue_before"]
    for m in _DAY_MONTH.finditer(text):
        d, mo = int(m.group(1)), int(m.group(3))
        if not _valid(d, mo) or blocked.hit(m.start(), m.end()):
            continue
        pre = text[max(0, m.start() - 20):m.start()]
        cue_match = cue.search(pre)
        has_cue = bool(cue_match)
        weak_cue = has_cue and cue_match.group().strip().lower() in weak_cues
        if m.group(2) == "." and not has_cue:
            continue  # `21.4` is a decimal unless a day word stands before it
        if p["measure"].match(text, m.end(), m.end() + AHEAD):
            continue  # `từ 2-3%`, `2/3 tổng số` are a range and a fraction
        if not has_cue and noun_after(text, m.end(), r):
            continue  # `7/19 tiêu chí`, `04/05 chi hội` are counts
        if (not has_cue or weak_cue) and m.group(2) == "-" and p["word_after"].match(text, m.end(), m.end() + AHEAD):
            continue  # `10-12 tuổi`, `3-5 ngày`: a hyphen between numbers before a word is a range
        if not has_cue and (p["fraction"].search(pre) or _label_before(text, m.start(), r)):
            continue  # `tỷ lệ 1/500`, `công viên 23-9`
        add(m.start(), m.end(), f"--{mo:02d}-{d:02d}")
    return out


def _label_before(text: str, pos: int, r: FigureRules) -> bool:
    before = words_before(text, pos, 2, stop=".;:!?\n,()")
    labels = r.words("counts.not_after")
    return bool(before) and (before[-1] in labels or " ".join(before[-2:]) in labels)
