#!/usr/bin/env python3
"""Are two run folders the same? Byte for byte, file by file, as a refactoring promises.

    python scripts/compare_outputs.py OLD_OUT NEW_OUT [--ignore-field NAME ...]

Compares metrics.jsonl, entities.jsonl, documents.jsonl, errors.jsonl, metrics.csv and
summary.{json,md,csv,svg}; run.json is compared without its timings, dates, paths and rules
version, and the folder's own path reads `<OUT>`. `--ignore-field` drops a field from every
JSONL record and JSON object first (for a field added on purpose). Exit 0 when equal, 1 with
the first difference of each file otherwise. Standard library only, so it runs against any two
versions of solieu.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FILES = (
    "metrics.jsonl",
    "entities.jsonl",
    "documents.jsonl",
    "errors.jsonl",
    "metrics.csv",
    "summary.json",
    "summary.md",
    "summary.csv",
    "summary.svg",
)
# `db`: the store's path (options.db), which a comparison of two trees gives each its own
RUN_VOLATILE = ("started", "finished", "timings_s", "rules_version", "input_dir", "out_dir", "solieu_version", "db")


def _drop(value: Any, fields: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _drop(v, fields) for k, v in value.items() if k not in fields}
    if isinstance(value, list):
        return [_drop(v, fields) for v in value]
    return value


def _normalised(path: Path, fields: set[str]) -> list[str]:
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    text = text.replace(str(path.parent), "<OUT>")  # the summary names the folder it summarises
    if not fields or path.suffix not in (".jsonl", ".json"):
        return text.splitlines()
    if path.suffix == ".json":
        return json.dumps(_drop(json.loads(text), fields), ensure_ascii=False, indent=1).splitlines()
    return [json.dumps(_drop(json.loads(line), fields), ensure_ascii=False) for line in text.splitlines()]


def compare(old: Path, new: Path, ignore: set[str]) -> list[str]:
    problems = []
    for name in FILES:
        a, b = _normalised(old / name, ignore), _normalised(new / name, ignore)
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            shown = (a[at] if at < len(a) else "<end>")[:300], (b[at] if at < len(b) else "<end>")[:300]
            problems.append(
                f"{name}: line {at + 1} differs ({len(a)} vs {len(b)} lines)\n  - {shown[0]}\n  + {shown[1]}"
            )
    runs = [json.loads((d / "run.json").read_text(encoding="utf-8")) for d in (old, new)]
    cleaned = [_drop(r, set(RUN_VOLATILE) | ignore) for r in runs]
    if cleaned[0] != cleaned[1]:
        problems.append("run.json differs beyond timings and versions")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--ignore-field", action="append", default=[], metavar="NAME")
    args = parser.parse_args(argv)
    problems = compare(args.old, args.new, set(args.ignore_field))
    for p in problems:
        print(p)
    print("identical" if not problems else f"{len(problems)} file(s) differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
