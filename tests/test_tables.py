"""Tables as data: each reader's grid (spans, header paths, offsets), the figures a cell's headers give,
and the tables handed on (tables.jsonl, tidy rows, the HTML grid).

Tables are real-shaped: the indicator tables of the CCHC annexes (B01, B07 in ../shared/extra), the
score sheet F10, the tuition resolution F23 and the price table G07 of ../shared/corpus, and budget,
loan and commune score tables written the way unit reports write them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.figures import describe_tables, extract_figures
from pipeline.outputs.tables import (
    TIDY_COLUMNS,
    document_tables,
    render_table_html,
    table_lines,
    tidy_flat_rows,
    tidy_rows,
    write_tables_jsonl,
)
from pipeline.readers import read_document
from pipeline.readers.build import GridCell, TextBuilder
from pipeline.readers.markdown_tables import find_markdown_tables
from schemas import Document, Table
from tests.lexicon import LEXICON

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _read(tmp_path: Path, name: str, data: bytes | str) -> Document:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return read_document(path, tmp_path)


def _cells(table: Table) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (c.text, c.row_span, c.col_span) for c in table.cells}


def _figures(doc: Document) -> list:
    return extract_figures(doc.text, LEXICON, describe_tables(doc.text, doc.tables, LEXICON))


def _offsets_hold(doc: Document) -> None:
    for table in doc.tables:
        for cell in table.cells:
            assert doc.text[cell.start : cell.end] == cell.text


# --- DOCX: the real grid -----------------------------------------------------------------------------


def _docx_indicator_table() -> bytes:
    """A CCHC-annex-shaped table: STT, Chỉ tiêu, ĐVT and Tỷ lệ merged over two header rows, `Năm 2025`
    over `Kế hoạch | Thực hiện`, and a unit cell `Hồ sơ` merged down two body rows."""
    import docx

    document = docx.Document()
    document.add_paragraph("Biểu 01. Kết quả thực hiện chỉ tiêu năm 2025")
    table = document.add_table(rows=6, cols=6)
    for col, label in ((0, "STT"), (1, "Chỉ tiêu"), (2, "Đơn vị tính"), (5, "Tỷ lệ (%)")):
        table.cell(0, col).merge(table.cell(1, col)).text = label
    table.cell(0, 3).merge(table.cell(0, 4)).text = "Năm 2025"
    table.cell(1, 3).text, table.cell(1, 4).text = "Kế hoạch", "Thực hiện"
    rows = [
        ("1", "Số hộ nghèo được hỗ trợ", "Hộ", "120", "98", "81,7"),
        ("2", "Chi sự nghiệp giáo dục", "Triệu đồng", "4.210", "4.500", "106,9"),
        ("3", "Số hồ sơ tiếp nhận", "Hồ sơ", "2.372", "2.400", "101,2"),
        ("3.1", "Số hồ sơ giải quyết đúng hạn", None, "2.300", "2.350", "102,2"),
    ]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            if value is not None:
                table.cell(r, c).text = value
    table.cell(4, 2).merge(table.cell(5, 2))
    document.add_paragraph("Sau bảng: 02 cuộc họp.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_grid_keeps_merged_cells_under_their_headers(tmp_path: Path) -> None:
    doc = _read(tmp_path, "bieu-01.docx", _docx_indicator_table())
    (table,) = doc.tables
    cells = _cells(table)
    assert (table.n_rows, table.n_cols, table.header_rows) == (6, 6, 2)
    assert cells[(0, 0)] == ("STT", 2, 1) and cells[(0, 3)] == ("Năm 2025", 1, 2)
    assert cells[(4, 2)] == ("Hồ sơ", 2, 1) and (5, 2) not in cells
    assert cells[(5, 3)][0] == "2.300"  # not shifted left under `Đơn vị tính`
    assert [c.label for c in table.columns] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Năm 2025 › Kế hoạch",
        "Năm 2025 › Thực hiện",
        "Tỷ lệ (%)",
    ]
    assert "3.1 | Số hồ sơ giải quyết đúng hạn |  | 2.300 | 2.350 | 102,2" in doc.text
    _offsets_hold(doc)


def test_docx_cells_read_with_their_headers(tmp_path: Path) -> None:
    doc = _read(tmp_path, "bieu-01.docx", _docx_indicator_table())
    got = {
        (m.text, m.kind, m.value, m.unit, m.column_path, m.column_role) for m in _figures(doc) if m.in_table == "header"
    }
    assert ("98", "count", 98, "hộ", "Năm 2025 › Thực hiện", "actual") in got
    assert ("4.210", "money", 4_210_000_000, "VND", "Năm 2025 › Kế hoạch", "plan") in got
    assert ("81,7", "percent", 81.7, None, "Tỷ lệ (%)", "ratio") in got
    # the merged unit cell covers the sub-item's row too
    assert ("2.350", "count", 2350, "hồ sơ", "Năm 2025 › Thực hiện", "actual") in got
    sub = next(m for m in _figures(doc) if m.text == "2.350")
    assert (sub.subject, sub.row_lead) == ("Số hồ sơ giải quyết đúng hạn", "Số hồ sơ tiếp nhận")
    assert not any(m.text in ("1", "2", "3", "3.1") for m in _figures(doc))  # STT


# --- PDF: a table over a page break ------------------------------------------------------------------


def _pdf_over_a_page_break() -> bytes:
    """A ruled indicator table that runs onto a second page, its header repeated there (reportlab's
    `repeatRows`), a header cell laid out on two lines."""
    if not FONT.is_file():
        pytest.skip("DejaVu Serif (fonts-dejavu-core) is not installed")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    style = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=11, leading=14)
    header = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch\n2025", "Thực hiện\n2025", "Tỷ lệ (%)"]]
    body = [
        [
            str(i),
            f"Số hộ được hỗ trợ đợt {i}",
            "Hộ",
            str(100 + i),
            str(90 + i),
            f"{(90 + i) / (100 + i) * 100:.1f}".replace(".", ","),
        ]
        for i in range(1, 41)
    ]
    table = Table(header + body, repeatRows=1)
    table.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), "DejaVuSerif", 10), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))])
    )
    story = [Paragraph("Trong năm 2025, toàn xã đã hỗ trợ các hộ như sau.", style) for _ in range(12)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([*story, table, Paragraph("Sau bảng: 02 cuộc họp.", style)])
    return buffer.getvalue()


def test_pdf_table_continued_on_the_next_page_is_one_table(tmp_path: Path) -> None:
    doc = _read(tmp_path, "bao-cao.pdf", _pdf_over_a_page_break())
    (table,) = doc.tables
    assert table.pages == [1, 2] and table.repeated_headers_dropped == 1
    assert table.n_rows == 41 and table.header_rows == 1
    assert [c.label for c in table.columns][3:5] == ["Kế hoạch 2025", "Thực hiện 2025"]  # joined header cells
    assert doc.text.count("Kế hoạch 2025") == 1  # the repeated header is left out
    assert [c.text for c in table.cells if c.col == 0][1:] == [str(i) for i in range(1, 41)]
    _offsets_hold(doc)
    figures = [m for m in _figures(doc) if m.in_table == "header"]
    assert (
        len([m for m in figures if m.kind == "count"]) == 80 and len([m for m in figures if m.kind == "percent"]) == 40
    )
    last = [m for m in figures if m.row == 40]
    assert {(m.column_path, m.value, m.unit) for m in last} == {
        ("Kế hoạch 2025", 140, "hộ"),
        ("Thực hiện 2025", 130, "hộ"),
        ("Tỷ lệ (%)", 92.9, None),
    }


# --- HTML: rowspan and colspan -----------------------------------------------------------------------

_HTML = """<html><head><meta charset="utf-8"><title>Kết quả</title></head><body><article>
<p>Kết quả thực hiện các chỉ tiêu kinh tế - xã hội năm 2025 của huyện như sau (Đơn vị tính: tỷ đồng):</p>
<table>
<thead><tr><th rowspan="2">STT</th><th rowspan="2">Chỉ tiêu</th><th colspan="2">Năm 2025</th>
<th rowspan="2">So sánh (%)</th></tr><tr><th>Kế hoạch</th><th>Ước thực hiện</th></tr></thead>
<tbody><tr><td rowspan="2">1</td><td>Thu ngân sách</td><td>152,5</td><td>160</td><td>104,9</td></tr>
<tr><td>Trong đó: thu nội địa</td><td>120</td><td>131,2</td><td>109,3</td></tr>
<tr><td></td><td>Tổng cộng</td><td colspan="2">311,2</td><td>x</td></tr></tbody>
</table><p>Nguồn: Chi cục Thống kê huyện, cập nhật hằng quý cho các cơ quan liên quan theo dõi.</p>
</article></body></html>"""


def test_html_spans_resolve_into_the_grid(tmp_path: Path) -> None:
    doc = _read(tmp_path, "kinh-te.html", _HTML)
    (table,) = doc.tables
    cells = _cells(table)
    assert table.header_rows == 2 and (table.n_rows, table.n_cols) == (5, 5)
    assert cells[(2, 0)] == ("1", 2, 1) and cells[(4, 2)] == ("311,2", 1, 2)
    assert [c.label for c in table.columns] == [
        "STT",
        "Chỉ tiêu",
        "Năm 2025 › Kế hoạch",
        "Năm 2025 › Ước thực hiện",
        "So sánh (%)",
    ]
    assert " | Trong đó: thu nội địa | 120 | 131,2 | 109,3" in doc.text  # the slot under `1` kept
    _offsets_hold(doc)


def test_html_cells_take_the_unit_line_roles_leads_and_totals(tmp_path: Path) -> None:
    doc = _read(tmp_path, "kinh-te.html", _HTML)
    figures = {m.text: m for m in _figures(doc) if m.in_table == "header"}
    assert (figures["152,5"].kind, figures["152,5"].value, figures["152,5"].column_role) == (
        "money",
        152_500_000_000,
        "plan",
    )
    assert (figures["131,2"].column_role, figures["131,2"].row_lead) == ("estimate", "Thu ngân sách")
    assert (figures["104,9"].kind, figures["104,9"].column_role) == ("percent", "ratio")
    assert figures["311,2"].row_role == "total" and figures["311,2"].value == 311_200_000_000
    (described,) = describe_tables(doc.text, doc.tables, LEXICON)
    assert described.unit == "tỷ đồng"


# --- Markdown pipe tables in .txt -----------------------------------------------------------------------

_GFM = """BÁO CÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH QUÝ I NĂM 2026

Kết quả giải quyết hồ sơ tại Bộ phận Một cửa các xã:

| STT | Xã | Số hồ sơ đã giải quyết/Tổng số | Tỷ lệ (%) | Điểm | Xếp hạng |
|:---:|---|---:|---:|---:|---:|
| 1 | Xã Phổ Vinh | 120/150 | 80 | 8,5/10 | 2 |
| 2 | Xã Phổ Châu | 96/96 | 100 | 10/10 | 1 |
| | **Tổng cộng** | 216/246 | 87,8 | | |

Cán bộ một cửa tiếp tục rà soát 30 hồ sơ trễ hạn.
"""


def test_markdown_pipe_table_is_a_table(tmp_path: Path) -> None:
    doc = _read(tmp_path, "mot-cua.txt", _GFM)
    (table,) = doc.tables
    assert table.source == "markdown" and table.header_rows == 1 and (table.n_rows, table.n_cols) == (4, 6)
    assert _cells(table)[(1, 2)] == ("120/150", 1, 1)
    assert doc.text == _GFM  # the text stays as written; the table is found in it
    cell_blocks = [b for b in doc.blocks if b.kind == "table_cell"]
    assert len(cell_blocks) == sum(1 for c in table.cells if c.text) and all(b.table == 0 for b in cell_blocks)
    _offsets_hold(doc)


def test_markdown_cells_read_with_their_headers(tmp_path: Path) -> None:
    doc = _read(tmp_path, "mot-cua.txt", _GFM)
    got = [(m.text, m.kind, m.value, m.unit, m.role, m.row_role) for m in _figures(doc) if m.in_table == "header"]
    assert ("120", "count", 120, "hồ sơ", "part", None) in got and ("150", "count", 150, "hồ sơ", "total", None) in got
    assert ("80", "percent", 80, None, None, None) in got
    assert ("10", "count", 10, "điểm", "total", None) in got  # `8,5/10`: only the maximum is a count
    assert not any(t == "8,5" for t, *_ in got)
    assert ("246", "count", 246, "hồ sơ", "total", "total") in got  # a totals row, kept and marked
    ranks = [m for m in _figures(doc) if m.col == 5]
    assert ranks == []  # a rank is no figure


_STACKED = """1. Mức học phí

Đơn vị tính: 1.000 đồng/trẻ,học sinh/tháng

|
**Địa bàn**
|
**Mầm non**
|
**Tiểu học**
|
|
Đô thị
|
190
|
110
|
|
Miền núi
|
105
|
80
|

2. Mức học phí là căn cứ để xác định mức hỗ trợ học phí.
"""


def test_stacked_pipe_table_of_a_legal_site(tmp_path: Path) -> None:
    """F23's shape: a pipe and a cell per line, `|⏎|` between rows, a unit line over the table."""
    doc = _read(tmp_path, "hoc-phi.txt", _STACKED)
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols, table.header_rows) == (3, 3, 1)
    assert [c.label for c in table.columns] == ["Địa bàn", "Mầm non", "Tiểu học"]
    money = [(m.text, m.value, m.unit, m.per, m.subject) for m in _figures(doc)]
    assert money == [
        ("190", 190_000, "VND", "trẻ,học sinh/tháng", "Đô thị"),
        ("110", 110_000, "VND", "trẻ,học sinh/tháng", "Đô thị"),
        ("105", 105_000, "VND", "trẻ,học sinh/tháng", "Miền núi"),
        ("80", 80_000, "VND", "trẻ,học sinh/tháng", "Miền núi"),
    ]  # the unit line is no figure


@pytest.mark.parametrize(
    ("table_text", "expected"),
    [
        pytest.param(
            "Dự toán chi ngân sách xã năm 2025\nĐơn vị tính: triệu đồng\n\n| Nội dung | Dự toán |\n|---|---|\n"
            "| Chi sự nghiệp | 4.210 |\n| Chi quản lý hành chính | 1.325,5 |\n",
            [("4.210", "money", 4_210_000_000, "VND"), ("1.325,5", "money", 1_325_500_000, "VND")],
            id="budget table under a unit line (triệu đồng)",
        ),
        pytest.param(
            "| STT | Tên hộ vay | Số tiền (đồng) | Thời hạn |\n|---|---|---|---|\n"
            "| 1 | Hộ ông Nguyễn Văn A | 1,091,500,000 | 36 tháng |\n",
            [("1,091,500,000", "money", 1_091_500_000, "VND")],
            id="loan table, English grouping under Số tiền (đồng)",
        ),
        pytest.param(
            "| Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện |\n|---|---|---|---|\n"
            "| Tổng số người cai nghiện | Người | 320 | 300 |\n| Trong đó: tại gia đình | | 150 | 140 |\n",
            [
                ("320", "count", 320, "người"),
                ("300", "count", 300, "người"),
                ("150", "count", 150, "người"),
                ("140", "count", 140, "người"),
            ],
            id="sub-item inherits its lead's noun",
        ),
        pytest.param(
            "| TT | Đơn vị | Điểm tối đa | Điểm đạt | Xếp loại |\n|---|---|---|---|---|\n"
            "| (1) | (2) | (3) | (4) | (5) |\n| 1 | Xã Tân Lập | 100 | 87,5 | Tốt |\n",
            [("100", "count", 100, "điểm")],
            id="score sheet: column numbers and a decimal score are no figures",
        ),
        pytest.param(
            "| STT | Mã TTHC | Tên thủ tục | Số hồ sơ |\n|---|---|---|---|\n| 1 | 2.001234 | Đăng ký khai sinh | 45 |\n",
            [("45", "count", 45, "hồ sơ")],
            id="a code column is no figure",
        ),
        pytest.param(
            "| Nội dung (ĐVT: triệu đồng) | Kế hoạch | Thực hiện |\n|---|---|---|\n"
            "| Chi đầu tư phát triển | 12.500 | 11.300 |\n",
            [("12.500", "money", 12_500_000_000, "VND"), ("11.300", "money", 11_300_000_000, "VND")],
            id="unit line in the indicator column's header",
        ),
        pytest.param(
            "| Trường | Số học sinh | Tỷ lệ lên lớp (%) |\n|---|---|---|\n| Trường THCS Phổ Vinh | 450 | 98,2 |\n",
            [("450", "count", 450, "học sinh"), ("98,2", "percent", 98.2, None)],
            id="a column header names what it counts",
        ),
    ],
)
def test_header_units_of_report_tables(tmp_path: Path, table_text: str, expected: list) -> None:
    doc = _read(tmp_path, "bang.txt", table_text)
    got = [(m.text, m.kind, m.value, m.unit) for m in _figures(doc) if m.in_table == "header"]
    assert got == expected
    assert not any(m.kind == "money" and m.in_table is None for m in _figures(doc))  # no unit line read as money
    subjects = {m.subject for m in _figures(doc) if m.in_table == "header"}
    assert None not in subjects  # every figure names its row's indicator


# --- tables handed on -------------------------------------------------------------------------------------


@pytest.mark.skipif(
    not (CORPUS / "F23_hdnd-tp-hue-nghi-quyet-hoc-phi-2025-2026.txt").is_file(), reason="../shared/corpus is not here"
)
def test_real_report_to_tidy_rows() -> None:
    """F23 (HĐND TP Huế, Nghị quyết 36/2025): from the file to one tidy row per area × school level."""
    path = CORPUS / "F23_hdnd-tp-hue-nghi-quyet-hoc-phi-2025-2026.txt"
    doc = read_document(path, CORPUS)
    tables = describe_tables(doc.text, doc.tables, LEXICON)
    mentions = [m.model_copy(update={"doc_id": doc.doc_id}) for m in extract_figures(doc.text, LEXICON, tables)]
    rows = [(r.table_index, r.row_header, r.column_path, r.value, r.unit, r.from_header) for r in tidy_rows(mentions)]
    assert len(rows) == 12
    assert rows[0] == (1, "Đô thị", "Mầm non", 190_000, "VND", True)
    assert rows[-1] == (1, "Miền núi", "Trung học phổ thông", 100_000, "VND", True)
    assert {r[1] for r in rows} == {"Đô thị", "Nông thôn", "Miền núi"}
    flat = list(tidy_flat_rows(m.model_dump(mode="json") for m in mentions))
    names = [name for name, _ in TIDY_COLUMNS]
    assert flat[0][names.index("value_number")] == 190_000.0 and flat[0][names.index("doc_id")] == doc.doc_id


def test_tables_jsonl_round_trip(tmp_path: Path) -> None:
    doc = _read(tmp_path, "mot-cua.txt", _GFM)
    doc = doc.model_copy(update={"tables": describe_tables(doc.text, doc.tables, LEXICON)})
    assert write_tables_jsonl([doc, doc.model_dump_json()], tmp_path) == 2
    lines = (tmp_path / "tables.jsonl").read_text(encoding="utf-8").splitlines()
    first = Table.model_validate_json(lines[0])
    assert first.doc_id == "mot-cua.txt" and first == Table.model_validate(json.loads(lines[1]))
    assert [c.role for c in first.columns] == ["row_number", "entity", None, "ratio", "score", "rank"]
    assert [c.unit for c in first.columns][2:5] == ["hồ sơ", "%", "điểm"]
    assert first.rows[-1].kind == "total"
    assert table_lines('{"doc_id": "x", "tables":[]}') == "" and document_tables(doc)[0].doc_id == "mot-cua.txt"


def test_grid_marks_figures_and_escapes(tmp_path: Path) -> None:
    text = _GFM.replace("Xã Phổ Châu", "Xã <b>Phổ Châu</b>")
    doc = _read(tmp_path, "mot-cua.txt", text)
    (table,) = describe_tables(doc.text, doc.tables, LEXICON)
    mentions = extract_figures(doc.text, LEXICON, [table])
    page = render_table_html(table, mentions, href=lambda start, end: f"#d0-{start}-{end}")
    assert "<b>" not in page and "&lt;b&gt;Phổ Châu&lt;/b&gt;" in page
    assert page.count('class="tg-fig tg-header"') == len([m for m in mentions if m.in_table == "header"])
    first = next(m for m in mentions if m.text == "120")
    assert f'href="#d0-{first.start}-{first.end}"' in page
    assert '<tr class="tg-total">' in page and "<th>Tỷ lệ (%)" in page


# --- properties ---------------------------------------------------------------------------------------------

_cell_text = st.text(alphabet=st.sampled_from(list("Số hộ 120,5%đ\n |")), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_cell_text, min_size=1, max_size=5), min_size=1, max_size=6))
def test_builder_cells_are_their_text(rows: list[list[str]]) -> None:
    builder = TextBuilder()
    builder.add_block("Trước bảng")
    builder.open_table("docx")
    for r, row in enumerate(rows):
        builder.add_grid_row([GridCell(r, c, text) for c, text in enumerate(row)])
    builder.add_block("Sau bảng")
    text = builder.text()
    for table in builder.tables:
        for cell in table.cells:
            assert text[cell.start : cell.end] == cell.text
    Document(
        doc_id="x",
        source_path="x",
        sha256="0" * 64,
        format="docx",
        size_bytes=0,
        text=text,
        blocks=builder.blocks,
        tables=builder.tables,
    )  # validates every cell against the text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from(list("Xã 12,5*")), max_size=8), min_size=2, max_size=4),
        min_size=1,
        max_size=5,
    )
)
def test_markdown_cells_are_their_text(rows: list[list[str]]) -> None:
    text = "Bảng:\n\n" + "\n".join("| " + " | ".join(row) + " |" for row in rows) + "\n\nHết."
    for table in find_markdown_tables(text):
        for cell in table.cells:
            assert text[cell.start : cell.end] == cell.text == cell.text.strip()


def test_a_users_table_words_extend_the_lexicon(tmp_path: Path) -> None:
    """A district's own header words (`Chỉ tiêu pháp lệnh` for the plan, `Bình quân` for a total) come from
    the user's figures.toml, not from code."""
    from pipeline.lexicon import load_lexicon

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "figures.toml").write_text(
        '[tables.roles]\nplan = ["chỉ tiêu pháp lệnh"]\n\n[tables.rows]\ntotals = ["bình quân"]\n', encoding="utf-8"
    )
    text = (
        "| Xã | Chỉ tiêu pháp lệnh (%) | Đạt (%) |\n|---|---|---|\n| Xã Phổ Vinh | 95 | 96,5 |\n"
        "| Bình quân | 95 | 95,8 |\n"
    )
    doc = _read(tmp_path, "xa.txt", text)
    plain = {m.text: m for m in extract_figures(doc.text, LEXICON, doc.tables)}
    mine = {m.text: m for m in extract_figures(doc.text, load_lexicon(rules), doc.tables)}
    assert plain["96,5"].column_role is None and mine["96,5"].column_path == "Đạt (%)"
    assert [m.column_role for t, m in mine.items() if t == "95"] == ["plan"]
    assert mine["95,8"].row_role == "total" and plain["95,8"].row_role is None
