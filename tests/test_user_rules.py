"""A user's own rule files extend the built-in ones without touching the package."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.figures import extract_figures
from pipeline.lexicon import load_lexicon

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
    (rules / "figures.toml").write_text('[currencies]\n"tugrik" = "MNT"\n', encoding="utf-8")
    mine = load_lexicon(rules)
    assert [(m.value, m.unit) for m in extract_figures("chi 500 tugrik", mine)] == [(500, "MNT")]
    assert [(m.value, m.unit) for m in extract_figures("chi 500 tugrik", load_lexicon())] != [(500, "MNT")]
    assert mine.version != load_lexicon().version  # so the store re-extracts


def test_user_percent_signs_are_read(tmp_path):
    """A key that once nothing read: `percent.signs` now decides what a percent is."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "figures.toml").write_text('[percent]\nsigns = ["phần nghìn"]\n', encoding="utf-8")
    found = extract_figures("tỷ lệ sai sót 5 phần nghìn", load_lexicon(rules))
    assert [(m.kind, m.value) for m in found] == [("percent", 5)]


def test_rules_folders_apply_in_order_later_wins(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "figures.toml").write_text('[currencies]\n"bạt" = "THB"\n', encoding="utf-8")
    (second / "figures.toml").write_text('[currencies]\n"bạt" = "XBT"\n', encoding="utf-8")
    assert [m.unit for m in extract_figures("chi 500 bạt", load_lexicon(first, second))] == ["XBT"]


BAD_RULES = [
    ("figures.toml", b'[curencies]\n"b" = "THB"\n', "figures.toml: curencies: unknown key"),
    ("figures.toml", b"[qualifiers]\nmore_than = 3\n", "figures.toml: qualifiers.more_than: "),
    ("figures.toml", b"[currencies\n", "figures.toml: "),
    ("count_nouns.txt", "giàn phơi\n".encode("cp1258"), "count_nouns.txt: not UTF-8"),
    ("figure.toml", b"x = 1\n", "figure.toml: not a rules file"),
]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    BAD_RULES,
    ids=["misspelt section", "wrong type", "broken TOML", "not UTF-8", "unknown file"],
)
def test_a_bad_rules_file_is_one_e110_line_before_the_run(tmp_path, name, data, says):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / name).write_bytes(data)
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text(SENTENCE, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(docs),
            "--out",
            str(tmp_path / "out"),
            "--rules",
            str(rules),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("solieu: E110 rules_invalid: ") and says in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "metrics.jsonl").exists()


def test_the_packaged_data_is_written_in_the_new_tone_style():
    """The loader moves old-style tones (`uỷ`, `hoà`), so an old spelling beside a new one is dead weight."""
    from extractors.tones import OLD_TONE

    data = ROOT / "extractors" / "data"
    old = [
        f"{p.name}:{n}"
        for p in sorted(data.iterdir())
        if p.suffix in (".toml", ".txt", ".tsv")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if OLD_TONE.search(line)
    ]
    assert old == []


def test_a_user_word_in_the_old_tone_style_matches_the_normalised_text(tmp_path):
    """`nhà văn hoá` in a user's file finds `nhà văn hóa` in a text (texts are normalised to the new style)."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "count_nouns.txt").write_text("giàn phơi hoà\n", encoding="utf-8")
    text = "Huyện đã trao hai giàn phơi hòa cho bà con."
    plain = {(m.value, m.unit) for m in extract_figures(text, load_lexicon()) if m.kind == "count"}
    user = {(m.value, m.unit) for m in extract_figures(text, load_lexicon(rules)) if m.kind == "count"}
    assert (2, "giàn phơi hòa") not in plain
    assert (2, "giàn phơi hòa") in user


def test_the_dictionary_is_looked_up_in_the_new_tone_style():
    """Viet74K writes `văn hoá`; texts say `văn hóa`, and that is the spelling the lexicon holds."""
    words = load_lexicon().dictionary
    assert "văn hóa" in words
    assert "văn hoá" not in words
