"""A 200-file folder with ~10% hostile files: the run finishes, each hostile file gets its stable code,
every good file's figures are there, and a run killed with -9 then resumed writes the same outputs.

Good files are slices of the real corpus articles (plus a real .docx and .pdf), written in the
encodings people actually send: windows-1258, UTF-16, NFD, CRLF; some names carry diacritics and spaces.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from extractors.figures import extract_figures
from pipeline.readers import read_document
from tests.conftest import CORPUS, REPO, comparable_outputs, read_jsonl, stored_results
from tests.hostile_builders import (
    SEED_LINES,
    deep_html,
    encrypted_pdf,
    image_only_pdf,
    lying_docx,
    to_cp1258,
    zip_bomb_docx,
    zip_without_document,
)
from tests.lexicon import LEXICON

MAX_BYTES = 1_000_000


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
    paragraphs = first[(i // len(articles)) % max(1, len(first)) :] + second[: 2 + i % 3]
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
    for name in (
        "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf",
        "B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx",
        "B09_thong-bao-ket-luan-hoi-nghi-danh-gia-cong-tac-cc.docx",
    ):
        files[f"văn bản gốc/{name}"] = (CORPUS / name).read_bytes()
    files["trang web/bài viết.html"] = (
        "<html><head><title>Tin</title><script>var x = 99;</script></head><body><p>"
        + next(iter(texts.values())).split("\n")[1]
        + "</p></body></html>"
    ).encode("utf-8")
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


def _run_args(folder: Path, out: Path) -> list[str]:
    """The one `solieu run` of this suite: what the clean run, the killed one and its resume all run."""
    run = ["run", str(folder), "--out", str(out), "--workers", "2", "--max-bytes", str(MAX_BYTES), "--timeout", "60"]
    return [sys.executable, "-m", "pipeline", *run]


def _run_cli(folder: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_run_args(folder, out), cwd=REPO, capture_output=True, text=True, timeout=300)


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
def test_an_encoded_copy_reads_like_its_utf8_original(
    variant: int, hostile_folder, clean_run: Path, tmp_path: Path
) -> None:
    """Documents written in another encoding read exactly as the UTF-8 text they came from."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    by_number = {
        d["doc_id"][-7:-4]: d for d in read_jsonl(clean_run / "documents.jsonl") if d["doc_id"].endswith(".txt")
    }
    numbers = range(variant, N_TEXT_FILES, 11)
    for i in numbers:
        twin = tmp_path / f"utf8-{i:03d}.txt"
        twin.write_text(recombined(texts, i), encoding="utf-8")
        document = by_number[f"{i:03d}"]
        assert document["text"] == read_document(twin, tmp_path).text, document["doc_id"]
    assert len(numbers) >= 15


def test_killed_and_resumed_run_writes_the_same_outputs(hostile_folder, clean_run: Path, tmp_path: Path) -> None:
    folder = hostile_folder[0]
    out = tmp_path / "out"
    command = _run_args(folder, out)
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


# --- Issue 16, defects 3 and 7: deep HTML and zip headers that lie --------------------------------------


@pytest.mark.parametrize("depth", [10, 255, 256, 1000, 2000], ids=lambda d: f"depth-{d}")
def test_deeply_nested_html_is_read_whole(depth: int, tmp_path: Path) -> None:
    """Failed before from 255 levels: every text past that depth was dropped, silently (exit 0, no error)."""
    from pipeline.readers.html import parse_html

    assert parse_html(deep_html(depth), "sâu.html").text == "\n".join(SEED_LINES)


def test_html_deeper_than_the_parser_holds_is_e109_not_lost_text() -> None:
    from pipeline.errors import ReadError
    from pipeline.readers.html import MAX_DEPTH, parse_html

    with pytest.raises(ReadError) as refused:
        parse_html(deep_html(MAX_DEPTH + 100), "quá sâu.html")
    assert refused.value.code == "E109" and "quá sâu.html" in refused.value.message


MEASURE_LYING_ZIP = """
import re, sys
from pipeline.errors import ReadError
from pipeline.readers.docx import parse_docx
data = open(sys.argv[1], "rb").read()
try:
    parse_docx(data, "nói dối.docx")
    code = "read"
except ReadError as exc:
    code = exc.code
peak_kb = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)  # this process's own peak
print(code, int(peak_kb) // 1024)
"""


def test_a_zip_header_that_lies_is_refused_without_inflating_it(tmp_path: Path) -> None:
    """Failed before: 4 KB declared, 1 GB inside passed the bomb check and cost ~2 GB of memory before E303."""
    path = tmp_path / "nói dối.docx"
    path.write_bytes(lying_docx())
    done = subprocess.run(
        [sys.executable, "-c", MEASURE_LYING_ZIP, str(path)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    code, peak_mb = done.stdout.split()
    assert code == "E302", done.stderr
    assert int(peak_mb) < 200


@pytest.mark.parametrize(
    "inflated,declared,code",
    [
        (1 << 22, 1 << 20, "E302"),  # inflates past its declared size
        (1 << 20, 1 << 22, "E303"),  # declares more than it holds
    ],
    ids=["more-than-declared", "less-than-declared"],
)
def test_a_member_whose_size_is_not_its_header_is_refused(inflated: int, declared: int, code: str) -> None:
    from pipeline.errors import ReadError
    from pipeline.readers.docx import check_zip

    with pytest.raises(ReadError) as refused:
        check_zip(lying_docx(inflated, declared, noise=True), "hỏng.docx")
    assert refused.value.code == code and "word/document.xml" in refused.value.message
