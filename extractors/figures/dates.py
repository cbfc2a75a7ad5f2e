"""Calendar dates, always day-first, to ISO values of at least month precision.

`07/01/2022` and `ngày 7 tháng 1 năm 2022` -> 2022-01-07; `tháng 12/2021` ->
2021-12; `quý I/2022` -> 2022-Q1; a day and month without a year in the same
phrase (`Sáng 18/4`, `ngày 30/10`, `1-6`) -> `--04-18`: the year is not
guessed, so `resolved` stays False. Bare years, year spans (`2021-2026`),
months or quarters without a year are not dates; times of day (`9:30`,
`17h30`, `9 giờ 30`) are claimed so that no count is read in them, and not
reported.

The grammar reads *atoms* (a day-month-year, a day-month, a day, a month, a
quarter, a year, each with its lead word: `ngày`, `mồng`, `tháng`, `quý`)
and joins the atoms that a list or range word (`,` `-` `–` `và` `đến`)
separates into a *chain*. A chain writes what its ends share once, at its
right end: every end takes the month and year it lacks from the nearest end
after it (`các ngày 20-22/9/2025`, `ngày 5 và 7/8`, `tháng 8, 9/2024`,
`từ 02/6 đến 15/6/2025`, `quý IV và cả năm 2020`), and a bare number takes
its role (day, month, quarter) from the end before it (`tháng 4, 5/2010`).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.figures.common import AHEAD, Blocked, Found, at_digit_runs, words_before
from extractors.figures.nouns import noun_after
from extractors.figures.rules import FigureRules, alternation
from extractors.numbers import parse_words

_YEAR = r"(?:19|20)\d{2}"
_DASHES = "-–—"  # a hyphen, an en dash, an em dash
_DASH_CLASS = r"\-–—"  # the same inside a regex character class
# a digit that starts an atom: not inside a number, code or other word, or right after `12-` in a chain
_DIGIT_START = r"(?<![\p{L}\p{N}/.,:])(?:(?<![\-–—])|(?<=\p{N}[ \t]*[\-–—][ \t]*))"
_CONTINUED = regex.compile(r"\p{N}[ \t]*[\-–—][ \t]*$")  # a number right after `5-`: inside a run of numbers
_BLANK = r"[ \t._…·\u00a0]*"  # a blank day in a form: `ngày    /9/2025`, `ngày ….. tháng 8`
_WORD_CHAR = regex.compile(r"[\p{L}\p{M}]")

_DAY_KINDS = frozenset({"dmy", "words", "dm", "day"})
_MONTH_KINDS = frozenset({"month"})
_QUARTER_KINDS = frozenset({"quarter"})


def _words(words: list[str] | set[str] | frozenset[str]) -> str:
    """Literal words, longest first, inner spaces matching `\\s+`, as a non-capturing group."""
    return "(?:" + alternation(words) + ")"


@dataclass
class _Atom:
    """One piece of a date as written, before its chain fills in what it shares."""

    kind: str  # dmy, words, dm, day, month, quarter, my, number, year, time
    start: int
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    quarter: int | None = None
    lead: bool = False  # a day, month or quarter word (or a blank day) stands in the atom
    sep: str = ""  # the separator of a numeric day-month
    body: int = -1  # where a numeric date begins, after its lead word (`ngày 07/01/2022` -> `07/01/2022`)
    month_start: int = -1  # `tháng` of a words date: where its month alone begins
    year_form: str = ""  # how the year is joined: "/" (`tháng 8/2025`), "word" (`năm 2020`), " " (`31 tháng 7 2004`)
    month_in_words: bool = False
    day_in_words: bool = False
    two_digit_year: bool = False


@dataclass(frozen=True)
class _Patterns:
    """The date grammar of one lexicon, compiled."""

    digit: regex.Pattern[str]  # atoms that begin with a digit
    # atoms that begin with a date word, one pattern per word, each with the word to look for first
    by_word: tuple[tuple[regex.Pattern[str], str], ...]
    lead_before: regex.Pattern[str]  # `ngày`, `ngày mùng`, `mồng` right before a digit atom
    lead: regex.Pattern[str]
    gap: regex.Pattern[str]  # what joins two ends of a chain
    year_after: regex.Pattern[str]
    cue_before: regex.Pattern[str]
    measure: regex.Pattern[str]
    fraction: regex.Pattern[str]
    word_after: regex.Pattern[str]
    # `digit` begins with one or two digits and a character that is none: it never begins a longer run
    # (None if a word it looks for after them began with a digit)
    digit_run: int | None


@lru_cache(maxsize=4)
def _patterns(r: FigureRules) -> _Patterns:
    d = r.figures.dates
    num = r.numbers
    day, prefix, month, year = _words(d.day_words), _words(d.day_prefixes), _words(d.month_words), _words(d.year_words)
    link, whole = _words(d.year_links), _words(d.whole_year_words)
    joiner_words = _words(d.list_joiners + d.range_joiners)
    quarters = "|".join(regex.escape(q) for q in sorted(d.quarters, key=lambda q: (-len(q), q)))
    romans = "|".join(regex.escape(q) for q in sorted(d.quarters, key=lambda q: (-len(q), q)) if not q.isdigit())
    digit_quarters = "|".join(regex.escape(q) for q in sorted(d.quarters, key=lambda q: (-len(q), q)) if q.isdigit())
    year_words = {w.lower() for w in d.year_words}
    number_words = set(num.units) | set(num.ten)
    # a month in words: `ba`, `mười một`, `Giêng`; the second word of two is never a year word (`tháng mười năm 2020`)
    seconds = {w for w in num.units if w.lower() not in year_words}
    month_word = (
        rf"(?:{_words(num.ten)}\s+{_words(seconds)}|{_words(number_words | set(d.month_names))})"
        r"(?![\p{L}\p{M}])"
    )
    day_word = rf"(?:{_words(number_words | set(num.tens))}(?:\s+{_words(number_words | set(num.tens))}){{0,2}})"
    # a year in words after `năm`: `năm hai nghìn không trăm hai mươi`, `năm hai không hai ba`
    year_word = _words(
        set(num.units)
        | set(num.ten)
        | set(num.tens)
        | set(num.hundred)
        | set(num.joiners)
        | set(d.zero_words)
        | {w for w, v in num.scales.items() if v == 1000}
    )
    ytail = (
        rf"(?:(?:[ \t]*(?P<ys>[/\-.])[ \t]*(?P<y>{_YEAR})|\s+(?:{link}\s+)?(?P<yw>{year})\s+(?P<y>{_YEAR})"
        rf"|\s+(?:{link}\s+)?(?P<yw>{year})\s+(?P<yt>{year_word}(?:\s+{year_word}){{1,7}})(?![\p{{L}}\p{{M}}]))"
        r"(?![\p{N}]|[/\-.]\d))"
    )
    # a full date may write its year straight after the month: `31 tháng 7 2004`, `10 Th9, 2023`
    day_ytail = rf"(?:{ytail}|[ \t]*,?[ \t]+(?P<y>{_YEAR})(?![\p{{N}}]|[/\-.]\d))"
    abbreviations = "|".join(regex.escape(w) for w in sorted(d.month_abbreviations, key=lambda w: (-len(w), w)))
    join = rf"(?:,(?=[ \t])|[{_DASH_CLASS}]|(?<=\s){joiner_words}(?=\s))"  # `98,5` is a decimal, no list
    hour, minute, cues = _words(d.hour_words), _words(d.minute_words), _words(d.cues)
    month_number = rf"(?:(?P<m>\d{{1,2}})|(?P<mw>{month_word}))"
    # What may follow the digits of a date or time: a separator, or a space and the first letter of a word
    # that goes on with one (`tháng`, `năm`, `và`, `giờ`); most numbers fail this test at once.
    initials = {
        w[:1]
        for w in d.month_words
        + d.month_abbreviations
        + d.year_words
        + d.year_links
        + d.hour_words
        + d.list_joiners
        + d.range_joiners
    }
    firsts = "".join(sorted(regex.escape(c) for c in {c for i in initials for c in (i.lower(), i.upper())}))
    follows = rf"(?=[/.:,{_DASH_CLASS}{firsts}]|\s+[/.,{_DASH_CLASS}{firsts}])"
    # Atoms that begin with a digit: one scan, its one or two digits read once and the ways a date or time goes
    # on after them tried in turn (the lead word before, `ngày`, `mồng`, is found afterwards).
    digit = (
        rf"{_DIGIT_START}(?P<d>\d{{1,2}}){follows}(?:"
        + "|".join(
            [
                # 9:30, 17h30, 9 giờ 30 (phút): a time of day
                rf"(?P<k_time>)(?::\d{{2}}(?::\d{{2}})?|[ \t]*{hour}[ \t]*(?:\d{{1,2}}[ \t]*{minute}"
                rf"|\d{{2}}(?![ \t]+(?!{cues}(?![\p{{L}}]))\p{{Ll}}))|(?-i:h)\d{{1,2}})(?![\p{{N}}\p{{L}}])",
                # 2024-01-15: year first, as machines write it (the two digits read are its century)
                r"(?P<k_iso>)(?P<yy>\d{2})-(?P<m>\d{2})-(?P<dd>\d{2})(?![\p{N}]|[/.\-]\d)",
                # 07/01/2022, 15/6/98
                rf"(?P<k_dmy>)[ \t]*(?P<s>[/\-.])[ \t]*(?P<m>\d{{1,2}})[ \t]*(?P=s)[ \t]*(?P<y>{_YEAR}|\d{{2}})"
                r"(?![\p{N}]|[/\-.]\d)",
                # 7 tháng 1 năm 2022 (after `ngày`, `mồng`, or alone), 31 tháng 7 2004
                rf"(?P<k_words>)\s+(?P<mpos>{month})\s+{month_number}{day_ytail}?(?![\p{{N}}]|[/.]\d)",
                # 10 Th9, 2023: a month abbreviated, only in a full date
                rf"(?P<k_words>)\s+(?P<mpos>(?-i:{abbreviations}))[ \t]?(?P<m>\d{{1,2}}){day_ytail}",
                # 5/2010, the 5 of `các tháng 3, 4 và 5 năm 2024` (a month or quarter when an end before it says which)
                rf"(?P<k_my>)(?:[ \t]*(?P<s>[/\-.])[ \t]*|\s+(?:{link}\s+)?(?P<yw>{year})\s+)(?P<y>{_YEAR})"
                r"(?![\p{N}]|[/\-.]\d)",
                # 18/4, 21.4, the 12/7 of `12/7-15/7`
                rf"(?P<k_dm>)(?P<s>[/.])(?P<m>\d{{1,2}})(?![\p{{N}}]|[/.,]\d|[{_DASH_CLASS}]\d{{1,2}}(?![/.]\d))",
                # 1-6, never inside a run of numbers joined by dashes (`nguyên tắc 5-4-3-2-1`, see `_atoms`) nor before
                # a year word (`tháng 1 và 2-3 năm 1990` are months)
                rf"(?P<k_dm>)(?P<s>-)(?P<m>\d{{1,2}})"
                rf"(?![\p{{N}}]|[/.,]\d|[ \t]*[{_DASH_CLASS}][ \t]*\d|\s+{year}\s+\d)",
                # the 5 of `ngày 5 và 7/8`, the 12 of `12-13/7`, the 9 of `tháng 8, 9/2024`: a number before a joiner
                rf"(?P<k_number>)(?=[ \t]*{join}[ \t]*(?:(?:{day}|{prefix})\s+)*\d)",
            ]
        )
        + ")"
    )
    # Atoms that begin with a word: one scan per word, since a scan for one literal is many times faster
    # than a scan for an alternation of them.
    flags = regex.IGNORECASE | regex.V0
    by_word: list[tuple[regex.Pattern[str], str]] = []
    for w in d.day_words:
        by_word.append(
            (
                regex.compile(
                    regex.escape(w)
                    + "(?:"
                    + "|".join(
                        [
                            # ngày    /9/2025: a blank day
                            rf"(?P<k_blank>){_BLANK}/[ \t]*(?P<m>\d{{1,2}})[ \t]*/[ \t]*(?P<y>{_YEAR})(?![\p{{N}}])",
                            # ngày   tháng 8 năm 2025: a blank day before its month
                            rf"(?P<k_month>)(?P<blank>){_BLANK}(?<![\p{{L}}]){month}\s+{month_number}{ytail}?(?![\p{{N}}]|[/.]\d)",
                            # ngày (mồng) mười lăm tháng ba (năm 2020)
                            rf"(?P<k_words>)(?P<lead>)(?:\s+{prefix})?\s+(?P<d>{day_word})\s+(?P<mpos>{month})\s+{month_number}"
                            rf"{day_ytail}?(?![\p{{N}}]|[/.]\d)",
                        ]
                    )
                    + ")",
                    flags,
                ),
                w.lower(),
            )
        )
    for w in d.day_prefixes:
        by_word.append(
            (
                regex.compile(
                    regex.escape(w)
                    + rf"(?P<k_words>)(?P<lead>)\s+(?P<d>{day_word})\s+(?P<mpos>{month})\s+{month_number}"
                    rf"{day_ytail}?(?![\p{{N}}]|[/.]\d)",
                    flags,
                ),
                w.lower(),
            )
        )
    for w in d.month_words:
        # tháng 12/2021, tháng 12 năm 2021, tháng ba năm 2020, tháng Giêng
        by_word.append(
            (
                regex.compile(regex.escape(w) + rf"(?P<k_month>)\s+{month_number}{ytail}?(?![\p{{N}}]|[/.]\d)", flags),
                w.lower(),
            )
        )
    for w in d.quarter_words:
        # quý I/2022, quý 4 của năm 2018, quý IV (và cả năm 2020)
        by_word.append(
            (
                regex.compile(
                    regex.escape(w) + rf"(?P<k_quarter>)\s+(?P<q>{quarters})(?![\p{{L}}\p{{N}}]){ytail}?", flags
                ),
                w.lower(),
            )
        )
    for w in d.quarter_abbreviations:
        # Q1/2024, Q3-2024, Q1, Q2/2024: a quarter abbreviated, a date only with its year (`Q1` is often Quận 1)
        by_word.append(
            (
                regex.compile(
                    rf"(?-i:{regex.escape(w)})(?P<k_quarter>)(?P<q>{digit_quarters})(?![\p{{L}}\p{{N}}])"
                    rf"(?:[ \t]*(?P<ys>[/\-])[ \t]*(?P<y>{_YEAR}))?(?![\p{{N}}])",
                    flags,
                ),
                w,
            )
        )
    # the II of `quý I, II/2020`
    by_word.append(
        (
            regex.compile(
                rf"(?<![\p{{L}}\p{{N}}])(?-i:(?P<q>{romans}))(?P<k_roman>)(?![\p{{L}}\p{{N}}]){ytail}?", flags
            ),
            "",
        )
    )
    return _Patterns(
        digit=regex.compile(digit, flags),
        by_word=tuple(by_word),
        lead_before=regex.compile(rf"(?<![\p{{L}}])(?:{day}(?:\s+{prefix})?|{prefix})\s+$", flags),
        lead=regex.compile(rf"(?:{day}(?:\s+{prefix})?|{prefix})\s+", flags),
        gap=regex.compile(rf"\s*(?:,|[{_DASH_CLASS}]|{joiner_words})\s*(?:{whole}\s+)?", flags),
        # (và cả) năm 2020 after a chain: a year its ends share (`quý IV và cả năm 2020`)
        year_after=regex.compile(
            rf"\s*(?:,|\s{joiner_words})\s+(?:{whole}\s+)?{year}\s+(?P<y>{_YEAR})(?![\p{{N}}])", flags
        ),
        cue_before=regex.compile(r"(?<![\p{L}])(?:" + alternation(d.cues) + r")[ \t]*$", flags),
        measure=regex.compile(r"[ \t]*(?:" + alternation(d.measure_after) + r")(?![\p{L}])", flags),
        fraction=regex.compile(r"(?<![\p{L}])(?:" + alternation(d.fraction_before) + r")[ \t]*$", flags),
        # after a day-month come clause words (`đến hết 10-8 với…`); after a range of numbers, what it measures
        digit_run=None if regex.search(r"\d", "".join(initials)) else 2,
        word_after=regex.compile(r"[ \t]+(?!(?:" + alternation(d.clause_words_after) + r")(?![\p{L}]))\p{Ll}", flags),
    )


_KINDS = tuple(
    (f"k_{k}", k) for k in ("time", "iso", "blank", "dmy", "words", "my", "dm", "number", "month", "quarter", "roman")
)


@lru_cache(maxsize=32)
def _group_names(pattern: regex.Pattern[str]) -> tuple[tuple[str, ...], dict[str, int]]:
    """The names of a pattern's groups in the order `Match.groups()` gives them, and their numbers."""
    names = [""] * pattern.groups
    for name, number in pattern.groupindex.items():
        names[number - 1] = name
    return tuple(names), dict(pattern.groupindex)


def _atom(m: regex.Match[str], r: FigureRules) -> _Atom:
    """The atom a match of an atom pattern reads (numbers checked later, with the chain)."""
    names, numbers = _group_names(m.re)
    g = dict(zip(names, m.groups(), strict=True))  # `Match.groupdict` is slow on patterns that reuse names
    kind = next(k for key, k in _KINDS if g.get(key) is not None)
    a = _Atom(kind, m.start(), m.end())
    if kind == "time":
        return a
    if kind == "iso":  # 2024-01-15
        if g["d"] not in ("19", "20"):
            return _Atom("dropped", a.start, a.end)
        a.kind, a.year, a.month, a.day = "dmy", int(g["d"] + g["yy"]), int(g["m"]), int(g["dd"])
        a.sep, a.body = "-", a.start
        return a
    # a date word in the atom: `tháng`, `quý`, a blank day (`ngày`, `mồng` before a digit atom: see `_atoms`)
    a.lead = g.get("lead") is not None or kind in ("blank", "month", "quarter")
    d_s: str | None = g.get("d")
    m_s: str | None = g.get("m")
    y_s: str | None = g.get("y")
    if kind == "my":  # `5/2010`: the digits read first are a month
        m_s = d_s
        d_s = None
    if d_s:
        if d_s.isdigit():
            a.day = int(d_s)
        else:
            value = parse_words(d_s, r.numbers)
            a.day = int(value) if isinstance(value, int) else 0
            a.day_in_words = True
    if m_s:
        a.month = int(m_s)
    elif g.get("mw"):
        a.month = _month_of_word(g["mw"], r)
        a.month_in_words = True
    if g.get("yt"):
        a.year = _year_of_words(g["yt"], r)
        a.year_form = "word"
    elif y_s:
        a.year = int(y_s) if len(y_s) == 4 else _century(int(y_s))
        a.two_digit_year = len(y_s) == 2
        a.year_form = "word" if g.get("yw") else "/" if g.get("ys") else " "
    if a.month_in_words and a.year_form != "word" and g["mw"].lower() in r.words("dates.year_words"):
        a.month = 0  # `9 tháng năm 2020` is nine months of 2020: May needs its own year word, `tháng năm năm 2020`
    if g.get("q"):
        a.quarter = r.figures.dates.quarters.get(g["q"].upper(), 0)
    a.sep = g.get("s") or ""
    # a numeric date begins at its first number (`ngày 07/01/2022` -> `07/01/2022`, `2024-01-15`)
    if d_s and not a.day_in_words:
        a.body = min(m.start(numbers[k]) for k in ("d", "m", "y") if g.get(k))
    else:
        a.body = a.start
    if kind == "words":
        a.month_start = m.start(numbers["mpos"])
    return a


def _month_of_word(word: str, r: FigureRules) -> int:
    """`Giêng` -> 1, `ba` -> 3, `mười một` -> 11; 0 when the words name no month."""
    w = " ".join(word.lower().split())
    named = {k.lower(): v for k, v in r.figures.dates.month_names.items()}
    if w in named:
        return named[w]
    value = parse_words(w, r.numbers)
    return value if isinstance(value, int) and 1 <= value <= 12 else 0


def _year_of_words(words: str, r: FigureRules) -> int | None:
    """`hai nghìn không trăm hai mươi` -> 2020; `hai không hai ba` (digit by digit) -> 2023; else None."""
    num = r.numbers
    zero = {w.lower() for w in r.figures.dates.zero_words}
    ws = words.lower().split()
    digits = {w: v for w, v in num.units.items() if v < 10} | dict.fromkeys(zero, 0)
    if len(ws) == 4 and all(w in digits for w in ws):
        value: int | float | None = int("".join(str(digits[w]) for w in ws))
    else:
        kept: list[str] = []
        i = 0
        while i < len(ws):  # `không trăm (linh)`, `nghìn lẻ`: no hundreds, which the number grammar does not say
            if ws[i] in zero and i + 1 < len(ws) and ws[i + 1] in num.hundred:
                i += 3 if i + 2 < len(ws) and ws[i + 2] in num.joiners else 2
                continue
            if ws[i] in num.joiners and kept and kept[-1] in num.scales:
                i += 1
                continue
            kept.append(ws[i])
            i += 1
        value = parse_words(" ".join(kept), num)
    return int(value) if isinstance(value, int) and 1900 <= value <= 2099 else None


def _century(yy: int) -> int:
    """A two-digit year is 20YY up to the current year's two digits, else 19YY (`98` -> 1998)."""
    return 2000 + yy if yy <= datetime.date.today().year % 100 else 1900 + yy


def _valid_day(day: int | None, month: int | None, year: int | None) -> bool:
    if day is None or month is None or not 1 <= month <= 12:
        return False
    last = calendar.monthrange(year, month)[1] if year else (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return 1 <= day <= last


def _chains(text: str, atoms: list[_Atom], gap: regex.Pattern[str]) -> list[list[_Atom]]:
    """Atoms joined by a list or range word (`,` `-` `và` `đến`) into chains, in order."""
    chains: list[list[_Atom]] = []
    for a in atoms:
        if a.kind == "time":
            continue
        if chains and gap.fullmatch(text, chains[-1][-1].end, a.start, False):
            chains[-1].append(a)
        else:
            chains.append([a])
    return chains


def _assign_roles(chain: list[_Atom], text: str, quarters: frozenset[int], *, cued: bool) -> None:
    """A bare number or month/year takes its role from the nearest end before it that has one.

    `tháng 4, 5/2010`: the 5 is a month; `quý 1, 2/2020`: a quarter; `ngày 5 và 7/8`: the 5 is a day.
    A first number with no lead word is a day only after a cue (`Sáng 5 và 6/8`) or when a dash joins
    it to a day-month (`12-13/7`).
    """
    role = ""
    for i, a in enumerate(chain):
        if a.kind in ("number", "my"):
            value = a.day if a.kind == "number" else a.month
            first_day = role == "" and ((cued and i == 0) or _dashed_to_day(chain, i, text))
            if a.kind == "number" and (a.lead or role == "day" or first_day):
                a.kind = "day"
            elif role == "month":
                a.kind, a.month, a.day = "month", value, None
            elif role == "quarter":
                a.kind, a.quarter, a.day, a.month = "quarter", value if value in quarters else 0, None, None
            else:
                a.kind = "dropped"
        elif a.kind == "roman":
            a.kind = "quarter" if role == "quarter" else "dropped"
        if a.kind in _DAY_KINDS:
            role = "day"
        elif a.kind in _MONTH_KINDS:
            role = "month"
        elif a.kind in _QUARTER_KINDS:
            role = "quarter"


def _dashed_to_day(chain: list[_Atom], i: int, text: str) -> bool:
    """`12-13/7`: a number joined by a dash to a day-month written with `/` (not `1-2-3`)."""
    if i + 1 >= len(chain):
        return False
    after = chain[i + 1]
    return (
        after.kind in ("dm", "dmy", "words")
        and after.sep not in tuple(_DASHES)
        and text[chain[i].end : after.start].strip() in tuple(_DASHES)
    )


def _share(chain: list[_Atom]) -> None:
    """Every end takes the month and the year it lacks from the nearest end after it."""
    month: int | None = None
    year: int | None = None
    for a in reversed(chain):
        if a.kind in _DAY_KINDS:
            if a.month is None:
                a.month = month
            month = a.month
        else:
            month = None
        if a.year is None:
            a.year = year
        else:
            year = a.year


def find_dates(text: str, blocked: Blocked, r: FigureRules) -> list[Found]:
    """Dates not inside already-claimed spans; claims what it finds, and every time of day.

    >>> from extractors.figures.common import Blocked
    >>> from extractors.figures.rules import figure_rules
    >>> t = "Chiều ngày 07/01/2022, tổng kết năm 2021; tháng 12/2021; quý I/2022; Sáng 18/4; nhiệm kỳ 2021-2026"
    >>> [f.value for f in find_dates(t, Blocked(len(t)), figure_rules(LEXICON))]
    ['2022-01-07', '2021-12', '2022-Q1', '--04-18']
    >>> t = "các ngày 20-22/9/2025; tháng 4, 5/2010; lúc 9:30"
    >>> [(f.value, t[f.start:f.end]) for f in find_dates(t, Blocked(len(t)), figure_rules(LEXICON))]
    [('2025-09-20', '20'), ('2025-09-22', '22/9/2025'), ('2010-04', 'tháng 4'), ('2010-05', '5/2010')]
    """
    p = _patterns(r)
    atoms = _atoms(text, r, p)
    out: list[Found] = []
    for a in atoms:
        if a.kind == "time":
            blocked.claim(a.start, a.end)  # a time of day is no figure: nothing may read it
    quarters = frozenset(r.figures.dates.quarters.values())
    weak_cues = r.words("dates.weak_cues")
    for chain in _chains(text, atoms, p.gap):
        if chain[-1].year is None:
            y = p.year_after.match(text, chain[-1].end, chain[-1].end + AHEAD, False)
            if y:
                chain.append(_Atom("year", y.start("y"), y.end(), year=int(y.group("y"))))
        # a cue before the chain (`Sáng`, `từ`); `từ`, `đến`, `trước` also stand before plain numbers
        # (`từ 10-12 tuổi`), so they are weaker evidence of a date than `Sáng` or `ngày`
        cue_match = p.cue_before.search(text, max(0, chain[0].start - 20), chain[0].start, False)
        weak = cue_match is not None and cue_match.group().strip().lower() in weak_cues
        _assign_roles(chain, text, quarters, cued=cue_match is not None and not weak)
        _share(chain)
        out += _read_chain(text, chain, blocked, r, p, cue_match is not None, weak)
    out.sort(key=lambda f: f.start)
    return out


def _atoms(text: str, r: FigureRules, p: _Patterns) -> list[_Atom]:
    """Every atom of `text` in order, none inside another (the longer, earlier one wins)."""
    found: list[_Atom] = []
    lead_before = p.lead_before
    for m in at_digit_runs(
        p.digit, text, overlapped=True, longest=p.digit_run
    ):  # an atom inside one refused below still counts
        a = _atom(m, r)
        if a.kind == "dm" and a.sep == "-" and _CONTINUED.search(text, max(0, a.start - 12), a.start, False):
            # the `4-3` of `5-4-3` is no day-month: its first number is one more of the run (`tháng 7-8-9`)
            a.kind, a.month, a.end = "number", None, m.end("d")
        if a.kind not in ("time", "my"):
            lead = lead_before.search(text, max(0, a.start - 16), a.start, False)
            if lead:  # `ngày 5 và 7/8`, `mồng 2 tháng 9`: the day word belongs to the atom
                a.start, a.lead = lead.start(), True
        found.append(a)
    for pattern, word in p.by_word:
        if word and not (word in text or word.capitalize() in text or word.upper() in text):
            continue  # `mồng`, `quý`: most documents have none, and a scan is dearer than a look
        for m in pattern.finditer(text, None, None, False, False):
            if m.start() and _WORD_CHAR.match(text, m.start() - 1, None, False):
                continue  # a date word inside another word
            found.append(_atom(m, r))
    found.sort(key=lambda a: (a.start, -a.end))
    atoms: list[_Atom] = []
    end = -1
    for a in found:
        if a.start >= end:
            atoms.append(a)
            end = a.end
    return atoms


def _read_chain(
    text: str, chain: list[_Atom], blocked: Blocked, r: FigureRules, p: _Patterns, cued: bool, weak_cue: bool
) -> list[Found]:
    """The dates of one chain: each end with the precision its words give."""
    first, last = chain[0], chain[-1]
    led = any(a.lead for a in chain)
    cue = cued or led
    weak = weak_cue and not led
    bare_ok: bool | None = None  # the checks a day-month with no word of a date must pass, run once

    def bare_pair_is_date(a: _Atom) -> bool:
        nonlocal bare_ok
        if p.measure.match(text, last.end, last.end + AHEAD, False):
            return False  # `từ 2-3%`, `2/3 tổng số` are a range and a fraction
        if cue and not weak:
            return True  # `ngày 5 và 7/8`, `Sáng 18/4`
        if a.sep == "." and not cue:
            return False  # `21.4` is a decimal unless a day word stands before it
        if bare_ok is None:
            bare_ok = _bare_pair_ok(text, first.start, last.end, cue, weak, last.sep or a.sep, r, p)
        return bare_ok

    out: list[Found] = []

    def add(start: int, end: int, value: str) -> None:
        if not blocked.hit(start, end):
            out.append(Found("date", value, start, end, extra={"resolved": False}))
            blocked.claim(start, end)

    for a in chain:
        if a.kind == "dmy":
            if a.two_digit_year and a.sep == ".":
                continue  # `1.2.15` numbers sections; a two-digit year is written with `/` or `-`
            if _valid_day(a.day, a.month, a.year):
                add(a.body, a.end, f"{a.year:04d}-{a.month:02d}-{a.day:02d}")
        elif a.kind == "words":
            _read_words(text, a, cue, add, r)
        elif a.kind in ("dm", "day"):
            if not _valid_day(a.day, a.month, a.year):
                continue
            if a.year:  # shared from an end after it: `từ 02/6 đến 15/6/2025`
                add(a.body, a.end, f"{a.year:04d}-{a.month:02d}-{a.day:02d}")
            elif bare_pair_is_date(a):
                add(a.body, a.end, f"--{a.month:02d}-{a.day:02d}")
        elif a.kind in ("month", "blank"):
            if a.year and a.month and 1 <= a.month <= 12:
                add(a.start, a.end, f"{a.year:04d}-{a.month:02d}")
        elif a.kind == "quarter" and a.year and a.quarter:
            add(a.start, a.end, f"{a.year:04d}-Q{a.quarter}")
    return out


def _read_words(text: str, a: _Atom, cue: bool, add: Callable[[int, int, str], None], r: FigureRules) -> None:
    """`ngày 7 tháng 1 năm 2022`; without `ngày`, a day needs a cue or a year after `năm`.

    `Quảng trường 19 tháng 4`, `trong 3 tháng 9, 10 và 11`, `Đề án 06 tháng 8/2025` are no days:
    where the day is refused the month stands alone (`tháng 8/2025` -> 2025-08).
    """
    has_day = _valid_day(a.day, a.month, a.year) and not (a.month_in_words and not a.lead and not a.year)
    if has_day and not a.lead:
        has_day = (cue and not a.month_in_words) or (
            a.year_form in ("word", " ") and not _label_before(text, a.start, r)
        )
    if has_day:
        value = f"{a.year:04d}-{a.month:02d}-{a.day:02d}" if a.year else f"--{a.month:02d}-{a.day:02d}"
        add(a.start, a.end, value)
    elif a.year and a.month and 1 <= a.month <= 12 and a.year_form != " ":
        add(a.month_start, a.end, f"{a.year:04d}-{a.month:02d}")


def _bare_pair_ok(
    text: str, start: int, end: int, cue: bool, weak: bool, sep: str, r: FigureRules, p: _Patterns
) -> bool:
    """A day-month with no date word in it: not a count pair, a range of a measure, a ratio or a label."""
    if not cue and noun_after(text, end, r):
        return False  # `7/19 tiêu chí`, `04/05 chi hội` are counts
    if (not cue or weak) and sep in _DASHES and p.word_after.match(text, end, end + AHEAD, False):
        return False  # `10-12 tuổi`, `3-5 ngày`: a hyphen between numbers before a word is a range
    pre = text[max(0, start - 20) : start]
    return cue or not (p.fraction.search(pre, None, None, False) or _label_before(text, start, r))


def _label_before(text: str, pos: int, r: FigureRules) -> bool:
    """`công viên 23-9`, `gió giật cấp 7-8`: a name, label or level before the number."""
    before = words_before(text, pos, 2, stop=".;:!?\n,()")
    labels = r.words("counts.not_after") | r.words("dates.range_labels")
    return bool(before) and (before[-1] in labels or " ".join(before[-2:]) in labels)


def date_at(text: str, pos: int, r: FigureRules) -> str | None:
    """The full date written at `pos` (`ngày 24 tháng 7 năm 2024`, `ngày 07/01/2016`), or None.

    Document references read the date that follows them with it.
    """
    p = _patterns(r)
    lead = p.lead.match(text, pos, pos + AHEAD, False)
    m = p.digit.match(text, lead.end(), lead.end() + AHEAD, False) if lead else None
    for pattern, _ in p.by_word if m is None else ():
        m = pattern.match(text, pos, pos + AHEAD, False)
        if m:
            break
    if m is None:
        return None
    a = _atom(m, r)
    if a.kind in ("dmy", "words") and a.year and _valid_day(a.day, a.month, a.year):
        return f"{a.year:04d}-{a.month:02d}-{a.day:02d}"
    return None
