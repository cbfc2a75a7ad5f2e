"""A user's own rule files extend the built-in ones without touching the package."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# 001_xoa-bo style sentence with a counted noun no built-in list knows, written in words
SENTENCE = "Huyện đã xây dựng bảy nhà chống lũ và trao hai giàn phơi cho bà con."


def _run(tmp_path: Path, rules: Path | None) -> list[dict]:
    docs = tmp_path / "in"
    docs.mkdir(exist_ok=True)
    (docs / "a.txt").write_text(SENTENCE, encoding="utf-8")
    out = tmp_path / ("out-user" if rules else "out-plain")
    cmd = [sys.executable, "-m", "pipeline", "run", str(docs), "--out", str(out), "--workers", "1"]
    if rules:
        cmd += ["--rules", str(rules)]
    env = {k: v for k, v in os.environ.items() if k != "SOLIEU_RULES"}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in (out / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]


def test_user_count_nouns_extend_the_lexicon(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "count_nouns.txt").write_text("giàn phơi\n", encoding="utf-8")
    plain = {(m["value"], m["unit"]) for m in _run(tmp_path, None) if m["kind"] == "count"}
    user = {(m["value"], m["unit"]) for m in _run(tmp_path, rules) if m["kind"] == "count"}
    assert (2, "giàn phơi") not in plain
    assert (2, "giàn phơi") in user
    assert (7, "nhà") in plain and (7, "nhà") in user


def test_user_figures_toml_adds_a_currency(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "figures.toml").write_text('[currencies]\n"bạt" = "THB"\n', encoding="utf-8")
    env = {**os.environ, "SOLIEU_RULES": str(rules)}
    code = "from extractors.figures import extract_figures as f; print([(m.value, m.unit) for m in f('chi 500 bạt')])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.stdout.strip() == "[(500, 'THB')]", done.stderr
