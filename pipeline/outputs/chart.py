"""A plain SVG bar chart of summary rows, written by hand so it needs no plotting library.

One panel per metric and unit (VND and USD never share an axis), one horizontal
bar per reporting unit and period, the value written at the bar's end with its
bound sign (≥ for a lower bound). Rows that are not totals (percentages and
other per-value rows) are left out: a bar chart of them would suggest a sum.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from pipeline.outputs.numbers import format_short
from schemas import SummaryRow

WIDTH = 900
LABEL_WIDTH = 300
VALUE_WIDTH = 160
BAR_HEIGHT = 20
GAP = 6
TITLE_HEIGHT = 34
MAX_BARS = 25  # per panel; the rest are summed into "các đơn vị khác"
COLOURS = ["#2b6cb0", "#2f855a", "#b7791f", "#9b2c2c", "#6b46c1", "#2c7a7b"]
_SIGN = {"exact": "", "lower_bound": "≥ ", "upper_bound": "≤ ", "approx": "≈ ", "mixed": "~ "}


def _panels(
    rows: Sequence[SummaryRow], per_value: frozenset[str]
) -> list[tuple[str, list[tuple[str, float, str]]]]:
    panels: dict[tuple[str, str | None], list[tuple[str, float, str]]] = {}
    titles: dict[tuple[str, str | None], str] = {}
    for row in rows:
        summed = sum(r.value for r in row.mentions)
        is_sum = math.isclose(row.total, summed, rel_tol=1e-9, abs_tol=1e-6)
        if row.kind == "percent" or row.metric in per_value or not is_sum:
            continue  # per-value rows: their total is one value, not a sum
        key = (row.metric, row.unit)
        titles[key] = f"{row.label} ({row.unit})" if row.unit else row.label
        name = " · ".join(p for p in (row.reporting_unit or "không rõ đơn vị", row.period) if p)
        panels.setdefault(key, []).append((name, float(row.total), row.bound))
    out = []
    for key, bars in panels.items():
        bars.sort(key=lambda b: -b[1])
        if len(bars) > MAX_BARS:
            rest = bars[MAX_BARS - 1:]
            bound = "exact" if all(b[2] == "exact" for b in rest) else "mixed"
            bars = [*bars[:MAX_BARS - 1], (f"{len(rest)} đơn vị khác", sum(b[1] for b in rest), bound)]
        out.append((titles[key], bars))
    return out


def bar_chart_svg(rows: Sequence[SummaryRow], per_value: frozenset[str] = frozenset()) -> str:
    """An SVG document: per metric and unit, bars by reporting unit (and period).

    `per_value` names the metrics whose rows are single values (taxonomy `additive = false`).
    """
    panels = _panels(rows, per_value)
    parts: list[str] = [
        '<text x="10" y="24" class="heading">Tổng hợp số liệu theo đơn vị báo cáo</text>',
        '<text x="10" y="44" class="note">Thanh nhạt: tổng chưa chính xác (≥ ít nhất, ≤ nhiều nhất, '
        '≈ ước tính, ~ cả hai). Tỷ lệ % và đơn giá không cộng nên không vẽ.</text>',
    ]
    y = 56
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    for index, (title, bars) in enumerate(panels):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<text x="10" y="{y + 20}" class="title">{escape(title)}</text>')
        y += TITLE_HEIGHT
        top = max((b[1] for b in bars), default=0) or 1
        for name, value, bound in bars:
            length = max(1.0, bar_space * value / top) if value > 0 else 0
            label = escape(_SIGN[bound] + format_short(value))
            faded = ' fill-opacity="0.55"' if bound != "exact" else ""
            short = name if len(name) <= 45 else name[:44] + "…"
            parts.append(
                f"<g><title>{escape(name)}: {label}</title>"
                f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"'
                f"{faded}/>"
                f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}">{label}</text></g>'
            )
            y += BAR_HEIGHT + GAP
        y += GAP * 2
    if not panels:
        parts.append(f'<text x="10" y="{y + 20}">Chưa có tổng nào để vẽ.</text>')
        y += 40
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13">\n'
        "<style>.title{font-weight:bold;font-size:15px}.heading{font-weight:bold;font-size:18px}"
        ".note{fill:#555;font-size:12px}</style>\n"
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>\n' + "\n".join(parts) + "\n</svg>\n"
    )
