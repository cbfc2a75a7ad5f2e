"""Organisations and places: a head and its proper name (`Sở Giáo dục và Đào tạo`), a unit word and
its name (`xã Thanh Tân`), the provinces, fixed spellings (`TP.HCM`); abbreviations expanded.
"""

from __future__ import annotations

import bisect
import functools
import re

import regex

from extractors.entities.names import sentence_of, sentence_offsets
from extractors.entities.rules import EntityRules
from extractors.sentences import SentenceIndex
from schemas.models import Entity, EntityType

_ABBR_DOTS = regex.compile(r"(?:\p{Lu}+\.)+")
# a token: no blank (`regex`'s \s, Unicode White_Space, written out) and no punctuation; the stdlib `re`
# runs this plain character class about three times faster than `regex`
TOKEN_BLANKS = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TOKEN_CHAR = rf"[^{TOKEN_BLANKS},;:!?()“”\"…]"
_TOKEN_RUN = re.compile(rf" ?({TOKEN_CHAR}+(?: {TOKEN_CHAR}+)*)")


def _tokens_from(text: str, pos: int, limit: int = 90, most: int = 30) -> list[tuple[int, int, str]]:
    """At most `most` tokens separated by single spaces from `pos`, up to the first punctuation or line break."""
    run = _TOKEN_RUN.match(text, pos, min(len(text), pos + limit))
    if not run:
        return []
    out: list[tuple[int, int, str]] = []
    offset = run.start(1)
    words = run.group(1)
    if "." not in words:  # no token ends with a dot: the quick, common case
        for tok in words.split(" ", most)[:most]:
            end = offset + len(tok)
            out.append((offset, end, tok))
            offset = end + 1
        return out
    for tok in words.split(" ", most)[:most]:
        if tok.endswith(".") and len(tok) > 1 and not _ABBR_DOTS.fullmatch(tok, None, None, False):
            out.append((offset, offset + len(tok) - 1, tok[:-1]))
            break
        out.append((offset, offset + len(tok), tok))
        offset += len(tok) + 1
    return out


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def place_after_unit(r: EntityRules, text: str, pos: int) -> int:
    """End of `unit Name` starting at `pos` (a unit word), or -1."""
    unit = r.unit_at.match(text, pos, None, False)  # `concurrent` False: see names.CONCURRENT
    if not unit:
        return -1
    after = unit.end()
    fixed = r.fixed_at.match(text, after + (1 if text[after : after + 1] == " " else 0), None, False)
    if fixed:
        return fixed.end()
    toks = _tokens_from(text, after, 60, most=4)
    end = -1
    for k, (_, e, tok) in enumerate(toks):
        name_word = _is_cap(tok) and not tok.isupper()
        unit_number = k == 0 and tok.isdigit() and len(tok) <= 2 and text[e : e + 1] != "%"  # quận 1
        if name_word or unit_number:
            end = e
        else:
            break
    return end


def organisation_end(r: EntityRules, text: str, head_end: int, kind: str) -> int:
    """Walk the proper name and the unit-and-place that follow an organisation head."""
    toks = _tokens_from(text, head_end)
    end, lower_run, k = head_end, 0, 0
    named = 0
    while k < len(toks):
        s, e, tok = toks[k]
        if tok in r.unit_set or (k + 1 < len(toks) and f"{tok} {toks[k + 1][2]}" in r.unit_words):
            place_end = place_after_unit(r, text, s)
            if place_end > 0:
                return place_end
            if kind == "unit" and not named:  # "UBND thị xã", "Hội Nông dân huyện"
                unit = r.unit_at.match(text, s, None, False)
                return unit.end() if unit and not unit.group().startswith(r.abbreviated_city_words) else end
            return end
        if _is_cap(tok) or "&" in tok:
            end, lower_run, named = e, 0, named + 1
        elif (
            tok in r.name_connectors
            and k + 1 < len(toks)
            and _is_cap(toks[k + 1][2])
            and not r.title_start.match(text, toks[k + 1][0])
            and not r.org_heads.match(text, toks[k + 1][0])
        ):
            pass  # a connector inside the name: "Sở Lao động - Thương binh và Xã hội"
        elif (
            tok.islower()
            and tok not in r.stop_set
            and named
            and lower_run < 1
            and toks[k - 1][2].istitle()
            and not (k + 1 < len(toks) and f"{tok} {toks[k + 1][2]}" in r.stop_pairs)
        ):
            end, lower_run = e, lower_run + 1
            # a longer lower-case tail is kept when a unit word follows it:
            # "Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An"
            j = k + 1
            while (
                j < len(toks)
                and j <= k + 3
                and toks[j][2].islower()
                and toks[j][2] not in r.stop_set
                and toks[j][2] not in r.unit_set
                and toks[j][2] not in r.name_connectors
            ):
                j += 1
            if j > k + 1 and j < len(toks) and toks[j][2] in r.unit_set and toks[j - 1][2] not in r.not_unit_words:
                end, k = toks[j - 1][1], j - 1
        elif kind == "unit" and tok.islower() and tok not in r.stop_set and lower_run < 10:
            # "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã": a descriptor before the unit
            look = k
            while look < len(toks) and toks[look][2].islower() and toks[look][2] not in r.unit_set:
                look += 1
            if (
                look < len(toks)
                and toks[look][2] in r.unit_set
                and look - k <= 10
                and not any(t[2] in r.stop_set for t in toks[k:look])
            ):
                lower_run = 0
                k = look
                continue
            break
        else:
            break
        k += 1
    return end


@functools.lru_cache(maxsize=4096)
def normalize_name(r: EntityRules, name: str) -> str:  # r is hashed by identity: one per lexicon
    """Expand abbreviations (`UBND` -> `Ủy ban nhân dân`, `TP.HCM` -> `thành phố Hồ Chí Minh`)."""
    out = r.abbr.sub(lambda m: r.abbreviations.get(" ".join(m.group().split()), m.group()), name)
    out = r.city_glued.sub(r"\1 ", out)
    return " ".join(out.split())


def find_organisations_and_places(
    r: EntityRules, text: str, index: SentenceIndex, people: list[Entity]
) -> list[Entity]:
    taken = [(p.start, p.end) for p in people]
    spans: list[tuple[EntityType, int, int]] = []
    pos = 0
    while True:
        m = r.org_heads_scan.search(text, pos)
        if not m:
            break
        kind = m.lastgroup or "named"
        if kind == "named" and not (
            text[m.end() : m.end() + 1] == " "
            and (text[m.end() + 1 : m.end() + 2].isupper() or r.unit_at.match(text, m.end() + 1, None, False))
        ):
            pos = m.end()  # "Ban", "Hội", "Bộ" without a proper name after them
            continue
        end = m.end() if kind == "standalone" else organisation_end(r, text, m.end(), kind)
        pos = max(end, m.end())
        if kind == "named" and end <= m.end():
            continue
        spans.append(("ORG", m.start(), end))
    for m in r.unit_place_scan.finditer(text):
        before = text[max(0, m.start() - 20) : m.start()]
        if r.org_heads.match(text, m.start(), None, False) or r.not_unit_after.ends(before):
            continue  # "Tỉnh Đoàn Lâm Đồng" is an organisation
        end = place_after_unit(r, text, m.start())
        if end > 0:
            spans.append(("LOC", m.start(), end))
    for m in r.fixed_scan.finditer(text):
        spans.append(("LOC", m.start(), m.end()))
    for m in r.province_scan.finditer(text):
        spans.append(("LOC", m.start(), m.end()))
    out: list[Entity] = []
    seen: set[tuple[str, int, int]] = set()
    starts = [a for a, _ in taken]
    loc_spans = sorted((s, e) for k, s, e in spans if k == "LOC")
    loc_starts = [a for a, _ in loc_spans]
    for kind, s, e in spans:
        i = bisect.bisect_right(starts, s)
        if i < len(starts) and starts[i] < e:
            e = starts[i]  # an organisation ends where a person's name begins
        while e > s and text[e - 1] in " -–&,.":
            e -= 1
        if e - s < 2 or (i > 0 and taken[i - 1][1] > s) or (kind, s, e) in seen:
            continue
        if kind == "LOC":
            j = bisect.bisect_right(loc_starts, s)
            if any(a <= s and e <= b and (a, b) != (s, e) for a, b in loc_spans[max(0, j - 3) : j]):
                continue  # a province inside "tỉnh Lâm Đồng"
        seen.add((kind, s, e))
        span = text[s:e]
        sentence = sentence_of(text, index, s, e)
        at, to = sentence_offsets(text, sentence, s, e)
        out.append(
            Entity(
                type=kind,
                text=span,
                start=s,
                end=e,
                sentence=sentence,
                sentence_start=at,
                sentence_end=to,
                normalized=normalize_name(r, span),
            )
        )
    return out
