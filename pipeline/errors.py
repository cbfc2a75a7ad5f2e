"""Numbered errors, so a user can look a failure up and a test can assert it.

Codes are stable: never renumber one, only add. The hundreds say the stage:
E1xx reading any file (and the rules a run reads), E2xx PDF, E3xx DOCX, E4xx
HTML, E5xx the run itself, E6xx a worker. A file's error is a record of
`errors.jsonl` and the batch goes on; an error of the run itself is one line
on stderr and an exit code from `EXIT_CODES`: 2 for what the user gave
(usage, missing or malformed inputs, rules, gold, run folders, a missing
extra), 1 for a run that could not finish (output not writable, locked, disk
full).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

CODES: dict[str, str] = {
    "E101": "empty_file",
    "E102": "binary_file",
    "E103": "unknown_encoding",
    "E104": "legacy_font_encoding",
    "E105": "file_too_large",
    "E106": "permission_denied",
    "E107": "unreadable_file",
    "E108": "no_text",
    "E109": "too_deeply_nested",
    "E110": "rules_invalid",
    "E201": "pdf_corrupt",
    "E202": "pdf_encrypted",
    "E203": "pdf_no_text_layer",
    "E204": "ocr_unavailable",
    "E205": "ocr_found_no_text",
    "E301": "docx_not_a_zip",
    "E302": "docx_zip_bomb",
    "E303": "docx_corrupt",
    "E401": "html_unparseable",
    "E501": "output_not_writable",
    "E502": "output_locked",
    "E503": "input_not_found",
    "E504": "disk_full",
    "E505": "missing_extra",
    "E506": "run_folder_invalid",
    "E507": "gold_invalid",
    "E508": "store_corrupt",
    "E520": "files_failed",
    "E530": "gazetteer_missing",
    "E601": "timeout",
    "E602": "worker_crashed",
    "E603": "extract_failed",
}

USAGE_EXIT = 2
FAILURE_EXIT = 1
# The exit code of a run-level error; file-level codes (E1xx-E4xx, E6xx) never end a run.
EXIT_CODES: dict[str, int] = {
    "E110": USAGE_EXIT,
    "E503": USAGE_EXIT,
    "E505": USAGE_EXIT,
    "E506": USAGE_EXIT,
    "E507": USAGE_EXIT,
    "E501": FAILURE_EXIT,
    "E502": FAILURE_EXIT,
    "E504": FAILURE_EXIT,
    "E508": FAILURE_EXIT,
    "E520": FAILURE_EXIT,  # `solieu run --strict` when any file failed: the outputs are written all the same
    "E530": FAILURE_EXIT,  # an install without the gazetteer data cannot run
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

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(self.code, FAILURE_EXIT)

    def __str__(self) -> str:
        return f"{self.code} {self.name}: {self.message}"


class ReadError(SolieuError):
    """A file that cannot be turned into a Document."""


def output_error(exc: BaseException, where: Path | str) -> SolieuError:
    """Turn an OS or SQLite failure while writing into E504 (disk full) or E501 (not writable)."""
    if isinstance(exc, SolieuError):
        return exc
    number = getattr(exc, "errno", None)
    text = str(exc)
    if number in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text or "No space left" in text:
        return SolieuError("E504", f"no space left on the device while writing {where}")
    reason = os.strerror(number) if number else text
    return SolieuError("E501", f"cannot write {where}: {reason}")


def missing_extra(what: str, extra: str, module: str) -> SolieuError:
    """E505 for an optional dependency that is not installed, saying how to get it."""
    return SolieuError("E505", f"{what} needs {module}: pip install 'solieu[{extra}]'")
