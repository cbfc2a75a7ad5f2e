"""OCR pages as units of work (`pipeline.run.pages`): a scan's pages spread over the workers, each page's OCR
kept in the store, the progress bar counting pages, and the same records as a scan OCRed inline.

The scan is the first two pages of the real B03 submission rendered as a scanner would (pdftoppm 200 dpi grey,
then img2pdf: `benchmarks/scans/make_scans.py`); each page costs Tesseract a few seconds, so the module makes it
and its inline reading once.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
from pathlib import Path
from typing import ClassVar

import pytest

from pipeline.outputs.records import to_payload
from pipeline.run import batch
from pipeline.run.batch import RunOptions, run_batch
from pipeline.run.work import Task, WorkOptions, process_file, run_task
from tests.conftest import read_jsonl
from tests.test_ocr import B03, _make_scans, needs_ocr

pytestmark = needs_ocr
SCAN = "B03-scan-2-pages.pdf"


@pytest.fixture(scope="module")
def scan_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scan") / "in"
    folder.mkdir()
    _make_scans().scan_pdf(B03, folder / SCAN, first_pages=2)
    return folder


@pytest.fixture(scope="module")
def inline(scan_folder: Path):
    """The scan read the usual way, every page OCRed inside the file's own task."""
    return process_file(scan_folder / SCAN, scan_folder, SCAN)


def _recording_pids(log: str, task: Task, options: WorkOptions):
    """The unit of work, noting which process ran each OCR page."""
    if task.page:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{task.page} {os.getpid()}\n")
    return run_task(task, options)


def _dies_on_page_two(task: Task, options: WorkOptions):
    if task.page == 2:
        os._exit(11)  # as Tesseract's segfault on a hostile page would
    return run_task(task, options)


class _CountingProgress(batch.Progress):
    seen: ClassVar[list[batch.Progress]] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _CountingProgress.seen.append(self)


def test_a_scans_pages_run_on_every_worker_and_give_the_inline_records(
    scan_folder: Path, inline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert inline.error is None and inline.mentions, "the scan must be readable by OCR at all"
    log = tmp_path / "pages.log"
    monkeypatch.setattr(batch, "Progress", _CountingProgress)
    _CountingProgress.seen.clear()
    out = tmp_path / "out"
    report = run_batch(
        scan_folder, out, RunOptions(workers=2, progress=False), work_fn=functools.partial(_recording_pids, str(log))
    )
    ran = dict(line.split() for line in log.read_text(encoding="utf-8").splitlines())
    assert sorted(ran) == ["1", "2"] and len(set(ran.values())) == 2, "the two pages ran in one worker"
    assert (report.ocr_pages_run, report.ocr_pages_reused) == (2, 0)
    progress = _CountingProgress.seen[-1]
    assert (progress.total, progress.done, progress.pages) == (3, 3, 2)  # one file and its two pages

    document = read_jsonl(out / "documents.jsonl")[0]
    assert document["text"] == inline.document.text
    assert [b["source"] for b in document["blocks"]] == [b.source for b in inline.document.blocks]
    expected = to_payload(inline, "").chunk
    assert expected is not None
    assert (out / "metrics.jsonl").read_bytes() == expected.metrics

    taxonomy = tmp_path / "metrics.toml"  # other rules: the scan is read again, its pages come from the store
    taxonomy.write_text("# no extra metrics\n", encoding="utf-8")
    log.unlink()
    again = run_batch(
        scan_folder,
        out,
        RunOptions(workers=2, progress=False, taxonomy_path=taxonomy),
        work_fn=functools.partial(_recording_pids, str(log)),
    )
    assert again.processed == 1 and (again.ocr_pages_run, again.ocr_pages_reused) == (0, 2)
    assert not log.exists(), "a page was OCRed again"
    assert read_jsonl(out / "documents.jsonl")[0]["text"] == inline.document.text


def test_a_page_that_kills_its_worker_fails_its_file_and_keeps_the_other_page(
    scan_folder: Path, inline, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_batch(scan_folder, out, RunOptions(workers=2, progress=False), work_fn=_dies_on_page_two)
    errors = read_jsonl(out / "errors.jsonl")
    assert [(e["doc_id"], e["code"]) for e in errors] == [(SCAN, "E602")]
    assert errors[0]["message"].startswith(f"{SCAN}: page 2: worker died")
    assert first.ocr_pages_run == 1  # page 1, kept

    resumed = run_batch(scan_folder, out, RunOptions(workers=2, progress=False))  # E602 is never stored
    assert (resumed.ocr_pages_run, resumed.ocr_pages_reused) == (1, 1)
    assert read_jsonl(out / "errors.jsonl") == []
    assert read_jsonl(out / "documents.jsonl")[0]["text"] == inline.document.text


def test_ocr_never_runs_no_page_units(scan_folder: Path, tmp_path: Path) -> None:
    report = run_batch(scan_folder, tmp_path / "out", RunOptions(workers=2, progress=False, ocr="never"))
    assert (report.ocr_pages_run, report.ocr_pages_reused) == (0, 0)
    assert [e["code"] for e in read_jsonl(tmp_path / "out" / "errors.jsonl")] == ["E203"]


@pytest.mark.slow
def test_a_scans_pages_on_dask_give_the_inline_records(scan_folder: Path, inline, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        tempfile.TemporaryDirectory() as scratch,
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            local_directory=scratch,
            silence_logs=logging.CRITICAL,
        ) as cluster,
    ):
        report = run_batch(
            scan_folder,
            tmp_path / "out",
            RunOptions(executor="dask", progress=False, scheduler=cluster.scheduler_address),
        )
    assert (report.ocr_pages_run, report.ocr_pages_reused) == (2, 0)
    assert read_jsonl(tmp_path / "out" / "documents.jsonl")[0]["text"] == inline.document.text
    expected = to_payload(inline, "").chunk
    assert expected is not None and (tmp_path / "out" / "metrics.jsonl").read_bytes() == expected.metrics
