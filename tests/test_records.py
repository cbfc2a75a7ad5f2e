"""One dump per record: orjson writes pydantic's bytes, and a packed result unpacks to the same output bytes.

The records are real: the seed article's sentences (corpus/000_duc-pho-quy-che-dan-chu.txt, via
tests/run_builders.py) and whatever the extractors find in the corpus; hypothesis then varies every field
a record can hold (numbers of every size, control characters, Vietnamese, empty and missing sentences).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.outputs.records import BlobError, DocResult, chunk_of, dump_json, error_record, pack, unpack
from pipeline.run.work import process_file
from schemas import Block, Document, DocumentFacts, Entity, Mention
from tests import run_builders
from tests.conftest import CORPUS

TEXT = run_builders.DUC_PHO_TEXT
DOC_ID = run_builders.DUC_PHO

numbers = st.one_of(
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.04, 3.2, 1e16, 1e-7, -0.0, 5.0, 1e22, 2**63 - 1, 2**64]),
)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


def _seed_document(text: str = TEXT, **facts: str | None) -> Document:
    lines = [(0, text.index("\n"))]
    return Document(
        doc_id=DOC_ID,
        source_path=f"/in/{DOC_ID}",
        sha256="a" * 64,
        format="txt",
        size_bytes=len(text.encode()),
        text=text,
        blocks=[Block(start=s, end=e) for s, e in lines],
        facts=DocumentFacts(**facts),
    )


@settings(max_examples=300, deadline=None)
@given(
    value=numbers,
    subject=st.one_of(st.none(), texts),
    sentence=texts,
    year=st.one_of(st.none(), st.integers(-(10**20), 10**20)),
    resolved=st.one_of(st.none(), st.booleans()),
)
def test_orjson_writes_the_bytes_pydantic_writes_for_any_mention(value, subject, sentence, year, resolved) -> None:
    mention = Mention(
        doc_id=DOC_ID,
        kind="count",
        value=value,
        unit="đoàn",
        text="10 đoàn",
        start=0,
        end=7,
        sentence=sentence,
        subject=subject,
        year=year,
        resolved=resolved,
    )
    assert dump_json(mention) == mention.model_dump_json().encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(name=texts, titles=st.lists(texts, max_size=3), sentence=texts)
def test_orjson_writes_the_bytes_pydantic_writes_for_any_entity(name, titles, sentence) -> None:
    entity = Entity(
        doc_id=DOC_ID, type="PER", text="Bùi Văn Lý", start=0, end=10, sentence=sentence, name=name, titles=titles
    )
    assert dump_json(entity) == entity.model_dump_json().encode("utf-8")


@settings(max_examples=100, deadline=None)
@given(
    text=texts.filter(lambda t: "\n" in t or True),
    issuer=st.one_of(st.none(), texts),
    warnings=st.lists(texts, max_size=2),
)
def test_orjson_writes_the_bytes_pydantic_writes_for_any_document(text, issuer, warnings) -> None:
    text = text + "\n" + TEXT
    document = _seed_document(text, issuer=issuer).model_copy(update={"warnings": warnings})
    assert dump_json(document) == document.model_dump_json().encode("utf-8")


def _chunk_from_models(result: DocResult) -> tuple[bytes, bytes, bytes, bytes]:
    """The output bytes as the previous release wrote them: pydantic's dumps, line by line."""
    if result.error is not None:
        return b"", b"", b"", result.error.model_dump_json().encode() + b"\n"
    return (
        result.document.model_dump_json().encode() + b"\n",  # type: ignore[union-attr]
        b"".join(m.model_dump_json().encode() + b"\n" for m in result.mentions),
        b"".join(e.model_dump_json().encode() + b"\n" for e in result.entities),
        b"",
    )


def _as_tuple(chunk) -> tuple[bytes, bytes, bytes, bytes]:
    return chunk.documents, chunk.metrics, chunk.entities, chunk.errors


def _corpus_results() -> list[DocResult]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    files = sorted(CORPUS.glob("*.txt"))[:12] + sorted(CORPUS.glob("*.docx"))[:2]
    return [process_file(p, CORPUS, p.name) for p in files]


def test_a_corpus_result_packs_and_unpacks_to_the_bytes_pydantic_writes() -> None:
    for result in _corpus_results():
        blob, chunk = pack(result)
        expected = _chunk_from_models(result)
        assert _as_tuple(chunk) == expected, result.doc_id
        assert _as_tuple(unpack(blob)) == expected, result.doc_id
        assert unpack(blob).csv == chunk.csv and chunk.csv.count(b"\r\n") >= len(result.mentions)


def test_the_store_keeps_each_sentence_once_in_the_text() -> None:
    """The stored container holds a sentence only where the document line holds it (its text, a title),
    not once more per mention or entity."""
    for result in _corpus_results()[:5]:
        blob, _ = pack(result)
        body = zlib.decompress(blob[1:]) if blob[:1] == b"Z" else blob[1:]
        document_line = dump_json(result.document)
        for record in result.mentions + result.entities:
            sentence = record.sentence.encode()
            if len(sentence) > 40 and not set(sentence) & set(b'"\\\n\t'):
                assert body.count(sentence) == document_line.count(sentence), (result.doc_id, record.sentence)


@settings(max_examples=150, deadline=None)
@given(sentence=texts, value=numbers, prefix=texts)
def test_any_seed_mention_round_trips_through_the_blob(sentence: str, value, prefix: str) -> None:
    """Sentences that are slices of the text (by reference) and ones that are not (kept whole)."""
    text = prefix + "\n" + TEXT + "\n" + sentence
    at = text.index("10 đoàn")
    in_text = Mention(
        doc_id=DOC_ID,
        kind="count",
        value=value,
        unit="đoàn",
        text="10 đoàn",
        start=at,
        end=at + 7,
        sentence=text[max(0, at - 20) : at + 30],
    )
    free = Mention(
        doc_id=DOC_ID, kind="count", value=value, unit="đoàn", text="10 đoàn", start=at, end=at + 7, sentence=sentence
    )
    result = DocResult(DOC_ID, f"/in/{DOC_ID}", document=_seed_document(text), mentions=[in_text, free])
    blob, chunk = pack(result)
    assert _as_tuple(unpack(blob)) == _as_tuple(chunk) == _chunk_from_models(result)
    assert unpack(blob).csv == chunk.csv  # cells from the worker's values == cells from the stored lines


def test_an_error_result_round_trips() -> None:
    result = DocResult(DOC_ID, f"/in/{DOC_ID}", error=error_record(DOC_ID, f"/in/{DOC_ID}", "E101", "trống"))
    blob, chunk = pack(result)
    assert _as_tuple(unpack(blob)) == _as_tuple(chunk) == _chunk_from_models(result)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"X" + b[1:],  # unknown kind
        lambda b: b[:1] + b[1 : len(b) // 2],  # cut short
        lambda b: b[:1] + bytes(len(b) - 1),  # zeroed
        lambda b: b"R" + b"\xff" * 40,  # tables larger than the body
    ],
    ids=["kind", "truncated", "zeroed", "tables"],
)
def test_a_damaged_blob_is_a_blob_error(damage) -> None:
    result = DocResult(DOC_ID, f"/in/{DOC_ID}", document=_seed_document(), mentions=run_builders.duc_pho_figures())
    blob, _ = pack(result)
    with pytest.raises(BlobError):
        unpack(damage(blob))


def test_a_number_beyond_64_bits_reaches_the_csv_exactly() -> None:
    big = 10**25 + 1
    mention = Mention(doc_id=DOC_ID, kind="count", value=big, unit="đoàn", text="10 đoàn", start=0, end=7)
    chunk = chunk_of(b"{}", [dump_json(mention)], [], None, with_csv=True)
    assert str(big).encode() in chunk.csv and str(big).encode() in chunk.metrics


def test_output_bytes_of_a_real_run_are_those_of_models(tmp_path: Path) -> None:
    """documents.jsonl of a run holds each document as pydantic dumps it (the seed article)."""
    from pipeline.run.batch import RunOptions, run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / DOC_ID).write_text(TEXT, encoding="utf-8")
    run_batch(folder, tmp_path / "out", RunOptions(workers=1, progress=False))
    line = (tmp_path / "out" / "documents.jsonl").read_bytes()
    document = Document.model_validate_json(line)
    assert line == document.model_dump_json().encode() + b"\n"
