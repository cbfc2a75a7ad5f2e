"""The reliability suite: a hostile batch, runs killed at random points, a full disk, a damaged store.

By default (CI) a small version of each scenario runs; `SOLIEU_RELIABILITY=full` (what
`python scripts/reliability.py` sets) runs all of it: ~1,000 files of which ~100 hostile, ten kills at
random points (the run, or one of its workers), every disk-full point, five damaged stores. Everywhere
it checks: the exit code, exactly one error record per bad file with its code and a message naming the
file, the good files' records byte-identical to a clean run of the good files alone, no traceback on
stderr, and no record lost after recovery.

Good files are recombined from the real corpus articles (../shared/corpus), in the encodings and under the
names people send; the hostile ones come from tests/hostile_builders.py.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO, comparable_outputs, read_jsonl, stored_results
from tests.hostile_builders import (
    ODD_NAMES,
    billion_laughs,
    deep_html,
    encrypted_pdf,
    image_only_pdf,
    lying_docx,
    pdf_pages,
    to_cp1258,
    to_tcvn3,
    to_vni,
    zip_bomb_docx,
    zip_without_document,
)

FULL = os.environ.get("SOLIEU_RELIABILITY") == "full"
N_GOOD = 900 if FULL else 24
N_KILLS = 10 if FULL else 2
N_DISK_FULL = 6 if FULL else 1
N_DAMAGES = 5 if FULL else 2
PDF_PAGES = 2000 if FULL else 30
BIG_TEXT_MB = 50 if FULL else 21  # over the default --max-bytes of 20 MB either way
TIMEOUT_S = 600 if FULL else 120

pytestmark = [pytest.mark.reliability, pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")]


def tally(**counts: int) -> None:
    """Add to the totals `scripts/reliability.py` quotes (files tried, faults survived, bad inputs, lost)."""
    path = os.environ.get("SOLIEU_RELIABILITY_TALLY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(counts) + "\n")


# --- the batch -----------------------------------------------------------------------------------------


@dataclass
class Batch:
    folder: Path
    codes: dict[str, str]  # doc_id of each bad file → the code its one error record must carry
    good: list[str]  # doc_ids that must come out as documents
    skipped: set[str]  # what discover must skip, with a reason
    clean_good: Path  # the outputs of a clean run over the good files alone (same folder, same paths)
    clean: Path  # the outputs of a clean run over the whole batch
    files: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _articles() -> list[list[str]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return [[line for line in t.split("\n") if line.strip()] for t in texts]


def _good_files(n: int) -> dict[str, bytes]:
    """n documents of ~4 KB from paragraphs of different real articles, in the encodings people send."""
    articles, rng, files = _articles(), random.Random(16), {}
    for i in range(n):
        paragraphs: list[str] = []
        while sum(len(p) for p in paragraphs) < 3000:
            article = rng.choice(articles)
            start = rng.randrange(len(article))
            paragraphs += article[start : start + rng.randint(1, 3)]
        text = "\n".join(paragraphs)
        folder = ("báo cáo/" if i % 3 == 0 else "") + ("quý 1/" if i % 7 == 0 else "")
        name = f"{folder}{ODD_NAMES[i % len(ODD_NAMES)]}" if i % 9 == 4 else f"{folder}tin {i:04d}.txt"
        if name in files or unicodedata.normalize("NFC", name) in {unicodedata.normalize("NFC", k) for k in files}:
            name = f"{folder}tin {i:04d}.txt"
        encoders = (
            lambda t: t.encode("utf-8"),
            to_cp1258,
            lambda t: t.encode("utf-16"),
            lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
            lambda t: t.replace("\n", "\r\n").encode("utf-8"),
            to_tcvn3,
            to_vni,
        )
        files[name] = encoders[i % len(encoders)](text)
    for name in (
        "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf",
        "B05_bcd-tinh-lam-dong-bao-cao-ket-qua-trien-khai-de.docx",
    ):
        files[f"văn bản gốc/{name}"] = (CORPUS / name).read_bytes()
    files["trang web/lồng sâu 1000.html"] = deep_html(1000)
    files["trang web/tỷ tiếng cười.html"] = billion_laughs("html")
    files[f"văn bản gốc/{PDF_PAGES} trang.pdf"] = pdf_pages(PDF_PAGES)
    return files


def _bad_files() -> dict[str, tuple[bytes, str]]:
    """name → (bytes, code); each kind once per ten in the full version."""
    real_pdf = (CORPUS / "B03_so-noi-vu-binh-thuan-to-trinh-3367-ttr-snv-ngay.pdf").read_bytes()
    noise = bytes((i * 7919 + 13) % 256 for i in range(8192))
    kinds = {
        "trống.txt": (b"", "E101"),
        "trống.docx": (b"", "E101"),
        "trống.pdf": (b"", "E101"),
        "trống.html": (b"", "E101"),
        "chỉ BOM.html": (b"\xef\xbb\xbf", "E101"),
        "nhị phân.txt": (noise, "E102"),
        "ảnh.txt": (b"\x89PNG\r\n\x1a\n" + noise, "E102"),
        "cắt cụt.pdf": (real_pdf[:4000], "E201"),
        "hỏng.pdf": (noise, "E201"),
        "mật khẩu.pdf": (encrypted_pdf(), "E202"),
        "bản quét.pdf": (image_only_pdf(), "E203"),
        "không phải zip.docx": (b"PK? not really a zip " * 20, "E301"),
        "bom nén.docx": (zip_bomb_docx(), "E302"),
        "bom nói dối.docx": (lying_docx(), "E302"),
        "zip lạ.docx": (zip_without_document(), "E303"),
        "tỷ tiếng cười.docx": (billion_laughs("docx"), "E303"),
        "lồng quá sâu.html": (deep_html(5000), "E109"),
    }
    copies = 6 if FULL else 1
    files = {}
    for n in range(copies):
        for name, item in kinds.items():
            files[f"hộp thư {n}/{name}" if n else name] = item
    return files


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    root = tmp_path_factory.mktemp("reliability")
    folder = root / "hộp thư đến"
    good = _good_files(N_GOOD)
    for name, data in good.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    clean_good = root / "clean-good"
    done = run_cli(folder, clean_good)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    codes = {}
    for name, (data, code) in _bad_files().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        codes[name] = code
    with open(folder / "rất lớn.txt", "wb") as big:  # sparse: 50 MB on paper, a few blocks on disk
        big.truncate(BIG_TEXT_MB * 1_000_000)
    codes["rất lớn.txt"] = "E105"
    os.mkfifo(folder / "ống.txt")
    codes["ống.txt"] = "E107"
    (folder / "báo cáo" / "vòng lặp").symlink_to(folder, target_is_directory=True)
    (folder / "gãy.txt").symlink_to(folder / "không có.txt")
    (folder / "bảng tính.xlsx").write_bytes(b"PK\x03\x04")
    with open(os.fsencode(folder) + b"/b\xe1o c\xe1o c\xfc.txt", "wb") as latin1_name:
        latin1_name.write(b"10 \xf0o\xe0n")
    skipped = {"báo cáo/vòng lặp", "gãy.txt", "bảng tính.xlsx", "b\ufffdo c\ufffdo c\ufffd.txt"}
    good_ids = sorted(unicodedata.normalize("NFC", n) for n in good)
    clean = root / "clean"
    done = run_cli(folder, clean)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    made = Batch(folder, codes, good_ids, skipped, clean_good, clean)
    made.files = len(good) + len(codes) + len(skipped)
    return made


def run_args(folder: Path, out: Path) -> list[str]:
    """The arguments of every `solieu run` of the suite (after the interpreter and its module or script)."""
    return ["run", str(folder), "--out", str(out), "--workers", "2", "--timeout", str(TIMEOUT_S)]


def run_cli(folder: Path, out: Path, *extra: str, **popen: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *run_args(folder, out), *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S * 10,
        **popen,
    )


def records_by_doc(out: Path) -> dict[str, list[bytes]]:
    """doc_id → its raw lines in documents, metrics and entities.jsonl, in order."""
    found: dict[str, list[bytes]] = {}
    for name in ("documents.jsonl", "metrics.jsonl", "entities.jsonl"):
        path = out / name
        for line in path.read_bytes().splitlines() if path.exists() else []:
            found.setdefault(json.loads(line)["doc_id"], []).append(line)
    return found


def records_lost(clean: Path, out: Path) -> int:
    """Lines of the clean run's record files missing from `out`'s (0 when recovery kept everything)."""
    lost = 0
    for name in ("documents.jsonl", "metrics.jsonl", "entities.jsonl", "errors.jsonl"):
        have = set((out / name).read_bytes().splitlines()) if (out / name).exists() else set()
        lost += sum(1 for line in (clean / name).read_bytes().splitlines() if line not in have)
    return lost


# --- the hostile batch --------------------------------------------------------------------------------


def test_every_bad_file_gets_one_error_with_its_code_naming_it(batch: Batch) -> None:
    errors = read_jsonl(batch.clean / "errors.jsonl")
    assert len(errors) == len({e["doc_id"] for e in errors})
    assert {e["doc_id"]: e["code"] for e in errors} == batch.codes
    unnamed = [e for e in errors if e["doc_id"] not in e["message"]]
    assert not unnamed
    manifest = json.loads((batch.clean / "run.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and batch.skipped <= {s["path"] for s in manifest["skipped"]}
    tally(files=batch.files, bad_inputs=len(batch.codes) + len(batch.skipped), runs=2)


def test_the_good_files_records_are_those_of_a_clean_run(batch: Batch) -> None:
    alone, together = records_by_doc(batch.clean_good), records_by_doc(batch.clean)
    assert sorted(alone) == batch.good
    assert {doc_id: together.get(doc_id) for doc_id in batch.good} == alone
    tally(lost=records_lost(batch.clean_good, batch.clean) - 0)  # the summary differs, the records must not


# --- faults -------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def test_runs_killed_at_random_points_lose_nothing(batch: Batch, tmp_path: Path) -> None:
    """kill -9 of the run (or of one of its workers) at random moments; the same command then finishes
    and writes what a clean run writes."""
    rng = random.Random(9)
    out = tmp_path / "out"
    manifest = json.loads((batch.clean / "run.json").read_text(encoding="utf-8"))
    duration = max(1.0, manifest["timings_s"]["total"])
    command = [sys.executable, "-m", "pipeline", *run_args(batch.folder, out)]
    faults = 0
    for kill in range(N_KILLS):
        victim = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, duration))
        target = victim.pid
        if kill % 3 == 2 and (workers := _children(victim.pid)):  # a worker dies: its file is E602, retried
            target = rng.choice(workers)
        if victim.poll() is None:
            os.kill(target, signal.SIGKILL)
            faults += 1
        victim.wait(timeout=TIMEOUT_S * 10)
        stderr = victim.stderr.read().decode() if victim.stderr else ""
        assert "Traceback" not in stderr, stderr
    done = run_cli(batch.folder, out)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    if any(e["code"] == "E602" for e in read_jsonl(out / "errors.jsonl")):  # a worker was killed last time
        done = run_cli(batch.folder, out)
    assert comparable_outputs(out, "workers") == comparable_outputs(batch.clean, "workers")
    assert not list(out.glob(".*.tmp-*"))
    lost = records_lost(batch.clean, out)
    assert lost == 0
    tally(faults=faults, lost=lost, runs=N_KILLS + 1)


FULL_DISK_AFTER = """
import errno, os, sys
import pipeline.outputs.files as files
budget = [int(sys.argv[1])]
real_open = open

class FullDisk:
    '''A file on a disk that fills after `budget` bytes, as ENOSPC does.'''
    def __init__(self, handle):
        self.handle = handle
    def write(self, data):
        budget[0] -= len(data)
        if budget[0] < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.handle.write(data)
    def __getattr__(self, name):
        return getattr(self.handle, name)

def full_open(*args, **kwargs):
    return FullDisk(real_open(*args, **kwargs))

files.open = full_open  # the one atomic writer opens every output through this name
from pipeline.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_full_disk_is_e504_in_one_line_and_the_next_run_finishes(batch: Batch, tmp_path: Path) -> None:
    total = sum(p.stat().st_size for p in batch.clean.iterdir() if p.is_file())
    rng = random.Random(5)
    faults = lost = 0
    for point in sorted(rng.randrange(1, total) for _ in range(N_DISK_FULL)):
        out = tmp_path / f"out-{point}"
        full = subprocess.run(
            [
                sys.executable,
                "-c",
                FULL_DISK_AFTER,
                str(point),
                *run_args(batch.folder, out),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S * 10,
        )
        assert full.returncode == 1, full.stderr
        [line] = full.stderr.strip().splitlines()
        assert line.startswith("solieu: E504 disk_full: no space left on the device while writing "), line
        assert not list(out.glob(".*.tmp-*")) and not (out / "run.json").exists()
        faults += 1
        done = run_cli(batch.folder, out)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert comparable_outputs(out) == comparable_outputs(batch.clean)
        lost += records_lost(batch.clean, out)
    assert lost == 0
    tally(faults=faults, lost=lost, runs=2 * faults)


def test_a_small_tmpfs_fills_up_with_a_coded_error(batch: Batch, tmp_path: Path) -> None:
    """A real full disk where a tmpfs can be mounted (root in a container that allows it); else skipped."""
    mount = tmp_path / "nhỏ"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        full = run_cli(batch.folder, mount / "out")
        assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
        [line] = full.stderr.strip().splitlines()
        assert line.startswith("solieu: E504 disk_full: "), line
    finally:
        subprocess.run(["umount", str(mount)], check=False)
    tally(faults=1, runs=1)


def _flip_bytes(db: Path, rng: random.Random) -> None:
    data = bytearray(db.read_bytes())
    for at in rng.sample(range(100, len(data)), 24):  # past the header: pages of the tables and blobs
        data[at] ^= 0xFF
    db.write_bytes(bytes(data))


def _cut_short(db: Path, rng: random.Random) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: rng.randrange(4096, len(data))])


def test_a_damaged_store_is_rebuilt_and_the_outputs_are_right(batch: Batch, tmp_path: Path) -> None:
    rng = random.Random(3)
    faults = lost = 0
    for n in range(N_DAMAGES):
        out = tmp_path / f"out-{n}"
        shutil.copytree(batch.clean, out)
        db = out / ".solieu" / "store.sqlite"
        (_cut_short if n % 2 else _flip_bytes)(db, rng)
        (out / ".solieu" / "outputs.json").unlink()  # the outputs must be rewritten from the store
        done = run_cli(batch.folder, out)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        notices = [line for line in done.stderr.splitlines() if "is damaged" in line]
        assert len(notices) <= 1
        assert comparable_outputs(out) == comparable_outputs(batch.clean)
        lost += records_lost(batch.clean, out)
        faults += 1
    assert lost == 0
    tally(faults=faults, lost=lost, runs=faults)


def test_a_full_disk_while_storing_is_coded(batch: Batch, tmp_path: Path, monkeypatch) -> None:
    """SQLite's own "database or disk is full", from the store's writes: E504, and nothing stored is lost."""
    import sqlite3

    from pipeline.errors import SolieuError
    from pipeline.run import store as store_module
    from pipeline.run.batch import RunOptions, run_batch

    real_put = store_module.Store.put
    calls = {"n": 0}

    def put_until_full(self, payload):
        calls["n"] += 1
        if calls["n"] > 5:
            raise store_module.output_error(sqlite3.OperationalError("database or disk is full"), self.path)
        return real_put(self, payload)

    monkeypatch.setattr(store_module.Store, "put", put_until_full)
    out = tmp_path / "out"
    with pytest.raises(SolieuError) as full:
        run_batch(batch.folder, out, RunOptions(workers=2, progress=False, timeout=TIMEOUT_S))
    assert full.value.code == "E504"
    monkeypatch.setattr(store_module.Store, "put", real_put)
    assert stored_results(out / ".solieu" / "store.sqlite") == 5  # what was stored before is kept
    again = run_batch(batch.folder, out, RunOptions(workers=2, progress=False, timeout=TIMEOUT_S))
    assert again.reused == 5
    assert comparable_outputs(out) == comparable_outputs(batch.clean)
    tally(faults=1, lost=records_lost(batch.clean, out), runs=2)
