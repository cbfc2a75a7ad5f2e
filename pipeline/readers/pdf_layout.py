"""Characters with boxes → lines of words, the way solieu has always laid out PDF text.

The PDF reader used pdfplumber's `extract_text()` (its default, non-layout mode);
offsets of every figure ever written index text laid out by that algorithm, so
the pdfium reader keeps its semantics exactly and only computes them faster:

* characters are taken in content-stream order and split into runs of the same
  orientation (upright or rotated);
* within a run, characters are clustered into lines by their `top` (upright) or
  `x0` (rotated): values sorted, a new cluster whenever one exceeds the previous
  by more than `TOLERANCE` (3 pt); lines in cluster order, characters inside a
  line sorted by `x0` (upright) or `top` (rotated), both sorts stable;
* a white-space character ends a word; so does a character that starts before
  the previous one, after its end plus `TOLERANCE`, or `TOLERANCE` above or
  below it;
* words are clustered into lines again by their `top` — keeping their order
  for running text (`keep_order=True`), grouped by cluster for table cells —
  and written as words joined by a space, lines by a line break.

A `Char` is a plain tuple (text, x0, x1, top, bottom, upright), top-down
coordinates in points, so a page of 4,000 characters costs little to build and hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, Literal, NamedTuple

TOLERANCE = 3.0
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


# A character: (text, x0, x1, top, bottom, upright). A plain tuple: a page holds thousands.
Char = tuple[str, float, float, float, float, bool]
TEXT: Final = 0
X0: Final = 1
X1: Final = 2
TOP: Final = 3
BOTTOM: Final = 4
UPRIGHT: Final = 5


class Word(NamedTuple):
    text: str
    top: float  # the smallest top of its characters: words cluster into lines by it
    x0: float
    x1: float
    size: float  # the largest character height (the font size) in the word
    marker: tuple[int, int] | None = None  # span of a raised small number inside it: a footnote mark


class Line(NamedTuple):
    """A laid-out line with what page cleaning needs: where it is, how large, and its words."""

    text: str
    top: float
    size: float
    words: tuple[Word, ...]

    def without_markers(self) -> str:
        """The line with its footnote marks taken out (`sáng kiến1` → `sáng kiến`)."""
        if not any(w.marker for w in self.words):
            return self.text
        return " ".join(w.text[: w.marker[0]] + w.text[w.marker[1] :] if w.marker else w.text for w in self.words)


def _clusters(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """Each distinct value → its cluster number; a cluster grows while the next value is within `tolerance`."""
    index: dict[float, int] = {}
    cluster = -1
    last = float("-inf")
    for value in sorted(set(values)):
        if value > last + tolerance:
            cluster += 1
        index[value] = cluster
        last = value
    return index


def _words_of_run(chars: Sequence[Char], words: list[Word]) -> None:
    """Append the words of a run of characters that share one orientation, line by line."""
    upright = chars[0][UPRIGHT]
    # lines are rows of upright text, columns of rotated text
    line_key: Literal[3, 1] = TOP if upright else X0
    order_key: Literal[1, 3] = X0 if upright else TOP
    end_key: Literal[2, 4] = X1 if upright else BOTTOM
    cluster_of = _clusters([c[line_key] for c in chars], TOLERANCE)
    # One stable sort by (line, position) is the loop's group-by-line then stable sort by position.
    ordered = sorted(chars, key=lambda c: (cluster_of[c[line_key]], c[order_key]))
    word: list[Char] = []
    line = -1
    for char in ordered:
        here = cluster_of[char[line_key]]
        if here != line:
            if word:
                words.append(_word(word))
                word = []
            line = here
        if char[TEXT].isspace():
            if word:
                words.append(_word(word))
                word = []
            continue
        if word:
            previous = word[-1]
            if (
                char[order_key] < previous[order_key]
                or char[order_key] > previous[end_key] + TOLERANCE
                or abs(char[line_key] - previous[line_key]) > TOLERANCE
            ):
                words.append(_word(word))
                word = []
        word.append(char)
    if word:
        words.append(_word(word))


def _word(chars: list[Char]) -> Word:
    first = chars[0]
    if len(chars) == 1:
        return Word(
            _LIGATURES.get(first[TEXT], first[TEXT]), first[TOP], first[X0], first[X1], first[BOTTOM] - first[TOP]
        )
    ligatures = _LIGATURES
    top, x1, size = first[TOP], first[X1], first[BOTTOM] - first[TOP]
    digit_inside = False
    for c in chars:
        if c[TOP] < top:
            top = c[TOP]
        if c[X1] > x1:
            x1 = c[X1]
        if c[BOTTOM] - c[TOP] > size:
            size = c[BOTTOM] - c[TOP]
    text = "".join([ligatures.get(c[TEXT], c[TEXT]) for c in chars])
    digit_inside = not text[1:].isalpha() and any(ch.isdigit() for ch in text[1:])
    return Word(text, top, first[X0], x1, size, _marker(chars) if digit_inside else None)


_UNIT_LETTERS = frozenset({"m", "km", "cm", "dm", "mm"})  # m2, km2: a raised 2 or 3 is an exponent


def _marker(chars: list[Char]) -> tuple[int, int] | None:
    """The span of a raised, smaller run of digits right after a letter: a footnote mark."""
    for i in range(1, len(chars)):
        char, previous = chars[i], chars[i - 1]
        if not (char[TEXT].isdigit() and previous[TEXT].isalpha()):
            continue
        size = char[BOTTOM] - char[TOP]
        previous_size = previous[BOTTOM] - previous[TOP]
        if size < 0.8 * previous_size and char[BOTTOM] < previous[BOTTOM] - 0.2 * previous_size:
            head = "".join(c[TEXT] for c in chars[:i])
            if head.lower() in _UNIT_LETTERS:
                return None
            end = i
            while end < len(chars) and chars[end][TEXT].isdigit() and chars[end][BOTTOM] - chars[end][TOP] <= size:
                end += 1
            if any(c[TEXT] in _LIGATURES for c in chars[:end]):  # spans index letters, not ligature glyphs
                return None
            return (i, end)
    return None


def words_of(chars: Sequence[Char]) -> list[Word]:
    """All words, run by run (a run: consecutive characters of one orientation)."""
    words: list[Word] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i][UPRIGHT] != chars[start][UPRIGHT]:
            _words_of_run(chars[start:i], words)
            start = i
    return words


def layout_text(chars: Sequence[Char], *, keep_order: bool = True) -> str:
    """The text of `chars`: words joined by spaces, lines by line breaks ('' when there is none)."""
    return "\n".join(line.text for line in layout_lines(chars, keep_order=keep_order))


def layout_lines(chars: Sequence[Char], *, keep_order: bool = True) -> list[Line]:
    """The lines of `chars`, each with its position, size and words."""
    words = words_of(chars)
    if not words:
        return []
    cluster_of = _clusters((w.top for w in words), TOLERANCE)
    groups: list[list[Word]] = []
    if keep_order:  # running text: consecutive words of one cluster share a line, nothing moves
        last = None
        for word in words:
            cluster = cluster_of[word.top]
            if cluster != last:
                groups.append([])
                last = cluster
            groups[-1].append(word)
    else:  # table cells: every word of a cluster on its line, clusters top-down
        grouped: dict[int, list[Word]] = {}
        for word in words:
            grouped.setdefault(cluster_of[word.top], []).append(word)
        groups = [grouped[k] for k in sorted(grouped)]
    return [
        Line(" ".join(w.text for w in group), min(w.top for w in group), _line_size(group), tuple(group))
        for group in groups
    ]


def _line_size(words: list[Word]) -> float:
    """The font size most of the line's letters are in."""
    weights: dict[float, int] = {}
    for word in words:
        key = round(word.size, 1)
        weights[key] = weights.get(key, 0) + len(word.text)
    return max(weights, key=lambda k: weights[k])
