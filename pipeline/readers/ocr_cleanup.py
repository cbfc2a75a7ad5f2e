"""Vietnamese-aware clean-up of Tesseract output: the known confusions, as data (`ocr_confusions.toml`).

Applied to OCR lines only: a text layer says what its author typed and is never
corrected. Each rule names the class of confusion it fixes and carries examples
that the tests check; a user can extend the file like the legacy-font tables.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "ocr_confusions.toml"


@dataclass(frozen=True)
class Rule:
    name: str
    confusion: str
    pattern: re.Pattern[str]
    replace: str
    examples: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Rule(
            r["name"],
            r["class"],
            re.compile(r["pattern"], re.MULTILINE),
            r["replace"],
            tuple((a, b) for a, b in r.get("examples", ())),
        )
        for r in data.get("rule", ())
    )


def clean_ocr_line(text: str, rules: tuple[Rule, ...] | None = None) -> str:
    """One OCR line with every rule applied, in order; NFC first, as the rules are written in NFC.

    >>> clean_ocr_line("Số: 0I/QÐ-UBND ngày 2l/7/2O24")
    'Số: 01/QĐ-UBND ngày 21/7/2024'
    """
    text = unicodedata.normalize("NFC", text)
    for rule in rules if rules is not None else load_rules():
        text = rule.pattern.sub(rule.replace, text)
    return text
