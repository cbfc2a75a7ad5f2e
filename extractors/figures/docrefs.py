"""References to numbered documents: `Kết luận số 120-KL/TW`, `Nghị định 30/2020/NĐ-CP`.

Numbering follows Nghị định 30/2020/NĐ-CP: a number (with an optional letter,
`30a/2008/NQ-CP`), an optional year, then a symbol of upper-case codes joined
by `-` (state documents: `123/QĐ-UBND`) or `/` (party documents: `120-KL/TW`),
sometimes with a part in brackets (`368/TTr-XD(KTXD)`). A reference must carry
a symbol (`Nghị định 86` or `Quyết định 50/2016` are not annotated). The value
is the number and symbol as written with spaces removed and any dash read as
`-`, so writing that spaces or breaks a reference is read by its shape: a dash
with spaces (`Chỉ thị 40 – CT/TW`, `75/KH- UBND`), a space after the year
(`95/2024 NĐ-CP` -> `95/2024NĐ-CP`), a line end after a dash or slash
(`2769/UBND-` + newline + `NCKSTTHC`, `số 06-` + newline + `CTr/TU`).

A loosely joined part must be a code (upper case, or upper case ending in one
lower-case letter: `TTg`, `TTr`), so prose after a dash is never swallowed
(`… 12/QĐ-UBND - Hà Nội`);
a reference whose number a typo garbles (`2l/2015/QĐ-UBND`, a letter `l` for
the digit `1`; a year of five digits, `45/25010/NĐ-CP`) is claimed, so that no
count is read in it, but not reported.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.figures.common import AHEAD, Blocked, Found, at_digit_runs
from extractors.figures.dates import date_at
from extractors.figures.rules import FigureRules, alternation

_DASH = "-–—"  # a hyphen, an en dash, an em dash
_DASH_CLASS = r"\-–—"  # the same inside a regex character class
_HEAD = r"[\p{Lu}][\p{L}\p{N}&.]*"  # a symbol's first segment: `QĐ`, `TTr`, `BCĐ06`
_SEG = rf"(?:{_HEAD}|\d+[\p{{Lu}}][\p{{L}}\p{{N}}&.]*|\d+)"  # a later segment joined tight: `CAT-PC06`, `QH14`
_SPLIT = regex.compile(rf"[{_DASH_CLASS}/\s()]+")
# a join with a space or a line end: `40 – CT`, `KH- UBND`, `UBND-⏎NCKS`, `12⏎/QĐ`
_LOOSE = rf"(?:[ \t]*[{_DASH_CLASS}/][ \t]*\n?[ \t]*|[ \t]*\n[ \t]*[{_DASH_CLASS}/][ \t]*)"


@lru_cache(maxsize=4)
def _patterns(r: FigureRules) -> dict[str, regex.Pattern[str]]:
    refs = r.figures.doc_refs
    number_word = "(?:" + alternation(refs.number_words) + ")"
    # a segment joined loosely must be a code: upper case (`UBND`, `CT`, `BNN&MT`), or upper case with one
    # lower-case letter after two capitals (`TTg`, `TTr`, `CTr`, `QĐi`), never a word (`Hà`, `Quyết`)
    code = r"\p{Lu}[\p{Lu}\p{N}&.]*+(?:(?<=\p{Lu}\p{Lu})\p{Ll})?(?![\p{L}])"
    tail = rf"(?:[{_DASH_CLASS}/]{_SEG}|{_LOOSE}{code})*(?:\([\p{{Lu}}\d][\p{{Lu}}\p{{N}}&.\-]*\))?"
    return {
        "ref": regex.compile(
            r"(?<![\p{L}\p{N}/.,\-–—])"
            r"(?P<num>\d{1,6}+)(?P<suffix>\p{L})?"
            r"(?:/(?P<year>\d{1,5}+))?+"  # digits after a slash are a year (or a garbled one), never the symbol
            # most numbers fail here, at once: a symbol follows a dash or slash, or a year and a space
            rf"(?=[{_DASH_CLASS}/]|[ \t]+(?:[{_DASH_CLASS}/]|\p{{Lu}}(?<=/\d{{1,5}}[ \t]{{1,3}}\p{{Lu}}))"
            rf"|[ \t]*\n[ \t]*[{_DASH_CLASS}/])"
            rf"(?:(?P<tight>[{_DASH_CLASS}/])(?P<sym>{_HEAD}{tail})"
            rf"|(?P<loose>{_LOOSE}|(?<=/\d+)[ \t]+)(?P<sym>{code}{tail}))"
        ),
        "date_after": regex.compile(
            r"\s*,?\s*(?:(?:" + alternation(refs.date_leads) + r")\s+)?(?=(?:" + alternation(refs.date_words) + r")\s)",
            regex.IGNORECASE,
        ),
        "type_before": regex.compile(
            r"(?<![\p{L}])(" + alternation(list(r.doc_types)) + r")\s*(?:" + number_word + r"\s*:?\s*)?$",
            regex.IGNORECASE,
        ),
        "number_before": regex.compile(r"(?<![\p{L}])" + number_word + r"\s*:?\s*$", regex.IGNORECASE),
    }


def _doc_type_from_symbol(segments: list[str], r: FigureRules) -> str | None:
    for seg in segments:
        if seg in r.doc_type_codes:
            return r.doc_type_codes[seg]
    return None


def _garbled(m: regex.Match[str], r: FigureRules) -> bool:
    """A number or year no office writes: `2l/2015` (a letter for a digit), `45/25010` (a five-digit year)."""
    suffix, year = m.group("suffix"), m.group("year")
    if suffix and suffix.lower() not in r.words("doc_refs.number_suffixes"):
        return True
    return bool(year) and not (len(year) == 2 or (len(year) == 4 and year[:2] in ("19", "20")))


def find_doc_refs(text: str, blocked: Blocked, r: FigureRules) -> list[Found]:
    """Every numbered document reference, with type, number, year, issuer and following date.

    Claims each reference's number and symbol (the type words before stay readable).

    >>> from extractors.figures.common import Blocked
    >>> from extractors.figures.rules import figure_rules
    >>> refs = lambda t: find_doc_refs(t, Blocked(len(t)), figure_rules(LEXICON))
    >>> [(f.value, f.extra["doc_type"]) for f in refs("thực hiện Kết luận số 120-KL/TW ngày 07/01/2016")]
    [('120-KL/TW', 'Kết luận')]
    >>> [(f.value, f.extra["year"], f.extra["issuer"]) for f in refs("Nghị định số 57/2020/NĐ-CP")]
    [('57/2020/NĐ-CP', 2020, 'CP')]
    >>> [f.value for f in refs("Chỉ thị 40 – CT/TW; Nghị quyết 30a/2008/NQ-CP; Nghị định số 95/2024 NĐ-CP")]
    ['40-CT/TW', '30a/2008/NQ-CP', '95/2024NĐ-CP']
    >>> refs("Nghị định 86 và Quyết định 50/2016 của Chính phủ; Quyết định số 2l/2015/QĐ-UBND")
    []
    """
    out: list[Found] = []
    p = _patterns(r)
    for m in at_digit_runs(p["ref"], text):  # a reference begins with its number
        ref, claim_end = _read(text, m, r, p)
        if ref is not None:
            out.append(ref)
        if claim_end is not None:
            blocked.claim(m.start("num"), claim_end)
    return out


def _read(
    text: str, m: regex.Match[str], r: FigureRules, p: dict[str, regex.Pattern[str]]
) -> tuple[Found | None, int | None]:
    """The reference a match reads, and where the characters it claims end (a garbled one is claimed only)."""
    sym = m.group("sym")
    stripped = sym.rstrip(".")
    if stripped.endswith(tuple(_DASH)):
        stripped = stripped[:-1]
    end = m.start("sym") + len(stripped)
    sym = stripped
    segments = [s for s in _SPLIT.split(sym) if s]
    if sum(ch.isalpha() for ch in sym) < 2 or not any(s[:1].isupper() for s in segments):
        return None, None
    start = m.start()
    pre = text[max(0, start - 40) : start]
    tm = p["type_before"].search(pre, None, None, False)
    loose = m.group("loose")
    if loose is not None and len(segments) < 2 and not (tm and "/" in loose):
        return None, None  # `năm 2020 – UBND tỉnh`, `Đề án 06 - UBND tỉnh`: a spaced dash before one code is prose
    if _garbled(m, r):
        return None, end  # no count may be read in `2l/2015/QĐ-UBND` either
    number = m.group("num") + (m.group("suffix") or "")
    year_s = m.group("year")
    joint = m.group("tight") or (loose or "").strip()  # `95/2024 NĐ-CP`: a space after the year joins nothing
    value = number + (f"/{year_s}" if year_s else "") + joint + sym
    value = "".join(value.split())
    for dash in _DASH[1:]:
        value = value.replace(dash, "-")
    doc_type = None
    if tm:
        doc_type = r.doc_types.get(" ".join(tm.group(1).lower().split()))
        start = start - len(pre) + tm.start()
    else:
        sm = p["number_before"].search(pre, None, None, False)
        if sm:
            start = start - len(pre) + sm.start()
    if doc_type is None:
        doc_type = _doc_type_from_symbol(segments, r) or r.figures.doc_refs.default_type  # letters have no code
    extra: dict[str, object] = {
        "doc_type": doc_type,
        "number": number,
        "year": int(year_s) if year_s and len(year_s) == 4 else None,
        "issuer": _issuer(segments, r),
    }
    dm = p["date_after"].match(text, end, end + AHEAD, False)
    if dm:
        date = date_at(text, dm.end(), r)
        if date:
            extra["date"] = date
    return Found("doc_ref", value, start, end, extra=extra), end


def _issuer(segments: list[str], r: FigureRules) -> str | None:
    """The issuing body: the segment after the document code (`QĐ-UBND` -> UBND, `KL/TW` -> TW)."""
    if not segments:
        return None
    if segments[0] in r.doc_type_codes and len(segments) > 1:
        return "-".join(segments[1:])
    return "-".join(segments)
