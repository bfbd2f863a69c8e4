"""A visitor in headless Chromium: home → search → report → original file, with screenshots.

Drives Debian's /usr/bin/chromium through /usr/bin/chromedriver (selenium); screenshots go to
tests/artifacts/ (ignored by git) for a person to look at.
"""
from __future__ import annotations

import shutil
import time
import urllib.parse
from pathlib import Path

import pytest
import yaml

from nianbao.publication.serve import METADATA
from test_publish import rows, site  # noqa: F401 — the archive served on loopback, a fixture

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    downloads = tmp_path_factory.mktemp("downloads")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1280,1000", "--lang=zh-CN",
                 f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        opts.add_argument(flag)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait_for(driver, css: str, timeout: float = 20):
    """Pages load after a click or a submit: wait for what the visitor looks for."""
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def wait_for_file(folder: Path, timeout: float = 20) -> Path:
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing downloaded into {folder}")


def test_home_search_report_original(browser, site):
    want = next(f for f in site["reports"].values() if any("垦利区" in t for t in f["text"]))

    browser.get(site["base"] + "/")
    assert "政府信息公开工作年度报告" in browser.title
    assert "4\n份报告" in browser.find_element(By.CSS_SELECTOR, ".nb-stats").text
    shot(browser, "1-home")

    box = browser.find_element(By.NAME, "q")
    box.send_keys("垦利区")
    box.submit()
    wait_for(browser, "table.rows-and-columns tbody tr")
    results = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
    assert len(results) == 1, browser.page_source[:2000]
    assert "【垦利" in results[0].text
    shot(browser, "2-search")

    results[0].find_element(By.LINK_TEXT, want["id"]).click()
    wait_for(browser, "table.nb-record")
    assert want["agency"] in browser.page_source
    shot(browser, "3-report")

    link = browser.find_element(By.CSS_SELECTOR, f'a[href="/-/original/{want["sha256"]}"]')
    for old in browser.downloads.iterdir():
        old.unlink()
    link.click()
    got = wait_for_file(browser.downloads)
    assert got.read_bytes() == want["content"]
    assert got.suffix == ".pdf"
    shutil.copy(got, ARTIFACTS / f"4-original{got.suffix}")

    browser.get(site["base"] + f"/nianbao/requests_table?report_id={want['id']}&_sort=line")
    assert "一、本年新收政府信息公开申请数量" in browser.page_source
    shot(browser, "5-table3")

    browser.get(site["base"] + "/-/dashboards/trends")
    wait_for(browser, "canvas, svg")  # vega draws after fetching the chart data
    time.sleep(1)
    shot(browser, "6-charts")


def test_search_box_of_the_sections_tables_opens_search_all(browser, site):
    """The search box of search_sections (and of sections), submitted as it stands, lists every
    matching section in search_all."""
    want = {rid for rid, f in site["reports"].items() if any("复议" in t for t in f["text"])}
    for table in ("search_sections", "sections"):
        browser.get(site["base"] + f"/nianbao/{table}")
        box = browser.find_element(By.NAME, "_search")
        box.send_keys("复议")
        box.submit()
        wait_for(browser, "table.rows-and-columns tbody tr")
        assert "/nianbao/search_all?" in browser.current_url, browser.current_url
        cells = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody td.col-report_id")
        assert {c.text for c in cells} == want
    shot(browser, "2b-search-all")


def test_script_in_a_report_shows_as_text(browser, site):
    f = next(f for f in site["reports"].values() if any("<script>" in t for t in f["text"]))
    browser.get(site["base"] + f"/nianbao/sections?report_id={f['id']}")
    assert "<script>alert('x')</script>" in browser.find_element(By.TAG_NAME, "table").text
    assert not browser.execute_script("return window.__alerted || false")
    shot(browser, "7-escaped")


def test_late_and_missing_reports_pages(browser, site):
    """A journalist's two questions, as pages: who published late, who did not publish."""
    browser.get(site["base"] + "/nianbao/late_reports?year=2021")
    table = wait_for(browser, "table.rows-and-columns")
    assert "甲市公安局" in table.text and "2022-01-31" in table.text and "43" in table.text
    shot(browser, "8-late-reports")
    browser.get(site["base"] + "/nianbao/missing_reports?year=2021&region=")
    table = wait_for(browser, "table.rows-and-columns")
    assert "丙区卫生健康委员会" in table.text and "乙县教育局" not in table.text
    shot(browser, "9-missing-reports")


def test_coverage_chart_for_a_chosen_region(browser, site):
    """The coverage dashboard: pick a region, and its agencies expected and with a report per
    year are drawn (vega-lite makes an SVG or a canvas once the chart's data has come)."""
    browser.get(site["base"] + "/-/dashboards/coverage?region=" + urllib.parse.quote("乙省"))
    wait_for(browser, "#chart-coverage svg, #chart-coverage canvas")
    wait_for(browser, "#chart-coverage_share svg, #chart-coverage_share canvas")
    chosen = browser.find_element(By.CSS_SELECTOR, "select[name=region] option[selected]")
    assert chosen.text.strip() == "乙省"
    shot(browser, "10-coverage-chart")
    # what it drew: 乙省 expects 乙县教育局 and 丙区卫生健康委员会 (named by their portal) every year
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    sql = meta["plugins"]["datasette-dashboards"]["coverage"]["charts"]["coverage"]["query"]
    got = rows(site, "/nianbao", sql=sql.replace("[[ AND region = :region ]]", "AND region = :region"),
               region="乙省")
    assert [(r["year"], r["expected"], r["with_report"]) for r in got] == [(2019, 2, 1), (2020, 2, 0), (2021, 2, 1)]


def test_region_totals_page_says_a_parent_is_not_the_sum(browser, site):
    browser.get(site["base"] + "/nianbao/region_totals")
    wait_for(browser, "table.rows-and-columns")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "上级政府自己的年报不是下级之和" in text and "is not the sum of its children" in text
