"""read_document on the real corpus (gold texts findable, diacritics, tables) and on hostile files."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import ReadError
from pipeline.readers import SUPPORTED_SUFFIXES, read_document
from pipeline.readers.normalize import normalize_text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
EXTRA = SHARED / "extra"
SAMPLES = REPO / "samples"
_WHITE = re.compile(r"\s+")


def _gold() -> dict[str, list[str]]:
    path = SHARED / "gold" / "dev.jsonl"
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["doc_id"]: [m["text"] for m in row["metrics"]] for row in rows}


GOLD = _gold()


@functools.cache
def _read_real(path: Path):
    """Each real document is read once per test session (PDFs cost seconds)."""
    return read_document(path, path.parent)


def _collapse(text: str) -> str:
    return _WHITE.sub(" ", normalize_text(text))


def _check_document(doc, path: Path) -> None:
    """Invariants every Document holds: normalised text, blocks inside it and trimmed, true hash."""
    assert normalize_text(doc.text) == doc.text
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.size_bytes == path.stat().st_size
    for block in doc.blocks:
        piece = doc.text[block.start : block.end]
        if block.kind != "page_break":
            assert piece and piece == piece.strip(), block


# --- the real corpus --------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", sorted(GOLD) or [pytest.param("none", marks=pytest.mark.skip("no gold"))])
def test_every_gold_figure_text_is_in_the_text(doc_id: str) -> None:
    """What makes extraction possible at all: each gold mention's text occurs in our normalised text."""
    path = CORPUS / doc_id
    doc = _read_real(path)
    _check_document(doc, path)
    assert doc.doc_id == doc_id
    haystack = _collapse(doc.text)
    missing = [t for t in GOLD[doc_id] if _collapse(t) not in haystack]
    assert missing == []


KNOWN_WORDS = [
    ("B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf", "Ủy ban nhân dân tỉnh", "corpus"),
    ("B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf", "Nghị định số 126/2024/NĐ-CP", "corpus"),
    ("B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx", "Kết quả triển khai Đề án 06", "corpus"),
    ("B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx", "Sổ sức khỏe điện tử", "corpus"),
    (
        "B09_thong-bao-ket-luan-hoi-nghi-danh-gia-cong-tac-cc.docx",
        "Phó Chủ tịch Ủy ban nhân dân tỉnh",
        "corpus",
    ),
    ("B04_hiep-hoi-doanh-nghiep-tinh-binh-thuan-du-thao-ba.pdf", "PHƯƠNG HƯỚNG HOẠT ĐỘNG", "extra"),
    ("B07_ubnd-tinh-lam-dong-bao-cao-cong-tac-cchc-quy-i-n.docx", "cải cách hành chính", "extra"),
    ("B10_ke-hoach-cai-cach-hanh-chinh-nha-nuoc-giai-doan.docx", "KẾ HOẠCH", "extra"),
]


@pytest.mark.parametrize(("name", "word", "folder"), KNOWN_WORDS, ids=[f"{n[:3]}: {w}" for n, w, _ in KNOWN_WORDS])
def test_diacritics_in_pdf_and_docx(name: str, word: str, folder: str) -> None:
    path = SHARED / folder / name
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    doc = _read_real(path)
    assert word in doc.text
    assert "ƣ" not in doc.text and "\ufffd" not in doc.text


def _tables(doc) -> set[int]:
    return {b.table for b in doc.blocks if b.kind == "table_cell"}


@pytest.mark.parametrize(
    ("name", "min_tables", "cell"),
    [
        ("B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx", 2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (
            "B09_thong-bao-ket-luan-hoi-nghi-danh-gia-cong-tac-cc.docx",
            2,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        ("B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf", 0, None),
    ],
    ids=[
        "B05_bcd docx: letterhead and signature tables",
        "B09_thong-bao docx: letterhead table",
        "B03_so-noi-vu pdf: no table",
    ],
)
def test_tables_found(name: str, min_tables: int, cell: str | None) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("../shared/corpus is not here")
    doc = _read_real(path)
    tables = _tables(doc)
    assert len(tables) >= min_tables if min_tables else tables == set()
    if cell:
        cells = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table_cell"]
        assert any(c.startswith(cell) for c in cells)
        assert doc.text.count(cell) == 1  # a merged or repeated cell is not written twice


def test_pdf_pages_and_page_breaks() -> None:
    path = CORPUS / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf"
    if not path.is_file():
        pytest.skip("../shared/corpus is not here")
    doc = _read_real(path)
    assert doc.pages == 6 and doc.format == "pdf"
    breaks = [b for b in doc.blocks if b.kind == "page_break"]
    assert [b.page for b in breaks] == [2, 3, 4, 5, 6]
    assert all(doc.text[b.start : b.end] == "\n\n" for b in breaks)
    assert {b.page for b in doc.blocks if b.kind == "paragraph"} == {1, 2, 3, 4, 5, 6}


def test_pdf_highlighted_prose_is_not_a_table() -> None:
    """B04 has highlight boxes behind lines that pdfplumber reads as cells; they stay running text."""
    path = EXTRA / "B04_hiep-hoi-doanh-nghiep-tinh-binh-thuan-du-thao-ba.pdf"
    if not path.is_file():
        pytest.skip("../shared/extra is not here")
    doc = _read_real(path)
    assert _tables(doc) == set()
    assert "đặc biệt là ngay từ đầu\ncủa Nhiệm kỳ thì bị đại dịch COVID-19" in doc.text


def _extra_params() -> list:
    """The 2024-2026 reports without gold; the two long PDFs (10-35 pages, seconds each) are `slow`."""
    if not EXTRA.is_dir():
        return []
    return [
        pytest.param(p.name, marks=[pytest.mark.slow] if p.name[:3] in ("B01", "B02") else [], id=p.name[:3])
        for p in sorted(EXTRA.glob("*.*"))
    ]


@pytest.mark.parametrize("name", _extra_params())
def test_extra_reports_read_cleanly(name: str) -> None:
    path = EXTRA / name
    doc = _read_real(path)
    _check_document(doc, path)
    assert len(doc.text) > 5_000


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir() if p.suffix in SUPPORTED_SUFFIXES))
def test_samples_read(name: str) -> None:
    path = SAMPLES / name
    doc = read_document(path, SAMPLES)
    _check_document(doc, path)
    assert doc.doc_id == name and doc.blocks


def test_samples_sources_listed() -> None:
    listed = {line.split("\t")[0] for line in (SAMPLES / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    assert listed == {p.name for p in SAMPLES.iterdir() if p.name != "SOURCES.tsv"}


def test_html_sample_keeps_only_the_article() -> None:
    # the HTML page made from the sample article lives with the tests: samples/ holds each document once
    fixtures = Path(__file__).resolve().parent / "fixtures"
    doc = read_document(fixtures / "005_tphcm-nam-nay-thu-ngan-sach-se-dat-352-000-ty-do.html", fixtures)
    article = (SAMPLES / "005_tphcm-nam-nay-thu-ngan-sach-se-dat-352-000-ty-do.txt").read_text(encoding="utf-8")
    assert doc.format == "html" and doc.encoding == "utf-8"
    for chrome in (
        "Trang chủ",
        "Tài chính & Ngân sách",
        "dataLayer",
        "Tin liên quan",
        "Giấy phép",
        "console",
    ):
        assert chrome not in doc.text
    assert sorted(_collapse(doc.text).split()) == sorted(_collapse(article).split())
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings[0] == "TPHCM: Năm nay thu ngân sách sẽ đạt 352.000 tỷ đồng"
    assert "Thu nội địa giảm trên 11%" in headings
    assert "352.000 tỷ đồng" in doc.text  # &nbsp; became a plain space


# --- made-up but realistic files ------------------------------------------------------------------------

LINE = "Tổ chức 35 hội nghị đối thoại, huy động hơn 3,4 tỷ đồng"  # 000_duc-pho


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _error(path: Path, root: Path, **kwargs) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document(path, root, **kwargs)
    assert path.name in caught.value.message
    return caught.value


def test_txt_crlf_nfd_and_doc_id(tmp_path: Path) -> None:
    import unicodedata

    raw = unicodedata.normalize("NFD", f"Uỷ ban\r\n{LINE}\r\n\r\n  thuỷ lợi  \rhết")
    path = _write(tmp_path, "thư mục/Báo cáo tháng 11.txt", raw.encode("utf-8"))
    doc = read_document(path, tmp_path)
    assert doc.doc_id == "thư mục/Báo cáo tháng 11.txt"
    assert doc.text == f"Ủy ban\n{LINE}\n\n  thủy lợi  \nhết"
    assert [doc.text[b.start : b.end] for b in doc.blocks] == ["Ủy ban", LINE, "thủy lợi", "hết"]
    assert doc.encoding == "utf-8" and doc.format == "txt" and doc.warnings == []


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "E101"),
        ("blank.txt", " \r\n\t\n\u00a0\u200b".encode("utf-8"), "E101"),
        ("binary.txt", bytes(range(256)) * 40, "E102"),
        ("controls.txt", b"\x01\x02\x03\x04abc\x05\x06" * 100, "E102"),
        ("not-a-zip.docx", LINE.encode("utf-8"), "E301"),
        ("not-a-pdf.pdf", LINE.encode("utf-8"), "E201"),
        ("binary.html", b"\x00\x01\x02" * 100, "E401"),
        (
            "empty.html",
            b"<html><head><script>var a=1;</script></head><body><nav>Menu</nav></body></html>",
            "E108",
        ),
        ("unknown.xyz", b"abc", "E107"),
    ],
)
def test_hostile_small_files(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    assert _error(_write(tmp_path, name, data), tmp_path).code == code


def test_too_large_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # a sparse 50 MB file: costs no disk and no time
        handle.truncate(50_000_000)
    error = _error(path, tmp_path, max_bytes=1_000_000)
    assert error.code == "E105" and "50,000,000" in error.message


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "gone.txt", tmp_path).code == "E107"


def test_permission_denied(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.txt", LINE.encode("utf-8"))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything (root)")
        assert _error(path, tmp_path).code == "E106"
    finally:
        path.chmod(0o644)


def _pdf(text: str | None, encrypt: bool = False) -> bytes:
    """A one-page PDF written by hand; with `encrypt`, a standard security handler no password opens."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1") if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out.write(b"trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref))
    return out.getvalue()


def test_handmade_pdf_reads(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "ok.pdf", _pdf("Tong so 120 ho")), tmp_path)
    assert doc.text == "Tong so 120 ho" and doc.pages == 1 and doc.blocks[0].page == 1


def test_encrypted_pdf(tmp_path: Path) -> None:
    assert _error(_write(tmp_path, "secret.pdf", _pdf("Tong so 120 ho", encrypt=True)), tmp_path).code == "E202"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (
        (CORPUS / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf").read_bytes()
        if CORPUS.is_dir()
        else _pdf("Tong so 120 ho") * 3
    )
    assert _error(_write(tmp_path, "cut.pdf", data[: len(data) // 10]), tmp_path).code == "E201"


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, "PDF")
    error = _error(_write(tmp_path, "scan.pdf", buffer.getvalue()), tmp_path)
    assert error.code == "E203" and "OCR" in error.message


def _docx_bytes(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_merged_cells_once_and_body_order(tmp_path: Path) -> None:
    def build(document) -> None:
        document.add_heading("BÁO CÁO kết quả", level=1)
        document.add_paragraph("Trước bảng: 02 cuộc họp.")
        table = document.add_table(rows=3, cols=3)
        table.cell(0, 0).merge(table.cell(0, 2)).text = "Chỉ tiêu năm 2025"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "Hồ sơ"
        table.cell(1, 1).text = "104.462 hồ sơ"
        table.cell(1, 2).text = "96,62%"
        table.cell(2, 1).text = "5.264 hồ sơ"
        inner = table.cell(2, 2).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "lồng"
        inner.cell(0, 1).text = "12 người"
        document.add_paragraph("Sau bảng.")

    doc = read_document(_write(tmp_path, "bảng.docx", _docx_bytes(build)), tmp_path)
    assert doc.text.count("Chỉ tiêu năm 2025") == 1 and doc.text.count("Hồ sơ") == 1
    assert doc.text.index("Trước bảng") < doc.text.index("104.462") < doc.text.index("Sau bảng")
    assert "104.462 hồ sơ | 96,62%" in doc.text and "lồng | 12 người" in doc.text
    cells = {(b.row, b.col): doc.text[b.start : b.end] for b in doc.blocks if b.kind == "table_cell"}
    assert cells[(0, 0)] == "Chỉ tiêu năm 2025" and (0, 1) not in cells and cells[(1, 2)] == "96,62%"
    assert doc.blocks[0].kind == "heading" and doc.text.startswith("BÁO CÁO kết quả")
    assert doc.warnings  # the nested table was flattened


def test_docx_zip_bomb(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 30_000_000)  # 30 MB of zeros packs to ~30 KB
    error = _error(_write(tmp_path, "bomb.docx", buffer.getvalue()), tmp_path)
    assert error.code == "E302"


def test_docx_broken_inside(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body>không đóng")
    assert _error(_write(tmp_path, "broken.docx", buffer.getvalue()), tmp_path).code == "E303"


def test_html_entities_headings_and_tables(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>Tin</title></head><body>"
        "<header>Đầu trang</header><article><h2>Kết quả &amp; số liệu</h2>"
        "<p>Huy động hơn&nbsp;3,4 tỷ đồng,<br>trên 655 triệu <b>đồng</b></p>"
        "<table><tr><th>Xã</th><th>Hộ nghèo</th></tr><tr><td>Phổ Vinh</td><td>12</td></tr></table>"
        "</article><footer>Bản quyền</footer></body></html>"
    )
    doc = read_document(_write(tmp_path, "tin.htm", page.encode("utf-8")), tmp_path)
    assert (
        doc.text == "Tin\nKết quả & số liệu\nHuy động hơn 3,4 tỷ đồng,\ntrên 655 triệu đồng\n"
        "Xã | Hộ nghèo\nPhổ Vinh | 12"
    )
    kinds = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    assert kinds[:2] == [("heading", "Tin"), ("heading", "Kết quả & số liệu")]
    assert ("table_cell", "Phổ Vinh") in kinds


def test_import_stays_cheap() -> None:
    code = "import sys, pipeline.readers\nprint(sorted(m for m in ('pdfplumber', 'docx', 'lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


@functools.lru_cache(maxsize=1)
def _docx_seed() -> bytes:
    return _docx_bytes(lambda document: document.add_paragraph(LINE))


_SEEDS = {
    ".txt": LINE.encode("utf-8"),
    ".html": f"<html><body><article><p>{LINE}</p></article></body></html>".encode(),
    ".pdf": _pdf("Tong so 120 ho"),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from([".txt", ".html", ".pdf", ".docx"]),
    cut=st.integers(min_value=0, max_value=400),
    noise=st.binary(max_size=64),
    position=st.integers(min_value=0, max_value=400),
)
def test_damaged_files_fail_with_a_code(tmp_path: Path, suffix: str, cut: int, noise: bytes, position: int) -> None:
    """Truncated or overwritten files: a Document or a numbered ReadError, never another exception."""
    seed = _SEEDS.get(suffix) or _docx_seed()
    data = bytearray(seed[: len(seed) - cut] if cut < len(seed) else seed)
    at = min(position, len(data))
    data[at : at + len(noise)] = noise
    path = _write(tmp_path, "hỏng" + suffix, bytes(data))
    try:
        doc = read_document(path, tmp_path)
    except ReadError as error:
        assert error.code[1] in "1234"
    else:
        assert normalize_text(doc.text) == doc.text
