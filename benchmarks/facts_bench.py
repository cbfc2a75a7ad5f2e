"""Time of the document-facts stage alone, per document. Prints, never asserts.

    python benchmarks/facts_bench.py             # the corpus .txt files and 300 documents of ~4 KB
    python benchmarks/facts_bench.py --n 1000    # more 4 KB documents
    python benchmarks/facts_bench.py --profile   # and a cProfile of the 4 KB set (top 25 by own time)

The 4 KB documents are built as `bench.py` builds its folder (runs of 1-4 paragraphs of
different real articles, seeded), in memory. Entities are extracted first and passed in,
as the pipeline does, so only `extract_facts` is timed; the gazetteer and the lexicon's
compiled view are built before the clock starts (a run builds them once per process).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench import CORPUS, source_paragraphs  # noqa: E402
from extractors.entities import extract_entities  # noqa: E402
from extractors.facts import extract_facts, prepare  # noqa: E402
from pipeline.lexicon import load_gazetteer, load_lexicon  # noqa: E402
from pipeline.readers.normalize import normalize_text  # noqa: E402


def documents_of_4kb(n: int, size: int = 4096, seed: int = 7) -> list[str]:
    """n texts of about `size` bytes, recombined from paragraphs of real articles (bench.py's recipe)."""
    rng = random.Random(seed)
    articles = source_paragraphs()
    out = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p.encode()) + 1 for p in parts) < size:
            article = rng.choice(articles)
            start = rng.randrange(len(article))
            parts += article[start : start + rng.randint(1, 4)]
        out.append("\n".join(parts).encode("utf-8")[: size + 512].decode("utf-8", "ignore"))
    return out


def time_facts(texts: list[str], repeat: int = 5) -> list[float]:
    """CPU milliseconds per document (the best of `repeat` passes for each).

    CPU time of this process, not wall time: the development machine is shared, and a busy
    neighbour would otherwise be measured too.
    """
    lexicon, gazetteer = load_lexicon(), load_gazetteer()
    prepare(gazetteer)
    inputs = [(t, extract_entities(t, lexicon)) for t in texts]
    extract_facts(inputs[0][0], lexicon, None, inputs[0][1], gazetteer)  # compile the lexicon's view
    best = [float("inf")] * len(inputs)
    for _ in range(repeat):
        for i, (text, entities) in enumerate(inputs):
            clock = time.process_time_ns()
            extract_facts(text, lexicon, None, entities, gazetteer)
            best[i] = min(best[i], (time.process_time_ns() - clock) / 1e6)
    return best


def report(name: str, texts: list[str], ms: list[float]) -> None:
    kb = statistics.mean(len(t.encode()) for t in texts) / 1024
    per_4kb = sum(ms) / (sum(len(t.encode()) for t in texts) / 4096)
    print(
        f"{name:<22} n={len(texts):<5} mean {kb:5.1f} KB  median {statistics.median(ms):6.3f} ms  "
        f"mean {statistics.mean(ms):6.3f} ms  p95 {sorted(ms)[int(0.95 * (len(ms) - 1))]:6.3f} ms  "
        f"max {max(ms):6.2f} ms  per 4 KB {per_4kb:6.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="how many 4 KB documents")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the 4 KB set")
    args = parser.parse_args()
    corpus = [normalize_text(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    if corpus:
        report("corpus .txt", corpus, time_facts(corpus))
    docs = documents_of_4kb(args.n)
    report("4 KB documents", docs, time_facts(docs))
    if args.profile:
        lexicon, gazetteer = load_lexicon(), load_gazetteer()
        inputs = [(t, extract_entities(t, lexicon)) for t in docs]
        profiler = cProfile.Profile()
        profiler.enable()
        for text, entities in inputs:
            extract_facts(text, lexicon, None, entities, gazetteer)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
