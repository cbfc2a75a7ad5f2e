"""One file's records: validated once (`DocResult`), serialised once (`Payload`), stored in one compact blob.

A worker validates each record once, at the boundary, and dumps it once with
orjson to the very bytes pydantic's `model_dump_json` gives (field order, number
format, escaping; `tests/test_records.py` holds the two to the same bytes). From
that one dump it makes both forms of the result (`pack`): the bytes the result
adds to each output file (`OutputChunk`, metrics.csv's cells made from the
mention lines), which the parent only appends, and the blob the store keeps:
each mention's and entity's sentence cut out of its line and kept as (offset,
length) into the document's text, which is kept once, the whole zlib-compressed
when that pays. A result taken from the store is unpacked (`unpack`) into the
same chunk by the same code, so the parent never validates or dumps a record.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import struct
import typing
import zlib
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import orjson
from pydantic import BaseModel

from pipeline.errors import CODES
from pipeline.outputs.rows import mention_csv_rows
from schemas import Document, Entity, ErrorRecord, Mention

PACK_VERSION = 2  # 2: the summary contribution is the last segment of a document
_RAW, _ZLIB = b"R", b"Z"  # the blob's first byte: how the rest is kept
_COMPRESS_FROM = 512  # bytes; below this zlib's header costs more than it saves
_ZLIB_LEVEL = 3  # as small as 6 within 10 %, at half its cost
_BEYOND_64_BITS = float(2**63)  # orjson reads a larger integer as a float: such a line is read again exactly


@dataclass
class DocResult:
    """A file's records as models; exactly one of `document` and `error` is set."""

    doc_id: str
    source_path: str
    document: Document | None = None
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    error: ErrorRecord | None = None
    timings: dict[str, float] = field(default_factory=dict)
    contribution: bytes = b""  # its part of the summary as JSON (outputs.summary.Contribution), made by the worker


@dataclass
class Payload:
    """A file's result as a worker sends it back and the store keeps it: one packed blob and its counts."""

    key: str
    doc_id: str
    blob: bytes
    error_code: str | None
    n_mentions: int
    n_entities: int
    timings: dict[str, float] = field(default_factory=dict)
    timeout_s: float | None = None  # the limit an E601 was hit under: a larger --timeout tries again
    chunk: OutputChunk | None = field(default=None, compare=False)  # the output bytes; never stored

    @cached_property
    def digest(self) -> str:
        """A short hash of the result: a warm run tells by it a result replaced in a shared store, and the
        store a blob whose bytes changed."""
        return hashlib.blake2b(self.blob, digest_size=8).hexdigest()


Stage = Literal["read", "extract", "write", "worker"]


def error_record(doc_id: str, source_path: str, code: str, message: str, stage: Stage = "read") -> ErrorRecord:
    """An ErrorRecord for `code`, its message kept to one line."""
    one_line = " ".join(str(message).split())[:500] or CODES[code]
    return ErrorRecord(
        doc_id=doc_id,
        source_path=source_path,
        code=code,
        error=CODES[code],
        message=one_line,
        stage=stage,
    )


# --- one dump per record ------------------------------------------------------------------------------


def _fields(value: Any) -> dict[str, Any]:
    """orjson's hook for a nested model (a Block, the facts): its fields in declaration order."""
    if not isinstance(value, BaseModel):
        raise TypeError(f"cannot serialise {type(value).__name__}")
    return value.__dict__


def dump_json(record: Any) -> bytes:
    """A validated record as pydantic's `model_dump_json` writes it, by orjson (pydantic for what orjson
    cannot hold: an integer beyond 64 bits)."""
    try:
        return orjson.dumps(record.__dict__, default=_fields)
    except (orjson.JSONEncodeError, TypeError):
        return record.model_dump_json().encode("utf-8")


# --- the compact form ---------------------------------------------------------------------------------
# A blob is one kind byte (raw or zlib) and then a container: a header of two counts, a table of integers
# (version, kind, the record counts, and each record's sentence offset and length, -1 for a whole line), a
# table of segment lengths, and the segments (the text, the document line around it, each record's line
# around its sentence). Binary, so unpacking copies bytes and never parses escaped JSON.

_HEADER = struct.Struct("<II")
_DOCUMENT, _ERROR = 0, 1


@dataclass
class OutputChunk:
    """One result as the bytes it adds to each output file, and what it adds to the counts."""

    documents: bytes = b""
    metrics: bytes = b""
    entities: bytes = b""
    errors: bytes = b""
    csv: bytes = b""
    summary: bytes = b""  # the document's summary contribution (JSON), for the parent's summary builder
    n_mentions: int = 0
    n_entities: int = 0


def _cut(line: bytes, key: bytes, value: str) -> tuple[bytes, bytes] | None:
    """(head, tail) of `line` around the JSON string `value` of its first `key`; None when it is not there."""
    at = line.find(key)
    if at < 0:
        return None
    start = at + len(key)
    encoded = orjson.dumps(value)
    if line[start : start + len(encoded)] != encoded:
        return None
    return line[:start], line[start + len(encoded) :]


def _sentence_at(record: Mention | Entity, text: str) -> int:
    """Where the record's sentence stands in `text` around the record (it holds it), or -1."""
    sentence = record.sentence
    if not sentence:
        return -1
    return text.find(sentence, max(0, record.end - len(sentence)), record.start + len(sentence))


def chunk_of(
    document: bytes | None,
    mentions: list[bytes],
    entities: list[bytes],
    error: bytes | None,
    *,
    with_csv: bool,
    values: list[dict[str, Any]] | None = None,
    summary: bytes = b"",
) -> OutputChunk:
    """The output bytes of one result's lines; metrics.csv's cells are made from the mention lines, or from
    `values`, the same mentions as the JSON values those lines hold (`json_values`)."""
    if error is not None:
        return OutputChunk(errors=error + b"\n")
    chunk = OutputChunk(
        documents=document + b"\n" if document is not None else b"",
        metrics=b"".join(line + b"\n" for line in mentions),
        entities=b"".join(line + b"\n" for line in entities),
        summary=summary,
        n_mentions=len(mentions),
        n_entities=len(entities),
    )
    if with_csv and mentions:
        records = values if values is not None else [_json_value(line) for line in mentions]
        chunk.csv = mention_csv_rows(records).encode("utf-8")
    return chunk


def _json_value(line: bytes) -> dict[str, Any]:
    """A record line read back as JSON values, exactly (a number beyond 64 bits too)."""
    record = orjson.loads(line)
    if any(type(v) is float and abs(v) >= _BEYOND_64_BITS for v in record.values()):
        record = json.loads(line)
    return record


def json_values(record: Mention) -> dict[str, Any]:
    """A validated mention's fields as its JSON line reads back (what `_json_value` gives for its line):
    the same values, but null for a float that is not finite."""
    fields = record.__dict__
    if any(type(v) is float and not math.isfinite(v) for v in map(fields.__getitem__, _float_fields())):
        return {k: None if type(v) is float and not math.isfinite(v) else v for k, v in fields.items()}
    return fields


@functools.cache
def _float_fields() -> tuple[str, ...]:
    """The Mention fields whose annotation admits a float: the only ones that can hold an infinity or NaN."""
    return tuple(name for name, info in Mention.model_fields.items() if _admits_float(info.annotation))


def _admits_float(annotation: Any) -> bool:
    if annotation is float or annotation is Any:
        return True
    return any(_admits_float(argument) for argument in typing.get_args(annotation))


def pack(result: DocResult, *, with_csv: bool = True) -> tuple[bytes, OutputChunk]:
    """The compact blob of a result (its text once, every line around it, compressed when that pays) and
    the output bytes of the same lines, from one dump of each record."""
    ints: list[int] = [PACK_VERSION]
    segments: list[bytes] = []
    if result.error is not None:
        error = dump_json(result.error)
        ints += [_ERROR, 0, 0]
        segments.append(error)
        chunk = chunk_of(None, [], [], error, with_csv=with_csv)
    else:
        assert result.document is not None
        text = result.document.text
        document = dump_json(result.document)
        cut = _cut(document, b',"text":', text)
        ints += [_DOCUMENT, len(result.mentions), len(result.entities), 0 if cut is not None else -1]
        segments += [text.encode("utf-8"), *(cut if cut is not None else (document, b""))]
        lines: list[list[bytes]] = [[], []]
        groups: tuple[list[Mention] | list[Entity], ...] = (result.mentions, result.entities)
        for kind, records in enumerate(groups):
            for record in records:
                line = dump_json(record)
                lines[kind].append(line)
                at = _sentence_at(record, text)
                around = _cut(line, b',"sentence":', record.sentence) if at >= 0 else None
                if around is None:
                    ints += [-1, 0]
                    segments += [line, b""]
                else:
                    ints += [at, len(record.sentence)]
                    segments += around
        segments.append(result.contribution)
        values = [json_values(m) for m in result.mentions] if with_csv else None
        chunk = chunk_of(
            document, lines[0], lines[1], None, with_csv=with_csv, values=values, summary=result.contribution
        )
    body = b"".join(
        (
            _HEADER.pack(len(ints), len(segments)),
            array("q", ints).tobytes(),
            array("I", [len(s) for s in segments]).tobytes(),
            *segments,
        )
    )
    if len(body) >= _COMPRESS_FROM:
        packed = zlib.compress(body, _ZLIB_LEVEL)
        if len(packed) < len(body):
            return _ZLIB + packed, chunk
    return _RAW + body, chunk


class BlobError(ValueError):
    """A stored blob that does not unpack: the store is damaged."""


def _container(blob: bytes) -> tuple[list[int], list[bytes]]:
    """The integers and segments of a blob; BlobError when it is not one."""
    kind, body = blob[:1], blob[1:]
    if kind == _ZLIB:
        body = zlib.decompress(body)
    elif kind != _RAW:
        raise BlobError(f"unknown blob kind {kind!r}")
    n_ints, n_segments = _HEADER.unpack_from(body)
    at = _HEADER.size
    ints, lengths = array("q"), array("I")
    ints.frombytes(body[at : at + ints.itemsize * n_ints])
    at += ints.itemsize * n_ints
    lengths.frombytes(body[at : at + lengths.itemsize * n_segments])
    at += lengths.itemsize * n_segments
    if len(ints) != n_ints or len(lengths) != n_segments or at + sum(lengths) != len(body):
        raise BlobError("the container's tables do not match its size")
    view = memoryview(body)
    segments = []
    for length in lengths:
        segments.append(bytes(view[at : at + length]))
        at += length
    return ints.tolist(), segments


def unpack(blob: bytes, *, with_csv: bool = True) -> OutputChunk:
    """The output bytes of a packed result; BlobError when the blob is damaged."""
    try:
        ints, segments = _container(blob)
        if ints[0] != PACK_VERSION:
            raise BlobError(f"blob version {ints[0]}, expected {PACK_VERSION}")
        if ints[1] == _ERROR:
            return chunk_of(None, [], [], segments[0], with_csv=with_csv)
        n_mentions, n_entities, whole = ints[2], ints[3], ints[4]
        text = segments[0].decode("utf-8")
        document = segments[1] if whole < 0 else segments[1] + orjson.dumps(text) + segments[2]
        lines = []
        for i in range(n_mentions + n_entities):
            at, length = ints[5 + 2 * i], ints[6 + 2 * i]
            head, tail = segments[3 + 2 * i], segments[4 + 2 * i]
            if at < 0:
                lines.append(head)
            elif at + length > len(text):
                raise BlobError("a sentence reference outside its document's text")
            else:
                lines.append(head + orjson.dumps(text[at : at + length]) + tail)
        if len(segments) != 3 + 2 * (n_mentions + n_entities) + 1:
            raise BlobError("the container's segments do not match its records")
        return chunk_of(document, lines[:n_mentions], lines[n_mentions:], None, with_csv=with_csv, summary=segments[-1])
    except BlobError:
        raise
    except (zlib.error, struct.error, IndexError, ValueError, TypeError) as exc:
        raise BlobError(f"{type(exc).__name__}: {exc}") from exc


def to_payload(result: DocResult, key: str, timeout_s: float | None = None, *, with_csv: bool = True) -> Payload:
    """Serialise a DocResult once: the blob the store keeps and the output bytes the writer appends."""
    blob, chunk = pack(result, with_csv=with_csv)
    return Payload(
        key=key,
        doc_id=result.doc_id,
        blob=blob,
        error_code=result.error.code if result.error else None,
        n_mentions=len(result.mentions),
        n_entities=len(result.entities),
        timings=result.timings,
        timeout_s=timeout_s,
        chunk=chunk,
    )
