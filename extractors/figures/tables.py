"""Figures of tables: a cell read with its headers, its row and the unit declared over the table.

Vietnamese reports carry their key figures in tables (`STT | Chỉ tiêu | Đơn vị tính |
Kế hoạch 2025 | Thực hiện 2025 | Tỷ lệ (%)`, a budget under `Đơn vị tính: triệu đồng`, a
score sheet per commune). A cell there often holds a bare number whose kind, unit and
scale only a header gives (ANNOTATION.md, Tables and lists). The readers hand the tables
over as grids (`schemas.tables.Table`); here the lexicon's words describe them
(`describe_tables`): each column's role (plan, actual, ratio… or one that holds no
figure: STT, indicator, unit, rank, code, note) and unit, each row's indicator, its
lead (`2` for `2.1`, the row above a `Trong đó`) and whether it is a totals row, and
the unit line over the table. `find_table_figures` then reads every bare number or
`N/M` cell of a figure column with the first unit that applies, in order: the
column's header (`Tỷ lệ (%)`, `Giá (đồng/m2/tháng)`, `ĐIỂM`, `Số hồ sơ đã xử lý/Tổng
số`), the row's unit cell (`Đơn vị tính` column), a unit the row's indicator writes
(`Tỷ lệ hộ nghèo (%)`), the unit line over the table (scaled: `1.000 đồng`, `triệu
đồng`), then the noun the indicator or its lead counts (`Số hộ nghèo`). Such figures
are flagged `in_table="header"`; the unit line, STT, rank and code cells are claimed so
no other rule reads them. Figures the prose rules find inside a cell (`36 hộ`) get
the cell's context afterwards (`with_table_context`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from extractors.figures.amounts import unit_spellings
from extractors.figures.common import Blocked, Found
from extractors.figures.nouns import noun_after
from extractors.figures.rules import FigureRules, alternation
from extractors.numbers import parse_digits
from schemas.models import Kind
from schemas.tables import (
    PATH_SEPARATOR,
    ColumnRole,
    RowKind,
    Table,
    TableCell,
    TableColumn,
    TableRow,
    clean_label,
    column_paths,
    is_numbering_row,
    is_numeric,
    structural_header_rows,
)

# Columns of these roles hold no figure; those of BLOCKED_ROLES are claimed so nothing reads them.
STRUCTURAL_ROLES: frozenset[str] = frozenset(
    {"row_number", "indicator", "group", "entity", "unit", "note", "code", "rank"}
)
BLOCKED_ROLES: frozenset[str] = frozenset({"row_number", "code", "rank"})
_TEXT_ROLES = frozenset({"indicator", "group", "entity", "note"})  # a column of numbers is none of these
_ROW_HEADER_ROLES = ("indicator", "entity", "group")  # where a row's indicator is, in order of preference
_CELL_SEPARATOR = " | "  # how the readers write a table row on one line (pipeline.readers.build)

_NUM = r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d+(?:[.,]\d+)*"
_BARE = regex.compile(r"^\s*(" + _NUM + r")\s*$")
_PAIR = regex.compile(r"^\s*(" + _NUM + r")\s*/\s*(" + _NUM + r")\s*$")
_NUMBERING = regex.compile(r"^\s*\(?\s*([IVXLC]+|[A-Z]|\d{1,3}(?:\.\d{1,3})*|\p{Ll}|[-–+•*])\s*[.):]?\s*$")
_ROMAN = regex.compile(r"^[IVXLC]+$")
_PARENS = regex.compile(r"\(([^()]*)\)")
_LEAD_NUMBER = regex.compile(r"^(\d{1,3}(?:\.\d{3})*|\d+)\s+")
_ABBREVIATION = regex.compile(r"^\p{Lu}{2,6}$")
_CODED = regex.compile(r"[=\d]")
_WORD_EDGE = r"(?![\p{L}\p{M}\p{N}])"


@dataclass(frozen=True)
class UnitSpec:
    """What a header or unit line makes of a bare number: kind, unit, scale, rate denominator."""

    kind: Kind
    unit: str | None
    scale: float = 1.0
    per: str | None = None
    written: str = ""  # as the header or line writes it: `%`, `1.000 đồng/trẻ`, `hồ sơ`


@dataclass
class DescribedTable:
    """A table with what its words say (`table`), and the look-ups `find_table_figures` needs."""

    table: Table
    grid: list[list[TableCell | None]]
    roles: list[ColumnRole | None]
    units: list[UnitSpec | None]
    rows: dict[int, TableRow]
    declared: UnitSpec | None
    unit_col: int | None
    header_col: list[int]  # the columns a row's indicator may be in, most specific first


# --- the words ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    starts: tuple[tuple[str, ColumnRole], ...]  # (word, role), longest first
    contains: tuple[tuple[ColumnRole, regex.Pattern[str]], ...]
    declaration: regex.Pattern[str]
    totals: frozenset[str]
    sub_items: tuple[str, ...]
    count_leads: tuple[str, ...]
    not_counted: frozenset[str]
    not_units: frozenset[str]
    percent: frozenset[str]
    currencies: dict[str, str]
    scales: tuple[tuple[str, float], ...]
    score_words: tuple[str, ...]


@lru_cache(maxsize=4)
def _words(r: FigureRules) -> _Words:
    t = r.figures.tables
    starts = sorted(((w.lower(), role) for role, words in t.roles.items() for w in words), key=lambda wr: -len(wr[0]))
    contains = tuple(
        (
            role,
            regex.compile(
                r"(?<![\p{L}\p{M}\p{N}])(?:" + alternation(w.lower() for w in t.roles[role]) + ")" + _WORD_EDGE
            ),
        )
        for role in t.value_roles
        if t.roles.get(role)
    )
    declaration = regex.compile(
        r"(?<![\p{L}\p{M}])(?:" + alternation(t.unit_leads) + r")[ \t]*[:：][ \t]*(?P<unit>[^\n)]+)", regex.IGNORECASE
    )
    scales = tuple(sorted(((k.lower(), float(v)) for k, v in r.numbers.scales.items()), key=lambda kv: -len(kv[0])))
    return _Words(
        starts=tuple(starts),
        contains=contains,
        declaration=declaration,
        totals=frozenset(w.lower() for w in t.rows.totals),
        sub_items=tuple(sorted((w.lower() for w in t.rows.sub_item_leads), key=len, reverse=True)),
        count_leads=tuple(sorted((w.lower() for w in t.count_leads), key=len, reverse=True)),
        not_counted=frozenset(w.lower() for w in t.not_counted),
        not_units=frozenset(w.lower() for w in t.not_units),
        percent=frozenset(s.lower() for s in r.figures.percent.signs),
        currencies={k.lower(): v for k, v in r.figures.currencies.items()},
        scales=scales,
        score_words=tuple(sorted((w.lower() for w in t.roles.get("score", [])), key=len, reverse=True)),
    )


def _starts_with(text: str, word: str) -> bool:
    """`text` begins with `word` as a whole word (a sign such as `-` needs no boundary)."""
    if not text.startswith(word):
        return False
    rest = text[len(word) :]
    return not rest or not word[-1].isalnum() or not (rest[0].isalnum() or rest[0] in "\u0300\u0301\u0303\u0309\u0323")


def role_of(label: str, r: FigureRules) -> ColumnRole | None:
    """A header label's role: the longest role word it begins with when that role holds no figure;
    else the first value role whose word it holds (`Thực hiện cùng kỳ` begins with actual but holds
    previous, which comes first), else the role it begins with."""
    low = clean_label(label).lower()
    if not low:
        return None
    w = _words(r)
    start = next((role for word, role in w.starts if _starts_with(low, word)), None)
    if start in STRUCTURAL_ROLES:
        return start
    return next((role for role, pattern in w.contains if pattern.search(low, None, None, False)), start)


# --- units ------------------------------------------------------------------------------------------


def parse_unit(phrase: str, r: FigureRules) -> UnitSpec | None:
    """A unit as a header or unit line writes it: `%`, `triệu đồng`, `1.000 đồng/trẻ,học sinh/tháng`,
    `đồng/m2/tháng`, `ha`, `điểm`, `Hồ sơ`, `Cơ quan, đơn vị`; None for anything else.

    >>> from extractors.figures.rules import figure_rules
    >>> r = figure_rules(LEXICON)
    >>> [(u.kind, u.unit, u.scale, u.per) for u in (parse_unit(p, r) for p in ("%", "Triệu đồng", "đồng/m2/tháng"))]
    [('percent', None, 1.0, None), ('money', 'VND', 1000000.0, None), ('money', 'VND', 1.0, 'm2/tháng')]
    """
    written = " ".join(clean_label(phrase).strip(" \t:;,.").split())
    low = written.lower()
    w = _words(r)
    if not low or len(low) > 48 or low in w.not_units:
        return None
    if low in w.percent or low.replace(" ", "") in w.percent:
        return UnitSpec("percent", None, written=written)
    head, _, per = low.partition("/")
    head = head.strip()
    scale = 1.0
    m = _LEAD_NUMBER.match(head, None, None, False)
    if m:  # `1.000 đồng`: the unit is a thousand đồng
        value = parse_digits(m.group(1))
        if not value:
            return None
        scale, head = float(value), head[m.end() :]
    scaled = True
    while scaled:
        scaled = False
        for word, factor in w.scales:
            if head == word or head.startswith(word + " "):
                scale, head, scaled = scale * factor, head[len(word) :].strip(), True
                break
    per_text = " ".join(per.split()) or None
    if head in w.currencies:
        return UnitSpec("money", w.currencies[head], scale, per_text, written)
    spellings = unit_spellings(r)
    if head in spellings:
        return UnitSpec("quantity", spellings[head], scale, per_text, written)
    noun = _unit_noun(head, written.partition("/")[0] if scale == 1.0 else "", r)
    if noun and not per_text:
        return UnitSpec("count", noun, scale, None, written)
    return None


def _unit_noun(head: str, original: str, r: FigureRules) -> str | None:
    """A unit cell that names a counted noun: `Hồ sơ`, `Cơ quan, đơn vị` (its first), `PAKN` (an
    abbreviation, from the cell as written)."""
    first = head.split(",")[0].strip()
    if not first or _CODED.search(first, None, None, False):
        return None
    if first == r.figures.tables.score_unit.lower() or first in r.count_nouns:
        return first
    written = original.split(",")[0].strip()
    if _ABBREVIATION.match(written, None, None, False):
        return written.lower()
    return None


def label_unit(label: str, r: FigureRules, *, nouns: bool = True) -> UnitSpec | None:
    """The unit a header label declares: a unit line inside it (`ĐVT: người`), a unit in brackets
    (`Giá tối thiểu (đồng/m2/tháng)`, `Tỷ lệ (%)`, `(người)`), a closing `%` (`TỶ LỆ %`), the whole
    label as a measure (`%`, `Triệu đồng`, `ha`); with `nouns`, a score word (`ĐIỂM`) and the noun
    after a count word (`Số hồ sơ đã xử lý`)."""
    text = clean_label(label)
    if not text:
        return None
    w = _words(r)
    found = w.declaration.search(text, None, None, False)
    if found:
        spec = parse_unit(found.group("unit"), r)
        if spec:
            return spec
    inners: list[str] = _PARENS.findall(text, None, None, False, False)
    for inner in reversed(inners):
        spec = parse_unit(inner, r)
        if spec:
            return spec
    low = text.lower()
    if any(low.endswith(sign) and sign[:1] == "%" for sign in w.percent):
        return UnitSpec("percent", None, written="%")
    spec = parse_unit(text, r)
    if spec is not None and spec.kind != "count":
        return spec  # `%`, `Triệu đồng`, `ha`; a label that is a noun (`Kế hoạch`) names no unit
    if not nouns:
        return None
    score = next((word for word in w.score_words if _starts_with(low, word)), None)
    if score:
        unit = r.figures.tables.score_unit.lower()
        return UnitSpec("count", unit, written=unit)
    return counted_noun(text, r)


def counted_noun(label: str, r: FigureRules) -> UnitSpec | None:
    """`Số hồ sơ đã xử lý/Tổng số`, `Tổng số hộ nghèo`: the noun a header counts after a count word."""
    text = clean_label(label)
    low = text.lower()
    w = _words(r)
    lead = next((word for word in w.count_leads if low.startswith(word + " ")), None)
    if lead is None:
        return None
    rest = text[len(lead) + 1 :]
    rest_low = rest.lower()
    if any(_starts_with(rest_low, word) for word in w.not_counted):
        return None
    found = noun_after(rest, 0, r, open_class=False)
    if found is None or found.kind != "count":
        return None
    return UnitSpec("count", found.unit, written=found.unit)


# --- describing a table -----------------------------------------------------------------------------


def _body_texts(table: Table, grid: list[list[TableCell | None]], col: int) -> list[str]:
    seen: set[int] = set()
    out = []
    for r in range(table.header_rows, table.n_rows):
        cell = grid[r][col]
        if cell is not None and id(cell) not in seen and cell.text.strip():
            seen.add(id(cell))
            out.append(cell.text)
    return out


def _infer_role(table: Table, grid: list[list[TableCell | None]], col: int, r: FigureRules) -> ColumnRole | None:
    """A column without a header word: STT by its numbering (first column), a unit column by its
    unit cells, an indicator by its text; None (a figure column) for numbers."""
    texts = _body_texts(table, grid, col)
    if not texts:
        return None
    numeric = sum(1 for t in texts if is_numeric(t))
    if col == 0 and table.n_cols > 1 and all(_NUMBERING.match(clean_label(t), None, None, False) for t in texts):
        return "row_number"
    if numeric * 2 >= len(texts):
        return None
    units = sum(1 for t in texts if parse_unit(t, r) is not None)
    if units * 2 >= len(texts):
        return "unit"
    return "indicator"


def _mostly_text(table: Table, grid: list[list[TableCell | None]], col: int) -> bool:
    texts = _body_texts(table, grid, col)
    return bool(texts) and sum(1 for t in texts if is_numeric(t)) * 2 < len(texts)


def _declared_unit(
    text: str, table: Table, previous_end: int, roles: list[ColumnRole | None], r: FigureRules
) -> tuple[UnitSpec, str, int, int] | None:
    """`Đơn vị tính: triệu đồng` in a title row across the table or in the header of a column that
    holds no figure (`Chỉ tiêu (ĐVT: triệu đồng)`), else on the two lines before the table (after the
    table before it): the unit, as written, and the declaration's span."""
    w = _words(r)
    holders = [
        c
        for c in table.cells
        if c.row < table.header_rows
        and ((table.n_cols > 1 and c.col_span >= table.n_cols) or roles[c.col] in STRUCTURAL_ROLES)
    ]
    for cell in holders:
        found = w.declaration.search(cell.text, None, None, False)
        if found:
            spec = parse_unit(found.group("unit"), r)
            if spec:
                unit = found.group("unit").rstrip()
                return spec, unit.strip(), cell.start + found.start(), cell.start + found.start("unit") + len(unit)
    start = max(previous_end, table.start - 400)
    before = text[start : table.start]
    lines = [ln for ln in before.split("\n") if ln.strip()][-2:]
    for line in reversed(lines):
        at = start + before.rfind(line)
        found = w.declaration.search(line, None, None, False)
        if found:
            spec = parse_unit(found.group("unit"), r)
            if spec:
                unit = found.group("unit")
                stripped = unit.rstrip()
                return spec, stripped, at + found.start(), at + found.start("unit") + len(stripped)
    return None


def _level(number: str | None, header: str | None, w: _Words) -> int:
    """Depth of a row in its table's outline: I, A < 1 < 1.1 < 1.1.1 < a < -; a `Trong đó` or `-`
    indicator under the row above it; 0 for a row that says nothing."""
    if number:
        m = _NUMBERING.match(number, None, None, False)
        token = m.group(1) if m else ""
        if _ROMAN.match(token, None, None, False) or (len(token) == 1 and token.isupper()):
            return 1
        if token[:1].isdigit():
            return 1 + token.count(".") + 1
        if token.isalpha():
            return 10
        if token:
            return 11
    if header and any(_starts_with(header.lower(), word) for word in w.sub_items):
        return 20
    return 0


def _is_total(header: str, w: _Words) -> bool:
    core = _PARENS.sub("", header).strip(" \t:;.,").lower()
    return " ".join(core.split()) in w.totals


def describe(text: str, table: Table, r: FigureRules, previous_end: int = 0) -> DescribedTable:
    """A table with its columns' roles and units, its rows' indicators and leads, its unit line."""
    grid = table.grid()
    paths = [c.path for c in sorted(table.columns, key=lambda c: c.col)]
    if len(paths) != table.n_cols:
        paths = column_paths(table.cells, table.header_rows, table.n_cols)
    if table.header_rows and _layout(table, paths, r):
        table = table.model_copy(update={"header_rows": 0})  # a heading block: its first row is no header
        paths = [[] for _ in paths]
    under = [c for c in table.cells if c.row == table.header_rows]
    if table.header_rows and table.header_rows < table.n_rows - 1 and is_numbering_row(under):
        table = table.model_copy(update={"header_rows": table.header_rows + 1})  # `(1) | (2) | (3)` under it
    roles: list[ColumnRole | None] = []
    units: list[UnitSpec | None] = []
    for col, path in enumerate(paths):
        role = next((found for label in reversed(path) if (found := role_of(label, r)) is not None), None)
        if role is None and not path:
            role = _infer_role(table, grid, col, r)
        elif role in _TEXT_ROLES:
            texts = _body_texts(table, grid, col)
            if texts and sum(1 for t in texts if is_numeric(t)) * 2 > len(texts):
                role = None  # `SIPAS › Chỉ số` over `83,0%`: a column of numbers holds figures
        roles.append(role)
        units.append(
            None
            if role in STRUCTURAL_ROLES
            else next((u for label in reversed(path) if (u := label_unit(label, r)) is not None), None)
        )
    unit_col = next((c for c, role in enumerate(roles) if role == "unit"), None)
    header_col = [c for role in _ROW_HEADER_ROLES for c in reversed(range(table.n_cols)) if roles[c] == role]
    if not header_col:  # no header word names it: the first column of text
        header_col = [c for c in range(table.n_cols) if roles[c] is None and _mostly_text(table, grid, c)][:1]
    stt_col = next((c for c, role in enumerate(roles) if role == "row_number"), None)
    declared = _declared_unit(text, table, previous_end, roles, r)
    w = _words(r)
    rows: dict[int, TableRow] = {}
    outline: list[tuple[int, str, int]] = []  # (level, indicator, row) of the rows above
    for row in range(table.n_rows):
        if row < table.header_rows:
            rows[row] = TableRow(row=row, kind="header")
            continue
        cells = {id(c): c for c in grid[row] if c is not None and c.row == row}
        number = _text_at(grid, row, stt_col, own=True)  # a number merged down over sub-items is theirs
        header = next((h for c in header_col if (h := _text_at(grid, row, c))), None)
        unit = _text_at(grid, row, unit_col)
        values = [c for c in cells.values() if c.text.strip() and roles[c.col] not in STRUCTURAL_ROLES]
        kind: RowKind = "data"
        if header and _is_total(header, w):
            kind = "total"
        elif header and not values:
            kind = "section"
        lead = None
        if header:
            level = _level(number, header, w)
            while outline and outline[-1][0] >= level:
                outline.pop()
            lead = outline[-1][1] if outline and level else None
            outline.append((level, header, row))
        rows[row] = TableRow(row=row, kind=kind, number=number, header=header, lead=lead, unit=unit)
    described = DescribedTable(table, grid, roles, units, rows, declared[0] if declared else None, unit_col, header_col)
    columns = [
        TableColumn(col=c, path=paths[c], role=roles[c], unit=spec.written if spec else None)
        for c, spec in enumerate(units)
    ]
    described.table = table.model_copy(
        update={
            "columns": columns,
            "rows": [rows[k] for k in sorted(rows)],
            "unit": declared[1] if declared else None,
            "unit_start": declared[2] if declared else None,
            "unit_end": declared[3] if declared else None,
        }
    )
    return described


def _layout(table: Table, paths: list[list[str]], r: FigureRules) -> bool:
    """A layout table (the heading block `UBND TỈNH … | CỘNG HÒA …`, a signature block): no header
    word names a column's role or unit, and no cell below the first row holds a number."""
    if any(role_of(label, r) or label_unit(label, r) for path in paths for label in path):
        return False
    return not any(is_numeric(c.text) for c in table.cells if c.row >= table.header_rows)


def _text_at(grid: list[list[TableCell | None]], row: int, col: int | None, *, own: bool = False) -> str | None:
    """The label at (row, col), a merged cell's when it spans the row (only its own row's with `own`)."""
    if col is None:
        return None
    cell = grid[row][col]
    if cell is None or (own and cell.row != row):
        return None
    return clean_label(cell.text) or None


def describe_all(text: str, tables: Iterable[Table], r: FigureRules) -> list[DescribedTable]:
    """Each table described (see the module docstring), in order."""
    out = []
    previous_end = 0
    for table in tables:
        out.append(describe(text, table, r, previous_end))
        previous_end = table.end
    return out


def describe_tables(text: str, tables: Iterable[Table], r: FigureRules) -> list[Table]:
    """Each table with the words of its headers, rows and unit line read (see the module docstring)."""
    return [d.table for d in describe_all(text, tables, r)]


# --- figures ----------------------------------------------------------------------------------------


def _row_unit(d: DescribedTable, row: int, r: FigureRules) -> tuple[UnitSpec | None, bool]:
    """The unit of a value cell from its row's unit cell: (unit, stop) — stop when the unit cell holds
    something other than a unit (`Có = 1; Không = 0`), so the number is a code, no figure."""
    unit_col = d.unit_col
    if unit_col is None:
        return None, False
    cell = d.grid[row][unit_col]
    written = cell.text.strip() if cell is not None else ""
    if not written:
        return None, False
    spec = parse_unit(written, r)
    if spec is None and _CODED.search(written, None, None, False):
        return None, True
    return spec, False


def _indicator_units(d: DescribedTable, row: int, r: FigureRules) -> tuple[UnitSpec | None, UnitSpec | None]:
    """(a unit the row's indicator writes, the noun it or its lead counts)."""
    info = d.rows.get(row)
    header = info.header if info else None
    explicit = label_unit(header, r, nouns=False) if header else None
    noun = label_unit(header, r) if header else None
    if noun is None and info is not None and info.lead:
        noun = label_unit(info.lead, r)
    return explicit, noun


def _cell_unit(d: DescribedTable, row: int, col: int, r: FigureRules) -> UnitSpec | None:
    if d.units[col] is not None:
        return d.units[col]
    spec, stop = _row_unit(d, row, r)
    if stop:
        return None
    if spec is not None:
        return spec
    explicit, noun = _indicator_units(d, row, r)
    return explicit or d.declared or noun


def _values(cell: TableCell) -> list[tuple[float, int, int]]:
    """The numbers of a bare cell (`120`, `1.250,5`, `1,091,500,000`) or a pair (`120/150`,
    `17 / 22`), with their offsets in the document."""
    m = _BARE.match(cell.text, None, None, False) or _PAIR.match(cell.text, None, None, False)
    if not m:
        return []
    out = []
    for g in range(1, (m.lastindex or 0) + 1):
        value = parse_digits(m.group(g))
        if value is None:
            return []
        out.append((float(value), cell.start + m.start(g), cell.start + m.end(g)))
    return out


def _best_column(d: DescribedTable, cell: TableCell) -> int:
    """A cell spanning columns is read under the one with the longest header path."""
    cols = range(cell.col, cell.col + cell.col_span)
    return max(cols, key=lambda c: (len(d.table.columns[c].path) if c < len(d.table.columns) else 0, -c))


def context_of(d: DescribedTable, row: int, col: int) -> dict[str, Any]:
    """The table fields of a figure in the cell at (row, col)."""
    info = d.rows.get(row)
    column = d.table.columns[col] if col < len(d.table.columns) else None
    out: dict[str, Any] = {"table_index": d.table.index, "row": row, "col": col}
    if column is not None and d.roles[col] not in STRUCTURAL_ROLES:
        out["column_path"] = PATH_SEPARATOR.join(column.path) or None
        out["column_role"] = column.role
        if info is not None and info.header:
            out["subject"] = info.header
        if info is not None and info.lead:
            out["row_lead"] = info.lead
        if info is not None and info.kind == "total":
            out["row_role"] = "total"
    return out


def find_table_figures(tables: list[DescribedTable], blocked: Blocked, r: FigureRules) -> list[Found]:
    """Figures of bare cells read with their headers (`in_table="header"`), claimed so the prose rules
    skip them; the unit lines, the column numbers under a header and the STT, rank and code cells
    are claimed too.

    >>> from extractors.figures.common import Blocked
    >>> from extractors.figures.rules import figure_rules
    >>> r = figure_rules(LEXICON)
    >>> t = "2.2 | Số nhiệm vụ đã hoàn thành | Nhiệm vụ | 11 | \\n2 | Tỷ lệ hoàn thành | % | 22,45 | "
    >>> [(f.kind, f.value, f.unit, f.extra["subject"])
    ...  for f in find_table_figures(describe_all(t, tables_from_text(t), r), Blocked(len(t)), r)]
    [('count', 11, 'nhiệm vụ', 'Số nhiệm vụ đã hoàn thành'), ('percent', 22.45, None, 'Tỷ lệ hoàn thành')]
    """
    out: list[Found] = []
    for d in tables:
        table = d.table
        if table.unit_start is not None and table.unit_end is not None:
            blocked.claim(table.unit_start, table.unit_end)
        rows: dict[int, list[TableCell]] = {}
        for cell in table.cells:
            rows.setdefault(cell.row, []).append(cell)
        numbering = {row for row in range(table.header_rows) if is_numbering_row(rows.get(row, []))}
        for cell in table.cells:
            if not cell.text.strip():
                continue
            if cell.row < table.header_rows:
                if cell.row in numbering:
                    blocked.claim(cell.start, cell.end)
                continue
            col = _best_column(d, cell)
            role = d.roles[col]
            if role in BLOCKED_ROLES:
                blocked.claim(cell.start, cell.end)
                continue
            if role in STRUCTURAL_ROLES:
                continue
            values = _values(cell)
            if not values or blocked.hit(values[0][1], values[-1][2]):
                continue
            spec = _cell_unit(d, cell.row, col, r)
            if spec is None:
                continue
            out += _cell_figures(d, cell, col, values, spec, blocked)
    return out


def _cell_figures(
    d: DescribedTable, cell: TableCell, col: int, values: list[tuple[float, int, int]], spec: UnitSpec, blocked: Blocked
) -> list[Found]:
    if spec.kind == "percent" and len(values) > 1:
        return []  # `45/60` under `%` says nothing clear
    context = context_of(d, cell.row, col)
    out = []
    for i, (value, start, end) in enumerate(values):
        scaled = value * spec.scale
        if spec.kind == "count" and not float(scaled).is_integer():
            continue  # `8,5 / 10` under `ĐIỂM`: a decimal score is no count, its maximum is
        v: int | float = int(scaled) if float(scaled).is_integer() else round(scaled, 6)
        extra: dict[str, Any] = {"in_table": "header", **context}
        if spec.per:
            extra["per"] = spec.per
        if len(values) == 2:
            extra["role"] = ("part", "total")[i]
        out.append(Found(spec.kind, v, start, end, spec.unit, "exact", extra))
        blocked.claim(start, end)
    return out


def with_table_context(found: list[Found], tables: list[DescribedTable]) -> None:
    """Give the figures the prose rules found inside a table cell (`36 hộ`, `45/60 (75%)`) the cell's
    context: `in_table="cell"`, the table, row and column, and in a figure column its path, role and the
    row's indicator as subject."""
    spans = sorted(
        ((cell.start, cell.end, d, cell) for d in tables for cell in d.table.cells if cell.text.strip()),
        key=lambda s: s[0],
    )
    if not spans:
        return
    starts = [s[0] for s in spans]
    for f in found:
        if "in_table" in f.extra:
            continue
        i = bisect_right(starts, f.start) - 1
        if i < 0 or f.end > spans[i][1]:
            continue
        _, _, d, cell = spans[i]
        context = context_of(d, cell.row, _best_column(d, cell))
        if f.kind in ("date", "doc_ref"):
            context.pop("subject", None)
        f.extra.update({"in_table": "cell", **context})


# --- tables given as text ----------------------------------------------------------------------------


def tables_from_text(text: str) -> list[Table]:
    """Tables of text whose rows are lines of cells joined by ` | ` (as solieu's readers write them),
    for text that comes without its reader's tables: each run of such lines is one table.

    >>> [(t.n_rows, t.n_cols, [c.text for c in t.cells][:3]) for t in tables_from_text("a\\n1 | Hộ | 12\\nb")]
    [(1, 3, ['1', 'Hộ', '12'])]
    """
    if _CELL_SEPARATOR not in text:
        return []
    tables: list[Table] = []
    run: list[list[TableCell]] = []

    def close() -> None:
        if not run:
            return
        cells = [c for row in run for c in row]
        n_rows, n_cols = len(run), max(c.col for c in cells) + 1
        header_rows = structural_header_rows(cells, n_rows, n_cols)
        paths = column_paths(cells, header_rows, n_cols)
        tables.append(
            Table(
                index=len(tables),
                source="text",
                start=cells[0].start,
                end=cells[-1].end,
                n_rows=n_rows,
                n_cols=n_cols,
                header_rows=header_rows,
                cells=cells,
                columns=[TableColumn(col=c, path=p) for c, p in enumerate(paths)],
            )
        )
        run.clear()

    position = 0
    for line in text.split("\n"):
        if _CELL_SEPARATOR in line:
            row: list[TableCell] = []
            at = position
            for col, piece in enumerate(line.split(_CELL_SEPARATOR)):
                lead = len(piece) - len(piece.lstrip())
                stripped = piece.strip()
                start = at + lead
                row.append(TableCell(row=len(run), col=col, text=stripped, start=start, end=start + len(stripped)))
                at += len(piece) + len(_CELL_SEPARATOR)
            run.append(row)
        else:
            close()
        position += len(line) + 1
    close()
    return tables
