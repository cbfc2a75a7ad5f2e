"""`solieu review OUT`: one static page (OUT/review.html) to check a run by eye."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.errors import SolieuError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review",
        help="write one self-contained HTML page with every figure and entity marked in its text",
        description="Writes OUT/review.html (or --html FILE): search and filters over the documents and figures, "
        "each document's text with its figures and entities marked, drawn when it is opened, so a run of "
        "10,000 documents stays usable. No network, no server: open it in any browser.",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="output folder of `solieu run`")
    compare = parser.add_mutually_exclusive_group()
    compare.add_argument(
        "--against", type=Path, metavar="OTHER_OUT", help="mark what was added, removed or changed since another run"
    )
    compare.add_argument(
        "--gold",
        type=Path,
        metavar="GOLD.jsonl",
        help="mark missed and spurious figures (or people) against a gold file",
    )
    parser.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        default=None,
        help="where to write the page (default: OUT/review.html, next to the run it shows)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.review.page import write_review  # here, not at import: `solieu --help` stays fast

    if args.gold is not None and not args.gold.is_file():
        raise SolieuError("E503", f"gold file {args.gold} not found")
    path = write_review(args.out, args.html, against=args.against, gold=args.gold)
    if not args.quiet:
        print(f"solieu: wrote {path}", file=sys.stderr)
    return 0
