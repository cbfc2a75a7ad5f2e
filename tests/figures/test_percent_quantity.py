"""Percentages and measured quantities, from real sentences."""

import pytest

from tests.figures.conftest import found
from tests.lexicon import LEXICON

PERCENT = [
    ("001_xoa-bo: decimal comma", "tỷ lệ hộ nghèo 3,20%, giảm 0,04%", [(3.2, None, "exact"), (0.04, None, "exact")]),
    (
        "001_xoa-bo: estimate at the head of the clause",
        "Ước kết quả thực hiện giảm tỷ lệ hộ nghèo năm 2022 là 0,47%",
        [(0.47, None, "approx")],
    ),
    ("003_chu-tich: trở lên after", "đạt 70% trở lên", [(70, None, "more_than")]),
    ("006_thuan-bac: broken decimal", "tỷ lệ hộ nghèo còn 10, 19%", [(10.19, None, "exact")]),
    ("028_nhieu-truong: không vượt quá", "không vượt quá 10%/năm học", [(10, None, "less_than")]),
    ("030_giai-ngan: range", "tăng trưởng từ 2,5-3%", [(2.5, None, "exact"), (3, None, "exact")]),
    ("051_tap-trung: space before the sign", "chiếm 94 % so với hộ nông nghiệp", [(94, None, "exact")]),
    ("010_hai-quan: grouped percent", "đạt 1.086,57% so với cùng kỳ", [(1086.57, None, "exact")]),
    ("comparison is exact", "thấp hơn 1,89% so với cùng kỳ", [(1.89, None, "exact")]),
    ("words", "tăng 12 phần trăm", [(12, None, "exact")]),
    ("percentage points are not annotated", "tăng 2 điểm phần trăm", []),
]

QUANTITY = [
    ("002_thanh-tan: ha and km", "diện tích 512,1 ha, đường 8,4 km", [(512.1, "ha", "exact"), (8.4, "km", "exact")]),
    ("004_ban-chap-hanh: km²", "diện tích 21.576,5 km²", [(21576.5, "km2", "exact")]),
    ("058_duong-sat: glued m2", "diện tích 7.930,5m2 đất", [(7930.5, "m2", "exact")]),
    ("078_loc-hoa-dau: triệu tấn", "ước đạt 1,56 triệu tấn", [(1_560_000, "tấn", "approx")]),
    ("007_ninh-binh: range of metres", "rộng 4 m - 5 m", [(4, "m", "exact"), (5, "m", "exact")]),
    ("002_thanh-tan: glued to the word before", "trục thôn là10,3 km", [(10.3, "km", "exact")]),
    ("5G is no gram", "mạng 5G phủ sóng", []),
    ("hai is no hectare", "có 2 hai mô hình", []),
]


@pytest.mark.parametrize(("sentence", "expected"), [c[1:] for c in PERCENT], ids=[c[0] for c in PERCENT])
def test_percent(sentence, expected):
    assert found(sentence, "percent") == expected


@pytest.mark.parametrize(("sentence", "expected"), [c[1:] for c in QUANTITY], ids=[c[0] for c in QUANTITY])
def test_quantity(sentence, expected):
    assert found(sentence, "quantity") == expected


TABLE_ROWS = [
    ("B07 CCHC annex: count row", "2.2 | Số nhiệm vụ đã hoàn thành | Nhiệm vụ | 11 | ", [("count", 11, "nhiệm vụ")]),
    (
        "B07 CCHC annex: percent row",
        "2 | Tỷ lệ hoàn thành Kế hoạch CCHC năm | % | 22,45 | ",
        [("percent", 22.45, None)],
    ),
    (
        "B01 CCHC annex: grouped thousands",
        "3.1.1. | Tổng số hồ sơ TTHC đã giải quyết xong | Hồ sơ | 195.197 | ",
        [("count", 195197, "hồ sơ")],
    ),
    (
        "B01 CCHC annex: two-word unit cell",
        "3.1. | Số sở, ngành đã kiểm tra | Cơ quan, đơn vị | 04 | ",
        [("count", 4, "cơ quan")],
    ),
    ("money unit cell", "1 | Kinh phí hỗ trợ | Triệu đồng | 1.250 | ", [("money", 1_250_000_000, "VND")]),
    ("B07: a dash is no figure", "2.4.2 | Số ĐVSN tự bảo đảm | Đơn vị | - ", []),
    ("B02: a score table has no unit cell", "Thuận | 88,3/100 | 34/63 | 82,6% | 42/63", [("percent", 82.6, None)]),
]


@pytest.mark.parametrize(("row", "expected"), [c[1:] for c in TABLE_ROWS], ids=[c[0] for c in TABLE_ROWS])
def test_table_rows(row, expected):
    from extractors.figures import extract_figures

    got = [(m.kind, m.value, m.unit) for m in extract_figures(row, LEXICON) if m.kind in ("count", "percent", "money")]
    assert got == expected
