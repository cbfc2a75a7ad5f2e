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


@pytest.mark.parametrize(
    "args", [["--help"], ["run", "--help"], ["schema", "--help"], ["export", "--help"]], ids=lambda a: " ".join(a)
)
def test_help_of_every_own_command(args: list[str], run_solieu) -> None:
    done = run_solieu(*args)
    assert done.returncode == 0 and "usage: solieu" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["run"],
        ["run", "x", "--workers", "0"],
        ["run", "x", "--formats", "ods"],
        ["run", "x", "--timeout", "-1"],
        ["export", "x", "--format", "ods"],
        ["run", "-", "--stdin-name", "a/b.txt"],
        ["run", "-", "--stdin-name", "bao-cao.xls"],
        ["run", "x", "-q", "-v"],
    ],
    ids=[
        "no command",
        "unknown command",
        "run without folder",
        "zero workers",
        "unknown format",
        "negative timeout",
        "export unknown format",
        "stdin name with a folder",
        "stdin name of no format",
        "quiet and verbose",
    ],
)
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


@pytest.mark.parametrize("number,code", [(errno.ENOSPC, "E504"), (errno.EROFS, "E501")], ids=["disk full", "read-only"])
def test_unwritable_output_is_one_line_and_exit_1(
    number: int,
    code: str,
    small_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(number, "simulated")

    monkeypatch.setattr(output_files, "open", refuse, raising=False)  # atomic_open's only way to the disk
    status = cli.main(["run", str(small_corpus), "--out", str(tmp_path / "out"), "--workers", "1"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"solieu: {code} ") and err.count("\n") == 1 and "Traceback" not in err
    assert not list((tmp_path / "out").glob(".*.tmp-*"))  # no half-written temp file left behind


def test_read_only_folder_for_real(small_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
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


def test_parquet_without_pyarrow_says_how_to_get_it(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
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
    assert done.returncode == 0 and "INPUT" in done.stdout and "--strict" in done.stdout


def test_version_names_the_installed_package(capsys):
    import pytest

    from pipeline.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("solieu 0.")


# --- CLI habits: a file, stdin, -q/-v, --strict, warnings, the progress bar -------------------------------

SEED_SENTENCE = (
    "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị; mở 04 lớp tuyên truyền, tập huấn; "
    "tổ chức 35 hội nghị đối thoại cấp thị xã và cấp xã, phường."
)  # corpus/000_duc-pho


def test_run_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "báo cáo.txt").write_text(SEED_SENTENCE, encoding="utf-8")
    (folder / "other.txt").write_text("Có 12 hộ nghèo.", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["run", str(folder / "báo cáo.txt"), "--out", str(out), "--workers", "1"]) == 0
    [document] = read_jsonl(out / "documents.jsonl")
    assert document["doc_id"] == "báo cáo.txt"  # only that file, named as in a folder run
    assert [m["text"] for m in read_jsonl(out / "metrics.jsonl")][:2] == ["10 đoàn kiểm tra", "10 đơn vị"]
    assert "1 files → 1 documents" in capsys.readouterr().err


def test_run_stdin(tmp_path: Path, run_solieu) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            "-",
            "--out",
            str(out),
            "--workers",
            "1",
            "--stdin-name",
            "bao-cao.txt",
        ],
        input=SEED_SENTENCE.encode("utf-8"),
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    [document] = read_jsonl(out / "documents.jsonl")
    assert document["doc_id"] == "bao-cao.txt" and document["text"] == SEED_SENTENCE
    assert {m["text"] for m in read_jsonl(out / "metrics.jsonl")} >= {"35 hội nghị", "04 lớp"}


def test_run_stdin_from_a_terminal_is_e503(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal:
        buffer = None

        @staticmethod
        def isatty() -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    assert cli.main(["run", "-", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("solieu: E503 input_not_found: INPUT is - but nothing is piped in")


def _bad_and_good(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED_SENTENCE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.mark.parametrize(("flags", "status"), [([], 0), (["--strict"], 1)], ids=["default", "strict"])
def test_strict_fails_when_a_file_failed(
    flags: list[str], status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert cli.main(["run", str(_bad_and_good(tmp_path)), "--out", str(out), "--workers", "1", *flags]) == status
    err = capsys.readouterr().err
    assert len(read_jsonl(out / "documents.jsonl")) == 1  # the outputs are written either way
    assert ("solieu: E520 files_failed: 1 of 2 files failed" in err) == bool(flags)


def test_quiet_prints_nothing_and_verbose_lists_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _bad_and_good(tmp_path)
    assert cli.main(["run", str(folder), "--out", str(tmp_path / "q"), "--workers", "1", "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert cli.main(["run", str(folder), "--out", str(tmp_path / "v"), "--workers", "1", "-v"]) == 0
    err = capsys.readouterr().err
    assert "  E101 empty.txt: empty.txt: the file is empty" in err and "  time: scan" in err


def test_warns_when_the_input_is_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ảnh.png").write_bytes(b"\x89PNG")
    assert cli.main(["run", str(folder), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert f"solieu: warning: no .txt, .docx, .pdf or .html file in {folder} (1 other files skipped" in err


def test_warns_when_another_runs_outputs_are_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "x.txt").write_text(SEED_SENTENCE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["run", str(first), "--out", str(out), "--workers", "1"]) == 0
    assert cli.main(["run", str(first), "--out", str(out), "--workers", "1"]) == 0  # the same input: no warning
    assert "warning" not in capsys.readouterr().err
    assert cli.main(["run", str(second), "--out", str(out), "--workers", "1"]) == 0
    assert (
        f"solieu: warning: {out} held the outputs of a run of {first}; they are replaced by those of {second}"
        in capsys.readouterr().err
    )


def test_progress_bar_fits_the_width_with_rate_and_eta() -> None:
    import io

    from pipeline.run.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = Progress(400, stream=screen, width=72)
    for _ in range(400):
        bar.advance()
    bar.close()
    frames = [f for f in screen.getvalue().replace("\r", "\n").split("\n") if f]
    assert frames and all(len(f) <= 72 for f in frames)
    assert "400/400" in frames[-1] and "file/s" in frames[-1] and "<" in frames[-1]  # rate and time left
    assert Progress(400, stream=io.StringIO()).enabled is False  # not a terminal: no bar


# --- review and diff pages land in the run folder ------------------------------------------------------------


def test_review_and_diff_pages_are_written_into_the_run_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.run_builders import base_run

    old, new = base_run(tmp_path / "old"), base_run(tmp_path / "new")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli.main(["review", str(new)]) == 0
    assert cli.main(["diff", str(old), str(new), "--html"]) == 0
    assert (new / "review.html").is_file() and (new / "diff.html").is_file()
    assert list(elsewhere.iterdir()) == []
