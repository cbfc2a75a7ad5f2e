"""`solieu diff OLD_OUT NEW_OUT`: what a rules change did, per document; exits like diff(1)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_PAGE = Path("diff.html")  # inside NEW_OUT: the page lands with the run it describes


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare two output folders: figures, entities and documents added, removed, changed",
        description="Exit status: 0 when the runs are equal, 1 when they differ, 2 on error.",
    )
    parser.add_argument("old", type=Path, metavar="OLD_OUT", help="output folder of the earlier run")
    parser.add_argument("new", type=Path, metavar="NEW_OUT", help="output folder of the later run")
    parser.add_argument("--json", action="store_true", help="print the differences as JSON, for tools")
    parser.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        nargs="?",
        const=DEFAULT_PAGE,
        help="also write a self-contained HTML report (to FILE; without FILE, to NEW_OUT/diff.html)",
    )
    parser.set_defaults(func=run)


def use_colour(stream: object) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def run(args: argparse.Namespace) -> int:
    from pipeline.outputs.files import write_text  # here, not at import: `solieu --help` stays fast
    from pipeline.review.diff import diff_runs, render_html, render_json, render_text

    diff = diff_runs(args.old, args.new)
    if args.html is not None:
        page = args.new / DEFAULT_PAGE if args.html is DEFAULT_PAGE else args.html
        write_text(page, render_html(diff))
        if not args.quiet:
            print(f"solieu: wrote {page}", file=sys.stderr)
    print(render_json(diff) if args.json else render_text(diff, color=use_colour(sys.stdout)))
    return 0 if diff.equal else 1
