"""The spaCy export: a run's figures and people as spans of a DocBin that spaCy reads back."""

import json

import pytest

from extractors.entities import extract_entities
from extractors.figures import extract_figures
from pipeline.outputs.spacy_export import export_spacy, tokens_with_spaces
from tests.lexicon import LEXICON

SEED = (
    "Hội nghị do đồng chí Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy - Trưởng Ban Chỉ đạo thị xã chủ trì.\n"
    "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị; với tổng giá trị hơn 3,4 tỷ đồng."
)


def _write_run(tmp_path, text):
    doc_id = "000_duc-pho.txt"
    rows = {
        "documents.jsonl": [{"doc_id": doc_id, "text": text}],
        "metrics.jsonl": [
            m.model_copy(update={"doc_id": doc_id}).model_dump(mode="json") for m in extract_figures(text, LEXICON)
        ],
        "entities.jsonl": [
            e.model_copy(update={"doc_id": doc_id}).model_dump(mode="json") for e in extract_entities(text, LEXICON)
        ],
    }
    for name, records in rows.items():
        (tmp_path / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return rows


def test_export_keeps_every_figure_and_person_as_a_span(tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    rows = _write_run(tmp_path, SEED)
    assert export_spacy(tmp_path, tmp_path / "out.spacy") == 1
    (doc,) = DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("xx").vocab)
    figures = [(s.text, s.label_) for s in doc.spans["figures"]]
    assert ("10 đoàn kiểm tra", "count") in figures
    assert ("hơn 3,4 tỷ đồng", "money") in figures
    assert len(figures) == len(rows["metrics.jsonl"])
    assert ("Bùi Văn Lý", "PER") in [(e.text, e.label_) for e in doc.ents]
    assert doc.user_data["doc_id"] == "000_duc-pho.txt"
    # underthesea keeps a full name one token
    assert "Bùi Văn Lý" in [t.text for t in doc]


def test_tokens_realign_to_the_text_when_a_tokenizer_rewrote_one():
    words, spaces = tokens_with_spaces("Uỷ ban xã", ["Ủy ban", "xã"])
    assert words == ["Uỷ", "ban", "xã"] and spaces == [True, True, False]
