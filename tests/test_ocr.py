"""OCR of PDF pages without a real text layer: which pages, how well, and what a user sees when
Tesseract is missing. Scans are made here from real corpus pages (rendered as a scanner would).

Tests that run Tesseract are marked `ocr` and skipped where Tesseract's Vietnamese model is not
installed (CI installs it with .ci/ocr.sh); each OCRs one or two pages.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from pipeline.errors import ReadError
from pipeline.readers import read_document
from pipeline.readers.ocr_cleanup import clean_ocr_line, load_rules
from tests.lexicon import LEXICON

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
B03 = REPO / "samples" / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def _tesseract_ready() -> bool:
    from pipeline.readers.pdf_ocr import OcrUnavailable, tessdata_dir

    try:
        tessdata_dir()
        import tesserocr  # noqa: F401
    except (OcrUnavailable, ImportError):
        return False
    return True


needs_ocr = pytest.mark.skipif(not _tesseract_ready(), reason="Tesseract with its Vietnamese model is not installed")


def _make_scans():
    spec = importlib.util.spec_from_file_location("make_scans", REPO / "benchmarks" / "scans" / "make_scans.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


# --- the clean-up rules: data, each tested ------------------------------------------------------------

RULE_EXAMPLES = [(rule.name, before, after) for rule in load_rules() for before, after in rule.examples]


@pytest.mark.parametrize(("name", "before", "after"), RULE_EXAMPLES, ids=[f"{n}: {b}" for n, b, _ in RULE_EXAMPLES])
def test_each_cleanup_rule_example(name: str, before: str, after: str) -> None:
    assert clean_ocr_line(before) == after


# Lines as Tesseract 5 (-l vie, 300 dpi) read them from scans of corpus pages made by
# benchmarks/scans/make_scans.py, and what they must become.
REAL_OCR = [
    (
        "UBND TỈNH BÌNH THUẬN ˆ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "UBND TỈNH BÌNH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "B03 scan page 1: letterhead rule",
    ),
    (
        "Số: 3367/TTr-SNV Bình Thuận, ngày 28 tháng 11 năm 2024",
        "Số: 3367/TTr-SNV Bình Thuận, ngày 28 tháng 11 năm 2024",
        "B03 scan page 1: a clean line stays",
    ),
    (
        "quy định về tổ chức, hoạt động và quản lý hội, có hiệu lực thi hành từ",
        "quy định về tổ chức, hoạt động và quản lý hội, có hiệu lực thi hành từ",
        "B03 scan page 1: no number",
    ),
    ("- Phó GÐ Sở: ông Trân Ngọc Tân;", "- Phó GĐ Sở: ông Trân Ngọc Tân;", "B03 scan page 6: Latin eth for Đ"),
    (
        "I1. Khung giá dịch vụ quản lý vận hành nhà chung cư.",
        "I1. Khung giá dịch vụ quản lý vận hành nhà chung cư.",
        "G07 scan page 2: a stray I before a list number is not made 11",
    ),
]


@pytest.mark.parametrize(("raw", "clean", "origin"), REAL_OCR, ids=[o for _, _, o in REAL_OCR])
def test_cleanup_on_real_ocr_lines(raw: str, clean: str, origin: str) -> None:
    assert clean_ocr_line(raw) == clean


def test_cleanup_leaves_clean_vietnamese_alone(texts: dict[str, str]) -> None:
    """On the corpus's own articles (typed text) the rules change nothing but the Latin eth Ð (and NFC)."""
    changed = []
    for name, text in texts.items():
        for line in text.split("\n"):
            if line.strip() in ("", "|"):
                continue
            if clean_ocr_line(line) != unicodedata.normalize("NFC", line).replace("Ð", "Đ"):
                changed.append((name, line))
    assert changed == []


# --- which pages are OCRed --------------------------------------------------------------------------


@functools.cache
def _scan_of_b03_page_one() -> bytes:
    """Page 1 of the B03 submission as a 200 dpi grey scan (pdftoppm, then img2pdf)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scan.pdf"
        _make_scans().scan_pdf(B03, out, first_pages=1)
        return out.read_bytes()


def _page_image(scan: bytes):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(scan)
    return document[0].render(scale=200 / 72).to_pil().convert("L")


def _image_with_text_layer(scan: bytes, lines: list[str], size: float = 11, invisible: bool = False) -> bytes:
    """A scanned page with a text layer over it, by reportlab: a stamp (visible), or an old OCR's
    layer (invisible text, render mode 3, as OCR tools write it)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    sheet.drawImage(ImageReader(_page_image(scan)), 0, 0, width, height)
    text = sheet.beginText(60, height - 40)
    text.setFont("DejaVuSerif", size)
    text.setTextRenderMode(3 if invisible else 0)
    for line in lines:
        text.textLine(line)
    sheet.drawText(text)
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@needs_ocr
def test_scanned_page_is_read_with_its_figures(tmp_path: Path) -> None:
    from extractors.figures import extract_figures

    doc = read_document(_write(tmp_path, "bản quét.pdf", _scan_of_b03_page_one()), tmp_path)
    ocr_blocks = [b for b in doc.blocks if b.kind != "page_break"]
    assert ocr_blocks and all(b.source == "ocr" and b.confidence is not None for b in ocr_blocks)
    assert min(b.confidence for b in ocr_blocks) > 0.5
    found = {m.text for m in extract_figures(doc.text, LEXICON)}
    assert {"Số: 3367/TTr-SNV", "ngày 28 tháng 11 năm 2024", "08/10/2024"} <= found
    assert "Chủ tịch Ủy ban nhân dân tỉnh" in doc.text
    assert any("OCR" in w for w in doc.warnings)


@needs_ocr
def test_stamp_over_a_scan_is_ocred(tmp_path: Path) -> None:
    """Only the copy stamp is text; the page itself is an image: the page is OCRed."""
    data = _image_with_text_layer(_scan_of_b03_page_one(), ["SAO Y", "SỞ NỘI VỤ TỈNH BÌNH THUẬN", "Ngày 02/12/2024"])
    doc = read_document(_write(tmp_path, "sao y.pdf", data), tmp_path)
    assert all(b.source == "ocr" for b in doc.blocks if b.kind != "page_break")
    assert "3367/TTr-SNV" in doc.text


@needs_ocr
def test_broken_text_layer_is_ocred(tmp_path: Path) -> None:
    """An old OCR layer in TCVN3 bytes shown as Latin-1 (`Uû ban nh©n d©n`) over the scan is replaced."""
    broken = [
        "Uû ban nh©n d©n tØnh B×nh ThuËn cã C«ng v¨n sè 2769 vÒ viÖc tæ chøc ®¹i héi nhiÖm kú cña héi",
        "vµ giao Së Néi vô theo dâi, ®«n ®èc viÖc tæ chøc ®¹i héi nhiÖm kú cña c¸c héi cÊp tØnh vµ",
        "tæng hîp b¸o c¸o, ®Ò xuÊt Chñ tÞch Uû ban nh©n d©n tØnh xem xÐt, cã ý kiÕn chØ ®¹o",
        "thùc hiÖn ý kiÕn chØ ®¹o cña Chñ tÞch Uû ban nh©n d©n tØnh t¹i C«ng v¨n sè 2769",
    ]
    data = _image_with_text_layer(_scan_of_b03_page_one(), broken * 2, invisible=True)
    doc = read_document(_write(tmp_path, "lớp chữ hỏng.pdf", data), tmp_path)
    assert all(b.source == "ocr" for b in doc.blocks if b.kind != "page_break")
    assert "nh©n" not in doc.text and "Ủy ban nhân dân tỉnh" in doc.text


def test_plain_text_pdf_is_not_ocred() -> None:
    doc = read_document(B03, B03.parent)
    assert {b.source for b in doc.blocks} == {"text"}
    assert not any("OCR" in w for w in doc.warnings)


def test_ocr_never_leaves_a_scan_unread(tmp_path: Path) -> None:
    path = _write(tmp_path, "bản quét.pdf", _scan_of_b03_page_one())
    with pytest.raises(ReadError) as caught:
        read_document(path, tmp_path, ocr="never")
    assert caught.value.code == "E203" and "--ocr never" in caught.value.message


def test_missing_tesseract_is_a_coded_error_naming_the_install(tmp_path: Path, monkeypatch) -> None:
    from pipeline.readers import pdf_ocr

    monkeypatch.setattr(pdf_ocr, "TESSDATA_DIRS", ())
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path / "no-such-tessdata"))
    pdf_ocr._engine.cache_clear()
    try:
        with pytest.raises(ReadError) as caught:
            read_document(_write(tmp_path, "bản quét.pdf", _scan_of_b03_page_one()), tmp_path)
    finally:
        pdf_ocr._engine.cache_clear()
    assert caught.value.code == "E204"
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in caught.value.message
    assert "bản quét.pdf" in caught.value.message


@needs_ocr
def test_ocr_page_is_a_pure_function_of_file_page_and_options() -> None:
    """What a page-level scheduler needs: same input, same lines and the same image hash."""
    from pipeline.readers.ocr_options import OcrOptions
    from pipeline.readers.pdf_ocr import ocr_page

    scan = _scan_of_b03_page_one()
    first = ocr_page(scan, 1, OcrOptions())
    second = ocr_page(scan, 1, OcrOptions())
    assert first.image_hash == second.image_hash and len(first.image_hash) == 64
    assert [line.text for line in first.lines] == [line.text for line in second.lines]
    assert first.dpi == pytest.approx(300, rel=0.02) and not first.blank
    assert ocr_page(scan, 1, OcrOptions(dpi=400)).image_hash != first.image_hash


@needs_ocr
def test_figures_from_ocr_carry_its_confidence(tmp_path: Path) -> None:
    _write(tmp_path, "bản quét.pdf", _scan_of_b03_page_one())
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(tmp_path), "--out", str(out), "--workers", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    figures = [json.loads(line) for line in (out / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]
    assert figures and all(0 < f["ocr_confidence"] <= 1 for f in figures)
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["options"]["ocr"] == "auto"


@needs_ocr
def test_small_scan_set_scores_close_to_the_text(tmp_path: Path) -> None:
    """CI's small version of benchmarks/scans: one corpus PDF page and one typeset article page,
    scanned; the figures found on the scans are nearly those found in the text."""
    from extractors.figures import extract_figures

    scans = _make_scans()
    article = scans.chosen_articles(1)[0]
    typeset = tmp_path / "typeset.pdf"
    scans.typeset(article, typeset, max_pages=1)
    pairs = []
    for original in (B03, typeset):
        scan = tmp_path / f"scan-{original.name}"
        scans.scan_pdf(original, scan, first_pages=1)
        text = read_document(original, original.parent, ocr="never").text.split("\n\n")[0]
        ocr = read_document(scan, tmp_path).text
        pairs.append(
            (
                {(m.kind, str(m.value)) for m in extract_figures(text, LEXICON)},
                {(m.kind, str(m.value)) for m in extract_figures(ocr, LEXICON)},
            )
        )
    for expected, got in pairs:
        assert expected and len(expected & got) >= 0.85 * len(expected)
