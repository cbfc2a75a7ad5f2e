"""Totals per metric × reporting unit × period, from the JSONL a run wrote.

The files are read line by line, document by document: only the running
totals, one document's pending figures and the references of the mentions
that make the totals are kept. The rules (also in `RULES`, written into
every summary as its `dedupe_rule`):

* group: metric, unit, reporting unit (document facts `issuer`, else `place`),
  period (facts `period`); different currencies and different counted nouns
  (the taxonomy noun a count matched: `hộ`, `người`…) are separate rows;
* one document, one figure per row: figures of one sentence are items of a
  list and add up ("BSH ủng hộ 1 tỷ, SHS ủng hộ 1 tỷ"); figures of the same
  row in different sentences are restatements, scopes or parts of one
  another (title and body, "cả năm" and "tháng 12", a table's items and its
  total), so the document contributes its largest sentence sum only, and the
  total becomes a lower bound when a left-out sentence is neither a restatement
  nor a breakdown of the chosen one (its sum or each of its values found there);
* bound: any `more_than` part (or a range's low end) makes the total a lower
  bound, any `less_than` part an upper bound, both together `mixed`; a bound
  outweighs `approx` (as ANNOTATION.md does for one figure), else any `approx`
  part makes it approx;
* not added: percentages, rates (`role="rate"` or a `per`), metrics marked
  `additive = false` — these get one row per distinct value instead; the
  `total` of a pair (`19` in `7/19 tiêu chí`: only the achieved part is
  added); a range's high end (the low end is added, as a lower bound);
  changes (`tăng 74 xã`); plans and targets (`phấn đấu`, `dự toán`, `kế
  hoạch` shortly before the figure); breakdowns (a figure of a metric that
  follows `trong đó`/`gồm` after a figure of the same metric in its clause);
* a document read before (same sha256: a copy in the folder, or the same file
  in an earlier output folder) is skipped whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.metrics import ASSIGNABLE_KINDS, Taxonomy, assign_metrics, words
from pipeline.errors import SolieuError
from pipeline.lexicon import load_taxonomy
from pipeline.outputs.chart import bar_chart_svg
from pipeline.outputs.files import write_text
from pipeline.outputs.jsonl import iter_lines, parse_record
from pipeline.outputs.numbers import format_number
from schemas import Mention, Summary, SummaryRow
from schemas.models import MentionRef

RULES = (
    "Per document, figures of one metric, unit and row that stand in one sentence are items of a list and "
    "add up; figures of that row in different sentences are restatements or parts of one another (title and "
    "body, a year and its months, items and their total), so the document contributes its largest sentence "
    "sum only, and the total is marked a lower bound when a left-out sentence is neither a restatement nor a "
    "breakdown of the chosen one (its sum, or each of its values, found there). Not added: "
    "percentages, rates and per-value metrics (one row per value), the total of an x/y pair, a range's high "
    "end (its low end makes a lower bound), changes (tăng/giảm), plans and targets (dự toán, kế hoạch, phấn "
    "đấu…), breakdowns after 'trong đó'/'gồm'. A document whose sha256 was already read (a copy in the "
    "folder, or the same file in an earlier output folder) is skipped whole."
)
DEDUPE_RULE = RULES  # the name the brief uses


@dataclass
class _Group:
    total: float = 0
    all_int: bool = True
    qualifiers: set[str] = field(default_factory=set)
    refs: list[MentionRef] = field(default_factory=list)
    docs: set[tuple[int, str]] = field(default_factory=set)

    def total_value(self) -> int | float:
        return int(self.total) if self.all_int else round(self.total, 6)

    def add(self, run: int, m: Mention, qualifier: str | None) -> None:
        value = m.value if isinstance(m.value, int | float) else 0
        self.total += value
        self.all_int = self.all_int and float(value).is_integer()
        self.qualifiers.add(qualifier or "exact")
        self.refs.append(MentionRef(doc_id=m.doc_id, start=m.start, end=m.end, value=value,
                                    qualifier=m.qualifier))
        self.docs.add((run, m.doc_id))


def bound_of(qualifiers: set[str]) -> str:
    """The bound of a total from its parts' qualifiers.

    >>> bound_of({"exact", "more_than"}), bound_of({"approx", "exact"}), bound_of({"more_than", "less_than"})
    ('lower_bound', 'approx', 'mixed')
    """
    lower, upper = bool({"more_than", "partial"} & qualifiers), "less_than" in qualifiers
    if lower and upper:
        return "mixed"
    if lower:
        return "lower_bound"
    if upper:
        return "upper_bound"
    return "approx" if "approx" in qualifiers else "exact"


def _facts(out_dir: Path, seen_sha: set[str]) -> tuple[dict[str, tuple[str | None, str | None]], set[str]]:
    """doc_id -> (reporting unit, period), and the doc_ids already read from an earlier folder."""
    facts: dict[str, tuple[str | None, str | None]] = {}
    repeated: set[str] = set()
    path = out_dir / "documents.jsonl"
    for number, line in iter_lines(path):
        record = parse_record(path, number, line)
        doc_id, sha = record.get("doc_id"), record.get("sha256")
        doc_facts = record.get("facts") or {}
        facts[doc_id] = (doc_facts.get("issuer") or doc_facts.get("place") or None, doc_facts.get("period"))
        if sha in seen_sha:
            repeated.add(doc_id)
        elif sha:
            seen_sha.add(sha)
    return facts, repeated


def _sentence_groups(out_dir: Path) -> Iterator[list[Mention]]:
    """Runs of mentions of one document sentence (metrics.jsonl is written document by document)."""
    group: list[Mention] = []
    path = out_dir / "metrics.jsonl"
    for number, line in iter_lines(path):
        try:
            mention = Mention.model_validate_json(line)
        except ValueError as exc:
            raise SolieuError("E506", f"{path}:{number}: not a figure record ({_first_error(exc)})") from exc
        if group and (group[-1].doc_id, group[-1].sentence) != (mention.doc_id, mention.sentence):
            yield group
            group = []
        group.append(mention)
    if group:
        yield group


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(map(str, first.get('loc', ()))) or 'line'}: {first.get('msg', '')}"
    return str(exc).splitlines()[0]


def _sentence_base(group: list[Mention]) -> int | None:
    """Offset of the sentence in its document, found from the mentions it holds."""
    sentence = group[0].sentence
    first = group[0]
    at = sentence.find(first.text) if first.text else -1
    while at >= 0:
        base = first.start - at
        if all(sentence[m.start - base:m.end - base] == m.text for m in group):
            return base
        at = sentence.find(first.text, at + 1)
    return None


def _reassigned(group: list[Mention], base: int | None, taxonomy: Taxonomy) -> list[Mention]:
    """Metrics from `taxonomy`, matched in the stored sentence (a user taxonomy without re-extracting)."""
    if base is None:
        return assign_metrics(group, "", taxonomy)
    shifted = [m.model_copy(update={"start": m.start - base, "end": m.end - base}) for m in group]
    found = assign_metrics(shifted, group[0].sentence, taxonomy)
    return [m.model_copy(update={"metric": f.metric, "subject": m.subject or f.subject})
            for m, f in zip(group, found, strict=True)]


def _has_marker(text: str, markers: tuple[tuple[str, ...], ...], last_words: int) -> bool:
    tail = words(text)[-last_words:] if last_words > 0 else []
    by_first = _markers_by_first(markers)
    return any(
        tuple(tail[i:i + len(t)]) == t for i, word in enumerate(tail) for t in by_first.get(word, ())
    )


@lru_cache(maxsize=16)
def _markers_by_first(markers: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Markers indexed by their first word, so a text is walked once, not once per marker."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for marker in markers:
        if marker:
            index.setdefault(marker[0], []).append(marker)
    return {k: tuple(v) for k, v in index.items()}


def _not_added(m: Mention, group: list[Mention], base: int | None, taxonomy: Taxonomy) -> bool:
    """A change, a plan or target, or a breakdown of an earlier figure of its clause (see RULES)."""
    if base is None:
        return False
    sentence = m.sentence
    before = sentence[:max(0, m.start - base)]
    if _has_marker(_strip_qualifier(before), taxonomy.change_markers, taxonomy.change_window):
        return True
    previous_end = max((o.end - base for o in group if o.end <= m.start and o is not m), default=0)
    clause = before[max(previous_end, before.rfind(";") + 1):]
    if _has_marker(clause, taxonomy.target_markers, taxonomy.target_window):
        return True
    clause_start = base + before.rfind(";") + 1
    earlier = [o for o in group if o.metric == m.metric and clause_start <= o.start and o.end <= m.start
               and o is not m]
    if not earlier:
        return False
    gap = sentence[max(0, earlier[0].end - base):max(0, m.start - base)]
    return _has_marker(gap, taxonomy.breakdown_markers, len(words(gap)))


_QUALIFIER_WORDS = {"hơn", "trên", "gần", "khoảng", "dưới", "ước", "đạt", "được", "thêm", "là", "có"}


def _strip_qualifier(before: str) -> str:
    tokens = before.split()
    while tokens and words(tokens[-1]) and all(w in _QUALIFIER_WORDS for w in words(tokens[-1])):
        tokens.pop()
    return " ".join(tokens)


def _unit_key(m: Mention, taxonomy: Taxonomy) -> str | None:
    """The row unit: the currency, the physical unit, the taxonomy noun a count matched, or %."""
    if m.kind == "percent":
        return "%"
    if m.kind != "count":
        return m.unit
    unit = tuple(words(m.unit or ""))
    metric = taxonomy.metrics.get(m.metric or "")
    nouns = [n for n in (metric.nouns if metric else ()) if unit[:len(n)] == n]
    return " ".join(max(nouns, key=len)) if nouns else " ".join(unit[:1]) or None


def _additive(m: Mention, taxonomy: Taxonomy) -> bool:
    metric = taxonomy.metrics.get(m.metric or "")
    return (m.kind in ("count", "money", "quantity") and m.role != "rate" and not m.per
            and (metric.additive if metric else True))


def _flush(pending: dict[tuple[Any, ...], dict[int, list[tuple[Mention, str | None]]]],
           groups: dict[tuple[Any, ...], _Group], run: int) -> None:
    """Move one document's figures into the totals: per row, its largest sentence sum (see RULES)."""
    for key, by_sentence in pending.items():
        sums = {h: sum(float(m.value) for m, _ in items) for h, items in by_sentence.items()}
        best = max(sums, key=lambda h: sums[h])  # the first sentence wins a tie
        group = groups.setdefault(key, _Group())
        for m, qualifier in by_sentence[best]:
            group.add(run, m, qualifier)
        kept = {float(m.value) for m, _ in by_sentence[best]} | {sums[best]}
        unexplained = [h for h, items in by_sentence.items() if h != best and sums[h] not in kept
                       and any(float(m.value) not in kept for m, _ in items)]
        if key[-1] is None and unexplained:  # a left-out sentence neither restates nor details the chosen
            group.qualifiers.add("partial")
    pending.clear()


def summarize(out_dirs: list[Path], taxonomy: Taxonomy, *, reassign: bool = False) -> Summary:
    """Aggregate the outputs of one or several runs; `reassign` re-matches metrics with `taxonomy`."""
    groups: dict[tuple[Any, ...], _Group] = {}
    seen_sha: set[str] = set()
    unassigned = 0
    for run, out_dir in enumerate(out_dirs):
        facts, repeated = _facts(Path(out_dir), seen_sha)
        pending: dict[tuple[Any, ...], dict[int, list[tuple[Mention, str | None]]]] = {}  # one document's
        current_doc = None
        for sentence_group in _sentence_groups(Path(out_dir)):
            if sentence_group[0].doc_id != current_doc:
                _flush(pending, groups, run)
                current_doc = sentence_group[0].doc_id
            if current_doc in repeated:
                continue
            base = _sentence_base(sentence_group)
            mentions = _reassigned(sentence_group, base, taxonomy) if reassign else sentence_group
            for m in mentions:
                if m.kind not in ASSIGNABLE_KINDS:
                    continue
                if not m.metric:
                    unassigned += 1
                    continue
                if m.role in ("total", "range_high") or _not_added(m, mentions, base, taxonomy):
                    continue
                unit = _unit_key(m, taxonomy)
                reporting_unit, period = facts.get(m.doc_id, (None, None))
                value = None if _additive(m, taxonomy) else m.value
                key = (m.metric, m.kind, unit, reporting_unit, period, value)
                qualifier = "more_than" if m.role == "range_low" else m.qualifier
                pending.setdefault(key, {}).setdefault(hash(m.sentence), []).append((m, qualifier))
        _flush(pending, groups, run)
    order = {key: i for i, key in enumerate(taxonomy.metrics)}
    rows = [
        SummaryRow(
            metric=metric, label=taxonomy.label(metric), kind=kind, unit=unit, reporting_unit=reporting_unit,
            period=period, total=value if value is not None else g.total_value(),
            bound=bound_of(g.qualifiers), n_mentions=len(g.refs), n_documents=len(g.docs), mentions=g.refs,
        )
        for (metric, kind, unit, reporting_unit, period, value), g in groups.items()
    ]
    rows.sort(key=lambda r: (order.get(r.metric, len(order)), r.metric, r.kind, r.unit or "",
                             r.reporting_unit or "", r.period or "", r.total))
    return Summary(runs=[str(d) for d in out_dirs], dedupe_rule=RULES, rows=rows,
                   unassigned_mentions=unassigned)


# ---------------------------------------------------------------- writers

_BOUND_SIGN = {"exact": "", "lower_bound": "≥ ", "upper_bound": "≤ ", "approx": "≈ ", "mixed": "~ "}
CSV_COLUMNS = ["metric", "label", "kind", "unit", "reporting_unit", "period", "total", "bound", "n_mentions",
               "n_documents", "mentions"]


def _refs_text(row: SummaryRow) -> str:
    return "; ".join(f"{r.doc_id}:{r.start}-{r.end}" for r in row.mentions)


def _markdown(summary: Summary) -> str:
    out = ["# Tổng hợp số liệu", "", f"Nguồn: {', '.join(summary.runs)}", "",
           f"Quy tắc cộng: {summary.dedupe_rule}", "",
           "≥ ít nhất (có phần “hơn, trên…”), ≤ nhiều nhất, ≈ ước tính, ~ vừa cận dưới vừa cận trên.", ""]
    by_metric: dict[str, list[SummaryRow]] = {}
    for row in summary.rows:
        by_metric.setdefault(row.metric, []).append(row)
    for metric, rows in by_metric.items():
        out += [f"## {rows[0].label} (`{metric}`)", "",
                "| Đơn vị báo cáo | Kỳ | Đơn vị tính | Tổng | Số lần nêu | Số văn bản |",
                "|---|---|---|---:|---:|---:|"]
        for r in rows:
            cells = [r.reporting_unit or "—", r.period or "—", r.unit or "—",
                     _BOUND_SIGN[r.bound] + format_number(r.total), str(r.n_mentions), str(r.n_documents)]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    out.append(f"Số liệu chưa xếp vào chỉ tiêu nào: {summary.unassigned_mentions}")
    return "\n".join(out) + "\n"


def _csv(summary: Summary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in summary.rows:
        writer.writerow([r.metric, r.label, r.kind, r.unit or "", r.reporting_unit or "", r.period or "",
                         r.total, r.bound, r.n_mentions, r.n_documents, _refs_text(r)])
    return buffer.getvalue()


def write_summary(out_dir: Path, summary: Summary, taxonomy: Taxonomy | None = None) -> None:
    """summary.json (validated), summary.md, summary.csv (UTF-8 with BOM, for Excel) and summary.svg.

    `taxonomy` (default: the packaged one) tells the chart which metrics are per-value rows, not totals.
    """
    taxonomy = taxonomy or load_taxonomy()
    per_value = frozenset(k for k, m in taxonomy.metrics.items() if not m.additive)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    checked = Summary.model_validate(summary.model_dump())
    files = {
        "summary.json": checked.model_dump_json(indent=2),
        "summary.md": _markdown(checked),
        "summary.svg": bar_chart_svg(checked.rows, per_value),
    }
    for name, text in files.items():
        write_text(out_dir / name, text)
    write_text(out_dir / "summary.csv", _csv(checked), encoding="utf-8-sig")
