"""Two nights over a simulator of many portals: the first crawl, then a second where 1 % of the
reports changed and 1 % are new — crawled and extracted as `nianbao nightly` would, on one
process, and on scrapy-redis with 1 and 3 crawl processes and 1 and 3 RQ extraction workers.

    python bench/nightly.py                      # 1,000 portals
    python bench/nightly.py --portals 200 --modes local,redis1,redis3

Prints per mode and night: wall time of the crawl and of the extraction, pages and pages/s
(and their ratio to `scrapy bench` run in the same session), bytes downloaded (the second
night's as a share of the first's; target ≤ 10 %: list pages, conditional requests and the
changed documents only), peak memory (RSS of the crawl processes, summed, sampled every 0.5 s);
on Redis, the records the crawl's one writer stored and how long after the crawl processes it
was done.
A benchmark run by hand, not a test. New reports are added to the `static` portals (their
start page is the list), so --portals should leave enough of them (one in six).
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crawl import scrapy_bench  # noqa: E402  (bench/crawl.py)

from nianbao.world.simulator import CRAWL_ARGS, CYCLE, Simulator  # noqa: E402

STAT = re.compile(r"'(response_received_count|downloader/response_bytes|item_scraped_count)': (\d+)")
MODES = {"local": (0, 0), "redis1": (1, 1), "redis3": (3, 3)}  # crawl processes, extraction workers


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


@contextmanager
def redis_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tempfile.mkdtemp(prefix="bench-redis-")
    proc = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", folder,
                             "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(folder, ignore_errors=True)


def crawl(sim, folder: Path, night: int, processes: int, redis_url: str | None) -> dict:
    """One night's crawl; on Redis with the crawl's one writer beside the processes, as
    `nianbao crawl --redis` runs it (`writer`: its seconds after the last process ended)."""
    from crawler.records import Writer
    from crawler.run import command
    from nianbao.store import connect

    connect(folder / "nianbao.db").conn.close()  # the schema first, as `nianbao crawl` makes it
    n = max(processes, 1)
    logs = [folder / f"crawl-{night}-{i}.log" for i in range(n)]
    cmds = [command(sim.registry_path, [], folder / "nianbao.db", folder,
                    [*CRAWL_ARGS, "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO"], log, None, redis_url,
                    f"bench{night}") for log in logs]
    start = time.perf_counter()
    writer = Writer(redis_url, f"bench{night}", folder / "nianbao.db", folder).start() if redis_url else None
    procs = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in cmds]
    peak = 0
    while any(p.poll() is None for p in procs):
        peak = max(peak, sum(rss(p.pid) for p in procs if p.poll() is None))
        time.sleep(0.5)
    ended = time.perf_counter()
    if writer is not None:
        writer.stop()
    wall = time.perf_counter() - start
    out = {"wall": wall, "peak": peak, "pages": 0, "bytes": 0, "items": 0, "writer": time.perf_counter() - ended,
           "records": writer.stored if writer else 0}
    for log in logs:
        s = {k: int(v) for k, v in STAT.findall(log.read_text(errors="replace"))}
        out["pages"] += s.get("response_received_count", 0)
        out["bytes"] += s.get("downloader/response_bytes", 0)
        out["items"] += s.get("item_scraped_count", 0)
    return out


def extract(folder: Path, workers: int, redis_url: str | None) -> tuple[float, int]:
    start = time.perf_counter()
    if redis_url:
        from extract.queue import extract_pending_redis

        reports = extract_pending_redis(folder / "nianbao.db", redis_url, data_dir=folder, workers=workers, quiet=True)
    else:
        from extract.run import extract_pending

        reports = extract_pending(folder / "nianbao.db", data_dir=folder, quiet=True)
    return time.perf_counter() - start, len(reports)


def change(sim, share: float, seed: int) -> tuple[int, int]:
    """Touch `share` of the reports and add as many new ones (on static portals)."""
    rng = random.Random(seed)
    urls = [e["url"] for e in sim.expected]
    k = max(1, round(share * len(urls)))
    for url in rng.sample(urls, k):
        sim.touch(url)
    static = [p.id for p in sim.portals if p.family == "static"]
    for pid in rng.sample(static, min(k, len(static))):
        sim.add_report(pid)
    return k, min(k, len(static))


def run_mode(name: str, portals: int, redis_url: str | None) -> list[dict]:
    processes, workers = MODES[name]
    specs = [{"family": CYCLE[i % len(CYCLE)], "formats": ["docx", "html"]} for i in range(portals)]
    rows = []
    with Simulator(portals=specs, seed=11) as sim, tempfile.TemporaryDirectory(prefix="bench-nightly-") as tmp:
        folder = Path(tmp)
        for night in (1, 2):
            if night == 2:
                changed, added = change(sim, 0.01, seed=night)
            c = crawl(sim, folder, night, processes, redis_url if processes else None)
            e_wall, extracted = extract(folder, workers, redis_url if workers else None)
            rows.append(dict(c, mode=name, night=night, extract_wall=e_wall, extracted=extracted,
                             reports=len(sim.expected), **({"changed": changed, "added": added} if night == 2 else {})))
            print(f"  {name} night {night}: crawl {c['wall']:.1f} s, {c['pages']} pages, {c['items']} reports "
                  f"archived, {c['bytes'] / 2**20:.1f} MB; extraction {e_wall:.1f} s for {extracted}"
                  + (f"; the writer stored {c['records']} records, done {c['writer']:.1f} s after the crawl "
                     "processes" if processes else ""), flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--portals", type=int, default=1000)
    ap.add_argument("--modes", default="local,redis1,redis3", help="of: " + ", ".join(MODES))
    args = ap.parse_args()
    modes = args.modes.split(",")
    t0 = time.perf_counter()
    rows = []
    with redis_server() as url:
        for m in modes:
            rows += run_mode(m, args.portals, url)
    ref = scrapy_bench()
    ref_rate = ref["response_received_count"] / ref["elapsed_time_seconds"]
    print(f"\n{args.portals} portals, {rows[0]['reports']} reports the first night; scrapy bench "
          f"{ref_rate:.0f} pages/s; whole benchmark {time.perf_counter() - t0:.0f} s")
    head = (f"{'mode':<8}{'night':>6}{'crawl s':>9}{'pages':>7}{'pages/s':>9}{'ratio':>7}{'MB':>8}"
            f"{'share':>7}{'peak MB':>9}{'extract s':>10}{'docs':>6}")
    print(head)
    first = {}
    for r in rows:
        rate = r["pages"] / r["wall"]
        if r["night"] == 1:
            first[r["mode"]] = r["bytes"]
        share = f"{r['bytes'] / first[r['mode']]:.1%}" if r["night"] == 2 and first.get(r["mode"]) else ""
        print(f"{r['mode']:<8}{r['night']:>6}{r['wall']:>9.1f}{r['pages']:>7}{rate:>9.1f}{rate / ref_rate:>7.2f}"
              f"{r['bytes'] / 2**20:>8.1f}{share:>7}{r['peak'] / 2**20:>9.0f}{r['extract_wall']:>10.1f}"
              f"{r['extracted']:>6}")
    for r in rows:
        if r["night"] == 2:
            print(f"  {r['mode']} night 2: {r['changed']} reports changed and {r['added']} added; "
                  f"{r['items']} documents downloaded whole")


if __name__ == "__main__":
    main()
