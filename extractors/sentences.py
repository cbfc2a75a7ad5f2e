"""Sentence spans by offsets, cheap enough for the hot path.

underthesea's `sent_tokenize` ignores newlines and costs far more than the
figures themselves, so sentences here are: lines, split further at `.`, `!`,
`?` or `…` followed by white space and an upper-case letter or a digit-free
opening quote. Abbreviations such as `TP.` or `Tp. HCM` do not end a sentence
because the next character after them is not white space (`TP.HCM`) or the
token before the dot is a known abbreviation (the lexicon's `sentences.toml`).
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex

# a run of dots is tried once, from its first dot (possessive, after a non-dot): linear on `.....`
_END = regex.compile(r"(?<![.!?…])[.!?…]++[\"”’)]*+(?=\s+[\p{Lu}\"“‘(\d])")


def sentence_spans(text: str, abbreviations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence, white space trimmed; a dot after an abbreviation ends none.

    >>> t = "Ngày 07/01/2022, hội nghị diễn ra. Tham dự có 35 đại biểu.\\nTP. Hồ Chí Minh"
    >>> [t[a:b] for a, b in sentence_spans(t, frozenset(LEXICON.sentences.abbreviations))]
    ['Ngày 07/01/2022, hội nghị diễn ra.', 'Tham dự có 35 đại biểu.', 'TP. Hồ Chí Minh']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        cut = 0
        for m in _END.finditer(line):
            word = line[: m.start()].rsplit(None, 1)
            if word and word[-1].lower().strip('("“') in abbreviations:
                continue
            _add(spans, text, line_start + cut, line_start + m.end())
            cut = m.end()
        _add(spans, text, line_start + cut, line_start + len(line))
    return spans


def _add(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))


class SentenceIndex:
    """Find the sentence around an offset in O(log n)."""

    def __init__(self, text: str, abbreviations: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.spans = sentence_spans(text, abbreviations)
        self._starts = [a for a, _ in self.spans]

    def around(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The span of the sentence holding `start` (widened to `end` if a figure crosses a boundary)."""
        end = start if end is None else end
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            return (0, min(len(self.text), max(end, 0)))
        a, b = self.spans[i]
        j = i
        while b < end and j + 1 < len(self.spans):
            j += 1
            b = self.spans[j][1]
        return (a, max(b, end))

    def sentence(self, start: int, end: int | None = None) -> str:
        a, b = self.around(start, end)
        return self.text[a:b]


@lru_cache(maxsize=4)
def sentence_index(text: str, abbreviations: tuple[str, ...] = ()) -> SentenceIndex:
    """The SentenceIndex of `text`, shared by the extractors that run on one document in turn."""
    return SentenceIndex(text, frozenset(abbreviations))


MAX_SENTENCE = 600  # characters of a record's `sentence`: a run-on "sentence" (a table, a PDF without stops)


def clipped(a: int, b: int, start: int, end: int) -> tuple[int, int]:
    """The part of sentence [a, b) a record around [start, end) quotes: all of it, or `MAX_SENTENCE`
    characters centred on the record when the sentence runs on (so memory stays linear in the text).

    >>> clipped(0, 100, 40, 45), clipped(0, 5000, 2000, 2010)
    ((0, 100), (1700, 2310))
    """
    if b - a <= MAX_SENTENCE:
        return a, b
    half = MAX_SENTENCE // 2
    return max(a, start - half), min(b, end + half)
