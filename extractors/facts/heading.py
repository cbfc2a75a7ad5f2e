"""What a news article states about itself on purpose, and the line and zone helpers the facts share.

A news article prints its facts in its headline, publication line and dateline (`(HDDTVN) –`);
the zones the reporting unit and the period are read from (the title, the lead) are found here
too. An administrative text's heading block is read by `block`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

from extractors.facts.rules import FactRules
from extractors.sentences import SentenceIndex

_EMPHASIS_MARKS = "*#_"
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True)
class Zone:
    """A stretch of the document facts are read from (the title, the lead), by offsets."""

    start: int
    end: int
    kind: Literal["title", "lead", "body"]


def plain(text: str) -> str:
    """Markdown emphasis dropped in place (same length), so `**NGHỊ QUYẾT**` reads as a heading.

    (`str.replace` of each mark: a text without one is scanned at the speed of a `find`.)

    >>> plain("**NGHỊ QUYẾT** _số_ #1")
    '  NGHỊ QUYẾT    số   1'
    """
    for mark in _EMPHASIS_MARKS:
        text = text.replace(mark, " ")
    return text


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
    for line in text[start : start + limit].split("\n"):
        a, pos = pos, pos + len(line) + 1
        if line.strip():
            out.append((a, a + len(line)))
    return out


def squash(line: str) -> str:
    """A line's words with table bars dropped and white space folded."""
    return " ".join(line.replace("|", " ").split())


def is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


# ---------------------------------------------------------------- news headline and prose


def looks_like_title(line: str) -> bool:
    """A headline: not too long, not a paragraph ending in a period, has a letter."""
    return (
        8 <= len(line) <= 250
        and not line.rstrip().endswith((".", ":", ";"))
        and bool(_LETTER.search(line, None, None, False))
    )


def has_prose(text: str) -> bool:
    """Some running text: a line of sentences, not only table rows."""
    for line in text[:6000].split("\n"):
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
    m = r.find_published.search(text, 0, PUBLISHED_REACH) or r.find_published_time.search(text, 0, PUBLISHED_REACH)
    return iso(m.group(1), m.group(2), m.group(3)) if m else None


def news_issuer(r: FactRules, text: str) -> str | None:
    """The newspaper or site: a dateline tag, the paper naming itself, or the credit line of a reprint."""
    found = [
        m
        for m in (
            r.find_dateline.search(text),
            r.find_caps_tag.search(text, 0, 3000),
            r.find_reporter.search(text),
            r.find_as_reported.search(text),
            r.find_interview.search(text),
        )
        if m
    ]
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
    # the paragraphs of prose: every one that begins within the body's reach, and at least two (the lead's)
    prose: list[tuple[int, int]] = []
    for a, b in rest:
        if a >= BODY_REACH and len(prose) >= 2:
            break  # (a paragraph of prose begins where its line does, or after a caption in it: past the reach)
        found = _prose(r, text, a, b)
        if found is not None:
            prose.append(found)
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
PUBLISHED_REACH = 1500  # a publication line is in the first characters
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
