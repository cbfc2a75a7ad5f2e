"""The compiled parts of solieu: the PDF reader's hot loops (pipeline/readers/_pdf_loops.c), the copy-finding
signature (pipeline/outputs/_minhash.c) and the extractors, compiled by mypyc from their own Python source.

Everything else is declared in pyproject.toml. Every compiled part is optional: where no C compiler (or no
mypyc) is found the install goes on and the same code runs in Python, with equal output (.ci/compiled.sh runs
the tests on a compiled copy of the checkout and compares its outputs with the Python source's).

The extractors are compiled in a wheel or `pip install .` only. An editable install (`pip install -e .`), or
SOLIEU_PURE_PYTHON=1 in the environment, keeps them in Python: a compiled module beside its source would be
imported in its place, so an edit would not take effect until the next build, and the tests replace some of
their functions (`build_ext --inplace` compiles them only with SOLIEU_COMPILE_IN_PLACE=1, for such a copy).
`numbers.py` stays in Python (it keeps ints in variables annotated float, which mypyc refuses:
its floats are C doubles, and a count of 10 must stay 10, not 10.0), and so do the packages' `__init__.py`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
KEPT_IN_PYTHON = {"__init__.py", "numbers.py"}


def extractor_sources() -> list[str]:
    """The extractor modules mypyc compiles, as paths relative to this folder."""
    return sorted(
        str(path.relative_to(HERE))
        for path in (HERE / "extractors").rglob("*.py")
        if path.name not in KEPT_IN_PYTHON and "data" not in path.relative_to(HERE).parts
    )


def _compiled_extractors() -> list[Extension]:
    """mypyc's extensions for the extractors, or none (editable install, opted out, no mypyc, a type error)."""
    if "editable_wheel" in sys.argv or os.environ.get("SOLIEU_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    try:
        extensions = mypycify(
            ["--ignore-missing-imports", "--python-version", "3.11", *extractor_sources()],
            opt_level="3",
            group_name="solieu_extractors",
        )
    except (Exception, SystemExit) as exc:  # mypy stops the build with SystemExit on a type error
        print(f"solieu: the extractors stay in Python (mypyc: {exc})", file=sys.stderr)
        return []
    for extension in extensions:
        extension._solieu_mypyc = True  # type: ignore[attr-defined]
    return extensions


class BuildExt(build_ext):
    """Builds the C loops one by one (each optional), then the compiled extractors all or none: a module
    compiled without the group's shared library would not import."""

    def run(self) -> None:
        if self.inplace and not os.environ.get("SOLIEU_COMPILE_IN_PLACE"):
            # beside its source a compiled module would shadow it: an edit would not take effect
            self.extensions = [e for e in self.extensions if not getattr(e, "_solieu_mypyc", False)]
        super().run()

    def build_extensions(self) -> None:
        compiled = [e for e in self.extensions if getattr(e, "_solieu_mypyc", False)]
        self.extensions = [e for e in self.extensions if e not in compiled]
        super().build_extensions()
        if not compiled:
            return
        try:
            for extension in compiled:
                self.build_extension(extension)
        except Exception as exc:  # a compiler error: drop the group's files, keep the Python source
            for extension in compiled:
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            print(f"solieu: the extractors stay in Python (compiling failed: {exc})", file=sys.stderr)
            return
        self.extensions += compiled


if __name__ == "__main__":  # as setuptools runs it; .ci/compiled.sh imports it for its module list
    setup(
        ext_modules=[
            Extension(
                "pipeline.readers._pdf_loops",
                sources=["pipeline/readers/_pdf_loops.c"],
                # no fused multiply-add: the loops' arithmetic must round as Python's does, step by step
                extra_compile_args=["-ffp-contract=off"],
                optional=True,
            ),
            Extension("pipeline.outputs._minhash", sources=["pipeline/outputs/_minhash.c"], optional=True),
            *_compiled_extractors(),
        ],
        cmdclass={"build_ext": BuildExt},
    )
