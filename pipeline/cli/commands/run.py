"""`solieu run INPUT`: every file of a folder (or one file, or stdin) into metrics, documents, entities, errors
and a summary."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

FORMATS_DEFAULT = "jsonl,csv"
KNOWN_FORMATS = ("jsonl", "csv", "parquet", "sqlite", "xlsx")
STDIN = "-"
STDIN_NAME = "stdin.txt"
STDIN_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


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
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in KNOWN_FORMATS]
    if unknown:
        message = f"unknown format {', '.join(unknown)}; choose from {', '.join(KNOWN_FORMATS)}"
        raise argparse.ArgumentTypeError(message)
    return tuple(dict.fromkeys(("jsonl", *chosen)))  # JSONL is the run's own output, always written


def _input(text: str) -> Path | str:
    """A local path, or an fsspec URL kept as it was typed (a Path would fold its '//')."""
    from pipeline.readers.remote import is_url

    return text if is_url(text) else Path(text)


def _stdin_name(text: str) -> str:
    name = text.strip()
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise argparse.ArgumentTypeError("a plain file name such as bao-cao.docx")
    if os.path.splitext(name)[1].lower() not in STDIN_SUFFIXES:
        raise argparse.ArgumentTypeError(f"the name must end in {', '.join(STDIN_SUFFIXES)} (it tells the format)")
    return name


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="extract figures and entities from every file of a folder (or one file, or stdin)",
        description="Read every .txt/.docx/.pdf/.html under INPUT (a folder, one file, or - for stdin) and write "
        "metrics.jsonl, documents.jsonl, entities.jsonl, errors.jsonl, metrics.csv, summary.* and run.json. "
        "Unchanged files are taken from the store; a run stopped midway resumes where it was.",
    )
    parser.add_argument(
        "input_dir",
        type=_input,
        metavar="INPUT",
        help="a folder, one file, - to read one document from stdin, or an fsspec URL of a folder "
        "or file (s3://bucket/reports/, file:///…; needs solieu[dask]), read by the workers",
    )
    parser.add_argument("--out", type=Path, default=Path("solieu-out"), help="output folder (default solieu-out/)")
    parser.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        help="worker processes (default: the number of cores; 1 runs in-process); with --executor "
        "dask, the processes of the LocalCluster",
    )
    parser.add_argument(
        "--executor",
        choices=("local", "dask"),
        default=None,
        help="local: this machine's process pool (the default); dask: a Dask cluster, a LocalCluster "
        "of --workers processes, or the one at --scheduler (pip install 'solieu[dask]')",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --executor dask; every "
        "worker runs the same solieu version and sees the inputs at the same paths or URLs)",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="store/cache file (default OUT/.solieu/store.sqlite); share it between runs",
    )
    parser.add_argument(
        "--metrics", type=Path, default=None, metavar="TOML", help="your metric taxonomy, added to the built-in one"
    )
    parser.add_argument(
        "--rules",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of your own rules files (figures.toml, count_nouns.txt, titles.toml …, see "
        "CONTRIBUTING.md) laid over the built-in ones; repeat it for several, later ones win "
        "(also SOLIEU_RULES=DIR:DIR)",
    )
    parser.add_argument(
        "--max-bytes", type=_positive_int, default=20_000_000, help="larger files fail with E105 (default 20000000)"
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
        default=120.0,
        help="seconds per file (and per OCR page of a scan) before it fails with E601 (default "
        "120); a timeout is stored, and tried again only with a larger --timeout or --retry-failed",
    )
    parser.add_argument(
        "--retry-failed", action="store_true", help="process again the files whose stored result is a timeout (E601)"
    )
    parser.add_argument(
        "--follow-links",
        action="store_true",
        help="also follow symlinks that point outside INPUT_DIR (by default they are skipped)",
    )
    parser.add_argument(
        "--ocr",
        choices=("auto", "always", "never"),
        default="auto",
        help="PDF pages read by OCR (Tesseract, Vietnamese): auto = pages without a real text "
        "layer (scans, a stamp over a scan, a broken text layer), always = every page, never "
        "(default auto). A long scan may need a larger --timeout",
    )
    parser.add_argument(
        "--ocr-timeout",
        type=_positive_float,
        default=120.0,
        metavar="SECONDS",
        help="seconds of OCR for one page before its text is cut short (default 120)",
    )
    parser.add_argument(
        "--formats",
        type=_formats,
        default=_formats(FORMATS_DEFAULT),
        help="outputs: jsonl,csv,parquet,sqlite,xlsx (default jsonl,csv)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 (E520) when any file failed; the outputs are written all the same"
    )
    parser.add_argument(
        "--stdin-name",
        type=_stdin_name,
        default=STDIN_NAME,
        metavar="NAME",
        help=f"with INPUT -, the document's name and format (default {STDIN_NAME})",
    )
    parser.set_defaults(func=run, parser=parser)


def _say(args: argparse.Namespace, message: str, *, level: int = 0) -> None:
    """A line on stderr unless -q; `level` 1 lines only with -v."""
    if getattr(args, "quiet", False) or getattr(args, "verbose", 0) < level:
        return
    print(message, file=sys.stderr)


def warn(args: argparse.Namespace, message: str) -> None:
    _say(args, f"solieu: warning: {message}")


def _spool_stdin(args: argparse.Namespace) -> Path:
    """Copy stdin (at most --max-bytes + 1 bytes: more is E105 for the file) to OUT/.solieu/stdin/NAME."""
    from pipeline.errors import SolieuError, output_error
    from pipeline.outputs.files import atomic_open

    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    if stream is None or sys.stdin.isatty():
        raise SolieuError("E503", "INPUT is - but nothing is piped in: solieu run - < bao-cao.txt")
    target = args.out / ".solieu" / "stdin" / args.stdin_name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, target.parent) from exc
    budget = args.max_bytes + 1
    with atomic_open(target, "wb") as handle:
        while budget > 0 and (chunk := stream.read(min(budget, 1 << 20))):
            handle.write(chunk)
            budget -= len(chunk)
    return target


def _previous_run(out: Path) -> dict[str, object] | None:
    """The run.json an output folder holds, {} when it holds outputs without one, None when it holds none."""
    try:
        manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) else {}
    except FileNotFoundError:
        return {} if (out / "metrics.jsonl").exists() else None
    except (OSError, ValueError):
        return {}


def _same_input(a: object, b: Path | str) -> bool:
    if isinstance(b, str):  # a URL
        return a == b
    try:
        return isinstance(a, str) and os.path.realpath(a) == os.path.realpath(b)
    except (OSError, ValueError):
        return False


def run(args: argparse.Namespace) -> int:
    from pipeline.errors import SolieuError
    from pipeline.lexicon import rules_dirs_from_env
    from pipeline.run.batch import RunOptions, default_workers, run_batch

    executor = args.executor or ("dask" if args.scheduler else "local")
    if args.scheduler and executor != "dask":
        args.parser.error("--scheduler names a Dask scheduler: it goes with --executor dask")
    source = _spool_stdin(args) if str(args.input_dir) == STDIN else args.input_dir
    previous = _previous_run(args.out)
    if previous is not None and (isinstance(source, str) or source.is_dir() or source.is_file()):
        if not previous:
            warn(args, f"{args.out} holds outputs that no solieu run.json describes; they are replaced")
        elif not _same_input(previous.get("input_dir"), source):
            warn(
                args,
                f"{args.out} held the outputs of a run of {previous.get('input_dir')}; they are replaced by "
                f"those of {source}",
            )
    options = RunOptions(
        workers=args.workers or default_workers(),
        db_path=args.db,
        taxonomy_path=args.metrics,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        formats=args.formats,
        rules_dirs=(*rules_dirs_from_env(), *args.rules),
        ocr=args.ocr,
        ocr_timeout=args.ocr_timeout,
        progress=False if args.quiet else None,
        retry_failed=args.retry_failed,
        follow_links=args.follow_links,
        executor=executor,
        scheduler=args.scheduler,
    )
    report = run_batch(source, args.out, options)
    counts = report.manifest.counts
    if counts["files"] == 0:
        skipped = f" ({counts['skipped']} other files skipped, listed in run.json)" if counts["skipped"] else ""
        warn(args, f"no .txt, .docx, .pdf or .html file in {source}{skipped}: the outputs are empty")
    _say(
        args,
        f"solieu: {counts['files']} files → {counts['documents']} documents, {counts['errors']} errors, "
        f"{counts['mentions']} figures, {counts['entities']} entities; {counts['skipped']} skipped; "
        f"{report.reused} reused from the store, {report.processed} processed in "
        f"{report.manifest.timings_s.get('total', 0):.1f} s → {args.out}/",
    )
    if report.ocr_pages_run or report.ocr_pages_reused:
        _say(
            args,
            f"solieu: {report.ocr_pages_run + report.ocr_pages_reused} OCR pages of scans, "
            f"{report.ocr_pages_reused} of them from the store",
        )
    if args.verbose:
        _details(args, report.manifest)
    if args.strict and counts["errors"]:
        raise SolieuError(
            "E520", f"{counts['errors']} of {counts['files']} files failed; see {args.out / 'errors.jsonl'}"
        )
    return 0


def _details(args: argparse.Namespace, manifest: object) -> None:
    """-v: each failed and skipped file on a line of its own, then the time per step."""
    from pipeline.outputs.jsonl import read_jsonl

    for error in read_jsonl(args.out / "errors.jsonl"):
        _say(args, f"  {error.get('code')} {error.get('doc_id')}: {error.get('message')}", level=1)
    for skipped in getattr(manifest, "skipped", []):
        _say(args, f"  skipped {skipped.path}: {skipped.reason}", level=1)
    timings = getattr(manifest, "timings_s", {})
    shown = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items() if name != "total")
    if shown:
        _say(args, f"  time: {shown}", level=1)
