"""Golden tests: every figure solieu finds in each document of `samples/`, pinned.

A change in what a sample yields must be looked at and re-pinned on purpose:
`SOLIEU_UPDATE_GOLDEN=1 pytest tests/test_golden_samples.py` rewrites
`tests/golden/*.json`; the diff then shows each figure gained or lost.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractors.figures import extract_figures
from pipeline.readers import SUPPORTED_SUFFIXES, read_document
from tests.lexicon import LEXICON

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES)


def _figures(path: Path) -> list[list]:
    doc = read_document(path, SAMPLES)
    rows = []
    for m in extract_figures(doc.text, LEXICON):
        assert doc.text[m.start : m.end] == m.text
        rows.append([m.kind, m.value, m.unit, m.qualifier, m.text])
    return rows


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_sample_figures_match_the_pinned_golden_file(path):
    golden = GOLDEN / f"{path.name}.json"
    got = _figures(path)
    if os.environ.get("SOLIEU_UPDATE_GOLDEN") == "1" or not golden.exists():
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in got)  # one figure a line: readable diffs
        golden.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
        if os.environ.get("SOLIEU_UPDATE_GOLDEN") != "1":
            pytest.fail(f"{golden.name} did not exist; written now, review and commit it")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


def test_seed_golden_holds_the_figures_of_the_brief():
    seed = json.loads((GOLDEN / "000_duc-pho-quy-che-dan-chu.txt.json").read_text(encoding="utf-8"))
    rows = {(k, v, u, q) for k, v, u, q, _ in seed}
    assert ("count", 10, "đoàn kiểm tra", "exact") in rows
    assert ("count", 35, "hội nghị", "exact") in rows
    assert ("money", 3_400_000_000, "VND", "more_than") in rows
    assert ("money", 655_000_000, "VND", "more_than") in rows
    assert ("doc_ref", "120-KL/TW", None, None) in rows
    assert not any(k == "money" and v == 0 for k, v, _, _ in rows)  # “chuyến xe 0 đồng” is a name
