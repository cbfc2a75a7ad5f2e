"""Amounts: money, percentages, quantities and counts, read from one number grammar.

A figure is a number (digits the Vietnamese way, or words), an optional scale
(`nghìn`, `triệu`, `tỷ`, `nghìn tỷ`, compounds `2 tỷ 350 triệu`) and what
follows it, which decides its kind: `%` a percent, a currency a money amount,
a physical unit a quantity, a noun a count. Ranges (`từ 2 đến 3 triệu đồng`,
`22 - 28 triệu`) and pairs (`7/19 tiêu chí`, `62.515.000/53.781.000 đồng`) are
two figures that share what is written once after them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

from extractors.figures.common import Blocked, Found, clause_is_estimate, qualifier_before, words_before
from extractors.figures.nouns import Noun, noun_after
from extractors.figures.rules import FigureRules, alternation
from extractors.numbers import parse_digits, parse_words
from schemas.models import Kind, Qualifier

_I = regex.IGNORECASE
# between a number and its scale, currency or unit: spaces, or one line end where a PDF wrapped the line
_GAP = r"[ \t]*(?:\n[ \t]*(?-i:(?!\p{Lu})))?"
_DIGITS = (
    r"(?<![\p{Lu}\p{M}\p{N}.,])(?<!\d[ \t]?/)"
    r"(?:\d{1,3}(?:,\d{3}){2,}(?![\d,])|(?:\d{1,3}(?:\.\d{3})+(?![\d])|\d+)(?:,\d+)?)(?![\p{N}])"
)


def _phrase(words: list[str] | frozenset[str], space: str = r"[ \t]+") -> str:
    """Literal phrases, longest first, their inner spaces matching `space`."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(space.join(regex.escape(p) for p in w.split(" ")) for w in items)


@lru_cache(maxsize=4)
def _patterns(r: FigureRules) -> dict[str, regex.Pattern[str]]:
    f = r.figures
    nw = r.numbers
    start_words = list(nw.units) + list(nw.ten)
    any_words = list(nw.all) + list(nw.scales)
    word_num = (
        r"(?<![\p{L}\p{M}])(?:" + alternation(start_words) + r")(?:\s+(?:" + alternation(any_words) + r"))*"
        r"(?![\p{L}\p{M}])"
    )
    glued_currency = alternation(list(f.currencies))
    # `192tỷđồng`, `1,37 tỷUSD`: a scale may touch its currency in badly extracted text
    scale = (
        _GAP + r"(" + alternation(f.scales) + r")"
        r"(?:(?![\p{L}\p{M}])|(?=(?:" + glued_currency + r")(?![\p{L}])))"
    )
    cur_words = [c for c in f.currencies if not c.isupper()]
    cur_codes = [c for c in f.currencies if c.isupper()]
    currency = (
        _GAP + r"(?:(?i:" + alternation(cur_words) + r")|" + alternation(cur_codes) + r")(?![\p{L}\p{M}\p{N}])"
    )
    units = _GAP + r"(" + alternation(f.quantity.units) + r")(?![\p{L}\p{M}\p{N}])"
    signs = [s for s in f.percent.signs if not s[:1].isalpha()]
    sign_words = [s for s in f.percent.signs if s[:1].isalpha()]
    not_points = "".join(rf"(?<!{_phrase([w])}[ \t]*)" for w in f.percent.not_percent_before)
    percent = "|".join(filter(None, [_phrase(signs), not_points + "(?:" + _phrase(sign_words) + r")(?![\p{L}])"]))
    joiners = _phrase(f.amounts.range_joiners)
    seconds = _phrase(f.amounts.rate_continuations)
    durations = _phrase(f.amounts.rate_durations)
    lower_words = r"\b(?:" + alternation(start_words) + r")(?:\s+(?:" + alternation(any_words) + r"))*\b"
    return {
        "digits_only": regex.compile(_DIGITS),
        "words_lower": regex.compile(lower_words),  # run on lower-cased text: no IGNORECASE cost
        "words_any_case": regex.compile(word_num, _I),
        # the second number of a pair or range, right after `/` or `-`
        "next_number": regex.compile("(?-i:" + _DIGITS.replace(r"(?<!\d[ \t]?/)", "", 1) + ")|" + word_num, _I),
        "digits": regex.compile(r"[ \t]*(" + _DIGITS + r")"),
        "scale": regex.compile(scale, _I),
        "currency": regex.compile(currency),
        "unit": regex.compile(units),
        "percent": regex.compile(_GAP + r"(?:" + percent + ")", _I),
        "range": regex.compile(
            r"[ \t]*(?:" + joiners + ")" + _GAP + r"(?=\d|(?:" + alternation(start_words) + r")\b)", _I
        ),
        "slash": regex.compile(r"[ \t]*/[ \t]*(?=\d)"),
        "per": regex.compile(
            r"[ \t]*/[ \t]*([\p{L}\p{M}]+(?:[ \t]+(?:" + seconds + r"|\d+[ \t]+(?:" + durations + r")))?"
            r"(?:[ \t]*/[ \t]*[\p{L}\p{M}]+(?:[ \t]+(?:" + seconds + r"))?)*)"
        ),
        "broken_percent": regex.compile(r"(?<![\p{N}.,])(\d{1,3}),[ \t](\d{1,2})[ \t]?%"),
        # `đồng chí`, `đồng bào`, `đô thị`: a currency word that begins another word
        "not_currency_after": regex.compile(
            r"[ \t]*(?:" + alternation(f.money_not_after.words) + r")(?![\p{L}])", _I
        ),
        "after_qualifier": regex.compile(
            r"[ \t]*(" + alternation(f.qualifiers.more_than_after + f.qualifiers.less_than_after)
            + r")(?![\p{L}])",
            _I,
        ),
    }


@dataclass
class Amount:
    start: int
    end: int
    value: float
    words: bool  # written in words
    scaled: bool = False
    scale_value: float = 1.0


@dataclass
class Tail:
    kind: Kind | Literal[""]  # money, percent, quantity, count, duration, "" for none
    unit: str | None = None
    end: int = 0
    noun: Noun | None = None
    per: str | None = None


@dataclass(frozen=True)
class _Num:
    """A number candidate, shaped like a regex match so both can be read alike."""

    s: int
    e: int
    raw: str

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self) -> str:
        return self.raw


def _numbers(text: str, r: FigureRules) -> list[_Num]:
    """Numbers in digits and in words, in order; words are matched on the lower-cased text (fast)."""
    p = _patterns(r)
    found = [_Num(m.start(), m.end(), m.group()) for m in p["digits_only"].finditer(text)]
    lower = text.lower()
    # a few characters change length when lower-cased; then fall back to the slower pattern
    same = len(lower) == len(text)
    words = p["words_lower"].finditer(lower) if same else p["words_any_case"].finditer(text)
    found += [_Num(m.start(), m.end(), text[m.start():m.end()]) for m in words]
    found.sort(key=lambda n: n.s)
    return found


def _read_amount(text: str, m: regex.Match[str] | _Num, r: FigureRules) -> Amount | None:
    p = _patterns(r)
    scales = r.numbers.scales
    raw = m.group()
    words = not raw[0].isdigit()
    if words:
        value = parse_words(raw, r.numbers)
        end = m.end()
        while value is None and " " in raw.strip():
            raw = raw.rsplit(None, 1)[0]
            value = parse_words(raw, r.numbers)
            end = m.start() + len(raw)
        if value is None:
            return None
        # a scale inside the words (`hai tỷ ba trăm triệu`) is already in the value
        scaled = any(w in scales for w in raw.lower().split())
        return Amount(m.start(), end, float(value), True, scaled, 1.0)
    value = parse_digits(raw)
    if value is None:
        return None
    amount = Amount(m.start(), m.end(), float(value), False)
    sm = p["scale"].match(text, amount.end)
    if sm:
        scale = scales[" ".join(sm.group(1).lower().split())]
        amount.value *= scale
        amount.end = sm.end()
        amount.scaled = True
        amount.scale_value = scale
        # compounds: `2 tỷ 350 triệu`, `141 tỷ 700 triệu`
        while True:
            dm = p["digits"].match(text, amount.end)
            if not dm:
                break
            sm2 = p["scale"].match(text, dm.end())
            if not sm2:
                break
            scale2 = scales[" ".join(sm2.group(1).lower().split())]
            part = parse_digits(dm.group(1))
            if part is None or scale2 >= scale:
                break
            amount.value += part * scale2
            amount.end = sm2.end()
            scale = scale2
    return amount


def _money_context(text: str, start: int, r: FigureRules) -> bool:
    pre = text[max(0, start - 80):start].lower()
    return any(w in pre for w in r.figures.money_context.words)


def _tail(text: str, amount: Amount, r: FigureRules) -> Tail:
    """What follows an amount decides its kind."""
    p = _patterns(r)
    currencies = r.figures.currencies
    pos = amount.end
    ahead = text[pos:pos + 2].lstrip(" \t")[:1]
    if not ahead or not (ahead.isalpha() or ahead in "%“\"‘'(\n²³"):
        # punctuation or a digit: no unit, no noun (pairs and ranges are read by the caller)
        if amount.scaled and _money_context(text, amount.start, r):
            return Tail("money", "VND", amount.end)  # `thu ngân sách hơn 62 ngàn tỷ,`
        given = None if amount.words else _noun_given_before(text, amount, r)
        return Tail("count", given, amount.end, None) if given else Tail("")
    m = p["percent"].match(text, pos)
    if m:
        return Tail("percent", None, m.end())
    m = p["currency"].match(text, pos)
    if m and not p["not_currency_after"].match(text, m.end()):
        word = m.group().strip()
        unit = currencies.get(word) or currencies.get(word.lower()) or "VND"
        tail = Tail("money", unit, m.end())
        pm = p["per"].match(text, m.end())
        if pm and not p["slash"].match(text, m.end()):
            tail.per = " ".join(pm.group(1).split())
            tail.end = pm.end()
        return tail
    m = p["unit"].match(text, pos)
    if m:
        return Tail("quantity", r.figures.quantity.units[m.group(1)], m.end())
    noun = noun_after(text, pos, r, open_class=not amount.words)
    if amount.scaled and (noun is None or noun.kind != "count") and _money_context(text, amount.start, r):
        return Tail("money", "VND", amount.end)
    if noun is None:
        given = None if amount.words else _noun_given_before(text, amount, r)
        return Tail("count", given, amount.end, None) if given else Tail("")
    if noun.kind == "duration":
        return Tail("duration", noun.unit, noun.end, noun)
    if amount.words and (noun.unit not in r.count_nouns or _indefinite(text, amount, r)):
        return Tail("")
    return Tail("count", noun.unit, noun.end, noun)


_BARE_END = regex.compile(r"[ \t]*(?:[.;,)\n]|$)")


@lru_cache(maxsize=4)
def _clause_patterns(r: FigureRules) -> dict[str, regex.Pattern[str]]:
    """Patterns over a clause before a figure: a noun named earlier, a list of counts, a line that goes on."""
    c = r.figures.counts
    n = r.numbers
    list_words = [w for w, v in n.units.items() if v >= 2 and w not in n.after_tens_only] + sorted(n.ten)
    return {
        "given_noun": regex.compile(
            r"(?<![\p{L}])(?:" + _phrase(c.given_noun_leads) + r")[ \t]+((?:[\p{L}\p{M}]+[ \t]+){0,2}[\p{L}\p{M}]+)"
            r"(?:[ \t]+[^.;:!?\n\d]{0,50}?)?[ \t]+(?:" + _phrase(c.given_noun_verbs) + r")[ \t]*:?[ \t]*$",
            regex.IGNORECASE,
        ),
        # `sáu trạm bơm, một âu đập`: `một` in a list of counts is the count one, not the article `a`
        "list_of_counts": regex.compile(
            r"(?:(?<![\d.,])\d[\d.]*[ \t]|(?<![\p{L}])(?:" + _phrase(list_words) + r")[ \t])"
            r"[^.;:!?\n\d]{1,45}?(?:,|[ \t](?:" + _phrase(r.lexicon.figures.dates.list_joiners) + r"))[ \t]*$",
            regex.IGNORECASE,
        ),
        "continues": regex.compile(r"(?<![\p{L}])(?:" + _phrase(c.list_continuations) + r")$", regex.IGNORECASE),
    }


def _noun_given_before(text: str, amount: Amount, r: FigureRules) -> str | None:
    """`số hồ sơ tiếp nhận là 2.372`: a bare number counts the noun named earlier in its clause."""
    if not _BARE_END.match(text, amount.end):
        return None
    pre = text[max(0, amount.start - 90):amount.start]
    cut = max(pre.rfind(c) for c in ".;!?\n(")
    m = _clause_patterns(r)["given_noun"].search(pre[cut + 1:])
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
        return not _clause_patterns(r)["list_of_counts"].search(text, max(0, amount.start - 60), amount.start)
    if text[amount.start:amount.end].lower() not in r.words("counts.ambiguous_number_words"):
        return False
    before = words_before(text, amount.start, 1)
    return bool(before) and before[-1] in r.words("counts.determiners")


def _per_unit(text: str, start: int, r: FigureRules) -> bool:
    before = words_before(text, start, 2)
    per = r.words("counts.per_unit_before")
    return bool(before) and (before[-1] in per or " ".join(before[-2:]) in per)


def _is_ratio(text: str, start: int, unit: str | None, r: FigureRules) -> bool:
    if unit not in r.words("counts.ratio_units"):
        return False
    return any(w in r.words("counts.ratio_words") for w in words_before(text, start, 3))


_FOOTNOTE = regex.compile(r"(?:^|\n)[ \t]*[1-9]\d?[ \t]+\p{Lu}")


def _footnote_marker(text: str, start: int, r: FigureRules) -> bool:
    """`⏎7 Công văn số 150/STP…`: a PDF footnote number at the head of a line, not a count."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    if not _FOOTNOTE.match(text, max(0, line_start - 1) if line_start else 0):
        return False
    previous = text[max(0, line_start - 40):max(0, line_start - 1)].rstrip()
    # a wrapped list (`20 Doanh nghiệp và⏎19 Doanh nhân`) goes on; a footnote interrupts the text
    return not (previous.endswith((",", ":", ";")) or _clause_patterns(r)["continues"].search(previous))


def _blocked_count(text: str, start: int, r: FigureRules) -> bool:
    """Labels, ordinals and references: `năm 2021`, `quận 2`, `lần thứ 5`, `Covid-19`."""
    before = words_before(text, start, 3, stop=".;:!?,()\"“”")  # a PDF line end splits no label
    if not before:
        return False
    not_after = r.words("counts.not_after")
    if " ".join(before[-2:]) in r.words("counts.total_before"):
        return False
    for k in (3, 2, 1):
        if len(before) >= k and " ".join(before[-k:]) in not_after:
            # the label word must touch the number (`quận 2`), not end a clause (`tại quận, 2`)
            return True
    vague = r.words("counts.vague_before")
    return bool(before[-1] in vague)


def _qualifier(text: str, start: int, kind: str, end: int, r: FigureRules) -> tuple[Qualifier, int]:
    qual, qstart, word = qualifier_before(text, start, r)
    if word in r.words("qualifiers.not_for_counts") and kind == "count":
        qual, qstart = "exact", start  # `vượt 3 chỉ tiêu`: exceeded three targets
    if qual == "exact":
        am = _patterns(r)["after_qualifier"].match(text, end)
        if am:
            w = " ".join(am.group(1).lower().split())
            qual = "more_than" if w in r.words("qualifiers.more_than_after") else "less_than"
        elif clause_is_estimate(text, start, r):
            qual = "approx"
    return qual, qstart


def _found(text: str, amount: Amount, tail: Tail, value: float, qual: Qualifier, qstart: int,
           role: str | None) -> Found:
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
    for m in p["broken_percent"].finditer(text):
        if blocked.hit(m.start(), m.end()):
            continue
        value = float(f"{m.group(1)}.{m.group(2)}")
        qual, qstart, _ = qualifier_before(text, m.start(), r)
        out.append(Found("percent", value, min(qstart, m.start()), m.end(), None, qual))
        blocked.claim(m.start(), m.end())
    consumed = 0
    for m in _numbers(text, r):
        if m.start() < consumed or blocked.hit(m.start(), m.end()):
            continue
        first = _read_amount(text, m, r)
        if first is None:
            continue
        tail = _tail(text, first, r)
        group: list[tuple[Amount, Tail, str | None]] = []
        link = None
        rm = p["range"].match(text, first.end) if tail.kind == "" else None
        sm = p["slash"].match(text, tail.end if tail.kind else first.end)
        if rm or sm:
            link = rm or sm
            nm = p["next_number"].match(text, link.end())
            second = _read_amount(text, nm, r) if nm else None
            if second is not None and not blocked.hit(second.start, second.end):
                tail2 = _tail(text, second, r)
                if tail2.kind and tail2.kind != "duration":
                    role1, role2 = ("range_low", "range_high") if rm else ("part", "total")
                    if tail.kind == "":
                        if second.scaled and not first.scaled and not first.words:
                            first.value *= second.scale_value
                        tail = Tail(tail2.kind, tail2.unit, first.end, tail2.noun, None)
                        group = [(first, tail, role1), (second, tail2, role2)]
                    elif tail.kind in ("money", "count", "quantity", "percent"):
                        group = [(first, tail, None), (second, tail2, None)]
                    else:
                        group = [(first, tail, None)]
        if not group:
            group = [(first, tail, None)]
        kind0 = group[0][1].kind
        if not kind0:
            continue
        if m.start() and text[m.start() - 1].isalpha() and kind0 not in ("money", "percent", "quantity"):
            continue  # `trấnlà300 triệu đồng` is glued text; a glued bare number is too risky to count
        qual, qstart = _qualifier(text, group[0][0].start, kind0, group[-1][1].end or group[-1][0].end, r)
        for i, (amount, t, role) in enumerate(group):
            if not t.kind:
                continue
            if t.kind in ("count", "duration") and (
                _blocked_count(text, amount.start, r) or _footnote_marker(text, amount.start, r)
            ):
                if i == 0:
                    break
                continue
            if t.kind == "money" and amount.value == 0:
                continue  # `“chuyến xe 0 đồng”`, `thu phí “0 đồng”` are names of a programme, not amounts
            if t.kind == "count" and amount.value == 1 and _per_unit(text, amount.start, r):
                continue
            if t.kind == "count" and _is_ratio(text, amount.start, t.unit, r):
                continue
            if t.kind == "count" and not float(amount.value).is_integer():
                continue  # `13,3 trạm` is an average, not a count
            q, qs = (qual, qstart) if i == 0 or role else _qualifier(text, amount.start, t.kind, t.end, r)
            f = _found(text, amount, t, amount.value, q, qs if i == 0 else amount.start, role)
            if blocked.hit(amount.start, amount.end):
                continue
            out.append(f)
        end = max(max(t.end, a.end) for a, t, _ in group)
        consumed = end
        blocked.claim(group[0][0].start, end)
    return out

