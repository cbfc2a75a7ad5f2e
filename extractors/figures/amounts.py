"""Amounts: money, percentages, quantities and counts, read as a composition.

A figure is built from parts, each from the lexicon: an optional currency
before it (`$25`, `USD 2,5`), a number (digits the Vietnamese or English way,
or words of any length), a glued scale (`50k`, `1,5tr`), scale words that
multiply (`2,8 triệu tỷ`, `5 trăm triệu`) and compounds that add (`2 tỷ 350
triệu`), then what follows, which decides its kind: `%` a percent, a currency
a money amount, a unit a quantity (prefix + base: `mili` + `lít`; a power:
`mét vuông`), a noun a count; and a rate's denominator (`/h`, `trên ha`,
`mỗi người`, `/100 ml`) that is consumed into `per`, never read as a figure
of its own. A currency or unit word that begins a dictionary word (`đồng
bằng`, `cân đối`) is no currency or unit. Ranges (`từ 2 đến 3 triệu đồng`,
`22 - 28 triệu`, `giữa 3.000 và 5.000 đồng`) and pairs (`7/19 tiêu chí`, `12
trên tổng số 40 thôn`) are two figures that share what is written once after
them; a low end written shorter shares the high end's digit groups (`20-25.000
tỷ`). Before pairing, fractions (`2/5 khối lượng`), ratios (`110 bé trai/100
bé gái`, `4/100.000 dân`) and multipliers (`12 lần mức lương`) are told apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

import regex

from extractors.anchors import Anchored, Anchors
from extractors.figures.common import (
    AHEAD,
    Blocked,
    Found,
    at_digit_runs,
    blanks_end,
    clause_qualifier,
    qualifier_before,
    words_before,
)
from extractors.figures.nouns import Noun, noun_after
from extractors.figures.rules import FigureRules, alternation
from extractors.numbers import parse_digits, parse_words
from extractors.probe import WordProbe
from extractors.trie import trie_alternation
from schemas.models import Kind, Qualifier

_I = regex.IGNORECASE
# between a number and its scale, currency or unit: spaces, or one line end where a PDF wrapped the line
_GAP = r"[ \t]*(?:\n[ \t]*(?-i:(?!\p{Lu})))?"
_DIGITS = (
    r"(?<![\p{Lu}\p{M}\p{N}.,])(?<!\d[ \t]?/)"
    r"(?:\d{1,3}(?:,\d{3}){2,}(?![\d,])|\d+\.\d{1,2}(?![\p{N}]|[.,]\d)"
    r"|(?:\d{1,3}(?:\.\d{3})+(?![\d])|\d+)(?:,\d+)?)(?![\p{N}])"
)
_DIGITS_CORE = _DIGITS[_DIGITS.index("(?:\\d{1,3}(?:,") :]  # the same number, whatever stands before it
_FIGURE_KINDS = ("money", "count", "quantity", "percent")


def _phrase(words: list[str] | frozenset[str], space: str = r"[ \t]+") -> str:
    """Literal phrases, longest first, their inner spaces matching `space`."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(space.join(regex.escape(p) for p in w.split(" ")) for w in items)


def _folded(words: list[str] | frozenset[str], space: str = r"\s+") -> str:
    """`alternation(words)` (`_phrase(words)` with `space=r"[ \t]+"`) as a tree, for a pattern that folds case
    and is matched forwards: see `extractors.trie`."""
    return trie_alternation(words, folded=True, space=space)


def _as_written(words: list[str] | frozenset[str], space: str = r"\s+") -> str:
    """`_folded` for a pattern that matches case as written."""
    return trie_alternation(words, folded=False, space=space)


_BLANKS = r"[ \t]+"


@lru_cache(maxsize=4)
def unit_spellings(r: FigureRules) -> dict[str, str]:
    """Every spelling of a quantity unit, lower case, to its canonical form: the units of the lexicon,
    and prefix + base (+ power) compositions (`mi-li-lít` = ml, `ki-lô-mét vuông` = km2)."""
    q = r.figures.quantity
    out = {k.lower(): v for k, v in q.units.items()}
    for b_word, b_sym in q.bases.items():
        bases = {b_word: b_sym}
        for pw_word, pw_sym in q.powers.items():
            bases[f"{b_word} {pw_word}"] = b_sym + pw_sym
        for spelled, symbol in bases.items():
            out.setdefault(spelled, out.get(symbol, symbol))
            for p_word, p_sym in q.prefixes.items():
                for sep in ("", "-", " "):
                    composed = p_sym + symbol
                    out.setdefault(f"{p_word}{sep}{spelled}", out.get(composed, composed))
    return out


@lru_cache(maxsize=4)
def _patterns(r: FigureRules) -> dict[str, regex.Pattern[str]]:
    f = r.figures
    nw = r.numbers
    start_words = list(nw.units) + list(nw.ten)
    any_words = list(nw.all) + list(nw.scales) + list(f.numbers.zero) + list(nw.decimal_points)
    # zero opens a number only before the decimal mark: `không phẩy năm phần trăm`
    zero_point = (
        alternation(list(nw.zero)) + r"(?=\s+" + alternation(list(nw.decimal_points)) + r"(?![\p{L}\p{M}]))"
        if nw.decimal_points and nw.zero
        else r"(?!)"
    )
    # the word alternations below are trees (`_folded`, `_as_written`): the same matches, tried faster
    word_num = (
        r"(?<![\p{L}\p{M}])(?:" + _folded(start_words) + "|" + zero_point + r")(?:\s+(?:" + _folded(any_words) + r"))*"
        r"(?![\p{L}\p{M}])"
    )
    multipliers = _folded(list(nw.hundred) + list(nw.tens))
    scale_words = _folded(list(nw.scales))

    def scale_end(glued_currency: str) -> str:
        # `192tỷđồng`, `1,37 tỷUSD`: a scale may touch its currency in badly extracted text
        return r"(?:(?![\p{L}\p{M}])|(?=(?:" + glued_currency + r")(?![\p{L}])))"

    cur_words = [c for c in f.currencies if not c.isupper()]
    cur_codes = [c for c in f.currencies if c.isupper()]
    currency = _GAP + r"(?:(?i:" + _folded(cur_words) + r")|" + _as_written(cur_codes) + r")(?![\p{L}\p{M}\p{N}])"
    prefixes = _money_prefix_words(r)
    signs = [s for s in f.percent.signs if not s[:1].isalpha()]
    sign_words = [s for s in f.percent.signs if s[:1].isalpha()]
    not_points = "".join(rf"(?<!{_phrase([w])}[ \t]*)" for w in f.percent.not_percent_before)
    percent = "|".join(
        filter(None, [_folded(signs, _BLANKS), not_points + "(?:" + _folded(sign_words, _BLANKS) + r")(?![\p{L}])"])
    )
    a = f.amounts
    seconds = _as_written(a.rate_continuations, _BLANKS)
    durations = _as_written(a.rate_durations, _BLANKS)
    denominator = (
        r"(?:\d[\d.,]*[ \t]*[\p{L}\p{M}][\p{L}\p{M}\p{N}]*"  # `/100 ml`, `/1.000 dân`
        r"|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[ \t]+(?:" + seconds + r"|\d+[ \t]+(?:" + durations + r")))?)"
    )
    lower_words = (
        r"\b(?:" + _as_written(start_words) + "|" + zero_point + r")(?:\s+(?:" + _as_written(any_words) + r"))*\b"
    )
    next_first = r"(?=\d|(?:" + _folded(start_words) + r")\b|(?:" + _folded(prefixes) + r")[ \t]?\d)"
    return {
        "digits_only": regex.compile(_DIGITS),
        "words_lower": regex.compile(lower_words),  # run on lower-cased text: no IGNORECASE cost
        "words_any_case": regex.compile(word_num, _I),
        # the second number of a pair or range, right after `/` or `-` (its currency may come first)
        "next_number": regex.compile(
            r"(?:(?:"
            + _folded(prefixes)
            + r")[ \t]?)?(?:(?-i:"
            + _DIGITS.replace(r"(?<!\d[ \t]?/)", "", 1)
            + ")|"
            + word_num
            + ")",
            _I,
        ),
        "digits": regex.compile(r"[ \t]*(" + _DIGITS + r")"),
        "bare_digits": regex.compile(_DIGITS_CORE),
        "scale": regex.compile(
            _GAP + r"(?:(" + multipliers + r")[ \t]+(?=(?:" + scale_words + r")(?![\p{L}])))?"
            r"(" + scale_words + r")" + scale_end(_folded(list(f.currencies))),
            _I,
        ),
        "half_after_scale": regex.compile(r"[ \t]+(?:" + _folded(nw.half, _BLANKS) + r")(?![\p{L}\p{M}])", _I),
        "more_scale": regex.compile(r"[ \t]+(" + scale_words + r")" + scale_end(_folded(list(f.currencies))), _I),
        "glued_scale": regex.compile(
            r"(" + _as_written(list(a.glued_scales)) + r")" + scale_end(_as_written(list(f.currencies)))
        ),
        "currency": regex.compile(currency),
        "prefix_money": regex.compile(r"(?<![\p{L}\p{N}$€£¥₫])(" + _as_written(prefixes) + r")[ \t]?(?=\d)"),
        "percent": regex.compile(_GAP + r"(?:" + percent + ")", _I),
        "range": regex.compile(r"[ \t]*(?:" + _folded(a.range_joiners, _BLANKS) + ")" + _GAP + next_first, _I),
        "between": regex.compile(r"[ \t]+(?:" + _folded(a.between_joiners, _BLANKS) + r")[ \t]+" + next_first, _I),
        "slash": regex.compile(r"[ \t]*/[ \t]*(?=\d)"),
        "pair_words": regex.compile(r"[ \t]+(?:" + _folded(a.pair_joiners, _BLANKS) + r")[ \t]+(?=\d)", _I),
        "per": regex.compile(
            r"[ \t]*/[ \t]*(" + denominator + r"(?:[ \t]*/[ \t]*[\p{L}\p{M}]+(?:[ \t]+(?:" + seconds + r"))?)*)"
        ),
        "per_word": regex.compile(
            r"[ \t]+(?:" + _folded(a.per_words, _BLANKS) + r")[ \t]+(?!\d)([\p{L}\p{M}][\p{L}\p{M}\p{N}]*)", _I
        ),
        "slash_noun": regex.compile(r"[ \t]*(\p{L}{1,2}/\p{L}{1,2})(?![\p{L}\p{N}/])"),
        "broken_percent": regex.compile(r"(?<![\p{N}.,])(\d{1,3}),[ \t](\d{1,2})[ \t]?%"),
        # `đồng chí`, `đồng bào`, `đô thị`: a currency word that begins another word
        "not_currency_after": regex.compile(r"[ \t]*(?:" + _folded(f.money_not_after.words) + r")(?![\p{L}])", _I),
        "after_qualifier": regex.compile(
            r"[ \t]*(" + _folded(f.qualifiers.more_than_after + f.qualifiers.less_than_after) + r")(?![\p{L}])",
            _I,
        ),
        "next_syllable": regex.compile(r"[ \t]+([\p{L}\p{M}]+)"),
        "digit_groups": regex.compile(r"[.,]\d{3}"),
    }


@lru_cache(maxsize=4)
def _unit_symbols(r: FigureRules) -> frozenset[str]:
    """The canonical forms `unit_spellings` maps to, as a set (a look-up, not a walk through its values)."""
    return frozenset(unit_spellings(r).values())


def _unit_words(words: list[str], folded: bool) -> str:
    return trie_alternation(words, folded=folded)


@lru_cache(maxsize=4)
def _units(r: FigureRules) -> WordProbe:
    """A quantity unit after a number: any spelling of `unit_spellings` (case folded) or a one-letter
    unit (as written), as a word. ~700 spellings: a probe, tried with those that begin where the text does."""
    long_units = [u for u in unit_spellings(r) if len(u) > 1]
    short_units = [u for u in r.figures.quantity.units if len(u) == 1]
    return WordProbe(_GAP, [(long_units, True), (short_units, False)], r"(?![\p{L}\p{M}\p{N}])", _unit_words)


_REMEMBERED = 1 << 14  # characters a gate remembers (a hostile text may hold any number of distinct ones)


class _Starts(dict[str, bool]):
    """Can a word of these lists begin with a character, as the pattern that holds them folds case?
    (`gate[ch]`; "" at the end of the text: never.)

    A probe at a number's end (`%`, a currency, a scale, `/`) fails at once unless one of its words
    begins where the text goes on, yet a `regex` call costs a few µs even then. A pattern of the
    words' first characters (folded as the probe folds them; `classes`: character classes too)
    answers once per character, and the dict remembers (a look-up, no call). A word that is empty
    or begins with white space could match where the next character is a blank: then the gate is
    always open.
    """

    def __init__(self, folded: Iterable[str] = (), written: Iterable[str] = (), classes: Iterable[str] = ()) -> None:
        super().__init__()
        folded, written = list(folded), list(written)
        self.always = any(not w or w[0].isspace() for w in folded + written)
        parts = [
            f"(?{flag}:" + "|".join(sorted({regex.escape(w[0]) for w in words if w})) + ")"
            for flag, words in (("i", folded), ("-i", written))
            if any(words)
        ]
        self._first = regex.compile("|".join([*parts, *classes]) or "(?!)")

    def __missing__(self, ch: str) -> bool:
        if len(self) >= _REMEMBERED:
            self.clear()
        known = self.always or (ch != "" and self._first.match(ch, 0, None, False) is not None)
        self[ch] = known
        return known


class _Gates(NamedTuple):
    """The first characters of each probe of `_patterns` that begins with a word (see `_Starts`)."""

    percent: _Starts
    currency: _Starts
    units: _Starts
    scale: _Starts  # `scale`: a multiplier or a scale word
    scale_word: _Starts  # `more_scale`
    half: _Starts
    glued: _Starts
    digit: _Starts
    letter: _Starts  # `next_syllable`
    not_currency: _Starts
    after_qualifier: _Starts
    range: _Starts
    pair: _Starts
    per_word: _Starts
    prefix: _Starts  # `prefix_money`: a currency written before a number


@lru_cache(maxsize=4)
def _gates(r: FigureRules) -> _Gates:
    f, nw, a = r.figures, r.numbers, r.figures.amounts
    return _Gates(
        percent=_Starts(f.percent.signs),
        currency=_Starts([c for c in f.currencies if not c.isupper()], [c for c in f.currencies if c.isupper()]),
        units=_Starts([u for u in unit_spellings(r) if len(u) > 1], [u for u in f.quantity.units if len(u) == 1]),
        scale=_Starts([*nw.hundred, *nw.tens, *nw.scales]),
        scale_word=_Starts(nw.scales),
        half=_Starts(nw.half),
        glued=_Starts((), a.glued_scales),
        digit=_Starts(classes=[r"\d"]),
        letter=_Starts(classes=[r"[\p{L}\p{M}]"]),
        not_currency=_Starts(f.money_not_after.words),
        after_qualifier=_Starts(f.qualifiers.more_than_after + f.qualifiers.less_than_after),
        range=_Starts(a.range_joiners),
        pair=_Starts(a.pair_joiners),
        per_word=_Starts(a.per_words),
        prefix=_Starts((), _money_prefix_words(r)),
    )


def _next_chars(text: str, pos: int) -> tuple[str, str]:
    """Where a word after `_GAP` at `pos` may begin: the character after the blanks, and after a line end
    there the character after its blanks ("" for none)."""
    q = blanks_end(text, pos)
    ch = text[q : q + 1]
    if ch != "\n":
        return ch, ""
    q = blanks_end(text, q + 1)
    return ch, text[q : q + 1]


def _opens(gate: _Starts, text: str, pos: int) -> bool:
    """Can a probe of `gate`'s words that starts with `_GAP` match at `pos`? (False: it cannot.)"""
    ch, wrapped = _next_chars(text, pos)
    return gate[ch] or gate[wrapped]


def _opens_blank(gate: _Starts, text: str, pos: int, blank: bool) -> bool:
    """`_opens` for a probe that starts with blanks (spaces or tabs; at least one when `blank`), no line end."""
    q = blanks_end(text, pos)
    return (q > pos or not blank) and gate[text[q : q + 1]]


@dataclass
class Amount:
    start: int
    end: int
    value: float
    words: bool  # written in words
    scaled: bool = False
    scale_value: float = 1.0
    groups: int = 1  # digit groups written (`25.000` has 2), for a range's shorter low end
    currency: str | None = None  # a currency written before the number (`$25`)
    glued: bool = False  # a glued scale (`50k`): informal money unless a noun follows


@dataclass
class Tail:
    kind: Kind | Literal[""]  # money, percent, quantity, count, duration, "" for none
    unit: str | None = None
    end: int = 0
    noun: Noun | None = None
    per: str | None = None
    per_number: bool = False  # the denominator is a number (`/100.000 dân`): a ratio for counts
    extra: dict[str, object] = field(default_factory=dict)


class _Num(NamedTuple):
    """A number candidate, read by its fields (a tuple: dozens per document; a field costs less than a method)."""

    s: int
    e: int
    raw: str


def _money_prefix_words(r: FigureRules) -> list[str]:
    """What may stand before a number as its currency: symbols and codes only (`$25`, `€ 20`, `USD2,5`),
    never a word (`đồng`)."""
    return [c for c in r.figures.currencies if not c[:1].isalpha() or c.isupper()]


@lru_cache(maxsize=4)
def _anchored(r: FigureRules) -> tuple[Anchored, Anchored | None]:
    """The numbers in words (`words_lower`) and the currencies before a number (`prefix_money`), each tried
    only where one of its words is written: one Aho-Corasick pass over the lower-cased document finds both
    (`extractors.anchors`), instead of two `finditer` that try every character.

    A prefix is looked for lower-cased (`USD` as `usd`) where the text is lower-cased; a currency with
    a `Σ`, whose lower case depends on what follows it, would keep the plain scan (None).
    """
    p = _patterns(r)
    nw = r.numbers
    prefixes = _money_prefix_words(r)
    lists = {"number_words": list(nw.units) + list(nw.ten) + list(nw.zero)}
    lowered = not any("Σ" in w for w in prefixes)
    if lowered:
        lists["money_prefixes"] = [w.lower() for w in prefixes]
    anchors = Anchors(lists)
    money = Anchored(p["prefix_money"], anchors, "money_prefixes") if lowered else None
    return Anchored(p["words_lower"], anchors, "number_words"), money


def _numbers(text: str, lower: str, r: FigureRules) -> list[_Num]:
    """Numbers in digits and in words, in order; words are matched on the lower-cased text (fast)."""
    p = _patterns(r)
    found = [_Num(m.start(), m.end(), m.group()) for m in at_digit_runs(p["digits_only"], text)]
    # a few characters change length when lower-cased; then fall back to the slower pattern
    words = (
        _anchored(r)[0].finditer(lower)
        if len(lower) == len(text)
        else p["words_any_case"].finditer(text, None, None, False, False)
    )
    found += [_Num(m.start(), m.end(), text[m.start() : m.end()]) for m in words]
    found.sort(key=lambda n: n.s)
    return found


def _money_prefixes(text: str, lower: str, r: FigureRules) -> dict[int, regex.Match[str]]:
    """`$25`, `USD2,5`: the currencies written right before a number, by where the number starts."""
    money = _anchored(r)[1]
    if money is not None and len(lower) == len(text):
        return {m.end(): m for m in money.finditer(text, lower)}
    return {m.end(): m for m in _patterns(r)["prefix_money"].finditer(text, None, None, False, False)}


def _scale_at(text: str, pos: int, r: FigureRules) -> tuple[float, int] | None:
    """The factor and end of the scale words at `pos`: `triệu tỷ` is 10^15, `5 trăm triệu` 10^8."""
    if not _opens(_gates(r).scale, text, pos):
        return None
    p = _patterns(r)
    m = p["scale"].match(text, pos, pos + AHEAD, False)
    if not m:
        return None
    scales = r.numbers.scales
    factor = scales[m.group(2).lower()] * (
        100.0 if m.group(1) and m.group(1).lower() in r.numbers.hundred else 10.0 if m.group(1) else 1.0
    )
    end = m.end()
    more_gate = _gates(r).scale_word
    while _opens_blank(more_gate, text, end, True):
        more = p["more_scale"].match(text, end, end + AHEAD, False)
        if more is None:
            break
        factor *= scales[more.group(1).lower()]
        end = more.end()
    return factor, end


def _read_amount(text: str, m: _Num, r: FigureRules) -> Amount | None:
    p = _patterns(r)
    raw = m.raw
    start = m.s
    currency = None
    prefix = (
        p["prefix_money"].match(raw, None, None, False) if not raw[:1].isdigit() and _gates(r).prefix[raw[:1]] else None
    )
    if prefix:  # `$25` as the second end of a range
        currency = r.figures.currencies[prefix.group(1)]
        raw, start = raw[prefix.end() :], start + prefix.end()
    words = not raw[0].isdigit()
    if words:
        value = parse_words(raw, r.numbers)
        end = m.e
        while value is None and " " in raw.strip():
            raw = raw.rsplit(None, 1)[0]
            value = parse_words(raw, r.numbers)
            end = start + len(raw)
        if value is None:
            return None
        # a scale inside the words (`hai tỷ ba trăm triệu`) is already in the value
        scaled = any(w in r.numbers.scales for w in raw.lower().split())
        return Amount(start, end, float(value), True, scaled, 1.0, currency=currency)
    value = parse_digits(raw)
    if value is None:
        return None
    groups = 1 + len(p["digit_groups"].findall(raw, None, None, False, False)) if "." in raw or "," in raw else 1
    amount = Amount(start, m.e, float(value), False, groups=groups, currency=currency)
    g = _gates(r)
    glued = (
        p["glued_scale"].match(text, amount.end, amount.end + AHEAD, False)
        if g.glued[text[amount.end : amount.end + 1]]
        else None
    )
    if glued:
        factor = r.figures.amounts.glued_scales[glued.group(1)]
        amount.value *= factor
        amount.end, amount.scaled, amount.scale_value, amount.glued = glued.end(), True, factor, True
        return amount
    found = _scale_at(text, amount.end, r)
    if found:
        scale, amount.end = found
        amount.value *= scale
        amount.scaled = True
        amount.scale_value = scale
        half = (
            p["half_after_scale"].match(text, amount.end, amount.end + AHEAD, False)
            if _opens_blank(g.half, text, amount.end, True)
            else None
        )
        if half and float(value).is_integer():  # `3 tỷ rưỡi`: and a half of the scale; never `1,5 triệu rưỡi`
            amount.value += 0.5 * scale
            amount.end = half.end()
            return amount
        # compounds: `2 tỷ 350 triệu`, `141 tỷ 700 triệu`
        while True:
            if not _opens_blank(g.digit, text, amount.end, False):
                break
            dm = p["digits"].match(text, amount.end, amount.end + AHEAD, False)
            if not dm:
                break
            more = _scale_at(text, dm.end(), r)
            if not more:
                break
            scale2, end2 = more
            part = parse_digits(dm.group(1))
            if part is None or scale2 >= scale:
                break
            amount.value += part * scale2
            amount.end = end2
            scale = scale2
    return amount


_ONE_EN_GROUP = regex.compile(r"\d{1,3}(?:,\d{3})+")


def _read_english_grouping(text: str, m: _Num, amount: Amount) -> None:
    """`$15,000`, `€2,500`: after a foreign currency's symbol, a comma before three digits groups thousands.

    Vietnamese reads `15,000` as 15; a number written after `$` or `€` follows the symbol's
    convention. A scale after it (`$2,500 tỷ`) keeps the Vietnamese reading.
    """
    if amount.currency in (None, "VND") or amount.scaled or amount.glued:
        return
    if _ONE_EN_GROUP.fullmatch(text, m.s, m.e, False):
        amount.value = float(text[m.s : m.e].replace(",", ""))


def _money_context(text: str, start: int, r: FigureRules) -> bool:
    pre = text[max(0, start - 80) : start].lower()
    return any(w in pre for w in r.figures.money_context.words)


def _begins_a_word(text: str, start: int, end: int, r: FigureRules) -> bool:
    """Is text[start:end] (a currency or unit word) the first syllables of a dictionary word?

    `200 đồng chí`, `5 cân đối`: yes; `500 đồng từ ngân sách`: no, `từ` is a function word
    that begins the next phrase.
    """
    if not _opens_blank(_gates(r).letter, text, end, True):
        return False
    nxt = _patterns(r)["next_syllable"].match(text, end, end + AHEAD, False)
    if not nxt or nxt.group(1).lower() in r.words("counts.never_noun_heads"):
        return False
    return f"{text[start:end].lower()} {nxt.group(1).lower()}" in r.lexicon.dictionary


def _rate(text: str, pos: int, r: FigureRules, own: str | None) -> tuple[str | None, int, bool]:
    """The denominator right after a unit, currency or noun (`/h`, `/người/tháng`, `/100 ml`,
    `mỗi người`), the end of it, and whether it is a number; (None, pos, False) for none.

    A number after `/` with the figure's own unit or noun is the total of a pair (`15 hộ/20 hộ`),
    left to the caller.
    """
    p = _patterns(r)
    q = blanks_end(text, pos)
    sm = p["per"].match(text, pos, pos + AHEAD, False) if text[q : q + 1] == "/" else None
    if sm:
        per = " ".join(sm.group(1).split())
        if not per[:1].isdigit():
            return per, sm.end(), False
        if _quantity_at(text, sm.start(1), r):
            return per, sm.end(), True  # `25 mg/100 ml`, `5 ml/10 kg`: a rate per a measure
        return None, pos, False  # `68 tỷ đồng/179 tỷ đồng`, `4,6 tỷ đồng/232 hộ`: a second figure
    measured = own is not None and (own.isupper() or own in _unit_symbols(r))  # money or a quantity
    # `2 kg mỗi người`; a count's `mỗi` starts anew
    wm = (
        p["per_word"].match(text, pos, pos + AHEAD, False)
        if measured and q > pos and _gates(r).per_word[text[q : q + 1]]
        else None
    )
    if wm:
        return wm.group(1).lower(), wm.end(), False
    return None, pos, False


def _quantity_at(text: str, pos: int, r: FigureRules) -> bool:
    """Does a number followed by a quantity unit start at `pos`?"""
    g = _gates(r)
    if not _opens_blank(g.digit, text, pos, False):
        return False
    nm = _patterns(r)["digits"].match(text, pos, pos + AHEAD, False)
    if not nm or not _opens(g.units, text, nm.end()):
        return False
    m = _units(r).match(text, nm.end(), nm.end() + AHEAD)
    return m is not None and not _begins_a_word(text, m.start(1), m.end(1), r)


def _slash_abbreviation(text: str, pos: int, r: FigureRules) -> regex.Match[str] | None:
    """`4 đ/c`, `179 C/O`: letters around a slash that name a thing, not a rate of a unit."""
    q = blanks_end(text, pos)
    if "/" not in text[q + 1 : q + 3]:
        return None  # one or two letters, then the slash
    m = _patterns(r)["slash_noun"].match(text, pos, pos + AHEAD, False)
    if not m:
        return None
    denominator = m.group(1).split("/")[1].lower()
    if (
        denominator in r.words("amounts.short_denominators")
        or denominator in unit_spellings(r)
        or denominator in r.count_nouns
    ):
        return None  # `km/h`, `đ/kg`, `đ/hộ`: a rate
    return m


def _tail(text: str, amount: Amount, r: FigureRules) -> Tail:
    """What follows an amount decides its kind."""
    p = _patterns(r)
    currencies = r.figures.currencies
    pos = amount.end
    if amount.currency:  # `$25`: the currency was written first
        tail = Tail("money", amount.currency, pos)
        tail.per, tail.end, tail.per_number = _rate(text, pos, r, amount.currency)
        tail.end = max(tail.end, pos)
        return tail
    ahead = text[pos : pos + 2].lstrip(" \t")[:1]
    if not ahead or not (ahead.isalpha() or ahead in "%“\"‘'(\n²³$€£¥₫°"):
        # punctuation or a digit: no unit, no noun (pairs and ranges are read by the caller)
        if amount.scaled and _money_context(text, amount.start, r):
            return Tail("money", "VND", amount.end)  # `thu ngân sách hơn 62 ngàn tỷ,`, `giá 50k,`
        given = None if amount.words else _noun_given_before(text, amount, r)
        return Tail("count", given, amount.end, None) if given else Tail("")
    g = _gates(r)
    ch, wrapped = _next_chars(text, pos)  # each probe below starts with `_GAP` (or blanks: slash_noun)
    m = p["percent"].match(text, pos, pos + AHEAD, False) if g.percent[ch] or g.percent[wrapped] else None
    if m:
        return Tail("percent", None, m.end())
    abbreviation = _slash_abbreviation(text, pos, r)
    if abbreviation:
        unit = abbreviation.group(1).lower()
        return Tail(
            "count", unit, abbreviation.end(), Noun("count", unit, abbreviation.end(), unit, abbreviation.end())
        )
    m = p["currency"].match(text, pos, pos + AHEAD, False) if g.currency[ch] or g.currency[wrapped] else None
    if (
        m
        and not (
            _opens_blank(g.not_currency, text, m.end(), False)
            and p["not_currency_after"].match(text, m.end(), m.end() + AHEAD, False)
        )
        and (amount.scaled or not _begins_a_word(text, m.end() - len(m.group().lstrip()), m.end(), r))
    ):
        word = m.group().strip()
        unit = currencies.get(word) or currencies.get(word.lower()) or "VND"
        tail = Tail("money", unit, m.end())
        tail.per, tail.end, tail.per_number = _rate(text, m.end(), r, unit)
        tail.end = max(tail.end, m.end())
        return tail
    m = _units(r).match(text, pos, pos + AHEAD) if g.units[ch] or g.units[wrapped] else None
    if (
        m
        and not _begins_a_word(text, m.start(1), m.end(1), r)
        and not (amount.words and amount.value == 1 and _indefinite(text, amount, r))
    ):  # `một công` is no area
        tail = Tail("quantity", unit_spellings(r)[m.group(1).lower()], m.end())
        tail.per, tail.end, tail.per_number = _rate(text, m.end(), r, tail.unit)
        tail.end = max(tail.end, m.end())
        return tail
    noun = noun_after(text, pos, r, open_class=not amount.words)
    if amount.scaled and (noun is None or noun.kind != "count") and _money_context(text, amount.start, r):
        return Tail("money", "VND", amount.end)
    if noun is None:
        given = None if amount.words else _noun_given_before(text, amount, r)
        return Tail("count", given, amount.end, None) if given else Tail("")
    if noun.kind == "duration":
        return Tail("duration", noun.unit, noun.end, noun)
    if (
        amount.words
        and noun.unit not in r.count_nouns
        and (
            " " not in noun.unit or text[amount.start : amount.end].lower() in r.words("counts.ambiguous_number_words")
        )
    ):
        return Tail("")  # `năm triển khai` is the year of it; `nêu ba bài học` counts a dictionary noun
    if amount.words and _indefinite(text, amount, r):
        return Tail("")
    tail = Tail("count", noun.unit, noun.end, noun)
    tail.per, tail.end, tail.per_number = _rate(text, noun.end, r, noun.unit)
    tail.end = max(tail.end, noun.end)
    return tail


_BARE_END = regex.compile(r"[ \t]*(?:[.;,()\n]|$)")


@lru_cache(maxsize=4)
def _clause_patterns(r: FigureRules) -> dict[str, regex.Pattern[str]]:
    """Patterns over a clause before a figure: a noun named earlier, a list of counts, a line that goes on.

    Each ends at the end of what it is searched in (`$`). Where only whether it matches counts, it is
    searched from the end (`(?r)`: the same answer, without trying every start); `given_noun`, whose
    match is read, is searched forward only when its backward form (`given_noun_back`) finds one.
    """
    c = r.figures.counts
    n = r.numbers
    list_words = [w for w, v in n.units.items() if v >= 2 and w not in n.after_tens_only] + sorted(n.ten)
    return {
        "given_noun": regex.compile(
            r"(?<![\p{L}])(?:" + _phrase(c.given_noun_leads) + r")[ \t]+((?:[\p{L}\p{M}]+[ \t]+){0,2}[\p{L}\p{M}]+)"
            r"(?:(?:[ \t]+[^.;:!?\n\d]{0,50}?)?[ \t]+(?:" + _phrase(c.given_noun_verbs) + r")[ \t]*:?|[ \t]*:)"
            r"[ \t]*$",
            regex.IGNORECASE,
        ),
        # `sáu trạm bơm, một âu đập`: `một` in a list of counts is the count one, not the article `a`
        "given_noun_back": regex.compile(
            r"(?r)(?<![\p{L}])(?:" + _phrase(c.given_noun_leads) + r")[ \t]+((?:[\p{L}\p{M}]+[ \t]+){0,2}[\p{L}\p{M}]+)"
            r"(?:(?:[ \t]+[^.;:!?\n\d]{0,50}?)?[ \t]+(?:" + _phrase(c.given_noun_verbs) + r")[ \t]*:?|[ \t]*:)"
            r"[ \t]*$",
            regex.IGNORECASE,
        ),
        # `sáu trạm bơm, một âu đập`: `một` in a list of counts is the count one, not the article `a`
        "list_of_counts": regex.compile(
            r"(?r)(?:(?<![\d.,])\d[\d.]*[ \t]|(?<![\p{L}])(?:" + _phrase(list_words) + r")[ \t])"
            r"[^.;:!?\n\d]{1,45}?(?:,|[ \t](?:" + _phrase(r.lexicon.figures.dates.list_joiners) + r"))[ \t]*$",
            regex.IGNORECASE,
        ),
        "archive": regex.compile(
            r"(?r)(?<![\p{L}])(?:" + _phrase(c.archive_lines) + r")[ \t]*:[^\n;]*$", regex.IGNORECASE
        ),
        "continues": regex.compile(r"(?r)(?<![\p{L}])(?:" + _phrase(c.list_continuations) + r")$", regex.IGNORECASE),
        "breakdown": regex.compile(
            r"(?r)(?<![\p{L}])(?:" + _phrase(c.breakdown_leads) + r")[ \t]*:?[ \t]*"
            r"(?:(?:" + _phrase(r.figures.qualifiers.fillers) + r")[ \t]+)?$",
            regex.IGNORECASE,
        ),
    }


def _noun_given_before(text: str, amount: Amount, r: FigureRules) -> str | None:
    """`số hồ sơ tiếp nhận là 2.372`, `Tổng số hộ nghèo: 215`: a bare number counts the noun named
    earlier in its clause."""
    if not _BARE_END.match(text, amount.end, amount.end + AHEAD, False):
        return None
    pre = text[max(0, amount.start - 90) : amount.start]
    cut = max(map(pre.rfind, ".;!?\n("))
    clause = pre[cut + 1 :]
    patterns = _clause_patterns(r)
    m = (
        patterns["given_noun"].search(clause, None, None, False)
        if patterns["given_noun_back"].search(clause, None, None, False)
        else None
    )
    if not m:
        return None
    words = m.group(1).lower().split()
    lexicon = r.count_nouns
    for k in (3, 2, 1):
        if len(words) >= k and " ".join(words[:k]) in lexicon:
            return " ".join(words[:k])
    return None


def _indefinite(text: str, amount: Amount, r: FigureRules) -> bool:
    """`một xã`, `mỗi năm HTX`: an article or a year, not a count written in words."""
    if amount.value == 1 and not amount.scaled:
        return not _clause_patterns(r)["list_of_counts"].search(text, max(0, amount.start - 60), amount.start, False)
    if text[amount.start : amount.end].lower() not in r.words("counts.ambiguous_number_words"):
        return False
    before = words_before(text, amount.start, 2)
    if _ends_with(before, r.words("counts.one_of")):
        return False  # `một trong năm phòng`: one of five rooms
    return bool(before) and before[-1] in r.words("counts.determiners")


def _per_unit(text: str, start: int, r: FigureRules) -> bool:
    before = words_before(text, start, 2)
    per = r.words("counts.per_unit_before")
    return bool(before) and (before[-1] in per or " ".join(before[-2:]) in per)


def _ends_with(words: list[str], phrases: frozenset[str]) -> bool:
    n = len(words)  # the last 1, 2, 3 words as a phrase (written out: a hot test)
    return bool(
        (n and words[-1] in phrases)
        or (n > 1 and " ".join(words[-2:]) in phrases)
        or (n > 2 and " ".join(words[-3:]) in phrases)
    )


def _is_ratio(text: str, amount: Amount, tail: Tail, r: FigureRules) -> bool:
    """`gấp 2 lần`, `12 lần mức lương` (multipliers), `trợ cấp 1 lần` (a lump sum): no count of times."""
    if tail.unit not in r.words("counts.ratio_units"):
        return False
    before = words_before(text, amount.start, 3)
    if any(w in r.words("counts.ratio_words") for w in before):
        return True
    after = _WORDS_AFTER.findall(text[tail.end : tail.end + 30].lower(), None, None, False, False)
    if _starts_with(after, r.words("counts.multiplier_after")):
        return True
    return amount.value == 1 and _ends_with(before, r.words("counts.lump_sum_before"))


def _starts_with(words: list[str], phrases: frozenset[str]) -> bool:
    return any(" ".join(words[:k]) in phrases for k in (1, 2, 3) if len(words) >= k)


_WORDS_AFTER = regex.compile(r"[\p{L}\p{M}]+")
_FOOTNOTE = regex.compile(r"(?:^|\n)[ \t]*[1-9]\d?[ \t]+\p{Lu}")


def _footnote_marker(text: str, start: int, r: FigureRules) -> bool:
    """`⏎7 Công văn số 150/STP…`: a PDF footnote number at the head of a line, not a count."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    if not _FOOTNOTE.match(text, max(0, line_start - 1) if line_start else 0, None, False):
        return False
    previous = text[max(0, line_start - 40) : max(0, line_start - 1)].rstrip()
    # a wrapped list (`20 Doanh nghiệp và⏎19 Doanh nhân`) goes on; a footnote interrupts the text
    return not (
        previous.endswith((",", ":", ";")) or _clause_patterns(r)["continues"].search(previous, None, None, False)
    )


def _blocked_count(text: str, start: int, r: FigureRules) -> bool:
    """Labels, ordinals, names and references: `năm 2021`, `quận 2`, `lần thứ 5`, `Bệnh viện 108`."""
    if _clause_patterns(r)["archive"].search(text, max(0, start - 40), start, False):
        return True  # `- Lưu: VT, 05 BC`: the copies kept on file
    before = words_before(text, start, 3, stop='.;:!?,()"“”')  # a PDF line end splits no label
    if not before:
        return False
    if " ".join(before[-2:]) in r.words("counts.total_before"):
        return False
    # the label word must touch the number (`quận 2`), not end a clause (`tại quận, 2`), nor be the last
    # syllable of another word (`kiểm điểm ba đồng chí`, `dân số 652.572 người`, `gần nhà 3 trường hợp`)
    labels = r.words("counts.not_after")
    if _ends_with(before, labels) and not (
        len(before) > 1
        and before[-1] in labels
        and before[-1] not in r.words("counts.durations")
        and f"{before[-2]} {before[-1]}" in r.lexicon.dictionary
    ):
        return True
    heads = r.words("counts.name_heads")
    if before[-1] in heads and not (len(before) > 1 and f"{before[-2]} {before[-1]}" in r.lexicon.dictionary):
        return True  # `Bệnh viện 108`, `bản 5`; but `lập biên bản 12.345 trường hợp` counts
    if " ".join(before[-2:]) in heads or " ".join(before[-3:]) in heads:
        return True
    return bool(before[-1] in r.words("counts.vague_before"))


def _qualifier(
    text: str, start: int, kind: str, end: int, r: FigureRules, number_end: int | None = None
) -> tuple[Qualifier, int]:
    """The qualifier of a figure from `start` to `end` (its number ending at `number_end`)."""
    qual, qstart, word = qualifier_before(text, start, r, number_end if number_end is not None else end)
    if word in r.words("qualifiers.not_for_counts") and kind == "count":
        qual, qstart = "exact", start  # `vượt 3 chỉ tiêu`: exceeded three targets
    if qual == "exact":
        am = (
            _patterns(r)["after_qualifier"].match(text, end, end + AHEAD, False)
            if _opens_blank(_gates(r).after_qualifier, text, end, False)
            else None
        )
        if am:
            w = " ".join(am.group(1).lower().split())
            qual = "more_than" if w in r.words("qualifiers.more_than_after") else "less_than"
        else:
            qual = clause_qualifier(text, start, r)
    return qual, qstart


def _found(
    text: str, amount: Amount, tail: Tail, value: float, qual: Qualifier, qstart: int, role: str | None
) -> Found:
    v: float | int = int(value) if float(value).is_integer() else round(value, 6)
    extra: dict[str, object] = {}
    if role:
        extra["role"] = role
    if tail.per:
        extra["per"] = tail.per
        extra.setdefault("role", "rate")
    if tail.noun is not None:
        extra["subject"] = tail.noun.subject
    end = max(tail.end, amount.end)
    assert tail.kind, "a figure without a kind is never found"
    return Found(tail.kind, v, min(qstart, amount.start), end, tail.unit, qual, extra)


def _second_end(
    text: str, first: Amount, tail: Tail, blocked: Blocked, r: FigureRules
) -> tuple[Amount, Tail, bool] | None:
    """The other end of a range or pair after `first` (and whether it is a range), if any."""
    p = _patterns(r)
    g = _gates(r)
    link = (
        p["range"].match(text, first.end, first.end + AHEAD, False)
        if tail.kind == "" and _opens_blank(g.range, text, first.end, False)
        else None
    )
    is_range = bool(link)
    if (
        link is None
        and tail.kind == ""
        and _ends_with(words_before(text, first.start, 2), r.words("amounts.between_words"))
    ):
        link = p["between"].match(text, first.end, first.end + AHEAD, False)  # `giữa 3.000 và 5.000 đồng`
        is_range = bool(link)
    if link is None:
        at = tail.end if tail.kind else first.end
        if tail.noun is not None and tail.kind == "count" and not tail.per:
            at = max(at, tail.noun.subject_end)  # `110 bé trai/100 bé gái`: the slash follows the phrase
        q = blanks_end(text, at)
        if text[q : q + 1] == "/":
            link = p["slash"].match(text, at, at + AHEAD, False)
        if link is None and tail.kind == "" and q > at and g.pair[text[q : q + 1]]:
            link = p["pair_words"].match(text, at, at + AHEAD, False)
    if link is None:
        return None
    nm = p["next_number"].match(text, link.end(), link.end() + AHEAD, False)
    second = _read_amount(text, _Num(nm.start(), nm.end(), nm.group()), r) if nm else None
    if second is None or blocked.hit(second.start, second.end):
        return None
    return second, _tail(text, second, r), is_range


def find_amounts(text: str, blocked: Blocked, r: FigureRules) -> list[Found]:
    """Money, percent, quantity, count and duration figures outside claimed spans.

    >>> from extractors.figures.common import Blocked
    >>> from extractors.figures.rules import figure_rules
    >>> t = "tổ chức 10 đoàn kiểm tra, với tổng giá trị hơn 3,4 tỷ đồng; đạt 98,5%; 7/19 tiêu chí"
    >>> [(f.kind, f.value, f.unit, f.qualifier) for f in find_amounts(t, Blocked(len(t)), figure_rules(LEXICON))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('count', 10, 'đoàn kiểm tra', 'exact'), ('money', 3400000000, 'VND', 'more_than'),
     ('percent', 98.5, None, 'exact'), ('count', 7, 'tiêu chí', 'exact'), ('count', 19, 'tiêu chí', 'exact')]
    """
    p = _patterns(r)
    out: list[Found] = []
    for broken in at_digit_runs(p["broken_percent"], text) if "%" in text else ():
        if blocked.hit(broken.start(), broken.end()):
            continue
        value = float(f"{broken.group(1)}.{broken.group(2)}")
        qual, qstart, _ = qualifier_before(text, broken.start(), r, broken.end())
        out.append(Found("percent", value, min(qstart, broken.start()), broken.end(), None, qual))
        blocked.claim(broken.start(), broken.end())
    lower = text.lower()
    candidates = _numbers(text, lower, r)
    prefixed = _money_prefixes(text, lower, r)  # `$25`: the number starts there
    starts = {c.s for c in candidates}
    for at in prefixed:  # `USD2,5`: digits glued to a code are no candidate of their own
        dm = p["bare_digits"].match(text, at, at + AHEAD, False)
        if dm and at not in starts:
            candidates.append(_Num(dm.start(), dm.end(), dm.group()))
    candidates.sort(key=lambda n: n.s)
    consumed = 0
    label_end = -1  # end of the last number that was a label: `văn bản số 21 và 22` labels 22 too
    pending: list[tuple[Amount, int]] = []  # bare scaled numbers: `kế hoạch 850 tỷ, … 600 tỷ đồng`
    last_count: tuple[str, int] | None = None  # the unit and end of the last count, for `trong đó 31`
    last_money: tuple[str | None, float, int] | None = None  # `từ 124 tỷ đồng tăng lên 211 tỷ`
    for m in candidates:
        if m.s < consumed or blocked.hit(m.s, m.e):
            continue
        first = _read_amount(text, m, r)
        if first is None:
            continue
        prefix = prefixed.get(m.s)
        if prefix is not None and not first.words:
            first.currency = r.figures.currencies[prefix.group(1)]
            first.start = prefix.start()
            _read_english_grouping(text, m, first)
        tail = _tail(text, first, r)
        if tail.kind == "" and not first.words and last_count is not None:
            tail = _breakdown_tail(text, first, last_count, r) or tail
        if tail.kind == "" and first.scaled and not first.words and last_money is not None:
            tail = _money_like_before(text, first, last_money) or tail
        group: list[tuple[Amount, Tail, str | None]] = []
        other = _second_end(text, first, tail, blocked, r)
        if other is not None:
            second, tail2, is_range = other
            if tail2.kind and tail2.kind != "duration":
                role1, role2 = ("range_low", "range_high") if is_range else ("part", "total")
                if tail.kind == "":
                    if second.scaled and not first.scaled and not first.words:
                        if is_range and second.groups > first.groups:  # `20-25.000 tỷ`: 20.000 tỷ
                            first.value *= 1000.0 ** (second.groups - first.groups)
                        first.value *= second.scale_value
                    tail = Tail(tail2.kind, tail2.unit, first.end, tail2.noun, tail2.per, tail2.per_number)
                    group = [(first, tail, role1), (second, tail2, role2)]
                elif tail.kind in _FIGURE_KINDS:
                    if (
                        tail.kind == "count"
                        and tail.noun is not None
                        and tail2.noun is not None
                        and not is_range
                        and tail2.noun.subject.lower() != tail.noun.subject.lower()
                        and _per_power_of_ten(second.value)
                    ):
                        group = [(first, Tail(""), None), (second, Tail(""), None)]  # `110 bé trai/100 bé gái`
                    else:
                        group = [(first, tail, None), (second, tail2, None)]
                else:
                    group = [(first, tail, None)]
        if not group:
            group = [(first, tail, None)]
        kind0 = group[0][1].kind
        if group[0][1].kind == "" and first.scaled and not first.words and len(group) == 1:
            pending.append((first, m.e))
        if _fraction_or_ratio(text, group, r):
            group = [(a, Tail(""), role) for a, _, role in group]
            kind0 = ""
        end = max(max(t.end, a.end) for a, t, _ in group)
        if not kind0:
            if len(group) == 2:  # a ratio or fraction: neither end is read again
                consumed = end
            continue
        if m.s and text[m.s - 1].isalpha() and kind0 not in ("money", "percent", "quantity"):
            continue  # `trấnlà300 triệu đồng` is glued text; a glued bare number is too risky to count
        qual, qstart = _qualifier(
            text, group[0][0].start, kind0, group[-1][1].end or group[-1][0].end, r, group[0][0].end
        )
        for i, (amount, t, role) in enumerate(group):
            if not t.kind:
                continue
            if t.kind in ("count", "duration") and (
                _blocked_count(text, amount.start, r)
                or _footnote_marker(text, amount.start, r)
                or (t.noun is None and _continues_label(text, label_end, amount.start, r))
            ):
                label_end = amount.end
                if i == 0:
                    break
                continue
            if t.kind == "money" and amount.value == 0:
                continue  # `“chuyến xe 0 đồng”`, `thu phí “0 đồng”` are names of a programme, not amounts
            if t.kind == "count" and amount.value == 1 and _per_unit(text, amount.start, r):
                continue
            if t.kind == "count" and (_is_ratio(text, amount, t, r) or t.per_number):
                continue  # `gấp 2 lần`, `23 ca sinh/1.000 phụ nữ`
            if t.kind == "count" and not float(amount.value).is_integer():
                continue  # `13,3 trạm` is an average, not a count
            if t.kind == "count" and _set_phrase(amount, t, r):
                continue  # `các cường quốc 5 châu`, `cơ chế một cửa`
            # a range's word bears on both ends (`khoảng 2-3 nghìn ha`); a pair's on its first number only
            # (`khoảng 40/52 kiến nghị`: approx, exact)
            shared = i == 0 or role in ("range_low", "range_high")
            q, qs = (qual, qstart) if shared else _qualifier(text, amount.start, t.kind, t.end, r, amount.end)
            f = _found(text, amount, t, amount.value, q, qs if i == 0 else amount.start, role)
            if blocked.hit(amount.start, amount.end):
                continue
            out.append(f)
            if t.kind == "count" and t.unit:
                last_count = (t.unit, f.end)
            if t.kind == "money" and amount.scaled:
                last_money = (t.unit, amount.scale_value, f.end)
            if t.kind == "money" and pending:
                out += _pending_money(text, pending, amount, t, f, r)
        consumed = end
        blocked.claim(group[0][0].start, end)
    return out


def _money_like_before(text: str, amount: Amount, last: tuple[str | None, float, int]) -> Tail | None:
    """`nợ đọng từ 124 tỷ đồng tăng lên 211 tỷ`: a bare number of the scale of the money just before it
    in the sentence is money in that currency."""
    unit, scale, end = last
    between = text[end : amount.start]
    if scale != amount.scale_value or len(between) > 120 or any(c in between for c in ".;!?\n"):
        return None
    return Tail("money", unit, amount.end)


def _breakdown_tail(text: str, amount: Amount, last_count: tuple[str, int], r: FigureRules) -> Tail | None:
    """`56 HTX, trong đó 31 được xếp loại khá`: a bare number after `trong đó`, `gồm` counts the
    noun of the count just before it in the sentence."""
    unit, end = last_count
    between = text[end : amount.start]
    if len(between) > 80 or any(c in between for c in ".;!?\n"):
        return None
    if not _clause_patterns(r)["breakdown"].search(between, None, None, False):
        return None  # `trong đó 31`, `trong đó có 240`
    return Tail("count", unit, amount.end)


@lru_cache(maxsize=4)
def _set_phrases(r: FigureRules) -> frozenset[tuple[float, str]]:
    """(value, word) of the set phrases of the lexicon: `năm châu` is (5, `châu`)."""
    out = set()
    for phrase in r.figures.counts.set_phrases:
        number, _, word = phrase.rpartition(" ")
        value = parse_digits(number) if number[:1].isdigit() else parse_words(number, r.numbers)
        if value is not None:
            out.add((float(value), word.lower()))
    return frozenset(out)


def _set_phrase(amount: Amount, tail: Tail, r: FigureRules) -> bool:
    """`5 châu`, `một cửa`; but `mở 1 cửa xả tràn` counts a dictionary noun of its own."""
    if tail.noun is not None and tail.noun.subject.lower() != (tail.unit or "").lower():
        return False  # the phrase goes on: a noun phrase of its own
    return (float(amount.value), (tail.unit or "").lower()) in _set_phrases(r)


def _continues_label(text: str, label_end: int, start: int, r: FigureRules) -> bool:
    """`văn bản số 21 và 22`, `khoản 2, 3`: a number listed right after a label number is one too."""
    if label_end < 0 or start - label_end > 6:
        return False
    gap = text[label_end:start].strip().lower()
    return not gap or gap in (",", "-", "–", "/") or gap in r.words("dates.list_joiners")


def _pending_money(
    text: str, pending: list[tuple[Amount, int]], amount: Amount, tail: Tail, money: Found, r: FigureRules
) -> list[Found]:
    """Bare numbers with the same scale earlier in the clause take this amount's currency:
    `kế hoạch 850 tỷ, đã giải ngân 600 tỷ đồng` makes 850 tỷ money too."""
    out = []
    for bare, _ in pending:
        between = text[bare.end : amount.start]
        if bare.scale_value != amount.scale_value or len(between) > 120 or any(c in between for c in ".;!?\n"):
            continue
        qual, qstart = _qualifier(text, bare.start, "money", bare.end, r)
        out.append(_found(text, bare, Tail("money", tail.unit, bare.end), bare.value, qual, qstart, None))
    pending.clear()
    return out


def _fraction_or_ratio(text: str, group: list[tuple[Amount, Tail, str | None]], r: FigureRules) -> bool:
    """`hoàn thành 2/5 khối lượng`, `2/3 số xã` (fractions), `4/100.000 dân` (a rate per 10^n):
    a pair that is not an achieved/total pair of counts."""
    if len(group) != 2 or group[1][2] != "total":
        return False
    (a, _, _), (b, t2, _) = group
    if t2.kind != "count" or a.value > b.value:
        return False
    after = _WORDS_AFTER.findall(text[b.end : b.end + 40].lower(), None, None, False, False)
    if _starts_with(after, r.words("counts.whole_nouns")):
        return True
    return _per_power_of_ten(b.value) and b.value >= 1000


def _per_power_of_ten(value: float) -> bool:
    """100, 1.000, 100.000: the reference of a rate (`4/100.000 dân`), not a total."""
    return value >= 100 and float(value).is_integer() and str(int(value)).rstrip("0") == "1"
