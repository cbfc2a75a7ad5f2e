"""Shared test settings: doctests read with the packaged lexicon (`LEXICON`); no hypothesis deadlines
(speed is measured by benchmarks/, never by a timed unit test that flakes on a busy machine)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("solieu", deadline=None)
settings.load_profile("solieu")


@pytest.fixture(autouse=True)
def _lexicon_for_doctests(doctest_namespace: dict[str, Any]) -> None:
    from pipeline.lexicon import load_lexicon

    doctest_namespace["LEXICON"] = load_lexicon()
