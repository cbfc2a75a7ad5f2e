"""The store is a cache: any file that shapes a stored record or an output invalidates it.

Each case copies the three packages into a temporary folder, runs solieu from the copy,
edits one kind of file there (a lexicon data file, an extractor, a schema, a serialiser),
runs again on the same output folder and store, and checks the outputs changed — the
stale-cache bug was a warm run that kept old metrics.csv cells after a writer changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# corpus/000_duc-pho, the seed's fundraising sentence
TEXT = (
    "Ngày 07/01/2022, kêu gọi tổ chức cá nhân tham gia ủng hộ cho công tác phòng, chống dịch Covid-19 với tổng giá trị hơn "
    "3,4 tỷ đồng; tổ chức 10 đoàn kiểm tra và 35 hội nghị đối thoại, đạt 98,5% kế hoạch.\n"
)

EDITS = [
    ("extractors/data/count_nouns.txt", "\n", "\nkiểm tra viên\n", "metrics.jsonl"),
    (
        "extractors/figures/__init__.py",
        '_QUALIFIED = frozenset({"count", "money", "quantity", "percent"})',
        '_QUALIFIED = frozenset({"count", "money", "quantity"})',
        "metrics.jsonl",
    ),
    (
        "schemas/models.py",
        '    subject: str | None = Field(default=None, description="the phrase saying what',
        '    probe: str = "x"\n    subject: str | None = Field(default=None, description="the phrase saying what',
        "metrics.jsonl",
    ),
    (
        "pipeline/outputs/rows.py",
        'return "true" if value else "false"',
        'return "có" if value else "không"',
        "metrics.csv",
    ),
]


def _run(tree: Path, docs: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(docs), "--out", str(out), "--workers", "1"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("path", "old", "new", "output"), EDITS, ids=["lexicon data", "extractor code", "schema", "serialiser"]
)
def test_an_edit_invalidates_the_store(tmp_path: Path, path: str, old: str, new: str, output: str) -> None:
    tree = tmp_path / "tree"
    for package in ("schemas", "extractors", "pipeline"):
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__"))
    docs, out = tmp_path / "in", tmp_path / "out"
    docs.mkdir()
    (docs / "a.txt").write_text(
        TEXT.replace("\n", " có bài kiểm tra viên 3 kiểm tra viên tham gia.\n") if "count_nouns" in path else TEXT,
        encoding="utf-8",
    )
    _run(tree, docs, out)
    before = (out / output).read_bytes()
    edited = tree / path
    text = edited.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds the line this test edits"
    edited.write_text(text.replace(old, new, 1), encoding="utf-8")
    _run(tree, docs, out)
    assert (out / output).read_bytes() != before
