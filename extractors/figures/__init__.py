"""Figures: counts, money, quantities, percentages, dates, document references.

`extract_figures(text, lexicon)` is the one entry point: a pure function that
returns Mentions whose `text == input[start:end]`. Extractors run in a fixed
order and claim the characters they use, so a date inside a document number is
not read again as a count: references, then dates, then table cells, then
amounts. Nothing is caught here: a bug is an exception the pipeline records
for the file (E603), never a silently empty result.
"""

from __future__ import annotations

from extractors.figures.amounts import find_amounts
from extractors.figures.common import Blocked, Found
from extractors.figures.dates import find_dates
from extractors.figures.docrefs import find_doc_refs
from extractors.figures.rules import FigureRules, figure_rules
from extractors.figures.tables import find_table_figures
from extractors.sentences import clipped, sentence_index
from schemas import Mention
from schemas.lexicon import Lexicon

_MENTION_FIELDS = frozenset(Mention.model_fields)
_QUALIFIED = frozenset({"count", "money", "quantity", "percent"})


def find_figures(text: str, r: FigureRules) -> list[Found]:
    """Raw figure spans in position order (see `extract_figures`)."""
    blocked = Blocked(len(text))
    found: list[Found] = find_doc_refs(text, blocked, r)  # claims each number and symbol, not the type words
    found += find_dates(text, blocked, r)  # claims each date and every time of day
    found += find_table_figures(text, blocked, r)
    found += find_amounts(text, blocked, r)
    found.sort(key=lambda f: (f.start, f.end))
    return found


def extract_figures(text: str, lexicon: Lexicon) -> list[Mention]:
    """Every figure in `text` as a validated Mention, in order of position.

    >>> [(m.kind, m.value, m.text) for m in extract_figures("mở 04 lớp tuyên truyền, tập huấn", LEXICON)]
    [('count', 4, '04 lớp')]
    """
    if not text:
        return []
    found = find_figures(text, figure_rules(lexicon))
    sentences = sentence_index(text, tuple(lexicon.sentences.abbreviations))
    out: list[Mention] = []
    for f in found:
        fields = {k: v for k, v in f.extra.items() if k in _MENTION_FIELDS}
        a, b = sentences.around(f.start, f.end)
        qa, qb = clipped(a, b, f.start, f.end)
        out.append(
            Mention(
                kind=f.kind,
                value=f.value,
                unit=f.unit,
                qualifier=f.qualifier if f.kind in _QUALIFIED else None,
                text=text[f.start:f.end],
                start=f.start,
                end=f.end,
                sentence=text[qa:qb],
                sentence_start=a,
                sentence_end=b,
                **fields,
            )
        )
    return out
