"""Properties of the date and reference grammars on generated (invented) text.

A range or list that writes its month or year once gives every end the parts it shares, whatever
joins the ends; a time of day is never a figure; a reference reads the same however its symbol is
spaced, dashed or broken over a line.
"""

import calendar

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.figures import extract_figures
from tests.figures.conftest import found
from tests.lexicon import LEXICON

years = st.integers(1990, 2035)
months = st.integers(1, 12)
joiners = st.sampled_from(["-", "–", " - ", " – ", " đến ", " và ", ", "])
month_joiners = st.sampled_from(["-", " - ", " – ", " và ", ", ", " đến "])
leads = st.sampled_from(["ngày ", "các ngày ", "từ ngày ", "Trong các ngày ", "Sáng "])
pad = st.booleans()


def _n(value: int, zero_pad: bool) -> str:
    return f"{value:02d}" if zero_pad else str(value)


@st.composite
def day_ranges(draw):
    """(text, expected): `ngày D1-D2/M/YYYY` and its spellings; every day shares the month and year."""
    year, month = draw(years), draw(months)
    last = calendar.monthrange(year, month)[1]
    days = sorted(draw(st.sets(st.integers(1, last), min_size=2, max_size=3)))
    zero_pad = draw(pad)
    joins = [draw(joiners) for _ in days[1:]]
    if len(days) == 3:
        joins[0] = ", "  # a list of three: `ngày 5, 6 và 7/8/2025`
        joins[1] = draw(st.sampled_from([" và ", ", "]))
    text = draw(leads) + _n(days[0], zero_pad)
    for join, d in zip(joins, days[1:], strict=True):
        text += join + _n(d, zero_pad)
    text += f"/{_n(month, zero_pad)}/{year}"
    return text, [f"{year:04d}-{month:02d}-{d:02d}" for d in days]


@settings(max_examples=150, deadline=None)
@given(day_ranges())
def test_days_share_their_month_and_year(case):
    text, expected = case
    assert found(text + ", đoàn công tác làm việc", "date") == expected


@st.composite
def month_lists(draw):
    """`tháng M1, M2/YYYY`, `tháng M1 - M2 năm YYYY`, `từ tháng M1 đến tháng M2 năm YYYY`."""
    year = draw(years)
    ms = sorted(draw(st.sets(months, min_size=2, max_size=3)))
    repeat_word = draw(st.booleans())
    text = "tháng " + str(ms[0])
    for m in ms[1:]:
        text += draw(month_joiners) + ("tháng " if repeat_word else "") + str(m)
    text += draw(st.sampled_from([f"/{year}", f" năm {year}"]))  # `tháng 1-2-3-1990` would be 2 March
    return "báo cáo " + text, [f"{year:04d}-{m:02d}" for m in ms]


@settings(max_examples=150, deadline=None)
@given(month_lists())
def test_months_share_their_year(case):
    text, expected = case
    assert found(text + " của các đơn vị", "date") == expected


@st.composite
def cross_month_ranges(draw):
    """`từ D1/M1 đến D2/M2/YYYY`: the first end takes the year written at the second."""
    year = draw(years)
    m1, m2 = sorted(draw(st.sets(months, min_size=2, max_size=2)))
    d1 = draw(st.integers(1, calendar.monthrange(year, m1)[1]))
    d2 = draw(st.integers(1, calendar.monthrange(year, m2)[1]))
    text = f"{draw(st.sampled_from(['từ ', 'từ ngày ', 'Từ ngày ']))}{d1}/{m1}{draw(st.sampled_from([' đến ', ' - ', ' – ']))}"
    text += f"{draw(st.sampled_from(['', 'ngày ']))}{d2}/{m2}/{year}"
    return text, [f"{year:04d}-{m1:02d}-{d1:02d}", f"{year:04d}-{m2:02d}-{d2:02d}"]


@settings(max_examples=100, deadline=None)
@given(cross_month_ranges())
def test_a_range_across_months_shares_its_year(case):
    text, expected = case
    assert found(text, "date") == expected


ROMANS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@st.composite
def quarter_lists(draw):
    """`quý I, II/2024`, `quý 3 và 4 năm 2024`."""
    year = draw(years)
    qs = sorted(draw(st.sets(st.integers(1, 4), min_size=2, max_size=3)))
    roman = draw(st.booleans())
    spell = (lambda q: ROMANS[q]) if roman else str
    text = "quý " + spell(qs[0])
    for q in qs[1:]:
        text += draw(st.sampled_from([", ", " và "])) + spell(q)
    text += draw(st.sampled_from([f"/{year}", f" năm {year}"]))
    return text, [f"{year:04d}-Q{q}" for q in qs]


@settings(max_examples=100, deadline=None)
@given(quarter_lists())
def test_quarters_share_their_year(case):
    text, expected = case
    assert found(text, "date") == expected


UNITS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
MONTH_NAMES = {
    1: ["Giêng", "một"],
    2: ["hai"],
    3: ["ba"],
    4: ["tư"],
    5: ["năm"],
    6: ["sáu"],
    7: ["bảy"],
    8: ["tám"],
    9: ["chín"],
    10: ["mười"],
    11: ["mười một"],
    12: ["mười hai", "Chạp"],
}


def _say(n: int) -> str:
    """1-31 as said: `mười lăm`, `hai mươi mốt`, `ba mươi`."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return UNITS[unit]
    head = "mười" if tens == 1 else UNITS[tens] + " mươi"
    if unit == 0:
        return head
    tail = "lăm" if unit == 5 else ("mốt" if unit == 1 and tens > 1 else UNITS[unit])
    return head + " " + tail


@st.composite
def dates_in_words(draw):
    """`ngày mười lăm tháng ba năm 2020`, `mồng 2 tháng Giêng năm 2024`."""
    year, month = draw(years), draw(months)
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    lead = draw(st.sampled_from(["ngày ", "ngày mồng ", "mùng "])) if day <= 10 else "ngày "
    day_text = _say(day) if draw(st.booleans()) else str(day)
    month_text = draw(st.sampled_from(MONTH_NAMES[month])) if draw(st.booleans()) else str(month)
    return f"{lead}{day_text} tháng {month_text} năm {year}", f"{year:04d}-{month:02d}-{day:02d}"


@settings(max_examples=150, deadline=None)
@given(dates_in_words())
def test_dates_in_words_read_as_written(case):
    text, expected = case
    assert found("Hà Nội, " + text, "date") == [expected]


@st.composite
def times(draw):
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    form = draw(st.sampled_from(["{h}:{m:02d}", "{h}h{m:02d}", "{h} giờ {m:02d}", "{h} giờ {m} phút", "{h}g{m:02d}"]))
    return form.format(h=hour, m=minute)


@settings(max_examples=150, deadline=None)
@given(
    times(), st.sampled_from(["lúc ", "vào ", "từ ", "Khoảng "]), st.sampled_from([", ", " sáng nay, ", " ngày mai, "])
)
def test_a_time_of_day_is_no_figure(time, before, after):
    text = before + time + after + "có 12 hộ"
    assert [(m.kind, m.value) for m in extract_figures(text, LEXICON) if m.kind != "duration"] == [("count", 12)]


codes = st.sampled_from([("QĐ", "UBND"), ("NQ", "CP"), ("KH", "BCĐ"), ("CT", "TTg"), ("TTr", "SNV"), ("BC", "UBND")])
party = st.sampled_from([("KL", "TW"), ("NQ", "TW"), ("CT", "TW"), ("CTr", "TU"), ("HD", "BTGTW")])
dashes = st.sampled_from(["-", "–", " – ", " - ", "- ", "-\n"])


@st.composite
def state_refs(draw):
    """`123/QĐ-UBND`, `30a/2008/NQ-CP` with the symbol's dash spaced, en-dashed or broken over a line."""
    number = str(draw(st.integers(1, 99999))) + draw(st.sampled_from(["", "", "a", "b"]))
    year = draw(st.sampled_from(["", "/2008", "/2024"]))
    code, issuer = draw(codes)
    value = f"{number}{year}/{code}-{issuer}"
    return f"{number}{year}/{code}{draw(dashes)}{issuer}", value


@st.composite
def party_refs(draw):
    """`120-KL/TW` with the number's dash spaced, en-dashed or broken over a line."""
    number = str(draw(st.integers(1, 999)))
    code, body = draw(party)
    return f"{number}{draw(dashes)}{code}/{body}", f"{number}-{code}/{body}"


@settings(max_examples=150, deadline=None)
@given(st.one_of(state_refs(), party_refs()), st.sampled_from(["Quyết định số ", "Kết luận ", "văn bản số ", "Số: "]))
def test_a_reference_reads_the_same_however_it_is_spaced(case, lead):
    written, value = case
    refs = [m.value for m in extract_figures(f"Căn cứ {lead}{written} của cơ quan", LEXICON) if m.kind == "doc_ref"]
    assert refs == [value]
