"""The entity and facts fast paths find what the plain computations found: a suffix list's last word read with
one `rfind`, the heads of a title's clause found once, `regex`'s `concurrent` passed by position.

Each is compared with the computation it replaced, on text hypothesis builds from the lexicon's words and
blanks of every kind (so the quick paths are reached, and missed by a hair), and on the corpus.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.entities import titles
from extractors.entities.markup import mask_emphasis
from extractors.entities.names import name_runs
from extractors.entities.rules import WordSuffix, entity_rules
from extractors.facts.rules import fact_rules
from tests.lexicon import LEXICON

R = entity_rules(LEXICON)
SUFFIXES = {name: s for name, s in vars(R).items() if isinstance(s, WordSuffix)}
BLANKS = [" ", " ", " ", "\n", "\t", "\xa0", "\u2028", "\r", "  ", " \n", "\t ", ": ", ", ", ". "]
WORDS = sorted(
    {
        *LEXICON.titles.honorifics,
        *LEXICON.titles.ranks,
        *LEXICON.titles.person_attributes,
        *LEXICON.titles.non_person_prefixes,
        *LEXICON.titles.soft_place_prefixes,
        *LEXICON.places.unit_not_after,
        *LEXICON.titles.heads[:40],
        "Nguyễn",
        "Văn",
        "sỹ",
        "chiến",
    }
)


def _text(words: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.capitalize),
        st.sampled_from(BLANKS),
        st.sampled_from(BLANKS),
        st.text(alphabet="aA.,;:-–()\n\t \xa0", max_size=3),
    )
    return st.lists(piece, max_size=30).map("".join)


def _last_word_plain(before: str) -> str:
    """The last word as `WordSuffix.which` read it before: from the last of three `rfind`s of `before` stripped."""
    end = len(before.rstrip())
    start = max(before.rfind(" ", 0, end), before.rfind("\n", 0, end), before.rfind("\t", 0, end)) + 1
    return before[start:end]


def _which_plain(suffix: WordSuffix, before: str) -> str | None:
    """`WordSuffix.which` with the last word read by `_last_word_plain`."""
    if not before or not before[-1].isspace():
        return None
    if suffix._key(_last_word_plain(before)) not in suffix.last_words:
        return None
    words = before[-80:].split()[-(suffix.longest + 1) :]
    keys = suffix._last_keys(words)
    n = suffix._count(keys)
    if not n or (len(words) > n and words[-n - 1].lower() in suffix.not_after):
        return None
    return " ".join(keys[-n:])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SUFFIXES)), _text(WORDS))
def test_a_word_suffix_reads_the_last_word_as_three_rfinds_did(name: str, text: str) -> None:
    suffix = SUFFIXES[name]
    for cut in range(len(text) + 1):
        assert suffix.which(text[:cut]) == _which_plain(suffix, text[:cut])


def test_a_word_suffix_reads_the_last_word_after_a_line_break_or_tab() -> None:
    lead = R.lead_suffix
    for before in ("các ông\nbà ", "x ông\tbà ", "ông\xa0bà  ", "bà\n", "a ông \n ", "ông\t\n"):
        assert lead.which(before) == _which_plain(lead, before)


def test_word_suffixes_on_the_corpus_read_what_the_plain_reading_read(texts: dict[str, str]) -> None:
    for text in list(texts.values())[:40]:
        masked = mask_emphasis(text)
        for start, _run in name_runs(R, masked):
            for lo in (30, 20, 12):
                before = masked[max(0, start - lo) : start]
                for suffix in SUFFIXES.values():
                    assert suffix.which(before) == _which_plain(suffix, before)


# --- a title's clause: its heads found once ------------------------------------------------------------------

HEADS = [h for h in LEXICON.titles.heads if " " in h][:30] + list(LEXICON.titles.ranks[:10])
BREAKS = [", ", "; ", ": ", ". ", ".", "\n", " - ", " – ", "(", ")", "“", "…", "|", "TP. ", "Q. "]


def _window(parts: list[str]) -> str:
    return "".join(parts)


window_text = st.lists(
    st.one_of(
        st.sampled_from(HEADS),
        st.sampled_from(HEADS).map(str.upper),
        st.sampled_from(HEADS).map(str.lower),
        st.sampled_from(BREAKS),
        st.sampled_from([" ", " UBND tỉnh ", " Hội ", "xã Phổ An", "Nguyễn Văn A", "a", "1"]),
    ),
    max_size=20,
).map(_window)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(window_text)
def test_the_heads_of_a_clause_are_there_when_the_clause_alone_has_one(window: str) -> None:
    """`titles_before` tests `title_start.finditer(window, clause_start)` where it searched the clause alone."""
    start = titles._clause_start(R, window)
    alone = R.title_start.search(window[start:])
    heads = list(R.title_start.finditer(window, start))
    assert (alone is None) == (not heads)
    if alone is not None:
        assert heads[0].span() == (start + alone.start(), start + alone.end())


def test_the_heads_of_a_clause_on_the_corpus(texts: dict[str, str]) -> None:
    for text in list(texts.values())[:40]:
        masked = mask_emphasis(text)
        for start, _run in name_runs(R, masked):
            window = masked[max(0, start - 200) : start].rstrip()
            at = titles._clause_start(R, window)
            assert (R.title_start.search(window[at:]) is None) == (not list(R.title_start.finditer(window, at)))


# --- `concurrent` by position ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["title_start", "org_heads", "unit_at", "seg_break", "stop"])
def test_concurrent_by_position_is_the_keyword(name: str) -> None:
    """`match(text, pos, None, False)` and `finditer(text, pos, end, False, False)` are the keyword calls."""
    pattern = getattr(R, name)
    text = "Ông Nguyễn Văn A, Chủ tịch UBND xã Phổ An, và Phó Giám đốc Sở Y tế tỉnh Quảng Ngãi dự."
    for pos in range(len(text)):
        got, want = pattern.match(text, pos, None, False), pattern.match(text, pos, concurrent=False)
        assert (got and got.span()) == (want and want.span())
        assert [m.span() for m in pattern.finditer(text, pos, None, False, False)] == [
            m.span() for m in pattern.finditer(text, pos)
        ]


def test_facts_gates_with_concurrent_by_position_find_what_the_plain_pattern_finds() -> None:
    f = fact_rules(LEXICON)
    text = "Trong 6 tháng đầu năm 2024, huyện Tuy Phước và thị xã Đức Phổ (tỉnh Quảng Ngãi) đến hết tháng 9/2024."
    assert [m.span() for m in f.find_period.finditer(text)] == [m.span() for m in f.period.finditer(text)]
    assert [m.span() for m in f.find_units.finditer(text)] == [m.span() for m in f.unit.finditer(text)]
