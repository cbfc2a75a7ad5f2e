"""A run's documents as spaCy `Doc`s: training and review data for other NLP tools.

Each document becomes a `Doc` built from underthesea's word tokens (multi-syllable
words such as `Hồ Chí Minh` stay one token), with the run's people, organisations
and places as `doc.ents` and every figure in `doc.spans["figures"]` labelled by
kind. Offsets come from the run, so a span is exactly what solieu extracted;
a span that does not fall on token boundaries is widened to the tokens around it.
The result is a `DocBin` file (`.spacy`), the format `spacy train` reads.

underthesea and spaCy are imported only here, when an export asks for them; spaCy is
the optional extra `solieu[spacy]` (E505 says how to get it).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from pipeline.errors import SolieuError, missing_extra
from pipeline.outputs.files import atomic_open
from pipeline.outputs.jsonl import read_jsonl


def require_spacy() -> None:
    """E505 unless spaCy can be imported."""
    try:
        import spacy  # noqa: F401
    except ImportError as exc:
        raise missing_extra("spaCy export", "spacy", "spaCy") from exc


def tokens_with_spaces(text: str, tokens: list[str]) -> tuple[list[str], list[bool]]:
    """Align `tokens` to `text`: the words as written there and whether a space follows each.

    From the first token whose characters are not next in the text (a tokenizer that
    rewrote them), the rest of the text is split on spaces instead, so the words always
    rebuild `text` (less its leading and repeated white space).

    >>> tokens_with_spaces("Bùi Văn Lý chủ trì.", ["Bùi Văn Lý", "chủ trì", "."])
    (['Bùi Văn Lý', 'chủ trì', '.'], [True, False, False])
    """
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for tok in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(tok, pos):
            for m in _SPACED.finditer(text, pos):  # the text stays the reference
                words.append(m.group())
                spaces.append(m.end() < len(text) and text[m.end()] == " ")
            return words, spaces
        end = pos + len(tok)
        words.append(tok)
        spaces.append(end < len(text) and text[end] == " ")
        pos = end
    return words, spaces


_SPACED = re.compile(r"\S+")


def _tokenize(text: str) -> tuple[list[str], list[bool]]:
    from underthesea import word_tokenize

    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            w, s = tokens_with_spaces(line, word_tokenize(line, use_token_normalize=False))
            words += w
            spaces += s
        if pos + len(line) < len(text):  # the line end itself becomes a whitespace token
            words.append("\n")
            spaces.append(False)
        pos += len(line) + 1
    return words, spaces


def export_spacy(out_dir: Path, target: Path) -> int:
    """Write the run in `out_dir` to `target` as a spaCy DocBin; return the number of documents."""
    require_spacy()
    import spacy
    from spacy.tokens import Doc, DocBin
    from spacy.util import filter_spans

    figures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in read_jsonl(out_dir / "metrics.jsonl"):
        figures[str(rec.get("doc_id"))].append(rec)
    entities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in read_jsonl(out_dir / "entities.jsonl"):
        entities[str(rec.get("doc_id"))].append(rec)

    nlp = spacy.blank("xx")  # multi-language vocab; tokens come from underthesea, not from spaCy
    bin_ = DocBin(store_user_data=True)
    n = 0
    for rec in read_jsonl(out_dir / "documents.jsonl"):
        text = rec.get("text")
        if not isinstance(text, str):
            raise SolieuError("E506", f"{out_dir / 'documents.jsonl'}: document {rec.get('doc_id')!r} has no text")
        words, spaces = _tokenize(text)
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        offset_map = _offset_map(text, doc.text)
        ents = []
        for e in entities.get(str(rec.get("doc_id")), []):
            span = _span(doc, offset_map, e.get("start"), e.get("end"), str(e.get("type")))
            if span is not None:
                ents.append(span)
        doc.ents = filter_spans(ents)
        doc.spans["figures"] = [
            s
            for m in figures.get(str(rec.get("doc_id")), [])
            if (s := _span(doc, offset_map, m.get("start"), m.get("end"), str(m.get("kind")))) is not None
        ]
        doc.user_data["doc_id"] = rec.get("doc_id")
        bin_.add(doc)
        n += 1
    with atomic_open(target, "wb") as handle:  # never half a DocBin
        handle.write(bin_.to_bytes())
    return n


def _offset_map(original: str, rebuilt: str) -> list[int]:
    """For each character of `original`, its offset in the Doc's text (which drops repeated spaces)."""
    out = [0] * (len(original) + 1)
    j = 0
    for i, ch in enumerate(original):
        while j < len(rebuilt) and rebuilt[j] != ch and ch.isspace() is False and rebuilt[j].isspace():
            j += 1
        out[i] = j
        if j < len(rebuilt) and rebuilt[j] == ch:
            j += 1
    out[len(original)] = j
    return out


def _span(doc: Any, offset_map: list[int], start: Any, end: Any, label: str) -> Any:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end < len(offset_map)):
        return None
    return doc.char_span(offset_map[start], offset_map[end], label=label, alignment_mode="expand")
