"""The audit tables at scale: what building them costs against writing the archive, and how fast
their canned queries and pages answer.

    python bench/audit.py                    # 100,000 reports into bench/out/audit/nianbao.db
    python bench/audit.py --reports 5000     # a quick run
    python bench/audit.py --reuse            # skip writing, time an existing archive

Writes N synthetic reports with the project's writer (extract.rows.save → nianbao.store), each
with ~225 numbers, a division code, a publication date (or only a crawl date), and prose that
an agency carries from one year to the next (most sentences reused with new numbers, some
edited by a word, the rest new); about one agency-year in ten has no report, and some
agencies are known only from their portal. Then times:

- writing the reports (save_reports, as bench/serve.py does);
- the published tables at once (views.refresh, everything publication builds), and each audit
  table built again on its own: timeliness, coverage, region_totals (from report_numbers) and
  text_reuse — their sum as a share of the write time (issue 14: at most 25 %);
- p50/p95 of the audit canned queries, table pages, the coverage dashboard and its chart
  queries, over HTTP against `nianbao serve` on 127.0.0.1 (target p95 < 300 ms).
"""
from __future__ import annotations

import argparse
import hashlib
import random
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
from nianbao.publication import audit, reuse, views  # noqa: E402
from nianbao.publication.serve import METADATA  # noqa: E402
from nianbao.store.schema import connect  # noqa: E402

PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
             "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
             "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
             "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"]
PROVINCE_CODES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                  50, 51, 52, 53, 54, 61, 62, 63, 64, 65]
DEPARTMENTS = ["人民政府", "公安局", "教育局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "卫生健康委员会", "市场监督管理局", "财政局", "民政局", "人力资源和社会保障局"]
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
PHRASES = ["政府信息公开条例", "主动公开", "依申请公开", "政策解读", "回应社会关切", "政务公开平台",
           "规范性文件", "重点领域信息", "财政预决算", "优化营商环境", "行政审批事项", "政务新媒体",
           "新闻发布会", "人大代表建议", "政协委员提案", "网上办事大厅", "公开目录", "保密审查机制",
           "业务培训", "考核评议", "社会评议", "热线电话", "政府网站", "乡村振兴", "安全生产", "生态环境",
           "教育医疗", "就业创业", "住房保障", "食品药品", "征地拆迁", "社会救助", "公共资源交易",
           "双随机一公开", "权责清单", "办事指南", "工作机制", "基层政务公开", "档案管理", "舆情监测"]
VERBS = ["进一步加强", "持续深化", "不断完善", "全面推进", "扎实开展", "稳步推进", "切实做好", "着力抓好"]
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def sentence(rng: random.Random, year: int) -> str:
    w = rng.sample(PHRASES, 4)
    n = rng.randrange(1, 900)
    return rng.choice([
        f"{year}年，本机关{rng.choice(VERBS)}{w[0]}和{w[1]}工作，{w[2]}{n}条，{w[3]}",
        f"全年{rng.choice(VERBS)}{w[0]}，围绕{w[1]}、{w[2]}公开信息{n}件，做好{w[3]}",
        f"本年度共{rng.choice(VERBS)}{w[0]}{n}次，{w[1]}与{w[2]}相结合，推动{w[3]}",
    ])


def next_year_text(last: list[str], rng: random.Random, year: int) -> list[str]:
    """Most sentences carried over with new numbers, a few edited by a word, the rest new."""
    out = []
    for s in last:
        r = rng.random()
        if r < 0.65:
            out.append("".join(str(rng.randrange(1, 900)) if ch.isdigit() else ch for ch in s))
        elif r < 0.70:
            out.append(s.replace("工作", "各项工作", 1).replace("做好", "认真做好", 1))
        else:
            out.append(sentence(rng, year))
    return out


def agency_of(i: int) -> tuple[str, str, str]:
    """Agency i: a department (or the government) of county i // 12, with its division code."""
    county, dept = divmod(i, len(DEPARTMENTS))
    p = county % len(PROVINCES)
    city, cty = divmod(county // len(PROVINCES), 20)
    code = f"{PROVINCE_CODES[p]:02d}{city + 1:02d}{cty + 1:02d}"
    return f"{PROVINCES[p]}第{city + 1}市第{cty + 1}县{DEPARTMENTS[dept]}", PROVINCES[p], code


def synthetic_report(i: int, agency: str, region: str, code: str, year: int, text: list[str],
                     rng: random.Random) -> Report:
    """A 2021-format report whose tables add up (~225 numbers), its text in six sections."""
    sha = hashlib.sha256(f"audit-bench-{i}".encode()).hexdigest()
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
    per = -(-len(text) // len(SECTIONS))
    sections = [Section(k + 1, title, "。".join(text[k * per:(k + 1) * per]) + "。")
                for k, title in enumerate(SECTIONS) if text[k * per:(k + 1) * per]]
    # a department's deadline is 31 January, a government's 31 March: some publish in February
    published = "" if rng.random() < 0.3 else f"{year + 1}-{rng.choice(['01', '01', '02', '03'])}-{rng.randrange(1, 29):02d}"
    return Report(id=sha[:16], sha256=sha, format="html", agency=agency, region=region, region_code=code,
                  year=year, template="2021", title=f"{agency}{year}年政府信息公开工作年度报告",
                  url=f"http://www.example.gov.cn/{sha[:12]}.html", cells=cells,
                  checks=[Check("requests.balance", "total", True, sums["total"], sums["total"])],
                  sections=sections, published=published)


def document_rows(reports: list[Report], named: list[tuple[str, str, str]]) -> list[dict]:
    """What the crawler would have archived: one document per report (its crawl date bounds an
    undated report), and a document naming each agency known only from its portal."""
    out = [{"sha256": r.sha256, "url": r.url, "agency": r.agency, "region": r.region,
            "region_code": r.region_code, "title": r.title, "format": "html", "http_status": 200,
            "fetched_at": f"{r.year + 1}-04-{1 + int(r.sha256[:2], 16) % 28:02d}T03:00:00+00:00"}
           for r in reports]
    for agency, region, code in named:
        sha = hashlib.sha256(f"portal-{agency}".encode()).hexdigest()
        out.append({"sha256": sha, "url": f"http://www.example.gov.cn/{sha[:12]}.pdf", "agency": agency,
                    "region": region, "region_code": code, "title": f"{agency}政府信息公开", "format": "pdf",
                    "http_status": 200, "fetched_at": "2025-04-01T03:00:00+00:00"})
    return out


def write_archive(db_path: Path, n: int, batch: int = 1000) -> float:
    """N reports (over agencies × years, ~10 % of agency-years missing); returns save_reports' seconds."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = connect(db_path)
    db.execute("PRAGMA cache_size=-1000000")
    rng = random.Random(0)
    agencies = max(1, round(n / len(YEARS) / 0.9))
    texts: dict[int, list[str]] = {}
    made = dt = 0.0
    cells = written = 0
    pending: list[Report] = []

    def flush():
        nonlocal dt, cells, written
        t = time.perf_counter()
        save_reports(db, pending)
        dt += time.perf_counter() - t
        cells += sum(len(r.cells) for r in pending)
        written += len(pending)
        db["documents"].upsert_all(document_rows(pending, []), pk="sha256")  # the crawler's rows, untimed
        pending.clear()
        if written % 10000 < batch:
            print(f"  {written:>7} reports  {cells:>10} cells  save_reports {dt:6.1f} s", flush=True)

    i = 0
    for year in YEARS:
        for a in range(agencies):
            if written + len(pending) >= n:
                break
            t = time.perf_counter()
            text = texts[a] = (next_year_text(texts[a], rng, year) if a in texts
                               else [sentence(rng, year) for _ in range(rng.randrange(10, 25))])
            i += 1
            if rng.random() < 0.1:  # no report this year: coverage should show it missing
                made += time.perf_counter() - t
                continue
            agency, region, code = agency_of(a)
            pending.append(synthetic_report(i, agency, region, code, year, text, rng))
            made += time.perf_counter() - t
            if len(pending) >= batch:
                flush()
    if pending:
        flush()
    named = [agency_of(agencies + k) for k in range(agencies // 20)]  # named by a portal, never published
    db["documents"].upsert_all(document_rows([], named), pk="sha256")
    print(f"wrote {written} reports ({agencies} agencies, + {len(named)} known only from their portal), "
          f"{cells} cells with save_reports in {dt:.1f} s: {written / dt:.0f} reports/s, {cells / dt:.0f} cells/s "
          f"(+ {made:.1f} s making the synthetic reports)")
    db.conn.close()
    return dt


FACETS = "facet indexes (audit.create_indexes)"
AUDIT = (audit.TIMELINESS, audit.COVERAGE, audit.ROLLUP, reuse.TABLE, FACETS)


def timed(label: str, fn) -> float:
    t = time.perf_counter()
    fn()
    s = time.perf_counter() - t
    print(f"  {label:<44} {s:7.2f} s", flush=True)
    return s


def build_published(db_path: Path) -> dict[str, float]:
    """views.refresh (everything publication builds) once, then each audit table again on its own."""
    db = connect(db_path)
    db.execute("PRAGMA cache_size=-1000000")
    out = {}
    print("publication:")
    out["views, search index (views.create)"] = timed("views, search index (views.create)", lambda: views.create(db))
    out["every published table (views.refresh)"] = timed(
        "every published table (views.refresh)", lambda: views.refresh(db, force=True))

    def table(name):
        select, pk, indexes = views.PUBLISHED[name]

        def build():
            with db.atomic():
                views._materialise(db, name, select(), pk)
                for cols in indexes:
                    db.execute(f"CREATE INDEX [idx_{name}_{'_'.join(cols)}] ON [{name}] ({', '.join(cols)})")
        return build

    def text_reuse():
        with db.atomic():
            reuse.build(db)

    def facet_indexes():
        with db.atomic():
            audit.create_indexes(db)

    print("each audit table on its own:")
    for name, fn in [(audit.TIMELINESS, table(audit.TIMELINESS)), (audit.COVERAGE, table(audit.COVERAGE)),
                     (audit.ROLLUP, table(audit.ROLLUP)), (reuse.TABLE, text_reuse),
                     (FACETS, facet_indexes)]:
        out[name] = timed(name, fn)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {n: db.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0]
              for n in (audit.TIMELINESS, audit.COVERAGE, audit.ROLLUP, reuse.TABLE)}
    print("  rows: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    db.conn.close()
    return out


def targets(db_path: Path) -> dict[str, str]:
    """The audit canned queries (a year, and every year), table pages and facets, the coverage
    dashboard and the queries its charts fetch (for a region, and every region)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    region = conn.execute("SELECT region FROM coverage WHERE region IS NOT NULL GROUP BY region "
                          "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]  # the largest: the slowest
    conn.close()
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    queries = meta["databases"]["nianbao"]["queries"]
    q = urllib.parse.quote
    out = {}
    for name in ("missing_reports", "late_reports", "copied_reports", "prose_vs_table"):
        sql = queries[name]["sql"]
        params = {k: v for k, v in {"year": "2022", "region": region}.items() if f":{k}" in sql}
        out[f"query {name}"] = f"/nianbao/{name}.json?" + urllib.parse.urlencode(params)
        if ":year" in sql:
            out[f"query {name} (all years)"] = f"/nianbao/{name}.json?" + urllib.parse.urlencode(
                dict(params, year="", **({"region": ""} if ":region" in sql else {})))
    out.update({
        "page missing_reports": f"/nianbao/missing_reports?year=2022&region={q(region)}",
        "page missing_reports every region": "/nianbao/missing_reports?year=2022&region=",
        "page late_reports": "/nianbao/late_reports?year=2022",
        "page copied_reports": "/nianbao/copied_reports?year=",
        "timeliness": "/nianbao/timeliness",
        "timeliness late=1": "/nianbao/timeliness?late=1&_sort_desc=days_late",
        "coverage": "/nianbao/coverage",
        "coverage one region and year": f"/nianbao/coverage?region={q(region)}&year=2022",
        "coverage no report": "/nianbao/coverage?report_id__isnull=1",
        "text_reuse": "/nianbao/text_reuse",
        "text_reuse by share": "/nianbao/text_reuse?_sort_desc=reused_share",
        "text_reuse band 90–100%": "/nianbao/text_reuse?reuse_band=" + q("90–100%"),
        "region_totals": "/nianbao/region_totals",
        "region_totals cities 2022": "/nianbao/region_totals?level=city&year=2022",
        "dashboard coverage": "/-/dashboards/coverage",
        "dashboard coverage one region": f"/-/dashboards/coverage?region={q(region)}",
    })
    dash = meta["plugins"]["datasette-dashboards"]["coverage"]
    out["dashboard filter (regions)"] = "/nianbao.json?" + urllib.parse.urlencode(
        {"sql": dash["filters"]["region"]["query"]})
    for name, chart in dash["charts"].items():
        every = chart["query"].replace("[[ AND region = :region ]]", "")
        one = chart["query"].replace("[[ AND region = :region ]]", "AND region = :region")
        out[f"chart {name}"] = "/nianbao.json?" + urllib.parse.urlencode({"sql": every})
        out[f"chart {name} one region"] = "/nianbao.json?" + urllib.parse.urlencode({"sql": one, "region": region})
    return out


def bench_http(db_path: Path, rounds: int) -> list[tuple[str, float, float]]:
    from serve import free_port, start_server, time_pages  # bench/serve.py, beside this file

    port = free_port()
    proc = start_server(db_path, port, wait=900)
    base = f"http://127.0.0.1:{port}"
    print(f"HTTP, {rounds} rounds each after one warm-up (nianbao serve on 127.0.0.1:{port}):")
    try:
        return time_pages(base, targets(db_path), rounds, width=40)
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "audit" / "nianbao.db"))
    ap.add_argument("--reuse", action="store_true", help="time an existing archive (its write time is not known)")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--no-http", action="store_true", help="time only the builds")
    ap.add_argument("--write-seconds", type=float, help="with --reuse: the write time of the run that wrote it")
    args = ap.parse_args()
    db_path = Path(args.db)
    write = args.write_seconds if args.reuse else write_archive(db_path, args.reports)
    built = build_published(db_path)
    audit_s = sum(built[k] for k in AUDIT)
    print(f"audit tables (timeliness + coverage + region_totals + text_reuse + facet indexes): {audit_s:.1f} s"
          + (f" = {100 * audit_s / write:.1f} % of the write time ({write:.1f} s); every published table "
             f"{built['every published table (views.refresh)']:.1f} s = "
             f"{100 * built['every published table (views.refresh)'] / write:.1f} %" if write else ""))
    if write:
        for k in AUDIT:
            print(f"  {k:<38} {built[k]:6.2f} s  {100 * built[k] / write:5.1f} % of the write time")
    if not args.no_http:
        results = bench_http(db_path, args.rounds)
        worst = max(results, key=lambda r: r[2])
        over = [r for r in results if r[2] >= 300]
        print(f"{len(results)} audit queries and pages timed, {len(over)} with p95 >= 300 ms; "
              f"slowest p95 {worst[2]:.0f} ms ({worst[0]})")


if __name__ == "__main__":
    main()
