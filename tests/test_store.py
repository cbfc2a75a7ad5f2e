"""The store: cache keys, hashes, stored results, the output lock, and warm runs that do no work."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.errors import SolieuError, output_error
from pipeline.outputs.records import DocResult, Payload, error_record, to_payload
from pipeline.run.batch import RunOptions, run_batch
from pipeline.run.cache_key import _rules_digest, rule_files, rules_version
from pipeline.run.store import Store, cache_key, file_sha256, output_lock
from tests import run_builders
from tests.conftest import comparable_outputs, solieu, stored_results

BASE = ("000_duc-pho.txt", "/in/000_duc-pho.txt", "a" * 64, "rules1", 20_000_000)


@pytest.mark.parametrize(
    "position,changed",
    [
        (0, "001_xoa-bo.txt"),
        (1, "/other/000_duc-pho.txt"),
        (2, "b" * 64),
        (3, "rules2"),
        (4, 1000),
    ],
    ids=["doc_id", "path", "bytes", "rules", "max_bytes"],
)
def test_cache_key_changes_with_every_input(position: int, changed: object) -> None:
    args = list(BASE)
    args[position] = changed
    assert cache_key(*args) != cache_key(*BASE)
    assert cache_key(*BASE) == cache_key(*BASE)


def _payload(key: str, doc_id: str, error: str | None = None) -> Payload:
    """A stored result of the seed sentence (corpus/000_duc-pho), or an error record."""
    if error:
        result = DocResult(doc_id, f"/in/{doc_id}", error=error_record(doc_id, f"/in/{doc_id}", error, "trống"))
    else:
        document = run_builders.document(doc_id, run_builders.DUC_PHO_TEXT)
        result = DocResult(doc_id, f"/in/{doc_id}", document=document, mentions=run_builders.duc_pho_figures()[:2])
    return to_payload(result, key)


def test_results_round_trip_and_presence(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    store.put(_payload("k1", "000_duc-pho.txt"))
    store.put(_payload("k2", "001_xoa-bo.txt", error="E101"))
    assert store.present(["k1", "k2", "k3"]) == {"k1", "k2"}
    assert store.get("k1") == _payload("k1", "000_duc-pho.txt")
    assert store.get("k2").error_code == "E101"
    assert store.get("k3") is None
    store.close()
    reopened = Store(tmp_path / "s.sqlite")  # committed at close: a new connection sees it
    assert [p.doc_id for p in reopened.iter_results(["k2", "k1"])] == ["001_xoa-bo.txt", "000_duc-pho.txt"]
    reopened.close()


def test_hash_is_reused_while_size_and_mtime_hold(tmp_path: Path, texts: dict[str, str]) -> None:
    doc = tmp_path / "000_duc-pho.txt"
    doc.write_text(texts["000_duc-pho-quy-che-dan-chu.txt"], encoding="utf-8")
    store = Store(tmp_path / "s.sqlite")
    sha, cached = store.sha256_of(str(doc), doc.stat())
    assert (sha, cached) == (file_sha256(doc), False)
    store.save_file_hashes()
    assert store.sha256_of(str(doc), doc.stat()) == (sha, True)
    doc.write_text(texts["000_duc-pho-quy-che-dan-chu.txt"] + "\nThêm 5 người.", encoding="utf-8")
    new_sha, cached = store.sha256_of(str(doc), doc.stat())
    assert not cached and new_sha != sha and new_sha == file_sha256(doc)
    store.close()


def test_second_lock_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    with output_lock(tmp_path), pytest.raises(SolieuError) as refused, output_lock(tmp_path):
        pass
    assert refused.value.code == "E502"
    with output_lock(tmp_path):  # released when the first run ends
        pass


@pytest.mark.parametrize(
    "exc,code",
    [
        (OSError(errno.ENOSPC, "No space left on device"), "E504"),
        (sqlite3.OperationalError("database or disk is full"), "E504"),
        (OSError(errno.EROFS, "Read-only file system"), "E501"),
        (PermissionError(errno.EACCES, "Permission denied"), "E501"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "E501"),
    ],
    ids=["ENOSPC", "sqlite-full", "EROFS", "EACCES", "sqlite-readonly"],
)
def test_write_failures_get_a_numbered_error(exc: BaseException, code: str) -> None:
    error = output_error(exc, "/out/metrics.jsonl")
    assert error.code == code
    assert "\n" not in str(error) and "/out/metrics.jsonl" in str(error)


def _packages_copy(tmp_path: Path) -> Path:
    """A copy of the packages whose sources make the rules version, to edit without touching the checkout."""
    repo = Path(__file__).resolve().parents[1]
    copy = tmp_path / "repo"
    for package in ("extractors", "pipeline"):
        shutil.copytree(repo / package, copy / package, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    return copy


def test_rules_version_follows_every_rule_file(tmp_path: Path) -> None:
    copy = _packages_copy(tmp_path)
    before = rules_version(root=copy)
    assert rule_files(copy), "no rule files found"
    data = copy / "extractors" / "data"
    data.mkdir(exist_ok=True)
    (data / "my_units.tsv").write_text("hộ\tcount\n", encoding="utf-8")
    _rules_digest.cache_clear()  # read once per process by design; a new process would see the edit
    assert rules_version(root=copy) != before
    assert rules_version("[metric.ho_ngheo]\n", root=copy) != rules_version(root=copy)


@pytest.mark.parametrize("source", ["pipeline/readers/_pdf_loops.c", "pipeline/outputs/_minhash.c"])
def test_rules_version_follows_the_compiled_loops(tmp_path: Path, source: str) -> None:
    """A C loop reads a PDF's characters or signs a document for copy-finding: an edit to it is a new version."""
    copy = _packages_copy(tmp_path)
    before = rules_version(root=copy)
    assert copy / source in rule_files(copy)
    edited = copy / source
    edited.write_text(edited.read_text(encoding="utf-8") + "\n/* an edit */\n", encoding="utf-8")
    _rules_digest.cache_clear()
    assert rules_version(root=copy) != before


def _run(folder: Path, out: Path, **options: object):
    return run_batch(folder, out, RunOptions(workers=1, progress=False, **options))


def test_warm_run_reuses_all_and_a_changed_file_only_itself(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _run(small_corpus, out)
    assert first.processed == first.manifest.counts["files"] == 6
    before = (out / "metrics.jsonl").read_bytes()
    warm = _run(small_corpus, out)
    assert (warm.reused, warm.processed) == (6, 0)
    assert (out / "metrics.jsonl").read_bytes() == before
    changed = small_corpus / sorted(p.name for p in small_corpus.glob("0*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nCó 12 hộ nghèo.", encoding="utf-8")
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    after_edit = _run(small_corpus, out)
    assert (after_edit.reused, after_edit.processed) == (5, 1)


def test_a_new_taxonomy_invalidates_every_result(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(small_corpus, out)
    taxonomy = tmp_path / "my_metrics.toml"
    taxonomy.write_text("# no extra metrics\n", encoding="utf-8")
    again = _run(small_corpus, out, taxonomy_path=taxonomy)
    assert again.processed == 6 and again.manifest.rules_version != rules_version()


def test_shared_db_serves_a_second_output_folder(small_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    _run(small_corpus, tmp_path / "a", db_path=db)
    second = _run(small_corpus, tmp_path / "b", db_path=db)
    assert second.processed == 0
    assert (tmp_path / "a" / "metrics.jsonl").read_bytes() == (tmp_path / "b" / "metrics.jsonl").read_bytes()


def test_warm_run_leaves_right_outputs_alone_and_repairs_the_rest(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(small_corpus, out)
    written = {name: (out / name).stat().st_mtime_ns for name in ("metrics.jsonl", "documents.jsonl")}
    names = ("metrics.jsonl", "metrics.csv", "documents.jsonl")
    contents = {name: (out / name).read_bytes() for name in names}
    _run(small_corpus, out)
    assert {name: (out / name).stat().st_mtime_ns for name in written} == written
    (out / "metrics.csv").unlink()
    with open(out / "documents.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"doc_id": "edited by hand"}\n')
    repaired = _run(small_corpus, out)
    assert repaired.processed == 0
    assert {name: (out / name).read_bytes() for name in contents} == contents


def test_a_store_of_another_format_is_emptied_not_misread(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    with sqlite3.connect(db) as old:
        old.executescript(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('format', '0');"
            "CREATE TABLE results (key TEXT PRIMARY KEY, doc_id TEXT);"
            "INSERT INTO results VALUES ('k1', '000_duc-pho.txt');"
        )
    store = Store(db)
    assert store.present(["k1"]) == set()
    store.put(_payload("k1", "000_duc-pho.txt"))
    assert store.get("k1") == _payload("k1", "000_duc-pho.txt")
    store.close()


# --- Issue 16, defect 5: a damaged store is moved aside and rebuilt from the inputs -----------------------


def _truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _garbage_header(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(b"solieu? no: garbage " * 5 + data[100:])


def _garbage_pages(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[4096:12288] = bytes(range(256)) * 32  # the pages after the header: b-tree pages of the tables
    db.write_bytes(bytes(data))


def _sql(statement: str):
    def damage(db: Path) -> None:
        with sqlite3.connect(db) as conn:
            conn.execute(statement)

    return damage


@pytest.mark.parametrize(
    "damage",
    [
        _truncate,
        _garbage_header,
        _garbage_pages,
        _sql("UPDATE results SET timings = '{not json'"),
        _sql("UPDATE results SET blob = X'5a00ff00'"),
        _sql("UPDATE results SET blob = X'52'"),
    ],
    ids=["truncated", "garbage-header", "garbage-pages", "bad-json-row", "bad-blob", "empty-blob"],
)
def test_a_damaged_store_is_moved_aside_and_rebuilt(damage, small_corpus: Path, tmp_path: Path) -> None:
    """Failed before: every later run exited 1 with a misleading E501, or a traceback."""
    clean = tmp_path / "clean"
    _run(small_corpus, clean)
    out = tmp_path / "out"
    _run(small_corpus, out)
    db = out / ".solieu" / "store.sqlite"
    damage(db)
    (out / ".solieu" / "outputs.json").unlink()  # so the outputs are rewritten from the store
    report = _run(small_corpus, out)
    [notice] = report.notices
    aside = [
        p.name
        for p in db.parent.iterdir()
        if p.name.startswith("store.sqlite.corrupt-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(aside) == 1 and aside[0] in notice and "damaged" in notice and "\n" not in notice
    assert report.processed == 6
    assert comparable_outputs(out) == comparable_outputs(clean)
    assert _run(small_corpus, out).processed == 0  # the rebuilt store serves the next run


def test_the_cli_says_so_in_one_line_and_exits_0(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = solieu("run", small_corpus, "--out", out, "--workers", "1")
    assert first.returncode == 0, first.stderr
    _garbage_header(out / ".solieu" / "store.sqlite")
    again = solieu("run", small_corpus, "--out", out, "--workers", "1")
    assert again.returncode == 0 and "Traceback" not in again.stderr
    damaged, summary = again.stderr.strip().splitlines()
    assert damaged.startswith("solieu: the store ") and "moved it to store.sqlite.corrupt-" in damaged
    assert "6 processed" in summary


def test_results_are_committed_in_batches_and_a_batch_is_whole(tmp_path: Path, monkeypatch) -> None:
    """One commit per half second, not per document: another connection (a resumed run after kill -9) sees
    whole batches only, never a part of one."""
    from pipeline.run import store as store_module

    monkeypatch.setattr(store_module, "COMMIT_EVERY_S", 3600.0)
    db = tmp_path / "s.sqlite"
    store = Store(db)
    for i in range(5):
        store.put(_payload(f"k{i}", f"{i:03d}_duc-pho.txt"))
    assert stored_results(db) == 0  # the batch is open: a kill now loses (and a resumed run redoes) all five
    store.commit()
    assert stored_results(db) == 5
    monkeypatch.setattr(store_module, "COMMIT_EVERY_S", 0.0)
    store.put(_payload("k5", "005_duc-pho.txt"))  # past the interval: committed with its batch at once
    assert stored_results(db) == 6
    store.close()
