"""Crawl speed: simulators of many portals (one loopback address each) crawled with politeness
delay 0, beside `scrapy bench` run in the same session; pages/s, their ratio and peak memory.

    python bench/crawl.py                 # 200 portals, and 50 to show memory is flat
    python bench/crawl.py --portals 100 --small 0

Target: ≥ 0.5 of scrapy bench's pages/s; peak memory about the same for 50 and 200 portals.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao.world.simulator import CYCLE, Simulator  # noqa: E402

STAT = re.compile(r"'(response_received_count|elapsed_time_seconds|memusage/max|item_scraped_count)': ([\d.]+)")


def stats(log: str) -> dict[str, float]:
    return {k: float(v) for k, v in STAT.findall(log)}


def crawl(n: int, concurrency: int) -> dict:
    specs = [{"family": CYCLE[i % len(CYCLE)], "formats": ["html"]} for i in range(n)]
    with Simulator(portals=specs, seed=1) as sim, tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "portals",
               "-s", f"NIANBAO_PORTALS={sim.registry_path}", "-s", f"NIANBAO_DATA_DIR={tmp}",
               "-s", f"NIANBAO_DB={tmp}/nianbao.db", "-s", f"JOBDIR={tmp}/jobs/bench",
               "-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"CONCURRENT_REQUESTS={concurrency}",
               "-s", "LOG_LEVEL=INFO"]
        start = time.perf_counter()
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        s = stats(out.stderr)
        s.update(wall=wall, expected=len(sim.expected), portals=n, peak_host=max(sim.concurrency.values()))
        return s


def scrapy_bench() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    with tempfile.TemporaryDirectory() as tmp:  # outside the project: scrapy's own defaults
        out = subprocess.run([sys.executable, "-m", "scrapy", "bench", "-s", "CLOSESPIDER_TIMEOUT=15"],
                             cwd=tmp, env=env, capture_output=True, text=True)
    return stats(out.stderr)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--portals", type=int, default=200)
    ap.add_argument("--small", type=int, default=50, help="a smaller run to compare memory (0: skip)")
    ap.add_argument("--concurrency", type=int, default=32, help="CONCURRENT_REQUESTS (per host stays 2)")
    args = ap.parse_args()
    runs = [crawl(n, args.concurrency) for n in ([args.small] if args.small else []) + [args.portals]]
    ref = scrapy_bench()
    ref_rate = ref["response_received_count"] / ref["elapsed_time_seconds"]
    print(f"{'run':<22}{'pages':>8}{'reports':>9}{'seconds':>9}{'pages/s':>9}{'ratio':>7}{'peak MB':>9}{'max/host':>9}")
    for r in runs:
        rate = r["response_received_count"] / r["elapsed_time_seconds"]
        print(f"{'crawl %d portals' % r['portals']:<22}{r['response_received_count']:>8.0f}"
              f"{r.get('item_scraped_count', 0):>9.0f}{r['elapsed_time_seconds']:>9.1f}{rate:>9.1f}"
              f"{rate / ref_rate:>7.2f}{r['memusage/max'] / 2**20:>9.0f}{r['peak_host']:>9}")
        if r.get("item_scraped_count", 0) != r["expected"]:
            print(f"  ! {r.get('item_scraped_count', 0):.0f} of {r['expected']} reports archived")
    print(f"{'scrapy bench':<22}{ref['response_received_count']:>8.0f}{'':>9}{ref['elapsed_time_seconds']:>9.1f}"
          f"{ref_rate:>9.1f}{1:>7.2f}{ref['memusage/max'] / 2**20:>9.0f}")


if __name__ == "__main__":
    main()
