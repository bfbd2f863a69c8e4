"""Documents per second per format on a generated corpus, on one core.

    python bench/extract.py [--n 60] [--formats html,text,docx,pdf,doc,scan]

For born-digital PDFs it also prints the ratio of nianbao's time to the time pdfplumber
alone takes to open the same files and run extract_tables() on every page (target ≤ 1.5),
and for scans the seconds per page (target ≤ 10). Targets: HTML ≥ 50 reports/s.
"""
from __future__ import annotations

import argparse
import os
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60, help="reports per fast format")
    ap.add_argument("--formats", default="html,text,docx,pdf,doc,scan")
    args = ap.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'format':6} {'files':>5} {'seconds':>8} {'reports/s':>9}  notes")
        for fmt in args.formats.split(","):
            n = max(3, args.n // 10) if fmt in SLOW else args.n
            paths = write_corpus(Path(tmp) / fmt, n, formats=(fmt,), seed=100, variants="cycle")
            extract_path(paths[0])  # warm caches and imports
            start = time.perf_counter()
            reports = [extract_path(p) for p in paths]
            seconds = time.perf_counter() - start
            statuses = {s: sum(r.status == s for r in reports) for s in ("ok", "partial", "failed")}
            note = " ".join(f"{k}={v}" for k, v in statuses.items())
            if fmt == "pdf":
                alone = pdfplumber_alone(paths)
                note += f"  pdfplumber alone {alone:.2f} s, ratio {seconds / alone:.2f} (target ≤ 1.5)"
            if fmt == "scan":
                note += f"  {seconds / pages(paths):.2f} s/page (target ≤ 10)"
            print(f"{fmt:6} {len(paths):5} {seconds:8.2f} {len(paths) / seconds:9.1f}  {note}")


if __name__ == "__main__":
    main()
