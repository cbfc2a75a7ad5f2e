"""`solieu schema [--out DIR]`: the JSON Schemas of every record solieu writes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write the JSON Schemas of the output records",
        description="Without --out, print all schemas as one JSON object; with --out DIR, write "
        "DIR/<Model>.schema.json for each record type.",
    )
    parser.add_argument("--out", type=Path, default=None, metavar="DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from schemas import json_schemas

    schemas = json_schemas()
    if args.out is None:
        sys.stdout.write(json.dumps(schemas, ensure_ascii=False, indent=2) + "\n")
        return 0
    from pipeline.errors import output_error
    from pipeline.outputs.files import write_text

    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, args.out) from exc
    for name, schema in schemas.items():
        write_text(args.out / f"{name}.schema.json", json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    if not args.quiet:
        print(f"solieu: {len(schemas)} schemas → {args.out}/", file=sys.stderr)
    return 0
