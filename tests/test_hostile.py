"""A 200-file folder with ~10% hostile files: the run finishes, each hostile file gets its stable code,
every good file's figures are there, and a run killed with -9 then resumed writes the same outputs.

Good files are slices of the real corpus articles (plus a real .docx and .pdf), written in the
encodings people actually send: windows-1258, UTF-16, NFD, CRLF; some names carry diacritics and spaces.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest

from extractors.figures import extract_figures
from pipeline.readers import read_document
from tests.conftest import CORPUS, REPO, comparable_outputs, read_jsonl, stored_results
from tests.lexicon import LEXICON

MAX_BYTES = 1_000_000
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """windows-1258 as Vietnamese Windows writes it: base letter, then a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A small valid PDF from numbered object bodies, with a correct xref table."""
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)


PAGE_TREE = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"]
DRAWING = b"0 0 1 rg 50 50 200 200 re f"  # a filled square and no text: what a scan looks like to a parser


def image_only_pdf() -> bytes:
    return _pdf([*PAGE_TREE, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(DRAWING), DRAWING)])


def encrypted_pdf() -> bytes:
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"ab" * 32, b"cd" * 32)
    return _pdf([*PAGE_TREE, b"<< /Length 0 >>\nstream\n\nendstream", encrypt],
                trailer=b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (b"01" * 16, b"01" * 16))


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:t>" + b"0" * 20_000_000 + b"</w:t>")  # ~1000:1
    return buffer.getvalue()


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "Xin chào")
    return buffer.getvalue()


def hostile_files(texts: dict[str, str]) -> dict[str, tuple[bytes, str]]:
    """name → (bytes, the code its error record must carry)."""
    real_pdf = (CORPUS / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf").read_bytes()
    noise = bytes((i * 7919 + 13) % 256 for i in range(8192))
    big = "\n".join(texts.values()).encode("utf-8")
    bomb = zip_bomb_docx()
    return {
        "trống.txt": (b"", "E101"),
        "hồ sơ/trống rỗng.docx": (b"", "E101"),
        "trang trắng.html": (b"", "E101"),
        "nhị phân.txt": (noise, "E102"),
        "dữ liệu/ảnh chụp.txt": (b"\x89PNG\r\n\x1a\n" + noise, "E102"),
        "quá lớn.txt": (big * (MAX_BYTES // len(big) + 1), "E105"),
        "dữ liệu/rất lớn.txt": (big * (MAX_BYTES // len(big) + 2), "E105"),
        "cắt cụt.pdf": (real_pdf[:4000], "E201"),
        "hồ sơ/hỏng.pdf": (noise, "E201"),
        "mật khẩu.pdf": (encrypted_pdf(), "E202"),
        "hồ sơ/có mật khẩu.pdf": (encrypted_pdf(), "E202"),
        "bản quét.pdf": (image_only_pdf(), "E203"),
        "hồ sơ/bản chụp.pdf": (image_only_pdf(), "E203"),
        "không phải zip.docx": (b"PK? not really a zip " * 20, "E301"),
        "hồ sơ/văn bản cũ.docx": (noise, "E301"),
        "bom nén.docx": (bomb, "E302"),
        "hồ sơ/bom.docx": (bomb, "E302"),
        "zip lạ.docx": (zip_without_document(), "E303"),
        "dữ liệu/nén khác.docx": (zip_without_document(), "E303"),
        "rỗng.html": (b"\xef\xbb\xbf", "E101"),  # a BOM and nothing else is an empty file
    }


N_TEXT_FILES = 176


def recombined(texts: dict[str, str], i: int) -> str:
    """Document i: the paragraphs of one article from a rotating start, then a few of another."""
    articles = [[p for p in t.split("\n") if p.strip()] for _, t in sorted(texts.items())]
    first, second = articles[i % len(articles)], articles[(i * 7 + 3) % len(articles)]
    paragraphs = first[(i // len(articles)) % max(1, len(first)):] + second[: 2 + i % 3]
    return "\n".join(paragraphs)[:4500]


def good_files(texts: dict[str, str]) -> dict[str, bytes]:
    """~180 documents of about 4 KB, recombined from paragraphs of different real articles."""
    files: dict[str, bytes] = {}
    for i in range(N_TEXT_FILES):
        text = recombined(texts, i)
        folder = ("báo cáo/" if i % 3 == 0 else "") + ("quý 1/" if i % 5 == 0 else "")
        name = f"{folder}Bản tin số {i:03d}.txt" if i % 2 else f"{folder}tin-{i:03d}.txt"
        if i % 11 == 0:
            files[name] = to_cp1258(text)
        elif i % 11 == 1:
            files[name] = text.encode("utf-16")
        elif i % 11 == 2:
            files[unicodedata.normalize("NFD", name)] = unicodedata.normalize("NFD", text).encode("utf-8")
        elif i % 11 == 3:
            files[name] = text.replace("\n", "\r\n").encode("utf-8")
        else:
            files[name] = text.encode("utf-8")
    for name in ("B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf",
                 "B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx",
                 "B09_thong-bao-ket-luan-hoi-nghi-danh-gia-cong-tac-cc.docx"):
        files[f"văn bản gốc/{name}"] = (CORPUS / name).read_bytes()
    files["trang web/bài viết.html"] = (
        "<html><head><title>Tin</title><script>var x = 99;</script></head><body><p>"
        + next(iter(texts.values())).split("\n")[1] + "</p></body></html>").encode("utf-8")
    return files


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], list[str]]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    folder = tmp_path_factory.mktemp("hostile") / "hộp thư đến"
    expected_codes: dict[str, str] = {}
    for name, (data, code) in hostile_files(texts).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        expected_codes[name] = code
    good = good_files(texts)
    for name, data in good.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "báo cáo" / "vòng lặp").symlink_to(folder, target_is_directory=True)
    (folder / "ghi chú.xlsx").write_bytes(b"PK")
    good_ids = sorted(unicodedata.normalize("NFC", n) for n in good)
    assert len(expected_codes) + len(good_ids) == 200
    return folder, expected_codes, good_ids


def _run_cli(folder: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--workers", "2",
         "--max-bytes", str(MAX_BYTES), "--timeout", "60"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def clean_run(hostile_folder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "out"
    done = _run_cli(hostile_folder[0], out)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return out


def test_each_hostile_file_gets_one_error_with_its_code(hostile_folder, clean_run: Path) -> None:
    _, expected_codes, _ = hostile_folder
    errors = read_jsonl(clean_run / "errors.jsonl")
    assert len(errors) == len({e["doc_id"] for e in errors})
    assert {e["doc_id"]: e["code"] for e in errors} == expected_codes
    manifest = read_jsonl(clean_run / "run.json")[0] if False else None

    manifest = json.loads((clean_run / "run.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["counts"]["files"] == 200
    assert {"báo cáo/vòng lặp", "ghi chú.xlsx"} <= {s["path"] for s in manifest["skipped"]}


def _figures(records) -> list[tuple]:
    return [(r["kind"], r["value"], r["text"], r["start"], r["end"]) for r in records]


def test_every_good_file_is_there_with_its_figures(hostile_folder, clean_run: Path) -> None:
    folder, _, good_ids = hostile_folder
    documents = {d["doc_id"]: d for d in read_jsonl(clean_run / "documents.jsonl")}
    assert sorted(documents) == good_ids
    written: dict[str, list[dict]] = {}
    for record in read_jsonl(clean_run / "metrics.jsonl"):
        written.setdefault(record["doc_id"], []).append(record)
    for doc_id, document in documents.items():
        alone = read_document(Path(document["source_path"]), folder, max_bytes=MAX_BYTES)
        assert document["text"] == alone.text, doc_id
        expected = [m.model_dump(mode="json") for m in extract_figures(alone.text, LEXICON)]
        assert _figures(written.get(doc_id, [])) == _figures(expected), doc_id


@pytest.mark.parametrize("variant", [0, 1, 2, 3], ids=["windows-1258", "UTF-16", "NFD", "CRLF"])
def test_an_encoded_copy_reads_like_its_utf8_original(variant: int, hostile_folder, clean_run: Path,
                                                      tmp_path: Path) -> None:
    """Documents written in another encoding read exactly as the UTF-8 text they came from."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    by_number = {d["doc_id"][-7:-4]: d for d in read_jsonl(clean_run / "documents.jsonl")
                 if d["doc_id"].endswith(".txt")}
    numbers = range(variant, N_TEXT_FILES, 11)
    for i in numbers:
        twin = tmp_path / f"utf8-{i:03d}.txt"
        twin.write_text(recombined(texts, i), encoding="utf-8")
        document = by_number[f"{i:03d}"]
        assert document["text"] == read_document(twin, tmp_path).text, document["doc_id"]
    assert len(numbers) >= 15



def test_killed_and_resumed_run_writes_the_same_outputs(hostile_folder, clean_run: Path,
                                                        tmp_path: Path) -> None:
    folder = hostile_folder[0]
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--workers", "2",
               "--max-bytes", str(MAX_BYTES), "--timeout", "60"]
    victim = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = out / ".solieu" / "store.sqlite"
    deadline = time.monotonic() + 120
    while stored_results(db) < 40 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert stored_results(db) < 200, "the run ended before it could be killed"
    done = _run_cli(folder, out)
    assert done.returncode == 0, done.stderr
    assert comparable_outputs(out) == comparable_outputs(clean_run)
