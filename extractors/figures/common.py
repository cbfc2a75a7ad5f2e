"""Shared pieces of the figure extractors: spans, word look-ups around a figure, qualifiers.

Every extractor works on raw text offsets and returns `Found` spans; only
`extractors.figures.extract_figures` turns them into validated Mentions.
"""

from __future__ import annotations

from collections.abc import Iterator
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


WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*+")  # possessive: nothing follows to give back to
# How far a pattern matched at a position may read ahead. `regex` costs time in proportion to the rest of
# the text for some patterns (case-insensitive alternations) unless `match` is given an end: bounding
# every look-ahead keeps a document linear in its length.
AHEAD = 240


def words_before(text: str, pos: int, n: int = 4, stop: str = ".;:!?\n()") -> list[str]:
    """Up to `n` lower-case words right before `pos`, nearest last, not crossing `stop` characters."""
    chunk = text[max(0, pos - 80) : pos]
    cut = max(map(chunk.rfind, stop)) if stop else -1  # the last stop character
    if cut >= 0:
        chunk = chunk[cut + 1 :]
    # the words of the chunk's end first: with one more than asked for, the first (perhaps begun before
    # the near end, so cut) is not among those returned; with fewer, the whole chunk
    near = max(0, len(chunk) - 8 * (n + 1))
    found = WORD.findall(chunk, near, None, False, False)
    if near and len(found) <= n:
        found = WORD.findall(chunk, None, None, False, False)
    return [w.lower() for w in found[-n:]]


_DIGIT_RUN = regex.compile(r"\d+")


@lru_cache(maxsize=4)
def digit_runs(text: str) -> list[tuple[int, int]]:
    """Where each run of digits (`\\d+`) begins and ends in `text`: one scan per document, shared by the
    extractors."""
    return [m.span() for m in _DIGIT_RUN.finditer(text, None, None, False, False)]


def at_digit_runs(
    pattern: regex.Pattern[str], text: str, overlapped: bool = False, longest: int | None = None
) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text, overlapped=overlapped)` for a pattern whose every match begins a run of digits
    (it begins `\\d`, after a look-behind that refuses a digit before it) of at most `longest` digits.

    A `finditer` tries the pattern at every character, its look-behinds first: the numbers, dates and
    references of a document are each a scan of all of it. Matched only where a run of digits begins
    (`digit_runs`, one scan for all of them), it finds the same matches: after one, the next is looked
    for from its end (from its start + 1 when `overlapped`).
    """
    end = 0
    for at, run_end in digit_runs(text):
        if at < end or (longest is not None and run_end - at > longest):
            continue
        m = pattern.match(text, at, None, False)
        if m is not None:
            yield m
            if not overlapped:
                end = m.end()


_BLANK = (" ", "\t")


def blanks_end(text: str, pos: int) -> int:
    """The first offset from `pos` that holds no space or tab: where a word after blanks may begin."""
    while text[pos : pos + 1] in _BLANK:
        pos += 1
    return pos


_CLAUSE_TAIL = regex.compile(r"[^.;:!?\n()]*$")
_CLAUSE_TAIL_BACK = regex.compile(r"(?r)[^.;:!?\n()]*$")


def tail_run(forward: regex.Pattern[str], backward: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """`forward.search(text)` for a run of a character class that ends the text (`[^.;]*$`), found
    from the end (`backward` is the same pattern with `(?r)`).

    A forward search tries every start, each reading to the end: quadratic in the text. The run can
    end only at the end of the text, or before a final line end, where forward and backward
    searches disagree (an empty run after it, or the run before it): that one case searches forward.
    """
    if text.endswith("\n"):
        return forward.search(text, None, None, False)
    return backward.search(text, None, None, False)


# the last word, then blanks, ending the text: searched from the end (it can end only there, as the
# class holds no line end), the same match as a forward search at a tenth of its cost
_LAST_WORD = regex.compile(r"(?r)([\p{L}\p{M}]+)[ \t]*$")


@lru_cache(maxsize=4)
def _qualifier_tails(r: FigureRules) -> frozenset[str]:
    """Last words of every qualifier and filler: one must touch a qualified figure."""
    return frozenset(phrase.split()[-1] for phrase in list(r.qualifier_of) + list(r.words("qualifiers.fillers")))


_WORD_SPAN = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}]*")


_SIGN_BEFORE = regex.compile(r"(\S)[ \t]*$")


def qualifier_before(text: str, start: int, r: FigureRules, end: int | None = None) -> tuple[Qualifier, int, str]:
    """The qualifier a figure at `start` (ending at `end`) carries, where its word begins, and the word.

    Qualifiers are words, not substrings: the nearest qualifier word wins (`ước đạt gần
    1.900` is less_than); filler words may stand between (`ước thực hiện được 23.977`); a
    qualifier that is the second syllable of a dictionary word is none (`tiến độ 03 công
    trình`, `cầu vượt`); a bound word after a comparative compares when the clause names
    what is compared (`thấp hơn 1,89% so với năm 2021` is exact), else it bounds (`ít hơn
    7 nghìn đồng` is less_than); `trên` before a place word is `on` (`trên 04 nền tảng`),
    `ngoài` answered by `còn` is `besides`; `≥`, `≤` are bounds.
    """
    pre_start = max(0, start - 60)
    pre = text[pre_start:start]
    sign = _SIGN_BEFORE.search(pre[-4:], None, None, False)
    if sign and sign.group(1) in r.figures.qualifiers.more_than_signs:
        return "more_than", start - len(pre[-4:]) + sign.start(1), sign.group(1)
    if sign and sign.group(1) in r.figures.qualifiers.less_than_signs:
        return "less_than", start - len(pre[-4:]) + sign.start(1), sign.group(1)
    touching = _LAST_WORD.search(pre[-24:], None, None, False)
    if not touching or touching.group(1).lower() not in _qualifier_tails(r):
        return "exact", start, ""  # fast path: the word touching most figures is no qualifier or filler
    clause = tail_run(_CLAUSE_TAIL, _CLAUSE_TAIL_BACK, pre)
    if clause and clause.start():
        pre_start += clause.start()
        pre = clause.group()
    spans = [(m.start(), m.end(), m.group().lower()) for m in _WORD_SPAN.finditer(pre, None, None, False, False)]
    # only the words that touch the figure count: `hơn 60%, 85%` gives 85% no qualifier
    edge = len(pre)
    keep = len(spans)
    for i in range(len(spans) - 1, -1, -1):
        if pre[spans[i][1] : edge].strip():
            break
        edge = spans[i][0]
        keep = i
    all_words = [w for _, _, w in spans]
    spans = spans[keep:]
    if not spans:
        return "exact", start, ""
    index = r.qualifier_of
    fillers = r.words("qualifiers.fillers")
    words = [w for _, _, w in spans]
    n = len(words)
    for _ in range(4):
        if not n:
            break
        for k in (3, 2, 1):
            if n >= k:
                phrase = " ".join(words[n - k : n])
                qual = index.get(phrase)
                if qual:
                    at = keep + n - k  # the phrase's first word among all the clause's words
                    previous = all_words[at - 1] if at > 0 else ""
                    found = _bearing(text, start, end, r, qual, phrase, previous)
                    if found is None:
                        break
                    return found, pre_start + spans[n - k][0], phrase
        else:
            if n >= 2 and " ".join(words[n - 2 : n]) in fillers:
                n -= 2
                continue
            if words[n - 1] in fillers:
                n -= 1
                continue
        break
    return "exact", start, ""


def _bearing(
    text: str, start: int, end: int | None, r: FigureRules, qual: str, phrase: str, previous: str
) -> Qualifier | None:
    """What a qualifier word found before a figure means there; None when it is part of another word."""
    q = r.figures.qualifiers
    if phrase in r.words("qualifiers.comparative_bounds") and previous in r.words("qualifiers.comparatives"):
        after = text[end if end is not None else start :][:120].lower()
        clause = after.split(";")[0].split(".")[0]
        if any(f" {marker} " in f" {clause} " for marker in q.comparison_markers):
            return "exact"  # `thấp hơn 1,89% so với năm 2021`: a difference, it bounds nothing
        return "less_than" if previous in r.words("qualifiers.less_comparatives") else "more_than"
    if (
        previous
        and previous not in r.words("qualifiers.free_before")
        and previous not in r.qualifier_of
        and f"{previous} {phrase}" in r.lexicon.dictionary
    ):
        return None  # `tiến độ`, `cầu vượt`, `nước ngoài`: a syllable of another word
    if end is not None and qual == "more_than":
        tail = text[end : end + 60].lower()
        tail_words = WORD.findall(tail, None, None, False, False)
        head_word = " ".join(phrase.split()[:1])
        if head_word in r.words("qualifiers.locative_bounds") and _starts(
            tail_words, r.words("qualifiers.locative_nouns")
        ):
            return "exact"  # `trên 04 nền tảng`: on
        if head_word in r.words("qualifiers.besides_bounds"):
            sentence = text[end : end + 200].split(".")[0].lower()
            if any(f" {w} " in f" {sentence} " for w in q.besides_followers):
                return "exact"  # `ngoài 02 cửa khẩu, còn có …`: besides
    return qual  # type: ignore[return-value]


def _starts(words: list[str], phrases: frozenset[str]) -> bool:
    return any(" ".join(words[:k]) in phrases for k in (1, 2, 3) if len(words) >= k)


_ESTIMATE_CLAUSE = regex.compile(r"[^.;:!?\n(,]*$")
_ESTIMATE_CLAUSE_BACK = regex.compile(r"(?r)[^.;:!?\n(,]*$")


@lru_cache(maxsize=4)
def _clause_patterns(r: FigureRules) -> tuple[regex.Pattern[str], regex.Pattern[str], dict[str, str]]:
    """The clause-opening qualifier words (`ước`, `ít nhất`, `tối đa`…) by kind, and a number not after
    a year word."""
    q = r.figures.qualifiers
    kinds = {w.split()[0].lower(): "approx" for w in q.clause_approx}
    kinds.update({w.lower(): "more_than" for w in q.clause_more_than})
    kinds.update({w.lower(): "less_than" for w in q.clause_less_than})
    opener = regex.compile(r"(?<![\p{L}\p{M}])(?:" + alternation(kinds) + r")(?![\p{L}\p{M}])", regex.IGNORECASE)
    not_after_year = "".join(rf"(?<!{regex.escape(y)}[ \t])" for y in r.figures.dates.year_words)
    number = regex.compile(r"(?=\d)(?<![\d.,])" + not_after_year + r"\d+(?:[.,]\d+)*", regex.IGNORECASE)
    return opener, number, kinds


def clause_qualifier(text: str, start: int, r: FigureRules) -> Qualifier:
    """`Ước giải ngân … đạt 57,15%`, `ít nhất … đạt 60%`: a qualifier that opens the clause bears on
    its first figure.

    The word must stand as a word of its own (not `hiệp ước`, `ước mơ`), and no other figure
    may stand between it and this one (a year after `năm` does not count).
    """
    opener, number, kinds = _clause_patterns(r)
    pre = text[max(0, start - 160) : start]
    lowered = pre.lower()
    if not any(map(lowered.__contains__, kinds)):
        return "exact"
    clause = tail_run(_ESTIMATE_CLAUSE, _ESTIMATE_CLAUSE_BACK, pre).group()  # type: ignore[union-attr]
    matches = list(opener.finditer(clause, None, None, False, False))
    if not matches:
        return "exact"
    m = matches[-1]
    before = [w.lower() for w in WORD.findall(clause[: m.start()], None, None, False, False)[-1:]]
    after = [w.lower() for w in WORD.findall(clause[m.end() :], None, None, False, False)[:1]]
    if (before and before[0] in r.words("qualifiers.not_estimate_before")) or (
        after and after[0] in r.words("qualifiers.not_estimate_after")
    ):
        return "exact"
    if number.search(clause, m.end(), None, False):
        return "exact"
    return kinds[" ".join(m.group().lower().split())]  # type: ignore[return-value]
