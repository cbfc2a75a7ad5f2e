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
import functools
import hashlib
import struct
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from heapq import heapify, heappop
from itertools import accumulate, islice, pairwise
from operator import add
from pathlib import Path
from typing import IO, Any, Literal

import orjson
import regex
from pydantic import TypeAdapter

from extractors.metrics import ASSIGNABLE_KINDS, Taxonomy, assign_metrics, fold, folded_words, last_words_of, words
from pipeline.errors import SolieuError
from pipeline.lexicon import load_taxonomy
from pipeline.outputs.chart import ChartBars
from pipeline.outputs.files import atomic_open, write_text
from pipeline.outputs.jsonl import iter_lines, parse_record
from pipeline.outputs.numbers import format_amount, format_number
from pipeline.outputs.summary_state import (
    LIVE_ROWS,
    CopyIndex,
    FoundCopies,
    Group,
    Part,
    RowTable,
    Seen,
    SortColumns,
    closed,
    open_database,
)
from schemas import Duplicate, Mention, Summary, SummaryRow, UnassignedFigure
from schemas.models import DocumentFacts, MentionRef, Period, ReportingUnit

compiled_signature: Callable[[list[bytes], int], tuple[int, ...]] | None
try:
    from pipeline.outputs._minhash import signature as compiled_signature
except ImportError:  # installed without a C compiler: the Python loop, with the same result
    compiled_signature = None

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
        if all(sentence[m.start - base : m.end - base] == m.text for m in group):
            return base
        at = sentence.find(first.text, at + 1)
    return None


def _reassigned(group: list[Mention], base: int | None, taxonomy: Taxonomy) -> list[Mention]:
    """Metrics from `taxonomy`, matched in the stored sentence (a user taxonomy without re-extracting)."""
    if base is None:
        return assign_metrics(group, "", taxonomy)
    shifted = [m.model_copy(update={"start": m.start - base, "end": m.end - base}) for m in group]
    found = assign_metrics(shifted, group[0].sentence, taxonomy)
    return [
        m.model_copy(update={"metric": f.metric, "subject": m.subject or f.subject})
        for m, f in zip(group, found, strict=True)
    ]


def _has_marker(text: str, markers: tuple[tuple[str, ...], ...], last_words: int) -> bool:
    """Whether one of `markers` stands among the last `last_words` words of `text`."""
    return _marker_in(last_words_of(text, last_words) if last_words > 0 else [], markers)


def _marker_in(tail: list[str], markers: tuple[tuple[str, ...], ...]) -> bool:
    by_first = _markers_by_first(markers)
    return any(tuple(tail[i : i + len(t)]) == t for i, word in enumerate(tail) for t in by_first.get(word, ()))


@lru_cache(maxsize=16)
def _markers_by_first(markers: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Markers indexed by their first word, so a text is walked once, not once per marker."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for marker in markers:
        if marker:
            index.setdefault(marker[0], []).append(marker)
    return {k: tuple(v) for k, v in index.items()}


def _not_added(m: Mention, group: list[Mention], base: int | None, taxonomy: Taxonomy) -> bool:
    """A change, a plan or target, or a breakdown of an earlier figure of its clause (see RULES).

    A change or target marker counts only among the last few words before the figure, so only the end of
    that text is split into words (`_stripped_tail`, `last_words_of`), not the whole sentence before it.
    """
    if base is None:
        return False
    sentence = m.sentence
    before = sentence[: max(0, m.start - base)]
    n = taxonomy.change_window
    if n > 0 and _marker_in(_stripped_tail(before, taxonomy.change_skip, n), taxonomy.change_markers):
        return True
    previous_end = max((o.end - base for o in group if o.end <= m.start and o is not m), default=0)
    after_semicolon = before.rfind(";") + 1
    clause = before[max(previous_end, after_semicolon) :]
    if _has_marker(clause, taxonomy.target_markers, taxonomy.target_window):
        return True
    clause_start = base + after_semicolon
    earlier = [o for o in group if o.metric == m.metric and clause_start <= o.start and o.end <= m.start and o is not m]
    if not earlier:
        return False
    gap = sentence[max(0, earlier[0].end - base) : max(0, m.start - base)]
    return _marker_in(words(gap), taxonomy.breakdown_markers)


_TAIL_TOKENS = 8  # tokens at the end of a figure's before-text split first: enough for its last words nearly always


def _stripped_tail(before: str, skip: frozenset[str], n: int) -> list[str]:
    """`words(_strip_qualifier(before, skip))[-n:]` (n > 0), from the last `_TAIL_TOKENS` tokens of
    `before` when, stripped, they hold n words: those are the last n of all (the words of texts joined by
    a space are the words of each, see `extractors.metrics.window`)."""
    parts = before.rsplit(None, _TAIL_TOKENS)
    if len(parts) > _TAIL_TOKENS:  # tokens stand before these: `parts[0]`, not split
        tail = _tail_words(parts[1:], skip)
        if len(tail) >= n:
            return tail[-n:]
    return words(_strip_qualifier(before, skip))[-n:]


def _tail_words(tokens: list[str], skip: frozenset[str]) -> list[str]:
    """The words of `tokens` without the skipped tokens that end them."""
    while tokens and _skipped(tokens[-1], skip):
        tokens.pop()
    return words(" ".join(tokens))


def _skipped(token: str, skip: frozenset[str]) -> bool:
    found = words(token)
    return bool(found) and all(w in skip for w in found)


def _strip_qualifier(before: str, skip: frozenset[str]) -> str:
    """`before` without the qualifier and link words that end it (metrics.toml `change_skip`)."""
    tokens = before.split()
    while tokens and _skipped(tokens[-1], skip):
        tokens.pop()
    return " ".join(tokens)


_MANY_FIGURES = 8  # a sentence with this many figures answers `_not_added` from `_Clauses` (one pass over it)
_LONG_GAP = 256  # a breakdown gap longer than this is read from the sentence's words (`_Words`), not split anew
_TAIL_WINDOW = 512  # characters before a figure in which `_Clauses` looks for its last `_TAIL_TOKENS` tokens
_WORD_SPAN = regex.compile(r"[\p{L}\p{N}]+")  # `extractors.metrics.words`' word (tests/test_fast_paths.py)
_NFC_MAYBE = regex.compile(r"\p{NFC_QC=Maybe}")  # a character that can compose with the one before it


class _Clauses:
    """`_not_added(group[j], group, base, taxonomy)` for every j, in time n log n in the sentence, not n².

    What `_not_added` works out per figure by walking the sentence or the figures is looked up in what
    is found once per sentence: the semicolons (bisected: the last one before the figure), the figures'
    ends in order (the largest at or before its start, the figure itself left out), per metric the figures
    in start order (the first of the clause, bisected, when the figures come in start order and none ends
    before it starts; the plain walk otherwise), the sentence's last tokens before the figure from a window
    of `tail_window` characters (the whole text before it when the window holds too few), and the
    breakdown markers among the words of a gap longer than `long_gap` from the sentence's words (`_Words`).
    tests/test_fast_paths.py compares both on hostile sentences.
    """

    def __init__(
        self,
        group: list[Mention],
        base: int,
        taxonomy: Taxonomy,
        *,
        long_gap: int = _LONG_GAP,
        tail_window: int = _TAIL_WINDOW,
    ) -> None:
        self.group, self.base, self.taxonomy = group, base, taxonomy
        self.long_gap, self.tail_window = long_gap, tail_window
        sentence = self.sentence = group[0].sentence
        semicolons = []
        at = sentence.find(";")
        while at >= 0:
            semicolons.append(at)
            at = sentence.find(";", at + 1)
        self.semicolons = semicolons
        by_end = sorted(range(len(group)), key=lambda i: group[i].end)  # stable: ties keep the group's order
        self.by_end, self.ends = by_end, [group[i].end for i in by_end]
        self.in_order = all(o.start <= o.end for o in group) and all(a.start <= b.start for a, b in pairwise(group))
        by_metric: dict[str | None, list[int]] = {}
        for i, o in enumerate(group):
            by_metric.setdefault(o.metric, []).append(i)
        self.by_metric = by_metric
        self.starts = {k: [group[i].start for i in v] for k, v in by_metric.items()}
        self._words: _Words | None = None

    def not_added(self, j: int) -> bool:
        group, base, taxonomy, sentence = self.group, self.base, self.taxonomy, self.sentence
        m = group[j]
        p = max(0, m.start - base)  # `before` is sentence[:p]
        n = taxonomy.change_window
        if n > 0 and _marker_in(self._stripped_tail(p, taxonomy.change_skip, n), taxonomy.change_markers):
            return True
        k = bisect_right(self.ends, m.start)  # the figures ending at or before m starts: by_end[:k]
        while k and group[self.by_end[k - 1]] is m:
            k -= 1
        previous_end = self.ends[k - 1] - base if k else 0
        semicolon = bisect_left(self.semicolons, p)
        after_semicolon = self.semicolons[semicolon - 1] + 1 if semicolon else 0
        clause = sentence[max(previous_end, after_semicolon) : p]
        if _has_marker(clause, taxonomy.target_markers, taxonomy.target_window):
            return True
        first = self._first_earlier(m, base + after_semicolon)
        if first is None:
            return False
        start = max(0, first.end - base)
        end = min(p, len(sentence))
        if end - start <= self.long_gap:
            return _marker_in(words(sentence[start:end]), taxonomy.breakdown_markers)
        if self._words is None:
            self._words = _Words(sentence, taxonomy.breakdown_markers)
        if not self._words.exact:
            return _marker_in(words(sentence[start:end]), taxonomy.breakdown_markers)
        return self._words.marker_between(start, end)

    def _first_earlier(self, m: Mention, clause_start: int) -> Mention | None:
        """The first figure of m's metric in the group that lies in m's clause before m (`earlier[0]`)."""
        group = self.group
        if not self.in_order:
            return next(
                (
                    o
                    for o in group
                    if o.metric == m.metric and clause_start <= o.start and o.end <= m.start and o is not m
                ),
                None,
            )
        same = self.by_metric.get(m.metric, [])
        for at in range(bisect_left(self.starts.get(m.metric, []), clause_start), len(same)):
            o = group[same[at]]
            if o.start > m.start:  # so are the ends of this one and of all after it
                return None
            if o.end <= m.start and o is not m:
                return o
        return None

    def _stripped_tail(self, p: int, skip: frozenset[str], n: int) -> list[str]:
        """`_stripped_tail(sentence[:p], skip, n)`: the last `_TAIL_TOKENS` tokens from a window before p
        when it holds more (`rsplit` then stops at a blank inside the window: the same tokens)."""
        low = p - self.tail_window
        if low <= 0:
            return _stripped_tail(self.sentence[:p], skip, n)
        parts = self.sentence[low:p].rsplit(None, _TAIL_TOKENS)
        if len(parts) > _TAIL_TOKENS:
            tail = _tail_words(parts[1:], skip)
            if len(tail) >= n:
                return tail[-n:]
        return words(_strip_qualifier(self.sentence[:p], skip))[-n:]


class _Words:
    """A sentence's words with their spans, to tell whether a breakdown marker stands among `words` of a
    slice of the sentence without splitting the slice.

    `exact` when the sentence's slices are their own NFC (the sentence is NFC and holds no character that
    can compose with the one before it: the quick check then says yes of every slice) and its lower case
    is that of each character (as long, and no capital sigma, whose lower case depends on what follows):
    the words of a slice are then the sentence's lower-case words inside it, with the words the slice's
    edges cut in two; otherwise callers split the slice (`words`). A marker among them lies inside the
    slice's whole words (looked up: per word, the nearest end of a marker starting at it or after it) or
    takes in a cut edge word, within a marker's length of an edge (the marker test of those few words).
    """

    def __init__(self, sentence: str, markers: tuple[tuple[str, ...], ...]) -> None:
        lower = sentence.lower()
        self.exact = (
            len(lower) == len(sentence)
            and "\u03a3" not in sentence
            and unicodedata.is_normalized("NFC", sentence)
            and _NFC_MAYBE.search(sentence) is None
        )
        self.markers, self.lower = markers, lower
        self.longest = max((len(t) for t in markers), default=0)
        if not self.exact:
            return
        found = list(_WORD_SPAN.finditer(lower))
        self.starts = [w.start() for w in found]
        self.ends = [w.end() for w in found]
        self.words = tokens = [w.group() for w in found]
        by_first = _markers_by_first(markers)
        n = len(tokens)
        nearest = [n + 1] * (n + 1)  # nearest[i]: the smallest end of a marker starting at word i or after
        for i in range(n - 1, -1, -1):
            best = nearest[i + 1]
            for t in by_first.get(tokens[i], ()):
                if i + len(t) < best and tuple(tokens[i : i + len(t)]) == t:
                    best = i + len(t)
            nearest[i] = best
        self.nearest = nearest

    def marker_between(self, start: int, end: int) -> bool:
        """`_marker_in(words(sentence[start:end]), markers)` (`exact` only)."""
        if start >= end or not self.longest:
            return False
        lower, tokens = self.lower, self.words
        a = bisect_left(self.starts, start)  # words a.. start inside the slice
        b = bisect_right(self.ends, end)  # words ..b - 1 end inside it
        left = a > 0 and self.ends[a - 1] > start  # word a - 1 is cut by the slice's start
        right = b < len(tokens) and self.starts[b] < end  # word b is cut by its end
        if left and right and a - 1 == b:  # one word holds the slice
            return _marker_in([lower[start:end]], self.markers)
        head = [lower[start : self.ends[a - 1]]] if left else []
        tail = [lower[self.starts[b] : end]] if right else []
        k = self.longest
        if b - a <= 2 * k:
            return _marker_in([*head, *tokens[a:b], *tail], self.markers)
        return (
            self.nearest[a] <= b
            or (left and _marker_in([*head, *tokens[a : min(b, a + k)]], self.markers))
            or (right and _marker_in([*tokens[max(a, b - k) : b], *tail], self.markers))
        )


def _unit_key(m: Mention, taxonomy: Taxonomy) -> str | None:
    """The row unit: the currency, the physical unit, the taxonomy noun a count matched, or %."""
    if m.kind == "percent":
        return "%"
    if m.kind != "count":
        return m.unit
    unit = tuple(words(m.unit or ""))
    metric = taxonomy.metrics.get(m.metric or "")
    nouns = [n for n in (metric.nouns if metric else ()) if unit[: len(n)] == n]
    if not nouns:
        return " ".join(unit[:1]) or None
    longest: tuple[str, ...] = max(nouns, key=len)
    return " ".join(longest)


def _additive(m: Mention, taxonomy: Taxonomy) -> bool:
    metric = taxonomy.metrics.get(m.metric or "")
    return (
        m.kind in ("count", "money", "quantity")
        and m.role != "rate"
        and not m.per
        and (metric.additive if metric else True)
    )


# ---------------------------------------------------------------- documents: facts, text signatures


def document_facts(record: dict[str, Any]) -> DocumentFacts:
    """The facts of a documents.jsonl record, also of runs written before typed units and periods."""
    raw = record.get("facts") or {}
    try:
        return DocumentFacts.model_validate(raw)
    except ValueError:
        unit = raw.get("issuer") or raw.get("place")
        period = raw.get("period")
        typed = (
            Period(kind="year", value=str(period), label=str(raw.get("period_text") or period))
            if isinstance(period, str) and period
            else None
        )
        return DocumentFacts(
            title=raw.get("title") if isinstance(raw.get("title"), str) else None,
            reporting_unit=ReportingUnit(name=unit if isinstance(unit, str) else None),
            period=typed,
        )


def text_hash(text: str) -> str:
    """The hash of a text with case and white space folded: two formats of one article share it."""
    return _hash_of_folded(fold(text))


def _hash_of_folded(folded: str) -> str:
    return hashlib.sha256(" ".join(folded.split()).encode("utf-8")).hexdigest()


def signature(text: str) -> tuple[int, ...]:
    """One-permutation MinHash of the word 5-grams: the smallest hash in each of 32 bins (-1: empty bin).

    A 5-gram's hash is the 8-byte blake2b of its words joined by single spaces (UTF-8), as an integer: its
    bin the remainder by 32, its value the quotient. A text of fewer than five words is one gram. For speed
    the words are encoded once and each gram is a slice of their joined bytes, each hash a copy of one
    blake2b state, the digests read as integers in one call, and the bins are filled from the hashes in
    ascending order (the first a bin receives is its smallest), popped off a heap until all 32 are (a
    hundred or so of a report's thousand), so a long report costs a millisecond or so.
    """
    return _signature_of_words(words(text))


def _signature_of_words(found: list[str]) -> tuple[int, ...]:
    """`signature` of the text's words: compiled (`_minhash.c`, ~4x faster) where setup.py could build it."""
    if compiled_signature is not None:
        return compiled_signature(list(map(str.encode, found)), SIGNATURE_BINS)
    return _python_signature_of_words(found)


def _python_signature_of_words(found: list[str]) -> tuple[int, ...]:
    """The reference the compiled signature is held to, and the fallback without it."""
    encoded = list(map(str.encode, found))
    joined = b" ".join(encoded)
    n = len(encoded)
    fresh = hashlib.blake2b(digest_size=8).copy
    digests: list[bytes] = []
    append = digests.append
    if n < 5:
        state = fresh()
        state.update(joined)
        append(state.digest())
    else:
        ends = list(accumulate(map(len, encoded)))  # where word i ends in `joined`, less the i spaces before it
        starts = [0, *map(add, ends[: n - 5], range(1, n - 4))]  # gram i from word i: ends[i - 1] + i
        for start, end in zip(starts, map(add, ends[4:], range(4, n)), strict=True):  # to word i + 4's end
            state = fresh()
            state.update(joined[start:end])
            append(state.digest())
    hashes = list(struct.unpack(f">{len(digests)}Q", b"".join(digests)))  # each digest a big-endian integer
    heapify(hashes)
    sig = [-1] * SIGNATURE_BINS
    empty = SIGNATURE_BINS
    while hashes:
        h = heappop(hashes)
        b = h % SIGNATURE_BINS
        if sig[b] < 0:
            sig[b] = h // SIGNATURE_BINS
            empty -= 1
            if not empty:
                break
    return tuple(sig)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures (bins empty in both are left out)."""
    agree = [x == y for x, y in zip(a, b, strict=True) if x >= 0 or y >= 0]  # one flag per bin kept
    return sum(agree) / len(agree) if agree else 0.0


def _figures_key(mentions: list[Mention]) -> str:
    """The figures of a document as one hash: near-copies are one document only when these agree."""
    items = sorted(f"{m.kind}|{m.value}|{m.unit}|{m.qualifier}" for m in mentions if m.kind in ASSIGNABLE_KINDS)
    return hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()


def _identity(facts: DocumentFacts) -> str:
    """What makes a report the same report sent again (type, number, title, unit, period), as one hash."""
    unit = facts.reporting_unit
    key = (facts.doc_type, facts.number, facts.title, unit.name, facts.period.value if facts.period else None)
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]


Ref = tuple[int, int, int | float, str | None, str | None]  # start, end, value, bound qualifier, qualifier
RowKey = tuple[Any, ...]  # metric, kind, unit, (unit name, level, province, province 2025), (kind, value), value
UNASSIGNED_KEPT = 1000  # unassigned figures listed in summary.json; all of them are metrics.jsonl rows with no metric


@dataclass
class Contribution:
    """One document's part of the summary, worked out where the document was extracted (a worker).

    Its rows (per row key: the figures its largest sentence adds, and whether another sentence holds
    more), its unassigned figures and its copy-finding keys (text hash, MinHash signature, figures,
    identity). The parent only decides whether the document is a copy of one before it, and merges.
    `to_json`/`from_json` carry it with the document's result and keep it in the store.
    """

    doc_id: str
    text_hash: str | None = None
    sig: tuple[int, ...] = ()
    figures: str = ""
    identity: str = ""
    rows: list[tuple[RowKey, list[Ref], bool, str | None]] = field(default_factory=list)
    unassigned: list[int] = field(default_factory=list)  # places in the document's mentions (no sentence copied)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "text_hash": self.text_hash,
            "sig": list(self.sig),
            "figures": self.figures,
            "identity": self.identity,
            "rows": [[_listed(k), [list(r) for r in refs], partial, label] for k, refs, partial, label in self.rows],
            "unassigned": self.unassigned,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Contribution:
        return cls(
            doc_id=data["doc_id"],
            text_hash=data["text_hash"],
            sig=tuple(data["sig"]),
            figures=data["figures"],
            identity=data["identity"],
            rows=[(_tupled(k), [tuple(r) for r in refs], partial, label) for k, refs, partial, label in data["rows"]],
            unassigned=list(data["unassigned"]),
        )


def _listed(value: Any) -> Any:
    return [_listed(v) for v in value] if isinstance(value, tuple) else value


def _tupled(value: Any) -> Any:
    """JSON's lists as tuples, at every depth (a row key read back). A scalar is not passed down a call."""
    if type(value) is not list:  # JSON gives lists, never a subclass
        return value
    return tuple([_tupled(v) if type(v) is list else v for v in value])


def document_contribution(
    doc_id: str, text: str, facts: DocumentFacts, mentions: list[Mention], taxonomy: Taxonomy, *, reassign: bool = False
) -> Contribution:
    """What one document adds to the totals (see RULES), before anyone knows whether it is a copy."""
    c = Contribution(doc_id=doc_id)
    if text:
        folded = fold(text)  # one fold for both keys
        c.text_hash, c.sig = _hash_of_folded(folded), _signature_of_words(folded_words(folded))
        c.figures, c.identity = _figures_key(mentions), _identity(facts)
    pending: dict[RowKey, dict[int, list[tuple[Mention, str | None]]]] = {}
    labels: dict[RowKey, str | None] = {}
    place = {id(m): i for i, m in enumerate(mentions)}
    for group in _sentence_runs(_whole_sentences(mentions, text, place)):
        _add_sentence(c, group, facts, pending, labels, taxonomy, reassign, place)
    for key, by_sentence in pending.items():
        sums = {h: sum(float(m.value) for m, _ in items) for h, items in by_sentence.items()}
        best = max(sums, key=lambda h: sums[h])  # the first sentence wins a tie
        kept = {float(m.value) for m, _ in by_sentence[best]} | {sums[best]}
        unexplained = [
            h
            for h, items in by_sentence.items()
            if h != best and sums[h] not in kept and any(float(m.value) not in kept for m, _ in items)
        ]
        refs: list[Ref] = [
            (m.start, m.end, _number(m.value), qualifier, m.qualifier) for m, qualifier in by_sentence[best]
        ]
        c.rows.append((key, refs, key[-1] is None and bool(unexplained), labels[key]))
    return c


def _number(value: Any) -> int | float:
    return value if isinstance(value, int | float) else 0


# A table column that holds a plan or the period before: its figures are not what the unit did in the period.
NOT_ADDED_COLUMNS = frozenset({"plan", "previous"})


def _add_sentence(
    c: Contribution,
    group: list[Mention],
    facts: DocumentFacts,
    pending: dict[RowKey, dict[int, list[tuple[Mention, str | None]]]],
    labels: dict[RowKey, str | None],
    taxonomy: Taxonomy,
    reassign: bool,
    place: dict[int, int],
) -> None:
    base = _sentence_base(group)
    mentions = _reassigned(group, base, taxonomy) if reassign else group
    places = [place[id(m)] for m in group]
    unit_of = facts.reporting_unit
    unit_key = (unit_of.name, unit_of.level, unit_of.province, unit_of.province_2025)
    clauses: _Clauses | None = None  # made at the first figure asked about, in a sentence of many figures
    for j, (at, m) in enumerate(zip(places, mentions, strict=True)):
        if m.kind not in ASSIGNABLE_KINDS:
            continue
        if not m.metric:
            c.unassigned.append(at)
            continue
        if m.role in ("total", "range_high") or m.column_role in NOT_ADDED_COLUMNS:
            continue
        if base is not None and len(mentions) >= _MANY_FIGURES:
            clauses = clauses or _Clauses(mentions, base, taxonomy)
            if clauses.not_added(j):
                continue
        elif _not_added(m, mentions, base, taxonomy):
            continue
        period = m.period or facts.period  # a table column's own period (`Năm 2023`) before the document's
        period_key = (period.kind, period.value) if period else (None, None)
        value = None if _additive(m, taxonomy) else m.value
        key = (m.metric, m.kind, _unit_key(m, taxonomy), unit_key, period_key, value)
        labels.setdefault(key, period.label if period else None)
        qualifier = "more_than" if m.role == "range_low" else m.qualifier
        pending.setdefault(key, {}).setdefault(hash(m.sentence), []).append((m, qualifier))


def _packed(refs: list[Ref]) -> bytes:
    """A (row, document)'s figures as compact JSON: start, end, value, qualifier of each."""
    return bytes(memoryview(orjson.dumps([(a, b, v, q) for a, b, v, _, q in refs])))  # not orjson's 4 KB buffer


def _mention_refs(parts: Iterator[Part]) -> Iterator[MentionRef]:
    """A row's figures, validated one at a time, in the order they were added."""
    for run, doc_id, index, packed in parts:
        for start, end, value, qualifier in orjson.loads(packed):
            yield MentionRef(
                doc_id=doc_id,
                start=start,
                end=end,
                value=value,
                qualifier=qualifier,
                run=run,
                anchor=None if index is None else review_anchor(index, start, end),
            )


class SummaryBuilder:
    """Totals built one document at a time; two builders of parts of a run merge into one.

    A run feeds it the workers' contributions in doc_id order (`add_contribution`); `solieu summary`
    reads run folders (`add_document`, which works the contribution out from the records). What grows
    with the documents (the rows, their figure references, the copy-finding keys) is kept in a
    temporary database (`summary_state`); memory holds the `live_rows` rows used last and the first
    UNASSIGNED_KEPT unassigned figures, whatever the number of documents. `close()` (or the end of a
    `with` block) deletes the database; a builder that is dropped deletes it too.
    """

    def __init__(self, taxonomy: Taxonomy, *, reassign: bool = False, live_rows: int = LIVE_ROWS) -> None:
        self.taxonomy, self.reassign = taxonomy, reassign
        self._db = open_database()
        self.rows = RowTable(self._db, self._sort_columns, live_rows)
        self.copies = CopyIndex(self._db)
        self.duplicates = FoundCopies()
        self.unassigned: list[UnassignedFigure] = []
        self.n_unassigned = 0
        self.documents = 0
        self.counted = 0
        self._order = {key: i for i, key in enumerate(taxonomy.metrics)}

    def close(self) -> None:
        """Delete the builder's temporary database and let go of the rows it holds; the builder cannot be used
        after (its counts and copies can still be read)."""
        closed(self._db)
        self.rows.live.clear()
        self.rows.pending.clear()

    def __enter__(self) -> SummaryBuilder:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- one document
    def add_document(
        self, record: dict[str, Any], mentions: list[Mention], run: int = 0, index: int | None = None
    ) -> None:
        """Add one document's figures (its documents.jsonl record, its mentions, its place in the run file)."""
        contribution = document_contribution(
            str(record.get("doc_id")),
            _text_of(record),
            document_facts(record),
            mentions,
            self.taxonomy,
            reassign=self.reassign,
        )
        self.add_contribution(contribution, run, index, mentions.__getitem__)

    def add_contribution(
        self,
        c: Contribution,
        run: int = 0,
        index: int | None = None,
        mention_at: Callable[[int], Mention] | None = None,
    ) -> None:
        """Add one document's contribution, unless it is a copy of a document added before.

        `mention_at(i)` gives the document's i-th mention: the first UNASSIGNED_KEPT unassigned figures
        are listed with their sentences, read only then."""
        self.documents += 1
        revised = False
        if c.text_hash is not None:
            relation = self._copy_of(c, run)
            if relation is not None:
                self.duplicates.append(relation)
                if not relation.counted:
                    return
                revised = True
        self.counted += 1
        for key, refs, partial, label in c.rows:
            group = self.rows.group(key, label)
            for _start, _end, value, qualifier, _mention_qualifier in refs:
                group.total += value
                group.all_int = group.all_int and float(value).is_integer()
                group.qualifiers.add(qualifier or "exact")
            group.n_mentions += len(refs)
            group.n_documents += 1  # a document adds to a row once
            self.rows.add_part(group, (run, c.doc_id, index, _packed(refs)))
            group.revised = group.revised or revised
            if partial:
                group.qualifiers.add("partial")
        self.n_unassigned += len(c.unassigned)
        if mention_at is None:
            return
        for at in c.unassigned[: max(0, UNASSIGNED_KEPT - len(self.unassigned))]:
            m = mention_at(at)
            self.unassigned.append(
                UnassignedFigure(
                    doc_id=c.doc_id,
                    run=run,
                    kind=m.kind,
                    value=m.value,
                    unit=m.unit,
                    qualifier=m.qualifier,
                    text=m.text,
                    sentence=m.sentence,
                    anchor=None if index is None else review_anchor(index, m.start, m.end),
                )
            )

    def _copy_of(self, c: Contribution, run: int) -> Duplicate | None:
        assert c.text_hash is not None
        digest = bytes.fromhex(c.text_hash)
        first_with = self.copies.first_with(digest)
        if first_with is not None:
            first, first_run = first_with
            return Duplicate(
                doc_id=c.doc_id,
                run=run,
                duplicate_of=first,
                duplicate_of_run=first_run,
                relation="same_text",
                similarity=1.0,
                counted=False,
            )
        self.copies.remember_text(digest, c.doc_id, run)
        sig = c.sig
        rows = SIGNATURE_BINS // BANDS
        band_keys = [
            hash((band, sig[band * rows : (band + 1) * rows]))
            for band in range(BANDS)
            if not all(v < 0 for v in sig[band * rows : (band + 1) * rows])
        ]
        found: Duplicate | None = None
        figures, identity = bytes.fromhex(c.figures), bytes.fromhex(c.identity)
        for other in self.copies.candidates(band_keys):
            score = similarity(sig, other.sig)
            if score < NEAR_DUPLICATE:
                continue
            if other.figures == figures:
                found = Duplicate(
                    doc_id=c.doc_id,
                    run=run,
                    duplicate_of=other.doc_id,
                    duplicate_of_run=other.run,
                    relation="near_duplicate",
                    similarity=round(score, 3),
                    counted=False,
                )
                break
            if other.identity == identity:  # the same report sent again with other figures
                found = found or Duplicate(
                    doc_id=c.doc_id,
                    run=run,
                    duplicate_of=other.doc_id,
                    duplicate_of_run=other.run,
                    relation="revised",
                    similarity=round(score, 3),
                    counted=True,
                )
            # else: two reports of one template (other month, other unit): two documents
        if found is not None and not found.counted:
            return found
        self.copies.add(Seen(c.doc_id, run, figures, identity, array("q", sig)), band_keys)
        return found

    # -- merging and the result
    def merge(self, other: SummaryBuilder) -> SummaryBuilder:
        """Add another builder's contributions (a part of the documents, read elsewhere); `other` is closed."""
        for key, theirs, parts in other.rows.every():
            mine = self.rows.group(key, theirs.label)
            mine.total += theirs.total
            mine.all_int = mine.all_int and theirs.all_int
            mine.qualifiers |= theirs.qualifiers
            mine.n_mentions += theirs.n_mentions
            mine.n_documents += theirs.n_documents
            mine.revised = mine.revised or theirs.revised
            mine.label = mine.label or theirs.label
            for part in parts:
                self.rows.add_part(mine, part)
        self.duplicates.extend(other.duplicates)
        self.unassigned += other.unassigned[: max(0, UNASSIGNED_KEPT - len(self.unassigned))]
        self.n_unassigned += other.n_unassigned
        self.documents += other.documents
        self.counted += other.counted
        for digest, doc_id, run in other.copies.texts():
            self.copies.remember_text(digest, doc_id, run)
        other.close()
        return self

    def summary(self, runs: list[str] | None = None) -> Summary:
        """The whole summary in memory, every total with its MentionRefs (for `summarize` and the API)."""
        rows = [row.model_copy(update={"mentions": list(refs())}) for row, refs, _ in self._rows()]
        return self._head(runs, list(self.duplicates)).model_copy(update={"rows": rows})

    def write(self, out_dir: Path, runs: list[str] | None = None, taxonomy: Taxonomy | None = None) -> Summary:
        """`write_files`, then the summary's head: its counts, copies and unassigned figures, `rows` left empty."""
        self.write_files(out_dir, runs, taxonomy)
        return self._head(runs, list(self.duplicates))

    def write_files(self, out_dir: Path, runs: list[str] | None = None, taxonomy: Taxonomy | None = None) -> None:
        """Write summary.* from the builder, a row at a time: each row and its MentionRefs are made (and
        validated) while it is written, so memory holds the row keys and one row; the copies found are
        written one at a time too (`self.duplicates` keeps them compact)."""
        _write_files(Path(out_dir), self._head(runs, []), self._rows, taxonomy, self.duplicates)

    def _head(self, runs: list[str] | None, duplicates: list[Duplicate]) -> Summary:
        return Summary(
            runs=runs or [],
            dedupe_rule=RULES,
            documents=self.documents,
            documents_counted=self.counted,
            rows=[],
            duplicates=duplicates,
            unassigned_mentions=self.n_unassigned,
            unassigned=self.unassigned,
        )

    def _sort_columns(self, key: RowKey, g: Group) -> SortColumns:
        """The summary's order of rows: the taxonomy's metrics, then unit, province, unit name, period, total."""
        metric, kind, unit, ru, (_pkind, pvalue), value = key
        total = value if value is not None else g.total_value()
        return (
            self._order.get(metric, len(self._order)),
            metric,
            kind,
            unit or "",
            ru[3] or "",
            ru[0] or "",
            pvalue or "",
            float(total),
        )

    def _rows(self) -> Iterator[tuple[SummaryRow, MentionSource, float]]:
        """Each row in the summary's order (without its MentionRefs), where to get them, and their sum."""
        taxonomy = self.taxonomy
        for key, g in self.rows.in_order():
            metric, kind, unit, (name, level, province, province_2025), (pkind, pvalue), value = key
            row = SummaryRow(
                metric=metric,
                label=taxonomy.label(metric),
                kind=kind,
                unit=unit,
                reporting_unit=name,
                level=level,
                province=province,
                province_2025=province_2025,
                period=pvalue,
                period_kind=pkind,
                period_label=g.label,
                cumulative=bool(pkind and Period(kind=pkind, value="x", label="x").cumulative),
                total=value if value is not None else g.total_value(),
                bound=bound_of(g.qualifiers),
                n_mentions=g.n_mentions,
                n_documents=g.n_documents,
                revised=g.revised,
                mentions=[],
            )
            yield row, functools.partial(self._refs_of, g.gid), g.total

    def _refs_of(self, gid: int) -> Iterator[MentionRef]:
        return _mention_refs(self.rows.parts(gid))


def review_anchor(doc_index: int, start: int, end: int) -> str:
    """The review page's id of a mention (`d3-120-135`); the one place that format is written for links."""
    return f"d{doc_index}-{start}-{end}"


def _whole_sentences(mentions: list[Mention], text: str, place: dict[int, int]) -> list[Mention]:
    """Mentions with their whole sentence from the document's text: a record quotes at most 600 characters
    of a run-on sentence, and the figures of one sentence must meet in one group. A copy keeps its
    original's place (`place`: id of a mention -> its place in the document's mentions). The figures of one
    sentence share one copy of it: a run-on sentence of n figures is copied once, not n times (and its
    hash, and the comparisons that group its figures, are worked out once: a string equals itself)."""
    if not text:
        return mentions
    out = []
    copies: dict[tuple[int, int], str] = {}
    for m in mentions:
        a, b = m.sentence_start, m.sentence_end
        if (
            a is not None
            and b is not None
            and 0 <= a <= b <= len(text)
            and not (len(m.sentence) == b - a and text.startswith(m.sentence, a))  # text[a:b] != m.sentence
        ):
            sentence = copies.get((a, b))
            if sentence is None:
                sentence = copies[a, b] = text[a:b]
            whole = m.model_copy(update={"sentence": sentence})
            place[id(whole)] = place[id(m)]
            m = whole
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
    with SummaryBuilder(taxonomy, reassign=reassign) as builder:
        for run, out_dir in enumerate(dirs):
            for index, record, mentions in stream_run(out_dir):
                builder.add_document(record, mentions, run, index)
        return builder.summary([str(d) for d in dirs])


def summarize_into(
    out_dirs: Iterable[Path], target: Path, taxonomy: Taxonomy, *, reassign: bool = False
) -> tuple[Summary, int, int]:
    """`summarize` written straight to `target`'s summary.* a row at a time (memory flat in the runs' size):
    the summary's head (its rows left empty), its number of rows and of metrics."""
    dirs = [Path(d) for d in out_dirs]
    with SummaryBuilder(taxonomy, reassign=reassign) as builder:
        for run, out_dir in enumerate(dirs):
            for index, record, mentions in stream_run(out_dir):
                builder.add_document(record, mentions, run, index)
        head = builder.write(target, [str(d) for d in dirs], taxonomy)
        metrics: set[str] = set()
        rows = 0
        for key, _ in builder.rows.in_order():
            rows += 1
            metrics.add(key[0])
    return head, rows, len(metrics)


def _text_of(record: dict[str, Any]) -> str:
    """A document record's text ('' when the record keeps none)."""
    text = record.get("text")
    return text if isinstance(text, str) else ""


def find_duplicates(out_dirs: Iterable[Path], taxonomy: Taxonomy | None = None) -> list[Duplicate]:
    """The documents of run folders counted once with another, or flagged as revisions (for run.json).

    The same relations as `summarize(...).duplicates`: `[d.model_dump(mode="json") for d in
    find_duplicates([out_dir])]` is run.json's list.
    """
    return summarize(out_dirs, taxonomy or load_taxonomy()).duplicates


# ---------------------------------------------------------------- writers

_BOUND_SIGN = {"exact": "", "lower_bound": "≥ ", "upper_bound": "≤ ", "approx": "≈ ", "mixed": "~ "}
_LEVEL_VI = {"quốc gia": "cả nước", "tỉnh": "tỉnh", "huyện": "huyện", "xã": "xã", "cơ quan": "cơ quan"}
CSV_COLUMNS = [
    "metric",
    "label",
    "kind",
    "unit",
    "reporting_unit",
    "level",
    "province",
    "province_2025",
    "period",
    "period_kind",
    "period_label",
    "cumulative",
    "total",
    "bound",
    "n_mentions",
    "n_documents",
    "revised",
    "mentions",
]
LINKS_PER_TOTAL = 12
UNASSIGNED_LISTED = 300


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _review_links(out_dir: Path, runs: list[str]) -> list[str]:
    """Per run, the path from the summary's folder to that run's review.html."""
    import os

    return [os.path.relpath(Path(run) / "review.html", out_dir).replace(os.sep, "/") for run in runs]


def _links(first: list[MentionRef], n_refs: int, pages: list[str]) -> str:
    shown = []
    for k, ref in enumerate(first[:LINKS_PER_TOTAL]):
        page = pages[ref.run] if ref.run < len(pages) else "review.html"
        shown.append(f"[{k + 1}]({page}#{ref.anchor})" if ref.anchor else str(k + 1))
    if n_refs > LINKS_PER_TOTAL:
        shown.append(f"… +{n_refs - LINKS_PER_TOTAL}")
    return " ".join(shown)


def _period_text(row: SummaryRow) -> str:
    if not row.period:
        return "không rõ kỳ"
    label = row.period_label or row.period
    label = label.lower() if label.isupper() else label  # `NĂM 2025` of an upper-case title
    return f"{label} (lũy kế)" if row.cumulative and row.period_kind not in ("year",) else label


def _markdown(
    summary: Summary,
    out_dir: Path,
    rows: Iterator[tuple[SummaryRow, list[MentionRef]]],
    copies: Collection[Duplicate],
) -> Iterator[str]:
    """summary.md's lines: the head's counts, then per metric a table of its rows (which come sorted by
    metric, each with its first LINKS_PER_TOTAL MentionRefs), made as they are written: one metric's lines
    are held, not the file; then the copies, one at a time."""
    pages = _review_links(out_dir, summary.runs)
    skipped = sum(1 for d in copies if not d.counted)
    yield from [
        "# Tổng hợp số liệu",
        "",
        f"Nguồn: {', '.join(summary.runs) or '—'}. Đã đọc {summary.documents} văn bản, cộng số liệu của "
        f"{summary.documents_counted} văn bản (bỏ {skipped} bản trùng).",
        "",
        "## Cách cộng",
        "",
    ]
    yield from [f"- {rule}" for rule in RULES_VI]
    yield from [
        "",
        "Ký hiệu: ≥ ít nhất (có phần “hơn, trên…”), ≤ nhiều nhất, ≈ ước tính, ~ vừa cận dưới vừa cận trên. "
        "Mỗi số ở cột “Số liệu gốc” mở đúng chỗ của nó trong trang rà soát (review.html của lần chạy).",
        "",
    ]
    metric: str | None = None
    label, units, periods, lines = "", set[str](), set[str](), list[str]()  # of the metric being read

    def flush() -> list[str]:
        if metric is None:
            return []
        return [
            f"## {label}",
            "",
            f"Đơn vị tính: {', '.join('đồng' if u == 'VND' else u for u in sorted(units))}. "
            f"Kỳ: {', '.join(sorted(periods))}. Mã chỉ tiêu: `{metric}`.",
            "",
            "| Tỉnh (từ 1/7/2025) | Đơn vị báo cáo | Cấp | Kỳ | Tổng | Văn bản | Số liệu gốc |",
            "|---|---|---|---|---:|---:|---|",
            *lines,
            "",
        ]

    for r, first in rows:
        if r.metric != metric:
            yield from flush()
            metric, label, units, periods, lines = r.metric, r.label, set(), set(), []
        units.add(r.unit or "—")
        periods.add(_period_text(r))
        unit_name = r.reporting_unit or "không rõ đơn vị"
        if r.province and r.province_2025 and r.province != r.province_2025:
            unit_name += f" (tỉnh {r.province} cũ)"
        total = _BOUND_SIGN[r.bound] + format_amount(r.total, r.unit)
        if r.revised:
            total += " (có bản sửa đổi)"
        cells = [
            r.province_2025 or "—",
            unit_name,
            _LEVEL_VI.get(r.level or "", "—"),
            _period_text(r),
            total,
            str(r.n_documents),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + f" | {_links(first, r.n_mentions, pages)} |")
    yield from flush()
    yield from [
        "## Số liệu chưa xếp vào chỉ tiêu nào",
        "",
        f"{summary.unassigned_mentions} số liệu có thể cộng nhưng chưa thuộc chỉ tiêu nào của danh mục; "
        "chúng không nằm trong các bảng trên.",
        "",
    ]
    if summary.unassigned:
        yield from ["| Văn bản | Số liệu | Câu | Chỗ |", "|---|---|---|---|"]
        for u in summary.unassigned[:UNASSIGNED_LISTED]:
            page = pages[u.run] if u.run < len(pages) else "review.html"
            where = f"[xem]({page}#{u.anchor})" if u.anchor else ""
            yield (f"| {_cell(u.doc_id)} | {_cell(u.text)} | {_cell(u.sentence)[:300]} | {where} |")
        shown = min(len(summary.unassigned), UNASSIGNED_LISTED)
        if summary.unassigned_mentions > shown:
            yield (
                f"\n… và {summary.unassigned_mentions - shown} số liệu khác: tất cả là các dòng của "
                "metrics.jsonl / metrics.csv có loại có thể cộng mà cột `metric` trống."
            )
        yield ""
    yield from ["## Văn bản trùng", ""]
    if not copies:
        yield from ["Không có văn bản nào trùng nội dung.", ""]
    else:
        relation = {
            "same_text": "cùng nội dung",
            "near_duplicate": "gần giống, cùng số liệu",
            "revised": "bản gửi lại, số liệu đã sửa",
        }
        yield from ["| Văn bản | Trùng với | Quan hệ | Độ giống | Số liệu |", "|---|---|---|---:|---|"]
        for d in copies:
            counted = "vẫn được cộng, đánh dấu sửa đổi" if d.counted else "không cộng lại"
            yield (
                f"| {_cell(d.doc_id)} | {_cell(d.duplicate_of)} | {relation[d.relation]} | "
                f"{format_number(d.similarity * 100, decimals=0)}% | {counted} |"
            )
        yield ""


def _csv_cells(r: SummaryRow, spans: list[str]) -> list[Any]:
    """summary.csv's row of `r`: its last cell lists every figure of the total (`doc:start-end; …`)."""
    return [
        r.metric,
        r.label,
        r.kind,
        r.unit or "",
        r.reporting_unit or "",
        r.level or "",
        r.province or "",
        r.province_2025 or "",
        r.period or "",
        r.period_kind or "",
        r.period_label or "",
        r.cumulative,
        r.total,
        r.bound,
        r.n_mentions,
        r.n_documents,
        r.revised,
        "; ".join(spans),
    ]


def write_summary(out_dir: Path, summary: Summary, taxonomy: Taxonomy | None = None) -> None:
    """summary.json (validated), summary.md, summary.csv (UTF-8 with BOM, for Excel) and summary.svg.

    `taxonomy` (default: the packaged one) tells the chart which metrics are per-value rows, not totals.
    A run writes its summary from its builder instead (`SummaryBuilder.write`): the same files, the same bytes.
    """

    def rows() -> Iterator[tuple[SummaryRow, MentionSource, float]]:
        for row in summary.rows:
            refs = functools.partial(iter, row.mentions)
            yield row.model_copy(update={"mentions": []}), refs, sum(m.value for m in row.mentions)

    head = summary.model_copy(update={"rows": [], "duplicates": []})
    _write_files(Path(out_dir), head, rows, taxonomy, summary.duplicates)


MentionSource = Callable[[], Iterator[MentionRef]]  # a row's MentionRefs, made anew at each call
RowSource = Callable[[], Iterator[tuple[SummaryRow, MentionSource, float]]]  # the rows in order, anew each call


def _write_files(
    out_dir: Path, head: Summary, rows: RowSource, taxonomy: Taxonomy | None, copies: Collection[Duplicate]
) -> None:
    """summary.* from the summary's head (no rows, no copies), its rows and its copies, all files written in
    one pass as the rows come (each row and its MentionRefs made once): a row, its MentionRefs, a copy and a
    metric's lines of summary.md are all that is held."""
    taxonomy = taxonomy or load_taxonomy()
    per_value = frozenset(k for k, m in taxonomy.metrics.items() if not m.additive)
    out_dir.mkdir(parents=True, exist_ok=True)
    chart = ChartBars(per_value)
    with (
        atomic_open(out_dir / "summary.json", newline="") as json_handle,
        atomic_open(out_dir / "summary.csv", encoding="utf-8-sig", newline="") as csv_handle,
        atomic_open(out_dir / "summary.md", newline="") as md_handle,
    ):
        written = _write_json_and_csv(json_handle, csv_handle, head, rows(), chart, copies)
        md_handle.writelines(line + "\n" for line in _markdown(head, out_dir, written, copies))
    write_text(out_dir / "summary.svg", chart.svg())


_REFS_PER_DUMP = 2000  # MentionRefs serialised at once: one call per batch, one batch in memory


def _write_json_and_csv(
    json_handle: IO[str],
    csv_handle: IO[str],
    head: Summary,
    rows: Iterator[tuple[SummaryRow, MentionSource, float]],
    chart: ChartBars,
    copies: Iterable[Duplicate],
) -> Iterator[tuple[SummaryRow, list[MentionRef]]]:
    """summary.json and summary.csv in one pass over the rows, each row's MentionRefs made once for both,
    each row's bar added to `chart`; yields each row once written, with its first LINKS_PER_TOTAL
    MentionRefs (for summary.md). Writes nothing until iterated; the files are complete when it is spent.

    summary.json is `summary.model_dump_json(indent=2)` of the summary with every row and its MentionRefs
    and `copies` as its duplicates, written row by row and copy by copy (the same bytes: each part is
    pydantic's own indented JSON, indented to its depth)."""
    before_rows, after_rows = head.model_dump_json(indent=2).split('\n  "rows": []', 1)
    before_copies, after_copies = after_rows.split('\n  "duplicates": []', 1)
    json_handle.write(before_rows + '\n  "rows": [')
    table = csv.writer(csv_handle, lineterminator="\r\n")
    table.writerow(CSV_COLUMNS)
    wrote = False
    for row, refs, summed in rows:
        text = row.model_dump_json(indent=2).replace("\n", "\n    ")
        before, after = text.split('\n      "mentions": []', 1)
        json_handle.write(("," if wrote else "") + "\n    " + before + '\n      "mentions": ')
        spans: list[str] = []
        first: list[MentionRef] = []
        _write_refs(json_handle, _noting_spans(refs(), spans, first), "      ")
        json_handle.write(after)
        table.writerow(_csv_cells(row, spans))
        chart.add(row, summed)
        wrote = True
        yield row, first
    json_handle.write("\n  ]" if wrote else "]")
    json_handle.write(before_copies + '\n  "duplicates": [')
    wrote = False
    for copy in copies:
        json_handle.write(("," if wrote else "") + "\n    " + copy.model_dump_json(indent=2).replace("\n", "\n    "))
        wrote = True
    json_handle.write(("\n  ]" if wrote else "]") + after_copies)


def _noting_spans(refs: Iterator[MentionRef], spans: list[str], first: list[MentionRef]) -> Iterator[MentionRef]:
    """`refs`, each noted in `spans` as summary.csv lists it (`doc:start-end`) as it passes, the first
    LINKS_PER_TOTAL kept in `first` (summary.md links them)."""
    for m in refs:
        spans.append(f"{m.doc_id}:{m.start}-{m.end}")
        if len(first) < LINKS_PER_TOTAL:
            first.append(m)
        yield m


def _write_refs(handle: IO[str], refs: Iterator[MentionRef], indent: str) -> None:
    """A JSON list of MentionRefs at `indent`, serialised a batch at a time."""
    wrote = False
    while batch := list(islice(refs, _REFS_PER_DUMP)):
        inner = _MENTION_REFS.dump_json(batch, indent=2).decode("utf-8")[1:-2]  # without `[` and `\n]`
        handle.write(("," if wrote else "[") + inner.replace("\n", "\n" + indent))
        wrote = True
    handle.write(f"\n{indent}]" if wrote else "[]")


_MENTION_REFS: TypeAdapter[list[MentionRef]] = TypeAdapter(list[MentionRef])
