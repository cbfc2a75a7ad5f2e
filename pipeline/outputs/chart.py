"""A plain SVG bar chart of summary rows, written by hand so it needs no plotting library.

One panel per metric, and only where a chart says more than the table: a metric with
fewer than two bars is left to the table. Inside a panel, bars of one unit share a scale
and a sub-heading (`đồng`, `USD`, `hộ`): VND and USD never share an axis, and the nouns a
count was written with (`hộ`, `hộ nghèo`) stay one chart. One horizontal bar per reporting
unit and period, the value written at the bar's end with its bound sign (≥ for a lower
bound). Labels are shortened to the room they have (by an estimate of their width in the
chart's font), the full text kept in each bar's tooltip. Rows that are not totals
(percentages and other per-value rows) are left out: a bar chart of them would suggest a sum.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from pipeline.outputs.numbers import format_amount, format_short
from schemas import SummaryRow

WIDTH = 900
LABEL_WIDTH = 300
VALUE_WIDTH = 160
BAR_HEIGHT = 20
GAP = 6
TITLE_HEIGHT = 34
UNIT_HEIGHT = 22
FONT_SIZE = 13
TITLE_SIZE = 15
MIN_BARS = 2  # fewer bars than this: the table says it all
MAX_BARS = 25  # per unit of a panel; the rest are summed into "các đơn vị khác"
COLOURS = ["#2b6cb0", "#2f855a", "#b7791f", "#9b2c2c", "#6b46c1", "#2c7a7b"]
_SIGN = {"exact": "", "lower_bound": "≥ ", "upper_bound": "≤ ", "approx": "≈ ", "mixed": "~ "}
# widths of characters in a sans-serif font, in ems (an estimate: SVG text cannot be measured here)
_NARROW, _WIDE = set("iljtfrI.,:;'|!()[] ·"), set("mwMWĐƯ@%")


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """About how many pixels `text` takes in the chart's sans-serif font at `size` px."""
    ems = sum(0.3 if c in _NARROW else 0.85 if c in _WIDE else 0.68 if c.isupper() else 0.56 for c in text)
    return ems * size * (1.08 if bold else 1.0)


def fit(text: str, room: float, size: float = FONT_SIZE, bold: bool = False) -> str:
    """`text`, or its start and `…`, within `room` pixels."""
    if text_width(text, size, bold) <= room:
        return text
    while text and text_width(text + "…", size, bold) > room:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass
class _Panel:
    title: str
    groups: dict[str | None, list[tuple[str, float, str]]] = field(default_factory=dict)

    @property
    def bars(self) -> int:
        return sum(len(bars) for bars in self.groups.values())


def _unit_label(unit: str | None) -> str | None:
    """How the panel names a unit: `đồng` for VND, the noun of a count as written."""
    return format_amount(1, unit).split(" ", 1)[1] if unit and unit == "VND" else unit


class ChartBars:
    """The bars of the chart, added a summary row at a time (only a name, a total and a bound are kept per
    row), so the pass that writes the summary's other files can draw it too."""

    def __init__(self, per_value: frozenset[str] = frozenset()) -> None:
        self.per_value = per_value  # metrics whose rows are single values (taxonomy `additive = false`)
        self._panels: dict[str, _Panel] = {}

    def add(self, row: SummaryRow, summed: float) -> None:
        """One row and the sum of its figures (a row whose total is not that sum is one value: no bar)."""
        is_sum = math.isclose(row.total, summed, rel_tol=1e-9, abs_tol=1e-6)
        if row.kind == "percent" or row.metric in self.per_value or not is_sum:
            return  # per-value rows: their total is one value, not a sum
        panel = self._panels.setdefault(row.metric, _Panel(row.label))
        name = " · ".join(p for p in (row.reporting_unit or "không rõ đơn vị", row.period) if p)
        panel.groups.setdefault(row.unit, []).append((name, float(row.total), row.bound))

    def panels(self) -> list[_Panel]:
        """The panels with two bars or more, each unit's bars largest first, beyond MAX_BARS summed."""
        out = []
        for panel in self._panels.values():
            if panel.bars < MIN_BARS:
                continue
            for unit, bars in panel.groups.items():
                bars.sort(key=lambda b: -b[1])
                if len(bars) > MAX_BARS:
                    rest = bars[MAX_BARS - 1 :]
                    bound = "exact" if all(b[2] == "exact" for b in rest) else "mixed"
                    panel.groups[unit] = [
                        *bars[: MAX_BARS - 1],
                        (f"{len(rest)} đơn vị khác", sum(b[1] for b in rest), bound),
                    ]
            out.append(panel)
        return out

    def svg(self) -> str:
        """The chart of the rows added."""
        return _svg(self.panels())


def bar_chart_svg(
    rows: Iterable[SummaryRow], per_value: frozenset[str] = frozenset(), sums: Iterable[float] | None = None
) -> str:
    """An SVG document: per metric with two bars or more, bars by reporting unit (and period), per unit.

    `per_value` names the metrics whose rows are single values (taxonomy `additive = false`); `sums`, the
    sum of each row's figures, when the rows do not carry their MentionRefs.
    """
    bars = ChartBars(per_value)
    rows_sums = (
        ((row, sum(m.value for m in row.mentions)) for row in rows) if sums is None else zip(rows, sums, strict=True)
    )
    for row, summed in rows_sums:
        bars.add(row, summed)
    return bars.svg()


def _svg(panels: list[_Panel]) -> str:
    parts: list[str] = [
        '<text x="10" y="24" class="heading">Tổng hợp số liệu theo đơn vị báo cáo</text>',
        '<text x="10" y="44" class="note">Thanh nhạt: tổng chưa chính xác (≥ ít nhất, ≤ nhiều nhất, '
        "≈ ước tính, ~ cả hai).</text>",
        '<text x="10" y="60" class="note">Tỷ lệ % và đơn giá không cộng nên không vẽ; chỉ tiêu chỉ có một tổng '
        "xem ở bảng (summary.md).</text>",
    ]
    y = 72
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    for index, panel in enumerate(panels):
        colour = COLOURS[index % len(COLOURS)]
        title = fit(panel.title, WIDTH - 20, TITLE_SIZE, bold=True)
        parts.append(
            f'<text x="10" y="{y + 20}" class="title"><title>{escape(panel.title)}</title>{escape(title)}</text>'
        )
        y += TITLE_HEIGHT
        for unit, bars in panel.groups.items():
            label = _unit_label(unit)
            if label and (len(panel.groups) > 1 or unit != "VND"):
                parts.append(
                    f'<text x="{LABEL_WIDTH}" y="{y + 14}" class="unit">'
                    f"{escape(fit('Đơn vị tính: ' + label, bar_space + VALUE_WIDTH))}</text>"
                )
                y += UNIT_HEIGHT
            top = max((b[1] for b in bars), default=0) or 1  # one scale per unit
            for name, value, bound in bars:
                length = max(1.0, bar_space * value / top) if value > 0 else 0
                shown = _SIGN[bound] + format_short(value)
                faded = ' fill-opacity="0.55"' if bound != "exact" else ""
                short = fit(name, LABEL_WIDTH - 16)
                parts.append(
                    f"<g><title>{escape(name)}: {escape(shown)}{escape(' ' + label) if label else ''}</title>"
                    f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
                    f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"'
                    f"{faded}/>"
                    f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}">'
                    f"{escape(fit(shown, VALUE_WIDTH - 10))}</text></g>"
                )
                y += BAR_HEIGHT + GAP
        y += GAP * 2
    if not panels:
        parts.append(
            f'<text x="10" y="{y + 20}">Chưa có chỉ tiêu nào có từ hai tổng trở lên để vẽ; xem bảng '
            f"trong summary.md.</text>"
        )
        y += 40
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="{FONT_SIZE}">\n'
        f"<style>.title{{font-weight:bold;font-size:{TITLE_SIZE}px}}.heading{{font-weight:bold;font-size:18px}}"
        ".note{fill:#555;font-size:12px}.unit{fill:#555;font-style:italic}</style>\n"
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>\n' + "\n".join(parts) + "\n</svg>\n"
    )
