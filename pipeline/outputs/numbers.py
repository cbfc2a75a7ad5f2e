"""Numbers written the Vietnamese way for people to read: `.` groups thousands, `,` is the decimal mark.

The one formatter of the outputs (summary tables, chart labels, the review page),
the inverse of `extractors.numbers.parse_digits`.
"""

from __future__ import annotations

_SHORT_SCALES = ((1e12, "nghìn tỷ"), (1e9, "tỷ"), (1e6, "triệu"))  # largest first


def _group(whole: int) -> str:
    return f"{whole:,}".replace(",", ".")


def format_number(value: float | int, decimals: int | None = None) -> str:
    """Every digit of `value`; with `decimals`, the fraction rounded to at most that many places.

    >>> format_number(1250), format_number(3.4), format_number(1500000), format_number(1086.57)
    ('1.250', '3,4', '1.500.000', '1.086,57')
    >>> format_number(3400000000), format_number(98.456, decimals=2), format_number(-2.5)
    ('3.400.000.000', '98,46', '-2,5')
    """
    if float(value).is_integer():
        return _group(int(value))
    if decimals is None:
        whole, _, frac = repr(float(value)).partition(".")
        return ("-" if whole.startswith("-") else "") + _group(abs(int(whole))) + "," + frac
    text = f"{abs(value):,.{decimals}f}".rstrip("0").rstrip(".")
    sign = "-" if value < 0 and text.strip("0.,") else ""
    return sign + text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_short(value: float | int) -> str:
    """A short label: `3,4 tỷ`, `655 triệu`, `35`, `2,5`.

    >>> format_short(3400000000), format_short(655000000), format_short(35), format_short(2.5)
    ('3,4 tỷ', '655 triệu', '35', '2,5')
    """
    for size, word in _SHORT_SCALES:
        if abs(value) >= size:
            return f"{value / size:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " " + word
    return format_number(value, decimals=2)


_CURRENCY_WORDS = {"VND": "đồng"}  # how a summary for a Vietnamese reader names a currency


def format_amount(value: float | int, unit: str | None) -> str:
    """A total with its unit, money in words of scale: `3,4 tỷ đồng`, `115,15 triệu USD`, `1.250 hộ`.

    >>> format_amount(3400000000, "VND"), format_amount(115150000, "USD"), format_amount(1250, "hộ")
    ('3,4 tỷ đồng', '115,15 triệu USD', '1.250 hộ')
    >>> format_amount(98.5, "%"), format_amount(7, None)
    ('98,5%', '7')
    """
    if unit in ("VND", "USD", "EUR") or unit in _CURRENCY_WORDS:
        return f"{format_short(value)} {_CURRENCY_WORDS.get(unit, unit)}"
    if unit == "%":
        return f"{format_number(value, decimals=2)}%"
    number = format_number(value, decimals=2)
    return f"{number} {unit}" if unit else number
