"""`solieu review`: the page marks every figure and entity, nests overlaps, never runs document text, and scales.

The page keeps each document's marked text in an inert `<script type="text/x-solieu-doc">` block (drawn when the
document is opened) and the documents, figures and entities in one JSON index the search and filters read; these
tests read both as the browser does, and the browser test (`test_review_browser.py`) checks them live.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main as cli_main
from pipeline.review.page import Span, build_review, render_marked
from schemas.models import DocumentFacts
from tests.run_builders import (
    DUC_PHO,
    DUC_PHO_TEXT,
    HOSTILE,
    HOSTILE_TEXT,
    XOA_NGHEO,
    document,
    duc_pho_figures,
    figure,
    many_documents_run,
    review_run,
    write_jsonl,
    write_run,
)


class Tags(HTMLParser):
    """Counts tags and checks that every closing tag closes the innermost open one."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.broken = False
        self.scripts: list[dict[str, str | None]] = []
        self.marks: list[dict[str, str | None]] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag in ("meta", "img", "br", "input"):
            return
        self.stack.append(tag)
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "mark":
            self.marks.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.broken = True


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def fragment(page: str, n: int) -> str:
    """The marked HTML of document n, as the page's script puts it in place when the document is opened."""
    found = re.search(rf'<script type="text/x-solieu-doc" id="b-{n}">(.*?)</script>', page, re.S)
    assert found is not None, f"no block for document {n}"
    return found.group(1)


def index(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="solieu-index">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def figure_of(idx: dict[str, Any], mark: dict[str, str | None]) -> dict[str, Any]:
    """The index entry a figure mark points to (data-f)."""
    i = int(mark["data-f"] or -1)
    figs = idx["figs"]
    row = {name: values[i] for name, values in figs.items() if values}
    row["kind"] = idx["kinds"][row["kind"]]
    row["qual"] = idx["quals"][row["qual"]] if row["qual"] >= 0 else None
    return row


def firsts(tags: Tags, kind: str) -> list[dict[str, str | None]]:
    return [m for m in tags.marks if kind in (m["class"] or "").split() and "cont" not in (m["class"] or "").split()]


def test_every_figure_and_entity_is_marked_once(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    tags = parse(page)
    assert not tags.broken and not tags.stack
    duc_pho = parse(fragment(page, 0))
    assert not duc_pho.broken and not duc_pho.stack
    assert len(firsts(duc_pho, "fig")) == len(duc_pho_figures())
    assert len(firsts(duc_pho, "ent")) == 2
    idx = index(page)
    money = [figure_of(idx, m) for m in firsts(duc_pho, "m-money")]
    assert {m["value"] for m in money} == {"3.400.000.000", "655.000.000"}
    assert {m["qual"] for m in money} == {"more_than"}
    assert idx["docs"][0][:5] == [DUC_PHO, "", "txt", len(duc_pho_figures()), 2]


def test_document_text_is_escaped(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    tags = parse(page)
    executable = [s for s in tags.scripts if s.get("type") in (None, "", "text/javascript")]
    assert len(executable) == 1  # ours, at the end; the rest are data blocks the browser never runs
    assert not tags.handlers  # no onerror=, onclick=… anywhere
    assert "<script>document.title" not in page and "<img src=x" not in page and "<b>without" not in page
    hostile = fragment(page, 2)
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in hostile
    text_div = hostile.split('<div class="text" lang="vi">', 1)[1].rsplit("</div>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", text_div)) == HOSTILE_TEXT
    assert index(page)["docs"][3][5] == [["E203", "pdf_no_text_layer", "scanned pages <b>without</b> text"]]


def test_markup_in_ids_and_titles_cannot_end_a_block(tmp_path: Path) -> None:
    """A doc_id (folders may be named `x<` and `script>`) or a title holding `</script>` stays data."""
    doc_id = "x</script><script>document.title='pwned'</script>/a.txt"
    record = document(doc_id, HOSTILE_TEXT).model_copy(update={"facts": DocumentFacts(title="</script><img src=x>")})
    out = write_run(tmp_path / "out", [record], [figure(doc_id, HOSTILE_TEXT, "12 hộ", "count", 12, "hộ")])
    page = build_review(out)
    assert page.lower().count("</script") == page.lower().count("<script")  # every block ends where it should
    idx = index(page)
    assert idx["docs"][0][0] == doc_id and idx["docs"][0][1] == "</script><img src=x>"
    assert "&lt;/script&gt;&lt;img src=x&gt;" in fragment(page, 0)


def test_content_security_policy_allows_only_the_pages_own_script_and_style(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    policy = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)[1])
    rules = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert rules["default-src"] == "'none'" and rules["img-src"] == "'none'" and rules["base-uri"] == "'none'"
    code = re.findall(r"<script>(.*?)</script>", page, re.S)
    style = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(code) == 1 and len(style) == 1

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert rules["script-src"] == sha(code[0]) and rules["style-src"] == sha(style[0])
    assert page.index("Content-Security-Policy") < page.index("<style>")  # in force before anything else


def test_labels_are_vietnamese(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    for words in (
        "Xem lại kết quả trích xuất",
        "4 tài liệu · 17 số liệu · 2 thực thể · 1 có lỗi",
        ">Tìm <",
        ">Loại <",
        ">Chỉ tiêu <",
        ">Đơn vị tính <",
        ">Mức <",
        "chỉ tài liệu có lỗi",
        "‹ Trước",
        "Sau ›",
        "Tổng hợp (1 dòng)",
        '<mark class="fig m-money">tiền</mark>',
        '<mark class="ent e-PER">người</mark>',
    ):
        assert words in page, words
    idx = index(page)
    assert idx["kind_labels"][idx["kinds"].index("count")] == "số lượng"
    assert idx["qual_labels"][idx["quals"].index("more_than")] == "hơn"


def test_summary_links_point_at_marks(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    idx = index(page)
    [row] = idx["summary"]
    assert row[:9] == [
        "Tiền hỗ trợ",
        "support_money",
        "thị xã Đức Phổ",
        "2021",
        "4.055.000.000",
        "VND",
        "ít nhất (≥)",
        "2",
        "1",
    ]
    figs = idx["figs"]
    marks = parse(fragment(page, 0)).marks
    for n, start, end in row[9]:
        [i] = [
            i for i in range(len(figs["doc"])) if (figs["doc"][i], figs["start"][i], figs["end"][i]) == (n, start, end)
        ]
        assert any(m.get("data-f") == str(i) for m in marks)
    assert len(row[9]) == 2


def test_failed_documents_are_listed_and_no_document_is_drawn_before_it_is_opened(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    docs = index(page)["docs"]
    assert [d[0] for d in docs] == [DUC_PHO, XOA_NGHEO, HOSTILE, "050_bao-cao-scan.pdf"]
    assert docs[3][5][0][:2] == ["E203", "pdf_no_text_layer"]
    assert "E203" in fragment(page, 3) and "Không có văn bản" in fragment(page, 3)
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    assert '<mark class="fig' not in body  # every text waits in its block


def test_against_marks_added_changed_removed(tmp_path: Path) -> None:
    new = review_run(tmp_path)
    old_figures = [m for m in duc_pho_figures() if m.text != "35 hội nghị"]  # 35 hội nghị is new
    old_figures = [
        m.model_copy(update={"value": 3_000_000_000}) if m.text == "hơn 3,4 tỷ đồng" else m for m in old_figures
    ]
    old_figures.append(figure(DUC_PHO, DUC_PHO_TEXT, "năm 2021", "date", "2021"))  # since removed
    old = write_run(tmp_path / "old", [document(DUC_PHO, DUC_PHO_TEXT)], old_figures)
    page = build_review(new, against=old)
    idx = index(page)
    section = parse(fragment(page, 0))
    [added] = [figure_of(idx, m) for m in section.marks if {"fig", "added"} <= set((m["class"] or "").split())]
    assert added["value"] == "35" and idx["status_labels"][added["status"]] == "mới thêm"
    [changed] = [figure_of(idx, m) for m in section.marks if "changed" in (m["class"] or "").split()]
    assert changed["note"] == "trước đây: value 3000000000"
    assert '<mark class="ghost removed" title="đã bỏ: ngày tháng 2021">năm 2021</mark>' in fragment(page, 0)
    assert idx["docs"][0][6] == {"added": 3, "removed": 1, "changed": 1}  # 35 hội nghị and two people
    assert not section.broken


def test_gold_marks_missed_and_spurious(tmp_path: Path) -> None:
    out = review_run(tmp_path)
    gold = tmp_path / "gold.jsonl"
    write_jsonl(
        gold,
        [
            {
                "doc_id": DUC_PHO,
                "metrics": [
                    {
                        "kind": "count",
                        "value": 10,
                        "unit": "đoàn",
                        "qualifier": "exact",
                        "text": "10 đoàn kiểm tra, giám sát",
                    },
                    {"kind": "count", "value": 2021, "unit": "năm", "qualifier": "exact", "text": "năm 2021"},
                ],
            }
        ],
    )
    page = build_review(out, gold=gold)
    section = fragment(page, 0)
    assert '<mark class="ghost missed" title="bỏ sót (gold): số lượng 2.021 năm chính xác">năm 2021</mark>' in section
    spurious = re.findall(r'<mark class="fig m-[a-z_]+ spurious"', section)
    assert len(spurious) == len(duc_pho_figures()) - 1  # all but '10 đoàn' are not in this gold
    assert index(page)["docs"][0][6] == {"missed": 1, "spurious": len(duc_pho_figures()) - 1}


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        pytest.param(
            [(25, 34, "a"), (25, 60, "b")],
            '<mark class="b"><mark class="a">',
            id="000_duc-pho: a date inside a longer doc_ref nests",
        ),
        pytest.param([(0, 10, "a"), (5, 20, "b")], '<mark class="b cont">', id="crossing spans split, not broken"),
        pytest.param([(7, 7, "a")], '<mark class="a"></mark>', id="empty span"),
        pytest.param([(0, 9999, "a")], "", id="span past the end is dropped"),
    ],
)
def test_render_marked_nests(spans: list[tuple[int, int, str]], expected: str) -> None:
    text = DUC_PHO_TEXT[:100]
    out = render_marked(text, [Span(a, b, [c], order=i) for i, (a, b, c) in enumerate(spans)])
    assert expected in out
    assert not parse(out).broken
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


@settings(max_examples=80, deadline=None)
@given(
    st.text(alphabet="ab <>&\"'\n", max_size=40).flatmap(
        lambda t: st.tuples(st.just(t), st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t))), max_size=8))
    )
)
def test_render_marked_keeps_text_and_balance(case: tuple[str, list[tuple[int, int]]]) -> None:
    """Any spans, any text: the text survives exactly, tags balance, each span starts exactly once."""
    text, pairs = case
    spans = [Span(min(a, b), max(a, b), ["s"], {"data-i": str(i)}, order=i) for i, (a, b) in enumerate(pairs)]
    out = render_marked(text, spans)
    tags = parse(out)
    assert not tags.broken and not tags.stack
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert "</script" not in out.lower()  # escaped text can never end the block it is kept in
    firsts_ = [m["data-i"] for m in tags.marks if m["class"] == "s"]
    assert sorted(firsts_, key=int) == [str(i) for i in range(len(spans))]


def run_cli(*argv: str) -> int:
    """The command as `solieu` runs it: its exit code, its one-line errors."""
    return cli_main(list(argv))


def test_cli_writes_page_into_the_run_folder_and_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = review_run(tmp_path)
    assert run_cli("review", str(out)) == 0
    assert (out / "review.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    page = tmp_path / "elsewhere.html"
    assert run_cli("review", str(out), "--html", str(page)) == 0 and page.is_file()
    assert run_cli("review", str(tmp_path / "nowhere"), "--html", str(page)) == 2
    assert "E503" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run_cli("review", str(out), "--against", str(out), "--gold", "g.jsonl")


def test_people_gold_marks_missed_person(tmp_path: Path) -> None:
    out = review_run(tmp_path)
    gold = tmp_path / "people.jsonl"
    write_jsonl(
        gold,
        [
            {"doc_id": DUC_PHO, "people": [{"name": "Bùi Văn Lý", "titles": ["Phó Bí thư Thường trực Thị ủy"]}]},
            {"doc_id": XOA_NGHEO, "people": [{"name": "Võ Văn Sáu", "titles": ["Trưởng Ban Dân vận"]}]},
        ],
    )
    page = build_review(out, gold=gold)
    duc_pho, xoa_ngheo = fragment(page, 0), fragment(page, 1)
    # the doc_ref issuer wrongly typed PER is spurious; Bùi Văn Lý is not
    assert len(re.findall(r'<mark class="ent e-PER spurious"', duc_pho)) == 1
    assert '<mark class="ent e-PER" data-e="0">Bùi Văn Lý</mark>' in duc_pho
    assert 'người Võ Văn Sáu «Võ Văn Sáu» <span class="muted">(không thấy trong văn bản)</span>' in xoa_ngheo


def test_a_big_run_keeps_the_page_lean(tmp_path: Path) -> None:
    """400 documents: each text is kept once, the index stays compact, nothing is drawn before it is opened."""
    out = many_documents_run(tmp_path / "out", 400)
    page = build_review(out)
    text_bytes = sum(
        len(json.loads(line)["text"].encode())
        for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    )
    idx = index(page)
    assert len(idx["docs"]) == 400 and sum(1 for d in idx["docs"] if d[5]) == 8
    assert len(page.encode()) < 3 * text_bytes  # marks and index cost less than twice the text itself
    assert "status" in idx["figs"] and idx["figs"]["status"] == []  # no comparison: no status column
