"""The progress bar on stderr, drawn only when stderr is a terminal: files (and OCR pages) done, rate, time left.

Logs and pipes get nothing, so redirected output stays clean. The bar is
tqdm's: it fits the terminal's width (and follows it when the window is
resized), shows the rate in files/s and an ETA, and redraws at most ten times
a second, so it never costs measurable time. `solieu run -q` turns it off.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO


class Progress:
    """Count finished files out of `total`: `solieu  45%|████▌     | 180/400 [00:02<00:03, 72.1 files/s]`."""

    def __init__(
        self,
        total: int,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        label: str = "files",
        width: int | None = None,
    ) -> None:
        self.total = total
        self.done = 0
        self.pages = 0  # OCR pages counted in `total` (units of work of their own)
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = bool(isatty()) if enabled is None else enabled
        self._bar: Any = None
        if self.enabled and total > 0:
            from tqdm import tqdm  # here: a run without a terminal never imports it

            self._bar = tqdm(
                total=total,
                file=self.stream,
                desc="solieu",
                unit=" " + label.rstrip("s"),
                dynamic_ncols=width is None,
                ncols=width,
                mininterval=0.1,
                smoothing=0.1,
                leave=True,
                ascii=not _unicode(self.stream),
            )

    def add_pages(self, n: int, done: int = 0) -> None:
        """A scan's `n` OCR pages join the count (`done` of them already in the store)."""
        self.total += n
        self.pages += n
        if self._bar is not None:
            self._bar.total = self.total
            self._bar.set_postfix_str(f"with {self.pages} OCR pages", refresh=False)
        self.advance(done)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _unicode(stream: TextIO) -> bool:
    """Block characters only where the terminal's encoding has them."""
    encoding = (getattr(stream, "encoding", None) or "").lower()
    return encoding.replace("-", "").startswith("utf")
