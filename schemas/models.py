"""Pydantic models for every record solieu writes.

Offsets (`start`, `end`) always index the document's *normalised* text, which
is stored with the document, so `text == document.text[start:end]` holds for
every mention and entity (LangExtract's rule: every extraction carries its
character interval).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.tables import Table

SCHEMA_VERSION = "1"

Kind = Literal["count", "money", "quantity", "percent", "date", "doc_ref", "duration"]
Qualifier = Literal["exact", "more_than", "less_than", "approx"]
EntityType = Literal["PER", "ORG", "LOC"]
Format = Literal["txt", "docx", "pdf", "html"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Block(_Record):
    """A paragraph, heading, list item, table cell or footnote of a document, by offsets."""

    kind: Literal["paragraph", "heading", "table_cell", "page_break", "footnote"] = "paragraph"
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = Field(default=None, ge=1, description="PDF page, 1-based")
    table: int | None = Field(default=None, ge=0, description="table index within the document")
    row: int | None = Field(default=None, ge=0)
    col: int | None = Field(default=None, ge=0)
    source: Literal["text", "ocr"] = Field(default="text", description="text layer or file, or OCR of a page image")
    confidence: float | None = Field(default=None, ge=0, le=1, description="OCR: mean word confidence, 0-1")


Level = Literal["quốc gia", "tỉnh", "huyện", "xã", "cơ quan"]
PeriodKind = Literal["year", "half", "quarter", "month", "months_to_date", "school_year", "term", "range", "date"]


class ReportingUnit(_Record):
    """The unit whose figures a document reports (ANNOTATION.md, Document facts), not its author."""

    name: str | None = Field(default=None, description="as written at its fullest: thị xã Đức Phổ, TPHCM")
    level: Level | None = Field(default=None, description="quốc gia, tỉnh, huyện, xã or cơ quan (a body)")
    province: str | None = Field(default=None, description="its province when written, short form: Quảng Nam")
    province_2025: str | None = Field(
        default=None, description="that province after the 1 July 2025 merger, from the gazetteer: Đà Nẵng"
    )


class Period(_Record):
    """The period the figures are for, typed: `year` 2021, `months_to_date` 2022-01/2022-09…"""

    kind: PeriodKind
    value: str = Field(
        description="2021, 2010-H1, 2025-Q1, 2025-11, --08, 2022-01/2022-09, 2024/2025, "
        "2022-03-01/2022-03-31, 2020-09-30; `--` when the year is not written"
    )
    label: str = Field(description="the phrase as written: 9 tháng đầu năm 2022")

    @property
    def cumulative(self) -> bool:
        """A span that holds shorter periods of the same figures (a year holds its months)."""
        return self.kind in ("year", "half", "quarter", "months_to_date", "school_year", "term", "range")


class DocumentFacts(_Record):
    """What a document says about itself: the keys the summary groups by (ANNOTATION.md, Document facts)."""

    title: str | None = None
    doc_type: str | None = Field(default=None, description="Báo cáo, Kế hoạch, Tờ trình…; news article")
    number: str | None = Field(default=None, description="its own number, e.g. 3367/TTr-SNV")
    date: str | None = Field(default=None, description="its own date, ISO (YYYY-MM-DD, YYYY-MM, YYYY)")
    issuer: str | None = Field(default=None, description="the issuing body, or the newspaper of an article")
    reporting_unit: ReportingUnit = Field(default_factory=ReportingUnit)
    period: Period | None = None


class Document(_Record):
    doc_id: str = Field(description="path relative to the input folder, '/' separators")
    source_path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    format: Format
    size_bytes: int = Field(ge=0)
    text: str = Field(description="normalised text (NFC, one tone-mark style); offsets index this")
    blocks: list[Block] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list, description="its tables as grids, by offsets (schemas.tables)")
    pages: int | None = Field(default=None, ge=0)
    encoding: str | None = Field(default=None, description="source encoding of a text file")
    facts: DocumentFacts = Field(default_factory=DocumentFacts)
    warnings: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _blocks_inside_text(self) -> Document:
        n = len(self.text)
        for b in self.blocks:
            if not (0 <= b.start <= b.end <= n):
                raise ValueError(f"block {b.start}:{b.end} lies outside the text (length {n})")
        for table in self.tables:
            for cell in table.cells:
                if cell.end > n or self.text[cell.start : cell.end] != cell.text:
                    raise ValueError(
                        f"table {table.index} cell ({cell.row}, {cell.col}) is not the text at {cell.start}:{cell.end}"
                    )
        return self


class Mention(_Record):
    """One figure found in a document, normalised per ANNOTATION.md."""

    doc_id: str = ""
    kind: Kind
    value: int | float | str
    unit: str | None = None
    qualifier: Qualifier | None = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str = ""
    sentence_start: int | None = Field(default=None, ge=0, description="where the sentence starts in the text")
    sentence_end: int | None = Field(
        default=None,
        ge=0,
        description="`sentence` is text[start:end], or 600 "
        "characters of it around the figure when the sentence runs on",
    )
    subject: str | None = Field(default=None, description="the phrase saying what is counted or paid")
    metric: str | None = Field(default=None, description="taxonomy key, see extractors/data/metrics.toml")
    role: str | None = Field(
        default=None, description="part of a pair or range: part, total, range_low, range_high, rate"
    )
    per: str | None = Field(default=None, description="rate denominator, e.g. người/tháng")
    # table fields: set on figures read from a table cell (ANNOTATION.md, Tables and lists)
    in_table: Literal["header", "cell"] | None = Field(
        default=None,
        description="read from a table cell: header when its kind, unit or scale came from a "
        'header or the unit line over the table (gold\'s `"table": "header"`), cell when the cell states them',
    )
    table_index: int | None = Field(default=None, ge=0, description="the table's index in Document.tables")
    row: int | None = Field(default=None, ge=0, description="the cell's row in its table")
    col: int | None = Field(default=None, ge=0, description="the cell's column in its table")
    column_path: str | None = Field(default=None, description="the header labels over the cell: Thực hiện › Năm 2025")
    column_role: str | None = Field(default=None, description="what the column holds: plan, actual, previous, ratio…")
    row_lead: str | None = Field(default=None, description="the indicator the row is a sub-item of")
    row_role: Literal["total"] | None = Field(default=None, description="total: a totals row (Tổng cộng)")
    period: Period | None = Field(
        default=None,
        description="the period its table column names (`Năm 2023`, "
        "`Quý I/2024`): the summary counts the figure in it, not in the document's",
    )
    # doc_ref fields
    doc_type: str | None = None
    number: str | None = None
    year: int | None = None
    issuer: str | None = None
    date: str | None = Field(default=None, description="doc_ref: the date that follows it")
    # date fields
    resolved: bool | None = Field(
        default=None, description="date: True when a year-less date was completed from the document's date"
    )
    ocr_confidence: float | None = Field(
        default=None, ge=0, le=1, description="set when the figure was read by OCR: its block's confidence, 0-1"
    )

    @model_validator(mode="after")
    def _check(self) -> Mention:
        if self.end < self.start:
            raise ValueError("end before start")
        if len(self.text) != self.end - self.start:
            raise ValueError("text length does not match its offsets")
        if self.kind in ("money", "quantity", "percent", "count") and not isinstance(self.value, int | float):
            raise ValueError(f"{self.kind} value must be a number")
        if self.kind in ("date", "doc_ref") and not isinstance(self.value, str):
            raise ValueError(f"{self.kind} value must be a string")
        return self


class Entity(_Record):
    doc_id: str = ""
    type: EntityType
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str = ""
    sentence_start: int | None = Field(default=None, ge=0, description="offset of `sentence` in the text")
    sentence_end: int | None = Field(default=None, ge=0)
    name: str | None = Field(default=None, description="PER: the name as written at its fullest")
    titles: list[str] = Field(default_factory=list, description="PER: titles and positions")
    normalized: str | None = Field(default=None, description="ORG/LOC: abbreviations expanded")
    role: str | None = Field(default=None, description="PER: chủ trì, tham dự, phát biểu…")

    @model_validator(mode="after")
    def _check(self) -> Entity:
        if len(self.text) != self.end - self.start:
            raise ValueError("text length does not match its offsets")
        return self


class ErrorRecord(_Record):
    """A file that could not be read or processed; the batch goes on without it."""

    doc_id: str
    source_path: str
    code: str = Field(pattern=r"^E\d{3}$")
    error: str = Field(description="short name of the error code")
    message: str
    stage: Literal["read", "extract", "write", "worker"] = "read"


class SkippedFile(_Record):
    path: str
    reason: str


class RunManifest(_Record):
    schema_version: str = SCHEMA_VERSION
    solieu_version: str
    rules_version: str
    input_dir: str
    out_dir: str
    started: str
    finished: str | None = None
    workers: int = 1
    complete: bool = False
    counts: dict[str, int] = Field(default_factory=dict)
    timings_s: dict[str, float] = Field(default_factory=dict)
    skipped: list[SkippedFile] = Field(default_factory=list)
    duplicates: list[Duplicate] = Field(
        default_factory=list, description="documents counted once with another, or revisions (as in the summary)"
    )
    options: dict[str, Any] = Field(default_factory=dict)


class MentionRef(_Record):
    """One figure behind a total, and where the review page shows it."""

    doc_id: str
    start: int
    end: int
    value: int | float
    qualifier: Qualifier | None = None
    run: int = Field(default=0, ge=0, description="index of the run folder in Summary.runs")
    anchor: str | None = Field(default=None, description="its id in that run's review.html: d<doc>-<start>-<end>")


class SummaryRow(_Record):
    metric: str
    label: str
    kind: Kind
    unit: str | None
    reporting_unit: str | None = Field(description="as the documents write it: thị xã Đức Phổ")
    level: Level | None = None
    province: str | None = Field(default=None, description="the unit's province as the documents name it")
    province_2025: str | None = Field(default=None, description="its province after 1 July 2025: rows group by it")
    period: str | None = Field(description="the period's value: 2021, 2022-01/2022-09, 2025-11…")
    period_kind: PeriodKind | None = None
    period_label: str | None = Field(default=None, description="as written: 9 tháng đầu năm 2022")
    cumulative: bool = Field(default=False, description="a span holding shorter periods; never added to them")
    total: int | float
    bound: Literal["exact", "lower_bound", "upper_bound", "approx", "mixed"] = Field(
        description="lower_bound when any part was 'hơn …', approx when any part was approximate"
    )
    n_mentions: int
    n_documents: int
    revised: bool = Field(default=False, description="a document behind it re-submits another with other figures")
    mentions: list[MentionRef]


class Duplicate(_Record):
    """A document counted once with another (same text, or nearly and with the same figures), or a revision."""

    doc_id: str
    run: int = 0
    duplicate_of: str
    duplicate_of_run: int = 0
    relation: Literal["same_text", "near_duplicate", "revised"]
    similarity: float = Field(ge=0, le=1, description="estimated share of common word 5-grams")
    counted: bool = Field(description="False: its figures are left out; True (revised): kept and flagged")


RunManifest.model_rebuild()  # it lists Duplicates, defined after it


class UnassignedFigure(_Record):
    """A summable figure no metric of the taxonomy took, with its sentence, so no figure goes unseen."""

    doc_id: str
    run: int = 0
    kind: Kind
    value: int | float | str
    unit: str | None = None
    qualifier: Qualifier | None = None
    text: str
    sentence: str
    anchor: str | None = None


class Summary(_Record):
    schema_version: str = SCHEMA_VERSION
    runs: list[str] = Field(default_factory=list)
    dedupe_rule: str = ""
    documents: int = Field(default=0, description="documents read")
    documents_counted: int = Field(default=0, description="documents whose figures are in the totals")
    rows: list[SummaryRow] = Field(default_factory=list)
    duplicates: list[Duplicate] = Field(default_factory=list)
    unassigned_mentions: int = Field(default=0, description="summable figures no metric took, all of them")
    unassigned: list[UnassignedFigure] = Field(
        default_factory=list,
        description="the first 1,000 of them, with their sentences; every one is a row of metrics.jsonl with no metric",
    )


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of every written record, keyed by model name."""
    models = (Document, Mention, Entity, ErrorRecord, RunManifest, Summary, Table)  # Summary holds Duplicate too
    return {m.__name__: m.model_json_schema() for m in models}
