"""Document facts (extractors/facts.py) on real openings and headers from /work/shared/corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.entities import extract_entities
from extractors.facts import extract_facts
from schemas.models import DocumentFacts, Period, ReportingUnit
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


@pytest.fixture(scope="module")
def gazetteer():
    from pipeline.lexicon.gazetteer import load_gazetteer

    return load_gazetteer()


def test_seed_article(gazetteer) -> None:
    facts = extract_facts(SEED_OPENING, LEXICON, gazetteer=gazetteer)
    assert (facts.doc_type, facts.date, facts.issuer) == ("news article", None, None)  # 07/01/2022 is the event's
    assert facts.period == Period(kind="year", value="2021", label="năm 2021")
    assert facts.reporting_unit == ReportingUnit(
        name="thị xã Đức Phổ", level="huyện", province="Quảng Ngãi", province_2025="Quảng Ngãi"
    )
    assert facts.title and facts.title.startswith("Ban Chỉ đạo thực hiện quy chế dân chủ")


def test_submission_header(gazetteer) -> None:
    facts = extract_facts(B03_HEADER, LEXICON, gazetteer=gazetteer)
    assert (facts.doc_type, facts.number, facts.date, facts.issuer) == (
        "Tờ trình",
        "3367/TTr-SNV",
        "2024-11-28",
        "Sở Nội vụ",
    )  # the issuing line, without its parent
    assert facts.reporting_unit == ReportingUnit(
        name="tỉnh Bình Thuận", level="tỉnh", province="Bình Thuận", province_2025="Lâm Đồng"
    )  # merged into Lâm Đồng on 1/7/2025
    assert facts.title == (
        "Báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh theo Công "
        "văn số 2769/UBND-NCKSTTHC ngày 24/7/2024 của UBND tỉnh"
    )


def test_undated_notice_keeps_month(gazetteer) -> None:
    facts = extract_facts(B09_HEADER, LEXICON, gazetteer=gazetteer)
    assert (facts.doc_type, facts.number, facts.issuer, facts.date) == (
        "Thông báo",
        None,
        "Ủy ban nhân dân tỉnh Lâm Đồng",
        "2026-01",
    )
    assert facts.period is not None and (facts.period.kind, facts.period.value) == ("year", "2025")


def test_report_issuer_on_two_lines_and_monthly_period(gazetteer) -> None:
    facts = extract_facts(B05_HEADER, LEXICON, gazetteer=gazetteer)
    assert facts.issuer == "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và đề án 06"
    assert facts.doc_type == "Báo cáo"
    assert facts.period == Period(kind="month", value="2025-11", label="tháng 11/2025")
    assert facts.reporting_unit.name == "tỉnh Lâm Đồng"


PERIODS = [
    (
        "052_ty-le-thu: half year",
        "Trong bối cảnh còn nhiều khó khăn, kết quả mà Hà Nội đạt được trong sáu tháng đầu năm 2013 rất quan trọng",
        ("half", "2013-H1"),
        "sáu tháng đầu năm 2013",
    ),
    (
        "B07_ubnd-tinh-lam-dong: quarter in words",
        "Công tác cải cách hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026",
        ("quarter", "2026-Q1"),
        "quý I năm 2026",
    ),
    (
        "005_tphcm: quarter with a slash",
        "hoàn thành nhiệm vụ thu quý IV/2020 của Cục Thuế",
        ("quarter", "2020-Q4"),
        "quý IV/2020",
    ),
    (
        "031_hoi-nong-dan: nine months",
        "Trong 9 tháng đầu năm 2022, các cấp Hội đã vận động",
        ("months_to_date", "2022-01/2022-09"),
        "9 tháng đầu năm 2022",
    ),
    (
        "030_giai-ngan: nine months without đầu",
        "trong 9 tháng năm 2020, vốn đầu tư công thực hiện ước tính đạt gần 328 nghìn tỷ đồng",
        ("months_to_date", "2020-01/2020-09"),
        "9 tháng năm 2020",
    ),
    (
        "B05_bcd-tinh: one month",
        "Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng tháng 11/2025",
        ("month", "2025-11"),
        "tháng 11/2025",
    ),
    (
        "B10_ke-hoach: plan period",
        "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng",
        ("range", "2026/2030"),
        "giai đoạn 2026 - 2030",
    ),
    (
        "000_duc-pho: a year",
        "tổng kết việc thực hiện Quy chế dân chủ ở cơ sở năm 2021 và triển khai nhiệm vụ năm 2022",
        ("year", "2021"),
        "năm 2021",
    ),
]


@pytest.mark.parametrize(("title", "period", "period_text"), [r[1:] for r in PERIODS], ids=[r[0] for r in PERIODS])
def test_period_from_title(title: str, period: tuple[str, str], period_text: str) -> None:
    facts = extract_facts(title + "\nNội dung.", LEXICON)
    assert facts.period is not None
    assert ((facts.period.kind, facts.period.value), facts.period.label) == (period, period_text)


NOT_PERIODS = [
    (
        "037_vi-sao: an open span",
        "Vì sao giảm nghèo chưa bền vững?\n(HNM) - Từ năm 2011 đến nay, các chương trình, "
        "chính sách giảm nghèo đã huy động sức mạnh của cả hệ thống chính trị và toàn xã hội, người nghèo tiếp cận.",
    ),
    (
        "039_tuy-phuoc: a criteria set's span and a target",
        "Huyện Tuy Phước quyết tâm đạt chuẩn nông thôn mới nâng cao\n"
        "Đảng bộ, chính quyền và nhân dân huyện Tuy Phước đang rà soát từng tiêu chí theo Bộ tiêu chí huyện nông thôn "
        "mới nâng cao giai đoạn 2021 - 2025, nhằm hoàn thành mục tiêu đạt chuẩn nông thôn mới nâng cao trong năm 2025.",
    ),
    (
        "012_go-vap: a comparison base",
        "Quận Gò Vấp: Nhiều cách chăm lo người nghèo\nKết quả, sau 6 tháng thực hiện "
        "chương trình, từ 4.080 hộ nghèo năm 2012 (trong đó chiếm gần 40% hộ), đến nay quận Gò Vấp đã có gần 600 hộ "
        "thoát nghèo, vươn lên hộ khá.",
    ),
    (
        "019_binh-dinh: an anniversary",
        "Gặp mặt Quân – Dân – Chính tiêu biểu tỉnh Bình Định\n(binhdinh.gov.vn) - Nhân "
        "kỷ niệm 50 năm Ngày giải phóng tỉnh Bình Định (31/3/1975 - 31/3/2025), chiều 30/3, Tỉnh ủy đã tổ chức gặp mặt.",
    ),
]


@pytest.mark.parametrize("text", [r[1] for r in NOT_PERIODS], ids=[r[0] for r in NOT_PERIODS])
def test_what_is_not_a_period(text: str) -> None:
    assert extract_facts(text, LEXICON).period is None


UNITS = [
    (
        "006_thuan-bac: a bare name in the title prefix, placed by the gazetteer",
        "Thuận Bắc: Thông qua kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm 2022\n\nUBND huyện Thuận Bắc vừa thông "
        "qua kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm 2022 theo tiêu chuẩn nghèo giai đoạn 2022-2025.",
        ("huyện Thuận Bắc", "huyện", "Ninh Thuận", "Khánh Hòa"),
    ),
    (
        "003_bac-lieu: a body with its unit is a cơ quan of that province",
        "Bà Nguyễn Thị Quế Phượng, Phó Chủ tịch Hội Khuyến học tỉnh Bạc Liêu cho biết, trong nhiệm kỳ qua (2015 - "
        "2020), các cấp Hội đã vận động nhân dân đóng góp với tổng số tiền trên 425 tỷ đồng.",
        ("Hội Khuyến học tỉnh Bạc Liêu", "cơ quan", "Bạc Liêu", "Cà Mau"),
    ),
    (
        "094_nghia-hung: a higher unit acting for a lower one reports the lower",
        "Xây dựng nông thôn mới\n\nTĐKT - Thủ tướng Chính phủ vừa quyết định công nhận huyện Nghĩa Hưng, tỉnh Nam "
        "Định đạt chuẩn nông thôn mới (NTM) năm 2017. Thủ tướng giao UBND tỉnh Nam Định công bố và khen thưởng.",
        ("huyện Nghĩa Hưng", "huyện", "Nam Định", "Ninh Bình"),
    ),
    (
        "030_giai-ngan: a ministry's figures are the country's",
        "Giải ngân đầu tư công cần nhanh, quyết liệt và hiệu quả hơn\n\nTheo số liệu từ Bộ Tài chính, đến ngày "
        "30/9/2020 ước giải ngân đầu tư công đạt 57,15% so với kế hoạch Thủ tướng Chính phủ giao đầu năm.",
        ("Việt Nam", "quốc gia", None, None),
    ),
]


@pytest.mark.parametrize(("text", "unit"), [r[1:] for r in UNITS], ids=[r[0] for r in UNITS])
def test_reporting_unit(gazetteer, text: str, unit: tuple) -> None:
    ru = extract_facts(text, LEXICON, gazetteer=gazetteer).reporting_unit
    assert (ru.name, ru.level, ru.province, ru.province_2025) == unit


def test_province_2025_comes_from_the_gazetteer_mapping(gazetteer) -> None:
    """Never typed by hand: every old province maps to one of the 34 provinces of 1 July 2025."""
    new = {u.province for u in gazetteer.units if u.tier == "province" and u.after_2025}
    old = {u.province for u in gazetteer.units if u.tier == "province" and not u.after_2025}
    assert len(new) == 34 and len(old) == 63
    assert {gazetteer.new_province(p) for p in old} == new
    assert gazetteer.new_province("Quảng Nam") == "Đà Nẵng" and gazetteer.new_province("Thái Bình") == "Hưng Yên"


def test_the_event_date_is_not_the_document_date() -> None:
    """029_lanh-dao-ubnd: `Sáng 18/4` dates the event; a news text's own date is its publication line."""
    text = (
        "Lãnh đạo UBND tỉnh làm việc với Đoàn công tác của Ngân hàng thế giới\n"
        "(binhdinh.gov.vn) - Sáng 18/4, Chủ tịch UBND tỉnh Phạm Anh Tuấn và Phó Chủ tịch UBND tỉnh "
        "Nguyễn Tự Công Hoàng đã có buổi tiếp Đoàn công tác.\n"
    )
    facts = extract_facts(text, LEXICON)
    assert (facts.date, facts.issuer) == (None, "binhdinh.gov.vn")
    published = text.replace("(binhdinh.gov.vn)", "Thứ Sáu, 30/12/2022, 21:53\n(binhdinh.gov.vn)")
    assert extract_facts(published, LEXICON).date == "2022-12-30"


def test_no_heading_and_no_title() -> None:
    text = "Bà Nguyễn Thị Quế Phượng, Phó Chủ tịch Hội Khuyến học tỉnh Bạc Liêu cho biết, trong nhiệm kỳ qua."
    facts = extract_facts(text, LEXICON)
    assert facts.title is None and facts.doc_type == "news article"
    assert facts.reporting_unit.name == "Hội Khuyến học tỉnh Bạc Liêu"


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(
            st.sampled_from(
                [
                    "BÁO CÁO\n",
                    "Số: 1/BC-UBND ",
                    "quý ",
                    "IV/",
                    "2026",
                    "\n",
                    "tháng ",
                    "13",
                    " năm ",
                    "ngày ",
                    "Lâm Đồng, ",
                    "UBND TỈNH ",
                ]
            ),
            max_size=30,
        ).map("".join),
    )
)
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
        for value in (facts.date, facts.period.value if facts.period else None):
            assert value is None or value[:2] in ("19", "20", "--"), (doc_id, value)


def test_tphcm_is_the_city_005_tphcm(gazetteer) -> None:
    text = (
        "TPHCM: Năm nay thu ngân sách sẽ đạt 352.000 tỷ đồng\n"
        "Theo UBND TP.HCM, thu ngân sách trên địa bàn TPHCM năm nay gặp khó khăn, đạt 86,7% dự toán."
    )
    ru = extract_facts(text, LEXICON, None, extract_entities(text, LEXICON), gazetteer=gazetteer).reporting_unit
    assert (ru.name, ru.level, ru.province) == ("TPHCM", "tỉnh", "Hồ Chí Minh")


BODY_PERIODS = [
    (
        "085_tinh-doan: a campaign's stated dates replace its year",
        "Sáng 14/4, Ban Thường vụ Tỉnh Đoàn Quảng Ninh tổ chức hội nghị tổng kết Tháng Thanh niên năm 2022 và biểu "
        "dương các cá nhân, tập thể có thành tích xuất sắc trong Tháng Thanh niên.\n"
        "Tháng Thanh niên năm 2022 có chủ đề “Tuổi trẻ Quảng Ninh xây dựng tổ chức Đoàn vững mạnh”, diễn ra từ ngày "
        "1/3 đến ngày 31/3/2022 đã tạo khí thế thi đua sôi nổi trong tuổi trẻ toàn tỉnh và đạt nhiều kết quả.\n",
        ("range", "2022-03-01/2022-03-31"),
    ),
    (
        "062_chu-dong: a photo caption glued before the paragraph is not the paragraph",
        "Chủ động đẩy nhanh giải ngân vốn cho đầu tư phát triển\n"
        "(HQ Online)- Trả lời kiến nghị cử tri về đề nghị Chính phủ đẩy nhanh việc giải ngân gắn với quản lý chặt chẽ "
        "các nguồn đầu tư từ NSNN, Bộ Tài chính cho biết vấn đề này luôn được Chính phủ quan tâm.\n"
        "Đẩy nhanh giải ngân vốn đầu tư từ ngân sách luôn là ưu tiên của Bộ Tài chính. Ảnh Internet.Theo Bộ Tài chính, "
        "trong năm 2012, tại các Nghị quyết phiên họp thường kỳ hàng tháng, Chính phủ đều có chỉ đạo.\n",
        ("year", "2012"),
    ),
    (
        "090_nganh-thue: a reporting span deep in the body, its year from the same sentence",
        'Ngành thuế "thất thu" vì hàng chục ngàn doanh nghiệp... "chết yểu"\n'
        "Trong đó, riêng TPHCM mỗi tháng có khoảng hơn 3.000 doanh nghiệp giải thể, ngừng hoạt động trên địa bàn.\n"
        "Ngày 1/10, trao đổi với Dân trí, ông Lê Duy Minh, Cục trưởng Cục Thuế TPHCM cho biết, trong 8 tháng qua đã có "
        "hơn 24.400 doanh nghiệp đã giải thể.\n"
        "Số thu ngân sách trong 8 tháng đầu năm chỉ đạt 53,17% dự toán năm 2020, giảm gần 16% so với cùng kỳ năm 2019.\n",
        ("months_to_date", "2020-01/2020-08"),
    ),
    (
        "017_nam-2015: a headline's year the article restates only as a target",
        "Năm 2015, huyện Mỹ Đức có 9 xã hoàn thành xây dựng nông thôn mới\n"
        "KTĐT - Sáng 28/5, Phó Bí thư Thường trực Thành ủy đã đi kiểm tra tiến độ thực hiện Chương trình tại huyện "
        "Mỹ Đức.\nTrước mắt, huyện tập trung chỉ đạo đến năm 2014 có 5 xã hoàn thành xây dựng NTM; đến năm 2015 có 9 "
        "xã hoàn thành xây dựng NTM.\n",
        None,
    ),
    (
        "039_tuy-phuoc: targets listed after `phấn đấu` share it across `;`",
        "Huyện Tuy Phước quyết tâm đạt chuẩn nông thôn mới nâng cao\n"
        "Theo đó, huyện phấn đấu hoàn thành 9/9 tiêu chí NTM nâng cao vào quý II/2025; hoàn thành bộ hồ sơ đề nghị "
        "công nhận huyện NTM nâng cao vào quý III/2025 và trình Bộ NN&PTNT thẩm định.\n",
        None,
    ),
]


@pytest.mark.parametrize(("text", "period"), [r[1:] for r in BODY_PERIODS], ids=[r[0] for r in BODY_PERIODS])
def test_periods_beyond_the_first_phrase(text: str, period: tuple[str, str] | None) -> None:
    found = extract_facts(text, LEXICON).period
    assert (found and (found.kind, found.value)) == period


PLACED = [
    (
        "085_tinh-doan: a province written inside a body's name places the body",
        "Sáng 14/4, Ban Thường vụ Tỉnh Đoàn Quảng Ninh tổ chức hội nghị tổng kết Tháng Thanh niên năm 2022 và biểu "
        "dương các cá nhân, tập thể có thành tích xuất sắc.",
        ("Tỉnh Đoàn Quảng Ninh", "cơ quan", "Quảng Ninh", "Quảng Ninh"),
    ),
    (
        "041_tren-30-ty: a provincial paper's dateline tag places a unit the text leaves unplaced",
        "Trên 30 tỷ đồng giúp nông dân phát triển sản xuất\n\n(VLO) Theo Hội Nông dân tỉnh, để tạo nguồn lực giúp hội "
        "viên nông dân phát triển sản xuất, các cấp hội tích cực vận động xây dựng Quỹ Hỗ trợ nông dân.",
        ("Hội Nông dân tỉnh", "cơ quan", "Vĩnh Long", "Vĩnh Long"),
    ),
    (
        "014_bi-thu: a site whose domain holds a province's name places it",
        "Bí thư Tỉnh ủy làm việc với Ban Thường vụ Đảng ủy UBND tỉnh\n(binhdinh.gov.vn) - Sáng 01/4, đồng chí Hồ Quốc "
        "Dũng, Bí thư Tỉnh ủy chủ trì buổi làm việc với Ban Thường vụ Đảng ủy UBND tỉnh về kết quả thực hiện nhiệm vụ.",
        (None, "cơ quan", "Bình Định", "Gia Lai"),
    ),
    (
        "059_kamado: a headline's company located where the article names it again: `(Tây Sơn)`",
        "Công ty CP công nghiệp KAMADO: Nỗ lực đầu tư, đảm bảo sản xuất liên tục\nNhững ngày đầu Xuân Ất Tỵ 2025, "
        "tại nhà máy gạch của Công ty CP Công nghiệp Kamado, CCN Bình Nghi (Tây Sơn), không khí sản xuất vẫn diễn ra "
        "nhộn nhịp.",
        (None, "cơ quan", "Bình Định", "Gia Lai"),
    ),
    (
        "101_huyen-dat-do: bodies of one unit acting together, the unit merged before the gazetteer's map",
        "Sáng 13/12, Ban Dân vận, Hội LHPN, Hội Nông dân, Đoàn TNCS Hồ Chí Minh huyện Đất Đỏ tổ chức Hội nghị tổng "
        "kết công tác dân vận, các tổ chức chính trị - xã hội huyện.",
        ("huyện Đất Đỏ", "huyện", None, None),
    ),
    (
        "061_phu-nu: `trên địa bàn tỉnh` never named, the one unit the article is about",
        "Kỷ niệm ngày truyền thống Hội LHPN Việt Nam, trên địa bàn tỉnh đã có nhiều hoạt động hưởng ứng.\n\nTại huyện "
        "Tân Hồng, sáng nay diễn ra buổi họp mặt, ôn lại chặng đường 91 năm xây dựng và phát triển của Hội. Riêng ở "
        "huyện Tân Hồng, Hội LHPN huyện không ngừng học tập. Hội LHPN huyện Hồng Ngự cũng tổ chức họp mặt.",
        ("huyện Tân Hồng", "huyện", "Đồng Tháp", "Đồng Tháp"),
    ),
    (
        "045_hai-quan: a central body is placed in no province",
        "1 tháng phát hiện hơn 1.000 vụ vi phạm\nTheo Tổng cục Hải quan, trong tháng 9 toàn ngành đã phát hiện hơn "
        "1.000 vụ vi phạm. Tổng cục Hải quan (Hà Nội) cho biết các vụ việc đang được xử lý.",
        ("Tổng cục Hải quan", "cơ quan", None, None),
    ),
]


@pytest.mark.parametrize(("text", "unit"), [r[1:] for r in PLACED], ids=[r[0] for r in PLACED])
def test_reporting_unit_placed(gazetteer, text: str, unit: tuple) -> None:
    ru = extract_facts(text, LEXICON, None, extract_entities(text, LEXICON), gazetteer=gazetteer).reporting_unit
    got = (ru.name, ru.level, ru.province, ru.province_2025)
    assert got[1:] == unit[1:] and (unit[0] is None or (ru.name or "").startswith(unit[0])), got


def test_a_user_rules_file_adds_an_outlet(tmp_path: Path, gazetteer) -> None:
    """The words are the lexicon's: a user's doc_types_facts.toml adds a paper's tag (and a typo is E110)."""
    from pipeline.errors import SolieuError
    from pipeline.lexicon import load_lexicon

    text = (
        "Hội Nông dân tỉnh tổng kết năm 2022\n\n(BTO) Theo Hội Nông dân tỉnh, các cấp hội tích cực vận động xây "
        "dựng Quỹ Hỗ trợ nông dân tăng trưởng gần 30,2 tỷ đồng."
    )
    assert extract_facts(text, LEXICON, gazetteer=gazetteer).reporting_unit.province is None
    (tmp_path / "doc_types_facts.toml").write_text(
        '[news]\noutlet_provinces = { "BTO" = "Bình Thuận" }\n', encoding="utf-8"
    )
    user = load_lexicon(tmp_path)
    assert extract_facts(text, user, gazetteer=gazetteer).reporting_unit.province == "Bình Thuận"
    (tmp_path / "doc_types_facts.toml").write_text(
        '[news]\noutlet_province = { "BTO" = "Bình Thuận" }\n', encoding="utf-8"
    )
    with pytest.raises(SolieuError) as failed:
        load_lexicon(tmp_path)
    assert failed.value.code == "E110" and "news.outlet_province" in failed.value.message


WORDS = [
    "huyện ",
    "Huyện ",
    "xã ",
    "thị xã ",
    "TỈNH ",
    "tỉnh ",
    "Tuy Phước ",
    "Đức Phổ",
    "xã hội ",
    "năm 2021",
    "quý II/2025",
    "9 tháng đầu năm ",
    "tháng ",
    "İ",
    ", ",
    ".",
    "\n",
    "(",
    "VLO",
    " ",
    "Thứ Sáu, 30/12/2022",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map("".join), st.integers(0, 30), st.integers(0, 400))
def test_gated_search_finds_what_the_pattern_finds(text: str, start: int, length: int) -> None:
    """`Gated` (a standard-library scan for where a match may begin) yields exactly `pattern.finditer`'s matches."""
    from extractors.facts import fact_rules
    from extractors.facts.rules import Gated

    rules = fact_rules(LEXICON)
    for gated in (v for v in vars(rules).values() if isinstance(v, Gated)):
        end = start + length
        assert [m.span() for m in gated.finditer(text, start, end)] == [
            m.span() for m in gated.pattern.finditer(text, start, min(end, len(text)))
        ]
