"""Time of the extractors alone, per 4 KB of text, and the docs/s they leave one worker. Prints, never asserts.

    python benchmarks/extract_bench.py                 # every real .txt article of ../shared/corpus, 7 rounds
    python benchmarks/extract_bench.py --rounds 15
    python benchmarks/extract_bench.py --profile       # and a cProfile of one round (top 30 by own time)
    python benchmarks/extract_bench.py --profile --sort cumulative
    python benchmarks/extract_bench.py --stages 2      # figures and entities only (the first N stages)

Instruction counts, which a loaded machine does not move (the timed rounds sit between two
calls of `os.getppid`, so callgrind dumps their cost on its own, without start-up and rules):

    valgrind --tool=callgrind --dump-before=getppid --callgrind-out-file=/tmp/cg.%p \\
        python benchmarks/extract_bench.py --rounds 1 --stages 4
    callgrind_annotate /tmp/cg.PID.2 | head -3      # the second dump holds the timed round: `Ir` total

Per stage: run with `--stages 1`, 2, 3, 4 and take the differences.

Each article is normalised as a run reads it. A round runs, document after document, the
stages in the order a run does (figures, entities, facts, metrics), so whatever one stage
computes for the document and another reuses is paid where a run pays it; a round visits
every document before the next begins, so nothing cached for one document survives to its
next round. The time of each stage is CPU time of this process (a busy neighbour on a shared
machine weighs less) summed over the documents; the figure printed is the median over the
rounds, scaled to 4,096 bytes of text. The docs/s is what the extractors alone allow one
worker for 4 KB documents: 1000 / (total ms per 4 KB).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "samples"
STAGES = ("figures", "entities", "facts", "metrics")


def corpus_texts(folder: Path) -> list[str]:
    """The folder's .txt articles, normalised as `solieu run` reads them."""
    from pipeline.readers.normalize import normalize_text

    return [normalize_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def stage_runner(stages: int = len(STAGES)) -> Callable[[str, dict[str, float]], None]:
    """One document through the first `stages` extractors in a run's order, adding each stage's CPU
    seconds to `clock`."""
    from extractors.entities import extract_entities
    from extractors.facts import extract_facts, prepare
    from extractors.figures import extract_figures
    from extractors.metrics import assign_metrics
    from pipeline.lexicon import load_gazetteer, load_lexicon, load_taxonomy

    lexicon = load_lexicon()
    taxonomy = load_taxonomy(None, lexicon)
    gazetteer = load_gazetteer()
    prepare(gazetteer, lexicon)
    now = time.process_time

    def run(text: str, clock: dict[str, float]) -> None:
        t0 = now()
        mentions = extract_figures(text, lexicon)
        t1 = now()
        clock["figures"] += t1 - t0
        if stages < 2:
            return
        entities = extract_entities(text, lexicon)
        t2 = now()
        clock["entities"] += t2 - t1
        if stages < 3:
            return
        extract_facts(text, lexicon, mentions, entities, gazetteer)
        t3 = now()
        clock["facts"] += t3 - t2
        if stages < 4:
            return
        assign_metrics(mentions, text, taxonomy)
        clock["metrics"] += now() - t3

    return run


def one_round(run: Callable[[str, dict[str, float]], None], texts: list[str]) -> dict[str, float]:
    clock = dict.fromkeys(STAGES, 0.0)
    for text in texts:
        run(text, clock)
    return clock


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--warm", type=int, default=1, help="untimed rounds first (the rules compile once)")
    parser.add_argument("--corpus", type=Path, default=None, help="a folder of .txt articles")
    parser.add_argument(
        "--stages",
        type=int,
        default=len(STAGES),
        choices=range(1, len(STAGES) + 1),
        help="run only the first N stages (figures, entities, facts, metrics)",
    )
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one more round")
    parser.add_argument("--sort", default="tottime", help="the profile's order: tottime (own time), cumulative")
    args = parser.parse_args()

    folder = args.corpus or (CORPUS if CORPUS.is_dir() else SAMPLES)
    texts = corpus_texts(folder)
    if not texts:
        sys.exit(f"extract_bench: no .txt articles in {folder}")
    run = stage_runner(args.stages)
    for _ in range(args.warm):
        one_round(run, texts)
    os.getppid()  # a mark for callgrind's --dump-before=getppid: the timed rounds start here
    rounds = [one_round(run, texts) for _ in range(max(1, args.rounds))]
    os.getppid()  # and end here

    size = sum(len(t.encode("utf-8")) for t in texts)
    scale = 1000 * 4096 / size  # seconds over the corpus -> ms per 4 KB
    print(f"articles {len(texts)}  bytes {size}  rounds {len(rounds)}  (CPU time, median of rounds)")
    print(f"{'stage':<10} {'ms / 4 KB':>10} {'min':>8} {'max':>8}")
    for stage in (*STAGES[: args.stages], "total"):
        values = [sum(r.values()) if stage == "total" else r[stage] for r in rounds]
        print(
            f"{stage:<10} {statistics.median(values) * scale:>10.3f} {min(values) * scale:>8.3f} "
            f"{max(values) * scale:>8.3f}"
        )
    total = statistics.median(sum(r.values()) for r in rounds) * scale
    print(f"extraction alone, one worker: {1000 / total:.0f} docs/s of 4 KB")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        one_round(run, texts)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
