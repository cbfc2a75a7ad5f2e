"""The review page in a real headless Chromium: marks counted in the live DOM, injected script inert.

Chromium comes from Debian (`bash .ci/browser.sh`). Without it the test skips,
except in CI (`CI=true`), where a missing browser is a failure: CI must really
run it. The screenshot is kept in pytest's tmp_path and its path printed.
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
from tests.test_diff import DUC_PHO, duc_pho_figures
from tests.test_review import HOSTILE, review_run

pytestmark = pytest.mark.browser

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


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
        return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review")
    return write_review(review_run(root), root / "review.html")


def cls(name: str) -> str:
    """XPath test for an element carrying class `name` (lxml has no CSS selectors without cssselect)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


FIRST_MARKS = f".//div[{cls('text')}]//mark[{cls('fig')} and not({cls('cont')})]"


def live_dom(browser: str, url: str) -> lxml_html.HtmlElement:
    done = run_chromium(browser, "--virtual-time-budget=3000", "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return lxml_html.fromstring(done.stdout)


def test_marks_and_script_in_browser(page: Path) -> None:
    browser = chromium()
    dom = live_dom(browser, page.as_uri() + "#doc-0")
    # the injected <script> and <img onerror> in 099_hostile.txt would both have changed the title
    assert dom.findtext(".//title") == "solieu review"
    docs = {d.get("data-doc"): d for d in dom.xpath(f"//details[{cls('doc')}]")}
    assert len(docs[DUC_PHO].xpath(FIRST_MARKS)) == len(duc_pho_figures())
    assert len(docs[HOSTILE].xpath(FIRST_MARKS)) == 2
    assert not docs[HOSTILE].xpath(f".//div[{cls('text')}]//*[self::script or self::img]")
    [text] = docs[HOSTILE].xpath(f".//div[{cls('text')}]")
    assert "<script>document.title='pwned'</script>" in text.text_content()
    # our own script ran: the #doc-0 anchor opened that document, the others stay collapsed
    assert docs[DUC_PHO].get("open") is not None
    assert docs[HOSTILE].get("open") is None


def test_screenshot(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    shot = tmp_path / "review.png"
    done = run_chromium(browser, "--window-size=1280,1400", f"--screenshot={shot}", page.as_uri() + "#doc-0")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000
    print(f"review screenshot: {shot}")
