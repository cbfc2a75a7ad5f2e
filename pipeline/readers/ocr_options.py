"""How a PDF's pages are read by OCR: the options a user sets, kept apart so importing them is free."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[OcrMode, ...] = ("auto", "always", "never")
DEFAULT_OCR_TIMEOUT = 120.0  # seconds for one page; a 300 dpi A4 page takes 3-10 s on one core
DEFAULT_DPI = 300


@dataclass(frozen=True)
class OcrOptions:
    """`mode`: "auto" OCRs pages without a real text layer, "always" every page, "never" none.

    `timeout_s` bounds one page's recognition; `dpi` is the resolution pages are rendered at.
    """

    mode: OcrMode = "auto"
    timeout_s: float = DEFAULT_OCR_TIMEOUT
    dpi: int = DEFAULT_DPI
    language: str = "vie"
