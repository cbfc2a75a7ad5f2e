"""`solieu`: the command line. Subcommands live in `pipeline.cli.commands`, one module each.

Only argparse and the light `pipeline.errors` load here; each command imports
what it needs when it runs, so `solieu --help` costs a few milliseconds.
Errors are mapped to exit codes here and nowhere else: a numbered SolieuError
prints `solieu: CODE name: message` and exits with its code's status (2 for
what the user gave, 1 for a run that could not finish, `pipeline.errors`);
usage errors exit 2 (argparse); a closed pipe (`solieu eval … | head`) ends
quietly; Ctrl-C exits 130; anything else is a bug, printed as one line (the
traceback only with SOLIEU_DEBUG=1).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from pipeline.cli.commands import COMMANDS
from pipeline.errors import FAILURE_EXIT, SolieuError


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("solieu")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "unknown"


class _VersionAction(argparse.Action):
    """`--version`, with the package metadata read only when asked (it costs more than `--help`)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=kwargs.get("help"))  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"solieu {_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="solieu",
        description="Extract every figure (counts, money, quantities, percentages, dates, document "
        "references) and the people, organisations and places from Vietnamese reports and articles.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the installed version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"pipeline.cli.commands.{name}").register(subparsers)
    for command in subparsers.choices.values():  # every command: quieter or more talkative
        talk = command.add_mutually_exclusive_group()
        talk.add_argument(
            "-q", "--quiet", action="store_true", help="print only errors: no progress bar, no report line, no warnings"
        )
        talk.add_argument(
            "-v",
            "--verbose",
            action="count",
            default=0,
            help="also list failed and skipped files and the time per step",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, run the command, return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SolieuError as exc:
        print(f"solieu: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # `solieu eval OUT GOLD | head`: the reader has seen enough
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("solieu: interrupted; finished documents are kept in the store, run again to resume", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("SOLIEU_DEBUG"):
            raise
        print(
            f"solieu: internal error: {type(exc).__name__}: {exc} (a bug: please report it; "
            "SOLIEU_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return FAILURE_EXIT


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
