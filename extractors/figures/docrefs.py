"""References to numbered documents: `Kết luận số 120-KL/TW`, `Nghị định 30/2020/NĐ-CP`.

Numbering follows Nghị định 30/2020/NĐ-CP: number, optional year, then a
symbol of upper-case codes joined by `-` (state documents: `123/QĐ-UBND`) or
`/` (party documents: `120-KL/TW`). A reference must carry a symbol
(`Nghị định 86` or `Quyết định 50/2016` are not annotated). Symbols broken by
a line end or a stray space after a dash (`2769/UBND-` + newline, `6386/BNV- CCVC`)
are joined.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.figures.common import AHEAD, Found
from extractors.figures.rules import FigureRules, alternation

_SEG = r"[\p{Lu}][\p{L}\p{N}&.]*"
_REF = regex.compile(
    r"(?<![\p{L}\p{N}/.,\-])"
    r"(?P<num>\d{1,6})"
    r"(?:/(?P<year>\d{2,5}))?"
    r"(?P<sym>[/\-]" + _SEG + r"(?:(?:-[ \t]?\n?[ \t]?|/)(?:" + _SEG + r"|\d+[\p{Lu}][\p{L}\p{N}&.]*|\d+))*)"
)


@lru_cache(maxsize=4)
def _patterns(r: FigureRules) -> dict[str, regex.Pattern[str]]:
    refs = r.figures.doc_refs
    number_word = "(?:" + alternation(refs.number_words) + ")"
    return {
        "date_after": regex.compile(
            r"[ \t]*,?[ \t]*(?:(?:" + alternation(refs.date_leads) + r")[ \t]+)?(?:" + alternation(refs.date_words)
            + r")[ \t]+(\d{1,2})[ \t]*[/\-.][ \t]*(\d{1,2})[ \t]*[/\-.][ \t]*(\d{4})",
            regex.IGNORECASE,
        ),
        "type_before": regex.compile(
            r"(?<![\p{L}])(" + alternation(list(r.doc_types)) + r")[ \t]*(?:" + number_word + r"[ \t]*:?[ \t]*)?$",
            regex.IGNORECASE,
        ),
        "number_before": regex.compile(r"(?<![\p{L}])" + number_word + r"[ \t]*:?[ \t]*$", regex.IGNORECASE),
    }


def _doc_type_from_symbol(segments: list[str], r: FigureRules) -> str | None:
    for seg in segments:
        if seg in r.doc_type_codes:
            return r.doc_type_codes[seg]
    return None


def find_doc_refs(text: str, r: FigureRules) -> list[Found]:
    """Every numbered document reference, with type, number, year, issuer and following date.

    >>> from extractors.figures.rules import figure_rules
    >>> refs = lambda t: find_doc_refs(t, figure_rules(LEXICON))
    >>> [(f.value, f.extra["doc_type"]) for f in refs("thực hiện Kết luận số 120-KL/TW ngày 07/01/2016")]
    [('120-KL/TW', 'Kết luận')]
    >>> [(f.value, f.extra["year"], f.extra["issuer"]) for f in refs("Nghị định số 57/2020/NĐ-CP")]
    [('57/2020/NĐ-CP', 2020, 'CP')]
    >>> refs("Nghị định 86 và Quyết định 50/2016 của Chính phủ")
    []
    """
    out: list[Found] = []
    p = _patterns(r)
    for m in _REF.finditer(text):
        sym = m.group("sym").rstrip(".")
        end = m.start("sym") + len(sym)
        if sym.endswith("-"):
            sym, end = sym[:-1], end - 1
        letters = sum(ch.isalpha() for ch in sym)
        if letters < 2:
            continue
        segments = [s for s in regex.split(r"[\-/\s]+", sym) if s]
        if not any(s[:1].isupper() for s in segments):
            continue
        year_s = m.group("year")
        value = "".join((m.group("num") + (f"/{year_s}" if year_s else "") + sym).split())
        start = m.start()
        pre = text[max(0, start - 40):start]
        tm = p["type_before"].search(pre)
        doc_type = None
        if tm:
            doc_type = r.doc_types.get(" ".join(tm.group(1).lower().split()))
            start = start - len(pre) + tm.start()
        else:
            sm = p["number_before"].search(pre)
            if sm:
                start = start - len(pre) + sm.start()
        if doc_type is None:
            doc_type = _doc_type_from_symbol(segments, r) or r.figures.doc_refs.default_type  # letters have no code
        issuer = _issuer(segments, r)
        extra = {
            "doc_type": doc_type,
            "number": m.group("num"),
            "year": int(year_s) if year_s and len(year_s) == 4 else None,
            "issuer": issuer,
        }
        dm = p["date_after"].match(text, end, end + AHEAD)
        if dm:
            d, mo, y = int(dm.group(1)), int(dm.group(2)), int(dm.group(3))
            if 1 <= d <= 31 and 1 <= mo <= 12:
                extra["date"] = f"{y:04d}-{mo:02d}-{d:02d}"
        out.append(Found("doc_ref", value, start, end, extra=extra))
    return out


def _issuer(segments: list[str], r: FigureRules) -> str | None:
    """The issuing body: the segment after the document code (`QĐ-UBND` -> UBND, `KL/TW` -> TW)."""
    if not segments:
        return None
    if segments[0] in r.doc_type_codes and len(segments) > 1:
        return "-".join(segments[1:])
    return "-".join(segments)
