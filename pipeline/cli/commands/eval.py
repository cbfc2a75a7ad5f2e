"""`solieu eval OUT GOLD.jsonl`: precision, recall and F1 against gold, as the shared scorer counts them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.errors import SolieuError

_SHOWN_MISSING = 5  # gold documents named in the warning, the rest counted


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval", help="score a run against a gold file (figures, or people when the gold holds `people`)"
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="output folder of `solieu run`")
    parser.add_argument("gold", type=Path, metavar="GOLD.jsonl", help="gold file, see ANNOTATION.md")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--show-errors", action="store_true", help="list misses and spurious figures with their sentences"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.review.evaluate import (  # here, not at import: `solieu --help` stays fast
        evaluate,
        format_errors,
        format_table,
        gold_not_in_run,
        is_people_gold,
        load_document_texts,
        prediction_file,
    )

    if not args.gold.is_file():
        raise SolieuError("E503", f"gold file {args.gold} not found")
    if not args.out.exists():
        raise SolieuError("E503", f"output folder {args.out} not found")
    wanted = prediction_file(args.out, is_people_gold(args.gold))
    if not wanted.is_file():
        raise SolieuError("E503", f"{wanted} not found: is {args.out} the output folder of `solieu run`?")
    result = evaluate(args.out, args.gold)
    missing = gold_not_in_run(args.out, result)
    if missing and not args.quiet:
        named = ", ".join(missing[:_SHOWN_MISSING]) + (
            f" and {len(missing) - _SHOWN_MISSING} more" if len(missing) > _SHOWN_MISSING else ""
        )
        print(
            f"solieu: warning: {len(missing)} of {len(result.gold)} gold documents are not in {args.out} "
            f"({named}); their figures count as missed",
            file=sys.stderr,
        )
    if args.json:
        payload = dict(result.rows)
        if args.show_errors:
            payload["errors"] = [{"what": w, "doc_id": d, "record": r} for w, d, r in result.errors]
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    print(format_table(result))
    if args.show_errors:
        texts = load_document_texts(args.out, {d for _, d, _ in result.errors}) if args.out.is_dir() else {}
        print(format_errors(result, texts))
    return 0
