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

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import groupby
from operator import itemgetter, sub
from typing import Any, Final, Literal, NamedTuple

TOLERANCE = 3.0

compiled_words: Callable[..., tuple[list[tuple[Any, ...]], list[int]] | None] | None
try:  # `_words_of_run`'s loop in C (setup.py builds it where a compiler is found), equal output
    from pipeline.readers._pdf_loops import words_of_run as compiled_words
except ImportError:  # an install without a C compiler: the Python loop
    compiled_words = None
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
    """Append the words of a run of characters that share one orientation, line by line.

    The run's characters are grouped by line cluster in content order, then each line sorted by
    position (stable): that is the one stable sort by (line, position), without comparing a
    tuple per step. A word ends at white space, at a character that starts before the previous
    one or after its end plus `TOLERANCE`, or at one `TOLERANCE` above or below it.
    """
    upright = chars[0][UPRIGHT]
    if compiled_words is not None and (made := compiled_words(list(chars), upright, TOLERANCE, _LIGATURES)):
        found, pending = made
        for i in pending:  # a digit inside the word: its characters came along, to look for a footnote mark
            text, top, x0, x1, size, members = found[i]
            found[i] = (text, top, x0, x1, size, _marker(list(members)))
        words.extend(map(_new_word, found))
        return
    # lines are rows of upright text, columns of rotated text
    line_key: Literal[3, 1] = TOP if upright else X0
    order_key: Literal[1, 3] = X0 if upright else TOP
    end_key: Literal[2, 4] = X1 if upright else BOTTOM
    line_of = itemgetter(line_key)
    cluster_of = _clusters(map(line_of, chars), TOLERANCE)
    position = itemgetter(order_key)
    if (total := sum(map(position, chars))) != total:  # a position that is no number (NaN, or inf - inf)
        _words_of_unordered_run(chars, cluster_of, line_key, order_key, end_key, words)
        return
    by_line: dict[int, list[Char]] = {}
    for char in chars:
        cluster = cluster_of[char[line_key]]
        members = by_line.get(cluster)
        if members is None:
            by_line[cluster] = [char]
        else:
            members.append(char)
    make = _word
    append = words.append
    for cluster in sorted(by_line):
        line = by_line[cluster]
        line.sort(key=position)
        word: list[Char] = []
        start = reach = level = 0.0  # the previous character's start, end plus TOLERANCE, line position
        for char in line:
            if char[TEXT].isspace():
                if word:
                    append(make(word))
                    word = []
                continue
            here = char[order_key]
            if word and (here < start or here > reach or abs(char[line_key] - level) > TOLERANCE):
                append(make(word))
                word = []
            word.append(char)
            start = here
            reach = char[end_key] + TOLERANCE
            level = char[line_key]
        if word:
            append(make(word))


def _words_of_unordered_run(
    chars: Sequence[Char],
    cluster_of: dict[float, int],
    line_key: Literal[3, 1],
    order_key: Literal[1, 3],
    end_key: Literal[2, 4],
    words: list[Word],
) -> None:
    """`_words_of_run` where a position is NaN: the one sort by (line, position) and one pass, as
    pdfplumber does it, for NaN compares unlike any number and the two orders could part."""
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
        text, top, bottom = first[TEXT], first[TOP], first[BOTTOM]
        return _new_word((_LIGATURES.get(text, text), top, first[X0], first[X1], bottom - top, None))
    top = min(map(_TOP_OF, chars))
    x1 = max(map(_X1_OF, chars))
    size = max(map(sub, map(_BOTTOM_OF, chars), map(_TOP_OF, chars)))
    text = "".join(map(_TEXT_OF, chars))
    if not _LIGATURE_CHARS.isdisjoint(text):
        text = "".join([_LIGATURES.get(c[TEXT], c[TEXT]) for c in chars])
    tail = text[1:]
    digit_inside = not tail.isalpha() and any(map(str.isdigit, tail))
    return _new_word((text, top, first[X0], x1, size, _marker(chars) if digit_inside else None))


# A Word or Line straight from its fields' tuple, without the Python-level __new__ of a NamedTuple:
# a page makes hundreds of each.
_new_word = partial(tuple.__new__, Word)
_new_line = partial(tuple.__new__, Line)
_TOP_OF = itemgetter(TOP)
_BOTTOM_OF = itemgetter(BOTTOM)
_X1_OF = itemgetter(X1)
_TEXT_OF = itemgetter(TEXT)
_LIGATURE_CHARS = frozenset(_LIGATURES)


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
    for _, run in groupby(chars, key=_UPRIGHT_OF):
        _words_of_run(list(run), words)
    return words


_UPRIGHT_OF = itemgetter(UPRIGHT)


def layout_text(chars: Sequence[Char], *, keep_order: bool = True) -> str:
    """The text of `chars`: words joined by spaces, lines by line breaks ('' when there is none)."""
    return "\n".join(line.text for line in layout_lines(chars, keep_order=keep_order))


def layout_lines(chars: Sequence[Char], *, keep_order: bool = True) -> list[Line]:
    """The lines of `chars`, each with its position, size and words."""
    words = words_of(chars)
    if not words:
        return []
    cluster_of = _clusters(map(_WORD_TOP, words), TOLERANCE)
    groups: list[list[Word]] = []
    if keep_order:  # running text: consecutive words of one cluster share a line, nothing moves
        last = None
        group: list[Word] = []
        for word in words:
            cluster = cluster_of[word[1]]
            if cluster != last:
                group = [word]
                groups.append(group)
                last = cluster
            else:
                group.append(word)
    else:  # table cells: every word of a cluster on its line, clusters top-down
        grouped: dict[int, list[Word]] = {}
        for word in words:
            grouped.setdefault(cluster_of[word[1]], []).append(word)
        groups = [grouped[k] for k in sorted(grouped)]
    return [
        _new_line((" ".join(map(_WORD_TEXT, group)), min(map(_WORD_TOP, group)), _line_size(group), tuple(group)))
        for group in groups
    ]


_WORD_TEXT = itemgetter(0)
_WORD_TOP = itemgetter(1)


def _line_size(words: list[Word]) -> float:
    """The font size most of the line's letters are in."""
    first = words[0][4]
    if all(word[4] == first for word in words):  # one size, as most lines are
        return round(first, 1)
    weights: dict[float, int] = {}
    for word in words:
        key = round(word[4], 1)
        weights[key] = weights.get(key, 0) + len(word[0])
    return max(weights, key=weights.__getitem__)
