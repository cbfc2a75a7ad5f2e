"""Vietnamese numbers, written in digits or in words, to Python numbers.

Vietnamese writes `.` to group thousands and `,` as the decimal mark, so
`1.250` is 1250 and `3,4` is 3.4. Words compose as in speech: `ba trăm hai
mươi lăm` is 325, `hai tỷ ba trăm triệu` is 2 300 000 000. Parsers here never
raise: they return None for what is not a number (price-parser's rule).
"""

from __future__ import annotations

import regex

from extractors.rules import RULES

_GROUPED = regex.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_EN_GROUPED = regex.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$")  # `1,500,000`: English grouping, unambiguous
_PLAIN = regex.compile(r"^\d+(?:,\d+)?$")
_DOT_DECIMAL = regex.compile(r"^\d+\.\d{1,2}$")
_AFTER_TENS_ONLY = {"lăm", "nhăm", "mốt", "tư"}
_NOT_AFTER_TENS = {"năm"}


def parse_digits(s: str) -> float | int | None:
    """Read a number written in digits the Vietnamese way.

    >>> parse_digits("1.250"), parse_digits("3,4"), parse_digits("1.500.000"), parse_digits("04")
    (1250, 3.4, 1500000, 4)
    >>> parse_digits("1.086,57"), parse_digits("674,573"), parse_digits("2.664,7")
    (1086.57, 674.573, 2664.7)
    >>> parse_digits("8.5"), parse_digits("abc"), parse_digits(""), parse_digits("1,500,000")
    (8.5, None, None, 1500000)
    """
    s = s.strip()
    if _EN_GROUPED.match(s):
        whole, _, frac = s.partition(".")
        return _number(whole.replace(",", ""), frac)
    if _GROUPED.match(s):
        whole, _, frac = s.partition(",")
        return _number(whole.replace(".", ""), frac)
    if _PLAIN.match(s):
        whole, _, frac = s.partition(",")
        return _number(whole, frac)
    if _DOT_DECIMAL.match(s):
        whole, _, frac = s.partition(".")
        return _number(whole, frac)
    return None


def _number(whole: str, frac: str) -> float | int:
    if frac and frac.strip("0"):
        return float(f"{int(whole)}.{frac}")
    return int(whole)


def parse_words(s: str) -> int | float | None:
    """Read a number written in Vietnamese words (scale words included).

    >>> parse_words("ba trăm hai mươi lăm"), parse_words("hai tỷ ba trăm triệu"), parse_words("mười")
    (325, 2300000000, 10)
    >>> parse_words("hai mươi mốt"), parse_words("một trăm linh năm"), parse_words("hai mươi tư")
    (21, 105, 24)
    >>> parse_words("một nghìn"), parse_words("năm"), parse_words("bẩy"), parse_words("mười lăm")
    (1000, 5, 7, 15)
    >>> parse_words("một triệu rưỡi"), parse_words("hai nghìn tỷ"), parse_words("xin chào")
    (1500000, 2000000000000, None)
    >>> parse_words("hai năm"), parse_words("mười năm"), parse_words("lăm"), parse_words("trăm")
    (None, None, None, None)
    """
    words = s.lower().split()
    if not words:
        return None
    num = RULES.number_words
    total = 0.0  # finished scale groups
    group = 0.0  # below the current scale
    last = 0.0  # the value just read, for `mươi` and `trăm`
    last_scale = 0.0
    prev = ""  # kind of the previous word: unit, ten, tens, hundred, joiner, scale
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        two = " ".join(words[i:i + 2])
        if two in RULES.scales:
            w, i = two, i + 1
        if w in num.units:
            if prev == "unit" or (w in _AFTER_TENS_ONLY and prev not in ("ten", "tens")):
                return None  # `hai năm` is two years, `lăm` needs a ten before it
            if w in _NOT_AFTER_TENS and prev in ("ten", "tens"):
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
        elif w in RULES.scales:
            scale = RULES.scales[w]
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

