"""Document facts (extractors/facts.py) on real openings and headers from /work/shared/corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.entities import extract_entities
from extractors.facts import extract_facts
from schemas.models import DocumentFacts, Mention
from tests.lexicon import LEXICON

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

SEED_OPENING = (
    "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã tổ chức hội nghị tổng kết việc thực hiện Quy chế "
    "dân chủ ở cơ sở năm 2021 và triển khai nhiệm vụ năm 2022 \n"
    "[image: ]Chiều ngày 07/01/2022, Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã tổ chức hội nghị "
    "tổng kết việc thực hiện Quy chế dân chủ ở cơ sở năm 2021 và triển khai phương hướng, nhiệm vụ năm 2022. "
    "Hội nghị do đồng chí Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy - Trưởng Ban Chỉ đạo thị xã chủ trì. "
    "Tham dự hội nghị còn có đồng chí Võ Văn Sáu - Ủy viên Ban Thường vụ Thị ủy, Trưởng Ban Dân vận, "
    "Chủ tịch Uỷ ban MTTQ Việt Nam thị xã Đức Phổ; đồng chí Võ Thanh Hùng - Ủy viên Ban Thường vụ Thị ủy - "
    "Phó Chủ tịch UBND thị xã; các thành viên Ban Chỉ đạo thị xã, Trưởng Ban Chỉ đạo các xã, phường.\n"
)

# B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf, as the PDF reader lays out its header
B03_HEADER = (
    "UBND TỈNH BÌNH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "SỞ NỘI VỤ Độc lập – Tự do – Hạnh phúc\n"
    "Số: 3367/TTr-SNV Bình Thuận, ngày 28 tháng 11 năm 2024\n"
    "TỜ TRÌNH\n"
    "Báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh theo Công\n"
    "văn số 2769/UBND-NCKSTTHC ngày 24/7/2024 của UBND tỉnh\n"
    "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh\n"
    "Ngày 24/7/2024, Chủ tịch Ủy ban nhân dân tỉnh có Công văn số\n"
)

# B09_thong-bao-ket-luan-hoi-nghi-danh-gia-cong-tac-cc.docx: an unnumbered, undated draft
B09_HEADER = (
    "ỦY BAN NHÂN DÂN\n"
    "TỈNH LÂM ĐỒNG\n"
    "Số:          /TB-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Lâm Đồng, ngày     tháng 01 năm 2026\n"
    "THÔNG BÁO\n"
    "Kết luận của đồng chí Nguyễn Ngọc Phúc - Tỉnh ủy viên, Phó Chủ tịch Ủy ban nhân dân tỉnh tại Hội nghị "
    "đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm 2026 tỉnh Lâm Đồng\n"
    "Ngày 22/01/2026, đồng chí Nguyễn Ngọc Phúc - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh đã chủ trì Hội nghị.\n"
)

# B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx: a two-line issuer under its parent
B05_HEADER = (
    "UBND TỈNH LÂM ĐỒNG\n"
    "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO, \n"
    "CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06\n"
    " Số:           /BC-BCĐ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n\n\n"
    "Lâm Đồng, ngày         tháng 11 năm 2025\n"
    "BÁO CÁO\n"
    "Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 11/2025\n"
    "Thực hiện Quyết định số 06/QĐ-TTg, ngày 06/01/2022 của Thủ tướng Chính phủ\n"
)


def test_seed_article() -> None:
    facts = extract_facts(SEED_OPENING, LEXICON)
    assert (facts.doc_type, facts.event_date, facts.period, facts.period_text, facts.place) == (
        "news article", "2022-01-07", "2021", "năm 2021", "thị xã Đức Phổ")
    assert facts.title and facts.title.startswith("Ban Chỉ đạo thực hiện quy chế dân chủ")
    assert facts.issuer == "Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã"


def test_submission_header() -> None:
    facts = extract_facts(B03_HEADER, LEXICON)
    assert (facts.doc_type, facts.number, facts.place, facts.event_date) == (
        "tờ trình", "3367/TTr-SNV", "Bình Thuận", "2024-11-28")
    assert facts.issuer is not None and facts.issuer.startswith("SỞ NỘI VỤ")
    assert facts.title == ("Báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh theo Công "
                           "văn số 2769/UBND-NCKSTTHC ngày 24/7/2024 của UBND tỉnh")


def test_undated_notice_keeps_month() -> None:
    facts = extract_facts(B09_HEADER, LEXICON)
    assert (facts.doc_type, facts.number, facts.issuer, facts.place, facts.event_date, facts.period) == (
        "thông báo", None, "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Lâm Đồng", "2026-01", "2025")


def test_report_issuer_on_two_lines_and_monthly_period() -> None:
    facts = extract_facts(B05_HEADER, LEXICON)
    assert facts.issuer == ("BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI SỐ "
                            "VÀ ĐỀ ÁN 06, UBND TỈNH LÂM ĐỒNG")
    assert (facts.doc_type, facts.period, facts.period_text) == ("báo cáo", "2025-11", "tháng 11/2025")


PERIODS = [
    ("052_ty-le-thu: half year",
     "Trong bối cảnh còn nhiều khó khăn, kết quả mà Hà Nội đạt được trong sáu tháng đầu năm 2013 rất "
     "quan trọng",
     "2013-H1", "sáu tháng đầu năm 2013"),
    ("B07_ubnd-tinh-lam-dong: quarter in words",
     "Công tác cải cách hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026", "2026-Q1",
     "quý I năm 2026"),
    ("005_tphcm: quarter with a slash", "hoàn thành nhiệm vụ thu quý IV/2020 của Cục Thuế", "2020-Q4",
     "quý IV/2020"),
    ("031_hoi-nong-dan: nine months", "Trong 9 tháng đầu năm 2022, các cấp Hội đã vận động", "2022-M09",
     "9 tháng đầu năm 2022"),
    ("030_giai-ngan: nine months without đầu",
     "trong 9 tháng năm 2020, vốn đầu tư công thực hiện ước tính đạt gần 328 nghìn tỷ đồng", "2020-M09",
     "9 tháng năm 2020"),
    ("B05_bcd-tinh: one month", "Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 11/2025",
     "2025-11", "tháng 11/2025"),
    ("B10_ke-hoach: plan period", "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng",
     "2026/2030", "giai đoạn 2026 - 2030"),
    ("000_duc-pho: a year",
     "tổng kết việc thực hiện Quy chế dân chủ ở cơ sở năm 2021 và triển khai nhiệm vụ năm 2022", "2021",
     "năm 2021"),
]


@pytest.mark.parametrize(("title", "period", "period_text"), [r[1:] for r in PERIODS],
                         ids=[r[0] for r in PERIODS])
def test_period_from_title(title: str, period: str, period_text: str) -> None:
    facts = extract_facts(title + "\nNội dung.", LEXICON)
    assert (facts.period, facts.period_text) == (period, period_text)


def test_event_date_from_mentions() -> None:
    """029_lanh-dao-ubnd: `Sáng 18/4` has no year; the figures step resolves it and facts take it."""
    text = ("Lãnh đạo UBND tỉnh làm việc với Đoàn công tác của Ngân hàng thế giới\n"
            "(binhdinh.gov.vn) - Sáng 18/4, Chủ tịch UBND tỉnh Phạm Anh Tuấn và Phó Chủ tịch UBND tỉnh "
            "Nguyễn Tự Công Hoàng đã có buổi tiếp Đoàn công tác.\n")
    start = text.index("18/4")
    date = Mention(kind="date", value="2025-04-18", text="18/4", start=start, end=start + 4, resolved=True)
    assert extract_facts(text, LEXICON).event_date is None
    assert extract_facts(text, LEXICON, [date]).event_date == "2025-04-18"


def test_no_heading_and_no_title() -> None:
    text = "Bà Nguyễn Thị Quế Phượng, Phó Chủ tịch Hội Khuyến học tỉnh Bạc Liêu cho biết, trong nhiệm kỳ qua."
    facts = extract_facts(text, LEXICON)
    assert facts.title is None and facts.doc_type == "news article" and facts.place == "tỉnh Bạc Liêu"


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=400),
                 st.lists(st.sampled_from(["BÁO CÁO\n", "Số: 1/BC-UBND ", "quý ", "IV/", "2026", "\n",
                                           "tháng ", "13", " năm ", "ngày ", "Lâm Đồng, ", "UBND TỈNH "]),
                          max_size=30).map("".join)))
def test_never_raises(text: str) -> None:
    assert isinstance(extract_facts(text, LEXICON), DocumentFacts)


FACTS_GOLD = SHARED / "gold" / "dev.facts.jsonl"


@pytest.mark.skipif(not FACTS_GOLD.is_file(), reason="../shared is not here")
def test_every_news_article_is_typed_as_news_and_dates_are_valid() -> None:
    """The .txt files the facts gold calls news (`tin`) are news articles; every date and period is a year.

    Two of the 91 .txt files are administrative texts (016 a Báo cáo, F23 a Nghị quyết): their type is
    scored by the facts gold, not asserted here.
    """
    from pipeline.readers.normalize import normalize_text

    gold = {rec["doc_id"]: rec["facts"] for rec in map(json.loads, FACTS_GOLD.read_text(encoding="utf-8").splitlines())}
    news = [doc_id for doc_id, facts in gold.items() if doc_id.endswith(".txt") and facts["doc_type"] == "tin"]
    assert len(news) == 82
    for doc_id in news:
        facts = extract_facts(normalize_text((SHARED / "corpus" / doc_id).read_text(encoding="utf-8")), LEXICON)
        assert facts.doc_type == "news article", doc_id
        for value in (facts.event_date, facts.period):
            assert value is None or value[:2] in ("19", "20"), (doc_id, value)


def test_place_spellings_group_under_the_expanded_name_005_tphcm() -> None:
    text = ("TPHCM năm nay thu ngân sách sẽ đạt 352.000 tỷ đồng\n"
            "Theo UBND TP.HCM, thu ngân sách trên địa bàn TPHCM năm nay gặp khó khăn.")
    facts = extract_facts(text, LEXICON, None, extract_entities(text, LEXICON))
    assert facts.place == "thành phố Hồ Chí Minh"


def test_a_named_unit_wins_a_tie_076_kon_tum() -> None:
    text = ("Hội nghị Ban Chấp hành Tỉnh đoàn Kon Tum lần thứ 5. Đoàn TNCS Hồ Chí Minh tỉnh Kon Tum tổng kết.\n"
            "Tuổi trẻ tỉnh Kon Tum học tập và làm theo tư tưởng Hồ Chí Minh.")
    facts = extract_facts(text, LEXICON, None, extract_entities(text, LEXICON))
    assert facts.place == "tỉnh Kon Tum"
