"""The command line: help without heavy imports, usage errors, schema/export, one-line failures."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.outputs import files as output_files
from pipeline.run.store import output_lock
from schemas import json_schemas
from tests.conftest import REPO, read_jsonl

HEAVY = ("spacy", "underthesea", "pdfplumber", "docx", "pyarrow", "pydantic", "lxml")


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from pipeline.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["schema", "--help"], ["export", "--help"]],
                         ids=lambda a: " ".join(a))
def test_help_of_every_own_command(args: list[str], run_solieu) -> None:
    done = run_solieu(*args)
    assert done.returncode == 0 and "usage: solieu" in done.stdout


@pytest.mark.parametrize("args", [
    [], ["frobnicate"], ["run"], ["run", "x", "--workers", "0"], ["run", "x", "--formats", "xlsx"],
    ["run", "x", "--timeout", "-1"], ["export", "x", "--format", "xlsx"],
], ids=["no command", "unknown command", "run without folder", "zero workers", "unknown format",
        "negative timeout", "export unknown format"])
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(args)
    assert stopped.value.code == 2
    assert "usage: solieu" in capsys.readouterr().err


def test_missing_input_folder_is_one_line_e503(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", str(tmp_path / "không-có"), "--out", str(tmp_path / "out")]) == 2  # missing input
    err = capsys.readouterr().err
    assert err.startswith("solieu: E503 input_not_found") and err.count("\n") == 1


def test_python_m_pipeline_runs_a_folder(small_corpus: Path, tmp_path: Path, run_solieu) -> None:
    out = tmp_path / "out"
    done = run_solieu("run", small_corpus, "--out", out, "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # results go to files; the one-line report goes to stderr
    assert "6 documents" in done.stderr and "solieu [" not in done.stderr  # no bar when not a terminal
    assert len(read_jsonl(out / "documents.jsonl")) == 6


def test_second_run_on_a_locked_folder_is_refused(small_corpus: Path, tmp_path: Path, run_solieu) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        done = run_solieu("run", small_corpus, "--out", out, "--workers", "1")
    assert done.returncode == 1
    assert done.stderr.startswith("solieu: E502 output_locked") and "Traceback" not in done.stderr
    assert not (out / "metrics.jsonl").exists()


@pytest.mark.parametrize("number,code", [(errno.ENOSPC, "E504"), (errno.EROFS, "E501")],
                         ids=["disk full", "read-only"])
def test_unwritable_output_is_one_line_and_exit_1(number: int, code: str, small_corpus: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(number, "simulated")

    monkeypatch.setattr(output_files, "open", refuse, raising=False)  # atomic_open's only way to the disk
    status = cli.main(["run", str(small_corpus), "--out", str(tmp_path / "out"), "--workers", "1"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"solieu: {code} ") and err.count("\n") == 1 and "Traceback" not in err
    assert not list((tmp_path / "out").glob(".*.tmp-*"))  # no half-written temp file left behind


def test_read_only_folder_for_real(small_corpus: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        probe = locked / "probe"
        try:
            probe.touch()
            probe.unlink()
            pytest.skip("running as root: permissions do not stop writes here")
        except PermissionError:
            pass
        assert cli.main(["run", str(small_corpus), "--out", str(locked / "out"), "--workers", "1"]) == 1
        assert capsys.readouterr().err.startswith("solieu: E501 output_not_writable")
    finally:
        locked.chmod(0o755)


def test_schema_writes_one_valid_file_per_record(tmp_path: Path) -> None:
    assert cli.main(["schema", "--out", str(tmp_path / "schemas")]) == 0
    written = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "schemas").iterdir()}
    assert written == {f"{name}.schema.json": schema for name, schema in json_schemas().items()}
    assert "start" in written["Mention.schema.json"]["properties"]


def test_schema_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == set(json_schemas())


def test_export_of_a_folder_that_is_no_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", str(tmp_path), "--format", "sqlite"]) == 2
    assert "E503" in capsys.readouterr().err


def test_export_sqlite_after_a_run(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli.main(["run", str(small_corpus), "--out", str(out), "--workers", "1"]) == 0
    assert cli.main(["export", str(out), "--format", "sqlite"]) == 0
    import sqlite3

    count = sqlite3.connect(out / "solieu.sqlite").execute("SELECT count(*) FROM metrics").fetchone()[0]
    assert count == len(read_jsonl(out / "metrics.jsonl"))


def test_parquet_without_pyarrow_says_how_to_get_it(small_corpus: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    status = cli.main(["run", str(small_corpus), "--out", str(tmp_path / "out"), "--formats", "parquet"])
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("solieu: E505 missing_extra:") and "pip install 'solieu[parquet]'" in err


def test_console_script_runs_the_same_main() -> None:
    script = Path(sys.executable).parent / "solieu"
    if not script.exists():
        pytest.skip("solieu is not installed in this venv (pip install -e .)")
    done = subprocess.run([str(script), "run", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "INPUT_DIR" in done.stdout


def test_version_names_the_installed_package(capsys):
    import pytest

    from pipeline.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("solieu 0.")
