"""The rule data of `extractors/data/`, loaded once and compiled for matching.

Words live in reviewed data files (dateparser's way): `figures.toml` holds
number, scale, currency, qualifier and unit words; `doc_types.tsv` the kinds
of numbered documents; `count_nouns.txt` the counted nouns. Code here only
turns them into lookups and regex alternations, longest entry first so that
`nghìn tỷ` wins over `nghìn`.

A user extends the rules without touching the package: a folder named by the
`SOLIEU_RULES` environment variable (or `solieu run --rules DIR`) may hold its
own `figures.toml` (lists are extended, tables updated), `doc_types.tsv` and
`count_nouns.txt` (lines added). The files are read once, at import.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import regex

DATA = resources.files("extractors") / "data"
USER_RULES_ENV = "SOLIEU_RULES"


def user_rules_dir() -> Path | None:
    """The user's rules folder from `SOLIEU_RULES`, if it names one."""
    value = os.environ.get(USER_RULES_ENV)
    return Path(value) if value and Path(value).is_dir() else None


def data_text(name: str) -> str:
    """A packaged data file, with the user's file of the same name appended (line-based files)."""
    text = (DATA / name).read_text(encoding="utf-8")
    user = user_rules_dir()
    if user and (user / name).is_file():
        text += "\n" + (user / name).read_text(encoding="utf-8")
    return text


def merge_rule_tables(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` on top of `base`: lists extended (no duplicates), tables merged, values replaced.

    >>> merge_rule_tables({"a": [1], "t": {"x": 1}}, {"a": [2, 1], "t": {"y": 2}, "n": 3})
    {'a': [1, 2], 't': {'x': 1, 'y': 2}, 'n': 3}
    """
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge_rule_tables(old, value)
        else:
            out[key] = value
    return out


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


def load_rules(figures_toml: str, doc_types_tsv: str, user_figures_toml: str | None = None) -> Rules:
    """Build Rules from the text of the data files, the user's `figures.toml` merged on top."""
    data = tomllib.loads(figures_toml)
    if user_figures_toml:
        data = merge_rule_tables(data, tomllib.loads(user_figures_toml))
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


def _user_figures_toml() -> str | None:
    user = user_rules_dir()
    path = user / "figures.toml" if user else None
    return path.read_text(encoding="utf-8") if path and path.is_file() else None


RULES = load_rules(
    (DATA / "figures.toml").read_text(encoding="utf-8"),
    data_text("doc_types.tsv"),
    _user_figures_toml(),
)
