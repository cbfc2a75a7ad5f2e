"""Does any stage grow faster than its input? Pathological texts doubled, the growth exponent printed.

    python benchmarks/scaling.py            # the table
    python benchmarks/scaling.py --check    # exit 1 when an exponent is above 1.3 (CI runs this)
    python benchmarks/scaling.py --quick    # smaller inputs, for a busy machine

Each input is a piece repeated (`"5%"`, `"10 hộ; "`, a run of dots, names, brackets…) at a size
and at four times that size; each stage (sentence index, figures, entities, facts, metrics, and the
document's part of the summary from the figures the metric stage gives) is timed at n and 4n in CPU
time (best of seven, n and 4n in turn, so a busy machine counts less) and the exponent is
log2(t(4n) / t(n)) / 2: 1 is linear, 2 quadratic. A crafted file of a few kilobytes once took
minutes (`"5%" * 1500` in the metric stage), one long sentence of figures a second or two in the
summary stage (`"giải ngân hơn 3,4 tỷ đồng, " * 1200`); this keeps every stage linear in its input.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.entities import extract_entities  # noqa: E402
from extractors.facts import extract_facts  # noqa: E402
from extractors.figures import extract_figures  # noqa: E402
from extractors.metrics import assign_metrics  # noqa: E402
from extractors.sentences import SentenceIndex  # noqa: E402
from pipeline.lexicon import load_gazetteer, load_lexicon, load_taxonomy  # noqa: E402
from pipeline.outputs.summary import document_contribution  # noqa: E402
from schemas import Mention  # noqa: E402

LIMIT = 1.3
PIECES = {
    "percents": "5%",
    "households": "10 hộ; ",
    "dots": ".",
    "dot-spaces": ". ",
    "money list": "hơn 3,4 tỷ đồng, ",
    "disbursed": "giải ngân hơn 3,4 tỷ đồng, ",  # figures of one metric in one sentence: the summary's clauses
    "names": "Nguyễn Văn An, ",
    "titles": "Chủ tịch UBND xã Phổ An ",
    "brackets": "(",
    "slashes": "1/2/",
    "dates": "ngày 1/1/2020, ",
    "refs": "Quyết định số 1/QĐ-UBND, ",
    "one word": "a",
    "line ends": "\n",
    "digits": "1",
}


def _best_pair(small: Callable[[], object], large: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """The best CPU time of each of two calls, taken in turn (small, large, small, …) so that both see the
    same machine: timed one block after the other, a neighbour busy during one block only moved the ratio
    (an exponent of 1.4 for a stage that is 1.15 on a quiet machine)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, spent in ((small, times[0]), (large, times[1])):
            start = time.process_time()
            fn()
            spent.append(time.process_time() - start)
    return min(times[0]), min(times[1])


Timed = Callable[[], object]


def stages() -> dict[str, Callable[[str], Timed]]:
    """Per stage, what makes its timed call of a text (work done first, such as the figures the summary
    stage reads, is not timed)."""
    lexicon = load_lexicon()
    taxonomy = load_taxonomy(None, lexicon)
    gazetteer = load_gazetteer()
    abbreviations = frozenset(lexicon.sentences.abbreviations)

    def summary(t: str) -> Timed:  # as a worker calls it (pipeline/run/work.py): validated figures with doc_id
        figures = assign_metrics(extract_figures(t, lexicon), t, taxonomy)
        mentions = [Mention.model_validate({**m.__dict__, "doc_id": "scaling"}) for m in figures]
        facts = extract_facts(t, lexicon, mentions, None, gazetteer)
        return partial(document_contribution, "scaling", t, facts, mentions, taxonomy)

    return {
        "sentences": lambda t: partial(SentenceIndex, t, abbreviations),
        "figures": lambda t: partial(extract_figures, t, lexicon),
        "entities": lambda t: partial(extract_entities, t, lexicon),
        "facts": lambda t: partial(extract_facts, t, lexicon, None, None, gazetteer),
        "metrics": lambda t: lambda: assign_metrics(extract_figures(t, lexicon), t, taxonomy),
        "summary": summary,
    }


def measure(size: int) -> list[tuple[str, str, float, float, float]]:
    """(input, stage, seconds at size, seconds at 4*size, exponent) for every input and stage.

    The exponent is the slope over two doublings, log2(t(4n) / t(n)) / 2, which a busy machine's
    noise moves less than one doubling; a stage under 50 ms at 4n is too fast to tell, and counts as linear.
    """
    rows = []
    for stage, fn in stages().items():
        for name, piece in PIECES.items():
            small = piece * max(1, size // len(piece))
            large = small * 4
            fn(small[:200])()  # warm the compiled patterns
            t1, t4 = _best_pair(fn(small), fn(large))
            exponent = math.log2(t4 / t1) / 2 if t4 > 0.05 and t1 > 0 else 1.0
            rows.append((name, stage, t1, t4, exponent))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help=f"exit 1 when an exponent is above {LIMIT}")
    parser.add_argument("--quick", action="store_true", help="4 KB to 16 KB inputs instead of 8 KB to 32 KB")
    args = parser.parse_args(argv)
    size = 4_000 if args.quick else 8_000
    rows = measure(size)
    print(f"{'input':<12} {'stage':<10} {'t(n) s':>8} {'t(4n) s':>8} {'exponent':>9}   (n = {size} characters)")
    worst = 0.0
    for name, stage, t1, t2, exponent in rows:
        flag = "  <-- above the limit" if exponent > LIMIT else ""
        worst = max(worst, exponent)
        print(f"{name:<12} {stage:<10} {t1:>8.3f} {t2:>8.3f} {exponent:>9.2f}{flag}")
    print(f"worst exponent {worst:.2f} (limit {LIMIT})")
    return 1 if args.check and worst > LIMIT else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
