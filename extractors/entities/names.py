"""Name-shaped runs and the candidates they give: `Bùi Văn Lý`, `ông Lý`, `Nguyễn⏎Văn Lý`.

A name is a run of 2–4 capitalised syllables that starts with a common surname (or
anything after an honorific or a rank such as `ông`, `bà`, `đồng chí`, `Thượng tá`); the
placeholder `Nguyễn Văn A` ends in a lone capital. A run that runs on into a title head
ends before it (`Đặng Thị Hồng Mai Chủ tịch Hội LHPN tỉnh`). A run after `đường`,
`trường`… is a place or a body, never a person; after a unit word (`xã`, `thành phố`,
`TP`) it is a place unless it has three syllables and a title before it (`Phó Chủ tịch
HĐND TP Lê Văn Hoạt`); a two-syllable run the document writes after a unit word anywhere
(`thị xã Vĩnh Châu`) is a place everywhere in it; the gazetteer's places are no people
except after a person's attribute or a bare title (`tư tưởng Hồ Chí Minh`, `Chủ tịch Hồ
Chí Minh`). A later short form (`ông Lý`, `chị Kim Tuyết`) takes the full name seen in
the document, or is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extractors.entities.rules import EntityRules
from extractors.sentences import SentenceIndex

# capitalised syllables; a lone capital may close a name (the placeholder `Nguyễn Văn A`)
NAME_RUN = regex.compile(
    r"(?<![\p{L}\p{N}.&/\-])\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*(?: \p{Lu}(?!\.\p{L}))?(?![\p{L}\p{N}])"
)
_MAX_SENTENCE = 600

# CONCURRENT: the hot `regex` calls pass `concurrent` False by position (`match(text, pos, None, False)`,
# `finditer(text, None, None, False, False)`): each call then keeps the GIL instead of releasing and taking
# it again around a match that lasts less than that costs, and a keyword would cost more to parse than it saves


@dataclass
class Candidate:
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


def split_run(
    r: EntityRules, run_start: int, run_text: str, after_honorific: bool = False
) -> tuple[int, list[str], bool] | None:
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
    while i < len(tokens) and tokens[i] in r.cap_honorifics:
        i += 1
        honorific = True
    rest = tokens[i:]
    if not rest:
        return None
    if i and any(" ".join(rest[:k]) in r.known_places for k in (2, 3)):
        return None  # "Mẹ Việt Nam Anh hùng": a status that names a place, no person
    if honorific and len(rest) <= 4:
        return run_start + spans[i][0], rest, True
    n = len(tokens)
    place_first = False
    for k in (4, 3, 2):  # a province name at the head of the run
        if i + k < n and " ".join(tokens[i : i + k]) in r.known_places and tokens[i + k] in r.surnames:
            i += k
            place_first = True
            break
    for j in range(i, n):
        if tokens[j] in r.surnames and tokens[j] not in r.not_names and 2 <= n - j <= 4:
            # leading words before the surname must be a place or a long run (xã Văn Hải Phạm Thị Nguyệt)
            # or the head word of a body closing a title (Chủ tịch Hội Nguyễn Văn Tư), not part of one
            # name (quận Bắc Từ Liêm)
            if j > i and not (place_first or n >= 5 or all(t in r.body_words for t in tokens[i:j])):
                return None
            return run_start + spans[j][0], tokens[j:], honorific and j == i
    return None


_HARD, _SOFT = "hard", "soft"


def place_prefix(r: EntityRules, before: str) -> str:
    """What the words before a run make it: `hard` (`đường`, `trường`: a place or a body, never a
    person), `soft` (a unit word: `xã`, `thành phố`; a person only with three syllables) or ``."""
    word = r.place_prefix_suffix.which(before)
    if word is None:
        return ""
    return _SOFT if word in r.soft_place_words else _HARD


def has_name(r: EntityRules, text: str, a: int, b: int) -> bool:
    """Does text[a:b] hold a person-shaped name (not a place such as `huyện Lâm Hà` or `Hà Nam`)?"""
    for run in NAME_RUN.finditer(text, a, b, False, False):
        split = split_run(r, run.start(), run.group())
        if not split or len(split[1]) < 2:
            continue
        start, tokens, _ = split
        name = " ".join(tokens)
        before = text[max(0, start - 30) : start]
        prefix = place_prefix(r, before)
        if name in r.known_places or prefix == _HARD or (prefix == _SOFT and len(tokens) <= 2):
            continue
        return True
    return False


def name_runs(r: EntityRules, text: str) -> list[tuple[int, str]]:
    """Capitalised runs as (start, run); a surname (and Văn/Thị) that ends a line joins the run opening the
    next line.

    The joined run reads with a space for the line end, so its length and offsets stay those of the text.
    """
    runs = list(NAME_RUN.finditer(text, None, None, False, False))  # `concurrent` False: see CONCURRENT
    out: list[tuple[int, str]] = []
    i, n = 0, len(runs)
    while i < n:
        run = runs[i]
        start, end = run.span()
        group = run.group()
        # the cheap tests first: most runs have no run right after them on the next line
        if i + 1 < n and runs[i + 1].start() == end + 1 and text[end] == "\n":
            tokens = group.split(" ")
            while tokens and tokens[0] in r.cap_honorifics:  # `Ông Trần Văn⏎Hùng`
                tokens = tokens[1:]
            nxt = runs[i + 1].group()
            if (
                tokens
                and tokens[0] in r.surnames
                and len(tokens) <= 2
                and all(t in r.wrap_middles for t in tokens[1:])
                and len(tokens) + len(nxt.split(" ")) <= 4
            ):
                out.append((start, group + " " + nxt))
                i += 2
                continue
        out.append((start, group))
        i += 1
    return out


def _cut_at_glued_title(r: EntityRules, text: str, run_start: int, run: str) -> str:
    """`Đặng Thị Hồng Mai Chủ tịch Hội LHPN tỉnh`: a run that runs on into a title head ends before it."""
    tokens = run.split(" ")
    offset = run_start + len(tokens[0]) + len(tokens[1]) + 2
    for k in range(2, len(tokens)):
        tok = tokens[k]
        if tok.lower() in r.head_first_words:
            head = r.title_start.match(text, offset)
            if head and head.end() > offset + len(tok):  # the head goes on past this word: "Chủ tịch"
                return " ".join(tokens[:k])
        offset += len(tok) + 1
    return run


def candidates(r: EntityRules, text: str) -> list[Candidate]:
    """Every name-shaped run of `text` as a candidate; `excluded` marks the places and bodies among them."""
    out: list[Candidate] = []
    seen_as_place: set[str] = set()  # runs written after a unit word: `thị xã Vĩnh Châu`
    surnames, lead_suffix = r.surnames, r.lead_suffix
    for run_start, run in name_runs(r, text):
        head_before = text[max(0, run_start - 30) : run_start]
        if " " not in run:  # one capitalised word is a name only after an honorific (`ông Lý`)
            if head_before.endswith(": "):
                head_before = head_before[:-2] + " "
            honorific_before = lead_suffix.ends(head_before)
            if not honorific_before:
                continue
            words = [run]
            place_before = None
        else:
            if run.count(" ") >= 2:
                run = _cut_at_glued_title(r, text, run_start, run)
            words = run.split(" ")
            place_before = place_prefix(r, head_before) if len(words) == 2 else None
            if place_before:
                seen_as_place.add(run)
            no_surname = not any(w in surnames for w in words[:-1]) and words[0] not in r.cap_honorifics
            # without a surname only an honorific before makes a name ("bà Yoonhee Kim")
            if no_surname and not text[max(0, run_start - 12) : run_start].rstrip().lower().endswith(
                r.honorific_endings
            ):
                continue
            if head_before.endswith(": "):  # "các đồng chí: Hồ Quốc Dũng, …"
                head_before = head_before[:-2] + " "
            honorific_before = lead_suffix.ends(head_before)
        split = split_run(r, run_start, run, honorific_before)
        if not split:
            continue
        start, tokens, in_run_honorific = split
        if (
            tokens[0] in r.not_names
            or r.title_start.match(text, start, None, False)
            or r.org_heads.match(text, start, None, False)
        ):
            continue
        end = start + len(" ".join(tokens))
        before = text[max(0, start - 30) : start]
        cand = Candidate(start, end, tokens)
        cand.honorific = in_run_honorific or (start == run_start and honorific_before)
        # "tư tưởng, đạo đức, phong cách Hồ Chí Minh": a person's thought, the person
        attribute = r.person_attribute_suffix.ends(before)
        cand.honorific = cand.honorific or attribute
        name = cand.name
        # "Chủ tịch Hồ Chí Minh" is the person, "thành phố Hồ Chí Minh" the city
        known_place = name in r.known_places and not (attribute or r.head_suffix.ends(before))
        prefix = place_before if start == run_start and place_before is not None else place_prefix(r, before)
        inside = start > run_start and run.split()[0] in r.cap_non_person  # "Xã Văn Hải Phạm Thị Nguyệt"
        leading = words[: len(words) - len(tokens)]
        if inside and r.head_suffix.ends(head_before) and all(w in r.body_words for w in leading):
            prefix, inside = "", False  # "Chủ tịch Hội Nguyễn Văn Tư": the body word closes the title before it
        if known_place or (
            not cand.honorific and (prefix == _HARD or inside or (prefix == _SOFT and len(tokens) <= 2))
        ):
            cand.excluded = True
        out.append(cand)
    # a two-syllable name seen after a unit word anywhere in the document is a place there and here
    places = seen_as_place | {c.name for c in out if c.excluded and len(c.tokens) <= 2}
    for c in out:
        if c.name in places and len(c.tokens) <= 2 and (not c.honorific or c.name in seen_as_place):
            c.excluded = True
    return out


def full_names(r: EntityRules, people: list[Candidate]) -> list[str]:
    """The full name of each person mention; a short form (`Lý`, `Kim Tuyết`) takes the full name it
    ends, the nearest one written before it (or else after it); "" drops a lone given name."""
    full_at: dict[str, list[int]] = {}
    by_last: dict[str, set[str]] = {}
    for c in people:
        if c.tokens[0] in r.surnames and len(c.tokens) >= 2:
            full_at.setdefault(c.name, []).append(c.start)
            by_last.setdefault(c.tokens[-1], set()).add(c.name)
    out = []
    for c in people:
        target = c.name
        if len(c.tokens) <= 2 or c.tokens[0] not in r.surnames:
            n = len(c.tokens)
            matches = [f for f in by_last.get(c.tokens[-1], ()) if len(f.split()) > n and f.split()[-n:] == c.tokens]
            # "Kim Tuyết" is itself the short form of "Nguyễn Thị Kim Tuyết"
            matches = [f for f in matches if not any(g != f and g.endswith(" " + f) for g in matches)]
            if matches:
                before = [
                    (max(p for p in full_at[f] if p < c.start), f)
                    for f in matches
                    if any(p < c.start for p in full_at[f])
                ]
                target = max(before)[1] if before else min((min(full_at[f]), f) for f in matches)[1]
            elif n == 1:
                target = ""
        out.append(target)
    return out


def sentence_offsets(text: str, sentence: str, start: int, end: int) -> tuple[int | None, int | None]:
    """Where an entity's (clipped) sentence stands in `text`, found around the entity; (None, None) if nowhere."""
    lo = max(0, start - len(sentence))
    at = text.find(sentence, lo, end + len(sentence)) if sentence else -1
    return (None, None) if at < 0 else (at, at + len(sentence))


def sentence_of(text: str, index: SentenceIndex, start: int, end: int) -> str:
    """The sentence around an entity; a run-on "sentence" (a table, a PDF without stops) is clipped."""
    a, b = index.around(start, end)
    if b - a > _MAX_SENTENCE:
        a, b = max(a, start - _MAX_SENTENCE // 2), min(b, end + _MAX_SENTENCE // 2)
    return text[a:b]
