"""What a summary being built keeps for every row and every counted document, held flat in memory.

A run of 50,000 documents makes tens of thousands of rows, a million figure references and 50,000
copy-finding keys: as Python objects a few hundred MB that grow with the folder. They live in a
private temporary SQLite database instead (SQLite makes it in $TMPDIR and deletes it when the
connection closes). In memory: the LIVE_ROWS rows used last, the figure references of the last
PARTS_BATCH (row, document) pairs, SQLite's page cache. A row written out and needed again comes
back with the very number it had (an int stays an int, a float is its repr), totals are added in
the same order, and the rows come out in the order `sorted` gave them: the summary is the same to
the byte whatever the folder's size.
"""

from __future__ import annotations

import pickle
import sqlite3
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import orjson

from pipeline.errors import output_error
from schemas import Duplicate

LIVE_ROWS = 10_000  # rows kept as Python objects (~1 KB each with their key); the rest wait in the database
PARTS_BATCH = 4_000  # (row, document) figure references written at once
CACHE_KIB = 8_192  # SQLite's page cache for the database

RowKey = tuple[Any, ...]
SortColumns = tuple[int, str, str, str, str, str, str, float]  # what `sorted` compares, gid breaks ties
Part = tuple[int, str, int | None, bytes]  # run, doc_id, place in the run's documents, refs as compact JSON
_STATE = "gid, label, total, all_int, qualifiers, n_mentions, n_documents, revised"  # a Group, in order
_WHERE = "the summary's temporary database (in $TMPDIR)"

_SCHEMA = """
CREATE TABLE rows (
    gid INTEGER PRIMARY KEY, lookup BLOB UNIQUE NOT NULL, key BLOB NOT NULL,
    s0 INTEGER, s1 TEXT, s2 TEXT, s3 TEXT, s4 TEXT, s5 TEXT, s6 TEXT, s7 REAL,
    label TEXT, total TEXT NOT NULL, all_int INTEGER NOT NULL, qualifiers TEXT NOT NULL,
    n_mentions INTEGER NOT NULL, n_documents INTEGER NOT NULL, revised INTEGER NOT NULL
);
CREATE TABLE parts (gid INTEGER NOT NULL, run INTEGER NOT NULL, doc_id TEXT NOT NULL, idx INTEGER, refs BLOB NOT NULL);
CREATE INDEX parts_by_row ON parts (gid);
CREATE TABLE texts (digest BLOB UNIQUE NOT NULL, doc_id TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE seen (
    i INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, run INTEGER NOT NULL,
    figures BLOB NOT NULL, identity BLOB NOT NULL, sig BLOB NOT NULL
);
CREATE TABLE bands (key INTEGER NOT NULL, i INTEGER NOT NULL);
CREATE INDEX bands_by_key ON bands (key);
"""


@dataclass(slots=True)
class Group:
    """The running total of one summary row; its figure references are in the database's `parts`."""

    gid: int
    label: str | None = None
    total: int | float = 0
    all_int: bool = True
    qualifiers: set[str] = field(default_factory=set)
    n_mentions: int = 0
    n_documents: int = 0
    revised: bool = False

    def total_value(self) -> int | float:
        return int(self.total) if self.all_int else round(self.total, 6)


@dataclass(slots=True)
class Seen:
    """A counted document as copy-finding needs it: its hashes as bytes, its signature as 32 machine ints."""

    doc_id: str
    run: int
    figures: bytes
    identity: bytes
    sig: array[int]


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """A failure of the temporary database (its disk full, $TMPDIR not writable) is E504/E501, not a traceback."""

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise output_error(exc, _WHERE) from exc

    call.__name__, call.__doc__ = method.__name__, method.__doc__
    return call


def _guarded_iter(method: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def call(*args: Any, **kwargs: Any) -> Iterator[Any]:
        try:
            yield from method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise output_error(exc, _WHERE) from exc

    call.__name__, call.__doc__ = method.__name__, method.__doc__
    return call


def open_database() -> sqlite3.Connection:
    """A private temporary database: one long transaction, never committed, gone when it is closed."""
    try:
        db = sqlite3.connect("", check_same_thread=False)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        db.executescript(_SCHEMA)
    except sqlite3.Error as exc:
        raise output_error(exc, _WHERE) from exc
    return db


def _canonical(value: Any) -> Any:
    """A key as Python's == sees it: 5.0 and 5 are one key, so they must be one lookup."""
    kind = type(value)
    if kind is tuple or kind is list:
        return [_canonical(v) for v in value]
    if kind is float and value.is_integer():
        return int(value)
    return value


def _number_text(value: int | float) -> str:
    return repr(value)


def _number_of(text: str) -> int | float:
    """The exact number `_number_text` wrote: ints have no '.', 'e' or 'n' (inf, nan) in their repr."""
    return float(text) if any(c in text for c in ".en") else int(text)


class RowTable:
    """The summary's rows by key: the LIVE_ROWS used last in memory, every row's state in the database
    once it has been pushed out, and every row's figure references in `parts`, in the order added."""

    def __init__(
        self, db: sqlite3.Connection, sort_columns: Callable[[RowKey, Group], SortColumns], live_rows: int = LIVE_ROWS
    ) -> None:
        self.db, self.sort_columns, self.live_rows = db, sort_columns, max(1, live_rows)
        self.live: dict[RowKey, Group] = {}
        self.pending: list[tuple[int, int, str, int | None, bytes]] = []
        self.stored = 0  # rows written to the database at least once: until then a miss is a new row
        self.next_gid = 0

    @_guarded
    def group(self, key: RowKey, label: str | None) -> Group:
        """The row of `key`, made (with `label`) the first time the key is seen."""
        live = self.live.pop(key, None)
        if live is None:
            loaded = self._load(key) if self.stored else None
            if loaded is None:
                live = Group(self.next_gid, label=label)
                self.next_gid += 1
            else:
                key, live = loaded  # the key as first made (5 or 5.0), as a dict keeps its first key
            if len(self.live) >= self.live_rows:
                self._push_out(max(1, self.live_rows // 4))
        self.live[key] = live  # last used: the end of the dict, pushed out last
        return live

    def add_part(self, group: Group, part: Part) -> None:
        run, doc_id, index, refs = part
        self.pending.append((group.gid, run, doc_id, index, refs))
        if len(self.pending) >= PARTS_BATCH:
            self._write_parts()

    @_guarded_iter
    def in_order(self) -> Iterator[tuple[RowKey, Group]]:
        """Every row with figures, in the order `sorted(rows, key=sort_columns)` gives (creation breaks ties)."""
        self._push_out(len(self.live))
        self._write_parts()
        cursor = self.db.execute(
            f"SELECT key, {_STATE} FROM rows WHERE n_mentions > 0 ORDER BY s0, s1, s2, s3, s4, s5, s6, s7, gid"
        )
        for key, *state in cursor:
            yield pickle.loads(key), _group(state)

    @_guarded_iter
    def every(self) -> Iterator[tuple[RowKey, Group, list[Part]]]:
        """Every row in the order it was made, with its figure references (to merge into another table)."""
        self._push_out(len(self.live))
        self._write_parts()
        cursor = self.db.execute(f"SELECT key, {_STATE} FROM rows ORDER BY gid")
        for key, *state in cursor:
            group = _group(state)
            yield pickle.loads(key), group, list(self.parts(group.gid))

    @_guarded_iter
    def parts(self, gid: int) -> Iterator[Part]:
        """A row's figure references, in the order its documents were added."""
        self._write_parts()
        yield from self.db.execute("SELECT run, doc_id, idx, refs FROM parts WHERE gid = ? ORDER BY rowid", (gid,))

    def _load(self, key: RowKey) -> tuple[RowKey, Group] | None:
        found = self.db.execute(
            f"SELECT key, {_STATE} FROM rows WHERE lookup = ?",
            (orjson.dumps(_canonical(key)),),
        ).fetchone()
        return None if found is None else (pickle.loads(found[0]), _group(found[1:]))

    def _push_out(self, how_many: int) -> None:
        """Write the state of the `how_many` rows used longest ago and let them go."""
        if not how_many:
            return
        gone = list(self.live.items())[:how_many]
        for key, _ in gone:
            del self.live[key]
        self.db.executemany(  # a generator: orjson's bytes each hold a 4 KB buffer, so one row's at a time
            "INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    g.gid,
                    orjson.dumps(_canonical(key)),
                    pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL),  # read back as the very key
                    *self.sort_columns(key, g),
                    g.label,
                    _number_text(g.total),
                    g.all_int,
                    "|".join(sorted(g.qualifiers)),
                    g.n_mentions,
                    g.n_documents,
                    g.revised,
                )
                for key, g in gone
            ),
        )
        self.stored += len(gone)

    def _write_parts(self) -> None:
        if self.pending:
            self.db.executemany("INSERT INTO parts VALUES (?, ?, ?, ?, ?)", self.pending)
            self.pending = []


def _group(state: Sequence[Any]) -> Group:
    gid, label, total, all_int, qualifiers, n_mentions, n_documents, revised = state
    return Group(
        gid,
        label=label,
        total=_number_of(total),
        all_int=bool(all_int),
        qualifiers=set(qualifiers.split("|")) if qualifiers else set(),
        n_mentions=n_mentions,
        n_documents=n_documents,
        revised=bool(revised),
    )


class CopyIndex:
    """The counted documents' copy-finding keys: the first document of each text hash, and each counted
    document's signature filed under its LSH band keys."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.counted = 0

    @_guarded
    def first_with(self, digest: bytes) -> tuple[str, int] | None:
        """The first document whose normalised text has this hash, and its run."""
        found = self.db.execute("SELECT doc_id, run FROM texts WHERE digest = ?", (digest,)).fetchone()
        return None if found is None else (found[0], found[1])

    @_guarded
    def remember_text(self, digest: bytes, doc_id: str, run: int) -> None:
        """`doc_id` is the first with this text hash (a later claim to it is ignored)."""
        self.db.execute("INSERT OR IGNORE INTO texts VALUES (?, ?, ?)", (digest, doc_id, run))

    @_guarded
    def candidates(self, band_keys: list[int]) -> list[Seen]:
        """The counted documents that share a band key, in the order they were counted."""
        if not band_keys:
            return []
        marks = ", ".join("?" * len(band_keys))
        found = self.db.execute(
            "SELECT doc_id, run, figures, identity, sig FROM seen"
            f" WHERE i IN (SELECT i FROM bands WHERE key IN ({marks})) ORDER BY i",
            band_keys,
        )
        return [Seen(doc_id, run, figures, identity, array("q", sig)) for doc_id, run, figures, identity, sig in found]

    @_guarded
    def add(self, seen: Seen, band_keys: list[int]) -> None:
        """File a counted document under its band keys."""
        at = self.counted
        self.db.execute(
            "INSERT INTO seen VALUES (?, ?, ?, ?, ?, ?)",
            (at, seen.doc_id, seen.run, seen.figures, seen.identity, seen.sig.tobytes()),
        )
        self.db.executemany("INSERT INTO bands VALUES (?, ?)", [(key, at) for key in band_keys])
        self.counted += 1

    @_guarded_iter
    def texts(self) -> Iterator[tuple[bytes, str, int]]:
        """Every text hash with its first document, in the order they were met."""
        yield from self.db.execute("SELECT digest, doc_id, run FROM texts ORDER BY rowid")


_COPY_FIELDS = tuple(Duplicate.model_fields)
CopyFields = tuple[Any, ...]  # a Duplicate's field values, in the order of its fields


class FoundCopies:
    """The copies a summary found, in the order found, each kept as its Duplicate's field values (a tuple
    of ~0.3 KB where the model takes ~1.2 KB: a folder of 50,000 documents may hold 13,000 copies) and
    made a (validated) Duplicate again when read. Read as often as wanted; `len` is the number found."""

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: list[CopyFields] = []

    def append(self, copy: Duplicate) -> None:
        self._found.append(tuple(map(copy.__dict__.__getitem__, _COPY_FIELDS)))

    def extend(self, other: FoundCopies) -> None:
        self._found.extend(other._found)

    def __len__(self) -> int:
        return len(self._found)

    def __iter__(self) -> Iterator[Duplicate]:
        for values in self._found:
            yield Duplicate.model_validate(dict(zip(_COPY_FIELDS, values, strict=True)))

    def __contains__(self, copy: object) -> bool:
        return any(found == copy for found in self)


def closed(db: sqlite3.Connection) -> None:
    """Close the database (SQLite deletes its file); a failure to close is not the user's problem."""
    with suppress(sqlite3.Error):
        db.close()
