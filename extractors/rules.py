"""The rule data of `extractors/data/`, loaded once and compiled for matching.

Words live in reviewed data files (dateparser's way): `figures.toml` holds
number, scale, currency, qualifier and unit words; `doc_types.tsv` the kinds
of numbered documents. Code here only turns them into lookups and regex
alternations, longest entry first so that `nghìn tỷ` wins over `nghìn`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import regex

DATA = resources.files("extractors") / "data"


def alternation(words: list[str] | set[str] | dict[str, Any]) -> str:
    """A regex alternation of literal words, longest first, spaces matching any white space."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in items)


@dataclass(frozen=True)
class NumberWords:
    units: dict[str, int]
    ten: set[str]
    tens: set[str]
    hundred: set[str]
    joiners: set[str]
    half: set[str]

    @property
    def all(self) -> set[str]:
        return set(self.units) | self.ten | self.tens | self.hundred | self.joiners | self.half


@dataclass(frozen=True)
class Rules:
    number_words: NumberWords
    scales: dict[str, float]
    currencies: dict[str, str]
    money_context: list[str]
    money_not_after: list[str]
    qualifiers: dict[str, list[str]]
    percent: dict[str, list[str]]
    quantity_units: dict[str, str]
    dates: dict[str, Any]
    counts: dict[str, list[str]]
    doc_types: dict[str, str] = field(default_factory=dict)  # name (lower) -> name as written
    doc_type_codes: dict[str, str] = field(default_factory=dict)  # code -> name


def _load_doc_types(text: str) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        name, _, code_field = line.partition("\t")
        names[name.strip().lower()] = name.strip()
        for code in filter(None, (c.strip() for c in code_field.split(","))):
            codes.setdefault(code, name.strip())
    return names, codes


def load_rules(figures_toml: str, doc_types_tsv: str) -> Rules:
    """Build Rules from the text of the two data files (a user may pass extended copies)."""
    data = tomllib.loads(figures_toml)
    n = data["numbers"]
    names, codes = _load_doc_types(doc_types_tsv)
    return Rules(
        number_words=NumberWords(
            units=dict(n["units"]),
            ten=set(n["ten"]),
            tens=set(n["tens"]),
            hundred=set(n["hundred"]),
            joiners=set(n["joiners"]),
            half=set(n["half"]),
        ),
        scales={k: float(v) for k, v in data["scales"].items()},
        currencies=dict(data["currencies"]),
        money_context=list(data["money_context"]["words"]),
        money_not_after=list(data["money_not_after"]["words"]),
        qualifiers={k: list(v) for k, v in data["qualifiers"].items()},
        percent={k: list(v) for k, v in data["percent"].items()},
        quantity_units=dict(data["quantity"]["units"]),
        dates=dict(data["dates"]),
        counts={k: list(v) for k, v in data["counts"].items()},
        doc_types=names,
        doc_type_codes=codes,
    )


RULES = load_rules(
    (DATA / "figures.toml").read_text(encoding="utf-8"),
    (DATA / "doc_types.tsv").read_text(encoding="utf-8"),
)
