"""What a document says about itself: type, number, date, issuer, reporting unit and period.

These are the keys the summary groups figures by, in the shape of the standard
(ANNOTATION.md, "Document facts"), read from the parts of a Vietnamese document
that state them on purpose: the heading block of an official text (`UBND TỈNH
BÌNH THUẬN / SỞ NỘI VỤ`, `Số: 3367/TTr-SNV`, `Bình Thuận, ngày 28 tháng 11 năm
2024`, `TỜ TRÌNH`), or the headline, the dateline (`(HDDTVN) –`) and the lead of
a news article. Reporting units are placed through the gazetteer passed in
(`huyện Tuy Phước` → Bình Định → Gia Lai after 1 July 2025). Every word decided
on comes from the lexicon passed in (`lexicon.facts`, doc_types_facts.toml),
compiled once per lexicon by `rules.fact_rules`. The modules, by job: `rules`
(the compiled words), `heading` (heading block, title, number, date, issuer, zones),
`places` (units named and the gazetteer index), `units` (the reporting unit),
`periods` (the period), `spans` (sentence and clause bounds).
"""

from __future__ import annotations

from extractors.entities import entity_rules, find_organisations_and_places
from extractors.facts.heading import (
    Zone,
    admin_title,
    has_prose,
    header_units,
    heading,
    iso,
    news_issuer,
    news_zones,
    paragraphs,
    plain,
    published,
    sentence_case,
)
from extractors.facts.periods import period
from extractors.facts.places import GazIndex, folded_names, gaz_index, places
from extractors.facts.rules import FactRules, fact_rules
from extractors.facts.units import reporting_unit
from extractors.sentences import SentenceIndex
from schemas.gazetteer import Gazetteer
from schemas.lexicon import Lexicon
from schemas.models import DocumentFacts, Entity, Mention

__all__ = ["EMPTY_GAZETTEER", "FactRules", "extract_facts", "fact_rules", "prepare"]

EMPTY_GAZETTEER = Gazetteer()
HEAD = 6000  # the heading block, title and lead are in the first characters; entities are looked for there


def prepare(gazetteer: Gazetteer, lexicon: Lexicon | None = None) -> None:
    """Index `gazetteer` now (a pool's parent calls it, so forked workers share the index).

    Without a lexicon only the lexicon-free part is built (every name folded: most of the cost).
    """
    folded_names(gazetteer)
    if lexicon is not None:
        gaz_index(gazetteer, fact_rules(lexicon))


def extract_facts(text: str, lexicon: Lexicon, mentions: list[Mention] | None = None,
                  entities: list[Entity] | None = None, gazetteer: Gazetteer = EMPTY_GAZETTEER) -> DocumentFacts:
    """Type, own number and date, issuer, reporting unit and period of a document, and its title.

    `gazetteer` (from `pipeline.lexicon.gazetteer.load_gazetteer`) places the units the text
    names; without one, units keep their names and levels but no province. Pass the
    document's `entities` when they are extracted already; `mentions` are not needed.
    """
    del mentions  # the document's own date is never an event date taken from its figures
    if not text.strip():
        return DocumentFacts()
    gaz = gaz_index(gazetteer, fact_rules(lexicon))
    if entities is None:
        head_text = text[:HEAD]
        rules = entity_rules(lexicon)
        index = SentenceIndex(head_text, frozenset(rules.sentence_abbreviations))
        entities = find_organisations_and_places(rules, head_text, index, [])
    else:
        entities = [e for e in entities if e.type in ("ORG", "LOC") and e.end <= HEAD]
    flat = plain(text)
    doc_type, heading_at, heading_end = heading(gaz.rules, flat)
    if doc_type is not None:
        return _administrative(gaz, text, flat, doc_type, heading_at, heading_end, entities)
    return _news(gaz, text, flat, entities)


def _after_2025(date: str | None) -> bool:
    return bool(date and date[:7] >= "2025-07")


def _administrative(gaz: GazIndex, text: str, flat: str, doc_type: str, heading_at: int, heading_end: int,
                    entities: list[Entity]) -> DocumentFacts:
    """An official text: its heading block states number, date and issuer; its subject lines are the title."""
    r = gaz.rules
    header = flat[:heading_at]
    if heading_end > heading_at:
        title, t_start, t_end = admin_title(r, flat, heading_end)
    else:  # a summary: the heading lines are the title
        title, t_start, t_end = admin_title(r, flat, heading_at)
    number = r.number.search(header)
    dated = r.date_line.search(header)
    date = iso(dated.group(2), dated.group(3), dated.group(4)) if dated else None
    units = header_units(r, header)
    issuer = sentence_case(units[-1], gaz) if units else None
    zones = [Zone(t_start, t_end, "title")] if title else []
    issuer_places = [p for p in places(text, gaz, 0, max(heading_at, 0)) if p.name and p.units
                     and not r.place_of_issue.match(text, p.end)]  # `Hà Nội, ngày …`: the place of issue
    unit = reporting_unit(gaz, text, zones, entities, _after_2025(date), fallback=issuer_places, body=issuer)
    lead = [Zone(a, b, "lead") for a, b in paragraphs(flat, t_end, 1500) if not r.not_lead.match(flat, a)][:2]
    return DocumentFacts(title=title, doc_type=doc_type, number=number.group(1) if number else None, date=date,
                         issuer=issuer, reporting_unit=unit, period=period(r, text, zones + lead, date))


def _news(gaz: GazIndex, text: str, flat: str, entities: list[Entity]) -> DocumentFacts:
    """An article: headline, publication line, dateline tag and lead."""
    r = gaz.rules
    title, zones, body = news_zones(r, flat)
    number = r.number.search(flat[:600])
    date = published(r, flat)
    kind = r.no_heading if has_prose(flat) else None
    issuer = news_issuer(r, flat) if kind else None
    unit = reporting_unit(gaz, text, zones, entities, _after_2025(date))
    if unit.province is None and unit.level not in (None, r.levels.national) \
            and (province := gaz.outlet_province(issuer)) is not None:
        unit = unit.model_copy(update={"province": province,
                                       "province_2025": gaz.gazetteer.new_province(province) or province})
    return DocumentFacts(title=title, doc_type=kind, number=number.group(1) if number else None, date=date,
                         issuer=issuer, reporting_unit=unit, period=period(r, text, zones + body, date))
