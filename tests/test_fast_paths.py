"""The fast paths find what the plain patterns found: anchor scans, word probes, fact gates, backward
searches, metric windows; and they are built from the lexicon loaded, a user's rule files included.

Every mechanism in extractors/ that stands in for a plain `regex` call for speed (word trees
for alternations, the number scan of amounts among them) is compared
here with that call, on text hypothesis builds from the lexicon's own words (so the patterns
are reached, and missed by a hair) and on sentences copied from ../shared/corpus. A fast path
that differs in one match changes the outputs, which must stay byte for byte the same.
"""

from __future__ import annotations

import bisect
import re

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.anchors import Anchored, Anchors
from extractors.entities import organisations
from extractors.entities import rules as entity_rules_module
from extractors.entities.rules import EntityRules, WordSuffix, entity_rules
from extractors.facts.rules import Gated, fact_rules
from extractors.figures import amounts, common
from extractors.figures.common import AHEAD
from extractors.figures.rules import alternation, figure_rules
from extractors.metrics import (
    ASSIGNABLE_KINDS,
    Metric,
    Taxonomy,
    Window,
    _by_first_word,
    _clause,
    _Frame,
    _hits,
    _noun_matches,
    _updated,
    best_metric,
    window,
    words,
)
from extractors.probe import WordProbe
from extractors.trie import trie_alternation
from pipeline.lexicon import load_lexicon, load_taxonomy
from schemas import Mention
from schemas.lexicon import Lexicon
from tests.lexicon import LEXICON

ENTITIES = entity_rules(LEXICON)
FIGURES = figure_rules(LEXICON)
PLACES, ORGS = LEXICON.places, LEXICON.organisations

# the words the patterns are made of, and what stands around them in a text
LIST_WORDS = sorted(
    {*ORGS.standalone, *ORGS.unit_heads, *ORGS.named_heads, *PLACES.unit_words, *PLACES.fixed, *ENTITIES.provinces}
)
UNIT_WORDS = sorted(amounts.unit_spellings(FIGURES))
FIGURE_WORDS = sorted(
    {
        *FIGURES.figures.currencies,
        *FIGURES.figures.percent.signs,
        *FIGURES.figures.counts.archive_lines,
        *FIGURES.figures.counts.list_continuations,
        *FIGURES.figures.counts.breakdown_leads,
        *FIGURES.figures.counts.given_noun_leads,
        *FIGURES.figures.counts.given_noun_verbs,
        *FIGURES.figures.qualifiers.fillers,
        *FIGURES.figures.dates.list_joiners,
    }
)
GLUE = [
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\t",
    ",",
    ".",
    ". ",
    ";",
    ":",
    "(",
    ")",
    "-",
    "/",
    "“",
    "”",
    "%",
    "²",
    "1",
    "04",
    "3,4",
    "1.250",
    "2024",
    "a",
    "A",
    "Nguyễn",
    "Văn",
    "An",
    "tỉnh",
    "năm",
    "hộ",
    "người",
    "đ",
    "\u0301",
    "İ",
]


def _text(words: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.capitalize),
        st.sampled_from(words).map(lambda w: w[:-1]),
        st.sampled_from(GLUE),
        st.text(max_size=3),
    )
    return st.lists(piece, max_size=40).map("".join)


entity_text = _text(LIST_WORDS)
unit_text = _text(UNIT_WORDS)
figure_text = _text(FIGURE_WORDS + UNIT_WORDS[:50])


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


SCANS = {name: getattr(ENTITIES, name) for name in ("org_heads_scan", "unit_place_scan", "fixed_scan", "province_scan")}

# from ../shared/corpus: 004 (Đại hội … Sở Giáo dục), 002 (Thanh Tân), a Bình Định and a TPHCM article
CORPUS_LINES = [
    "Đại hội đã bầu Ban chấp hành nhiệm kỳ 2020 - 2025 gồm 35 thành viên. Ông Châu Tuấn Hồng, Giám đốc Sở Giáo "
    "dục và Đào tạo tỉnh Sóc Trăng, được đại hội",
    "Tuyến đường liên thôn tại xã Thanh Tân, huyện Kiến Xương được bê-tông hóa. Trụ sở Đảng ủy, UBND xã Thanh Tân",
    "Tại Hội nghị, Chủ tịch UBND tỉnh Phạm Anh Tuấn trình bày tờ trình về việc thông qua Đề án sắp xếp đơn vị "
    "hành chính cấp xã của tỉnh Bình Định 2025.",
    "Chủ tịch UBND TPHCM giao Cục Hải quan TPHCM phấn đấu thu ngân sách năm 2020 đạt 103.500 tỷ đồng",
]


# --- the anchor scan ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCANS))
@pytest.mark.parametrize("line", CORPUS_LINES, ids=["corpus-004", "corpus-002", "corpus-binh-dinh", "corpus-tphcm"])
def test_anchored_scan_finds_the_matches_of_the_plain_scan_in_corpus_lines(name: str, line: str) -> None:
    scan: Anchored = SCANS[name]
    assert _spans(scan.finditer(line)) == _spans(scan.pattern.finditer(line))


def test_anchored_scan_finds_the_organisations_and_places_of_a_corpus_line() -> None:
    line = CORPUS_LINES[0]
    assert [m.group() for m in ENTITIES.org_heads_scan.finditer(line)] == ["Ban", "Sở"]
    assert [m.group() for m in ENTITIES.unit_place_scan.finditer(line)] == ["tỉnh "]
    assert [m.group() for m in ENTITIES.province_scan.finditer(line)] == ["Sóc Trăng"]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(entity_text)
def test_anchored_finditer_is_the_plain_finditer(text: str) -> None:
    for scan in SCANS.values():
        assert _spans(scan.finditer(text)) == _spans(scan.pattern.finditer(text))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(entity_text, st.integers(min_value=0, max_value=400))
def test_anchored_search_is_the_plain_search_from_any_offset(text: str, pos: int) -> None:
    for scan in SCANS.values():
        got, want = scan.search(text, pos), scan.pattern.search(text, pos)
        assert (got.span(), got.groups()) == (want.span(), want.groups()) if want else got is None


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(["Sở", "Ban", "xã", "Ủy ban", "thành phố", "Bình Định", "Ban Chỉ đạo"]), max_size=6),
    _text(["Sở", "Ban", "xã", "Ủy", "thành", "Bình"]),
)
def test_anchor_scan_reports_every_place_a_first_word_is_written(words: list[str], text: str) -> None:
    anchors = Anchors({"any": words})
    firsts = {w.split()[0] for w in words}
    expected = sorted({i for f in firsts for i in range(len(text)) if text.startswith(f, i)})
    assert anchors.offsets(text, "any") == expected


def test_anchored_needs_a_list_of_its_anchors() -> None:
    with pytest.raises(ValueError, match="no word list"):
        Anchored(regex.compile("x"), Anchors({"a": ["x"]}), "b")


# --- the word probe ----------------------------------------------------------------------------------------


def _same_match(got: regex.Match[str] | None, want: regex.Match[str] | None) -> None:
    if want is None:
        assert got is None
    else:
        assert got is not None
        assert (got.span(), got.groups(), got.span(1)) == (want.span(), want.groups(), want.span(1))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(unit_text, st.integers(min_value=0, max_value=60))
def test_unit_probe_matches_as_the_whole_unit_pattern(text: str, pos: int) -> None:
    probe = amounts._units(FIGURES)
    pos = min(pos, len(text))
    _same_match(probe.match(text, pos, pos + AHEAD), probe.pattern.match(text, pos, pos + AHEAD))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("diện tích 2.500 ha lúa", "ha"),  # corpus-style: an area
        ("xây 12 km đường", "km"),
        ("thu 3 tấn rác", "tấn"),
        ("rộng 50 m2 sàn", "m2"),
        ("đạt 5 héc-ta", "héc-ta"),
    ],
)
def test_unit_probe_reads_the_unit_after_a_number(text: str, unit: str) -> None:
    probe = amounts._units(FIGURES)
    at = text.index(unit) - 1
    m = probe.match(text, at, at + AHEAD)
    assert m is not None and m.group(1) == unit
    _same_match(m, probe.pattern.match(text, at, at + AHEAD))


def _plain(words: list[str], folded: bool) -> str:
    return alternation(words)


PROBE_WORDS = ["mét vuông", "mét", "Km", "km2", "kg", "ki-lô-gam", "m", "M", "lít", "ha", "héc ta", "độ C"]


@settings(max_examples=400)
@given(_text(PROBE_WORDS), st.integers(min_value=0, max_value=40), st.booleans())
def test_a_word_probe_matches_as_its_whole_pattern(text: str, pos: int, fold: bool) -> None:
    long_words = [w for w in PROBE_WORDS if len(w) > 1]
    short_words = [w for w in PROBE_WORDS if len(w) == 1]
    probe = WordProbe(
        r"[ \t]*(?:\n[ \t]*(?!\p{Lu}))?",
        [(long_words, fold), (short_words, False)],
        r"(?![\p{L}\p{M}\p{N}])",
        _plain,
    )
    pos = min(pos, len(text))
    _same_match(probe.match(text, pos, pos + 30), probe.pattern.match(text, pos, pos + 30))


def test_a_word_probe_whose_words_may_begin_with_a_blank_is_the_whole_pattern() -> None:
    probe = WordProbe(r"[ \t]*", [([" x", "y"], False)], "", _plain)
    _same_match(probe.match("  x", 0, 3), probe.pattern.match("  x", 0, 3))


# --- searches from the end ---------------------------------------------------------------------------------


def _forward(pattern: regex.Pattern[str]) -> regex.Pattern[str]:
    """The same pattern searched forward (its `(?r)` taken off)."""
    assert pattern.pattern.startswith("(?r)")
    return regex.compile(pattern.pattern[len("(?r)") :], pattern.flags & ~regex.REVERSE)


CLAUSE = amounts._clause_patterns(FIGURES)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(figure_text)
def test_backward_searches_find_what_forward_searches_find(text: str) -> None:
    for forward, backward in (
        (common._CLAUSE_TAIL, common._CLAUSE_TAIL_BACK),
        (common._ESTIMATE_CLAUSE, common._ESTIMATE_CLAUSE_BACK),
    ):
        got, want = common.tail_run(forward, backward, text), forward.search(text)
        assert (got.span() if got else None) == (want.span() if want else None)
    got, want = common._LAST_WORD.search(text), _forward(common._LAST_WORD).search(text)
    assert (got.span(1) if got else None) == (want.span(1) if want else None)
    for key in ("list_of_counts", "archive", "continues", "breakdown", "given_noun_back"):
        assert bool(CLAUSE[key].search(text)) == bool(_forward(CLAUSE[key]).search(text)), key


def test_a_clause_tail_before_a_final_line_end_is_read_forward() -> None:
    # `$` matches before a final line end too: there a backward search would find the empty run after it
    text = "kế hoạch; đạt\n"
    got = common.tail_run(common._CLAUSE_TAIL, common._CLAUSE_TAIL_BACK, text)
    assert got is not None and got.group() == " đạt"


# --- lookaheads put before lookbehinds ---------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_text([*LEXICON.sentences.abbreviations, *LEXICON.titles.stop_words, "TP.", "Q.", "ông", "bà"]))
def test_patterns_with_a_leading_lookahead_find_what_they_found_without_it(text: str) -> None:
    seg_break = regex.compile(ENTITIES.seg_break.pattern.replace(r"(?=\.)", "", 1))
    assert _spans(ENTITIES.seg_break.finditer(text)) == _spans(seg_break.finditer(text))
    stop = regex.compile(regex.sub(r"^\(\?=\[[^\]]*\]\)", "", ENTITIES.stop.pattern))
    assert stop.pattern != ENTITIES.stop.pattern
    assert _spans(ENTITIES.stop.finditer(text)) == _spans(stop.finditer(text))


# --- metric windows ----------------------------------------------------------------------------------------


def _barriers_by_letter_list(frame: _Frame, start: int, end: int) -> tuple[int, int]:
    """What `_Frame.barriers` answered when it kept the offset of every letter of the text."""
    letters = [m.start() for m in regex.finditer(r"\p{L}", frame.text)]

    def has_letter(a: int, b: int) -> bool:
        return bisect.bisect_left(letters, a) < bisect.bisect_left(letters, b)

    left, right = 0, len(frame.text)
    i = bisect.bisect_left(frame.starts, start)
    for k in range(i - 1, -1, -1):
        b = frame.spans[k][1]
        if b < start - 400:
            break
        if b <= start and has_letter(b, start):
            left = b
            break
    for k in range(i, len(frame.spans)):
        a = frame.spans[k][0]
        if a > end + 400:
            break
        if a >= end and has_letter(end, a):
            right = a
            break
    return left, right


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["5%", " ", "10 hộ", ", ", "đạt ", "3,4 tỷ đồng", "\n", ".", "a"]), min_size=1, max_size=60
    ).map("".join),
    st.data(),
)
def test_barriers_are_those_of_the_letter_list(text: str, data: st.DataObject) -> None:
    from extractors.figures import extract_figures

    mentions = extract_figures(text, LEXICON)
    frame = _Frame(text, mentions, tuple(LEXICON.sentences.abbreviations))
    for m in mentions:
        assert frame.barriers(m.start, m.end) == _barriers_by_letter_list(frame, m.start, m.end)
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    assert frame.barriers(start, end) == _barriers_by_letter_list(frame, start, end)


def _hits_term_by_term(win: Window, terms: set[tuple[str, ...]], after_penalty: int) -> dict[tuple[str, ...], int]:
    """What `_hits` answered when it tried every term on the window."""
    seq = [*win.before, *win.own, *win.after]
    own_from, own_to = len(win.before), len(win.before) + len(win.own)
    found = [(i, i + len(t), t) for t in terms for i in range(len(seq)) if tuple(seq[i : i + len(t)]) == t]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken = [False] * len(seq)
    nearest: dict[tuple[str, ...], int] = {}
    for a, b, term in found:
        if any(taken[a:b]):
            continue
        for i in range(a, b):
            taken[i] = True
        distance = own_from - b if b <= own_from else (a - own_to + after_penalty if a >= own_to else 0)
        nearest[term] = min(distance, nearest.get(term, distance))
    return nearest


WINDOW_WORDS = ["giải", "ngân", "vốn", "đầu", "tư", "công", "hộ", "nghèo", "thu", "ngân", "sách", "tỷ", "đồng"]
TERMS = [
    ("giải", "ngân"),
    ("vốn", "đầu", "tư"),
    ("đầu", "tư"),
    ("hộ", "nghèo"),
    ("hộ",),
    ("thu", "ngân", "sách"),
    ("ngân", "sách"),
    ("công",),
]


@settings(max_examples=400)
@given(
    st.lists(st.sampled_from(WINDOW_WORDS), max_size=20),
    st.lists(st.sampled_from(WINDOW_WORDS), max_size=3),
    st.lists(st.sampled_from(WINDOW_WORDS), max_size=6),
    st.sets(st.sampled_from(TERMS), min_size=1),
    st.integers(min_value=0, max_value=1),
)
def test_hits_by_first_word_are_the_hits_term_by_term(
    before: list[str], own: list[str], after: list[str], terms: set[tuple[str, ...]], penalty: int
) -> None:
    win = Window(before=before, own=own, after=after, before_text=" ".join(before))
    assert _hits(win, _by_first_word(terms), penalty) == _hits_term_by_term(win, terms, penalty)


# any text, NFD letters, final sigma and `İ` included: a space joins two texts whose words stay apart
window_text = st.lists(
    st.one_of(
        st.sampled_from(
            ["giải ngân", "vốn", " ", "  ", "\n", "COVID-19", "ΣΑΣ", "İ", "a\u0301", "\u0301", "đầu tư", "3,4", "tỷ"]
        ),
        st.text(max_size=4),
    ),
    max_size=80,
).map("".join)


@settings(max_examples=400)
@given(window_text, st.integers(min_value=-2, max_value=25))
def test_window_words_from_the_near_end_are_the_words_of_the_whole_window(text: str, n: int) -> None:
    from extractors.metrics import _first_words, last_words_of, words

    if n > 0:
        assert last_words_of(text, n) == words(text)[-n:]
    assert _first_words(text, n)[:n] == words(text)[:n]
    assert _first_words(text, -1)[:-1] == words(text)[:-1]


def _best_metric_every_candidate(
    mention: Mention, win: Window, taxonomy: Taxonomy
) -> tuple[str, tuple[str, ...]] | None:
    """What `best_metric` answered when it weighed every candidate metric of the figure's kind and unit."""
    unit = tuple(words(mention.unit or ""))
    candidates = [m for m in taxonomy.for_kind(mention.kind) if _noun_matches(m, mention, unit)]
    if not candidates:
        return None
    terms = {t for m in candidates for t in (*m.context, *m.exclude)} | set(taxonomy.neutral)
    nearest = _hits_term_by_term(win, terms, 1 if mention.kind in ("money", "percent") else 0)
    best: tuple[float, int, int, Metric, tuple[str, ...]] | None = None
    for order, metric in enumerate(candidates):
        vetoes = [nearest[t] for t in metric.exclude if t in nearest]
        if metric.context:
            found = [(1.0 / (1 + nearest[t]), len(t), t) for t in metric.context if t in nearest]
            if not found:
                continue
            score, length, term = max(found)
            if vetoes and min(vetoes) < nearest[term]:
                continue
        else:
            if vetoes:
                continue
            score, length, term = taxonomy.noun_only_score, 0, ()
        rank = (score, length, -order, metric, term)
        if best is None or rank[:3] > best[:3]:
            best = rank
    return (best[3].key, best[4]) if best else None


TAXONOMY = load_taxonomy()


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(TAXONOMY.metrics)), st.data())
def test_best_metric_weighing_the_metrics_named_is_weighing_every_candidate(key: str, data: st.DataObject) -> None:
    # a figure a metric's nouns allow, in a window of the words of the metrics of its kind (so that context,
    # exclude and neutral terms are found, overlap, tie and veto each other)
    metric = TAXONOMY.metrics[key]
    kind = data.draw(st.sampled_from(metric.kinds))
    unit = (
        " ".join(data.draw(st.sampled_from(metric.nouns))) if metric.nouns else data.draw(st.sampled_from(["", "VND"]))
    )
    terms = [t for m in TAXONOMY.for_kind(kind) for t in (*m.context, *m.exclude)] + list(TAXONOMY.neutral)
    near = [t for t in (*metric.context, *metric.exclude)] or terms
    phrase = st.one_of(st.sampled_from(near), st.sampled_from(terms), st.sampled_from([("và",), ("hộ",), ("2",)]))
    joined = st.lists(phrase, max_size=8).map(lambda ts: [w for t in ts for w in t])
    before, own, after = data.draw(joined), data.draw(joined)[:3], data.draw(joined)
    mention = Mention(kind=kind, value=1, unit=unit or None, text="1", start=0, end=1)  # type: ignore[arg-type]
    win = Window(before=before[-20:], own=own, after=after[:6], before_text=" ".join(before))
    found = best_metric(mention, win, TAXONOMY)
    assert (None if found is None else (found[0].key, found[1])) == _best_metric_every_candidate(mention, win, TAXONOMY)


def test_best_metric_on_the_corpus_is_weighing_every_candidate(texts: dict[str, str]) -> None:
    from extractors.figures import extract_figures

    for text in list(texts.values())[:40]:
        mentions = [m for m in extract_figures(text, LEXICON) if m.kind in ASSIGNABLE_KINDS]
        frame = _Frame(text, mentions, TAXONOMY.sentence_abbreviations)
        for m in mentions:
            if text[m.start : m.end] != m.text:
                continue
            clause = _clause(frame, m.start, m.end)
            win = window(text, m.start, m.end, clause, frame.barriers(m.start, m.end), TAXONOMY)
            found = best_metric(m, win, TAXONOMY)
            assert (None if found is None else (found[0].key, found[1])) == _best_metric_every_candidate(
                m, win, TAXONOMY
            )


def test_a_record_updated_directly_is_its_model_copy() -> None:
    m = Mention(kind="count", value=3, unit="hộ", text="3 hộ", start=0, end=4, sentence="3 hộ")
    for update in ({"metric": "poor_households"}, {"metric": None, "subject": "hộ nghèo"}):
        direct, copied = _updated(m, update), m.model_copy(update=update)
        assert direct == copied and direct.__dict__ == copied.__dict__
        assert direct.model_fields_set == copied.model_fields_set
        assert direct.model_dump_json() == copied.model_dump_json()


# the words around a change marker: the skipped qualifiers, the markers, punctuation, odd white space
CHANGE_TOKENS = sorted(
    {*TAXONOMY.change_skip, *(" ".join(t) for t in TAXONOMY.change_markers), "hộ", "3,5", "(", "đ-ạt", "Tăng", "ﬁ"}
)


_space = st.sampled_from([" ", "  ", "\n", "\xa0", "\t"])
_change_text = st.lists(st.tuples(st.sampled_from(CHANGE_TOKENS), _space), max_size=14).map(
    lambda pairs: "".join(t + s for t, s in pairs)
)
_skipped_text = st.lists(st.tuples(st.sampled_from(sorted(TAXONOMY.change_skip)), _space), max_size=12).map(
    lambda pairs: "".join(t + s for t, s in pairs)
)


@settings(max_examples=500)
@given(_change_text, _skipped_text, st.sampled_from(["", "hộ", "3,5 ", "(", "Tăng "]), st.integers(1, 4))
def test_the_tail_of_a_stripped_before_text_is_the_tail_of_all_of_it(
    head: str, skipped: str, last: str, n: int
) -> None:
    from pipeline.outputs.summary import _strip_qualifier, _stripped_tail

    before = head + skipped + last  # the tokens a strip pops, and more than `_TAIL_TOKENS` of them
    skip = TAXONOMY.change_skip
    assert _stripped_tail(before, skip, n) == words(_strip_qualifier(before, skip))[-n:]


# --- gated fact patterns -----------------------------------------------------------------------------------


def _gated(rules: object) -> dict[str, Gated]:
    return {name: value for name, value in vars(rules).items() if isinstance(value, Gated)}


FACTS = fact_rules(LEXICON)
GATED = _gated(FACTS)
FACT_WORDS = sorted(
    {
        *LEXICON.facts.units.words,
        *LEXICON.facts.units.aliases,
        *LEXICON.facts.periods.quarter,
        *LEXICON.facts.periods.half_months,
        *LEXICON.facts.periods.year_heads,
        *LEXICON.facts.periods.until,
        *LEXICON.facts.dates.month,
        *LEXICON.facts.dates.weekdays,
        *LEXICON.facts.news.reporter,
        *LEXICON.facts.news.caption,
        *LEXICON.facts.scope.national,
    }
)
fact_text = _text(FACT_WORDS)


def _gate_search_offsets(gated: Gated, hay: str) -> list[int]:
    """Where `gated.gate` matches in `hay`, by a plain search from each offset (what `Gated` did before)."""
    found, pos = [], 0
    while (hit := gated.gate.search(hay, pos)) is not None:
        found.append(hit.start())
        pos = hit.start() + 1
    return found


def test_the_word_gates_of_the_fact_rules_take_the_automaton() -> None:
    # only the two gates written as a whole pattern (a line's start) keep the plain search
    plain = sorted(name for name, g in GATED.items() if g._firsts is None)
    assert plain == ["find_caps_tag", "find_dateline"]


# from ../shared/corpus: a Thanh Tân (002) and a TPHCM (005) article, a dated news line
FACT_LINES = [
    "Tuyến đường liên thôn tại xã Thanh Tân, huyện Kiến Xương được bê-tông hóa. Trụ sở Đảng ủy, UBND xã Thanh Tân",
    "TPHCM: Năm nay thu ngân sách sẽ đạt 352.000 tỷ đồng. Lũy kế đến hết quý III/2020, tổng thu đạt 72%.",
    "Thứ Hai, 12/10/2020 - 08:30. Trong 9 tháng đầu năm 2020, cả nước có 1.250 hộ thoát nghèo (Ảnh: Internet)",
]


@pytest.mark.parametrize("name", sorted(GATED))
@pytest.mark.parametrize("line", FACT_LINES, ids=["corpus-002", "corpus-005", "news-dateline"])
def test_gated_finds_the_matches_of_the_plain_pattern_in_corpus_lines(name: str, line: str) -> None:
    gated = GATED[name]
    assert _spans(gated.finditer(line)) == _spans(gated.pattern.finditer(line))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(fact_text, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=400))
def test_gated_finditer_and_positions_are_the_plain_ones(text: str, start: int, length: int) -> None:
    end = start + length
    for name, gated in GATED.items():
        hay = text[start:end].lower() if gated.fold_case else text[start:end]
        if len(hay) != len(text[start:end]):
            continue  # (a lower case of another length: the plain pattern is used, nothing to compare)
        offsets = [start + h for h in _gate_search_offsets(gated, hay)]
        assert list(gated.positions(text, start, end)) == offsets, name
        assert _spans(gated.finditer(text, start, end)) == _spans(gated.pattern.finditer(text, start, end)), name


def test_a_gate_of_no_words_or_words_after_a_blank_is_searched_plainly() -> None:
    pattern = regex.compile(r"\s?x")
    assert Gated(pattern, [" x", "x"])._firsts is None
    assert Gated(pattern, [], also=r"\d")._firsts is None  # `|\d` matches everywhere: every offset a gate
    assert list(Gated(pattern, [], also=r"\d").positions("ab")) == [0, 1, 2]  # and ends


# the words `_fullest` completes a bare name with, by tier, and some names of units, in any case and spacing
FULL_WORDS = [
    tuple(sorted(w for w, tiers in FACTS.full_words.items() if tier in tiers)) for tier in ("province", "district")
] + [("thị xã", "xã"), ("tỉnh",)]
UNIT_NAMES = ["Bình Định", "Đức Phổ", "Phổ An", "Huế", "Thủ Thừa", "BÌNH ĐỊNH"]
named_text = st.lists(
    st.sampled_from([*FACT_WORDS, *UNIT_NAMES, "Hội LHPN huyện", "Tỉnh", "THỊ  XÃ", " ", "  ", "\t", "\n", ", ", "x"]),
    max_size=30,
).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(named_text)
def test_a_name_with_its_word_and_a_body_with_its_unit_are_found_as_the_plain_searches(text: str) -> None:
    from extractors.facts.rules import NAME, alt
    from extractors.facts.units import Candidate, _body_name, _with_word

    for full_words in FULL_WORDS:
        for name in UNIT_NAMES:
            plain = regex.search(rf"(?<![\p{{L}}])(?i:{alt(full_words)})\s+{regex.escape(name)}(?![\p{{L}}])", text)
            assert _with_word(text, full_words, name) == (plain.group() if plain else None), (full_words, name)
    body = "Hội LHPN huyện"
    plain = regex.search(regex.escape(body) + rf"[ \t]+{NAME}", text)
    expected = " ".join(plain.group().split()) if plain else body
    assert _body_name(FACTS, text, Candidate(0, len(body), "body", None, body)) == expected


# --- user rules: the fast paths are built from the lexicon loaded, user files included ---------------------

# invented, in the style of the corpus: a trade union, a unit of length, a historical district word
USER_LINE = "Ông Nguyễn Văn An, Chủ tịch Nghiệp đoàn Nghề cá Bình Định, cho biết tàu đã đi 5 dặm đến châu Mộc Hạ."


@pytest.fixture(scope="module")
def user_lexicon(tmp_path_factory: pytest.TempPathFactory) -> Lexicon:
    rules = tmp_path_factory.mktemp("rules")
    (rules / "organisations.toml").write_text('named_heads = ["Nghiệp đoàn"]\n', encoding="utf-8")
    (rules / "figures.toml").write_text('[quantity]\nunits = { "dặm" = "dặm" }\n', encoding="utf-8")
    (rules / "places.toml").write_text('unit_words = ["châu", "Châu"]\n', encoding="utf-8")
    (rules / "doc_types_facts.toml").write_text('[units]\nwords = { "châu" = ["district"] }\n', encoding="utf-8")
    return load_lexicon(rules)


def test_user_words_reach_the_anchor_scan(user_lexicon: Lexicon) -> None:
    from extractors.entities import extract_entities

    mine, plain = entity_rules(user_lexicon), ENTITIES
    assert [m.group() for m in mine.org_heads_scan.finditer(USER_LINE)] == [
        m.group() for m in mine.org_heads.finditer(USER_LINE)
    ]
    assert "Nghiệp đoàn" in [m.group() for m in mine.org_heads_scan.finditer(USER_LINE)]
    assert "Nghiệp đoàn" not in [m.group() for m in plain.org_heads_scan.finditer(USER_LINE)]
    found = {(e.type, e.text) for e in extract_entities(USER_LINE, user_lexicon)}
    assert {("ORG", "Nghiệp đoàn Nghề cá Bình Định"), ("LOC", "châu Mộc Hạ")} <= found
    assert ("LOC", "châu Mộc Hạ") not in {(e.type, e.text) for e in extract_entities(USER_LINE, LEXICON)}


def test_a_user_unit_reaches_the_unit_probe(user_lexicon: Lexicon) -> None:
    from extractors.figures import extract_figures

    at = USER_LINE.index(" dặm")
    probe = amounts._units(figure_rules(user_lexicon))
    m = probe.match(USER_LINE, at, at + AHEAD)
    assert m is not None and m.group(1) == "dặm"
    assert amounts._units(FIGURES).match(USER_LINE, at, at + AHEAD) is None
    assert ("quantity", 5, "dặm") in [(f.kind, f.value, f.unit) for f in extract_figures(USER_LINE, user_lexicon)]
    assert ("count", 5, "dặm") in [(f.kind, f.value, f.unit) for f in extract_figures(USER_LINE, LEXICON)]


def test_a_user_unit_word_reaches_the_fact_gate(user_lexicon: Lexicon) -> None:
    at = USER_LINE.index("châu")
    assert at in list(fact_rules(user_lexicon).find_units.positions(USER_LINE))
    assert at not in list(FACTS.find_units.positions(USER_LINE))
    mine = fact_rules(user_lexicon).find_units
    assert _spans(mine.finditer(USER_LINE)) == _spans(mine.pattern.finditer(USER_LINE))


# --- word trees: alternations factored by shared beginnings ------------------------------------------------


def _plain_alternation(words: list[str] | frozenset[str], *, folded: bool, space: str = r"\s+") -> str:
    """What the amounts patterns were built with before their alternations were trees."""
    return alternation(words) if space == r"\s+" else amounts._phrase(words, space)


NUMBER_WORDS = sorted(
    {*FIGURES.numbers.units, *FIGURES.numbers.ten, *FIGURES.numbers.scales, *FIGURES.numbers.all}
    | {*FIGURES.figures.numbers.zero, *FIGURES.numbers.decimal_points, *FIGURES.numbers.half}
)
AMOUNT_WORDS = sorted(
    {
        *NUMBER_WORDS,
        *FIGURES.figures.currencies,
        *FIGURES.figures.percent.signs,
        *FIGURES.figures.percent.not_percent_before,
        *FIGURES.figures.amounts.range_joiners,
        *FIGURES.figures.amounts.between_joiners,
        *FIGURES.figures.amounts.pair_joiners,
        *FIGURES.figures.amounts.per_words,
        *FIGURES.figures.amounts.glued_scales,
        *FIGURES.figures.amounts.rate_continuations,
        *FIGURES.figures.amounts.rate_durations,
        *FIGURES.figures.money_not_after.words,
        *FIGURES.figures.qualifiers.more_than_after,
        *FIGURES.figures.qualifiers.less_than_after,
        *UNIT_WORDS[::12],
    }
)
amount_text = _text([*AMOUNT_WORDS, "12", "3,5", "1.500", "2/5", "20-25", "/", "-", "/h"])
TREE_LISTS = {
    "numbers": NUMBER_WORDS,
    "currencies": sorted(FIGURES.figures.currencies),
    "amount-words": AMOUNT_WORDS,
    "prefix-sharing": ["đô", "đô la", "đô la Mỹ", "đôla", "Euro", "euro", "euros", "EUR", "tr", "tr.", "triệu", ""],
}


def _tree_and_plain(words: list[str], folded: bool, space: str, tail: str) -> tuple[regex.Pattern[str], ...]:
    flags = regex.IGNORECASE if folded else 0
    tree = trie_alternation(words, folded=folded, space=space)
    plain = _plain_alternation(words, folded=folded, space=space)
    return tuple(regex.compile(r"[ \t]*(" + body + ")" + tail, flags) for body in (tree, plain))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(TREE_LISTS)),
    st.booleans(),
    st.sampled_from([r"\s+", r"[ \t]+"]),
    st.sampled_from(["", r"(?![\p{L}\p{M}\p{N}])", r"[ \t]*\d"]),
    amount_text,
)
def test_a_word_tree_matches_as_the_plain_alternation(
    name: str, folded: bool, space: str, tail: str, text: str
) -> None:
    tree, plain = _tree_and_plain(TREE_LISTS[name], folded, space, tail)
    for pos in range(len(text) + 1):
        _same_match(tree.match(text, pos), plain.match(text, pos))
    assert _spans(tree.finditer(text)) == _spans(plain.finditer(text))


@pytest.mark.parametrize(
    ("words", "folded"),
    [
        (["a  b", "a b", "a"], False),  # two spaces: more than one way to match a blank run
        (["a\tb", "a b"], True),
        ([" x", "x"], False),
    ],
    ids=["double-space", "tab", "leading-space"],
)
def test_words_with_odd_blanks_get_the_plain_alternation(words: list[str], folded: bool) -> None:
    assert trie_alternation(words, folded=folded) == alternation(words)


def test_a_word_tree_shares_beginnings_folded_only_where_case_is_folded() -> None:
    assert trie_alternation(["Euro", "euro", "euros"], folded=True) == "euro(?:s)?"
    assert trie_alternation(["Euro", "euro", "euros"], folded=False) == "(?:euro(?:s)?|Euro)"
    assert trie_alternation(["đô la Mỹ", "đô la", "đô"], folded=True, space="[ ]+") == "đô(?:[ ]+la(?:[ ]+Mỹ)?)?"
    assert trie_alternation([], folded=True) == alternation([]) == ""


@pytest.fixture(scope="module")
def plain_amount_patterns() -> dict[str, regex.Pattern[str]]:
    """The amounts patterns built with plain alternations (`_patterns` uncached, the trees swapped out)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(amounts, "trie_alternation", _plain_alternation)
        return amounts._patterns.__wrapped__(FIGURES)


# from ../shared/corpus: 000 (Đức Phổ), 001 (xóa nghèo), 002 (Thanh Tân), 005 (TPHCM), 007 (Ninh Bình), 027
AMOUNT_LINES = [
    "gặp khó khăn do đại dịch Covid-19 với tổng kinh phí trên 655 triệu đồng; tổ chức 6 “chuyến xe 0 đồng”",
    "Ước kết quả thực hiện giảm tỷ lệ hộ nghèo năm 2022 là 0,47%, đạt 100% kế hoạch năm",
    "thu nhập bình quân đầu người đạt 8,6 triệu đồng/năm, tỷ lệ hộ nghèo chiếm 13%, sản xuất nông nghiệp",
    "Với chiều dài đường trục xã 8,4 km, trục thôn là10,3 km, nhánh thôn cấp 1 là 9,5 km đều được trải bê-tông",
    "với sáu trạm bơm tưới, tiêu, một âu đập chống úng, 12,4 km mương cứng, 8 km đường giao thông trục chính",
    "xăng dầu nhập khẩu giảm sâu nhất đạt 1,37 tỷUSD, giảm 47,3% so với cùng kỳ 2019…",
    "nguồn vốn đầu tư 1,5 tỷ đồng, mua sắm thiết bị trường học gần năm tỷ đồng, xây dựng hai trường THCS",
    "đã ủng hộ Quỹ Bảo trợ trẻ em Việt Nam gần mười tỷ đồng để triển khai các dự án",
]
AMOUNT_IDS = ["corpus-000", "corpus-001", "corpus-002-income", "corpus-002-roads", "corpus-002-pumps"]
AMOUNT_IDS += ["corpus-005", "corpus-007", "corpus-027"]


def _same_patterns(got: dict[str, regex.Pattern[str]], want: dict[str, regex.Pattern[str]], text: str) -> None:
    assert sorted(got) == sorted(want)
    for name, pattern in want.items():
        for pos in range(len(text) + 1):
            a, b = got[name].match(text, pos, pos + AHEAD), pattern.match(text, pos, pos + AHEAD)
            assert (a.span(), a.groups(), a.regs) == (b.span(), b.groups(), b.regs) if b else a is None, (name, pos)
        assert _spans(got[name].finditer(text)) == _spans(pattern.finditer(text)), name


@pytest.mark.parametrize("line", AMOUNT_LINES, ids=AMOUNT_IDS)
def test_the_amount_patterns_match_as_their_plain_forms_in_corpus_lines(
    line: str, plain_amount_patterns: dict[str, regex.Pattern[str]]
) -> None:
    _same_patterns(amounts._patterns(FIGURES), plain_amount_patterns, line)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=amount_text)
def test_the_amount_patterns_match_as_their_plain_forms(
    text: str, plain_amount_patterns: dict[str, regex.Pattern[str]]
) -> None:
    _same_patterns(amounts._patterns(FIGURES), plain_amount_patterns, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(unit_text, st.integers(min_value=0, max_value=60))
def test_the_unit_tree_matches_as_the_plain_unit_alternation(text: str, pos: int) -> None:
    tree = amounts._units(FIGURES)
    plain = WordProbe(amounts._GAP, tree._parts, tree._tail, _plain)
    pos = min(pos, len(text))
    _same_match(tree.pattern.match(text, pos, pos + AHEAD), plain.pattern.match(text, pos, pos + AHEAD))


# --- the number scan: numbers in words and currencies before a number, from one anchor pass ------------------


def _plain_numbers(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, tuple[int, int]]]]:
    p = amounts._patterns(FIGURES)
    lower = text.lower()
    words = p["words_lower"].finditer(lower) if len(lower) == len(text) else p["words_any_case"].finditer(text)
    spans = sorted([m.span() for m in p["digits_only"].finditer(text)] + [m.span() for m in words])
    prefixes = sorted((m.end(), m.span()) for m in p["prefix_money"].finditer(text))
    return spans, prefixes


def _anchored_numbers(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, tuple[int, int]]]]:
    lower = text.lower()
    spans = sorted((n.s, n.e) for n in amounts._numbers(text, lower, FIGURES))
    prefixes = sorted((end, m.span()) for end, m in amounts._money_prefixes(text, lower, FIGURES).items())
    return spans, prefixes


@pytest.mark.parametrize("line", AMOUNT_LINES, ids=AMOUNT_IDS)
def test_the_number_scan_finds_the_numbers_of_the_plain_scans_in_corpus_lines(line: str) -> None:
    assert _anchored_numbers(line) == _plain_numbers(line)


def test_the_number_scan_reads_numbers_in_words_and_a_currency_code_before_digits() -> None:
    line = "gần năm tỷ đồng và USD 2,5 triệu, Hai mươi lăm hộ"  # corpus-007 style, a code before the number
    spans, prefixes = _anchored_numbers(line)
    assert [line[s:e] for s, e in spans] == ["năm tỷ", "2,5", "Hai mươi lăm"]
    assert [line[s:e] for _, (s, e) in prefixes] == ["USD "]
    assert (spans, prefixes) == _plain_numbers(line)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(amount_text)
def test_the_number_scan_finds_the_numbers_of_the_plain_scans(text: str) -> None:
    assert _anchored_numbers(text) == _plain_numbers(text)


# --- the entity rules' word trees --------------------------------------------------------------------------


def _words_of(value: object) -> list[str]:
    """Every string a lexicon section holds, however deep (its word lists, its tables)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in (*_words_of(k), *_words_of(v))]
    if isinstance(value, list | tuple | set | frozenset):
        return [w for v in value for w in _words_of(v)]
    return []


def _plain_entity_rules() -> EntityRules:
    """The entity rules with every word list a plain alternation, longest first: what they were before trees."""

    def plain_trie(words: list[str], case_insensitive: bool = False) -> str:
        return entity_rules_module.plain_alternation(
            [" ".join(w.split()) for w in words if w.split()], case_insensitive
        )

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(entity_rules_module, "alternation", entity_rules_module.plain_alternation)
        mp.setattr(entity_rules_module, "trie_alternation", plain_trie)
        return EntityRules(LEXICON)


PLAIN_ENTITIES = _plain_entity_rules()
ENTITY_PATTERNS = {
    **{
        name: (fast, getattr(PLAIN_ENTITIES, name))
        for name, fast in vars(ENTITIES).items()
        if isinstance(fast, regex.Pattern) and fast.pattern != getattr(PLAIN_ENTITIES, name).pattern
    },
    **{
        f"role_words[{role}]": (fast, plain)
        for (role, fast), (_, plain) in zip(ENTITIES.role_words, PLAIN_ENTITIES.role_words, strict=True)
    },
}
ENTITY_WORDS = sorted(
    {
        w
        for section in (LEXICON.titles, LEXICON.places, LEXICON.organisations)
        for w in _words_of(section.model_dump())
        if 0 < len(w) <= 40
    }
    | set(entity_rules_module.head_words(LEXICON.titles))
)
# from ../shared/corpus: titles before and after names, a signature, units and bodies
ENTITY_LINES = [
    *CORPUS_LINES,
    "Hội nghị do đồng chí Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy, Trưởng Ban Chỉ đạo thị xã chủ trì.",
    "Tham dự có Thượng tá Nguyễn Văn Hùng, Phó Chỉ huy trưởng Bộ CHQS tỉnh và bà Trần Thị Bình là Chủ tịch Hội "
    "Phụ nữ xã Phổ An.",
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nLê Văn Hoạt",
    "Bộ trưởng Lao động - Thương binh và Xã hội Đào Ngọc Dung được bầu làm Trưởng đoàn (nay là Phó Thủ tướng).",
]


def _found(m: regex.Match[str] | None) -> object:
    return m and (m.span(), m.groups(), m.lastgroup, [m.span(i) for i in range(len(m.groups()) + 1)])


def _same_everywhere(fast: regex.Pattern[str], plain: regex.Pattern[str], text: str) -> None:
    for pos in range(len(text) + 1):
        assert _found(fast.match(text, pos)) == _found(plain.match(text, pos)), pos
    assert [_found(m) for m in fast.finditer(text)] == [_found(m) for m in plain.finditer(text)]


def test_the_entity_rules_build_their_word_lists_as_trees() -> None:
    assert {"title_start", "title_start_any_case", "org_heads", "unit_place", "province_re", "place_end"} <= set(
        ENTITY_PATTERNS
    )


@pytest.mark.parametrize("name", sorted(ENTITY_PATTERNS))
def test_an_entity_pattern_matches_as_its_plain_form_in_corpus_lines(name: str) -> None:
    fast, plain = ENTITY_PATTERNS[name]
    for line in ENTITY_LINES:
        _same_everywhere(fast, plain, line)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(_text(ENTITY_WORDS), st.data())
def test_an_entity_pattern_matches_as_its_plain_form(text: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(ENTITY_PATTERNS)))
    fast, plain = ENTITY_PATTERNS[name]
    _same_everywhere(fast, plain, text)


@pytest.mark.parametrize(
    ("words", "case_insensitive"),
    [(["Ủy  ban", "Ủy ban nhân dân"], False), (["", "xã"], True), (["\tphường", "phường"], False)],
    ids=["double-space", "empty-word", "tab"],
)
def test_entity_words_with_odd_blanks_keep_the_plain_alternation(words: list[str], case_insensitive: bool) -> None:
    assert entity_rules_module.alternation(words, case_insensitive) == entity_rules_module.plain_alternation(
        words, case_insensitive
    )


# --- the suffix lookups ------------------------------------------------------------------------------------

FOLD_WORDS = ["chiến sỹ", "kỹ sư", "Bác sỹ", "Thiếu Tá", "ĐỒNG CHÍ", "ông", "Y", "ỷ", "ΟΔΟΣ", "Σ", "İ", "mỹ"]


@given(st.lists(st.one_of(st.sampled_from(FOLD_WORDS), st.text(max_size=4)), max_size=6).map(" ".join))
def test_words_fold_one_by_one_as_they_fold_in_a_phrase(phrase: str) -> None:
    """`WordSuffix` folds the last words one by one (cached) where it folded them joined."""
    words = phrase.split()
    assert " ".join(entity_rules_module.fold_i_y(w) for w in words) == entity_rules_module.fold_i_y(" ".join(words))


def _which_joined(suffix: WordSuffix, before: str) -> str | None:
    """What `WordSuffix.which` answered when it folded each run of last words joined."""
    if not before or not before[-1].isspace():
        return None
    end = len(before.rstrip())
    start = max(before.rfind(" ", 0, end), before.rfind("\n", 0, end), before.rfind("\t", 0, end)) + 1
    if suffix._key(before[start:end]) not in suffix.last_words:
        return None
    words = before[-80:].split()[-(suffix.longest + 1) :]
    if not words or suffix._key(words[-1]) not in suffix.last_words:
        return None
    for n in range(min(suffix.longest, len(words)), 0, -1):
        key = suffix._key(" ".join(words[-n:]))
        if key in suffix.words:
            return None if len(words) > n and words[-n - 1].lower() in suffix.not_after else key
    return None


SUFFIXES = {name: s for name, s in vars(ENTITIES).items() if isinstance(s, WordSuffix)}
suffix_text = _text(
    [*LEXICON.titles.honorifics, *LEXICON.titles.ranks, *LEXICON.titles.person_attributes, *ENTITY_WORDS[::7], "sỹ"]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SUFFIXES)), suffix_text)
def test_a_word_suffix_finds_what_joined_folding_found(name: str, text: str) -> None:
    suffix = SUFFIXES[name]
    for cut in range(len(text) + 1):
        assert suffix.which(text[:cut]) == _which_joined(suffix, text[:cut])


# --- the token run of organisation names -------------------------------------------------------------------

PLAIN_TOKEN_RUN = regex.compile(r" ?([^\s,;:!?()“”\"…]+(?: [^\s,;:!?()“”\"…]+)*)")


def test_the_token_character_is_that_of_regex_at_every_code_point() -> None:
    token, plain = re.compile(organisations.TOKEN_CHAR), regex.compile(r"[^\s,;:!?()“”\"…]")
    points = [*range(0x10000), *range(0x10000, 0x110000, 97)]  # every blank `\s` knows is in the BMP
    assert [hex(p) for p in points if (token.fullmatch(chr(p)) is None) != (plain.fullmatch(chr(p)) is None)] == []


token_text = _text(
    ["Sở Giáo dục", "và", "Đào tạo", "TP.HCM", "…", "“", "”", "\u00a0", "\u2009", "\u3000", "\x1c", "\u200b"]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(token_text, st.integers(min_value=0, max_value=90))
def test_the_token_run_matches_as_its_regex_form(text: str, limit: int) -> None:
    for pos in range(len(text) + 1):
        end = min(len(text), pos + limit)
        got, want = organisations._TOKEN_RUN.match(text, pos, end), PLAIN_TOKEN_RUN.match(text, pos, end)
        assert (got and (got.span(), got.span(1))) == (want and (want.span(), want.span(1)))


# --- the summary's figures not added, a sentence at a time (pipeline.outputs.summary._Clauses) -----------

SUMMARY_TAXONOMY = load_taxonomy()
SUMMARY_PIECES = [
    *("trong đó", "trong số đó", "bao gồm", "gồm", "gồm có", "Trong Đó", "GỒM CÓ", "go\u0302\u0300m"),
    *("trong", "đó", "số", "có", "gồ", "m", "ồm", "tro", "ng", "bao", "tăng", "giảm", "tăng thêm", "kế hoạch"),
    *("dự toán", "chỉ tiêu", "hơn", "khoảng", "đạt", "được", "giải ngân", "3,4", "tỷ đồng", "10", "hộ", "2024"),
    *(";", "; ", ",", ", ", " ", " ", " ", "  ", "\n", ".", "-", "(", ")", "%", "\u00a0", "\u2009"),
    *("\u0301", "\u0300", "\u0323", "\u0316", "e\u0301", "Σ", "ΣΑΣ", "İ", "ß", "ﬁ", "ǅ", "\u1100\u1161", "\u11a8"),
    *("가", "\u0b47", "\u0b3e", "Ⅻ", "²", "٣", "ǈ"),
]
summary_sentence = st.lists(
    st.one_of(
        st.sampled_from(SUMMARY_PIECES),
        st.sampled_from(SUMMARY_PIECES).map(str.upper),
        st.text(max_size=2),
    ),
    max_size=40,
).map("".join)
summary_markers = st.lists(
    st.lists(st.sampled_from(["trong", "đó", "gồm", "có", "số", "m", "gồ", "ồm", "σ", "i̇"]), max_size=3).map(tuple),
    max_size=5,
).map(tuple)


def _summary_taxonomy(data: st.DataObject) -> Taxonomy:
    import dataclasses

    if data.draw(st.booleans()):
        return SUMMARY_TAXONOMY
    return dataclasses.replace(
        SUMMARY_TAXONOMY,
        breakdown_markers=data.draw(summary_markers),
        change_markers=data.draw(summary_markers),
        target_markers=data.draw(summary_markers),
        change_window=data.draw(st.integers(0, 3)),
        target_window=data.draw(st.integers(0, 3)),
    )


def _figure_group(sentence: str, data: st.DataObject) -> tuple[list[Mention], int]:
    """Figures anywhere in the sentence (in words, past its end, ending before they start, one listed twice),
    in start order or not, and the sentence's offset in its document."""
    base = data.draw(st.integers(0, 4))
    position = st.integers(0, len(sentence) + base + 3)
    group = []
    for start, end, metric in data.draw(
        st.lists(st.tuples(position, position, st.sampled_from(["a", "b", None])), min_size=1, max_size=12)
    ):
        shape = data.draw(st.integers(0, 7))
        if shape == 0:  # no text
            end = start
        elif shape > 1:  # mostly a figure whose end is at or after its start (as validated); else the other way
            start, end = min(start, end), max(start, end)
        text = "x" * max(0, end - start)
        group.append(
            Mention.model_construct(
                kind="money", value=1, text=text, sentence=sentence, start=start, end=end, metric=metric
            )
        )
    if data.draw(st.booleans()):
        group.sort(key=lambda m: m.start)
    if data.draw(st.integers(0, 5)) == 0:
        group.insert(data.draw(st.integers(0, len(group))), group[data.draw(st.integers(0, len(group) - 1))])
    return group, base


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(summary_sentence, st.data())
def test_a_sentences_figures_not_added_are_those_of_the_plain_walk(sentence: str, data: st.DataObject) -> None:
    from pipeline.outputs.summary import _Clauses, _not_added

    taxonomy = _summary_taxonomy(data)
    group, base = _figure_group(sentence, data)
    long_gap, tail_window = data.draw(st.integers(0, 6)), data.draw(st.integers(1, 24))
    clauses = _Clauses(group, base, taxonomy, long_gap=long_gap, tail_window=tail_window)
    for j, m in enumerate(group):
        assert clauses.not_added(j) == _not_added(m, group, base, taxonomy), j


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(summary_sentence, summary_markers)
def test_the_words_of_a_slice_are_the_sentences_words_in_it(
    sentence: str, markers: tuple[tuple[str, ...], ...]
) -> None:
    from pipeline.outputs.summary import _WORD_SPAN, _marker_in, _Words

    index = _Words(sentence, markers)
    if not index.exact:
        return
    for start in range(len(sentence) + 1):
        for end in range(start, len(sentence) + 1):
            assert words(sentence[start:end]) == _WORD_SPAN.findall(index.lower, start, end)
            assert index.marker_between(start, end) == _marker_in(words(sentence[start:end]), markers)


def test_a_long_sentence_reads_its_markers_from_the_sentences_words() -> None:
    from pipeline.outputs.summary import _marker_in, _Words

    markers = SUMMARY_TAXONOMY.breakdown_markers
    sentence = "giải ngân hơn 3,4 tỷ đồng, trong đó, 10 hộ gồm có " * 20 + "bao gồ"
    index = _Words(sentence, markers)
    assert index.exact and not _Words(sentence + "Σ", markers).exact and not _Words("e\u0301" + sentence, markers).exact
    for start in range(0, len(sentence), 7):
        for end in range(start, len(sentence) + 1, 5):
            assert index.marker_between(start, end) == _marker_in(words(sentence[start:end]), markers)


def test_the_word_of_the_summary_is_that_of_the_metrics() -> None:
    from extractors import metrics
    from pipeline.outputs.summary import _WORD_SPAN

    assert (_WORD_SPAN.pattern, _WORD_SPAN.flags) == (metrics._WORD.pattern, metrics._WORD.flags)


def test_every_character_that_composes_with_the_one_before_it_is_nfc_maybe() -> None:
    """`_Words` takes a slice of an NFC sentence for NFC when no character of it is NFC_QC=Maybe (regex's
    property): every character that Python's own Unicode data composes with a preceding one must be."""
    import unicodedata

    from pipeline.outputs.summary import _NFC_MAYBE

    seconds = set()
    for point in range(0x110000):
        parts = unicodedata.decomposition(chr(point)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            pair = chr(int(parts[0], 16)) + chr(int(parts[1], 16))
            if unicodedata.normalize("NFC", pair) == chr(point):
                seconds.add(pair[1])
    seconds |= {chr(p) for p in range(0x1161, 0x1176)} | {chr(p) for p in range(0x11A8, 0x11C3)}  # Hangul V, T
    assert sorted(hex(ord(c)) for c in seconds if not _NFC_MAYBE.match(c)) == []


@pytest.mark.parametrize(
    "text",
    [
        "giải ngân hơn 3,4 tỷ đồng, " * 60,
        "Tổng vốn đạt 155 tỷ đồng, trong đó nhân dân đóng góp 20,48 tỷ đồng, " * 12 + "gồm 3 tỷ đồng; 4 tỷ đồng. "
        "Kế hoạch 10 tỷ đồng, tăng 5 tỷ đồng, giải ngân 7 tỷ đồng, 8 tỷ đồng, 9 tỷ đồng, 11 tỷ đồng.",
        ("hỗ trợ 10 hộ, " * 30 + "; ") * 3 + ("xây 5 km đường, " * 20),
    ],
)
def test_a_documents_contribution_is_the_same_with_and_without_the_sentence_index(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractors.figures import extract_figures
    from extractors.metrics import assign_metrics
    from pipeline.outputs import summary
    from schemas.models import DocumentFacts

    mentions = [
        Mention.model_validate({**m.__dict__, "doc_id": "d"})
        for m in assign_metrics(extract_figures(text, LEXICON), text, SUMMARY_TAXONOMY)
    ]
    assert len(mentions) >= summary._MANY_FIGURES and len(text) > 2 * summary._LONG_GAP  # gaps read from `_Words`
    fast = summary.document_contribution("d", text, DocumentFacts(), mentions, SUMMARY_TAXONOMY).to_json()
    monkeypatch.setattr(summary, "_MANY_FIGURES", 1 << 30)
    plain = summary.document_contribution("d", text, DocumentFacts(), mentions, SUMMARY_TAXONOMY).to_json()
    assert fast == plain and fast["rows"]


def _figure(sentence: str, start: int, end: int, metric: str | None = "a") -> Mention:
    text = sentence[start:end]
    return Mention.model_construct(
        kind="money", value=1, text=text, sentence=sentence, start=start, end=end, metric=metric
    )


def _edge_cases() -> list[tuple[list[Mention], int, int]]:
    """(figures, which, tail_window): a figure not added for a reason a careless index misses."""
    planned = "chi 5 tỷ đồng, kế hoạch  năm"  # a figure of no text after the marker: its own end is not the previous
    raised = "x tăng a , , , , , , 5 tỷ đồng"  # a window cutting `tăng` holds 8 tokens, not more: not read from it
    parts = "a 5 tỷ đồng, trong đó 3 tỷ đồng"  # an earlier figure listed after it, ending before it starts
    backwards = Mention.model_construct(**{**_figure(parts, 25, 25).__dict__, "end": 2})
    return [
        ([_figure(planned, 4, 13), _figure(planned, 24, 24)], 1, 99),
        ([_figure(raised, 21, 30)], 0, 21 - raised.index("ăng")),
        ([_figure(parts, 22, 31), backwards], 0, 99),
    ]


@pytest.mark.parametrize(("group", "which", "tail_window"), _edge_cases())
def test_a_sentences_figures_not_added_in_edge_cases(group: list[Mention], which: int, tail_window: int) -> None:
    from pipeline.outputs.summary import _Clauses, _not_added

    assert _not_added(group[which], group, 0, SUMMARY_TAXONOMY)
    assert _Clauses(group, 0, SUMMARY_TAXONOMY, long_gap=0, tail_window=tail_window).not_added(which)
