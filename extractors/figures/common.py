"""Shared pieces of the figure extractors: spans, word look-ups around a figure, qualifiers.

Every extractor works on raw text offsets and returns `Found` spans; only
`extractors.figures.extract_figures` turns them into validated Mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from extractors.figures.rules import FigureRules, alternation
from schemas.models import Kind, Qualifier


@dataclass
class Found:
    """A figure before validation: kind, value, span and optional fields."""

    kind: Kind
    value: Any
    start: int
    end: int
    unit: str | None = None
    qualifier: Qualifier | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Blocked:
    """Characters already claimed by a figure, so later extractors skip them."""

    def __init__(self, n: int) -> None:
        self._mask = bytearray(n)

    def claim(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)

    def hit(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, end) != -1


WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*")


def words_before(text: str, pos: int, n: int = 4, stop: str = ".;:!?\n()") -> list[str]:
    """Up to `n` lower-case words right before `pos`, nearest last, not crossing `stop` characters."""
    chunk = text[max(0, pos - 80):pos]
    for i in range(len(chunk) - 1, -1, -1):
        if chunk[i] in stop:
            chunk = chunk[i + 1:]
            break
    return [w.lower() for w in WORD.findall(chunk)][-n:]


_CLAUSE_TAIL = regex.compile(r"[^.;:!?\n()]*$")


_LAST_WORD = regex.compile(r"([\p{L}\p{M}]+)[ \t]*$")


@lru_cache(maxsize=4)
def _qualifier_tails(r: FigureRules) -> frozenset[str]:
    """Last words of every qualifier and filler: one must touch a qualified figure."""
    return frozenset(phrase.split()[-1] for phrase in list(r.qualifier_of) + list(r.words("qualifiers.fillers")))
_WORD_SPAN = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*")


def qualifier_before(text: str, start: int, r: FigureRules) -> tuple[Qualifier, int, str]:
    """The qualifier a figure at `start` carries, where its word begins, and the word.

    The nearest qualifier word wins (`ước đạt gần 1.900` is less_than); filler
    words may stand between (`ước thực hiện được 23.977`); a bound word after a
    comparative is a comparison (`thấp hơn 1,89%` is exact).
    """
    pre_start = max(0, start - 60)
    pre = text[pre_start:start]
    touching = _LAST_WORD.search(pre[-24:])
    if not touching or touching.group(1).lower() not in _qualifier_tails(r):
        return "exact", start, ""  # fast path: the word touching most figures is no qualifier or filler
    clause = _CLAUSE_TAIL.search(pre)
    if clause and clause.start():
        pre_start += clause.start()
        pre = clause.group()
    spans = [(m.start(), m.end(), m.group().lower()) for m in _WORD_SPAN.finditer(pre)]
    # only the words that touch the figure count: `hơn 60%, 85%` gives 85% no qualifier
    edge = len(pre)
    keep = len(spans)
    for i in range(len(spans) - 1, -1, -1):
        if pre[spans[i][1]:edge].strip():
            break
        edge = spans[i][0]
        keep = i
    spans = spans[keep:]
    if not spans:
        return "exact", start, ""
    index = r.qualifier_of
    fillers = r.words("qualifiers.fillers")
    comparatives = r.words("qualifiers.comparatives")
    comparative_bounds = r.words("qualifiers.comparative_bounds")
    words = [w for _, _, w in spans]
    n = len(words)
    for _ in range(4):
        if not n:
            break
        for k in (3, 2, 1):
            if n >= k:
                phrase = " ".join(words[n - k:n])
                qual = index.get(phrase)
                if qual:
                    if phrase in comparative_bounds and n - k > 0 and words[n - k - 1] in comparatives:
                        return "exact", start, ""  # `thấp hơn 1,89%` compares, it bounds nothing
                    return qual, pre_start + spans[n - k][0], phrase  # type: ignore[return-value]
        if n >= 2 and " ".join(words[n - 2:n]) in fillers:
            n -= 2
        elif words[n - 1] in fillers:
            n -= 1
        else:
            break
    return "exact", start, ""


_ESTIMATE_CLAUSE = regex.compile(r"[^.;:!?\n(,]*$")


@lru_cache(maxsize=4)
def _estimate_patterns(r: FigureRules) -> tuple[regex.Pattern[str], regex.Pattern[str], frozenset[str]]:
    """The estimate words (first words of `clause_approx`), and a number not after a year word."""
    heads = frozenset(w.split()[0].lower() for w in r.figures.qualifiers.clause_approx)
    estimate = regex.compile(r"(?<![\p{L}\p{M}])(?:" + alternation(heads) + r")(?![\p{L}\p{M}])", regex.IGNORECASE)
    not_after_year = "".join(rf"(?<!{regex.escape(y)}[ \t])" for y in r.figures.dates.year_words)
    number = regex.compile(r"(?<![\d.,])" + not_after_year + r"\d+(?:[.,]\d+)*", regex.IGNORECASE)
    return estimate, number, heads


def clause_is_estimate(text: str, start: int, r: FigureRules) -> bool:
    """`Ước giải ngân … đạt 57,15%`: an estimate announced earlier in the clause bears on its first figure.

    The estimate word must stand as a word of its own (not `hiệp ước`, `ước mơ`), and no other
    figure may stand between it and this one (a year after `năm` does not count).
    """
    estimate, number, heads = _estimate_patterns(r)
    pre = text[max(0, start - 160):start]
    lowered = pre.lower()
    if not any(h in lowered for h in heads):
        return False
    clause = _ESTIMATE_CLAUSE.search(pre).group()
    matches = list(estimate.finditer(clause))
    if not matches:
        return False
    m = matches[-1]
    before = [w.lower() for w in WORD.findall(clause[:m.start()])[-1:]]
    after = [w.lower() for w in WORD.findall(clause[m.end():])[:1]]
    if (before and before[0] in r.words("qualifiers.not_estimate_before")) or (
        after and after[0] in r.words("qualifiers.not_estimate_after")
    ):
        return False
    return not number.search(clause, m.end())
