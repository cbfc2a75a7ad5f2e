"""The gazetteer of Vietnamese administrative units, as a plain immutable value.

The extractors may not read files, so `pipeline.lexicon.gazetteer` reads the
gazetteer that underthesea ships (old and new provinces, districts and wards
with the 1 July 2025 merger mapping) and hands this value to
`extractors.facts.extract_facts`. Names are kept as the gazetteer writes them
(`Huyện Tuy Phước`, `Tỉnh Bình Định`); provinces also by their short name
(`Bình Định`), which is the form the summary and the standard use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tier = Literal["province", "district", "ward"]


@dataclass(frozen=True)
class AdminUnit:
    """One administrative unit of the map before or after 1 July 2025."""

    name: str  # as the gazetteer writes it, unit word first: "Huyện Tuy Phước"
    tier: Tier
    province: str  # short name of the province it belongs to on its map: "Bình Định"
    province_2025: str  # short name of that province after 1 July 2025: "Gia Lai"
    district: str | None = None  # a ward of the old map: its district ("Huyện Tuy Phước")
    after_2025: bool = False  # a unit of the map in force from 1 July 2025


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Every unit, and the province mapping of 1 July 2025 (old short name -> new short name).

    Compared and hashed by identity: it is built once per process and passed around, so
    caches keyed on it stay cheap.
    """

    units: tuple[AdminUnit, ...] = ()
    province_2025: tuple[tuple[str, str], ...] = ()
    source: str = ""
    _mapping: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._mapping.update(self.province_2025)

    def new_province(self, province: str | None) -> str | None:
        """The province after 1 July 2025 of an old (or already new) province's short name."""
        if province is None:
            return None
        return self._mapping.get(province, province if province in self._mapping.values() else None)
