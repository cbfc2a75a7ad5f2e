"""The review page in a real headless Chromium: marks in the live DOM, injected script inert, search that scales.

Chromium comes from Debian (`bash .ci/browser.sh`). Without it the test skips,
except in CI (`CI=true`), where a missing browser is a failure: CI must really
run it. Screenshots are kept in pytest's tmp_path and their paths printed, with
the 2,000-document page's size and time to first render (`pytest -s` shows them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline.review.page import write_review
from tests.run_builders import DUC_PHO, DUC_PHO_TEXT, HOSTILE, duc_pho_figures, many_documents_run, review_run

pytestmark = pytest.mark.browser

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
TITLE = "solieu · xem lại kết quả"


def chromium() -> str:
    """Path of the browser; skip (or fail in CI) when it is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI=true but chromium is not installed: run `bash .ci/browser.sh` before pytest")
        pytest.skip("chromium is not installed (bash .ci/browser.sh)")
    return found


def run_chromium(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="solieu-chromium-") as profile:
        return subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review")
    return write_review(review_run(root))


@pytest.fixture(scope="module")
def big_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review page of a generated 2,000-document run (one in 50 failed)."""
    root = tmp_path_factory.mktemp("review-2000")
    return write_review(many_documents_run(root / "out", 2000))


def cls(name: str) -> str:
    """XPath test for an element carrying class `name` (lxml has no CSS selectors without cssselect)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


FIRST_MARKS = f".//div[{cls('text')}]//mark[{cls('fig')} and not({cls('cont')})]"


def live_dom(browser: str, url: str) -> lxml_html.HtmlElement:
    done = run_chromium(browser, "--virtual-time-budget=5000", "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return lxml_html.fromstring(done.stdout)


def opened(dom: lxml_html.HtmlElement) -> dict[str, lxml_html.HtmlElement]:
    return {d.get("data-doc"): d for d in dom.xpath(f"//details[{cls('doc')}]")}


def test_marks_and_script_in_browser(page: Path) -> None:
    browser = chromium()
    dom = live_dom(browser, page.as_uri() + "#doc-0")
    assert dom.findtext(".//title") == TITLE
    docs = opened(dom)
    assert list(docs) == [DUC_PHO]  # the #doc-0 anchor opened that document; the others wait in their blocks
    assert len(docs[DUC_PHO].xpath(FIRST_MARKS)) == len(duc_pho_figures())
    marks = docs[DUC_PHO].xpath(f".//mark[{cls('m-money')}]")
    assert any("hơn" in (m.get("title") or "") for m in marks)  # the script titled each mark from the index
    # the injected <script> and <img onerror> of 099_hostile.txt would both have changed the title
    dom = live_dom(browser, page.as_uri() + "#doc-2")
    assert dom.findtext(".//title") == TITLE
    hostile = opened(dom)[HOSTILE]
    assert len(hostile.xpath(FIRST_MARKS)) == 2
    assert not hostile.xpath(f".//div[{cls('text')}]//*[self::script or self::img]")
    [text] = hostile.xpath(f".//div[{cls('text')}]")
    assert "<script>document.title='pwned'</script>" in text.text_content()


def test_content_security_policy_refuses_an_injected_script(page: Path, tmp_path: Path) -> None:
    """Were escaping ever to fail, the policy still stops the script: the browser refuses it, ours runs."""
    browser = chromium()
    injected = tmp_path / "injected.html"
    source = page.read_text(encoding="utf-8")
    injected.write_text(
        source.replace(
            "</main>", "<script>document.title='pwned'</script><img src=x onerror=\"document.title='img'\"></main>", 1
        ),
        encoding="utf-8",
    )
    dom = live_dom(browser, injected.as_uri())
    assert dom.findtext(".//title") == TITLE
    assert dom.xpath("//body/@data-first-render-ms")  # the page's own script did run


def test_search_and_filters_on_a_2000_document_run(big_page: Path, tmp_path: Path) -> None:
    """1,000 seed copies (9 figures, 2 of them money, Bùi Văn Lý), 960 poverty articles (6 figures), 40 failures."""
    browser = chromium()
    size_mb = big_page.stat().st_size / 1e6
    cases = {  # URL query → the count line the page shows, the rows of its first page
        "": ("2.000 tài liệu, 14.760 số liệu", 50),
        "?q=bao-cao-00777": ("1 tài liệu, 6 số liệu khớp", 1),
        "?kind=money&view=figures": ("1.000 tài liệu, 2.000 số liệu khớp", 50),
        "?q=bui van ly&qualifier=hơn": ("1.000 tài liệu, 2.000 số liệu khớp", 50),  # typed without tone marks
        "?errors=1": ("40 tài liệu, 0 số liệu khớp", 40),
    }
    renders = []
    for query, (expected, rows) in cases.items():
        dom = live_dom(browser, big_page.as_uri() + query)
        assert dom.findtext(".//*[@id='count']") == expected, query
        listed = dom.xpath("//div[@id='list']//tr[td]")
        assert len(listed) == rows, query
        renders.append(int(dom.xpath("//body/@data-first-render-ms")[0]))
        if query == "?kind=money&view=figures":
            assert dom.findtext(".//*[@id='pageinfo']") == "Trang 1/40"
            cells = [td.text_content() for td in listed[0].xpath("td")]
            assert cells[:6] == ["000/bao-cao-00000.txt", "hơn 3,4 tỷ đồng", "tiền", "3.400.000.000", "VND", "hơn"]
    shot = tmp_path / "review-2000-search.png"
    done = run_chromium(
        browser, "--window-size=1280,1400", f"--screenshot={shot}", big_page.as_uri() + "?q=3,4 tỷ&view=figures"
    )
    assert done.returncode == 0 and shot.is_file() and shot.stat().st_size > 10_000
    print(
        f"\nreview page of 2,000 documents: {size_mb:.1f} MB, first render {min(renders)}–{max(renders)} ms "
        f"(median {sorted(renders)[len(renders) // 2]} ms over {len(renders)} loads); screenshot {shot}"
    )


def test_a_link_to_a_figure_opens_its_document_and_marks_it(big_page: Path) -> None:
    """`#dN-START-END`, as the figures list and the summary link: document 1,776 of the folder is shown 1,741st
    (35 failed before it), its `hơn 3,4 tỷ đồng` marked as the target."""
    browser = chromium()
    start = DUC_PHO_TEXT.index("hơn 3,4 tỷ đồng")
    dom = live_dom(browser, big_page.as_uri() + f"#d1741-{start}-{start + len('hơn 3,4 tỷ đồng')}")
    [doc] = opened(dom).values()
    assert doc.get("data-doc") == "003/bao-cao-01776.txt"
    [target] = doc.xpath(f".//mark[{cls('target')}]")
    assert target.text_content() == "hơn 3,4 tỷ đồng" and "m-money" in target.get("class")


def test_screenshot(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    shot = tmp_path / "review.png"
    done = run_chromium(browser, "--window-size=1280,1400", f"--screenshot={shot}", page.as_uri() + "#doc-0")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000
    print(f"review screenshot: {shot}")


def test_a_documents_tables_show_as_grids_linked_to_their_figures(tmp_path: Path) -> None:
    """A report's table is drawn as a grid under its text; a figure in a cell links to its mark in the text."""
    from pipeline.cli import main as cli_main
    from tests.test_exports import TABLE_REPORT

    browser = chromium()
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "bao-cao-giam-ngheo.txt").write_text(TABLE_REPORT, encoding="utf-8")
    out = tmp_path / "out"
    assert cli_main(["run", str(docs), "--out", str(out), "--workers", "1", "-q"]) == 0
    page = write_review(out)
    dom = live_dom(browser, page.as_uri() + "#doc-0")
    [doc] = opened(dom).values()
    [grid] = doc.xpath(".//table[@data-table='0']")
    headers = [((th.text or "").strip(), th.findtext(".//small") or "") for th in grid.xpath(".//thead//th")]
    assert headers[:2] == [("STT", "STT"), ("Chỉ tiêu", "chỉ tiêu")]  # the column's role, in Vietnamese
    assert [h for h, _ in headers[2:]] == ["Năm 2022", "Năm 2023"]
    links = {a.text_content(): a.get("href") for a in grid.xpath(".//a")}
    start = TABLE_REPORT.index("10.689")
    assert links["10.689"] == f"#d0-{start}-{start + len('10.689')}"
    dom = live_dom(browser, page.as_uri() + links["10.689"])
    [target] = dom.xpath(f".//div[{cls('text')}]//mark[{cls('target')}]")
    assert target.text_content() == "10.689"
    shot = tmp_path / "review-table.png"
    done = run_chromium(browser, "--window-size=1280,1000", f"--screenshot={shot}", page.as_uri() + "#doc-0")
    assert done.returncode == 0 and shot.is_file()
    print(f"review page with a table grid: {shot}")
