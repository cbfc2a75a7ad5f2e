"""What changed between two runs: per document, figures and entities added, removed or changed.

Built for a rules change checked over thousands of documents: each run's files
are streamed once and indexed by doc_id; a document whose lines are
byte-identical in both runs is skipped without parsing, so two equal runs of
10,000 documents compare in about the time it takes to read them. Only
documents that differ are parsed and matched, and matching is per document
(hash keys, then a sorted sweep), never all-against-all. Every line that is
parsed goes through the one JSONL reader's checks: a broken line is E506
naming its file and line, never a traceback (a line byte-identical in both runs
is compared, not read).

Matching two records of one document, in order:
1. identical (same span and the same compared fields) -> unchanged;
2. same span, something else differs (value, unit, qualifier, kind...) -> changed "span";
3. same kind+value+unit, overlapping span -> changed "overlap" (the span grew or shrank);
4. same kind+value+unit found elsewhere -> changed "moved" (the text moved around it);
5. same kind, overlapping span -> changed "overlap" (value and span changed together);
what is left in the old run was removed, in the new run added.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError
from pipeline.outputs.files import GENERATOR_META
from pipeline.outputs.jsonl import iter_lines, parse_record, read_jsonl
from pipeline.review.csp import meta_tag

Record = dict[str, Any]

MENTION_FIELDS = ("kind", "value", "unit", "qualifier", "metric", "role", "per", "text")
ENTITY_FIELDS = ("type", "name", "titles", "normalized", "role", "text")
RUN_FILES = ("documents.jsonl", "metrics.jsonl", "entities.jsonl", "errors.jsonl")
_OVERLAP_REACH = 400  # longest span searched backwards for an overlap; figures and names are far shorter


def doc_id_of(path: Path, number: int, line: bytes) -> str:
    """doc_id of a JSONL record, read without parsing the whole line when it comes first."""
    for prefix in (b'{"doc_id":"', b'{"doc_id": "'):
        if line.startswith(prefix):
            end = line.find(b'"', len(prefix))
            value = line[len(prefix) : end]
            if end > 0 and b"\\" not in value:
                try:
                    return value.decode("utf-8")
                except UnicodeDecodeError:  # parsed below, which names the file and line
                    pass
            break
    return str(parse_record(path, number, line).get("doc_id", ""))


def _parse_line(path: Path, line: bytes) -> Record:
    """A stored line parsed when its document differs; a broken one is E506 with its line number."""
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if isinstance(record, dict):
        return record
    number = next((n for n, other in iter_lines(path) if other == line), 0)
    return parse_record(path, number, line)


@dataclass
class RunIndex:
    """One run's records grouped by document, kept as raw lines until a difference needs them."""

    path: Path
    documents: dict[str, tuple[bytes, int, int]] = field(default_factory=dict)  # line digest, offset, number
    figures: dict[str, list[bytes]] = field(default_factory=lambda: defaultdict(list))
    entities: dict[str, list[bytes]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))

    def doc_ids(self) -> set[str]:
        return set(self.documents) | set(self.figures) | set(self.entities) | set(self.errors)

    def document(self, doc_id: str) -> Record | None:
        """The full document record, re-read from its offset (documents carry their whole text)."""
        if doc_id not in self.documents:
            return None
        _, offset, number = self.documents[doc_id]
        path = self.path / "documents.jsonl"
        with open(path, "rb") as f:
            f.seek(offset)
            return parse_record(path, number, f.readline().strip())


def check_run_folder(out: Path) -> None:
    """Raise E503 unless `out` is a folder holding at least one of a run's files."""
    if not out.is_dir():
        raise SolieuError("E503", f"{out} is not a folder (expected the output folder of `solieu run`)")
    if not any((out / name).is_file() for name in RUN_FILES):
        raise SolieuError("E503", f"{out} holds none of {', '.join(RUN_FILES)}: not a solieu output folder")


def index_run(out: Path) -> RunIndex:
    """Stream a run folder's files once, grouping lines by doc_id."""
    check_run_folder(out)
    run = RunIndex(out)
    docs_path = out / "documents.jsonl"
    if docs_path.is_file():
        with open(docs_path, "rb") as f:
            offset = 0
            for number, raw in enumerate(f, 1):
                line = raw.strip()
                if line:
                    doc_id = doc_id_of(docs_path, number, line)
                    run.documents[doc_id] = (hashlib.blake2b(line, digest_size=16).digest(), offset, number)
                offset += len(raw)
    for name, index in (("metrics.jsonl", run.figures), ("entities.jsonl", run.entities)):
        for number, line in iter_lines(out / name):
            index[doc_id_of(out / name, number, line)].append(line)
    for rec in read_jsonl(out / "errors.jsonl"):
        run.errors[str(rec.get("doc_id", ""))].append(rec)
    return run


@dataclass
class Change:
    """One record present in both runs with something different."""

    old: Record
    new: Record
    how: str  # "span", "moved" or "overlap"
    fields: dict[str, tuple[Any, Any]]


@dataclass
class ItemsDiff:
    added: list[Record] = field(default_factory=list)
    removed: list[Record] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class DocDiff:
    """Everything that differs for one document."""

    doc_id: str
    status: str  # "appeared", "disappeared" or "changed"
    old_error: str | None = None
    new_error: str | None = None
    text_changed: bool = False
    figures: ItemsDiff = field(default_factory=ItemsDiff)
    entities: ItemsDiff = field(default_factory=ItemsDiff)

    @property
    def now_fails(self) -> bool:
        return self.new_error is not None and self.old_error is None and self.status != "disappeared"

    @property
    def now_reads(self) -> bool:
        return self.old_error is not None and self.new_error is None and self.status != "disappeared"


@dataclass
class RunDiff:
    old: str
    new: str
    documents_compared: int
    documents: list[DocDiff] = field(default_factory=list)  # only those that differ

    @property
    def equal(self) -> bool:
        return not self.documents

    def counts(self) -> dict[str, int]:
        """Totals for the headline and for tools."""
        c = {
            "documents_compared": self.documents_compared,
            "documents_differing": len(self.documents),
            "appeared": 0,
            "disappeared": 0,
            "now_fail": 0,
            "now_read": 0,
            "text_changed": 0,
            "figures_added": 0,
            "figures_removed": 0,
            "figures_changed": 0,
            "entities_added": 0,
            "entities_removed": 0,
            "entities_changed": 0,
        }
        for d in self.documents:
            c["appeared"] += d.status == "appeared"
            c["disappeared"] += d.status == "disappeared"
            c["now_fail"] += d.now_fails
            c["now_read"] += d.now_reads
            c["text_changed"] += d.text_changed
            for name, items in (("figures", d.figures), ("entities", d.entities)):
                c[f"{name}_added"] += len(items.added)
                c[f"{name}_removed"] += len(items.removed)
                c[f"{name}_changed"] += len(items.changed)
        return c

    def to_dict(self) -> dict[str, Any]:
        def items(d: ItemsDiff) -> dict[str, Any]:
            return {
                "added": d.added,
                "removed": d.removed,
                "unchanged": d.unchanged,
                "changed": [
                    {"how": c.how, "fields": {k: list(v) for k, v in c.fields.items()}, "old": c.old, "new": c.new}
                    for c in d.changed
                ],
            }

        return {
            "old": self.old,
            "new": self.new,
            "equal": self.equal,
            "counts": self.counts(),
            "documents": [
                {
                    "doc_id": d.doc_id,
                    "status": d.status,
                    "old_error": d.old_error,
                    "new_error": d.new_error,
                    "now_fails": d.now_fails,
                    "now_reads": d.now_reads,
                    "text_changed": d.text_changed,
                    "figures": items(d.figures),
                    "entities": items(d.entities),
                }
                for d in self.documents
            ],
        }


def _freeze(value: Any) -> Hashable:
    if value is None or type(value) is str or type(value) is int:
        return value
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 10 and 10.0 are the same figure
    return value


def _differing(old: Record, new: Record, fields: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    out = {}
    for name in (*fields, "start", "end"):
        if _freeze(old.get(name)) != _freeze(new.get(name)):
            out[name] = (old.get(name), new.get(name))
    return out


def match_items(
    old: list[Record],
    new: list[Record],
    type_field: str,
    fields: tuple[str, ...],
    moved_key: Callable[[Record], Hashable],
) -> ItemsDiff:
    """Pair one document's old and new records (see the module docstring for the order)."""
    result = ItemsDiff()
    old_left = dict(enumerate(old))
    new_left = dict(enumerate(new))

    def pair_by(key: Callable[[Record], Hashable], how: str | None) -> None:
        waiting: dict[Hashable, list[int]] = defaultdict(list)
        for j in sorted(new_left):
            waiting[key(new_left[j])].append(j)
        for i in sorted(old_left):
            bucket = waiting.get(key(old_left[i]))
            if not bucket:
                continue
            j = bucket.pop(0)
            o, n = old_left.pop(i), new_left.pop(j)
            if how is None:
                result.unchanged += 1
            else:
                result.changed.append(Change(o, n, how, _differing(o, n, fields)))

    pair_by(lambda r: (r.get("start"), r.get("end"), *(_freeze(r.get(f)) for f in fields)), None)
    pair_by(lambda r: (r.get("start"), r.get("end")), "span")
    pair_overlapping(old_left, new_left, lambda o, n: moved_key(o) == moved_key(n), fields, result)
    pair_by(moved_key, "moved")
    pair_overlapping(old_left, new_left, lambda o, n: o.get(type_field) == n.get(type_field), fields, result)
    result.removed = [old_left[i] for i in sorted(old_left)]
    result.added = [new_left[j] for j in sorted(new_left)]
    return result


def pair_overlapping(
    old_left: dict[int, Record],
    new_left: dict[int, Record],
    fits: Callable[[Record, Record], bool],
    fields: tuple[str, ...],
    result: ItemsDiff,
) -> None:
    """Pair records whose spans overlap and that `fits` accepts: a sweep over new records sorted by start."""
    by_start = sorted(new_left, key=lambda j: new_left[j].get("start") or 0)
    starts = [new_left[j].get("start") or 0 for j in by_start]
    for i in sorted(old_left, key=lambda i: old_left[i].get("start") or 0):
        o = old_left[i]
        a, b = o.get("start") or 0, o.get("end") or 0
        lo = bisect.bisect_left(starts, a - _OVERLAP_REACH)
        hi = bisect.bisect_left(starts, max(b, a + 1))
        for k in range(lo, hi):
            j = by_start[k]
            n = new_left.get(j)
            if n is None or not fits(o, n):
                continue
            if (n.get("start") or 0) < max(b, a + 1) and (n.get("end") or 0) > a:
                del old_left[i], new_left[j]
                result.changed.append(Change(o, n, "overlap", _differing(o, n, fields)))
                break


def _mention_moved_key(r: Record) -> Hashable:
    return (r.get("kind"), _freeze(r.get("value")), r.get("unit"))


def _entity_moved_key(r: Record) -> Hashable:
    return (r.get("type"), r.get("text"))


def _error_text(errors: list[Record]) -> str | None:
    if not errors:
        return None
    return "; ".join(f"{e.get('code', '?')} {e.get('error', '')}".strip() for e in errors)


def diff_indexed(old: RunIndex, new: RunIndex) -> RunDiff:
    """Compare two indexed runs document by document."""
    old_ids, new_ids = old.doc_ids(), new.doc_ids()
    result = RunDiff(str(old.path), str(new.path), len(old_ids | new_ids))
    for doc_id in sorted(old_ids | new_ids):
        old_doc, new_doc = old.documents.get(doc_id), new.documents.get(doc_id)
        same_doc = (old_doc and old_doc[0]) == (new_doc and new_doc[0])
        old_fig, new_fig = old.figures.get(doc_id, []), new.figures.get(doc_id, [])
        old_ent, new_ent = old.entities.get(doc_id, []), new.entities.get(doc_id, [])
        old_err, new_err = _error_text(old.errors.get(doc_id, [])), _error_text(new.errors.get(doc_id, []))
        if same_doc and old_fig == new_fig and old_ent == new_ent and old_err == new_err:
            continue
        status = "appeared" if doc_id not in old_ids else "changed"
        if doc_id not in new_ids:
            status = "disappeared"
        d = DocDiff(doc_id, status, old_err, new_err)
        if not same_doc:  # read (and so checked) whenever the two lines differ
            o = old.document(doc_id) if old_doc else None
            n = new.document(doc_id) if new_doc else None
            if status == "changed" and o is not None and n is not None:
                d.text_changed = o.get("text") != n.get("text")
        if old_fig != new_fig:
            d.figures = match_items(
                [_parse_line(old.path / "metrics.jsonl", x) for x in old_fig],
                [_parse_line(new.path / "metrics.jsonl", x) for x in new_fig],
                "kind",
                MENTION_FIELDS,
                _mention_moved_key,
            )
        if old_ent != new_ent:
            d.entities = match_items(
                [_parse_line(old.path / "entities.jsonl", x) for x in old_ent],
                [_parse_line(new.path / "entities.jsonl", x) for x in new_ent],
                "type",
                ENTITY_FIELDS,
                _entity_moved_key,
            )
        if d.figures or d.entities or d.text_changed or old_err != new_err or status != "changed":
            result.documents.append(d)
    return result


def diff_runs(old: Path, new: Path) -> RunDiff:
    """What changed from run folder `old` to run folder `new` (E503 when either is not a run)."""
    return diff_indexed(index_run(Path(old)), index_run(Path(new)))


# ---------------------------------------------------------------- renderers

_COLOURS = {"+": "\033[32m", "-": "\033[31m", "~": "\033[33m", "!": "\033[1;31m", "doc": "\033[1m"}
_RESET = "\033[0m"


def describe_figure(r: Record) -> str:
    """A figure in one short line: kind, value, unit, qualifier, text and offset."""
    parts = [str(r.get("kind") or r.get("type") or "?"), str(r.get("value", r.get("name")) or "")]
    for key in ("unit", "qualifier", "metric"):
        if r.get(key) and r.get(key) != "exact":
            parts.append(str(r[key]))
    return f"{' '.join(p for p in parts if p)} «{r.get('text', '')}» @{r.get('start')}"


def _describe_change(c: Change) -> str:
    shown = ", ".join(f"{k} {v[0]!r} → {v[1]!r}" for k, v in c.fields.items() if k not in ("start", "end"))
    where = f"@{c.old.get('start')}→{c.new.get('start')}" if c.how != "span" else f"@{c.new.get('start')}"
    label = c.new.get("kind") or c.new.get("type")
    return f"{label} «{c.new.get('text', '')}» {c.how}: {shown or 'offsets only'} {where}"


def render_text(diff: RunDiff, color: bool = False) -> str:
    """The compact terminal view: a headline, then one block per differing document."""

    def paint(sign: str, text: str) -> str:
        return f"{_COLOURS[sign]}{text}{_RESET}" if color else text

    c = diff.counts()
    if diff.equal:
        return f"runs are equal ({c['documents_compared']} documents)"
    lines = [
        f"{c['documents_differing']} of {c['documents_compared']} documents differ: "
        f"{c['appeared']} appeared, {c['disappeared']} disappeared, {c['now_fail']} now fail, "
        f"{c['now_read']} now read; figures +{c['figures_added']} -{c['figures_removed']} "
        f"~{c['figures_changed']}; entities +{c['entities_added']} -{c['entities_removed']} "
        f"~{c['entities_changed']}"
    ]
    for d in diff.documents:
        flags = []
        if d.status != "changed":
            flags.append(d.status)
        if d.now_fails:
            flags.append(paint("!", f"now fails: {d.new_error}"))
        elif d.now_reads:
            flags.append(f"now reads (was {d.old_error})")
        elif d.old_error != d.new_error and d.status == "changed":
            flags.append(f"error {d.old_error} → {d.new_error}")
        if d.text_changed:
            flags.append("text changed")
        lines.append(paint("doc", f"== {d.doc_id}") + (f"  [{'; '.join(flags)}]" if flags else ""))
        if d.status != "changed":
            figs = d.figures.added if d.status == "appeared" else d.figures.removed
            ents = d.entities.added if d.status == "appeared" else d.entities.removed
            lines.append(f"   {len(figs)} figures, {len(ents)} entities")
            continue
        for label, items in (("figure", d.figures), ("entity", d.entities)):
            lines += [paint("+", f" + {label} {describe_figure(r)}") for r in items.added]
            lines += [paint("-", f" - {label} {describe_figure(r)}") for r in items.removed]
            lines += [paint("~", f" ~ {label} {_describe_change(ch)}") for ch in items.changed]
    return "\n".join(lines)


def render_json(diff: RunDiff) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=1)


_DIFF_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.3em 0 1em}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}
.add{background:#e6ffec}.rem{background:#ffebe9}.chg{background:#fff8c5}.bad{color:#b00;font-weight:bold}
h2{font-size:1.05em;margin-top:1.4em}code{background:#f3f3f3;padding:0 .2em}"""


def render_html(diff: RunDiff) -> str:
    """A self-contained page (inline CSS, no script, a CSP that forbids both) listing every difference; all text
    escaped."""
    esc = html.escape
    c = diff.counts()
    out = [
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>" + meta_tag(_DIFF_CSS) + GENERATOR_META,
        f"<title>solieu diff</title><style>{_DIFF_CSS}</style></head><body>",
        f"<h1>solieu diff</h1><p><code>{esc(diff.old)}</code> → <code>{esc(diff.new)}</code></p>",
        "<table>" + "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in c.items()) + "</table>",
    ]
    if diff.equal:
        out.append("<p>The runs are equal.</p>")
    for n, d in enumerate(diff.documents):
        badge = f" <span class='bad'>now fails: {esc(d.new_error or '')}</span>" if d.now_fails else ""
        out.append(
            f"<h2 id='doc-{n}'>{esc(d.doc_id)} <small>{esc(d.status)}"
            f"{' · text changed' if d.text_changed else ''}</small>{badge}</h2>"
        )
        rows = []
        for label, items in (("figure", d.figures), ("entity", d.entities)):
            rows += [
                f"<tr class='add'><td>+</td><td>{label}</td><td>{esc(describe_figure(r))}</td></tr>"
                for r in items.added
            ]
            rows += [
                f"<tr class='rem'><td>−</td><td>{label}</td><td>{esc(describe_figure(r))}</td></tr>"
                for r in items.removed
            ]
            rows += [
                f"<tr class='chg'><td>~</td><td>{label}</td><td>{esc(_describe_change(ch))}</td></tr>"
                for ch in items.changed
            ]
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
    out.append("</body></html>")
    return "\n".join(out)
