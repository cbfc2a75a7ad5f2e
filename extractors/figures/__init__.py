"""Figures: counts, money, quantities, percentages, dates, document references.

`extract_figures(text)` is the one entry point: a pure function that never
raises and returns Mentions whose `text == input[start:end]`. Extractors run
in a fixed order and claim the characters they use, so a date inside a
document number is not read again as a count: references, then dates, then
table cells, then amounts.
"""

from __future__ import annotations

import logging

from extractors.figures.amounts import find_amounts
from extractors.figures.common import Blocked, Found
from extractors.figures.dates import find_dates
from extractors.figures.docrefs import find_doc_refs
from extractors.figures.tables import find_table_figures
from extractors.sentences import sentence_index
from schemas import Mention

log = logging.getLogger(__name__)

_MENTION_FIELDS = set(Mention.model_fields)


def find_figures(text: str) -> list[Found]:
    """Raw figure spans in position order (see `extract_figures`)."""
    blocked = Blocked(len(text))
    refs = find_doc_refs(text)
    found: list[Found] = []
    for r in refs:
        # the number and symbol are claimed; the type words before them stay readable
        num_start = r.end - len(r.value) if r.end - len(r.value) >= r.start else r.start
        blocked.claim(num_start, r.end)
        found.append(r)
    found += find_dates(text, blocked)
    found += find_table_figures(text, blocked)
    found += find_amounts(text, blocked)
    found.sort(key=lambda f: (f.start, f.end))
    return found


def extract_figures(text: str) -> list[Mention]:
    """Every figure in `text` as a validated Mention, in order of position.

    >>> [(m.kind, m.value, m.text) for m in extract_figures("mở 04 lớp tuyên truyền, tập huấn")]
    [('count', 4, '04 lớp')]
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        found = find_figures(text)
    except Exception:  # an extractor must never take a document down
        log.exception("figure extraction failed")
        return []
    sentences = sentence_index(text)
    out: list[Mention] = []
    for f in found:
        fields = {k: v for k, v in f.extra.items() if k in _MENTION_FIELDS}
        try:
            out.append(
                Mention(
                    kind=f.kind,  # type: ignore[arg-type]
                    value=f.value,
                    unit=f.unit,
                    qualifier=f.qualifier if f.kind in ("count", "money", "quantity", "percent") else None,
                    text=text[f.start:f.end],
                    start=f.start,
                    end=f.end,
                    sentence=sentences.sentence(f.start, f.end),
                    **fields,
                )
            )
        except Exception:
            log.debug("dropped an invalid figure %r", f)
    return out
