"""The compiled parts of solieu: the PDF reader's hot loops (pipeline/readers/_pdf_loops.c) and the
copy-finding signature (pipeline/outputs/_minhash.c).

Everything else is declared in pyproject.toml. The extensions are optional: where no C compiler is found the
install goes on and the same loops run in Python (pdf_pdfium._upright_chars and _Walker,
pdf_layout._words_of_run, summary._python_signature_of_words), with equal output.
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
        ),
        Extension("pipeline.outputs._minhash", sources=["pipeline/outputs/_minhash.c"], optional=True),
    ]
)
