"""Publication at scale: write 100,000 synthetic reports with the project's writer, serve them
with `nianbao serve`, and time every canned query and the main pages over HTTP.

    python bench/serve.py                  # 100,000 reports into bench/out/serve/nianbao.db
    python bench/serve.py --reports 5000   # a quick run
    python bench/serve.py --reuse          # skip writing, time an existing archive

Prints the write rate (reports/s, cells/s) and p50/p95 latency per query and page.
Targets: 100,000 reports written in under 4 minutes (>= 100,000 cells/s); every p95 < 300 ms.

Measured 2026-11-27 on the shared 2-core machine (load 2.5-5): 22.5 million cells written by
save_reports in 197-199 s (113,000-114,000 cells/s; + ~51 s making the synthetic reports,
+ 19-24 s building the published tables). Every query and page p95 < 300 ms; the slowest p95
over four runs: the reports page 52-208 ms, carried_mismatch (all years) 92-184 ms, a table
search for a word in every report (search_sections?_search=行政复议) 35-80 ms (it was
p50 288 / p95 404 ms on `sections` before search_sections).
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from extract.model import CellValue, Check, Report, Section  # noqa: E402
from extract.rows import save as save_reports  # noqa: E402
from nianbao.publication import views  # noqa: E402
from nianbao.store.schema import connect  # noqa: E402

PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
             "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
             "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
             "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"]
DEPARTMENTS = ["人民政府", "公安局", "教育局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "卫生健康委员会", "市场监督管理局", "财政局", "民政局", "人力资源和社会保障局"]
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
TEXTS = [
    "{a}认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息{n}条。",
    "二〇{y}年，{a}共收到政府信息公开申请{n}件，均在法定期限内答复。",
    "因政府信息公开工作被申请行政复议{m}件，提起行政诉讼{k}件。",
    "存在的主要问题：公开内容不够全面，解读回应不够及时。下一步将加强培训，完善制度。",
    "本年度收取信息处理费{k}元。无其他需要报告的事项。",
]


def agency_of(i: int) -> tuple[str, str]:
    prov = PROVINCES[i % len(PROVINCES)]
    return f"{prov}第{i // len(PROVINCES)}区{DEPARTMENTS[i % len(DEPARTMENTS)]}", prov


def synthetic_report(i: int, agency: str, region: str, year: int, rng: random.Random) -> Report:
    """A 2021-format report whose tables add up, ~225 numbers and five short sections."""
    sha = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
    cols = views.col_order("requests")
    orgs = [c for c in cols if c not in ("natural_person", "org_subtotal", "total")]
    cells: list[CellValue] = []

    def add(table, row, col, v):
        cells.append(CellValue(table, row, col, float(v), str(v), "bench"))

    result_rows = [r for r in views.layouts()["requests"]["row_order"]["2021"]
                   if r not in ("new", "carried_in", "handled_total", "carried_out")]
    sums = {c: 0 for c in cols}
    for row in result_rows:
        vals = {c: (rng.randrange(20) if rng.random() < 0.3 else 0) for c in ["natural_person"] + orgs}
        vals["org_subtotal"] = sum(vals[c] for c in orgs)
        vals["total"] = vals["natural_person"] + vals["org_subtotal"]
        for c in cols:
            add("requests", row, c, vals[c])
            sums[c] += vals[c]
    for c in cols:
        carried_in = rng.randrange(3)
        add("requests", "carried_in", c, carried_in)
        add("requests", "handled_total", c, sums[c])
        add("requests", "carried_out", c, carried_in)
        add("requests", "new", c, sums[c])
    for row in views.row_order("appeals"):
        vals = [rng.randrange(4) for _ in range(4)]
        for c, v in zip(views.col_order("appeals"), vals + [sum(vals)]):
            add("appeals", row, c, v)
    for row, row_cols in views.layouts()["active"]["shape"]["2021"].items():
        for c in row_cols:
            add("active", row, c, rng.randrange(100))
    n = int(sums["total"])
    sections = [Section(k + 1, f"第{k + 1}部分", t.format(a=agency, y=year % 100, n=n, m=i % 7, k=i % 5))
                for k, t in enumerate(TEXTS)]
    checks = [Check("requests.balance", c, True, sums[c], sums[c]) for c in ("total",)]
    return Report(id=sha[:16], sha256=sha, format="html", agency=agency, region=region, year=year,
                  template="2021", title=f"{agency}{year}年政府信息公开工作年度报告",
                  url=f"http://www.example.gov.cn/{sha[:12]}.html", cells=cells, checks=checks,
                  sections=sections)


def write_archive(db_path: Path, n: int, batch: int = 1000, pragmas: tuple[str, ...] = ()) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = connect(db_path)
    db.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache: the writer's own choice
    for sql in pragmas:  # what-if runs: settings or schema changes proposed for nianbao/db.py
        print(f"what-if: {sql}")
        db.execute(sql)
    rng = random.Random(0)
    made = dt = 0.0  # seconds making the synthetic reports / inside save_reports
    cells = written = 0
    agencies = max(1, n // len(YEARS))
    while written < n:
        t = time.perf_counter()
        reports = []
        for i in range(written, min(n, written + batch)):
            agency, region = agency_of(i % agencies)
            reports.append(synthetic_report(i, agency, region, YEARS[i // agencies % len(YEARS)], rng))
        made += time.perf_counter() - t
        t = time.perf_counter()
        save_reports(db, reports)
        dt += time.perf_counter() - t
        cells += sum(len(r.cells) for r in reports)
        written += len(reports)
        if written % 10000 < batch:
            print(f"  {written:>7} reports  {cells:>10} cells  save_reports {dt:6.1f} s "
                  f"{cells / dt:8.0f} cells/s", flush=True)
    print(f"wrote {written} reports, {cells} cells with save_reports in {dt:.1f} s: "
          f"{written / dt:.0f} reports/s, {cells / dt:.0f} cells/s "
          f"(+ {made:.1f} s making the synthetic reports)")
    t1 = time.perf_counter()
    views.refresh(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"published tables (report_numbers, key_totals) built in {time.perf_counter() - t1:.1f} s")
    db.conn.close()


def targets(db_path: Path) -> dict[str, str]:
    """Every canned query (with a realistic parameter) and the main pages."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    agency = conn.execute("SELECT agency FROM reports LIMIT 1 OFFSET 500").fetchone()[0]
    rid = conn.execute("SELECT id FROM reports LIMIT 1 OFFSET 700").fetchone()[0]
    conn.close()
    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    params = {"year": "2022", "agency": agency, "q": "复议"}
    out = {}
    for name, q in meta["databases"]["nianbao"]["queries"].items():
        p = {k: v for k, v in params.items() if f":{k}" in q["sql"]}
        out[f"query {name}"] = f"/nianbao/{name}.json?" + urllib.parse.urlencode(p)
    for name, q in meta["databases"]["nianbao"]["queries"].items():
        if ":year" in q["sql"]:
            out[f"query {name} (all years)"] = f"/nianbao/{name}.json?year="
    # a word in nearly every section of every report: the worst case of a search
    out["query search (公开)"] = "/nianbao/search.json?" + urllib.parse.urlencode({"q": "公开"})
    out["search page (公开)"] = "/nianbao/search?" + urllib.parse.urlencode({"q": "公开"})
    dash = meta["plugins"]["datasette-dashboards"]["trends"]["charts"]
    for name, chart in dash.items():
        sql = chart["query"].replace("[[ AND region = :region ]]", "")
        out[f"chart {name}"] = "/nianbao.json?" + urllib.parse.urlencode({"sql": sql})
    pages = {
        "home": "/", "database": "/nianbao", "reports": "/nianbao/reports",
        "reports year facet": "/nianbao/reports?year=2022",
        "report page": f"/nianbao/reports/{rid}",
        "report_numbers": "/nianbao/report_numbers",
        "report_numbers by region": "/nianbao/report_numbers?_sort_desc=new_requests&region=" + urllib.parse.quote("广东省"),
        "requests_table one report": f"/nianbao/requests_table?report_id={rid}&_sort=line",
        "agencies": "/nianbao/agencies", "cells": "/nianbao/cells",
        "cells one report": f"/nianbao/cells?report_id={rid}",
        "search_sections search": "/nianbao/search_sections?_search=" + urllib.parse.quote("行政复议"),
        "search_sections search (公开)": "/nianbao/search_sections?_search=" + urllib.parse.quote("公开"),
        "sections search (302 to search_sections)": "/nianbao/sections?_search=" + urllib.parse.quote("行政复议"),
        "checks failed": "/nianbao/checks?passed=0", "dashboard": "/-/dashboards/trends",
        "original file": None,
        "report_numbers.csv": "/nianbao/report_numbers.csv?year=2022",
    }
    out.update({k: v for k, v in pages.items() if v})
    return out


def time_url(base: str, path: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=60) as r:
            r.read()
            assert r.status == 200, path
        times.append((time.perf_counter() - t) * 1000)
    return times


def bench_http(db_path: Path, rounds: int) -> list[tuple[str, float, float]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_publish import free_port, start_server

    port = free_port()
    t = time.perf_counter()
    proc = start_server(db_path, port, wait=900)
    print(f"nianbao serve answered after {time.perf_counter() - t:.1f} s")
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        for name, path in targets(db_path).items():
            time_url(base, path, 1)  # the first visit fills caches: a warm server is timed
            ms = sorted(time_url(base, path, rounds))
            p50, p95 = statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * len(ms))) - 1)]
            results.append((name, p50, p95))
            flag = "" if p95 < 300 else "   <-- over 300 ms"
            pad = 44 - sum(2 if ord(ch) > 0x2E7F else 1 for ch in name)  # CJK is two columns wide
            print(f"  {name}{' ' * pad} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms{flag}", flush=True)
    finally:
        proc.terminate()
        proc.wait(10)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "serve" / "nianbao.db"))
    ap.add_argument("--reuse", action="store_true", help="time an existing archive")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--what-if", action="append", default=[], metavar="SQL",
                    help="run this SQL on the writer's connection first, e.g. 'PRAGMA synchronous=NORMAL' "
                         "or 'DROP INDEX idx_cells_table_code_row_code_col_code'")
    args = ap.parse_args()
    db_path = Path(args.db)
    if not args.reuse:
        write_archive(db_path, args.reports, pragmas=tuple(args.what_if))
    print(f"archive: {db_path} ({db_path.stat().st_size / 1e9:.2f} GB)")
    results = bench_http(db_path, args.rounds)
    over = [r for r in results if r[2] >= 300]
    print(f"{len(results)} queries and pages timed, {len(over)} with p95 >= 300 ms")


if __name__ == "__main__":
    main()
