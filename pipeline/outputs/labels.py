"""Vietnamese names for what the outputs show people: kinds, qualifiers, bounds, entity types, columns.

The JSONL, CSV, Parquet and SQLite files keep the stable codes (`count`,
`more_than`) that programs filter on; the XLSX workbook and the review page are
read by people, so they show these labels. One table here, so a sheet, a filter
and the page say the same word for the same thing.
"""

from __future__ import annotations

KIND_LABELS: dict[str, str] = {
    "count": "số lượng",
    "money": "tiền",
    "quantity": "khối lượng",
    "percent": "tỷ lệ",
    "date": "ngày tháng",
    "doc_ref": "văn bản",
    "duration": "thời gian",
}

QUALIFIER_LABELS: dict[str, str] = {
    "exact": "chính xác",
    "more_than": "hơn",
    "less_than": "dưới",
    "approx": "khoảng",
}

BOUND_LABELS: dict[str, str] = {
    "exact": "chính xác",
    "lower_bound": "ít nhất (≥)",
    "upper_bound": "nhiều nhất (≤)",
    "approx": "ước tính (≈)",
    "mixed": "vừa cận dưới vừa cận trên",
}

ENTITY_LABELS: dict[str, str] = {"PER": "người", "ORG": "tổ chức", "LOC": "địa danh"}

ROLE_LABELS: dict[str, str] = {
    "part": "phần",
    "total": "tổng",
    "range_low": "từ",
    "range_high": "đến",
    "rate": "tỷ lệ",
}


COLUMN_ROLE_LABELS: dict[str, str] = {
    "row_number": "STT",
    "indicator": "chỉ tiêu",
    "group": "nhóm",
    "entity": "đơn vị",
    "unit": "đơn vị tính",
    "note": "ghi chú",
    "code": "mã",
    "rank": "xếp hạng",
    "plan": "kế hoạch",
    "actual": "thực hiện",
    "estimate": "ước thực hiện",
    "previous": "kỳ trước",
    "ratio": "tỷ lệ",
    "score": "điểm",
    "value": "số liệu",
}


def label(table: dict[str, str], code: object) -> str:
    """The label of `code`, the code itself when it has none, '' for nothing.

    >>> label(KIND_LABELS, "money"), label(KIND_LABELS, "new_kind"), label(KIND_LABELS, None)
    ('tiền', 'new_kind', '')
    """
    if code is None or code == "":
        return ""
    return table.get(str(code), str(code))
