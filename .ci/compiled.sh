#!/usr/bin/env bash
# The extractors as `pip install .` runs them, compiled by mypyc (setup.py), against the Python source they
# are compiled from (what the editable install runs): the test suite on a compiled copy of the checkout, then
# `solieu run` of samples/ and of ../shared's corpus and extra folders by both, compared byte for byte.
#   bash .ci/compiled.sh WORK_DIR      (called by .ci/run, in its venv)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$1"
copy="$work/compiled"
rm -rf "$copy" && mkdir -p "$copy"
tar -C "$repo" --exclude=./.git --exclude=./.venv --exclude=./build --exclude=__pycache__ -cf - . | tar -C "$copy" -xf -
if [ -d "$repo/../shared" ]; then  # the tests read ../shared beside the checkout
    ln -sfn "$(cd "$repo/../shared" && pwd)" "$work/shared"
fi

echo "compiled: mypyc builds the extractors in a copy of the checkout"
(cd "$copy" && SOLIEU_COMPILE_IN_PLACE=1 python setup.py -q build_ext --inplace >"$work/compiled-build.log" 2>&1) || {
    tail -20 "$work/compiled-build.log"
    exit 1
}
# every module setup.py compiles must be compiled here: a silent fall-back to Python would test nothing
(cd "$copy" && python - <<'EOF'
import importlib
import sys
from pathlib import Path

sys.path.insert(0, ".")
import setup  # noqa: E402  (its module list; importing it runs no build: setup() needs a command)

missing = []
for source in setup.extractor_sources():
    name = source.removesuffix(".py").replace("/", ".")
    if not importlib.import_module(name).__file__.endswith(".so"):
        missing.append(name)
if missing:
    sys.exit(f"compiled: not compiled: {', '.join(missing)}")
print(f"compiled: {len(setup.extractor_sources())} extractor modules compiled")
EOF
)

echo "compiled: pytest tests/ on the compiled copy"
# Left to the Python run of the tests: two files and one test read rule objects with vars(), which a compiled
# class has not, and one test edits a copy of the sources and expects the next run to see the edit (compiled,
# the module it edits is not the one imported).
(cd "$copy" && pytest -p no:cacheprovider tests \
    --ignore=tests/test_entities_fast_paths.py --ignore=tests/test_fast_paths.py \
    --deselect tests/test_facts.py::test_gated_search_finds_what_the_pattern_finds \
    --deselect tests/test_cache_key.py::test_an_edit_invalidates_the_store)

echo "compiled: solieu run, compiled and in Python, compared"
folders=(samples)
for name in corpus extra; do
    if [ -d "$repo/../shared/$name" ]; then folders+=("../shared/$name"); fi
done
for folder in "${folders[@]}"; do
    tag="$(basename "$folder")"
    for side in python compiled; do
        here="$repo"
        if [ "$side" = compiled ]; then here="$copy"; fi
        (cd "$here" && python -m pipeline run "$repo/$folder" --out "$work/$side-$tag" --db "$work/$side-$tag.db" >/dev/null)
    done
    python "$repo/scripts/compare_outputs.py" "$work/python-$tag" "$work/compiled-$tag"
done
