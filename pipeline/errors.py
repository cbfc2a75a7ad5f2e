"""Numbered errors, so a user can look a failure up and a test can assert it.

Codes are stable: never renumber one, only add. The hundreds say the stage:
E1xx reading any file, E2xx PDF, E3xx DOCX, E4xx HTML, E5xx the run itself,
E6xx a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

CODES: dict[str, str] = {
    "E101": "empty_file",
    "E102": "binary_file",
    "E103": "unknown_encoding",
    "E104": "legacy_font_encoding",
    "E105": "file_too_large",
    "E106": "permission_denied",
    "E107": "unreadable_file",
    "E108": "no_text",
    "E201": "pdf_corrupt",
    "E202": "pdf_encrypted",
    "E203": "pdf_no_text_layer",
    "E301": "docx_not_a_zip",
    "E302": "docx_zip_bomb",
    "E303": "docx_corrupt",
    "E401": "html_unparseable",
    "E501": "output_not_writable",
    "E502": "output_locked",
    "E503": "input_not_found",
    "E504": "disk_full",
    "E601": "timeout",
    "E602": "worker_crashed",
    "E603": "extract_failed",
}


@dataclass
class SolieuError(Exception):
    """An expected failure with a stable code; `str()` is the user-facing message."""

    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown error code {self.code}")
        super().__init__(self.message)

    @property
    def name(self) -> str:
        return CODES[self.code]

    def __str__(self) -> str:
        return f"{self.code} {self.name}: {self.message}"


class ReadError(SolieuError):
    """A file that cannot be turned into a Document."""
