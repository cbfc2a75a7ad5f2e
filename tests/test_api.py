"""The Python API (`from solieu import extract, extract_file, run`): the same records as `solieu run`, and the
README's example runs as written."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

import solieu
from pipeline.run.batch import RunOptions, run_batch
from tests.conftest import REPO, read_jsonl
from tests.run_builders import DUC_PHO, DUC_PHO_TEXT, XOA_NGHEO, XOA_NGHEO_TEXT

FIELDS = ("kind", "value", "unit", "qualifier", "text", "start", "end", "metric", "subject", "role", "per")


def _figures(records: list[dict]) -> list[tuple]:
    return [tuple(r[f] for f in FIELDS) for r in records]


@pytest.mark.parametrize(
    ("name", "text"), [(DUC_PHO, DUC_PHO_TEXT), (XOA_NGHEO, XOA_NGHEO_TEXT)], ids=["000_duc-pho", "001_xoa-ngheo"]
)
def test_extract_gives_what_a_run_gives(name: str, text: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    run_batch(folder, tmp_path / "out", RunOptions(workers=1, progress=False))
    result = solieu.extract(text, doc_id=name)
    assert _figures([m.model_dump(mode="json") for m in result.figures]) == _figures(
        read_jsonl(tmp_path / "out" / "metrics.jsonl")
    )
    [document] = read_jsonl(tmp_path / "out" / "documents.jsonl")
    assert result.text == document["text"] and result.facts.model_dump() == document["facts"]
    assert [e.model_dump(mode="json") for e in result.entities] == read_jsonl(tmp_path / "out" / "entities.jsonl")
    assert all(m.doc_id == name and result.text[m.start : m.end] == m.text for m in result.figures)


def test_extract_file_reads_a_word_document_like_a_run(tmp_path: Path) -> None:
    sample = REPO / "samples" / "B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sample, folder / sample.name)
    run_batch(folder, tmp_path / "out", RunOptions(workers=1, progress=False))
    result = solieu.extract_file(sample)
    assert result.document.format == "docx" and result.people
    assert _figures([m.model_dump(mode="json") for m in result.figures]) == _figures(
        read_jsonl(tmp_path / "out" / "metrics.jsonl")
    )


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: solieu.extract(""), "E101"),
        (lambda p: solieu.extract_file(p / "không-có.pdf"), "E503"),
        (lambda p: (p / "scan.pdf").write_bytes(b"%PDF-1.4 broken") and solieu.extract_file(p / "scan.pdf"), "E201"),
    ],
    ids=["empty text", "missing file", "broken pdf"],
)
def test_failures_raise_solieu_error_with_the_code(make, code: str, tmp_path: Path) -> None:
    with pytest.raises(solieu.SolieuError) as failed:
        make(tmp_path)
    assert failed.value.code == code


def test_readme_example_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    shutil.copytree(REPO / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code.group(1), "README.md", "exec"), {"__name__": "readme"})
    expected = [line[2:] for line in code.group(1).splitlines() if line.startswith("# ")]
    lines = printed.getvalue().splitlines()
    assert lines[: len(expected)] == expected
    assert lines[-1].endswith("documents → solieu-out") and (tmp_path / "solieu-out" / "solieu.xlsx").is_file()


def test_readme_error_table_lists_every_code_with_its_name() -> None:
    """The README's table is what a user reads when a run prints a code: no code may be missing or misnamed."""
    from pipeline.errors import CODES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (E\d{3}) \| (\w+) \|", table, re.M))
    assert rows == CODES


def test_readme_gives_two_setup_commands_that_install_the_debian_packages() -> None:
    """A fresh machine needs python3-venv and Tesseract (and Chromium for the tests): the commands say so."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\d\. `(.+)`$", setup, re.M)
    assert len(commands) == 2
    assert commands[0].startswith("bash .ci/system.sh &&") and commands[0].endswith("solieu run samples/")
    assert commands[1].startswith("bash .ci/system.sh --tests &&") and commands[1].endswith("pytest")
    assert (REPO / ".ci" / "system.sh").is_file()
