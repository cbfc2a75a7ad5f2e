"""The period a table column names: `Năm 2023`, `Quý I/2024`, `Thực hiện 6 tháng đầu năm 2025`, `2022`.

A table that sets two years side by side (`Năm 2022 | Năm 2023`) holds figures of two periods; the
summary must not add them into the document's one period. A figure read under such a column gets that
period (`Mention.period`); the summary counts it there. Words come from the facts rules (the same
period phrases the title is read with); else a header that writes one year alone (`2023`, `TH 2024`)
is that year.
"""

from __future__ import annotations

import regex

from extractors.facts.periods import KIND_OF, period_match
from extractors.facts.rules import YEAR, FactRules, fact_rules
from schemas.lexicon import Lexicon
from schemas.models import DocumentFacts, Mention, Period
from schemas.tables import PATH_SEPARATOR

_A_YEAR = regex.compile(rf"(?<![\d/.\-\p{{L}}])({YEAR})(?![\d\p{{L}}]|[/.\-]\d)")


def column_period(r: FactRules, column_path: str, doc_date: str | None = None) -> Period | None:
    """The first period the column's header labels name, the innermost label first (`Năm 2023 › Quý I`
    is the first quarter of 2023: the period phrase with the most detail wins, read over the whole path)."""
    labels = [label.strip() for label in column_path.split(PATH_SEPARATOR)]
    joined = " ".join(labels)
    best: Period | None = None
    for m in r.find_period.finditer(joined):
        kind = next((KIND_OF[k] for k, v in m.groupdict().items() if v and k in KIND_OF), None)
        if kind is None:
            continue
        found = period_match(r, joined, m, doc_date)
        if found is not None and (best is None or best.kind == "year"):
            best = found
    if best is not None:
        return best
    years = {m.group(1) for m in _A_YEAR.finditer(joined)}
    if len(years) == 1:  # `2023`, `TH 2024`, `KH 2025`: one year written alone names the column's year
        year = years.pop()
        return Period(kind="year", value=year, label=next(lb for lb in reversed(labels) if year in lb))
    return None


def with_column_periods(mentions: list[Mention], lexicon: Lexicon, facts: DocumentFacts) -> list[Mention]:
    """The mentions, each figure read under a column that names a period carrying that period."""
    r = fact_rules(lexicon)
    found: dict[str, Period | None] = {}
    out = []
    for m in mentions:
        if m.column_path:
            if m.column_path not in found:
                found[m.column_path] = column_period(r, m.column_path, facts.date)
            named = found[m.column_path]
            if named is not None:
                m = m.model_copy(update={"period": named})
        out.append(m)
    return out
