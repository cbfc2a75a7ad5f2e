"""One self-contained HTML page to review a run by eye, from a handful of documents to tens of thousands.

The page needs no server and no network (CSS and JS inline, allowed by a
Content-Security-Policy that forbids every load and any other script), so it
can be mailed or opened from a USB stick. It is in Vietnamese.

It scales by rendering lazily. The server side writes, per document, its text
with every figure and entity marked, as an HTML fragment inside an inert
`<script type="text/x-solieu-doc">` block (the browser only skims it), plus one
compact JSON index: documents (id, title, counts, errors, flags), figures
(document, offsets, kind, metric, unit, qualifier, value, text) and entities.
The script shows a search box and filters (kind, metric, unit, qualifier,
documents with errors), lists the matching documents or figures one page of
50 at a time, and turns a document's fragment into DOM only when it is opened
(by a click, a link from the summary or the figures list, or `#doc-N` /
`#dN-START-END` in the URL). Filters can be given in the URL too
(`review.html?q=hộ nghèo&kind=count&view=figures`).

Every piece of document text, doc_id, label and message goes through
`html.escape` on the server (the fragments) or `textContent` in the browser
(lists, panel): a report that quotes `<script>` shows it, never runs it.
Overlapping spans (a date inside a doc_ref, a name inside an organisation) are
nested; a span that crosses another is cut into pieces, the later pieces
carrying class `cont`, so `mark.fig:not(.cont)` counts each figure once.
The CSS and script live in `pipeline.review.assets`.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline.errors import SolieuError
from pipeline.outputs.files import GENERATOR_META, atomic_open
from pipeline.outputs.jsonl import parse_record
from pipeline.outputs.labels import BOUND_LABELS, ENTITY_LABELS, KIND_LABELS, QUALIFIER_LABELS, label
from pipeline.outputs.numbers import format_number
from pipeline.outputs.tables import TABLE_GRID_CSS, document_tables, render_table_html
from pipeline.review.assets import REVIEW_CSS, REVIEW_JS
from pipeline.review.csp import meta_tag
from pipeline.review.diff import DocDiff, check_run_folder, diff_runs, doc_id_of
from pipeline.review.evaluate import fold, is_people_gold, iter_jsonl, load_figures, load_people_gold, match_document

Record = dict[str, Any]
esc = html.escape

REVIEW_PAGE = "review.html"
PAGE_SIZE = 50  # rows of the documents or figures list shown at once
SUMMARY_LINKS = 60  # links from one summary total to the figures behind it
STATUS_LABELS = {"added": "mới thêm", "changed": "thay đổi", "spurious": "thừa (không có trong gold)"}
_CSS = REVIEW_CSS + TABLE_GRID_CSS  # one style element: the page's CSP hashes it whole
_SCRIPT_CLOSE = re.compile(r"</(script)", re.IGNORECASE)


@dataclass
class Span:
    """A stretch of text to mark; `order` keeps equal spans in a stable order."""

    start: int
    end: int
    classes: list[str]
    attrs: dict[str, str] = field(default_factory=dict)
    anchor: str | None = None
    order: int = 0

    def open_tag(self, first: bool) -> str:
        classes = self.classes if first else [*self.classes, "cont"]
        attrs = "".join(f' {k}="{esc(v)}"' for k, v in self.attrs.items())
        anchor = f' id="{esc(self.anchor)}"' if first and self.anchor else ""
        return f'<mark class="{esc(" ".join(classes))}"{anchor}{attrs}>'


def render_marked(text: str, spans: list[Span]) -> str:
    """`text` escaped, with every span wrapped in `<mark>`; crossing spans are split so tags nest.

    >>> render_marked("a <b> c", [Span(2, 5, ["x"])])
    'a <mark class="x">&lt;b&gt;</mark> c'
    >>> render_marked("abcd", [Span(0, 3, ["x"]), Span(1, 4, ["y"])])
    '<mark class="x">a<mark class="y">bc</mark></mark><mark class="y cont">d</mark>'
    """
    n = len(text)
    spans = [s for s in spans if 0 <= s.start <= s.end <= n]
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in spans:
        starting[s.start].append(s)
    for group in starting.values():
        group.sort(key=lambda s: (-s.end, s.order))  # the longer span is the outer one
    stops = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[Span] = []
    for k, pos in enumerate(stops):
        if any(s.end == pos for s in stack):
            reopen = []
            while any(s.end == pos for s in stack):
                s = stack.pop()
                out.append("</mark>")
                if s.end != pos:
                    reopen.append(s)
            for s in reversed(reopen):
                out.append(s.open_tag(first=False))
                stack.append(s)
        for s in starting.get(pos, []):
            out.append(s.open_tag(first=True))
            if s.end == pos:
                out.append("</mark>")
            else:
                stack.append(s)
        if k + 1 < len(stops):
            out.append(esc(text[pos : stops[k + 1]]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def fmt_value(value: Any) -> str:
    """A figure's value the Vietnamese way: 3.400.000.000, 3,2; dates and references as written.

    >>> fmt_value(3400000000), fmt_value(3.2), fmt_value("2022-01-07")
    ('3.400.000.000', '3,2', '2022-01-07')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_number(value)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _key(r: Record) -> tuple[Any, ...]:
    return (r.get("start"), r.get("end"), r.get("kind") or r.get("type"), r.get("text"))


@dataclass
class DocView:
    """What the page shows of one document."""

    n: int
    doc_id: str
    record: Record | None
    figures: list[Record]
    entities: list[Record]
    errors: list[Record]
    status: dict[int, str] = field(default_factory=dict)  # id(record) -> added/changed/spurious
    notes: dict[int, str] = field(default_factory=dict)  # id(record) -> what changed
    removed: list[Record] = field(default_factory=list)
    missed: list[Record] = field(default_factory=list)
    diff: DocDiff | None = None

    @property
    def text(self) -> str:
        return str((self.record or {}).get("text", ""))

    @property
    def facts(self) -> Record:
        facts = (self.record or {}).get("facts")
        return facts if isinstance(facts, dict) else {}


def figure_title(r: Record) -> str:
    """A figure in a few Vietnamese words: `tiền 3.400.000.000 VND hơn · chỉ tiêu funds_mobilised`."""
    parts = [label(KIND_LABELS, r.get("kind")), fmt_value(r.get("value"))]
    parts += [str(r["unit"])] if r.get("unit") else []
    parts += [label(QUALIFIER_LABELS, r["qualifier"])] if r.get("qualifier") else []
    if r.get("per"):
        parts.append(f"/ {r['per']}")
    if r.get("metric"):
        parts.append(f"· chỉ tiêu {r['metric']}")
    if r.get("subject"):
        parts.append(f"· {r['subject']}")
    return " ".join(parts)


def entity_title(r: Record) -> str:
    """A person, organisation or place in a few words: `người Bùi Văn Lý · Phó Bí thư…`."""
    parts = [label(ENTITY_LABELS, r.get("type")), str(r.get("name") or r.get("normalized") or r.get("text") or "")]
    if r.get("titles"):
        parts.append("· " + "; ".join(map(str, r["titles"])))
    if r.get("role"):
        parts.append(f"· {r['role']}")
    return " ".join(parts)


def _locate_missed(text: str, missed: list[Record]) -> None:
    """Find each missed gold figure's text in the document (no offsets in gold); first unused spot."""
    used: set[int] = set()
    for g in missed:
        needle = str(g.get("text") or g.get("name") or "")
        at = text.find(needle) if needle else -1
        while at >= 0 and at in used:
            at = text.find(needle, at + 1)
        if at >= 0:
            used.add(at)
            g["_at"] = at


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its `<script>` element early: `<`, `>` and `&` as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Codes:
    """Strings of one field (units, metrics…) numbered in order of first use, for a compact index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._at: dict[Any, int] = {}

    def __call__(self, value: Any) -> int:
        if value is None or value == "":
            return -1
        if value not in self._at:
            self._at[value] = len(self.items)
            self.items.append(value)
        return self._at[value]


@dataclass
class _Lines:
    """Where each document's lines are in one JSONL file: (byte offset, line number), by doc_id, in file order."""

    path: Path
    at: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def count(self, doc_id: str) -> int:
        return len(self.at.get(doc_id, ()))

    def read(self, handle: IO[bytes] | None, doc_id: str) -> list[Record]:
        """The document's records, each line parsed (and so checked: E506 with file:line) only now."""
        if handle is None:
            return []
        records = []
        for offset, number in self.at.get(doc_id, ()):
            handle.seek(offset)
            records.append(parse_record(self.path, number, handle.readline().strip()))
        return records


def _locate(path: Path) -> _Lines:
    """One pass over a JSONL file, keeping only where each document's lines start."""
    lines = _Lines(path)
    if not path.is_file():
        return lines
    with open(path, "rb") as handle:
        offset = 0
        for number, raw in enumerate(handle, 1):
            line = raw.strip()
            if line:
                lines.at[doc_id_of(path, number, line)].append((offset, number))
            offset += len(raw)
    return lines


class _Index:
    """The compact JSON index the script reads, filled one document at a time."""

    def __init__(self) -> None:
        self.kinds, self.metrics, self.units, self.quals = _Codes(), _Codes(), _Codes(), _Codes()
        self.statuses, self.types = _Codes(), _Codes()
        for codes, table in (
            (self.kinds, KIND_LABELS),
            (self.quals, QUALIFIER_LABELS),
            (self.statuses, STATUS_LABELS),
            (self.types, ENTITY_LABELS),
        ):
            for code in table:
                codes(code)
        self.figs: dict[str, list[Any]] = {
            k: []
            for k in (
                "doc",
                "start",
                "end",
                "kind",
                "metric",
                "unit",
                "qual",
                "value",
                "text",
                "subject",
                "status",
                "note",
            )
        }
        self.ents: dict[str, list[Any]] = {k: [] for k in ("doc", "start", "end", "type", "name", "more")}
        self.docs: list[list[Any]] = []

    def add(self, view: DocView, flags: dict[str, Any]) -> tuple[dict[int, int], dict[int, int]]:
        """Index one document; return the figure and entity numbers its marks point to (by id of record)."""
        figs, ents = self.figs, self.ents
        f_doc, f_start, f_end, f_kind, f_metric, f_unit, f_qual, f_value, f_text, f_subject, f_status, f_note = (
            figs[k] for k in figs
        )
        fig_no: dict[int, int] = {}
        ent_no: dict[int, int] = {}
        n, status, notes = view.n, view.status, view.notes
        for r in view.figures:
            key = id(r)
            fig_no[key] = len(f_doc)
            f_doc.append(n)
            f_start.append(int(r.get("start") or 0))
            f_end.append(int(r.get("end") or 0))
            f_kind.append(self.kinds(r.get("kind")))
            f_metric.append(self.metrics(r.get("metric")))
            f_unit.append(self.units(r.get("unit")))
            f_qual.append(self.quals(r.get("qualifier")))
            f_value.append(fmt_value(r.get("value")))
            f_text.append(str(r.get("text") or ""))
            f_subject.append(str(r.get("subject") or ""))
            f_status.append(self.statuses(status.get(key)))
            f_note.append(notes.get(key, ""))
        names: dict[str, None] = {}
        e_doc, e_start, e_end, e_type, e_name, e_more = (ents[k] for k in ents)
        for r in view.entities:
            ent_no[id(r)] = len(e_doc)
            name = str(r.get("name") or r.get("normalized") or "")
            e_doc.append(n)
            e_start.append(int(r.get("start") or 0))
            e_end.append(int(r.get("end") or 0))
            e_type.append(self.types(r.get("type")))
            e_name.append("" if name == r.get("text") else name)
            e_more.append(
                "".join(
                    [
                        f" · {'; '.join(map(str, r['titles']))}" if r.get("titles") else "",
                        f" · {r['role']}" if r.get("role") else "",
                    ]
                )
            )
            names.setdefault(name or str(r.get("text") or ""), None)
        errors = [[str(e.get("code", "")), str(e.get("error", "")), str(e.get("message", ""))] for e in view.errors]
        self.docs.append(
            [
                view.doc_id,
                str(view.facts.get("title") or ""),
                str((view.record or {}).get("format", "")),
                len(view.figures),
                len(view.entities),
                errors,
                flags,
                " | ".join(names),
            ]
        )
        return fig_no, ent_no

    def as_json(self, metric_labels: dict[str, str], summary: list[list[Any]]) -> dict[str, Any]:
        figs = dict(self.figs)
        for sparse in ("status", "note"):  # without a comparison, nobody has a status: the columns go
            if not any(v not in (-1, "") for v in figs[sparse]):
                figs[sparse] = []
        return {
            "page_size": PAGE_SIZE,
            "docs": self.docs,
            "figs": figs,
            "ents": self.ents,
            "kinds": self.kinds.items,
            "kind_labels": [label(KIND_LABELS, k) for k in self.kinds.items],
            "quals": self.quals.items,
            "qual_labels": [label(QUALIFIER_LABELS, q) for q in self.quals.items],
            "status_labels": [STATUS_LABELS.get(s, s) for s in self.statuses.items],
            "ent_labels": [label(ENTITY_LABELS, e) for e in self.types.items],
            "metrics": [[m, metric_labels.get(m, m)] for m in self.metrics.items],
            "units": self.units.items,
            "summary": summary,
        }


class ReviewPage:
    """A run (and what it is compared with), written as the page one document at a time.

    Memory holds where each document's lines are, the comparison, and the compact index; a
    document's records are read, marked, written and dropped in turn, so a run of 10,000
    documents needs little more memory than its index.
    """

    def __init__(self, out: Path, against: Path | None = None, gold: Path | None = None) -> None:
        check_run_folder(out)
        self.out, self.against, self.gold = out, against, gold
        self.manifest = _read_json(out / "run.json") or {}
        self.summary = _read_json(out / "summary.json") or {}
        self.documents = _locate(out / "documents.jsonl")
        self.figures = _locate(out / "metrics.jsonl")
        self.entities = _locate(out / "entities.jsonl")
        self.errors: dict[str, list[Record]] = defaultdict(list)
        for rec in iter_jsonl(out / "errors.jsonl"):
            self.errors[str(rec.get("doc_id", ""))].append(rec)
        order = list(self.documents.at)
        order += sorted((set(self.errors) | set(self.figures.at) | set(self.entities.at)) - set(self.documents.at))
        self.diffs: dict[str, DocDiff] = {}
        if against is not None:
            self.diffs = {d.doc_id: d for d in diff_runs(against, out).documents}
        self.people_gold: dict[str, list[Record]] = {}
        self.figure_gold: dict[str, list[Record]] = {}
        if gold is not None:
            if is_people_gold(gold):
                self.people_gold = load_people_gold(gold)
            else:
                self.figure_gold = load_figures(gold, gold=True)
        known = set(order)
        for doc_id in [*self.diffs, *self.people_gold, *self.figure_gold]:  # compared, yet not in this run
            if doc_id not in known:
                known.add(doc_id)
                order.append(doc_id)
        self.order = order
        self.number = {doc_id: n for n, doc_id in enumerate(order)}

    # ------------------------------------------------------------ one document, read and compared

    def _view(self, n: int, doc_id: str, handles: dict[str, IO[bytes] | None]) -> DocView:
        at = self.documents.at.get(doc_id)
        record = None
        if at:
            offset, number = at[-1]
            docs = handles["documents"]
            assert docs is not None
            docs.seek(offset)
            record = parse_record(self.documents.path, number, docs.readline().strip())
        view = DocView(
            n,
            doc_id,
            record,
            self.figures.read(handles["metrics"], doc_id),
            self.entities.read(handles["entities"], doc_id),
            self.errors.get(doc_id, []),
        )
        if doc_id in self.diffs:
            self._apply_diff(view, self.diffs[doc_id])
        if doc_id in self.people_gold:
            self._apply_people_gold(view, self.people_gold[doc_id])
        if doc_id in self.figure_gold:
            self._apply_figure_gold(view, self.figure_gold[doc_id])
        return view

    @staticmethod
    def _apply_diff(view: DocView, d: DocDiff) -> None:
        view.diff = d
        for records, items in ((view.figures, d.figures), (view.entities, d.entities)):
            by_key = {_key(r): r for r in records}
            for r in items.added:
                if _key(r) in by_key:
                    view.status[id(by_key[_key(r)])] = "added"
            for c in items.changed:
                if _key(c.new) in by_key:
                    mine = by_key[_key(c.new)]
                    view.status[id(mine)] = "changed"
                    view.notes[id(mine)] = "trước đây: " + ", ".join(
                        f"{k} {v[0]}" for k, v in c.fields.items() if k not in ("start", "end")
                    )
            view.removed.extend(items.removed)

    @staticmethod
    def _apply_people_gold(view: DocView, people: list[Record]) -> None:
        names = {fold(p["name"]) for p in people}
        found = set()
        for e in view.entities:
            if e.get("type") == "PER":
                name = fold(e.get("name") or e.get("text"))
                found.add(name)
                if name not in names:
                    view.status[id(e)] = "spurious"
        view.missed = [
            {"name": p["name"], "titles": p.get("titles", [])} for p in people if fold(p["name"]) not in found
        ]
        _locate_missed(view.text, view.missed)

    @staticmethod
    def _apply_figure_gold(view: DocView, gms: list[Record]) -> None:
        match = match_document(view.doc_id, gms, view.figures)
        for i in match.spurious:
            view.status[id(match.predictions[i])] = "spurious"
        view.missed = [dict(gms[i]) for i in match.missed]
        _locate_missed(view.text, view.missed)

    @staticmethod
    def _flags(view: DocView) -> dict[str, Any]:
        flags: dict[str, Any] = {}
        if view.diff is not None:
            d = view.diff
            if d.status != "changed":
                flags["status"] = {"appeared": "mới xuất hiện", "disappeared": "biến mất"}.get(d.status, d.status)
            flags["added"] = len(d.figures.added) + len(d.entities.added)
            flags["removed"] = len(d.figures.removed) + len(d.entities.removed)
            flags["changed"] = len(d.figures.changed) + len(d.entities.changed)
        flags["missed"] = len(view.missed)
        flags["spurious"] = sum(1 for s in view.status.values() if s == "spurious")
        return {k: v for k, v in flags.items() if v}

    def _metric_labels(self) -> dict[str, str]:
        rows = self.summary.get("rows") if isinstance(self.summary, dict) else None
        labels = {}
        for r in rows or []:
            if isinstance(r, dict) and isinstance(r.get("metric"), str) and isinstance(r.get("label"), str):
                labels[r["metric"]] = r["label"]
        try:
            from pipeline.lexicon import load_taxonomy

            for key, metric in load_taxonomy().metrics.items():
                labels.setdefault(key, metric.label)
        except (OSError, ValueError, SolieuError):
            pass
        return labels

    def _summary_rows(self) -> list[list[Any]]:
        rows = self.summary.get("rows") if isinstance(self.summary, dict) else None
        out = []
        for r in rows or []:
            if not isinstance(r, dict):
                continue
            links = []
            mentions = r.get("mentions") or []
            for m in mentions[:SUMMARY_LINKS]:
                ref = m if isinstance(m, dict) else dict(zip(("doc_id", "start", "end"), m, strict=False))
                links.append(
                    [self.number.get(str(ref.get("doc_id")), -1), int(ref.get("start") or 0), int(ref.get("end") or 0)]
                )
            out.append(
                [
                    _shown(r.get("label") or r.get("metric")),
                    _shown(r.get("metric")),
                    _shown(r.get("reporting_unit")),
                    _shown(r.get("period")),
                    fmt_value(r.get("total")),
                    _shown(r.get("unit")),
                    label(BOUND_LABELS, r.get("bound")),
                    _shown(r.get("n_mentions")),
                    _shown(r.get("n_documents")),
                    links,
                    max(0, len(mentions) - SUMMARY_LINKS),
                ]
            )
        return out

    # ------------------------------------------------------------ one document's marked text

    def spans(self, view: DocView, fig_no: dict[int, int], ent_no: dict[int, int]) -> list[Span]:
        """Every mark of a document: figures, entities, and the ghosts of removed and missed ones."""
        spans: list[Span] = []
        for i, r in enumerate(view.figures):
            classes = ["fig", f"m-{r.get('kind')}"]
            if view.status.get(id(r)):
                classes.append(view.status[id(r)])
            spans.append(
                Span(int(r.get("start", 0)), int(r.get("end", 0)), classes, {"data-f": str(fig_no[id(r)])}, order=i)
            )
        for i, r in enumerate(view.entities):
            classes = ["ent", f"e-{r.get('type')}"]
            if view.status.get(id(r)):
                classes.append(view.status[id(r)])
            spans.append(
                Span(
                    int(r.get("start", 0)),
                    int(r.get("end", 0)),
                    classes,
                    {"data-e": str(ent_no[id(r)])},
                    order=10_000_000 + i,
                )
            )
        text = view.text
        if view.diff is None or not view.diff.text_changed:
            for r in view.removed:
                a, b = int(r.get("start", -1)), int(r.get("end", -1))
                if text[a:b] == r.get("text") and r.get("text"):
                    shown = figure_title(r) if "kind" in r else entity_title(r)
                    spans.append(Span(a, b, ["ghost", "removed"], {"title": "đã bỏ: " + shown}, order=20_000_000))
        for g in view.missed:
            if g.get("_at") is not None:
                a = int(g["_at"])
                shown = figure_title(g) if "kind" in g else f"người {g.get('name')}"
                spans.append(
                    Span(
                        a,
                        a + len(str(g.get("text") or g.get("name"))),
                        ["ghost", "missed"],
                        {"title": "bỏ sót (gold): " + shown},
                        order=30_000_000,
                    )
                )
        return spans

    def _lists(self, view: DocView) -> str:
        out = []
        if view.missed:
            items = []
            for g in view.missed:
                what = figure_title(g) if "kind" in g else f"người {g.get('name')}"
                where = (
                    f' <span class="muted">(trong văn bản, vị trí {g["_at"]})</span>'
                    if g.get("_at") is not None
                    else ' <span class="muted">(không thấy trong văn bản)</span>'
                )
                items.append(f"<li>{esc(what)} «{esc(str(g.get('text') or g.get('name')))}»{where}</li>")
            out.append(f'<h3 class="err">Bỏ sót (có trong gold, lần chạy không tìm thấy)</h3><ul>{"".join(items)}</ul>')
        if view.removed:
            items = [
                f"<li>{esc(figure_title(r) if 'kind' in r else entity_title(r))} "
                f"«{esc(str(r.get('text')))}» @{esc(str(r.get('start')))}</li>"
                for r in view.removed
            ]
            out.append(f"<h3>Đã bỏ so với {esc(str(self.against))}</h3><ul>" + "".join(items) + "</ul>")
        for e in view.errors:
            out.append(
                f'<p class="err">{esc(str(e.get("code")))} {esc(str(e.get("error")))}: {esc(str(e.get("message")))}</p>'
            )
        return "".join(out)

    def fragment(self, view: DocView, fig_no: dict[int, int], ent_no: dict[int, int]) -> str:
        """The HTML of one opened document: its facts, what was missed or removed, errors, the marked text."""
        shown = " · ".join(f"{esc(k)}: {esc(_shown(v))}" for k, v in view.facts.items() if v)
        if view.record is None:
            body = '<p class="muted">Không có văn bản: tài liệu không có trong documents.jsonl của lần chạy này.</p>'
        else:
            body = f'<div class="text" lang="vi">{render_marked(view.text, self.spans(view, fig_no, ent_no))}</div>'
            body += self._tables(view)
        return (f'<p class="muted">{shown}</p>' if shown else "") + self._lists(view) + body

    @staticmethod
    def _tables(view: DocView) -> str:
        """The document's tables as grids under its text, each figure linked to its mark in the text."""
        tables = document_tables(view.record or {})
        if not tables:
            return ""
        grids = "".join(render_table_html(t, view.figures, href=lambda a, b: f"#d{view.n}-{a}-{b}") for t in tables)
        return f'<h3>Bảng trong tài liệu ({len(tables)})</h3><div class="tables">{grids}</div>'

    # ------------------------------------------------------------ the page

    def _head(self) -> str:
        n_fig = sum(self.figures.count(d) for d in self.order)
        n_ent = sum(self.entities.count(d) for d in self.order)
        n_err = sum(1 for d in self.order if self.errors.get(d))
        compared = ""
        if self.against is not None:
            compared = f" · so với <code>{esc(str(self.against))}</code>"
        if self.gold is not None:
            compared += f" · đối chiếu gold <code>{esc(str(self.gold))}</code>"
        version = esc(str(self.manifest.get("solieu_version", ""))) if isinstance(self.manifest, dict) else ""
        legend = (
            "".join(f'<mark class="fig m-{k}">{esc(v)}</mark>' for k, v in KIND_LABELS.items())
            + "".join(f'<mark class="ent e-{k}">{esc(v)}</mark>' for k, v in ENTITY_LABELS.items())
            + '<mark class="added">mới thêm</mark><mark class="changed">thay đổi</mark>'
            + '<mark class="spurious">thừa</mark><mark class="ghost removed">đã bỏ</mark>'
            + '<mark class="ghost missed">bỏ sót</mark>'
        )
        return (
            "<!DOCTYPE html>\n<html lang='vi'><head><meta charset='utf-8'>"
            + meta_tag(_CSS, REVIEW_JS)
            + GENERATOR_META
            + "<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>solieu · xem lại kết quả</title><style>{_CSS}</style></head><body>"
            f"<header><h1>Xem lại kết quả trích xuất</h1><div><code>{esc(str(self.out))}</code>{compared}"
            f"{' · solieu ' + version if version else ''}</div>"
            f"<div>{format_number(len(self.order))} tài liệu · {format_number(n_fig)} số liệu · "
            f"{format_number(n_ent)} thực thể · {format_number(n_err)} có lỗi</div>"
            f"<div class='legend'>{legend}</div></header><main>"
        )

    def _controls(self, n_summary: int) -> str:
        if n_summary:
            opened = " open" if n_summary <= 40 else ""  # a long summary folds away, drawn when opened
            summary = (
                f'<details class="section" id="summary"{opened}><summary><h2>Tổng hợp ({n_summary} dòng)'
                '</h2></summary><div id="summary-body"></div></details>'
            )
        else:
            summary = (
                '<details class="section" id="summary" hidden><summary></summary>'
                '<div id="summary-body"></div></details>'
            )
        return (
            summary + '<div id="controls" role="search">'
            '<label>Tìm <input type="search" id="q" placeholder="tài liệu, số liệu, người, đơn vị, chỉ tiêu…">'
            "</label>"
            + _select("f-kind", "kind", "Loại")
            + _select("f-metric", "metric", "Chỉ tiêu")
            + _select("f-unit", "unit", "Đơn vị tính")
            + _select("f-qual", "qual", "Mức")
            + '<label><input type="checkbox" id="f-err"> chỉ tài liệu có lỗi</label>'
            '<span>Xem: <label><input type="radio" name="view" id="v-docs" value="docs"> tài liệu</label> '
            '<label><input type="radio" name="view" id="v-figs" value="figs"> số liệu</label></span>'
            '<span id="count"></span><span id="pager"><button type="button" id="prev">‹ Trước</button> '
            '<span id="pageinfo"></span> <button type="button" id="next">Sau ›</button></span>'
            '<button type="button" id="close-all">Đóng mọi tài liệu</button></div>'
            '<div id="list"></div><h2>Tài liệu đang mở</h2><div id="docs"></div>'
            "</main><div id='panel' hidden><dl></dl></div>"
        )

    def write(self, handle: IO[str]) -> None:
        """Write the page: the header and controls, each document's block in turn, then the index and script."""
        summary = self._summary_rows()
        handle.write(self._head() + self._controls(len(summary)))
        index = _Index()
        with ExitStack() as stack:
            handles: dict[str, IO[bytes] | None] = {
                name: stack.enter_context(open(lines.path, "rb")) if lines.path.is_file() else None
                for name, lines in (
                    ("documents", self.documents),
                    ("metrics", self.figures),
                    ("entities", self.entities),
                )
            }
            for n, doc_id in enumerate(self.order):
                view = self._view(n, doc_id, handles)
                fig_no, ent_no = index.add(view, self._flags(view))
                handle.write(
                    f'<script type="text/x-solieu-doc" id="b-{n}">'
                    f"{_inert(self.fragment(view, fig_no, ent_no))}</script>"
                )
        data = index.as_json(self._metric_labels(), summary)
        handle.write(
            f'<script type="application/json" id="solieu-index">{_json_for_script(data)}</script>'
            f"<script>{REVIEW_JS}</script></body></html>\n"
        )

    def html(self) -> str:
        buffer = io.StringIO()
        self.write(buffer)
        return buffer.getvalue()


def _inert(fragment: str) -> str:
    """A fragment as the content of a `<script>` data block. Its text is escaped, so no `</script` can be in it;
    should one ever be, it is broken up rather than allowed to end the block."""
    return _SCRIPT_CLOSE.sub(r"<\\/\1", fragment)


def _shown(value: Any) -> str:
    """A field as text for the page: a typed value (a period with its label) by its label."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("label") or json.dumps(value, ensure_ascii=False))
    return str(value)


def _select(element_id: str, key: str, name: str) -> str:
    return (
        f'<label>{esc(name)} <select id="{element_id}" data-key="{key}"><option value="">tất cả</option>'
        "</select></label>"
    )


def build_review(out: Path, against: Path | None = None, gold: Path | None = None) -> str:
    """The review page of run folder `out`, optionally against another run or a gold file."""
    return ReviewPage(Path(out), Path(against) if against else None, Path(gold) if gold else None).html()


def write_review(
    out: Path, html_path: Path | None = None, against: Path | None = None, gold: Path | None = None
) -> Path:
    """Write the review page (default: OUT/review.html, next to what it shows) and return its path."""
    html_path = Path(html_path) if html_path is not None else Path(out) / REVIEW_PAGE
    page = ReviewPage(Path(out), Path(against) if against else None, Path(gold) if gold else None)
    with atomic_open(html_path) as handle:
        page.write(handle)
    return html_path
