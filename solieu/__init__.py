"""solieu as a library: the figures, people and facts of Vietnamese text, from Python.

    from solieu import extract, extract_file, run

    result = extract("Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị.")
    for figure in result.figures:
        print(figure.kind, figure.value, figure.unit, figure.text)   # count 10 đoàn kiểm tra …

    report = run("samples/", "solieu-out", formats=("jsonl", "csv", "xlsx"))
    print(report.manifest.counts)

`extract` and `extract_file` go through exactly the path one file of `solieu run`
goes through (reader, normalisation, every extractor, the metric taxonomy,
validation), so they give the same records; a file that cannot be read raises
`SolieuError` with its code (E101 empty, E203 scanned PDF…). `run` is
`solieu run` itself: a folder (or one file) in, the output folder written, the
store reused. The records are the pydantic models of `schemas`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import SolieuError
from schemas import Document, DocumentFacts, Entity, ErrorRecord, Mention

if TYPE_CHECKING:
    from pipeline.run.batch import RunReport

__all__ = [
    "Document",
    "DocumentFacts",
    "Entity",
    "ErrorRecord",
    "Extraction",
    "Mention",
    "SolieuError",
    "extract",
    "extract_file",
    "run",
]


@dataclass
class Extraction:
    """What solieu found in one document: its normalised text and facts, its figures and entities.

    Offsets (`start`, `end`) of every figure and entity index `text`.
    """

    document: Document
    figures: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def facts(self) -> DocumentFacts:
        return self.document.facts

    @property
    def people(self) -> list[Entity]:
        return [e for e in self.entities if e.type == "PER"]


def _taxonomy_text(metrics: str | Path | None) -> str | None:
    if metrics is None:
        return None
    try:
        return Path(metrics).read_text(encoding="utf-8")
    except OSError as exc:
        raise SolieuError("E503", f"cannot read metrics file {metrics}: {exc.strerror or exc}") from exc


def extract_file(
    path: str | Path,
    *,
    metrics: str | Path | None = None,
    rules: tuple[str | Path, ...] = (),
    max_bytes: int = 20_000_000,
) -> Extraction:
    """Read and extract one .txt/.docx/.pdf/.html file; `metrics` is your taxonomy TOML, as `--metrics`,
    `rules` your rule folders, as `--rules`."""
    from pipeline.run.work import WorkOptions, process_file

    path = Path(path)
    if not path.is_file():
        raise SolieuError("E503", f"file not found: {path}")
    options = WorkOptions(
        max_bytes=max_bytes,
        taxonomy_text=_taxonomy_text(metrics),
        rules_dirs=tuple(str(Path(d).resolve()) for d in rules),
    )
    result = process_file(path, path.parent, path.name, options)
    if result.error is not None:
        raise SolieuError(result.error.code, result.error.message)
    assert result.document is not None  # process_file sets exactly one of document and error
    return Extraction(result.document, result.mentions, result.entities)


def extract(
    text: str, *, doc_id: str = "text.txt", metrics: str | Path | None = None, rules: tuple[str | Path, ...] = ()
) -> Extraction:
    """The figures, people, organisations, places and facts of `text` (a whole document, plain text).

    The text is read as a UTF-8 .txt file would be (normalised: NFC, one tone-mark style), so the result
    is the one `solieu run` gives for that file; `doc_id` names it in the records.
    """
    name = Path(doc_id).name or "text.txt"
    if Path(name).suffix.lower() != ".txt":
        name += ".txt"
    with tempfile.TemporaryDirectory(prefix="solieu-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        found = extract_file(path, metrics=metrics, rules=rules, max_bytes=max(20_000_000, len(text.encode("utf-8"))))
    records = {"doc_id": doc_id, "source_path": doc_id}
    document = found.document.model_copy(update=records)
    figures = [m.model_copy(update={"doc_id": doc_id}) for m in found.figures]
    entities = [e.model_copy(update={"doc_id": doc_id}) for e in found.entities]
    return Extraction(document, figures, entities)


def run(
    input_path: str | Path,
    out: str | Path = "solieu-out",
    *,
    workers: int | None = None,
    formats: tuple[str, ...] = ("jsonl", "csv"),
    metrics: str | Path | None = None,
    rules: tuple[str | Path, ...] = (),
    db: str | Path | None = None,
    max_bytes: int = 20_000_000,
    timeout: float = 120.0,
    progress: bool = False,
) -> RunReport:
    """`solieu run INPUT --out OUT`: every file of a folder (or one file) into the output folder.

    Returns the report whose `manifest` is the run.json written (counts, timings, skipped files).
    """
    from pipeline.run.batch import RunOptions, default_workers, run_batch

    chosen = tuple(dict.fromkeys(("jsonl", *formats)))
    options = RunOptions(
        workers=workers or default_workers(),
        db_path=Path(db) if db else None,
        taxonomy_path=Path(metrics) if metrics else None,
        max_bytes=max_bytes,
        timeout=timeout,
        formats=chosen,
        progress=progress,
        rules_dirs=tuple(Path(d) for d in rules),
    )
    return run_batch(Path(input_path), Path(out), options)
