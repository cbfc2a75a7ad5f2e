"""The reporting unit: the unit or body whose figures the document reports, not its author.

Candidates are read from the title, then the lead (ANNOTATION.md, Document facts,
reporting_unit): the units the zone names, the organisations standing for their unit
(`UBND huyện X`, `Ban Chỉ đạo … thị xã`), bodies of their own (`Hội LHPN huyện Đông Sơn`),
and the whole country (`cả nước`, a ministry). The first candidate wins unless the
zone says better: the unit a delegation works with, the scope of the figures
(`toàn tỉnh X`), the unit a higher one acts for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

from extractors.facts.block import Piece
from extractors.facts.casing import sentence_case
from extractors.facts.heading import Zone
from extractors.facts.places import GazIndex, Place, places, resolve
from extractors.facts.rules import NAME, FactRules, alt, fold, longest_first
from extractors.facts.spans import clause_before, in_open_bracket, sentence_around
from schemas.gazetteer import AdminUnit, Gazetteer, Tier
from schemas.models import Entity, Level, ReportingUnit

_TIER_RANK = {"province": 1, "district": 2, "ward": 3}
_LINE_END = regex.compile(r"[.;\n]")
_NOT_LETTER = regex.compile(r"(?![\p{L}])")
_UNIT_NAME_AFTER = regex.compile(rf"[ \t]+{NAME}")  # a unit's name after a body's, `Hội LHPN huyện` + ` Thủ Thừa`
_MENTIONS_LOOKED_AT = 4


@dataclass
class Candidate:
    """Who or what a zone's figures may be for."""

    start: int
    end: int
    kind: Literal["unit", "body", "national"]
    place: Place | None = None
    text: str = ""
    governing: bool = False  # a people's committee, steering committee… standing for its unit
    scope: bool = False  # `cả nước`, `toàn tỉnh X`: the extent of the figures


def starts_with(text: str, heads: tuple[str, ...]) -> str | None:
    """The longest of `heads` that `text` starts with as whole words."""
    for head in heads:
        if text.startswith(head) and (len(text) == len(head) or not text[len(head)].isalpha()):
            return head
    return None


def _sentence_end(text: str, pos: int, stop: str) -> int:
    return min((i for i in (text.find(stop, pos), text.find("\n", pos)) if i >= 0), default=len(text))


def _body_candidate(r: FactRules, org: Entity, text: str, here: list[Place]) -> Candidate | None:
    """An organisation as a candidate: the unit it governs, the country, or a body of its own."""
    name = org.text
    if text[max(0, org.start - 1) : org.start] in ("/", "-"):
        return None  # `669/QĐ-UBND`: part of a document number
    prefix = starts_with(name, r.standing)
    if prefix and name[len(prefix) :].strip():  # `Ban Thường vụ Tỉnh Đoàn X` is Tỉnh Đoàn X's
        skip = len(name) - len(name[len(prefix) :].lstrip())
        org = org.model_copy(update={"start": org.start + skip, "text": name[skip:]})
        name = org.text
    if starts_with(name, r.not_bodies) or starts_with(name, r.delegation):
        return None
    inside = [p for p in here if org.start <= p.start and p.end <= org.end and p.name]
    if inside and org.end > inside[-1].end and text[inside[-1].end : org.end].strip()[:1].islower():
        org = org.model_copy(update={"end": inside[-1].end, "text": text[org.start : inside[-1].end]})
        name = org.text  # `Hải quan Quảng Ninh vượt`: a body's name ends with its unit
    committee = starts_with(name, r.committee_names)
    if committee:
        word = r.committees[committee]
        tiers = r.unit_words.get(word, ())
        return Candidate(
            org.start, org.end, "unit", Place(org.start, org.end, name, tiers, None, word=word), name, governing=True
        )
    party = starts_with(name, r.party)
    if party:
        rest = name[len(party) :].strip()
        if rest and not r.bare_unit.match(rest):
            return Candidate(org.start, org.end, "body", inside[0] if inside else None, name)
    if starts_with(name, r.governing) or party:
        # `Ban Chỉ đạo … thị xã`: the unit it governs, named in it or just after it in its sentence
        limit = min(org.end + 80, _sentence_end(text, org.end, "."))
        near = [p for p in here if org.start <= p.start < limit]
        if not near:
            return None
        return Candidate(org.start, org.end, "unit", near[0], name, governing=True)
    if starts_with(name, r.national_bodies) and not inside and not r.bare_unit.search(name):
        return Candidate(org.start, org.end, "national", None, name)
    if " " not in name.strip():
        return None
    return Candidate(org.start, org.end, "body", inside[0] if inside else None, name)


def _national_scope(r: FactRules, text: str, start: int, end: int) -> list[Candidate]:
    out = []
    for m in r.national.finditer(text, start, end):
        if r.not_national.search(text[max(0, m.start() - 20) : m.start()]):
            continue  # `bình quân cả nước`: a comparison
        out.append(Candidate(m.start(), m.end(), "national", None, m.group(), scope=True))
    return out


def _candidates(r: FactRules, text: str, zone: Zone, found: list[Place], orgs: list[Entity]) -> list[Candidate]:
    """Every unit and body of a zone in order, inner spans left to the outer one that holds them."""
    here = [p for p in found if zone.start <= p.start and p.end <= zone.end]
    cands = []
    for p in here:
        scoped = bool(r.scope.search(text[max(0, p.start - 16) : p.start], None, None, False))
        if p.name or scoped:  # `toàn tỉnh` without its name still says the level
            cands.append(Candidate(p.start, p.end, "unit", p, p.written, scope=scoped))
    for org in orgs:
        if zone.start <= org.start and org.end <= zone.end:
            cand = _body_candidate(r, org, text, here)
            if cand:
                cands.append(cand)
    cands += _national_scope(r, text, zone.start, zone.end)
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    outer: list[Candidate] = []
    for c in cands:
        if outer and outer[-1].start <= c.start and c.end <= outer[-1].end:
            continue
        outer.append(c)
    return outer


def _rank(c: Candidate) -> int:
    if c.kind == "national":
        return 0
    tiers = c.place.tiers if c.place else ()
    return min((_TIER_RANK.get(t, 3) for t in tiers), default=3)


def _acting_for(text: str, first: Candidate, usable: list[Candidate]) -> Candidate:
    """A higher unit acting for a lower one reports the lower one (`Thủ tướng … công nhận huyện X`)."""
    if not (first.governing or first.kind == "national"):
        return first
    _, end = sentence_around(text, first.end)
    for c in usable:
        if (
            first.end <= c.start < end
            and c.kind == "unit"
            and not c.governing
            and c.place
            and c.place.name
            and _rank(c) > _rank(first)
        ):
            return c
    return first


def _pick(r: FactRules, text: str, zone: Zone, cands: list[Candidate]) -> Candidate | None:
    """The unit a zone is about: after `làm việc với`, its scope (`toàn tỉnh X`), else the first named."""
    if not cands:
        return None
    usable = [
        c
        for c in cands
        if not in_open_bracket(text, c.start, 40)
        and not r.delegated.search(text[max(0, c.start - 24) : c.start], None, None, False)
    ]
    if zone.kind == "lead":
        usable = [c for c in usable if not r.venue.search(clause_before(text, c.start), None, None, False)]
    if not usable:
        return None
    host = r.host.search(text, zone.start, zone.end, False)
    if host:
        after = [c for c in usable if c.start >= host.end()]
        if after:
            return after[0]
    if zone.kind == "lead":
        for c in usable:
            if c.scope:
                return c
    if zone.kind == "title":
        colon = text.find(":", zone.start, zone.end)
        if colon > zone.start:  # `Hà Tĩnh: Huyện Đức Thọ …` — the headline after the place prefix is more precise
            rest = [c for c in usable if c.start > colon]
            if rest:
                return rest[0]
    return _acting_for(text, usable[0], usable)


# ---------------------------------------------------------------- naming the unit


def _fullest(r: FactRules, gaz: GazIndex, text: str, place: Place, unit: AdminUnit | None) -> str:
    """The unit's name as written at its fullest: `Ninh Bình` -> `tỉnh Ninh Bình` when the text says so."""
    if place.word and place.name and place.written.isupper() and unit:
        return f"{place.word.lower()} {gaz.bare(unit)}"  # `TỈNH LÂM ĐỒNG` in a heading block -> `tỉnh Lâm Đồng`
    if place.word or not place.name:
        return " ".join(place.written.split())
    own = r.gazetteer_word.match(unit.name) if unit else None
    tiers: tuple[str, ...] = (unit.tier,) if unit else place.tiers
    words = [own.group().lower()] if own else [w for w, t in r.full_words.items() if set(t) & set(tiers)]
    if not words:
        return place.written
    written = _with_word(text, tuple(words), place.name)
    return " ".join(written.split()) if written is not None else place.written


@lru_cache(maxsize=64)
def _word_patterns(words: tuple[str, ...]) -> tuple[regex.Pattern[str], tuple[regex.Pattern[str], ...]]:
    """Where one of `words` begins as a word (any case), and each of them in `alt`'s order with the white space
    after it (its group `space`): compiled once, not once per name looked for."""
    start = regex.compile(rf"(?<![\p{{L}}])(?i:{alt(words)})")
    each = tuple(regex.compile(rf"(?i:{alt([w])})(?P<space>\s+)") for w in longest_first(words))
    return start, each


def _with_word(text: str, words: tuple[str, ...], name: str) -> str | None:
    r"""The first `tỉnh Ninh Bình` of `text`: one of `words` (any case), white space and `name` as a whole word.

    The match `regex.search(rf"(?<![\p{{L}}])(?i:{alt(words)})\s+{regex.escape(name)}(?![\p{{L}}])", text)` finds,
    without compiling a pattern for each name: at each offset where a word begins, left to right, each word in
    the alternation's order, its white space from the longest, then the name."""
    start, each = _word_patterns(words)
    pos = 0
    while (m := start.search(text, pos, None, False)) is not None:
        at = m.start()
        for word in each:
            w = word.match(text, at, None, False)
            if w is None:
                continue
            for end in range(w.end(), w.start("space"), -1):
                if text.startswith(name, end) and _NOT_LETTER.match(text, end + len(name)) is not None:
                    return text[at : end + len(name)]
        pos = at + 1
    return None


def _named_like(place: Place, found: list[Place]) -> Place | None:
    """A bare `thị xã` or `tỉnh` completed by the first unit of that word the document names."""
    for p in found:
        if p.name and p.word and fold(p.word) == fold(place.word or "") and p.units:
            return p
    for p in found:
        if p.name and p.units and set(p.tiers) & set(place.tiers) and not p.word:
            return p
    return None


def _main_unit(found: list[Place]) -> Place | None:
    """The unit an article is about when its lead says only `trên địa bàn tỉnh` and never names that tỉnh:
    the one unit the text names with its word more often than any other, at least twice (`Tại huyện Tân
    Hồng …`, `Riêng ở huyện Tân Hồng …`)."""
    counts = Counter(fold(p.written) for p in found if p.name and p.word)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return next(p for p in found if p.name and p.word and fold(p.written) == ranked[0][0])


def _province_fields(unit: AdminUnit | None, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    if unit is None or not unit.province:
        return None, None
    return unit.province, gazetteer.new_province(unit.province) or unit.province_2025


def _level_of(r: FactRules, tiers: tuple[Tier, ...], unit: AdminUnit | None) -> Level | None:
    tier = unit.tier if unit else (tiers[0] if tiers else None)
    return r.tier_levels[tier] if tier else None


def _body_name(r: FactRules, text: str, cand: Candidate) -> str:
    """A body named without its unit (`Hội LHPN huyện`) completed where the text names it in full."""
    name = " ".join(cand.text.split())
    if r.bare_unit.search(name.split()[-1]) and cand.place is None:
        at = text.find(cand.text)  # the first `Hội LHPN huyện Thủ Thừa`, found with no pattern compiled for it
        while at >= 0:
            m = _UNIT_NAME_AFTER.match(text, at + len(cand.text))
            if m is not None:
                return " ".join(text[at : m.end()].split())
            at = text.find(cand.text, at + 1)
    return name


def _joint_unit(text: str, cand: Candidate, found: list[Place]) -> Place | None:
    """`Ban Dân vận, Hội LHPN, Hội Nông dân, Đoàn TNCS … huyện Đất Đỏ tổ chức`: bodies of one unit acting
    together report that unit."""
    after = next((p for p in found if p.start >= cand.end and p.name and (p.units or p.word)), None)
    if after is None:
        return None
    between = text[cand.end : after.start]
    if len(between) > 120 or between.count(",") < 2 or _LINE_END.search(between):
        return None
    return after


def _locating_place(text: str, cand: Candidate, found: list[Place]) -> Place | None:
    """Where the text locates a body whose name holds no unit: `(Tây Sơn)` or `tại …` in the sentence of
    its first mention that says (a headline's body is located where the article names it again)."""
    ends, at = [cand.end], cand.end
    while len(ends) < _MENTIONS_LOOKED_AT and (at := text.find(cand.text, at)) >= 0:
        at += len(cand.text)
        ends.append(at)
    for end in ends:
        limit = min(_sentence_end(text, end, ". "), end + 120)
        for p in found:
            if end <= p.start < limit and p.units:
                return p
    return None


@dataclass(frozen=True)
class IssuerUnit:
    """The issuer column as the reporting unit's last resort: the issuer and the units its lines name."""

    name: str  # the issuer, in sentence case
    own: tuple[Place, ...]  # the units its own line names (`SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG`)
    parents: tuple[Place, ...]  # the units of the lines above it, the nearest first

    @property
    def places(self) -> list[Place]:
        return [p for p in (*self.own, *self.parents) if p.name]


def issuer_unit(gaz: GazIndex, text: str, bodies: Sequence[Piece]) -> IssuerUnit | None:
    """The issuer (the last body of the column) with the units its line and its parents' lines name."""
    if not bodies:
        return None
    found = [_line_places(gaz, text, b) for b in bodies]
    return IssuerUnit(
        name=sentence_case(bodies[-1].text, gaz),
        own=tuple(found[-1]),
        parents=tuple(p for line in found[-2::-1] for p in line),
    )


def _line_places(gaz: GazIndex, text: str, body: Piece) -> list[Place]:
    """The units an issuer line names; a committee's (`HUYỆN ỦY TUY PHƯỚC`) is its unit (`huyện Tuy Phước`)."""
    r = gaz.rules
    out = []
    at = body.start
    flat = " ".join(text[body.start : body.end].split())
    m = r.committee_name.match(flat)
    if m:
        word = r.folded_committees[fold(m.group("committee"))]
        tiers = r.unit_words.get(word, ())
        name = gaz.canonical(m.group("name"), tiers)
        if name:
            units = tuple(gaz.find(name, tiers))
            written = f"{word.upper()} {name.upper()}" if flat.isupper() else f"{word} {name}"
            out.append(Place(at, body.end, written, tiers, name, units, word))
    return out + [p for p in places(text, gaz, body.start, body.end) if p.name]


def reporting_unit(
    gaz: GazIndex,
    text: str,
    zones: list[Zone],
    entities: list[Entity],
    after_2025: bool,
    issuer: IssuerUnit | None = None,
) -> ReportingUnit:
    """The reporting unit of the zones, else the one the issuer stands for or belongs to, else the issuer."""
    r = gaz.rules
    levels = r.levels
    head_end = max((z.end for z in zones), default=0)
    found = places(text, gaz, 0, min(len(text), max(head_end, 6000)))
    orgs = sorted((e for e in entities if e.type == "ORG"), key=lambda e: e.start)
    chosen: Candidate | None = None
    chosen_zone = ""
    for zone in zones:
        chosen = _pick(r, text, zone, _candidates(r, text, zone, found, orgs))
        if chosen:
            chosen_zone = zone.kind
            break
    if chosen is None and issuer is not None:
        return _issuer_reports(gaz, text, issuer, found, after_2025)
    if chosen is None or chosen.kind == "national":
        return ReportingUnit(name=levels.national_name, level=levels.national)
    if chosen.kind == "body" and chosen.place is None:
        joint = _joint_unit(text, chosen, found)
        if joint is not None:
            chosen = Candidate(chosen.start, joint.end, "unit", joint, joint.written)
    if chosen.kind == "body":
        return _body_unit(gaz, text, chosen, found, after_2025)
    place = chosen.place
    assert place is not None
    if not place.name:  # a bare `xã`, `toàn huyện`: the issuer's unit of that word first
        named = _named_like(place, (issuer.places if issuer else []) + found) or _main_unit(found)
        if named is None:
            return ReportingUnit(name=None, level=_level_of(r, place.tiers, None))
        place = named
    unit = resolve(place, found, after_2025)
    if unit and unit.tier == "province" and chosen_zone != "title":
        a, b = sentence_around(text, place.start)
        listed = {
            p.units[0].province
            for p in places(text, gaz, a, b)
            if p.units and p.units[0].tier == "province" and len({u.province for u in p.units}) == 1
        }
        if len(listed) >= r.many_provinces:
            return ReportingUnit(name=levels.national_name, level=levels.national)
    return _unit_of(gaz, text, place, unit)


def _unit_of(gaz: GazIndex, text: str, place: Place, unit: AdminUnit | None) -> ReportingUnit:
    province, province_2025 = _province_fields(unit, gaz.gazetteer)
    return ReportingUnit(
        name=_fullest(gaz.rules, gaz, text, place, unit),
        level=_level_of(gaz.rules, place.tiers, unit),
        province=province,
        province_2025=province_2025,
    )


def _issuer_reports(
    gaz: GazIndex, text: str, issuer: IssuerUnit, found: list[Place], after_2025: bool
) -> ReportingUnit:
    """When the title names no unit: a governing body or a department reports its unit (`UBND XÃ PHỔ AN`,
    `HĐND TỈNH QUẢNG NGÃI / BAN KINH TẾ - NGÂN SÁCH`); a ministry the country; any other body (a school, a
    health station, a mass organisation, a company) its own figures, as a `cơ quan` placed by its lines."""
    r = gaz.rules
    name = issuer.name
    standing = starts_with(name, r.standing)
    if standing and name[len(standing) :].strip():  # `Ban Chấp hành Hội Nông dân huyện …` is the Hội's
        rest = name[len(standing) :].strip()
        name = rest[:1].upper() + rest[1:]
    stands_for = (
        starts_with(name, r.committee_names) or starts_with(name, r.governing) or starts_with(name, r.departments)
    )
    party = starts_with(name, r.party)
    if party and r.bare_unit.match(name[len(party) :].strip()):
        stands_for = party  # `Đảng ủy xã …`; `Đảng ủy Công ty …` is a body of its own
    if not stands_for and starts_with(name, r.national_bodies) and not issuer.places:
        return ReportingUnit(name=r.levels.national_name, level=r.levels.national)
    named = issuer.places
    if stands_for and named:
        place = named[0]
        return _unit_of(gaz, text, place, resolve(place, found, after_2025))
    unit = resolve(named[0], found, after_2025) if named and not starts_with(name, r.central_bodies) else None
    province, province_2025 = _province_fields(unit, gaz.gazetteer)
    return ReportingUnit(name=name, level=r.levels.body, province=province, province_2025=province_2025)


def _body_unit(gaz: GazIndex, text: str, chosen: Candidate, found: list[Place], after_2025: bool) -> ReportingUnit:
    """A body (`Hội LHPN huyện Đông Sơn`) with the province of the unit it belongs to."""
    r = gaz.rules
    name = _body_name(r, text, chosen)
    place = chosen.place
    if place is None or not place.name:
        in_name = [p for p in places(name, gaz) if p.name]  # `Hội LHPN huyện` completed as `… huyện Thủ Thừa`
        place = in_name[-1] if in_name else place
    if place is None and not starts_with(name, r.central_bodies):
        place = _locating_place(text, chosen, found)
    if place is not None and not place.name:
        place = _named_like(place, found)
    unit = resolve(place, found, after_2025) if place else None
    province, province_2025 = _province_fields(unit, gaz.gazetteer)
    return ReportingUnit(name=name, level=r.levels.body, province=province, province_2025=province_2025)
