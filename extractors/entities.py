"""People with their titles, organisations and places, by rule.

Why rules and not underthesea's CRF `ner()`: it tags `đồng chí Bùi Văn Lý` as a
place, misses `Bộ Chính trị` and costs ~400 ms per 4 KB document. Vietnamese
writes officials in a few fixed shapes, so plain `regex` with word lists from
`extractors/data/` (titles.toml, places.toml, organisations.toml,
abbreviations.tsv) finds them in about a millisecond:

* a name is a run of 2–4 capitalised syllables that starts with a common
  surname (or anything after an honorific such as `ông`, `bà`, `đồng chí`);
* it is a person only with evidence: an honorific before it, a title right
  before it (`Chủ tịch UBND tỉnh Phạm Anh Tuấn`), a title right after it
  (`Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy`), a signature block, or a place
  in a list next to a person;
* a run after `đường`, `trường`, `thành phố`… or matching the gazetteer is a
  place or an organisation, never a person;
* a later short form (`ông Lý`, `chị Kim Tuyết`) takes the full name seen in
  the document, or is dropped.

`extract_entities` never raises: any failure inside yields an empty list.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from extractors.sentences import SentenceIndex
from schemas.models import Entity

_DATA = Path(__file__).resolve().parent / "data"


def _load_toml(name: str) -> dict:
    with open(_DATA / name, "rb") as f:
        return tomllib.load(f)


def _load_abbreviations() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (_DATA / "abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            abbr, expansion = line.split("\t", 1)
            out[abbr.strip()] = expansion.strip()
    return out


TITLES = _load_toml("titles.toml")
PLACES = _load_toml("places.toml")
ORGS = _load_toml("organisations.toml")
ABBREVIATIONS = _load_abbreviations()

SURNAMES = frozenset(TITLES["names"]["surnames"])
NOT_NAMES = frozenset(TITLES["names"]["not_names"])
PROVINCES = frozenset(PLACES["provinces_2025"]) | frozenset(PLACES["provinces_before_2025"])
KNOWN_PLACES = PROVINCES | frozenset(PLACES["other"]["names"]) | frozenset(PLACES["fixed"])
_CAP_HONORIFICS = frozenset(h[0].upper() + h[1:] for h in TITLES["honorifics"] if " " not in h)

_B = r"(?<![\p{L}\p{N}])"  # word start
_E = r"(?![\p{L}\p{N}])"  # word end


def _alternation(words: list[str], case_insensitive: bool = False) -> str:
    """Regex alternation of `words`, longest first; spaces match any run of blanks."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = r"\s+".join(regex.escape(p) for p in w.split())
        if case_insensitive:
            esc = f"(?i:{esc})"
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"


def _head_alternation(heads: list[str]) -> str:
    """Title heads: first letter as written (upper case), the rest in any case."""
    parts = []
    for h in sorted(set(heads), key=len, reverse=True):
        first, rest = h[0], h[1:]
        rest_re = r"\s+".join(regex.escape(p) for p in rest.split(" "))
        parts.append(regex.escape(first) + (f"(?i:{rest_re})" if rest else ""))
    return "(?:" + "|".join(parts) + ")"


_HEAD = _head_alternation(TITLES["heads"])
_PREFIX = _alternation(TITLES["head_prefixes"])
_TITLE_START = regex.compile(rf"{_B}(?:{_PREFIX}\s+)?{_HEAD}{_E}")
_STOP = regex.compile(rf"{_B}{_alternation(TITLES['stop_words'])}{_E}")
_HONORIFIC_BEFORE = regex.compile(rf"{_B}{_alternation(TITLES['honorifics'], case_insensitive=True)}\s+$")
_NON_PERSON_BEFORE = regex.compile(rf"{_B}{_alternation(TITLES['non_person_prefixes'])}\s+$")
_SOFT_PLACE_BEFORE = regex.compile(rf"{_B}{_alternation(TITLES['soft_place_prefixes'])}\s+$")
_BYLINE = regex.compile(rf"^\s*{_alternation(TITLES['byline_starts'], case_insensitive=True)}")
_ORG_CONT = regex.compile(rf"\s*,\s*({_alternation(TITLES['org_continuations'])}{_E})")
_KIEM = regex.compile(r"\s+kiêm\s+")
_VA_HEAD = regex.compile(rf"\s+và\s+(?={_HEAD}{_E})")
_POST_SEP = regex.compile(r"\s*(?:\([^()\n]{0,40}\)\s*)?(?:,|-|–|—)\s*(?:là\s+|kiêm\s+)?")
_SEG_BREAK = regex.compile(r"[,;:!?\n(“”\"…]|\.(?=\s|$)|\s[-–—]\s")
_UPPER_TITLE = regex.compile(
    r"(?:^|\s)((?:PHÓ\s+|TỔNG\s+|QUYỀN\s+)*"
    r"(?:GIÁM ĐỐC|CHỦ TỊCH|BÍ THƯ|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|CỤC TRƯỞNG|VỤ TRƯỞNG|"
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|HIỆU TRƯỞNG|VIỆN TRƯỞNG|CHÁNH THANH TRA|TRƯỞNG ĐOÀN|THỦ TRƯỞNG)"
    r"(?:\s+[\p{Lu}]+)*)\s*$"
)
_NAME_RUN = regex.compile(r"(?<![\p{L}\p{N}.&/\-])\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*(?![\p{L}\p{N}])")
_SYLLABLE = regex.compile(r"\S+")

_ROLE_WORDS = [(role, regex.compile(rf"{_B}{_alternation(words, True)}{_E}"))
               for role, words in TITLES["roles"].items()]


@dataclass
class _Candidate:
    start: int
    end: int
    tokens: list[str]
    honorific: bool = False
    titles: list[str] = field(default_factory=list)
    person: bool = False
    excluded: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.tokens)


def _split_run(run_start: int, run_text: str) -> tuple[int, list[str], bool] | None:
    """Where the name starts inside a capitalised run, its tokens, and whether an honorific led it.

    `Việt Nam Nguyễn Thị Doan` -> `Nguyễn Thị Doan`; `Ông Lê Duy Minh` -> `Lê Duy Minh` (honorific);
    `Hà Nam Lê Thị Thủy` -> `Lê Thị Thủy` (a province first).
    """
    spans = [(m.start(), m.group()) for m in _SYLLABLE.finditer(run_text)]
    tokens = [t for _, t in spans]
    i, honorific = 0, False
    while i < len(tokens) and tokens[i] in _CAP_HONORIFICS:
        i += 1
        honorific = True
    rest = tokens[i:]
    if not rest:
        return None
    if honorific and len(rest) <= 4:
        return run_start + spans[i][0], rest, True
    n = len(tokens)
    for k in (4, 3, 2):  # a province name at the head of the run
        if i + k < n and " ".join(tokens[i:i + k]) in KNOWN_PLACES and tokens[i + k] in SURNAMES:
            i += k
            break
    for j in range(i, n):
        if tokens[j] in SURNAMES and tokens[j] not in NOT_NAMES and 2 <= n - j <= 4:
            return run_start + spans[j][0], tokens[j:], honorific and j == i
    return None


def _segment_end(text: str, pos: int, limit: int = 160) -> int:
    """End of a title that starts at `pos`: the first break, stop word, or dash before another title."""
    end = min(len(text), pos + limit)
    window = text[pos:end]
    cut = len(window)
    for m in _SEG_BREAK.finditer(window):
        if m.group().strip() in "-–—" and m.group().strip():
            if not _TITLE_START.match(window, m.end()):
                continue
        cut = m.start()
        break
    stop = _STOP.search(window, 1, cut)
    if stop:
        cut = stop.start()
    return pos + len(window[:cut].rstrip(" -–—"))


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    return title.strip(" ,;:-–—")


def _split_kiem(title: str) -> list[str]:
    return [t for t in (_clean_title(p) for p in _KIEM.split(title)) if t]


def _titles_after(text: str, pos: int) -> list[str]:
    """Titles written after a name: `Tên - Title, Title; ...` with organisation continuations."""
    titles: list[str] = []
    for _ in range(6):
        sep = _POST_SEP.match(text, pos)
        if not sep or not sep.group().strip():
            break
        head = _TITLE_START.match(text, sep.end())
        if not head:
            break
        end = _segment_end(text, head.start())
        title = text[head.start():end]
        cont = _ORG_CONT.match(text, end)
        if cont:
            cont_end = _segment_end(text, cont.start(1))
            title = f"{title}, {text[cont.start(1):cont_end]}"
            end = cont_end
        paren = regex.match(r"\s*\(([^()\n]{2,60})\)", text[end:])
        if paren and regex.match(r"\p{Lu}", paren.group(1)) and not regex.search(r"\d", paren.group(1)):
            title = f"{title} ({paren.group(1)})"
            end += paren.end()
        titles.extend(_split_kiem(title))
        pos = end
    return titles


def _titles_before(text: str, start: int) -> list[str]:
    """The title right before a name: `Chủ tịch UBND tỉnh Phạm Anh Tuấn`, `Phó GĐ Sở: ông Tân`."""
    lo = max(0, start - 200)
    window = text[lo:start]
    hon = _HONORIFIC_BEFORE.search(window)
    if hon:
        window = window[:hon.start()]
        colon = regex.search(r"\s*:\s*$", window)
        if not colon:
            return []
        window = window[:colon.start()]
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
    if not _TITLE_START.search(tail):
        dash = regex.search(r"\s[-–—]\s[^-–—]*$", window[:clause_start] + tail)
        if not dash:
            return []
    heads = list(_TITLE_START.finditer(window, clause_start))
    if not heads:
        prev = window[:clause_start]
        if regex.search(r"\s[-–—]\s$", prev):
            sub = _titles_before_dash(window, clause_start)
            return sub
        return []
    for h in heads:
        segment = window[h.start():]
        if _STOP.search(segment) or _SEG_BREAK.search(segment):
            continue
        parts = _VA_HEAD.split(segment)
        return _split_kiem(parts[-1])
    return []


def _titles_before_dash(window: str, clause_start: int) -> list[str]:
    """`Bộ trưởng Lao động - Thương binh và Xã hội Phạm Thị Hải Chuyền`: a dash inside the title."""
    prev_cut = 0
    body = window[:clause_start]
    for m in regex.finditer(r"[,;:!?\n(“”\"…]|\.(?=\s|$)", body):
        prev_cut = m.end()
    heads = list(_TITLE_START.finditer(window, prev_cut))
    for h in heads:
        segment = window[h.start():]
        if _STOP.search(segment) or regex.search(r"[,;:!?\n(“”\"…]|\.(?=\s|$)", segment):
            continue
        return _split_kiem(segment)
    return []


def _signature_title(text: str, cand: _Candidate) -> list[str]:
    """A name alone on its line under an upper-case title line (`GIÁM ĐỐC` … `Đỗ Văn Chung`)."""
    line_start = text.rfind("\n", 0, cand.start) + 1
    line_end = text.find("\n", cand.end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:line_end].strip() != text[cand.start:cand.end]:
        return []
    lines = text[:line_start].split("\n")[-8:]
    for line in reversed(lines):
        m = _UPPER_TITLE.search(line.strip())
        if m:
            return [m.group(1)]
    return []


def _is_byline(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_BYLINE.match(text, line_start)) or text[max(line_start, pos - 8):pos].rstrip().endswith(
        ("Ảnh:", "Ảnh :", "Tác giả:"))


def _candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for run in _NAME_RUN.finditer(text):
        split = _split_run(run.start(), run.group())
        if not split:
            continue
        start, tokens, in_run_honorific = split
        end = start + len(" ".join(tokens))
        before = text[max(0, start - 30):start]
        cand = _Candidate(start, end, tokens)
        cand.honorific = in_run_honorific or bool(_HONORIFIC_BEFORE.search(before))
        name = cand.name
        if not cand.honorific:
            if (name in KNOWN_PLACES or _NON_PERSON_BEFORE.search(before)
                    or (start > run.start() and run.group()[:start - run.start()].split()[0] in
                        {"Trường", "Cầu", "Chợ", "Quỹ", "Hội", "Nhà", "Đường", "Phố", "Khu", "Làng", "Đền",
                         "Chùa", "Lăng", "Báo", "Đài", "Sông", "Núi", "Tỉnh", "Huyện", "Xã", "Phường",
                         "Thôn", "Bệnh", "Công", "Tập", "Ngân", "Trung", "Học", "Viện", "Nhà", "Cục", "Sở"}
                        and not _TITLE_START.search(text, max(0, start - 120), start))):
                cand.excluded = True
            elif _SOFT_PLACE_BEFORE.search(before) and len(tokens) <= 2:
                cand.excluded = True
        out.append(cand)
    return out


def _role(sentence: str) -> str | None:
    for role, pattern in _ROLE_WORDS:
        if pattern.search(sentence):
            return role
    return None


def _resolve_people(text: str, cands: list[_Candidate]) -> None:
    """Mark candidates as people from their evidence, collecting their titles."""
    for c in cands:
        if c.excluded or _is_byline(text, c.start):
            c.excluded = True
            continue
        c.titles = _titles_before(text, c.start) + _titles_after(text, c.end)
        if not c.titles:
            c.titles = _signature_title(text, c)
        surname_first = c.tokens[0] in SURNAMES
        if c.honorific or (c.titles and surname_first):
            c.person = True
    # names listed next to a person: "ông Nguyễn Văn Dũng, Nguyễn Văn Hưng, Nguyễn Đình Bảo"
    for prev, c in zip(cands, cands[1:]):
        if (prev.person and not c.person and not c.excluded and c.tokens[0] in SURNAMES
                and len(c.tokens) >= 2 and regex.fullmatch(r"\s*(?:,|và)\s*", text[prev.end:c.start])):
            c.person = True


def _full_names(people: list[_Candidate]) -> dict[str, str]:
    """Map every short form to the fullest name it ends (`Lý` -> `Bùi Văn Lý`)."""
    full = sorted({c.name for c in people if c.tokens[0] in SURNAMES and len(c.tokens) >= 2},
                  key=lambda n: -len(n.split()))
    mapping: dict[str, str] = {}
    for c in people:
        if c.name in mapping:
            continue
        target = c.name
        if c.tokens[0] not in SURNAMES or len(c.tokens) == 1:
            for f in full:
                ft = f.split()
                if len(ft) > len(c.tokens) and ft[-len(c.tokens):] == c.tokens:
                    target = f
                    break
            else:
                if len(c.tokens) == 1:
                    target = ""
        mapping[c.name] = target
    return mapping


def _people(text: str, index: SentenceIndex) -> list[Entity]:
    cands = _candidates(text)
    _resolve_people(text, cands)
    people = [c for c in cands if c.person]
    names = _full_names(people)
    out = []
    for c in people:
        full = names.get(c.name) or ""
        if not full:
            continue
        sentence = index.sentence(c.start, c.end)
        out.append(Entity(type="PER", text=text[c.start:c.end], start=c.start, end=c.end, sentence=sentence,
                          name=full, titles=list(dict.fromkeys(c.titles)), role=_role(sentence)))
    return out


# --- organisations and places ---------------------------------------------------------------

_UNIT = _alternation(PLACES["unit_words"])
_FIXED_PLACE = _alternation(PLACES["fixed"])
_PLACE_NAME = rf"(?:{_FIXED_PLACE}|\p{{Lu}}[\p{{Ll}}]+(?:\s\p{{Lu}}[\p{{Ll}}]+){{0,3}}|\d{{1,2}}{_E})"
_UNIT_PLACE = rf"\s+{_UNIT}(?:\s*{_PLACE_NAME})?"
_NAME_WORD = r"(?:\p{Lu}[\p{L}\p{N}&]*(?:[.\-][\p{Lu}\p{N}][\p{L}\p{N}&]*)*)"
_LOWER = rf"(?!{_alternation(TITLES['stop_words'])}{_E})(?!{_UNIT}{_E})\p{{Ll}}+"
_GROUP = rf"{_NAME_WORD}(?:\s{_LOWER}){{0,2}}"
_ORG_NAME = rf"{_GROUP}(?:(?:\s(?:và|-|–|&))?\s{_GROUP})*"
_ORG = regex.compile(
    rf"{_B}(?:"
    rf"{_alternation(ORGS['standalone'])}"
    rf"|{_alternation(ORGS['unit_heads'])}(?:\s+(?:{_ORG_NAME}))?(?:(?:\s+\p{{Ll}}+){{1,8}}?(?={_UNIT_PLACE}))?"
    rf"(?:{_UNIT_PLACE})?"
    rf"|{_alternation(ORGS['named_heads'])}\s+{_ORG_NAME}(?:{_UNIT_PLACE})?"
    rf"){_E}"
)
_LOC = regex.compile(
    rf"{_B}(?:{_UNIT}\s*{_PLACE_NAME}|{_FIXED_PLACE}|{_alternation(sorted(PROVINCES))}){_E}"
)
_ABBR = regex.compile(rf"{_B}{_alternation(list(ABBREVIATIONS))}(?![\p{{L}}\p{{N}}])")


def normalize_name(name: str) -> str:
    """Expand abbreviations (`UBND` -> `Ủy ban nhân dân`, `TP.HCM` -> `thành phố Hồ Chí Minh`)."""
    out = _ABBR.sub(lambda m: ABBREVIATIONS.get(regex.sub(r"\s+", " ", m.group()), m.group()), name)
    out = regex.sub(r"(thành phố)(?=\p{Lu})", r"\1 ", out)
    return " ".join(out.split())


def _orgs_and_places(text: str, index: SentenceIndex, people: list[Entity]) -> list[Entity]:
    taken = [(p.start, p.end) for p in people]
    out: list[Entity] = []
    for kind, pattern in (("ORG", _ORG), ("LOC", _LOC)):
        for m in pattern.finditer(text):
            s, e = m.span()
            while e > s and text[e - 1] in " -–&":
                e -= 1
            if e - s < 2 or any(a < e and s < b for a, b in taken if kind == "LOC"):
                continue
            span = text[s:e]
            if kind == "LOC" and len(span.split()) == 1 and span.islower():
                continue
            out.append(Entity(type=kind, text=span, start=s, end=e, sentence=index.sentence(s, e),
                              normalized=normalize_name(span)))
    return out


def extract_entities(text: str) -> list[Entity]:
    """People (name, titles, role), organisations and places, with offsets into `text`."""
    try:
        if not isinstance(text, str) or not text:
            return []
        index = SentenceIndex(text)
        people = _people(text, index)
        return sorted(people + _orgs_and_places(text, index, people), key=lambda x: (x.start, x.end))
    except Exception:  # noqa: BLE001 - an extractor must never stop the run
        return []
