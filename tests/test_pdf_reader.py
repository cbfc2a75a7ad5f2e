"""The pdfium reader: the same lines and table cells pdfplumber gave on real PDFs, and page cleaning.

The pdfium reader re-implements pdfplumber's default text layout on pdfium's characters and hands
pdfium's ruling lines to pdfplumber's table finder (an undocumented hand-off, pinned in
pyproject.toml); these tests pin both against pdfplumber itself, and the reader's fast paths (pdfium
called through cffi, pages whose rulings make no two columns kept from the finder, the layout's
grouping by line) against the plain way of doing the same.
"""

from __future__ import annotations

import functools
import io
import os
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
B01 = SHARED / "extra" / "B01_bao-cao-cong-tac-cai-cach-hanh-chinh-nam-2025-va.pdf"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
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


def _filled_tables(tables: list[list[list[str | None]]]) -> list[list[list[str | None]]]:
    """pdfplumber's extracted tables that have a row of two filled cells (the ones the reader keeps)."""
    return [rows for rows in tables if any(sum(1 for c in r if c and c.strip()) >= 2 for r in rows)]


@pytest.mark.parametrize(
    ("path", "pages"),
    [(G07, None), (B02, None), (B01, [8, 21, 28])],
    ids=[
        "G07 corpus: price table",
        "B02 extra: two tables",
        "B01 extra: a framed page, an indicator table, a 90-cell annex",
    ],
)
def test_table_cells_are_pdfplumbers(path: Path, pages: list[int] | None) -> None:
    """The finder on pdfium's ruling lines finds pdfplumber's tables, with the same cells."""
    import pdfplumber

    from pipeline.readers.pdf_tables import find_tables

    layers = _pdfium_pages(_need(path))
    with pdfplumber.open(path) as pdf:
        for number in pages or range(1, len(layers) + 1):
            layer, page = layers[number - 1], pdf.pages[number - 1]
            ours = find_tables(layer.objects.edges or [], layer.chars, (0, 0, layer.geo.width, layer.geo.height))
            assert [t.rows for t in ours] == _filled_tables([t.extract() for t in page.find_tables()]), number


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


# --- the fast paths against the plain way ----------------------------------------------------------


def test_pdfium_through_cffi_reads_what_pypdfium2_reads() -> None:
    """samples/B03 page 1: every character's loose box and font size, every object's type and
    bounds, through `pdfium_calls` (cffi) and through pypdfium2's own ctypes functions."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from pipeline.readers.pdfium_calls import CALLS, c_signature, pdfium_calls

    calls = pdfium_calls()
    structs = {pdfium_c.FS_RECTF: "FS_RECTF", pdfium_c.FS_MATRIX: "FS_MATRIX"}
    for name in CALLS:  # as many arguments as pypdfium2 declares, handles as `void *`
        typed = getattr(pdfium_c, name)
        assert c_signature(typed, structs).count(",") == max(0, len(typed.argtypes) - 1), name
    document = pdfium.PdfDocument(_need(SAMPLE_B03))
    page = document[0]
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    try:
        count = pdfium_c.FPDFText_CountChars(textpage)
        assert count > 1_000 and calls.FPDFText_CountChars(calls.handle(textpage)) == count
        typed_rect, rect = pdfium_c.FS_RECTF(), calls.ffi.new("FS_RECTF *")
        for i in range(count):
            pdfium_c.FPDFText_GetLooseCharBox(textpage, i, typed_rect)
            calls.FPDFText_GetLooseCharBox(calls.handle(textpage), i, rect)
            assert (rect.left, rect.top, rect.right, rect.bottom) == (
                typed_rect.left,
                typed_rect.top,
                typed_rect.right,
                typed_rect.bottom,
            )
            assert calls.FPDFText_GetFontSize(calls.handle(textpage), i) == pdfium_c.FPDFText_GetFontSize(textpage, i)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    boxes = [ctypes.c_float() for _ in range(4)]
    floats = [calls.ffi.new("float *") for _ in range(4)]
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        typed_obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        obj = calls.FPDFPage_GetObject(calls.handle(page.raw), i)
        assert calls.FPDFPageObj_GetType(obj) == pdfium_c.FPDFPageObj_GetType(typed_obj)
        pdfium_c.FPDFPageObj_GetBounds(typed_obj, *boxes)
        calls.FPDFPageObj_GetBounds(obj, *floats)
        assert [f[0] for f in floats] == [b.value for b in boxes]


def _text_pdfs() -> list[Path]:
    """The text PDFs at hand: samples/, and ../shared's corpus and extra where they are here."""
    folders = (REPO / "samples", SHARED / "corpus", SHARED / "extra")
    return [path for folder in folders for path in sorted(folder.glob("*.pdf"))]


def test_the_compiled_character_loop_is_built_where_ci_runs() -> None:
    """setup.py's extension is optional (an install without a compiler still works); CI must build it."""
    from pipeline.readers.pdf_pdfium import compiled_chars

    if os.environ.get("CI") and compiled_chars is None:
        pytest.fail("pipeline/readers/_pdf_loops.c was not compiled: the reader runs its Python loop")


@pytest.mark.parametrize("path", _text_pdfs(), ids=lambda path: path.name[:24])
def test_the_compiled_character_loop_reads_what_the_python_loop_reads(path: Path) -> None:
    """Every upright page's characters from `_pdf_loops.upright_chars` (C) and `_upright_chars` (Python):
    the same tuples, float for float, generated spaces included."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from pipeline.readers.pdf_pdfium import _HYPHEN_TABLE, _upright_chars, compiled_chars, geometry
    from pipeline.readers.pdfium_calls import pdfium_calls

    if compiled_chars is None:
        pytest.skip("the compiled loop is not built here")
    calls = pdfium_calls()
    compared = 0
    for page in pdfium.PdfDocument(path):
        geo = geometry(page)
        textpage = pdfium_c.FPDFText_LoadPage(page.raw)
        try:
            handle = calls.handle(textpage)
            count = calls.FPDFText_CountChars(handle)
            buffer = calls.ffi.new("unsigned short[]", count + 1)
            calls.FPDFText_GetText(handle, 0, count, buffer)
            text = calls.ffi.buffer(buffer)[: count * 2].decode("utf-16-le", errors="replace")
            text = text.translate(_HYPHEN_TABLE)
            in_python = _upright_chars(calls, handle, text, geo)
            in_c = compiled_chars(calls.address(handle), text, geo.y1, geo.x0, *calls.char_loop_addresses)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
        assert repr(in_c) == repr(in_python)
        compared += len(in_c)
    if "scan" not in path.name:
        assert compared > 0


def test_the_compiled_character_loop_refuses_bad_arguments() -> None:
    """A null address or a text that is no str is a Python exception, never a crash."""
    from pipeline.readers.pdf_pdfium import compiled_chars
    from pipeline.readers.pdfium_calls import pdfium_calls

    if compiled_chars is None:
        pytest.skip("the compiled loop is not built here")
    addresses = pdfium_calls().char_loop_addresses
    with pytest.raises(ValueError, match="null address"):
        compiled_chars(0, "a", 0.0, 0.0, *addresses)
    with pytest.raises(TypeError):
        compiled_chars(1, b"a", 0.0, 0.0, *addresses)


def _census_pdf(path: Path) -> Path:
    """Pages of every kind the census walks: each /Rotate, text turned a quarter, a form XObject (text,
    rulings, a rectangle) placed twice, once scaled and turned, an image, curves and a closed path."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    picture = ImageReader(Image.new("RGB", (40, 30), "gray"))
    for rotation in (0, 90, 180, 270):
        pdf.setPageRotation(rotation)
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, 800, f"Trang quay {rotation} do: 120 ho, 96,5%")
        pdf.beginForm(f"cell{rotation}")
        pdf.rect(0, 0, 120, 40)
        pdf.line(60, 0, 60, 40)
        pdf.drawString(4, 12, "12 don vi")
        pdf.endForm()
        pdf.doForm(f"cell{rotation}")
        pdf.saveState()
        pdf.translate(300, 500)
        pdf.scale(1.5, 0.75)
        pdf.rotate(30)
        pdf.doForm(f"cell{rotation}")
        pdf.restoreState()
        pdf.saveState()
        pdf.transform(0, 1, -1, 0, 500, 400)  # a quarter turn, exactly: text the layout reads as a column
        pdf.drawString(0, 0, "chu xoay trong trang")
        pdf.restoreState()
        pdf.drawImage(picture, 400, 100, width=80, height=60)
        path_ = pdf.beginPath()
        path_.moveTo(100, 300)
        path_.lineTo(300, 300)
        path_.lineTo(300, 200)
        path_.curveTo(250, 150, 150, 150, 100, 200)
        path_.close()
        pdf.drawPath(path_)
        for y in range(600, 700, 20):
            pdf.line(72, y, 520, y)
        pdf.showPage()
    pdf.save()
    return path


def test_the_compiled_census_walks_what_the_python_walker_walks(tmp_path: Path) -> None:
    """Every page's object census (text count, turned text, paths, images, ruling edges, dropped spaces)
    from `_pdf_loops.page_census` and from the Python `_Walker`: equal, on the PDFs at hand and on pages of
    every rotation with forms, turned text, an image and curves."""
    from unittest import mock

    import pypdfium2 as pdfium

    from pipeline.readers import pdf_pdfium
    from pipeline.readers.pdf_pdfium import compiled_census, geometry, page_objects

    if compiled_census is None:
        pytest.skip("the compiled loop is not built here")
    made = _census_pdf(tmp_path / "census.pdf")
    walked = {"rotations": set(), "rotated_text": 0, "images": 0, "edges": 0, "ghost spaces": 0}
    for path in [made, *_text_pdfs()]:
        for page in pdfium.PdfDocument(path):
            geo = geometry(page)
            for with_edges in (False, True):  # the census with edges last: the one counted below
                in_c = page_objects(page, geo, with_edges)
                with mock.patch.object(pdf_pdfium, "compiled_census", None):
                    in_python = page_objects(page, geo, with_edges)
                assert repr(in_c) == repr(in_python), (path.name, geo.rotation, with_edges)
            walked["rotations"].add(geo.rotation)
            walked["rotated_text"] += in_c.rotated_text
            walked["images"] += len(in_c.images or ())
            walked["edges"] += len(in_c.edges or ())
            walked["ghost spaces"] += len(in_c.ghost_spaces or ())
    assert walked["rotations"] == {0, 90, 180, 270}
    assert walked["rotated_text"] and walked["images"] and walked["edges"]
    assert walked["ghost spaces"] or not _text_pdfs()


def test_the_compiled_census_takes_the_functions_it_calls_in_their_order() -> None:
    """`page_census` calls pdfium through the addresses of CENSUS_CALLS, whose C types are written out in
    _pdf_loops.c: pypdfium2's prototypes must still be those."""
    import pypdfium2.raw as pdfium_c

    from pipeline.readers.pdfium_calls import CENSUS_CALLS, c_signature

    structs = {pdfium_c.FS_RECTF: "FS_RECTF", pdfium_c.FS_MATRIX: "FS_MATRIX"}
    assert [c_signature(getattr(pdfium_c, name), structs) for name in CENSUS_CALLS] == [
        "int (*)(void *)",
        "void * (*)(void *, int)",
        "int (*)(void *)",
        "int (*)(void *, FS_MATRIX *)",
        "int (*)(void *, float *, float *, float *, float *)",
        "void * (*)(void *)",
        "int (*)(void *, float *)",
        "int (*)(void *, float, float *)",
        "int (*)(void *, unsigned int *, unsigned int *)",
        "int (*)(void *)",
        "void * (*)(void *, unsigned long)",
        "int (*)(void *)",
        "void * (*)(void *, int)",
        "int (*)(void *, float *, float *)",
        "int (*)(void *)",
        "int (*)(void *)",
    ]


def _words_in_python(chars):
    """`words_of` with the compiled loop set aside: the reference it must equal."""
    from unittest import mock

    from pipeline.readers import pdf_layout

    with mock.patch.object(pdf_layout, "compiled_words", None):
        return pdf_layout.words_of(chars)


@pytest.mark.parametrize("path", _text_pdfs(), ids=lambda path: path.name[:24])
def test_the_compiled_word_loop_makes_the_python_loops_words(path: Path) -> None:
    """Every page's words, footnote marks included, from `_pdf_loops.words_of_run` and from Python."""
    from pipeline.readers.pdf_layout import compiled_words, words_of

    if compiled_words is None:
        pytest.skip("the compiled loop is not built here")
    pages = _pdfium_pages(path)
    for layer in pages:
        assert repr(words_of(layer.chars)) == repr(_words_in_python(layer.chars))
    assert "scan" in path.name or any(layer.chars for layer in pages)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list("Số 12ﬁﬂ m2 hộ1 x")),
            st.sampled_from([0.0, -0.0, 1.5, 3.0, 4.5, 6.0, 10.0, 10.5, 30.0]),
            st.sampled_from([0.0, -0.0, 1.0, 2.9, 3.0, 3.1, 6.5, 20.0]),
            st.sampled_from([5.0, 12.0, 14.0]),
            st.booleans(),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_the_compiled_word_loop_equals_python_on_any_characters(raw) -> None:
    """Property: on boxes that touch, overlap, tie (0.0 and -0.0 too), hold ligatures, small raised digits
    and both orientations, the compiled loop's words are the Python loop's."""
    from pipeline.readers.pdf_layout import compiled_words, words_of

    if compiled_words is None:
        pytest.skip("the compiled loop is not built here")
    chars = [(text, x, x + size / 2, top, top + size, upright) for text, x, top, size, upright in raw]
    assert repr(words_of(chars)) == repr(_words_in_python(chars))


def test_the_compiled_word_loop_leaves_what_it_cannot_decide_to_python() -> None:
    """A position that is no number, a coordinate that is an int, a text of two letters: None, and the
    Python loop lays those runs out (`words_of` still gives every letter)."""
    from pipeline.readers.pdf_layout import _LIGATURES, TOLERANCE, compiled_words, words_of

    if compiled_words is None:
        pytest.skip("the compiled loop is not built here")
    nan = float("nan")
    for chars in (
        [("a", 0.0, 5.0, 0.0, 12.0, True), ("b", nan, 5.0, 0.0, 12.0, True)],
        [("a", 0, 5.0, 0.0, 12.0, True)],
        [("ab", 0.0, 5.0, 0.0, 12.0, True)],
    ):
        assert compiled_words(chars, True, TOLERANCE, _LIGATURES) is None
        assert "".join(word.text for word in words_of(chars)) == "".join(sorted(c[0] for c in chars))


def _ruled_page(column_lefts: list[float], with_text_in_every_cell: bool) -> bytes:
    """One A4 page: six rows of Vietnamese report text, each in a box whose vertical rulings stand at
    `column_lefts` and the right margin (two x: highlighted lines, three or more: a table)."""
    if not FONT.is_file():
        pytest.skip("DejaVu Serif (fonts-dejavu-core) is not installed")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    rows = [
        "Tổ chức 35 hội nghị đối thoại với người dân",
        "Huy động hơn 3,4 tỷ đồng cho chương trình",
        "Có 1.100 phiếu khảo sát được thu về",
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97,28%",
        "Giải ngân 12.119 tỷ đồng vốn đầu tư công",
        "Đào tạo 240 lượt cán bộ, công chức cấp xã",
    ]
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    _, height = A4
    right = 540.0
    for r, text in enumerate(rows):
        top = height - 80 - 22 * r
        for k, left in enumerate(column_lefts):
            cell_right = column_lefts[k + 1] if k + 1 < len(column_lefts) else right
            sheet.rect(left, top - 22, cell_right - left, 22)
            sheet.setFont("DejaVuSerif", 10)
            if k == 0:
                sheet.drawString(left + 4, top - 15, text)
            elif with_text_in_every_cell:
                sheet.drawString(left + 4, top - 15, f"{(r + 1) * (k + 7)}")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("column_lefts", "with_text", "two_columns"),
    [
        ([60.0], False, False),
        ([60.0, 61.5], False, False),  # a second ruling within the finder's snap tolerance: still two x
        ([60.0, 380.0, 460.0], True, True),
        ([60.0, 380.0, 460.0], False, True),  # three x, only the first column filled: the finder decides
    ],
    ids=["highlighted lines", "doubled left ruling", "a three-column table", "three columns, one filled"],
)
def test_the_finder_runs_only_where_rulings_can_make_two_columns(
    column_lefts: list[float], with_text: bool, two_columns: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose vertical rulings stand at two places (after the finder's own snapping) can hold
    no row of two cells, so no table the reader keeps: it is not handed to the finder, and
    pdfplumber itself keeps nothing there either. Elsewhere the finder runs and its tables are
    pdfplumber's."""
    import pdfplumber
    import pdfplumber.table

    from pipeline.readers.pdf_tables import could_hold_table, could_hold_two_columns, find_tables

    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(_ruled_page(column_lefts, with_text))
    (layer,) = _pdfium_pages(path)
    edges = layer.objects.edges or []
    assert could_hold_table(edges)
    assert could_hold_two_columns(edges) is two_columns
    with pdfplumber.open(path) as pdf:
        theirs = _filled_tables([t.extract() for t in pdf.pages[0].find_tables()])
        assert pdf.pages[0].find_tables()  # the finder does see cells on every one of these pages
    if not two_columns:

        def refuse(*args: object, **kwargs: object) -> object:
            raise AssertionError("the finder ran on a page of two vertical rulings")

        monkeypatch.setattr(pdfplumber.table, "TableFinder", refuse)
        assert theirs == []
    bbox = (0.0, 0.0, layer.geo.width, layer.geo.height)
    assert [t.rows for t in find_tables(edges, layer.chars, bbox)] == theirs
    assert bool(theirs) is with_text


_edge_x = st.sampled_from([50.0, 51.0, 52.5, 53.0, 56.5, 120.0, 121.5, 123.0, 300.0, 302.9, 480.0])
_edge_y = st.sampled_from([100.0, 101.0, 118.0, 136.0, 137.5, 154.0, 400.0])


@settings(max_examples=200, deadline=None)
@given(
    st.sets(_edge_x, min_size=1, max_size=4),
    st.sets(_edge_y, min_size=2, max_size=4),
    st.lists(st.tuples(st.booleans(), _edge_x, _edge_y, st.sampled_from([2.0, 20.0, 90.0])), max_size=3),
)
def test_two_vertical_positions_never_make_a_row_of_two_cells(xs, ys, extra) -> None:
    """Property: whenever `could_hold_two_columns` says no, pdfplumber's finder on the same rulings
    makes no row with two cells (so not running it changes nothing). Rulings: a grid of vertical
    lines at `xs` (some within the snap tolerance of each other) and horizontal ones at `ys`, and a
    few stray segments."""
    from pdfplumber.table import TableFinder

    from pipeline.readers.pdf_tables import _SETTINGS, _EdgesPage, could_hold_two_columns

    def edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
        return {
            "object_type": "line",
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            "orientation": orientation,
        }

    edges = [edge("v", x, min(ys), x, max(ys)) for x in xs]
    edges += [edge("h", min(xs), y, max(xs), y) for y in ys]
    edges += [edge("v", x, y, x, y + n) if vertical else edge("h", x, y, x + n, y) for vertical, x, y, n in extra]
    if could_hold_two_columns(edges):
        return
    for table in TableFinder(_EdgesPage(edges, (0.0, 0.0, 595.0, 842.0)), _SETTINGS).tables:
        assert all(sum(1 for cell in row.cells if cell is not None) <= 1 for row in table.rows)


_char_text = st.sampled_from(list("Tổng số 120 hộ, đạt 96,5%.  "))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(_char_text, _coordinate, _coordinate, st.sampled_from([10.0, 12.0, 14.0]), st.booleans()),
        min_size=1,
        max_size=40,
    )
)
def test_grouping_by_line_is_the_one_sort_by_line_and_position(raw) -> None:
    """Property: the layout's words, made line by line from characters grouped by line, are the words
    of the one stable sort by (line, position) and one pass over it (upright and rotated runs)."""
    from pipeline.readers.pdf_layout import TOLERANCE, _clusters, _words_of_run, _words_of_unordered_run

    chars = [(text, x, x + size / 2, top, top + size, upright) for text, x, top, size, upright in raw]
    for upright in (True, False):
        run = [c for c in chars if c[5] is upright]
        if not run:
            continue
        line_key, order_key, end_key = (3, 1, 2) if upright else (1, 3, 4)
        grouped, sorted_once = [], []
        _words_of_run(run, grouped)
        cluster_of = _clusters([c[line_key] for c in run], TOLERANCE)
        _words_of_unordered_run(run, cluster_of, line_key, order_key, end_key, sorted_once)
        assert grouped == sorted_once


def test_a_position_that_is_no_number_keeps_every_letter() -> None:
    """A damaged PDF can give a character an x of NaN (inf - inf): the line is still laid out, the
    one sort by (line, position) decides its place, and no letter is lost."""
    nan = float("nan")
    chars = [
        (ch, x, x + 5.0, 100.0, 112.0, True)
        for ch, x in zip("Tổng số 120 hộ", [0, 5, 10, 15, 20, nan, 30, 35, 40, 45, 50, 55, 60, 65], strict=True)
    ]
    (line,) = layout_lines(chars)
    assert sorted(line.text.replace(" ", "")) == sorted("Tổngsố120hộ")
