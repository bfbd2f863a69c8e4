"""Crawl speed: simulators of many portals (one loopback address each) crawled with politeness
delay 0, beside `scrapy bench` run in the same session; pages/s, their ratio and peak memory.

    python bench/crawl.py                      # 50, 200 and 1,000 portals
    python bench/crawl.py --portals 100 200    # other sizes
    python bench/crawl.py --render 40          # portals whose list needs the rendering fallback (0: none)

Peak memory is the crawl's resident set (the process and any children, from /proc) sampled
every 0.5 s — Scrapy's own memusage/max samples once a minute, after most crawls here ended.
Targets: ≥ 0.5 of scrapy bench's pages/s; peak memory grows < 10 KB per portal from 50 to 1,000.

The rendering fallback (crawler/render.py) is measured on `--render` portals of the simulator's
`rendered` family (lists drawn by script from an API computed at run time), crawled with the
registry's `render` off and on: pages/s and its ratio to scrapy bench both ways, the rendered
pages and their cost (browser seconds a page, peak memory with Chromium), reports found.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.settings import NIANBAO_RENDER_PAGES as RENDER_PAGES  # noqa: E402
from nianbao.world.simulator import CYCLE, Simulator  # noqa: E402

STAT = re.compile(r"'(response_received_count|elapsed_time_seconds|memusage/max|item_scraped_count|render/pages|"
                  r"render/seconds)': ([\d.]+)")


def stats(log: str) -> dict[str, float]:
    return {k: float(v) for k, v in STAT.findall(log)}


def rss_tree(pid: int) -> int:
    """Resident bytes of a process and its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, StopIteration):
            continue
    return total


def run_sampled(cmd: list[str], every: float = 0.5) -> tuple[subprocess.CompletedProcess, int, int]:
    """Run cmd, sampling its memory every `every` seconds; (result, peak bytes, samples)."""
    peak, samples = 0, 0
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, text=True)
        done = threading.Event()

        def sample():
            nonlocal peak, samples
            while not done.is_set():
                peak = max(peak, rss_tree(proc.pid))
                samples += 1
                done.wait(every)

        t = threading.Thread(target=sample, daemon=True)
        t.start()
        proc.wait()
        done.set()
        t.join()
        err.seek(0)
        return subprocess.CompletedProcess(cmd, proc.returncode, "", err.read()), peak, samples


def crawl(n: int, concurrency: int, specs: list[dict] | None = None) -> dict:
    specs = specs or [{"family": CYCLE[i % len(CYCLE)], "formats": ["html"]} for i in range(n)]
    with Simulator(portals=specs, seed=1) as sim, tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "portals",
               "-s", f"NIANBAO_PORTALS={sim.registry_path}", "-s", f"NIANBAO_DATA_DIR={tmp}",
               "-s", f"NIANBAO_DB={tmp}/nianbao.db", "-s", f"JOBDIR={tmp}/jobs/bench",
               "-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"CONCURRENT_REQUESTS={concurrency}",
               "-s", "LOG_LEVEL=INFO"]
        start = time.perf_counter()
        out, peak, samples = run_sampled(cmd)
        wall = time.perf_counter() - start
        s = stats(out.stderr)
        s.update(wall=wall, expected=len(sim.expected), portals=n, peak_host=max(sim.concurrency.values()),
                 peak_rss=peak, samples=samples)
        return s


def scrapy_bench() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    with tempfile.TemporaryDirectory() as tmp:  # outside the project: scrapy's own defaults
        out = subprocess.run([sys.executable, "-m", "scrapy", "bench", "-s", "CLOSESPIDER_TIMEOUT=15"],
                             cwd=tmp, env=env, capture_output=True, text=True)
    return stats(out.stderr)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--portals", type=int, nargs="+", default=[50, 200, 1000])
    ap.add_argument("--concurrency", type=int, default=32, help="CONCURRENT_REQUESTS (per host stays 2)")
    ap.add_argument("--render", type=int, default=40, help="portals whose lists need rendering (0: skip)")
    args = ap.parse_args()
    runs = [crawl(n, args.concurrency) for n in args.portals]
    rendered = {on: crawl(args.render, args.concurrency, [{"family": "rendered", "formats": ["html"], "render": on}
                                                          for _ in range(args.render)])
                for on in (False, True)} if args.render else {}
    ref = scrapy_bench()
    ref_rate = ref["response_received_count"] / ref["elapsed_time_seconds"]
    print(f"{'run':<22}{'pages':>8}{'reports':>9}{'seconds':>9}{'pages/s':>9}{'ratio':>7}{'peak MB':>9}"
          f"{'samples':>9}{'scrapy MB':>10}{'max/host':>9}")
    for r in runs:
        rate = r["response_received_count"] / r["elapsed_time_seconds"]
        print(f"{'crawl %d portals' % r['portals']:<22}{r['response_received_count']:>8.0f}"
              f"{r.get('item_scraped_count', 0):>9.0f}{r['elapsed_time_seconds']:>9.1f}{rate:>9.1f}"
              f"{rate / ref_rate:>7.2f}{r['peak_rss'] / 2**20:>9.1f}{r['samples']:>9}"
              f"{r.get('memusage/max', 0) / 2**20:>10.0f}{r['peak_host']:>9}")
        if r.get("item_scraped_count", 0) != r["expected"]:
            print(f"  ! {r.get('item_scraped_count', 0):.0f} of {r['expected']} reports archived")
    print(f"{'scrapy bench':<22}{ref['response_received_count']:>8.0f}{'':>9}{ref['elapsed_time_seconds']:>9.1f}"
          f"{ref_rate:>9.1f}{1:>7.2f}{'':>9}{'':>9}{ref['memusage/max'] / 2**20:>10.0f}")
    for on, r in rendered.items():
        rate = r["response_received_count"] / r["elapsed_time_seconds"]
        label = f"render {'on' if on else 'off'} {r['portals']} portals"
        print(f"{label:<22}{r['response_received_count']:>8.0f}{r.get('item_scraped_count', 0):>9.0f}"
              f"{r['elapsed_time_seconds']:>9.1f}{rate:>9.1f}{rate / ref_rate:>7.2f}{r['peak_rss'] / 2**20:>9.1f}"
              f"{r['samples']:>9}{r.get('memusage/max', 0) / 2**20:>10.0f}{r['peak_host']:>9}")
        if on:
            pages, secs = r.get("render/pages", 0), r.get("render/seconds", 0)
            print(f"  {pages:.0f} pages rendered, {secs / max(pages, 1):.2f} s of browser time each "
                  f"({RENDER_PAGES} at once, the first with Chromium's start); "
                  f"{r.get('item_scraped_count', 0):.0f} of {r['expected']} reports")
        else:
            print(f"  {r.get('item_scraped_count', 0):.0f} of {r['expected']} reports without rendering "
                  f"(the lists are drawn by script)")
    if len(runs) > 1:
        a, b = runs[0], runs[-1]
        per = (b["peak_rss"] - a["peak_rss"]) / (b["portals"] - a["portals"]) / 1024
        print(f"peak memory {a['peak_rss'] / 2**20:.1f} MB at {a['portals']} portals, {b['peak_rss'] / 2**20:.1f} MB "
              f"at {b['portals']}: {per:.1f} KB per portal (target < 10)")


if __name__ == "__main__":
    main()
