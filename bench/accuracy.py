"""Cell accuracy of the extractors on a generated corpus, per format and variant.

    python bench/accuracy.py [--formats html,text,docx] [--seeds 10]

Prints, per format/variant: reports, cells right / cells, reports whose format, agency and
year are right, and identity flags (every broken report flagged, no false flag).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # bench/extract.py is not the package

from extract.pipeline import extract_bytes
from nianbao.world.files import VARIANTS, make_truth, render

BROKEN = [None, None, "requests.balance", "requests.row_total", "appeals.row_total", "requests.results_sum"]
NAMES = {"text": "x.txt", "scan": "x.pdf", "png": "x.png"}


def score(truth, report):
    got = report.values()
    right = sum(1 for k, v in truth.cells.items() if k in got and abs(got[k] - v) < 1e-6)
    flagged = {c.rule for c in report.checks if not c.passed}
    return {
        "cells": len(truth.cells), "right": right, "extra": len([k for k in got if k not in truth.cells]),
        "meta": int(report.agency == truth.agency and report.year == truth.year and report.template == truth.template),
        "flag_ok": int((truth.broken in flagged) if truth.broken else not flagged),
        "seconds": report.seconds,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--formats", default="html,text,docx")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--independent", action="store_true",
                    help="score the independent corpus (tests/independent/) instead of the generated one")
    ap.add_argument("--cases", action="store_true", help="with --independent: one line per case that is not exact")
    ap.add_argument("--heldout", action="store_true",
                    help="score the held-out corpus (tests/heldout/): habits the extractor was not tuned on")
    ap.add_argument("--heldout3", action="store_true",
                    help="score held-out corpus 3 (tests/heldout3/): born-digital reports written apart from the extractor")
    ap.add_argument("--heldout4", action="store_true",
                    help="score held-out corpus 4 (tests/heldout4/): born-digital reports and scans written apart from the extractor")
    args = ap.parse_args()
    if args.heldout:
        return outside_corpus("heldout", show_cases=args.cases)
    if args.heldout3:
        return outside_corpus("heldout3", show_cases=args.cases)
    if args.heldout4:
        return outside_corpus("heldout4", show_cases=args.cases)
    if args.independent:
        return outside_corpus("independent", show_cases=args.cases)
    total = defaultdict(int)
    print(f"{'format':6} {'variant':14} {'reports':>7} {'cells right':>14} {'extra':>5} {'meta ok':>7} {'flags ok':>8} {'s/report':>8}")
    for fmt in args.formats.split(","):
        for variant in VARIANTS[fmt]:
            acc = defaultdict(float)
            for seed in range(args.seeds):
                t0 = make_truth(seed, broken=BROKEN[seed % len(BROKEN)])
                report = extract_bytes(render(t0, fmt, variant), NAMES.get(fmt, "x." + fmt))
                for k, v in score(t0.for_variant(variant), report).items():
                    acc[k] += v
            for k in ("cells", "right", "meta", "flag_ok"):
                total[k] += acc[k]
            total["reports"] += args.seeds
            print(f"{fmt:6} {variant:14} {args.seeds:7} {int(acc['right']):6}/{int(acc['cells']):<7} {int(acc['extra']):5} "
                  f"{int(acc['meta']):7} {int(acc['flag_ok']):8} {acc['seconds'] / args.seeds:8.3f}")
    print(f"all: {total['reports']} reports, cells {total['right'] / total['cells']:.4%} right, "
          f"metadata right on {total['meta']}/{total['reports']}, flags right on {total['flag_ok']}/{total['reports']}")


def outside_corpus(name: str, show_cases: bool = False) -> None:
    """A corpus written apart from the generator (tests/independent, tests/heldout): per group
    (format × habit) cells right / cells, reports ok/partial/failed, silent errors (ok, every
    check passed, a printed number wrong or missing), recall of the deliberately broken
    identities and precision of the flags raised."""
    import importlib
    import shutil

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    corpus = importlib.import_module(f"tests.{name}.corpus")
    office = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
    t0 = time.perf_counter()
    cases = corpus.build(office)
    t1 = time.perf_counter()
    rows = []
    for case in cases:
        report = extract_bytes(case.data, case.filename)
        rows.append((case, corpus.score(case, report), report))
    t2 = time.perf_counter()
    print(corpus.summarize(rows))
    print(f"built {len(cases)} cases in {t1 - t0:.1f}s, extracted in {t2 - t1:.1f}s"
          + ("" if office else " (LibreOffice/pdftotext missing: office cases skipped)"))
    for case, s, report in rows:
        if s["silent"]:
            print("SILENT " + corpus.describe(case, s, report))
        elif show_cases and (s["wrong"] or s["missing"] or (case.broken and not s["recalled"])
                             or s.get("false_flags") or not s.get("meta", True)):
            print("  " + corpus.describe(case, s, report))


if __name__ == "__main__":
    main()
