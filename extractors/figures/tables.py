"""Figures in statistical tables: `Số nhiệm vụ đã hoàn thành | Nhiệm vụ | 11`.

Vietnamese reports carry their statistics in tables of the form
`STT | Chỉ tiêu | Đơn vị tính | Số liệu`: the number stands alone in its cell
and what it counts is the unit cell before it. The readers write a table row
as one line with cells joined by ` | `, so a row is: a cell that names a unit
(`%`, `Văn bản`, `Người`, `Triệu đồng`, `ha`…) directly followed by a cell that
holds nothing but a number. The indicator cell before the unit becomes the
figure's subject.
"""

from __future__ import annotations

import regex

from extractors.figures.common import Blocked, Found
from extractors.figures.rules import FigureRules
from extractors.numbers import parse_digits
from schemas.models import Kind

_ROW = regex.compile(r"^.*\|.*$", regex.MULTILINE)
_CELL = regex.compile(r"[^|]+")
_BARE_NUMBER = regex.compile(r"^[ \t]*(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)[ \t]*$")


def _unit_of(cell: str, r: FigureRules) -> tuple[Kind, str | None, float] | None:
    """(kind, unit, scale) named by a unit cell, or None when the cell names no unit."""
    words = " ".join(cell.replace(",", " ").split()).lower()
    if not words or len(words) > 30:
        return None
    if words == "%":
        return "percent", None, 1.0
    currencies = r.figures.currencies
    units = r.figures.quantity.units
    for scale_word, scale in sorted(r.numbers.scales.items(), key=lambda kv: -len(kv[0])):
        for currency, code in currencies.items():
            if words in (f"{scale_word} {currency.lower()}", f"{scale_word}{currency.lower()}"):
                return "money", code, scale
    if cell.strip() in currencies or words in currencies:
        return "money", currencies.get(cell.strip()) or currencies[words], 1.0
    if cell.strip() in units:
        return "quantity", units[cell.strip()], 1.0
    nouns = r.count_nouns
    parts = words.split()
    for k in (3, 2, 1):
        if len(parts) >= k and " ".join(parts[:k]) in nouns:
            return "count", " ".join(parts[:k]), 1.0
    return None


def find_table_figures(text: str, blocked: Blocked, r: FigureRules) -> list[Found]:
    """Figures of table rows `… | unit | number | …`, claimed so the amount rules skip them.

    >>> from extractors.figures.common import Blocked
    >>> from extractors.figures.rules import figure_rules
    >>> t = "2.2 | Số nhiệm vụ đã hoàn thành | Nhiệm vụ | 11 | \\n2 | Tỷ lệ hoàn thành | % | 22,45 | "
    >>> [(f.kind, f.value, f.unit, f.extra["subject"])
    ...  for f in find_table_figures(t, Blocked(len(t)), figure_rules(LEXICON))]
    [('count', 11, 'nhiệm vụ', 'Số nhiệm vụ đã hoàn thành'), ('percent', 22.45, None, 'Tỷ lệ hoàn thành')]
    """
    if "|" not in text:
        return []
    out: list[Found] = []
    for row in _ROW.finditer(text):
        cells = [(m.start() + row.start(), m.end() + row.start(), m.group()) for m in _CELL.finditer(row.group())]
        for i in range(1, len(cells) - 1):
            unit = _unit_of(cells[i][2], r)
            if unit is None:
                continue
            number = _BARE_NUMBER.match(cells[i + 1][2])
            if not number:
                continue
            value = parse_digits(number.group(1))
            if value is None:
                continue
            kind, unit_name, scale = unit
            if kind == "count" and not float(value).is_integer():
                continue
            start = cells[i + 1][0] + number.start(1)
            end = cells[i + 1][0] + number.end(1)
            if blocked.hit(start, end):
                continue
            value = value * scale
            v = int(value) if float(value).is_integer() else round(value, 6)
            subject = " ".join(cells[i - 1][2].split()) or None
            out.append(Found(kind, v, start, end, unit_name, "exact", extra={"subject": subject}))
            blocked.claim(start, end)
    return out
