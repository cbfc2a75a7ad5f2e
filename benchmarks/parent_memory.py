"""The parent process's peak memory on a folder, without waiting for the extractors. Prints, never asserts.

    python benchmarks/parent_memory.py FOLDER --db STORE [--workers 1]
    /tmp/base/.venv/bin/python benchmarks/parent_memory.py FOLDER --db STORE   # another version, from its checkout
    ... --rules-version V      # read a store another version wrote (V: its run.json rules_version)

Runs `solieu run FOLDER` in this process into a fresh output folder with the store `STORE`. When the store
holds every file's result (a run of FOLDER with `--db STORE` made it; the first call of this script does, and
takes as long as that run), the workers have nothing to do and the run is the parent's alone: reading each
result from the store, writing the outputs, building the summary. That is what grows with the folder, so the
parent's `VmHWM` here is its peak in a cold run of the same folder. Prints the peak before the summary is
written, after it, the run's wall and CPU seconds. Needs Linux (`/proc/self/status`).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's solieu, not the installed one


def _memory() -> tuple[float, float]:
    """(VmHWM, VmRSS) of this process in MB."""
    status = Path("/proc/self/status").read_text()
    return tuple(int(status.split(field)[1].split()[0]) / 1024 for field in ("VmHWM:", "VmRSS:"))  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", type=Path, required=True, help="the store (made by the first call)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--rules-version",
        default=None,
        help="take the store's results as this version's (another version's store, its outputs byte-identical)",
    )
    args = parser.parse_args(argv)

    import pipeline.run.batch as batch
    import pipeline.run.cache_key as cache_key
    from pipeline.cli.main import main as solieu

    if args.rules_version:  # the run looks it up in cache_key when it starts, so the store's keys match
        forced = args.rules_version
        cache_key.rules_version = lambda *_, **__: forced
    seen: dict[str, Any] = {}
    # the summary's writer the run calls: write_files since a01d057, write before it
    hook = "write_files" if hasattr(batch.SummaryBuilder, "write_files") else "write"
    write = getattr(batch.SummaryBuilder, hook)

    def measured(self: Any, *rest: Any, **options: Any) -> Any:
        seen["before"] = _memory()[0]
        started = time.perf_counter()
        try:
            return write(self, *rest, **options)
        finally:
            seen["write_s"], seen["after"] = time.perf_counter() - started, _memory()[0]

    setattr(batch.SummaryBuilder, hook, measured)
    out = Path(tempfile.mkdtemp(prefix="parent-memory-"))
    try:
        started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        command = ["run", str(args.folder), "--out", str(out), "--db", str(args.db), "-q"]
        code = solieu([*command, "--workers", str(args.workers)])
        used = resource.getrusage(resource.RUSAGE_SELF)
        wall = time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"{'folder':<28} {'parent peak before summary':>27} {'peak':>8} {'summary':>8} {'wall':>8} {'cpu':>8}")
    print(
        f"{args.folder!s:<28} {seen.get('before', 0):>24.0f} MB {_memory()[0]:>5.0f} MB"
        f" {seen.get('write_s', 0):>6.1f} s {wall:>6.1f} s"
        f" {used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime:>6.1f} s"
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
