"""The grammar of figures as mechanisms (issue 12): each table is a class of writing, not one sentence.

Rows are `(origin, sentence, expected)`; `invented` rows stand for phrasings the dev corpus does not
hold (other fields, other writers), `corpus/NNN` rows are copied from ../shared/corpus. Expected
figures are `(kind, value, unit, qualifier)` for every figure of the sentence, in order.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.figures import extract_figures
from tests.lexicon import LEXICON


def figures(sentence: str) -> list[tuple]:
    return [(m.kind, m.value, m.unit, m.qualifier) for m in extract_figures(sentence, LEXICON) if m.kind != "duration"]


def table(rows: list[tuple]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(("sentence", "expected"), [r[1:] for r in rows], ids=[r[0] for r in rows])


# --- amounts as a composition ----------------------------------------------------------------------

STACKED_SCALES = [
    ("invented: GDP in triệu tỷ", "GDP cả nước đạt 2,8 triệu tỷ đồng.", [("money", 2800000000000000, "VND", "exact")]),
    (
        "corpus/020: ước đạt 1,024 triệu tỷ",
        "Tổng sản phẩm ước đạt 1,024 triệu tỷ đồng.",
        [("money", 1024000000000000, "VND", "approx")],
    ),
    ("invented: nghìn tỷ", "Dư nợ tăng thêm 1,2 nghìn tỷ đồng.", [("money", 1200000000000, "VND", "exact")]),
    (
        "invented: a hundred word before the scale",
        "Kinh phí 5 trăm triệu đồng.",
        [("money", 500000000, "VND", "exact")],
    ),
    ("invented: vạn", "Giá 3 vạn đồng một vé.", [("money", 30000, "VND", "exact")]),
    ("invented: compound adds", "Tổng mức đầu tư 2 tỷ 350 triệu đồng.", [("money", 2350000000, "VND", "exact")]),
    ("invented: and a half after the scale", "Quỹ có 3 tỷ rưỡi đồng.", [("money", 3500000000, "VND", "exact")]),
]

GLUED_SCALES = [
    (
        "invented: price in k",
        "Vé vào cổng giá 50k, trẻ em 20k.",
        [("money", 50000, "VND", "exact"), ("money", 20000, "VND", "exact")],
    ),
    ("invented: K before đồng", "Mỗi phần quà 10K đồng.", [("money", 10000, "VND", "exact")]),
    ("invented: tr glued", "Lương khởi điểm 1,5tr đồng.", [("money", 1500000, "VND", "exact")]),
    ("invented: k before a noun is a count", "Video đạt 100k lượt xem.", [("count", 100000, "lượt xem", "exact")]),
    ("corpus/013: the 5K message is no money", "Thực hiện nghiêm thông điệp 5K của Bộ Y tế.", []),
]

CURRENCY_SYMBOLS = [
    ("invented: dollar before", "Cuốn sách giá $25.", [("money", 25, "USD", "exact")]),
    ("invented: dollar after", "Cuốn sách giá 25$.", [("money", 25, "USD", "exact")]),
    (
        "invented: euro before and after",
        "Vé €20, suất ăn 12 €.",
        [("money", 20, "EUR", "exact"), ("money", 12, "EUR", "exact")],
    ),
    ("invented: code glued before", "Thu phí USD2,5 mỗi container.", [("money", 2.5, "USD", "exact")]),
    ("invented: code spaced before", "Giá EUR 40.", [("money", 40, "EUR", "exact")]),
    ("invented: dong sign", "Phí dịch vụ 5.000₫.", [("money", 5000, "VND", "exact")]),
    (
        "invented: codes in lower case",
        "Số tiền 50.000 vnd và 20 usd.",
        [("money", 50000, "VND", "exact"), ("money", 20, "USD", "exact")],
    ),
    ("invented: đô la Mỹ", "Kim ngạch đạt 200 triệu đô la Mỹ.", [("money", 200000000, "USD", "exact")]),
    ("invented: euros", "Khoản viện trợ 30 euros.", [("money", 30, "EUR", "exact")]),
    ("invented: English grouping after a dollar sign", "Chiếc xe giá $15,000.", [("money", 15000, "USD", "exact")]),
    (
        "invented: a decimal after a dollar sign stays a decimal",
        "Cốc cà phê giá $3,99.",
        [("money", 3.99, "USD", "exact")],
    ),
    (
        "invented: a scale after the sign keeps the Vietnamese comma",
        "Vốn US$ 2,5 tỷ.",
        [("money", 2500000000, "USD", "exact")],
    ),
    (
        "invented: yên and tệ after a number",
        "Thu về 3,5 tỷ yên và 100 triệu tệ.",
        [("money", 3500000000, "JPY", "exact"), ("money", 100000000, "CNY", "exact")],
    ),
    (
        "invented: baht, rupee",
        "Dự án 2 tỷ baht và 500 triệu rupee.",
        [("money", 2000000000, "THB", "exact"), ("money", 500000000, "INR", "exact")],
    ),
    ("invented: a bare bảng is a board, not a pound", "Lắp đặt 15 bảng điện tử.", [("count", 15, "bảng", "exact")]),
]

BOUNDS_AND_RANGES = [
    (
        "invented: giữa … và",
        "Giá dao động giữa 3.000 và 5.000 đồng.",
        [("money", 3000, "VND", "exact"), ("money", 5000, "VND", "exact")],
    ),
    ("invented: từ $ trở lên", "Cổ phiếu từ $1,42 trở lên.", [("money", 1.42, "USD", "more_than")]),
    ("invented: ít hơn", "Chi phí ít hơn 7k đồng.", [("money", 7000, "VND", "less_than")]),
    (
        "corpus/001: thấp hơn … so với is a difference",
        "Tỷ lệ hộ nghèo thấp hơn 1,89% so với năm 2021.",
        [("percent", 1.89, None, "exact")],
    ),
    (
        "invented: shorter low end shares digit groups",
        "Dự án cần 20-25.000 tỷ đồng.",
        [("money", 20000000000000, "VND", "exact"), ("money", 25000000000000, "VND", "exact")],
    ),
    (
        "invented: a scale binds its currency across a list",
        "Kế hoạch 850 tỷ, đã giải ngân 600 tỷ đồng.",
        [("money", 600000000000, "VND", "exact"), ("money", 850000000000, "VND", "exact")],
    ),
]

DECIMAL_AND_GROUPING = [
    ("invented: English grouping", "Vốn điều lệ 1,091,500,000 đồng.", [("money", 1091500000, "VND", "exact")]),
    ("invented: dot decimal km", "Quãng đường 12.5 km.", [("quantity", 12.5, "km", "exact")]),
    ("invented: dot decimal percent", "Tỷ lệ đạt 97.4%.", [("percent", 97.4, None, "exact")]),
    ("invented: dot decimal million", "Thu 38.2 triệu đồng.", [("money", 38200000, "VND", "exact")]),
    ("invented: a dot and three digits groups", "Trao 1.500 suất quà.", [("count", 1500, "suất quà", "exact")]),
]

UNITS = [
    (
        "invented: prefix + base",
        "Uống 5 mililít thuốc, nặng 25 miligam.",
        [("quantity", 5, "ml", "exact"), ("quantity", 25, "mg", "exact")],
    ),
    ("invented: hyphenated prefix", "Đường dài 5 ki-lô-mét.", [("quantity", 5, "km", "exact")]),
    (
        "invented: power word",
        "Diện tích 2 mét vuông, 3 ki-lô-mét vuông.",
        [("quantity", 2, "m2", "exact"), ("quantity", 3, "km2", "exact")],
    ),
    (
        "invented: hectare spellings",
        "Trồng 3 hecta và 2 héc-ta rừng.",
        [("quantity", 3, "ha", "exact"), ("quantity", 2, "ha", "exact")],
    ),
    (
        "invented: ký and cân",
        "Mua 3 ký gạo, 5 cân thịt.",
        [("quantity", 3, "kg", "exact"), ("quantity", 5, "kg", "exact")],
    ),
    (
        "invented: a unit word that begins a word",
        "Bảo đảm 5 cân đối lớn của nền kinh tế.",
        [("count", 5, "cân đối", "exact")],
    ),
    ("corpus/043: regional unit công", "Gia đình trồng 3 công hành tím.", [("quantity", 3, "công", "exact")]),
    ("invented: công that begins công trình", "Khởi công 10 công trình.", [("count", 10, "công trình", "exact")]),
]

RATES = [
    ("invented: speed", "Xe chạy 80 km/h.", [("quantity", 80, "km", "exact")]),
    ("invented: flow", "Lưu lượng 12 m3/s.", [("quantity", 12, "m3", "exact")]),
    ("invented: numeric denominator is consumed", "Liều 5 ml/10 kg cân nặng.", [("quantity", 5, "ml", "exact")]),
    ("invented: yield per hectare", "Năng suất 5 tấn/ha.", [("quantity", 5, "tấn", "exact")]),
    (
        "invented: money per person per month",
        "Hỗ trợ 1,5 triệu đồng/người/tháng.",
        [("money", 1500000, "VND", "exact")],
    ),
    ("invented: count per week", "Tổ chức 3 lần/tuần.", [("count", 3, "lần", "exact")]),
]


def test_a_rate_keeps_its_denominator_in_per() -> None:
    found = {m.text: m.per for m in extract_figures("Xe chạy 80 km/h, liều 5 ml/10 kg, 5 tấn/ha.", LEXICON)}
    assert found == {"80 km/h": "h", "5 ml/10 kg": "10 kg", "5 tấn/ha": "ha"}


CURRENCY_INSIDE_WORDS = [
    ("standard: đ/c is comrades", "Có 4 đ/c tham gia.", [("count", 4, "đ/c", "exact")]),
    ("corpus/035: C/O", "Cấp 179 C/O form D.", [("count", 179, "c/o", "exact")]),
    ("invented: đồng bằng", "Có 13 tỉnh đồng bằng sông Cửu Long.", [("count", 13, "tỉnh", "exact")]),
    ("invented: đồng chí", "Kết nạp 200 đồng chí.", [("count", 200, "đồng chí", "exact")]),
    ("invented: money per kg is a rate", "Giá lúa 7.000 đ/kg.", [("money", 7000, "VND", "exact")]),
    ("corpus/034: đồng then từ", "Huy động hơn 10 tỷ đồng từ các nguồn.", [("money", 10000000000, "VND", "more_than")]),
]


# --- counts by what the phrase says --------------------------------------------------------------

NOT_COUNTS = [
    ("invented: fraction of a whole", "Đã hoàn thành 2/5 khối lượng công việc.", []),
    ("invented: fraction of a number of", "Có 2/3 số xã đạt chuẩn.", []),
    ("invented: sex ratio", "Tỷ số giới tính 110 bé trai/100 bé gái.", []),
    ("invented: rate per 1.000", "Có 23 ca sinh/1.000 phụ nữ.", []),
    ("invented: rate per 100.000", "Tỷ lệ 4/100.000 dân.", []),
    ("invented: multiplier of a salary", "Được hưởng 12 lần mức lương cơ sở.", []),
    ("invented: lump sum", "Được trợ cấp 1 lần.", []),
    ("invented: gấp", "Tăng gấp 3 lần so với năm trước.", []),
    ("invented: name with a number", "Bệnh viện 108 tiếp nhận bệnh nhân.", []),
    ("corpus/027: a verb after a school level", "Các em mẫu giáo và cấp 1 tham dự.", []),
]

PAIRS = [
    (
        "standard: trên tổng số",
        "Có 12 trên tổng số 40 thôn đạt chuẩn.",
        [("count", 12, "thôn", "exact"), ("count", 40, "thôn", "exact")],
    ),
    (
        "corpus/045: two counts of different nouns",
        "Phát hiện 2 vụ/1 đối tượng vi phạm.",
        [("count", 2, "vụ", "exact"), ("count", 1, "đối tượng", "exact")],
    ),
    (
        "corpus/007: done of planned money",
        "Nhà nước chỉ chiếm 68 tỷ đồng/179 tỷ đồng vốn.",
        [("money", 68000000000, "VND", "exact"), ("money", 179000000000, "VND", "exact")],
    ),
    (
        "corpus/031: money for counted borrowers",
        "Thực hiện với hơn 4,6 tỷ đồng/232 hộ vay.",
        [("money", 4600000000, "VND", "more_than"), ("count", 232, "hộ", "exact")],
    ),
]

NOUN_ELSEWHERE = [
    (
        "invented: trong đó inherits the noun",
        "Toàn tỉnh có 56 HTX, trong đó 31 được xếp loại khá.",
        [("count", 56, "htx", "exact"), ("count", 31, "htx", "exact")],
    ),
    ("invented: label colon number", "Tổng số hộ nghèo: 215.", [("count", 215, "hộ nghèo", "exact")]),
    (
        "invented: là before a bracket",
        "Số phiếu là 1.204 (98%).",
        [("count", 1204, "phiếu", "exact"), ("percent", 98, None, "exact")],
    ),
    ("invented: noun after a PDF line wrap", "Cấp mới 57\ngiấy phép xây dựng.", [("count", 57, "giấy phép", "exact")]),
]

DICTIONARY_NOUNS = [
    ("invented: bị can", "Khởi tố 12 bị can.", [("count", 12, "bị can", "exact")]),
    ("invented: cấp phó", "Bố trí hai cấp phó.", [("count", 2, "cấp phó", "exact")]),
    (
        "invented: a dictionary noun after a number in words",
        "Hội nghị nêu ba bài học.",
        [("count", 3, "bài học", "exact")],
    ),
    ("invented: năm before a verb is a year", "Đây là năm triển khai chương trình.", []),
    ("corpus/B03: the next word claims a syllable", "Có 04 hội báo cáo kết quả.", [("count", 4, "hội", "exact")]),
]

NUMBERS_IN_WORDS = [
    (
        "invented: zero hundreds",
        "Thu được hai mươi mốt nghìn không trăm mười một phiếu.",
        [("count", 21011, "phiếu", "exact")],
    ),
    ("invented: linh", "Có một trăm linh năm hộ.", [("count", 105, "hộ", "exact")]),
    ("invented: decimal mark in words", "Lãi suất tăng ba phẩy năm phần trăm.", [("percent", 3.5, None, "exact")]),
    (
        "invented: zero before the decimal mark",
        "Tăng trưởng đạt không phẩy tám phần trăm.",
        [("percent", 0.8, None, "exact")],
    ),
    (
        "invented: a scale after decimal words",
        "Dự án vốn hai phẩy năm tỷ đồng.",
        [("money", 2500000000, "VND", "exact")],
    ),
    ("invented: a number after the mark", "Giá ba phẩy mười bốn triệu đồng.", [("money", 3140000, "VND", "exact")]),
]


# --- qualifiers as words -------------------------------------------------------------------------

QUALIFIERS = [
    (
        "invented: tiến độ is no approximation",
        "Đẩy nhanh tiến độ 03 công trình.",
        [("count", 3, "công trình", "exact")],
    ),
    ("invented: cầu vượt", "Xây cầu vượt 2 làn xe.", [("count", 2, "làn", "exact")]),
    ("standard: trên as on", "Triển khai trên 04 nền tảng số.", [("count", 4, "nền tảng", "exact")]),
    (
        "standard: ngoài as besides",
        "Ngoài 02 cửa khẩu, còn có 3 lối mở.",
        [("count", 2, "cửa khẩu", "exact"), ("count", 3, "lối", "exact")],
    ),
    (
        "invented: signs",
        "Có ≥ 90% hộ dân, ≤ 15% chi phí.",
        [("percent", 90, None, "more_than"), ("percent", 15, None, "less_than")],
    ),
    ("invented: chưa đạt", "Tỷ lệ chưa đạt 60%.", [("percent", 60, None, "less_than")]),
    ("invented: trong khoảng stays approximate", "Trong khoảng 5 tuần có 300 ca.", [("count", 300, "ca", "exact")]),
    ("invented: a clause-opening bound", "Ít nhất các xã phải đạt 60%.", [("percent", 60, None, "more_than")]),
]


@table(STACKED_SCALES + GLUED_SCALES + CURRENCY_SYMBOLS + BOUNDS_AND_RANGES + DECIMAL_AND_GROUPING)
def test_amounts(sentence: str, expected: list[tuple]) -> None:
    assert sorted(figures(sentence), key=repr) == sorted(expected, key=repr)


@table(UNITS + RATES + CURRENCY_INSIDE_WORDS)
def test_units_rates_and_currency_words(sentence: str, expected: list[tuple]) -> None:
    assert figures(sentence) == expected


@table(NOT_COUNTS + PAIRS + NOUN_ELSEWHERE + DICTIONARY_NOUNS + NUMBERS_IN_WORDS)
def test_counts(sentence: str, expected: list[tuple]) -> None:
    assert figures(sentence) == expected


@table(QUALIFIERS)
def test_qualifiers(sentence: str, expected: list[tuple]) -> None:
    assert figures(sentence) == expected


# --- properties ------------------------------------------------------------------------------------


def _vi(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(1, 999), st.sampled_from([("k", 1_000), ("K", 1_000), ("tr", 1_000_000)]))
def test_glued_scale_multiplies(n: int, suffix: tuple[str, int]) -> None:
    word, factor = suffix
    assert figures(f"Giá bán {n}{word} đồng.") == [("money", n * factor, "VND", "exact")]


@given(st.integers(1, 10**7), st.sampled_from(["$", "€", "£"]), st.booleans(), st.booleans())
def test_currency_symbol_before_or_after(n: int, symbol: str, before: bool, spaced: bool) -> None:
    code = {"$": "USD", "€": "EUR", "£": "GBP"}[symbol]
    gap = " " if spaced else ""
    written = f"{symbol}{gap}{_vi(n)}" if before else f"{_vi(n)}{gap}{symbol}"
    assert figures(f"Tổng giá trị {written} cho dự án.") == [("money", n, code, "exact")]


@given(
    st.integers(1, 999),
    st.sampled_from(
        [("nghìn tỷ", 10**12), ("triệu tỷ", 10**15), ("trăm triệu", 10**8), ("chục nghìn", 10**4), ("tỷ", 10**9)]
    ),
)
def test_stacked_scales_multiply(n: int, scale: tuple[str, int]) -> None:
    words, factor = scale
    assert figures(f"Nguồn vốn đạt {n} {words} đồng.") == [("money", n * factor, "VND", "exact")]
