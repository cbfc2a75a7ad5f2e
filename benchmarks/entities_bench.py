"""Time of the entity extractor alone, per 4 KB of text. Prints, never asserts.

    python benchmarks/entities_bench.py            # every real .txt article of ../shared/corpus, 5 rounds
    python benchmarks/entities_bench.py --rounds 9

Each article is normalised as a run reads it, then `extract_entities` runs on it `--rounds`
times after one warm-up call (the rules compile once per lexicon); the figure kept per article
is its fastest round in CPU time of this process (so other jobs on the machine
weigh less), scaled to 4,096 bytes. Printed: the median and the mean over the articles
and the total, so a change can be compared before and after on the same machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLES = REPO / "samples"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from extractors.entities import extract_entities
    from pipeline.lexicon import load_lexicon
    from pipeline.readers.normalize import normalize_text

    folder = CORPUS if CORPUS.is_dir() else SAMPLES
    texts = [normalize_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit(f"entities_bench: no .txt articles in {folder}")
    lexicon = load_lexicon()
    extract_entities(texts[0], lexicon)  # compile the rules once
    per_4k: list[float] = []
    total = 0.0
    for text in texts:
        best = float("inf")
        for _ in range(args.rounds):
            clock = time.process_time()
            extract_entities(text, lexicon)
            best = min(best, time.process_time() - clock)
        total += best
        per_4k.append(best * 1000 * 4096 / max(1, len(text.encode("utf-8"))))
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"articles {len(texts)}  bytes {size}  rounds {args.rounds}")
    print(f"entities ms per 4 KB: median {statistics.median(per_4k):.2f}  mean {statistics.mean(per_4k):.2f}")
    print(f"entities total {total * 1000:.1f} ms  = {total * 1000 * 4096 / size:.2f} ms per 4 KB over all text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
