"""A word alternation tried at one position with only the words that can begin there.

The `regex` module tries an alternation alternative after alternative: a pattern of the
~700 spellings of the quantity units costs ~100 µs at every number, although at most a
handful begin with the two characters the text has there. A `WordProbe` groups its words by
their first two characters; at a position it reads the text's next two characters (after
the lead), keeps the groups whose characters they are, and matches a pattern of only those
words, in the order the whole alternation has them. A word whose first characters are not
the text's cannot match there, so the match is the whole pattern's, at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

KEY = 2  # characters of a word that pick its group
_REMEMBERED = 1 << 14  # pairs of characters remembered (a hostile text may hold any number of distinct ones)


class WordProbe:
    """`lead` + a group of word alternations (each case-sensitive or not) + `tail`, matched at a position.

    `render` turns a list of words, and whether their case is folded, into the alternation (the
    caller's, which orders them); the pattern matched is `lead + "(" + part | part … + ")" + tail`,
    the parts in the order given, each `(?i:…)` when its case is folded. `match` returns what `pattern.match` returns.
    """

    def __init__(
        self,
        lead: str,
        parts: Sequence[tuple[Sequence[str], bool]],
        tail: str,
        render: Callable[[list[str], bool], str],
        flags: int = 0,
    ) -> None:
        self._lead = regex.compile(lead, flags)
        self._parts = [(list(words), fold) for words, fold in parts]
        self._tail = tail
        self._render = render
        self._flags = flags
        self.pattern = self._compile(self._parts, lead)
        self._lead_text = lead
        # a word that could begin inside the lead (white space) would make the lead's greedy end the wrong
        # place to read the key: then every probe is the whole pattern
        self._keyed = not any(w[:1].isspace() or not w for words, _ in self._parts for w in words)
        keys: dict[tuple[str, bool], regex.Pattern[str]] = {}
        self._word_keys: list[list[tuple[str, bool]]] = []
        for words, fold in self._parts:
            word_keys = []
            for w in words:
                key = (w[:KEY], fold)
                if key not in keys:
                    body = "".join(r"\s" if c == " " else regex.escape(c) for c in w[:KEY])
                    keys[key] = regex.compile(f"(?i:{body})" if fold else body, flags)
                word_keys.append(key)
            self._word_keys.append(word_keys)
        self._keys = keys
        self._by_text: dict[str, regex.Pattern[str] | None] = {}  # the text's next characters -> pattern
        self._by_keys: dict[frozenset[tuple[str, bool]], regex.Pattern[str] | None] = {}

    def _compile(self, parts: list[tuple[list[str], bool]], lead: str) -> regex.Pattern[str]:
        bodies = [
            f"(?i:{self._render(words, True)})" if fold else self._render(words, False)
            for words, fold in parts
            if words
        ]
        return regex.compile(lead + "(" + "|".join(bodies or ["(?!)"]) + ")" + self._tail, self._flags)

    def _for(self, chars: str) -> regex.Pattern[str] | None:
        """The pattern of the words that may begin with `chars` (None: no word can)."""
        if chars in self._by_text:
            return self._by_text[chars]
        fitting = frozenset(key for key, pattern in self._keys.items() if pattern.match(chars))
        if fitting not in self._by_keys:
            parts = [
                ([w for w, k in zip(words, word_keys, strict=True) if k in fitting], fold)
                for (words, fold), word_keys in zip(self._parts, self._word_keys, strict=True)
            ]
            self._by_keys[fitting] = self._compile(parts, self._lead_text) if any(w for w, _ in parts) else None
        if len(self._by_text) >= _REMEMBERED:
            self._by_text.clear()
        self._by_text[chars] = self._by_keys[fitting]
        return self._by_keys[fitting]

    def match(self, text: str, pos: int, endpos: int) -> regex.Match[str] | None:
        """`pattern.match(text, pos, endpos)`."""
        if not self._keyed:
            return self.pattern.match(text, pos, endpos)
        lead = self._lead.match(text, pos, endpos)
        if lead is None:
            return None
        at = lead.end()
        pattern = self._for(text[at : min(at + KEY, endpos)])
        return pattern.match(text, pos, endpos) if pattern is not None else None
