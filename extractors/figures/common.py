"""Shared pieces of the figure extractors: spans, word look-ups around a figure, qualifiers.

Every extractor works on raw text offsets and returns `Found` spans; only
`extractors.figures.extract_figures` turns them into validated Mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from extractors.rules import RULES, alternation


@dataclass
class Found:
    """A figure before validation: kind, value, span and optional fields."""

    kind: str
    value: Any
    start: int
    end: int
    unit: str | None = None
    qualifier: str | None = None
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
_WORD_BEFORE = regex.compile(r"([\p{L}\p{M}][\p{L}\p{M}\p{N}\-]*)\W*$")
_SPACE = regex.compile(r"[ \t]*")


def words_before(text: str, pos: int, n: int = 4, stop: str = ".;:!?\n()") -> list[str]:
    """Up to `n` lower-case words right before `pos`, nearest last, not crossing `stop` characters."""
    chunk = text[max(0, pos - 80):pos]
    for i in range(len(chunk) - 1, -1, -1):
        if chunk[i] in stop:
            chunk = chunk[i + 1:]
            break
    return [w.lower() for w in WORD.findall(chunk)][-n:]


def words_after(text: str, pos: int, n: int = 3) -> list[str]:
    """Up to `n` lower-case words right after `pos`, stopping at punctuation."""
    out: list[str] = []
    m = _SPACE.match(text, pos)
    p = m.end() if m else pos
    while len(out) < n:
        m = WORD.match(text, p)
        if not m:
            break
        out.append(m.group().lower())
        q = _SPACE.match(text, m.end())
        p = q.end() if q else m.end()
    return out


def ends_with_phrase(words: list[str], phrases: frozenset[str], max_len: int = 4) -> str | None:
    """The longest phrase of `phrases` that the word list ends with."""
    for k in range(min(max_len, len(words)), 0, -1):
        cand = " ".join(words[-k:])
        if cand in phrases:
            return cand
    return None


def starts_with_phrase(words: list[str], phrases: frozenset[str], max_len: int = 4) -> str | None:
    """The longest phrase of `phrases` that the word list starts with."""
    for k in range(min(max_len, len(words)), 0, -1):
        cand = " ".join(words[:k])
        if cand in phrases:
            return cand
    return None


@cache
def phrase_set(key: str) -> frozenset[str]:
    """A word list of the rules as a frozenset, by dotted key (`counts.not_nouns`)."""
    section, _, name = key.partition(".")
    src = getattr(RULES, section)
    return frozenset(w.lower() for w in (src[name] if name else src))


_QUAL_KINDS = ("more_than", "less_than", "approx")


@cache
def _qualifier_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for kind in _QUAL_KINDS:
        for w in RULES.qualifiers[kind]:
            index.setdefault(w.lower(), kind)
    return index


@cache
def _qualifier_re() -> regex.Pattern[str]:
    return regex.compile(
        r"(?<![\p{L}\p{M}])(" + alternation(list(_qualifier_index())) + r")[\s]*$", regex.IGNORECASE
    )


_CLAUSE_STOPS = ".;:!?\n()"


_CLAUSE_TAIL = regex.compile(r"[^.;:!?\n()]*$")


_LAST_WORD = regex.compile(r"([\p{L}\p{M}]+)[ \t]*$")


@cache
def _qualifier_tails() -> frozenset[str]:
    """Last words of every qualifier and filler: one must touch a qualified figure."""
    return frozenset(
        phrase.split()[-1] for phrase in list(_qualifier_index()) + list(phrase_set("qualifiers.fillers"))
    )
_WORD_SPAN = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*")


def qualifier_before(text: str, start: int) -> tuple[str, int, str]:
    """The qualifier a figure at `start` carries, where its word begins, and the word.

    The nearest qualifier word wins (`ước đạt gần 1.900` is less_than); filler
    words may stand between (`ước thực hiện được 23.977`); a bound word after a
    comparative is a comparison (`thấp hơn 1,89%` is exact).
    """
    pre_start = max(0, start - 60)
    pre = text[pre_start:start]
    touching = _LAST_WORD.search(pre[-24:])
    if not touching or touching.group(1).lower() not in _qualifier_tails():
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
    index = _qualifier_index()
    fillers = phrase_set("qualifiers.fillers")
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
                    if phrase == "hơn" and n - k > 0 and words[n - k - 1] in phrase_set("qualifiers.comparatives"):
                        return "exact", start, ""  # `thấp hơn 1,89%` compares, it bounds nothing
                    return qual, pre_start + spans[n - k][0], phrase
        if n >= 2 and " ".join(words[n - 2:n]) in fillers:
            n -= 2
        elif words[n - 1] in fillers:
            n -= 1
        else:
            break
    return "exact", start, ""


_ESTIMATE_CLAUSE = regex.compile(r"[^.;:!?\n(,]*$")
_ESTIMATE = regex.compile(r"(?<![\p{L}\p{M}])(?:ước)(?![\p{L}\p{M}])", regex.IGNORECASE)
_NUMBER_IN_CLAUSE = regex.compile(r"(?<![\d.,])(?<!năm[ \t])\d+(?:[.,]\d+)*", regex.IGNORECASE)


def clause_is_estimate(text: str, start: int) -> bool:
    """`Ước giải ngân … đạt 57,15%`: an estimate announced earlier in the clause bears on its first figure.

    `ước` must stand as a word of its own (not `hiệp ước`, `ước mơ`), and no other
    figure may stand between it and this one (a year after `năm` does not count).
    """
    pre = text[max(0, start - 160):start]
    if "ước" not in pre and "Ước" not in pre and "ƯỚC" not in pre:
        return False
    clause = _ESTIMATE_CLAUSE.search(pre).group()
    matches = list(_ESTIMATE.finditer(clause))
    if not matches:
        return False
    m = matches[-1]
    before = [w.lower() for w in WORD.findall(clause[:m.start()])[-1:]]
    after = [w.lower() for w in WORD.findall(clause[m.end():])[:1]]
    if (before and before[0] in phrase_set("qualifiers.not_estimate_before")) or (
        after and after[0] in phrase_set("qualifiers.not_estimate_after")
    ):
        return False
    return not _NUMBER_IN_CLAUSE.search(clause, m.end())
