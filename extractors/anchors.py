"""One pass over a document for every place where a word-list pattern can begin: the anchor scan.

A `regex` pattern built from a word list (organisation heads, unit words, provinces, fixed
place spellings) is tried by `finditer` at every character of a text, each try an
alternation of hundreds of words. Each such pattern begins with one of its words, written as
the list has it, so the first word of an entry (`Ủy` of `Ủy ban nhân dân`, `xã`) stands at
the start of every match. `Anchors` builds one Aho-Corasick automaton (pyahocorasick) over
the first words of all the lists; one pass over a document finds, for each list, every
offset where one of its first words is written. `Anchored` then tries its pattern only at
those offsets, left to right, and so finds exactly the matches of `pattern.finditer` (and of
`pattern.search`): the lookbehinds still see the text before, and an offset inside a match
already found is skipped as `finditer` skips it.

The scan of a text is kept for the last few texts, so every pattern of a document, in
whichever extractor, shares one pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

import ahocorasick
import regex


class Anchors:
    """Named word lists and one automaton over their first words (hashed by identity)."""

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        self.names = tuple(lists)
        lists_of: dict[str, set[int]] = {}  # a first word -> the lists whose entries begin with it
        for i, name in enumerate(self.names):
            for entry in lists[name]:
                words = entry.split()
                if words:
                    lists_of.setdefault(words[0], set()).add(i)
        self._automaton = ahocorasick.Automaton()
        for word, owners in lists_of.items():
            self._automaton.add_word(word, (len(word) - 1, tuple(sorted(owners))))
        if lists_of:
            self._automaton.make_automaton()
        self._empty = not lists_of

    def scan(self, text: str) -> tuple[list[int], ...]:
        """For each list (in order), the sorted offsets in `text` where one of its first words is written."""
        return _scan(self, text)

    def _scan(self, text: str) -> tuple[list[int], ...]:
        found: tuple[list[int], ...] = tuple([] for _ in self.names)
        if self._empty:
            return found
        for end, (back, owners) in self._automaton.iter(text):
            for i in owners:
                found[i].append(end - back)
        # the automaton reports by end offset: a longer word ending later may start earlier
        return tuple(sorted(set(offsets)) for offsets in found)

    def offsets(self, text: str, name: str) -> list[int]:
        return self.scan(text)[self.names.index(name)]


@lru_cache(maxsize=4)
def _scan(anchors: Anchors, text: str) -> tuple[list[int], ...]:
    """One scan per text, shared by every pattern (and extractor) that asks for it."""
    return anchors._scan(text)


class Anchored:
    """A pattern that begins with a word of the list `name` of `anchors`, tried only where one is written.

    The pattern must never match the empty string (a word list's patterns never do).
    """

    def __init__(self, pattern: regex.Pattern[str], anchors: Anchors, name: str) -> None:
        if name not in anchors.names:
            raise ValueError(f"no word list {name!r} among the anchors")
        self.pattern = pattern
        self._anchors = anchors
        self._index = anchors.names.index(name)

    def finditer(self, text: str, scanned: str | None = None) -> Iterator[regex.Match[str]]:
        """The matches of `pattern.finditer(text)`.

        `scanned`: the text whose scan gives the offsets, when not `text` itself: one of the same length in
        which every first word of a match in `text` is written at the same offset (`text.lower()` of a text
        whose lower-casing keeps its length, for lists written in lower case), so a document lower-cased
        once shares one scan between patterns run on it and on the text as written.
        """
        end = 0
        for at in self._anchors.scan(text if scanned is None else scanned)[self._index]:
            if at < end:
                continue  # inside the last match: finditer goes on from its end
            m = self.pattern.match(text, at)
            if m is not None:
                yield m
                end = max(m.end(), at + 1)

    def search(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        """`pattern.search(text, pos)`."""
        offsets = self._anchors.scan(text)[self._index]
        for k in range(bisect.bisect_left(offsets, pos), len(offsets)):
            m = self.pattern.match(text, offsets[k])
            if m is not None:
                return m
        return None
