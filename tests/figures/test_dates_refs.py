"""Dates (day-first) and references to numbered documents, by mechanism, from real and invented sentences.

Each table names where its sentences come from: `corpus/NNN_…` (the shared dev corpus), `extra/…`
(the real reports kept without gold) or `invented` (a sentence written for the class it stands for).
"""

import datetime

import pytest

from extractors.figures import extract_figures
from tests.figures.conftest import found
from tests.lexicon import LEXICON


def _table(rows):
    return pytest.mark.parametrize(("sentence", "expected"), [r[1:] for r in rows], ids=[r[0] for r in rows])


def figures(sentence: str) -> list[tuple]:
    """(kind, value) of every scored figure (durations are not scored)."""
    return [(m.kind, m.value) for m in extract_figures(sentence, LEXICON) if m.kind != "duration"]


# --- the forms of a single date -----------------------------------------------------------------

DATES = [
    ("corpus/000_duc-pho: dd/mm/yyyy", "Chiều ngày 07/01/2022, Ban Chỉ đạo tổ chức hội nghị", ["2022-01-07"]),
    ("corpus/B03: words", "Bình Thuận, ngày 28 tháng 11 năm 2024", ["2024-11-28"]),
    (
        "corpus/016_bao-cao-59: words, the year after a line end",
        "thực hiện Nghị quyết 30a/2008/NQ-CP ngày 27 tháng 12 năm\n2008 của Chính phủ",
        ["2008-12-27"],
    ),
    ("corpus/005_tphcm: month/year", "đến hết tháng 9/2020 và tháng 12/2020", ["2020-09", "2020-12"]),
    ("corpus/078_loc-hoa-dau: quarter in digits and roman", "quý 3/2020 và quý I/2021", ["2020-Q3", "2021-Q1"]),
    ("corpus/029_lanh-dao: year-less", "Sáng 18/4, đoàn công tác làm việc", ["--04-18"]),
    ("corpus/032_thanh-nien: hyphen day-month", "Ngày 1-6, Thành đoàn tổ chức", ["--06-01"]),
    ("corpus/004_ban-chap-hanh: dot needs a day word", "Chiều 21.4, Ban Chấp hành họp", ["--04-21"]),
    ("corpus/007_ninh-binh: a named day", "ngày Toàn dân bảo vệ an ninh Tổ quốc 19-8, ngày hội", ["--08-19"]),
    (
        "corpus/032_thanh-nien: a date before a clause word",
        "diễn ra từ ngày 1-6 đến hết 10-8 với nhiều hoạt động",
        ["--06-01", "--08-10"],
    ),
    ("invented: no such day", "hạn chót ngày 31/02/2024 và ngày 31/6", []),
    ("invented: a leap day", "ngày 29/02/2024", ["2024-02-29"]),
]


@_table(DATES)
def test_dates(sentence, expected):
    assert found(sentence, "date") == expected


# --- mechanism 1: a range or list writes the day, month or year its ends share once --------------

SHARED = [
    (
        "corpus/092_kip-thoi: days share a month (dash)",
        "Dự báo, từ ngày 12-15/7, các tỉnh vùng núi phía Bắc có mưa",
        ["--07-12", "--07-15"],
    ),
    (
        "corpus/092_kip-thoi: days share a month, no day word",
        "Các ngày 12-13/7, khu vực Nam Bộ có mưa",
        ["--07-12", "--07-13"],
    ),
    (
        "corpus/045_1-thang: days share a month (và)",
        "Trong các ngày 5 và 7/8, tại điểm tập kết kiểm tra hàng hóa",
        ["--08-05", "--08-07"],
    ),
    ("corpus/008_dien-bien: days share month and year", "trong ngày mùng 3 và 5/4/2021", ["2021-04-03", "2021-04-05"]),
    (
        "corpus/085_tinh-doan: a range shares its year (đến)",
        "diễn ra từ ngày 1/3 đến ngày 31/3/2022 đã tạo khí thế",
        ["2022-03-01", "2022-03-31"],
    ),
    (
        "corpus/016_bao-cao-59: months share a year (,)",
        "các huyện nghèo quý I/2010 và các báo cáo tháng 4, 5/2010;",
        ["2010-Q1", "2010-04", "2010-05"],
    ),
    ("corpus/005_tphcm: a quarter shares the whole year's year", "thu quý IV và cả năm 2020", ["2020-Q4"]),
    (
        "extra/B07: months share a year written once (đến)",
        "thời gian thực hiện kiểm tra từ tháng 3 đến tháng 9 năm 2026.",
        ["2026-03", "2026-09"],
    ),
    ("invented: the brief's range across months", "từ 02/6 đến 15/6/2025", ["2025-06-02", "2025-06-15"]),
    ("invented: months joined by a spaced dash", "báo cáo tháng 10 -11/2025", ["2025-10", "2025-11"]),
    ("invented: months joined by a comma", "số liệu tháng 8, 9/2024", ["2024-08", "2024-09"]),
    ("invented: three months and a year word", "trong các tháng 3, 4 và 5 năm 2024", ["2024-03", "2024-04", "2024-05"]),
    ("invented: a month and a month with its year", "thực hiện trong tháng 3 và tháng 4/2024", ["2024-03", "2024-04"]),
    ("invented: days across a month end", "dịp nghỉ lễ 30/4 - 1/5/2025", ["2025-04-30", "2025-05-01"]),
    (
        "invented (a normaliser's test input): day-month to a full date",
        "Chiều 18/09 - 19/09/2018, 1m = 100cm",
        ["2018-09-18", "2018-09-19"],
    ),
    ("invented: a day list in words", "ngày 20, 21 tháng 8 năm 2024", ["2024-08-20", "2024-08-21"]),
    ("invented: quarters share a year (roman)", "quý III, IV/2024", ["2024-Q3", "2024-Q4"]),
    ("invented: quarters share a year (digits, năm)", "quý 1, 2 năm 2024", ["2024-Q1", "2024-Q2"]),
    ("invented: quarter and a year word", "quý 4 của năm 2018", ["2018-Q4"]),
    ("invented: a month list without its year", "kết quả thu trong các tháng 9, 10 và 11 đã khởi sắc", []),
]


@_table(SHARED)
def test_shared_parts(sentence, expected):
    assert found(sentence, "date") == expected


# --- mechanism 2: two-digit years ----------------------------------------------------------------

_PIVOT = datetime.date.today().year % 100

TWO_DIGIT_YEARS = [
    ("invented: 19YY above the current year's two digits", "sinh ngày 15/6/98 tại Huế", ["1998-06-15"]),
    ("invented: 20YY up to the current year's two digits", "ký ngày 3/3/17", ["2017-03-03"]),
    ("invented: this year's two digits", f"ngày 1-1-{_PIVOT:02d}", [f"20{_PIVOT:02d}-01-01"]),
    (
        "invented: the year after it is last century's",
        f"ngày 1/1/{(_PIVOT + 1) % 100:02d}",
        [f"{19 if _PIVOT < 99 else 20}{(_PIVOT + 1) % 100:02d}-01-01"],
    ),
    ("invented: dots number sections, not dates", "theo mục 1.2.15 của hướng dẫn", []),
]


@_table(TWO_DIGIT_YEARS)
def test_two_digit_years(sentence, expected):
    assert found(sentence, "date") == expected


# --- mechanism 3: months, days and years in words; a day without `ngày` ---------------------------

IN_WORDS = [
    ("invented: tháng ba", "từ tháng ba năm 2020", ["2020-03"]),
    ("invented: tháng mười (not ten years)", "vào tháng mười năm 2020", ["2020-10"]),
    ("invented: tháng mười hai", "hết tháng mười hai năm 2023", ["2023-12"]),
    ("invented: tháng tư", "ngày 30 tháng tư năm 1975", ["1975-04-30"]),
    ("invented: tháng Giêng (lunar)", "rằm tháng Giêng năm 2024", ["2024-01"]),
    ("invented: tháng Chạp (lunar)", "ngày 23 tháng Chạp năm 2023", ["2023-12-23"]),
    ("invented: May needs its own year word", "tháng năm năm 2020", ["2020-05"]),
    ("corpus/010_hai-quan: nine months of a year, not 9 May", "tính tròn trong 9 tháng năm 2020, kim ngạch XNK", []),
    ("invented: mồng without ngày", "mồng 2 tháng 9 là ngày Quốc khánh", ["--09-02"]),
    ("invented: mùng with a slash", "mùng 3/2 hằng năm", ["--02-03"]),
    ("invented: a day in words", "ngày mười lăm tháng ba năm 2020", ["2020-03-15"]),
    ("invented: mồng một tháng Giêng", "sáng mồng một tháng Giêng", ["--01-01"]),
    (
        "invented (an ITN test input): day, month and year in words",
        "tám giờ chín phút ngày ba tháng tư năm hai nghìn",
        ["2000-04-03"],
    ),
    (
        "invented: a year said with its zero hundreds",
        "ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi",
        ["2020-03-15"],
    ),
    ("invented: a year said digit by digit", "ngày 5 tháng 3 năm hai không hai ba", ["2023-03-05"]),
    ("invented: D tháng M năm YYYY without ngày", "Thứ năm, 8 tháng 5 năm 2015", ["2015-05-08"]),
    ("invented (a date library's test input): year straight after the month", "31 tháng 7 2004", ["2004-07-31"]),
    ("invented (a web byline): abbreviated month", "Cập nhật 10 Th9, 2023", ["2023-09-10"]),
    ("corpus/044_hoai-an: a square's name", "nâng cấp Quảng trường 19 tháng 4, cải tạo hệ thống đường", []),
    ("corpus/005_tphcm: a duration before months", "kết quả thu trong 3 tháng 9, 10 và 11 đã khởi sắc", []),
    (
        "corpus/B06: a project's name before a month",
        "báo cáo kết quả triển khai Đề án 06 tháng 8/2025 và nhiệm vụ",
        ["2025-08"],
    ),
    ("invented: once every two months", "kiểm tra định kỳ 2 tháng một lần", []),
]


@_table(IN_WORDS)
def test_dates_in_words(sentence, expected):
    assert found(sentence, "date") == expected


# --- mechanism 4: a blank day is its month ---------------------------------------------------------

BLANK_DAYS = [
    ("corpus/B05: blank day before the month", "Lâm Đồng, ngày      tháng 11 năm 2025", ["2025-11"]),
    (
        "extra/B10: blank day in a slash date, blank number",
        "(Ban hành kèm theo Kế hoạch số          /KH-UBND ngày         /3/2026 của Chủ tịch UBND tỉnh)",
        ["2026-03"],
    ),
    ("invented: blank day with dots", "Hà Nội, ngày ….. tháng 8 năm 2025", ["2025-08"]),
    ("invented: the brief's blank slash day", "ngày    /9/2025", ["2025-09"]),
    ("invented: a form's blank date", "ghi rõ ngày tháng năm sinh", []),
]


@_table(BLANK_DAYS)
def test_blank_days(sentence, expected):
    assert found(sentence, "date") == expected


# --- mechanism 5: what is no date: times of day, scores, pairs, ranges of levels -----------------

NOT_DATES = [
    (
        "corpus/026_huong-den: a time after a date",
        "Thứ hai, ngày 04/12/2023 07:45 AM (GMT+7)",
        [("date", "2023-12-04")],
    ),
    ("corpus/069_thu-thua: seconds", "Thứ 6, 15/04/2022 | 17:04:02 [GMT +7]", [("date", "2022-04-15")]),
    (
        "corpus/092_kip-thoi: an hour before a date",
        "mở thêm 1 cửa xả đáy vào hồi 15 giờ ngày 11/7",
        [("count", 1), ("date", "--07-11")],
    ),
    ("invented: a colon time is no count", "họp lúc 9:30 sáng", []),
    ("invented: 9 giờ 30 is no count", "lúc 9 giờ 30, 15 hộ đã có mặt", [("count", 15)]),
    ("invented: 17h30 and a count", "lúc 17h30 có 5 hộ", [("count", 5)]),
    ("invented: a time range", "làm việc từ 8:00 - 11:30", []),
    ("invented: a score", "đội nhà thắng với tỷ số 2-1", []),
    ("invented: a score after thắng", "Việt Nam thắng Thái Lan 2-1 trên sân Mỹ Đình", []),
    ("invented: an N/N count", "có 05/05 xã hoàn thành", [("count", 5), ("count", 5)]),
    ("corpus/002_thanh-tan: an achieved/total pair", "đã có 6/7 thôn đạt chuẩn", [("count", 6), ("count", 7)]),
    ("corpus/030_giai-ngan: a range is no date", "tăng trưởng GDP từ 2-3%", [("percent", 2), ("percent", 3)]),
    ("corpus/032_thanh-nien: a park name", "tại công viên 23-9, Đoàn cơ sở", []),
    ("corpus/092_kip-thoi: a range of wind levels", "có khả năng xảy ra lốc xoáy và gió giật mạnh cấp 7-8.", []),
    ("corpus/B05: a run of numbers joined by dashes", "nguyên tắc “5-4-3-2-1” của Tổ công tác", []),
    ("invented: an age range", "trẻ em từ 10-12 tuổi", []),
    (
        "corpus/000_duc-pho: years, spans, months and quarters alone",
        "nhiệm kỳ 2021-2026, năm 2022, tháng 9, quý I, 17h30",
        [],
    ),
    ("invented: a decimal after a month", "tăng trong tháng 4,5 lần so với cùng kỳ", []),
]


@_table(NOT_DATES)
def test_what_is_no_date(sentence, expected):
    assert figures(sentence) == expected


# --- document references by their shape ----------------------------------------------------------

REFS = [
    (
        "corpus/000_duc-pho: party conclusion",
        "Kế hoạch thực hiện Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị",
        [("120-KL/TW", "Kết luận", "2016-01-07")],
    ),
    (
        "corpus/010_hai-quan: decree with year",
        "theo Nghị định số 57/2020/NĐ-CP của Chính phủ",
        [("57/2020/NĐ-CP", "Nghị định", None)],
    ),
    (
        "corpus/B05: ampersand in the symbol",
        "Kế hoạch số 515/KH-BCA-BNN&MT ngày 31/8/2025",
        [("515/KH-BCA-BNN&MT", "Kế hoạch", "2025-08-31")],
    ),
    ("corpus/B03: own number", "Số: 3367/TTr-SNV", [("3367/TTr-SNV", "Tờ trình", None)]),
    ("corpus/058_duong-sat: short symbol", "Nghị định số 64/CP của Chính phủ", [("64/CP", "Nghị định", None)]),
    # spaced or en-dashed symbols
    (
        "corpus/066_hau-het: an en dash with spaces",
        "khi Chỉ thị 40 – CT/TW của Ban Bí thư",
        [("40-CT/TW", "Chỉ thị", None)],
    ),
    (
        "invented: the brief's spaced conclusion",
        "thực hiện Kết luận số 57 – KL/TW ngày 5/3/2020",
        [("57-KL/TW", "Kết luận", "2020-03-05")],
    ),
    (
        "corpus/008_dien-bien: space after the dash",
        "văn bản số 6386/BNV- CCVC của Bộ Nội vụ",
        [("6386/BNV-CCVC", "Văn bản", None)],
    ),
    ("invented: the brief's plan", "theo Kế hoạch số 75/KH- UBND", [("75/KH-UBND", "Kế hoạch", None)]),
    (
        "corpus/G07: a space after the year",
        "Điều 59 Nghị định số 95/2024 NĐ-CP ngày 24 tháng 7 năm 2024 của",
        [("95/2024NĐ-CP", "Nghị định", "2024-07-24")],
    ),
    (
        "invented: spaces around a dash inside the symbol",
        "Nghị định số 45/2024/NĐ - CP",
        [("45/2024/NĐ-CP", "Nghị định", None)],
    ),
    ("invented: a space before the slash", "Quyết định số 2156 /QĐ-UBND", [("2156/QĐ-UBND", "Quyết định", None)]),
    # letter suffixes and parenthesised parts
    (
        "corpus/016_bao-cao-59: a letter after the number",
        "chính sách quy định tại Nghị quyết 30a/2008/NQ-CP và giao Bộ",
        [("30a/2008/NQ-CP", "Nghị quyết", None)],
    ),
    (
        "invented: the brief's decision",
        "Quyết định số 134b/2009/QĐ-TTg của Thủ tướng",
        [("134b/2009/QĐ-TTg", "Quyết định", None)],
    ),
    (
        "corpus/G07: a part in brackets",
        "đề nghị của Sở Xây dựng tại Tờ trình số 368/TTr-XD(KTXD) ngày\n24/4/2025",
        [("368/TTr-XD(KTXD)", "Tờ trình", "2025-04-24")],
    ),
    # broken over a line end
    (
        "corpus/B03: symbol broken by a line end",
        "Công văn số 2769/UBND-\nNCKSTTHC ngày 24/7/2024",
        [("2769/UBND-NCKSTTHC", "Công văn", "2024-07-24")],
    ),
    ("corpus/B03: type and number on two lines", "Công văn số\n3342/SNV-TCCC", [("3342/SNV-TCCC", "Công văn", None)]),
    (
        "extra/B01: number and symbol on two lines",
        "Chương trình hành động số 06-\nCTr/TU, ngày 29/8/2021",
        [("06-CTr/TU", "Chương trình", "2021-08-29")],
    ),
    (
        "extra/B01: a party resolution broken after its number",
        "Nghị quyết số 19-\nNQ/TW, ngày 25/10/2017",
        [("19-NQ/TW", "Nghị quyết", "2017-10-25")],
    ),
    ("invented: a line end before the slash", "Quyết định số 12\n/QĐ-UBND", [("12/QĐ-UBND", "Quyết định", None)]),
    # not annotated
    ("corpus/028_nhieu-truong: no symbol, no reference", "theo Nghị định 86 và Quyết định 50/2016", []),
    ("corpus/B09: blank number in a draft", "Số: /TB-UBND", []),
    ("corpus/B03: a garbled year", "thay thế Nghị định số 45/25010/NĐ-CP ngày 21/4/2010 Chính phủ", []),
    ("invented (the standard's typo): a letter for a digit", "Quyết định số 2l/2015/QĐ-UBND ngày 5/5/2015", []),
    ("invented: prose after a dash", "năm 2020 – UBND tỉnh đã chỉ đạo", []),
    ("invented: a project's name and a body", "Đề án 06 - UBND tỉnh triển khai", []),
    ("invented: a place after the symbol", "số 12/QĐ-UBND - Hà Nội", [("12/QĐ-UBND", "Quyết định", None)]),
]


@_table(REFS)
def test_doc_refs(sentence, expected):
    refs = [m for m in extract_figures(sentence, LEXICON) if m.kind == "doc_ref"]
    assert [(m.value, m.doc_type, m.date) for m in refs] == expected


GARBLED = [
    ("corpus/B03: a garbled year claims its digits", "Nghị định số 45/25010/NĐ-CP Chính phủ"),
    ("invented: a letter for a digit claims its digits", "Quyết định số 2l/2015/QĐ-UBND của UBND tỉnh"),
]


@pytest.mark.parametrize("sentence", [g[1] for g in GARBLED], ids=[g[0] for g in GARBLED])
def test_a_garbled_reference_yields_no_figure(sentence):
    assert figures(sentence) == []


def test_doc_ref_fields_000_duc_pho():
    (ref,) = [m for m in extract_figures("Nghị định số 30/2020/NĐ-CP ngày 05/3/2020", LEXICON) if m.kind == "doc_ref"]
    assert (ref.number, ref.year, ref.issuer, ref.date) == ("30", 2020, "CP", "2020-03-05")


def test_doc_ref_number_keeps_its_letter_016_bao_cao_59():
    (ref,) = [m for m in extract_figures("Nghị quyết 30a/2008/NQ-CP", LEXICON) if m.kind == "doc_ref"]
    assert (ref.number, ref.year, ref.issuer) == ("30a", 2008, "CP")


def test_date_inside_a_reference_is_a_date_too_000_duc_pho():
    kinds = [m.kind for m in extract_figures("Kết luận số 120-KL/TW ngày 07/01/2016", LEXICON)]
    assert kinds == ["doc_ref", "date"]


def test_reference_span_covers_what_was_written_066_hau_het():
    text = "Chỉ thị số 40 – CT/TW của Ban Bí thư"
    (ref,) = [m for m in extract_figures(text, LEXICON) if m.kind == "doc_ref"]
    assert ref.text == "Chỉ thị số 40 – CT/TW"
