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


def qualifier_before(text: str, start: int) -> tuple[str, int, str]:
    """The qualifier a figure at `start` carries, where its word begins, and the word.

    The nearest qualifier word wins (`ước đạt gần 1.900` is less_than); filler
    words may stand between (`ước thực hiện được 23.977`); a bound word after a
    comparative is a comparison (`thấp hơn 1,89%` is exact).
    """
    pre_start = max(0, start - 60)
    pre = text[pre_start:start]
    cut = max(pre.rfind(c) for c in ".;:!?\n()")
    if cut >= 0:
        pre = pre[cut + 1:]
        pre_start = start - len(pre)
    fillers = phrase_set("qualifiers.fillers")
    comparatives = phrase_set("qualifiers.comparatives")
    index = _qualifier_index()
    end = len(pre)
    for _ in range(4):
        m = _qualifier_re().search(pre, 0, end)
        if m:
            word = m.group(1).lower()
            word = " ".join(word.split())
            qual = index.get(word, "exact")
            before = words_before(pre, m.start(), 1)
            if before and before[-1] in comparatives and qual in ("more_than", "less_than"):
                return "exact", start, ""
            return qual, pre_start + m.start(), word
        words = WORD.findall(pre[:end])
        if not words:
            break
        two = " ".join(w.lower() for w in words[-2:])
        one = words[-1].lower()
        if len(words) >= 2 and two in fillers:
            end = pre.rfind(words[-2], 0, end)
        elif one in fillers:
            end = pre.rfind(words[-1], 0, end)
        else:
            break
    return "exact", start, ""


def clause_is_estimate(text: str, start: int) -> bool:
    """`Ước giải ngân … đạt 57,15%`: an estimate announced at the head of the clause."""
    pre = text[max(0, start - 160):start]
    cut = max(pre.rfind(c) for c in ".;:!?\n(")
    clause = pre[cut + 1:] if cut >= 0 else pre
    head = [w.lower() for w in WORD.findall(clause)[:2]]
    return bool(head) and head[0] in phrase_set("qualifiers.clause_approx")
