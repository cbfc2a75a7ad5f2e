"""What a document says about itself: type, number, date, issuer, reporting unit and period.

These are the keys the summary groups figures by, in the shape of the standard
(ANNOTATION.md, "Document facts"), read from the parts of a Vietnamese document
that state them on purpose: the heading block of an official text (`UBND TỈNH
BÌNH THUẬN / SỞ NỘI VỤ`, `Số: 3367/TTr-SNV`, `Bình Thuận, ngày 28 tháng 11 năm
2024`, `TỜ TRÌNH`), or the headline, the dateline (`(HDDTVN) –`) and the lead of
a news article. Reporting units are placed through the gazetteer passed in
(`huyện Tuy Phước` → Bình Định → Gia Lai after 1 July 2025). Every word decided
on is data in `extractors/data/doc_types_facts.toml`, loaded by `load_words`.
Never raises.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from extractors.entities import entity_rules, find_organisations_and_places
from extractors.sentences import SentenceIndex
from schemas.gazetteer import AdminUnit, Gazetteer
from schemas.lexicon import Lexicon
from schemas.models import DocumentFacts, Entity, Mention, Period, ReportingUnit


def load_words() -> dict[str, Any]:
    """The facts extractor's words (the one place its data is read; the lexicon will replace it)."""
    return tomllib.loads((resources.files("extractors") / "data" / "doc_types_facts.toml").read_text("utf-8"))


WORDS = load_words()
EMPTY_GAZETTEER = Gazetteer()


def _alt(items: list[str] | dict[str, Any]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any white space."""
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))


def fold(text: str) -> str:
    """Case, white space and tone placement folded (`Thanh Hoá` = `thanh hóa`), for lookups."""
    nfd = unicodedata.normalize("NFD", " ".join(text.split()).lower())
    nfd = _OLD_TONE.sub(r"\1\3\2", nfd)
    return unicodedata.normalize("NFC", nfd)


_OLD_TONE = regex.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])")

# ---------------------------------------------------------------- compiled patterns (from WORDS)

_W = WORDS
_YEAR = r"(?:19|20)\d{2}"
_SYL = r"(?:\p{Lu}[\p{L}\p{M}]*)"
_NAME = rf"(?:\d{{1,2}}(?!\d)|{_SYL}(?:[ \t]+{_SYL}){{0,3}}(?:[ \t]*[-–][ \t]*{_SYL}(?:[ \t]+{_SYL}){{0,2}})?)"
_UNIT_WORDS: dict[str, list[str]] = _W["units"]["words"]
_NOT_UNIT = rf"(?!(?i:{_alt(_W['units']['not_units'])})(?![\p{{L}}]))"  # `xã hội` is society, not a xã
_UNIT = regex.compile(rf"(?<![\p{{L}}.]){_NOT_UNIT}(?P<word>(?i:{_alt(_UNIT_WORDS)}))[ \t]+(?P<name>{_NAME})")
_BARE_UNIT = regex.compile(rf"(?<![\p{{L}}.]){_NOT_UNIT}(?i:{_alt(_UNIT_WORDS)})(?![\p{{L}}])")
_ALIASES: dict[str, str] = _W["units"]["aliases"]
_ALIAS = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(_ALIASES)})(?![\p{{L}}])")
_CAP_RUN = regex.compile(rf"(?<![\p{{L}}]){_SYL}(?:[ \t]+{_SYL}){{1,3}}(?:[ \t]*-[ \t]*{_SYL}(?:[ \t]+{_SYL})?)?")
_HAMLET = regex.compile(rf"(?<![\p{{L}}])(?i:{_alt(_W['units']['hamlets'])})[ \t]+{_NAME}\s*,\s*$")
_NUMBER = regex.compile(r"Số\s*:\s*(\d[\w.\-]*/[\p{L}\d./&\-]*[\p{L}\d])")
_DATE_LINE = regex.compile(
    r"(\p{Lu}[\p{Ll}\p{M}]*(?:\s\p{Lu}?[\p{Ll}\p{M}]+){0,3})\s*,\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*"
    rf"({_YEAR})")
_PUBLISHED = regex.compile(
    rf"(?:{_alt(_W['dates']['weekdays'])})\s*[,|]?\s*(?:ngày\s*)?(\d{{1,2}})/(\d{{1,2}})/({_YEAR})")
_PUBLISHED_TIME = regex.compile(
    rf"(?:\d{{1,2}}:\d{{2}}\s*,?\s*)?(?:{_alt(_W['dates']['weekdays'])})\s*,\s*(\d{{1,2}})/(\d{{1,2}})/({_YEAR})")
_TAG_WORD = rf"(?:\p{{Lu}}[\p{{Lu}}\d&]*|[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info)|{_alt(_W['news']['tag_words'])})"
_DATELINE = regex.compile(rf"^[ \t\"“]*\((?P<tag>{_TAG_WORD}(?:[ \t]+{_TAG_WORD}){{0,2}})\)[ \t]*\.?[ \t]*[-–—]?",
                          regex.MULTILINE)
_CAPS_TAG = regex.compile(r"^[ \t]*(?P<tag>\p{Lu}[\p{Lu}Đ]{1,7})[ \t]+[-–—][ \t]", regex.MULTILINE)
_OUTLET = _alt(_W["news"]["outlets"])
_REPORTER = regex.compile(rf"(?:{_alt(_W['news']['reporter'])})\s+(?P<tag>{_OUTLET})(?![\p{{L}}])")
_AS_REPORTED = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(_W['news']['as_reported_before'])})\s+(?P<tag>{_OUTLET})\s+"
                             rf"(?:{_alt(_W['news']['as_reported_after'])})")
_INTERVIEW = regex.compile(rf"(?:{_alt(_W['news']['interview'])})\s+(?P<tag>{_OUTLET})\s*,")
_CREDIT = regex.compile(rf"(?:{_alt(_W['news']['credit'])})\s+(?P<tag>[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org))\s*$")
_CAPTION = regex.compile(_alt(_W["news"]["caption"]))
_NOT_BARE = set(_W["units"]["not_bare"])
_HEADINGS: dict[str, str] = _W["doc_types"]


@dataclass(frozen=True)
class _Zone:
    """A stretch of the document facts are read from (the title, the lead), by offsets."""

    start: int
    end: int
    kind: str  # "title" or "lead"


# ---------------------------------------------------------------- heading, title, type


def _plain(text: str) -> str:
    """Markdown emphasis dropped in place (same length), so `**NGHỊ QUYẾT**` reads as a heading."""
    return regex.sub(r"[*#_]", " ", text)


def _lines(text: str, limit: int) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text[:limit].split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _squash(line: str) -> str:
    return " ".join(line.replace("|", " ").split())


def _heading(plain: str) -> tuple[str | None, int, int]:
    """(doc_type, start, end) of the kind heading, alone on its line, split over two, or a summary's."""
    lines = _lines(plain, 5000)
    for i, (at, line) in enumerate(lines):
        squashed = _squash(line)
        if not squashed:
            continue
        if squashed in _HEADINGS:
            return _HEADINGS[squashed], at, at + len(line)
        nxt = next(((a, ln) for a, ln in lines[i + 1:i + 3] if _squash(ln)), None)
        if nxt and f"{squashed} {_squash(nxt[1])}" in _HEADINGS and len(squashed) <= 12:
            return _HEADINGS[f"{squashed} {_squash(nxt[1])}"], at, nxt[0] + len(nxt[1])
    first = next(((a, ln) for a, ln in lines if _squash(ln)), None)
    if first and _squash(first[1]).startswith(tuple(_W["summary_heading"]["starts"])):
        upper = _squash(first[1])
        for key in sorted(_HEADINGS, key=len, reverse=True):
            if regex.search(rf"(?<![\p{{L}}]){regex.escape(key)}(?![\p{{L}}])", upper):
                return _HEADINGS[key], first[0], first[0]  # the title starts with the heading itself
    return None, -1, -1


_CONTINUES = (" và", " của", " theo", " về", " cho", " trong", " với", " tại", ",", " -", " –")


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _admin_title(plain: str, after: int) -> tuple[str | None, int, int]:
    """The subject lines under the heading, up to `Kính gửi`, `Căn cứ` or the first paragraph."""
    lines: list[str] = []
    start = end = after
    pos = after
    for raw in plain[after:after + 900].split("\n"):
        line_at, pos = pos, pos + len(raw) + 1
        line = _squash(raw)
        if not line:
            if lines:
                break
            continue
        if lines and not (line[0].islower() or lines[-1].endswith(_CONTINUES)
                          or (_is_upper(line) and _is_upper(lines[-1]))):
            break
        if line.startswith(("Kính gửi", "Căn cứ", "Thực hiện", "Ngày ", "I.", "1.")) or len(lines) >= 4:
            break
        if not lines:
            start = line_at
        lines.append(line)
        end = line_at + len(raw)
    return (" ".join(lines) or None), start, end


def _looks_like_title(line: str) -> bool:
    """A headline: not too long, not a paragraph ending in a period, has a letter."""
    return 8 <= len(line) <= 250 and not line.rstrip().endswith((".", ":", ";")) and bool(
        regex.search(r"\p{L}", line))


def _has_prose(plain: str) -> bool:
    """Some running text: a line of sentences, not only table rows."""
    for _, line in _lines(plain, 6000):
        line = line.strip()
        if len(line) >= 60 and line.count("|") <= 1 and (". " in line or line.endswith(".")):
            return True
    return False


# ---------------------------------------------------------------- number, date, issuer


def _iso(day: str | None, month: str | None, year: str) -> str | None:
    y = int(year)
    if not month:
        return f"{y:04d}"
    mo = int(month)
    if not 1 <= mo <= 12:
        return None
    if not day:
        return f"{y:04d}-{mo:02d}"
    d = int(day)
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= d <= 31 else None


def _published(plain: str) -> str | None:
    """A news page's publication line (`Thứ Sáu, 30/12/2022, 21:53`); an event's date is not it."""
    head = plain[:1500]
    m = _PUBLISHED.search(head) or _PUBLISHED_TIME.search(head)
    return _iso(m.group(1), m.group(2), m.group(3)) if m else None


def _header_units(header: str) -> list[str]:
    """The issuer column of the heading block, one entry per body (`UBND TỈNH BÌNH THUẬN`, `SỞ NỘI VỤ`)."""
    h = _W["header"]
    cut = regex.compile(_alt(h["motto"]))
    units: list[str] = []
    for raw in header.split("\n"):
        for part in raw.split("|"):
            m = cut.search(part)
            part = " ".join((part[:m.start()] if m else part).split()).strip(" -–")
            m = _DATE_LINE.search(part)
            if m:
                part = part[:m.start()].strip()
            if not (_is_upper(part) or part in h["incomplete"]) or set(part) <= set("-–— ") \
                    or regex.search(r"\d\s*/", part):
                continue
            joins = units and (units[-1].endswith(",") or units[-1] in h["incomplete"]
                               or part.split()[0] in h["unit_continuations"])
            if joins:
                units[-1] = f"{units[-1]} {part}"
            else:
                units.append(part)
    return [u.strip(" ,") for u in units if len(u.strip(" ,")) >= 3]


def _sentence_case(upper: str, gazetteer: _GazIndex) -> str:
    """`ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG` -> `Ủy ban nhân dân tỉnh Lâm Đồng`: unit names keep their capitals."""
    text = upper.lower()
    for m in list(_UNIT.finditer(upper))[::-1]:
        name = gazetteer.canonical(m.group("name"), _UNIT_WORDS.get(fold(m.group("word")), []))
        if name:
            a, b = m.start("name"), m.start("name") + len(name)
            text = text[:a] + name + text[b:] if len(name) == len(m.group("name")[:len(name)]) else text
    return text[:1].upper() + text[1:]


def _news_issuer(plain: str) -> str | None:
    """The newspaper or site: a dateline tag, the paper naming itself, or the credit line of a reprint."""
    found = [m for m in (_DATELINE.search(plain), _CAPS_TAG.search(plain[:3000]), _REPORTER.search(plain),
                         _AS_REPORTED.search(plain), _INTERVIEW.search(plain)) if m]
    if found:
        return " ".join(min(found, key=lambda m: m.start()).group("tag").split())
    credit = _CREDIT.search(plain.rstrip()[-200:])
    return credit.group("tag") if credit else None


# ---------------------------------------------------------------- the gazetteer, indexed


class _GazIndex:
    """The gazetteer's units by folded name without their unit word, built once per gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        words = regex.compile(rf"^(?:{_alt(_W['units']['gazetteer_words'])})\s+")
        self.by_name: dict[str, list[AdminUnit]] = {}
        for unit in gazetteer.units:
            bare = words.sub("", unit.name)
            self.by_name.setdefault(fold(bare), []).append(unit)
        for alias, province in _ALIASES.items():
            units = [u for u in self.by_name.get(fold(province), []) if u.tier == "province"]
            self.by_name.setdefault(fold(alias), []).extend(units)
        self.bare_of: dict[int, str] = {}

    def find(self, name: str, tiers: list[str] | tuple[str, ...]) -> list[AdminUnit]:
        return [u for u in self.by_name.get(fold(name), []) if not tiers or u.tier in tiers]

    def canonical(self, name: str, tiers: list[str]) -> str | None:
        """The gazetteer's spelling of the longest leading part of `name` that is a unit of `tiers`."""
        syllables = name.split()
        for n in range(len(syllables), 0, -1):
            units = self.find(" ".join(syllables[:n]), tiers)
            if units:
                return regex.sub(rf"^(?:{_alt(_W['units']['gazetteer_words'])})\s+", "", units[0].name)
        return None


@lru_cache(maxsize=4)
def _index(gazetteer: Gazetteer) -> _GazIndex:
    return _GazIndex(gazetteer)


def prepare(gazetteer: Gazetteer) -> None:
    """Index `gazetteer` now (a pool's parent calls it, so forked workers share the index)."""
    _index(gazetteer)


# ---------------------------------------------------------------- places and bodies in a text


@dataclass
class _Place:
    """An administrative unit the text names (`thị xã Đức Phổ`, `TPHCM`, `Bình Định`), or only its word."""

    start: int
    end: int
    written: str  # as written
    tiers: tuple[str, ...]
    name: str | None  # the unit's own name as written, None for a bare `tỉnh`
    units: tuple[AdminUnit, ...] = ()  # gazetteer candidates
    word: str | None = None


def _places(text: str, gaz: _GazIndex, start: int = 0, end: int | None = None) -> list[_Place]:
    """Units named in text[start:end]: with their word (`huyện Tuy Phước`), an alias (`TPHCM`), a province."""
    end = len(text) if end is None else end
    found: list[_Place] = []
    taken: list[tuple[int, int]] = []
    for m in _ALIAS.finditer(text, start, end):
        units = tuple(gaz.find(m.group(), ["province"]))
        found.append(_Place(m.start(), m.end(), m.group(), ("province",), m.group(), units))
        taken.append((m.start(), m.end()))
    for m in _UNIT.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        word = " ".join(m.group("word").split())
        tiers = tuple(_UNIT_WORDS.get(word.lower(), []))
        name = m.group("name")
        syllables = name.split()
        units: tuple[AdminUnit, ...] = ()
        for n in range(len(syllables), 0, -1):  # `THÀNH PHỐ HUẾ TỪ NĂM HỌC`: the longest known name
            units = tuple(gaz.find(" ".join(syllables[:n]), tiers))
            if units:
                name = " ".join(syllables[:n])
                break
        unknown_ok = not name.isupper() and (tiers != ("province",) or not gaz.by_name) and (
            word[:1].islower() or len(syllables) > 1)  # `huyện Đất Đỏ`, merged before the gazetteer's map
        if not units and not unknown_ok and not name[:1].isdigit():
            continue  # `Tỉnh Đoàn`, an upper-case heading: no unit the gazetteer knows
        written_end = m.start("name") + len(name) if units else m.end()
        name = text[m.start("name"):written_end]
        found.append(_Place(m.start(), written_end, text[m.start():written_end], tiers, name, units, word))
        taken.append((m.start(), written_end))
    for m in _BARE_UNIT.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        word = " ".join(m.group().split())
        found.append(_Place(m.start(), m.end(), m.group(), tuple(_UNIT_WORDS.get(word.lower(), [])), None,
                            word=word))
        taken.append((m.start(), m.end()))
    written_in_full = {fold(p.name) for p in found if p.name and p.word}
    for m in _CAP_RUN.finditer(text, start, end):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        run = m.group()
        syllables = run.split()
        for n in range(len(syllables), 1, -1):
            for i in range(0, len(syllables) - n + 1):
                name = " ".join(syllables[i:i + n])
                if name in _NOT_BARE:
                    continue
                units = tuple(gaz.find(name, ["province"]))
                if not units and fold(name) in written_in_full:  # `Thuận Bắc` where `huyện Thuận Bắc` is written
                    units = tuple(gaz.find(name, ["district", "ward"]))
                if units:
                    at = m.start() + run.find(name)
                    found.append(_Place(at, at + len(name), name, tuple(sorted({u.tier for u in units})), name,
                                        units))
                    break
            else:
                continue
            break
    found.sort(key=lambda p: p.start)
    return found


@dataclass
class _Candidate:
    """Who or what a zone's figures may be for."""

    start: int
    end: int
    kind: str  # "unit", "body", "national"
    place: _Place | None = None
    text: str = ""
    governing: bool = False  # a people's committee, steering committee… standing for its unit
    scope: bool = False  # `cả nước`, `toàn tỉnh X`: the extent of the figures


def _starts_with(text: str, heads: list[str]) -> str | None:
    for head in sorted(heads, key=len, reverse=True):
        if text.startswith(head) and (len(text) == len(head) or not text[len(head)].isalpha()):
            return head
    return None


def _body_candidate(org: Entity, text: str, places: list[_Place]) -> _Candidate | None:
    """An organisation as a candidate: the unit it governs, the country, or a body of its own."""
    b = _W["bodies"]
    name = org.text
    if text[max(0, org.start - 1):org.start] in ("/", "-"):
        return None  # `669/QĐ-UBND`: part of a document number
    prefix = _starts_with(name, b["standing"])
    if prefix and name[len(prefix):].strip():  # `Ban Thường vụ Tỉnh Đoàn X` is Tỉnh Đoàn X's
        skip = len(name) - len(name[len(prefix):].lstrip())
        org = org.model_copy(update={"start": org.start + skip, "text": name[skip:]})
        name = org.text
    if _starts_with(name, b["not_bodies"]) or _starts_with(name, _W["scope"]["delegation"]):
        return None
    inside = [p for p in places if org.start <= p.start and p.end <= org.end and p.name]
    if inside and org.end > inside[-1].end and text[inside[-1].end:org.end].strip()[:1].islower():
        org = org.model_copy(update={"end": inside[-1].end, "text": text[org.start:inside[-1].end]})
        name = org.text  # `Hải quan Quảng Ninh vượt`: a body's name ends with its unit
    committee = _starts_with(name, list(b["committees"]))
    if committee:
        word = b["committees"][committee]
        tiers = tuple(_UNIT_WORDS.get(word, []))
        return _Candidate(org.start, org.end, "unit", _Place(org.start, org.end, name, tiers, None, word=word), name,
                          governing=True)
    party = _starts_with(name, b["party"])
    if party:
        rest = name[len(party):].strip()
        if rest and not _BARE_UNIT.match(rest):
            return _Candidate(org.start, org.end, "body", inside[0] if inside else None, name)
    if _starts_with(name, b["governing"]) or party:
        # `Ban Chỉ đạo … thị xã`: the unit it governs, named in it or just after it in its sentence
        sentence_end = min((i for i in (text.find(".", org.end), text.find("\n", org.end)) if i >= 0),
                           default=len(text))
        near = [p for p in places if org.start <= p.start < min(org.end + 80, sentence_end)]
        if not near:
            return None
        return _Candidate(org.start, org.end, "unit", near[0], name, governing=True)
    if _starts_with(name, b["national"]) and not inside and not _BARE_UNIT.search(name):
        return _Candidate(org.start, org.end, "national", None, name)
    if " " not in name.strip():
        return None
    return _Candidate(org.start, org.end, "body", inside[0] if inside else None, name)


def _national_scope(text: str, start: int, end: int) -> list[_Candidate]:
    out = []
    comparison = regex.compile(rf"(?:{_alt(_W['periods']['comparison'])}|lần|bình quân)\s*$")
    for m in regex.finditer(rf"(?<![\p{{L}}])(?:{_alt(_W['scope']['national'])})(?![\p{{L}}])", text[start:end]):
        a = start + m.start()
        if comparison.search(text[max(0, a - 20):a].lower()):
            continue
        out.append(_Candidate(a, start + m.end(), "national", None, m.group(), scope=True))
    return out


def _candidates(text: str, zone: _Zone, places: list[_Place], orgs: list[Entity]) -> list[_Candidate]:
    """Every unit and body of a zone in order, inner spans left to the outer one that holds them."""
    here = [p for p in places if zone.start <= p.start and p.end <= zone.end]
    scope = regex.compile(rf"(?:{_alt(_W['scope']['unit_before'])})\s*$", regex.IGNORECASE)
    cands = []
    for p in here:
        scoped = bool(scope.search(text[max(0, p.start - 16):p.start]))
        if p.name or scoped:  # `toàn tỉnh` without its name still says the level
            cands.append(_Candidate(p.start, p.end, "unit", p, p.written, scope=scoped))
    for org in orgs:
        if zone.start <= org.start and org.end <= zone.end:
            cand = _body_candidate(org, text, here)
            if cand:
                cands.append(cand)
    cands += _national_scope(text, zone.start, zone.end)
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    outer: list[_Candidate] = []
    for c in cands:
        if outer and outer[-1].start <= c.start and c.end <= outer[-1].end:
            continue
        outer.append(c)
    return outer


_CLAUSE_MARK = regex.compile(r"[;:()\n]|[.,](?!\d)")


def _clause_before(text: str, pos: int, limit: int = 200) -> str:
    """The clause up to `pos`: from the last `,` `;` `:` `.` or bracket, not a digit group's `4.080` or `3,4`."""
    window = text[max(0, pos - limit):pos]
    cuts = [m.end() for m in _CLAUSE_MARK.finditer(window)]
    return window[cuts[-1]:] if cuts else window


def _in_parentheses(text: str, c: _Candidate) -> bool:
    return text[max(0, c.start - 1):c.start] == "(" or (
        text.rfind("(", max(0, c.start - 40), c.start) > text.rfind(")", max(0, c.start - 40), c.start))


_TIER_RANK = {"national": 0, "province": 1, "district": 2, "ward": 3}


def _rank(c: _Candidate) -> int:
    if c.kind == "national":
        return 0
    tiers = c.place.tiers if c.place else ()
    return min((_TIER_RANK.get(t, 3) for t in tiers), default=3)


def _acting_for(text: str, first: _Candidate, usable: list[_Candidate]) -> _Candidate:
    """A higher unit acting for a lower one reports the lower one (`Thủ tướng … công nhận huyện X`)."""
    if not (first.governing or first.kind == "national"):
        return first
    _, sentence_end = _sentence_around(text, first.end)
    for c in usable:
        if first.end <= c.start < sentence_end and c.kind == "unit" and not c.governing and c.place \
                and c.place.name and _rank(c) > _rank(first):
            return c
    return first


def _delegated(text: str, c: _Candidate) -> bool:
    before = text[max(0, c.start - 24):c.start]
    return bool(regex.search(rf"(?:{_alt(_W['scope']['delegation'])})(?:\s+của)?\s*$", before))


def _pick(text: str, zone: _Zone, cands: list[_Candidate]) -> _Candidate | None:
    """The unit a zone is about: after `làm việc với`, its scope (`toàn tỉnh X`), else the first named."""
    s = _W["scope"]
    if not cands:
        return None
    zone_text = text[zone.start:zone.end]
    usable = [c for c in cands if not _in_parentheses(text, c) and not _delegated(text, c)]
    if zone.kind == "lead":
        venue = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(s['venue_before'])})(?![\p{{L}}])")
        usable = [c for c in usable if not venue.search(_clause_before(text, c.start))]
    if not usable:
        return None
    host = regex.search(rf"(?:{_alt(s['host'])})", zone_text)
    if host:
        after = [c for c in usable if c.start >= zone.start + host.end()]
        if after:
            return after[0]
    if zone.kind == "lead":
        for c in usable:
            if c.scope:
                return c
    if zone.kind == "title":
        colon = zone_text.find(":")
        if colon > 0:  # `Hà Tĩnh: Huyện Đức Thọ …` — the headline after the place prefix is more precise
            rest = [c for c in usable if c.start > zone.start + colon]
            if rest:
                return rest[0]
    return _acting_for(text, usable[0], usable)


# ---------------------------------------------------------------- reporting unit


def _doc_provinces(places: list[_Place]) -> Counter[str]:
    """How often each province is named (with its word or alone), to tell apart units of one name."""
    counts: Counter[str] = Counter()
    for p in places:
        provinces = {u.province for u in p.units}
        if len(provinces) == 1 and any(u.tier == "province" for u in p.units):
            counts[next(iter(provinces))] += 1
    return counts


def _resolve(place: _Place, places: list[_Place], after_2025: bool) -> AdminUnit | None:
    """The gazetteer unit of a name: the one whose province or district the document also names."""
    if not place.units:
        return None
    units = [u for u in place.units if u.after_2025 == after_2025] or list(place.units)
    provinces = _doc_provinces(places)
    districts = {fold(p.written) for p in places if "district" in p.tiers and p.name}
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


def _fullest(text: str, place: _Place, unit: AdminUnit | None) -> str:
    """The unit's name as written at its fullest: `Ninh Bình` -> `tỉnh Ninh Bình` when the text says so."""
    if place.word and place.name and place.written.isupper() and unit:
        canonical = regex.sub(rf"^(?:{_alt(_W['units']['gazetteer_words'])})\s+", "", unit.name)
        return f"{place.word.lower()} {canonical}"  # `TỈNH LÂM ĐỒNG` in a heading block -> `tỉnh Lâm Đồng`
    if place.word or not place.name:
        return " ".join(place.written.split())
    own = regex.match(rf"(?:{_alt(_W['units']['gazetteer_words'])})(?=\s)", unit.name) if unit else None
    tiers = [unit.tier] if unit else list(place.tiers)
    words = [own.group().lower()] if own else [w for w, t in _UNIT_WORDS.items() if set(t) & set(tiers)
                                               and "." not in w and len(w) > 2]
    m = regex.search(rf"(?<![\p{{L}}])(?i:{_alt(words)})\s+{regex.escape(place.name)}(?![\p{{L}}])", text) \
        if words else None
    return " ".join(m.group().split()) if m else place.written


def _named_like(text: str, place: _Place, places: list[_Place]) -> _Place | None:
    """A bare `thị xã` or `tỉnh` completed by the first unit of that word the document names."""
    for p in places:
        if p.name and p.word and fold(p.word) == fold(place.word or "") and p.units:
            return p
    for p in places:
        if p.name and p.units and set(p.tiers) & set(place.tiers) and not p.word:
            return p
    return None


def _province_fields(unit: AdminUnit | None, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    if unit is None or not unit.province:
        return None, None
    return unit.province, gazetteer.new_province(unit.province) or unit.province_2025


def _level_of(tiers: tuple[str, ...], unit: AdminUnit | None) -> str | None:
    levels = _W["levels"]
    tier = unit.tier if unit else (tiers[0] if tiers else None)
    return levels.get(tier) if tier else None


def _body_name(text: str, cand: _Candidate) -> str:
    """A body named without its unit (`Hội LHPN huyện`) completed where the text names it in full."""
    name = " ".join(cand.text.split())
    if _BARE_UNIT.search(name.split()[-1]) and cand.place is None:
        m = regex.search(regex.escape(cand.text) + rf"[ \t]+{_NAME}", text)
        if m:
            return " ".join(m.group().split())
    return name


def _joint_unit(text: str, cand: _Candidate, places: list[_Place]) -> _Place | None:
    """`Ban Dân vận, Hội LHPN, Hội Nông dân, Đoàn TNCS … huyện Đất Đỏ tổ chức`: bodies of one unit acting
    together report that unit."""
    after = next((p for p in places if p.start >= cand.end and p.name and p.units), None)
    if after is None:
        return None
    between = text[cand.end:after.start]
    if len(between) > 120 or between.count(",") < 2 or regex.search(r"[.;\n]", between):
        return None
    return after


def _locating_place(text: str, cand: _Candidate, places: list[_Place]) -> _Place | None:
    """Where the text locates a body whose name holds no unit: `(Tây Sơn)` or `tại …` in its sentence."""
    sentence_end = min((i for i in (text.find(". ", cand.end), text.find("\n", cand.end)) if i >= 0),
                       default=len(text))
    for p in places:
        if cand.end <= p.start < min(sentence_end, cand.end + 120) and p.units:
            return p
    return None


def _reporting_unit(text: str, zones: list[_Zone], entities: list[Entity], gazetteer: Gazetteer,
                    after_2025: bool, fallback: list[_Place] | None = None, body: str | None = None) -> ReportingUnit:
    gaz = _index(gazetteer)
    head_end = max((z.end for z in zones), default=0)
    places = _places(text, gaz, 0, min(len(text), max(head_end, 6000)))
    orgs = sorted((e for e in entities if e.type == "ORG"), key=lambda e: e.start)
    chosen: _Candidate | None = None
    chosen_zone = ""
    for zone in zones:
        chosen = _pick(text, zone, _candidates(text, zone, places, orgs))
        if chosen:
            chosen_zone = zone.kind
            break
    levels = _W["levels"]
    if chosen is None and fallback:
        chosen = _Candidate(fallback[0].start, fallback[0].end, "unit", fallback[0], fallback[0].written)
    if chosen is None and body and not _starts_with(body, _W["bodies"]["national"]):
        return ReportingUnit(name=body, level=levels["body"])  # an issuer outside any unit the text names
    if chosen is None or chosen.kind == "national":
        return ReportingUnit(name=levels["national_name"], level=levels["national"])
    if chosen.kind == "body" and chosen.place is None:
        joint = _joint_unit(text, chosen, places)
        if joint is not None:
            chosen = _Candidate(chosen.start, joint.end, "unit", joint, joint.written)
    if chosen.kind == "body":
        name = _body_name(text, chosen)
        place = chosen.place
        if place is None or not place.name:
            in_name = [p for p in _places(name, gaz) if p.name]  # `Hội LHPN huyện` completed as `… huyện Thủ Thừa`
            place = in_name[-1] if in_name else place
        if place is None:
            place = _locating_place(text, chosen, places)
        if place is not None and not place.name:
            place = _named_like(text, place, places)
        unit = _resolve(place, places, after_2025) if place else None
        province, province_2025 = _province_fields(unit, gazetteer)
        return ReportingUnit(name=name, level=levels["body"], province=province,
                             province_2025=province_2025)
    place = chosen.place
    assert place is not None
    if not place.name:
        named = _named_like(text, place, places)
        if named is None:
            return ReportingUnit(name=None, level=_level_of(place.tiers, None))
        place = named
    unit = _resolve(place, places, after_2025)
    if unit and unit.tier == "province" and chosen_zone != "title":
        sentence = _sentence_around(text, place.start)
        listed = {p.units[0].province for p in _places(text, gaz, *sentence)
                  if p.units and p.units[0].tier == "province" and len({u.province for u in p.units}) == 1}
        if len(listed) >= _W["scope"]["many_provinces"]:
            return ReportingUnit(name=levels["national_name"], level=levels["national"])
    province, province_2025 = _province_fields(unit, gazetteer)
    return ReportingUnit(name=_fullest(text, place, unit), level=_level_of(place.tiers, unit), province=province,
                         province_2025=province_2025)


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return a, min(ends) if ends else len(text)


# ---------------------------------------------------------------- period


_P = _W["periods"]
_ROMAN: dict[str, int] = _P["roman"]
_MONTH_WORDS: dict[str, int] = _P["month_words"]
_NUM = rf"(?:\d{{1,2}}|{_alt(_MONTH_WORDS)})"
_SEP = r"\s*(?:/|-|năm)\s*"
_DM = r"(\d{1,2})\s*[/-]\s*(\d{1,2})"
_PERIOD = regex.compile(
    rf"(?P<school>(?:{_alt(_P['school_year'])})\s*({_YEAR})\s*[-–/]\s*({_YEAR}))"
    rf"|(?P<term>(?:{_alt(_P['term'])})(?:\s+qua)?\s*\(?\s*({_YEAR})\s*[-–]\s*({_YEAR})\s*\)?)"
    rf"|(?P<drange>từ\s+ngày\s+{_DM}(?:/({_YEAR}))?\s+(?:đến|tới)\s+(?:ngày\s+)?{_DM}/({_YEAR}))"
    rf"|(?P<range>(?:{_alt(_P['range'])})\s+(?:năm\s+)?({_YEAR})\s*[-–]\s*({_YEAR}))"
    rf"|(?P<since>(?:{_alt(_P['since_new_year'])})(?:\s+(?:năm\s+)?({_YEAR}))?\s*,?\s*(?:{_alt(_P['until_now'])}))"
    rf"|(?P<half>(?:6|sáu)\s+tháng\s+(?P<hw>{_alt(_P['first_half'] + _P['second_half'])})(?:\s+({_YEAR}))?)"
    rf"|(?P<quarter>quý\s+(I{{1,3}}|IV|[1-4])(?![\p{{L}}\d])(?:{_SEP}({_YEAR}))?)"
    rf"|(?P<until>(?:{_alt(_P['until'])})\s+tháng\s+(\d{{1,2}})(?:{_SEP}({_YEAR})))"
    rf"|(?P<months>({_NUM})\s+tháng(?:\s+(?P<mt>{_alt(_P['months_tail'])}))(?:\s+({_YEAR}))?)"
    rf"|(?P<asat>(?:{_alt(_P['as_at'])})\s+(?:(?:{_alt(_P['times_of_day'])})\s+)?(?:ngày\s+)?{_DM}(?:/({_YEAR}))?(?![\d/]))"
    rf"|(?P<month>tháng\s+(\d{{1,2}})(?![\d/])(?:{_SEP}({_YEAR}))?)"
    rf"|(?P<month2>tháng\s+(\d{{1,2}})/({_YEAR}))"
    rf"|(?P<year>(?:(?:cả|trong|cuối|đầu)\s+)?(?:{_alt(_P['year_heads'])})\s+({_YEAR})(?![\d/-]))",
    regex.IGNORECASE,
)
_ANY_YEAR = regex.compile(rf"(?<!\d)({_YEAR})(?!\d)")


def _words_re(words: list[str]) -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\p{{L}}])(?:{_alt(words)})(?![\p{{L}}])", regex.IGNORECASE)


_COMPARISON = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(_P['comparison'])})\s*(?:năm\s*)?$", regex.IGNORECASE)
_TARGET = _words_re(_P["target"])
_PLAN_NEAR = _words_re(_P["plan_near"])
_FUTURE = _words_re(_P["future_after"])
_NAMES = _words_re(_P["names"])
_ANNIVERSARY = _words_re(_P["anniversary"])
_OPEN_START = _words_re(_P["open_start"])
_UNTIL_NOW = _words_re(_P["until_now"])
_SINCE = regex.compile(rf"(?<![\p{{L}}])(?:{_alt(_P['open_start'])})\s*(?:năm\s*)?$", regex.IGNORECASE)


def _in_parens(text: str, pos: int) -> bool:
    window = text[max(0, pos - 120):pos]
    return window.rfind("(") > window.rfind(")")
_MONTH_ALONE_AFTER = regex.compile(rf"(?:{_alt(_P['month_alone_after'])})\s*$")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _MONTH_WORDS.get(word.lower(), 0)


def _sentence_year(text: str, start: int, end: int) -> str | None:
    """A year written in the same sentence completes a period that lacks it, the nearest after first."""
    a, b = _sentence_around(text, start)
    after = _ANY_YEAR.search(text, end, b)
    if after:
        return after.group(1)
    before = list(_ANY_YEAR.finditer(text, a, start))
    return before[-1].group(1) if before else None


def _excluded(text: str, m: regex.Match[str], kind: str) -> bool:
    """A comparison base, target, deadline, open span, programme name or anniversary (see the standard)."""
    clause = _clause_before(text, m.start(), 160)
    if _COMPARISON.search(clause) or _ANNIVERSARY.search(clause):
        return True
    if kind in ("range", "term") and (_NAMES.search(clause) or _NAMES.search(text[max(0, m.start() - 24):m.start()])):
        return True  # `Bộ tiêu chí … giai đoạn 2021 - 2025`, `khóa XV, nhiệm kỳ 2022 – 2027`
    if _in_parens(text, m.start()) and kind != "term":
        return True  # `(năm 2019 đạt 86,94% dự toán …)`: an aside, not the figures' period
    if kind in ("year", "range", "month") and _SINCE.search(clause) \
            and not m.group().lower().startswith(("từ", "giai")):
        return True  # `Từ năm 2003, …`, `thành lập từ năm 1996`: an open span
    label = m.group().lower()
    direct_plan = label.startswith("kế hoạch")
    if not direct_plan and _TARGET.search(clause):
        return True
    if _PLAN_NEAR.search(" ".join(regex.findall(r"[\p{L}\p{N}]+", clause)[-4:])):
        return True
    _a, b = _sentence_around(text, m.end())
    rest = text[m.end():b]
    if kind in ("year", "range", "months_to_date", "month", "date") and _OPEN_START.search(clause) \
            and _UNTIL_NOW.search(rest):
        return True
    deadline = label.startswith(tuple(w.lower() for w in _P["until"])) and _FUTURE.search(rest)
    return bool(kind in ("months_to_date", "date", "month") and deadline)  # `đến hết tháng 11/2021, … sẽ`


def _period_match(text: str, m: regex.Match[str], doc_date: str | None) -> Period | None:
    g = m.groupdict()
    label = " ".join(m.group().split())
    grp = m.group

    def year_or_sentence(y: str | None) -> str | None:
        return y or _sentence_year(text, m.start(), m.end())

    if g["school"]:
        return Period(kind="school_year", value=f"{grp(2)}/{grp(3)}", label=label)
    if g["term"]:
        return Period(kind="term", value=f"{grp(5)}/{grp(6)}", label=label)
    if g["drange"]:
        y1 = grp(10) or grp(13)
        d1, m1, d2, m2 = int(grp(8)), int(grp(9)), int(grp(11)), int(grp(12))
        return Period(kind="range", value=f"{y1}-{m1:02d}-{d1:02d}/{grp(13)}-{m2:02d}-{d2:02d}", label=label)
    if g["range"]:
        return Period(kind="range", value=f"{grp(15)}/{grp(16)}", label=label)
    if g["since"]:
        year = grp(18) or (doc_date[:4] if doc_date else None)
        if not (year and doc_date and len(doc_date) >= 7 and doc_date[:4] == year):
            return None
        return Period(kind="months_to_date", value=f"{year}-01/{year}-{doc_date[5:7]}", label=label)
    if g["half"]:
        half = "H1" if fold(g["hw"]) in [fold(w) for w in _P["first_half"]] else "H2"
        year = year_or_sentence(grp(21))
        return Period(kind="half", value=f"{year}-{half}" if year else f"--{half}", label=label)
    if g["quarter"]:
        q = grp(23)
        n = int(q) if q.isdigit() else _ROMAN.get(q.upper(), 0)
        year = year_or_sentence(grp(24))
        return Period(kind="quarter", value=f"{year}-Q{n}", label=label) if n and year else None
    if g["until"]:
        month = int(grp(26))
        return Period(kind="months_to_date", value=f"{grp(27)}-01/{grp(27)}-{month:02d}", label=label) \
            if 1 <= month <= 12 else None
    if g["months"]:
        months = _number(grp(29))
        year = year_or_sentence(grp(31))
        if not 2 <= months <= 11 or not year:
            return None
        return Period(kind="months_to_date", value=f"{year}-01/{year}-{months:02d}", label=label)
    if g["asat"]:
        day, month, year = int(grp(33)), int(grp(34)), grp(35)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        return Period(kind="date", value=f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}",
                      label=label)
    if g["month"] or g["month2"]:
        month = int(grp(37) or grp(40))
        year = grp(38) or grp(41)
        if not 1 <= month <= 12:
            return None
        if not year:
            before = text[max(0, m.start() - 12):m.start()]
            clause_start = not _clause_before(text, m.start()).strip(" \t-–—\"“")
            if not (clause_start or _MONTH_ALONE_AFTER.search(before)):
                return None  # `phiên họp định kỳ tháng 5` names a meeting, not the figures' month
            return Period(kind="month", value=f"--{month:02d}", label=label)
        return Period(kind="month", value=f"{year}-{month:02d}", label=label)
    if g["year"]:
        return Period(kind="year", value=grp(43), label=label)
    return None


_KIND_OF = {"school": "school_year", "term": "term", "drange": "range", "range": "range", "since": "months_to_date",
            "half": "half", "quarter": "quarter", "until": "months_to_date", "months": "months_to_date",
            "asat": "date", "month": "month", "month2": "month", "year": "year"}


def _period(text: str, zones: list[_Zone], doc_date: str | None) -> Period | None:
    """The first period phrase of the title, else of the lead, that is not a target, base or name."""
    for zone in zones:
        for m in _PERIOD.finditer(text, zone.start, zone.end, overlapped=False):
            kind = next(_KIND_OF[k] for k, v in m.groupdict().items() if v and k in _KIND_OF)
            if _excluded(text, m, kind):
                continue
            period = _period_match(text, m, doc_date)
            if period is not None:
                return period
    return None


# ---------------------------------------------------------------- the zones of a news article


def _paragraphs(plain: str, start: int, limit: int = 6000) -> list[tuple[int, int]]:
    out = []
    pos = start
    for line in plain[start:start + limit].split("\n"):
        a, pos = pos, pos + len(line) + 1
        if line.strip():
            out.append((a, a + len(line)))
    return out


def _news_zones(plain: str) -> tuple[str | None, list[_Zone]]:
    """The headline (when the first line is one), the lead (the first paragraph of prose, with the one
    after it), and the dateline's paragraph (`(HDDTVN) – …`, which scraped pages often move down)."""
    paragraphs = _paragraphs(plain, 0)
    zones: list[_Zone] = []
    title = None
    rest = paragraphs
    if paragraphs:
        a, b = paragraphs[0]
        line = plain[a:b].strip()
        if _looks_like_title(line):
            title = " ".join(line.split())
            zones.append(_Zone(a, b, "title"))
            rest = paragraphs[1:]
    prose = [(a, b) for a, b in rest if not _CAPTION.search(plain[a:b]) and len(plain[a:b].strip()) >= 80]
    if prose:
        a, b = prose[0]
        spans = SentenceIndex(plain[a:b]).spans[:3]
        zones.append(_Zone(a, a + (spans[-1][1] if spans else b - a), "lead"))
    dateline = _DATELINE.search(plain) or _CAPS_TAG.search(plain[:3000])
    if dateline:
        para = next(((a, b) for a, b in paragraphs if a <= dateline.start() < b + 1), None)
        if para and not any(z.start <= para[0] < z.end for z in zones):
            zones.append(_Zone(para[0], para[1], "lead"))
    if len(prose) > 1:
        a, b = prose[1]
        zones.append(_Zone(a, min(b, a + 600), "lead"))
    return title, zones


# ---------------------------------------------------------------- the whole


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
    return _extract(text, lexicon, entities, gazetteer)


def _extract(text: str, lexicon: Lexicon, entities: list[Entity] | None, gazetteer: Gazetteer) -> DocumentFacts:
    plain = _plain(text)
    doc_type, heading_at, heading_end = _heading(plain)
    if entities is None:
        head_text = text[:6000]
        rules = entity_rules(lexicon)
        index = SentenceIndex(head_text, frozenset(rules.sentence_abbreviations))
        entities = find_organisations_and_places(rules, head_text, index, [])
    else:
        entities = [e for e in entities if e.type in ("ORG", "LOC") and e.end <= 6000]
    gaz = _index(gazetteer)
    if doc_type is not None:
        header = plain[:heading_at]
        title, t_start, t_end = _admin_title(plain, heading_end) if heading_end > heading_at else (None, 0, 0)
        if heading_end == heading_at:  # a summary: the heading lines are the title
            title, t_start, t_end = _admin_title(plain, heading_at)
        number = _NUMBER.search(header)
        dated = _DATE_LINE.search(header)
        date = _iso(dated.group(2), dated.group(3), dated.group(4)) if dated else None
        units = _header_units(header)
        issuer = _sentence_case(units[-1], gaz) if units else None
        zones = [_Zone(t_start, t_end, "title")] if title else []
        after_2025 = bool(date and date[:7] >= "2025-07")
        issuer_places = [p for p in _places(text, gaz, 0, max(heading_at, 0)) if p.name and p.units
                         and not regex.match(r"\s*,\s*ngày", text[p.end:p.end + 12])]  # not the place of issue
        unit = _reporting_unit(text, zones, entities, gazetteer, after_2025, fallback=issuer_places,
                               body=issuer)
        lead = [_Zone(a, b, "lead") for a, b in _paragraphs(plain, t_end, 1500)
                if not regex.match(rf"\s*(?:{_alt(_W['header']['not_lead'])})", plain[a:b])][:2]
        return DocumentFacts(title=title, doc_type=doc_type, number=number.group(1) if number else None, date=date,
                             issuer=issuer, reporting_unit=unit, period=_period(text, zones + lead, date))
    title, zones = _news_zones(plain)
    number = _NUMBER.search(plain[:600])
    date = _published(plain)
    kind = _W["defaults"]["no_heading"] if _has_prose(plain) else None
    after_2025 = bool(date and date[:7] >= "2025-07")
    unit = _reporting_unit(text, zones, entities, gazetteer, after_2025)
    return DocumentFacts(title=title, doc_type=kind, number=number.group(1) if number else None, date=date,
                         issuer=_news_issuer(plain) if kind else None, reporting_unit=unit,
                         period=_period(text, zones, date))
