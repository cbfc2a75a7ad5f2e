"""Issue 16, item 4, for the commands that read finished runs: every bad input is one line, a code, an exit status.

A broken line in a run folder given to diff, review or export; a malformed gold line given to eval or
review; `solieu eval … | head`; an export into a folder that cannot be written. Before, some of these
ended in a Python traceback (a people gold with `"titles": 5`; a pyarrow finaliser after a broken
line), some were silent (`diff` called a run with a broken documents line "different").
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pipeline.cli import main as cli_main
from tests.conftest import REPO
from tests.run_builders import DUC_PHO, base_run, write_jsonl

BROKEN_LINES = {
    "not JSON": '{"doc_id": "000_duc-pho-quy-che-dan-chu.txt", "kind": "count", "value": 10',
    "a JSON list": "[1, 2]",
    "null": "null",
    "invalid UTF-8": b'{"doc_id": "\xff\xfe"}',
}
ALL_FILES = ("documents", "metrics", "entities", "errors")
# what each command reads: a broken line in any of these must stop it with E506 naming the file and line
READS = {
    "diff (old)": ALL_FILES,
    "diff (new)": ALL_FILES,
    "review": ALL_FILES,
    "export sqlite": ALL_FILES,
    "export xlsx": ALL_FILES,
    "export parquet": ALL_FILES,
    "export spacy": ("documents", "metrics", "entities"),
    "export csv": ("metrics",),
}


def _argv(command: str, good: Path, bad: Path) -> list[str]:
    if command == "diff (old)":
        return ["diff", str(bad), str(good)]
    if command == "diff (new)":
        return ["diff", str(good), str(bad)]
    if command == "review":
        return ["review", str(bad)]
    return ["export", str(bad), "--format", command.split()[1]]


def _break(run: Path, name: str, line: str | bytes) -> int:
    """Append a broken line to run/NAME.jsonl; return its line number."""
    path = run / f"{name}.jsonl"
    data = path.read_bytes()
    with open(path, "ab") as handle:
        handle.write(line if isinstance(line, bytes) else line.encode("utf-8"))
        handle.write(b"\n")
    return data.count(b"\n") + 1


def _one_line(err: str) -> str:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(
    ("command", "name"),
    [(c, n) for c, names in READS.items() for n in names],
    ids=[f"{c}: {n}.jsonl" for c, names in READS.items() for n in names],
)
def test_broken_line_in_a_run_folder_is_e506_with_file_and_line(
    command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if command == "export parquet":
        pytest.importorskip("pyarrow")
    if command == "export spacy":
        pytest.importorskip("spacy")
    good = base_run(tmp_path / "good")
    bad = base_run(tmp_path / "bad")
    number = _break(bad, name, BROKEN_LINES["not JSON"])
    assert cli_main(_argv(command, good, bad)) == 2
    err = _one_line(capsys.readouterr().err)
    assert err.startswith(f"solieu: E506 run_folder_invalid: {bad / name}.jsonl:{number}: not a JSON line")
    assert not [p for p in bad.iterdir() if p.name.startswith(".") and ".tmp-" in p.name]  # no half-written file


@pytest.mark.parametrize("kind", list(BROKEN_LINES), ids=list(BROKEN_LINES))
@pytest.mark.parametrize("name", ALL_FILES)
def test_every_kind_of_broken_line_stops_the_review(
    kind: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = base_run(tmp_path / "bad")
    number = _break(bad, name, BROKEN_LINES[kind])
    assert cli_main(["review", str(bad)]) == 2
    err = _one_line(capsys.readouterr().err)
    assert err.startswith(f"solieu: E506 run_folder_invalid: {bad / name}.jsonl:{number}: ")
    assert not (bad / "review.html").exists()


GOLD_LINES = {
    "a JSON list": ("[1,2]", "a JSON list, not an object"),
    "null": ("null", "a JSON NoneType, not an object"),
    "metrics is a number": ('{"doc_id": "a.txt", "metrics": 5}', "`metrics` must be a list of objects"),
    "metrics holds numbers": ('{"doc_id": "a.txt", "metrics": [5]}', "`metrics` must be a list of objects"),
    "figure without kind": ('{"doc_id": "a.txt", "metrics": [{"value": 10}]}', "every figure needs a `kind`"),
    "no doc_id": ('{"metrics": []}', "no string doc_id"),
    "neither metrics nor people": ('{"doc_id": "a.txt"}', "a gold line needs `metrics` (or `people`)"),
    "not JSON": ('{"doc_id": "a.txt", "metrics": [', "not a JSON line"),
}
PEOPLE_LINES = {
    "titles is a number": (
        '{"doc_id": "a.txt", "people": [{"name": "Bùi Văn Lý", "titles": 5}]}',
        "a person's `titles` must be a list of strings",
    ),
    "person without name": ('{"doc_id": "a.txt", "people": [{"titles": []}]}', "every person needs a string `name`"),
    "people is text": ('{"doc_id": "a.txt", "people": "Bùi Văn Lý"}', "`people` must be a list of objects"),
}


@pytest.mark.parametrize("command", ["eval", "review"])
@pytest.mark.parametrize(
    ("first", "lines"),
    [
        ('{"doc_id": "000_duc-pho-quy-che-dan-chu.txt", "metrics": []}', GOLD_LINES),
        ('{"doc_id": "000_duc-pho-quy-che-dan-chu.txt", "people": []}', PEOPLE_LINES),
    ],
    ids=["figures gold", "people gold"],
)
def test_malformed_gold_line_is_e507_with_file_and_line(
    command: str, first: str, lines: dict[str, tuple[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = base_run(tmp_path / "out")
    for case, (line, message) in lines.items():
        gold = tmp_path / "gold.jsonl"
        gold.write_text(first + "\n" + line + "\n", encoding="utf-8")
        argv = ["eval", str(run), str(gold)] if command == "eval" else ["review", str(run), "--gold", str(gold)]
        assert cli_main(argv) == 2, case
        err = _one_line(capsys.readouterr().err)
        assert err.startswith(f"solieu: E507 gold_invalid: {gold}:2: "), case
        assert message in err, case


def test_eval_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`solieu eval OUT GOLD --show-errors | head -1`: head leaves, solieu ends 0 without a word."""
    run = base_run(tmp_path / "out")
    many = [
        {"kind": "count", "value": n, "unit": "hộ", "qualifier": "exact", "text": f"{n} hộ nghèo"} for n in range(4000)
    ]  # 4,000 misses: far more than a pipe buffer holds
    write_jsonl(tmp_path / "gold.jsonl", [{"doc_id": DUC_PHO, "metrics": many}])
    reader = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "eval", str(run), str(tmp_path / "gold.jsonl"), "--show-errors"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    first = reader.stdout.readline()
    reader.stdout.close()  # what `head -1` does after its line
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 0
    assert first.startswith(b"kind") and err == ""


def test_eval_warns_about_gold_documents_the_run_lacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = base_run(tmp_path / "out")
    write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {"doc_id": DUC_PHO, "metrics": []},
            {"doc_id": "042_khong-co.txt", "metrics": [{"kind": "count", "value": 3}]},
        ],
    )
    assert cli_main(["eval", str(run), str(tmp_path / "gold.jsonl")]) == 0
    err = capsys.readouterr().err
    assert err == (
        f"solieu: warning: 1 of 2 gold documents are not in {run} (042_khong-co.txt); their figures count as missed\n"
    )


def _unprivileged(argv: list[str]) -> list[str]:
    """`argv` run by a user the folder's permissions stop: `nobody` when the tests run as root."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): permissions would not stop the write")
    dropped = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(
        [*dropped, sys.executable, "-c", "import orjson, pydantic"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode != 0:
        pytest.skip(f"`nobody` cannot import this interpreter's packages (a venv in a 0700 folder?): {sys.prefix}")
    return [*dropped, *argv]


@pytest.mark.parametrize("fmt", ["sqlite", "xlsx", "csv", "parquet", "spacy", "review"])
def test_export_into_a_read_only_folder_is_e501(fmt: str) -> None:
    """For real: the run folder is not writable by the user who exports (root drops to `nobody` for this)."""
    if fmt in ("parquet", "spacy"):
        pytest.importorskip("pyarrow" if fmt == "parquet" else "spacy")
    root = Path(tempfile.mkdtemp(prefix="solieu-ro-"))
    try:
        run = base_run(root / "out")
        os.chmod(root, 0o755)
        for path in (run, *run.iterdir()):
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
        argv = ["review", str(run)] if fmt == "review" else ["export", str(run), "--format", fmt]
        done = subprocess.run(
            _unprivileged([sys.executable, "-m", "pipeline", *argv]),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        assert done.returncode == 1, done.stderr
        err = _one_line(done.stderr)
        assert err.startswith("solieu: E501 output_not_writable: cannot write ") and str(run) in err
        assert sorted(p.name for p in run.iterdir()) == sorted(
            ["documents.jsonl", "metrics.jsonl", "entities.jsonl", "errors.jsonl", "run.json"]
        )
    finally:
        for path in root.rglob("*"):
            path.chmod(stat.S_IRWXU)
        shutil.rmtree(root)


def test_export_sqlite_that_cannot_open_its_database_is_e501(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from pipeline.outputs import exports

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    run = base_run(tmp_path / "out")
    monkeypatch.setattr(exports.sqlite3, "connect", refuse)
    assert cli_main(["export", str(run), "--format", "sqlite"]) == 1
    err = _one_line(capsys.readouterr().err)
    assert (
        err == f"solieu: E501 output_not_writable: cannot write {run / 'solieu.sqlite'}: unable to open database file\n"
    )


def test_spacy_export_without_spacy_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    run = base_run(tmp_path / "out")
    assert cli_main(["export", str(run), "--format", "spacy"]) == 2
    err = _one_line(capsys.readouterr().err)
    assert err == "solieu: E505 missing_extra: spaCy export needs spaCy: pip install 'solieu[spacy]'\n"
    assert not (run / "solieu.spacy").exists()


@pytest.mark.parametrize("fmt", ["parquet", "sqlite", "xlsx"])
def test_broken_line_leaves_no_traceback_from_a_writer_being_torn_down(fmt: str, tmp_path: Path) -> None:
    """In a process of its own, so what a half-built writer prints when it is collected (pyarrow's
    ParquetWriter did: "Exception ignored … write to closed file") is on the stderr we read."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    bad = base_run(tmp_path / "bad")
    number = _break(bad, "metrics", BROKEN_LINES["not JSON"])
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "export", str(bad), "--format", fmt],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert _one_line(done.stderr).startswith(f"solieu: E506 run_folder_invalid: {bad / 'metrics'}.jsonl:{number}:")
