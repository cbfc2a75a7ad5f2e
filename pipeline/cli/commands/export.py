"""`solieu export OUT --format xlsx|parquet|sqlite|csv|spacy`: a finished run's outputs for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("xlsx", "parquet", "sqlite", "csv", "spacy")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="convert a run's outputs to XLSX, Parquet, SQLite, CSV or a spaCy DocBin",
        description="Read OUT/metrics.jsonl, documents.jsonl, entities.jsonl, errors.jsonl (and summary.json) and "
        "write OUT/solieu.xlsx (sheets Tổng hợp, Số liệu, Bảng, Người, Tài liệu, Lỗi, Thông tin), "
        "OUT/<name>.parquet (needs pyarrow: pip install 'solieu[parquet]'), OUT/solieu.sqlite (with the summary, "
        "keys, indexes and the views figures, people, document_list), OUT/metrics.csv or OUT/solieu.spacy "
        "(needs spaCy: pip install 'solieu[spacy]'; spaCy Docs tokenised by underthesea, figures in "
        "doc.spans['figures'], people, organisations and places as doc.ents).",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="the output folder of `solieu run`")
    parser.add_argument("--format", choices=FORMATS, required=True)
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
    elif args.format == "xlsx":
        written = [exports.export_xlsx(args.out)]
    elif args.format == "spacy":
        from pipeline.outputs.spacy_export import export_spacy, require_spacy

        require_spacy()
        export_spacy(args.out, args.out / "solieu.spacy")
        written = [args.out / "solieu.spacy"]
    else:
        exports.write_metrics_csv(args.out)
        exports.write_tidy_csv(args.out)
        written = [args.out / "metrics.csv", args.out / "tables_tidy.csv"]
    if not args.quiet:
        print("solieu: wrote " + ", ".join(p.name for p in written), file=sys.stderr)
    return 0
