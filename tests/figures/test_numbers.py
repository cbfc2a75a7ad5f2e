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
