"""People with their titles, organisations and places, by rule.

Why rules and not underthesea's CRF `ner()`: it tags `đồng chí Bùi Văn Lý` as a
place, misses `Bộ Chính trị` and costs ~400 ms per 4 KB document. Vietnamese
writes officials in a few fixed shapes, so plain `regex` with word lists from
`extractors/data/` (titles.toml, places.toml, organisations.toml,
abbreviations.tsv) finds them in about 2 ms per 4 KB:

* a name is a run of 2–4 capitalised syllables that starts with a common
  surname (or anything after an honorific such as `ông`, `bà`, `đồng chí`);
* it is a person only with evidence: an honorific before it, a title right
  before it (`Chủ tịch UBND tỉnh Phạm Anh Tuấn`), a title right after it
  (`Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy`, `ông A (Chủ tịch UBND xã B)`),
  a signature block under an upper-case title line, a speech verb after a
  three-syllable name (`Nguyễn Văn Tám cho biết`), or a place in a list next to
  a person (`ông Nguyễn Văn Dũng, Nguyễn Văn Hưng`);
* a run after `đường`, `trường`, `thành phố`… or matching the gazetteer is a
  place or an organisation, never a person;
* a later short form (`ông Lý`, `chị Kim Tuyết`) takes the full name seen in
  the document, or is dropped.

`extract_entities` never raises: any failure inside yields an empty list.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from extractors.sentences import SentenceIndex, sentence_index
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
_STOP = regex.compile(rf"{_B}(?<!(?i:ban)\s){_alternation(TITLES['stop_words'])}{_E}")
class _WordSuffix:
    """Does a text end with one of these words (then white space)? A set lookup on the last words."""

    def __init__(self, words: list[str], fold_case: bool, not_after: tuple[str, ...] = ()) -> None:
        self.fold = fold_case
        self.words = {w.lower() if fold_case else w for w in words}
        self.longest = max(len(w.split()) for w in words)
        self.not_after = not_after

    def strip(self, before: str) -> str | None:
        """`before` without its trailing word and white space, or None when it does not end with one."""
        if not self.ends(before):
            return None
        stripped = before.rstrip()
        words = stripped.split()
        for n in range(min(self.longest, len(words)), 0, -1):
            cand = " ".join(words[-n:])
            if (cand.lower() if self.fold else cand) in self.words and stripped.endswith(cand):
                return stripped[:len(stripped) - len(cand)]
        return None

    def ends(self, before: str) -> bool:
        """True when `before` ends with one of the words and white space."""
        if not before or not before[-1].isspace():
            return False
        words = before.split()[-(self.longest + 1):]
        for n in range(min(self.longest, len(words)), 0, -1):
            cand = " ".join(words[-n:])
            if (cand.lower() if self.fold else cand) in self.words:
                return not (len(words) > n and words[-n - 1].lower() in self.not_after)
        return False


_CAP_NON_PERSON = frozenset(w for w in TITLES["non_person_prefixes"] + TITLES["soft_place_prefixes"]
                            if " " not in w and w[0].isupper())
_NOT_UNIT_WORDS = frozenset(w for w in PLACES["unit_not_after"] if " " not in w)
_HONORIFIC_ENDINGS = tuple({h.lower().split()[-1] for h in TITLES["honorifics"]})
_NOT_UNIT_AFTER = _WordSuffix(PLACES["unit_not_after"], True)
_HONORIFIC_SUFFIX = _WordSuffix(TITLES["honorifics"], True, ("trẻ", "anh", "chị", "ông", "các"))
_NON_PERSON_SUFFIX = _WordSuffix(TITLES["non_person_prefixes"], False)
_SOFT_PLACE_SUFFIX = _WordSuffix(TITLES["soft_place_prefixes"], False)
_BYLINE = regex.compile(rf"^\s*{_alternation(TITLES['byline_starts'], case_insensitive=True)}")
_ORG_CONT = regex.compile(rf"\s*,\s*({_alternation(TITLES['org_continuations'])}{_E})")
_KIEM = regex.compile(r"\s+kiêm\s+")
_VA_HEAD = regex.compile(rf"\s+và\s+(?={_HEAD}{_E})")
_POST_SEP = regex.compile(
    rf"\s*\(\s*(?=(?i:{_HEAD}){_E})"  # "ông A (Chủ tịch UBND xã B)"
    r"|\s*(?:\([^()\n]{0,40}\)\s*)?(?:,|-|–|—)\s*(?:là\s+|kiêm\s+)?")
_PERSON_VERB = regex.compile(rf"\s+{_alternation(TITLES['person_verbs'])}{_E}")
_TITLE_START_ANY_CASE = regex.compile(rf"{_B}(?i:(?:{_PREFIX}\s+)?{_HEAD}){_E}")
_SEG_BREAK = regex.compile(r"[,;:!?()“”\"…]|\n(?!\p{Ll})|\.(?=\s|$)|(?<=\p{Ll}\p{Ll})\.(?=\p{Lu})|\s[-–—]\s")
_ELECTED = regex.compile(
    r"\s*,?\s*(?:(?:đã\s+)?được\s+(?:[\p{Ll}]+\s+){0,3}?)?(?:bầu|bổ nhiệm|tín nhiệm bầu)\s+"
    r"(?:làm|giữ chức vụ|giữ chức|vào chức vụ|vào chức|là)\s+")
_UPPER_TITLE = regex.compile(  # a signature block's title line: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    rf"(?:^|\s)((?:PHÓ\s+|TỔNG\s+|QUYỀN\s+)*"
    rf"{_alternation([h.upper() for h in TITLES['heads'] if len(h) > 3])}"
    rf"(?:\s+[\p{{Lu}}]+)*)\s*$"
)
_NAME_RUN = regex.compile(r"(?<![\p{L}\p{N}.&/\-])\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*(?![\p{L}\p{N}])")

_PAREN = regex.compile(r"\s*\(([^()\n]{2,60})\)")
_GROUP_BREAK = regex.compile(r"[;.\n]")
_GROUP_TITLE = regex.compile(rf"{_B}các\s+((?:{_PREFIX}\s+)?{_HEAD}{_E}[^,;:.\n]*?)\s*$")
_LAST_DASH = regex.compile(r"\s[-–—]\s[^-–—]*$")
_DASH_END = regex.compile(r"\s[-–—]\s$")
_HARD_BREAK = regex.compile(r"[,;:!?\n(“”\"…]|\.(?=\s|$)")
_LIST_SEP = regex.compile(r"\s*(?:,|và)\s*")

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


def _split_run(run_start: int, run_text: str,
               after_honorific: bool = False) -> tuple[int, list[str], bool] | None:
    """Where the name starts inside a capitalised run, its tokens, and whether an honorific led it.

    `Việt Nam Nguyễn Thị Doan` -> `Nguyễn Thị Doan`; `Ông Lê Duy Minh` -> `Lê Duy Minh` (honorific);
    `Hà Nam Lê Thị Thủy` -> `Lê Thị Thủy` (a province first).
    """
    tokens = run_text.split(" ")
    spans, offset = [], 0
    for t in tokens:
        spans.append((offset, t))
        offset += len(t) + 1
    i, honorific = 0, after_honorific
    while i < len(tokens) and tokens[i] in _CAP_HONORIFICS:
        i += 1
        honorific = True
    rest = tokens[i:]
    if not rest:
        return None
    if honorific and len(rest) <= 4:
        return run_start + spans[i][0], rest, True
    n = len(tokens)
    place_first = False
    for k in (4, 3, 2):  # a province name at the head of the run
        if i + k < n and " ".join(tokens[i:i + k]) in KNOWN_PLACES and tokens[i + k] in SURNAMES:
            i += k
            place_first = True
            break
    for j in range(i, n):
        if tokens[j] in SURNAMES and tokens[j] not in NOT_NAMES and 2 <= n - j <= 4:
            # leading words before the surname must be a place or a long run (xã Văn Hải Phạm Thị Nguyệt),
            # not part of one name (quận Bắc Từ Liêm)
            if j > i and not (place_first or n >= 5):
                return None
            return run_start + spans[j][0], tokens[j:], honorific and j == i
    return None


_PLACE_END = regex.compile(
    rf"{_B}(?:{_alternation([u for u in PLACES['unit_words'] if not u.startswith(('TP', 'Tp', 'T.P'))])}"
    rf"\s+\p{{Lu}}\p{{Ll}}+(?:\s\p{{Lu}}\p{{Ll}}+){{0,3}}|{_alternation(sorted(PROVINCES))})"
    rf"(?=\s+(?!{_alternation(PLACES['unit_words'])}{_E})\p{{Ll}})"
)


def _segment_end(text: str, pos: int, limit: int = 160) -> int:
    """End of a title that starts at `pos`: the first break, stop word, or dash before another title."""
    end = min(len(text), pos + limit)
    window = text[pos:end]
    cut = len(window)
    for m in _SEG_BREAK.finditer(window):
        if m.group().strip() in ("-", "–", "—") and not _TITLE_START.match(window, m.end()):
            continue  # a dash inside a title: "Bộ trưởng Lao động - Thương binh và Xã hội"
        cut = m.start()
        break
    stop = _STOP.search(window, 1, cut)
    if stop:
        cut = stop.start()
    place = _PLACE_END.search(window, 1, cut)
    if place:
        cut = place.end()
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
        head = _TITLE_START_ANY_CASE.match(text, sep.end())
        if not head:
            break
        end = _segment_end(text, head.start())
        if _has_name(text, head.start(), end):
            break  # "…, Thủ tướng Chính phủ Phạm Minh Chính": the next person, not a title
        title = text[head.start():end]
        cont = _ORG_CONT.match(text, end)
        if cont:
            cont_end = _segment_end(text, cont.start(1))
            title = f"{title}, {text[cont.start(1):cont_end]}"
            end = cont_end
        paren = _PAREN.match(text[end:])
        if paren and paren.group(1)[0].isupper() and not any(ch.isdigit() for ch in paren.group(1)):
            title = f"{title} ({paren.group(1)})"
            end += paren.end()
        titles.extend(_split_kiem(title))
        pos = end + (1 if text[end:end + 1] == ")" and "(" in sep.group() else 0)
    elected = _ELECTED.match(text, pos)
    if elected:
        head = _TITLE_START.match(text, elected.end())
        if head:
            titles.append(_clean_title(text[head.start():_segment_end(text, head.start())]))
    return titles


def _group_title(text: str, start: int) -> list[str]:
    """`các Ủy viên Bộ Chính trị: Chủ tịch nước Lương Cường, Thủ tướng …`: the group title applies to each."""
    lo = max(0, start - 300)
    window = text[lo:start]
    colon = window.rfind(":")
    if colon < 0 or _GROUP_BREAK.search(window, colon):
        return []
    m = _GROUP_TITLE.search(window[:colon])
    return [_clean_title(m.group(1))] if m else []


def _titles_before(text: str, start: int) -> list[str]:
    """The title right before a name: `Chủ tịch UBND tỉnh Phạm Anh Tuấn`, `Phó GĐ Sở: ông Tân`."""
    lo = max(0, start - 200)
    window = text[lo:start]
    without = _HONORIFIC_SUFFIX.strip(window)
    if without is not None:
        # "Phó GĐ Sở: ông Trần Ngọc Tân", "Giám đốc Sở Y tế, ông Nguyễn Văn A"
        window = without.rstrip()
        if not window.endswith((":", ",")):
            return []
        comma = window.endswith(",")
        window = window[:-1]
        if comma:
            clause = window[max(window.rfind(c) for c in ",;:.\n") + 1:]
            if any(r.group().split()[0] in SURNAMES and " " in r.group() for r in _NAME_RUN.finditer(clause)):
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
    if not _TITLE_START.search(tail):
        dash = _LAST_DASH.search(window)
        if not dash:
            return []
    heads = list(_TITLE_START.finditer(window, clause_start))
    if not heads:
        prev = window[:clause_start]
        if _DASH_END.search(prev):
            sub = _titles_before_dash(window, clause_start)
            return sub
        return []
    for h in heads:
        segment = window[h.start():]
        if _STOP.search(segment) or _SEG_BREAK.search(segment):
            continue
        parts = _VA_HEAD.split(segment)
        if len(parts) > 1:
            return _split_kiem(parts[-1])
        return _preceding_titles(window, h.start()) + _split_kiem(segment)
    return []


_SEP_END = regex.compile(r"\s*(?:,|\s[-–—])\s*$")


def _preceding_titles(window: str, pos: int) -> list[str]:
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
        if _has_name(body, max(0, start - 40), start):
            break  # "Ông A, Giám đốc Sở X, …": that title belongs to A
        head = next((h for h in _TITLE_START.finditer(body, start) if not _STOP.search(body, h.end())), None)
        if head is None or _has_name(body, head.start(), len(body)):
            break
        found[:0] = _split_kiem(body[head.start():])
        pos = head.start()
    return found


def _has_name(text: str, a: int, b: int) -> bool:
    """Does text[a:b] hold a person-shaped name (not a place such as `huyện Lâm Hà` or `Hà Nam`)?"""
    for run in _NAME_RUN.finditer(text, a, b):
        split = _split_run(run.start(), run.group())
        if not split or len(split[1]) < 2:
            continue
        start, tokens, _ = split
        name = " ".join(tokens)
        before = text[max(0, start - 30):start]
        if name in KNOWN_PLACES or _NON_PERSON_SUFFIX.ends(before) or (
                _SOFT_PLACE_SUFFIX.ends(before) and len(tokens) <= 2):
            continue
        return True
    return False


def _titles_before_dash(window: str, clause_start: int) -> list[str]:
    """`Bộ trưởng Lao động - Thương binh và Xã hội Phạm Thị Hải Chuyền`: a dash inside the title."""
    prev_cut = 0
    body = window[:clause_start]
    for m in _HARD_BREAK.finditer(body):
        prev_cut = m.end()
    heads = list(_TITLE_START.finditer(window, prev_cut))
    for h in heads:
        segment = window[h.start():]
        if _STOP.search(segment) or _HARD_BREAK.search(segment):
            continue
        return _split_kiem(segment)
    return []


def _signature_title(text: str, cand: _Candidate) -> list[str]:
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
        m = _UPPER_TITLE.search(line.strip()) if line.rstrip()[-1:].isupper() else None
        if m:
            return [m.group(1)]
    return []


def _is_byline(text: str, pos: int) -> bool:
    line_start = max(text.rfind("\n", max(0, pos - 200), pos) + 1, pos - 200, 0)
    return bool(_BYLINE.match(text, line_start)) or text[max(line_start, pos - 8):pos].rstrip().endswith(
        ("Ảnh:", "Ảnh :", "Tác giả:"))


_WRAP_MIDDLES = frozenset(["Văn", "Thị"])


class _Run:
    """A capitalised run, possibly joined across one PDF line end (`Nguyễn⏎Văn Lý`)."""

    def __init__(self, start: int, text: str) -> None:
        self._start, self._text = start, text

    def start(self) -> int:
        return self._start

    def group(self) -> str:
        return self._text


def _name_runs(text: str) -> list[_Run]:
    """Capitalised runs; a surname (and Văn/Thị) that ends a line joins the run opening the next line.

    The joined run reads with a space for the line end, so its length and offsets stay those of the text.
    """
    runs = list(_NAME_RUN.finditer(text))
    out: list[_Run] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        tokens = run.group().split(" ")
        while tokens and tokens[0] in _CAP_HONORIFICS:  # `Ông Trần Văn⏎Hùng`
            tokens = tokens[1:]
        wraps = (
            i + 1 < len(runs) and runs[i + 1].start() == run.end() + 1 and text[run.end()] == "\n"
            and bool(tokens) and tokens[0] in SURNAMES and len(tokens) <= 2
            and all(t in _WRAP_MIDDLES for t in tokens[1:])
            and len(tokens) + len(runs[i + 1].group().split(" ")) <= 4
        )
        if wraps:
            out.append(_Run(run.start(), run.group() + " " + runs[i + 1].group()))
            i += 2
        else:
            out.append(_Run(run.start(), run.group()))
            i += 1
    return out


def _candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for run in _name_runs(text):
        words = run.group().split(" ")
        no_surname = (len(words) > 1 and not any(w in SURNAMES for w in words[:-1])
                      and words[0] not in _CAP_HONORIFICS)
        # without a surname only an honorific before makes a name ("bà Yoonhee Kim")
        if no_surname and not text[max(0, run.start() - 12):run.start()].rstrip().lower().endswith(
                _HONORIFIC_ENDINGS):
            continue
        head_before = text[max(0, run.start() - 30):run.start()]
        if head_before.endswith(": "):  # "các đồng chí: Hồ Quốc Dũng, …"
            head_before = head_before[:-2] + " "
        honorific_before = bool(_HONORIFIC_SUFFIX.ends(head_before))
        split = _split_run(run.start(), run.group(), honorific_before)
        if not split:
            continue
        start, tokens, in_run_honorific = split
        if tokens[0] in NOT_NAMES or _TITLE_START.match(text, start) or _ORG_HEADS_RE.match(text, start):
            continue
        end = start + len(" ".join(tokens))
        before = text[max(0, start - 30):start]
        cand = _Candidate(start, end, tokens)
        cand.honorific = in_run_honorific or (start == run.start() and honorific_before)
        name = cand.name
        if name in KNOWN_PLACES or (not cand.honorific and (
                _NON_PERSON_SUFFIX.ends(before)
                or (start > run.start() and run.group().split()[0] in _CAP_NON_PERSON)
                or (_SOFT_PLACE_SUFFIX.ends(before) and len(tokens) <= 2))):
            cand.excluded = True
        out.append(cand)
    # a two-syllable name seen after a unit word anywhere in the document is a place there and here
    places = {c.name for c in out if c.excluded and len(c.tokens) <= 2}
    for c in out:
        if c.name in places and not c.honorific:
            c.excluded = True
    return out


_MAX_SENTENCE = 600


def _sentence(text: str, index: SentenceIndex, start: int, end: int) -> str:
    """The sentence around an entity; a run-on "sentence" (a table, a PDF without stops) is clipped."""
    a, b = index.around(start, end)
    if b - a > _MAX_SENTENCE:
        a, b = max(a, start - _MAX_SENTENCE // 2), min(b, end + _MAX_SENTENCE // 2)
    return text[a:b]


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
        c.titles = _group_title(text, c.start) + _titles_before(text, c.start) + _titles_after(text, c.end)
        if not c.titles:
            c.titles = _signature_title(text, c)
        surname_first = c.tokens[0] in SURNAMES
        says = len(c.tokens) >= 3 and surname_first and _PERSON_VERB.match(text, c.end)
        if c.honorific or (c.titles and surname_first) or says:
            c.person = True
    # names listed next to a person: "ông Nguyễn Văn Dũng, Nguyễn Văn Hưng, Nguyễn Đình Bảo"
    for prev, c in itertools.pairwise(cands):
        if (prev.person and not c.person and not c.excluded and c.tokens[0] in SURNAMES
                and len(c.tokens) >= 2 and _LIST_SEP.fullmatch(text, prev.end, c.start)):
            c.person = True


def _full_names(people: list[_Candidate]) -> list[str]:
    """The full name of each person mention; a short form (`Lý`, `Kim Tuyết`) takes the full name it
    ends, the nearest one written before it (or else after it); "" drops a lone given name."""
    full_at: dict[str, list[int]] = {}
    by_last: dict[str, set[str]] = {}
    for c in people:
        if c.tokens[0] in SURNAMES and len(c.tokens) >= 2:
            full_at.setdefault(c.name, []).append(c.start)
            by_last.setdefault(c.tokens[-1], set()).add(c.name)
    out = []
    for c in people:
        target = c.name
        if len(c.tokens) <= 2 or c.tokens[0] not in SURNAMES:
            n = len(c.tokens)
            matches = [f for f in by_last.get(c.tokens[-1], ()) if len(f.split()) > n and f.split()[-n:] == c.tokens]
            # "Kim Tuyết" is itself the short form of "Nguyễn Thị Kim Tuyết"
            matches = [f for f in matches if not any(g != f and g.endswith(" " + f) for g in matches)]
            if matches:
                before = [(max(p for p in full_at[f] if p < c.start), f) for f in matches
                          if any(p < c.start for p in full_at[f])]
                target = max(before)[1] if before else min((min(full_at[f]), f) for f in matches)[1]
            elif n == 1:
                target = ""
        out.append(target)
    return out


def _people(text: str, index: SentenceIndex) -> list[Entity]:
    cands = _candidates(text)
    _resolve_people(text, cands)
    people = [c for c in cands if c.person]
    out = []
    for c, full in zip(people, _full_names(people), strict=True):
        if not full:
            continue
        sentence = _sentence(text, index, c.start, c.end)
        out.append(Entity(type="PER", text=text[c.start:c.end], start=c.start, end=c.end, sentence=sentence,
                          name=full, titles=list(dict.fromkeys(c.titles)), role=_role(sentence)))
    return out


# --- organisations and places ---------------------------------------------------------------

_UNIT_AT = regex.compile(rf"{_alternation(PLACES['unit_words'])}(?![\p{{L}}\p{{N}}])")
_FIXED_FIRST = "".join(sorted({w[0] for w in PLACES["fixed"]}))
_FIXED_AT = regex.compile("(?=[" + regex.escape(_FIXED_FIRST) + "])" + _alternation(PLACES["fixed"]))
_ORG_HEADS_RE = regex.compile(
    rf"{_B}(?=\p{{Lu}})(?:(?P<standalone>{_alternation(ORGS['standalone'])})"
    rf"|(?P<unit>{_alternation(ORGS['unit_heads'])})|(?P<named>{_alternation(ORGS['named_heads'])})){_E}"
)
_UNIT_PLACE_RE = regex.compile(
    rf"{_B}(?=[\p{{Lu}}tThHqQxXpPbBlLấẤđĐ])(?:{_alternation(PLACES['unit_words'])})"
    rf"(?:\s+|(?<=\.))(?=\p{{Lu}}|\d)"
)
_TOKEN = regex.compile(r"[^\s,;:!?()“”\"…]+")
_ORG_STOPS = TITLES["stop_words"] + ORGS["name_stop_words"]
_STOP_SET = frozenset(w for w in _ORG_STOPS if " " not in w)
_STOP_PAIRS = frozenset(w for w in _ORG_STOPS if w.count(" ") == 1)
_UNIT_SET = frozenset(w for w in PLACES["unit_words"] if " " not in w)
_PROVINCE_RE = regex.compile(rf"{_B}(?=\p{{Lu}}){_alternation(sorted(PROVINCES))}{_E}")


_ABBR_DOTS = regex.compile(r"(?:\p{Lu}+\.)+")


_TOKEN_RUN = regex.compile(r" ?([^\s,;:!?()“”\"…]+(?: [^\s,;:!?()“”\"…]+)*)")


def _tokens_from(text: str, pos: int, limit: int = 90, most: int = 30) -> list[tuple[int, int, str]]:
    """At most `most` tokens separated by single spaces from `pos`, up to the first punctuation or line break."""
    run = _TOKEN_RUN.match(text, pos, min(len(text), pos + limit))
    if not run:
        return []
    out: list[tuple[int, int, str]] = []
    offset = run.start(1)
    for tok in run.group(1).split(" ", most)[:most]:
        if tok.endswith(".") and len(tok) > 1 and not _ABBR_DOTS.fullmatch(tok):
            out.append((offset, offset + len(tok) - 1, tok[:-1]))
            break
        out.append((offset, offset + len(tok), tok))
        offset += len(tok) + 1
    return out


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _place_after_unit(text: str, pos: int) -> int:
    """End of `unit Name` starting at `pos` (a unit word), or -1."""
    unit = _UNIT_AT.match(text, pos)
    if not unit:
        return -1
    after = unit.end()
    fixed = _FIXED_AT.match(text, after + (1 if text[after:after + 1] == " " else 0))
    if fixed:
        return fixed.end()
    toks = _tokens_from(text, after, 60, most=4)
    end = -1
    for k, (_, e, tok) in enumerate(toks):
        name_word = _is_cap(tok) and not tok.isupper()
        unit_number = k == 0 and tok.isdigit() and len(tok) <= 2 and text[e:e + 1] != "%"  # quận 1
        if name_word or unit_number:
            end = e
        else:
            break
    return end


def _org_end(text: str, head_end: int, kind: str) -> int:
    """Walk the proper name and the unit-and-place that follow an organisation head."""
    toks = _tokens_from(text, head_end)
    end, lower_run, k = head_end, 0, 0
    named = 0
    while k < len(toks):
        s, e, tok = toks[k]
        if tok in _UNIT_SET or (k + 1 < len(toks) and f"{tok} {toks[k + 1][2]}" in PLACES["unit_words"]):
            place_end = _place_after_unit(text, s)
            if place_end > 0:
                return place_end
            if kind == "unit" and not named:  # "UBND thị xã", "Hội Nông dân huyện"
                unit = _UNIT_AT.match(text, s)
                return unit.end() if unit and not unit.group().startswith(("TP", "Tp", "T.P")) else end
            return end
        if _is_cap(tok) or "&" in tok:
            end, lower_run, named = e, 0, named + 1
        elif (tok in ("và", "-", "–", "&") and k + 1 < len(toks) and _is_cap(toks[k + 1][2])
              and not _TITLE_START.match(text, toks[k + 1][0])
              and not _ORG_HEADS_RE.match(text, toks[k + 1][0])):
            pass  # a connector inside the name: "Sở Lao động - Thương binh và Xã hội"
        elif (tok.islower() and tok not in _STOP_SET and named and lower_run < 1 and toks[k - 1][2].istitle()
              and not (k + 1 < len(toks) and f"{tok} {toks[k + 1][2]}" in _STOP_PAIRS)):
            end, lower_run = e, lower_run + 1
            # a longer lower-case tail is kept when a unit word follows it:
            # "Trung tâm Kiểm soát bệnh tật tỉnh Nghệ An"
            j = k + 1
            while j < len(toks) and j <= k + 3 and toks[j][2].islower() and toks[j][2] not in _STOP_SET \
                    and toks[j][2] not in _UNIT_SET and toks[j][2] != "và":
                j += 1
            if j > k + 1 and j < len(toks) and toks[j][2] in _UNIT_SET and toks[j - 1][2] not in _NOT_UNIT_WORDS:
                end, k = toks[j - 1][1], j - 1
        elif kind == "unit" and tok.islower() and tok not in _STOP_SET and lower_run < 10:
            # "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã": a descriptor before the unit
            look = k
            while look < len(toks) and toks[look][2].islower() and toks[look][2] not in _UNIT_SET:
                look += 1
            if look < len(toks) and toks[look][2] in _UNIT_SET and look - k <= 10 and not any(
                    t[2] in _STOP_SET for t in toks[k:look]):
                lower_run = 0
                k = look
                continue
            break
        else:
            break
        k += 1
    return end


@functools.lru_cache(maxsize=4096)
def normalize_name(name: str) -> str:
    """Expand abbreviations (`UBND` -> `Ủy ban nhân dân`, `TP.HCM` -> `thành phố Hồ Chí Minh`)."""
    out = _ABBR.sub(lambda m: ABBREVIATIONS.get(" ".join(m.group().split()), m.group()), name)
    out = _CITY_GLUED.sub(r"\1 ", out)
    return " ".join(out.split())


_ABBR = regex.compile(rf"{_B}{_alternation(list(ABBREVIATIONS))}(?![\p{{L}}\p{{N}}])")
_CITY_GLUED = regex.compile(r"(thành phố)(?=\p{Lu})")


def _orgs_and_places(text: str, index: SentenceIndex, people: list[Entity]) -> list[Entity]:
    taken = [(p.start, p.end) for p in people]
    spans: list[tuple[str, int, int]] = []
    pos = 0
    while True:
        m = _ORG_HEADS_RE.search(text, pos)
        if not m:
            break
        kind = m.lastgroup or "named"
        if kind == "named" and not (text[m.end():m.end() + 1] == " " and (
                text[m.end() + 1:m.end() + 2].isupper() or _UNIT_AT.match(text, m.end() + 1))):
            pos = m.end()  # "Ban", "Hội", "Bộ" without a proper name after them
            continue
        end = m.end() if kind == "standalone" else _org_end(text, m.end(), kind)
        pos = max(end, m.end())
        if kind == "named" and end <= m.end():
            continue
        spans.append(("ORG", m.start(), end))
    for m in _UNIT_PLACE_RE.finditer(text):
        before = text[max(0, m.start() - 20):m.start()]
        if _ORG_HEADS_RE.match(text, m.start()) or _NOT_UNIT_AFTER.ends(before):
            continue  # "Tỉnh Đoàn Lâm Đồng" is an organisation
        end = _place_after_unit(text, m.start())
        if end > 0:
            spans.append(("LOC", m.start(), end))
    for m in _FIXED_AT.finditer(text):
        spans.append(("LOC", m.start(), m.end()))
    for m in _PROVINCE_RE.finditer(text):
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
            if any(a <= s and e <= b and (a, b) != (s, e) for a, b in loc_spans[max(0, j - 3):j]):
                continue  # a province inside "tỉnh Lâm Đồng"
        seen.add((kind, s, e))
        span = text[s:e]
        out.append(Entity(type=kind, text=span, start=s, end=e, sentence=_sentence(text, index, s, e),
                          normalized=normalize_name(span)))
    return out


def extract_entities(text: str) -> list[Entity]:
    """People (name, titles, role), organisations and places, with offsets into `text`."""
    try:
        if not isinstance(text, str) or not text:
            return []
        index = sentence_index(text)
        people = _people(text, index)
        return sorted(people + _orgs_and_places(text, index, people), key=lambda x: (x.start, x.end))
    except Exception:  # an extractor must never stop the run; the tests hold the rules to their word
        return []
