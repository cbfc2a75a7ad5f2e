"""One self-contained HTML page to review a run by eye: every figure and entity marked in its text.

The page needs no server and no network (CSS and a few lines of JS inline), so
it can be mailed or opened from a USB stick. Documents are collapsed `<details>`
under an index, so a page of hundreds of documents opens fast; links (from the
index, the summary totals, the mention tables) open the document they point
into. Every piece of document text, doc_id, label and message goes through
`html.escape`: a report that quotes `<script>` shows it, never runs it.
Overlapping spans (a date inside a doc_ref, a name inside an organisation) are
nested; a span that crosses another is cut into pieces, the later pieces
carrying class `cont`, so `mark.fig:not(.cont)` counts each figure once.
The CSS and JS live here, not in a template file, so the page also builds from
an installed wheel without package-data entries.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.outputs.files import write_text
from pipeline.outputs.numbers import format_number
from pipeline.review.diff import DocDiff, check_run_folder, diff_runs
from pipeline.review.evaluate import fold, is_people_gold, iter_jsonl, load_figures, load_people_gold, match_document

Record = dict[str, Any]
esc = html.escape


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
            out.append(esc(text[pos:stops[k + 1]]))
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


def _read_jsonl_by_doc(path: Path) -> dict[str, list[Record]]:
    docs: dict[str, list[Record]] = defaultdict(list)
    if path.is_file():
        for rec in iter_jsonl(path):
            docs[str(rec.get("doc_id", ""))].append(rec)
    return docs


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


def _figure_title(r: Record) -> str:
    parts = [str(r.get("kind")), fmt_value(r.get("value"))]
    parts += [str(r[k]) for k in ("unit", "qualifier") if r.get(k)]
    if r.get("per"):
        parts.append(f"/ {r['per']}")
    if r.get("metric"):
        parts.append(f"· metric {r['metric']}")
    if r.get("subject"):
        parts.append(f"· {r['subject']}")
    return " ".join(parts)


def _entity_title(r: Record) -> str:
    parts = [str(r.get("type")), str(r.get("name") or r.get("normalized") or r.get("text") or "")]
    if r.get("titles"):
        parts.append("· " + "; ".join(map(str, r["titles"])))
    if r.get("role"):
        parts.append(f"· {r['role']}")
    return " ".join(parts)


def _spans(view: DocView) -> list[Span]:
    spans: list[Span] = []
    seen_anchor: set[tuple[int, int, str]] = set()
    for i, r in enumerate(view.figures):
        kind = str(r.get("kind"))
        classes = ["fig", f"m-{kind}"]
        extra = view.status.get(id(r))
        if extra:
            classes.append(extra)
        title = _figure_title(r) + (f" · {view.notes[id(r)]}" if id(r) in view.notes else "")
        attrs = {"data-kind": kind, "data-value": str(r.get("value")), "data-unit": str(r.get("unit") or ""),
                 "data-qualifier": str(r.get("qualifier") or ""), "data-metric": str(r.get("metric") or ""),
                 "title": title}
        spot = (int(r.get("start", 0)), int(r.get("end", 0)), "f")
        anchor = None if spot in seen_anchor else f"d{view.n}-{spot[0]}-{spot[1]}"
        seen_anchor.add(spot)
        spans.append(Span(spot[0], spot[1], classes, attrs, anchor, order=i))
    for i, r in enumerate(view.entities):
        typ = str(r.get("type"))
        classes = ["ent", f"e-{typ}"]
        if view.status.get(id(r)):
            classes.append(view.status[id(r)])
        spot = (int(r.get("start", 0)), int(r.get("end", 0)), "e")
        anchor = None if spot in seen_anchor else f"d{view.n}-e{spot[0]}-{spot[1]}"
        seen_anchor.add(spot)
        spans.append(Span(spot[0], spot[1], classes, {"data-type": typ, "title": _entity_title(r)}, anchor,
                          order=10_000_000 + i))
    text = view.text
    if view.diff is None or not view.diff.text_changed:
        for r in view.removed:
            a, b = int(r.get("start", -1)), int(r.get("end", -1))
            if text[a:b] == r.get("text") and r.get("text"):
                label = _figure_title(r) if "kind" in r else _entity_title(r)
                spans.append(Span(a, b, ["ghost", "removed"], {"title": "removed: " + label},
                                  order=20_000_000))
    for g in view.missed:
        if g.get("_at") is not None:
            a = int(g["_at"])
            label = _figure_title(g) if "kind" in g else f"PER {g.get('name')}"
            spans.append(Span(a, a + len(str(g.get("text") or g.get("name"))), ["ghost", "missed"],
                              {"title": "missed (gold): " + label}, order=30_000_000))
    return spans


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


_CSS = """
:root{--fg:#1d1d1f;--muted:#666;--line:#d8d8d8}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0}
header{padding:1em 1.5em;background:#f6f7f9;border-bottom:1px solid var(--line)}
main{padding:0 1.5em 4em;max-width:1200px}
h1{font-size:1.3em;margin:0 0 .3em}h2{font-size:1.1em;margin:1.4em 0 .4em}
details.section>summary{cursor:pointer}details.section>summary h2{display:inline-block}
table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid var(--line);padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:8px;padding:0 .45em;font-size:.85em;margin-right:.2em}
.b-err{background:#c62828;color:#fff}.b-add{background:#e3f6e5;color:#1b5e20}.b-rem{background:#fde7e7;color:#b71c1c}
.b-chg{background:#fff3cd;color:#7a5b00}.b-miss{background:#fde7e7;color:#b71c1c}.b-spur{background:#f3e5f5;color:#6a1b9a}
details.doc{border:1px solid var(--line);border-radius:6px;margin:.6em 0;background:#fff}
details.doc>summary{cursor:pointer;padding:.4em .7em;background:#fafafa;font-weight:600}
.doc-body{padding:.2em 1em 1em}
.text{white-space:pre-wrap;font:15px/1.75 Georgia,"Times New Roman",serif;max-width:52em;
border-left:3px solid #eee;padding-left:1em}
mark{background:none;color:inherit;border-radius:2px;padding:0 1px}
mark.fig{cursor:pointer}
.m-count{background:#d6e9ff}.m-money{background:#cdf3d0}.m-quantity{background:#ffe2c4}.m-percent{background:#eadcff}
.m-date{background:#fff1a8}.m-doc_ref{background:#e2e2e2}.m-duration{background:#d2f4f1}
mark.ent{border-bottom:2px solid;padding-bottom:1px}mark.e-PER{border-bottom-color:#d81b60}
mark.e-ORG{border-bottom-color:#1e88e5}mark.e-LOC{border-bottom-color:#43a047}
mark.added{outline:2px solid #2e7d32}mark.changed{outline:2px dashed #ef6c00}
mark.spurious{outline:2px dotted #c62828}
mark.ghost.removed{text-decoration:line-through #c62828;background:#ffd6d6}
mark.ghost.missed{box-shadow:inset 0 -3px 0 #c62828;background:#ffecec}
mark.target{box-shadow:0 0 0 3px #ff9800}
.legend mark{margin-right:.4em}
.muted{color:var(--muted)}.err{color:#b71c1c}
#panel{position:fixed;right:1em;bottom:1em;max-width:24em;background:#fff;border:1px solid #999;
border-radius:6px;padding:.6em .8em;box-shadow:0 2px 10px rgba(0,0,0,.2);display:none;font-size:13px}
#panel dt{font-weight:600;float:left;clear:left;width:6em}#panel dd{margin-left:6.5em}
"""

_JS = """
function openTarget(){var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
var el=document.getElementById(id);if(!el)return;
for(var p=el;p;p=p.parentElement){if(p.tagName==='DETAILS')p.open=true;}
document.querySelectorAll('mark.target').forEach(function(m){m.classList.remove('target');});
if(el.tagName==='MARK')el.classList.add('target');el.scrollIntoView({block:'center'});}
window.addEventListener('hashchange',openTarget);window.addEventListener('load',openTarget);
document.addEventListener('click',function(e){var a=e.target.closest('a[href^="#"]');
if(a){setTimeout(openTarget,0);return;}
var m=e.target.closest('mark');var panel=document.getElementById('panel');
if(!m){panel.style.display='none';return;}
var dl=panel.querySelector('dl');dl.textContent='';
var rows=[['text',m.textContent],['what',m.getAttribute('title')||'']];
['kind','value','unit','qualifier','metric','type'].forEach(function(k){var v=m.getAttribute('data-'+k);
if(v)rows.push([k,v]);});
rows.forEach(function(r){var dt=document.createElement('dt');dt.textContent=r[0];
var dd=document.createElement('dd');dd.textContent=r[1];dl.appendChild(dt);dl.appendChild(dd);});
panel.style.display='block';});
function setAll(open){document.querySelectorAll('details.doc').forEach(function(d){d.open=open;});}
"""


def _cells(*values: Any) -> str:
    """Table cells, each value escaped; None shows as empty."""
    return "".join(f"<td>{esc('' if v is None else str(v))}</td>" for v in values)


def _head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{esc(n)}</th>" for n in names) + "</tr>"


class ReviewPage:
    """Collects a run (and what it is compared with) and writes the page."""

    def __init__(self, out: Path, against: Path | None = None, gold: Path | None = None) -> None:
        check_run_folder(out)
        self.out, self.against, self.gold = out, against, gold
        self.manifest = _read_json(out / "run.json") or {}
        self.summary = _read_json(out / "summary.json") or {}
        figures = _read_jsonl_by_doc(out / "metrics.jsonl")
        entities = _read_jsonl_by_doc(out / "entities.jsonl")
        errors = _read_jsonl_by_doc(out / "errors.jsonl")
        records: dict[str, Record] = {}
        if (out / "documents.jsonl").is_file():
            for rec in iter_jsonl(out / "documents.jsonl"):
                records[str(rec.get("doc_id"))] = rec
        order = list(records) + sorted((set(errors) | set(figures)) - set(records))
        self.views: dict[str, DocView] = {}
        for doc_id in order:
            self._add_view(doc_id, records.get(doc_id), figures, entities, errors)
        if against is not None:
            self._apply_diff(diff_runs(against, out), figures, entities, errors)
        if gold is not None:
            self._apply_gold(gold, figures, entities, errors)

    def _add_view(self, doc_id: str, record: Record | None, figures: dict[str, list[Record]],
                  entities: dict[str, list[Record]], errors: dict[str, list[Record]]) -> DocView:
        view = DocView(len(self.views), doc_id, record, figures.get(doc_id, []), entities.get(doc_id, []),
                       errors.get(doc_id, []))
        self.views[doc_id] = view
        return view

    def _view(self, doc_id: str, figures: dict[str, list[Record]], entities: dict[str, list[Record]],
              errors: dict[str, list[Record]]) -> DocView:
        return self.views.get(doc_id) or self._add_view(doc_id, None, figures, entities, errors)

    def _apply_diff(self, diff: Any, figures: dict[str, list[Record]], entities: dict[str, list[Record]],
                    errors: dict[str, list[Record]]) -> None:
        for d in diff.documents:
            view = self._view(d.doc_id, figures, entities, errors)
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
                        view.notes[id(mine)] = "was: " + ", ".join(
                            f"{k} {v[0]}" for k, v in c.fields.items() if k not in ("start", "end"))
                view.removed.extend(items.removed)

    def _apply_gold(self, gold: Path, figures: dict[str, list[Record]], entities: dict[str, list[Record]],
                    errors: dict[str, list[Record]]) -> None:
        if is_people_gold(gold):
            for doc_id, people in load_people_gold(gold).items():
                view = self._view(doc_id, figures, entities, errors)
                names = {fold(p["name"]) for p in people}
                found = set()
                for e in view.entities:
                    if e.get("type") == "PER":
                        name = fold(e.get("name") or e.get("text"))
                        found.add(name)
                        if name not in names:
                            view.status[id(e)] = "spurious"
                view.missed = [{"name": p["name"], "titles": p.get("titles", [])}
                               for p in people if fold(p["name"]) not in found]
                _locate_missed(view.text, view.missed)
            return
        for doc_id, gms in load_figures(gold, gold=True).items():
            view = self._view(doc_id, figures, entities, errors)
            match = match_document(doc_id, gms, view.figures)
            for i in match.spurious:
                view.status[id(match.predictions[i])] = "spurious"
            view.missed = [dict(gms[i]) for i in match.missed]
            _locate_missed(view.text, view.missed)

    # ------------------------------------------------------------ HTML

    def _badges(self, view: DocView) -> str:
        out = []
        for e in view.errors:
            out.append(f'<span class="badge b-err" title="{esc(str(e.get("message", "")))}">'
                       f'{esc(str(e.get("code", "")))} {esc(str(e.get("error", "")))}</span>')
        if view.diff is not None:
            d = view.diff
            if d.status != "changed":
                out.append(f'<span class="badge b-chg">{esc(d.status)}</span>')
            added = len(d.figures.added) + len(d.entities.added)
            removed = len(d.figures.removed) + len(d.entities.removed)
            changed = len(d.figures.changed) + len(d.entities.changed)
            for n, cls, sign in ((added, "b-add", "+"), (removed, "b-rem", "−"), (changed, "b-chg", "~")):
                if n:
                    out.append(f'<span class="badge {cls}">{sign}{n}</span>')
        if view.missed:
            out.append(f'<span class="badge b-miss">missed {len(view.missed)}</span>')
        spurious = sum(1 for s in view.status.values() if s == "spurious")
        if spurious:
            out.append(f'<span class="badge b-spur">spurious {spurious}</span>')
        return "".join(out)

    def _index(self) -> str:
        rows = []
        for v in self.views.values():
            fmt = esc(str((v.record or {}).get("format", "")))
            rows.append(f'<tr><td class="num">{v.n + 1}</td><td><a href="#doc-{v.n}">{esc(v.doc_id)}</a></td>'
                        f'<td>{fmt}</td><td class="num">{len(v.figures)}</td>'
                        f'<td class="num">{len(v.entities)}</td><td>{self._badges(v)}</td></tr>')
        head = _head("#", "document", "format", "figures", "entities", "flags")
        return (f'<details class="section" id="index" open><summary><h2>Documents ({len(rows)})</h2>'
                f'</summary><table class="index">{head}{"".join(rows)}</table></details>')

    def _summary_table(self) -> str:
        rows = self.summary.get("rows") or [] if isinstance(self.summary, dict) else []
        if not rows:
            return ""
        doc_n = {doc_id: v.n for doc_id, v in self.views.items()}
        body = []
        for r in rows:
            links = []
            for k, m in enumerate(r.get("mentions") or []):
                if k >= 60:
                    links.append(f"… +{len(r['mentions']) - k}")
                    break
                ref = m if isinstance(m, dict) else dict(zip(("doc_id", "start", "end"), m, strict=False))
                n = doc_n.get(str(ref.get("doc_id")))
                if n is None:
                    links.append(esc(str(k + 1)))
                else:
                    links.append(f'<a href="#d{n}-{int(ref.get("start", 0))}-{int(ref.get("end", 0))}" '
                                 f'title="{esc(str(ref.get("doc_id")))}">{k + 1}</a>')
            body.append("<tr>" + _cells(r.get("label") or r.get("metric"), r.get("metric"),
                                        r.get("reporting_unit"), r.get("period"))
                        + f'<td class="num">{esc(fmt_value(r.get("total")))}</td>'
                        + _cells(r.get("unit"), r.get("bound"), r.get("n_mentions"), r.get("n_documents"))
                        + f"<td>{' '.join(links)}</td></tr>")
        head = _head("label", "metric", "reporting unit", "period", "total", "unit", "bound", "mentions",
                     "documents", "behind the total")
        opened = " open" if len(rows) <= 40 else ""  # a long summary folds away from the documents
        return (f'<details class="section" id="summary"{opened}><summary>'
                f'<h2>Summary ({len(rows)} totals)</h2></summary>'
                f'<table class="summary">{head}{"".join(body)}</table></details>')

    def _mention_table(self, view: DocView) -> str:
        if not view.figures:
            return ""
        rows = []
        for r in view.figures:
            a, b = int(r.get("start", 0)), int(r.get("end", 0))
            rows.append(f'<tr><td><a href="#d{view.n}-{a}-{b}">{a}</a></td>'
                        + _cells(r.get("kind"), r.get("text"), fmt_value(r.get("value")), r.get("unit"),
                                 r.get("qualifier"), r.get("metric"), view.status.get(id(r)))
                        + "</tr>")
        head = _head("at", "kind", "text", "value", "unit", "qualifier", "metric", "status")
        return f"<details><summary>figures table</summary><table>{head}{''.join(rows)}</table></details>"

    def _lists(self, view: DocView) -> str:
        out = []
        if view.missed:
            items = []
            for g in view.missed:
                what = _figure_title(g) if "kind" in g else f"PER {g.get('name')}"
                where = (f' <a href="#doc-{view.n}">(in text at {g["_at"]})</a>' if g.get("_at") is not None
                         else ' <span class="muted">(text not found)</span>')
                items.append(f"<li>{esc(what)} «{esc(str(g.get('text') or g.get('name')))}»{where}</li>")
            out.append('<h3 class="err">Missed (in gold, not found by the run)</h3>'
                       f"<ul>{''.join(items)}</ul>")
        if view.removed:
            items = [f"<li>{esc(_figure_title(r) if 'kind' in r else _entity_title(r))} "
                     f"«{esc(str(r.get('text')))}» @{esc(str(r.get('start')))}</li>" for r in view.removed]
            out.append(f"<h3>Removed since {esc(str(self.against))}</h3><ul>" + "".join(items) + "</ul>")
        for e in view.errors:
            out.append(f'<p class="err">{esc(str(e.get("code")))} {esc(str(e.get("error")))}: '
                       f'{esc(str(e.get("message")))}</p>')
        return "".join(out)

    def _document(self, view: DocView) -> str:
        opened = " open" if len(self.views) == 1 else ""
        if view.record is None:
            body = '<p class="muted">No text: the document is not in this run’s documents.jsonl.</p>'
        else:
            body = f'<div class="text" lang="vi">{render_marked(view.text, _spans(view))}</div>'
        facts = (view.record or {}).get("facts") or {}
        shown = " · ".join(f"{esc(k)}: {esc(str(v))}" for k, v in facts.items() if v)
        return (f'<details class="doc" id="doc-{view.n}" data-doc="{esc(view.doc_id)}"{opened}>'
                f"<summary>{esc(view.doc_id)} <span class='muted'>{len(view.figures)} figures, "
                f"{len(view.entities)} entities</span> {self._badges(view)}</summary><div class='doc-body'>"
                + (f'<p class="muted">{shown}</p>' if shown else "")
                + self._lists(view) + body + self._mention_table(view) + "</div></details>")

    def html(self) -> str:
        n_fig = sum(len(v.figures) for v in self.views.values())
        n_ent = sum(len(v.entities) for v in self.views.values())
        n_err = sum(1 for v in self.views.values() if v.errors)
        compared = ""
        if self.against is not None:
            compared = f" · compared with <code>{esc(str(self.against))}</code>"
        if self.gold is not None:
            compared += f" · gold <code>{esc(str(self.gold))}</code>"
        version = esc(str(self.manifest.get("solieu_version", ""))) if isinstance(self.manifest, dict) else ""
        legend = ("".join(f'<mark class="fig m-{k}">{k}</mark>' for k in
                          ("count", "money", "quantity", "percent", "date", "doc_ref", "duration"))
                  + "".join(f'<mark class="ent e-{t}">{t}</mark>' for t in ("PER", "ORG", "LOC"))
                  + '<mark class="added">added</mark><mark class="changed">changed</mark>'
                  + '<mark class="spurious">spurious</mark><mark class="ghost removed">removed</mark>'
                  + '<mark class="ghost missed">missed</mark>')
        return ("<!DOCTYPE html>\n<html lang='vi'><head><meta charset='utf-8'>"
                "<meta name='viewport' content='width=device-width,initial-scale=1'>"
                f"<title>solieu review</title><style>{_CSS}</style></head><body>"
                f"<header><h1>solieu review</h1><div><code>{esc(str(self.out))}</code>{compared}"
                f"{' · solieu ' + version if version else ''}</div>"
                f"<div>{len(self.views)} documents · {n_fig} figures · {n_ent} entities · "
                f"{n_err} with errors · <a href='#index'>index</a> · <a href='#summary'>summary</a> · "
                "<button type='button' onclick='setAll(true)'>expand all</button> "
                "<button type='button' onclick='setAll(false)'>collapse all</button></div>"
                f"<div class='legend'>{legend}</div></header><main>"
                + self._index() + self._summary_table()
                + "<h2>Texts</h2>" + "".join(self._document(v) for v in self.views.values())
                + f"</main><div id='panel'><dl></dl></div><script>{_JS}</script></body></html>\n")


def build_review(out: Path, against: Path | None = None, gold: Path | None = None) -> str:
    """The review page of run folder `out`, optionally against another run or a gold file."""
    return ReviewPage(Path(out), Path(against) if against else None, Path(gold) if gold else None).html()


def write_review(out: Path, html_path: Path, against: Path | None = None, gold: Path | None = None) -> Path:
    """Write the review page to `html_path` and return it."""
    html_path = Path(html_path)
    write_text(html_path, build_review(out, against, gold))
    return html_path
