"""Vietnamese number parsing: digits the Vietnamese way and numbers in words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.numbers import parse_digits, parse_words
from pipeline.outputs.numbers import format_number as format_vi
from tests.lexicon import NUMBERS


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1.250", 1250),  # 001_xoa-bo: thousands grouped with dots
        ("3,4", 3.4),  # 000_duc-pho: decimal comma
        ("1.500.000", 1500000),
        ("04", 4),  # 000_duc-pho: `04 lớp`, leading zero
        ("1.086,57", 1086.57),  # 010_hai-quan: grouped with decimals
        ("21.576,5", 21576.5),  # 004_ban-chap-hanh: km²
        ("674,573", 674.573),  # 034_phat-trien: decimal comma, three decimals
        ("9.949.225", 9949225),  # B05: `9.949.225 lượt`
    ],
)
def test_parse_digits_reads_vietnamese_grouping(written, value):
    assert parse_digits(written) == value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("bảy", 7),  # 002_thanh-tan: `bảy thôn`
        ("bẩy", 7),  # 052_ty-le: variant spelling in `bẩy nhóm giải pháp`
        ("mười", 10),  # 057_het-minh: `mười chi hội`
        ("ba trăm hai mươi lăm", 325),
        ("hai mươi mốt", 21),
        ("hai mươi tư", 24),
        ("một trăm linh năm", 105),
        ("một trăm lẻ một", 101),
        ("hai nghìn", 2000),  # 057_het-minh: `hơn hai nghìn hội viên`
        ("năm tỷ", 5_000_000_000),  # 007_ninh-binh: `gần năm tỷ đồng`
        ("hai tỷ ba trăm triệu", 2_300_000_000),
        ("mười lăm", 15),
        ("hai chục", 20),  # colloquial tens
    ],
)
def test_parse_words_composes_like_speech(written, value):
    assert parse_words(written, NUMBERS) == value


@pytest.mark.parametrize("written", ["hai năm", "mười năm", "lăm", "trăm", "mươi", "xin chào", "", "năm năm"])
def test_parse_words_rejects_what_is_not_one_number(written):
    assert parse_words(written, NUMBERS) is None


@given(st.integers(min_value=0, max_value=10**15))
def test_integers_round_trip_through_vietnamese_writing(n):
    assert parse_digits(format_vi(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimals_round_trip_through_vietnamese_writing(whole, cents):
    value = whole + cents / 100
    assert parse_digits(format_vi(value)) == pytest.approx(value)


@given(st.text(max_size=40))
def test_parsers_never_raise(s):
    parse_digits(s)
    parse_words(s, NUMBERS)


_DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _say_below_100(n: int) -> str:
    """0-99 as said, the test's own independent spelling: `hai mươi mốt`, `mười lăm`, `chín`."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return _DIGIT_WORDS[unit]
    head = "mười" if tens == 1 else _DIGIT_WORDS[tens] + " mươi"
    if unit == 0:
        return head
    return head + " " + ("lăm" if unit == 5 else "mốt" if unit == 1 and tens > 1 else _DIGIT_WORDS[unit])


@given(st.integers(min_value=0, max_value=99), st.lists(st.integers(0, 9), min_size=1, max_size=3))
def test_decimal_words_read_digit_by_digit(whole, digits):
    """`ba phẩy không năm` is 3.05: after `phẩy` each word is one digit."""
    written = f"{_say_below_100(whole)} phẩy {' '.join(_DIGIT_WORDS[d] for d in digits)}"
    assert parse_words(written, NUMBERS) == pytest.approx(float(f"{whole}.{''.join(map(str, digits))}"))


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("ba phẩy năm", 3.5),
        ("không phẩy hai lăm", 0.25),  # `hai lăm`: digits said in a row
        ("hai phẩy năm tỷ", 2_500_000_000),
        ("một phẩy hai nghìn tỷ", 1_200_000_000_000),  # stacked scales after the mark
        ("ba phẩy mười bốn", 3.14),  # one number after the mark
    ],
)
def test_parse_words_reads_the_spoken_decimal_mark(written, value):
    assert parse_words(written, NUMBERS) == pytest.approx(value)


@pytest.mark.parametrize("written", ["phẩy năm", "ba phẩy", "ba phẩy năm phẩy hai", "ba phẩy tỷ"])
def test_a_decimal_mark_needs_digits_on_both_sides(written):
    assert parse_words(written, NUMBERS) is None
