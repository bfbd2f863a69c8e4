"""Publication at scale: generate synthetic reports in parallel, write them with the project's
writer, publish, serve them with `nianbao serve`, and time every canned query and page over HTTP.

    python bench/serve.py                      # 100,000 reports into bench/out/serve/nianbao.db
    python bench/serve.py --reports 1000000    # the target size (under an hour on 2 cores)
    python bench/serve.py --reports 5000       # a quick run
    python bench/serve.py --reuse              # skip writing and publishing, time an existing archive

Phases, each timed on its own:
1. generation, in parallel worker processes: each batch of reports becomes the rows
   extract/rows.py gives the store, and the same rows as a raw insert would write them
   (key ids, search words), in a compact form (numbers as bytes) in bench/out/serve/gen/,
   expanded into rows by the writing process outside the timed calls;
2. write: the batches go into one archive, each written once and committed: most through
   `save_reports` (nianbao/store/reports.py), every Nth (every other by default) as the raw SQLite
   baseline — the same rows save_reports would write (key ids, search words), by one plain
   `executemany` per table in a BEGIN … COMMIT on the same connection (same journal mode, pragmas
   and page cache). Both pay their own commit and WAL checkpoint, on the same B-trees as they
   grow; the ratio compares the seconds per report of the two kinds of batch;
3. publish (`nianbao publish`: views, search, report_numbers, audit tables), with the audit
   tables' share (timeliness, coverage, region_totals, text_reuse);
4. `nianbao serve --immutable`: time until it answers, then p50/p95 of every canned query and
   page over 20 rounds after one warm-up visit.

Prints bytes per report, the write ratio to raw SQLite, publish time, startup time and the
latencies; ends with `N queries and pages timed, M with p95 >= 300 ms`.
Targets at 1,000,000 reports: <= 20 KB a report, write <= 1.3x raw SQLite, publish < 10 min,
serve starts < 3 s, every p95 < 300 ms.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from array import array
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from extract.model import Check, Report, Section  # noqa: E402
from extract.rows import rows as report_rows  # noqa: E402
from nianbao.publication import views  # noqa: E402
from nianbao.publication.publish import publish  # noqa: E402
from nianbao.store.reports import Rows, save_reports  # noqa: E402
from nianbao.store.schema import connect  # noqa: E402
from nianbao.store.words import segment  # noqa: E402

BATCH = 1000
AUDIT = ("timeliness", "coverage", "region_totals", "text_reuse")

PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
             "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
             "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
             "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"]
DEPARTMENTS = ["人民政府", "公安局", "教育局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "卫生健康委员会", "市场监督管理局", "财政局", "民政局", "人力资源和社会保障局"]
TABLE_NO = {"active": 1, "requests": 2, "appeals": 3}
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
TEXTS = [
    "{a}认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息{n}条。",
    "二〇{y}年，{a}共收到政府信息公开申请{n}件，均在法定期限内答复。",
    "因政府信息公开工作被申请行政复议{m}件，提起行政诉讼{k}件。",
    "存在的主要问题：公开内容不够全面，解读回应不够及时。下一步将加强培训，完善制度。",
    "本年度收取信息处理费{k}元。无其他需要报告的事项。",
]


def agency_of(i: int) -> tuple[str, str, str]:
    """Agency i: its name, province and a 6-digit 行政区划 code (province, city, county)."""
    k = i % len(PROVINCES)
    prov = PROVINCES[k]
    code = f"{11 + k:02d}{i // 31 % 20 + 1:02d}{i // 620 % 30 + 1:02d}"
    return f"{prov}第{i // len(PROVINCES)}区{DEPARTMENTS[i % len(DEPARTMENTS)]}", prov, code


class Shape:
    """Where a 2021-format report prints its ~225 numbers: the keys in reading order, each with a
    location as the readers write it ("table 3 row 5 col 2": honest bytes per report). The same
    in every process; each synthetic report fills it with its own numbers."""

    def __init__(self) -> None:
        self.cols = views.col_order("requests")
        self.orgs = [c for c in self.cols if c not in ("natural_person", "org_subtotal", "total")]
        self.result_rows = [r for r in views.layouts()["requests"]["row_order"]["2021"]
                            if r not in ("new", "carried_in", "handled_total", "carried_out")]
        self.appeal_rows, self.appeal_cols = views.row_order("appeals"), views.col_order("appeals")
        self.active = [(row, c) for row, cols in views.layouts()["active"]["shape"]["2021"].items() for c in cols]
        order = ([("requests", r, c) for r in self.result_rows for c in self.cols]
                 + [("requests", r, c) for c in self.cols for r in ("carried_in", "handled_total", "carried_out", "new")]
                 + [("appeals", r, c) for r in self.appeal_rows for c in self.appeal_cols]
                 + [("active", r, c) for r, c in self.active])
        self.cells = [(t, r, c, f"{t}.{r}.{c}", f"table {TABLE_NO[t]} row {n % 31 + 1} col {n % 9 + 1}")
                      for n, (t, r, c) in enumerate(order)]
        self.use_key_ids({k["key"]: i + 1 for i, k in enumerate(views.canonical_keys())})
        self.floats = [float(v) for v in range(65536)]
        self.strs = [str(v) for v in range(65536)]

    def use_key_ids(self, ids: dict[str, int]) -> None:
        """The key ids of the raw baseline's rows (the archive's, once save_reports made them)."""
        self.key_ids = [ids[cell[3]] for cell in self.cells]
        self.by_key_id = sorted(range(len(self.cells)), key=lambda n: self.key_ids[n])


def synthetic_values(shape: Shape, rng: random.Random) -> tuple[array, int]:
    """A report's numbers in the shape's order, tables that add up; and its requests total."""
    cols, orgs = shape.cols, shape.orgs
    out = array("H")
    sums = dict.fromkeys(cols, 0)
    for _ in shape.result_rows:
        vals = {c: (rng.randrange(20) if rng.random() < 0.3 else 0) for c in ["natural_person"] + orgs}
        vals["org_subtotal"] = sum(vals[c] for c in orgs)
        vals["total"] = vals["natural_person"] + vals["org_subtotal"]
        for c in cols:
            out.append(vals[c])
            sums[c] += vals[c]
    for c in cols:
        carried_in = rng.randrange(3)
        out.extend((carried_in, sums[c], carried_in, sums[c]))
    for _ in shape.appeal_rows:
        vals = [rng.randrange(4) for _ in range(4)]
        out.extend(vals + [sum(vals)])
    out.extend(rng.randrange(100) for _ in shape.active)
    return out, int(sums["total"])


def synthetic_report(i: int, rng: random.Random, shape: Shape) -> tuple:
    """Report i, compact: (i, agency, region, year, numbers, section texts, their search words)."""
    agency, region, code = agency_of(i // len(YEARS))  # an agency's years one after another, as a crawl finds them
    year = YEARS[i % len(YEARS)]
    values, n = synthetic_values(shape, rng)
    texts = [t.format(a=agency, y=year % 100, n=n, m=i % 7, k=i % 5) for t in TEXTS]
    words = [segment(f"第{k + 1}部分\n{t}") for k, t in enumerate(texts)]
    published = f"{year + 1}-{1 + i % 5:02d}-{1 + i % 28:02d}"  # some after the deadline
    return i, agency, region, code, year, published, values.tobytes(), texts, words


def expand(shape: Shape, compact: tuple) -> tuple[Rows, tuple]:
    """A compact report as the Rows extract/rows.py gives the store, and as raw rows (the same
    rows as a plain insert writes them: key ids, search words, numbers in primary-key order)."""
    i, agency, region, code, year, published, blob, texts, words = compact
    values = array("H")
    values.frombytes(blob)
    sha = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
    rid = sha[:16]
    sections = [Section(k + 1, f"第{k + 1}部分", t) for k, t in enumerate(texts)]
    total = sum(values[n] for n, cell in enumerate(shape.cells)
                if cell[0] == "requests" and cell[2] == "total" and cell[1] == "new")
    checks = [Check("requests.balance", "total", True, float(total), float(total))]
    report = Report(id=rid, sha256=sha, format="html", agency=agency, region=region, region_code=code,
                    year=year, published=published, template="2021", title=f"{agency}{year}年政府信息公开工作年度报告",
                    url=f"http://www.example.gov.cn/{sha[:12]}.html", checks=checks, sections=sections)
    rows = report_rows(report)  # the report's row, checks and sections as extract/rows.py makes them
    fl, st = shape.floats, shape.strs
    rows.cells = [(rid, t, r, c, key, fl[v], st[v], loc) for (t, r, c, key, loc), v in zip(shape.cells, values)]
    rows.report["cells_read"] = len(rows.cells)
    kid, cells = shape.key_ids, shape.cells
    raw = (tuple(rows.report.values()),
           [(rid, kid[n], fl[values[n]], st[values[n]], cells[n][4]) for n in shape.by_key_id],
           [tuple(c.values()) for c in rows.checks],
           [(rid, s["number"], s["title"], s["text"], w) for s, w in zip(rows.sections, words)])
    return rows, raw


# ---------------------------------------------------------------- 1. generation (parallel)


def generate_batch(args: tuple[int, int, str]) -> tuple[int, float]:
    """Reports [start, stop), compact, pickled to `path`."""
    start, stop, path = args
    t = time.perf_counter()
    shape = Shape()
    batch = [synthetic_report(i, random.Random(i), shape) for i in range(start, stop)]
    Path(path).write_bytes(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
    return stop - start, time.perf_counter() - t


def generate(folder: Path, n: int, jobs: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("batch-*.pkl"):
        old.unlink()
    paths = [folder / f"batch-{i:07d}.pkl" for i in range(0, n, BATCH)]
    t = time.perf_counter()
    done = 0
    with ProcessPoolExecutor(jobs) as pool:
        for k, _ in pool.map(generate_batch, [(i, min(n, i + BATCH), str(p))
                                              for i, p in zip(range(0, n, BATCH), paths)], chunksize=4):
            done += k
            if done % 100_000 < BATCH:
                print(f"  generated {done:>8} reports  {time.perf_counter() - t:6.1f} s", flush=True)
    size = sum(p.stat().st_size for p in paths)
    print(f"generated {n} reports in {time.perf_counter() - t:.1f} s with {jobs} processes "
          f"({size / 1e9:.2f} GB)", flush=True)
    return paths


def load_batch(shape: Shape, path: Path) -> tuple[list[Rows], tuple]:
    """A batch as save_reports receives it, and the same rows for the raw insert."""
    rows, raw = [], ([], [], [], [])
    for compact in pickle.loads(path.read_bytes()):
        r, w = expand(shape, compact)
        rows.append(r)
        raw[0].append(w[0])
        raw[1].append(w[1])
        raw[2].extend(w[2])
        raw[3].extend(w[3])
    order = sorted(range(len(rows)), key=lambda k: rows[k].report["id"])  # primary-key order
    values = [v for k in order for v in raw[1][k]]
    return rows, (raw[0], values, raw[2], raw[3])


# ---------------------------------------------------------------- 2. write, against raw SQLite


def fresh(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = connect(path)
    db.execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache: the writer's own choice
    return db


def raw_insert(con: sqlite3.Connection, raw) -> None:
    """The same rows, plainly: one executemany per table, nothing else (the caller's transaction)."""
    reports, values, checks, sections = raw
    con.executemany(f"INSERT INTO reports ({', '.join(REPORT_COLS)}) VALUES ({', '.join('?' * len(reports[0]))})",
                    reports)
    con.executemany("INSERT INTO cell_values VALUES (?, ?, ?, ?, ?)", values)
    if checks:
        con.executemany(f"INSERT INTO checks ({', '.join(CHECK_COLS)}) VALUES ({', '.join('?' * len(checks[0]))})",
                        checks)
    con.executemany("INSERT INTO sections (report_id, number, title, text, words) VALUES (?, ?, ?, ?, ?)", sections)


REPORT_COLS: list[str] = []
CHECK_COLS: list[str] = []


def write_archive(db_path: Path, paths: list[Path], raw_every: int, what_if: tuple[str, ...] = ()) -> float:
    """Write every batch once, each committed; returns save_reports' seconds (its batches only).

    Every `raw_every`-th batch (never the first, which makes the key ids) is the raw SQLite
    baseline: the rows save_reports would have written, by plain executemany in BEGIN … COMMIT
    on the writer's own connection; the others go through save_reports. The two kinds of batch
    alternate over the whole run, so both are timed on the same B-trees at the same sizes, with
    their commits and checkpoints; the ratio is save_reports' seconds per report to the raw
    insert's. The archive ends the same whichever wrote a batch.
    """
    global REPORT_COLS, CHECK_COLS
    db = fresh(db_path)
    for sql in what_if:
        print(f"what-if: {sql}")
        db.execute(sql)
    con = db.conn
    segment("公开")  # jieba loads its dictionary once per process (~2 s), not a cost of any row
    save_s = raw_s = 0.0
    written = cells = saved = raw_n = 0
    shape = Shape()
    for k, path in enumerate(paths):
        rows, raw_rows = load_batch(shape, path)
        if k and raw_every and k % raw_every == 0:
            REPORT_COLS = [f"[{c}]" for c in rows[0].report]
            CHECK_COLS = [f"[{c}]" for c in rows[0].checks[0]] if rows[0].checks else []
            t = time.perf_counter()
            con.execute("BEGIN")
            raw_insert(con, raw_rows)
            con.execute("COMMIT")
            raw_s += time.perf_counter() - t
            raw_n += len(rows)
        else:
            t = time.perf_counter()
            save_reports(db, rows)
            save_s += time.perf_counter() - t
            saved += len(rows)
            if k == 0:  # the raw rows use the key ids save_reports gave
                shape.use_key_ids(dict(con.execute("SELECT key, id FROM cell_keys")))
        written += len(rows)
        cells += len(raw_rows[1])
        if written % 100_000 < BATCH or written == BATCH * 10:
            ratio = f"{(save_s / saved) / (raw_s / raw_n):.2f}" if raw_n else "-"
            print(f"  {written:>8} reports  {cells:>11} cells  save_reports {save_s:7.1f} s  "
                  f"raw {raw_s:7.1f} s  ratio to raw {ratio}", flush=True)
    db.conn.close()
    per = save_s / max(saved, 1)
    print(f"wrote {written} reports, {cells} cells: {saved} reports with save_reports in {save_s:.1f} s "
          f"({1 / per:.0f} reports/s, {cells / written / per:.0f} cells/s; all {written} would take "
          f"{per * written:.0f} s), {raw_n} as raw SQLite in {raw_s:.1f} s", flush=True)
    if raw_n:
        print(f"write ratio {per / (raw_s / raw_n):.2f}x raw SQLite (save_reports {1000 * per:.2f} ms a report, "
              f"raw executemany {1000 * raw_s / raw_n:.2f} ms a report; each batch committed, "
              f"every {raw_every}th batch raw, {raw_n} reports)", flush=True)
    return per * written


# ---------------------------------------------------------------- 3. publish


def publish_archive(db_path: Path, write_seconds: float | None) -> None:
    t = time.perf_counter()
    publish(db_path, force=True)
    total = time.perf_counter() - t
    audit = sum(views.TIMINGS.get(a, 0.0) for a in AUDIT)
    parts = ", ".join(f"{k} {v:.1f}" for k, v in views.TIMINGS.items())
    print(f"published in {total:.1f} s ({parts} s; the rest: views, search, indexes)")
    share = f", {100 * audit / write_seconds:.0f}% of the write time" if write_seconds else ""
    print(f"audit tables ({', '.join(AUDIT)}): {audit:.1f} s, {100 * audit / total:.0f}% of publishing{share}",
          flush=True)


# ---------------------------------------------------------------- 4. serve and time


def targets(db_path: Path) -> dict[str, str]:
    """Every canned query (with a realistic parameter) and the main pages."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    agency = conn.execute("SELECT agency FROM reports LIMIT 1 OFFSET 500").fetchone()[0]
    rid = conn.execute("SELECT id FROM reports LIMIT 1 OFFSET 700").fetchone()[0]
    # where the 100th page of search_all for 公开 starts (the sections are ~80% of its matches)
    before = conn.execute("SELECT max(rowid) - 5000 FROM sections").fetchone()[0]
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
        # the tables' search box opens search_all (a 302); the table itself answers JSON, counting every match
        "search_sections search": "/nianbao/search_sections?_search=" + urllib.parse.quote("行政复议"),
        "search_sections search (公开)": "/nianbao/search_sections?_search=" + urllib.parse.quote("公开"),
        "sections search (302 to search_all)": "/nianbao/sections?_search=" + urllib.parse.quote("行政复议"),
        "search_all (公开) page 100": f"/nianbao/search_all?q={urllib.parse.quote('公开')}&before={before}",
        "search_sections.json search (公开), counted": "/nianbao/search_sections.json?_search=" + urllib.parse.quote("公开"),
        "checks failed": "/nianbao/checks?passed=0", "dashboard": "/-/dashboards/trends",
        "original file": None,
        "report_numbers.csv": "/nianbao/report_numbers.csv?year=2022",
        # the audit tables' pages (issue 14) and the cross-year pairs
        "timeliness": "/nianbao/timeliness", "timeliness late 2022": "/nianbao/timeliness?year=2022&late=1",
        "coverage": "/nianbao/coverage", "coverage 2022 region": "/nianbao/coverage?year=2022&region=" + urllib.parse.quote("广东省"),
        "text_reuse": "/nianbao/text_reuse", "region_totals": "/nianbao/region_totals",
        "carried_mismatches": "/nianbao/carried_mismatches",
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


def time_pages(base: str, pages: dict[str, str], rounds: int, width: int = 44) -> list[tuple[str, float, float]]:
    """p50 and p95 (ms) of each page over `rounds` visits, after one that fills the caches (a
    warm server is timed); printed as they come."""
    results = []
    for name, path in pages.items():
        for attempt in range(5):  # the first search waits for jieba's dictionary, loaded in the background
            try:
                time_url(base, path, 1)
                break
            except urllib.error.HTTPError:
                if attempt == 4:
                    raise
                time.sleep(2)
        ms = sorted(time_url(base, path, rounds))
        p50, p95 = statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * len(ms))) - 1)]
        results.append((name, p50, p95))
        flag = "" if p95 < 300 else "   <-- over 300 ms"
        pad = width - sum(2 if ord(ch) > 0x2E7F else 1 for ch in name)  # CJK is two columns wide
        print(f"  {name}{' ' * max(1, pad)} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms{flag}", flush=True)
    return results


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, port: int, wait: float = 900) -> subprocess.Popen:
    """`nianbao serve --immutable` as a user runs it; returns once it answers."""
    log = open(db_path.parent / f"serve-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "nianbao.cli", "serve", "--db", str(db_path),
                             "--port", str(port), "--immutable"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + wait
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nianbao serve exited: {Path(log.name).read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"nianbao serve did not answer in {wait:.0f} s")


def bench_http(db_path: Path, rounds: int) -> list[tuple[str, float, float]]:
    port = free_port()
    t = time.perf_counter()
    proc = start_server(db_path, port)
    print(f"nianbao serve answered after {time.perf_counter() - t:.2f} s (startup)", flush=True)
    base = f"http://127.0.0.1:{port}"
    try:
        return time_pages(base, targets(db_path), rounds)
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "serve" / "nianbao.db"))
    ap.add_argument("--reuse", action="store_true", help="time an existing archive")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="generator processes")
    ap.add_argument("--raw-every", type=int, default=2,
                    help="write every Nth batch as the raw SQLite baseline instead of with save_reports "
                         "(default 2: every other batch; 0: none)")
    ap.add_argument("--what-if", action="append", default=[], metavar="SQL",
                    help="run this SQL on the writer's connection first, e.g. 'PRAGMA synchronous=OFF'")
    args = ap.parse_args()
    db_path = Path(args.db)
    started = time.perf_counter()
    if not args.reuse:
        gen = db_path.parent / "gen"
        paths = generate(gen, args.reports, args.jobs)
        dt = write_archive(db_path, paths, args.raw_every, tuple(args.what_if))
        for p in paths:
            p.unlink()
        publish_archive(db_path, dt)
    n = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True).execute(
        "SELECT count(*) FROM reports").fetchone()[0]
    size = db_path.stat().st_size
    print(f"archive: {db_path} ({size / 1e9:.2f} GB): {size / max(n, 1):,.0f} bytes per report "
          f"({n} reports)", flush=True)
    results = bench_http(db_path, args.rounds)
    print(f"whole run {time.perf_counter() - started:.0f} s")
    over = [r for r in results if r[2] >= 300]
    print(f"{len(results)} queries and pages timed, {len(over)} with p95 >= 300 ms")


if __name__ == "__main__":
    main()
