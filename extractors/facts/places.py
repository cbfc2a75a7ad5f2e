"""The administrative units a text names, placed through the gazetteer.

`thị xã Đức Phổ` (a unit word and a name), `TPHCM` (an alias), `Bình Định` (a bare
province name), a bare `tỉnh` (only the word): each is a `Place` with the gazetteer's
candidates. The gazetteer is indexed by folded name once per gazetteer and lexicon;
`prepare` does the costly part (folding every name) before a pool forks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.facts.rules import SYLLABLE, FactRules, ascii_key, fold, unmarked
from schemas.gazetteer import AdminUnit, Gazetteer, Tier

_TOKEN = regex.compile(r"[^\s-]+")
_CAP_RUN = regex.compile(
    rf"(?<![\p{{L}}]){SYLLABLE}(?:[ \t]+{SYLLABLE}){{1,3}}(?:[ \t]*-[ \t]*{SYLLABLE}"
    rf"(?:[ \t]+{SYLLABLE})?)?"
)


@lru_cache(maxsize=4)
def folded_names(gazetteer: Gazetteer) -> tuple[str, ...]:
    """Every unit's name folded, in the gazetteer's order (the lexicon-free, costly half of the index)."""
    return tuple(fold(unit.name) for unit in gazetteer.units)


class GazIndex:
    """The gazetteer's units by folded name without their unit word (`tuy phước`), per lexicon."""

    def __init__(self, gazetteer: Gazetteer, rules: FactRules) -> None:
        self.gazetteer = gazetteer
        self.rules = rules
        self.by_name: dict[str, list[AdminUnit]] = {}
        prefixes = rules.gazetteer_words
        for unit, name in zip(gazetteer.units, folded_names(gazetteer), strict=True):
            bare = next((name[len(p) :] for p in prefixes if name.startswith(p)), name)
            self.by_name.setdefault(bare, []).append(unit)
        for alias, province in rules.aliases.items():
            units = [u for u in self.by_name.get(fold(province), []) if u.tier == "province"]
            self.by_name.setdefault(fold(alias), []).extend(units)
        # a province's name whose marks OCR misread (`tỉnh Lâm Đông`, `TỈNH LÂM ĐÒNG`): by its letters alone, where
        # no other province has them
        spelt: dict[str, list[list[AdminUnit]]] = {}
        for bare, units in self.by_name.items():
            provinces = [u for u in units if u.tier == "province"]
            if provinces:
                spelt.setdefault(unmarked(bare), []).append(provinces)
        self.province_by_letters = {key: found[0] for key, found in spelt.items() if len(found) == 1}
        # the first and last tokens of the names (`bà`, `tàu` of `bà rịa - vũng tàu`): a part of a run whose own
        # first or last token folds to none of them is no name (the folded part starts and ends with them)
        tokens = [_TOKEN.findall(name) for name in self.by_name]
        self.first_tokens = frozenset(t[0] for t in tokens if t)
        self.last_tokens = frozenset(t[-1] for t in tokens if t)
        self.by_ascii = {
            ascii_key(u.province): u.province
            for u in gazetteer.units
            if u.tier == "province" and len(ascii_key(u.province)) >= rules.domain_province_min
        }

    def outlet_province(self, tag: str | None) -> str | None:
        """The province of a provincial outlet: its tag in the lexicon (`VLO`), or a province's name inside
        its domain (`binhdinh.gov.vn`, `baoquangninh.com.vn`)."""
        if not tag:
            return None
        tag = " ".join(tag.split())
        if tag in self.rules.outlet_provinces:
            province = self.rules.outlet_provinces[tag]
            known = {u.province for u in self.by_name.get(fold(province), ()) if u.tier == "province"}
            return province if province in known or not self.gazetteer.units else None
        if "." not in tag:
            return None
        labels = [ascii_key(label) for label in tag.lower().split(".")[:-1]]
        found = {p for key, p in self.by_ascii.items() for label in labels if key in label}
        return found.pop() if len(found) == 1 else None

    def find(self, name: str, tiers: tuple[Tier, ...]) -> list[AdminUnit]:
        """The units called `name` (any case or tone placement) of `tiers` (all tiers when empty); a province
        whose marks are misread when no unit has its name as written."""
        folded = fold(name)
        units = self.by_name.get(folded)
        if units is None and (not tiers or "province" in tiers):
            units = self.province_by_letters.get(unmarked(folded))
        return [u for u in units or () if not tiers or u.tier in tiers]

    def canonical(self, name: str, tiers: tuple[Tier, ...]) -> str | None:
        """The gazetteer's spelling of the longest leading part of `name` that is a unit of `tiers`."""
        syllables = name.split()
        for n in range(len(syllables), 0, -1):
            units = self.find(" ".join(syllables[:n]), tiers)
            if units:
                return self.bare(units[0])
        return None

    def bare(self, unit: AdminUnit) -> str:
        """The gazetteer's name of `unit` without its unit word: `Huyện Tuy Phước` -> `Tuy Phước`."""
        m = self.rules.gazetteer_word.match(unit.name)
        return unit.name[m.end() :].lstrip() if m else unit.name


@lru_cache(maxsize=8)
def gaz_index(gazetteer: Gazetteer, rules: FactRules) -> GazIndex:
    return GazIndex(gazetteer, rules)


@dataclass
class Place:
    """An administrative unit the text names (`thị xã Đức Phổ`, `TPHCM`, `Bình Định`), or only its word."""

    start: int
    end: int
    written: str  # as written
    tiers: tuple[Tier, ...]
    name: str | None  # the unit's own name as written, None for a bare `tỉnh`
    units: tuple[AdminUnit, ...] = ()  # gazetteer candidates
    word: str | None = None


class _Taken:
    """Which characters of text[start:end] a place already covers."""

    def __init__(self, start: int, end: int) -> None:
        self.start, self.mask = start, bytearray(max(0, end - start))

    def at(self, pos: int) -> bool:
        return bool(self.mask[pos - self.start])

    def overlaps(self, a: int, b: int) -> bool:
        return any(self.mask[a - self.start : b - self.start])

    def take(self, a: int, b: int) -> None:
        self.mask[a - self.start : b - self.start] = b"\x01" * (b - a)


def places(text: str, gaz: GazIndex, start: int = 0, end: int | None = None) -> list[Place]:
    """Units named in text[start:end]: with their word (`huyện Tuy Phước`), an alias (`TPHCM`), a province."""
    r = gaz.rules
    end = len(text) if end is None else min(end, len(text))
    found: list[Place] = []
    taken = _Taken(start, end)
    for m in r.find_aliases.finditer(text, start, end):
        found.append(
            Place(m.start(), m.end(), m.group(), ("province",), m.group(), tuple(gaz.find(m.group(), ("province",))))
        )
        taken.take(m.start(), m.end())
    # one scan for the unit words: each is a named unit (`huyện Tuy Phước`), else a bare word (`tỉnh`)
    bare: list[Place] = []
    unit_from = bare_from = start
    for at in r.find_units.positions(text, start, end):
        if at >= unit_from and (unit := r.unit.match(text, at, end, False)) is not None:  # (`concurrent` False)
            unit_from = unit.end()
            place = None if taken.at(at) else _named_unit(unit, text, gaz)
            if place is not None:
                found.append(place)
                taken.take(place.start, place.end)
        if at >= bare_from and (word_m := r.bare_unit.match(text, at, end, False)) is not None:
            bare_from = word_m.end()
            if not taken.at(at):
                word = " ".join(word_m.group().split())
                bare.append(
                    Place(at, word_m.end(), word_m.group(), r.unit_words.get(word.lower(), ()), None, word=word)
                )
    for place in bare:
        taken.take(place.start, place.end)
    written_in_full = {fold(p.name) for p in found if p.name and p.word}
    found += bare
    for m in _CAP_RUN.finditer(text, start, end, False, False):
        named = _bare_name(m, text, gaz, written_in_full, taken)
        if named is not None:
            found.append(named)
    found.sort(key=lambda p: p.start)
    return found


def _named_unit(m: regex.Match[str], text: str, gaz: GazIndex) -> Place | None:
    """A unit word and a name (`huyện Tuy Phước`): the longest part of the name the gazetteer knows, or the
    whole name when a unit may be missing from the gazetteer (merged before its map was made)."""
    word = " ".join(m.group("word").split())
    tiers = gaz.rules.unit_words.get(word.lower(), ())
    name = m.group("name")
    syllables = name.split()
    units, known = _longest_known(gaz, name, tiers)  # `THÀNH PHỐ HUẾ TỪ NĂM HỌC`: the longest known name
    if units:
        name = known
    unknown_ok = (
        not name.isupper()
        and (tiers != ("province",) or not gaz.by_name)
        and (word[:1].islower() or len(syllables) > 1)
    )  # `huyện Đất Đỏ`, merged before the gazetteer's map
    if not units and not unknown_ok and not name[:1].isdigit():
        return None  # `Tỉnh Đoàn`, an upper-case heading: no unit the gazetteer knows
    written_end = m.start("name") + len(name) if units else m.end()
    return Place(
        m.start(), written_end, text[m.start() : written_end], tiers, text[m.start("name") : written_end], units, word
    )


@lru_cache(maxsize=65536)
def _longest_known(gaz: GazIndex, name: str, tiers: tuple[Tier, ...]) -> tuple[tuple[AdminUnit, ...], str]:
    """The units of `tiers` called by the longest leading part of `name` the gazetteer knows, and that part
    (its syllables joined by one space); no units when none is known. Found once per name and tiers."""
    syllables = name.split()
    for n in range(len(syllables), 0, -1):
        known = " ".join(syllables[:n])
        units = tuple(gaz.find(known, tiers))
        if units:
            return units, known
    return (), name


def _bare_name(m: regex.Match[str], text: str, gaz: GazIndex, written_in_full: set[str], taken: _Taken) -> Place | None:
    """The longest part of a run of capitalised syllables that is a province (`Bình Định`), or a district or
    ward the text also writes with its word (`Thuận Bắc` where `huyện Thuận Bắc` is written) or puts in
    brackets after a name to locate it (`Công ty … (Tây Sơn)`). Parts another place covers are left out
    (`Tỉnh Đoàn Quảng Ninh`: `Tỉnh` is a unit word, `Quảng Ninh` the province)."""
    at = m.start()
    for a, b, name in _bare_parts(gaz, m.group()):
        a, b = a + at, b + at
        if taken.overlaps(a, b):
            continue
        units = tuple(gaz.find(name, ("province",)))
        if not units and (fold(name) in written_in_full or (text[a - 1 : a] == "(" and text[b : b + 1] == ")")):
            units = tuple(gaz.find(name, ("district", "ward")))
        if units:
            return Place(a, b, text[a:b], tuple(sorted({u.tier for u in units})), text[a:b], units)
    return None


@lru_cache(maxsize=65536)
def _bare_parts(gaz: GazIndex, run: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, name) in `run` of its parts of two syllables or more that the gazetteer names and that may
    stand alone, longest first, then left to right: what `_bare_name` tries, found once per run's text (most
    runs, a person's or a body's name, have none)."""
    tokens = [(t.start(), t.end()) for t in _TOKEN.finditer(run)]
    folded = [fold(run[a:b]) for a, b in tokens]
    first = [f in gaz.first_tokens for f in folded]
    last = [f in gaz.last_tokens for f in folded]
    out = []
    for n in range(len(tokens), 1, -1):
        for i in range(0, len(tokens) - n + 1):
            if not (first[i] and last[i + n - 1]):
                continue
            a, b = tokens[i][0], tokens[i + n - 1][1]
            name = " ".join(run[a:b].split())
            if fold(name) in gaz.by_name and name not in gaz.rules.not_bare:
                out.append((a, b, name))
    return tuple(out)


def doc_provinces(found: list[Place]) -> Counter[str]:
    """How often each province is named (with its word or alone), to tell apart units of one name."""
    counts: Counter[str] = Counter()
    for p in found:
        provinces = {u.province for u in p.units}
        if len(provinces) == 1 and any(u.tier == "province" for u in p.units):
            counts[next(iter(provinces))] += 1
    return counts


def resolve(place: Place, found: list[Place], after_2025: bool) -> AdminUnit | None:
    """The gazetteer unit of a name: the one whose province or district the document also names."""
    if not place.units:
        return None
    units = [u for u in place.units if u.after_2025 == after_2025] or list(place.units)
    provinces = doc_provinces(found)
    districts = {fold(p.written) for p in found if "district" in p.tiers and p.name}
    for tier in ("province", "district", "ward"):  # `Thanh Hóa` the province before the city, `Thới Lai`
        if any(u.tier == tier for u in units):  # the district before its thị trấn
            units = [u for u in units if u.tier == tier]
            break

    def score(u: AdminUnit) -> tuple[int, int]:
        return (1 if u.district and fold(u.district) in districts else 0, provinces.get(u.province, 0))

    best = max(score(u) for u in units)
    top = [u for u in units if score(u) == best]
    if len({u.province for u in top}) > 1:
        return AdminUnit(top[0].name, top[0].tier, "", "")  # the tier is known, the province is not
    return top[0]
