"""Faults: files that hang, kill their worker or break a stage; a run killed with -9 and resumed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.run.batch import RunOptions, run_batch
from pipeline.run.work import Task, WorkOptions, _stage_functions, run_task
from tests.conftest import REPO, comparable_outputs, read_jsonl, stored_results


def faulty_work(task: Task, options: WorkOptions):
    """run_task, except for files whose name asks for a fault (the way a hostile file would behave)."""
    name = Path(task.path).name
    if name.startswith("crash-"):
        os._exit(3)  # like a segfault in a C library: no exception, the process is gone
    if name.startswith("hang-"):
        time.sleep(60)
    return run_task(task, options)


@pytest.fixture
def faulty_folder(tmp_path: Path, texts: dict[str, str]) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(texts)[:6]
    for name in names:
        (folder / name).write_text(texts[name], encoding="utf-8")
    (folder / "crash-001.txt").write_text(texts[names[1]], encoding="utf-8")
    (folder / "hang-002.txt").write_text(texts[names[2]], encoding="utf-8")
    return folder


def _codes(out: Path) -> dict[str, str]:
    return {r["doc_id"]: r["code"] for r in read_jsonl(out / "errors.jsonl")}


def test_pool_survives_a_crashing_and_a_hanging_file(faulty_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = RunOptions(workers=2, timeout=1.5, progress=False)
    report = run_batch(faulty_folder, out, options, work_fn=faulty_work)
    assert _codes(out) == {"crash-001.txt": "E602", "hang-002.txt": "E601"}
    assert report.manifest.counts["documents"] == 6
    messages = {r["doc_id"]: r["message"] for r in read_jsonl(out / "errors.jsonl")}
    assert all(message.startswith(f"{doc_id}: ") for doc_id, message in messages.items())  # names the file
    # the timeout is stored with the limit it hit; a worker that died is tried again (it may have been killed)
    again = run_batch(faulty_folder, out, options, work_fn=faulty_work)
    assert (again.reused, again.processed) == (7, 1)
    assert _codes(out) == {"crash-001.txt": "E602", "hang-002.txt": "E601"}


def fast_after_retry(task: Task, options: WorkOptions):
    """The hanging file of a first run, which a second run (more time, or --retry-failed) finishes."""
    return run_task(task, options)


@pytest.mark.parametrize(
    "second",
    [
        {"timeout": 1.0},  # same limit: the stored timeout stands
        {"timeout": 5.0},  # a larger limit: tried again
        {"timeout": 1.0, "retry_failed": True},  # asked for: tried again
    ],
    ids=["same-timeout", "larger-timeout", "retry-failed"],
)
def test_a_timeout_is_stored_and_retried_only_when_asked(second: dict, faulty_folder: Path, tmp_path: Path) -> None:
    """Issue 16 defect 8: a warm run redid every file that once timed out (failed before: processed 2)."""
    (faulty_folder / "crash-001.txt").unlink()
    out = tmp_path / "out"
    run_batch(faulty_folder, out, RunOptions(workers=1, timeout=1.0, progress=False), work_fn=faulty_work)
    assert _codes(out) == {"hang-002.txt": "E601"}
    retried = second["timeout"] > 1.0 or second.get("retry_failed", False)
    again = run_batch(faulty_folder, out, RunOptions(workers=1, progress=False, **second), work_fn=fast_after_retry)
    assert (again.reused, again.processed) == ((6, 1) if retried else (7, 0))
    assert _codes(out) == ({} if retried else {"hang-002.txt": "E601"})


def test_serial_run_times_a_hanging_file_out(faulty_folder: Path, tmp_path: Path) -> None:
    (faulty_folder / "crash-001.txt").unlink()  # in-process, a crash would end the run itself
    out = tmp_path / "out"
    # 3 s: the real articles beside the hanging file take ~0.3 s alone, and over 0.5 s on a loaded machine
    run_batch(faulty_folder, out, RunOptions(workers=1, timeout=3.0, progress=False), work_fn=faulty_work)
    assert _codes(out) == {"hang-002.txt": "E601"}
    assert len(read_jsonl(out / "documents.jsonl")) == 6


def test_an_exception_in_a_stage_is_e603_and_the_batch_goes_on(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _stage_functions()["figures"]

    def breaks_on_hoi_nghi(text: str, lexicon, tables=None):
        if "hội nghị" in text:
            raise RecursionError("hostile nesting")
        return real(text, lexicon, tables)

    monkeypatch.setitem(_stage_functions(), "figures", breaks_on_hoi_nghi)
    out = tmp_path / "out"
    run_batch(small_corpus, out, RunOptions(workers=1, progress=False, db_path=tmp_path / "own.sqlite"))
    errors = read_jsonl(out / "errors.jsonl")
    failed = {
        p.relative_to(small_corpus).as_posix()
        for p in small_corpus.rglob("0*.txt")
        if "hội nghị" in p.read_text(encoding="utf-8")
    }
    assert failed and {e["doc_id"] for e in errors} == failed
    assert {(e["code"], e["stage"]) for e in errors} == {("E603", "extract")}
    assert "RecursionError" in errors[0]["message"]
    assert len(read_jsonl(out / "documents.jsonl")) == 6 - len(failed)


SLOW_RUN = """
import sys, time
from pathlib import Path
from pipeline.run.batch import RunOptions, run_batch
from pipeline.run.work import run_task

def slow(task, options):
    time.sleep(0.05)
    return run_task(task, options)

run_batch(Path(sys.argv[1]), Path(sys.argv[2]), RunOptions(workers=2, progress=False), work_fn=slow)
"""


def test_kill_9_then_the_same_command_gives_the_same_outputs(tmp_path: Path, texts: dict[str, str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (name, text) in enumerate(sorted(texts.items())[:30]):
        (folder / f"{i:02d}-{name}").write_text(text, encoding="utf-8")
    clean = tmp_path / "clean"
    run_batch(folder, clean, RunOptions(workers=1, progress=False))

    out = tmp_path / "out"
    command = [sys.executable, "-c", SLOW_RUN, str(folder), str(out)]
    victim = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE)
    db = out / ".solieu" / "store.sqlite"
    deadline = time.monotonic() + 60
    while stored_results(db) < 6 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    stored_at_kill = stored_results(db)
    assert 6 <= stored_at_kill < 30, "the run was not stopped midway"
    assert not (out / "run.json").exists()

    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert comparable_outputs(out, "workers") == comparable_outputs(clean, "workers")
    assert not list(out.glob(".*.tmp-*"))


_COMPILES_IN_FIRST_FILE = """
import sys
import regex._main as compiler
from pipeline.run.work import Task, WorkOptions, _stage_functions, lexicon_for, run_task, warm_up
_stage_functions(), lexicon_for(WorkOptions())  # what a run loads before its workers fork
if sys.argv[2] == "warm":
    warm_up(WorkOptions())
compiled = []
plain = compiler._compile
compiler._compile = lambda pattern, *rest, **kw: compiled.append(pattern) or plain(pattern, *rest, **kw)
payload = run_task(Task(doc_id="a.txt", path=sys.argv[1], root=".", key="k"), WorkOptions())
assert payload.error_code is None and payload.n_mentions > 0
print(len(compiled))
"""


@pytest.mark.parametrize("warm", ["cold", "warm"])
def test_a_warmed_up_process_compiles_next_to_nothing_for_its_first_file(warm: str, texts: dict[str, str]) -> None:
    """Failed before (issue 17): every forked worker compiled ~180 patterns on its first file (0.6 s of CPU,
    counted against that file's --timeout; on a loaded machine the first files of a run with a 1.5 s limit
    timed out). A run now warms up before its workers fork; a cold process still compiles them all."""
    path = REPO.parent / "shared" / "corpus" / sorted(texts)[0]
    done = subprocess.run(
        [sys.executable, "-c", _COMPILES_IN_FIRST_FILE, str(path), warm],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    compiled = int(done.stdout.split()[-1])
    assert compiled < 20 if warm == "warm" else compiled > 100


def test_a_worker_has_its_next_file_before_the_parent_merges_its_result(small_corpus: Path) -> None:
    """Failed before (issue 17): the pool handed a worker its next file only after the run had stored,
    written and summed its last result, so every worker sat idle for the parent's share of each file."""
    from collections import deque

    from pipeline.run.executors import run_pool

    files = sorted(p for p in small_corpus.iterdir() if p.is_file())[:5]
    assert len(files) == 5
    tasks = deque(Task(doc_id=p.name, path=str(p), root=str(small_corpus), key=p.name) for p in files)
    results = run_pool(tasks, WorkOptions(), workers=2, timeout=60)
    try:
        first = next(results)
        assert first.error_code is None
        assert len(tasks) == 2  # two started, and a third already sent to the worker whose result this is
    finally:
        results.close()


def test_a_worker_holds_its_next_file_while_many_wait_and_a_fault_sends_it_back(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    """A worker gets its next file while it works on one (so it never waits for the parent), and a file
    that kills or hangs its worker puts the file waiting behind it back in the queue: every file gets
    exactly one result, the faulty ones their error and the others their records."""
    from collections import deque

    from pipeline.run.executors import run_pool

    names = sorted(texts)[:10]
    folder = tmp_path / "in"
    folder.mkdir()
    paths = [folder / "crash-000.txt", folder / "hang-000.txt"] + [folder / n for n in names]
    for path in paths:
        path.write_text(texts[names[0]] if path.name[:5] in ("crash", "hang-") else texts[path.name], encoding="utf-8")
    tasks = deque(Task(doc_id=p.name, path=str(p), root=str(folder), key=p.name) for p in paths)
    results = run_pool(tasks, WorkOptions(), workers=2, timeout=1.5, work_fn=faulty_work)
    got = {}
    try:
        first = next(results)
        got[first.key] = first.error_code
        # two workers hold two files each, and the one whose result this is took another: 12 - 4 - 1
        assert len(tasks) == 7
        for payload in results:
            assert payload.key not in got
            got[payload.key] = payload.error_code
    finally:
        results.close()
    assert got == {p.name: {"crash-000.txt": "E602", "hang-000.txt": "E601"}.get(p.name) for p in paths}


def test_the_pool_takes_a_run_s_tasks_from_their_iterable_only_as_it_sends_them(
    tmp_path: Path, texts: dict[str, str]
) -> None:
    """A folder's tasks are never all in memory: the pool pulls each from the run's iterable when a worker
    is to get it (two workers, two files each, then one more for the worker whose result came back)."""
    from pipeline.run.executors import TaskQueue, run_pool

    names = sorted(texts)[:12]
    folder = tmp_path / "in"
    folder.mkdir()
    taken: list[str] = []

    def tasks():
        for name in names:
            (folder / name).write_text(texts[name], encoding="utf-8")
            taken.append(name)
            yield Task(doc_id=name, path=str(folder / name), root=str(folder), key=name)

    results = run_pool(TaskQueue(tasks(), total=len(names)), WorkOptions(), workers=2, timeout=60)
    try:
        keys = [next(results).key]
        assert len(taken) == 5
        keys += [payload.key for payload in results]
    finally:
        results.close()
    assert sorted(keys) == names and taken == names
