"""Throughput, memory and size of `solieu run` on folders built from the real corpus articles; prints a table.

    python benchmarks/bench.py                       # 2000 documents of ~4 KB, 1 and 2 workers, warm re-run
    python benchmarks/bench.py --baseline /tmp/base  # the same, each figure beside the previous release's
    python benchmarks/bench.py --rss 1000,10000,50000 --warm 10000   # peak RSS by folder size, warm 10k
    python benchmarks/bench.py --smoke               # 60 documents: checks the benchmark itself runs (CI)

Documents are recombined from paragraphs of different articles (seeded, so every
run builds the same folder), never one file copied. Each run is a separate
`python -m pipeline run` process, so peak RSS is that process's (and its
workers') own. `--baseline DIR` names a checkout of another version with its own
virtual environment in `DIR/.venv` (e.g. `git worktree add /tmp/base fb71818`,
then `python3 -m venv .venv && .venv/bin/pip install -e .` there): its runs are
paired with ours, one after the other on the same folder, so both see the same
load. Prints, never asserts: speed is not a unit test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "samples"
TARGETS = {
    "docs/s, 1 worker": "≥ 250 (500)",
    "speed-up, 2 workers": "≥ 1.7×",
    "warm re-run 10k": "≤ 1 s",
    "peak RSS 50k": "≤ 300 MB",
    "store per 4 KB doc": "≤ 12 KB",
    "solieu --help": "≤ 0.1 s",
}
OUTPUTS = (
    "metrics.jsonl",
    "documents.jsonl",
    "entities.jsonl",
    "errors.jsonl",
    "metrics.csv",
    "summary.json",
    "summary.md",
    "summary.csv",
    "run.json",
)
# Runs the CLI with the summary's writing wrapped, to learn the parent's peak memory before it apart from
# the writing's own. The summary is written by `SummaryBuilder.write` (built as the outputs stream) or, in
# versions before the incremental summary, by `_write_summary` of the run's batch module (built at the end).
_WRAPPED = """
import json, os, resource, sys
try:
    import pipeline.run.batch as batch
except ImportError:  # a release before pipeline/ was grouped by job
    import pipeline.batch as batch
builder = getattr(batch, "SummaryBuilder", None)  # the run calls write_files (since a01d057), write before it
hook = next((name for name in ("write_files", "write") if hasattr(builder, name)), None)
owner, hook = (builder, hook) if hook else (batch, "_write_summary")
real = getattr(owner, hook)
def measured(*args, **kwargs):
    status = open("/proc/self/status").read()  # VmHWM: this process's own peak (ru_maxrss spans an exec)
    own = int(status.split("VmHWM:")[1].split()[0]) if "VmHWM:" in status else 0
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(os.environ["SOLIEU_BENCH_RSS"], "w") as handle:
        json.dump({"parent_kb": own, "workers_kb": workers}, handle)
    return real(*args, **kwargs)
setattr(owner, hook, measured)
try:
    from pipeline.cli.main import main
except ImportError:  # before pipeline/cli/ was a package
    from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Version:
    """A solieu to measure: its checkout and its interpreter."""

    name: str
    root: Path
    python: Path


@dataclass
class Run:
    """One `solieu run`: wall time, memory, and what it wrote."""

    wall: float
    cpu: float  # user + system seconds of the run and its workers
    rss_mb: float
    parent_before_summary_mb: float | None
    manifest: dict
    sizes: dict[str, int] = field(default_factory=dict)


def source_paragraphs() -> list[list[str]]:
    """Paragraphs of every real .txt article (the shared corpus, else the project's samples)."""
    folder = CORPUS if CORPUS.is_dir() else SAMPLES
    articles = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not articles:
        sys.exit(f"bench: no .txt articles in {folder}")
    return [[line for line in a.split("\n") if line.strip()] for a in articles]


def build_folder(folder: Path, n: int, size: int = 4096, seed: int = 7) -> int:
    """n documents of about `size` bytes: runs of paragraphs from several articles; returns total bytes.

    Document i is the same for every n, so a 10k folder is the 2k folder plus 8k more.
    """
    articles = source_paragraphs()
    total = 0
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        parts: list[str] = []
        while sum(len(p.encode()) + 1 for p in parts) < size:
            article = rng.choice(articles)
            start = rng.randrange(len(article))
            parts += article[start : start + rng.randint(1, 4)]
        data = "\n".join(parts).encode("utf-8")[: size + 512].decode("utf-8", "ignore").encode("utf-8")
        target = folder / f"{i // 500:03d}" / f"doc-{i:05d}.txt"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        total += len(data)
    return total


def _size_figures(run: Run, size: int) -> list[float | None]:
    """One run of the peak-RSS series: its peak, the parent's peak before the summary, its docs/s."""
    return [run.rss_mb, run.parent_before_summary_mb, size / run.wall]


def solieu_run(version: Version, folder: Path, out: Path, workers: int) -> Run:
    """One `solieu run` of `version` as its own process: wall, peak RSS (wait4), memory before the summary."""
    rss_file = out.with_name(out.name + ".rss.json")
    command = [str(version.python), "-c", _WRAPPED, "run", str(folder), "--out", str(out), "--workers", str(workers)]
    env = {**os.environ, "SOLIEU_BENCH_RSS": str(rss_file)}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=version.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {version.name} solieu run failed:\n{stderr}")
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    before = None
    if rss_file.exists():
        measured = json.loads(rss_file.read_text(encoding="utf-8"))
        before = measured["parent_kb"] / 1024
        rss_file.unlink()
    sizes = {name: (out / name).stat().st_size for name in OUTPUTS if (out / name).exists()}
    store = out / ".solieu" / "store.sqlite"
    sizes["store"] = sum(p.stat().st_size for p in store.parent.glob("store.sqlite*")) if store.exists() else 0
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, before, manifest, sizes)


def compile_sources(version: Version) -> None:
    """Write the bytecode an installed solieu has, so every run times the program, not the compiler.

    An editable install compiles nothing, and with PYTHONDONTWRITEBYTECODE set (as on the development
    machine) each run compiled every module again: 0.4-0.6 s more on a warm re-run of 10,000 documents.
    """
    packages = [str(version.root / name) for name in ("pipeline", "extractors", "schemas")]
    subprocess.run([str(version.python), "-m", "compileall", "-q", *packages], check=False, stdout=subprocess.DEVNULL)


def help_seconds(version: Version, repeat: int = 7) -> float:
    """Best wall time of `solieu --help` (the venv's installed script if there is one)."""
    script = version.python.parent / "solieu"
    command = [str(script), "--help"] if script.exists() else [str(version.python), "-m", "pipeline", "--help"]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=version.root, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


class Table:
    """Rows of (measure, ours, baseline, ratio), printed aligned."""

    def __init__(self, baseline: bool) -> None:
        self.baseline = baseline
        self.rows: list[tuple[str, str, str, str]] = []

    def add(
        self,
        measure: str,
        ours: float | None,
        base: float | None = None,
        fmt: str = "{:.2f}",
        higher_is_better: bool = True,
    ) -> None:
        shown = fmt.format(ours) if ours is not None else "—"
        base_shown, ratio = "", ""
        if self.baseline:
            base_shown = fmt.format(base) if base is not None else "—"
            if ours and base:
                factor = ours / base if higher_is_better else base / ours
                ratio = f"{factor:.2f}×"
        self.rows.append((measure, shown, base_shown, ratio))

    def print(self) -> None:
        head = ("measure", "this version", "baseline", "better by") if self.baseline else ("measure", "value")
        rows = [head] + [r[: len(head)] for r in self.rows]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        for i, row in enumerate(rows):
            cells = zip(row, widths, strict=True)
            print("  ".join(cell.ljust(w) if j == 0 else cell.rjust(w) for j, (cell, w) in enumerate(cells)))
            if i == 0:
                print("  ".join("-" * w for w in widths))


def stage_ms(run: Run) -> dict[str, float]:
    """Mean ms per processed document of each stage the workers timed."""
    timings = run.manifest["timings_s"]
    processed = max(1, run.manifest["counts"]["files"])
    return {k[len("stage_") :]: v / processed * 1000 for k, v in timings.items() if k.startswith("stage_")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="documents for the speed runs (default 2000)")
    parser.add_argument("--rss", default="", help="folder sizes for the peak-RSS series, e.g. 1000,10000,50000")
    parser.add_argument(
        "--rss-baseline-max",
        type=int,
        default=10_000,
        help="largest RSS size also run with the baseline (default 10000)",
    )
    parser.add_argument("--warm", type=int, default=0, help="warm re-run of this many documents (default: --n)")
    parser.add_argument("--baseline", type=Path, default=None, help="a checkout of the previous release with .venv")
    parser.add_argument(
        "--repeat", type=int, default=1, help="speed runs per version and worker count, the median kept (default 1)"
    )
    parser.add_argument("--smoke", action="store_true", help="60 documents, to check the benchmark runs")
    parser.add_argument("--keep", type=Path, default=None, help="build and run in this folder and keep it")
    args = parser.parse_args()
    n = 60 if args.smoke else args.n
    ours = Version("ours", REPO, Path(sys.executable))
    base = None
    if args.baseline is not None:
        python = args.baseline / ".venv" / "bin" / "python"
        if not python.exists():
            sys.exit(f"bench: no {python}; make a venv in the baseline checkout and install it there")
        base = Version("baseline", args.baseline.resolve(), python)
    versions = [v for v in (ours, base) if v is not None]
    for version in versions:
        compile_sources(version)
    rss_sizes = sorted({int(x) for x in args.rss.split(",") if x.strip()})
    warm_n = args.warm or n

    work = args.keep or Path(tempfile.mkdtemp(prefix="solieu-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    table = Table(base is not None)
    try:
        biggest = max([n, warm_n, *rss_sizes])
        folder = work / "in"
        total_bytes = build_folder(folder, n)
        print(
            f"documents: {n} (~{total_bytes / n / 1024:.1f} KB each, {total_bytes / 1e6:.1f} MB) from "
            f"{'the shared corpus' if CORPUS.is_dir() else 'samples/'}; load average "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if biggest > n:
            print(f"(building up to {biggest} documents for the RSS and warm runs)", flush=True)

        # speed: cold runs, 1 and 2 workers, each version in turn on the same folder
        cold: dict[tuple[str, int], Run] = {}
        tries: dict[tuple[str, int], list[Run]] = {}
        for _ in range(args.repeat):
            for workers in (1, 2):
                for version in versions:
                    out = work / f"{version.name}-{workers}w"
                    shutil.rmtree(out, ignore_errors=True)
                    run = solieu_run(version, folder, out, workers)
                    tries.setdefault((version.name, workers), []).append(run)
                    print(
                        f"  {version.name}, {workers} worker(s): {run.wall:.1f} s wall, {run.cpu:.1f} s CPU", flush=True
                    )
        for key, tried in tries.items():
            cold[key] = sorted(tried, key=lambda r: r.wall)[len(tried) // 2]  # the median run

        def both(key: tuple[str, int], measure) -> tuple[float | None, float | None]:
            mine = measure(cold[("ours", key[1])])
            theirs = measure(cold[("baseline", key[1])]) if base else None
            return mine, theirs

        for workers in (1, 2):
            table.add(
                f"docs/s, {workers} worker{'s' if workers > 1 else ''}",
                *both(("", workers), lambda r: n / r.wall),
                fmt="{:.0f}",
            )
            table.add(
                f"MB/s, {workers} worker{'s' if workers > 1 else ''}",
                *both(("", workers), lambda r: total_bytes / 1e6 / r.wall),
            )
        table.add(
            "CPU ms/doc, 1 worker (user + system)", *both(("", 1), lambda r: r.cpu / n * 1000), higher_is_better=False
        )
        table.add(
            "speed-up of 2 workers over 1",
            cold["ours", 1].wall / cold["ours", 2].wall,
            cold["baseline", 1].wall / cold["baseline", 2].wall if base else None,
            fmt="{:.2f}×",
        )
        table.add(
            "process phase (extraction; ours streams the outputs in it), docs/s, 1 worker",
            *both(("", 1), lambda r: n / r.manifest["timings_s"]["process"]),
            fmt="{:.0f}",
        )
        table.add(
            "serial end (summary + export), s (2 workers)",
            *both(
                ("", 2),
                lambda r: (
                    r.manifest["timings_s"].get("summary", 0)
                    + r.manifest["timings_s"].get("export", 0)
                    + r.manifest["timings_s"].get("write", 0)
                ),
            ),
            higher_is_better=False,
        )
        ours_stages, base_stages = stage_ms(cold["ours", 1]), stage_ms(cold["baseline", 1]) if base else {}
        for stage in sorted(set(ours_stages) | set(base_stages), key=lambda s: -ours_stages.get(s, 0)):
            table.add(f"ms/doc, stage {stage}", ours_stages.get(stage), base_stages.get(stage), higher_is_better=False)
        for name in (*OUTPUTS, "store"):
            table.add(
                f"bytes/doc, {name}",
                *both(("", 1), lambda r, k=name: r.sizes.get(k, 0) / n),
                fmt="{:.0f}",
                higher_is_better=False,
            )
        table.add(
            "peak RSS MB, cold 1 worker (n above)",
            *both(("", 1), lambda r: r.rss_mb),
            fmt="{:.0f}",
            higher_is_better=False,
        )

        # memory by folder size (2 workers, the default), and the warm re-run
        for size in rss_sizes:
            build_folder(work / f"in-{size}", size)
            runs: dict[str, Run] = {}
            for version in versions:
                if version is base and size > args.rss_baseline_max:
                    continue
                out = work / f"{version.name}-rss-{size}"
                shutil.rmtree(out, ignore_errors=True)
                runs[version.name] = solieu_run(version, work / f"in-{size}", out, 2)
                print(
                    f"  {version.name}, {size} docs, 2 workers: {runs[version.name].wall:.1f} s, "
                    f"peak {runs[version.name].rss_mb:.0f} MB",
                    flush=True,
                )
            labels = [
                (f"peak RSS MB, {size:,} docs (2 workers)", False),
                (f"  of which the parent before the summary, {size:,} docs", False),
                (f"docs/s, {size:,} docs (2 workers)", True),
            ]
            our_figures = _size_figures(runs["ours"], size)
            their_figures = _size_figures(runs["baseline"], size) if "baseline" in runs else [None] * len(labels)
            for (label, higher), mine, theirs in zip(labels, our_figures, their_figures, strict=True):
                table.add(label, mine, theirs, fmt="{:.0f}", higher_is_better=higher)

        warm_folder = folder if warm_n == n else work / f"in-{warm_n}"
        if warm_n != n:
            build_folder(warm_folder, warm_n)
        warm: dict[str, float] = {}
        for version in versions:
            out = work / (f"{version.name}-1w" if warm_n == n else f"{version.name}-rss-{warm_n}")
            if not (out / "run.json").exists():
                solieu_run(version, warm_folder, out, 2)
            run = solieu_run(version, warm_folder, out, 1)
            if run.manifest["timings_s"]["process"] > 0.5:
                print(f"bench: {version.name}'s warm run re-processed files (did the rules change meanwhile?)")
            warm[version.name] = run.wall
        table.add(
            f"warm re-run of {warm_n:,} unchanged docs, s", warm["ours"], warm.get("baseline"), higher_is_better=False
        )
        table.add(
            "solieu --help, s",
            help_seconds(ours),
            help_seconds(base) if base else None,
            fmt="{:.3f}",
            higher_is_better=False,
        )
        print()
        table.print()
        print("\ntargets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items()))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
