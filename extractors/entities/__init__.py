"""People with their titles, organisations and places, by rule.

Why rules and not underthesea's CRF `ner()`: it tags `đồng chí Bùi Văn Lý` as a
place, misses `Bộ Chính trị` and costs ~400 ms per 4 KB document. Vietnamese
writes officials in a few fixed shapes, so `regex` with word lists from the
lexicon (titles.toml, places.toml, organisations.toml, abbreviations.tsv) finds
them in about 2 ms per 4 KB. The jobs, one module each: `rules` (the lexicon
compiled), `markup` (Markdown emphasis masked), `names` (name-shaped runs and
candidates), `titles` (the grammar of titles around a name), `signature` (the
capacities of a signatory), `people` (evidence, roles, full names, one wording
per post), `organisations` (organisations and places).
"""

from __future__ import annotations

from extractors.entities.markup import mask_emphasis
from extractors.entities.organisations import find_organisations_and_places, normalize_name
from extractors.entities.people import find_people
from extractors.entities.rules import EntityRules, entity_rules
from extractors.sentences import sentence_index
from schemas.lexicon import Lexicon
from schemas.models import Entity

__all__ = ["EntityRules", "entity_rules", "extract_entities", "find_organisations_and_places", "normalize_name"]


def extract_entities(text: str, lexicon: Lexicon) -> list[Entity]:
    """People (name, titles, role), organisations and places, with offsets into `text`.

    >>> [(e.type, e.name or e.text) for e in extract_entities("Ông Bùi Văn Lý, Chủ tịch UBND xã Phổ An", LEXICON)]
    [('PER', 'Bùi Văn Lý'), ('ORG', 'UBND xã Phổ An'), ('LOC', 'xã Phổ An')]
    """
    if not text:
        return []
    r = entity_rules(lexicon)
    index = sentence_index(text, r.sentence_abbreviations)
    people = find_people(r, mask_emphasis(text), index, text)
    # each entity carries its sentence's offsets (`names.sentence_offsets`), set where it is made
    return sorted(people + find_organisations_and_places(r, text, index, people), key=lambda x: (x.start, x.end))
