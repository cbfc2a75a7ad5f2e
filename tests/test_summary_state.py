"""The summary's working state on disk: rows pushed out of memory come back exactly as they left."""

from __future__ import annotations

import sqlite3
from array import array
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import SolieuError
from pipeline.outputs.summary_state import CopyIndex, Group, RowKey, RowTable, Seen, SortColumns, open_database

# A row key as the summary makes it: metric, kind, unit, (unit name, level, province, 2025 province),
# (period kind, period value), value (None for an additive metric)
DUC_PHO = ("thị xã Đức Phổ", "huyện", "Quảng Ngãi", "Quảng Ngãi")
LAM_DONG = ("tỉnh Lâm Đồng", "tỉnh", "Lâm Đồng", "Lâm Đồng")


def _sort(key: RowKey, g: Group) -> SortColumns:
    metric, kind, unit, ru, (_kind, period), value = key
    total = value if value is not None else g.total_value()
    return (0, metric, kind, unit or "", ru[3] or "", ru[0] or "", period or "", float(total))


def _add(table: RowTable, key: RowKey, *values: int | float, doc: str = "a.txt") -> Group:
    group = table.group(key, None)
    for value in values:
        group.total += value
        group.all_int = group.all_int and float(value).is_integer()
        group.qualifiers.add("exact")
    group.n_mentions += len(values)
    group.n_documents += 1
    table.add_part(group, (0, doc, 0, b"[]"))
    return group


def test_a_row_pushed_out_comes_back_with_its_exact_total_and_figures() -> None:
    """1.500.000 tỷ đồng is past a float's 2**53: a row read back from the database still adds as an int."""
    table = RowTable(open_database(), _sort, live_rows=1)
    budget = ("state_budget_revenue", "money", "VND", LAM_DONG, ("year", "2025"), None)
    other = ("dialogue_conferences", "count", "hội nghị", DUC_PHO, ("year", "2021"), None)
    for doc in ("b01.txt", "b02.txt", "b03.txt"):
        _add(table, budget, 1_500_000_000_000_000 + 7, doc=doc)
        _add(table, other, 35, doc=doc)  # pushes the budget row out of memory each time
    rows = dict(table.in_order())
    assert rows[budget].total == 4_500_000_000_000_021 and isinstance(rows[budget].total, int)
    assert (rows[budget].n_mentions, rows[budget].n_documents) == (3, 3)
    assert [doc for _, doc, _, _ in table.parts(rows[budget].gid)] == ["b01.txt", "b02.txt", "b03.txt"]


def test_a_float_total_comes_back_to_the_last_bit() -> None:
    table = RowTable(open_database(), _sort, live_rows=1)
    area = ("rice_area", "quantity", "ha", DUC_PHO, ("year", "2024"), None)
    expected = 0.0
    for value in (0.1, 0.2, 1e-9, 3.4):
        _add(table, area, value)
        _add(table, ("x", "count", "đoàn", DUC_PHO, (None, None), None), 1)
        expected += value
    (key, group), _ = list(table.in_order())
    assert key == area and group.total == expected and not group.all_int


def test_five_and_five_point_zero_are_one_row_in_memory_and_on_disk() -> None:
    """A dict takes (…, 5) and (…, 5.0) for one key: so does the database, and the key first made is kept."""
    table = RowTable(open_database(), _sort, live_rows=1)
    rate = ("poverty_rate", "percent", "%", LAM_DONG, ("year", "2025"), 5)
    _add(table, rate, 5)
    _add(table, ("x", "count", "đoàn", DUC_PHO, (None, None), None), 1)
    _add(table, (*rate[:5], 5.0), 5.0)
    keys = [key for key, _ in table.in_order()]
    assert keys.count(rate) == 1 and type(keys[keys.index(rate)][5]) is int


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["hội nghị", "đoàn", "lớp"]), st.sampled_from(["2021", "2022", None]), st.integers(0, 9)
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 5),
)
def test_rows_come_out_in_pythons_sorted_order_whatever_was_pushed_out(
    adds: list[tuple[str, str | None, int]], live_rows: int
) -> None:
    """The database's ORDER BY is `sorted` of the same columns, ties in the order the rows were made."""
    table = RowTable(open_database(), _sort, live_rows=live_rows)
    made: dict[RowKey, Group] = {}
    for noun, period, value in adds:
        key: RowKey = ("dialogue_conferences", "count", noun, DUC_PHO, ("year" if period else None, period), None)
        made[key] = _add(table, key, value)
    expected = sorted(made, key=lambda k: _sort(k, made[k]))  # made: the dict's order is creation order
    assert [key for key, _ in table.in_order()] == expected


def test_copy_candidates_come_in_the_order_documents_were_counted() -> None:
    copies = CopyIndex(open_database())
    sig = array("q", range(32))
    for doc_id, bands in (("a.txt", [11, 12]), ("b.txt", [13]), ("c.txt", [12, 13])):
        copies.add(Seen(doc_id, 0, b"f", b"i", sig), bands)
    assert [s.doc_id for s in copies.candidates([13, 12])] == ["a.txt", "b.txt", "c.txt"]
    assert [s.doc_id for s in copies.candidates([11])] == ["a.txt"] and copies.candidates([]) == []
    assert copies.candidates([11])[0].sig == sig
    copies.remember_text(b"\x01" * 32, "a.txt", 0)
    copies.remember_text(b"\x01" * 32, "ban-sao.txt", 1)  # a later claim to the same text is not its first
    assert copies.first_with(b"\x01" * 32) == ("a.txt", 0) and copies.first_with(b"\x02" * 32) is None


class _FullDisk:
    """A connection whose every statement meets a full disk, as SQLite reports it."""

    def execute(self, *_: Any) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    executemany = execute


def test_a_full_disk_under_the_working_database_is_e504_not_a_traceback() -> None:
    table = RowTable(_FullDisk(), _sort, live_rows=1)  # type: ignore[arg-type]
    key = ("x", "count", "đoàn", DUC_PHO, (None, None), None)
    table.group(key, None)
    with pytest.raises(SolieuError) as raised:
        table.group((*key[:2], "lớp", *key[3:]), None)  # the first is pushed out: a write
    assert raised.value.code == "E504" and "summary's temporary database" in raised.value.message
    with pytest.raises(SolieuError) as raised:
        CopyIndex(_FullDisk()).first_with(b"\x00")  # type: ignore[arg-type]
    assert raised.value.code == "E504"
