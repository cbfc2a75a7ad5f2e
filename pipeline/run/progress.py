"""A one-line progress bar on stderr, drawn only when stderr is a terminal.

Logs and pipes get nothing, so redirected output stays clean; the bar redraws
at most ten times a second so it never costs measurable time.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Count finished files out of `total` and show it as `solieu [####    ] 120/400 files`."""

    def __init__(self, total: int, *, stream: TextIO | None = None, enabled: bool | None = None,
                 label: str = "files") -> None:
        self.total = total
        self.done = 0
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._last_draw = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last_draw >= 0.1 or self.done >= self.total):
            self._last_draw = now
            self.stream.write("\r" + self.render())
            self.stream.flush()

    def render(self, width: int = 30) -> str:
        """The bar as text.

        >>> Progress(4, enabled=False).render(width=8)
        'solieu [        ] 0/4 files'
        """
        filled = width * self.done // self.total if self.total else width
        return f"solieu [{'#' * filled}{' ' * (width - filled)}] {self.done}/{self.total} {self.label}"

    def close(self) -> None:
        if self.enabled and self._last_draw:
            self.stream.write("\n")
            self.stream.flush()
