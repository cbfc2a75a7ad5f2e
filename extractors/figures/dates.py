"""Calendar dates, always day-first, to ISO values of at least month precision.

`07/01/2022` and `ngày 7 tháng 1 năm 2022` -> 2022-01-07; `tháng 12/2021` ->
2021-12; `quý I/2022` -> 2022-Q1; a day and month without a year in the same
phrase (`Sáng 18/4`, `ngày 30/10`, `1-6`) -> `--04-18`: the year is not
guessed, so `resolved` stays False. Bare years, year spans (`2021-2026`),
months or quarters without a year and times of day are not dates.
"""

from __future__ import annotations

from functools import cache

import regex

from extractors.figures.common import Blocked, Found, phrase_set, words_before
from extractors.figures.nouns import noun_after
from extractors.rules import RULES, alternation

_I = regex.IGNORECASE
_SEP = r"[ \t]*[/\-.][ \t]*"
_FULL = regex.compile(
    r"(?<![\p{N}/.,\-])(\d{1,2})[ \t]*([/\-.])[ \t]*(\d{1,2})[ \t]*\2[ \t]*((?:19|20)\d{2})(?![\p{N}])"
)
_WORDS = regex.compile(
    r"(?<![\p{L}])ngày\s+(?:mùng\s+|mồng\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm\s+|[/\-]\s*)((?:19|20)\d{2}))?"
    r"(?![\p{N}])",
    _I,
)
_MONTH = regex.compile(
    r"(?<![\p{L}])(?:ngày[\s._…·\-]*)?tháng\s+(\d{1,2})(?:\s+năm\s+|" + _SEP + r")((?:19|20)\d{2})(?![\p{N}])", _I
)
_QUARTER = regex.compile(
    r"(?<![\p{L}])quý\s+(IV|I{1,3}|[1-4])(?![\p{L}\p{N}])(?:" + _SEP + r"|\s+năm\s+|\s+(?:và|,)\s+(?:cả\s+)?năm\s+)"
    r"((?:19|20)\d{2})(?![\p{N}])",
    _I,
)
_DAY_MONTH = regex.compile(r"(?<![\p{L}\p{N}/.,\-])(\d{1,2})([/\-.])(\d{1,2})(?![\p{N}]|[/\-.,]\d)")
_SHARED_DAYS = regex.compile(
    r"(?<![\p{L}])(?:ngày|mùng|mồng)\s+(?:mùng\s+|mồng\s+)?(\d{1,2})((?:\s*(?:,|và|-|–)\s*(?:mùng\s+|mồng\s+)?\d{1,2})*)"
    r"\s*(?:,|và|-|–|đến)\s*(?:ngày\s+)?(?=(\d{1,2})/(\d{1,2})/((?:19|20)\d{2}))",
    _I,
)


@cache
def _cue_before() -> regex.Pattern[str]:
    return regex.compile(r"(?<![\p{L}])(?:" + alternation(RULES.dates["cues"]) + r")[ \t]*$", _I)


_WEAK_CUES = frozenset(["từ", "đến", "hạn", "trước", "sau", "vào"])  # also stand before plain numbers


def _valid(d: int, m: int) -> bool:
    return 1 <= d <= 31 and 1 <= m <= 12


def find_dates(text: str, blocked: Blocked) -> list[Found]:
    """Dates not inside already-claimed spans; claims what it finds.

    >>> from extractors.figures.common import Blocked
    >>> t = "Chiều ngày 07/01/2022, tổng kết năm 2021; tháng 12/2021; quý I/2022; Sáng 18/4; nhiệm kỳ 2021-2026"
    >>> [f.value for f in find_dates(t, Blocked(len(t)))]
    ['2022-01-07', '2021-12', '2022-Q1', '--04-18']
    """
    out: list[Found] = []

    def add(start: int, end: int, value: str) -> None:
        if not blocked.hit(start, end):
            out.append(Found("date", value, start, end, extra={"resolved": False}))
            blocked.claim(start, end)

    for m in _SHARED_DAYS.finditer(text):
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
    for m in _WORDS.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if _valid(d, mo):
            value = f"{int(m.group(3)):04d}-{mo:02d}-{d:02d}" if m.group(3) else f"--{mo:02d}-{d:02d}"
            add(m.start(), m.end(), value)
    for m in _FULL.finditer(text):
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if _valid(d, mo):
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}")
    for m in _MONTH.finditer(text):
        mo, y = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}")
    for m in _QUARTER.finditer(text):
        q = RULES.dates["quarters"].get(m.group(1).upper())
        if q:
            add(m.start(), m.end(), f"{int(m.group(2)):04d}-Q{q}")
    cue = _cue_before()
    for m in _DAY_MONTH.finditer(text):
        d, mo = int(m.group(1)), int(m.group(3))
        if not _valid(d, mo) or blocked.hit(m.start(), m.end()):
            continue
        pre = text[max(0, m.start() - 20):m.start()]
        cue_match = cue.search(pre)
        has_cue = bool(cue_match)
        weak_cue = has_cue and cue_match.group().strip().lower() in _WEAK_CUES
        if m.group(2) == "." and not has_cue:
            continue  # `21.4` is a decimal unless a day word stands before it
        if _measure_after(text, m.end()):
            continue  # `từ 2-3%`, `2/3 tổng số` are a range and a fraction
        if not has_cue and noun_after(text, m.end()):
            continue  # `7/19 tiêu chí`, `04/05 chi hội` are counts
        if (not has_cue or weak_cue) and m.group(2) == "-" and _word_after(text, m.end()):
            continue  # `10-12 tuổi`, `3-5 ngày`: a hyphen between numbers before a word is a range
        if not has_cue and (_fraction_before(pre) or _label_before(text, m.start())):
            continue  # `tỷ lệ 1/500`, `công viên 23-9`
        add(m.start(), m.end(), f"--{mo:02d}-{d:02d}")
    return out


_MEASURE = regex.compile(
    r"[ \t]*(?:%|phần trăm|tỷ|tỉ|triệu|nghìn|ngàn|đồng|USD|km|ha|m2|m3|kg|tấn|tổng|số)(?![\p{L}])", _I
)
_FRACTION = regex.compile(
    r"(?<![\p{L}])(?:tỷ lệ|tỉ lệ|tỷ số|tỉ số|bằng|chiếm|khoảng|gần|hơn|trên|dưới|thứ|thắng|thua|hòa)[ \t]*$", _I
)
# after a day-month come clause words (`đến hết 10-8 với…`); after a range of numbers, what it measures
_WORD_AFTER = regex.compile(
    r"[ \t]+(?!(?:năm|hằng|hàng|và|của|tại|là|đến|tới|vừa|qua|này|với|trong|để|cho|nhằm|ở|thì|mà|khi|nhưng|"
    r"hoặc|hay|từ|sẽ|đã|được|có|không|vào|lúc|tới|sau|trước|theo|do|nên|cũng|đều|là)(?![\p{L}]))\p{Ll}",
    _I,
)


def _word_after(text: str, pos: int) -> bool:
    return bool(_WORD_AFTER.match(text, pos))


def _measure_after(text: str, pos: int) -> bool:
    return bool(_MEASURE.match(text, pos))


def _label_before(text: str, pos: int) -> bool:
    before = words_before(text, pos, 2, stop=".;:!?\n,()")
    labels = phrase_set("counts.not_after")
    return bool(before) and (before[-1] in labels or " ".join(before[-2:]) in labels)


def _fraction_before(pre: str) -> bool:
    return bool(_FRACTION.search(pre))
