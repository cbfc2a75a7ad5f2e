"""The heading block of an administrative text, read in any of the layouts real offices send.

Nghị định 30/2020/NĐ-CP (Phụ lục I) fixes the layout: the issuing body under its parent top
left, the number and symbol under it, the motto top right, the place-and-date line, then the
type line (upper case) with the summary under it, or `V/v …` for a letter, which has no type
line. Party documents (Hướng dẫn 36-HD/VPTW) put the Party's motto top right and write `Số
145-BC/HU` without a colon. Text from PDF, DOCX and OCR flattens the two columns in any order,
joins lines or splits them, keeps or loses the motto and the blank lines. So the block is not
read in a fixed order: its marks (the mottos, the number, the date line) are found wherever they
are and blanked, and what is left before the type line is the issuer column, in its own order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from extractors.facts.heading import is_upper, iso, lines, squash
from extractors.facts.rules import FactRules, fold, unmarked

HEAD_SCAN = 5000  # the type line is looked for in the first characters
MARK_SCAN = 2000  # the mottos, the number and the date line of a heading block are in its first characters
_MOTTO_LINES = 2  # the national motto's two lines (`CỘNG HÒA …`, `Độc lập …`)
_LOOSE_SCAN = 1000  # and, in every layout, in the first of them (where a mark OCR misread is looked for again)
_PLACE_REACH = 60  # how far before its date words the place of the date line may begin
_DECORATION = " \t|*#_=~-–—.…·•:;,()[]"  # what a flattened table or a rule line leaves around an issuer line
_CARRIED = (",", "-", "–", "&")  # the marks an issuer line that goes on ends with, kept in the joined name
_SHORT_PREFIX = 12  # `NGHỊ / QUYẾT`: the first half of a type name split over two lines is at most this long
_ISSUER_LINE = 160  # an issuer line is never longer: a longer line is prose
_STRAY_WORDS = 3  # a line of more words that is no issuer line is a headline or prose, not a stray fragment
_ISSUER_WORDS = 12  # nor has more words when it is not in upper case
_LINE_LOOK = 200  # how much of a line the type line and issuer tests read
_SHORT_LINE = 40  # a type line alone, a draft mark: never longer
_ADDRESSEE_REACH = 400  # a letter's `Kính gửi` follows its number within this many characters


@dataclass(frozen=True)
class Mark:
    """A part of the heading block that is not the issuer column: a motto, the number, the date line."""

    start: int
    end: int
    kind: Literal["motto", "number", "date"]
    value: str | None = None  # the number and symbol, or the ISO date
    worded: bool = False  # a date line with its words (`ngày … tháng … năm`), not a bare `03/7/2024`
    placed: bool = False  # a date line with its place (`Phổ An, ngày …`)


@dataclass(frozen=True)
class Piece:
    """One body of the issuer column (`UBND TỈNH BÌNH THUẬN`, `SỞ NỘI VỤ`), as written, by offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class HeadingBlock:
    """What the heading block and the title state: type, number, date, the issuer column, the title."""

    doc_type: str
    number: str | None
    date: str | None
    bodies: tuple[Piece, ...]  # the issuer column, its parent first and the issuer last
    title: str | None
    title_start: int
    title_end: int
    clean: str  # the text with the block's marks blanked (same length, so offsets hold)


@dataclass
class _Scan:
    """What the lines above the current one were: all heading block material, any evidence of one."""

    material: bool = True  # every line so far could belong to a heading block
    evidence: bool = False  # an issuer line or a mark was seen
    continues: bool = False  # the last issuer line goes on to the next (`SỞ`, `PHÒNG TÀI CHÍNH -`)


def read_block(r: FactRules, flat: str) -> HeadingBlock | None:
    """The heading block of `flat` (emphasis dropped), or None when the text has no type line and is no letter."""
    head = flat[:HEAD_SCAN]
    marks = find_marks(r, head[:MARK_SCAN])
    split = _blanked(head, marks, "\n")
    found = _type_line(r, split, marks)
    if found is None:
        return _untyped(r, flat, head, marks)
    doc_type, at, title_at, tail, letter = found
    end = _letter_end(r, split, at) if letter else at
    kept = [m for m in marks if m.start < end]
    number = next((m for m in kept if m.kind == "number" and m.start < at), None) or next(
        (m for m in kept if m.kind == "number"), None
    )
    date = next((m for m in kept if m.kind == "date" and (m.placed or m.start < at)), None)
    clean = _blanked(flat, kept, " ")
    bodies = issuer_column(r, _blanked(head, kept, "\n"), at)
    if letter:  # a letter's symbol names no kind (`1234/STC-NS`); a report sent with a `V/v` line keeps its own
        doc_type = symbol_type(r, number.value if number else None) or r.letter_type
    assert doc_type is not None
    title, t_start, t_end = admin_title(r, clean, title_at, tail=tail)
    return HeadingBlock(
        doc_type=doc_type,
        number=number.value if number else None,
        date=date.value if date else None,
        bodies=tuple(bodies),
        title=title,
        title_start=t_start,
        title_end=t_end,
        clean=clean,
    )


def _untyped(r: FactRules, flat: str, head: str, marks: list[Mark]) -> HeadingBlock | None:
    """A heading block whose type line is lost (OCR, a table export): an issuer above a number whose symbol
    names the kind (`Số: 12/BC-UBND`)."""
    number = next((m for m in marks if m.kind == "number" and m.value), None)
    if number is None:
        return None
    kept = [m for m in marks if m.start < number.end + _PLACE_REACH * 2]
    split = _blanked(head, kept, "\n")
    doc_type = symbol_type(r, number.value)
    if doc_type is None and r.addressee.search(split, number.end, number.end + _ADDRESSEE_REACH):
        doc_type = r.letter_type  # `Số: 1234/UBND-VX … Kính gửi: …`: a letter that gives no subject line
    if doc_type is None:
        return None
    bodies = issuer_column(r, split, number.start)
    if not bodies:
        return None
    date = next((m for m in kept if m.kind == "date"), None)
    clean = _blanked(flat, kept, " ")
    after = max(m.end for m in kept)
    title, t_start, t_end = admin_title(r, clean, after)
    return HeadingBlock(
        doc_type=doc_type,
        number=number.value,
        date=date.value if date else None,
        bodies=tuple(bodies),
        title=title,
        title_start=t_start,
        title_end=t_end,
        clean=clean,
    )


# ---------------------------------------------------------------- marks


def find_marks(r: FactRules, head: str) -> list[Mark]:
    """The mottos, numbers and date lines of `head`, in order, none overlapping another.

    Their words are looked for as written; where that finds some marks of a heading block but not all, the
    ones missing are looked for again in the block's first characters with their letters' marks as OCR may
    misread them (`Só:`, `CỘNG HOÀ`, `ngày 2® tháng`), which costs too much to do on every text."""
    low = head.lower()
    if len(low) != len(head):  # a letter whose lower case is longer (`İ`): look in the text as it is
        low = head
    marks = _marks(r, head, low, r.motto, r.own_number, r.date_words)
    kinds = [m.kind for m in marks]
    if marks and (kinds.count("motto") < _MOTTO_LINES or "number" not in kinds or "date" not in kinds):
        patterns = (
            r.motto_loose if kinds.count("motto") < _MOTTO_LINES else None,
            r.own_number_loose if "number" not in kinds else None,
            r.date_words_loose if "date" not in kinds else None,
        )
        marks += _marks(r, head, low[:_LOOSE_SCAN], *patterns)
    marks.sort(key=lambda k: (k.start, -k.end))
    out: list[Mark] = []
    for mark in marks:
        if out and mark.start < out[-1].end:
            continue
        out.append(mark)
    return out


def _marks(
    r: FactRules,
    head: str,
    low: str,
    motto: re.Pattern[str] | None,
    number: re.Pattern[str] | None,
    date_words: re.Pattern[str] | None,
) -> list[Mark]:
    """The marks the patterns given find in `low` (a pattern None: that kind is not looked for)."""
    marks = [Mark(m.start(), m.end(), "motto") for m in motto.finditer(low)] if motto else []
    for m in number.finditer(low) if number else ():
        mark = _number(m, head)
        if mark is not None:
            marks.append(mark)
    for pattern, worded in ((date_words, True), (r.date_digits if date_words is r.date_words else None, False)):
        for m in pattern.finditer(low) if pattern else ():
            mark = _date(r, m, head, low, worded)
            if mark is not None:
                marks.append(mark)
    return marks


def _number(m: re.Match[str], head: str) -> Mark | None:
    """`Số: 12/BC-UBND`, `Số 145-BC/HU`, a blank `Số:     /BC-BCĐ`; not `số 59/BC-…` inside a sentence."""
    if m.start() and head[m.start() - 1].isalpha():
        return None
    colon, rest = m.group("colon"), m.group("rest")
    value = head[m.start("value") : m.end("value")] if m.group("value") else None
    number = "".join(value.split()).rstrip(".") if value else None
    if number is not None and not any(c.isalpha() for c in number):
        number = None  # `Số: 12` without a symbol is no document number
    if not colon:
        if number is None and not rest.startswith("/"):
            return None  # `CHUYỂN ĐỔI SỐ VÀ …`
        line_start = head.rfind("\n", 0, m.start()) + 1
        before = head[line_start : m.start()].split()
        if before and before[-1][:1].islower():
            return None  # `Báo cáo số 320/BC-UBND`: a cited document
    return Mark(m.start(), m.end(), "number", number)


def _date(r: FactRules, m: re.Match[str], head: str, low: str, worded: bool) -> Mark | None:
    """The place-and-date line: its date words with the place before them (`Phường 5, ngày 2 tháng 1 năm 2025`),
    or a place, a comma and `03/7/2024`."""
    start = m.start()
    day = None
    if not worded:  # `03/7/2024`: its day before the first slash
        digits = r.day_digits.search(low, max(0, start - 4), start)
        if digits is None:
            return None
        start, day = digits.start(), digits.group(1)
        if (word := r.day_word_at_end.search(low, max(0, start - 12), start)) is not None:
            start = word.start()  # `Quảng Ngãi, ngày 03/7/2024`
    if start and head[start - 1].isalpha():
        return None
    a = max(0, start - _PLACE_REACH)
    place = r.date_place.search(head[a:start])
    if not worded and (place is None or not (place.group("comma") or place.group("comma2"))):
        return None  # a bare `03/7/2024` is a date line only after its place and comma
    if worded and m.group("junk"):
        day = None  # `ngày 2® tháng 11`: a day OCR misread
    elif worded:
        day = m.group("d")
    value = iso(day, m.group("m"), m.group("y")) or iso(None, m.group("m"), m.group("y"))  # `ngày 79`: the month
    if value is None:
        return None
    return Mark(a + place.start() if place else start, m.end(), "date", value, worded, place is not None)


def _blanked(text: str, marks: list[Mark], first: str) -> str:
    """`text` with each mark blanked: `first` (a line break, to split a flattened line; or a space) then spaces."""
    out, pos = [], 0
    for mark in marks:
        out += [text[pos : mark.start], first, " " * (mark.end - mark.start - 1)]
        pos = mark.end
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------- the type line


def _type_line(r: FactRules, split: str, marks: list[Mark]) -> tuple[str | None, int, int, bool, bool] | None:
    """(doc_type, line start, where the title begins, the title starts on the type line, a letter) of the type
    line or the letter's subject; the doc_type is None for a letter whose kind its symbol must tell."""
    found = lines(split, HEAD_SCAN)
    squashed = [squash(line[:_LINE_LOOK]) for _, line in found]  # a type or issuer line starts in its first part
    scan = _Scan()
    first = next((i for i, s in enumerate(squashed) if s), None)
    for i, (at, raw) in enumerate(found):
        here = squashed[i]
        if not here:
            continue
        evidence = scan.evidence or any(m.start < at and (m.kind != "date" or m.worded) for m in marks)
        placed = any(m.start < at and m.kind in ("number", "date") for m in marks)
        short = len(here) <= _SHORT_LINE
        if short and fold(here) in r.draft_marks:
            continue
        if not scan.continues:
            exact = r.headings.get(here)
            if exact is None and short and _spaced(here):
                exact = r.spaced_headings.get(here.replace(" ", ""))
            # `QUYÉT ĐỊNH`, `BẢO CÁO`: a type line whose marks OCR misread (never `PHƯỜNG AN …`, an issuer's unit)
            misread = (
                scan.material and evidence and is_upper(here) and not r.unit_continuation.match(unmarked(here.lower()))
            )
            if exact is None and misread:
                exact = r.unmarked_headings.get(unmarked(here))
            if exact:
                return exact, at, at + len(raw), False, False
            if len(here) <= _SHORT_PREFIX:
                nxt = next((j for j in range(i + 1, min(i + 3, len(found))) if squashed[j]), None)
                if nxt is not None and f"{here} {squashed[nxt]}" in r.headings:
                    end = found[nxt][0] + len(found[nxt][1])
                    return r.headings[f"{here} {squashed[nxt]}"], at, end, False, False
            if scan.material and evidence:
                m = r.type_start.match(here)
                kinds = r.headings
                if m is None and misread:
                    m, kinds = r.unmarked_type_start.match(unmarked(here)), r.unmarked_headings
                if m and len(here) > m.end():
                    offset = raw.index(here[: m.end()].split()[-1]) + len(here[: m.end()].split()[-1])
                    return (
                        kinds[
                            " ".join(unmarked(here[: m.end()]).split())
                            if kinds is r.unmarked_headings
                            else " ".join(here[: m.end()].split())
                        ],
                        at,
                        at + offset,
                        True,
                        False,
                    )
            if scan.material and placed and short and fold(here) in r.folded_headings:
                return r.folded_headings[fold(here)], at, at + len(raw), False, False
            if scan.material and evidence and r.letter.match(here):
                return None, at, at + raw.index(here[:1]), True, True
        if i == first and here.startswith(r.summary_starts):
            named = r.heading_in_line.search(here)  # the first kind named: the one summarised
            if named:
                return r.headings[named.group()], at, at, False, False
        if scan.material:
            _material(r, raw, scan)
        else:
            scan.continues = False
    return None


def _spaced(line: str) -> bool:
    """`B Á O C Á O`: a type line printed letter-spaced."""
    return len(line) > 2 and all(len(w) == 1 for w in line.split())


def _material(r: FactRules, raw: str, scan: _Scan) -> None:
    """Update `scan` with one line above the type line: issuer pieces, or a line no heading block holds."""
    for part in raw.split("|"):
        piece = part.strip(_DECORATION)
        if not piece:
            continue
        if _issuer_like(r, piece, scan.continues):
            scan.evidence = True
            scan.continues = _continues(r, part)
        elif len(piece.split()) > _STRAY_WORDS:
            scan.material = False  # a headline or a paragraph: no heading block above
            scan.continues = False


def _issuer_like(r: FactRules, piece: str, joining: bool = False) -> bool:
    """An upper-case line, or a short one that opens with a body's head word in any case (`Ủy ban nhân dân xã
    …`), or with a unit word under a line that needs it (`Ủy ban nhân dân / xã Phổ An`); never a sentence."""
    if len(piece) > _ISSUER_LINE:
        return False
    if is_upper(piece):
        return True
    if len(piece.split()) > _ISSUER_WORDS or piece.endswith((".", ";", ":")):
        return False
    lowered = piece.lower()
    return bool(r.body_head.match(lowered) or (joining and r.unit_continuation.match(unmarked(lowered))))


def _continues(r: FactRules, part: str) -> bool:
    """Does an issuer line need the next one (`ỦY BAN NHÂN DÂN`, `… SÁNG TẠO,`, `PHÒNG TÀI CHÍNH -`)? A rule
    under it (`-------`) is no dash that goes on."""
    folded = fold(part)
    if folded.endswith(("--", "––", "__")):
        return False
    bare = fold(part.strip(_DECORATION))
    return bare in r.incomplete or bare in r.name_prefixes or folded.endswith(r.issuer_continues)


def _letter_end(r: FactRules, split: str, at: int) -> int:
    """Where a letter's heading ends: its addressee (`Kính gửi`), else the first paragraph under its subject."""
    for line_at, raw in lines(split[at:], HEAD_SCAN - at):
        line = raw.strip()
        if line_at and (r.not_lead.match(line) or (len(line) >= 80 and not is_upper(line))):
            return at + line_at
    return len(split)


def symbol_type(r: FactRules, number: str | None) -> str | None:
    """The kind a symbol's code names: `12/BC-UBND`, `145-BC/HU` -> Báo cáo; `1234/STC-NS` (a letter's) -> None."""
    if not number:
        return None
    codes = [c for c in number.replace("/", "-").split("-") if c and not c.isdigit()]
    return r.symbol_types.get(codes[0]) if codes else None


# ---------------------------------------------------------------- the issuer column


def issuer_column(r: FactRules, split: str, end: int) -> list[Piece]:
    """The bodies above the type line, parent first: each piece left when the marks are blanked, joined to the
    one above when that needs it (`ỦY BAN NHÂN DÂN / TỈNH LÂM ĐỒNG`, `BỘ / LAO ĐỘNG – …`)."""
    bodies: list[Piece] = []
    joining = False
    for at, raw in lines(split[:end], end):
        pos = 0
        for part in raw.split("|"):
            part_at, pos = at + pos, pos + len(part) + 1
            piece = part.strip(_DECORATION)
            if not piece:
                continue
            if not _issuer_like(r, piece, joining):
                if len(piece.split()) > _STRAY_WORDS:  # prose above: the column starts below it
                    bodies, joining = [], False
                continue
            if _symbol_fragment(piece) or fold(piece) in r.draft_marks:
                continue
            start = part_at + part.index(piece)
            text = " ".join(piece.split())
            written = part.rstrip()
            if written.endswith(_CARRIED) and _continues(r, part):  # `… SÁNG TẠO,` keeps its comma in the name
                text += written[-1] if written[-2:-1] != " " else f" {written[-1]}"
            if bodies and (joining or _unit_after(r, bodies[-1].text, text)):
                bodies[-1] = Piece(bodies[-1].start, start + len(piece), f"{bodies[-1].text} {text}")
            else:
                bodies.append(Piece(start, start + len(piece), text))
            joining = _continues(r, part)
    return [b for b in bodies if len(b.text) >= 3]


def _symbol_fragment(piece: str) -> bool:
    """What a spaced symbol leaves (`C-UBND` of `/B C-UBND`), a lone abbreviation or a number: no body."""
    return (" " not in piece and ("-" in piece or "/" in piece)) or any(c.isdigit() for c in piece.split()[0])


def _unit_after(r: FactRules, above: str, line: str) -> bool:
    """`ỦY BAN NHÂN DÂN XÃ / PHỔ AN` no, `ỦY BAN NHÂN DÂN / XÃ PHỔ AN` yes: a line opening with a unit word
    completes a body above that names no unit yet; `HUYỆN ỦY TUY PHƯỚC` is a body of its own."""
    lowered = line.lower()
    if not r.unit_continuation.match(unmarked(lowered)) or r.committee_name.match(line):
        return False
    return r.unit.search(above) is None


# ---------------------------------------------------------------- the title


def admin_title(r: FactRules, text: str, after: int, tail: bool = False) -> tuple[str | None, int, int]:
    """The subject lines under the type line, up to `Kính gửi`, `Căn cứ` or the first paragraph.

    With `tail`, the title starts on the type line (`BÁO CÁO KẾT QUẢ GIẢM NGHÈO NĂM 2023`, or a letter's
    `V/v …`): it goes on only to lines that continue it, never past a blank line."""
    kept: list[str] = []
    start = end = after
    pos = after
    gap = False  # a blank line under the kept ones: only a line in lower case goes on past it (a wrapped line)
    for raw in text[after : after + 900].split("\n"):
        line_at, pos = pos, pos + len(raw) + 1
        line = squash(raw)
        if not line:
            if tail and not kept:
                break
            gap = bool(kept)
            continue
        if gap and not line[0].islower():
            break
        gap = False
        if kept and not (
            line[0].islower()
            or kept[-1].endswith(r.title_continues)
            or (is_upper(line) and is_upper(kept[-1]))
            or (all(is_upper(k) for k in kept) and r.title_summary.match(line))
        ):
            break
        if (r.title_stop.match(line) and not (tail and not kept)) or len(kept) >= 4:
            break
        if not kept:
            start = line_at + raw.index(line[:1])
        kept.append(line)
        end = line_at + len(raw.rstrip())
    return (" ".join(kept) or None), start, end
