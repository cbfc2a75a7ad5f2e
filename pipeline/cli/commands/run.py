"""`solieu run INPUT_DIR`: every file of a folder into metrics, documents, entities, errors and a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS_DEFAULT = "jsonl,csv"


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _formats(text: str) -> tuple[str, ...]:
    known = ("jsonl", "csv", "parquet", "sqlite")
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in known]
    if unknown:
        message = f"unknown format {', '.join(unknown)}; choose from {', '.join(known)}"
        raise argparse.ArgumentTypeError(message)
    return tuple(dict.fromkeys(("jsonl", *chosen)))  # JSONL is the run's own output, always written


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run", help="extract figures and entities from every file of a folder",
        description="Read every .txt/.docx/.pdf/.html under INPUT_DIR and write metrics.jsonl, "
        "documents.jsonl, entities.jsonl, errors.jsonl, metrics.csv, summary.* and run.json. Unchanged files "
        "are taken from "
        "the store; a run stopped midway resumes where it was.",
    )
    parser.add_argument("input_dir", type=Path, metavar="INPUT_DIR")
    parser.add_argument("--out", type=Path, default=Path("solieu-out"),
                        help="output folder (default solieu-out/)")
    parser.add_argument("--workers", type=_positive_int, default=None,
                        help="worker processes (default: the number of cores; 1 runs in-process)")
    parser.add_argument("--db", type=Path, default=None,
                        help="store/cache file (default OUT/.solieu/store.sqlite); share it between runs")
    parser.add_argument("--metrics", type=Path, default=None, metavar="TOML",
                        help="your metric taxonomy, added to the built-in one")
    parser.add_argument("--rules", type=Path, default=None, metavar="DIR",
                        help="your own figures.toml / count_nouns.txt / doc_types.tsv, added to the built-in "
                        "rules (same as the SOLIEU_RULES environment variable)")
    parser.add_argument("--max-bytes", type=_positive_int, default=20_000_000,
                        help="larger files fail with E105 (default 20000000)")
    parser.add_argument("--timeout", type=_positive_float, default=120.0,
                        help="seconds per file before it fails with E601 (default 120); a timeout is stored, "
                        "and tried again only with a larger --timeout or --retry-failed")
    parser.add_argument("--retry-failed", action="store_true",
                        help="process again the files whose stored result is a timeout (E601)")
    parser.add_argument("--follow-links", action="store_true",
                        help="also follow symlinks that point outside INPUT_DIR (by default they are skipped)")
    parser.add_argument("--formats", type=_formats, default=_formats(FORMATS_DEFAULT),
                        help="outputs: jsonl,csv,parquet,sqlite (default jsonl,csv)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.errors import SolieuError

    if args.rules is not None:
        if not args.rules.is_dir():
            raise SolieuError("E503", f"rules folder {args.rules} does not exist")
        import os

        # before any extractor is imported here or in a worker: the rules are read once, at import
        os.environ["SOLIEU_RULES"] = str(args.rules.resolve())
    from pipeline.run.batch import RunOptions, default_workers, run_batch

    options = RunOptions(
        workers=args.workers or default_workers(),
        db_path=args.db,
        taxonomy_path=args.metrics,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        formats=args.formats,
        retry_failed=args.retry_failed,
        follow_links=args.follow_links,
    )
    report = run_batch(args.input_dir, args.out, options)
    counts = report.manifest.counts
    print(
        f"solieu: {counts['files']} files → {counts['documents']} documents, {counts['errors']} errors, "
        f"{counts['mentions']} figures, {counts['entities']} entities; {counts['skipped']} skipped; "
        f"{report.reused} reused from the store, {report.processed} processed in "
        f"{report.manifest.timings_s.get('total', 0):.1f} s → {args.out}/",
        file=sys.stderr,
    )
    return 0
