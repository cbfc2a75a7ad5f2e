"""Imported by the fork server of a Dask worker's sidecars: load the extractors and the packaged lexicon
once there, and run one short document through every stage (what each loads on first use: compiled
patterns, the sentence splitter's tables), so each child forked from it starts warm: its first file costs
what every other does, and a child replaced after a timeout or a crash starts in milliseconds."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

_WARM_UP = (
    "Năm 2024, toàn tỉnh có 12 xã đạt chuẩn nông thôn mới, tăng 5% so với năm 2023; thu ngân sách đạt 352 tỷ đồng.\n"
)

with contextlib.suppress(Exception):  # a child loads what failed here itself, and reports it
    from pipeline.run.work import WorkOptions, _stage_functions, lexicon_for, process_file

    _stage_functions()
    lexicon_for(WorkOptions())
    with tempfile.TemporaryDirectory(prefix="solieu-warm-") as folder:
        sample = Path(folder) / "warm.txt"
        sample.write_text(_WARM_UP, encoding="utf-8")
        process_file(sample, Path(folder), sample.name)
