"""The metric taxonomy and `assign_metrics`, on real sentences of the shared corpus."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.metrics import ASSIGNABLE_KINDS, assign_metrics
from pipeline.errors import SolieuError
from pipeline.lexicon import load_taxonomy
from schemas import Mention

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TAXONOMY = load_taxonomy()

# The seed document's key paragraph, as written (corpus/000_duc-pho-quy-che-dan-chu.txt).
SEED = (
    "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị; mở 04 lớp tuyên truyền, tập huấn; "
    "tổ chức 35 hội nghị đối thoại cấp thị xã và cấp xã, phường giữa người đứng đầu cấp ủy, chính quyền với "
    "người dân và doanh nghiệp. Công tác cải cách thủ tục hành chính luôn được chính quyền các cấp quan tâm "
    "thực hiện, tiếp tục duy trì hoạt động của bộ phận một cửa. Thực hiện tốt công tác vận động Nhân dân "
    "phòng chống dịch bệnh Covid-19 và kêu gọi tổ chức cá nhân tham gia ủng hộ cho công tác phòng, chống "
    "dịch Covid-19 với tổng giá trị hơn 3,4 tỷ đồng; tổ chức thực hiện các chính sách hỗ trợ người dân gặp "
    "khó khăn do đại dịch Covid-19 với tổng kinh phí trên 655 triệu đồng; tổ chức 6 “chuyến xe 0 đồng” chở "
    "nhu yếu phẩm hỗ trợ bà con Đức Phổ"
)
# (text as written, kind, value, unit, qualifier) in order of position
SEED_FIGURES = [
    ("10 đoàn kiểm tra, giám sát", "count", 10, "đoàn", "exact"),
    ("10 đơn vị", "count", 10, "đơn vị", "exact"),
    ("04 lớp", "count", 4, "lớp", "exact"),
    ("35 hội nghị", "count", 35, "hội nghị", "exact"),
    ("hơn 3,4 tỷ đồng", "money", 3_400_000_000, "VND", "more_than"),
    ("trên 655 triệu đồng", "money", 655_000_000, "VND", "more_than"),
    ("6 “chuyến xe", "count", 6, "chuyến xe", "exact"),
]


def mentions_in(text: str, figures: list[tuple[str, str, float, str | None, str | None]]) -> list[Mention]:
    """Mentions at their real offsets in `text` (each figure searched after the previous one)."""
    out, pos = [], 0
    for written, kind, value, unit, qualifier in figures:
        start = text.index(written, pos)
        pos = start + 1
        out.append(
            Mention(
                doc_id="t",
                kind=kind,
                value=value,
                unit=unit,
                qualifier=qualifier,
                text=written,
                start=start,
                end=start + len(written),
            )
        )
    return out


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("10 đoàn kiểm tra, giám sát", "inspection_teams"),
        ("10 đơn vị", None),
        ("04 lớp", "training_classes"),
        ("35 hội nghị", "dialogue_conferences"),
        ("hơn 3,4 tỷ đồng", "funds_mobilised"),
        ("trên 655 triệu đồng", "support_spending"),
        ("6 “chuyến xe", None),
    ],
    ids=lambda v: f"000_duc-pho: {v}" if v and " " in str(v) else str(v),
)
def test_seed_paragraph_metrics(written: str, expected: str | None) -> None:
    found = {m.text: m for m in assign_metrics(mentions_in(SEED, SEED_FIGURES), SEED, TAXONOMY)}
    assert found[written].metric == expected


def test_seed_money_does_not_see_the_inspection_words() -> None:
    """Context stops at `;` and at the neighbouring figure: the 3,4 tỷ is funds, not inspections."""
    money = [m for m in assign_metrics(mentions_in(SEED, SEED_FIGURES), SEED, TAXONOMY) if m.kind == "money"]
    assert [m.metric for m in money] == ["funds_mobilised", "support_spending"]


def test_seed_file_offsets_when_shared_data_is_present() -> None:
    path = SHARED / "corpus" / "000_duc-pho-quy-che-dan-chu.txt"
    if not path.is_file():
        pytest.skip("shared corpus absent")
    text = path.read_text(encoding="utf-8")
    found = assign_metrics(mentions_in(text, SEED_FIGURES), text, TAXONOMY)
    assert [m.metric for m in found] == [
        "inspection_teams",
        None,
        "training_classes",
        "dialogue_conferences",
        "funds_mobilised",
        "support_spending",
        None,
    ]


REAL = [
    (
        "006_thuan-bac: hộ nghèo phát sinh … là 35 hộ",
        "Tổng số hộ nghèo cuối năm 2021 là 2.597 hộ; hộ nghèo phát sinh năm 2022 là 35 hộ và hộ thoát nghèo năm "
        "2022 là 502 hộ.",
        [
            ("2.597 hộ", "count", 2597, "hộ", "exact"),
            ("35 hộ", "count", 35, "hộ", "exact"),
            ("502 hộ", "count", 502, "hộ", "exact"),
        ],
        ["poor_households", "poor_households", "households_escaped_poverty"],
    ),
    (
        "001_xoa-bo-ngheo: 3.508 hộ cận nghèo",
        "hộ cận nghèo có 14.994 hộ, chiếm 4,49% so với tổng số hộ toàn tỉnh (tăng 251 hộ so với đầu năm, "
        "chiếm tỷ lệ 0,08%), trong đó có 3.508 hộ cận nghèo vùng đồng bào dân tộc",
        [("14.994 hộ", "count", 14994, "hộ", "exact"), ("3.508 hộ cận nghèo", "count", 3508, "hộ cận nghèo", "exact")],
        ["near_poor_households", "near_poor_households"],
    ),
    (
        "030_giai-ngan: Giải ngân 328 nghìn tỷ đồng vốn đầu tư công",
        "Giải ngân 328 nghìn tỷ đồng vốn đầu tư công",
        [("328 nghìn tỷ đồng", "money", 328e12, "VND", "exact")],
        ["disbursement"],
    ),
    (
        "010_hai-quan-quang-nam: kim ngạch xuất khẩu / nhập khẩu",
        "Theo Cục Hải quan Quảng Nam, Tổng kim ngạch hàng hoá XNK đến 25/10/2020 đạt hơn 2.151 triệu USD, giảm "
        "7,36% so với cùng kỳ 2019, trong đó, kim ngạch xuất khẩu đạt hơn 901 triệu USD, tăng 8,77%, kim ngạch "
        "nhập khẩu đạt hơn 1.150 triệu USD giảm 14,56%, so với cùng kỳ năm 2019.",
        [
            ("hơn 2.151 triệu USD", "money", 2151e6, "USD", "more_than"),
            ("hơn 901 triệu USD", "money", 901e6, "USD", "more_than"),
            ("hơn 1.150 triệu USD", "money", 1150e6, "USD", "more_than"),
        ],
        ["trade_value", "export_value", "import_value"],
    ),
    (
        "079_cong-trinh-thanh-nien: trồng mới 17.600 cây xanh",
        "trong đó có 38 điểm sinh hoạt, vui chơi cho thanh thiếu nhi; trồng mới 17.600 cây xanh các loại "
        "tại các điểm công cộng.",
        [("17.600 cây xanh", "count", 17600, "cây xanh", "exact")],
        ["trees_planted"],
    ),
    (
        "027_quoc-te-thieu-nhi: 25 suất học bổng, 4.000 phần quà",
        "Ban tổ chức trao 25 suất học bổng, hơn 1.200 quyển tập, 4.000 phần quà, bánh cùng nhiều dụng cụ học tập",
        [
            ("25 suất học bổng", "count", 25, "suất", "exact"),
            ("hơn 1.200 quyển", "count", 1200, "quyển", "more_than"),
            ("4.000 phần quà", "count", 4000, "phần quà", "exact"),
        ],
        ["scholarships", None, "gifts"],
    ),
    (
        "081_tiem-vac-xin: 18.500 liều vắc xin",
        "Nghệ An tiếp nhận 18.500 liều vắc xin phòng Covid-19.",
        [("18.500 liều", "count", 18500, "liều", "exact")],
        ["vaccinations"],
    ),
    (
        "002_thanh-tan: km mương, km đường",
        "Hệ thống thủy lợi hoàn chỉnh với sáu trạm bơm tưới, tiêu, một âu đập chống úng, 12,4 km mương cứng, "
        "8 km đường giao thông trục chính nội đồng",
        [("12,4 km", "quantity", 12.4, "km", "exact"), ("8 km", "quantity", 8, "km", "exact")],
        ["canals_km", "roads_km"],
    ),
    (
        "002_thanh-tan: 1.777 hộ (no metric)",
        "Dân số toàn xã năm 2009 có 6.204 người với 1.777 hộ, thu nhập bình quân đầu người đạt 8,6 triệu đồng/năm",
        [
            ("6.204 người", "count", 6204, "người", "exact"),
            ("1.777 hộ", "count", 1777, "hộ", "exact"),
            ("8,6 triệu đồng/năm", "money", 8.6e6, "VND", "exact"),
        ],
        [None, None, "income_per_capita"],
    ),
    (
        "078_loc-hoa-dau: doanh thu, nộp NSNN",
        "Năm 2021, BSR đã đề ra các mục tiêu phấn đấu đạt sản lượng khoảng 6,497 triệu tấn; doanh thu 70.661 tỷ "
        "đồng, nộp NSNN 7.698 tỷ đồng và lợi nhuận sau thuế khoảng 864 tỷ đồng.",
        [
            ("khoảng 6,497 triệu tấn", "quantity", 6.497e6, "tấn", "approx"),
            ("70.661 tỷ đồng", "money", 70661e9, "VND", "exact"),
            ("7.698 tỷ đồng", "money", 7698e9, "VND", "exact"),
        ],
        ["output_tonnes", "business_revenue", "budget_revenue"],
    ),
    (
        "033_ha-nam: 2 ca dương tính",
        "sáng ngày 30/4, Hà Nam có thêm 2 ca dương tính với SARS-Cov-2 và 1 trường hợp nghi ngờ.",
        [("2 ca", "count", 2, "ca", "exact")],
        ["disease_cases"],
    ),
    (
        "B01_cai-cach-hanh-chinh (extra): a date inside the clause does not stop the context",
        "+ Tổng thu ngân sách địa phương thực hiện đến ngày 10/12/2025 là 28.611 tỷ đồng, bằng 101,28% dự toán "
        "địa phương, vượt 10% so với chính phủ giao.",
        [("10/12/2025", "date", "2025-12-10", None, None), ("28.611 tỷ đồng", "money", 28_611e9, "VND", "exact")],
        [None, "budget_revenue"],
    ),
    (
        "003_chu-tich-hoi-khuyen-hoc: new members, then the new total (exclude word nearer)",
        "TheoHội Khuyến học tỉnh Sóc Trăng, nhiệm kỳ qua, tỉnh phát triển được 48.676hội viên mới, nâng tổng số "
        "hội viên toàn tỉnh hiện nay là 193.738 hội viên;thành lập được 1.993 Chi hội;",
        [
            ("48.676hội viên", "count", 48676, "hội viên", "exact"),
            ("193.738 hội viên", "count", 193738, "hội viên", "exact"),
        ],
        ["new_members", None],
    ),
    (
        "031_hoi-nong-dan: 232 hộ vay",
        "Quỹ Hỗ trợ nông dân toàn huyện hơn 4,8 tỷ đồng đang thực hiện 22 mô hình, dự án với "
        "hơn 4,6 tỷ đồng/232 hộ vay.",
        [("22 mô hình", "count", 22, "mô hình", "exact"), ("232 hộ", "count", 232, "hộ", "exact")],
        ["models", "borrowers"],
    ),
]


@pytest.mark.parametrize(("sentence", "figures", "expected"), [r[1:] for r in REAL], ids=[r[0] for r in REAL])
def test_real_sentences(sentence: str, figures: list, expected: list[str | None]) -> None:
    found = assign_metrics(mentions_in(sentence, figures), sentence, TAXONOMY)
    assert [m.metric for m in found] == expected


def test_subject_is_filled_only_when_missing() -> None:
    mentions = mentions_in(SEED, SEED_FIGURES)
    mentions[0] = mentions[0].model_copy(update={"subject": "given"})
    found = assign_metrics(mentions, SEED, TAXONOMY)
    assert found[0].subject == "given"
    assert found[3].subject and found[3].subject.startswith("hội nghị đối thoại")
    assert found[4].subject and "ủng hộ" in found[4].subject


def test_offsets_from_elsewhere_fall_back_to_the_mentions_sentence() -> None:
    """A mention whose offsets do not fit `text` is matched inside its own `sentence`."""
    sentence = "Nghệ An tiếp nhận 18.500 liều vắc xin phòng Covid-19."
    mention = Mention(kind="count", value=18500, unit="liều", text="18.500 liều", start=900, end=911, sentence=sentence)
    assert assign_metrics([mention], "", TAXONOMY)[0].metric == "vaccinations"


def test_dates_and_doc_refs_get_no_metric() -> None:
    mention = Mention(kind="date", value="2022-01-07", text="07/01/2022", start=0, end=10, metric="stale")
    assert assign_metrics([mention], "07/01/2022 kiểm tra", TAXONOMY)[0].metric is None


# ---------------------------------------------------------------- the taxonomy as data


def test_every_packaged_metric_has_a_label_and_a_kind() -> None:
    raw = tomllib.loads((resources.files("extractors") / "data" / "metrics.toml").read_text("utf-8"))
    assert len(raw["metrics"]) >= 30
    for key, spec in raw["metrics"].items():
        assert isinstance(spec.get("label"), str) and spec["label"].strip(), key
        assert spec.get("kinds") and set(spec["kinds"]) <= ASSIGNABLE_KINDS, key
        assert key in TAXONOMY.metrics


def test_brief_metrics_are_packaged() -> None:
    wanted = {
        "inspection_teams",
        "dialogue_conferences",
        "training_classes",
        "funds_mobilised",
        "support_spending",
        "poor_households",
        "budget_revenue",
        "disbursement",
        "households_escaped_poverty",
        "new_members",
        "dossiers",
        "vaccinations",
        "trees_planted",
        "gifts",
        "scholarships",
        "works_built",
        "area",
        "roads_km",
        "export_value",
        "import_value",
    }
    assert wanted <= set(TAXONOMY.metrics)


USER_TOML = """
[metrics.inspection_teams]
label = "Đoàn kiểm tra (của tôi)"
kinds = ["count"]
nouns = ["đoàn"]
context = ["kiểm tra"]

[metrics.vehicle_trips]
label = "Chuyến xe"
kinds = ["count"]
nouns = ["chuyến xe", "chuyến"]
context = []

[metrics.support_spending]
disabled = true
label = "x"
kinds = ["money"]
"""


def test_user_taxonomy_adds_overrides_and_disables() -> None:
    user = load_taxonomy(USER_TOML)
    assert user.metrics["inspection_teams"].label == "Đoàn kiểm tra (của tôi)"
    assert "support_spending" not in user.metrics
    found = {m.text: m.metric for m in assign_metrics(mentions_in(SEED, SEED_FIGURES), SEED, user)}
    assert found["6 “chuyến xe"] == "vehicle_trips"
    assert found["trên 655 triệu đồng"] != "support_spending"
    assert found["10 đoàn kiểm tra, giám sát"] == "inspection_teams"
    assert "support_spending" in TAXONOMY.metrics  # the packaged taxonomy is untouched


@pytest.mark.parametrize(
    "bad",
    [
        '[metrics.x]\nkinds = ["count"]\n',  # no label
        '[metrics.x]\nlabel = "X"\nkinds = ["date"]\n',  # not an assignable kind
        '[metrics.x]\nlabel = "X"\nkinds = ["count"]\ncontxt = ["a"]\n',  # misspelt field
        "[metrics.x\nlabel = 1",  # not TOML
        "[colours]\nred = 1\n",  # unknown section
    ],
    ids=["missing label", "date kind", "misspelt field", "broken TOML", "unknown section"],
)
def test_bad_user_taxonomy_is_e110_naming_the_problem(bad: str) -> None:
    with pytest.raises(SolieuError) as failed:
        load_taxonomy(bad, where="mine.toml")
    assert failed.value.code == "E110" and failed.value.message.startswith("mine.toml:")


# ---------------------------------------------------------------- never raises

_KINDS = sorted(ASSIGNABLE_KINDS | {"date"})


@st.composite
def text_and_mentions(draw: st.DrawFn) -> tuple[str, list[Mention]]:
    letters = st.sampled_from(list("ab đoàn;kiểm tra.hộ nghèo 0123456789,\n“”"))
    text = draw(st.text(alphabet=letters, max_size=120))
    mentions = []
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        kind = draw(st.sampled_from(_KINDS))
        value: float | str = "2022-01-01" if kind == "date" else draw(st.integers(0, 10**6))
        unit = draw(st.sampled_from([None, "hộ", "đoàn", "VND", "km", ""]))
        mentions.append(
            Mention(
                kind=kind,
                value=value,
                unit=unit,
                text=text[a:b],
                start=a,
                end=b,
                sentence=draw(st.sampled_from(["", text])),
            )
        )
    return text, mentions


@settings(max_examples=150, deadline=None)
@given(text_and_mentions())
def test_assign_metrics_never_raises(case: tuple[str, list[Mention]]) -> None:
    text, mentions = case
    found = assign_metrics(mentions, text, TAXONOMY)
    assert len(found) == len(mentions)
    for before, after in zip(mentions, found, strict=True):
        assert after.metric is None or after.metric in TAXONOMY.metrics
        assert (after.start, after.end, after.value) == (before.start, before.end, before.value)
        if after.metric:
            assert after.kind in TAXONOMY.metrics[after.metric].kinds
