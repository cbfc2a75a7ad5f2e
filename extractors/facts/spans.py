"""The sentence and the clause around an offset, as the unit and period rules look at them."""

from __future__ import annotations

import regex

_CLAUSE_MARK = regex.compile(r"[;:()\n]|[.,](?!\d)")


def sentence_around(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding `pos`: from the last `. ` or line break to the next."""
    a = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return a, min(ends) if ends else len(text)


def clause_before(text: str, pos: int, limit: int = 200) -> str:
    """The clause up to `pos`: from the last `,` `;` `:` `.` or bracket, not a digit group's `4.080` or `3,4`."""
    window = text[max(0, pos - limit) : pos]
    cut = 0
    for mark in _CLAUSE_MARK.finditer(window, None, None, False, False):
        cut = mark.end()
    return window[cut:]


def in_open_bracket(text: str, pos: int, reach: int) -> bool:
    """Does a `(` opened within `reach` characters before `pos` stay open at `pos`?"""
    a = max(0, pos - reach)
    return text.rfind("(", a, pos) > text.rfind(")", a, pos)
