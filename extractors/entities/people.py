"""People: candidates with evidence, their titles and event roles, under their fullest names.

A name-shaped candidate is a person only with evidence: an honorific before it, a title
before or after it, a signature block under an upper-case title line, a speech verb
after a three-syllable name (`Nguyễn Văn Tám cho biết`), or a place in a list next to a
person (`ông Nguyễn Văn Dũng, Nguyễn Văn Hưng`).
"""

from __future__ import annotations

import itertools

from extractors.entities.names import Candidate, candidates, full_names, sentence_of
from extractors.entities.rules import EntityRules
from extractors.entities.titles import group_title, is_byline, role_of, signature_title, titles_after, titles_before
from extractors.sentences import SentenceIndex
from schemas.models import Entity


def resolve_people(r: EntityRules, text: str, cands: list[Candidate]) -> None:
    """Mark candidates as people from their evidence, collecting their titles."""
    for c in cands:
        if c.excluded or is_byline(r, text, c.start):
            c.excluded = True
            continue
        c.titles = group_title(r, text, c.start) + titles_before(r, text, c.start) + titles_after(r, text, c.end)
        if not c.titles:
            c.titles = signature_title(r, text, c)
        surname_first = c.tokens[0] in r.surnames
        says = len(c.tokens) >= 3 and surname_first and r.person_verb.match(text, c.end)
        if c.honorific or (c.titles and surname_first) or says:
            c.person = True
    # names listed next to a person: "ông Nguyễn Văn Dũng, Nguyễn Văn Hưng, Nguyễn Đình Bảo"
    for prev, c in itertools.pairwise(cands):
        if (prev.person and not c.person and not c.excluded and c.tokens[0] in r.surnames
                and len(c.tokens) >= 2 and r.list_sep.fullmatch(text, prev.end, c.start)):
            c.person = True


def find_people(r: EntityRules, text: str, index: SentenceIndex) -> list[Entity]:
    cands = candidates(r, text)
    resolve_people(r, text, cands)
    people = [c for c in cands if c.person]
    out = []
    for c, full in zip(people, full_names(r, people), strict=True):
        if not full:
            continue
        sentence = sentence_of(text, index, c.start, c.end)
        out.append(Entity(type="PER", text=text[c.start:c.end], start=c.start, end=c.end, sentence=sentence,
                          name=full, titles=list(dict.fromkeys(c.titles)), role=role_of(r, sentence)))
    return out
