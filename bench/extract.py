"""Documents per second per format on a generated corpus, on one core.

    python bench/extract.py [--seconds 10] [--formats html,text,docx,pdf,doc,scan]

Each figure rests on seconds of work, not fractions: a first corpus (60 files of a fast
format, 6 of a slow one) measures the rate, then more files are written until the timed
extraction has used at least --seconds of CPU (every file a different report; none is read
twice). Wall seconds and CPU seconds are both printed: on a machine shared with other jobs,
reports per CPU-second is the figure that does not depend on the neighbours.

For born-digital PDFs it also prints the ratio of nianbao's time to the time pdfplumber
alone takes to open the same files and run extract_tables() on every page (target ≤ 1.5),
and for scans the seconds per page (target ≤ 10). Targets: HTML ≥ 50 reports/s.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

# this file is named like the `extract` package: keep bench/ off the import path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from extract.pipeline import extract_path
from nianbao.world.files import write_corpus

SLOW = {"pdf", "doc", "scan", "png"}  # LibreOffice/OCR make these slow to generate: fewer files


def pdfplumber_alone(paths: list[Path]) -> float:
    import pdfplumber

    start = time.perf_counter()
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_tables()
    return time.perf_counter() - start


def pages(paths: list[Path]) -> int:
    import pypdfium2

    return sum(len(pypdfium2.PdfDocument(str(p))) for p in paths)


def cpu() -> float:
    """CPU seconds of this process and its finished children (LibreOffice, OCR helpers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(paths: list[Path]) -> tuple[list, float, float]:
    """The reports, wall seconds and CPU seconds of extracting these files."""
    start, c = time.perf_counter(), cpu()
    reports = [extract_path(p) for p in paths]
    return reports, time.perf_counter() - start, cpu() - c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60, help="files of a fast format in the first corpus")
    ap.add_argument("--seconds", type=float, default=10.0, help="least seconds of timed work per format")
    ap.add_argument("--formats", default="html,text,docx,pdf,doc,scan")
    args = ap.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'format':6} {'files':>5} {'seconds':>8} {'reports/s':>9} {'cpu s':>7} {'per cpu-s':>9}  notes")
        for fmt in args.formats.split(","):
            n = max(3, args.n // 10) if fmt in SLOW else args.n
            folder = Path(tmp) / fmt
            paths = write_corpus(folder / "0", n, formats=(fmt,), seed=100, variants="cycle")
            extract_path(write_corpus(folder / "warm", 1, formats=(fmt,), seed=99)[0])  # imports, caches
            reports, seconds, cpu_s = timed(paths)
            seed, part = 100 + n, 1
            while cpu_s < args.seconds:  # more reports, never the same file twice
                more = max(1, int((args.seconds - cpu_s) * len(paths) / max(cpu_s, 0.01) * 1.1) + 1)
                extra = write_corpus(folder / str(part), more, formats=(fmt,), seed=seed, variants="cycle")
                got, dt, dc = timed(extra)
                paths, reports, seed, part = paths + extra, reports + got, seed + more, part + 1
                seconds, cpu_s = seconds + dt, cpu_s + dc
            statuses = {s: sum(r.status == s for r in reports) for s in ("ok", "partial", "failed")}
            note = " ".join(f"{k}={v}" for k, v in statuses.items())
            if fmt == "pdf":
                alone = pdfplumber_alone(paths)
                note += f"  pdfplumber alone {alone:.2f} s, ratio {seconds / alone:.2f} (target ≤ 1.5)"
            if fmt == "scan":
                note += f"  {seconds / pages(paths):.2f} s/page (target ≤ 10)"
            print(f"{fmt:6} {len(paths):5} {seconds:8.2f} {len(paths) / seconds:9.1f} {cpu_s:7.2f} "
                  f"{len(paths) / cpu_s:9.1f}  {note}", flush=True)


if __name__ == "__main__":
    main()
