"""The review page in a real headless browser (Debian chromium + chromedriver,
driven by selenium): it opens without console errors, lists the seed
documents, filters by language, stage and failure, searches, never runs a
script from a document, and leaves a screenshot.

Skips when chromium, chromedriver or selenium is missing, unless
ARTNORM_REQUIRE_DEBIAN is set (CI), where it fails instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

REPO = Path(__file__).resolve().parent.parent
HOSTILE = """A hostile article for the review page

The report must show this article's markup as text. <script>window.__pwned = 1</script> Nothing in it may run.

An image tag follows, <img src=x onerror="window.__pwned = 2"> and it must stay text, as must "quotes" & ampersands.

The word quixotryvane appears in this article only, so that searching for it finds exactly one document.
"""


def _require_browser() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        selenium_ok = False
    else:
        selenium_ok = True
    missing = [name for name, ok in (("chromium", chromium), ("chromedriver", driver), ("selenium", selenium_ok))
               if not ok]
    if missing:
        message = (f"browser test needs {', '.join(missing)} "
                   "(apt-get install chromium chromium-driver; pip install selenium)")
        if os.environ.get("ARTNORM_REQUIRE_DEBIAN"):
            pytest.fail(message)
        pytest.skip(message)
    return chromium, driver


@pytest.fixture(scope="module")
def browser():
    chromium, chromedriver = _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="artnorm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1400,1800"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory) -> Path:
    """The real pipeline over the seeds, plus a hostile article and an empty
    file (which fails at ingest)."""
    root = tmp_path_factory.mktemp("report-browser")
    shutil.copytree(REPO / "seeds", root / "seeds")
    (root / "seeds" / "zz_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (root / "seeds" / "zz_empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["run", "-c", str(REPO / "config" / "default.yaml"), "--input",
                                       str(root / "seeds"), "--output", str(root / "out"), "--run-name", "seeds",
                                       "-q"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return root / "out" / "seeds"


def _open(driver, page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what an earlier page logged
    driver.get(page.as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _console_errors(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _visible_rows(driver) -> list:
    rows = driver.find_elements("css selector", "#doc-list tbody tr[data-doc]")
    return [row for row in rows if row.is_displayed()]


def _wait_rows(driver, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: condition(_visible_rows(d)))
    return _visible_rows(driver)


def _choose(driver, name: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("css selector", f'select[data-filter="{name}"]')).select_by_value(value)


def _screenshot(driver, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    artifacts = os.environ.get("ARTNORM_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artifacts) / name)
    return shot


@pytest.mark.slow
def test_report_page_in_a_real_browser(browser, seed_run, tmp_path):
    page = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", str(seed_run), "--out", str(page)]).exit_code == 0
    _open(browser, page)
    assert _console_errors(browser) == []
    assert browser.execute_script("return typeof window.__pwned") == "undefined"

    seeds = sorted(p.stem for p in (REPO / "seeds").iterdir())
    listed = [row.get_attribute("data-doc") for row in _visible_rows(browser)]
    for stem in seeds:
        assert any(doc_id.startswith(stem + "-") for doc_id in listed), f"{stem} not listed"
    total = len(listed)
    assert browser.find_element("id", "shown-count").text == f"{total} of {total} documents"

    _check_filters(browser, total)
    _check_expand(browser, total)
    _check_search_and_open(browser, seed_run)
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert _console_errors(browser) == []
    _screenshot(browser, tmp_path, "report-seeds.png")


def _check_filters(driver, total: int) -> None:
    _choose(driver, "lang", "nl")  # seed 003 is Dutch
    rows = _wait_rows(driver, lambda rows: 0 < len(rows) < total)
    assert {row.get_attribute("data-lang") for row in rows} == {"nl"}
    assert any(row.get_attribute("data-doc").startswith("003_") for row in rows)
    driver.find_element("id", "reset").click()
    _wait_rows(driver, lambda rows: len(rows) == total)

    changed = driver.find_elements("css selector", 'select[data-filter="changed"] option')
    stage = next(o.get_attribute("value") for o in changed if o.get_attribute("value") not in ("", "-none-"))
    _choose(driver, "changed", stage)
    rows = _wait_rows(driver, lambda rows: 0 < len(rows) <= total)
    assert all(stage in row.get_attribute("data-changed").split() for row in rows)
    driver.find_element("id", "reset").click()

    _choose(driver, "status", "failed")
    rows = _wait_rows(driver, lambda rows: len(rows) < total)
    assert all(row.get_attribute("data-status") == "failed" for row in rows)
    assert any(row.get_attribute("data-doc").startswith("zz_empty-") for row in rows)
    driver.find_element("id", "reset").click()
    _wait_rows(driver, lambda rows: len(rows) == total)


def _check_expand(driver, total: int) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    def opened(d):
        return d.execute_script("return document.querySelectorAll('section.doc > details[open]').length")

    driver.find_element("id", "expand-all").click()
    WebDriverWait(driver, 10).until(lambda d: opened(d) == total)
    # Opening a document draws the provenance records that start open (ingest's, language's).
    WebDriverWait(driver, 10).until(lambda d: d.find_elements("css selector", "details.raw[data-drawn] dl.tree"))
    driver.find_element("id", "collapse-all").click()
    WebDriverWait(driver, 10).until(lambda d: opened(d) == 0)


def _check_search_and_open(driver, seed_run: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    search = driver.find_element("id", "search")
    search.send_keys("quixotryvane")
    rows = _wait_rows(driver, lambda rows: len(rows) == 1)
    assert rows[0].get_attribute("data-doc").startswith("zz_hostile-")
    rows[0].find_element("css selector", "a").click()  # the list links to the document, which opens
    doc_id = rows[0].get_attribute("data-doc")
    section = driver.find_element("id", f"doc-{doc_id}")
    WebDriverWait(driver, 10).until(lambda d: section.find_element("css selector", "details").get_property("open"))
    final = section.find_element("css selector", "details.final")
    final.find_element("css selector", "summary").click()
    assert "<script>window.__pwned = 1</script>" in final.text  # shown as text, not run
    record = section.find_element("css selector", "details.raw")
    if not record.get_property("open"):
        record.find_element("css selector", "summary").click()
    WebDriverWait(driver, 10).until(lambda d: record.find_elements("css selector", "dl.tree, span.v-str"))


@pytest.mark.slow
def test_diff_page_in_a_real_browser(browser, seed_run, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(seed_run, other)
    changed = sorted((other / "docs").glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("the", "<b>THE</b>", 3), encoding="utf-8")
    page = tmp_path / "diff.html"
    result = CliRunner().invoke(main, ["diff", str(seed_run), str(other), "--html", str(page)])
    assert result.exit_code == 1, result.output
    _open(browser, page)
    assert _console_errors(browser) == []
    total = len(_visible_rows(browser))
    _choose(browser, "status", "changed")
    rows = _wait_rows(browser, lambda rows: len(rows) == 1)
    assert rows[0].get_attribute("data-doc") == changed.stem
    rows[0].find_element("css selector", "a").click()
    section = browser.find_element("id", f"doc-{changed.stem}")
    inserted = [el.text for el in section.find_elements("css selector", "pre.diff ins")]
    assert "<b>THE</b>" in inserted  # the markup a run produced is shown as text
    assert total > 1 and _console_errors(browser) == []
    _screenshot(browser, tmp_path, "report-diff.png")


@pytest.mark.parametrize("required", [False, True])
def test_a_missing_browser_skips_unless_debian_is_required(monkeypatch, required):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    if required:
        monkeypatch.setenv("ARTNORM_REQUIRE_DEBIAN", "1")
    else:
        monkeypatch.delenv("ARTNORM_REQUIRE_DEBIAN", raising=False)
    expected = pytest.fail.Exception if required else pytest.skip.Exception
    with pytest.raises(expected, match="chromium, chromedriver"):
        _require_browser()
