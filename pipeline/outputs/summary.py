"""Totals per metric × unit × reporting unit × period, built from a stream of documents' records.

`SummaryBuilder` takes one document at a time (its record from documents.jsonl and
its figures from metrics.jsonl): it keeps running totals per row with the ids of
the mentions behind them, a small text signature per document to find copies,
and nothing else of the document, so memory does not grow with the documents'
text. Builders of parts of a run merge (`SummaryBuilder.merge`). `summarize`
reads run folders through the builder; `find_duplicates` returns the copies of
a run for run.json. The rules, in Vietnamese for the manager who reads them, are
`RULES` (written into every summary as its `dedupe_rule`):
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from extractors.metrics import ASSIGNABLE_KINDS, Taxonomy, assign_metrics, words
from pipeline.errors import SolieuError
from pipeline.lexicon import load_taxonomy
from pipeline.outputs.chart import bar_chart_svg
from pipeline.outputs.files import write_text
from pipeline.outputs.jsonl import iter_lines, parse_record
from pipeline.outputs.numbers import format_amount, format_number
from schemas import Duplicate, Mention, Summary, SummaryRow, UnassignedFigure
from schemas.models import DocumentFacts, MentionRef, Period, ReportingUnit

Bound = Literal["exact", "lower_bound", "upper_bound", "approx", "mixed"]

RULES_VI = [
    "Cộng theo chỉ tiêu, đơn vị tính, đơn vị báo cáo và kỳ báo cáo; tiền đồng và tiền đô la, hộ và người "
    "không bao giờ cộng chung một dòng.",
    "Đơn vị báo cáo là đơn vị mà văn bản báo cáo số liệu (không phải cơ quan viết bài); các dòng xếp theo tỉnh "
    "sau sắp xếp ngày 1/7/2025 và vẫn ghi tên đơn vị cũ.",
    "Kỳ lũy kế (cả năm, 6 tháng, 9 tháng đầu năm, quý, giai đoạn) là dòng riêng, không bao giờ cộng với các "
    "tháng nằm trong nó.",
    "Trong một văn bản, các số cùng một câu là các mục của một danh sách và được cộng; cùng một số nêu lại ở "
    "câu khác (tiêu đề và thân bài, cả năm và tháng 12, các mục và tổng) chỉ tính một lần: văn bản góp tổng "
    "lớn nhất của một câu; tổng được ghi “≥” khi một câu bị bỏ ra không nhắc lại cũng không chia nhỏ câu đã "
    "chọn.",
    "Không cộng: tỷ lệ phần trăm, đơn giá, bình quân (mỗi giá trị một dòng), số tổng của cặp x/y, đầu trên "
    "của khoảng (đầu dưới được cộng và ghi “≥”), mức tăng giảm, kế hoạch, dự toán, chỉ tiêu phấn đấu, phần "
    "chia nhỏ sau “trong đó”, “gồm”.",
    "Không đếm hai lần: văn bản có cùng nội dung (cùng mã băm của văn bản đã chuẩn hóa, dù khác định dạng "
    "hay khác tên tệp) và văn bản gần giống (chữ ký MinHash của các cụm 5 từ) có cùng số liệu chỉ tính một "
    "lần, văn bản đọc trước được giữ; hai báo cáo cùng mẫu mà số liệu khác nhau là hai văn bản; bản gửi lại "
    "có số liệu đã sửa vẫn được tính và được đánh dấu “sửa đổi”.",
]
RULES = " ".join(RULES_VI)
DEDUPE_RULE = RULES  # the name the brief uses
NEAR_DUPLICATE = 0.8  # estimated share of common word 5-grams above which two texts are one text
SIGNATURE_BINS, BANDS = 32, 8
def bound_of(qualifiers: set[str]) -> Bound:
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




def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(map(str, first.get('loc', ()))) or 'line'}: {first.get('msg', '')}"
    return str(exc).splitlines()[0]


def _sentence_base(group: list[Mention]) -> int | None:
    """Offset of the sentence in its document: stored with the mention, or found from the mentions it holds
    (runs written before mentions carried it)."""
    if group[0].sentence_start is not None:
        return group[0].sentence_start
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
    if not nouns:
        return " ".join(unit[:1]) or None
    longest: tuple[str, ...] = max(nouns, key=len)
    return " ".join(longest)


def _additive(m: Mention, taxonomy: Taxonomy) -> bool:
    metric = taxonomy.metrics.get(m.metric or "")
    return (m.kind in ("count", "money", "quantity") and m.role != "rate" and not m.per
            and (metric.additive if metric else True))




# ---------------------------------------------------------------- documents: facts, text signatures


def document_facts(record: dict[str, Any]) -> DocumentFacts:
    """The facts of a documents.jsonl record, also of runs written before typed units and periods."""
    raw = record.get("facts") or {}
    try:
        return DocumentFacts.model_validate(raw)
    except ValueError:
        unit = raw.get("issuer") or raw.get("place")
        period = raw.get("period")
        typed = Period(kind="year", value=str(period), label=str(raw.get("period_text") or period)) \
            if isinstance(period, str) and period else None
        return DocumentFacts(title=raw.get("title") if isinstance(raw.get("title"), str) else None,
                             reporting_unit=ReportingUnit(name=unit if isinstance(unit, str) else None),
                             period=typed)


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def text_hash(text: str) -> str:
    """The hash of a text with case and white space folded: two formats of one article share it."""
    return hashlib.sha256(_normalised(text).encode("utf-8")).hexdigest()


def signature(text: str) -> tuple[int, ...]:
    """One-permutation MinHash of the word 5-grams: the smallest hash in each of 32 bins (-1: empty bin).

    One hash per 5-gram (the standard library's blake2b), so a long report costs milliseconds.
    """
    tokens = words(text)
    sig = [-1] * SIGNATURE_BINS
    for i in range(max(1, len(tokens) - 4)):
        gram = " ".join(tokens[i:i + 5]).encode("utf-8")
        h = int.from_bytes(hashlib.blake2b(gram, digest_size=8).digest(), "big")
        b, v = h % SIGNATURE_BINS, h // SIGNATURE_BINS
        if sig[b] < 0 or v < sig[b]:
            sig[b] = v
    return tuple(sig)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures (bins empty in both are left out)."""
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x >= 0 or y >= 0]
    return sum(x == y for x, y in pairs) / len(pairs) if pairs else 0.0


def _figures_key(mentions: list[Mention]) -> str:
    """The figures of a document as one hash: near-copies are one document only when these agree."""
    items = sorted(f"{m.kind}|{m.value}|{m.unit}|{m.qualifier}" for m in mentions if m.kind in ASSIGNABLE_KINDS)
    return hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()


def _identity(facts: DocumentFacts) -> tuple[Any, ...]:
    unit = facts.reporting_unit
    return (facts.doc_type, facts.number, facts.title, unit.name, facts.period.value if facts.period else None)


@dataclass
class _Seen:
    doc_id: str
    run: int
    figures: str
    identity: tuple[Any, ...]
    sig: tuple[int, ...]


@dataclass
class _Group:
    """The running total of one row, with the mentions that make it."""

    total: float = 0
    all_int: bool = True
    qualifiers: set[str] = field(default_factory=set)
    refs: list[MentionRef] = field(default_factory=list)
    docs: set[tuple[int, str]] = field(default_factory=set)
    revised: bool = False
    label: str | None = None

    def total_value(self) -> int | float:
        return int(self.total) if self.all_int else round(self.total, 6)

    def add(self, run: int, m: Mention, qualifier: str | None, anchor: str | None) -> None:
        value = m.value if isinstance(m.value, int | float) else 0
        self.total += value
        self.all_int = self.all_int and float(value).is_integer()
        self.qualifiers.add(qualifier or "exact")
        self.refs.append(MentionRef(doc_id=m.doc_id, start=m.start, end=m.end, value=value, qualifier=m.qualifier,
                                    run=run, anchor=anchor))
        self.docs.add((run, m.doc_id))

    def merge(self, other: _Group) -> None:
        self.total += other.total
        self.all_int = self.all_int and other.all_int
        self.qualifiers |= other.qualifiers
        self.refs += other.refs
        self.docs |= other.docs
        self.revised = self.revised or other.revised
        self.label = self.label or other.label


RowKey = tuple[Any, ...]  # metric, kind, unit, (unit name, level, province, province 2025), (kind, value), value


class SummaryBuilder:
    """Totals built one document at a time; two builders of parts of a run merge into one."""

    def __init__(self, taxonomy: Taxonomy, *, reassign: bool = False) -> None:
        self.taxonomy, self.reassign = taxonomy, reassign
        self.groups: dict[RowKey, _Group] = {}
        self.hashes: dict[str, tuple[str, int]] = {}
        self.seen: list[_Seen] = []
        self.bands: dict[tuple[int, tuple[int, ...]], list[int]] = {}
        self.duplicates: list[Duplicate] = []
        self.unassigned: list[UnassignedFigure] = []
        self.documents = 0
        self.counted = 0

    # -- one document
    def add_document(self, record: dict[str, Any], mentions: list[Mention], run: int = 0,
                     index: int | None = None) -> None:
        """Add one document's figures (its documents.jsonl record, its mentions, its place in the run file)."""
        doc_id = str(record.get("doc_id"))
        self.documents += 1
        facts = document_facts(record)
        text = _text_of(record)
        revised = False
        if text:
            relation = self._copy_of(doc_id, run, text, facts, mentions)
            if relation is not None:
                self.duplicates.append(relation)
                if not relation.counted:
                    return
                revised = True
        self.counted += 1
        pending: dict[RowKey, dict[int, list[tuple[Mention, str | None]]]] = {}
        for group in _sentence_runs(_whole_sentences(mentions, text)):
            self._add_sentence(group, facts, pending, run, index)
        self._flush(pending, run, index, revised)

    def _copy_of(self, doc_id: str, run: int, text: str, facts: DocumentFacts,
                 mentions: list[Mention]) -> Duplicate | None:
        digest = text_hash(text)
        if digest in self.hashes:
            first, first_run = self.hashes[digest]
            return Duplicate(doc_id=doc_id, run=run, duplicate_of=first, duplicate_of_run=first_run,
                             relation="same_text", similarity=1.0, counted=False)
        self.hashes[digest] = (doc_id, run)
        sig = signature(text)
        figures, identity = _figures_key(mentions), _identity(facts)
        rows = SIGNATURE_BINS // BANDS
        candidates: set[int] = set()
        for band in range(BANDS):
            key = (band, sig[band * rows:(band + 1) * rows])
            if all(v < 0 for v in key[1]):
                continue
            candidates.update(self.bands.get(key, ()))
        found: Duplicate | None = None
        for i in sorted(candidates):
            other = self.seen[i]
            score = similarity(sig, other.sig)
            if score < NEAR_DUPLICATE:
                continue
            if other.figures == figures:
                found = Duplicate(doc_id=doc_id, run=run, duplicate_of=other.doc_id, duplicate_of_run=other.run,
                                  relation="near_duplicate", similarity=round(score, 3), counted=False)
                break
            if other.identity == identity:  # the same report sent again with other figures
                found = found or Duplicate(doc_id=doc_id, run=run, duplicate_of=other.doc_id,
                                           duplicate_of_run=other.run, relation="revised",
                                           similarity=round(score, 3), counted=True)
            # else: two reports of one template (other month, other unit): two documents
        if found is not None and not found.counted:
            return found
        self.seen.append(_Seen(doc_id, run, figures, identity, sig))
        for band in range(BANDS):
            self.bands.setdefault((band, sig[band * rows:(band + 1) * rows]), []).append(len(self.seen) - 1)
        return found

    def _add_sentence(self, group: list[Mention], facts: DocumentFacts,
                      pending: dict[RowKey, dict[int, list[tuple[Mention, str | None]]]], run: int,
                      index: int | None) -> None:
        taxonomy = self.taxonomy
        base = _sentence_base(group)
        mentions = _reassigned(group, base, taxonomy) if self.reassign else group
        unit_of = facts.reporting_unit
        unit_key = (unit_of.name, unit_of.level, unit_of.province, unit_of.province_2025)
        period = facts.period
        period_key = (period.kind, period.value) if period else (None, None)
        for m in mentions:
            if m.kind not in ASSIGNABLE_KINDS:
                continue
            if not m.metric:
                self.unassigned.append(UnassignedFigure(
                    doc_id=m.doc_id, run=run, kind=m.kind, value=m.value, unit=m.unit, qualifier=m.qualifier,
                    text=m.text, sentence=m.sentence, anchor=_anchor(index, m)))
                continue
            if m.role in ("total", "range_high") or _not_added(m, mentions, base, taxonomy):
                continue
            value = None if _additive(m, taxonomy) else m.value
            key = (m.metric, m.kind, _unit_key(m, taxonomy), unit_key, period_key, value)
            group_ = self.groups.get(key)
            if group_ is None:
                group_ = self.groups[key] = _Group(label=period.label if period else None)
            qualifier = "more_than" if m.role == "range_low" else m.qualifier
            pending.setdefault(key, {}).setdefault(hash(m.sentence), []).append((m, qualifier))

    def _flush(self, pending: dict[RowKey, dict[int, list[tuple[Mention, str | None]]]], run: int,
               index: int | None, revised: bool) -> None:
        """One document's figures into the totals: per row, its largest sentence sum (see RULES)."""
        for key, by_sentence in pending.items():
            sums = {h: sum(float(m.value) for m, _ in items) for h, items in by_sentence.items()}
            best = max(sums, key=lambda h: sums[h])  # the first sentence wins a tie
            group = self.groups[key]
            for m, qualifier in by_sentence[best]:
                group.add(run, m, qualifier, _anchor(index, m))
            group.revised = group.revised or revised
            kept = {float(m.value) for m, _ in by_sentence[best]} | {sums[best]}
            unexplained = [h for h, items in by_sentence.items() if h != best and sums[h] not in kept
                           and any(float(m.value) not in kept for m, _ in items)]
            if key[-1] is None and unexplained:
                group.qualifiers.add("partial")

    # -- merging and the result
    def merge(self, other: SummaryBuilder) -> SummaryBuilder:
        """Add another builder's contributions (a part of the documents, read elsewhere)."""
        for key, group in other.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                self.groups[key] = group
            else:
                mine.merge(group)
        self.duplicates += other.duplicates
        self.unassigned += other.unassigned
        self.documents += other.documents
        self.counted += other.counted
        for digest, where in other.hashes.items():
            self.hashes.setdefault(digest, where)
        return self

    def summary(self, runs: list[str] | None = None) -> Summary:
        taxonomy = self.taxonomy
        order = {key: i for i, key in enumerate(taxonomy.metrics)}
        rows = []
        for (metric, kind, unit, ru, (pkind, pvalue), value), g in self.groups.items():
            if not g.refs:
                continue
            name, level, province, province_2025 = ru
            rows.append(SummaryRow(
                metric=metric, label=taxonomy.label(metric), kind=kind, unit=unit, reporting_unit=name, level=level,
                province=province, province_2025=province_2025, period=pvalue, period_kind=pkind,
                period_label=g.label, cumulative=bool(pkind and Period(kind=pkind, value="x", label="x").cumulative),
                total=value if value is not None else g.total_value(), bound=bound_of(g.qualifiers),
                n_mentions=len(g.refs), n_documents=len(g.docs), revised=g.revised, mentions=g.refs))
        rows.sort(key=lambda r: (order.get(r.metric, len(order)), r.metric, r.kind, r.unit or "",
                                 r.province_2025 or "", r.reporting_unit or "", r.period or "", r.total))
        return Summary(runs=runs or [], dedupe_rule=RULES, documents=self.documents,
                       documents_counted=self.counted, rows=rows, duplicates=self.duplicates,
                       unassigned_mentions=len(self.unassigned), unassigned=self.unassigned)


def _anchor(index: int | None, m: Mention) -> str | None:
    """The id pipeline/review/page.py gives a mention: `d<document's place in documents.jsonl>-<start>-<end>`."""
    return None if index is None else review_anchor(index, m.start, m.end)


def review_anchor(doc_index: int, start: int, end: int) -> str:
    """The review page's id of a mention (`d3-120-135`); the one place that format is written for links."""
    return f"d{doc_index}-{start}-{end}"


def _whole_sentences(mentions: list[Mention], text: str) -> list[Mention]:
    """Mentions with their whole sentence from the document's text: a record quotes at most 600 characters
    of a run-on sentence, and the figures of one sentence must meet in one group."""
    if not text:
        return mentions
    out = []
    for m in mentions:
        a, b = m.sentence_start, m.sentence_end
        if a is not None and b is not None and 0 <= a <= b <= len(text) and text[a:b] != m.sentence:
            m = m.model_copy(update={"sentence": text[a:b]})
        out.append(m)
    return out


def _sentence_runs(mentions: list[Mention]) -> Iterator[list[Mention]]:
    group: list[Mention] = []
    for m in mentions:
        if group and group[-1].sentence != m.sentence:
            yield group
            group = []
        group.append(m)
    if group:
        yield group


# ---------------------------------------------------------------- reading run folders


def _mentions_by_document(out_dir: Path) -> Iterator[tuple[str, list[Mention]]]:
    """metrics.jsonl, one document's figures at a time (the file is written document by document)."""
    path = out_dir / "metrics.jsonl"
    doc_id, mentions = None, []
    for number, line in iter_lines(path):
        try:
            mention = Mention.model_validate_json(line)
        except ValueError as exc:
            raise SolieuError("E506", f"{path}:{number}: not a figure record ({_first_error(exc)})") from exc
        if doc_id is not None and mention.doc_id != doc_id:
            yield doc_id, mentions
            mentions = []
        doc_id = mention.doc_id
        mentions.append(mention)
    if doc_id is not None:
        yield doc_id, mentions


def stream_run(out_dir: Path) -> Iterator[tuple[int, dict[str, Any], list[Mention]]]:
    """(place in documents.jsonl, record, its mentions) of each document of a run folder, in file order."""
    path = out_dir / "documents.jsonl"
    figures = _mentions_by_document(out_dir)
    ahead: tuple[str, list[Mention]] | None = next(figures, None)
    index = -1
    for index, (number, line) in enumerate(iter_lines(path)):
        record = parse_record(path, number, line)
        doc_id = str(record.get("doc_id"))
        mentions: list[Mention] = []
        if ahead is not None and ahead[0] == doc_id:
            mentions = ahead[1]
            ahead = next(figures, None)
        yield index, record, mentions
    while ahead is not None:  # figures of documents the documents file lacks: counted, without facts
        index += 1
        yield index, {"doc_id": ahead[0]}, ahead[1]
        ahead = next(figures, None)


def summarize(out_dirs: Iterable[Path], taxonomy: Taxonomy, *, reassign: bool = False) -> Summary:
    """Aggregate the outputs of one or several runs; `reassign` re-matches metrics with `taxonomy`."""
    dirs = [Path(d) for d in out_dirs]
    builder = SummaryBuilder(taxonomy, reassign=reassign)
    for run, out_dir in enumerate(dirs):
        for index, record, mentions in stream_run(out_dir):
            builder.add_document(record, mentions, run, index)
    return builder.summary([str(d) for d in dirs])


def _text_of(record: dict[str, Any]) -> str:
    """A document record's text ('' when the record keeps none)."""
    text = record.get("text")
    return text if isinstance(text, str) else ""


def find_duplicates(out_dirs: Iterable[Path], taxonomy: Taxonomy | None = None) -> list[Duplicate]:
    """The documents of run folders counted once with another, or flagged as revisions (for run.json).

    The same relations as `summarize(...).duplicates`, without adding anything up:
    `[d.model_dump(mode="json") for d in find_duplicates([out_dir])]` is run.json's list.
    """
    builder = SummaryBuilder(taxonomy or load_taxonomy())
    for run, out_dir in enumerate(Path(d) for d in out_dirs):
        for _, record, mentions in stream_run(out_dir):
            text = _text_of(record)
            builder.documents += 1
            if text:
                found = builder._copy_of(str(record.get("doc_id")), run, text, document_facts(record), mentions)
                if found:
                    builder.duplicates.append(found)
    return builder.duplicates


# ---------------------------------------------------------------- writers

_BOUND_SIGN = {"exact": "", "lower_bound": "≥ ", "upper_bound": "≤ ", "approx": "≈ ", "mixed": "~ "}
_LEVEL_VI = {"quốc gia": "cả nước", "tỉnh": "tỉnh", "huyện": "huyện", "xã": "xã", "cơ quan": "cơ quan"}
CSV_COLUMNS = ["metric", "label", "kind", "unit", "reporting_unit", "level", "province", "province_2025", "period",
               "period_kind", "period_label", "cumulative", "total", "bound", "n_mentions", "n_documents", "revised",
               "mentions"]
LINKS_PER_TOTAL = 12
UNASSIGNED_LISTED = 300


def _refs_text(row: SummaryRow) -> str:
    return "; ".join(f"{r.doc_id}:{r.start}-{r.end}" for r in row.mentions)


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _review_links(out_dir: Path, runs: list[str]) -> list[str]:
    """Per run, the path from the summary's folder to that run's review.html."""
    import os

    return [os.path.relpath(Path(run) / "review.html", out_dir).replace(os.sep, "/") for run in runs]


def _links(refs: list[Any], pages: list[str]) -> str:
    shown = []
    for k, ref in enumerate(refs[:LINKS_PER_TOTAL]):
        page = pages[ref.run] if ref.run < len(pages) else "review.html"
        shown.append(f"[{k + 1}]({page}#{ref.anchor})" if ref.anchor else str(k + 1))
    if len(refs) > LINKS_PER_TOTAL:
        shown.append(f"… +{len(refs) - LINKS_PER_TOTAL}")
    return " ".join(shown)


def _period_text(row: SummaryRow) -> str:
    if not row.period:
        return "không rõ kỳ"
    label = row.period_label or row.period
    label = label.lower() if label.isupper() else label  # `NĂM 2025` of an upper-case title
    return f"{label} (lũy kế)" if row.cumulative and row.period_kind not in ("year",) else label


def _markdown(summary: Summary, out_dir: Path) -> str:
    pages = _review_links(out_dir, summary.runs)
    skipped = sum(1 for d in summary.duplicates if not d.counted)
    out = ["# Tổng hợp số liệu", "",
           f"Nguồn: {', '.join(summary.runs) or '—'}. Đã đọc {summary.documents} văn bản, cộng số liệu của "
           f"{summary.documents_counted} văn bản (bỏ {skipped} bản trùng).", "",
           "## Cách cộng", ""]
    out += [f"- {rule}" for rule in RULES_VI]
    out += ["", "Ký hiệu: ≥ ít nhất (có phần “hơn, trên…”), ≤ nhiều nhất, ≈ ước tính, ~ vừa cận dưới vừa cận trên. "
            "Mỗi số ở cột “Số liệu gốc” mở đúng chỗ của nó trong trang rà soát (review.html của lần chạy).", ""]
    by_metric: dict[str, list[SummaryRow]] = {}
    for row in summary.rows:
        by_metric.setdefault(row.metric, []).append(row)
    for metric, rows in by_metric.items():
        units = sorted({r.unit or "—" for r in rows})
        periods = sorted({_period_text(r) for r in rows})
        out += [f"## {rows[0].label}", "",
                f"Đơn vị tính: {', '.join('đồng' if u == 'VND' else u for u in units)}. "
                f"Kỳ: {', '.join(periods)}. Mã chỉ tiêu: `{metric}`.", "",
                "| Tỉnh (từ 1/7/2025) | Đơn vị báo cáo | Cấp | Kỳ | Tổng | Văn bản | Số liệu gốc |",
                "|---|---|---|---|---:|---:|---|"]
        for r in rows:
            unit_name = r.reporting_unit or "không rõ đơn vị"
            if r.province and r.province_2025 and r.province != r.province_2025:
                unit_name += f" (tỉnh {r.province} cũ)"
            total = _BOUND_SIGN[r.bound] + format_amount(r.total, r.unit)
            if r.revised:
                total += " (có bản sửa đổi)"
            cells = [r.province_2025 or "—", unit_name, _LEVEL_VI.get(r.level or "", "—"), _period_text(r), total,
                     str(r.n_documents)]
            out.append("| " + " | ".join(_cell(c) for c in cells) + f" | {_links(r.mentions, pages)} |")
        out.append("")
    out += ["## Số liệu chưa xếp vào chỉ tiêu nào", "",
            f"{summary.unassigned_mentions} số liệu có thể cộng nhưng chưa thuộc chỉ tiêu nào của danh mục; "
            "chúng không nằm trong các bảng trên.", ""]
    if summary.unassigned:
        out += ["| Văn bản | Số liệu | Câu | Chỗ |", "|---|---|---|---|"]
        for u in summary.unassigned[:UNASSIGNED_LISTED]:
            page = pages[u.run] if u.run < len(pages) else "review.html"
            where = f"[xem]({page}#{u.anchor})" if u.anchor else ""
            out.append(f"| {_cell(u.doc_id)} | {_cell(u.text)} | {_cell(u.sentence)[:300]} | {where} |")
        if len(summary.unassigned) > UNASSIGNED_LISTED:
            out.append(f"\n… và {len(summary.unassigned) - UNASSIGNED_LISTED} số liệu khác (xem summary.json).")
        out.append("")
    out += ["## Văn bản trùng", ""]
    if not summary.duplicates:
        out += ["Không có văn bản nào trùng nội dung.", ""]
    else:
        relation = {"same_text": "cùng nội dung", "near_duplicate": "gần giống, cùng số liệu",
                    "revised": "bản gửi lại, số liệu đã sửa"}
        out += ["| Văn bản | Trùng với | Quan hệ | Độ giống | Số liệu |", "|---|---|---|---:|---|"]
        for d in summary.duplicates:
            counted = "vẫn được cộng, đánh dấu sửa đổi" if d.counted else "không cộng lại"
            out.append(f"| {_cell(d.doc_id)} | {_cell(d.duplicate_of)} | {relation[d.relation]} | "
                       f"{format_number(d.similarity * 100, decimals=0)}% | {counted} |")
        out.append("")
    return "\n".join(out) + "\n"


def _csv(summary: Summary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in summary.rows:
        writer.writerow([r.metric, r.label, r.kind, r.unit or "", r.reporting_unit or "", r.level or "",
                         r.province or "", r.province_2025 or "", r.period or "", r.period_kind or "",
                         r.period_label or "", r.cumulative, r.total, r.bound, r.n_mentions, r.n_documents, r.revised,
                         _refs_text(r)])
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
        "summary.md": _markdown(checked, out_dir),
        "summary.svg": bar_chart_svg(checked.rows, per_value),
    }
    for name, text in files.items():
        write_text(out_dir / name, text)
    write_text(out_dir / "summary.csv", _csv(checked), encoding="utf-8-sig")
