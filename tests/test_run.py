"""`run_batch` end to end on real articles: output names, order, validity, CSV for Excel, exports."""

from __future__ import annotations

import csv
import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.figures import extract_figures
from pipeline.outputs.exports import export_sqlite, write_metrics_csv
from pipeline.readers import SUPPORTED_SUFFIXES, read_document
from pipeline.run.batch import RunOptions, run_batch
from pipeline.run.discover import discover
from schemas import Document, Entity, ErrorRecord, Mention, RunManifest
from tests.conftest import comparable_outputs, read_jsonl
from tests.lexicon import LEXICON

OUTPUTS = {
    "metrics.jsonl",
    "documents.jsonl",
    "entities.jsonl",
    "errors.jsonl",
    "run.json",
    "metrics.csv",
    "summary.json",
    "summary.md",
    "summary.csv",
}

# Real sentences from the corpus, one file each: what a run finds in a file is what the extractor finds.
SENTENCES = [
    (
        "000_duc-pho: 10 đoàn kiểm tra",
        "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị; mở 04 lớp tuyên truyền, tập huấn; "
        "tổ chức 35 hội nghị đối thoại cấp thị xã và cấp xã, phường giữa người đứng đầu",
    ),
    (
        "000_duc-pho: ngày 07/01/2022",
        "Chiều ngày 07/01/2022, Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã tổ chức hội nghị tổng kết.",
    ),
    ("005_tphcm: 352.000 tỷ đồng", "TPHCM: Năm nay thu ngân sách sẽ đạt 352.000 tỷ đồng"),
    ("005_tphcm: giảm trên 11%", "Thu nội địa giảm trên 11%"),
]


def _run(folder: Path, out: Path, workers: int = 1, **options: object):
    return run_batch(folder, out, RunOptions(workers=workers, progress=False, **options))


def _figures(records: list[dict]) -> list[tuple]:
    return [(r["kind"], r["value"], r["text"], r["start"], r["end"]) for r in records]


def test_a_run_writes_every_output_and_nothing_unvalidated(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = _run(small_corpus, out)
    assert {p.name for p in out.iterdir()} >= OUTPUTS
    documents = [Document.model_validate(r) for r in read_jsonl(out / "documents.jsonl")]
    mentions = [Mention.model_validate(r) for r in read_jsonl(out / "metrics.jsonl")]
    [Entity.model_validate(r) for r in read_jsonl(out / "entities.jsonl")]
    [ErrorRecord.model_validate(r) for r in read_jsonl(out / "errors.jsonl")]
    manifest = RunManifest.model_validate_json((out / "run.json").read_text(encoding="utf-8"))
    doc_ids = [d.doc_id for d in documents]
    assert doc_ids == sorted(doc_ids) and len(doc_ids) == 6
    assert "sub/000_duc-pho-quy-che-dan-chu.txt" in doc_ids
    assert [m.doc_id for m in mentions] == sorted((m.doc_id for m in mentions), key=doc_ids.index)
    texts = {d.doc_id: d.text for d in documents}
    assert all(texts[m.doc_id][m.start : m.end] == m.text for m in mentions)
    assert manifest.complete and manifest.counts["documents"] == 6
    assert manifest.counts["mentions"] == len(mentions)
    assert report.manifest.rules_version == manifest.rules_version
    skipped = {s.path: s.reason for s in manifest.skipped}
    assert skipped["notes.xyz"].startswith("unsupported extension")
    assert "loop" in skipped and ".hidden.txt" not in skipped


def test_key_order_is_the_models_field_order(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(small_corpus, out)
    first_line = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert list(json.loads(first_line)) == list(Document.model_fields)
    for record in read_jsonl(out / "metrics.jsonl"):
        assert list(record) == list(Mention.model_fields)


def test_every_files_figures_are_in_the_run(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(small_corpus, out)
    written: dict[str, list[dict]] = {}
    for record in read_jsonl(out / "metrics.jsonl"):
        written.setdefault(record["doc_id"], []).append(record)
    for path in sorted(small_corpus.rglob("0*.txt")):
        doc_id = path.relative_to(small_corpus).as_posix()
        text = read_document(path, small_corpus).text
        expected = [m.model_dump(mode="json") for m in extract_figures(text, LEXICON)]
        assert _figures(written.get(doc_id, [])) == _figures(expected), doc_id


@pytest.mark.parametrize("sentence", [s for _, s in SENTENCES], ids=[i for i, _ in SENTENCES])
def test_a_real_sentence_yields_what_the_extractor_finds(sentence: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "câu.txt").write_text(sentence + "\n", encoding="utf-8")
    _run(folder, tmp_path / "out")
    [document] = read_jsonl(tmp_path / "out" / "documents.jsonl")
    expected = [m.model_dump(mode="json") for m in extract_figures(document["text"], LEXICON)]
    written = read_jsonl(tmp_path / "out" / "metrics.jsonl")
    assert _figures(written) == _figures(expected)
    assert {m["doc_id"] for m in written} <= {"câu.txt"}


def test_metrics_csv_opens_in_excel(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(small_corpus, out)
    raw = (out / "metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    with open(out / "metrics.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    mentions = read_jsonl(out / "metrics.jsonl")
    assert len(rows) == len(mentions)
    fields = list(Mention.model_fields)
    at = fields.index("value") + 1
    assert list(rows[0]) == [*fields[:at], "value_number", "value_text", *fields[at:]]
    assert [(r["doc_id"], r["text"]) for r in rows] == [(m["doc_id"], m["text"]) for m in mentions]
    for row, mention in zip(rows, mentions, strict=True):  # one typed column or the other, never both
        if isinstance(mention["value"], str):
            assert row["value_number"] == "" and row["value_text"].lstrip("'") == mention["value"]
        else:
            assert float(row["value_number"]) == mention["value"] and row["value_text"] == ""
    write_metrics_csv(out)  # rows made by the workers == rows made again from metrics.jsonl (export)
    assert (out / "metrics.csv").read_bytes() == raw


def test_one_worker_and_two_give_the_same_outputs(small_corpus: Path, tmp_path: Path) -> None:
    _run(small_corpus, tmp_path / "one", workers=1)
    _run(small_corpus, tmp_path / "two", workers=2)
    assert comparable_outputs(tmp_path / "one", "workers") == comparable_outputs(tmp_path / "two", "workers")


def test_sqlite_and_parquet_exports_hold_every_record(small_corpus: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out"
    _run(small_corpus, out, formats=("jsonl", "csv", "parquet", "sqlite"))
    import sqlite3

    db = sqlite3.connect(out / "solieu.sqlite")
    for kind in ("metrics", "documents", "entities", "errors"):
        lines = len(read_jsonl(out / f"{kind}.jsonl"))
        assert db.execute(f"SELECT count(*) FROM {kind}").fetchone()[0] == lines
        assert pq.read_table(out / f"{kind}.parquet").num_rows == lines
    texts = [r[0] for r in db.execute("SELECT text FROM documents ORDER BY doc_id")]
    assert texts == [d["text"] for d in read_jsonl(out / "documents.jsonl")]
    export_sqlite(out)  # exporting again replaces the file
    assert sqlite3.connect(out / "solieu.sqlite").execute("SELECT count(*) FROM documents").fetchone()[0] == 6


def test_discover_skips_hidden_loops_and_unknown_and_names_nfc(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "Báo cáo").mkdir(parents=True)
    nfd_name = unicodedata.normalize("NFD", "Báo cáo quý I.txt")
    (folder / "Báo cáo" / nfd_name).write_text("Có 35 hội nghị.", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text("ẩn", encoding="utf-8")
    (folder / "ảnh.png").write_bytes(b"\x89PNG")
    (folder / "Báo cáo" / "back").symlink_to(folder, target_is_directory=True)
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    with open(os.fsencode(folder) + b"/b\xe1o c\xe1o.txt", "wb") as latin1_name:  # a name from an old zip
        latin1_name.write("Có 35 hội nghị.".encode())
    files, skipped = discover(folder, SUPPORTED_SUFFIXES)
    assert [doc_id for doc_id, _ in files] == ["Báo cáo/Báo cáo quý I.txt"]
    assert unicodedata.is_normalized("NFC", files[0][0])
    assert {s.path: s.reason for s in skipped} == {
        "Báo cáo/back": "folder already visited (symlink loop)",
        "gone.txt": "broken symlink",
        "ảnh.png": "unsupported extension .png",
        "b\ufffdo c\ufffdo.txt": "name is not valid UTF-8",
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sentence=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    value=st.one_of(st.integers(-(10**15), 10**15), st.floats(allow_nan=False, allow_infinity=False)),
)
def test_any_sentence_survives_the_csv_round_trip(sentence: str, value: float, tmp_path: Path) -> None:
    """Commas, quotes, CR/LF and Vietnamese in a sentence come back from metrics.csv unchanged (after the formula
    guard's `'`, when the sentence starts like a formula); the value comes back as a number."""
    record = Mention(
        doc_id="000_duc-pho.txt",
        kind="count",
        value=value,
        text="10 đoàn",
        start=0,
        end=7,
        sentence=sentence,
        unit="đoàn",
    ).model_dump(mode="json")
    (tmp_path / "metrics.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    write_metrics_csv(tmp_path)
    with open(tmp_path / "metrics.csv", encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    guarded = sentence[:1] in ("=", "+", "-", "@", "\t", "\r")
    assert row["sentence"] == ("'" + sentence if guarded else sentence)
    assert row["value"] == str(record["value"]) and row["qualifier"] == ""
    assert float(row["value_number"]) == record["value"] and row["value_text"] == ""  # -5 stays -5, unguarded


# --- Issue 16, defect 9 and issue 15's "never count twice": what discover reads ------------------------

SEED = "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị."  # corpus/000_duc-pho


def _errors(out: Path) -> dict[str, tuple[str, str]]:
    return {e["doc_id"]: (e["code"], e["message"]) for e in read_jsonl(out / "errors.jsonl")}


def test_a_fifo_is_e107_and_never_opened(tmp_path: Path) -> None:
    """Failed before: FIFOs were skipped silently instead of E107 as the README documents."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "báo cáo.txt").write_text(SEED, encoding="utf-8")
    os.mkfifo(folder / "ống.txt")  # opening it would wait for a writer for ever
    os.mkfifo(folder / "ống khác")  # no supported suffix: skipped, as any other unknown file
    report = _run(folder, tmp_path / "out")
    assert _errors(tmp_path / "out") == {"ống.txt": ("E107", "ống.txt: a FIFO (named pipe), not a regular file")}
    assert report.manifest.counts["documents"] == 1
    assert {s.path: s.reason for s in report.manifest.skipped} == {"ống khác": "not a regular file"}


@pytest.mark.parametrize("follow", [False, True], ids=["default", "follow-links"])
def test_a_symlink_outside_the_folder_is_followed_only_when_asked(follow: bool, tmp_path: Path) -> None:
    """Failed before: links out of the input folder (to another folder, to /dev/zero) were followed, and a
    link to a device was reported as a broken symlink."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "bí mật.txt").write_text(SEED, encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "thật.txt").write_text(SEED, encoding="utf-8")
    (folder / "ra ngoài").symlink_to(outside, target_is_directory=True)
    (folder / "tệp ngoài.txt").symlink_to(outside / "bí mật.txt")
    (folder / "thiết bị.txt").symlink_to("/dev/zero")
    (folder / "trong.txt").symlink_to(folder / "sub" / "thật.txt")  # inside: always read
    (folder / "gãy.txt").symlink_to(folder / "không có.txt")
    report = run_batch(folder, tmp_path / "out", RunOptions(workers=1, progress=False, follow_links=follow))
    documents = sorted(d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl"))
    skipped = {s.path: s.reason for s in report.manifest.skipped}
    assert skipped["gãy.txt"] == "broken symlink"
    if follow:
        assert documents == ["ra ngoài/bí mật.txt", "sub/thật.txt", "trong.txt", "tệp ngoài.txt"]
        assert _errors(tmp_path / "out") == {
            "thiết bị.txt": ("E107", "thiết bị.txt: a character device, not a regular file")
        }
    else:
        assert documents == ["sub/thật.txt", "trong.txt"]
        for name in ("ra ngoài", "tệp ngoài.txt", "thiết bị.txt"):
            assert "outside the input folder (--follow-links reads it)" in skipped[name], name
        assert "/dev/zero" in skipped["thiết bị.txt"]


def test_a_run_never_reads_its_own_outputs(tmp_path: Path, texts: dict[str, str]) -> None:
    """Issue 15: `cd F; solieu run .; solieu review solieu-out; solieu run .` counted the review page (and
    any earlier output folder inside F) as documents. Failed before: review.html was read as a document."""
    from pipeline.review.page import write_review

    folder = tmp_path / "F"
    folder.mkdir()
    for name in sorted(texts)[:2]:
        (folder / name).write_text(texts[name], encoding="utf-8")
    first = _run(folder, folder / "solieu-out")
    write_review(folder / "solieu-out", folder / "review.html")
    _run(folder, tmp_path / "elsewhere")  # an earlier run's folder elsewhere, copied in by hand
    import shutil

    shutil.copytree(tmp_path / "elsewhere", folder / "bản sao kết quả")
    again = _run(folder, folder / "solieu-out")
    assert again.manifest.counts == first.manifest.counts | {"skipped": 2}
    skipped = {s.path: s.reason for s in again.manifest.skipped}
    assert skipped["review.html"].startswith("a solieu review page")
    assert skipped["bản sao kết quả"].startswith("a solieu output folder")


# --- Issue 17: the run's plan is made a few hundred files at a time --------------------------------------

PLAN_TEXTS = {  # corpus/000_duc-pho and corpus/001_xoa-bo-tinh-trang-ngheo
    "a.txt": "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị.",
    "b.txt": "Mở 04 lớp tuyên truyền, tập huấn; tổ chức 35 hội nghị đối thoại cấp thị xã.",
    "d.txt": "Hộ nghèo có 10.689 hộ, chiếm 3,20% so với tổng số hộ toàn tỉnh.",
    "e.txt": "Tổng kinh phí trên 655 triệu đồng.",
    "f.txt": "Kêu gọi ủng hộ với tổng giá trị hơn 3,4 tỷ đồng.",
}


def test_a_plan_made_two_files_at_a_time_is_the_plan_made_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files hashed and looked up in batches, a FIFO's error between them: the same outputs in the same
    order, a changed file alone processed again, and a warm run that finds its outputs already right."""
    import pipeline.run.batch as batch

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in PLAN_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    os.mkfifo(folder / "c.txt")  # an error found while planning, in the middle of the output order
    _run(folder, tmp_path / "at-once")
    monkeypatch.setattr(batch, "_PLAN_BATCH", 2)
    first = _run(folder, tmp_path / "by-two")
    assert (first.processed, first.reused) == (5, 0)
    assert comparable_outputs(tmp_path / "by-two", "out_dir") == comparable_outputs(tmp_path / "at-once", "out_dir")
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "by-two" / "documents.jsonl")] == sorted(PLAN_TEXTS)

    metrics = tmp_path / "by-two" / "metrics.jsonl"
    written = metrics.stat().st_mtime_ns
    warm = _run(folder, tmp_path / "by-two")
    assert (warm.processed, warm.reused) == (0, 5)
    assert metrics.stat().st_mtime_ns == written  # every result stored and the outputs are its: left alone

    (folder / "e.txt").write_text("Tổng kinh phí trên 700 triệu đồng.", encoding="utf-8")
    changed = _run(folder, tmp_path / "by-two")
    assert (changed.processed, changed.reused) == (1, 4)
    assert [m["value"] for m in read_jsonl(metrics) if m["doc_id"] == "e.txt"] == [700_000_000]
