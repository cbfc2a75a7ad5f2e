"""The figure rules of a lexicon, compiled once: word sets, the counted nouns, document kinds.

Every figure extractor takes a `FigureRules` (from `figure_rules(lexicon)`), never a
global, so two lexicons (the packaged one and a user's) can be used side by side and
no rule is read at import. Patterns a single module needs are compiled by that module,
cached per `FigureRules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.numbers import NumberRules, number_rules
from schemas.lexicon import Figures, Lexicon

QUALIFIER_KINDS = ("more_than", "less_than", "approx")


@dataclass(frozen=True, eq=False)
class FigureRules:
    """A lexicon's figure words as look-ups (hashed by identity: one per lexicon)."""

    lexicon: Lexicon
    numbers: NumberRules
    count_nouns: frozenset[str]
    doc_types: dict[str, str]  # name, lower case -> name as written
    doc_type_codes: dict[str, str]  # symbol code -> name
    qualifier_of: dict[str, str]  # qualifier word, lower case -> its kind
    _sets: dict[str, frozenset[str]]

    @property
    def figures(self) -> Figures:
        return self.lexicon.figures

    def words(self, key: str) -> frozenset[str]:
        """A word list of figures.toml as a lower-case set, by dotted key (`counts.not_nouns`)."""
        found = self._sets.get(key)
        if found is None:
            section, _, name = key.partition(".")
            value = getattr(getattr(self.lexicon.figures, section), name)
            found = frozenset(w.lower() for w in value)
            self._sets[key] = found
        return found


@lru_cache(maxsize=4)
def figure_rules(lexicon: Lexicon) -> FigureRules:
    """The compiled figure rules of `lexicon`."""
    figures = lexicon.figures
    names = {" ".join(t.name.split()).lower(): t.name for t in lexicon.doc_types}
    codes: dict[str, str] = {}
    for doc_type in lexicon.doc_types:
        for code in doc_type.codes:
            codes.setdefault(code, doc_type.name)
    # counted nouns: count_nouns.txt, the classifiers, the title heads (`04 Phó Chủ tịch`), the document
    # kinds (`02 Nghị định`)
    nouns = set(lexicon.count_nouns) | set(figures.counts.classifiers)
    nouns.update(" ".join(t.split()).lower() for t in lexicon.titles.heads if not t.isupper())
    nouns.update(names)
    qualifier_of: dict[str, str] = {}
    for kind in QUALIFIER_KINDS:
        for word in getattr(figures.qualifiers, kind):
            qualifier_of.setdefault(word.lower(), kind)
    return FigureRules(lexicon, number_rules(lexicon), frozenset(nouns), names, codes, qualifier_of, {})


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any white space."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in items)
