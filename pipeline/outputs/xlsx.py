"""solieu.xlsx: a run as a workbook a Vietnamese manager opens in Excel and filters without work.

Sheets, in order: `Tổng hợp` (the summary's totals, from summary.json), `Số liệu`
(every figure with its document's title, reporting unit and period), `Bảng`
(the documents' tables as tidy rows: the hook for the tables step, which will
write `tables.jsonl`; until then the sheet holds its header only), `Người`
(people with their titles), `Tài liệu` (one row per document: its facts and how
many figures it gave), `Lỗi` (files that failed) and `Thông tin` (the run:
folder, version, counts, the counting rule).

Cells are typed: numbers are numbers (summable, formatted `#,##0`), a full ISO
date (`2022-01-07`) is a date shown `dd/mm/yyyy`, anything else is text. Every
sheet has a bold Vietnamese header row, frozen, with an autofilter over its
rows, and column widths measured on its first rows. Text that would start a
formula (`=`, `+`, `-`, `@`, tab, CR: the OWASP CSV rule) is written as text
with Excel's quote prefix, the workbook form of a leading `'`: Excel shows it
as written and never evaluates it, and a reader such as pandas gets the text
unchanged. A sheet past Excel's 1,048,576 rows continues in `Số liệu (2)`.

Written with xlsxwriter in constant-memory mode (rows streamed to disk), so a
10,000-document run costs no more memory than a small one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError, output_error
from pipeline.outputs.exports import read_summary
from pipeline.outputs.files import tmp_path
from pipeline.outputs.jsonl import JSONL_FILES, read_jsonl
from pipeline.outputs.labels import BOUND_LABELS, KIND_LABELS, QUALIFIER_LABELS, ROLE_LABELS, label
from pipeline.outputs.rows import FORMULA_TRIGGERS, fact_columns, flat_facts, is_number
from pipeline.outputs.tables import tidy_rows

XLSX_EXPORT = "solieu.xlsx"
MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header included
MAX_CELL_CHARS = 32_767  # Excel's characters per cell (UTF-16 units)
_SAMPLE_ROWS = 200  # rows measured for the column widths
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its Vietnamese header and how its cells are typed.

    `kind`: "text"; "int" / "number" (a number, else text); "value" (a number, a
    full ISO date, else text). `width` fixes the width instead of measuring it.
    """

    header: str
    kind: str = "text"
    width: int | None = None
    max_width: int = 60


SUMMARY_FIELDS: dict[str, Column] = {  # known summary row fields, in the order shown
    "label": Column("Chỉ tiêu", max_width=50),
    "metric": Column("Mã chỉ tiêu", max_width=30),
    "kind": Column("Loại"),
    "reporting_unit": Column("Đơn vị báo cáo", max_width=50),
    "reporting_unit_level": Column("Cấp"),
    "province": Column("Tỉnh, thành phố"),
    "period": Column("Kỳ"),
    "period_label": Column("Kỳ báo cáo"),
    "period_kind": Column("Loại kỳ"),
    "unit": Column("Đơn vị tính"),
    "total": Column("Tổng", "number"),
    "bound": Column("Giới hạn"),
    "n_mentions": Column("Số lần nêu", "int"),
    "n_documents": Column("Số tài liệu", "int"),
}

FIGURE_COLUMNS = [
    Column("Tài liệu", max_width=45),
    Column("Tiêu đề tài liệu", max_width=50),
    Column("Đơn vị báo cáo", max_width=40),
    Column("Kỳ báo cáo"),
    Column("Loại"),
    Column("Giá trị", "value"),
    Column("Đơn vị tính"),
    Column("Mức"),
    Column("Chỉ tiêu", max_width=40),
    Column("Mã chỉ tiêu", max_width=30),
    Column("Tính trên"),
    Column("Vai trò"),
    Column("Nội dung", max_width=50),
    Column("Văn bản gốc", max_width=40),
    Column("Câu", width=80),
    Column("Vị trí", "int"),
    Column("Kết thúc", "int"),
]
# The tidy long form of the tables (`tables_tidy`): (TidyRow field, column).
TABLE_COLUMNS: list[tuple[str, Column]] = [
    ("doc_id", Column("Tài liệu", max_width=45)),
    ("table_index", Column("Bảng", "int")),
    ("row", Column("Hàng", "int")),
    ("col", Column("Cột", "int")),
    ("row_header", Column("Tiêu đề hàng", max_width=50)),
    ("row_lead", Column("Thuộc mục", max_width=40)),
    ("row_role", Column("Loại hàng")),
    ("column_path", Column("Tiêu đề cột", max_width=50)),
    ("column_role", Column("Vai trò cột")),
    ("kind", Column("Loại")),
    ("value", Column("Giá trị", "value")),
    ("unit", Column("Đơn vị tính")),
    ("per", Column("Tính trên")),
    ("qualifier", Column("Mức")),
    ("role", Column("Vai trò")),
    ("from_header", Column("Đọc theo tiêu đề")),
    ("text", Column("Nội dung", max_width=40)),
    ("start", Column("Vị trí", "int")),
    ("end", Column("Kết thúc", "int")),
]
PEOPLE_COLUMNS = [
    Column("Tài liệu", max_width=45),
    Column("Tiêu đề tài liệu", max_width=50),
    Column("Họ tên", max_width=30),
    Column("Chức danh", max_width=70),
    Column("Vai trò"),
    Column("Văn bản gốc", max_width=40),
    Column("Câu", width=80),
    Column("Vị trí", "int"),
]
DOCUMENT_FACTS = {
    "title": "Tiêu đề",
    "doc_type": "Loại văn bản",
    "number": "Số hiệu",
    "date": "Ngày",
    "issuer": "Cơ quan ban hành",
    "reporting_unit_name": "Đơn vị báo cáo",
    "reporting_unit_level": "Cấp",
    "reporting_unit_province": "Tỉnh (khi ban hành)",
    "reporting_unit_province_2025": "Tỉnh (từ 1/7/2025)",
    "period_kind": "Loại kỳ",
    "period_value": "Kỳ báo cáo",
    "period_label": "Kỳ (như viết)",
}
ERROR_COLUMNS = [
    Column("Tài liệu", max_width=45),
    Column("Đường dẫn", max_width=60),
    Column("Mã lỗi"),
    Column("Tên lỗi"),
    Column("Thông báo", width=80),
    Column("Bước"),
]
INFO_COLUMNS = [Column("Mục", width=32), Column("Giá trị", "value", width=100)]


def _text(value: Any) -> str:
    """A value as one line of text: a typed value by its label, lists joined, nested values as JSON."""
    if value is None:
        return ""
    if isinstance(value, dict):
        shown = value.get("label")
        return shown if isinstance(shown, str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _fit(text: str) -> str:
    """At most what an Excel cell holds."""
    if len(text) <= MAX_CELL_CHARS // 2 or len(text.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS:
        return text
    cut = MAX_CELL_CHARS // 2 - 1
    return text[:cut] + "…"


@dataclass
class _Formats:
    header: Any
    integer: Any
    decimal: Any
    date: Any
    quoted: Any


def _formats(book: Any) -> _Formats:
    return _Formats(
        header=book.add_format({"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True, "valign": "top"}),
        integer=book.add_format({"num_format": "#,##0"}),
        decimal=book.add_format({"num_format": "#,##0.####"}),
        date=book.add_format({"num_format": "dd/mm/yyyy"}),
        quoted=book.add_format({"quote_prefix": True}),
    )


@dataclass
class _Sheet:
    """One table of the workbook, streamed: the header, frozen and filtered, then its rows in order."""

    book: Any
    name: str
    columns: list[Column]
    formats: _Formats
    part: int = 1
    rows: int = 0
    _sheet: Any = None
    _sample: list[list[Any]] = field(default_factory=list)
    _widths: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._open()

    def _open(self) -> None:
        title = self.name if self.part == 1 else f"{self.name} ({self.part})"
        self._sheet = self.book.add_worksheet(title)
        self._sheet.freeze_panes(1, 0)
        self._widths = [len(c.header) + 3 for c in self.columns]  # room for the filter button
        for col, column in enumerate(self.columns):
            self._sheet.write_string(0, col, column.header, self.formats.header)
        self.rows = 0

    def add(self, values: list[Any]) -> None:
        if self.rows + 1 >= MAX_ROWS:
            self._finish()
            self.part += 1
            self._open()
        if len(self._sample) < _SAMPLE_ROWS:
            self._sample.append(values)
            for i, value in enumerate(values):
                shown = len(_text(value)) if not is_number(value) else len(f"{value:,}")
                self._widths[i] = max(self._widths[i], min(shown + 2, 200))
        self.rows += 1
        for col, value in enumerate(values):
            self._write(self.rows, col, self.columns[col], value)

    def _write(self, row: int, col: int, column: Column, value: Any) -> None:
        if value is None or value == "":
            return
        sheet, f = self._sheet, self.formats
        if column.kind != "text" and is_number(value):
            if isinstance(value, float) and not value.is_integer():
                sheet.write_number(row, col, value, f.decimal)
            else:
                sheet.write_number(row, col, value, f.integer)
            return
        if column.kind == "value" and (day := _date(value)) is not None:
            sheet.write_datetime(row, col, dt.datetime(day.year, day.month, day.day), f.date)
            return
        text = _fit(_text(value))
        sheet.write_string(row, col, text, f.quoted if text.startswith(FORMULA_TRIGGERS) else None)

    def _finish(self) -> None:
        for col, column in enumerate(self.columns):
            width = column.width or max(8, min(self._widths[col], column.max_width))
            self._sheet.set_column(col, col, width)
        self._sheet.autofilter(0, 0, max(self.rows, 1), len(self.columns) - 1)

    def close(self) -> None:
        self._finish()


def _metric_labels(summary: dict[str, Any] | None, out_dir: Path) -> dict[str, str]:
    """metric key → label: from the summary's rows, then the run's taxonomy (its --metrics file, else ours)."""
    labels: dict[str, str] = {}
    try:
        from pipeline.lexicon import load_taxonomy

        user_text = None
        manifest = _manifest(out_dir)
        metrics_path = (manifest.get("options") or {}).get("metrics") if isinstance(manifest, dict) else None
        if isinstance(metrics_path, str) and Path(metrics_path).is_file():
            user_text = Path(metrics_path).read_text(encoding="utf-8")
        labels.update({k: m.label for k, m in load_taxonomy(user_text).metrics.items()})
    except (OSError, ValueError, SolieuError):  # a taxonomy moved or broken since the run: the keys still show
        pass
    for row in (summary or {}).get("rows", []):
        if isinstance(row, dict) and isinstance(row.get("metric"), str) and isinstance(row.get("label"), str):
            labels[row["metric"]] = row["label"]
    return labels


def _manifest(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def reporting_unit(facts: dict[str, Any]) -> Any:
    """The unit a document reports for, as its facts tell it (its reporting unit, else its issuer)."""
    unit = facts.get("reporting_unit")
    return (unit.get("name") if isinstance(unit, dict) else unit) or facts.get("issuer")


def _summary_sheet(sheet_columns: list[str]) -> list[Column]:
    return [SUMMARY_FIELDS.get(name, Column(name)) for name in sheet_columns]


def _summary_values(row: dict[str, Any], names: list[str]) -> list[Any]:
    out: list[Any] = []
    for name in names:
        value = row.get(name)
        if name == "kind":
            value = label(KIND_LABELS, value)
        elif name == "bound":
            value = label(BOUND_LABELS, value)
        out.append(value)
    return out


def write_workbook(out_dir: Path) -> Path:
    """Write OUT/solieu.xlsx from the run's JSONL files and summary.json; return its path."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    out_dir = Path(out_dir)
    target = out_dir / XLSX_EXPORT
    tmp = tmp_path(target)
    summary = read_summary(out_dir)
    labels = _metric_labels(summary, out_dir)
    book = xlsxwriter.Workbook(
        str(tmp),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "tmpdir": str(out_dir),
        },
    )
    try:
        _fill(book, out_dir, summary, labels)
        book.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except (OSError, FileCreateError) as exc:  # xlsxwriter wraps the OSError of its final write
        _discard(book, tmp)
        cause = exc.__context__ if isinstance(exc.__context__, OSError) else exc
        raise output_error(cause, target) from exc
    except BaseException:
        _discard(book, tmp)
        raise
    return target


def _discard(book: Any, tmp: Path) -> None:
    try:
        if not getattr(book, "fileclosed", True):
            book.fileclosed = True  # the half-built workbook is thrown away, never written
    finally:
        tmp.unlink(missing_ok=True)


def _tidy_cell(value: Any) -> Any:
    """A tidy row's field as a cell: a bool in Vietnamese, a figure's value as it is."""
    if value is True or value is False:
        return "có" if value else "không"
    return value


def _fill(book: Any, out_dir: Path, summary: dict[str, Any] | None, labels: dict[str, str]) -> None:
    """Every sheet, in order; the figures and people sheets count per document for the documents sheet."""
    formats = _formats(book)
    _totals_sheet(book, formats, summary)
    documents = _document_facts(out_dir)
    n_figures = _figures_sheet(book, formats, out_dir, documents, labels)
    tables = _Sheet(book, "Bảng", [column for _, column in TABLE_COLUMNS], formats)
    for row in tidy_rows(read_jsonl(out_dir / JSONL_FILES["metrics"])):
        tables.add([_tidy_cell(getattr(row, name)) for name, _ in TABLE_COLUMNS])
    tables.close()
    n_entities = _people_sheet(book, formats, out_dir, documents)
    _documents_sheet(book, formats, documents, n_figures, n_entities)
    errors = _Sheet(book, "Lỗi", ERROR_COLUMNS, formats)
    for e in read_jsonl(out_dir / JSONL_FILES["errors"]):
        errors.add(
            [e.get("doc_id"), e.get("source_path"), e.get("code"), e.get("error"), e.get("message"), e.get("stage")]
        )
    errors.close()
    _info_sheet(book, formats, out_dir, summary)


def _totals_sheet(book: Any, formats: _Formats, summary: dict[str, Any] | None) -> None:
    """Tổng hợp: the known summary fields in their order, then any field a newer summary adds."""
    rows = [r for r in (summary or {}).get("rows", []) if isinstance(r, dict)]
    names = [n for n in SUMMARY_FIELDS if any(n in r for r in rows)] or [
        n
        for n in SUMMARY_FIELDS
        if n
        in (
            "label",
            "metric",
            "kind",
            "reporting_unit",
            "period",
            "unit",
            "total",
            "bound",
            "n_mentions",
            "n_documents",
        )
    ]
    names = list(dict.fromkeys([*names, *(n for r in rows for n in r if n != "mentions")]))
    totals = _Sheet(book, "Tổng hợp", _summary_sheet(names), formats)
    for row in rows:
        totals.add(_summary_values(row, names))
    totals.close()


def _document_facts(out_dir: Path) -> dict[str, dict[str, Any]]:
    """doc_id → the document's record without its text and blocks (small: facts, format, size, warnings)."""
    documents: dict[str, dict[str, Any]] = {}
    for record in read_jsonl(out_dir / JSONL_FILES["documents"]):
        facts = record.get("facts") if isinstance(record.get("facts"), dict) else {}
        documents[str(record.get("doc_id"))] = {k: v for k, v in record.items() if k not in ("text", "blocks")} | {
            "facts": facts
        }
    return documents


def _figures_sheet(
    book: Any, formats: _Formats, out_dir: Path, documents: dict[str, dict[str, Any]], labels: dict[str, str]
) -> Counter[str]:
    n_figures: Counter[str] = Counter()
    figures = _Sheet(book, "Số liệu", FIGURE_COLUMNS, formats)
    for m in read_jsonl(out_dir / JSONL_FILES["metrics"]):
        doc_id = str(m.get("doc_id"))
        n_figures[doc_id] += 1
        facts = documents.get(doc_id, {}).get("facts", {})
        metric = m.get("metric")
        figures.add(
            [
                doc_id,
                facts.get("title"),
                reporting_unit(facts),
                facts.get("period"),
                label(KIND_LABELS, m.get("kind")),
                m.get("value"),
                m.get("unit"),
                label(QUALIFIER_LABELS, m.get("qualifier")),
                labels.get(metric, metric) if metric else None,
                metric,
                m.get("per"),
                label(ROLE_LABELS, m.get("role")),
                m.get("subject"),
                m.get("text"),
                m.get("sentence"),
                m.get("start"),
                m.get("end"),
            ]
        )
    figures.close()
    return n_figures


def _people_sheet(book: Any, formats: _Formats, out_dir: Path, documents: dict[str, dict[str, Any]]) -> Counter[str]:
    n_entities: Counter[str] = Counter()
    people = _Sheet(book, "Người", PEOPLE_COLUMNS, formats)
    for e in read_jsonl(out_dir / JSONL_FILES["entities"]):
        doc_id = str(e.get("doc_id"))
        n_entities[doc_id] += 1
        if e.get("type") != "PER":
            continue
        facts = documents.get(doc_id, {}).get("facts", {})
        people.add(
            [
                doc_id,
                facts.get("title"),
                e.get("name") or e.get("text"),
                e.get("titles") or None,
                e.get("role"),
                e.get("text"),
                e.get("sentence"),
                e.get("start"),
            ]
        )
    people.close()
    return n_entities


def _documents_sheet(
    book: Any,
    formats: _Formats,
    documents: dict[str, dict[str, Any]],
    n_figures: Counter[str],
    n_entities: Counter[str],
) -> None:
    """Tài liệu: one row per document, its facts in the schema's order (a fact added later shows up too)."""
    fact_names = [name for name, _ in fact_columns()]
    columns = (
        [Column("Tài liệu", max_width=45), Column("Định dạng")]
        + [Column(DOCUMENT_FACTS.get(n, n), "value" if n == "date" else "text", max_width=50) for n in fact_names]
        + [
            Column("Số trang", "int"),
            Column("Dung lượng (byte)", "int"),
            Column("Số liệu", "int"),
            Column("Thực thể", "int"),
            Column("Cảnh báo", max_width=60),
        ]
    )
    sheet = _Sheet(book, "Tài liệu", columns, formats)
    for doc_id, d in documents.items():
        facts = flat_facts(d["facts"])
        sheet.add(
            [
                doc_id,
                d.get("format"),
                *(facts.get(n) for n in fact_names),
                d.get("pages"),
                d.get("size_bytes"),
                n_figures[doc_id],
                n_entities[doc_id],
                d.get("warnings") or None,
            ]
        )
    sheet.close()


def _info_sheet(book: Any, formats: _Formats, out_dir: Path, summary: dict[str, Any] | None) -> None:
    """Thông tin: the run (from run.json) and the summary's counting rule."""
    info = _Sheet(book, "Thông tin", INFO_COLUMNS, formats)
    manifest = _manifest(out_dir)
    counts: dict[str, Any] = manifest["counts"] if isinstance(manifest.get("counts"), dict) else {}
    for key, shown in (
        ("input_dir", "Thư mục đầu vào"),
        ("solieu_version", "Phiên bản solieu"),
        ("rules_version", "Phiên bản quy tắc"),
        ("started", "Bắt đầu"),
        ("finished", "Kết thúc"),
    ):
        if manifest.get(key) is not None:
            info.add([shown, manifest[key]])
    for key, shown in (
        ("files", "Số tệp"),
        ("documents", "Số tài liệu đọc được"),
        ("errors", "Số tệp lỗi"),
        ("mentions", "Số số liệu"),
        ("entities", "Số thực thể"),
        ("skipped", "Số tệp bỏ qua"),
    ):
        if key in counts:
            info.add([shown, counts[key]])
    if summary is not None:
        info.add(["Số liệu chưa xếp vào chỉ tiêu nào", summary.get("unassigned_mentions")])
        if summary.get("dedupe_rule"):
            info.add(["Quy tắc cộng", summary["dedupe_rule"]])
    info.close()
