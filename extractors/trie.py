"""A word alternation factored by shared beginnings: the same matches, found with far fewer tries.

`regex` tries an alternation alternative after alternative, and with case folded each try
compares folded characters: ~40 currency words cost ~4 µs at every word a number is followed
by, although at most a few begin with that word's first letter. `trie_alternation(words)`
writes the same words as a tree of shared beginnings (`đ(?:ô(?:\\s+la(?:…)?|la)?|ồng)?`):
at each branch only the next characters are tried, once.

It matches what `alternation(words)` matches, in the same order, where the pattern is matched
forwards (`match`, `search`, `finditer`; not under `(?r)` or inside a look-behind, which read it
backwards). Why: the plain form tries its words longest first; the words that match at one
position all begin the text there, so each is a beginning of the longer ones, and the tree, whose
every branch tries going on before it stops, tries them in that same order, longest first. Two
branches of one node begin with different characters (folded alike under `folded`), so at most one
can go on. `folded` must say whether the pattern around it folds case (`regex.IGNORECASE` or
`(?i:…)`): characters that fold alike share a branch only then. A word holding white space other
than single spaces between characters (a tab, two spaces, a space at an end) gets the plain
alternation.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

Token = str | None  # a character of a word, or None for one of its spaces (matched by `space`)


def _same(a: str, b: str, folded: bool) -> bool:
    """Do the characters `a` and `b` match the same text characters (as `regex` folds case)?"""
    if a == b:
        return True
    return folded and regex.fullmatch(regex.escape(a), b, regex.IGNORECASE) is not None


def _tree(words: list[list[Token]], folded: bool, space: str) -> str:
    """The words (as token lists, in the order tried) as one pattern: a group unless a plain sequence."""
    ends = any(not w for w in words)
    branches: list[tuple[Token, list[list[Token]]]] = []
    for w in words:
        if not w:
            continue
        head = w[0]
        for key, rests in branches:
            if key == head or (key is not None and head is not None and _same(key, head, folded)):
                rests.append(w[1:])
                break
        else:
            branches.append((head, [w[1:]]))
    alternatives = [
        (space if key is None else regex.escape(key)) + _tree(rests, folded, space) for key, rests in branches
    ]
    if not alternatives:
        return ""
    if len(alternatives) == 1 and not ends:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")" + ("?" if ends else "")


def _odd_spaces(word: str) -> bool:
    """White space other than single spaces between characters: a run of it could then be matched
    by more than one word's spaces, in more than one way."""
    return "  " in word or word[:1] == " " or word[-1:] == " " or any(c.isspace() and c != " " for c in word)


def trie_alternation(words: Iterable[str], *, folded: bool, space: str = r"\s+") -> str:
    """The words as a tree of shared beginnings, matching as the alternation of them longest first
    (ties in code-point order) does, each space of a word matching `space`.

    Embed it where the plain alternation stood inside a group (`(?:…)`, `(…)`): its own top level
    is not always one group.
    """
    items = sorted(set(words), key=lambda w: (-len(w), w))
    if not items:
        return ""
    if any(_odd_spaces(w) for w in items):
        return "|".join(space.join(regex.escape(p) for p in w.split(" ")) for w in items)
    tokens: list[list[Token]] = [[None if c == " " else c for c in w] for w in items]
    return _tree(tokens, folded, space)
