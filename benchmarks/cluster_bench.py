"""The process pool against a 2-worker Dask LocalCluster on the same folder, the cost of a task, and what a
province's archive would take on N workers.

    python benchmarks/cluster_bench.py                     # ../shared/corpus, 2 workers, 2 OCR pages timed
    python benchmarks/cluster_bench.py FOLDER --workers 4  # another folder, more workers
    python benchmarks/cluster_bench.py --no-ocr            # without timing OCR (no Tesseract here)

What it measures, each as one table row:

* docs/s of `run_batch` on the folder with the pool, and with `--executor dask` on a LocalCluster of as many
  worker processes: once on a cluster just started (each worker's sidecar loads the rules: the cold start a
  small run pays) and once more on the same, warm, cluster (a fresh output folder, so nothing comes from the
  store: the steady state of a long run);
* the client's own CPU per document (the one writer: store, outputs, Dask's client side), which bounds a
  cluster's throughput however many workers it has;
* the overhead of a task: an empty unit of work mapped over 400 tasks by each executor, in worker-slot ms per
  task (wall time x workers / tasks): the pool, Dask with one file per Dask task, Dask with its batches;
* bytes sent per document each way (the task, the packed result with its output bytes);
* an OCR page's cost (Tesseract on the first pages of samples/B03 scanned at 200 dpi, one thread);

then a paper estimate for 1 M documents and 10 M OCR pages on N single-thread workers: (work per unit +
overhead per task) x units / N, or the client's CPU per unit x units when that is larger (it then says so).
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract on one thread, as each worker runs it

from pipeline.outputs.records import Payload  # noqa: E402
from pipeline.run.batch import RunOptions, RunReport, run_batch  # noqa: E402
from pipeline.run.executors import Executor, PoolExecutor  # noqa: E402
from pipeline.run.work import Task, WorkOptions, failure_payload  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
EMPTY_TASKS = 400
SCALES = (8, 32, 128, 512)


def empty_work(task: Task, options: WorkOptions) -> Payload:
    """A unit of work that does nothing but answer: what is left of a task's time is the executor's."""
    return failure_payload(task, "E603", "benchmark")


@dataclass
class Timed:
    seconds: float
    client_cpu: float
    report: RunReport | None = None


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_run(folder: Path, out: Path, options: RunOptions) -> Timed:
    shutil.rmtree(out, ignore_errors=True)
    cpu, start = _client_cpu(), time.perf_counter()
    report = run_batch(folder, out, options)
    return Timed(time.perf_counter() - start, _client_cpu() - cpu, report)


def timed_map(executor: Executor, n: int, folder: Path) -> float:
    """Seconds to map `empty_work` over `n` tasks (named after the folder's files, which it never reads)."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    tasks = [
        Task(doc_id=f"t{i:05d}.txt", path=str(files[i % len(files)].resolve()), root=str(folder.resolve()), key=f"k{i}")
        for i in range(n)
    ]
    start = time.perf_counter()
    count = sum(1 for _ in executor.map(tasks, WorkOptions()))
    assert count == n
    return time.perf_counter() - start


def worker_seconds(report: RunReport) -> float:
    """The CPU the workers spent in the stages they time, summed over the run's documents."""
    return sum(v for k, v in report.manifest.timings_s.items() if k.startswith("stage_"))


def ocr_seconds_per_page(pages: int) -> float | None:
    """Mean seconds of one OCR page (render, OSD, Tesseract, clean-up) on a scan of samples/B03, or None."""
    import importlib.util

    from pipeline.readers.ocr_options import OcrOptions
    from pipeline.readers.ocr_pages import ocr_pdf_page

    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "benchmarks" / "scans" / "make_scans.py")
    assert spec is not None and spec.loader is not None
    scans = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scans)
    with tempfile.TemporaryDirectory() as tmp:
        scan = Path(tmp) / "scan.pdf"
        try:
            scans.scan_pdf(
                ROOT / "samples" / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf", scan, first_pages=pages
            )
        except (OSError, FileNotFoundError) as exc:
            print(f"(no OCR timing: {exc})", file=sys.stderr)
            return None
        data = scan.read_bytes()
    times = []
    for number in range(1, pages + 1):
        start = time.perf_counter()
        page = ocr_pdf_page(data, number, OcrOptions())
        if page.unavailable or page.failed:
            print(f"(no OCR timing: {page.unavailable or page.failed})", file=sys.stderr)
            return None
        times.append(time.perf_counter() - start)
    return sum(times) / len(times)


def bytes_per_document(out: Path, docs: int) -> tuple[float, float]:
    """(mean packed result, mean output bytes) of a document: what a worker sends back."""
    with sqlite3.connect(out / ".solieu" / "store.sqlite") as db:
        blob = db.execute("SELECT avg(length(blob)) FROM results").fetchone()[0] or 0.0
    written = sum(
        (out / name).stat().st_size
        for name in ("documents.jsonl", "metrics.jsonl", "entities.jsonl", "errors.jsonl", "metrics.csv")
        if (out / name).exists()
    )
    return float(blob), written / max(1, docs)


def task_bytes(folder: Path) -> float:
    """Mean bytes of one file's share of a Dask task (its Task and the work options, pickled)."""
    tasks = [Task(doc_id=p.name, path=str(p), root=str(folder), key="0" * 64) for p in sorted(folder.iterdir())[:8]]
    return len(pickle.dumps((tasks, WorkOptions()))) / max(1, len(tasks))


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=int, default=2, help="OCR pages to time (default 2)")
    parser.add_argument("--no-ocr", action="store_true", help="do not time OCR")
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of the pool and of the warm cluster, alternated; the fastest of each is shown",
    )
    args = parser.parse_args(argv)
    import distributed

    from pipeline.run.cluster import DaskExecutor

    folder, workers = args.folder, args.workers
    scratch = Path(tempfile.mkdtemp(prefix="solieu-cluster-bench-"))
    rows: list[tuple[str, str]] = []
    try:
        on_pool = RunOptions(workers=workers, progress=False)
        pools = [timed_run(folder, scratch / "pool", on_pool)]  # the first also loads the rules in this process
        docs = pools[0].report.processed if pools[0].report else 0
        start = time.perf_counter()
        with distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
            local_directory=str(scratch / "dask-space"),
        ) as cluster:
            started = time.perf_counter() - start
            on_dask = RunOptions(executor="dask", scheduler=cluster.scheduler_address, progress=False)
            cold = timed_run(folder, scratch / "dask-cold", on_dask)
            warms = []
            for _ in range(max(1, args.repeat)):  # alternated, so both see the same load of a shared machine
                warms.append(timed_run(folder, scratch / "dask-warm", on_dask))
                pools.append(timed_run(folder, scratch / "pool", on_pool))
            warm, pool = min(warms, key=lambda r: r.seconds), min(pools[1:], key=lambda r: r.seconds)
            assert warm.report is not None
            empty_pool = timed_map(PoolExecutor(workers, work_fn=empty_work), EMPTY_TASKS, folder)
            empty_one = timed_map(
                DaskExecutor(scheduler=cluster.scheduler_address, work_fn=empty_work, announce=False, files_per_task=1),
                EMPTY_TASKS,
                folder,
            )
            cpu = _client_cpu()
            empty_batched = timed_map(
                DaskExecutor(scheduler=cluster.scheduler_address, work_fn=empty_work, announce=False),
                EMPTY_TASKS,
                folder,
            )
            client_per_empty = (_client_cpu() - cpu) / EMPTY_TASKS
        per_doc_work = worker_seconds(warm.report) / docs
        client_per_doc = warm.client_cpu / docs
        blob, written = bytes_per_document(scratch / "dask-warm", docs)
        page_s = None if args.no_ocr else ocr_seconds_per_page(args.pages)

        def slot_ms(seconds: float) -> float:
            return seconds * workers / EMPTY_TASKS * 1000

        rows += [
            (
                f"pool, {workers} workers",
                f"{docs / pool.seconds:.1f} docs/s ({pool.seconds:.1f} s for {docs} docs; best of {len(pools) - 1})",
            ),
            (f"Dask LocalCluster start, {workers} workers", f"{started:.1f} s"),
            (
                "Dask, cluster just started",
                f"{docs / cold.seconds:.1f} docs/s ({cold.seconds:.1f} s: the workers load the rules)",
            ),
            ("Dask, warm cluster", f"{docs / warm.seconds:.1f} docs/s ({warm.seconds:.1f} s; best of {len(warms)})"),
            ("worker time per document (stages, warm Dask)", f"{per_doc_work * 1000:.0f} ms"),
            ("client CPU per document (Dask run)", f"{client_per_doc * 1000:.1f} ms"),
            ("overhead per task: pool", f"{slot_ms(empty_pool):.2f} ms"),
            ("overhead per task: Dask, 1 file a task", f"{slot_ms(empty_one):.2f} ms"),
            ("overhead per task: Dask, batched (≤8 files)", f"{slot_ms(empty_batched):.2f} ms per file"),
            ("client CPU per task: Dask, batched", f"{client_per_empty * 1000:.2f} ms per file"),
            (
                "bytes per document: sent / returned",
                f"{task_bytes(folder):.0f} B / {blob + written:,.0f} B (packed {blob:,.0f} + output {written:,.0f})",
            ),
        ]
        if page_s is not None:
            rows.append(("OCR page (200 dpi scan, 1 thread)", f"{page_s:.2f} s"))
        width = max(len(name) for name, _ in rows)
        print(f"{'measure':<{width}}  value")
        for name, value in rows:
            print(f"{name:<{width}}  {value}")

        print()
        print(
            "paper estimate, single-thread workers (work + overhead per unit) x units / N, "
            "or the client's CPU per unit x units when larger (*)"
        )
        per_file = per_doc_work + slot_ms(empty_batched) / 1000
        per_page = (page_s or 0.0) + slot_ms(empty_one) / 1000
        head = f"{'N workers':>10}  {'1 M documents':>15}"
        if page_s is not None:
            head += f"  {'10 M OCR pages':>15}"
        print(head)
        for n in SCALES:
            docs_s = max(1e6 * per_file / n, 1e6 * client_per_doc)
            line = f"{n:>10}  {_duration(docs_s) + ('*' if docs_s == 1e6 * client_per_doc else ''):>15}"
            if page_s is not None:
                pages_s = max(1e7 * per_page / n, 1e7 * client_per_empty)
                line += f"  {_duration(pages_s) + ('*' if pages_s == 1e7 * client_per_empty else ''):>15}"
            print(line)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
