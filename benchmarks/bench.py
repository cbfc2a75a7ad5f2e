"""Throughput of `solieu run` on folders built from the real corpus articles. Prints, never asserts.

    python benchmarks/bench.py            # 2000 documents of ~4 KB
    python benchmarks/bench.py --n 10000  # the warm re-run and peak-RSS targets are stated for 10,000
    python benchmarks/bench.py --smoke    # 60 documents: checks the benchmark itself runs (CI)

Documents are recombined from paragraphs of different articles (seeded, so every
run builds the same folder), never one file copied. Each run is a separate
`python -m pipeline run` process, so peak RSS is that process's (and its
workers') own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "samples"
TARGETS = {"docs_per_s_1_worker": 500, "speedup_2_workers": 1.8, "warm_rerun_10k_s": 3.0, "peak_rss_mb": 300,
           "help_s": 0.3}


def source_paragraphs() -> list[list[str]]:
    """Paragraphs of every real .txt article (the shared corpus, else the project's samples)."""
    folder = CORPUS if CORPUS.is_dir() else SAMPLES
    articles = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not articles:
        sys.exit(f"bench: no .txt articles in {folder}")
    return [[line for line in a.split("\n") if line.strip()] for a in articles]


def build_folder(folder: Path, n: int, size: int = 4096, seed: int = 7) -> int:
    """n documents of about `size` bytes: runs of paragraphs from several articles; returns total bytes."""
    rng = random.Random(seed)
    articles = source_paragraphs()
    total = 0
    for i in range(n):
        parts: list[str] = []
        while sum(len(p.encode()) + 1 for p in parts) < size:
            article = rng.choice(articles)
            start = rng.randrange(len(article))
            parts += article[start:start + rng.randint(1, 4)]
        data = "\n".join(parts).encode("utf-8")[: size + 512].decode("utf-8", "ignore").encode("utf-8")
        target = folder / f"{i // 500:03d}" / f"doc-{i:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total += len(data)
    return total


def run(folder: Path, out: Path, workers: int) -> tuple[float, float, dict]:
    """(wall seconds, peak RSS MB of the run and its workers, run.json) of one `solieu run`."""
    command = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out),
               "--workers", str(workers)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: solieu run failed:\n{stderr}")
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return wall, usage.ru_maxrss / 1024, manifest


def stage_medians_ms(db: Path) -> dict[str, float]:
    """Median milliseconds per document of each stage the store timed."""
    per_stage: dict[str, list[float]] = {}
    with sqlite3.connect(db) as conn:
        for (timings,) in conn.execute("SELECT timings FROM results"):
            for stage, seconds in json.loads(timings).items():
                per_stage.setdefault(stage, []).append(seconds * 1000)
    return {stage: statistics.median(values) for stage, values in per_stage.items()}


def normalise_median_ms(folder: Path, sample: int = 200) -> float | None:
    """Median ms of the reader's text normalisation alone (part of 'read'), on the built documents."""
    try:
        sys.path.insert(0, str(REPO))
        from pipeline.readers.normalize import normalize_text
    except ImportError:
        return None
    times = []
    for path in sorted(folder.rglob("*.txt"))[:sample]:
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        normalize_text(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def help_seconds(repeat: int = 5) -> float:
    """Best wall time of `solieu --help` (the installed script if there is one)."""
    script = shutil.which("solieu", path=str(Path(sys.executable).parent))
    command = [script, "--help"] if script else [sys.executable, "-m", "pipeline", "--help"]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="documents to build (default 2000)")
    parser.add_argument("--smoke", action="store_true", help="60 documents, to check the benchmark runs")
    parser.add_argument("--keep", type=Path, default=None, help="build and run in this folder and keep it")
    args = parser.parse_args()
    n = 60 if args.smoke else args.n

    work = args.keep or Path(tempfile.mkdtemp(prefix="solieu-bench-"))
    try:
        folder = work / "in"
        if folder.exists():
            shutil.rmtree(folder)
        total_bytes = build_folder(folder, n)
        print(f"documents: {n} (~{total_bytes / n / 1024:.1f} KB each, {total_bytes / 1e6:.1f} MB) from "
              f"{'the shared corpus' if CORPUS.is_dir() else 'samples/'}")
        for name in ("one", "two"):
            shutil.rmtree(work / name, ignore_errors=True)

        wall1, rss1, manifest1 = run(folder, work / "one", workers=1)
        process1 = manifest1["timings_s"]["process"]
        print(f"1 worker : {n / wall1:7.0f} docs/s  {total_bytes / 1e6 / wall1:6.2f} MB/s  "
              f"(wall {wall1:.2f} s; "
              f"extraction alone {n / process1:.0f} docs/s)  peak RSS {rss1:.0f} MB")
        wall2, rss2, manifest2 = run(folder, work / "two", workers=2)
        print(f"2 workers: {n / wall2:7.0f} docs/s  {total_bytes / 1e6 / wall2:6.2f} MB/s  "
              f"(wall {wall2:.2f} s)  "
              f"peak RSS {rss2:.0f} MB  speed-up {wall1 / wall2:.2f}x "
              f"(extraction alone {process1 / manifest2['timings_s']['process']:.2f}x)")

        medians = stage_medians_ms(work / "one" / ".solieu" / "store.sqlite")
        normalise = normalise_median_ms(folder)
        stages = [f"read {medians.get('read', 0):.2f}"]
        if normalise is not None:
            stages.append(f"(of which normalise {normalise:.2f})")
        stages += [f"{s} {medians[s]:.2f}" for s in ("figures", "entities", "facts", "metrics")
                   if s in medians]
        stages.append(f"write {manifest1['timings_s']['write'] / n * 1000:.2f}")
        print("median ms/doc by stage: " + ", ".join(stages))

        warm_wall, warm_rss, warm = run(folder, work / "one", workers=1)
        warm_s = warm["timings_s"]
        if warm["counts"]["files"] != n or warm_s["process"] > 0.5:
            print("bench: the warm run re-processed files (did the rules change meanwhile?)")
        print(f"warm re-run of {n} unchanged docs: {warm_wall:.2f} s wall "
              f"(in-process {warm_s['total']:.2f} s: "
              f"scan {warm_s['scan']:.2f}, hash check {warm_s['hash']:.2f}, write {warm_s['write']:.2f})  "
              f"peak RSS {warm_rss:.0f} MB")
        print(f"solieu --help: {help_seconds():.3f} s")
        print("targets: " + ", ".join(f"{k} {v}" for k, v in TARGETS.items()))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
