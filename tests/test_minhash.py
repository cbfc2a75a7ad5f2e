"""The compiled copy-finding signature (`pipeline/outputs/_minhash.c`) is the Python one, bin for bin.

`summary._signature_of_words` runs the C loop where setup.py could build it and
`_python_signature_of_words` otherwise; a signature that differs in one bin can change which documents
are copies and their similarity in summary.json, so the two are compared on the corpus and on arbitrary
words (long ones cross BLAKE2b's 128-byte block), and the C BLAKE2b on arbitrary bytes with hashlib's.
"""

from __future__ import annotations

import hashlib
import os
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.outputs.summary import SIGNATURE_BINS, _python_signature_of_words, compiled_signature, words

needs_compiled = pytest.mark.skipif(compiled_signature is None, reason="_minhash.c was not compiled here")


def test_the_compiled_signature_is_built_where_ci_runs() -> None:
    """setup.py's extension is optional (an install without a compiler still works); CI must build it."""
    if os.environ.get("CI") and compiled_signature is None:
        pytest.fail("pipeline/outputs/_minhash.c was not compiled: the summary runs its Python loop")


@needs_compiled
@given(st.binary(max_size=600))
def test_the_compiled_blake2b_is_hashlib_s(data: bytes) -> None:
    from pipeline.outputs._minhash import blake2b_8

    assert blake2b_8(data) == struct.unpack(">Q", hashlib.blake2b(data, digest_size=8).digest())[0]


@needs_compiled
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=90), max_size=40))
def test_the_compiled_signature_is_the_python_one_on_any_words(found: list[str]) -> None:
    assert compiled_signature is not None
    encoded = list(map(str.encode, found))
    assert compiled_signature(encoded, SIGNATURE_BINS) == _python_signature_of_words(found)


@needs_compiled
def test_the_compiled_signature_is_the_python_one_on_the_corpus(texts: dict[str, str]) -> None:
    assert compiled_signature is not None
    for name, text in texts.items():
        found = words(text)
        assert compiled_signature(list(map(str.encode, found)), SIGNATURE_BINS) == _python_signature_of_words(found), (
            name
        )


@needs_compiled
def test_the_compiled_signature_refuses_what_is_not_a_list_of_bytes() -> None:
    assert compiled_signature is not None
    with pytest.raises(TypeError):
        compiled_signature(["chữ"], SIGNATURE_BINS)  # type: ignore[list-item]
    with pytest.raises(ValueError):
        compiled_signature([b"a"], 0)
