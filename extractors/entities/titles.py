"""Titles and positions around a name, as a grammar: a head and its organisation tail, chained.

A title is a head (`Phó Chủ tịch`, `Cục trưởng`, a rank such as `Thượng tá`) and the tail of
its organisation (`UBND huyện Hoài Ân`). Titles come before the name (`Chủ tịch UBND tỉnh Phạm
Anh Tuấn`), after it joined by `,` or `-` (`Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy, Trưởng
Ban Chỉ đạo thị xã`), in brackets (`ông A (Chủ tịch UBND xã B)`, `(nay là Phó Chủ tịch UBND
tỉnh)`), for a group (`các Ủy viên Bộ Chính trị: …`), by election (`được bầu làm Chủ tịch`) or
by office (`… làm trưởng đoàn`). A comma does not end a tail that goes on: the next level of an
address (`phường 4, quận Gò Vấp`), another field of the same body (`Ủy ban Tài chính, Ngân
sách`), or the body it belongs to (`Trưởng Phòng Đào tạo, trường ĐH Dược Hà Nội`). A rank is
always a title of its own, and so is each capacity of an upper-case signature line.
"""

from __future__ import annotations

import itertools

import regex

from extractors.entities.names import NAME_RUN, has_name
from extractors.entities.organisations import organisation_end, place_after_unit
from extractors.entities.rules import EntityRules

_PAREN = regex.compile(r"\s*\(([^()\n]{2,60})\)")
_GROUP_BREAK = regex.compile(r"[;.\n]")
_GROUP_TITLE_BREAK = regex.compile(r"[,;:.\n]")
_LAST_DASH = regex.compile(r"\s[-–—]\s[^-–—]*$")
_DASH_END = regex.compile(r"\s[-–—]\s$")
_HARD_BREAK = regex.compile(r"[,;:!?\n(“”\"…]|\.(?=\s|$)")
_SEP_END = regex.compile(r"\s*(?:,|\s[-–—])\s*$")
_COMMA = regex.compile(r"\s*,\s*")
_AFTER_COMMA = regex.compile(r"\s*([\p{L}]+)")
_NEXT_WORDS = regex.compile(r"\s+(\p{Ll}+)(?:\s+(\p{Ll}+))?")
_PREV_WORD = regex.compile(r"(\p{L}+)\s+$")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_CLAUSE_PUNCT = regex.compile(r"[;:.!?\n()]")
_STATUS_SEP = regex.compile(r"\s*(?:,|\s[-–—]\s)\s*")


def _is_whole_stop(r: EntityRules, text: str, m: regex.Match[str]) -> bool:
    """A stop word is a word: `dự` stops a title, the `dự` of `dự án` and the `làm` of `việc làm` do not."""
    word = m.group().lower()
    if word in r.noun_first_stops:
        after = _NEXT_WORDS.match(text, m.end())
        if after:
            nouns = (f"{word} {after.group(1)}", f"{word} {after.group(1)} {after.group(2) or ''}".rstrip())
            if any(n in r.dictionary and n not in r.stop_words for n in nouns):
                return False
    if word in r.noun_last_stops:
        before = _PREV_WORD.search(text, max(0, m.start() - 12), m.start())
        if before and f"{before.group(1).lower()} {word}" in r.dictionary:
            return False
    return True


def find_stop(r: EntityRules, text: str, start: int, end: int) -> regex.Match[str] | None:
    """The first stop word of text[start:end] that is a whole word."""
    pos = start
    while pos < end:
        m = r.stop.search(text, pos, end, False)
        if m is None or _is_whole_stop(r, text, m):
            return m
        pos = m.end()
    return None


def segment_end(r: EntityRules, text: str, pos: int, limit: int = 160) -> int:
    """End of a title that starts at `pos`: the first break, stop word, or dash before another title."""
    end = min(len(text), pos + limit)
    window = text[pos:end]
    cut = len(window)
    for m in r.seg_break.finditer(window, None, None, False, False):
        if m.group().strip() in ("-", "–", "—") and not r.title_start.match(window, m.end()):
            continue  # a dash inside a title: "Bộ trưởng Lao động - Thương binh và Xã hội"
        cut = m.start()
        break
    stop = find_stop(r, window, 1, cut)
    if stop:
        cut = stop.start()
    for m in r.joiner.finditer(window, 1, cut) if any(w in window for w in r.joiner_words) else ():
        if r.lead_at.match(window, m.end()) or _name_at(r, window, m.end()):
            cut = m.start()  # "Trợ lý Bộ CHQS tỉnh và Tiến sĩ Lê Mộng Huyền": the next person
            break
    place = r.place_end.search(window, 1, cut, False)
    if place:
        cut = place.end()
    return pos + len(window[:cut].rstrip(" -–—"))


def _name_at(r: EntityRules, text: str, pos: int) -> bool:
    """Does a person-shaped name start at `pos` (`Nguyễn Văn A`, not `Đào tạo`)?"""
    run = NAME_RUN.match(text, pos)
    return run is not None and " " in run.group() and has_name(r, text, pos, run.end())


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    return title.strip(" ,;:-–—")


def _is_field(r: EntityRules, words: list[str]) -> bool:
    """Two words that name a field of work as a body's name writes it: `Tài chính`, `Thông tin`."""
    return len(words) == 2 and words[0][:1].isupper() and " ".join(words).lower() in r.dictionary


def _unit_level(r: EntityRules, words: list[str]) -> tuple[int, str]:
    """The level and word of the unit word that `words` start with (0 when none): `thị xã` -> 3."""
    for n in (3, 2, 1):
        unit = " ".join(words[:n]).lower()
        if len(words) >= n and unit in r.unit_levels:
            return r.unit_levels[unit], unit
    return 0, ""


def _goes_up(r: EntityRules, title: str, after: str) -> bool:
    """Is the unit after the comma a higher level than the last unit of `title` (`phường 4, quận 3`)?"""
    words = title.split()
    prev = (0, "")
    for k in range(len(words) - 1, 0, -1):  # the last unit word of the title (never its head's first word)
        prev = _unit_level(r, words[k:])
        if prev[0]:
            break
    nxt = _unit_level(r, after.split())
    if not prev[0] or not nxt[0]:
        return False
    return nxt[0] > prev[0] or (nxt[0] == prev[0] and nxt[1] in r.city_levels and prev[1] not in r.city_levels)


def _may_continue(r: EntityRules, text: str, comma: int) -> bool:
    """A quick look past a comma: could a body's name go on there (a unit word, a body, a capitalised word)?"""
    nxt = _AFTER_COMMA.match(text, comma + 1, None, False)
    return nxt is not None and (nxt.group(1)[0].isupper() or nxt.group(1) in r.unit_first_words)


def continuation_end(r: EntityRules, text: str, end: int, title: str) -> int | None:
    """Where the organisation of `title` (ending at `end`) goes on past a comma, or None.

    Three ways a tail goes on: the body it belongs to (`Trưởng Phòng Đào tạo, trường ĐH Dược`),
    the next level of its address (`Chủ tịch Hội LHPN phường 4, quận Gò Vấp`), and another
    field of one body (`Chủ nhiệm Ủy ban Tài chính, Ngân sách của Quốc hội`).
    """
    cont = r.org_cont.match(text, end, None, False)
    if cont:
        return segment_end(r, text, cont.start(1))
    place = r.place_cont.match(text, end, None, False)
    if place and _goes_up(r, title, text[place.end() : place.end() + 12]):
        place_end = place_after_unit(r, text, place.end())
        if place_end > place.end():
            return place_end
    comma = _COMMA.match(text, end, None, False)
    if comma is None or not _is_field(r, title.split()[-2:]):
        return None
    start = comma.end()
    words = _WORD.findall(text, start, start + 40)[:2]
    if (
        not _is_field(r, words)
        or r.title_start_any_case.match(text, start)
        or r.org_heads.match(text, start)
        or words[0] in r.surnames
    ):
        return None
    seg_end = segment_end(r, text, start)
    if has_name(r, text, start, seg_end):
        return None
    return seg_end


def split_title(r: EntityRules, title: str) -> list[str]:
    """One written title as its capacities: joined by `kiêm`, a rank inside it, an upper-case signature line.

    `Bí thư Huyện ủy kiêm Chủ tịch UBND huyện` -> two; `Giám đốc Công an tỉnh Đại tá` -> two;
    `PHÓ TRƯỞNG BAN PHÓ CHỦ TỊCH UBND TỈNH` -> two.
    """
    out: list[str] = []
    for part in r.kiem.split(title) if any(w in title for w in r.title_joiner_words) else [title]:
        upper = part.isupper()
        if upper:
            cuts = [m.start() for m in r.title_start.finditer(part)]
        elif r.rank_first_words.isdisjoint(part.lower().split()):
            cuts = []
        else:  # a rank is a title of its own, so it also ends the title before it
            cuts = [i for m in r.rank.finditer(part) for i in (m.start(), m.end())]
        bounds = sorted({0, len(part), *cuts})
        out += [t for t in (clean_title(part[a:b]) for a, b in itertools.pairwise(bounds)) if t]
    return out


def signed_for(r: EntityRules, text: str, pos: int) -> bool:
    """Does a `KT.`, `TM.` or `TL.` sign stand right before `pos` (the capacity after it is someone else's)?"""
    before = text[max(0, pos - 10) : pos].rstrip()
    m = r.authority_end.search(before, None, None, False)
    return m is not None


def _paren_title(r: EntityRules, text: str, pos: int) -> tuple[list[str], int] | None:
    """`(nay là Phó Chủ tịch UBND tỉnh)`: a later post in brackets; `(nay là xã B)` is skipped, no title."""
    if "(" not in text[pos : pos + 3]:
        return None
    m = r.current_paren.match(text, pos)
    if not m:
        return None
    close = text.find(")", m.end(), m.end() + 120)
    if close < 0:
        return None
    head = r.title_start_any_case.match(text, m.end())
    titles = split_title(r, text[head.start() : close]) if head else []
    return titles, close + 1


def _status_end(r: EntityRules, text: str, pos: int) -> int | None:
    """`, thương binh hạng 2/4,`: a status after a name is skipped to the next separator, never a title."""
    status = r.status.match(text, pos)
    if not status:
        return None
    brk = _CLAUSE_PUNCT.search(text, status.end(), status.end() + 60)
    sep = _STATUS_SEP.search(text, status.end(), brk.start() if brk else status.end() + 60)
    return sep.start() if sep else None


def titles_after(r: EntityRules, text: str, pos: int) -> list[str]:
    """Titles written after a name: `Tên - Title, Title (nay là Title); ...` with their organisation tails."""
    titles: list[str] = []
    for _ in range(8):
        paren = _paren_title(r, text, pos)
        if paren:
            titles += paren[0]
            pos = paren[1]
            continue
        sep = r.paren_sep.match(text, pos, None, False)
        if sep is None or not r.title_start_any_case.match(text, sep.end()):
            sep = r.post_sep.match(text, pos, None, False)
        opened = sep is not None and "(" in sep.group()
        if not sep or not sep.group().strip():
            copula = r.copula_sep.match(text, pos, None, False) if not titles else None
            if copula and r.title_start_any_case.match(text, copula.end()):
                sep_end = copula.end()  # "bà Trần Thị Bình là Chủ tịch Hội Phụ nữ xã"
            else:
                # a title glued to the name: "bà Đặng Thị Hồng Mai Chủ tịch Hội LHPN tỉnh"
                glued = (
                    r.title_start.match(text, pos + 1)
                    if text[pos : pos + 1] == " " and text[pos + 1 : pos + 2].isupper() and not titles
                    else None
                )
                if glued is None or glued.end() <= pos + 1 + len(glued.group().split()[0]):
                    break
                sep_end = pos + 1
        else:
            sep_end = sep.end()
        head = r.title_start_any_case.match(text, sep_end, None, False)
        if not head:
            status_end = _status_end(r, text, sep_end)
            if status_end is None:
                break
            pos = status_end
            continue
        end = segment_end(r, text, head.start())
        if has_name(r, text, head.start(), end):
            break  # "…, Thủ tướng Chính phủ Phạm Minh Chính": the next person, not a title
        title = text[head.start() : end]
        for _ in range(3):
            cont_end = continuation_end(r, text, end, title)
            if cont_end is None:
                break
            title, end = f"{title}{text[end:cont_end]}", cont_end
        named = None if r.current_paren.match(text, end, None, False) else _PAREN.match(text, end, None, False)
        if named and named.group(1)[0].isupper() and not any(ch.isdigit() for ch in named.group(1)):
            title = f"{title} ({named.group(1)})"
            end = named.end()
        titles.extend(split_title(r, title))
        pos = end + (1 if opened and text[end : end + 1] == ")" else 0)
    for link in (r.elected, r.acting):
        m = link.match(text, pos, None, False)
        head = r.title_start_any_case.match(text, m.end()) if m else None
        if head:
            end = segment_end(r, text, head.start())
            titles.extend(split_title(r, text[head.start() : end]))
            pos = end
    return titles


def group_title(r: EntityRules, text: str, start: int) -> list[str]:
    """`các Ủy viên Bộ Chính trị: Chủ tịch nước Lương Cường, Thủ tướng …`: the group title applies to each."""
    lo = max(0, start - 300)
    window = text[lo:start]
    colon = window.rfind(":")
    if colon < 0 or _GROUP_BREAK.search(window, colon):
        return []
    for m in r.group_lead.finditer(window, 0, colon):
        if r.title_start.match(window, m.end()) and not _GROUP_TITLE_BREAK.search(window, m.end(), colon):
            return [clean_title(window[m.end() : colon])]
    return []


def _clause_start(r: EntityRules, window: str) -> int:
    """Where the clause before a name starts: the last break, unless that break is a comma inside a title.

    `Chủ nhiệm Ủy ban Tài chính, Ngân sách của Quốc hội Nguyễn Đức Hải`: the comma joins two fields of one body.
    """
    end = len(window)
    while True:
        m = r.seg_break_last.search(window, 0, end, False)
        if m is None:
            return 0
        if m.group() != "," or not _may_continue(r, window, m.start()):
            return m.end()
        prev = r.seg_break_last.search(window, 0, m.start())
        before = window[prev.end() if prev else 0 : m.start()]
        head = r.title_start.search(before)
        if head is None or continuation_end(r, window, m.start(), before[head.start() :]) is None:
            return m.end()
        end = m.start()


def titles_before(r: EntityRules, text: str, start: int) -> list[str]:
    """The title right before a name: `Chủ tịch UBND tỉnh Phạm Anh Tuấn`, `Phó GĐ Sở: ông Tân`."""
    lo = max(0, start - 200)
    window = raw = text[lo:start]
    without = r.honorific_suffix.strip(window)
    if without is not None:
        # "Phó GĐ Sở: ông Trần Ngọc Tân", "Giám đốc Sở Y tế, ông Nguyễn Văn A", "Chủ tịch UBND xã ông B"
        window = without.rstrip()
        comma = window.endswith(",")
        if window.endswith((":", ",")):
            window = window[:-1]
        if comma:
            clause = window[max(window.rfind(c) for c in ",;:.\n") + 1 :]
            if any(run.group().split()[0] in r.surnames and " " in run.group() for run in NAME_RUN.finditer(clause)):
                return []  # the clause before the comma names someone else
    window = window.rstrip()
    while window.endswith(")"):
        opened = window.rfind("(")
        if opened < 0:
            break
        window = window[:opened].rstrip()
    if r.joiner_end.search(window, None, None, False):
        return []  # "Lê Văn Nam, Chủ tịch UBND huyện và Trần Thị Hoa": that title is the person's before
    clause_start = _clause_start(r, window)
    # the heads of the clause, found once: what `title_start` finds in the clause alone (its look-behind reads the
    # clause's first character alike, as the break before it is no letter nor digit)
    heads = list(r.title_start.finditer(window, clause_start, None, False, False))
    if not heads:
        last = raw[raw.rfind(" ", 0, len(raw) - 1) + 1 : -1]
        if raw.endswith(" ") and last in r.head_last_words:  # "do thẩm phán Nguyễn Văn Minh": a lower-case head
            lower = [m for m in r.title_start_any_case.finditer(raw, max(0, len(raw) - 40)) if m.end() == len(raw) - 1]
            if lower:
                return [clean_title(lower[-1].group())]
        dash = _LAST_DASH.search(window, None, None, False)
        if not dash:
            return []
        prev = window[:clause_start]
        if _DASH_END.search(prev):
            return _titles_before_dash(r, window, clause_start)
        return []
    for h in heads:
        segment = window[h.start() :]
        if find_stop(r, segment, 0, len(segment)) or (
            r.seg_break.search(segment, None, None, False) and _clause_start(r, segment)
        ):
            continue
        joined = [
            m
            for m in r.joiner.finditer(segment, None, None, False, False)
            if r.title_start.match(segment, m.end(), None, False)
        ]
        if joined:  # "Chủ tịch UBND tỉnh và Phó Chủ tịch Nguyễn Văn A": the title after `và` is the name's
            return split_title(r, segment[joined[-1].end() :])
        found = split_title(r, segment)
        if signed_for(r, window, h.start()):
            found = found[1:]  # "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG": signed for the chief, not a title
        return _preceding_titles(r, window, h.start()) + found
    return []


def _preceding_titles(r: EntityRules, window: str, pos: int) -> list[str]:
    """More titles chained before the one next to the name: `Tỉnh ủy viên, Giám đốc Sở Y tế Nguyễn Văn A`."""
    found: list[str] = []
    line = window[window.rfind("\n", 0, pos) + 1 : pos]
    if r.recipient_line.match(line):
        return found  # "- VPUBTP: CVP, PCVP Võ Tuấn Anh": recipients, each their own
    for _ in range(3):
        sep = _SEP_END.search(window, 0, pos, False)
        if not sep:
            break
        body = window[: sep.start()]
        start = 0
        last = r.seg_break_last.search(body)
        start = last.end() if last else 0
        if has_name(r, body, max(0, start - 40), start):
            break  # "Ông A, Giám đốc Sở X, …": that title belongs to A
        head = next(
            (h for h in r.title_start.finditer(body, start) if not find_stop(r, body, h.end(), len(body))), None
        )
        if head is None or has_name(r, body, head.start(), len(body)):
            break
        found[:0] = split_title(r, body[head.start() :])
        pos = head.start()
    return found


def _titles_before_dash(r: EntityRules, window: str, clause_start: int) -> list[str]:
    """`Bộ trưởng Lao động - Thương binh và Xã hội Phạm Thị Hải Chuyền`: a dash inside the title."""
    prev_cut = 0
    body = window[:clause_start]
    for m in _HARD_BREAK.finditer(body):
        prev_cut = m.end()
    heads = list(r.title_start.finditer(window, prev_cut))
    for h in heads:
        segment = window[h.start() :]
        if find_stop(r, segment, 0, len(segment)) or _HARD_BREAK.search(segment):
            continue
        return split_title(r, segment)
    return []


def complete_bare_body(r: EntityRules, text: str, anchor: int, title: str) -> str:
    """`Chủ tịch Hội` after `Hội Phụ nữ xã` in the same sentence is `Chủ tịch Hội Phụ nữ xã`.

    A title whose tail is only a body's head word (`Hội`, `Sở`, `Công ty`) names the body of that
    kind the sentence named before `anchor`; without one it stays as written.
    """
    head = r.title_start_any_case.match(title)
    if head is None:
        return title
    body = title[head.end() :].strip()
    if body not in r.bare_bodies:
        return title
    lo = max(0, anchor - 400)
    brk = max(text.rfind(". ", lo, anchor), text.rfind("\n", lo, anchor), text.rfind(";", lo, anchor))
    lo = max(lo, brk + 1)
    named = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(body)} (?=\p{{Lu}})")  # the body with its name
    starts: list[int] = [m.start() for m in named.finditer(text, lo, anchor)]
    for found in reversed(starts):
        m = r.org_heads.match(text, found)
        end = organisation_end(r, text, m.end(), m.lastgroup or "named") if m else found
        if end > found + len(body) + 1:
            return f"{title[: head.end()]} {' '.join(text[found:end].split())}"
    return title


def is_byline(r: EntityRules, text: str, pos: int) -> bool:
    line_start = max(text.rfind("\n", max(0, pos - 200), pos) + 1, pos - 200, 0)
    return bool(r.byline.match(text, line_start, None, False)) or text[
        max(line_start, pos - 8) : pos
    ].rstrip().endswith(r.credit_ends)


def role_of(r: EntityRules, sentence: str) -> str | None:
    for role, pattern in r.role_words:
        if pattern.search(sentence, None, None, False):  # `concurrent` False: see names.CONCURRENT
            return role
    return None
