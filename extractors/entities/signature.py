"""The signatory of a document: the name under a signature block, with the capacities printed above it.

    TM. BAN CHỈ ĐẠO              KT. CHÁNH VĂN PHÒNG
    PHÓ TRƯỞNG BAN               PHÓ CHÁNH VĂN PHÒNG
    PHÓ CHỦ TỊCH UBND TỈNH
    Nguyễn Ngọc Phúc             Trịnh Ngọc Duệ

Each upper-case capacity line above the name is a title (`PHÓ TRƯỞNG BAN`, `PHÓ CHỦ TỊCH UBND
TỈNH`); a line opened by `KT.`, `TM.` or `TL.` signs for someone else and closes the block. A
two-column PDF interleaves the block with the list of recipients (`- Như Điều 5; KT. CHỦ TỊCH`,
`- Trung tâm TT; Dương Đức Tuấn`): recipient lines are read past, and the capacity is the
upper-case end of a line.
"""

from __future__ import annotations

from extractors.entities.names import Candidate
from extractors.entities.rules import EntityRules
from extractors.entities.titles import clean_title, signed_for

_MAX_LINES_ABOVE = 14
_FRAME = " \t|*_"  # table borders and (masked) emphasis around a line


def _upper_tail(r: EntityRules, line: str) -> tuple[list[str], bool]:
    """The capacities written in upper case at the end of `line`, and whether a `KT.`/`TM.`/`TL.` sign is there."""
    if line.endswith((";", ",")):
        return [], False  # a recipient, not a capacity
    words = line.split()
    k = len(words)
    while k > 0 and words[k - 1].isupper():
        k -= 1
    tail = " ".join(words[k:])
    if not tail:
        return [], False
    signed = r.authority.search(tail) is not None
    heads = list(r.title_start.finditer(tail))
    capacities = []
    for i, h in enumerate(heads):
        piece = tail[h.start() : heads[i + 1].start() if i + 1 < len(heads) else len(tail)]
        sign = r.authority.search(piece)
        if sign:
            piece = piece[: sign.start()]
        if not signed_for(r, tail, h.start()):
            capacities.append(clean_title(piece))
    return [c for c in capacities if c], signed


def signature_titles(r: EntityRules, text: str, cand: Candidate) -> list[str]:
    """The capacities above a name that closes its line in a signature block; [] when it is no signatory."""
    line_start = text.rfind("\n", 0, cand.start) + 1
    line_end = text.find("\n", cand.end)
    line_end = len(text) if line_end < 0 else line_end
    if text[cand.end : line_end].strip(_FRAME):
        return []
    before = text[line_start : cand.start].strip(_FRAME)
    if before and not (before[-1] in ";." and r.recipient_line.match(text, line_start)):
        return []  # a name inside a line of prose; "- Lưu: VT; Dương Đức Tuấn" is the merged signature column
    capacities: list[str] = []
    pos = line_start
    for _ in range(_MAX_LINES_ABOVE):
        if pos <= 0:
            break
        prev = text.rfind("\n", 0, pos - 1) + 1
        raw = text[prev : pos - 1]
        pos = prev
        line = raw.strip(_FRAME)
        if not line or (line[0] == "(" and line[-1] == ")"):
            continue  # blank, or "(Đã ký)", "(Ký tên, đóng dấu)" between the capacity and the name
        found, signed = _upper_tail(r, line)
        capacities[:0] = found
        if signed:
            break  # "KT. GIÁM ĐỐC": the block's top
        if found or r.recipient_line.match(raw):
            continue
        break  # prose above the block
    return capacities
