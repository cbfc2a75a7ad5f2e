#!/usr/bin/env python3
"""Run the whole reliability suite (tests/test_reliability.py at full size) and quote its totals.

    python scripts/reliability.py            # ~1,000 files, 10 kills, 6 disk-full points, 5 damaged stores
    python scripts/reliability.py --small    # the version CI runs

Prints: files tried, bad inputs tried, faults survived, runs, records lost (must be 0). Exit status is
pytest's, so a failed check fails the script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the small version CI runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="solieu-reliability-") as work:
        tally = Path(work) / "tally.jsonl"
        env = {**os.environ, "SOLIEU_RELIABILITY_TALLY": str(tally)}
        if not args.small:
            env["SOLIEU_RELIABILITY"] = "full"
        status = subprocess.call(
            [sys.executable, "-m", "pytest", "tests/test_reliability.py", "-q", "-p", "no:cacheprovider"],
            cwd=REPO,
            env=env,
        )
        totals = {"files": 0, "bad_inputs": 0, "faults": 0, "runs": 0, "lost": 0}
        if tally.exists():
            for line in tally.read_text(encoding="utf-8").splitlines():
                for key, value in json.loads(line).items():
                    totals[key] = totals.get(key, 0) + value
    print(
        f"reliability ({'small' if args.small else 'full'}): {totals['files']} files tried "
        f"({totals['bad_inputs']} bad inputs), {totals['faults']} faults survived over {totals['runs']} runs, "
        f"{totals['lost']} records lost"
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
