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
(the compiled words), `block` (an official text's heading block in any layout: type, number,
date, issuer column, title), `casing` (the issuer in sentence case), `heading` (a news article's
headline, dateline and zones; line helpers), `places` (units named and the gazetteer index),
`units` (the reporting unit), `periods` (the period), `spans` (sentence and clause bounds).
"""

from __future__ import annotations

from extractors.entities import entity_rules, find_organisations_and_places
from extractors.facts.block import HeadingBlock, read_block
from extractors.facts.heading import (
    Zone,
    has_prose,
    news_issuer,
    news_zones,
    paragraphs,
    plain,
    published,
)
from extractors.facts.periods import period
from extractors.facts.places import GazIndex, folded_names, gaz_index
from extractors.facts.rules import FactRules, fact_rules
from extractors.facts.units import issuer_unit, reporting_unit
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


def extract_facts(
    text: str,
    lexicon: Lexicon,
    mentions: list[Mention] | None = None,
    entities: list[Entity] | None = None,
    gazetteer: Gazetteer = EMPTY_GAZETTEER,
) -> DocumentFacts:
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
    block = read_block(gaz.rules, flat)
    if block is not None:
        return _administrative(gaz, block, entities)
    return _news(gaz, text, flat, entities)


def _after_2025(date: str | None) -> bool:
    return bool(date and date[:7] >= "2025-07")


def _administrative(gaz: GazIndex, block: HeadingBlock, entities: list[Entity]) -> DocumentFacts:
    """An official text: its heading block states type, number, date and issuer; its subject lines are the title.

    The unit and the period are read from the text with the block's marks blanked, so neither the motto's
    `VIỆT NAM` nor the place of issue (`Hà Nội, ngày …` of a ministry) is taken for a unit."""
    r = gaz.rules
    clean = block.clean
    zones = [Zone(block.title_start, block.title_end, "title")] if block.title else []
    issuer = issuer_unit(gaz, clean, block.bodies)
    unit = reporting_unit(gaz, clean, zones, entities, _after_2025(block.date), issuer=issuer)
    after = block.title_end if block.title else block.title_start
    lead = [Zone(a, b, "lead") for a, b in paragraphs(clean, after, 1500) if not r.not_lead.match(clean, a)][:2]
    return DocumentFacts(
        title=block.title,
        doc_type=block.doc_type,
        number=block.number,
        date=block.date,
        issuer=issuer.name if issuer else None,
        reporting_unit=unit,
        period=period(r, clean, zones + lead, block.date),
    )


def _news(gaz: GazIndex, text: str, flat: str, entities: list[Entity]) -> DocumentFacts:
    """An article: headline, publication line, dateline tag and lead."""
    r = gaz.rules
    title, zones, body = news_zones(r, flat)
    number = r.number.search(flat[:600])
    date = published(r, flat)
    kind = r.no_heading if has_prose(flat) else None
    issuer = news_issuer(r, flat) if kind else None
    unit = reporting_unit(gaz, text, zones, entities, _after_2025(date))
    if (
        unit.province is None
        and unit.level not in (None, r.levels.national)
        and (province := gaz.outlet_province(issuer)) is not None
    ):
        unit = unit.model_copy(
            update={"province": province, "province_2025": gaz.gazetteer.new_province(province) or province}
        )
    return DocumentFacts(
        title=title,
        doc_type=kind,
        number=number.group(1) if number else None,
        date=date,
        issuer=issuer,
        reporting_unit=unit,
        period=period(r, text, zones + body, date),
    )
