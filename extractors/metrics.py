"""Which metric a figure measures, so the summary can add like to like.

The taxonomy is data (`extractors/data/metrics.toml`, which documents the
matching rules in full), read and validated by the lexicon loader; a user's TOML
file in the same format is laid on top (`pipeline.lexicon.load_taxonomy`).
A figure gets the metric whose context words sit nearest to it, looking only
at its own clause and never past a neighbouring figure: in "tổ chức 10 đoàn
kiểm tra … với tổng giá trị hơn 3,4 tỷ đồng" the money belongs to the
fundraising words before it, not to the inspections.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from extractors.sentences import sentence_index
from schemas import Mention
from schemas.lexicon import Lexicon, TaxonomyData

ASSIGNABLE_KINDS = frozenset({"count", "money", "quantity", "percent"})
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_HAS_LETTER = regex.compile(r"\p{L}")
_LAST_LETTER = regex.compile(r"(?r)\p{L}")  # searched backwards: the last letter of a span
_CLAUSE_END = regex.compile(r"[;\n]")
_SUBJECT_CUT = regex.compile(r"[,;:.()\[\]\"“”!?]")
_LAST_SUBJECT_CUT = regex.compile(r"(?r)[,;:.()\[\]\"“”!?]")
# The patterns here match a few characters at a time: `concurrent` False keeps the GIL through each call
# (releasing and taking it again around every match costs more than the match). It is passed by position
# (`search(text, pos, endpos, False)`, `findall(text, None, None, False, False)`): as a keyword, parsing it
# costs a single `search` more (~130 ns) than the GIL it saves (~100 ns).


@dataclass(frozen=True)
class Metric:
    """One metric of the taxonomy; terms are stored as tuples of normalised words."""

    key: str
    label: str
    kinds: tuple[str, ...]
    nouns: tuple[tuple[str, ...], ...] = ()
    context: tuple[tuple[str, ...], ...] = ()
    exclude: tuple[tuple[str, ...], ...] = ()
    additive: bool = True


@dataclass(frozen=True)
class Taxonomy:
    """The metrics in priority order plus the matching and aggregation settings."""

    metrics: dict[str, Metric]
    window_before: int = 20
    window_after: int = 6
    noun_only_score: float = 0.04
    after_stop: tuple[tuple[str, ...], ...] = ()
    neutral: tuple[tuple[str, ...], ...] = ()
    breakdown_markers: tuple[tuple[str, ...], ...] = ()
    change_markers: tuple[tuple[str, ...], ...] = ()
    change_skip: frozenset[str] = frozenset()  # words looked past between a change marker and its figure
    change_window: int = 2
    target_markers: tuple[tuple[str, ...], ...] = ()
    target_window: int = 8
    trim_phrases: frozenset[tuple[str, ...]] = frozenset()  # qualifiers and link words off a subject's ends
    sentence_abbreviations: tuple[str, ...] = ()
    _by_kind: dict[str, tuple[Metric, ...]] = field(default_factory=dict, compare=False, repr=False)
    _plans: dict[tuple[str, tuple[str, ...]], _Plan] = field(default_factory=dict, compare=False, repr=False)
    _stops: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for kind in ASSIGNABLE_KINDS:
            self._by_kind[kind] = tuple(m for m in self.metrics.values() if kind in m.kinds)
        self._stops.update(_by_first_word({stop for stop in self.after_stop if stop}))  # `after_stop` by first word

    def for_kind(self, kind: str) -> tuple[Metric, ...]:
        return self._by_kind.get(kind, ())

    def label(self, key: str) -> str:
        metric = self.metrics.get(key)
        return metric.label if metric else key

    def __hash__(self) -> int:  # usable as a cache key by the pipeline
        return hash(tuple(self.metrics))


def words(text: str) -> list[str]:
    """Lower-case NFC words; anything that is not a letter or digit separates them.

    >>> words("Vắc-xin  COVID-19")
    ['vắc', 'xin', 'covid', '19']
    """
    return _WORD.findall(unicodedata.normalize("NFC", text).lower(), None, None, False, False)


def fold(text: str) -> str:
    """The text NFC and lower case, as `words` reads it: `folded_words(fold(t)) == words(t)`."""
    return unicodedata.normalize("NFC", text).lower()


def folded_words(folded: str) -> list[str]:
    """`words` of a text already `fold`ed (for a caller that needs the folded text too)."""
    return _WORD.findall(folded, None, None, False, False)


@lru_cache(maxsize=1 << 14)
def _short_words(text: str) -> tuple[str, ...]:
    """`words` of a token, a unit or a figure's own text, remembered: the same few hundred recur in every
    document (bounded: a hostile text of distinct figures only cycles the cache)."""
    return tuple(words(text))


def _terms(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(t for t in (tuple(words(i)) for i in items) if t)


def build_taxonomy(data: TaxonomyData, lexicon: Lexicon) -> Taxonomy:
    """The Taxonomy of validated taxonomy data (`metrics.toml` with any user file laid over it).

    `lexicon` gives the qualifier and filler words trimmed from a subject's ends and the
    sentence rules, so that a figure's clause is found as the extractors found it.
    """
    q = lexicon.figures.qualifiers
    trim = frozenset(tuple(words(p)) for p in (*q.more_than, *q.less_than, *q.approx, *data.matching.subject_trim))
    metrics = {
        key: Metric(
            key=key,
            label=spec.label.strip(),
            kinds=tuple(spec.kinds),
            nouns=_terms(spec.nouns),
            context=_terms(spec.context),
            exclude=_terms(spec.exclude),
            additive=spec.additive,
        )
        for key, spec in data.metrics.items()
        if not spec.disabled
    }
    m, a = data.matching, data.aggregation
    return Taxonomy(
        metrics=metrics,
        window_before=m.window_before,
        window_after=m.window_after,
        noun_only_score=m.noun_only_score,
        after_stop=_terms(m.after_stop),
        neutral=_terms(m.neutral),
        breakdown_markers=_terms(a.breakdown_markers),
        change_markers=_terms(a.change_markers),
        change_window=a.change_window,
        change_skip=frozenset(a.change_skip),
        target_markers=_terms(a.target_markers),
        target_window=a.target_window,
        trim_phrases=trim,
        sentence_abbreviations=tuple(lexicon.sentences.abbreviations),
    )


# ---------------------------------------------------------------- matching


@dataclass(slots=True)
class Window:
    """The words a figure may draw its metric from, with their distance from it."""

    before: list[str]  # nearest word last
    own: list[str]
    after: list[str]  # nearest word first
    before_text: str  # the text the before-words come from (for the subject)


def _find(seq: list[str], term: tuple[str, ...]) -> list[int]:
    n = len(term)
    return [i for i in range(len(seq) - n + 1) if tuple(seq[i : i + n]) == term]


def _cut_after(after: list[str], firsts: dict[str, tuple[tuple[str, ...], ...]], limit: int) -> list[str]:
    """The words after a figure up to the first stop term (within `limit` words); `firsts` holds the stop
    terms by first word (`Taxonomy._stops`)."""
    window = after[:limit]
    for i, word in enumerate(window):
        if word in firsts:
            for stop in firsts[word]:
                if tuple(window[i : i + len(stop)]) == stop:
                    return window[:i]
    return window


_REACH = 400  # characters around a figure that its window may draw on (far more than its words need)


def window(
    text: str, start: int, end: int, clause: tuple[int, int], barriers: tuple[int, int], taxonomy: Taxonomy
) -> Window:
    """The figure's clause, clipped at neighbouring figures and at `_REACH` characters, as word lists.

    The clip keeps the cost of one figure bounded, so a sentence of thousands of figures costs linear time.
    """
    left = max(clause[0], barriers[0], start - _REACH)
    right = min(clause[1], barriers[1], end + _REACH)
    before_text = text[left:start]
    before = last_words_of(before_text, taxonomy.window_before) if taxonomy.window_before > 0 else []
    after = _cut_after(_first_words(text[end:right], taxonomy.window_after), taxonomy._stops, taxonomy.window_after)
    return Window(before=before, own=list(_short_words(text[start:end])), after=after, before_text=before_text)


# How much of a window is tokenised first: enough for its words nearly always. A space is cut at, because
# `words` of two texts joined by a space are the words of each (NFC and lower case change nothing across
# it), so the words found on the near side of it are the window's own.
_NEAR_BEFORE, _NEAR_AFTER = 160, 64


def last_words_of(text: str, n: int) -> list[str]:
    """`words(text)[-n:]` (n > 0), tokenising only the end of `text` when that holds n words."""
    if len(text) > _NEAR_BEFORE:
        cut = text.find(" ", len(text) - _NEAR_BEFORE)
        if cut >= 0:
            near = words(text[cut + 1 :])
            if len(near) >= n:
                return near[-n:]
    return words(text)[-n:]


def _first_words(text: str, n: int) -> list[str]:
    """A list whose first `n` words are those of `words(text)` (all of them when n < 0)."""
    if n >= 0 and len(text) > _NEAR_AFTER:
        cut = text.rfind(" ", 0, _NEAR_AFTER)
        if cut >= 0:
            near = words(text[:cut])
            if len(near) >= n:
                return near
    return words(text)


def _by_first_word(terms: set[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Terms grouped by their first word, so a window is walked once, whatever the number of terms."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for term in terms:
        by_first.setdefault(term[0], []).append(term)
    return {k: tuple(v) for k, v in by_first.items()}


def _hits(
    win: Window, firsts: dict[str, tuple[tuple[str, ...], ...]], after_penalty: int = 0
) -> dict[tuple[str, ...], int]:
    """Nearest distance of each term found; a longer overlapping term hides a shorter one.

    `firsts` holds the terms by first word (`_by_first_word`). `after_penalty` is added to words
    after the figure: money is named by the words before it ("giải ngân 328 nghìn tỷ đồng vốn
    đầu tư công" is a disbursement).
    """
    seq = [*win.before, *win.own, *win.after]
    own_from, own_to = len(win.before), len(win.before) + len(win.own)
    found = [
        (i, i + len(term), term)
        for i, word in enumerate(seq)
        if word in firsts  # most words start no term
        for term in firsts[word]
        if tuple(seq[i : i + len(term)]) == term
    ]
    if len(found) > 1:
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken = [False] * len(seq) if len(found) > 1 else []  # a single term overlaps nothing
    nearest: dict[tuple[str, ...], int] = {}
    for a, b, term in found:
        if taken:
            if any(taken[a:b]):
                continue
            taken[a:b] = [True] * (b - a)
        distance = own_from - b if b <= own_from else (a - own_to + after_penalty if a >= own_to else 0)
        nearest[term] = min(distance, nearest.get(term, distance))
    return nearest


def _noun_matches(metric: Metric, mention: Mention, unit: tuple[str, ...]) -> bool:
    if not metric.nouns or mention.kind == "money" or mention.kind == "percent":
        return True
    if mention.kind == "quantity":
        return unit in metric.nouns
    return any(unit[: len(noun)] == noun for noun in metric.nouns)


@dataclass(frozen=True)
class _Plan:
    """What the figures of one kind and unit look for, worked out once per taxonomy: the metrics their
    nouns allow (in priority order), the terms of those metrics by first word, and which metrics each
    context term names, so that a figure weighs only the metrics whose terms its window holds."""

    candidates: tuple[Metric, ...]
    by_first: dict[str, tuple[tuple[str, ...], ...]]
    by_context: dict[tuple[str, ...], tuple[int, ...]]  # term -> places in `candidates` of metrics naming it
    noun_only: tuple[int, ...]  # places of the metrics without context words, in order


def _plan(mention: Mention, unit: tuple[str, ...], taxonomy: Taxonomy) -> _Plan:
    candidates = tuple(m for m in taxonomy.for_kind(mention.kind) if _noun_matches(m, mention, unit))
    by_context: dict[tuple[str, ...], list[int]] = {}
    for order, metric in enumerate(candidates):
        for term in dict.fromkeys(metric.context):
            by_context.setdefault(term, []).append(order)
    return _Plan(
        candidates=candidates,
        by_first=_by_first_word({t for m in candidates for t in (*m.context, *m.exclude)} | set(taxonomy.neutral)),
        by_context={term: tuple(orders) for term, orders in by_context.items()},
        noun_only=tuple(order for order, metric in enumerate(candidates) if not metric.context),
    )


def best_metric(mention: Mention, win: Window, taxonomy: Taxonomy) -> tuple[Metric, tuple[str, ...]] | None:
    """The winning metric and the context term that made it win (empty for a noun-only match).

    Each candidate ranks by (score, length of its term, its place in the taxonomy, first wins); one with
    context words ranks only when its window holds one of them, so only those are weighed, and of the
    noun-only ones (all of one score) only the first that no exclude word vetoes.
    """
    unit = _short_words(mention.unit or "")
    key = (mention.kind, unit)
    plan = taxonomy._plans.get(key)
    if plan is None:  # the same kind and noun recur: match the nouns and index the terms once per taxonomy
        plan = taxonomy._plans[key] = _plan(mention, unit, taxonomy)
    if not plan.candidates:
        return None
    nearest = _hits(win, plan.by_first, 1 if mention.kind in ("money", "percent") else 0)
    best: tuple[float, int, int] | None = None
    winner: tuple[Metric, tuple[str, ...]] | None = None
    by_context = plan.by_context
    named = {order for term in nearest for order in by_context.get(term, ())}
    for order in sorted(named):
        metric = plan.candidates[order]
        score, length, term = max([(1.0 / (1 + nearest[t]), len(t), t) for t in metric.context if t in nearest])
        vetoes = [nearest[t] for t in metric.exclude if t in nearest]
        if vetoes and min(vetoes) < nearest[term]:  # an exclude word nearer than the context word
            continue
        rank = (score, length, -order)
        if best is None or rank > best:
            best, winner = rank, (metric, term)
    for order in plan.noun_only:
        metric = plan.candidates[order]
        if any(t in nearest for t in metric.exclude):
            continue
        rank = (taxonomy.noun_only_score, 0, -order)
        if best is None or rank > best:
            best, winner = rank, (metric, ())
        break  # the later ones rank the same but for their place
    return winner


def _trim(phrase: str, trim: frozenset[tuple[str, ...]]) -> str | None:
    """White space folded; qualifiers (hơn, xấp xỉ…), link words (đạt, với…) and punctuation off both ends."""
    tokens = phrase.split()
    firsts, lasts = _trim_edges(trim)

    def cut(end: bool) -> int:
        """How many tokens at that end are punctuation or one trimmed phrase (0 for none)."""
        edge = tokens[-1] if end else tokens[0]
        edge_words = _short_words(edge)
        if not edge_words:
            return 1
        if (edge_words[-1] not in lasts) if end else (edge_words[0] not in firsts):
            return 0  # a phrase at that end would end (or begin) with that word
        for k in (3, 2, 1):
            part = tokens[-k:] if end else tokens[:k]
            if len(part) == k and tuple(w for t in part for w in _short_words(t)) in trim:
                return k
        return 0

    while tokens and (k := cut(True)):
        del tokens[-k:]
    while tokens and (k := cut(False)):
        del tokens[:k]
    return " ".join(tokens).strip(" ,;:") or None


@lru_cache(maxsize=8)
def _trim_edges(trim: frozenset[tuple[str, ...]]) -> tuple[frozenset[str], frozenset[str]]:
    """The first words and the last words of the trimmed phrases."""
    return frozenset(p[0] for p in trim if p), frozenset(p[-1] for p in trim if p)


def _subject(
    mention: Mention,
    win: Window,
    term: tuple[str, ...],
    text: str,
    start: int,
    end: int,
    trim: frozenset[tuple[str, ...]],
) -> str | None:
    """A short phrase saying what the figure counts or pays, for a reader of the output."""
    if mention.kind in ("count", "quantity"):
        at = mention.text.lower().find(mention.unit.lower()) if mention.unit else -1
        own = (
            mention.text[at:]
            if at >= 0
            else " ".join(w for w in mention.text.split() if not any(c.isdigit() for c in w))
        )
        cut = _SUBJECT_CUT.search(text, end, end + 80, False)  # the text up to the first cut
        tail = text[end : cut.start() if cut else end + 80].split()[: len(win.after)]
        return _trim(" ".join([own, *tail]), trim) or mention.unit
    before = win.before_text
    if term:
        lowered = unicodedata.normalize("NFC", before).lower()
        at = lowered.rfind(" ".join(term)) if len(lowered) == len(before) else -1
        if at >= 0 and len(words(before[at:])) <= 15:
            return _trim(before[at:], trim)
    cut = _LAST_SUBJECT_CUT.search(before, None, None, False)  # the text after the last cut
    return _trim(" ".join(before[cut.end() if cut else 0 :].split()[-6:]), trim)


class _Frame:
    """Sentences, clauses and figure spans of one text, built once per call."""

    def __init__(self, text: str, mentions: list[Mention], abbreviations: tuple[str, ...]) -> None:
        self.text = text
        self.sentences = sentence_index(text, abbreviations)
        # only amounts stop a window: a date or a document number sits inside a clause ("thu ngân sách …
        # đến ngày 10/12/2025 là 28.611 tỷ đồng") and leaves the context to the amount after it
        spans = sorted(
            {(m.start, m.end) for m in mentions if m.kind in ASSIGNABLE_KINDS and 0 <= m.start <= m.end <= len(text)}
        )
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def barriers(self, start: int, end: int) -> tuple[int, int]:
        """End of the previous figure and start of the next, when words stand between them.

        Only gaps within `_REACH` are looked at, so one search each way, for the nearest letter, tells
        which gap holds one.
        """
        left, right = 0, len(self.text)
        i = bisect.bisect_left(self.starts, start)
        last_letter: int | None = None  # the last letter before `start`, within reach (-1: none)
        for k in range(i - 1, -1, -1):
            b = self.spans[k][1]
            if b < start - _REACH:
                break  # beyond the window's reach: no nearer barrier matters
            if b <= start:
                if last_letter is None:
                    hit = _LAST_LETTER.search(self.text, max(0, start - _REACH), start, False)
                    last_letter = hit.start() if hit else -1
                if last_letter >= b:
                    left = b
                    break
        first_letter: int | None = None  # the first letter from `end`, within reach (len: none)
        for k in range(i, len(self.spans)):
            a = self.spans[k][0]
            if a > end + _REACH:
                break
            if a >= end:
                if first_letter is None:
                    hit = _HAS_LETTER.search(self.text, end, end + _REACH, False)
                    first_letter = hit.start() if hit else len(self.text)
                if first_letter < a:
                    right = a
                    break
        return left, right


def _updated(mention: Mention, update: dict[str, Any]) -> Mention:
    """`mention.model_copy(update=update)`, made directly: its fields' dict with `update` laid over it, the
    fields set with those of `update` (a record has no extra and no private attributes to copy)."""
    if mention.__pydantic_extra__ is not None or mention.__pydantic_private__ is not None:
        return mention.model_copy(update=update)
    copied = object.__new__(type(mention))
    _set = object.__setattr__
    _set(copied, "__dict__", {**mention.__dict__, **update})
    _set(copied, "__pydantic_extra__", None)
    _set(copied, "__pydantic_fields_set__", mention.__pydantic_fields_set__ | update.keys())
    _set(copied, "__pydantic_private__", None)
    return copied


def _assign_one(mention: Mention, frame: _Frame, taxonomy: Taxonomy) -> Mention:
    if mention.kind not in ASSIGNABLE_KINDS:
        return mention.model_copy(update={"metric": None}) if mention.metric else mention
    text, start, end = frame.text, mention.start, mention.end
    if text[start:end] != mention.text:  # offsets from elsewhere: fall back to the mention's own sentence
        at = mention.sentence.find(mention.text) if mention.text else -1
        if at < 0:
            return mention.model_copy(update={"metric": None})
        local = _Frame(mention.sentence, [], taxonomy.sentence_abbreviations)
        text, start, end, frame = mention.sentence, at, at + len(mention.text), local
    clause = _clause(frame, start, end)
    win = window(text, start, end, clause, frame.barriers(start, end), taxonomy)
    found = best_metric(mention, win, taxonomy)
    update: dict[str, Any] = {"metric": found[0].key if found else None}
    if not mention.subject:
        update["subject"] = _subject(mention, win, found[1] if found else (), text, start, end, taxonomy.trim_phrases)
    return _updated(mention, update)


def _clause(frame: _Frame, start: int, end: int) -> tuple[int, int]:
    """The figure's clause (between `;` or line ends) within its sentence, looked for within `_REACH`."""
    a, b = frame.sentences.around(start, end)
    text = frame.text
    lo = max(a, start - _REACH)
    left = max(lo, text.rfind(";", lo, start) + 1, text.rfind("\n", lo, start) + 1)
    hi = min(b, end + _REACH)
    hit = _CLAUSE_END.search(text, end, hi, False)
    return left, (hit.start() if hit else hi)


def assign_metrics(mentions: list[Mention], text: str, taxonomy: Taxonomy) -> list[Mention]:
    """Copies of `mentions` with `metric` set (a taxonomy key or None) and `subject` filled when missing.

    A mention that cannot be placed (its offsets and text do not meet) keeps metric None.
    """
    frame = _Frame(text, mentions, taxonomy.sentence_abbreviations)
    return [_assign_one(mention, frame, taxonomy) for mention in mentions]
