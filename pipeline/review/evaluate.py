"""Score a run against gold, with exactly the rules of ANNOTATION.md "Scoring".

The numbers must agree with the shared scorer (`score.py`) to the last digit,
so the matching below mirrors it rule for rule: same normalisation, same
greedy first-unused match in file order, same rounding. It is reimplemented
rather than imported because the scorer is test data, not part of the product.
Unlike the scorer, it keeps *which* prediction matched which gold figure, so
the review page can mark misses and spurious figures in the text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.sentences import SentenceIndex
from pipeline.errors import SolieuError
from pipeline.lexicon import load_lexicon
from pipeline.outputs.jsonl import iter_lines, parse_record, read_jsonl

KINDS = ("count", "money", "quantity", "percent", "date", "doc_ref")
NUMERIC_KINDS = ("money", "count", "quantity", "percent")

_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_])")

Record = dict[str, Any]


def unify_tones(s: str) -> str:
    """Old-style tone placement (hoà, thuỷ, khoẻ) -> new style (hòa, thủy, khỏe).

    >>> unify_tones("hoà") == unify_tones("hòa")
    True
    """
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", unicodedata.normalize("NFD", s)))


def norm(s: object) -> str:
    """Tone style unified, stripped, lower case; None counts as empty."""
    return unify_tones(str(s or "")).strip().lower()


def first_word(unit: object) -> str:
    """First word of a unit: `hộ nghèo` and `hộ` count the same."""
    words = norm(unit).replace("“", " ").replace("”", " ").split()
    return words[0] if words else ""


# Quantity units compared in canonical form, numerator only: ANNOTATION.md's unit table, as the scorer has it.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "ha": ("hecta", "héc-ta", "hécta", "hec-ta", "héc ta", "hec ta", "hectare"),
    "km": ("ki-lô-mét", "kilômét", "kilomet", "kilômet", "ki lô mét", "cây số"),
    "m": ("mét",),
    "cm": ("xen-ti-mét", "xentimét", "centimét", "centimet"),
    "mm": ("mi-li-mét", "milimét", "milimet"),
    "m2": ("mét vuông",),
    "km2": ("ki-lô-mét vuông", "kilômét vuông", "cây số vuông"),
    "m3": ("mét khối",),
    "kg": ("ki-lô-gam", "kilôgam", "kilogam", "ki lô gam", "ký", "kí", "cân"),
    "g": ("gam",),
    "mg": ("miligam", "mi-li-gam"),
    "lít": ("l", "lit"),
    "ml": ("mililít", "mi-li-lít", "mililit"),
}
_UNIT_CANON = {norm(a): canon for canon, aliases in UNIT_ALIASES.items() for a in aliases}
_PER_SPLIT = re.compile(r"\s*/\s*|\s+(?:trên|mỗi)\s+")


def unit_key(unit: object) -> str:
    """A quantity unit in canonical form: `hécta` is `ha`, `km/h` is `km` (the denominator is `per`).

    >>> unit_key("hécta"), unit_key("km/h"), unit_key("m³"), unit_key("tấn trên ha")
    ('ha', 'km', 'm3', 'tấn')
    """
    u = norm(unit).replace("²", "2").replace("³", "3")
    u = " ".join(_PER_SPLIT.split(u)[0].split())
    return _UNIT_CANON.get(u, u)


def ref_key(value: object) -> str:
    """A document number compared without spaces, case, or dash style.

    >>> ref_key("120 – KL/TW") == ref_key("120-kl/tw")
    True
    """
    return norm(value).replace(" ", "").replace("–", "-").replace("—", "-")


def close(a: object, b: object, rel: float) -> bool:
    """Numbers within a relative tolerance; anything not a number never matches."""
    try:
        x, y = float(a), float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    if x == y:
        return True
    return abs(x - y) <= rel * max(abs(x), abs(y))


def matches(kind: str, gold: Record, pred: Record) -> bool:
    """Whether a predicted figure of `kind` counts as the gold one."""
    gv, pv = gold.get("value"), pred.get("value")
    if kind == "count":
        return close(gv, pv, 0) and first_word(gold.get("unit")) == first_word(pred.get("unit"))
    if kind == "money":
        gu, pu = norm(gold.get("unit")) or "vnd", norm(pred.get("unit")) or "vnd"
        return gu == pu and close(gv, pv, 0.005)
    if kind == "quantity":
        return unit_key(gold.get("unit")) == unit_key(pred.get("unit")) and close(gv, pv, 0.005)
    if kind == "percent":
        try:
            return abs(float(gv) - float(pv)) <= 0.01  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    if kind == "date":
        gs, ps = str(gv), str(pv)
        if gs.startswith("--"):
            return ps == gs or (len(ps) == 10 and ps[4:] == gs[1:])
        return gs == ps
    if kind == "doc_ref":
        return ref_key(gv) == ref_key(pv)
    return False


def iter_jsonl(path: Path, code: str = "E506") -> Iterator[Record]:
    """Records of a JSON Lines file, streamed; a broken line is `code` (E507 for gold) with file:line."""
    return read_jsonl(path, code)


def _doc_records(path: Path, code: str) -> Iterator[tuple[int, str, Record]]:
    """(line, doc_id, record) of each line; a line without a string `doc_id` is `code`."""
    for number, line in iter_lines(path):
        rec = parse_record(path, number, line, code)
        doc_id = rec.get("doc_id")
        if not isinstance(doc_id, str):
            raise SolieuError(code, f"{path}:{number}: no string doc_id")
        yield number, doc_id, rec


def _list_of_records(path: Path, number: int, rec: Record, name: str, code: str) -> list[Record]:
    items = rec.get(name)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise SolieuError(code, f"{path}:{number}: `{name}` must be a list of objects")
    return items


def load_figures(path: Path, *, gold: bool = False) -> dict[str, list[Record]]:
    """Figures per document from gold-shaped lines (`metrics`) or flat metrics.jsonl lines."""
    code = "E507" if gold else "E506"
    docs: dict[str, list[Record]] = defaultdict(list)
    for number, doc_id, rec in _doc_records(path, code):
        if "metrics" in rec:
            items = _list_of_records(path, number, rec, "metrics", code)
            if gold and not all(isinstance(i.get("kind"), str) for i in items):
                raise SolieuError(code, f"{path}:{number}: every figure needs a `kind`")
            docs[doc_id].extend(items)
        elif gold:
            raise SolieuError(code, f"{path}:{number}: a gold line needs `metrics` (or `people`)")
        else:
            docs[doc_id].append(rec)
    return docs


def is_people_gold(path: Path) -> bool:
    """A gold file of people (`people` per line) rather than of figures."""
    for rec in iter_jsonl(path, "E507"):
        return "people" in rec
    return False


@dataclass
class DocMatch:
    """How one document's predictions met its gold: the pairs, the misses, the extras."""

    doc_id: str
    predictions: list[Record]
    matched: list[tuple[int, int]] = field(default_factory=list)  # (gold index, prediction index)
    missed: list[int] = field(default_factory=list)  # gold indices
    spurious: list[int] = field(default_factory=list)  # prediction indices


@dataclass
class EvalResult:
    """Scores as the shared scorer prints them with --json, plus the errors behind them."""

    mode: str  # "figures" or "people"
    rows: dict[str, Any]
    errors: list[tuple[str, str, Record]]
    gold: dict[str, list[Record]] = field(default_factory=dict)
    docs: dict[str, DocMatch] = field(default_factory=dict)


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)}


def match_document(doc_id: str, gold: list[Record], predictions: Iterable[Record]) -> DocMatch:
    """Greedy match: each gold figure takes the first unused prediction that matches it."""
    pms = [p for p in predictions if p.get("kind") in KINDS]
    result = DocMatch(doc_id, pms)
    used: set[int] = set()
    for gi, g in enumerate(gold):
        kind = g["kind"]
        hit = next(
            (i for i, p in enumerate(pms) if i not in used and p.get("kind") == kind and matches(kind, g, p)), None
        )
        if hit is None:
            result.missed.append(gi)
        else:
            used.add(hit)
            result.matched.append((gi, hit))
    result.spurious = [i for i in range(len(pms)) if i not in used]
    return result


def score_figures(gold: dict[str, list[Record]], pred: dict[str, list[Record]]) -> EvalResult:
    """Precision, recall and F1 per kind and over all kinds; qualifier accuracy over matches."""
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    qual_ok = qual_n = 0
    errors: list[tuple[str, str, Record]] = []
    docs: dict[str, DocMatch] = {}
    for doc_id, gms in gold.items():
        dm = match_document(doc_id, gms, pred.get(doc_id, []))
        docs[doc_id] = dm
        matched = dict(dm.matched)
        for gi, g in enumerate(gms):
            kind = g["kind"]
            if gi not in matched:
                fn[kind] += 1
                errors.append(("missed", doc_id, g))
                continue
            tp[kind] += 1
            if kind in NUMERIC_KINDS:
                qual_n += 1
                p = dm.predictions[matched[gi]]
                qual_ok += (g.get("qualifier") or "exact") == (p.get("qualifier") or "exact")
        for i in dm.spurious:
            p = dm.predictions[i]
            fp[p["kind"]] += 1
            errors.append(("spurious", doc_id, p))
    rows: dict[str, Any] = {}
    for kind in (*KINDS, "all"):
        if kind == "all":
            rows[kind] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
        else:
            rows[kind] = _prf(tp[kind], fp[kind], fn[kind])
    rows["qualifier_accuracy"] = round(qual_ok / qual_n, 4) if qual_n else None
    rows["documents"] = len(gold)
    return EvalResult("figures", rows, errors, dict(gold), docs)


def fold(s: object) -> str:
    """A name compared without case, tone style or white space differences."""
    return " ".join(norm(s).split())


def title_key(title: object) -> str:
    """A title compared without case, spacing, tone style, or a leading 'nguyên' (former)."""
    t = fold(title)
    return t[len("nguyên ") :] if t.startswith("nguyên ") else t


def title_found(gold_title: str, predicted: Iterable[str]) -> bool:
    """Equal titles, or one inside the other and at least 80% of its length."""
    g = title_key(gold_title)
    for p in map(title_key, predicted):
        if p == g:
            return True
        short, long_ = sorted((p, g), key=len)
        if short and short in long_ and len(short) >= 0.8 * len(long_):
            return True
    return False


def load_people_gold(path: Path) -> dict[str, list[Record]]:
    """People per document of a people gold file; a malformed line is E507 with file:line."""
    gold: dict[str, list[Record]] = {}
    for number, doc_id, rec in _doc_records(path, "E507"):
        people = _list_of_records(path, number, rec, "people", "E507")
        if not all(isinstance(p.get("name"), str) for p in people):
            raise SolieuError("E507", f"{path}:{number}: every person needs a string `name`")
        if not all(
            isinstance(p.get("titles", []), list) and all(isinstance(t, str) for t in p.get("titles", []))
            for p in people
        ):
            raise SolieuError("E507", f"{path}:{number}: a person's `titles` must be a list of strings")
        gold[doc_id] = people
    return gold


def score_people(gold: dict[str, list[Record]], entities: Iterable[Record]) -> EvalResult:
    """People F1 over distinct folded names per document; title recall over matched people."""
    pred: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for rec in entities:
        if rec.get("type") != "PER" or rec.get("doc_id") not in gold:
            continue
        name = fold(rec.get("name") or rec.get("text"))
        pred[rec["doc_id"]].setdefault(name, []).extend(rec.get("titles") or [])
    tp = fp = fn = t_ok = t_n = 0
    errors: list[tuple[str, str, Record]] = []
    for doc_id, people in gold.items():
        names = {fold(p["name"]): p.get("titles", []) for p in people}
        got = pred.get(doc_id, {})
        for name, titles in names.items():
            if name in got:
                tp += 1
                for t in titles:
                    t_n += 1
                    if title_found(t, got[name]):
                        t_ok += 1
                    else:
                        errors.append(("title missed", doc_id, {"name": name, "title": t}))
            else:
                fn += 1
                errors.append(("missed", doc_id, {"name": name}))
        for name in got:
            if name not in names:
                fp += 1
                errors.append(("spurious", doc_id, {"name": name}))
    rows = {"people": _prf(tp, fp, fn), "title_recall": round(t_ok / t_n, 4) if t_n else None, "documents": len(gold)}
    return EvalResult("people", rows, errors, dict(gold))


def prediction_file(out: Path, people: bool) -> Path:
    """The run file a gold file is scored against; `out` may also name that file itself."""
    if out.is_file():
        return out
    return out / ("entities.jsonl" if people else "metrics.jsonl")


def evaluate(out: Path, gold_path: Path) -> EvalResult:
    """Score run folder `out` against `gold_path` (figures or people, told by the gold's shape)."""
    if is_people_gold(gold_path):
        return score_people(load_people_gold(gold_path), iter_jsonl(prediction_file(out, True)))
    return score_figures(load_figures(gold_path, gold=True), load_figures(prediction_file(out, False)))


def rows_json(result: EvalResult) -> str:
    """The rows exactly as `score.py --json` prints them."""
    return json.dumps(result.rows, ensure_ascii=False)


def format_table(result: EvalResult) -> str:
    """The terminal table, laid out as the shared scorer lays it out."""
    rows = result.rows
    if result.mode == "people":
        r = rows["people"]
        return (
            f"people    tp {r['tp']}  fp {r['fp']}  fn {r['fn']}  P {r['precision']:.3f}  "
            f"R {r['recall']:.3f}  F1 {r['f1']:.3f}\n"
            f"title recall: {rows['title_recall']}   documents: {rows['documents']}"
        )
    lines = [f"{'kind':<10}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for kind in (*KINDS, "all"):
        r = rows[kind]
        lines.append(
            f"{kind:<10}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
        )
    lines.append(f"qualifier accuracy: {rows['qualifier_accuracy']}   documents: {rows['documents']}")
    return "\n".join(lines)


def run_documents(out: Path) -> set[str] | None:
    """doc_ids the run saw (read or failed), from documents.jsonl and errors.jsonl; None when it has neither."""
    folder = out if out.is_dir() else out.parent
    found: set[str] | None = None
    for name in ("documents.jsonl", "errors.jsonl"):
        path = folder / name
        if path.is_file():
            found = found or set()
            found.update(str(doc_id) for _, doc_id, _ in _doc_records(path, "E506"))
    return found


def gold_not_in_run(out: Path, result: EvalResult) -> list[str]:
    """Gold documents the run never saw: they count as all missed, which is worth a warning."""
    seen = run_documents(out)
    if seen is None:
        return []
    return sorted(doc_id for doc_id in result.gold if doc_id not in seen)


def load_document_texts(out: Path, doc_ids: set[str]) -> dict[str, str]:
    """Normalised texts of the wanted documents, for showing a missed figure's sentence."""
    path = out / "documents.jsonl" if out.is_dir() else out.parent / "documents.jsonl"
    texts: dict[str, str] = {}
    if path.is_file():
        for rec in iter_jsonl(path):
            if rec.get("doc_id") in doc_ids:
                texts[rec["doc_id"]] = rec.get("text", "")
    return texts


def sentence_around(text: str, needle: str) -> str:
    """The sentence of `text` holding `needle` (first occurrence), or '' when absent."""
    if not needle or not text:
        return ""
    at = text.find(needle)
    if at < 0:
        return ""
    abbreviations = frozenset(load_lexicon().sentences.abbreviations)
    return SentenceIndex(text, abbreviations).sentence(at, at + len(needle))


def format_errors(result: EvalResult, texts: dict[str, str] | None = None) -> str:
    """Misses and spurious figures, one per line, each followed by its sentence when known."""
    texts = texts or {}
    lines = []
    for what, doc_id, rec in result.errors:
        if result.mode == "people":
            lines.append(f"{what} {doc_id} {json.dumps(rec, ensure_ascii=False)}")
            continue
        shown = {k: rec.get(k) for k in ("kind", "value", "unit", "text")}
        lines.append(f"{what} {doc_id} {json.dumps(shown, ensure_ascii=False)}")
        sentence = rec.get("sentence") or sentence_around(texts.get(doc_id, ""), rec.get("text") or "")
        if sentence:
            lines.append(f"    « {' '.join(sentence.split())} »")
    return "\n".join(lines)
