"""The embedded SQLite store: a cache of every file's results and the run's journal.

Results are keyed by the file's bytes (sha256), its path and the rules version,
so an unchanged file is never read or extracted twice, and a changed rule
invalidates everything. Each result is one compact blob (`records.pack`): no
second copy as CSV rows, sentences as offsets into the text, compressed.
Results are committed in batches, one transaction every `COMMIT_EVERY_S`
seconds (WAL, synchronous=NORMAL): what was committed is complete, and a
`kill -9` loses only the last batch, which the next run redoes. A file that
timed out is kept with the timeout it had, so a warm run does not spend that
time again (`--retry-failed` or a larger `--timeout` tries it again).
A (path, size, mtime) → sha256 table makes the check of an unchanged folder
cost one `stat` per file instead of reading it.

OCR pages run as units of work of their own keep their results here too (`put_page`,
`get_page`), keyed by the file's bytes, the page and the OCR engine but not the rules
(`readers.ocr_pages.page_cache_key`): a rules change re-reads a scan without OCRing it again.

A store that SQLite finds damaged (`PRAGMA quick_check` on open, or any query
failing as corrupt) or whose blob does not unpack raises `StoreCorrupt`; the
run moves it aside (`store.sqlite.corrupt-<time>`) and rebuilds it from the
inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import SolieuError, output_error
from pipeline.outputs.records import Payload

STORE_FORMAT = "4"  # a store of another format is a cache: it is emptied, not migrated
COMMIT_EVERY_S = 0.5  # a batch of results is committed at least this often
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    error_code TEXT,
    timeout_s REAL,
    n_mentions INTEGER NOT NULL,
    n_entities INTEGER NOT NULL,
    timings TEXT NOT NULL,
    blob BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS ocr_pages (
    key TEXT PRIMARY KEY,
    image_hash TEXT NOT NULL,
    cut_at_s REAL,
    blob BLOB NOT NULL
);
"""
# The blob is the last column, so reading the others (a warm run's look-up) never walks its overflow pages.


class StoreCorrupt(Exception):
    """The store's file is damaged: SQLite says so, or a stored result does not decode."""


@dataclass(frozen=True)
class StoredInfo:
    """What a warm run needs to know of a stored result without reading it."""

    error_code: str | None
    timeout_s: float | None
    digest: str


def cache_key(doc_id: str, path: str, sha256: str, rules_version: str, max_bytes: int) -> str:
    """The store key of one file's result: everything its records depend on."""
    parts = "\0".join((doc_id, path, sha256, rules_version, str(max_bytes)))
    return hashlib.sha256(parts.encode("utf-8", "surrogateescape")).hexdigest()


def file_sha256(path: Path | str) -> str:
    """sha256 of a file's bytes, read in chunks so a huge file costs no memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def is_corruption(exc: BaseException) -> bool:
    """Whether a SQLite error says the file is damaged (not full, locked or read-only)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if "Could not decode to UTF-8" in str(exc):  # a text column whose bytes changed: pages intact, data not
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def move_aside(db_path: Path) -> Path:
    """Rename a damaged store (and its WAL) to `NAME.corrupt-<time>`, out of the next run's way."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = db_path.with_name(f"{db_path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(db_path, target)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{target}{suffix}"))
    except OSError as exc:
        raise output_error(exc, db_path) from exc
    return target


class Store:
    """Cached results and file hashes in one SQLite file (safe to share between runs)."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        self._in_batch = False
        self._batch_started = 0.0
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(db_path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise output_error(exc, db_path) from exc
        try:
            with self._guard():
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self._check()
                self._drop_if_other_format()
                self.db.executescript(_SCHEMA)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (STORE_FORMAT,))
        except BaseException:
            self.db.close()
            raise
        self._known: dict[str, tuple[int, int, str]] | None = None
        self._dirty_files: list[tuple[str, int, int, str]] = []

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """SQLite errors as the run reports them: damage is StoreCorrupt, the rest E504/E501."""
        try:
            yield
        except sqlite3.Error as exc:
            if is_corruption(exc):
                raise StoreCorrupt(str(exc)) from exc
            raise output_error(exc, self.path) from exc

    def _check(self) -> None:
        """SQLite's own check of every page and index (`quick_check`); a damaged file is StoreCorrupt."""
        rows = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        if rows != ["ok"]:
            raise StoreCorrupt("; ".join(map(str, rows[:3])))

    def _drop_if_other_format(self) -> None:
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            return
        row = self.db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        if row is None or row[0] != STORE_FORMAT:
            self.db.executescript("DROP TABLE IF EXISTS results; DROP TABLE IF EXISTS files; DELETE FROM meta;")

    # -- file hashes -------------------------------------------------------------------------------
    def _load_known(self) -> dict[str, tuple[int, int, str]]:
        if self._known is None:
            with self._guard():
                rows = self.db.execute("SELECT path, size, mtime_ns, sha256 FROM files").fetchall()
            self._known = {path: (size, mtime, sha) for path, size, mtime, sha in rows}
        return self._known

    def sha256_of(self, path: str, stat: os.stat_result) -> tuple[str, bool]:
        """(sha256, was_cached): the stored hash when path, size and mtime are unchanged."""
        known = self._load_known().get(path)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2], True
        sha = file_sha256(path)
        self._known[path] = (stat.st_size, stat.st_mtime_ns, sha)  # type: ignore[index]
        self._dirty_files.append((path, stat.st_size, stat.st_mtime_ns, sha))
        return sha, False

    def save_file_hashes(self) -> None:
        """Write the hashes computed since the last call, with the current batch."""
        if not self._dirty_files:
            return
        with self._guard():
            self._begin()
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", self._dirty_files)
        self._dirty_files = []
        self.commit()

    def forget_file_hashes(self) -> None:
        """Let go of the hashes read for the run's plan (~300 bytes a file); a later look reads them again."""
        self._known = None

    # -- results -----------------------------------------------------------------------------------
    def lookup(self, keys: Iterable[str]) -> dict[str, StoredInfo]:
        """What is stored for each of `keys` that has a result."""
        found: dict[str, StoredInfo] = {}
        batch: list[str] = []
        for key in keys:
            batch.append(key)
            if len(batch) == 500:
                found.update(self._lookup(batch))
                batch = []
        if batch:
            found.update(self._lookup(batch))
        return found

    def _lookup(self, keys: list[str]) -> dict[str, StoredInfo]:
        marks = ",".join("?" * len(keys))
        with self._guard():
            rows = self.db.execute(
                f"SELECT key, error_code, timeout_s, digest FROM results WHERE key IN ({marks})", keys
            ).fetchall()
        return {key: StoredInfo(code, timeout, digest) for key, code, timeout, digest in rows}

    def present(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` already have a stored result."""
        return set(self.lookup(keys))

    def put(self, payload: Payload) -> None:
        """Add one file's result to the open batch; the batch is committed every COMMIT_EVERY_S seconds."""
        with self._guard():
            self._begin()
            self.db.execute(
                "INSERT OR REPLACE INTO results (key, doc_id, digest, error_code, timeout_s, n_mentions, "
                "n_entities, timings, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    payload.key,
                    payload.doc_id,
                    payload.digest,
                    payload.error_code,
                    payload.timeout_s,
                    payload.n_mentions,
                    payload.n_entities,
                    json.dumps(payload.timings, separators=(",", ":")),
                    payload.blob,
                ),
            )
        if time.monotonic() - self._batch_started >= COMMIT_EVERY_S:
            self.commit()

    def get(self, key: str) -> Payload | None:
        """The stored result of `key` (results of the open batch included)."""
        with self._guard():
            row = self.db.execute(
                "SELECT key, doc_id, blob, digest, error_code, n_mentions, n_entities, timings, timeout_s "
                "FROM results WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None:
            return None
        key, doc_id, blob, digest, code, n_mentions, n_entities, timings, timeout_s = row
        try:
            parsed = json.loads(timings)
        except (TypeError, ValueError) as exc:
            raise StoreCorrupt(f"result {key[:12]}: timings are not JSON ({exc})") from exc
        if not isinstance(blob, bytes) or not isinstance(parsed, dict):
            raise StoreCorrupt(f"result {key[:12]}: not a stored result")
        payload = Payload(key, doc_id, blob, code, n_mentions, n_entities, parsed, timeout_s)
        if payload.digest != digest:  # a changed byte SQLite's page checks cannot see
            raise StoreCorrupt(f"result {key[:12]}: its bytes do not match their digest")
        return payload

    def iter_results(self, keys: Iterable[str]) -> Iterator[Payload]:
        """Stored results for `keys`, in the order given, one at a time."""
        for key in keys:
            payload = self.get(key)
            if payload is None:
                raise KeyError(f"no stored result for {key}")
            yield payload

    # -- OCR pages ---------------------------------------------------------------------------------
    def put_page(self, key: str, image_hash: str, cut_at_s: float | None, blob: bytes) -> None:
        """Keep one page's OCR result; `cut_at_s` is the --ocr-timeout that cut it short (None: complete)."""
        with self._guard():
            self._begin()
            self.db.execute("INSERT OR REPLACE INTO ocr_pages VALUES (?, ?, ?, ?)", (key, image_hash, cut_at_s, blob))
        if time.monotonic() - self._batch_started >= COMMIT_EVERY_S:
            self.commit()

    def get_page(self, key: str, ocr_timeout: float) -> bytes | None:
        """A page's stored OCR result, unless it was cut short by a smaller --ocr-timeout than `ocr_timeout`."""
        with self._guard():
            row = self.db.execute("SELECT cut_at_s, blob FROM ocr_pages WHERE key = ?", (key,)).fetchone()
        if row is None or (row[0] is not None and ocr_timeout > row[0]):
            return None
        if not isinstance(row[1], bytes):
            raise StoreCorrupt(f"OCR page {key[:12]}: not a stored result")
        return row[1]

    def _begin(self) -> None:
        if not self._in_batch:
            self.db.execute("BEGIN IMMEDIATE")
            self._in_batch, self._batch_started = True, time.monotonic()

    def commit(self) -> None:
        """Commit the open batch, if any: everything put so far survives a kill from now on."""
        if self._in_batch:
            with self._guard():
                self.db.execute("COMMIT")
            self._in_batch = False

    def close(self) -> None:
        """Commit what is pending and close; the connection is closed even when the commit fails."""
        try:
            self.save_file_hashes()
            self.commit()
        finally:
            self.db.close()

    def abandon(self) -> None:
        """Close without committing (the file is being moved aside)."""
        with suppress(sqlite3.Error):
            self.db.close()


_held_lock_fds: set[int] = set()


def release_inherited_locks() -> None:
    """In a forked worker: close the copies of the run's lock fd, so the lock dies with the run.

    A flock belongs to the open file; a worker still holding a copy after its
    parent was killed would lock the output folder for ever.
    """
    for fd in list(_held_lock_fds):
        with suppress(OSError):
            os.close(fd)
    _held_lock_fds.clear()


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold `OUT/.solieu/lock` for the run; a second run on the same folder gets E502."""
    import fcntl

    lock_path = out_dir / ".solieu" / "lock"
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise output_error(exc, out_dir) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise SolieuError("E502", f"another solieu run is writing {out_dir}; wait for it to end") from exc
        _held_lock_fds.add(fd)
        yield
    finally:
        _held_lock_fds.discard(fd)
        os.close(fd)
