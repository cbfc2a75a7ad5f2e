"""Properties every figure extractor keeps on any input: no exception, offsets that hold."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.figures import extract_figures
from extractors.sentences import sentence_spans
from tests.lexicon import LEXICON

# Pieces of real figures, so generated text reaches deep into the grammar.
PIECES = [
    "hơn ",
    "gần ",
    "khoảng ",
    "3,4",
    "1.250",
    "04",
    "/",
    "-",
    " ",
    "\n",
    "tỷ",
    " triệu",
    " nghìn",
    " đồng",
    "đ",
    "USD",
    "%",
    " ha",
    "km",
    "m2",
    "ngày ",
    "tháng ",
    "năm ",
    "quý I",
    "/2022",
    "07/01/2022",
    "120-KL/TW",
    "số ",
    "hai ",
    "mươi ",
    "lăm ",
    "trăm ",
    " hộ",
    " đoàn kiểm tra",
    "“",
    "”",
    "(",
    ")",
    ",",
    ".",
    "Covid-19",
    "F0",
    "Kết luận ",
    "QĐ-UBND",
    "là",
    "7/7 thôn",
    " đến ",
    "và",
]
figure_like = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _check(text: str) -> None:
    """extract_figures catches nothing: any exception fails the property (E603 in a run)."""
    for m in extract_figures(text, LEXICON):
        assert text[m.start : m.end] == m.text
        assert 0 <= m.start <= m.end <= len(text)
        assert m.sentence == "" or m.text in m.sentence or m.sentence in text
        assert m.sentence_start is not None and m.sentence in text[m.sentence_start : m.sentence_end]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(figure_like)
def test_figure_like_text_never_breaks_offsets(text):
    _check(text)


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_any_text_never_raises(text):
    _check(text)


@given(st.text(max_size=200))
def test_sentence_spans_stay_inside_the_text(text):
    for a, b in sentence_spans(text):
        assert 0 <= a < b <= len(text)
