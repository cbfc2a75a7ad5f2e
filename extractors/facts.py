"""What a document says about itself: title, type, number, issuer, place, date, period.

These are the keys the summary groups figures by, so they come from the parts of
a Vietnamese document that state them on purpose: the header block of an
official text (`UBND TỈNH LÂM ĐỒNG`, `Số: 3367/TTr-SNV`, `Lâm Đồng, ngày 28
tháng 11 năm 2024`, `TỜ TRÌNH`), or the headline and first sentence of a news
article (`Chiều ngày 07/01/2022, Ban Chỉ đạo … tổng kết … năm 2021`). Words are
data in `extractors/data/doc_types_facts.toml`. Never raises.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from extractors.entities import entity_rules, find_organisations_and_places
from extractors.sentences import SentenceIndex
from schemas.lexicon import Lexicon
from schemas.models import DocumentFacts, Entity, Mention


@dataclass(frozen=True, eq=False)
class _FactsRules:
    """The lexicon's document-facts words (doc_types_facts.toml), compiled."""

    data: dict[str, Any]
    heading: regex.Pattern[str]


@lru_cache(maxsize=4)
def _facts_rules(lexicon: Lexicon) -> _FactsRules:
    data = lexicon.facts
    names = sorted(data["doc_types"], key=len, reverse=True)
    heading = regex.compile(r"^\s*(" + "|".join(regex.escape(k) for k in names) + r")\s*$", regex.MULTILINE)
    return _FactsRules(data, heading)
_NUMBER = regex.compile(r"Số\s*:\s*(\d[\w.\-]*/[\p{L}\d./&\-]*[\p{L}\d])")
_DATE_LINE = regex.compile(
    r"((?:\p{Lu}\p{Ll}+\s){0,3}\p{Lu}\p{Ll}+),\s*ngày\s+(\d{1,2})?\s*tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
)
_NUM_DATE = regex.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d{2})(?!\d)")
_WORD_DATE = regex.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})")

_YEAR = r"((?:19|20)\d{2})"
_SEP = r"\s*(?:/|năm|-)\s*"
_PERIOD = regex.compile(
    rf"(?P<h1>(?:6|sáu)\s+tháng\s+đầu\s+năm\s*{_YEAR})"
    rf"|(?P<h2>(?:6|sáu)\s+tháng\s+cuối\s+năm\s*{_YEAR})"
    rf"|(?P<q>(?i:quý)\s+(I{{1,3}}|IV|[1-4])(?:{_SEP}){_YEAR})"
    rf"|(?P<m>(\d{{1,2}})\s+tháng\s+(?:đầu\s+)?năm\s*{_YEAR})"
    rf"|(?P<month>tháng\s+(\d{{1,2}})(?:{_SEP}){_YEAR})"
    rf"|(?P<span>giai\s+đoạn\s+{_YEAR}\s*[-–]\s*{_YEAR})"
    rf"|(?P<year>(?i:năm)\s+{_YEAR})"
)


_CONTINUES = (" và", " của", " theo", " về", " cho", " trong", " với", " tại", ",", " -", " –")


def _first_line(text: str) -> tuple[str, int]:
    for m in regex.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if line:
            return line, m.start()
    return "", 0


def _looks_like_title(line: str) -> bool:
    """A headline: not too long, not a full paragraph ending in a period, has a letter."""
    return 8 <= len(line) <= 250 and not line.endswith((".", ":", ";")) and bool(regex.search(r"\p{L}", line))


def _title_and_type(text: str, f: _FactsRules) -> tuple[str | None, str | None, int]:
    """The heading (`TỜ TRÌNH`) and the subject lines under it, or the headline of an article."""
    head = f.heading.search(text, 0, min(len(text), 4000))
    if head:
        doc_type = f.data["doc_types"][head.group(1)]
        lines: list[str] = []
        for line in text[head.end():head.end() + 800].split("\n"):
            line = line.strip()
            if not line:
                if lines:
                    break
                continue
            if lines and not (line[0].islower() or lines[-1].endswith(_CONTINUES)):
                break
            if line.startswith(("Kính gửi", "Căn cứ", "Thực hiện", "Ngày ", "I.", "1.")) or len(lines) >= 3:
                break
            lines.append(line)
        title = " ".join(lines) or head.group(1)
        return title, doc_type, head.start()
    line, _ = _first_line(text)
    title = line if _looks_like_title(line) else None
    return title, f.data["defaults"]["no_heading"], -1


def _issuer_from_header(text: str, heading_at: int, f: _FactsRules) -> str | None:
    """The unit named in the upper-case header block above the heading."""
    units: list[str] = []
    for raw in text[:heading_at].split("\n")[:10]:
        for part in raw.split("|"):
            part = part.strip()
            for marker in ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "ĐỘC LẬP", "Số:", "Số :"):
                cut = part.find(marker)
                if cut >= 0:
                    part = part[:cut].strip()
            letters = [c for c in part if c.isalpha()]
            if len(letters) < 3 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
                continue
            if units and (units[-1].endswith(",") or part.split()[0] in f.data["header"]["unit_continuations"]):
                units[-1] = f"{units[-1]} {part}"
            else:
                units.append(part)
    units = [" ".join(u.split()).strip(" ,") for u in units if u.strip(" ,")]
    if not units:
        return None
    return units[-1] if len(units) == 1 else f"{units[-1]}, {units[0]}"


def _period(text: str, f: _FactsRules) -> tuple[str | None, str | None]:
    m = _PERIOD.search(text)
    if not m:
        return None, None
    g = m.groupdict()
    if g["h1"]:
        return f"{m.group(2)}-H1", m.group()
    if g["h2"]:
        return f"{m.group(4)}-H2", m.group()
    if g["q"]:
        q = m.group(6)
        n = f.data["roman"].get(q.upper()) if not q.isdigit() else int(q)
        return (f"{m.group(7)}-Q{n}", m.group()) if n else (None, None)
    if g["m"]:
        months = int(m.group(9))
        if 1 <= months <= 12:
            return f"{m.group(10)}-M{months:02d}", m.group()
        return None, None
    if g["month"]:
        month = int(m.group(12))
        return (f"{m.group(13)}-{month:02d}", m.group()) if 1 <= month <= 12 else (None, None)
    if g["span"]:
        return f"{m.group(15)}/{m.group(16)}", m.group()
    return m.group(18), m.group()


def _iso(day: str | None, month: str, year: str) -> str | None:
    d, mo, y = (int(day) if day else 0), int(month), int(year)
    if not 1 <= mo <= 12:
        return None
    if not day:
        return f"{y:04d}-{mo:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= d <= 31 else None


def _event_date(text: str, mentions: list[Mention] | None, dated_line: regex.Match | None) -> str | None:
    if dated_line:
        return _iso(dated_line.group(2), dated_line.group(3), dated_line.group(4))
    if mentions:
        dates = sorted((m for m in mentions if m.kind == "date" and isinstance(m.value, str)
                        and regex.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", m.value)), key=lambda m: m.start)
        if dates and dates[0].start < 1500:
            return str(dates[0].value)
    head = text[:1500]
    found = [m for m in (_NUM_DATE.search(head), _WORD_DATE.search(head)) if m]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return _iso(first.group(1), first.group(2), first.group(3))


_UNIT_WORDS = tuple(w + " " for w in ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"))


def _main_place(entities: list[Entity]) -> str | None:
    """The place an article is about: the most named place; on a tie, one named with its unit word
    (`tỉnh Kon Tum` over the `Hồ Chí Minh` of an organisation's name), then the first named."""
    places = sorted((e for e in entities if e.type == "LOC"), key=lambda e: e.start)
    # the expanded name (`TPHCM` -> `thành phố Hồ Chí Minh`) groups spellings of one place together
    names = [(e.normalized or e.text, e.start) for e in places]
    names = [(n, at) for n, at in names if " " in n and n != "Việt Nam"]
    if not names:
        return None
    counts = Counter(n for n, _ in names)
    first: dict[str, int] = {}
    for n, at in names:
        first.setdefault(n, at)
    return max(counts, key=lambda p: (counts[p], p.lower().startswith(_UNIT_WORDS), -first[p]))


def extract_facts(
    text: str, lexicon: Lexicon, mentions: list[Mention] | None = None, entities: list[Entity] | None = None
) -> DocumentFacts:
    """Title, type, own number, issuer, place, event date and reporting period of a document.

    Pass the document's `entities` when they are extracted already: its organisations and
    places are then not scanned a second time.
    """
    try:
        if not isinstance(text, str) or not text.strip():
            return DocumentFacts()
        f = _facts_rules(lexicon)
        title, doc_type, heading_at = _title_and_type(text, f)
        header = text[:heading_at] if heading_at >= 0 else text[:600]
        number = _NUMBER.search(header)
        dated = _DATE_LINE.search(header) if heading_at >= 0 else None
        if entities is None:
            head_text = text[:6000]
            entities = find_organisations_and_places(entity_rules(lexicon), head_text, SentenceIndex(head_text), [])
        else:
            entities = [e for e in entities if e.type in ("ORG", "LOC") and e.end <= 6000]
        issuer = _issuer_from_header(text, heading_at, f) if heading_at >= 0 else None
        if issuer is None and title:
            orgs = [e for e in entities if e.type == "ORG" and e.start < len(title) + 2]
            issuer = orgs[0].text if orgs else None
        place = " ".join(dated.group(1).split()) if dated else _main_place(entities)
        period, period_text = _period(title or "", f)
        if period is None:
            body_start = max(heading_at, 0)
            spans = SentenceIndex(text[body_start:body_start + 3000]).spans[:3]
            lead = text[body_start:body_start + (spans[-1][1] if spans else 0)]
            period, period_text = _period(lead, f)
        return DocumentFacts(title=title, doc_type=doc_type, number=number.group(1) if number else None,
                             issuer=issuer, place=place, event_date=_event_date(text, mentions, dated),
                             period=period, period_text=period_text)
    except Exception:
        return DocumentFacts()
