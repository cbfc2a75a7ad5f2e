"""The gazetteer of Vietnamese administrative units, read from the data underthesea ships.

underthesea (>= 9.5) carries `address/data/mapping.json`: the 63 provinces, their
districts and wards before 1 July 2025, the 34 provinces and their wards after
it, and which old unit became which new one. It is read once per process into
a `schemas.gazetteer.Gazetteer`, so a reporting unit the text names (`huyện Tuy
Phước`) places its province (Bình Định) and its province after the merger (Gia
Lai) comes from that mapping, never typed by hand.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError
from schemas.gazetteer import AdminUnit, Gazetteer

PACKAGE, RESOURCE = "underthesea.address", "data/mapping.json"


def mapping_path() -> Path:
    """underthesea's mapping.json, found without importing underthesea (an import costs about a second)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise SolieuError("E530", "underthesea is not installed: pip install 'underthesea>=9.5'")
    return Path(spec.origin).parent / "address" / RESOURCE


def _read_mapping() -> dict[str, Any]:
    try:
        data = json.loads(mapping_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise SolieuError(
            "E530",
            f"cannot read the gazetteer {PACKAGE}/{RESOURCE} (underthesea >= 9.5 is "
            f"needed: pip install 'underthesea>=9.5'): {exc}",
        ) from exc
    if not isinstance(data, dict) or not {
        "province_mapping",
        "old_province_names",
        "province_names",
        "ward_mapping",
    } <= set(data):
        raise SolieuError("E530", f"{PACKAGE}/{RESOURCE} is not the gazetteer solieu knows (keys missing)")
    return data


def gazetteer_from_mapping(data: dict[str, Any]) -> Gazetteer:
    """The Gazetteer of an underthesea mapping.json already parsed (tests build small ones)."""
    old = {key: info["short"] for key, info in data["old_province_names"].items()}
    new = {key: info["short"] for key, info in data["province_names"].items()}
    old_to_new = {old[k]: new[v] for k, v in data["province_mapping"].items() if k in old and v in new}
    units: list[AdminUnit] = []
    for key, info in data["old_province_names"].items():
        units.append(AdminUnit(info["name"], "province", old[key], old_to_new.get(old[key], old[key])))
    for key, info in data["province_names"].items():
        units.append(AdminUnit(info["name"], "province", new[key], new[key], after_2025=True))
    districts: dict[tuple[str, str], AdminUnit] = {}
    old_wards: dict[tuple[str, str, str], AdminUnit] = {}
    new_wards: dict[tuple[str, str], AdminUnit] = {}
    for rec in data["ward_mapping"]:
        province = old.get(rec.get("old_province_key", ""))
        new_province = new.get(rec.get("new_province_key", ""))
        if province is None or new_province is None:
            continue
        district, ward = rec.get("old_district"), rec.get("old_ward")
        if district and (province, district) not in districts:
            districts[(province, district)] = AdminUnit(
                district, "district", province, old_to_new.get(province, new_province)
            )
        if ward and district:
            old_wards.setdefault(
                (province, district, ward), AdminUnit(ward, "ward", province, new_province, district=district)
            )
        if rec.get("new_ward"):
            new_wards.setdefault(
                (new_province, rec["new_ward"]),
                AdminUnit(rec["new_ward"], "ward", new_province, new_province, after_2025=True),
            )
    units += [*districts.values(), *old_wards.values(), *new_wards.values()]
    source = (
        f"underthesea {RESOURCE} ({data.get('metadata', {}).get('source', '?')} "
        f"{data.get('metadata', {}).get('version', '?')})"
    )
    return Gazetteer(units=tuple(units), province_2025=tuple(sorted(old_to_new.items())), source=source)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process; E530 when underthesea's data is missing."""
    return gazetteer_from_mapping(_read_mapping())
