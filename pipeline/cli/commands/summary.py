"""`solieu summary OUT [OUT...]`: add up the figures of one or several runs again, without re-extracting.

With `--metrics FILE` the figures are matched to metrics anew with that
taxonomy (from the sentences the runs stored), so a user can try a taxonomy
on finished runs in seconds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.errors import SolieuError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summary",
        help="re-aggregate the outputs of one or several runs into summary.json/.md/.csv/.svg",
        description="Totals per metric, reporting unit and period from metrics.jsonl and documents.jsonl of "
        "existing output folders. A document found in several folders (same sha256) is counted once.",
    )
    parser.add_argument("outs", type=Path, nargs="+", metavar="OUT", help="output folder(s) of `solieu run`")
    parser.add_argument(
        "--metrics",
        type=Path,
        default=None,
        metavar="TOML",
        help="your metric taxonomy (extractors/data/metrics.toml format), laid over the "
        "packaged one; the figures are matched to metrics again with it",
    )
    parser.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="where to write summary.* (default: the first OUT)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pipeline.lexicon import load_taxonomy  # here, not at import: `solieu --help` stays fast
    from pipeline.outputs.summary import summarize_into

    for out in args.outs:
        if not (out / "metrics.jsonl").is_file():
            raise SolieuError("E503", f"{out / 'metrics.jsonl'} not found: is {out} the output folder of `solieu run`?")
    user_text = None
    if args.metrics is not None:
        try:
            user_text = args.metrics.read_text(encoding="utf-8")
        except OSError as exc:
            raise SolieuError("E503", f"cannot read metrics file {args.metrics}: {exc.strerror}") from exc
    taxonomy = load_taxonomy(user_text, where=str(args.metrics))
    target = args.out or args.outs[0]
    head, rows, metrics = summarize_into(list(args.outs), target, taxonomy, reassign=user_text is not None)
    if not args.quiet:
        print(
            f"solieu summary: {rows} rows over {metrics} metrics "
            f"({head.unassigned_mentions} figures fit no metric) -> {target / 'summary.md'}"
        )
    return 0
