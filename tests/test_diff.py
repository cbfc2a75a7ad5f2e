"""`solieu diff`: two runs built from real corpus sentences, changed one way at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main as cli_main
from pipeline.review.diff import diff_runs, match_items, render_html, render_json, render_text
from schemas import ErrorRecord, Mention
from tests.run_builders import (
    DUC_PHO,
    DUC_PHO_TEXT,
    XOA_NGHEO,
    XOA_NGHEO_TEXT,
    base_run,
    document,
    duc_pho_figures,
    figure,
    person,
    write_run,
    xoa_ngheo_figures,
)


def run_cli(*argv: str) -> int:
    """The command as `solieu` runs it: its exit code, its one-line errors."""
    return cli_main(list(argv))


def test_equal_runs_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = base_run(tmp_path / "old"), base_run(tmp_path / "new")
    assert diff_runs(old, new).equal
    assert run_cli("diff", str(old), str(new)) == 0
    assert "runs are equal (2 documents)" in capsys.readouterr().out


def test_lines_in_another_order_are_still_equal(tmp_path: Path) -> None:
    old = base_run(tmp_path / "old")
    new = write_run(
        tmp_path / "new",
        [document(XOA_NGHEO, XOA_NGHEO_TEXT), document(DUC_PHO, DUC_PHO_TEXT)],
        list(reversed(duc_pho_figures() + xoa_ngheo_figures())),
        [person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy"])],
    )
    assert diff_runs(old, new).equal


def _replace(needle: str, **changes: object) -> Callable[[list[Mention]], list[Mention]]:
    def edit(ms: list[Mention]) -> list[Mention]:
        out = []
        for m in ms:
            if m.doc_id == DUC_PHO and m.text == needle:
                data = m.model_dump() | changes
                if "text" in changes:
                    at = DUC_PHO_TEXT.index(str(changes["text"]))
                    data |= {"start": at, "end": at + len(str(changes["text"]))}
                out.append(Mention(**data))
            else:
                out.append(m)
        return out

    return edit


def _drop(needle: str) -> Callable[[list[Mention]], list[Mention]]:
    return lambda ms: [m for m in ms if m.text != needle]


Edit = Callable[[list[Mention]], list[Mention]]


def _add(needle: str, kind: str, value: object, unit: str | None = None) -> Edit:
    return lambda ms: [*ms, figure(DUC_PHO, DUC_PHO_TEXT, needle, kind, value, unit)]


# (edit of the new run, added, removed, how the changed one was paired, fields that changed)
FIGURE_CHANGES = [
    pytest.param(
        _replace("hơn 3,4 tỷ đồng", value=3_500_000_000),
        0,
        0,
        "span",
        {"value"},
        id="000_duc-pho: hơn 3,4 tỷ đồng, value 3.4e9 → 3.5e9",
    ),
    pytest.param(
        _replace("hơn 3,4 tỷ đồng", qualifier="exact"),
        0,
        0,
        "span",
        {"qualifier"},
        id="000_duc-pho: hơn 3,4 tỷ đồng, qualifier more_than → exact",
    ),
    pytest.param(
        _replace("10 đơn vị", unit="đơn"), 0, 0, "span", {"unit"}, id="000_duc-pho: 10 đơn vị, unit đơn vị → đơn"
    ),
    pytest.param(
        _replace("04 lớp", kind="quantity"), 0, 0, "span", {"kind"}, id="000_duc-pho: 04 lớp, count → quantity"
    ),
    pytest.param(
        _replace("35 hội nghị", metric=None), 0, 0, "span", {"metric"}, id="000_duc-pho: 35 hội nghị lost its metric"
    ),
    pytest.param(
        _replace("hơn 3,4 tỷ đồng", text="3,4 tỷ đồng", qualifier="exact"),
        0,
        0,
        "overlap",
        {"text", "qualifier", "start"},
        id="000_duc-pho: 'hơn 3,4 tỷ đồng' shrank to '3,4 tỷ đồng'",
    ),
    pytest.param(_drop("trên 655 triệu đồng"), 0, 1, None, set(), id="000_duc-pho: trên 655 triệu đồng removed"),
    pytest.param(_add("năm 2021", "date", "2021"), 1, 0, None, set(), id="000_duc-pho: năm 2021 added"),
]


@pytest.mark.parametrize(("edit", "added", "removed", "how", "fields"), FIGURE_CHANGES)
def test_figure_changes(
    tmp_path: Path, edit: Edit, added: int, removed: int, how: str | None, fields: set[str]
) -> None:
    old = base_run(tmp_path / "old")
    new = write_run(
        tmp_path / "new",
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT)],
        edit(duc_pho_figures() + xoa_ngheo_figures()),
        [person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy"])],
    )
    diff = diff_runs(old, new)
    assert [d.doc_id for d in diff.documents] == [DUC_PHO]
    figures = diff.documents[0].figures
    assert (len(figures.added), len(figures.removed)) == (added, removed)
    assert [c.how for c in figures.changed] == ([how] if how else [])
    if how:
        assert set(figures.changed[0].fields) == fields
    assert figures.unchanged == len(duc_pho_figures()) - removed - (1 if how else 0)
    assert run_cli("diff", str(old), str(new)) == 1


def test_text_edit_moves_figures_without_changing_them(tmp_path: Path) -> None:
    """A heading put before the text shifts every offset: the figures moved, none was added or removed."""
    shifted = "Đức Phổ tổng kết quy chế dân chủ\n" + DUC_PHO_TEXT
    old = write_run(tmp_path / "old", [document(DUC_PHO, DUC_PHO_TEXT)], duc_pho_figures())
    new = write_run(tmp_path / "new", [document(DUC_PHO, shifted)], duc_pho_figures(shifted))
    d = diff_runs(old, new).documents[0]
    assert d.text_changed
    assert not d.figures.added and not d.figures.removed
    assert {c.how for c in d.figures.changed} == {"moved"}
    assert all(set(c.fields) == {"start", "end"} for c in d.figures.changed)


def test_entity_title_change(tmp_path: Path) -> None:
    old = base_run(tmp_path / "old")
    new = write_run(
        tmp_path / "new",
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT)],
        duc_pho_figures() + xoa_ngheo_figures(),
        [person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy", "Trưởng Ban Chỉ đạo thị xã"])],
    )
    [d] = diff_runs(old, new).documents
    [change] = d.entities.changed
    assert change.how == "span" and set(change.fields) == {"titles"}


def test_documents_appear_disappear_and_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write_run(
        tmp_path / "old",
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT)],
        duc_pho_figures() + xoa_ngheo_figures(),
    )
    failure = ErrorRecord(
        doc_id=XOA_NGHEO,
        source_path=f"corpus/{XOA_NGHEO}",
        code="E203",
        error="pdf_no_text_layer",
        message="no text layer",
    )
    new_doc = "069_bao-cao-moi.txt"
    new = write_run(
        tmp_path / "new",
        [document(DUC_PHO, DUC_PHO_TEXT), document(new_doc, XOA_NGHEO_TEXT)],
        duc_pho_figures(),
        errors=[failure],
    )
    diff = diff_runs(old, new)
    by_id = {d.doc_id: d for d in diff.documents}
    assert by_id[XOA_NGHEO].now_fails and by_id[XOA_NGHEO].new_error == "E203 pdf_no_text_layer"
    assert len(by_id[XOA_NGHEO].figures.removed) == len(xoa_ngheo_figures())
    assert by_id[new_doc].status == "appeared"
    assert DUC_PHO not in by_id
    counts = diff.counts()
    assert (counts["appeared"], counts["now_fail"], counts["disappeared"]) == (1, 1, 0)
    back = diff_runs(new, old)
    assert {d.doc_id: d.status for d in back.documents}[new_doc] == "disappeared"
    assert back.counts()["now_read"] == 1
    assert run_cli("diff", str(old), str(new)) == 1
    text = capsys.readouterr().out
    assert "now fails: E203 pdf_no_text_layer" in text and "\033[" not in text  # no colour off a terminal


def test_json_and_html_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = base_run(tmp_path / "old")
    hostile = DUC_PHO_TEXT.replace("Covid-19", "<script>document.title='pwned'</script>")
    figures = [
        *duc_pho_figures(hostile),
        figure(DUC_PHO, hostile, "<script>document.title='pwned'</script>", "count", 1, "script"),
    ]
    new = write_run(
        tmp_path / "new",
        [document(DUC_PHO, hostile), document(XOA_NGHEO, XOA_NGHEO_TEXT)],
        figures + xoa_ngheo_figures(),
    )
    page = tmp_path / "diff.html"
    assert run_cli("diff", str(old), str(new), "--json", "--html", str(page)) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["equal"] is False and payload["counts"]["figures_added"] == 1
    assert payload["documents"][0]["figures"]["added"][0]["unit"] == "script"
    html_text = page.read_text(encoding="utf-8")
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    assert render_json(diff_runs(old, new)) == render_json(diff_runs(old, new))  # deterministic


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: p / "missing", "is not a folder", id="missing folder"),
        pytest.param(lambda p: (p / "empty").mkdir() or p / "empty", "not a solieu output folder", id="empty folder"),
    ],
)
def test_bad_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path], message: str
) -> None:
    good = base_run(tmp_path / "good")
    assert run_cli("diff", str(good), str(make(tmp_path))) == 2
    err = capsys.readouterr().err
    assert "E503" in err and message in err


def test_terminal_view_is_compact(tmp_path: Path) -> None:
    old = base_run(tmp_path / "old")
    new = write_run(
        tmp_path / "new",
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT)],
        _replace("hơn 3,4 tỷ đồng", value=3_500_000_000)(duc_pho_figures() + xoa_ngheo_figures()),
        [person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy"])],
    )
    diff = diff_runs(old, new)
    plain = render_text(diff)
    assert plain.splitlines()[1] == f"== {DUC_PHO}"
    assert "value 3400000000 → 3500000000" in plain
    assert "\033[33m" in render_text(diff, color=True)
    assert "<table>" in render_html(diff)


POOL = [m.model_dump() for m in duc_pho_figures() + xoa_ngheo_figures()]


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(0, len(POOL) - 1)), st.sets(st.integers(0, len(POOL) - 1)))
def test_matching_accounts_for_every_record(old_pick: set[int], new_pick: set[int]) -> None:
    """Every record is unchanged, changed, added or removed exactly once, and swapping runs mirrors it."""
    old = [POOL[i] for i in sorted(old_pick)]
    new = [POOL[i] for i in sorted(new_pick)]
    fwd = match_items(old, new, "kind", ("kind", "value", "unit", "qualifier", "text"), lambda r: r["kind"])
    back = match_items(new, old, "kind", ("kind", "value", "unit", "qualifier", "text"), lambda r: r["kind"])
    assert fwd.unchanged + len(fwd.changed) + len(fwd.removed) == len(old)
    assert fwd.unchanged + len(fwd.changed) + len(fwd.added) == len(new)
    assert fwd.unchanged == len(old_pick & new_pick)
    assert (len(back.added), len(back.removed)) == (len(fwd.removed), len(fwd.added))
