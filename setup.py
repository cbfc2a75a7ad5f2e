"""The one compiled part of solieu: the PDF reader's hot loops (pipeline/readers/_pdf_loops.c).

Everything else is declared in pyproject.toml. The extension is optional: where no C compiler is found the
install goes on and the reader runs the same loops in Python (pdf_pdfium._upright_chars and
_Walker, pdf_layout._words_of_run), with equal output.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "pipeline.readers._pdf_loops",
            sources=["pipeline/readers/_pdf_loops.c"],
            # no fused multiply-add: the loops' arithmetic must round as Python's does, step by step
            extra_compile_args=["-ffp-contract=off"],
            optional=True,
        )
    ]
)
