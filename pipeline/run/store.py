"""The embedded SQLite store: a cache of every file's results and the run's journal.

Results are keyed by the file's bytes (sha256), its path and the rules version,
so an unchanged file is never read or extracted twice, and a changed rule
invalidates everything. Each result is committed as soon as it arrives (WAL,
synchronous=NORMAL: a `kill -9` loses only the documents still in flight).
A (path, size, mtime) → sha256 table makes the check of an unchanged folder
cost one `stat` per file instead of reading it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pipeline.errors import SolieuError, output_error
from pipeline.outputs.records import Payload

STORE_FORMAT = "2"  # a store of another format is a cache: it is emptied, not migrated

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    document TEXT,
    mentions TEXT NOT NULL,
    entities TEXT NOT NULL,
    error TEXT,
    error_code TEXT,
    n_mentions INTEGER NOT NULL,
    n_entities INTEGER NOT NULL,
    timings TEXT NOT NULL,
    mentions_csv TEXT NOT NULL
);
"""


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


class Store:
    """Cached results and file hashes in one SQLite file (safe to share between runs)."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(db_path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._drop_if_other_format()
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (STORE_FORMAT,))
        except (OSError, sqlite3.Error) as exc:
            raise output_error(exc, db_path) from exc
        self._known: dict[str, tuple[int, int, str]] | None = None
        self._dirty_files: list[tuple[str, int, int, str]] = []

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
            rows = self.db.execute("SELECT path, size, mtime_ns, sha256 FROM files")
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
        """Write the hashes computed since the last call, in one transaction."""
        if not self._dirty_files:
            return
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", self._dirty_files)
        self._dirty_files = []

    # -- results -----------------------------------------------------------------------------------
    def present(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` already have a stored result."""
        found: set[str] = set()
        batch: list[str] = []
        for key in keys:
            batch.append(key)
            if len(batch) == 500:
                found |= self._present(batch)
                batch = []
        if batch:
            found |= self._present(batch)
        return found

    def _present(self, keys: list[str]) -> set[str]:
        marks = ",".join("?" * len(keys))
        return {row[0] for row in self.db.execute(f"SELECT key FROM results WHERE key IN ({marks})", keys)}

    def put(self, payload: Payload) -> None:
        """Store one file's result and commit at once (kill -9 safe)."""
        try:
            with self._transaction():
                self.db.execute(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (payload.key, payload.doc_id, payload.document_json, payload.mentions_jsonl,
                     payload.entities_jsonl, payload.error_json, payload.error_code,
                     payload.n_mentions, payload.n_entities, json.dumps(payload.timings), payload.mentions_csv),
                )
        except sqlite3.Error as exc:
            raise output_error(exc, self.path) from exc

    def get(self, key: str) -> Payload | None:
        row = self.db.execute(
            "SELECT key, doc_id, document, mentions, entities, error, timings, n_mentions, n_entities, "
            "mentions_csv FROM results WHERE key = ?", (key,),
        ).fetchone()
        if row is None:
            return None
        key, doc_id, document, mentions, entities, error, timings, n_mentions, n_entities, rows = row
        return Payload(key, doc_id, document, mentions, entities, error, json.loads(timings), n_mentions,
                       n_entities, rows)

    def iter_results(self, keys: Iterable[str]) -> Iterator[Payload]:
        """Stored results for `keys`, in the order given, one at a time."""
        for key in keys:
            payload = self.get(key)
            if payload is None:
                raise KeyError(f"no stored result for {key}")
            yield payload

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        try:
            self.save_file_hashes()
        finally:
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
