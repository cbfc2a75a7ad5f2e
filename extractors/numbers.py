"""Vietnamese numbers, written in digits or in words, to Python numbers.

Vietnamese writes `.` to group thousands and `,` as the decimal mark, so
`1.250` is 1250 and `3,4` is 3.4. Words compose as in speech: `ba trăm hai
mươi lăm` is 325, `hai tỷ ba trăm triệu` is 2 300 000 000. Parsers here never
raise: they return None for what is not a number (price-parser's rule); a
number too long for a float (more than `MAX_DIGITS` digits) is no number.
The number words come from the lexicon (`figures.toml` [numbers], [scales]).
Both parsers are pure and remembered: documents repeat their numbers (`2024`, `năm`, `01`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from schemas.lexicon import Lexicon

MAX_DIGITS = 24  # beyond any figure a report states (2,8 triệu tỷ đồng has 16); floats overflow at 309

_GROUPED = regex.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_EN_GROUPED = regex.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$")  # `1,500,000`: English grouping, unambiguous
_PLAIN = regex.compile(r"^\d+(?:,\d+)?$")
_DOT_DECIMAL = regex.compile(r"^\d+\.\d{1,2}$")


@dataclass(frozen=True, eq=False)
class NumberRules:
    """The number words of a lexicon as look-up sets (hashed by identity: one per lexicon, a cache key)."""

    units: dict[str, int]
    ten: frozenset[str]
    tens: frozenset[str]
    hundred: frozenset[str]
    joiners: frozenset[str]
    half: frozenset[str]
    zero: frozenset[str]
    after_tens_only: frozenset[str]
    not_after_tens: frozenset[str]
    scales: dict[str, float]
    decimal_points: frozenset[str] = frozenset()

    @property
    def all(self) -> frozenset[str]:
        return frozenset(self.units) | self.ten | self.tens | self.hundred | self.joiners | self.half | self.zero


@lru_cache(maxsize=4)
def number_rules(lexicon: Lexicon) -> NumberRules:
    """The compiled number words of `lexicon`."""
    n = lexicon.figures.numbers
    return NumberRules(
        units=dict(n.units),
        ten=frozenset(n.ten),
        tens=frozenset(n.tens),
        hundred=frozenset(n.hundred),
        joiners=frozenset(n.joiners),
        half=frozenset(n.half),
        zero=frozenset(n.zero),
        after_tens_only=frozenset(n.after_tens_only),
        not_after_tens=frozenset(n.not_after_tens),
        scales={k: float(v) for k, v in lexicon.figures.scales.items()},
        decimal_points=frozenset(n.decimal_points),
    )


@lru_cache(maxsize=1 << 13)
def parse_digits(s: str) -> float | int | None:
    """Read a number written in digits the Vietnamese way.

    >>> parse_digits("1.250"), parse_digits("3,4"), parse_digits("1.500.000"), parse_digits("04")
    (1250, 3.4, 1500000, 4)
    >>> parse_digits("1.086,57"), parse_digits("674,573"), parse_digits("2.664,7")
    (1086.57, 674.573, 2664.7)
    >>> parse_digits("8.5"), parse_digits("abc"), parse_digits(""), parse_digits("1,500,000")
    (8.5, None, None, 1500000)
    >>> parse_digits("2" + "0" * 309) is None
    True
    """
    s = s.strip()
    if sum(ch.isdigit() for ch in s) > MAX_DIGITS:
        return None
    if _EN_GROUPED.match(s, None, None, False):
        whole, _, frac = s.partition(".")
        return _number(whole.replace(",", ""), frac)
    if _GROUPED.match(s, None, None, False):
        whole, _, frac = s.partition(",")
        return _number(whole.replace(".", ""), frac)
    if _PLAIN.match(s, None, None, False):
        whole, _, frac = s.partition(",")
        return _number(whole, frac)
    if _DOT_DECIMAL.match(s, None, None, False):
        whole, _, frac = s.partition(".")
        return _number(whole, frac)
    return None


def _number(whole: str, frac: str) -> float | int:
    if frac and frac.strip("0"):
        return float(f"{int(whole)}.{frac}")
    return int(whole)


@lru_cache(maxsize=1 << 13)
def parse_words(s: str, rules: NumberRules) -> int | float | None:
    """Read a number written in Vietnamese words (scale words included).

    `rules` is `number_rules(lexicon)`; below, `words` reads with the packaged lexicon.

    >>> words = lambda s: parse_words(s, number_rules(LEXICON))
    >>> words("ba trăm hai mươi lăm"), words("hai tỷ ba trăm triệu"), words("mười")
    (325, 2300000000, 10)
    >>> words("hai mươi mốt"), words("một trăm linh năm"), words("hai mươi tư")
    (21, 105, 24)
    >>> words("một nghìn"), words("năm"), words("bẩy"), words("mười lăm")
    (1000, 5, 7, 15)
    >>> words("một triệu rưỡi"), words("hai nghìn tỷ"), words("xin chào")
    (1500000, 2000000000000, None)
    >>> words("hai năm"), words("mười năm"), words("lăm"), words("trăm")
    (None, None, None, None)
    >>> words("hai mươi mốt nghìn không trăm mười một"), words("một tỷ không trăm linh một")
    (21011, 1000000001)
    >>> words("ba mươi tư vạn bảy ngàn tám trăm lẻ chín"), words("không trăm"), words("hai không")
    (347809, None, None)
    >>> words("ba phẩy năm"), words("không phẩy hai lăm"), words("hai phẩy năm tỷ"), words("ba phẩy mười bốn")
    (3.5, 0.25, 2500000000, 3.14)
    >>> words("phẩy năm"), words("ba phẩy"), words("ba phẩy năm phẩy hai")
    (None, None, None)
    """
    words = s.lower().split()
    if not words:
        return None
    point = next((i for i, w in enumerate(words) if w in rules.decimal_points), -1)
    if point >= 0:
        return _decimal_words(words[:point], words[point + 1 :], rules)
    return _integer_words(words, rules)


def _decimal_words(whole: list[str], after: list[str], rules: NumberRules) -> int | float | None:
    """`ba` `phẩy` `năm [tỷ]`: the whole part, the digits after the mark, then any scale words."""
    cut = next((i for i, w in enumerate(after) if w in rules.scales), len(after))
    digits, scale_words = after[:cut], after[cut:]
    if not digits or any(w in rules.decimal_points for w in after):
        return None
    if len(whole) == 1 and whole[0] in rules.zero:  # `không phẩy năm`: zero opens only this
        integer: int | float | None = 0
    else:
        integer = _integer_words(whole, rules) if whole else None
    if integer is None or integer != int(integer):
        return None
    singles = [rules.units.get(w, 0 if w in rules.zero else None) for w in digits]
    if all(d is not None for d in singles) and not any(w in rules.after_tens_only for w in digits[:1]):
        fraction = "".join(str(d) for d in singles)
    else:
        read = _integer_words(digits, rules)
        if read is None or read != int(read):
            return None
        fraction = str(int(read))
    value = float(f"{int(integer)}.{fraction}")
    if scale_words:
        scale = _scale_product(scale_words, rules)
        if scale is None:
            return None
        value = round(value * scale, 6)
    return int(value) if value == int(value) else value


def _scale_product(words: list[str], rules: NumberRules) -> float | None:
    """`tỷ`, `nghìn tỷ`: stacked scale words multiply."""
    product = 1.0
    i = 0
    while i < len(words):
        two = " ".join(words[i : i + 2])
        if two in rules.scales:
            product *= rules.scales[two]
            i += 2
        elif words[i] in rules.scales:
            product *= rules.scales[words[i]]
            i += 1
        else:
            return None
    return product


def _integer_words(words: list[str], rules: NumberRules) -> int | float | None:
    """A number in words with no decimal mark (halves allowed: `một triệu rưỡi`)."""
    num = rules
    total = 0.0  # finished scale groups
    group = 0.0  # below the current scale
    last = 0.0  # the value just read, for `mươi` and `trăm`
    last_scale = 0.0
    prev = ""  # kind of the previous word: unit, ten, tens, hundred, joiner, scale
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        two = " ".join(words[i : i + 2])
        if two in num.scales:
            w, i = two, i + 1
        if w in num.zero:  # `hai nghìn không trăm hai mươi`: zero hundreds, only inside a number
            if prev != "scale" or i + 1 >= len(words) or words[i + 1] not in num.hundred:
                return None
            last = 0
            prev = "unit"
        elif w in num.units:
            if prev == "unit" or (w in num.after_tens_only and prev not in ("ten", "tens")):
                return None  # `hai năm` is two years, `lăm` needs a ten before it
            if w in num.not_after_tens and prev in ("ten", "tens"):
                return None  # fifteen is `mười lăm`; `mười năm` is ten years
            last = num.units[w]
            group += last
            prev = "unit"
        elif w in num.ten:
            if prev in ("unit", "ten", "tens"):
                return None
            last = 10
            group += 10
            prev = "ten"
        elif w in num.tens:
            if prev != "unit":
                return None
            group += last * 9  # `hai mươi`: the 2 was added, make it 20
            last = 0
            prev = "tens"
        elif w in num.hundred:
            if prev != "unit":
                return None
            group += last * 99
            last = 0
            prev = "hundred"
        elif w in num.joiners:
            if prev != "hundred":
                return None
            prev = "joiner"
        elif w in num.half:
            if last_scale and group == 0:
                total += 0.5 * last_scale  # `một triệu rưỡi`
            else:
                group += 0.5
            prev = "half"
        elif w in num.scales:
            scale = num.scales[w]
            if group == 0 and total == 0:
                return None
            if last_scale and last_scale < scale:
                total = (total + group) * scale  # `một trăm nghìn tỷ`
            else:
                total += group * scale
            last_scale = scale
            group = 0
            last = 0
            prev = "scale"
        else:
            return None
        seen = True
        i += 1
    if not seen:
        return None
    value = total + group
    return int(value) if value == int(value) else value
