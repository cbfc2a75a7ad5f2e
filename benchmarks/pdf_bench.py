#!/usr/bin/env python3
"""PDF reading speed: solieu's pdfium reader against pdfplumber, page by page, and a whole run.

    python benchmarks/pdf_bench.py                 # text PDFs of ../shared/corpus and ../shared/extra
    python benchmarks/pdf_bench.py --repeat 5      # median and best of 5 (the machine is shared)
    python benchmarks/pdf_bench.py --run           # also `solieu run` over those PDFs alone (1 worker)
    python benchmarks/pdf_bench.py --profile       # where the reader's time goes (cProfile, top entries)
    python benchmarks/pdf_bench.py --ocr SCANS_DIR # OCR pages/s/core on image-only PDFs

Reader figures are CPU seconds of this one process (`time.process_time`), the median of `--repeat`
(and the best), so they are per core and do not count the waits of a machine shared with other work;
the load average is printed before and after. The pdfplumber
column does what the reader did before pdfium: `find_tables()`, each table's `extract()`, and
`extract_text()` of every page. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))


def text_pdfs() -> list[Path]:
    found = [p for folder in (SHARED / "corpus", SHARED / "extra") for p in sorted(folder.glob("*.pdf"))]
    return found or sorted((REPO / "samples").glob("*.pdf"))


def cpu_times(function, repeat: int) -> list[float]:
    """CPU seconds of each of `repeat` calls."""
    spent = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        spent.append(time.process_time() - start)
    return spent


def read_with_solieu(path: Path) -> int:
    from pipeline.readers import read_document

    return read_document(path, path.parent, ocr="never").pages or 0


def read_with_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                table.extract()
            page.extract_text()
            page.close()
        return len(pdf.pages)


def reader_table(paths: list[Path], repeat: int, with_pdfplumber: bool) -> None:
    from pipeline.readers import read_document

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(
        "| PDF | pages | tables | pdfplumber pages/s | solieu ms/page (median) "
        "| solieu pages/s (median) | solieu pages/s (best) | speed-up |"
    )
    print("|---|---|---|---|---|---|---|---|")
    total_pages = 0
    total_new = total_best = total_old = 0.0
    for path in paths:
        doc = read_document(path, path.parent, ocr="never")  # warm: imports, file cache
        pages = doc.pages or 0
        tables = len({b.table for b in doc.blocks if b.kind == "table_cell"})
        spent = cpu_times(lambda p=path: read_with_solieu(p), repeat)
        new, best = statistics.median(spent), min(spent)
        old = min(cpu_times(lambda p=path: read_with_pdfplumber(p), max(1, repeat // 2))) if with_pdfplumber else 0.0
        total_pages += pages
        total_new += new
        total_best += best
        total_old += old
        old_rate = f"{pages / old:.1f}" if old else "—"
        ratio = f"{old / new:.1f}×" if old else "—"
        print(
            f"| {path.name[:28]} | {pages} | {tables} | {old_rate} | {1000 * new / pages:.1f} "
            f"| {pages / new:.1f} | {pages / best:.1f} | {ratio} |"
        )
    old_rate = f"{total_pages / total_old:.1f}" if total_old else "—"
    ratio = f"{total_old / total_new:.1f}×" if total_old else "—"
    print(
        f"| **all** | {total_pages} | | {old_rate} | {1000 * total_new / total_pages:.1f} "
        f"| **{total_pages / total_new:.1f}** | {total_pages / total_best:.1f} | {ratio} |"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def profile(paths: list[Path], top: int) -> None:
    """cProfile of one reading of every PDF: the top entries by own time and by cumulative time."""
    import cProfile
    import pstats

    for path in paths:
        read_with_solieu(path)  # warm: imports
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        read_with_solieu(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def whole_run(paths: list[Path]) -> None:
    """`solieu run` over a folder holding only these PDFs, one worker: wall seconds and the read stage.

    The folder holds symlinks to the PDFs, which a run skips unless told to follow them."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for path in paths:
            (folder / path.name).symlink_to(path.resolve())
        out = Path(tmp) / "out"
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline",
                "run",
                str(folder),
                "--out",
                str(out),
                "--workers",
                "1",
                "--ocr",
                "never",
                "--follow-links",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            print("run failed:", done.stderr[-500:])
            return
        manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
        pages = sum(
            json.loads(line).get("pages") or 0
            for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
        )
        read = manifest["timings_s"].get("stage_read", 0.0)
        print(
            f"whole run, 1 worker: {pages} pages in {wall:.2f} s wall = {pages / wall:.1f} pages/s; "
            f"read stage {read:.2f} s = {pages / read:.1f} pages/s"
        )


def ocr_table(folder: Path, repeat: int) -> None:
    """OCR pages/s/core: each image-only PDF read with OCR in this one process (Tesseract one thread)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from pipeline.readers import read_document

    print("| scan | pages | s/page (CPU) | pages/s/core |")
    print("|---|---|---|---|")
    total_pages, total = 0, 0.0
    for path in sorted(folder.rglob("*.pdf")):
        start = time.process_time()
        doc = read_document(path, folder, ocr="always")
        spent = time.process_time() - start
        pages = doc.pages or 0
        total_pages += pages
        total += spent
        print(f"| {path.name[:32]} | {pages} | {spent / pages:.2f} | {pages / spent:.2f} |")
    if total_pages:
        print(f"| **all** | {total_pages} | {total / total_pages:.2f} | **{total_pages / total:.2f}** |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--run", action="store_true", help="also time `solieu run` over the PDFs")
    parser.add_argument("--no-pdfplumber", action="store_true", help="skip the pdfplumber column (slow)")
    parser.add_argument("--ocr", type=Path, help="a folder of image-only PDFs: OCR pages/s/core")
    parser.add_argument("--profile", action="store_true", help="profile the reader on the PDFs instead")
    parser.add_argument("--top", type=int, default=25, help="profile entries shown (--profile)")
    args = parser.parse_args()
    if args.ocr:
        ocr_table(args.ocr, args.repeat)
        return
    paths = text_pdfs()
    if args.profile:
        profile(paths, args.top)
        return
    reader_table(paths, args.repeat, not args.no_pdfplumber)
    if args.run:
        whole_run(paths)


if __name__ == "__main__":
    main()
