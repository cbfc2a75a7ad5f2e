"""Imported by the fork server of a Dask worker's sidecars: load the extractors and the packaged lexicon
once there, so each child forked from it starts warm (milliseconds instead of seconds)."""

from __future__ import annotations

import contextlib

with contextlib.suppress(Exception):  # a child loads what failed here itself, and reports it
    from pipeline.run.work import WorkOptions, _stage_functions, lexicon_for

    _stage_functions()
    lexicon_for(WorkOptions())
