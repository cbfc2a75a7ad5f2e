"""Hand-off formats: XLSX read back with openpyxl, CSV typed and guarded, Parquet with native lists and structs,
SQLite with keys, indexes, the summary and views to query at once."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main as cli_main
from pipeline.outputs import exports, xlsx
from pipeline.outputs.rows import (
    FORMULA_TRIGGERS,
    csv_cell,
    csv_names,
    guard_formula,
    mention_csv_row,
    value_number,
    value_text,
)
from schemas import Document
from schemas.models import DocumentFacts
from tests.run_builders import (
    DUC_PHO,
    DUC_PHO_TEXT,
    document,
    duc_pho_figures,
    figure,
    person,
    review_run,
)

# A bullet line as reports write them (it starts with "-"), with a negative growth rate; and a figure whose
# subject someone filled with a spreadsheet formula, as a scraped page could.
BULLET = "BAO_CAO_KTXH.txt"
BULLET_TEXT = "- Tốc độ tăng trưởng kinh tế đạt -2,5% so với cùng kỳ; thu ngân sách 120 tỷ đồng.\n"
EVIL = '=HYPERLINK("http://example.invalid/x","Bấm vào đây")'


def export_run(tmp_path: Path) -> Path:
    """review_run plus the bullet document: a summary, a failed scan, markup, a bullet, a formula."""
    out = review_run(tmp_path)
    with open(out / "documents.jsonl", "a", encoding="utf-8") as f:
        facts = DocumentFacts(title="Báo cáo kinh tế - xã hội", date="2024-12-31")
        doc = document(BULLET, BULLET_TEXT).model_copy(update={"facts": facts})
        f.write(Document.model_validate(doc.model_dump()).model_dump_json() + "\n")
    with open(out / "metrics.jsonl", "a", encoding="utf-8") as f:
        for m in (
            figure(BULLET, BULLET_TEXT, "-2,5%", "percent", -2.5, sentence=BULLET_TEXT.strip()),
            figure(
                BULLET,
                BULLET_TEXT,
                "120 tỷ đồng",
                "money",
                120_000_000_000,
                "VND",
                subject=EVIL,
                sentence=BULLET_TEXT.strip(),
            ),
        ):
            f.write(m.model_dump_json() + "\n")
    return out


def test_xlsx_reads_back_with_types_sheets_and_vietnamese(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = export_run(tmp_path)
    assert cli_main(["export", str(out), "--format", "xlsx"]) == 0
    book = openpyxl.load_workbook(out / "solieu.xlsx")
    assert book.sheetnames == ["Tổng hợp", "Số liệu", "Bảng", "Người", "Tài liệu", "Lỗi", "Thông tin"]
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{max(2, sheet.max_row)}"
        assert all(c.font.b for c in sheet[1]), sheet.title  # bold header
        assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1]), sheet.title

    figures = book["Số liệu"]
    header = [c.value for c in figures[1]]
    assert header[:8] == [
        "Tài liệu",
        "Tiêu đề tài liệu",
        "Đơn vị báo cáo",
        "Kỳ báo cáo",
        "Loại",
        "Giá trị",
        "Đơn vị tính",
        "Mức",
    ]
    rows = {(r[0].value, r[13].value): r for r in figures.iter_rows(min_row=2)}
    n_figures = len((out / "metrics.jsonl").read_text(encoding="utf-8").splitlines())
    assert figures.max_row - 1 == n_figures
    money = rows[(DUC_PHO, "hơn 3,4 tỷ đồng")]
    assert money[5].value == 3_400_000_000 and money[5].data_type == "n" and money[5].number_format == "#,##0"
    assert (money[4].value, money[7].value) == ("tiền", "hơn")
    date = rows[(DUC_PHO, "07/01/2022")][5]
    assert date.is_date and date.value == dt.datetime(2022, 1, 7) and date.number_format == "dd/mm/yyyy"
    ref = rows[(DUC_PHO, "Kết luận số 120-KL/TW")][5]
    assert ref.value == "120-KL/TW" and ref.data_type == "s"
    growth = rows[(BULLET, "-2,5%")]
    assert growth[5].value == -2.5 and growth[5].data_type == "n"  # a genuine negative number stays a number
    assert growth[14].value == BULLET_TEXT.strip() and growth[14].quotePrefix  # text starting with "-": guarded
    revenue = rows[(BULLET, "120 tỷ đồng")]
    assert revenue[12].value == EVIL and revenue[12].data_type == "s" and revenue[12].quotePrefix  # never a formula
    assert revenue[1].value == "Báo cáo kinh tế - xã hội"
    assert not money[1].quotePrefix

    totals = book["Tổng hợp"]
    assert [c.value for c in totals[1]][:3] == ["Chỉ tiêu", "Mã chỉ tiêu", "Loại"]
    total = {c.value: v.value for c, v in zip(totals[1], totals[2], strict=True)}
    assert total["Chỉ tiêu"] == "Tiền hỗ trợ" and total["Đơn vị báo cáo"] == "thị xã Đức Phổ"
    assert total["Tổng"] == 4_055_000_000 and total["Giới hạn"] == "ít nhất (≥)" and total["Số lần nêu"] == 2

    people = [[c.value for c in r] for r in book["Người"].iter_rows(min_row=2)]
    assert people[0][:4] == [DUC_PHO, None, "Bùi Văn Lý", "Phó Bí thư Thường trực Thị ủy"]
    errors = [[c.value for c in r] for r in book["Lỗi"].iter_rows(min_row=2)]
    assert errors == [
        [
            "050_bao-cao-scan.pdf",
            "corpus/050_bao-cao-scan.pdf",
            "E203",
            "pdf_no_text_layer",
            "scanned pages <b>without</b> text",
            "read",
        ]
    ]
    tables = book["Bảng"]
    assert [c.value for c in tables[1]][:4] == ["Tài liệu", "Bảng", "Hàng", "Cột"] and tables.max_row == 1
    documents = {r[0].value: r for r in book["Tài liệu"].iter_rows(min_row=2)}
    doc_header = [c.value for c in book["Tài liệu"][1]]
    bullet = dict(zip(doc_header, documents[BULLET], strict=True))
    assert bullet["Ngày"].value == dt.datetime(2024, 12, 31) and bullet["Số liệu"].value == 2
    assert bullet["Tiêu đề"].value == "Báo cáo kinh tế - xã hội"


# A commune report's table as a .txt (GitHub pipe table), the unit declared over it: real unit reports
# write their figures in such tables, and each bare cell is a figure read with its row and column.
TABLE_REPORT = """BÁO CÁO KẾT QUẢ GIẢM NGHÈO NĂM 2023

Đơn vị tính: hộ

| STT | Chỉ tiêu | Năm 2022 | Năm 2023 |
|---|---|---|---|
| 1 | Hộ nghèo | 10.689 | 9.120 |
| 2 | Hộ cận nghèo | 5.432 | 5.001 |
"""


def test_a_table_reaches_every_hand_off_format_as_tidy_rows(tmp_path: Path) -> None:
    """tables.jsonl keeps the grid; CSV, XLSX, SQLite and Parquet get one tidy row per figure cell."""
    openpyxl = pytest.importorskip("openpyxl")
    pq = pytest.importorskip("pyarrow.parquet")
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "bao-cao-giam-ngheo.txt").write_text(TABLE_REPORT, encoding="utf-8")
    out = tmp_path / "out"
    assert (
        cli_main(
            ["run", str(docs), "--out", str(out), "--workers", "1", "-q", "--formats", "jsonl,csv,xlsx,sqlite,parquet"]
        )
        == 0
    )
    [table] = [json.loads(line) for line in (out / "tables.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (table["n_rows"], table["n_cols"]) == (3, 4)
    expected = {
        ("Hộ nghèo", "Năm 2022", 10689.0),
        ("Hộ nghèo", "Năm 2023", 9120.0),
        ("Hộ cận nghèo", "Năm 2022", 5432.0),
        ("Hộ cận nghèo", "Năm 2023", 5001.0),
    }
    with open(out / "tables_tidy.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["row_header"], r["column_path"], float(r["value_number"])) for r in rows} == expected
    assert {r["unit"] for r in rows} == {"hộ"}
    db = sqlite3.connect(out / "solieu.sqlite")
    assert set(db.execute("SELECT row_header, column_path, value_number FROM tables_tidy")) == expected
    sheet = openpyxl.load_workbook(out / "solieu.xlsx")["Bảng"]
    header = [c.value for c in sheet[1]]
    cells = [dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    assert {(c["Tiêu đề hàng"], c["Tiêu đề cột"], c["Giá trị"]) for c in cells} == expected
    parquet = pq.read_table(out / "tables_tidy.parquet").to_pylist()
    assert {(r["row_header"], r["column_path"], r["value_number"]) for r in parquet} == expected


def test_the_tidy_form_passes_over_exactly_the_figures_read_outside_tables(tmp_path: Path) -> None:
    """The tidy export parses only lines of figures read from a table: the bytes it passes over are in the
    line of every other figure, and in no line of a figure from a table (issue 17: the export re-read every
    figure of a run after the workers finished)."""
    from pipeline.outputs.jsonl import read_jsonl
    from pipeline.outputs.tables import OUTSIDE_TABLES

    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "bao-cao-giam-ngheo.txt").write_text(
        TABLE_REPORT + "\nTổng kinh phí hỗ trợ trên 655 triệu đồng cho 35 hộ.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert cli_main(["run", str(docs), "--out", str(out), "--workers", "1", "-q"]) == 0
    everything = list(read_jsonl(out / "metrics.jsonl"))
    parsed = list(read_jsonl(out / "metrics.jsonl", passing_over=OUTSIDE_TABLES))
    assert parsed == [m for m in everything if m["table_index"] is not None]
    assert 0 < len(parsed) < len(everything)


def test_xlsx_continues_past_the_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setattr(xlsx, "MAX_ROWS", 6)  # 5 figures per sheet instead of 1,048,575
    out = review_run(tmp_path)
    xlsx.write_workbook(out)
    book = openpyxl.load_workbook(out / "solieu.xlsx")
    parts = [name for name in book.sheetnames if name.startswith("Số liệu")]
    assert parts == ["Số liệu", "Số liệu (2)", "Số liệu (3)", "Số liệu (4)"]
    n_figures = len((out / "metrics.jsonl").read_text(encoding="utf-8").splitlines())
    assert sum(book[p].max_row - 1 for p in parts) == n_figures
    assert all(book[p]["A1"].value == "Tài liệu" for p in parts)


def test_run_with_formats_xlsx_writes_the_workbook(tmp_path: Path, texts: dict[str, str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "in"
    folder.mkdir()
    name = "000_duc-pho-quy-che-dan-chu.txt"
    (folder / name).write_text(texts[name], encoding="utf-8")
    out = tmp_path / "out"
    assert cli_main(["run", str(folder), "--out", str(out), "--workers", "1", "--formats", "csv,xlsx", "-q"]) == 0
    book = openpyxl.load_workbook(out / "solieu.xlsx")
    with open(out / "metrics.csv", encoding="utf-8-sig", newline="") as handle:
        assert book["Số liệu"].max_row - 1 == sum(1 for _ in csv.DictReader(handle))
    values = [r[5].value for r in book["Số liệu"].iter_rows(min_row=2) if r[13].value == "hơn 3,4 tỷ đồng"]
    assert values == [3_400_000_000]


def test_csv_has_typed_value_columns_and_guards_formulas(tmp_path: Path) -> None:
    out = export_run(tmp_path)
    exports.write_metrics_csv(out)
    with open(out / "metrics.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {(r["doc_id"], r["text"]): r for r in csv.DictReader(handle)}
    growth = rows[(BULLET, "'-2,5%")]  # the text cell is guarded…
    assert (growth["value"], growth["value_number"], growth["value_text"]) == ("-2.5", "-2.5", "")  # …not the number
    assert growth["sentence"] == "'" + BULLET_TEXT.strip()
    assert rows[(BULLET, "120 tỷ đồng")]["subject"] == "'" + EVIL
    ref = rows[(DUC_PHO, "Kết luận số 120-KL/TW")]
    assert (ref["value"], ref["value_number"], ref["value_text"]) == ("120-KL/TW", "", "120-KL/TW")
    money = rows[(DUC_PHO, "hơn 3,4 tỷ đồng")]
    assert (money["value_number"], money["value_text"], money["qualifier"]) == ("3400000000", "", "more_than")


@given(st.text(max_size=30))
def test_no_csv_text_cell_can_start_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert cell == text or (cell == "'" + text and text.startswith(FORMULA_TRIGGERS))
    assert guard_formula(guard_formula(text)) == guard_formula(text)  # guarding twice changes nothing


@given(st.one_of(st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_are_never_guarded(value: float) -> None:
    assert csv_cell(value) == str(value)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


@given(st.dictionaries(st.sampled_from(csv_names()), _JSON_VALUES))
def test_a_metrics_csv_row_is_the_csv_cell_of_each_field(record: dict) -> None:
    """`mention_csv_row` writes out csv_cell's commonest cases: it must give csv_cell's cells, whatever the values."""
    names = csv_names()
    made = {"value_number": value_number(record.get("value")), "value_text": value_text(record.get("value"))}
    assert mention_csv_row(record, names) == [csv_cell(made[n] if n in made else record.get(n)) for n in names]


def test_sqlite_has_keys_indexes_summary_and_views(tmp_path: Path) -> None:
    out = export_run(tmp_path)
    assert cli_main(["export", str(out), "--format", "sqlite"]) == 0
    db = sqlite3.connect(out / "solieu.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    pk = {name: flag for _, name, _, _, _, flag in db.execute("PRAGMA table_info(documents)")}
    assert pk["doc_id"] == 1
    refs = db.execute("PRAGMA foreign_key_list(metrics)").fetchall()
    assert [(r[2], r[3], r[4]) for r in refs] == [("documents", "doc_id", "doc_id")]
    indexes = {r[1] for r in db.execute("SELECT type, name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "metrics_doc_id",
        "metrics_metric",
        "metrics_unit",
        "documents_period",
        "entities_doc_id",
        "summary_metric",
        "summary_reporting_unit",
        "summary_period",
        "summary_unit",
    } <= indexes
    plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM metrics WHERE metric = 'x'"))
    assert "metrics_metric" in plan

    money = db.execute(
        "SELECT doc_id, document_title, text, value_number, qualifier FROM figures "
        "WHERE kind = 'money' AND doc_id = ? ORDER BY start",
        (BULLET,),
    ).fetchall()
    assert money == [(BULLET, "Báo cáo kinh tế - xã hội", "120 tỷ đồng", 120_000_000_000.0, "exact")]
    people = db.execute("SELECT name, titles FROM people WHERE name = 'Bùi Văn Lý'").fetchall()
    assert people == [("Bùi Văn Lý", "Phó Bí thư Thường trực Thị ủy")]
    assert db.execute("SELECT title FROM people_titles WHERE name = 'Bùi Văn Lý'").fetchall() == [
        ("Phó Bí thư Thường trực Thị ủy",)
    ]
    [row] = db.execute("SELECT label, reporting_unit, period, total, bound, figures_behind FROM summary_totals")
    assert row == ("Tiền hỗ trợ", "thị xã Đức Phổ", "2021", 4_055_000_000, "lower_bound", 2)
    behind = db.execute(
        "SELECT m.text FROM summary_mentions AS s JOIN metrics AS m "
        'ON m.doc_id = s.doc_id AND m.start = s.start AND m."end" = s."end" ORDER BY m.start'
    )
    assert [r[0] for r in behind] == ["hơn 3,4 tỷ đồng", "trên 655 triệu đồng"]
    listed = dict(db.execute("SELECT doc_id, n_figures FROM document_list"))
    assert listed[DUC_PHO] == len(duc_pho_figures()) and listed[BULLET] == 2
    assert db.execute("SELECT date FROM document_list WHERE doc_id = ?", (BULLET,)).fetchone() == ("2024-12-31",)
    assert db.execute("SELECT count(*) FROM errors").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM tables_tidy").fetchone() == (0,)


def test_sqlite_export_of_a_run_without_summary(tmp_path: Path) -> None:
    out = review_run(tmp_path)
    (out / "summary.json").unlink()
    exports.export_sqlite(out)
    db = sqlite3.connect(out / "solieu.sqlite")
    assert db.execute("SELECT count(*) FROM summary").fetchone() == (0,)
    assert "total" in [r[1] for r in db.execute("PRAGMA table_info(summary)")]


def test_parquet_keeps_lists_and_structs_native(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = export_run(tmp_path)
    with open(out / "documents.jsonl", "a", encoding="utf-8") as f:  # a document with blocks and warnings
        doc = document("B05_bcd.docx", DUC_PHO_TEXT).model_copy(update={"warnings": ["bảng lồng nhau"]})
        f.write(
            Document.model_validate(
                {
                    **doc.model_dump(),
                    "blocks": [
                        {"kind": "heading", "start": 0, "end": 22},
                        {"kind": "table_cell", "start": 23, "end": 40, "table": 0, "row": 1, "col": 2},
                    ],
                }
            ).model_dump_json()
            + "\n"
        )
    with open(out / "entities.jsonl", "a", encoding="utf-8") as f:
        f.write(
            person("B05_bcd.docx", DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư", "Trưởng Ban Chỉ đạo"]).model_dump_json()
            + "\n"
        )
    exports.export_parquet(out)
    entities = pq.read_table(out / "entities.parquet")
    assert entities.schema.field("titles").type == pa.list_(pa.string())
    assert entities.column("titles").to_pylist()[-1] == ["Phó Bí thư", "Trưởng Ban Chỉ đạo"]
    documents = pq.read_table(out / "documents.parquet")
    blocks = documents.schema.field("blocks").type
    assert pa.types.is_list(blocks) and pa.types.is_struct(blocks.value_type)
    assert blocks.value_type.field("start").type == pa.int64()
    assert pa.types.is_struct(documents.schema.field("facts").type)
    assert documents.schema.field("warnings").type == pa.list_(pa.string())
    last = documents.to_pylist()[-1]
    assert last["blocks"][1] == {
        "kind": "table_cell",
        "start": 23,
        "end": 40,
        "page": None,
        "table": 0,
        "row": 1,
        "col": 2,
        "source": "text",
        "confidence": None,
    }
    assert last["warnings"] == ["bảng lồng nhau"] and last["facts"]["title"] is None
    metrics = pq.read_table(out / "metrics.parquet")
    assert metrics.schema.field("value_number").type == pa.float64()
    rows = [r for r in metrics.to_pylist() if r["doc_id"] == BULLET]
    assert [(r["value"], r["value_number"], r["value_text"]) for r in rows] == [
        ("-2.5", -2.5, None),
        ("120000000000", 120_000_000_000.0, None),
    ]
    lines = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in documents.to_pylist()] == [d["doc_id"] for d in lines]
