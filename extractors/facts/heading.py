"""What a document states about itself on purpose: its heading block, title, number, date and issuer.

An administrative text prints them in its heading block (`UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ`,
`Số: 3367/TTr-SNV`, `Bình Thuận, ngày 28 tháng 11 năm 2024`, `TỜ TRÌNH` and the subject lines);
a news article in its headline, publication line and dateline (`(HDDTVN) –`). The zones the
reporting unit and the period are read from (the title, the lead) are found here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from extractors.facts.places import GazIndex
from extractors.facts.rules import FactRules
from extractors.sentences import SentenceIndex

_EMPHASIS = regex.compile(r"[*#_]")
_LETTER = regex.compile(r"\p{L}")
_NUMBERED = regex.compile(r"\d\s*/")


@dataclass(frozen=True)
class Zone:
    """A stretch of the document facts are read from (the title, the lead), by offsets."""

    start: int
    end: int
    kind: Literal["title", "lead", "body"]


def plain(text: str) -> str:
    """Markdown emphasis dropped in place (same length), so `**NGHỊ QUYẾT**` reads as a heading."""
    return _EMPHASIS.sub(" ", text)


def lines(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, line) of the lines of text[:limit]."""
    out, pos = [], 0
    for line in text[:limit].split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def paragraphs(text: str, start: int, limit: int = 6000) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines of text[start:start + limit]."""
    out = []
    pos = start
    for line in text[start:start + limit].split("\n"):
        a, pos = pos, pos + len(line) + 1
        if line.strip():
            out.append((a, a + len(line)))
    return out


def _squash(line: str) -> str:
    return " ".join(line.replace("|", " ").split())


def is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


# ---------------------------------------------------------------- heading and title


def heading(r: FactRules, text: str) -> tuple[str | None, int, int]:
    """(doc_type, start, end) of the kind heading, alone on its line, split over two, or a summary's."""
    found = lines(text, 5000)
    squashed = [_squash(line) for _, line in found]
    for i, (at, line) in enumerate(found):
        here = squashed[i]
        if not here:
            continue
        if here in r.headings:
            return r.headings[here], at, at + len(line)
        if len(here) <= 12:
            nxt = next((j for j in range(i + 1, min(i + 3, len(found))) if squashed[j]), None)
            if nxt is not None and f"{here} {squashed[nxt]}" in r.headings:
                return r.headings[f"{here} {squashed[nxt]}"], at, found[nxt][0] + len(found[nxt][1])
    first = next((i for i, s in enumerate(squashed) if s), None)
    if first is not None and squashed[first].startswith(r.summary_starts):
        m = r.heading_in_line.search(squashed[first])  # the first kind named: the one summarised
        if m:
            return r.headings[m.group()], found[first][0], found[first][0]  # the title starts with the heading
    return None, -1, -1


def admin_title(r: FactRules, text: str, after: int) -> tuple[str | None, int, int]:
    """The subject lines under the heading, up to `Kính gửi`, `Căn cứ` or the first paragraph."""
    kept: list[str] = []
    start = end = after
    pos = after
    for raw in text[after:after + 900].split("\n"):
        line_at, pos = pos, pos + len(raw) + 1
        line = _squash(raw)
        if not line:
            if kept:
                break
            continue
        if kept and not (line[0].islower() or kept[-1].endswith(r.title_continues)
                         or (is_upper(line) and is_upper(kept[-1]))):
            break
        if r.title_stop.match(line) or len(kept) >= 4:
            break
        if not kept:
            start = line_at
        kept.append(line)
        end = line_at + len(raw)
    return (" ".join(kept) or None), start, end


def looks_like_title(line: str) -> bool:
    """A headline: not too long, not a paragraph ending in a period, has a letter."""
    return 8 <= len(line) <= 250 and not line.rstrip().endswith((".", ":", ";")) and bool(_LETTER.search(line))


def has_prose(text: str) -> bool:
    """Some running text: a line of sentences, not only table rows."""
    for _, line in lines(text, 6000):
        line = line.strip()
        if len(line) >= 60 and line.count("|") <= 1 and (". " in line or line.endswith(".")):
            return True
    return False


# ---------------------------------------------------------------- number, date, issuer


def iso(day: str | None, month: str | None, year: str) -> str | None:
    """`28`, `11`, `2024` -> `2024-11-28`; a blank day gives the month, a blank month the year."""
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


def published(r: FactRules, text: str) -> str | None:
    """A news page's publication line (`Thứ Sáu, 30/12/2022, 21:53`); an event's date is not it."""
    head = text[:1500]
    m = r.find_published.search(head) or r.find_published_time.search(head)
    return iso(m.group(1), m.group(2), m.group(3)) if m else None


def header_units(r: FactRules, header: str) -> list[str]:
    """The issuer column of the heading block, one entry per body (`UBND TỈNH BÌNH THUẬN`, `SỞ NỘI VỤ`)."""
    units: list[str] = []
    for raw in header.split("\n"):
        for part in raw.split("|"):
            m = r.motto.search(part)
            part = " ".join((part[:m.start()] if m else part).split()).strip(" -–")
            m = r.date_line.search(part)
            if m:
                part = part[:m.start()].strip()
            if not (is_upper(part) or part in r.incomplete) or set(part) <= set("-–— ") \
                    or _NUMBERED.search(part):
                continue
            joins = units and (units[-1].endswith(",") or units[-1] in r.incomplete
                               or part.split()[0] in r.unit_continuations)
            if joins:
                units[-1] = f"{units[-1]} {part}"
            else:
                units.append(part)
    return [u.strip(" ,") for u in units if len(u.strip(" ,")) >= 3]


def sentence_case(upper: str, gaz: GazIndex) -> str:
    """`ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG` -> `Ủy ban nhân dân tỉnh Lâm Đồng`: unit names keep their capitals."""
    text = upper.lower()
    for m in list(gaz.rules.unit.finditer(upper))[::-1]:
        name = gaz.canonical(m.group("name"), gaz.rules.unit_words.get(" ".join(m.group("word").lower().split()), ()))
        if name:
            a, b = m.start("name"), m.start("name") + len(name)
            text = text[:a] + name + text[b:] if len(name) == len(m.group("name")[:len(name)]) else text
    return text[:1].upper() + text[1:]


def news_issuer(r: FactRules, text: str) -> str | None:
    """The newspaper or site: a dateline tag, the paper naming itself, or the credit line of a reprint."""
    found = [m for m in (r.find_dateline.search(text), r.find_caps_tag.search(text, 0, 3000),
                         r.find_reporter.search(text), r.find_as_reported.search(text),
                         r.find_interview.search(text)) if m]
    if found:
        return " ".join(min(found, key=lambda m: m.start()).group("tag").split())
    credit = r.credit.search(text.rstrip()[-200:])
    return credit.group("tag") if credit else None


# ---------------------------------------------------------------- the zones of a news article


def news_zones(r: FactRules, text: str) -> tuple[str | None, list[Zone], list[Zone]]:
    """The headline (when the first line is one), the lead (the first paragraph of prose, with the one
    after it), the dateline's paragraph (`(HDDTVN) – …`, which scraped pages often move down), and the
    body: the later paragraphs of prose in the first `BODY_REACH` characters, where a period the
    title and lead leave unsaid is looked for last."""
    paras = paragraphs(text, 0)
    zones: list[Zone] = []
    title = None
    rest = paras
    if paras:
        a, b = paras[0]
        line = text[a:b].strip()
        if looks_like_title(line):
            title = " ".join(line.split())
            zones.append(Zone(a, b, "title"))
            rest = paras[1:]
    prose = [p for p in (_prose(r, text, a, b) for a, b in rest) if p is not None]
    if prose:
        a, b = prose[0]
        spans = SentenceIndex(text[a:b]).spans[:3]
        zones.append(Zone(a, a + (spans[-1][1] if spans else b - a), "lead"))
    dateline = r.find_dateline.search(text) or r.find_caps_tag.search(text, 0, 3000)
    if dateline:
        para = next(((a, b) for a, b in paras if a <= dateline.start() < b + 1), None)
        if para and not any(z.start <= para[0] < z.end for z in zones):
            zones.append(Zone(para[0], para[1], "lead"))
    if len(prose) > 1:
        a, b = prose[1]
        zones.append(Zone(a, min(b, a + 600), "lead"))
    last = max((z.end for z in zones), default=0)
    body = [Zone(max(a, last), b, "body") for a, b in prose if b > last and a < BODY_REACH]
    return title, zones, body


BODY_REACH = 3000
CAPTION_LENGTH = 300  # a photo caption glued before a paragraph is at most this long
CAPTION_CREDIT = 40  # and its credit (`Ảnh: Tuấn Yên.`) ends within this many characters of `Ảnh`


def _prose(r: FactRules, text: str, a: int, b: int) -> tuple[int, int] | None:
    """A paragraph of prose (80 characters or more), without a photo caption glued before it
    (`… Ảnh Internet.Theo Bộ Tài chính, trong năm 2012, …`); None for a caption or a short line."""
    if len(text[a:b].strip()) < 80:
        return None
    caption = r.find_caption.search(text, a, b)
    if caption is None:
        return a, b
    stop = text.find(".", caption.end(), min(b, caption.end() + CAPTION_CREDIT))
    if stop < 0 or caption.start() - a > CAPTION_LENGTH:
        return None
    start = stop + 1
    while start < b and text[start].isspace():
        start += 1
    return (start, b) if b - start >= 80 else None
