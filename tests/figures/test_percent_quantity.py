"""Percentages and measured quantities, from real sentences."""

import pytest

from tests.figures.conftest import found

PERCENT = [
    ("001_xoa-bo: decimal comma", "tỷ lệ hộ nghèo 3,20%, giảm 0,04%", [(3.2, None, "exact"), (0.04, None, "exact")]),
    ("001_xoa-bo: estimate at the head of the clause",
     "Ước kết quả thực hiện giảm tỷ lệ hộ nghèo năm 2022 là 0,47%", [(0.47, None, "approx")]),
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
