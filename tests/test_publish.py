"""The published archive, checked over HTTP against a real Datasette (`nianbao serve`) on loopback.

The fixture archive is a handful of hand-made reports with known numbers, written with the
project's own writer (extract.rows.save); each test asks what a visitor would ask.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from nianbao.store import crossyear
from extract.model import CellValue, Check, Report, Section
from extract.rows import save as save_reports
from nianbao.publication import views
from nianbao.store.schema import connect

ROOT = Path(__file__).resolve().parent.parent
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]

# agency, region, year, template, table 3 {row: per-column numbers (total = sum)}, table 4, text
FIXTURES = [
    dict(agency="甲市公安局", region="甲省", year=2020, template="2021",
         t3={"new": [10, 2, 0, 0, 1, 1], "carried_in": [1, 0, 0, 0, 0, 0],
             "granted": [5, 1, 0, 0, 0, 0], "partial": [1, 0, 0, 0, 0, 0],
             "denied_law": [1, 0, 0, 0, 0, 0], "denied_process": [2, 1, 0, 0, 0, 0],
             "unable_not_held": [1, 0, 0, 0, 1, 0], "rejected_petition": [0, 0, 0, 0, 0, 1],
             "handled_total": [10, 2, 0, 0, 1, 1], "carried_out": [1, 0, 0, 0, 0, 0]},
         t4={"review": [2, 1, 0, 0], "suit_direct": [1, 1, 0, 1], "suit_after_review": [0, 0, 0, 1]},
         text=["本机关依法公开政府信息，主动公开文件 120 件。", "申请行政复议 3 件，结果纠正 1 件。"]),
    dict(agency="甲市公安局", region="甲省", year=2021, template="2021",
         t3={"new": [20, 5, 0, 0, 0, 0], "carried_in": [3, 0, 0, 0, 0, 0],
             "granted": [15, 3, 0, 0, 0, 0], "partial": [2, 0, 0, 0, 0, 0],
             "denied_state_secret": [1, 0, 0, 0, 0, 0], "denied_process": [3, 1, 0, 0, 0, 0],
             "handled_total": [21, 4, 0, 0, 0, 0], "carried_out": [2, 1, 0, 0, 0, 0]},
         t4={"review": [1, 0, 0, 0], "suit_direct": [0, 0, 0, 0], "suit_after_review": [0, 0, 0, 0]},
         text=["全年政府信息公开工作稳步推进。", "<script>alert('x')</script>未发生行政诉讼。"],
         failed="requests.balance", published="2022-03-15", region_code="110101"),
    dict(agency="乙县教育局", region="乙省", year=2021, template="2021",
         t3={"new": [4, 0, 0, 0, 0, 0], "carried_in": [0, 0, 0, 0, 0, 0],
             "granted": [2, 0, 0, 0, 0, 0], "denied_third_party": [1, 0, 0, 0, 0, 0],
             "other_other": [1, 0, 0, 0, 0, 0],
             "handled_total": [4, 0, 0, 0, 0, 0], "carried_out": [0, 0, 0, 0, 0, 0]},
         t4={"review": [0, 2, 1, 0], "suit_direct": [0, 0, 0, 0], "suit_after_review": [0, 0, 0, 0]},
         text=["我县在垦利区召开现场会，推进政务公开标准化。"], published="2022-01-20", region_code="110102"),
    dict(agency="丙区卫生健康委员会", region="乙省", year=2019, template="2019",
         t3={"new": [7, 0, 0, 0, 0, 0], "carried_in": [0, 0, 0, 0, 0, 0],
             "granted": [6, 0, 0, 0, 0, 0], "other": [1, 0, 0, 0, 0, 0],
             "handled_total": [7, 0, 0, 0, 0, 0], "carried_out": [0, 0, 0, 0, 0, 0]},
         t4={"review": [0, 0, 0, 0], "suit_direct": [0, 0, 0, 0], "suit_after_review": [0, 0, 0, 0]},
         text=["本年度未收到行政复议申请。"], prose=17),
    # the same report again, as the article page: fewer numbers read, so it is the duplicate
    dict(agency="甲市公安局", region="甲省", year=2021, template="2021", dup=True, t3={},
         t4={"review": [1, 0, 0, 0], "suit_direct": [0, 0, 0, 0], "suit_after_review": [0, 0, 0, 0]},
         text=["未发生行政诉讼。"]),
]


def tot(values: list[float] | None) -> float | None:
    return None if values is None else float(sum(values))


def fixture_report(f: dict, content: bytes) -> Report:
    sha = hashlib.sha256(content).hexdigest()
    cells = []
    for row, vals in f["t3"].items():
        for col, v in zip(COLS + ["total"], vals + [tot(vals)]):
            cells.append(CellValue("requests", row, col, float(v), str(v), "fixture"))
    for row, vals in f["t4"].items():
        for col, v in zip(["upheld", "corrected", "other", "pending", "total"], vals + [tot(vals)]):
            cells.append(CellValue("appeals", row, col, float(v), str(v), "fixture"))
    checks = [Check(f.get("failed", "requests.balance"), "total", "failed" not in f, 24.0,
                    23.0 if "failed" in f else 24.0, "新收 + 结转 ≠ 总计 + 结转下年")]
    if f.get("prose"):  # the text states a number the table prints differently
        checks.append(Check("prose_vs_table", "requests.new.total", False, tot(f["t3"]["new"]), float(f["prose"]),
                            f"the text says 本年新收申请 {f['prose']}: 「全年共受理政府信息公开申请{f['prose']}件」",
                            ["requests.new.total"]))
    sections = [Section(i + 1, ["一、总体情况", "五、存在的主要问题及改进情况"][i % 2], t)
                for i, t in enumerate(f["text"])]
    return Report(id=sha[:16], sha256=sha, format="pdf", agency=f["agency"], region=f["region"],
                  year=f["year"], template=f["template"], title=f"{f['agency']}{f['year']}年政府信息公开工作年度报告",
                  url=f"http://www.example.gov.cn/{sha[:8]}.pdf", cells=cells, checks=checks,
                  sections=sections, published=f.get("published", ""), region_code=f.get("region_code", ""))


def build_archive(folder: Path) -> dict[str, dict]:
    """The fixture archive: documents + raw files + reports (saved twice: no duplicates)."""
    db = connect(folder / "nianbao.db")
    out = {}
    for i, f in enumerate(FIXTURES):
        content = b"%PDF-1.4\n% fixture " + str(i).encode() + bytes(range(256)) + b"\n%%EOF\n"
        report = fixture_report(f, content)
        rel = Path("raw") / report.sha256[:2] / f"{report.sha256}.pdf"
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(content)
        db["documents"].upsert({"sha256": report.sha256, "url": report.url, "path": str(rel),
                                "format": "pdf", "content_type": "application/pdf",
                                "agency": f["agency"], "title": report.title, "size": len(content)},
                               pk="sha256")
        save_reports(db, [report])
        save_reports(db, [report])
        out[report.id] = dict(f, id=report.id, sha256=report.sha256, content=content)
    crossyear.refresh(db, {f["agency"] for f in FIXTURES})  # marks the duplicate, as extraction does
    db.conn.close()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, port: int, wait: float = 60, live: bool = False) -> subprocess.Popen:
    """`nianbao serve` as a user runs it (or serve(live=True)); returns once it answers."""
    log = open(db_path.parent / f"serve-{port}.log", "w")  # a pipe nobody reads would fill up
    cmd = ["-m", "nianbao.cli", "serve", "--db", str(db_path), "--port", str(port)]
    if live:
        cmd = ["-c", f"from nianbao.publication.serve import serve; serve({str(db_path)!r}, port={port}, live=True)"]
    proc = subprocess.Popen([sys.executable, *cmd], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + wait
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nianbao serve exited: {Path(log.name).read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"nianbao serve did not answer in {wait:.0f} s")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    reports = build_archive(folder)
    port = free_port()
    proc = start_server(folder / "nianbao.db", port)
    yield dict(base=f"http://127.0.0.1:{port}", reports=reports, folder=folder)
    proc.terminate()
    proc.wait(10)


def get(site, path: str, **params) -> tuple[int, dict, bytes]:
    url = site["base"] + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get_no_redirect(site, path: str, **params) -> tuple[int, dict, bytes]:
    url = site["base"] + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def rows(site, path: str, **params) -> list[dict]:
    status, _, body = get(site, path + ".json", _shape="array", **params)
    assert status == 200, body[:500]
    return json.loads(body)


def by_agency_year(site) -> dict[tuple, dict]:
    return {(r["agency"], r["year"]): r for r in site["reports"].values() if not r.get("dup")}


def test_report_numbers_are_the_fixture_totals(site):
    got = {r["report_id"]: r for r in rows(site, "/nianbao/report_numbers")}
    assert set(got) == set(site["reports"])
    for rid, f in site["reports"].items():
        t3, t4 = f["t3"], f["t4"]
        row = got[rid]
        assert row["new_requests"] == tot(t3.get("new"))
        assert row["granted"] == tot(t3.get("granted"))
        assert row["denied"] == (sum(tot(v) for k, v in t3.items() if k.startswith("denied")) or None)
        assert row["handled_total"] == tot(t3.get("handled_total"))
        assert row["carried_out"] == tot(t3.get("carried_out"))
        assert bool(row["duplicate_of"]) == bool(f.get("dup"))
        assert row["review_total"] == tot(t4["review"])
        assert row["review_corrected"] == t4["review"][1]
        assert row["suit_total"] == tot(t4["suit_direct"]) + tot(t4["suit_after_review"])
        assert row["agency"] == f["agency"] and row["year"] == f["year"]


def test_requests_table_is_laid_out_as_printed(site):
    f = by_agency_year(site)[("甲市公安局", 2020)]
    got = rows(site, "/nianbao/requests_table", report_id=f["id"], _sort="line")
    assert [r["row_code"] for r in got] == [r for r in views.row_order("requests") if r in f["t3"]]
    assert got[0]["item"] == "一、本年新收政府信息公开申请数量"
    for r in got:
        vals = f["t3"][r["row_code"]]
        assert [r[c] for c in COLS] == vals and r["total"] == tot(vals)


def test_agencies_show_years_present_and_missing(site):
    got = {r["agency"]: r for r in rows(site, "/nianbao/agencies")}
    assert got["甲市公安局"]["years_present"] == "2020, 2021"
    assert got["甲市公安局"]["years_missing"] is None
    assert got["丙区卫生健康委员会"]["years_missing"] == "2020, 2021"
    assert got["乙县教育局"]["reports"] == 1
    assert got["甲市公安局"]["reports"] == 2  # the duplicate counts once


def search_ids(site, q: str) -> set[str]:
    return {r["report_id"] for r in rows(site, "/nianbao/search", q=q)}


def test_search_finds_two_character_words(site):
    want = {rid for rid, f in site["reports"].items() if any("公开" in t for t in f["text"])}
    assert len(want) == 3 and len(site["reports"]) == 5
    assert search_ids(site, "公开") == want
    fuyi = {rid for rid, f in site["reports"].items() if any("复议" in t for t in f["text"])}
    assert search_ids(site, "复议") == fuyi
    # the table search box goes through the same segmentation, on the narrow search_sections
    assert {r["report_id"] for r in rows(site, "/nianbao/search_sections", _search="复议")} == fuyi
    found = rows(site, "/nianbao/search_sections", _search="公开")
    assert {r["report_id"] for r in found} == want
    assert all(set(r) == {"id", "report_id", "number", "title", "snippet"} for r in found)
    # a search of `sections` (its own search box, old links) opens there too
    assert {r["report_id"] for r in rows(site, "/nianbao/sections", _search="复议")} == fuyi
    status, headers, _ = get_no_redirect(site, "/nianbao/sections.json", _search="复议")
    assert status == 302 and headers["location"].startswith("/nianbao/search_sections.json?")
    # the search box of either table (an HTML page asking only for words, with the order its form
    # sends when left alone) opens search_all
    for table, sort in (("sections", ""), ("search_sections", "id")):
        status, headers, _ = get_no_redirect(site, f"/nianbao/{table}", _search="复议", _sort=sort)
        assert status == 302 and headers["location"] == "/nianbao/search_all?q=%E5%A4%8D%E8%AE%AE"
    assert get(site, "/nianbao/search_sections", _sort="id")[0] == 200
    assert {r["report_id"] for r in rows(site, "/nianbao/search_all", q="复议")} == fuyi
    # ... unless it filters on what only `sections` has
    text = rows(site, "/nianbao/sections", _search="复议", text__contains="结果纠正")
    assert len(text) == 1 and "text" in text[0]


def test_search_counts_matches(site):
    """The results page says how many sections match (Datasette's count, on the narrow table)."""
    n = sum(1 for f in site["reports"].values() for t in f["text"] if "公开" in t)
    status, _, body = get(site, "/nianbao/search_sections.json", _search="公开")
    assert status == 200 and json.loads(body)["filtered_table_rows_count"] == n
    _, _, html = get(site, "/nianbao/search_sections", _search="公开", report_id__not="-")  # a filter: the table page
    assert f"{n} rows".encode() in html and b'name="_search"' in html


def test_search_pages_through_every_match(site):
    """Page by page (`_next`) the table search gives each matching section once, in id order."""
    want = rows(site, "/nianbao/search_sections", _search="公开", _size="max")
    assert len(want) == 3
    got, params = [], {"_search": "公开", "_size": "1"}
    while True:
        status, _, body = get(site, "/nianbao/search_sections.json", **params)
        page = json.loads(body)
        got += [dict(zip(page["columns"], r)) for r in page["rows"]]
        if not page["next"]:
            break
        params["_next"] = page["next"]
    assert got == sorted(want, key=lambda r: r["id"])
    filtered = rows(site, "/nianbao/search_sections", _search="公开", report_id=want[0]["report_id"])
    assert filtered and {r["report_id"] for r in filtered} == {want[0]["report_id"]}


def test_search_all_pages_through_every_match_newest_first(site):
    """search_all (where the search box opens): every matching section, most recently archived
    first, each page starting below the last id of the one before."""
    want = sorted(rows(site, "/nianbao/search_sections", _search="公开", _size="max"), key=lambda r: -r["id"])
    got = rows(site, "/nianbao/search_all", q="公开")
    assert [r["id"] for r in got] == [r["id"] for r in want] and len(got) == 3
    assert got[0]["agency"] and got[0]["snippet"]
    assert [r["id"] for r in rows(site, "/nianbao/search_all", q="公开", before=got[0]["id"])] == [r["id"] for r in want[1:]]
    assert rows(site, "/nianbao/search_all", q="公开", before=got[-1]["id"]) == []
    status, _, html = get(site, "/nianbao/search", q="公开")
    assert status == 200
    status, _, html = get(site, "/nianbao/search_all", q="公开")
    assert status == 200 and b"nb-next" not in html  # fewer than a page: no next page


def test_search_finds_a_rare_three_character_term(site):
    want = {rid for rid, f in site["reports"].items() if any("垦利区" in t for t in f["text"])}
    assert len(want) == 1
    assert search_ids(site, "垦利区") == want
    assert {r["report_id"] for r in rows(site, "/nianbao/search_sections", _search="垦利区")} == want
    assert rows(site, "/nianbao/search", q="垦利区")[0]["excerpt"] == "我县在【垦利区】召开现场会，推进政务公开标准化。"
    assert search_ids(site, "不存在的词语") == set()
    assert search_ids(site, 'AND OR " NEAR(') == set()  # FTS syntax is never passed through


def canned_queries() -> dict:
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return meta["databases"]["nianbao"]["queries"]


PARAMS = {"year": "2021", "agency": "甲市公安局", "q": "公开", "region": ""}


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_every_canned_query_runs(site, name):
    q = canned_queries()[name]
    assert q.get("title") and q.get("description")
    params = {p: PARAMS[p] for p in PARAMS if f":{p}" in q["sql"]}
    assert rows(site, f"/nianbao/{name}", **params), f"{name} returned nothing for the fixtures"
    if "year" in params:
        status, _, _ = get(site, f"/nianbao/{name}.json", **dict(params, year=""))
        assert status == 200


def test_canned_queries_give_the_right_answers(site):
    top = rows(site, "/nianbao/top_agencies", year="2021")
    assert [(r["agency"], r["new_requests"]) for r in top] == [("甲市公安局", 25.0), ("乙县教育局", 4.0)]
    mism = rows(site, "/nianbao/carried_mismatch", year="")
    assert [(r["agency"], r["year"], r["carried_in"], r["prev_carried_out"]) for r in mism] == [
        ("甲市公安局", 2021, 3.0, 1.0)]
    failed = rows(site, "/nianbao/failed_checks", year="")
    assert {(r["agency"], r["year"]) for r in failed} == {("甲市公安局", 2021)}
    reasons = {r["row_code"]: r for r in rows(site, "/nianbao/denial_reasons", year="")}
    denied = sum(tot(v) for f in FIXTURES for k, v in f["t3"].items() if k.startswith("denied"))
    handled = sum(tot(f["t3"]["handled_total"]) for f in FIXTURES if not f.get("dup"))
    assert reasons["denied_process"]["requests"] == 3 + 4
    assert reasons["denied_process"]["pct_of_denied"] == round(100 * 7 / denied, 1)
    assert reasons["denied_process"]["pct_of_handled"] == round(100 * 7 / handled, 2)
    region = {r["region"]: r for r in rows(site, "/nianbao/corrected_by_region", year="")}
    assert region["乙省"]["reviews"] == 3 and region["乙省"]["review_corrected_pct"] == 66.7
    years = rows(site, "/nianbao/agency_years", agency="甲市公安局")
    assert [(r["year"], r["new_requests_change"]) for r in years] == [(2020, None), (2021, 11.0)]


def test_original_file_downloads_byte_identical(site):
    for f in site["reports"].values():
        status, headers, body = get(site, f"/-/original/{f['sha256']}")
        assert status == 200 and body == f["content"]
        assert headers["content-type"] == "application/pdf"
        assert "attachment" in headers["content-disposition"] and ".pdf" in headers["content-disposition"]
    assert get(site, "/-/original/" + "0" * 64)[0] == 404
    # the report page links to it
    f = next(iter(site["reports"].values()))
    _, _, html = get(site, f"/nianbao/reports/{f['id']}")
    assert f'href="/-/original/{f["sha256"]}"'.encode() in html


def test_scraped_html_is_shown_as_text(site):
    f = by_agency_year(site)[("甲市公安局", 2021)]
    _, _, html = get(site, "/nianbao/sections", report_id=f["id"])
    assert b"<script>alert(" not in html and b"&lt;script&gt;alert(" in html


def test_archive_is_read_only(site):
    status, _, body = get(site, "/nianbao.json", sql="DELETE FROM reports")
    assert status >= 400
    assert len(rows(site, "/nianbao/reports")) == len(FIXTURES)  # nothing was deleted
    settings = json.loads(get(site, "/-/settings.json")[2])
    assert settings["sql_time_limit_ms"] <= 5000 and settings["max_returned_rows"] <= 5000


def test_home_page_says_what_the_archive_is(site):
    status, _, html = get(site, "/")
    text = html.decode()
    assert status == 200
    assert "政府信息公开工作年度报告" in text and "annual reports" in text
    assert "4</strong>份报告" in text and "3</strong>个机关" in text and "2019–2021" in text
    assert "CC BY 4.0" in text and 'name="q"' in text


def test_exports_keep_names_and_labels(site):
    status, headers, body = get(site, "/nianbao/report_numbers.csv")
    assert status == 200 and "text/plain" in headers["content-type"] or "csv" in headers["content-type"]
    header = next(csv.reader(io.StringIO(body.decode())))
    assert {"agency", "year", "new_requests", "denied", "review_total"} <= set(header)
    meta = json.loads(get(site, "/-/metadata.json")[2])
    tables = meta["databases"]["nianbao"]["tables"]
    assert "自然人" in tables["requests_table"]["columns"]["natural_person"]
    assert "件" in tables["report_numbers"]["columns"]["new_requests"]
    keys = rows(site, "/nianbao/canonical_keys", key="active.admin_fees.amount_10k_yuan")
    assert keys[0]["unit"] == "万元" and "收费金额" in keys[0]["col_label"]


def test_charts_render_and_their_queries_run(site):
    status, _, html = get(site, "/-/dashboards/trends")
    assert status == 200 and b"vega" in html
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    for name, chart in meta["plugins"]["datasette-dashboards"]["trends"]["charts"].items():
        sql = chart["query"].replace("[[ AND region = :region ]]", "")
        assert rows(site, "/nianbao", sql=sql), name


def test_description_of_every_column(site):
    """Every table, view and column a visitor sees has a description."""
    meta = json.loads(get(site, "/-/metadata.json")[2])["databases"]["nianbao"]["tables"]
    seen = rows(site, "/nianbao", sql="SELECT name FROM sqlite_master WHERE type IN ('table','view') "
                "AND name NOT LIKE 'sections_fts%' AND name != 'published'")
    for t in (r["name"] for r in seen):
        assert meta.get(t, {}).get("description"), t
        cols = [c["name"] for c in rows(site, "/nianbao", sql=f"SELECT name FROM pragma_table_info('{t}')")]
        described = meta[t].get("columns", {})
        missing = [c for c in cols if c not in described]
        assert not missing, (t, missing)


def test_live_archive_shows_new_reports_without_a_restart(tmp_path):
    """serve(live=True) opens the archive read-only, not immutable: a crawl may go on writing."""
    build_archive(tmp_path)
    port = free_port()
    proc = start_server(tmp_path / "nianbao.db", port, live=True)
    try:
        site = {"base": f"http://127.0.0.1:{port}"}
        assert len(rows(site, "/nianbao/reports")) == len(FIXTURES)
        db = connect(tmp_path / "nianbao.db")
        extra = dict(FIXTURES[2], agency="丁镇人民政府", year=2022)
        save_reports(db, [fixture_report(extra, b"another report")])
        db.conn.close()
        assert len(rows(site, "/nianbao/reports")) == len(FIXTURES) + 1
        # search_sections follows `sections` (triggers): the new report is found at once
        found = rows(site, "/nianbao/search_sections", _search="垦利区")
        assert len({r["report_id"] for r in found}) == 2
        assert len(rows(site, "/nianbao/search", q="垦利区")) == 2
        assert "5</strong>份报告" in get(site, "/")[2].decode()
        assert get(site, "/nianbao.json", sql="DELETE FROM reports")[0] >= 400
    finally:
        proc.terminate()
        proc.wait(10)


def test_facets_of_a_page_filtered_by_one_value_are_counted_when_publishing(tmp_path):
    """reports?year=2021: its facets are read from facet_counts (counted by `nianbao publish`),
    not counted per page view; any other filter is counted by Datasette."""
    from nianbao.publication.publish import publish

    build_archive(tmp_path)
    publish(tmp_path / "nianbao.db")
    db = connect(tmp_path / "nianbao.db")
    pairs = db.execute("SELECT column_name, value, count FROM facet_counts WHERE table_name = 'reports' "
                       "AND filter_column = 'year' AND filter_value = '2021'").fetchall()
    assert ("region", "甲省", 2) in pairs and ("region", "乙省", 1) in pairs and ("year", 2021, 3) in pairs
    # a published count changed by hand shows on the page: the page read it
    db.execute("UPDATE facet_counts SET count = 99 WHERE table_name = 'reports' AND filter_column = 'year' "
               "AND filter_value = '2021' AND column_name = 'template'")
    db.conn.commit()
    db.conn.close()
    port = free_port()
    proc = start_server(tmp_path / "nianbao.db", port)
    try:
        site = {"base": f"http://127.0.0.1:{port}"}

        def facets(**params):
            status, _, body = get(site, "/nianbao/reports.json", **params)
            assert status == 200, body[:300]
            return {name: {str(v["value"]): v["count"] for v in f["results"]}
                    for name, f in json.loads(body)["facet_results"].items()}

        got = facets(year="2021")
        assert got["region"] == {"甲省": 2, "乙省": 1} and got["year"] == {"2021": 3}
        assert got["template"] == {"2021": 99}
        assert facets(year="2021", _where="1 = 1")["template"] == {"2021": 3}  # counted
        assert facets(year="2021", agency="乙县教育局")["region"] == {"乙省": 1}
        assert facets(agency="乙县教育局")["template"] == {"2021": 1}  # not a counted column
        assert facets()["year"] == {"2019": 1, "2020": 1, "2021": 3}  # unfiltered, as before
    finally:
        proc.terminate()
        proc.wait(10)


def test_who_was_late_and_who_did_not_report(site):
    """A department's deadline is 31 January: 甲市公安局's 2021 report dated 2022-03-15 is 43
    days late, 乙县教育局's of 2022-01-20 on time. 丙区卫生健康委员会 reported for 2019 only: it
    is missing for 2021."""
    late = rows(site, "/nianbao/late_reports", year="2021")
    assert [(r["agency"], r["deadline"], r["days_late"]) for r in late] == [("甲市公安局", "2022-01-31", 43)]
    on_time = rows(site, "/nianbao/timeliness", agency="乙县教育局", year="2021")
    assert [(r["late"], r["date_source"]) for r in on_time] == [(0, "document")]
    missing = {r["agency"] for r in rows(site, "/nianbao/missing_reports", year="2021", region="")}
    assert "丙区卫生健康委员会" in missing and not missing & {"甲市公安局", "乙县教育局"}


def test_region_totals_sum_every_report_under_a_code(site):
    """110101 and 110102 are two counties of one city (1101): the city's line sums both."""
    got = {(r["level"], r["region_code"]): r for r in rows(site, "/nianbao/region_totals", year="2021")}
    city = got[("city", "110100")]
    assert city["reports"] == 2 and city["new_requests"] == 25 + 4
    assert got[("county", "110101")]["new_requests"] == 25 and got[("province", "110000")]["reports"] == 2


def test_text_copied_from_last_year_is_measured():
    from nianbao.publication import reuse

    last = "本机关依法公开政府信息。2022年共受理申请12件，均按时答复。加强平台建设，完善工作机制。"
    this = "本机关依法公开政府信息。2023年共受理申请9件，均按时答复。新建政策解读专栏，回应关切。"
    a, b = reuse.sentences(last), reuse.sentences(this)
    assert len(b) == 3 and len(a & b) == 2  # years and numbers set aside


def test_default_serve_never_fails_while_a_crawl_writes(tmp_path):
    """`nianbao serve` with no flag on a writable archive reads it live: every request answers
    while reports are being written, and the counts only grow."""
    import threading

    build_archive(tmp_path)
    port = free_port()
    proc = start_server(tmp_path / "nianbao.db", port)
    site = {"base": f"http://127.0.0.1:{port}"}
    done = threading.Event()

    def write():
        db = connect(tmp_path / "nianbao.db")
        for k in range(30):
            extra = dict(FIXTURES[k % len(FIXTURES)], agency=f"写入测试{k}镇人民政府", year=2023)
            save_reports(db, [fixture_report(extra, f"written while served {k}".encode())])
        db.conn.close()
        done.set()

    writer = threading.Thread(target=write)
    try:
        writer.start()
        statuses, counts = [], []
        while not done.is_set() or len(statuses) < 20:
            status, _, body = get(site, "/nianbao.json", sql="select count(*) from reports", _shape="array")
            statuses.append(status)
            if status == 200:
                counts.append(json.loads(body)[0]["count(*)"])
            statuses.append(get(site, "/nianbao/reports")[0])
        writer.join()
        assert set(statuses) == {200}, statuses
        assert counts == sorted(counts) and counts[-1] <= len(FIXTURES) + 30
        assert len(rows(site, "/nianbao/reports")) == len(FIXTURES) + 30
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_query_cannot_take_the_servers_memory(site):
    status, _, body = get(site, "/nianbao.json", sql="select length(hex(zeroblob(450000000)))")
    assert status >= 400 and b"too big" in body


def test_demo_crawls_extracts_and_publishes(tmp_path):
    """`nianbao demo` end to end on one simulated portal: what it archives is what is served."""
    from nianbao.demo import demo

    code = demo(data_dir=tmp_path, serve=False, portals=[{"family": "directory", "formats": ["html", "docx"]}])
    assert code == 0
    port = free_port()
    proc = start_server(tmp_path / "nianbao.db", port)
    try:
        site = {"base": f"http://127.0.0.1:{port}"}
        reports = rows(site, "/nianbao/reports")
        assert reports and all(r["status"] in ("ok", "partial") for r in reports)
        numbers = rows(site, "/nianbao/report_numbers")
        assert any(r["new_requests"] is not None for r in numbers)
        doc = rows(site, "/nianbao/documents")[0]
        status, _, body = get(site, f"/-/original/{doc['sha256']}")
        assert status == 200 and body == (tmp_path / doc["path"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == doc["sha256"]
    finally:
        proc.terminate()
        proc.wait(10)


def test_a_wheel_carries_what_serve_needs(tmp_path):
    """`pip install .` (not -e) gives a working `nianbao serve`: metadata, templates and the
    layouts travel inside the wheel."""
    import zipfile

    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                          "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    names = zipfile.ZipFile(next(tmp_path.glob("nianbao-*.whl"))).namelist()
    for needed in ("nianbao/publication/metadata.yml", "nianbao/publication/templates/index.html", "nianbao/publication/static/nianbao.css",
                   "nianbao/layouts/layouts.yml"):
        assert needed in names, needed
