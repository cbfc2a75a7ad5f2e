"""Titles and positions around a name: before it, after it, for a group, in a signature block.

Vietnamese writes officials in a few fixed shapes: a title right before the name
(`Chủ tịch UBND tỉnh Phạm Anh Tuấn`), titles after it (`Bùi Văn Lý - Phó Bí thư
Thường trực Thị ủy`, `ông A (Chủ tịch UBND xã B)`), a title given to a group
(`các Ủy viên Bộ Chính trị: …`), an election (`được bầu làm Chủ tịch`), or the
upper-case capacity lines above a signatory's name.
"""

from __future__ import annotations

import regex

from extractors.entities.names import NAME_RUN, Candidate, has_name
from extractors.entities.rules import EntityRules

_SEG_BREAK = regex.compile(r"[,;:!?()“”\"…]|\n(?!\p{Ll})|\.(?=\s|$)|(?<=\p{Ll}\p{Ll})\.(?=\p{Lu})|\s[-–—]\s")
_PAREN = regex.compile(r"\s*\(([^()\n]{2,60})\)")
_GROUP_BREAK = regex.compile(r"[;.\n]")
_LAST_DASH = regex.compile(r"\s[-–—]\s[^-–—]*$")
_DASH_END = regex.compile(r"\s[-–—]\s$")
_HARD_BREAK = regex.compile(r"[,;:!?\n(“”\"…]|\.(?=\s|$)")
_SEP_END = regex.compile(r"\s*(?:,|\s[-–—])\s*$")


def segment_end(r: EntityRules, text: str, pos: int, limit: int = 160) -> int:
    """End of a title that starts at `pos`: the first break, stop word, or dash before another title."""
    end = min(len(text), pos + limit)
    window = text[pos:end]
    cut = len(window)
    for m in _SEG_BREAK.finditer(window):
        if m.group().strip() in ("-", "–", "—") and not r.title_start.match(window, m.end()):
            continue  # a dash inside a title: "Bộ trưởng Lao động - Thương binh và Xã hội"
        cut = m.start()
        break
    stop = r.stop.search(window, 1, cut)
    if stop:
        cut = stop.start()
    place = r.place_end.search(window, 1, cut)
    if place:
        cut = place.end()
    return pos + len(window[:cut].rstrip(" -–—"))


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    return title.strip(" ,;:-–—")


def split_kiem(r: EntityRules, title: str) -> list[str]:
    return [t for t in (clean_title(p) for p in r.kiem.split(title)) if t]


def titles_after(r: EntityRules, text: str, pos: int) -> list[str]:
    """Titles written after a name: `Tên - Title, Title; ...` with organisation continuations."""
    titles: list[str] = []
    for _ in range(6):
        sep = r.post_sep.match(text, pos)
        if not sep or not sep.group().strip():
            break
        head = r.title_start_any_case.match(text, sep.end())
        if not head:
            break
        end = segment_end(r, text, head.start())
        if has_name(r, text, head.start(), end):
            break  # "…, Thủ tướng Chính phủ Phạm Minh Chính": the next person, not a title
        title = text[head.start():end]
        cont = r.org_cont.match(text, end)
        if cont:
            cont_end = segment_end(r, text, cont.start(1))
            title = f"{title}, {text[cont.start(1):cont_end]}"
            end = cont_end
        paren = _PAREN.match(text[end:])
        if paren and paren.group(1)[0].isupper() and not any(ch.isdigit() for ch in paren.group(1)):
            title = f"{title} ({paren.group(1)})"
            end += paren.end()
        titles.extend(split_kiem(r, title))
        pos = end + (1 if text[end:end + 1] == ")" and "(" in sep.group() else 0)
    elected = r.elected.match(text, pos)
    if elected:
        head = r.title_start.match(text, elected.end())
        if head:
            titles.append(clean_title(text[head.start():segment_end(r, text, head.start())]))
    return titles


def group_title(r: EntityRules, text: str, start: int) -> list[str]:
    """`các Ủy viên Bộ Chính trị: Chủ tịch nước Lương Cường, Thủ tướng …`: the group title applies to each."""
    lo = max(0, start - 300)
    window = text[lo:start]
    colon = window.rfind(":")
    if colon < 0 or _GROUP_BREAK.search(window, colon):
        return []
    m = r.group_title.search(window[:colon])
    return [clean_title(m.group(1))] if m else []


def titles_before(r: EntityRules, text: str, start: int) -> list[str]:
    """The title right before a name: `Chủ tịch UBND tỉnh Phạm Anh Tuấn`, `Phó GĐ Sở: ông Tân`."""
    lo = max(0, start - 200)
    window = text[lo:start]
    without = r.honorific_suffix.strip(window)
    if without is not None:
        # "Phó GĐ Sở: ông Trần Ngọc Tân", "Giám đốc Sở Y tế, ông Nguyễn Văn A"
        window = without.rstrip()
        if not window.endswith((":", ",")):
            return []
        comma = window.endswith(",")
        window = window[:-1]
        if comma:
            clause = window[max(window.rfind(c) for c in ",;:.\n") + 1:]
            if any(run.group().split()[0] in r.surnames and " " in run.group() for run in NAME_RUN.finditer(clause)):
                return []  # the clause before the comma names someone else
    window = window.rstrip()
    while window.endswith(")"):
        opened = window.rfind("(")
        if opened < 0:
            break
        window = window[:opened].rstrip()
    # clause: back to the last break; a dash only breaks when a title follows it
    cut = 0
    for m in _SEG_BREAK.finditer(window):
        cut = m.end()
    clause_start = cut
    tail = window[clause_start:]
    if not r.title_start.search(tail):
        dash = _LAST_DASH.search(window)
        if not dash:
            return []
    heads = list(r.title_start.finditer(window, clause_start))
    if not heads:
        prev = window[:clause_start]
        if _DASH_END.search(prev):
            sub = _titles_before_dash(r, window, clause_start)
            return sub
        return []
    for h in heads:
        segment = window[h.start():]
        if r.stop.search(segment) or _SEG_BREAK.search(segment):
            continue
        parts = r.va_head.split(segment)
        if len(parts) > 1:
            return split_kiem(r, parts[-1])
        return _preceding_titles(r, window, h.start()) + split_kiem(r, segment)
    return []


def _preceding_titles(r: EntityRules, window: str, pos: int) -> list[str]:
    """More titles chained before the one next to the name: `Tỉnh ủy viên, Giám đốc Sở Y tế Nguyễn Văn A`."""
    found: list[str] = []
    for _ in range(3):
        sep = _SEP_END.search(window, 0, pos)
        if not sep:
            break
        body = window[:sep.start()]
        start = 0
        for m in _SEG_BREAK.finditer(body):
            start = m.end()
        if has_name(r, body, max(0, start - 40), start):
            break  # "Ông A, Giám đốc Sở X, …": that title belongs to A
        head = next((h for h in r.title_start.finditer(body, start) if not r.stop.search(body, h.end())), None)
        if head is None or has_name(r, body, head.start(), len(body)):
            break
        found[:0] = split_kiem(r, body[head.start():])
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
        segment = window[h.start():]
        if r.stop.search(segment) or _HARD_BREAK.search(segment):
            continue
        return split_kiem(r, segment)
    return []


def signature_title(r: EntityRules, text: str, cand: Candidate) -> list[str]:
    """A name alone on its line under an upper-case title line (`GIÁM ĐỐC` … `Đỗ Văn Chung`)."""
    line_start = cand.start
    while line_start > 0 and text[line_start - 1] in " \t":
        line_start -= 1
    after = cand.end
    while after < len(text) and text[after] in " \t\r":
        after += 1
    if (line_start > 0 and text[line_start - 1] != "\n") or (after < len(text) and text[after] != "\n"):
        return []
    above_start = line_start
    for _ in range(8):  # up to eight lines above, nearest first
        if above_start <= 0:
            break
        prev_start = text.rfind("\n", 0, above_start - 1) + 1
        line = text[prev_start:above_start - 1]
        above_start = prev_start
        m = r.upper_title.search(line.strip()) if line.rstrip()[-1:].isupper() else None
        if m:
            return [m.group(1)]
    return []


def is_byline(r: EntityRules, text: str, pos: int) -> bool:
    line_start = max(text.rfind("\n", max(0, pos - 200), pos) + 1, pos - 200, 0)
    return bool(r.byline.match(text, line_start)) or text[max(line_start, pos - 8):pos].rstrip().endswith(
        r.credit_ends)


def role_of(r: EntityRules, sentence: str) -> str | None:
    for role, pattern in r.role_words:
        if pattern.search(sentence):
            return role
    return None
