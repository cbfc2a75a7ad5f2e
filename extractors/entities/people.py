"""People: candidates with evidence, their titles and event roles, under their fullest names.

A name-shaped candidate is a person only with evidence: an honorific or a rank before it, a
title before or after it, a signature block above it, a speech verb after a three-syllable name
(`Nguyễn Văn Tám cho biết`), a person's attribute before it (`tư tưởng Hồ Chí Minh`), or a place
in a list next to a person (`ông Nguyễn Văn Dũng, Nguyễn Văn Hưng`). A post written two ways in
one document (`Bộ trưởng Nội vụ`, `Bộ trưởng Bộ Nội vụ`; `UBND`, `Ủy ban nhân dân`) is one title,
in its fullest wording.
"""

from __future__ import annotations

import itertools
import unicodedata

import regex

from extractors.entities.names import Candidate, candidates, full_names, sentence_of, sentence_offsets
from extractors.entities.organisations import normalize_name
from extractors.entities.rules import EntityRules
from extractors.entities.signature import signature_titles
from extractors.entities.titles import (
    complete_bare_body,
    group_title,
    is_byline,
    role_of,
    segment_end,
    split_title,
    titles_after,
    titles_before,
)
from extractors.sentences import SentenceIndex
from schemas.models import Entity

_SENTENCE_END = regex.compile(r"[.!?…](?=\s)|\n")
_MAX_SENTENCE = 400
_LOWER_NEXT = regex.compile(r" (\p{Ll}+)")
_WORD = regex.compile(r"[\p{L}\p{N}&]+")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def _toneless(name: str) -> str:
    """A name without its tone marks (`Đinh Viết Khánh` -> `Đinh Viết Khanh`); letters keep their shape."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).translate(_TONE_MARKS))


def same_name_misspelt(names: list[str]) -> dict[str, str]:
    """A full name written once that differs from one written at least twice only by tone marks is a
    typing slip for it (`Đinh Viết Khánh` once, `Đinh Viết Khanh` six times): name -> the usual spelling."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    if len(counts) < 2 or max(counts.values()) < 2:
        return {}
    usual: dict[str, str] = {}
    for n, k in sorted(counts.items(), key=lambda item: -item[1]):
        if k >= 2:
            usual.setdefault(_toneless(n), n)
    return {
        n: usual[_toneless(n)]
        for n, k in counts.items()
        if k == 1 and len(n.split()) >= 3 and usual.get(_toneless(n), n) != n
    }


def resolve_people(r: EntityRules, text: str, cands: list[Candidate]) -> None:
    """Mark candidates as people from their evidence, collecting their titles."""
    for c in cands:
        if c.excluded or is_byline(r, text, c.start):
            c.excluded = True
            continue
        # a signatory's capacities are the lines above the name, not just the nearest one
        c.titles = signature_titles(r, text, c) or (
            group_title(r, text, c.start) + titles_before(r, text, c.start) + titles_after(r, text, c.end)
        )
        c.titles = [
            complete_bare_body(r, text, c.start, t) if t.rsplit(" ", 1)[-1] in r.bare_body_ends else t for t in c.titles
        ]
        surname_first = c.tokens[0] in r.surnames
        says = len(c.tokens) >= 3 and surname_first and r.person_verb.match(text, c.end, None, False)
        pictured = len(c.tokens) >= 2 and surname_first and r.photo_position.match(text, c.end, None, False)
        if c.honorific or (c.titles and surname_first) or says or pictured:
            c.person = True
    # names listed next to a person: "ông Nguyễn Văn Dũng, Nguyễn Văn Hưng, Nguyễn Đình Bảo"
    for prev, c in itertools.pairwise(cands):
        if (
            prev.person
            and not c.person
            and not c.excluded
            and c.tokens[0] in r.surnames
            and len(c.tokens) >= 2
            and r.list_sep.fullmatch(text, prev.end, c.start)
            and not _runs_into_word(r, text, c)
        ):
            c.person = True


def _runs_into_word(r: EntityRules, text: str, c: Candidate) -> bool:
    """`Đoàn Luật sư TP Hà Nội`: the last capitalised syllable begins a dictionary word, no name ends there."""
    nxt = _LOWER_NEXT.match(text, c.end)
    return nxt is not None and f"{c.tokens[-1].lower()} {nxt.group(1)}" in r.dictionary


def pronoun_titles(r: EntityRules, text: str, cands: list[Candidate]) -> None:
    """`…, ông Nguyễn Phương Bắc, Giám đốc Sở Nội vụ, "bật mí", trước đây ông là giảng viên …`: the
    title after a pronoun and a copula belongs to the person named last before it in the sentence."""
    people = [c for c in cands if c.person]
    for c, nxt in itertools.zip_longest(people, people[1:]):
        stop = _SENTENCE_END.search(text, c.end, c.end + _MAX_SENTENCE, False)
        end = min(stop.start() if stop else c.end + _MAX_SENTENCE, nxt.start if nxt else len(text))
        if not any(text.find(w, c.end, end) >= 0 for w in r.copula_words):
            continue  # no copula in the rest of the sentence: the quick, common case
        m = next(
            (m for m in r.pronoun_title.finditer(text, c.end, end) if r.title_start_any_case.match(text, m.end())), None
        )
        if m:
            c.titles += split_title(r, text[m.end() : segment_end(r, text, m.end())])


def _post_words(r: EntityRules, title: str) -> tuple[str, ...]:
    """A title's words with abbreviations expanded, in lower case: what two wordings of one post share."""
    return tuple(_WORD.findall(normalize_name(r, title).lower()))


def _same_post(r: EntityRules, short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Is `full` a fuller wording of the post `short`? Equal, `short` plus its tail (`Chủ tịch Hội` ->
    `Chủ tịch Hội Khuyến học tỉnh`), or `short` with its body's head word (`Bộ trưởng Nội vụ` ->
    `Bộ trưởng Bộ Nội vụ`)."""
    if short == full or (len(short) >= 2 and full[: len(short)] == short):
        return True
    if len(full) != len(short) + 1:
        return False
    return any(
        full[:i] == short[:i] and full[i + 1 :] == short[i:] and full[i] in r.org_head_words
        for i in range(1, len(short))
    )


def fullest_titles(r: EntityRules, titles: list[str]) -> dict[str, str]:
    """Each title of one person -> the fullest wording of the same post among them."""
    distinct = list(dict.fromkeys(titles))
    if len(distinct) < 2:
        return {t: t for t in distinct}
    words = {t: _post_words(r, t) for t in distinct}
    out = {}
    for t, w in words.items():
        fuller = [u for u, uw in words.items() if _same_post(r, w, uw)]
        out[t] = max(fuller, key=lambda u: (len(words[u]), len(u)))
    return out


def find_people(r: EntityRules, text: str, index: SentenceIndex, original: str | None = None) -> list[Entity]:
    """People of `text` (emphasis already masked); `original` is the text as written, for the records."""
    original = text if original is None else original
    cands = candidates(r, text)
    resolve_people(r, text, cands)
    pronoun_titles(r, text, cands)
    people = [c for c in cands if c.person]
    named = [(c, full) for c, full in zip(people, full_names(r, people), strict=True) if full]
    slips = same_name_misspelt([full for _, full in named])
    named = [(c, slips.get(full, full)) for c, full in named]
    by_person: dict[str, list[str]] = {}
    for c, full in named:
        by_person.setdefault(full, []).extend(c.titles)
    fullest = {full: fullest_titles(r, titles) for full, titles in by_person.items()}
    roles: dict[str, str | None] = {}  # a sentence's role, looked for once for all the people it names
    out = []
    for c, full in named:
        sentence = sentence_of(original, index, c.start, c.end)
        if sentence not in roles:
            roles[sentence] = role_of(r, sentence)
        titles = list(dict.fromkeys(fullest[full][t] for t in c.titles))
        at, to = sentence_offsets(original, sentence, c.start, c.end)
        out.append(
            Entity(
                type="PER",
                text=original[c.start : c.end],
                start=c.start,
                end=c.end,
                sentence=sentence,
                sentence_start=at,
                sentence_end=to,
                name=full,
                titles=titles,
                role=roles[sentence],
            )
        )
    return out
