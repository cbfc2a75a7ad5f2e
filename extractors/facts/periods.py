"""The period a document's figures are for, as its title or lead writes it (ANNOTATION.md, period).

The first period phrase of the title, else of the lead, that is not a target, a deadline,
a comparison base, an open span, the period inside a programme's name or an anniversary.
Values follow the standard's table: `2021`, `2010-H1`, `2025-Q1`, `2025-11`, `--08`,
`2022-01/2022-09`, `2024/2025`, `2022-03-01/2022-03-31`, `2020-09-30`.
"""

from __future__ import annotations

import regex

from extractors.facts.heading import Zone
from extractors.facts.rules import YEAR, FactRules, fold
from extractors.facts.spans import clause_before, in_open_bracket, sentence_around
from schemas.models import Period, PeriodKind

_ANY_YEAR = regex.compile(rf"(?<!\d)({YEAR})(?!\d)")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
# the alternatives of FactRules.period, by group name, and the kind of period each writes
_KIND_OF: dict[str, PeriodKind] = {
    "school": "school_year",
    "term": "term",
    "drange": "range",
    "range": "range",
    "since": "months_to_date",
    "half": "half",
    "quarter": "quarter",
    "until": "months_to_date",
    "months": "months_to_date",
    "asat": "date",
    "month": "month",
    "month2": "month",
    "year": "year",
}


def _sentence_year(text: str, start: int, end: int) -> str | None:
    """A year written in the same sentence completes a period that lacks it, the nearest after first."""
    a, b = sentence_around(text, start)
    after = _ANY_YEAR.search(text, end, b)
    if after:
        return after.group(1)
    before = list(_ANY_YEAR.finditer(text, a, start))
    return before[-1].group(1) if before else None


def _a_target(r: FactRules, clause: str) -> bool:
    """A target word in the clause that is not what was done (`tình hình thực hiện dự toán …` is a result)."""
    return any(
        not r.target_done.search(clause, 0, t.start(), False)
        for t in r.target.finditer(clause, None, None, False, False)
    )


def _excluded(r: FactRules, text: str, m: regex.Match[str], kind: PeriodKind) -> bool:
    """A comparison base, target, deadline, open span, programme name or anniversary (see the standard)."""
    clause = clause_before(text, m.start(), 160)
    if r.comparison.search(clause, None, None, False) or r.anniversary.search(clause, None, None, False):
        return True
    if kind in ("range", "term") and (
        r.names.search(clause) or r.names.search(text, max(0, m.start() - 24), m.start())
    ):
        return True  # `Bộ tiêu chí … giai đoạn 2021 - 2025`, `khóa XV, nhiệm kỳ 2022 – 2027`
    if kind != "term" and in_open_bracket(text, m.start(), 120):
        return True  # `(năm 2019 đạt 86,94% dự toán …)`: an aside, not the figures' period
    label = " ".join(m.group().lower().split())
    if (
        kind in ("year", "range", "month")
        and r.since.search(clause, None, None, False)
        and not label.startswith(r.span_starts)
    ):
        return True  # `Từ năm 2003, …`, `thành lập từ năm 1996`: an open span
    if not label.startswith(r.plan_heads) and _a_target(r, clause + m.group()):
        return True  # `phấn đấu năm 2025`, `đến năm 2015 có 9 xã`
    sentence_start, _b = sentence_around(text, m.start())
    listed = text.rfind(";", sentence_start, m.start())
    if listed > 0 and r.target.search(text, sentence_start, listed):
        return True  # `huyện phấn đấu hoàn thành … vào quý II/2025; hoàn thành hồ sơ … vào quý III/2025`
    if r.plan_near.search(" ".join(_WORD.findall(clause)[-4:]), None, None, False):
        return True
    _a, b = sentence_around(text, m.end())
    if (
        kind in ("year", "range", "months_to_date", "month", "date")
        and r.open_start.search(clause, None, None, False)
        and r.until_now.search(text, m.end(), b)
    ):
        return True
    deadline = label.startswith(r.until_starts) and r.future.search(text, m.end(), b)
    return bool(kind in ("months_to_date", "date", "month") and deadline)  # `đến hết tháng 11/2021, … sẽ`


def _period_match(r: FactRules, text: str, m: regex.Match[str], doc_date: str | None) -> Period | None:
    """The typed period of one match of FactRules.period (its numbered groups: see rules.py)."""
    g = m.groupdict()
    label = " ".join(m.group().split())
    grp = m.group

    def year_or_sentence(y: str | None) -> str | None:
        return y or _sentence_year(text, m.start(), m.end())

    if g["school"]:
        return Period(kind="school_year", value=f"{grp(2)}/{grp(3)}", label=label)
    if g["term"]:
        return Period(kind="term", value=f"{grp(5)}/{grp(6)}", label=label)
    if g["drange"]:
        y1 = grp(10) or grp(13)
        d1, m1, d2, m2 = int(grp(8)), int(grp(9)), int(grp(11)), int(grp(12))
        if not (1 <= d1 <= 31 and 1 <= m1 <= 12 and 1 <= d2 <= 31 and 1 <= m2 <= 12):
            return None
        return Period(kind="range", value=f"{y1}-{m1:02d}-{d1:02d}/{grp(13)}-{m2:02d}-{d2:02d}", label=label)
    if g["range"]:
        return Period(kind="range", value=f"{grp(15)}/{grp(16)}", label=label)
    if g["since"]:
        year = grp(18) or (doc_date[:4] if doc_date else None)
        if not (year and doc_date and len(doc_date) >= 7 and doc_date[:4] == year):
            return None
        return Period(kind="months_to_date", value=f"{year}-01/{year}-{doc_date[5:7]}", label=label)
    if g["half"]:
        half = "H1" if fold(g["hw"]) in r.first_half else "H2"
        year = year_or_sentence(grp(21))
        return Period(kind="half", value=f"{year}-{half}" if year else f"--{half}", label=label)
    if g["quarter"]:
        q = grp(23)
        n = int(q) if q.isdigit() else r.roman.get(q.upper(), 0)
        year = year_or_sentence(grp(24))
        return Period(kind="quarter", value=f"{year}-Q{n}", label=label) if n and year else None
    if g["until"]:
        month = int(grp(26))
        return (
            Period(kind="months_to_date", value=f"{grp(27)}-01/{grp(27)}-{month:02d}", label=label)
            if 1 <= month <= 12
            else None
        )
    if g["months"]:
        word = grp(29)
        months = int(word) if word.isdigit() else r.month_words.get(" ".join(word.lower().split()), 0)
        year = year_or_sentence(grp(31))
        if not 2 <= months <= 11 or not year:
            return None
        return Period(kind="months_to_date", value=f"{year}-01/{year}-{months:02d}", label=label)
    if g["asat"]:
        day, month, year = int(grp(33)), int(grp(34)), grp(35)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        return Period(
            kind="date", value=f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}", label=label
        )
    if g["month"] or g["month2"]:
        month = int(grp(37) or grp(40))
        year = grp(38) or grp(41)
        if not 1 <= month <= 12:
            return None
        if not year:
            before = text[max(0, m.start() - 12) : m.start()]
            clause_start = not clause_before(text, m.start()).strip(' \t-–—"“')
            if not (clause_start or r.month_alone_after.search(before)):
                return None  # `phiên họp định kỳ tháng 5` names a meeting, not the figures' month
            return Period(kind="month", value=f"--{month:02d}", label=label)
        return Period(kind="month", value=f"{year}-{month:02d}", label=label)
    if g["year"]:
        return Period(kind="year", value=grp(43), label=label)
    return None


# in the body, past the title and lead, only a span a report is made for counts: `10 tháng đầu năm 2020`;
# a bare `năm 2010` there is background, a base or a plan far more often than the period reported
BODY_KINDS = frozenset({"months_to_date", "half", "quarter"})


def period(r: FactRules, text: str, zones: list[Zone], doc_date: str | None) -> Period | None:
    """The first period phrase of the title, else of the lead, else a reporting span of the body, that is
    not a target, base or name."""
    for zone in zones:
        for m in r.find_period.finditer(text, zone.start, zone.end):
            kind = next(_KIND_OF[k] for k, v in m.groupdict().items() if v and k in _KIND_OF)
            if (zone.kind == "body" and kind not in BODY_KINDS) or _excluded(r, text, m, kind):
                continue
            found = _period_match(r, text, m, doc_date)
            if found is None:
                continue
            if found.kind == "year" and zone.kind == "title" and _a_target_in_the_body(r, text, zone.end, found):
                continue
            if found.kind == "year" and r.campaign.search(clause_before(text, m.start())):
                return _campaign_dates(r, text, zones, found, doc_date) or found
            return found
    return None


def _a_target_in_the_body(r: FactRules, text: str, after: int, found: Period) -> bool:
    """A headline's year that the article writes again only as a target (`Năm 2015, huyện Mỹ Đức có 9 xã
    hoàn thành …` and, at its end, `đến năm 2015 có 9 xã hoàn thành …`)."""
    same = []
    at = text.find(found.value, after, after + BODY_SCAN)
    while at >= 0:  # only around the year's own occurrences: a full scan of the body costs more
        for m in r.find_period.finditer(text, max(after, at - _YEAR_HEAD), at + len(found.value)):
            if m.group("year") and m.end() == at + len(found.value):
                same.append(m)
        at = text.find(found.value, at + 1, after + BODY_SCAN)
    return bool(same) and all(_excluded(r, text, m, "year") for m in same)


def _campaign_dates(r: FactRules, text: str, zones: list[Zone], year: Period, doc_date: str | None) -> Period | None:
    """The stated dates of a campaign named with its year: a range of days in that year in the title or lead."""
    for zone in zones:
        if zone.kind == "body":
            continue
        for m in r.find_period.finditer(text, zone.start, zone.end):
            if m.group("drange") and not _excluded(r, text, m, "range"):
                found = _period_match(r, text, m, doc_date)
                if found is not None and found.value[:4] == year.value and found.value[-10:-6] == year.value:
                    return found
    return None


BODY_SCAN = 6000  # how far past a headline its year is looked for again
_YEAR_HEAD = 24  # `trong cả năm 2015`: how far before a year its period phrase may begin


# the same, for the other readers of period phrases in this package (columns.py: a table column's period)
KIND_OF = _KIND_OF
period_match = _period_match
