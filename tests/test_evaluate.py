"""`solieu eval` must give exactly the numbers of the shared scorer, on the same inputs."""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main as cli_main
from pipeline.review.evaluate import evaluate, load_figures, matches, rows_json, score_figures, score_people
from tests.run_builders import (
    DUC_PHO,
    DUC_PHO_TEXT,
    XOA_NGHEO,
    XOA_NGHEO_TEXT,
    document,
    duc_pho_figures,
    figure,
    person,
    write_jsonl,
    write_run,
    xoa_ngheo_figures,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "score.py"
needs_shared = pytest.mark.skipif(not SCORER.is_file(), reason="../shared (score.py, gold) is absent")


@functools.cache
def shared_scorer() -> ModuleType:
    """The shared scorer as a module, for this test only (the product never imports it)."""
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scorer_json(gold: Path, pred: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred), "--json"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


# gold figure (from gold/dev.jsonl), prediction, match?
MATCH_TABLE = [
    pytest.param(
        "money",
        {"value": 3400000000, "unit": "VND"},
        {"value": 3410000000, "unit": "VND"},
        True,
        id="000_duc-pho: hơn 3,4 tỷ đồng within 0.5%",
    ),
    pytest.param(
        "money",
        {"value": 3400000000, "unit": "VND"},
        {"value": 3500000000, "unit": "VND"},
        False,
        id="000_duc-pho: hơn 3,4 tỷ đồng vs 3,5 tỷ",
    ),
    pytest.param(
        "money",
        {"value": 655000000, "unit": "VND"},
        {"value": 655000000, "unit": None},
        True,
        id="000_duc-pho: trên 655 triệu đồng, no unit counts as VND",
    ),
    pytest.param(
        "count",
        {"value": 10, "unit": "đoàn"},
        {"value": 10, "unit": "đoàn kiểm tra"},
        True,
        id="000_duc-pho: 10 đoàn kiểm tra, first word of unit",
    ),
    pytest.param(
        "count",
        {"value": 10, "unit": "đoàn"},
        {"value": 10, "unit": "đơn vị"},
        False,
        id="000_duc-pho: 10 đoàn vs 10 đơn vị",
    ),
    pytest.param(
        "count",
        {"value": 6, "unit": "chuyến xe"},
        {"value": 6, "unit": "“chuyến xe 0 đồng”"},
        True,
        id="000_duc-pho: 6 “chuyến xe 0 đồng”, quotes dropped",
    ),
    pytest.param("percent", {"value": 3.2}, {"value": 3.21}, True, id="001_xoa-bo: 3,20% within 0.01"),
    pytest.param("percent", {"value": 3.2}, {"value": 3.22}, False, id="001_xoa-bo: 3,20% vs 3,22%"),
    pytest.param(
        "date",
        {"value": "--01-07"},
        {"value": "2022-01-07"},
        True,
        id="000_duc-pho: year-less 07/01 matches 2022-01-07",
    ),
    pytest.param(
        "date", {"value": "2016-01-07"}, {"value": "2022-01-07"}, False, id="000_duc-pho: 07/01/2016 vs 07/01/2022"
    ),
    pytest.param(
        "doc_ref",
        {"value": "120-KL/TW"},
        {"value": "120 – kl/tw"},
        True,
        id="000_duc-pho: Kết luận số 120-KL/TW, spaces case and dash",
    ),
    pytest.param(
        "quantity",
        {"value": 12.5, "unit": "ha"},
        {"value": 12.5, "unit": "hécta"},
        True,
        id="quantity: units compared in canonical form (hécta = ha)",
    ),
    pytest.param(
        "quantity",
        {"value": 80, "unit": "km"},
        {"value": 80, "unit": "km/h"},
        True,
        id="quantity: a rate's denominator written into the unit is dropped (km/h = km)",
    ),
    pytest.param(
        "quantity",
        {"value": 12.5, "unit": "ha"},
        {"value": 12.5, "unit": "m2"},
        False,
        id="quantity: another unit never matches",
    ),
    pytest.param(
        "count",
        {"value": 10, "unit": "hộ"},
        {"value": "mười", "unit": "hộ"},
        False,
        id="count: a value that is not a number never matches",
    ),
]


@pytest.mark.parametrize(("kind", "gold", "pred", "expected"), MATCH_TABLE)
def test_matching_rules(kind: str, gold: dict[str, Any], pred: dict[str, Any], expected: bool) -> None:
    assert matches(kind, gold, pred) is expected
    if SCORER.is_file():
        assert shared_scorer().matches(kind, gold, pred) is expected


def constructed_run(tmp_path: Path) -> tuple[Path, Path]:
    """A run with 2 documents: one figure wrong, one qualifier wrong, one spurious, one missing."""
    figures = duc_pho_figures() + xoa_ngheo_figures()
    figures = [f for f in figures if f.text != "trên 655 triệu đồng"]  # missed
    figures = [f.model_copy(update={"qualifier": "exact"}) if f.text == "hơn 3,4 tỷ đồng" else f for f in figures]
    figures.append(figure(XOA_NGHEO, XOA_NGHEO_TEXT, "năm 2022", "date", "2022"))  # spurious
    out = write_run(
        tmp_path / "out",
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT)],
        figures,
        [person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị uỷ"])],
    )
    gold = tmp_path / "gold.jsonl"
    write_jsonl(
        gold,
        [
            {
                "doc_id": DUC_PHO,
                "metrics": [
                    {"kind": m.kind, "value": m.value, "unit": m.unit, "qualifier": m.qualifier, "text": m.text}
                    for m in duc_pho_figures()
                ],
            },
            {
                "doc_id": XOA_NGHEO,
                "metrics": [
                    {"kind": m.kind, "value": m.value, "unit": m.unit, "qualifier": m.qualifier, "text": m.text}
                    for m in xoa_ngheo_figures()
                ],
            },
        ],
    )
    return out, gold


def test_constructed_run_numbers(tmp_path: Path) -> None:
    out, gold = constructed_run(tmp_path)
    result = evaluate(out, gold)
    assert result.rows["all"] == {
        "tp": 14,
        "fp": 1,
        "fn": 1,
        "precision": round(14 / 15, 4),
        "recall": round(14 / 15, 4),
        "f1": round(14 / 15, 4),
    }
    assert result.rows["money"]["fn"] == 1 and result.rows["date"]["fp"] == 1
    assert result.rows["qualifier_accuracy"] == round(8 / 9, 4)  # 9 numeric matches, 1 qualifier wrong
    assert [(w, d) for w, d, _ in result.errors] == [("missed", DUC_PHO), ("spurious", XOA_NGHEO)]
    if SCORER.is_file():
        assert rows_json(result) == scorer_json(gold, out / "metrics.jsonl")


def run_cli(*argv: str) -> int:
    """The command as `solieu` runs it: its exit code, its one-line errors."""
    return cli_main(list(argv))


def test_cli_json_and_errors_with_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, gold = constructed_run(tmp_path)
    assert run_cli("eval", str(out), str(gold), "--json") == 0
    printed = capsys.readouterr().out.strip()
    assert json.loads(printed) == evaluate(out, gold).rows
    if SCORER.is_file():
        assert printed == scorer_json(gold, out / "metrics.jsonl")
    assert run_cli("eval", str(out), str(gold), "--show-errors") == 0
    text = capsys.readouterr().out
    assert text.startswith("kind")
    assert 'missed 000_duc-pho-quy-che-dan-chu.txt {"kind": "money", "value": 655000000' in text
    assert "« tổ chức thực hiện các chính sách" not in text  # the sentence is shown whole
    assert "với tổng kinh phí trên 655 triệu đồng.»" in text.replace(" »", "»")


@pytest.mark.parametrize(
    ("make", "code"),
    [
        pytest.param(lambda p: (p / "nowhere", p / "gold.jsonl"), 2, id="missing output folder"),
        pytest.param(lambda p: (p / "out", p / "missing.jsonl"), 2, id="missing gold file"),
    ],
)
def test_cli_missing_inputs_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, code: int) -> None:
    constructed_run(tmp_path)
    out, gold = make(tmp_path)
    assert run_cli("eval", str(out), str(gold)) == code
    assert "E503" in capsys.readouterr().err


def test_people_mode_reads_entities(tmp_path: Path) -> None:
    out, _ = constructed_run(tmp_path)
    gold = tmp_path / "people.jsonl"
    write_jsonl(
        gold,
        [
            {
                "doc_id": DUC_PHO,
                "people": [
                    {"name": "Bùi Văn Lý", "titles": ["Phó Bí thư Thường trực Thị ủy", "Trưởng Ban Chỉ đạo thị xã"]},
                    {"name": "Võ Văn Sáu", "titles": ["Trưởng Ban Dân vận"]},
                ],
            }
        ],
    )
    result = evaluate(out, gold)
    assert result.mode == "people"
    assert result.rows["people"]["tp"] == 1 and result.rows["people"]["fn"] == 1
    assert result.rows["title_recall"] == 0.5  # 'Thị uỷ' (old tone style) still finds 'Thị ủy'
    if SCORER.is_file():
        assert rows_json(result) == scorer_json(gold, out / "entities.jsonl")


def perturbed_predictions(gold: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Gold-shaped predictions with deterministic mistakes of every sort the scorer counts."""
    preds = []
    for d, (doc_id, metrics) in enumerate(sorted(gold.items())):
        for i, m in enumerate(metrics):
            p = {"doc_id": doc_id, **{k: m.get(k) for k in ("kind", "value", "unit", "qualifier", "text")}}
            n = d * 31 + i
            if n % 7 == 0:
                continue  # missed
            if n % 5 == 0 and isinstance(p["value"], int | float):
                p["value"] = p["value"] * 1.004 if n % 2 else p["value"] * 1.02  # inside / outside 0.5%
            if n % 3 == 0:
                p["qualifier"] = "approx"
            if n % 11 == 0 and p["kind"] == "date" and len(str(p["value"])) == 10:
                p["value"] = "--" + str(p["value"])[5:]
            if n % 13 == 0:
                preds.append({**p, "kind": "count", "value": 999, "unit": "lần"})  # spurious
            if n % 17 == 0:
                p["kind"] = "duration"  # a kind the scorer ignores
            preds.append(p)
    return preds


@needs_shared
def test_dev_gold_agrees_with_shared_scorer(tmp_path: Path) -> None:
    gold_path = SHARED / "gold" / "dev.jsonl"
    pred_path = tmp_path / "metrics.jsonl"
    write_jsonl(pred_path, perturbed_predictions(load_figures(gold_path)))
    ours = rows_json(evaluate(pred_path, gold_path))
    assert ours == scorer_json(gold_path, pred_path)
    assert 0.5 < json.loads(ours)["all"]["f1"] < 1.0  # the mistakes were counted


@needs_shared
def test_dev_people_gold_agrees_with_shared_scorer(tmp_path: Path) -> None:
    gold_path = SHARED / "gold" / "dev.people.jsonl"
    entities = []
    for d, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        for i, p in enumerate(rec["people"]):
            if (d + i) % 6 == 0:
                continue
            titles = p.get("titles", [])[: 1 + (d + i) % 2]
            name = p["name"].upper() if i % 4 == 1 else p["name"]
            entities.append({"doc_id": rec["doc_id"], "type": "PER", "text": name, "titles": titles})
        entities.append({"doc_id": rec["doc_id"], "type": "PER", "text": "Nguyễn Văn A", "titles": []})
        entities.append({"doc_id": rec["doc_id"], "type": "ORG", "text": "UBND tỉnh"})
    pred_path = tmp_path / "entities.jsonl"
    write_jsonl(pred_path, entities)
    ours = rows_json(evaluate(pred_path, gold_path))
    assert ours == scorer_json(gold_path, pred_path)


@functools.cache
def dev_gold() -> dict[str, list[dict[str, Any]]]:
    return dict(shared_scorer().load(SHARED / "gold" / "dev.jsonl"))


@needs_shared
@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 1253), st.sampled_from(["keep", "drop", "nudge", "requal", "dup"])), max_size=60)
)
def test_random_mistakes_agree_with_shared_scorer(edits: list[tuple[int, str]]) -> None:
    """Whatever mistakes a run makes on the dev gold, both scorers count them the same."""
    scorer = shared_scorer()
    gold = dev_gold()
    flat = [{"doc_id": doc_id, **m} for doc_id, ms in gold.items() for m in ms]
    preds = [dict(p) for p in flat]
    for index, what in edits:
        p = preds[index]
        if what == "drop":
            p["kind"] = "duration"
        elif what == "nudge" and isinstance(p.get("value"), int | float):
            p["value"] = p["value"] * 1.006
        elif what == "requal":
            p["qualifier"] = "more_than"
        elif what == "dup":
            preds.append(dict(p))
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for p in preds:
        by_doc.setdefault(p["doc_id"], []).append(p)
    theirs, their_errors = scorer.score(gold, by_doc)
    ours = score_figures(gold, by_doc)
    assert ours.rows == theirs
    assert [(w, d) for w, d, _ in ours.errors] == [(w, d) for w, d, _ in their_errors]


@needs_shared
def test_people_scoring_function_agrees(tmp_path: Path) -> None:
    gold_path = SHARED / "gold" / "dev.people.jsonl"
    gold = {json.loads(x)["doc_id"]: json.loads(x)["people"] for x in gold_path.read_text().splitlines()}
    entities = [
        {"doc_id": d, "type": "PER", "name": p["name"], "titles": p["titles"][1:]}
        for d, people in gold.items()
        for p in people
    ]
    pred_path = tmp_path / "entities.jsonl"
    write_jsonl(pred_path, entities)
    theirs, _ = shared_scorer().score_people(gold_path, pred_path)
    assert score_people(gold, entities).rows == theirs


@needs_shared
@pytest.mark.slow
def test_pipeline_run_on_corpus_agrees_with_shared_scorer(tmp_path: Path) -> None:
    """A real `solieu run` over the corpus, scored both ways, for figures and for people."""
    from pipeline.cli import main

    out = tmp_path / "out"
    assert main(["run", str(SHARED / "corpus"), "--out", str(out), "--workers", "1"]) == 0
    for gold in (SHARED / "gold" / "dev.jsonl", SHARED / "gold" / "dev.people.jsonl"):
        result = evaluate(out, gold)
        pred = out / ("entities.jsonl" if result.mode == "people" else "metrics.jsonl")
        assert rows_json(result) == scorer_json(gold, pred)
