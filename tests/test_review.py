"""`solieu review`: the page marks every figure and entity, nests overlaps, and never runs document text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main as cli_main
from pipeline.review.page import Span, build_review, render_marked
from schemas import ErrorRecord, MentionRef, Summary, SummaryRow
from tests.run_builders import (
    DUC_PHO,
    DUC_PHO_TEXT,
    XOA_NGHEO,
    XOA_NGHEO_TEXT,
    document,
    duc_pho_figures,
    figure,
    person,
    write_jsonl,
    write_run,
    xoa_ngheo_figures,
)

HOSTILE = "099_hostile.txt"
HOSTILE_TEXT = ("Báo cáo <script>document.title='pwned'</script> có 12 hộ nghèo "
                "<img src=x onerror=\"document.title='img'\"> và 3 & 4 < 5 \" ' hộ.")


class Tags(HTMLParser):
    """Counts tags and checks that every closing tag closes the innermost open one."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.broken = False
        self.scripts = 0
        self.marks: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "img", "br", "input"):
            return
        self.stack.append(tag)
        self.scripts += tag == "script"
        if tag == "mark":
            self.marks.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.broken = True


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def review_run(tmp_path: Path) -> Path:
    summary = Summary(rows=[SummaryRow(
        metric="support_money", label="Tiền hỗ trợ", kind="money", unit="VND",
        reporting_unit="thị xã Đức Phổ", period="2021", total=4_055_000_000, bound="lower_bound",
        n_mentions=2, n_documents=1,
        mentions=[MentionRef(doc_id=m.doc_id, start=m.start, end=m.end, value=m.value, qualifier=m.qualifier)
                  for m in duc_pho_figures() if m.kind == "money"])])
    failure = ErrorRecord(doc_id="050_bao-cao-scan.pdf", source_path="corpus/050_bao-cao-scan.pdf",
                          code="E203", error="pdf_no_text_layer", message="scanned pages <b>without</b> text")
    hostile_figures = [figure(HOSTILE, HOSTILE_TEXT, "12 hộ", "count", 12, "hộ"),
                       figure(HOSTILE, HOSTILE_TEXT, "<script>document.title='pwned'</script>", "count", 1,
                              "x")]
    return write_run(
        tmp_path / "out",
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT),
         document(HOSTILE, HOSTILE_TEXT)],
        duc_pho_figures() + xoa_ngheo_figures() + hostile_figures,
        [person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy"]),
         # an entity overlapping a figure: the doc_ref's issuer
         person(DUC_PHO, DUC_PHO_TEXT, "120-KL/TW ngày 07/01/2016 của Bộ Chính trị")],
        [failure], summary)


def document_section(page: str, n: int) -> str:
    start = page.index(f'<details class="doc" id="doc-{n}"')
    end = page.find('<details class="doc"', start + 1)
    return page[start:end if end > 0 else len(page)]


def test_every_figure_and_entity_is_marked_once(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    tags = parse(page)
    assert not tags.broken and not tags.stack
    duc_pho = parse(document_section(page, 0))
    firsts = [m for m in duc_pho.marks if "cont" not in (m["class"] or "").split()]
    assert sum("fig" in (m["class"] or "").split() for m in firsts) == len(duc_pho_figures())
    assert sum("ent" in (m["class"] or "").split() for m in firsts) == 2
    money = [m for m in firsts if "m-money" in (m["class"] or "")]
    assert {m["data-value"] for m in money} == {"3400000000", "655000000"}
    assert any("more_than" in (m["title"] or "") for m in money)


def test_document_text_is_escaped(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    tags = parse(page)
    assert tags.scripts == 1  # ours, at the end
    assert "<script>document.title" not in page and "<img src=x" not in page and "<b>without" not in page
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    hostile = document_section(page, 2)
    plain = html.unescape(re.sub(r"<[^>]+>", "", hostile.split("class=\"text\"", 1)[1].split("</div>", 1)[0]))
    assert HOSTILE_TEXT in plain


def test_summary_links_point_at_marks(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    links = re.findall(r'<table class="summary">.*?</table>', page, re.S)[0]
    targets = re.findall(r'href="#([^"]+)"', links)
    assert len(targets) == 2
    for target in targets:
        assert re.search(rf'<mark class="fig m-money" id="{target}"', page)


def test_error_badge_and_collapsed_documents(tmp_path: Path) -> None:
    page = build_review(review_run(tmp_path))
    assert 'class="badge b-err"' in page and "E203 pdf_no_text_layer" in page
    assert page.count('<details class="doc"') == 4  # three read, one failed
    assert "<details class=\"doc\" id=\"doc-0\" data-doc=\"000_duc-pho-quy-che-dan-chu.txt\">" in page


def test_against_marks_added_changed_removed(tmp_path: Path) -> None:
    new = review_run(tmp_path)
    old_figures = [m for m in duc_pho_figures() if m.text != "35 hội nghị"]  # 35 hội nghị is new
    old_figures = [m.model_copy(update={"value": 3_000_000_000}) if m.text == "hơn 3,4 tỷ đồng" else m
                   for m in old_figures]
    old_figures.append(figure(DUC_PHO, DUC_PHO_TEXT, "năm 2021", "date", "2021"))  # since removed
    old = write_run(tmp_path / "old", [document(DUC_PHO, DUC_PHO_TEXT)], old_figures)
    section = document_section(build_review(new, against=old), 0)
    assert re.search(r'<mark class="fig m-count added"[^>]*data-value="35"', section)
    assert re.search(r'<mark class="fig m-money changed"[^>]*title="[^"]*was: value 3000000000', section)
    assert '<mark class="ghost removed" title="removed: date 2021">năm 2021</mark>' in section
    assert not parse(section).broken


def test_gold_marks_missed_and_spurious(tmp_path: Path) -> None:
    out = review_run(tmp_path)
    gold = tmp_path / "gold.jsonl"
    write_jsonl(gold, [{"doc_id": DUC_PHO, "metrics": [
        {"kind": "count", "value": 10, "unit": "đoàn", "qualifier": "exact",
         "text": "10 đoàn kiểm tra, giám sát"},
        {"kind": "count", "value": 2021, "unit": "năm", "qualifier": "exact", "text": "năm 2021"},
    ]}])
    page = build_review(out, gold=gold)
    section = document_section(page, 0)
    missed = '<mark class="ghost missed" title="missed (gold): count 2.021 năm exact">năm 2021</mark>'
    assert missed in section
    assert section.count("fig m-") - section.count("cont") > 0
    spurious = re.findall(r'<mark class="fig m-[a-z_]+ spurious"', section)
    assert len(spurious) == len(duc_pho_figures()) - 1  # all but '10 đoàn' are not in this gold
    assert "missed 1" in section


@pytest.mark.parametrize(("spans", "expected"), [
    pytest.param([(25, 34, "a"), (25, 60, "b")],
                 '<mark class="b"><mark class="a">', id="000_duc-pho: a date inside a longer doc_ref nests"),
    pytest.param([(0, 10, "a"), (5, 20, "b")], '<mark class="b cont">',
                 id="crossing spans split, not broken"),
    pytest.param([(7, 7, "a")], '<mark class="a"></mark>', id="empty span"),
    pytest.param([(0, 9999, "a")], "", id="span past the end is dropped"),
])
def test_render_marked_nests(spans: list[tuple[int, int, str]], expected: str) -> None:
    text = DUC_PHO_TEXT[:100]
    out = render_marked(text, [Span(a, b, [c], order=i) for i, (a, b, c) in enumerate(spans)])
    assert expected in out
    assert not parse(out).broken
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="ab <>&\"'\n", max_size=40).flatmap(lambda t: st.tuples(
    st.just(t), st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t))), max_size=8))))
def test_render_marked_keeps_text_and_balance(case: tuple[str, list[tuple[int, int]]]) -> None:
    """Any spans, any text: the text survives exactly, tags balance, each span starts exactly once."""
    text, pairs = case
    spans = [Span(min(a, b), max(a, b), ["s"], {"data-i": str(i)}, order=i) for i, (a, b) in enumerate(pairs)]
    out = render_marked(text, spans)
    tags = parse(out)
    assert not tags.broken and not tags.stack
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    firsts = [m["data-i"] for m in tags.marks if m["class"] == "s"]
    assert sorted(firsts, key=int) == [str(i) for i in range(len(spans))]


def run_cli(*argv: str) -> int:
    """The command as `solieu` runs it: its exit code, its one-line errors."""
    return cli_main(list(argv))


def test_cli_writes_page_and_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = review_run(tmp_path)
    page = tmp_path / "review.html"
    assert run_cli("review", str(out), "--html", str(page)) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run_cli("review", str(tmp_path / "nowhere"), "--html", str(page)) == 2
    assert "E503" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run_cli("review", str(out), "--against", str(out), "--gold", "g.jsonl")


def test_people_gold_marks_missed_person(tmp_path: Path) -> None:
    out = review_run(tmp_path)
    gold = tmp_path / "people.jsonl"
    write_jsonl(gold, [{"doc_id": DUC_PHO, "people": [
        {"name": "Bùi Văn Lý", "titles": ["Phó Bí thư Thường trực Thị ủy"]}]},
        {"doc_id": XOA_NGHEO, "people": [{"name": "Võ Văn Sáu", "titles": ["Trưởng Ban Dân vận"]}]}])
    page = build_review(out, gold=gold)
    duc_pho, xoa_ngheo = document_section(page, 0), document_section(page, 1)
    # the doc_ref issuer wrongly typed PER is spurious; Bùi Văn Lý is not
    assert len(re.findall(r'<mark class="ent e-PER spurious"', duc_pho)) == 1
    assert re.search(r'<mark class="ent e-PER" id="d0-e\d+-\d+" data-type="PER" title="PER Bùi Văn Lý',
                     duc_pho)
    assert "PER Võ Văn Sáu «Võ Văn Sáu» <span class=\"muted\">(text not found)</span>" in xoa_ngheo
