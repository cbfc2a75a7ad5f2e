"""The figure extractors' fast paths find what the plain computation finds.

Two mechanisms stand in for plain `regex` calls there: the first-character gates of the amount probes
(`amounts._Starts`: a probe whose words cannot begin where the text goes on is not run) and the scans
matched only where a run of digits begins (`common.at_digit_runs` for the numbers, percentages,
references and dates). Each is compared with the plain call on text hypothesis builds from the words
the probes are made of (so they are reached, and missed by a hair: case variants, a wrapped line,
combining marks) and the extractors' whole output with every fast path switched off, on those texts
and on the articles of ../shared/corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.figures import amounts, common, dates, docrefs, find_figures
from extractors.figures.common import AHEAD, at_digit_runs
from extractors.figures.rules import figure_rules
from tests.lexicon import LEXICON

FIGURES = figure_rules(LEXICON)
P = amounts._patterns(FIGURES)
G = amounts._gates(FIGURES)
F = FIGURES.figures
N = FIGURES.numbers

PROBE_WORDS = sorted(
    {
        *N.units,
        *N.ten,
        *N.tens,
        *N.hundred,
        *N.half,
        *N.scales,
        *F.currencies,
        *F.percent.signs,
        *F.amounts.range_joiners,
        *F.amounts.between_joiners,
        *F.amounts.pair_joiners,
        *F.amounts.per_words,
        *F.amounts.glued_scales,
        *F.money_not_after.words,
        *F.qualifiers.more_than_after,
        *F.qualifiers.less_than_after,
        *F.quantity.units,
        *sorted(amounts.unit_spellings(FIGURES))[::7],
        *F.dates.day_words,
        *F.dates.month_words,
        *F.dates.year_words,
        *F.dates.list_joiners,
        *F.dates.range_joiners,
    }
)
GLUE = [
    *[" ", " ", "  ", "\t", "\n", "\n ", " \n"],
    *[",", ".", ";", ":", "(", ")", "-", "–", "/", " / ", "%", " %", "²", "“", "$", "€"],
    *["1", "04", "12", "3,4", "1.250", "20", "2024", "5/2010", "07/01/2022", "123/QĐ-UBND", "30a/2008/NQ-CP"],
    *["a", "A", "Ố", "k", "K", "\u212a", "İ", "ı", "ſ", "\u0301", "٣", "\u0966", "²", "½"],  # folds, marks, digits
    *["hộ", "người", "tỷ", "đồng", "lần", "Nguyễn", "tháng", "ngày", "năm"],
]


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.capitalize),
        st.sampled_from(words).map(lambda w: w[1:]),
        st.sampled_from(GLUE),
        st.text(max_size=2),
    )
    return st.lists(piece, max_size=40).map("".join)


figure_text = _texts(PROBE_WORDS)

# from ../shared/corpus (000, 001, 002, 005, 027) and document references and dates as they are written
LINES = [
    "gặp khó khăn do đại dịch Covid-19 với tổng kinh phí trên 655 triệu đồng; tổ chức 6 “chuyến xe 0 đồng”",
    "Ước kết quả thực hiện giảm tỷ lệ hộ nghèo năm 2022 là 0,47%, đạt 100% kế hoạch năm",
    "thu nhập bình quân đầu người đạt 8,6 triệu đồng/năm, tỷ lệ hộ nghèo chiếm 13%, sản xuất nông nghiệp",
    "xăng dầu nhập khẩu giảm sâu nhất đạt 1,37 tỷUSD, giảm 47,3% so với cùng kỳ 2019…",
    "đã ủng hộ Quỹ Bảo trợ trẻ em Việt Nam gần mười tỷ đồng để triển khai các dự án",
    "theo Nghị định số 57/2020/NĐ-CP ngày 25/5/2020 và Chỉ thị 40 – CT/TW, từ 02/6 đến 15/6/2025",
    "đạt 98, 5 % kế hoạch; 7/19 tiêu chí; 110 bé trai/100 bé gái; 20-25.000 tỷ; 2 tỷ 350 triệu; 3 tỷ rưỡi",
    "giá 50k/kg, 25 mg/100 ml, 4 đ/c, USD2,5 triệu, $15,000, 12 lần mức lương, 5 ha mỗi người",
]


# --- the gates: a probe they keep closed never matches ------------------------------------------------------


def _gap(gate: amounts._Starts) -> Callable[[str, int], bool]:
    return lambda text, pos: amounts._opens(gate, text, pos)


def _blanks(gate: amounts._Starts, blank: bool) -> Callable[[str, int], bool]:
    return lambda text, pos: amounts._opens_blank(gate, text, pos, blank)


def _slash(text: str, pos: int) -> bool:
    q = common.blanks_end(text, pos)
    return text[q : q + 1] == "/"


def _slash_noun(text: str, pos: int) -> bool:
    q = common.blanks_end(text, pos)
    return "/" in text[q + 1 : q + 3]


# each probe of `_patterns` that is gated, with the test its call sites make before it is run
GATED: dict[str, tuple[Callable[..., regex.Match[str] | None], Callable[[str, int], bool]]] = {
    "percent": (P["percent"].match, _gap(G.percent)),
    "currency": (P["currency"].match, _gap(G.currency)),
    "scale": (P["scale"].match, _gap(G.scale)),
    "units": (amounts._units(FIGURES).match, _gap(G.units)),
    "more_scale": (P["more_scale"].match, _blanks(G.scale_word, True)),
    "half_after_scale": (P["half_after_scale"].match, _blanks(G.half, True)),
    "pair_words": (P["pair_words"].match, _blanks(G.pair, True)),
    "per_word": (P["per_word"].match, _blanks(G.per_word, True)),
    "next_syllable": (P["next_syllable"].match, _blanks(G.letter, True)),
    "digits": (P["digits"].match, _blanks(G.digit, False)),
    "not_currency_after": (P["not_currency_after"].match, _blanks(G.not_currency, False)),
    "after_qualifier": (P["after_qualifier"].match, _blanks(G.after_qualifier, False)),
    "range": (P["range"].match, _blanks(G.range, False)),
    "glued_scale": (P["glued_scale"].match, lambda text, pos: G.glued[text[pos : pos + 1]]),
    "slash": (P["slash"].match, _slash),
    "per": (P["per"].match, _slash),
    "slash_noun": (P["slash_noun"].match, _slash_noun),
    "prefix_money": (P["prefix_money"].match, lambda text, pos: G.prefix[text[pos : pos + 1]]),
}


def _gates_hold(text: str) -> None:
    for name, (match, opens) in GATED.items():
        for pos in range(len(text) + 1):
            if not opens(text, pos):
                assert match(text, pos, pos + AHEAD) is None, (name, pos)


@pytest.mark.parametrize("line", LINES)
def test_a_closed_gate_keeps_only_probes_that_fail_in_corpus_lines(line: str) -> None:
    _gates_hold(line)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(figure_text)
def test_a_closed_gate_keeps_only_probes_that_fail(text: str) -> None:
    _gates_hold(text)


def test_a_gate_opens_at_every_first_character_a_probe_folds_to() -> None:
    assert G.percent["%"] and G.currency["đ"] and G.currency["Đ"] and G.scale["T"] and G.digit["٣"]
    assert not G.percent[""] and not G.digit["a"] and not G.glued[" "]
    assert all(G.units[u[0]] for u in amounts.unit_spellings(FIGURES))  # folded: every spelling's first letter
    assert all(G.units[u] for u in F.quantity.units if len(u) == 1)  # as written


def test_a_gate_of_a_word_that_begins_with_a_blank_or_is_empty_is_always_open() -> None:
    for words in ([" x", "y"], ["", "y"], ["\tz"]):
        gate = amounts._Starts(words)
        assert gate.always and gate[" "] and gate["q"] and gate[""]
    assert not amounts._Starts(["y"])["q"]


def test_a_gate_forgets_past_its_bound() -> None:
    gate = amounts._Starts(["y"])
    for i in range(amounts._REMEMBERED + 5):
        assert not gate[chr(0x4E00 + i)]
    assert len(gate) <= amounts._REMEMBERED and gate["Y"]


# --- the words before a figure, read from the near end ----------------------------------------------------


def _plain_words_before(text: str, pos: int, n: int, stop: str) -> list[str]:
    chunk = text[max(0, pos - 80) : pos]
    cut = max(chunk.rfind(c) for c in stop) if stop else -1
    if cut >= 0:
        chunk = chunk[cut + 1 :]
    return [w.lower() for w in common.WORD.findall(chunk)[-n:]]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(figure_text, st.integers(min_value=1, max_value=5), st.sampled_from([".;:!?\n()", '.;:!?,()"“”', ""]))
def test_the_words_before_are_those_of_the_whole_chunk(text: str, n: int, stop: str) -> None:
    for pos in range(len(text) + 1):
        assert common.words_before(text, pos, n, stop) == _plain_words_before(text, pos, n, stop), pos


def test_the_words_before_a_word_begun_far_back_are_whole() -> None:
    text = "x" * 50 + "ab12cd ef gh 7"
    assert common.words_before(text, len(text) - 2, 2) == ["ef", "gh"]
    assert common.words_before(text, len(text) - 2, 3) == ["x" * 50 + "ab12cd", "ef", "gh"]


@given(
    st.lists(st.sampled_from(["a", "b", "c", "a b"]), max_size=5),
    st.sets(st.sampled_from(["a", "b", "a b", "b c a", "c"])),
)
def test_ends_with_is_the_phrase_of_the_last_one_two_or_three_words(words: list[str], phrases: set[str]) -> None:
    plain = any(" ".join(words[-k:]) in phrases for k in (1, 2, 3) if len(words) >= k)
    assert amounts._ends_with(words, frozenset(phrases)) is plain


# --- the scans matched where a run of digits begins ---------------------------------------------------------

DATES = dates._patterns(FIGURES)
SCANS: dict[str, tuple[regex.Pattern[str], bool, int | None]] = {
    "digits_only": (P["digits_only"], False, None),
    "broken_percent": (P["broken_percent"], False, None),
    "ref": (docrefs._patterns(FIGURES)["ref"], False, None),
    "date_digit": (DATES.digit, True, DATES.digit_run),
}


def _same_scans(text: str) -> None:
    for name, (pattern, overlapped, longest) in SCANS.items():
        got = [(m.span(), m.groups()) for m in at_digit_runs(pattern, text, overlapped, longest)]
        want = [(m.span(), m.groups()) for m in pattern.finditer(text, overlapped=overlapped)]
        assert got == want, name


@pytest.mark.parametrize("line", LINES)
def test_scans_at_digit_runs_find_the_plain_matches_in_corpus_lines(line: str) -> None:
    _same_scans(line)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(figure_text)
def test_scans_at_digit_runs_find_the_plain_matches(text: str) -> None:
    _same_scans(text)


def test_digit_runs_are_every_run_of_digits_once() -> None:
    assert common.digit_runs("a12 3,45 ٣٤x") == [(1, 3), (4, 5), (6, 8), (9, 11)]
    assert common.digit_runs("") == []


def test_a_date_atom_is_looked_for_in_runs_of_one_or_two_digits_only() -> None:
    assert DATES.digit_run == 2
    assert [m.group() for m in at_digit_runs(DATES.digit, "ngày 07/01/2022 và 123/4", True, 2)] == ["07/01/2022"]


# --- the whole output, every fast path off ------------------------------------------------------------------


def _plain_scan(
    pattern: regex.Pattern[str], text: str, overlapped: bool = False, longest: int | None = None
) -> Iterator[regex.Match[str]]:
    return pattern.finditer(text, overlapped=overlapped)


def _figures(text: str) -> list[tuple[object, ...]]:
    return [
        (f.kind, f.value, f.start, f.end, f.unit, f.qualifier, sorted(f.extra.items()))
        for f in find_figures(text, FIGURES)
    ]


def _with_and_without(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [_figures(t) for t in texts]
    with monkeypatch.context() as mp:  # every gate open, every scan a plain `finditer`
        always = amounts._Gates(*(amounts._Starts([" "]) for _ in amounts._Gates._fields))
        mp.setattr(amounts, "_gates", lambda r: always)
        for module in (amounts, dates, docrefs):
            mp.setattr(module, "at_digit_runs", _plain_scan)
        slow = [_figures(t) for t in texts]
    assert fast == slow


def test_the_figures_of_the_corpus_are_those_of_the_plain_computation(
    texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_and_without(list(texts.values()), monkeypatch)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(figure_text, min_size=1, max_size=4))
def test_the_figures_of_a_text_are_those_of_the_plain_computation(
    pieces: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_and_without([" ".join(pieces), *LINES[:2]], monkeypatch)
