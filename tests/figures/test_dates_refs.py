"""Dates (day-first) and references to numbered documents, from real sentences."""

import pytest

from extractors.figures import extract_figures
from tests.figures.conftest import found
from tests.lexicon import LEXICON

DATES = [
    ("000_duc-pho: dd/mm/yyyy", "Chiều ngày 07/01/2022, Ban Chỉ đạo tổ chức hội nghị", ["2022-01-07"]),
    ("B03: words", "Bình Thuận, ngày 28 tháng 11 năm 2024", ["2024-11-28"]),
    ("B05: blank day", "Lâm Đồng, ngày      tháng 11 năm 2025", ["2025-11"]),
    ("005_tphcm: month/year", "đến hết tháng 9/2020 và tháng 12/2020", ["2020-09", "2020-12"]),
    ("078_loc-hoa-dau: quarter in digits and roman", "quý 3/2020 và quý I/2021", ["2020-Q3", "2021-Q1"]),
    ("005_tphcm: quarter with the year later in the phrase", "thu quý IV và cả năm 2020", ["2020-Q4"]),
    ("029_lanh-dao: year-less", "Sáng 18/4, đoàn công tác làm việc", ["--04-18"]),
    ("032_thanh-nien: hyphen day-month", "Ngày 1-6, Thành đoàn tổ chức", ["--06-01"]),
    ("004_ban-chap-hanh: dot needs a day word", "Chiều 21.4, Ban Chấp hành họp", ["--04-21"]),
    ("008_dien-bien: two days share a month", "trong ngày mùng 3 và 5/4/2021", ["2021-04-03", "2021-04-05"]),
    ("000_duc-pho: not dates", "nhiệm kỳ 2021-2026, năm 2022, tháng 9, quý I, 17h30", []),
    ("030_giai-ngan: a range is no date", "tăng trưởng GDP từ 2-3%", []),
    ("032_thanh-nien: a park name", "tại công viên 23-9, Đoàn cơ sở", []),
    ("002_thanh-tan: a pair is no date", "đã có 6/7 thôn đạt chuẩn", []),
    ("032_thanh-nien: a date before a clause word", "diễn ra từ ngày 1-6 đến hết 10-8 với nhiều hoạt động",
     ["--06-01", "--08-10"]),
    ("an age range is no date", "trẻ em từ 10-12 tuổi", []),
    ("a score is no date", "đội nhà thắng với tỷ số 2-1", []),
]

REFS = [
    ("000_duc-pho: party conclusion", "Kế hoạch thực hiện Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị",
     [("120-KL/TW", "Kết luận", "2016-01-07")]),
    ("010_hai-quan: decree with year", "theo Nghị định số 57/2020/NĐ-CP của Chính phủ",
     [("57/2020/NĐ-CP", "Nghị định", None)]),
    ("B05: ampersand in the symbol", "Kế hoạch số 515/KH-BCA-BNN&MT ngày 31/8/2025",
     [("515/KH-BCA-BNN&MT", "Kế hoạch", "2025-08-31")]),
    ("008_dien-bien: space after the dash", "văn bản số 6386/BNV- CCVC của Bộ Nội vụ",
     [("6386/BNV-CCVC", "Văn bản", None)]),
    ("B03: symbol broken by a line end", "Công văn số 2769/UBND-\nNCKSTTHC ngày 24/7/2024",
     [("2769/UBND-NCKSTTHC", "Công văn", "2024-07-24")]),
    ("B03: own number", "Số: 3367/TTr-SNV", [("3367/TTr-SNV", "Tờ trình", None)]),
    ("058_duong-sat: short symbol", "Nghị định số 64/CP của Chính phủ", [("64/CP", "Nghị định", None)]),
    ("028_nhieu-truong: no symbol, no reference", "theo Nghị định 86 và Quyết định 50/2016", []),
    ("B09: blank number in a draft", "Số: /TB-UBND", []),
]


@pytest.mark.parametrize(("sentence", "expected"), [c[1:] for c in DATES], ids=[c[0] for c in DATES])
def test_dates(sentence, expected):
    assert found(sentence, "date") == expected


@pytest.mark.parametrize(("sentence", "expected"), [c[1:] for c in REFS], ids=[c[0] for c in REFS])
def test_doc_refs(sentence, expected):
    refs = [m for m in extract_figures(sentence, LEXICON) if m.kind == "doc_ref"]
    assert [(m.value, m.doc_type, m.date) for m in refs] == expected


def test_doc_ref_fields_000_duc_pho():
    (ref,) = [m for m in extract_figures("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", LEXICON) if m.kind == "doc_ref"]
    assert (ref.number, ref.year, ref.issuer, ref.date) == ("30", 2020, "CP", "2020-03-05")


def test_date_inside_a_reference_is_a_date_too_000_duc_pho():
    kinds = [m.kind for m in extract_figures("Kết luận số 120-KL/TW ngày 07/01/2016", LEXICON)]
    assert kinds == ["doc_ref", "date"]
