"""`solieu export OUT --format parquet|sqlite|csv|spacy`: a finished run's outputs for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="convert a run's outputs to Parquet, SQLite, CSV or a spaCy DocBin",
        description="Read OUT/metrics.jsonl, documents.jsonl, entities.jsonl and errors.jsonl and write "
        "OUT/<name>.parquet (needs pyarrow: pip install 'solieu[parquet]'), OUT/solieu.sqlite, OUT/metrics.csv "
        "or OUT/solieu.spacy (spaCy Docs tokenised by underthesea, figures in doc.spans['figures'], people, "
        "organisations and places as doc.ents).",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="the output folder of `solieu run`")
    parser.add_argument("--format", choices=("parquet", "sqlite", "csv", "spacy"), required=True)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.errors import SolieuError
    from pipeline.outputs import exports
    from pipeline.outputs.jsonl import JSONL_FILES

    missing = [name for name in JSONL_FILES.values() if not (args.out / name).is_file()]
    if missing:
        raise SolieuError("E503", f"{args.out} is not a finished run folder (missing {', '.join(missing)})")
    if args.format == "parquet":
        written = exports.export_parquet(args.out)
    elif args.format == "sqlite":
        written = [exports.export_sqlite(args.out)]
    elif args.format == "spacy":
        from pipeline.outputs.spacy_export import export_spacy

        export_spacy(args.out, args.out / "solieu.spacy")
        written = [args.out / "solieu.spacy"]
    else:
        exports.write_metrics_csv(args.out)
        written = [args.out / "metrics.csv"]
    print("solieu: wrote " + ", ".join(p.name for p in written), file=sys.stderr)
    return 0
