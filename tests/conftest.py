"""Shared fixtures: the real corpus (skipped cleanly when ../shared is absent) and ways to run solieu."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_texts() -> dict[str, str]:
    """name → text of every real .txt article in the shared corpus ({} when it is absent)."""
    if not CORPUS.is_dir():
        return {}
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    found = corpus_texts()
    if not found:
        pytest.skip("../shared/corpus is not here")
    return found


@pytest.fixture
def small_corpus(tmp_path: Path, texts: dict[str, str]) -> Path:
    """Six real articles in a folder, one in a sub-folder, plus things a run must skip."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    names = sorted(texts)[:6]
    for i, name in enumerate(names):
        target = folder / "sub" / name if i == 0 else folder / name
        target.write_text(texts[name], encoding="utf-8")
    (folder / "notes.xyz").write_text("không phải tài liệu", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Ẩn: 12 người", encoding="utf-8")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def solieu(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m pipeline ARGS` in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def run_solieu() -> Callable[..., subprocess.CompletedProcess]:
    return solieu


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


RUN_TIMING_FIELDS = ("timings_s", "started", "finished", "out_dir", "options")


def comparable_outputs(out_dir: Path, *also_ignore: str) -> dict[str, object]:
    """Every output file's content, run.json without what legitimately differs (timings, out_dir…)."""
    found: dict[str, object] = {}
    for path in sorted(out_dir.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.name == "run.json":
            manifest = json.loads(path.read_text(encoding="utf-8"))
            ignored = (*RUN_TIMING_FIELDS, *also_ignore)
            found[path.name] = {k: v for k, v in manifest.items() if k not in ignored}
        elif path.name.startswith("summary"):
            found[path.name] = path.read_bytes().replace(str(out_dir).encode(), b"OUT")
        else:
            found[path.name] = path.read_bytes()
    return found


def stored_results(db: Path) -> int:
    """How many documents a (possibly running) batch has committed to its store so far."""
    import sqlite3

    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0
