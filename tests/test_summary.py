"""The summary: totals per metric × reporting unit × period from the JSONL a run writes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.metrics import assign_metrics
from extractors.sentences import SentenceIndex
from pipeline.cli import main
from pipeline.errors import SolieuError
from pipeline.lexicon import load_taxonomy
from pipeline.outputs.chart import LABEL_WIDTH, bar_chart_svg, text_width
from pipeline.outputs.summary import DEDUPE_RULE, bound_of, find_duplicates, summarize, write_summary
from schemas import Document, Mention, Summary, SummaryRow
from schemas.models import DocumentFacts, MentionRef, Period, ReportingUnit

TAXONOMY = load_taxonomy()
SEED = (
    "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị; mở 04 lớp tuyên truyền, tập huấn; "
    "tổ chức 35 hội nghị đối thoại cấp thị xã và cấp xã, phường giữa người đứng đầu cấp ủy, chính quyền với "
    "người dân và doanh nghiệp. Thực hiện tốt công tác vận động Nhân dân phòng chống dịch bệnh Covid-19 và "
    "kêu gọi tổ chức cá nhân tham gia ủng hộ cho công tác phòng, chống dịch Covid-19 với tổng giá trị hơn "
    "3,4 tỷ đồng; tổ chức thực hiện các chính sách hỗ trợ người dân gặp khó khăn do đại dịch Covid-19 với "
    "tổng kinh phí trên 655 triệu đồng; tổ chức 6 “chuyến xe 0 đồng” chở nhu yếu phẩm"
)
Figure = tuple  # (text as written, kind, value, unit, qualifier[, metric[, role]])


def make_doc(
    doc_id: str,
    text: str,
    figures: list[Figure],
    issuer: str | None = None,
    period: str | None = None,
    place: str | None = None,
) -> tuple[Document, list[Mention]]:
    """A Document and its Mentions at real offsets; a 6th field sets the metric, else it is matched."""
    index = SentenceIndex(text)
    mentions, pos = [], 0
    for written, kind, value, unit, qualifier, *rest in figures:
        start = text.index(written, pos)
        pos = start + 1
        end = start + len(written)
        mentions.append(
            Mention(
                doc_id=doc_id,
                kind=kind,
                value=value,
                unit=unit,
                qualifier=qualifier,
                text=written,
                start=start,
                end=end,
                sentence=index.sentence(start, end),
                metric=rest[0] if rest else None,
                role=rest[1] if len(rest) > 1 else None,
            )
        )
    if not any(len(f) > 5 for f in figures):
        mentions = assign_metrics(mentions, text, TAXONOMY)
    document = Document(
        doc_id=doc_id,
        source_path=f"/in/{doc_id}",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="txt",
        size_bytes=len(text.encode()),
        text=text,
        facts=DocumentFacts(
            reporting_unit=ReportingUnit(name=issuer or place),
            period=Period(kind="year", value=period, label=f"năm {period}") if period else None,
        ),
    )
    return document, mentions


def other_text(text: str, n: int) -> str:
    """`text` inside another document: a long different passage, so it is neither the same text nor a near copy."""
    return " ".join(f"đoạn{n}chữ{i}" for i in range(200)) + ".\n" + text


def write_run(out: Path, docs: list[tuple[Document, list[Mention]]]) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with (
        (out / "documents.jsonl").open("w", encoding="utf-8") as documents,
        (out / "metrics.jsonl").open("w", encoding="utf-8") as metrics,
    ):
        for document, mentions in sorted(docs, key=lambda d: d[0].doc_id):
            documents.write(document.model_dump_json() + "\n")
            metrics.writelines(m.model_dump_json() + "\n" for m in mentions)
    return out


def rows_by(summary: Summary) -> dict[tuple, object]:
    return {(r.metric, r.unit, r.reporting_unit, r.period): r for r in summary.rows}


SEED_FIGURES: list[Figure] = [
    ("10 đoàn kiểm tra, giám sát", "count", 10, "đoàn", "exact"),
    ("10 đơn vị", "count", 10, "đơn vị", "exact"),
    ("04 lớp", "count", 4, "lớp", "exact"),
    ("35 hội nghị", "count", 35, "hội nghị", "exact"),
    ("hơn 3,4 tỷ đồng", "money", 3_400_000_000, "VND", "more_than"),
    ("trên 655 triệu đồng", "money", 655_000_000, "VND", "more_than"),
    ("6 “chuyến xe", "count", 6, "chuyến xe", "exact"),
]
SEED_UNIT = "Ban Chỉ đạo quy chế dân chủ thị xã Đức Phổ"


@pytest.mark.parametrize(
    ("metric", "unit", "total", "bound"),
    [
        ("inspection_teams", "đoàn", 10, "exact"),
        ("dialogue_conferences", "hội nghị", 35, "exact"),
        ("training_classes", "lớp", 4, "exact"),
        ("funds_mobilised", "VND", 3_400_000_000, "lower_bound"),
        ("support_spending", "VND", 655_000_000, "lower_bound"),
    ],
    ids=lambda v: f"000_duc-pho: {v}" if isinstance(v, str) and "_" in v else str(v),
)
def test_seed_document_totals(tmp_path: Path, metric: str, unit: str, total: int, bound: str) -> None:
    out = write_run(tmp_path / "out", [make_doc("000_duc-pho.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021")])
    row = rows_by(summarize([out], TAXONOMY))[(metric, unit, SEED_UNIT, "2021")]
    assert (row.total, row.bound, row.n_mentions, row.n_documents) == (total, bound, 1, 1)
    assert row.mentions[0].doc_id == "000_duc-pho.txt"
    assert SEED[row.mentions[0].start : row.mentions[0].end].endswith(
        ("đoàn kiểm tra, giám sát", "lớp", "hội nghị", "đồng")
    )


def test_seed_unassigned_figures_are_counted(tmp_path: Path) -> None:
    out = write_run(tmp_path / "out", [make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021")])
    assert summarize([out], TAXONOMY).unassigned_mentions == 2  # 10 đơn vị, 6 chuyến xe


# 060_cac-doanh-nghiep-cua-bau-hien: donations listed in one sentence; 000_duc-pho: the seed's funds.
DONATIONS = (
    "Cụ thể, Tập đoàn T&T Group ủng hộ 10 tỷ đồng, Ngân hàng TMCP Sài Gòn – Hà Nội (SHB) ủng hộ "
    "5 tỷ đồng, Tổng công ty Bảo hiểm Sài Gòn Hà Nội BSH ủng hộ 1 tỷ đồng, Công ty Chứng Khoán SHS "
    "ủng hộ 1 tỷ đồng, CLB Bóng đá Hà Nội ủng hộ 1 tỷ đồng, và các đơn vị thành viên khác ủng hộ "
    "12 tỷ đồng."
)
DONATION_FIGURES: list[Figure] = [
    ("10 tỷ đồng", "money", 10_000_000_000, "VND", "exact"),
    ("5 tỷ đồng", "money", 5_000_000_000, "VND", "exact"),
    ("1 tỷ đồng", "money", 1_000_000_000, "VND", "exact"),
    ("1 tỷ đồng", "money", 1_000_000_000, "VND", "exact"),
    ("1 tỷ đồng", "money", 1_000_000_000, "VND", "exact"),
    ("12 tỷ đồng", "money", 12_000_000_000, "VND", "exact"),
]


def test_multi_document_totals(tmp_path: Path) -> None:
    unit = "Ủy ban MTTQ tỉnh"
    out = write_run(
        tmp_path / "out",
        [
            make_doc("a/060.txt", DONATIONS, DONATION_FIGURES, issuer=unit, period="2020"),
            make_doc("b/000.txt", SEED, SEED_FIGURES, issuer=unit, period="2020"),
            make_doc(
                "c/000-other-unit.txt",
                other_text(SEED, 1),
                SEED_FIGURES[4:5],
                issuer=None,
                place="Quảng Ngãi",
                period="2020",
            ),
            make_doc("d/000-no-facts.txt", other_text(SEED, 2), SEED_FIGURES[4:5]),
            make_doc("e/000-copy.txt", SEED, SEED_FIGURES, issuer=unit, period="2020"),  # same bytes as b/000.txt
        ],
    )
    rows = rows_by(summarize([out], TAXONOMY))
    together = rows[("funds_mobilised", "VND", unit, "2020")]
    assert together.total == 30_000_000_000 + 3_400_000_000
    assert together.bound == "lower_bound"  # the seed's "hơn 3,4 tỷ"
    assert (together.n_mentions, together.n_documents) == (7, 2)
    assert rows[("funds_mobilised", "VND", "Quảng Ngãi", "2020")].total == 3_400_000_000  # place stands in
    assert rows[("funds_mobilised", "VND", None, None)].total == 3_400_000_000


# 005_tphcm-thu-ngan-sach: the headline repeats the body's figure; 060: "30 tỷ đồng" in title and body.
REPEATED = (
    "TPHCM: Năm nay thu ngân sách sẽ đạt 352.000 tỷ đồng\nTheo Chủ tịch UBND TPHCM Nguyễn Thành "
    "Phong, TPHCM dự tính số thu ngân sách sẽ đạt 352.000 tỷ đồng, đạt 86,7% dự toán năm 2020 được "
    "Trung ương giao là 405.000 tỷ đồng."
)


def test_dedupe_title_and_body(tmp_path: Path) -> None:
    figures: list[Figure] = [
        ("352.000 tỷ đồng", "money", 352_000_000_000_000, "VND", "exact", "budget_revenue"),
        ("352.000 tỷ đồng", "money", 352_000_000_000_000, "VND", "exact", "budget_revenue"),
        ("405.000 tỷ đồng", "money", 405_000_000_000_000, "VND", "exact", "budget_revenue"),
    ]
    out = write_run(tmp_path / "out", [make_doc("005.txt", REPEATED, figures, "TPHCM", "2020")])
    row = rows_by(summarize([out], TAXONOMY))[("budget_revenue", "VND", "TPHCM", "2020")]
    assert row.total == 352_000_000_000_000  # 405.000 tỷ is the plan ("dự toán … giao là"): not added
    assert row.n_mentions == 1
    assert "tiêu đề và thân bài" in DEDUPE_RULE  # the rule is written for the manager, in Vietnamese


# 010_hai-quan-quang-nam: the gross and the net revenue of one office, in two sentences.
TWO_SCOPES = (
    "Mặc dù đã thu nộp ngân sách nhà nước được trên 4.300 tỷ đồng, tuy nhiên do thực hiện hoàn "
    "thuế theo chương trình ưu đãi thuế.\nNhư vậy, số thực thu đến 25/10/2020 của Cục Hải quan "
    "tỉnh Quảng Nam đạt hơn 3.573 tỷ đồng, giảm 16,72% so với cùng kỳ năm 2019."
)


def test_one_document_contributes_its_largest_sentence(tmp_path: Path) -> None:
    """Figures of one row in different sentences are scopes or restatements: the largest is kept."""
    figures: list[Figure] = [
        ("trên 4.300 tỷ đồng", "money", 4_300_000_000_000, "VND", "more_than", "budget_revenue"),
        ("hơn 3.573 tỷ đồng", "money", 3_573_000_000_000, "VND", "more_than", "budget_revenue"),
    ]
    out = write_run(tmp_path / "out", [make_doc("010.txt", TWO_SCOPES, figures, "Hải quan Quảng Nam")])
    row = rows_by(summarize([out], TAXONOMY))[("budget_revenue", "VND", "Hải quan Quảng Nam", None)]
    assert (row.total, row.bound, row.n_mentions) == (4_300_000_000_000, "lower_bound", 1)


def test_a_list_restating_the_headline_keeps_the_bound_exact(tmp_path: Path) -> None:
    """060: the headline's 30 tỷ and the sentence listing 10+5+1+1+1+12 tỷ are one figure, counted once."""
    text = "Các doanh nghiệp của “Bầu Hiển” ủng hộ 30 tỷ đồng cho Quỹ “Vì người nghèo”\n" + DONATIONS
    headline: list[Figure] = [("30 tỷ đồng", "money", 30_000_000_000, "VND", "exact", "funds_mobilised")]
    listed = [(*f, "funds_mobilised") for f in DONATION_FIGURES]
    out = write_run(tmp_path / "out", [make_doc("060.txt", text, headline + listed, "T&T", "2020")])
    row = rows_by(summarize([out], TAXONOMY))[("funds_mobilised", "VND", "T&T", "2020")]
    assert (row.total, row.bound, row.n_mentions) == (30_000_000_000, "exact", 1)


def test_equal_figures_in_one_sentence_all_count(tmp_path: Path) -> None:
    """Three donors of 1 tỷ in one sentence are three items, not one repeated figure."""
    out = write_run(tmp_path / "out", [make_doc("060.txt", DONATIONS, DONATION_FIGURES, "T&T", "2020")])
    row = rows_by(summarize([out], TAXONOMY))[("funds_mobilised", "VND", "T&T", "2020")]
    assert row.total == 30_000_000_000
    assert row.n_mentions == 6


def test_same_document_in_two_runs_counts_once(tmp_path: Path) -> None:
    first = write_run(tmp_path / "run1", [make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021")])
    second = write_run(
        tmp_path / "run2",
        [
            make_doc("seed-again.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
            make_doc("060.txt", DONATIONS, DONATION_FIGURES, SEED_UNIT, "2021"),
        ],
    )
    row = rows_by(summarize([first, second], TAXONOMY))[("funds_mobilised", "VND", SEED_UNIT, "2021")]
    assert row.total == 3_400_000_000 + 30_000_000_000
    assert row.n_documents == 2


# 029_lanh-dao-ubnd-tinh: one investment stated in đồng and in USD.
TWO_CURRENCIES = (
    "Tổng mức đầu tư của dự án là 2.659,96 tỷ đồng (tương đương 115,15 triệu USD), trong đó "
    "vốn vay từ Ngân hàng Thế giới là 1.579,96 tỷ đồng (chiếm 59,4%)."
)


def test_currencies_are_never_added(tmp_path: Path) -> None:
    figures: list[Figure] = [
        ("2.659,96 tỷ đồng", "money", 2_659_960_000_000, "VND", "exact", "investment_capital"),
        ("115,15 triệu USD", "money", 115_150_000, "USD", "exact", "investment_capital"),
    ]
    out = write_run(tmp_path / "out", [make_doc("029.txt", TWO_CURRENCIES, figures, "UBND tỉnh Bình Định")])
    rows = rows_by(summarize([out], TAXONOMY))
    assert rows[("investment_capital", "VND", "UBND tỉnh Bình Định", None)].total == 2_659_960_000_000
    assert rows[("investment_capital", "USD", "UBND tỉnh Bình Định", None)].total == 115_150_000


NOT_ADDED = [
    (
        "002_thanh-tan: 18/19 tiêu chí (the pair's total is not added)",
        "Năm 2012 xã đạt 18/19 tiêu chí xây dựng nông thôn mới.",
        [
            ("18", "count", 18, "tiêu chí", "exact", "criteria_met", "part"),
            ("19 tiêu chí", "count", 19, "tiêu chí", "exact", "criteria_met", "total"),
        ],
        ("criteria_met", "tiêu chí"),
        18,
        "exact",
    ),
    (
        "027_quoc-te-thieu-nhi: từ 300 đến 500 nghìn đồng (a range adds its low end, as a lower bound)",
        "mỗi suất trị giá từ 300 đến 500 nghìn đồng; trao 100 cặp phao cứu sinh tặng trẻ em vùng đầm phá.",
        [
            ("300", "money", 300_000, "VND", "exact", "gifts_value", "range_low"),
            ("500 nghìn đồng", "money", 500_000, "VND", "exact", "gifts_value", "range_high"),
        ],
        ("gifts_value", "VND"),
        300_000,
        "lower_bound",
    ),
    (
        "002_thanh-tan: hơn 155 tỷ đồng, trong đó … 20,48 tỷ đồng (a breakdown is not added)",
        "ở Thanh Tân đã huy động được hơn 155 tỷ đồng, trong đó nhân dân đóng góp 20,48 tỷ đồng (kể cả tiền "
        "ngày công, hiện vật, đất ở...).",
        [
            ("hơn 155 tỷ đồng", "money", 155_000_000_000, "VND", "more_than", "funds_mobilised"),
            ("20,48 tỷ đồng", "money", 20_480_000_000, "VND", "exact", "funds_mobilised"),
        ],
        ("funds_mobilised", "VND"),
        155_000_000_000,
        "lower_bound",
    ),
    (
        "077_bac-ninh: 82/97 xã …, tăng 74 xã (a change is not added)",
        "Toàn tỉnh có 82/97 xã (chiếm 84,5% tổng số xã) đạt tiêu chí thủy lợi, tăng 74 xã so với năm 2010.",
        [
            ("82", "count", 82, "xã", "exact", "communes_new_rural", "part"),
            ("97 xã", "count", 97, "xã", "exact", "communes_new_rural", "total"),
            ("74 xã", "count", 74, "xã", "exact", "communes_new_rural"),
        ],
        ("communes_new_rural", "xã"),
        82,
        "exact",
    ),
    (
        "005_tphcm-thu-ngan-sach: phấn đấu … đạt 103.500 tỷ đồng (a target is not added)",
        "Lũy kế đến ngày 15/12/2020, Cục Hải quan TPHCM đã thu đạt kết quả trên 100.090 tỷ đồng; Chủ tịch UBND "
        "TPHCM giao Cục Hải quan TPHCM phấn đấu thu ngân sách năm 2020 đạt 103.500 tỷ đồng.",
        [
            ("trên 100.090 tỷ đồng", "money", 100_090_000_000_000, "VND", "more_than", "budget_revenue"),
            ("103.500 tỷ đồng", "money", 103_500_000_000_000, "VND", "exact", "budget_revenue"),
        ],
        ("budget_revenue", "VND"),
        100_090_000_000_000,
        "lower_bound",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "figures", "key", "total", "bound"), [c[1:] for c in NOT_ADDED], ids=[c[0] for c in NOT_ADDED]
)
def test_what_is_not_added(
    tmp_path: Path, sentence: str, figures: list[Figure], key: tuple, total: float, bound: str
) -> None:
    out = write_run(tmp_path / "out", [make_doc("doc.txt", sentence, figures, "X", "2022")])
    row = rows_by(summarize([out], TAXONOMY))[(*key, "X", "2022")]
    assert (row.total, row.bound, row.n_mentions) == (total, bound, 1)


INCOME = "Dân số toàn xã năm 2009 có 6.204 người với 1.777 hộ, thu nhập bình quân đầu người đạt 8,6 triệu đồng/năm"


def test_rates_and_per_value_metrics_are_not_summed(tmp_path: Path) -> None:
    written = "8,6 triệu đồng/năm"
    figures: list[Figure] = [(written, "money", 8_600_000, "VND", "exact", "income_per_capita")]
    rate: list[Figure] = [(written, "money", 8_600_000, "VND", "exact", "support_spending", "rate")]
    out = write_run(
        tmp_path / "out",
        [
            make_doc("002.txt", INCOME, figures, "Thanh Tân", "2009"),
            make_doc("002-copy.txt", other_text(INCOME, 1), figures, "Thanh Tân", "2009"),
            make_doc("002-rate.txt", other_text(INCOME, 2), rate, "Thanh Tân", "2009"),
            make_doc("002-rate-2.txt", other_text(INCOME, 3), rate, "Thanh Tân", "2009"),
        ],
    )
    rows = rows_by(summarize([out], TAXONOMY))
    income = rows[("income_per_capita", "VND", "Thanh Tân", "2009")]
    assert (income.total, income.n_mentions, income.n_documents) == (8_600_000, 2, 2)
    assert rows[("support_spending", "VND", "Thanh Tân", "2009")].total == 8_600_000


@pytest.mark.parametrize(
    ("qualifiers", "bound"),
    [
        ({"exact"}, "exact"),
        ({"exact", "more_than"}, "lower_bound"),
        ({"exact", "less_than"}, "upper_bound"),
        ({"exact", "approx"}, "approx"),
        ({"more_than", "approx"}, "lower_bound"),
        ({"more_than", "less_than"}, "mixed"),
    ],
    ids=lambda v: "+".join(sorted(v)) if isinstance(v, set) else v,
)
def test_bound_of(qualifiers: set[str], bound: str) -> None:
    assert bound_of(qualifiers) == bound


def test_user_taxonomy_reassigns_without_re_extracting(tmp_path: Path) -> None:
    out = write_run(tmp_path / "out", [make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021")])
    user = load_taxonomy(
        '[metrics.vehicle_trips]\nlabel = "Chuyến xe"\nkinds = ["count"]\nnouns = ["chuyến xe"]\ncontext = []\n'
    )
    assert ("vehicle_trips", "chuyến xe", SEED_UNIT, "2021") not in rows_by(summarize([out], user))
    rows = rows_by(summarize([out], user, reassign=True))
    assert rows[("vehicle_trips", "chuyến xe", SEED_UNIT, "2021")].total == 6
    assert rows[("inspection_teams", "đoàn", SEED_UNIT, "2021")].total == 10


@pytest.mark.parametrize(
    "bad_line",
    ['{"kind": "count", "value": "ten"}', "not json", "[1, 2]"],
    ids=["not a figure", "not JSON", "not an object"],
)
def test_a_broken_line_is_e506_naming_file_and_line(tmp_path: Path, bad_line: str) -> None:
    out = write_run(tmp_path / "out", [make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021")])
    lines = (out / "metrics.jsonl").read_text(encoding="utf-8").count("\n")
    with (out / "metrics.jsonl").open("a", encoding="utf-8") as f:
        f.write(bad_line + "\n")
    with pytest.raises(SolieuError) as failed:
        summarize([out], TAXONOMY)
    assert failed.value.code == "E506" and f"metrics.jsonl:{lines + 1}:" in failed.value.message


def test_write_summary_files(tmp_path: Path) -> None:
    out = write_run(
        tmp_path / "out",
        [
            make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
            make_doc("060.txt", DONATIONS, DONATION_FIGURES, "Tập đoàn T&T <Group>", "2020"),
        ],
    )
    summary = summarize([out], TAXONOMY)
    write_summary(out, summary)
    assert Summary.model_validate_json((out / "summary.json").read_text(encoding="utf-8")) == summary
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    assert "## Kinh phí vận động, ủng hộ" in markdown and "`funds_mobilised`" in markdown
    assert "≥ 3,4 tỷ đồng" in markdown and "Cách cộng" in markdown
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["metric"] for r in table} == {r.metric for r in summary.rows}
    funds = next(r for r in table if r["metric"] == "funds_mobilised" and r["period"] == "2021")
    assert funds["bound"] == "lower_bound" and funds["mentions"].startswith("000.txt:")
    svg = ET.fromstring((out / "summary.svg").read_text(encoding="utf-8"))  # well-formed despite "<Group>"
    bars = svg.findall(".//{http://www.w3.org/2000/svg}rect")
    by_metric = {m: [r for r in summary.rows if r.metric == m] for m in {r.metric for r in summary.rows}}
    charted = sum(len(rows) for rows in by_metric.values() if len(rows) >= 2)
    assert len(bars) == 1 + charted  # background + one bar per total of the metrics with two totals or more
    assert not list(out.glob("*.partial"))


def test_cli_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run1 = write_run(tmp_path / "run1", [make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021")])
    run2 = write_run(tmp_path / "run2", [make_doc("060.txt", DONATIONS, DONATION_FIGURES, SEED_UNIT, "2021")])
    user_file = tmp_path / "mine.toml"
    user_file.write_text(
        '[metrics.vehicle_trips]\nlabel = "Chuyến xe"\nkinds = ["count"]\nnouns = ["chuyến xe"]\n', encoding="utf-8"
    )
    target = tmp_path / "together"
    assert main(["summary", str(run1), str(run2), "--metrics", str(user_file), "--out", str(target)]) == 0
    rows = {(r["metric"], r["period"]): r for r in json.loads((target / "summary.json").read_text())["rows"]}
    assert rows[("funds_mobilised", "2021")]["total"] == 33_400_000_000
    assert rows[("vehicle_trips", "2021")]["total"] == 6
    printed = capsys.readouterr().out
    assert f"{len(rows)} rows over {len({m for m, _ in rows})} metrics" in printed and "summary.md" in printed
    taxonomy = load_taxonomy(user_file.read_text(encoding="utf-8"))
    write_summary(tmp_path / "in-memory", summarize([run1, run2], taxonomy, reassign=True), taxonomy)
    for name in ("summary.json", "summary.md", "summary.csv", "summary.svg"):  # written a row at a time: the same
        assert (target / name).read_bytes() == (tmp_path / "in-memory" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["summary", "{tmp}/missing"], 2),  # missing inputs and bad user files exit 2 everywhere
        (["summary", "{tmp}/run", "--metrics", "{tmp}/bad.toml"], 2),
        (["summary", "{tmp}/run", "--metrics", "{tmp}/absent.toml"], 2),
    ],
    ids=["missing output folder", "broken taxonomy", "absent taxonomy file"],
)
def test_cli_summary_errors(tmp_path: Path, args: list[str], code: int) -> None:
    write_run(tmp_path / "run", [make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021")])
    (tmp_path / "bad.toml").write_text("[metrics.x]\nkinds = 3\n", encoding="utf-8")
    assert main([a.format(tmp=tmp_path) for a in args]) == code


# ---------------------------------------------------------------- invariants on any input

_METRICS = ["funds_mobilised", "income_per_capita", "inspection_teams", "poverty_rate"]
_KIND_OF = {
    "funds_mobilised": "money",
    "income_per_capita": "money",
    "inspection_teams": "count",
    "poverty_rate": "percent",
}


@st.composite
def runs_of_mentions(draw: st.DrawFn) -> list[tuple[str, list[Mention]]]:
    docs = []
    for d in range(draw(st.integers(1, 4))):
        mentions = []
        for _ in range(draw(st.integers(0, 6))):
            metric = draw(st.sampled_from([*_METRICS, None]))
            kind = _KIND_OF.get(metric or "", "count")
            start = draw(st.integers(0, 50))
            unit = {"count": "đoàn", "money": "VND"}.get(kind)
            qualifier = draw(st.sampled_from([None, "exact", "more_than", "less_than", "approx"]))
            mentions.append(
                Mention(
                    doc_id=f"d{d}.txt",
                    kind=kind,
                    value=draw(st.integers(0, 10**6)),
                    unit=unit,
                    qualifier=qualifier,
                    text="1",
                    start=start,
                    end=start + 1,
                    metric=metric,
                    sentence=draw(st.sampled_from(["Câu một 1.", "Câu hai 1; trong đó 1.", ""])),
                    role=draw(st.sampled_from([None, None, "part", "total", "range_low", "range_high", "rate"])),
                )
            )
        docs.append((f"d{d}.txt", sorted(mentions, key=lambda m: m.sentence)))
    return docs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs_of_mentions())
def test_summary_invariants(tmp_path: Path, docs: list[tuple[str, list[Mention]]]) -> None:
    out = tmp_path / "prop"
    out.mkdir(exist_ok=True)
    records = [
        {"doc_id": d, "sha256": hashlib.sha256(d.encode()).hexdigest(), "facts": {"issuer": "X"}} for d, _ in docs
    ]
    (out / "documents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (out / "metrics.jsonl").write_text(
        "".join(m.model_dump_json() + "\n" for _, ms in docs for m in ms), encoding="utf-8"
    )
    summary = summarize([out], TAXONOMY)
    for row in summary.rows:
        assert row.n_mentions == len(row.mentions) >= row.n_documents >= 1
        values = [r.value for r in row.mentions]
        if row.kind == "percent" or row.metric == "income_per_capita":  # never added: one row per value
            assert all(v == row.total for v in values)
        else:  # a sum, or a per-value row of rates
            assert row.total == sum(values) or all(v == row.total for v in values)
        assert row.bound != "exact" or all(r.qualifier in (None, "exact") for r in row.mentions)
    assert Summary.model_validate_json(summary.model_dump_json()) == summary


# ---------------------------------------------------------------- never count twice (issue 15)

# B05/B06_bcd-tinh-lam-dong: two monthly reports of one template, other months, other figures.
MONTHLY = (
    "Kết quả triển khai Đề án 06 trên địa bàn tỉnh Lâm Đồng. Trong tháng, toàn tỉnh đã tổ chức {n} hội nghị "
    "đối thoại với người dân và doanh nghiệp về thủ tục hành chính, cấp căn cước và tài khoản định danh điện "
    "tử, bảo đảm tiến độ, chất lượng theo kế hoạch của Ban Chỉ đạo tỉnh về chuyển đổi số và Đề án 06."
)


def _monthly(doc_id: str, n: int, month: str) -> tuple[Document, list[Mention]]:
    text = MONTHLY.format(n=n)
    doc, mentions = make_doc(
        doc_id, text, [(f"{n} hội nghị", "count", n, "hội nghị", "exact", "dialogue_conferences")], "tỉnh Lâm Đồng"
    )
    period = Period(kind="month", value=month, label=f"tháng {month[5:]}/{month[:4]}")
    facts = doc.facts.model_copy(update={"period": period, "title": "Kết quả triển khai Đề án 06"})
    return doc.model_copy(update={"facts": facts}), mentions


@pytest.mark.parametrize(
    ("case", "docs", "total", "relations"),
    [
        (
            "005_tphcm: one article as .txt and as .html (same text, other bytes) counts once",
            lambda: [
                make_doc("a.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
                make_doc("a.html", "  " + SEED + "\n\n", SEED_FIGURES, SEED_UNIT, "2021"),
            ],
            10,
            {"a.txt": ("same_text", False)},
        ),  # a.html sorts first: the first doc_id wins
        (
            "near copy with the same figures (a footer added) counts once, the first doc_id wins",
            lambda: [
                make_doc("a.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
                make_doc("b.txt", SEED + " Nguồn: Cổng thông tin thị xã.", SEED_FIGURES, SEED_UNIT, "2021"),
            ],
            10,
            {"b.txt": ("near_duplicate", False)},
        ),
        (
            "a re-submission whose figures changed is kept and flagged revised",
            lambda: [
                make_doc("a.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
                make_doc(
                    "b.txt",
                    SEED.replace("10 đoàn", "12 đoàn"),
                    [("12 đoàn kiểm tra, giám sát", "count", 12, "đoàn", "exact"), *SEED_FIGURES[1:]],
                    SEED_UNIT,
                    "2021",
                ),
            ],
            22,
            {"b.txt": ("revised", True)},
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_copies_are_counted_once(tmp_path: Path, case: str, docs, total: int, relations: dict) -> None:
    del case
    summary = summarize([write_run(tmp_path / "out", docs())], TAXONOMY)
    row = rows_by(summary)[("inspection_teams", "đoàn", SEED_UNIT, "2021")]
    assert row.total == total
    assert {d.doc_id: (d.relation, d.counted) for d in summary.duplicates} == relations
    assert row.revised == any(r == "revised" for r, _ in relations.values())
    assert find_duplicates([tmp_path / "out"], TAXONOMY) == summary.duplicates  # run.json's list, same relations


def test_two_monthly_reports_of_one_template_are_two_documents(tmp_path: Path) -> None:
    out = write_run(tmp_path / "out", [_monthly("B05.docx", 12, "2025-11"), _monthly("B06.docx", 9, "2025-08")])
    summary = summarize([out], TAXONOMY)
    assert summary.duplicates == []
    rows = rows_by(summary)
    assert rows[("dialogue_conferences", "hội nghị", "tỉnh Lâm Đồng", "2025-11")].total == 12
    assert rows[("dialogue_conferences", "hội nghị", "tỉnh Lâm Đồng", "2025-08")].total == 9


def test_a_year_is_never_added_to_its_months(tmp_path: Path) -> None:
    """B08 (năm 2025) and B05 (tháng 11/2025) of one province: two rows, the year marked cumulative."""
    year_doc, mentions = make_doc(
        "B08.docx",
        other_text(MONTHLY.format(n=40), 9),
        [("40 hội nghị", "count", 40, "hội nghị", "exact", "dialogue_conferences")],
        "tỉnh Lâm Đồng",
        "2025",
    )
    out = write_run(tmp_path / "out", [(year_doc, mentions), _monthly("B05.docx", 12, "2025-11")])
    rows = rows_by(summarize([out], TAXONOMY))
    year, month = (rows[("dialogue_conferences", "hội nghị", "tỉnh Lâm Đồng", p)] for p in ("2025", "2025-11"))
    assert (year.total, year.cumulative, year.period_kind) == (40, True, "year")
    assert (month.total, month.cumulative, month.period_kind) == (12, False, "month")


def test_builders_merge_to_the_same_totals(tmp_path: Path) -> None:
    """Contributions are mergeable: two halves of a run add up to the whole run's summary."""
    from pipeline.outputs.summary import SummaryBuilder, stream_run

    docs = [
        make_doc("000.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
        make_doc("060.txt", DONATIONS, DONATION_FIGURES, SEED_UNIT, "2021"),
    ]
    out = write_run(tmp_path / "out", docs)
    halves = [SummaryBuilder(TAXONOMY), SummaryBuilder(TAXONOMY)]
    for index, record, mentions in stream_run(out):
        halves[index % 2].add_document(record, mentions, 0, index)
    merged = halves[0].merge(halves[1]).summary([str(out)])
    whole = summarize([out], TAXONOMY)
    assert {k: (r.total, r.n_mentions) for k, r in rows_by(merged).items()} == {
        k: (r.total, r.n_mentions) for k, r in rows_by(whole).items()
    }


def test_seed_summary_shows_all_seven_figures_with_links(tmp_path: Path) -> None:
    """000_duc-pho: 10 đoàn, 10 đơn vị, 04 lớp, 35 hội nghị, hơn 3,4 tỷ, trên 655 triệu, 6 chuyến xe — each in a
    metric's table or listed as unassigned, with a link into review.html."""
    out = write_run(tmp_path / "out", [make_doc("000.txt", SEED, SEED_FIGURES, "thị xã Đức Phổ", "2021")])
    write_summary(out, summarize([out], TAXONOMY))
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    for shown in (
        "10 đoàn",
        "| 10 đơn vị |",
        "4 lớp",
        "35 hội nghị",
        "≥ 3,4 tỷ đồng",
        "≥ 655 triệu đồng",
        "| 6 “chuyến xe |",
    ):
        assert shown in markdown, shown
    assert "thị xã Đức Phổ" in markdown and "(review.html#d0-" in markdown
    assert "Số liệu chưa xếp vào chỉ tiêu nào" in markdown and "Văn bản trùng" in markdown


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["hộ", "nghèo", "xã", "đạt", "tỷ", "đồng", "năm", "2022", "tỉnh", "Lâm", "Đồng"]),
        min_size=6,
        max_size=80,
    )
)
def test_signature_similarity_of_a_text_with_itself_is_one(tokens: list[str]) -> None:
    from pipeline.outputs.summary import signature, similarity

    text = " ".join(tokens)
    assert similarity(signature(text), signature(text.upper())) == 1.0


def _plain_signature(text: str) -> tuple[int, ...]:
    """The signature as its docstring defines it, gram by gram (the implementation before issue 17's speed-up)."""
    import hashlib

    from extractors.metrics import words

    tokens = words(text)
    sig = [-1] * 32
    for i in range(max(1, len(tokens) - 4)):
        h = int.from_bytes(hashlib.blake2b(" ".join(tokens[i : i + 5]).encode(), digest_size=8).digest(), "big")
        if sig[h % 32] < 0 or h // 32 < sig[h % 32]:
            sig[h % 32] = h // 32
    return tuple(sig)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["hộ", "nghèo", "xã", "đạt", "tỷ", "đồng", "năm", "2022", "tỉnh", "Lâm", "Đồng", "ﬁ", "\n"]),
        max_size=120,
    )
)
def test_the_signature_is_its_definition_for_any_words(tokens: list[str]) -> None:
    from pipeline.outputs.summary import signature

    text = " ".join(tokens)
    assert signature(text) == _plain_signature(text)


def test_the_signature_is_its_definition_on_every_corpus_text(texts: dict[str, str]) -> None:
    from pipeline.outputs.summary import signature

    assert [signature(t) for t in texts.values()] == [_plain_signature(t) for t in texts.values()]


SVG = "{http://www.w3.org/2000/svg}"


def _row(metric: str, unit: str | None, place: str, total: float, kind: str = "count") -> SummaryRow:
    """A summary row of one figure of `total` (a real sum: the chart draws it)."""
    ref = MentionRef(doc_id=f"{place}.txt", start=0, end=5, value=total, qualifier="exact", run=0, anchor=None)
    return SummaryRow(
        metric=metric,
        label=metric.replace("_", " "),
        kind=kind,
        unit=unit,
        reporting_unit=place,
        level="huyện",
        province=None,
        province_2025=None,
        period="2021",
        period_kind="year",
        period_label="năm 2021",
        cumulative=True,
        total=total,
        bound="exact",
        n_mentions=1,
        n_documents=1,
        revised=False,
        mentions=[ref],
    )


def _panel_titles(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.find(f"{SVG}title").text or "" for t in root.iter(f"{SVG}text") if t.get("class") == "title"]


CHARTS = [
    (
        "two nouns of one metric (hộ nghèo, hộ) make one chart, one scale each",
        [
            _row("poor_households", "hộ nghèo", "huyện Tuy Phước", 120),
            _row("poor_households", "hộ", "quận Gò Vấp", 600),
        ],
        ["poor households"],
        2,
    ),
    (
        "VND and USD of one metric: one chart, two scales",
        [
            _row("funds_mobilised", "VND", "thị xã Đức Phổ", 3.4e9, "money"),
            _row("funds_mobilised", "USD", "TPHCM", 5e5, "money"),
        ],
        ["funds mobilised"],
        2,
    ),
    (
        "a metric with a single total is left to the table",
        [
            _row("inspection_teams", "đoàn", "thị xã Đức Phổ", 10),
            _row("poor_households", "hộ", "quận Gò Vấp", 600),
            _row("poor_households", "hộ", "huyện Tuy Phước", 120),
        ],
        ["poor households"],
        2,
    ),
    (
        "percentages are never drawn",
        [
            _row("poverty_rate", "%", "huyện Tuy Phước", 3.1, "percent"),
            _row("poverty_rate", "%", "TPHCM", 0.5, "percent"),
        ],
        [],
        0,
    ),
]


@pytest.mark.parametrize(("rows", "titles", "bars"), [c[1:] for c in CHARTS], ids=[c[0] for c in CHARTS])
def test_one_chart_per_metric_with_two_bars_or_more(rows: list[SummaryRow], titles: list[str], bars: int) -> None:
    svg = bar_chart_svg(rows)
    assert _panel_titles(svg) == titles
    assert len(ET.fromstring(svg).findall(f".//{SVG}rect")) == 1 + bars


def test_labels_fit_their_room() -> None:
    """B01's long body names (`Ban Chỉ đạo phát triển khoa học, công nghệ, …`) are cut to the label column."""
    long_name = "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06 tỉnh Lâm Đồng"
    rows = [
        _row("dialogue_conferences", "hội nghị", long_name, 12),
        _row("dialogue_conferences", "hội nghị", "ĐẶC KHU PHÚ QUỐC", 3),
    ]
    root = ET.fromstring(bar_chart_svg(rows))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert len(labels) == 2
    assert all(text_width(t.text or "") <= LABEL_WIDTH - 16 for t in labels)
    assert labels[0].text.endswith("…") and long_name in "".join(root.itertext())  # the whole name in the tooltip


# --- tables and the run's own summary ------------------------------------------------------------------

# A district report's table, as offices write them: last year and this year side by side, then the plan.
YEARS_TABLE = """ỦY BAN NHÂN DÂN HUYỆN ĐỨC PHỔ

BÁO CÁO KẾT QUẢ GIẢM NGHÈO NĂM 2023

Đơn vị tính: hộ

| STT | Chỉ tiêu | Năm 2022 | Năm 2023 | Kế hoạch năm 2024 |
|---|---|---|---|---|
| 1 | Hộ nghèo | 10.689 | 9.120 | 8.000 |
| 2 | Hộ cận nghèo | 5.432 | 5.001 | 4.800 |
"""


def _run_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--workers", "1", "-q"]) == 0
    return out


def test_a_tables_year_columns_are_two_periods_and_its_plan_is_not_added(tmp_path: Path) -> None:
    """`Năm 2022 | Năm 2023`: each figure counts in its column's year, never the two added into the
    document's one period; the plan column (`Kế hoạch năm 2024`) is no figure of what was done."""
    out = _run_folder(tmp_path, {"bao-cao.txt": YEARS_TABLE})
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    totals = {(r["metric"], r["period"]): r["total"] for r in summary["rows"]}
    assert totals == {
        ("poor_households", "2022"): 10689,
        ("poor_households", "2023"): 9120,
        ("near_poor_households", "2022"): 5432,
        ("near_poor_households", "2023"): 5001,
    }


def test_the_runs_summary_is_the_one_its_files_give(tmp_path: Path) -> None:
    """The run merges its workers' contributions as it writes; `solieu summary` re-reads the files: the same
    totals, the same copies (a copy of a document under another name is counted once, and run.json says so)."""
    corpus = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("0[0-1]*.txt"))[:8]}
    first = next(iter(files))
    files["ban-sao-" + first] = files[first]  # sorts after the original: the original is counted
    out = _run_folder(tmp_path, files)
    written = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    again = summarize([out], TAXONOMY).model_dump(mode="json")
    assert written["rows"] == again["rows"] and written["rows"]
    assert written["duplicates"] == again["duplicates"]
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [(d["doc_id"], d["duplicate_of"], d["relation"], d["counted"]) for d in manifest["duplicates"]] == [
        ("ban-sao-" + first, first, "same_text", False)
    ]
    written_at = (out / "summary.json").stat().st_mtime_ns
    assert main(["run", str(tmp_path / "in"), "--out", str(out), "--workers", "1", "-q"]) == 0  # warm, unchanged
    assert (out / "summary.json").stat().st_mtime_ns == written_at  # outputs left alone: copies from the state
    warm = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert warm["duplicates"] == manifest["duplicates"]


@pytest.mark.parametrize("refs_per_dump", [1, 2, 2000])
def test_the_streamed_summary_files_are_the_in_memory_ones_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refs_per_dump: int
) -> None:
    """A run writes summary.* row by row from its builder (one row and its MentionRefs in memory, the refs
    serialised a batch at a time); `write_summary` of the whole Summary is the reference: every byte the same."""
    from pipeline.outputs import summary as summary_module
    from pipeline.outputs.summary import SummaryBuilder, stream_run

    monkeypatch.setattr(summary_module, "_REFS_PER_DUMP", refs_per_dump)
    corpus = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    out = _run_folder(tmp_path, {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("0[0-2]*.txt"))})
    builder = SummaryBuilder(TAXONOMY)
    for index, record, mentions in stream_run(out):
        builder.add_document(record, mentions, 0, index)
    whole = builder.summary([str(out)])
    assert any(r.n_mentions > 2 for r in whole.rows) and any(r.n_mentions == 1 for r in whole.rows)
    write_summary(tmp_path / "whole", whole, TAXONOMY)
    head = builder.write(tmp_path / "streamed", [str(out)], TAXONOMY)
    assert head.rows == [] and head.duplicates == whole.duplicates and head.documents == whole.documents
    for name in ("summary.json", "summary.md", "summary.csv", "summary.svg"):
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    assert json.loads((tmp_path / "streamed" / "summary.json").read_text(encoding="utf-8")) == whole.model_dump(
        mode="json"
    )


@pytest.mark.parametrize("live_rows", [1, 3])
def test_rows_pushed_out_of_memory_give_the_same_summary_files(tmp_path: Path, live_rows: int) -> None:
    """A builder holds its LIVE_ROWS rows used last in memory and the rest in its database: one that must push
    a row out at nearly every figure of 30 real articles writes every byte of one that holds them all."""
    from pipeline.outputs.summary import SummaryBuilder, stream_run
    from pipeline.outputs.summary_state import LIVE_ROWS

    corpus = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    out = _run_folder(tmp_path, {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("0[0-2]*.txt"))})
    for name, rows in (("held", LIVE_ROWS), ("pushed", live_rows)):
        with SummaryBuilder(TAXONOMY, live_rows=rows) as builder:
            for index, record, mentions in stream_run(out):
                builder.add_document(record, mentions, 0, index)
            pushed_while_adding = builder.rows.stored
            builder.write(tmp_path / name, [str(out)], TAXONOMY)
        assert (pushed_while_adding > 0) == (name == "pushed")
    assert len(json.loads((tmp_path / "held" / "summary.json").read_text(encoding="utf-8"))["rows"]) > 10
    for name in ("summary.json", "summary.md", "summary.csv", "summary.svg"):
        assert (tmp_path / "pushed" / name).read_bytes() == (tmp_path / "held" / name).read_bytes(), name


def test_copies_stream_into_the_summary_files_as_the_model_writes_them(tmp_path: Path) -> None:
    """The copies a builder finds are kept as their fields and written one at a time: summary.json and
    summary.md list them as `write_summary` of the whole Summary does, and the head gives them back equal."""
    from pipeline.outputs.summary import SummaryBuilder, stream_run

    revised = SEED.replace("10 đoàn", "12 đoàn")
    revised_figures = [("12 đoàn kiểm tra, giám sát", "count", 12, "đoàn", "exact"), *SEED_FIGURES[1:]]
    docs = [
        make_doc("a.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
        make_doc("b.txt", SEED, SEED_FIGURES, SEED_UNIT, "2021"),
        make_doc("c.txt", SEED + " Nguồn: Cổng thông tin thị xã.", SEED_FIGURES, SEED_UNIT, "2021"),
        make_doc("d.txt", revised, revised_figures, SEED_UNIT, "2021"),
    ]
    out = write_run(tmp_path / "out", docs)
    builder = SummaryBuilder(TAXONOMY)
    for index, record, mentions in stream_run(out):
        builder.add_document(record, mentions, 0, index)
    whole = builder.summary([str(out)])
    assert [(d.doc_id, d.relation) for d in whole.duplicates] == [
        ("b.txt", "same_text"),
        ("c.txt", "near_duplicate"),
        ("d.txt", "revised"),
    ]
    write_summary(tmp_path / "whole", whole, TAXONOMY)
    head = builder.write(tmp_path / "streamed", [str(out)], TAXONOMY)
    assert head.duplicates == whole.duplicates and len(builder.duplicates) == 3
    for name in ("summary.json", "summary.md", "summary.csv", "summary.svg"):
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    assert (tmp_path / "streamed" / "summary.json").read_text(encoding="utf-8") == whole.model_dump_json(indent=2)


def test_an_empty_summary_streams_as_the_model_writes_it(tmp_path: Path) -> None:
    from pipeline.outputs.summary import SummaryBuilder

    builder = SummaryBuilder(TAXONOMY)
    builder.write(tmp_path / "streamed", [], TAXONOMY)
    write_summary(tmp_path / "whole", builder.summary([]), TAXONOMY)
    for name in ("summary.json", "summary.md", "summary.csv", "summary.svg"):
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
