"""Helpers for the figure tables: compare what matters, as the scorer does."""

import pytest

from extractors.figures import extract_figures
from tests.lexicon import LEXICON


def found(text: str, kind: str) -> list[tuple]:
    """(value, unit, qualifier) of every figure of `kind` in `text`."""
    out = []
    for m in extract_figures(text, LEXICON):
        if m.kind != kind:
            continue
        out.append((m.value, m.unit, m.qualifier) if kind in ("count", "money", "quantity", "percent") else m.value)
    return out


@pytest.fixture
def figures_of():
    return found
