"""The pdfium reader: the same lines and table cells pdfplumber gave on real PDFs, and page cleaning.

The pdfium reader re-implements pdfplumber's default text layout on pdfium's characters and hands
pdfium's ruling lines to pdfplumber's table finder (an undocumented hand-off, pinned in
pyproject.toml); these tests pin both against pdfplumber itself.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.readers import read_document
from pipeline.readers.pdf_clean import CleanPage, clean_pages
from pipeline.readers.pdf_layout import Line, Word, layout_lines, layout_text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
B03 = SHARED / "corpus" / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf"
G07 = SHARED / "corpus" / "G07_ubnd-ha-noi-qd-33-2025-khung-gia-dich-vu-chung-cu.pdf"
B02 = SHARED / "extra" / "B02_so-noi-vu-lam-dong-bao-cao-tinh-hinh-thuc-hien-c.pdf"
SAMPLE_B03 = REPO / "samples" / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf"


def _need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    return path


@functools.cache
def _read(path: Path):
    return read_document(path, path.parent, ocr="never")


def _pdfium_pages(path: Path):
    import pypdfium2 as pdfium

    from pipeline.readers.pdf_pdfium import read_text_layer

    document = pdfium.PdfDocument(path)
    return [read_text_layer(document[i]) for i in range(len(document))]


@pytest.mark.parametrize("path", [SAMPLE_B03, G07, B02], ids=["B03 sample", "G07 corpus", "B02 extra"])
def test_page_text_is_pdfplumbers(path: Path) -> None:
    """Every page's laid-out text equals pdfplumber's `extract_text()` of that page."""
    import pdfplumber

    layers = _pdfium_pages(_need(path))
    with pdfplumber.open(path) as pdf:
        expected = [page.extract_text() for page in pdf.pages]
    assert [layout_text(layer.chars) for layer in layers] == expected


@pytest.mark.parametrize("path", [G07, B02], ids=["G07 corpus: price table", "B02 extra: two tables"])
def test_table_cells_are_pdfplumbers(path: Path) -> None:
    """The finder on pdfium's ruling lines finds pdfplumber's tables, with the same cells."""
    import pdfplumber

    from pipeline.readers.pdf_tables import find_tables

    layers = _pdfium_pages(_need(path))
    with pdfplumber.open(path) as pdf:
        for layer, page in zip(layers, pdf.pages, strict=True):
            ours = find_tables(layer.objects.edges or [], layer.chars, (0, 0, layer.geo.width, layer.geo.height))
            theirs = [t.extract() for t in page.find_tables()]
            theirs = [rows for rows in theirs if any(sum(1 for c in r if c and c.strip()) >= 2 for r in rows)]
            assert [t.rows for t in ours] == theirs


_coordinate = st.floats(min_value=0, max_value=60, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list("Tổng số 120 hộ, đạt 96,5%.  ")),
            _coordinate,
            _coordinate,
            st.sampled_from([10.0, 12.0, 14.0]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_layout_matches_pdfplumber_on_any_characters(raw) -> None:
    """Property: on arbitrary boxes (touching, overlapping, on near lines) the layout is pdfplumber's."""
    from pdfplumber.utils import extract_text
    from pdfplumber.utils.text import chars_to_textmap

    chars = [(text, x, x + size / 2, top, top + size, True) for text, x, top, size in raw]
    dicts = [
        {
            "text": t,
            "x0": a,
            "x1": b,
            "top": c,
            "bottom": d,
            "doctop": c,
            "upright": True,
            "height": d - c,
            "width": b - a,
        }
        for t, a, b, c, d, _ in chars
    ]
    assert layout_text(chars, keep_order=False) == extract_text(dicts)
    assert layout_text(chars) == chars_to_textmap(dicts).as_string


@pytest.mark.parametrize(
    ("needle", "why"),
    [
        ("Công văn số 2769/UBND-\nNCKSTTHC", "pdfium's line-end hyphen mark U+0002 is a '-'"),
        ("b) Điểm b, c khoản 4 Điều 19", "a space typed in Arial between Times letters, dropped by pdfium"),
        ("Nghị định số 126/2024/NĐ-CP", "diacritics of a Word-made PDF"),
    ],
    ids=["hyphen mark", "ghost space", "diacritics"],
)
def test_b03_marks_mapped(needle: str, why: str) -> None:
    doc = _read(_need(B03))
    assert needle in doc.text, why
    assert "\ufffe" not in doc.text and "\x02" not in doc.text


def test_page_numbers_and_footnote_marks_leave_the_text() -> None:
    """B03 (corpus): '2'…'6' head pages 2-6; 'thống nhất1.' carries a raised footnote mark."""
    doc = _read(_need(B03))
    page_starts = [doc.text[b.end :].lstrip("\n").split("\n", 1)[0] for b in doc.blocks if b.kind == "page_break"]
    assert not any(line.strip().isdigit() for line in page_starts)
    assert "có văn bản ý kiến thống nhất." in doc.text and "thống nhất1." not in doc.text
    notes = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "footnote"]
    assert notes and notes[0].startswith("1 Công văn số 5956/STNMT-CCBVMT")


def test_footnotes_come_after_the_paragraph_not_inside_it() -> None:
    """B02 (extra) page 1 ends mid-sentence above its footnote; the sentence goes on on page 2."""
    doc = _read(_need(B02))
    note = next(b for b in doc.blocks if b.kind == "footnote" and b.page == 1)
    before = [b for b in doc.blocks if b.end <= note.start and b.kind == "paragraph"]
    assert before[-1].page == 2  # the paragraph carried over the page break comes first
    assert doc.text[note.start : note.end].startswith("1 (1) phường Xuân Hương")


def test_signature_apart_from_recipients() -> None:
    """G07 (corpus): 'Nơi nhận' list on the left, 'KT. CHỦ TỊCH … Dương Đức Tuấn' on the right."""
    doc = _read(_need(G07))
    blocks = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert "- Như Điều 5;" in blocks
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nDương Đức Tuấn" in blocks
    assert "KT. CHỦ TỊCH" not in doc.text.split("Nơi nhận")[1].split("- Lưu")[0]


def _line(text: str, top: float, size: float = 14.0, x0: float = 85.0) -> Line:
    words, x = [], x0
    for word in text.split():
        words.append(Word(word, top, x, x + 6 * len(word), size))
        x += 6 * len(word) + 4
    return Line(text, top, size, tuple(words))


@pytest.mark.parametrize(
    ("first", "last", "number", "kept"),
    [
        ("2", "Tổng số 120 hộ.", 2, ["Tổng số 120 hộ."]),
        ("- 3 -", "Tổng số 120 hộ.", 3, ["Tổng số 120 hộ."]),
        ("Trang 4/12", "Tổng số 120 hộ.", 4, ["Tổng số 120 hộ."]),
        ("Tổng số 120 hộ.", "5", 5, ["Tổng số 120 hộ."]),
        ("120", "Tổng số 120 hộ.", 2, ["120", "Tổng số 120 hộ."]),  # a number far from the page's: data
    ],
    ids=["alone", "dashes", "Trang n/N", "at the foot", "a figure, not the page number"],
)
def test_page_number_lines(first: str, last: str, number: int, kept: list[str]) -> None:
    page = CleanPage(number, 595, [[_line(first, 40), _line(last, 80)]])
    clean_pages([page])
    assert [line.text for line in page.bands[0]] == kept


def test_running_header_kept_on_its_first_page_only() -> None:
    header = "Báo cáo tình hình thực hiện các chỉ số năm 2025"
    bodies = [
        "Tổ chức 35 hội nghị đối thoại.",
        "Huy động hơn 3,4 tỷ đồng.",
        "Có 1.100 phiếu khảo sát.",
        "Tỷ lệ đúng hạn đạt 97,28%.",
        "Giải ngân 12.119 tỷ đồng.",
    ]
    pages = [
        CleanPage(n, 595, [[_line(header, 30), _line(body, 60), _line(f"Hết trang {n}: {body}", 90)]])
        for n, body in enumerate(bodies, start=1)
    ]
    clean_pages(pages)
    assert [page.bands[0][0].text for page in pages] == [header, *bodies[1:]]


def test_a_line_that_starts_every_page_with_its_own_numbers_stays() -> None:
    """`Biểu số 01`, `Biểu số 02`: a caption numbered per table is content; only the page's own number is furniture."""
    pages = [
        CleanPage(
            n,
            595,
            [
                [
                    _line(f"Biểu số 0{n + 4}: kết quả giảm nghèo", 30),
                    _line(f"Có {n * 7} hộ.", 60),
                    _line(f"Trang {n}/5", 90),
                ]
            ],
        )
        for n in range(1, 6)
    ]
    clean_pages(pages)
    assert [page.bands[0][0].text for page in pages] == [f"Biểu số 0{n + 4}: kết quả giảm nghèo" for n in range(1, 6)]
    assert all(len(page.bands[0]) == 2 for page in pages)  # `Trang n/5` is the page number, dropped


def test_a_page_of_one_line_keeps_it_on_the_first_page() -> None:
    """The only line of a page is its first and its last line: it is looked at once, so page 1 keeps it."""
    pages = [CleanPage(n, 595, [[_line("Báo cáo tình hình thực hiện các chỉ số năm 2025", 30)]]) for n in range(1, 5)]
    clean_pages(pages)
    assert [len(page.bands[0]) for page in pages] == [1, 0, 0, 0]


def test_square_metres_are_not_footnote_marks() -> None:
    """'120 m2' with a raised 2 is an area, 'sáng kiến1' with a raised 1 a footnote mark."""
    chars = []
    x = 0.0
    for text, raised in [
        ("1", False),
        ("2", False),
        ("0", False),
        (" ", False),
        ("m", False),
        ("2", True),
        (" ", False),
        ("k", False),
        ("i", False),
        ("ế", False),
        ("n", False),
        ("1", True),
    ]:
        size = 8.0 if raised else 14.0  # a superscript: smaller, its baseline 4 pt up (tops 2 pt apart)
        bottom = 96.0 if raised else 100.0
        chars.append((text, x, x + size / 2, bottom - size, bottom, True))
        x += size / 2
    (line,) = layout_lines(chars)
    assert line.text == "120 m2 kiến1"
    assert line.without_markers() == "120 m2 kiến"
