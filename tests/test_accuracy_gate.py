"""The accuracy gate: `solieu run` on the real dev corpus must stay above the pinned floors.

Trafilatura's way: an F1 gate in CI against a pinned baseline. The floors live
in `.ci/accuracy-floor.json`; the scorers are the standard's own `../shared/score.py`
and `score_facts.py` (document facts). Skipped where `../shared` is absent (it is present in CI).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLOOR = json.loads((ROOT / ".ci" / "accuracy-floor.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not (SHARED / "score.py").exists(), reason="../shared is not here")


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gate")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(SHARED / "corpus"), "--out", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out


def _score(gold: Path, predicted: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(SHARED / "score.py"), str(gold), str(predicted), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


def test_figures_stay_above_the_floor(corpus_run):
    rows = _score(SHARED / "gold" / "dev.jsonl", corpus_run / "metrics.jsonl")
    floor = FLOOR["figures"]
    below = {k: rows[k]["f1"] for k in floor if k != "qualifier_accuracy" and rows[k]["f1"] < floor[k]}
    assert not below, f"F1 below the pinned floor: {below} (floor {floor})"
    assert rows["qualifier_accuracy"] >= floor["qualifier_accuracy"]


def test_people_stay_above_the_floor(corpus_run):
    rows = _score(SHARED / "gold" / "dev.people.jsonl", corpus_run / "entities.jsonl")
    assert rows["people"]["f1"] >= FLOOR["people"]["f1"], rows
    assert rows["title_recall"] >= FLOOR["people"]["title_recall"], rows


def test_document_facts_stay_above_the_floor(corpus_run):
    """Each document's own facts (ANNOTATION.md, "Document facts"), scored by the standard's score_facts.py:
    the summary's per-unit, per-period totals stand on them."""
    done = subprocess.run(
        [
            sys.executable,
            str(SHARED / "score_facts.py"),
            str(SHARED / "gold" / "dev.facts.jsonl"),
            str(corpus_run / "documents.jsonl"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = json.loads(done.stdout)
    below = {k: rows[k]["accuracy"] for k, floor in FLOOR["facts"].items() if rows[k]["accuracy"] < floor}
    assert not below, f"accuracy below the pinned floor: {below} (floor {FLOOR['facts']})"
