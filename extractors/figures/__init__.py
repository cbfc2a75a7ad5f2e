"""Figures: counts, money, quantities, percentages, dates, document references.

`extract_figures(text, lexicon, tables)` is the one entry point: a pure function
that returns Mentions whose `text == input[start:end]`. Extractors run in a fixed
order and claim the characters they use, so a date inside a document number is
not read again as a count: references, then dates, then table cells read with
their headers (`tables`: the reader's `Document.tables`), then amounts; figures
found inside a cell then get the cell's table context. `describe_tables` gives
the tables with their words read (column roles and units, row indicators, the
unit line). Nothing is caught here: a bug is an exception the pipeline records
for the file (E603), never a silently empty result.
"""

from __future__ import annotations

from extractors.figures.amounts import find_amounts
from extractors.figures.common import Blocked, Found
from extractors.figures.dates import find_dates
from extractors.figures.docrefs import find_doc_refs
from extractors.figures.rules import FigureRules, figure_rules
from extractors.figures.tables import describe_all, find_table_figures, tables_from_text, with_table_context
from extractors.figures.tables import describe_tables as _describe_tables
from extractors.sentences import clipped, sentence_index
from schemas import Mention, Table
from schemas.lexicon import Lexicon

_MENTION_FIELDS = frozenset(Mention.model_fields)
_QUALIFIED = frozenset({"count", "money", "quantity", "percent"})


def find_figures(text: str, r: FigureRules, tables: list[Table] | None = None) -> list[Found]:
    """Raw figure spans in position order (see `extract_figures`)."""
    described = describe_all(text, tables_from_text(text) if tables is None else tables, r)
    blocked = Blocked(len(text))
    found: list[Found] = find_doc_refs(text, blocked, r)  # claims each number and symbol, not the type words
    found += find_dates(text, blocked, r)  # claims each date and every time of day
    found += find_table_figures(described, blocked, r)
    found += find_amounts(text, blocked, r)
    with_table_context(found, described)
    found.sort(key=lambda f: (f.start, f.end))
    return found


def describe_tables(text: str, tables: list[Table], lexicon: Lexicon) -> list[Table]:
    """`tables` (a reader's `Document.tables`) with the words of their headers, rows and unit lines read:
    each column's role and unit, each row's kind, indicator and lead, the unit declared over it."""
    return _describe_tables(text, tables, figure_rules(lexicon))


def extract_figures(text: str, lexicon: Lexicon, tables: list[Table] | None = None) -> list[Mention]:
    """Every figure in `text` as a validated Mention, in order of position.

    `tables` are the document's tables (`Document.tables`); without them, lines of cells joined
    by ` | ` are read as tables (`tables_from_text`).

    >>> [(m.kind, m.value, m.text) for m in extract_figures("mở 04 lớp tuyên truyền, tập huấn", LEXICON)]
    [('count', 4, '04 lớp')]
    """
    if not text:
        return []
    found = find_figures(text, figure_rules(lexicon), tables)
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
                text=text[f.start : f.end],
                start=f.start,
                end=f.end,
                sentence=text[qa:qb],
                sentence_start=a,
                sentence_end=b,
                **fields,
            )
        )
    return out
