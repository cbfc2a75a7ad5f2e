"""CPU the pipeline spends per document outside the extractors: what the run itself costs. Prints, never asserts.

    python benchmarks/overhead.py FOLDER [--repeat 3]
    /tmp/base/.venv/bin/python benchmarks/overhead.py FOLDER   # the same for another version, run from its checkout

Runs `run_batch` in this process on one worker and counts CPU time (`time.process_time`, so a loaded machine
inflates it far less than wall time): the whole run without the summary step, the extractor stages alone
(read, figures, entities, facts, metrics, wrapped where the run calls them), and the summary's write. What
remains is the pipeline's own share: finding and hashing files, validating each record, serialising it, the
CSV cells, the store, writing the outputs. Works with any version that has `pipeline.run.batch.run_batch`,
`pipeline.run.work._stage_functions` and `pipeline.outputs.summary.SummaryBuilder.write_files` (or,
before a01d057, `.write`: the summary's write at the end of a run).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's solieu, not the installed one


def measure(folder: Path) -> dict[str, float]:
    """CPU seconds of one cold one-worker run of `folder`: total (no summary), stages, summary."""
    import pipeline.run.batch as batch
    from pipeline.run import work

    stages = work._stage_functions()
    spent = {"stages": 0.0, "summary": 0.0}

    def timed(function):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent["stages"] += time.process_time() - start

        return call

    originals = dict(stages)
    for name in ("read", "figures", "entities", "facts", "metrics"):
        stages[name] = timed(originals[name])
    from pipeline.outputs.summary import SummaryBuilder

    hook = "write_files" if hasattr(SummaryBuilder, "write_files") else "write"  # the run calls write_files
    real_summary = getattr(SummaryBuilder, hook)

    def summary(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return real_summary(*args, **kwargs)
        finally:
            spent["summary"] += time.process_time() - start

    setattr(SummaryBuilder, hook, summary)
    out = Path(tempfile.mkdtemp(prefix="solieu-overhead-"))
    try:
        start = time.process_time()
        batch.run_batch(folder, out / "out", batch.RunOptions(workers=1, progress=False))
        total = time.process_time() - start
    finally:
        stages.update(originals)
        setattr(SummaryBuilder, hook, real_summary)
        shutil.rmtree(out, ignore_errors=True)
    return {"run": total - spent["summary"], "stages": spent["stages"], "summary": spent["summary"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = sum(1 for p in args.folder.rglob("*") if p.is_file())
    from pipeline.run.work import _stage_functions

    _stage_functions()  # import the extractors before the clock starts
    runs = [measure(args.folder) for _ in range(args.repeat)]
    per_doc = {k: statistics.median(r[k] for r in runs) / n * 1000 for k in runs[0]}
    own = per_doc["run"] - per_doc["stages"]
    print(
        f"{n} documents, median of {args.repeat}: CPU ms/doc — run without summary {per_doc['run']:.2f}, "
        f"extractor stages {per_doc['stages']:.2f}, pipeline's own {own:.2f}, summary {per_doc['summary']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
