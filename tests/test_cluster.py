"""`solieu run --executor dask`: the same outputs as the process pool, on a LocalCluster of 2 worker processes,
with a worker killed midway, a task that hangs or kills its process, inputs by fsspec URL (file://, memory://),
and the coded errors of a run that cannot use a cluster.

One LocalCluster is shared by the module's tests (`cluster`), started as `dask worker` starts its workers
(daemon processes under a nanny); the CLI test starts its own through `--workers 2`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli.main import main
from pipeline.run.batch import RunOptions, run_batch
from pipeline.run.work import Task, WorkOptions, run_task
from tests.conftest import CORPUS, REPO, comparable_outputs, read_jsonl, stored_results

distributed = pytest.importorskip("distributed")  # the `dask` extra (in dev, so CI has it)
fsspec = pytest.importorskip("fsspec")

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
DIFFERS_BY_NATURE = ("workers", "input_dir")  # run.json: how the run was made, not what it found


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.CRITICAL
    ) as started:
        yield started


@pytest.fixture(scope="module")
def pool_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The process pool's outputs of the whole corpus: what every Dask run must write."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    out = tmp_path_factory.mktemp("pool") / "out"
    run_batch(CORPUS, out, RunOptions(workers=2, progress=False))
    return out


def _same_outputs(dask_out: Path, pool_out: Path) -> None:
    """Byte-identical output files; run.json equal but for timings and how the run was made."""
    command = [
        sys.executable,
        str(REPO / "scripts" / "compare_outputs.py"),
        str(pool_out),
        str(dask_out),
        "--ignore-field",
        "executor",
        "--ignore-field",
        "scheduler",
    ]
    compared = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert compared.returncode == 0, compared.stdout
    assert comparable_outputs(dask_out, *DIFFERS_BY_NATURE) == comparable_outputs(pool_out, *DIFFERS_BY_NATURE)


def _mixed_folder(tmp_path: Path) -> Path:
    """Eight real corpus files of every format it has (txt, docx, pdf), one in a sub-folder."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    chosen = sorted(CORPUS.glob("*.txt"))[:5] + sorted(CORPUS.glob("*.docx"))[:2] + sorted(CORPUS.glob("*.pdf"))[:1]
    for i, path in enumerate(chosen):
        shutil.copyfile(path, (folder / "sub" if i == 0 else folder) / path.name)
    return folder


def _without_source_paths(out: Path) -> dict[str, list[dict]]:
    """The JSONL outputs with the field that names where a file was read from (a path, or its URL) left out."""

    def drop(record: dict) -> dict:
        return {k: v for k, v in record.items() if k != "source_path"}

    return {
        name: [drop(r) for r in read_jsonl(out / name)]
        for name in ("documents.jsonl", "metrics.jsonl", "entities.jsonl", "errors.jsonl")
    }


# --- the same outputs as the pool -------------------------------------------------------------------


@pytest.mark.slow
@needs_corpus
def test_dask_run_of_the_corpus_is_byte_identical_to_the_pool(
    pool_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dask"
    code = main(["run", str(CORPUS), "--executor", "dask", "--workers", "2", "--out", str(out)])
    assert code == 0
    said = capsys.readouterr().err
    assert "running on Dask (a LocalCluster of 2 worker processes)" in said
    assert "0 reused from the store, 91 processed" in said
    _same_outputs(out, pool_corpus)
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["options"]["executor"] == "dask" and manifest["options"]["scheduler"] == "LocalCluster"


def _kill_the_worker_once(marker: str, victim: str, task: Task, options: WorkOptions):
    """The unit of work, but the first time it meets `victim` it SIGKILLs the Dask worker running it (the
    sidecar's grandparent: sidecar ← fork server ← worker), as an out-of-memory killer or a lost machine would."""
    if task.doc_id == victim and not os.path.exists(marker):
        import psutil  # a dependency of distributed

        worker = psutil.Process().parent().parent()
        Path(marker).write_text(str(worker.pid), encoding="utf-8")
        worker.kill()
        time.sleep(60)  # the sidecar exits with its worker long before this ends
    return run_task(task, options)


@pytest.mark.slow
@needs_corpus
def test_a_worker_killed_mid_run_changes_no_output(cluster: Any, pool_corpus: Path, tmp_path: Path) -> None:
    with distributed.Client(cluster) as client:
        worker_pids = set(client.run(os.getpid).values())
    marker = tmp_path / "killed"
    victim = sorted(p.name for p in CORPUS.iterdir() if p.suffix != ".tsv")[45]
    out = tmp_path / "dask"
    report = run_batch(
        CORPUS,
        out,
        RunOptions(executor="dask", scheduler=cluster.scheduler_address, progress=False),
        work_fn=functools.partial(_kill_the_worker_once, str(marker), victim),
    )
    assert int(marker.read_text()) in worker_pids, "no Dask worker was killed"
    assert report.processed == 91 and report.manifest.counts["errors"] == 0
    _same_outputs(out, pool_corpus)


SLOW_DASK_RUN = """
import sys, time
from pathlib import Path
from pipeline.run.batch import RunOptions, run_batch
from pipeline.run.work import run_task

def slow(task, options):
    time.sleep(0.3)
    return run_task(task, options)

run_batch(Path(sys.argv[1]), Path(sys.argv[2]), RunOptions(executor="dask", workers=2, progress=False), work_fn=slow)
"""


@pytest.mark.slow
@needs_corpus
def test_a_client_killed_mid_run_resumes_from_the_store(pool_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-c", SLOW_DASK_RUN, str(CORPUS), str(out)]
    victim = subprocess.Popen(command, cwd=REPO, stderr=subprocess.DEVNULL, start_new_session=True)
    db = out / ".solieu" / "store.sqlite"
    deadline = time.monotonic() + 240
    try:
        while stored_results(db) < 10 and victim.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:  # the client and the LocalCluster it started, all at once, as a machine going down would
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
    stored_at_kill = stored_results(db)
    assert 10 <= stored_at_kill < 91, "the run was not stopped midway"
    assert not (out / "run.json").exists()

    report = run_batch(CORPUS, out, RunOptions(executor="dask", workers=2, progress=False))
    assert report.reused >= stored_at_kill and report.processed == 91 - report.reused
    _same_outputs(out, pool_corpus)


# --- a task's own failures cost that file only --------------------------------------------------------


def _hangs_or_dies(task: Task, options: WorkOptions):
    """A file that never finishes and one that kills its process outright (as a segfault in C code does)."""
    if task.doc_id.startswith("hang"):
        time.sleep(3600)
    if task.doc_id.startswith("die"):
        os._exit(9)
    return run_task(task, options)


@needs_corpus
def test_a_hanging_file_and_a_crashing_file_fail_alone_on_dask(
    cluster: Any, tmp_path: Path, texts: dict[str, str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    real = sorted(texts)[:4]
    for name in real:
        (folder / name).write_text(texts[name], encoding="utf-8")
    (folder / "hang.txt").write_text(texts[real[0]], encoding="utf-8")
    (folder / "die.txt").write_text(texts[real[1]], encoding="utf-8")
    with distributed.Client(cluster) as client:
        before = set(client.run(os.getpid).values())
        report = run_batch(
            folder,
            tmp_path / "out",
            RunOptions(executor="dask", scheduler=cluster.scheduler_address, timeout=4.0, progress=False),
            work_fn=_hangs_or_dies,
        )
        after = set(client.run(os.getpid).values())
    errors = {e["doc_id"]: e for e in read_jsonl(tmp_path / "out" / "errors.jsonl")}
    assert {d: e["code"] for d, e in errors.items()} == {"hang.txt": "E601", "die.txt": "E602"}
    assert "no result after 4 s" in errors["hang.txt"]["message"]
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == sorted(real)
    assert before == after, "a Dask worker was lost: the task's child should have taken the blow"
    assert report.manifest.counts["documents"] == 4


# --- inputs by fsspec URL ------------------------------------------------------------------------------


@needs_corpus
def test_a_run_from_a_file_url_on_dask_matches_the_local_run(cluster: Any, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    local = tmp_path / "local"
    run_batch(folder, local, RunOptions(workers=1, progress=False))
    url = folder.as_uri()
    by_url = tmp_path / "url"
    options = RunOptions(executor="dask", scheduler=cluster.scheduler_address, progress=False)
    first = run_batch(url, by_url, options)
    assert first.processed == 8
    assert _without_source_paths(by_url) == _without_source_paths(local)
    sources = {d["doc_id"]: d["source_path"] for d in read_jsonl(by_url / "documents.jsonl")}
    assert all(s == f"{url}/{doc_id}" for doc_id, s in sources.items())
    assert all(len(d["sha256"]) == 64 for d in read_jsonl(by_url / "documents.jsonl"))  # read by the workers

    warm = run_batch(url, by_url, options)  # unchanged by their listing (size, mtime): nothing is read again
    assert (warm.reused, warm.processed) == (8, 0)
    changed = sorted(folder.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNăm 2024 có 12 xã đạt chuẩn.", encoding="utf-8")
    again = run_batch(url, by_url, options)
    assert (again.reused, again.processed) == (7, 1)


@pytest.fixture
def bucket(texts: dict[str, str]) -> Iterator[str]:
    """A fake object store (fsspec's memory file system) holding six real articles, a note it must skip,
    a hidden file and a solieu output folder someone uploaded with them."""
    fs = fsspec.filesystem("memory")
    root = f"/bucket-{os.getpid()}-{time.monotonic_ns()}"
    for name in sorted(texts)[:6]:
        fs.pipe(f"{root}/reports/{name}", texts[name].encode("utf-8"))
    fs.pipe(f"{root}/reports/ghi-chu.xyz", "không phải tài liệu".encode())
    fs.pipe(f"{root}/reports/.an.txt", "Ẩn: 12 người".encode())
    fs.pipe(f"{root}/reports/ket-qua/run.json", b'{"solieu_version": "0.1.0", "rules_version": "x"}')
    fs.pipe(f"{root}/reports/ket-qua/metrics.txt", "Đầu ra: 3 tỷ đồng".encode())
    yield f"memory://{root}/reports"
    fs.rm(root, recursive=True)


@pytest.mark.parametrize("workers", [1, 2], ids=["serial", "pool"])
def test_a_run_from_a_fake_object_store_matches_the_local_run(
    bucket: str, workers: int, tmp_path: Path, texts: dict[str, str]
) -> None:
    """memory:// lives in this process, so it is read by the serial executor and by the pool's forked workers
    (a Dask worker is a process of its own: it would need a real object store)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(texts)[:6]:
        (folder / name).write_text(texts[name], encoding="utf-8")
    local = tmp_path / "local"
    run_batch(folder, local, RunOptions(workers=workers, progress=False))
    out = tmp_path / "out"
    report = run_batch(bucket, out, RunOptions(workers=workers, progress=False))
    assert report.processed == 6
    assert _without_source_paths(out) == _without_source_paths(local)
    skipped = {s.path: s.reason for s in report.manifest.skipped}
    assert skipped == {
        "ghi-chu.xyz": "unsupported extension .xyz",
        "ket-qua": "a solieu output folder (never read, so nothing is counted twice)",
    }
    assert report.manifest.input_dir == bucket

    fs = fsspec.filesystem("memory")
    assert (run_batch(bucket, out, RunOptions(workers=workers, progress=False)).reused) == 6
    name = sorted(texts)[2]
    fs.pipe(f"{bucket.removeprefix('memory://')}/{name}", (texts[name] + "\nCó 7 xã đạt chuẩn.").encode("utf-8"))
    again = run_batch(bucket, out, RunOptions(workers=workers, progress=False))
    assert (again.reused, again.processed) == (5, 1)


def test_a_missing_object_is_e107_naming_it(bucket: str, tmp_path: Path, texts: dict[str, str]) -> None:
    """An object listed, then deleted before a worker reads it: that file fails, the batch goes on."""
    from pipeline.run import work

    name = sorted(texts)[1]

    def deleted_first(task: Task, options: WorkOptions):
        if task.doc_id == name:
            fsspec.filesystem("memory").rm(task.path.removeprefix("memory://"))
        return work.run_task(task, options)

    report = run_batch(bucket, tmp_path / "out", RunOptions(workers=1, progress=False), work_fn=deleted_first)
    errors = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert [(e["doc_id"], e["code"]) for e in errors] == [(name, "E107")]
    assert bucket in errors[0]["message"]
    assert report.manifest.counts["documents"] == 5


# --- what stops a run before it starts ----------------------------------------------------------------


def _exit_and_message(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("case", "expected_code", "expected"),
    [
        (
            "no dask installed",
            2,
            "E505 missing_extra: --executor dask needs dask.distributed: pip install 'solieu[dask]'",
        ),
        (
            "no fsspec installed",
            2,
            "E505 missing_extra: reading inputs by URL needs fsspec: pip install 'solieu[dask]'",
        ),
        ("unknown protocol", 2, "E503 input_not_found: cannot open nosuch://bucket/reports"),
        ("s3 without s3fs", 2, "E505 missing_extra: reading s3:// inputs needs s3fs: pip install 'solieu[s3]'"),
        ("scheduler unreachable", 2, "E541 cluster_unreachable: cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
        ("scheduler with the local executor", 2, "--scheduler names a Dask scheduler: it goes with --executor dask"),
    ],
)
def test_a_run_that_cannot_use_the_cluster_says_why(
    case: str,
    expected_code: int,
    expected: str,
    tmp_path: Path,
    texts: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pipeline.run.cluster import dask_executor

    folder = tmp_path / "in"
    folder.mkdir()
    name = sorted(texts)[0]
    (folder / name).write_text(texts[name], encoding="utf-8")
    argv = ["run", str(folder), "--out", str(tmp_path / "out"), "-q", "--executor", "dask", "--workers", "2"]
    if case == "no dask installed":
        monkeypatch.setitem(sys.modules, "distributed", None)
    elif case == "no fsspec installed":
        monkeypatch.setitem(sys.modules, "fsspec", None)
        argv[1] = folder.as_uri()
    elif case == "unknown protocol":
        argv[1] = "nosuch://bucket/reports"
    elif case == "s3 without s3fs":
        monkeypatch.setitem(sys.modules, "s3fs", None)
        argv[1] = "s3://bucket/reports/"
    elif case == "scheduler unreachable":
        monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT_S", 2.0)
        argv += ["--scheduler", "tcp://127.0.0.1:9"]
    else:
        argv[argv.index("dask")] = "local"
        argv += ["--scheduler", "tcp://127.0.0.1:8786"]
    code, said = _exit_and_message(argv, capsys)
    assert code == expected_code
    assert expected in said
    assert "Traceback" not in said


def test_a_worker_computing_other_rules_stops_the_run_with_e540(
    cluster: Any, tmp_path: Path, texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker with another solieu version (here: the client expects other rules) never mixes its records in."""
    from pipeline.errors import SolieuError
    from pipeline.run.cluster import dask_executor
    from pipeline.run.cluster.sidecar import WorkerCheck

    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(texts)[:2]:
        (folder / name).write_text(texts[name], encoding="utf-8")
    monkeypatch.setattr(dask_executor, "_expected", lambda options, probe="": WorkerCheck("0000000000000000", "9.9.9"))
    with pytest.raises(SolieuError) as raised:
        run_batch(
            folder, tmp_path / "out", RunOptions(executor="dask", scheduler=cluster.scheduler_address, progress=False)
        )
    assert raised.value.code == "E540"
    assert "computes rules version" in raised.value.message and "0000000000000000" in raised.value.message
    assert not (tmp_path / "out" / "run.json").exists()


def test_a_worker_that_cannot_see_the_inputs_stops_the_run_with_e542(
    cluster: Any, tmp_path: Path, texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the client sees but the workers do not (not mounted there): one coded error, not a stored
    E107 for every file that a later run would reuse."""
    from pipeline.errors import SolieuError
    from pipeline.run.cluster import dask_executor

    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(texts)[:2]:
        (folder / name).write_text(texts[name], encoding="utf-8")
    monkeypatch.setattr(dask_executor, "_probe", lambda queue: str(tmp_path / "not-mounted" / "a.txt"))
    with pytest.raises(SolieuError) as raised:
        run_batch(
            folder, tmp_path / "out", RunOptions(executor="dask", scheduler=cluster.scheduler_address, progress=False)
        )
    assert raised.value.code == "E542"
    assert "not-mounted/a.txt: no such file here" in raised.value.message


def test_a_fake_object_store_is_not_seen_by_dask_workers_e542(cluster: Any, bucket: str, tmp_path: Path) -> None:
    """memory:// lives in the client's process: a Dask worker (a process of its own) sees an empty store, and
    the run says so instead of storing an E107 for every file."""
    from pipeline.errors import SolieuError

    with pytest.raises(SolieuError) as raised:
        run_batch(
            bucket, tmp_path / "out", RunOptions(executor="dask", scheduler=cluster.scheduler_address, progress=False)
        )
    assert raised.value.code == "E542"
    assert "memory:// lives in the client's process only" in raised.value.message


def _kills_its_worker_always(victim: str, task: Task, options: WorkOptions):
    """A file that takes its whole Dask worker down every time (not only the task's child process)."""
    if task.doc_id == victim:
        import psutil

        psutil.Process().parent().parent().kill()
        time.sleep(60)
    return run_task(task, options)


@pytest.mark.slow
def test_a_file_that_keeps_killing_workers_ends_e602_alone(tmp_path: Path, texts: dict[str, str]) -> None:
    """Dask gives up on a task whose workers keep dying (KilledWorker); its batch is split, and only the file
    that does it fails, named. allowed-failures 0 makes Dask give up at the first death, to keep this short;
    worker-saturation 1.0 (one task per thread, as the executor's own LocalCluster has it) keeps an innocent
    file queued on the dying worker from sharing the blame."""
    import dask

    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(texts)[:10]
    for name in names:
        (folder / name).write_text(texts[name], encoding="utf-8")
    victim = names[4]
    settings = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
    with (
        dask.config.set(settings),
        tempfile.TemporaryDirectory() as space,
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            local_directory=space,
            silence_logs=logging.CRITICAL,
        ) as own,
    ):
        run_batch(
            folder,
            tmp_path / "out",
            RunOptions(executor="dask", scheduler=own.scheduler_address, progress=False),
            work_fn=functools.partial(_kills_its_worker_always, victim),
        )
    errors = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert [(e["doc_id"], e["code"]) for e in errors] == [(victim, "E602")]
    assert "died again and again" in errors[0]["message"]
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == [n for n in names if n != victim]
    again = run_batch(folder, tmp_path / "out", RunOptions(workers=1, progress=False))  # E602 is never stored
    assert (again.reused, again.processed) == (9, 1)


def test_an_object_over_max_bytes_is_e105_before_it_is_read(bucket: str, tmp_path: Path) -> None:
    report = run_batch(bucket, tmp_path / "out", RunOptions(workers=1, progress=False, max_bytes=2_000))
    errors = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert errors and {e["code"] for e in errors} == {"E105"}
    assert all("over the limit of 2,000" in e["message"] for e in errors)
    assert report.manifest.counts["documents"] == 6 - len(errors)
