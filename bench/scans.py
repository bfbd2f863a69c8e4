"""Scanned reports on the independent scan corpus (tests/scan_corpus.py), per kind.

    python bench/scans.py [--kinds pdf,jpg,png1,picpdf] [--seeds 0-5] [--cache DIR] [-v]

Prints per kind: cells read % (of the cells printed), read cells wrong % (a wrong number, or
a number under a key the report does not print), metadata right (agency, year and format),
reports marked ok that hold a wrong number, false identity flags, identities the printed numbers
break that the report flags (with --broken, every report has two), seconds per page.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # bench/extract.py is not the package
sys.path.insert(0, str(HERE.parent / "tests"))

import scan_corpus  # noqa: E402
from extract.checks import run_checks  # noqa: E402
from extract.pipeline import extract_bytes  # noqa: E402


def sample(kind: str, seed: int, cache: Path, broken: bool = False) -> scan_corpus.Sample:
    path = cache / f"{kind}-{seed}{'-broken' if broken else ''}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    s = scan_corpus.build(kind, seed, broken=broken)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(s))
    return s


def score(s: scan_corpus.Sample, report) -> dict:
    got = report.values()
    read = [k for k in got if k in s.cells]
    wrong = [k for k in read if abs(got[k] - s.cells[k]) > 1e-6] + [k for k in got if k not in s.cells]
    truly_broken = {(c.rule, c.subject) for c in run_checks(s.cells) if not c.passed}
    false_flags = [c for c in report.checks if not c.passed and (c.rule, c.subject) not in truly_broken]
    flagged = {(c.rule, c.subject) for c in report.checks if c.passed is False}
    return {
        "cells": len(s.cells), "read": len(read), "wrong": len(wrong), "wrong_keys": wrong,
        "meta": int(report.agency == s.agency and report.year == s.year and report.template == s.template),
        "ok_wrong": int(report.status == "ok" and bool(wrong)),
        "false_flags": len(false_flags), "pages": s.pages, "seconds": report.seconds,
        "breaks": len(truly_broken), "caught": len(truly_broken & flagged),
        "got_meta": (report.agency, report.year, report.template, report.status),
    }


def seeds(text: str) -> list[int]:
    a, _, b = text.partition("-")
    return list(range(int(a), int(b) + 1)) if b else [int(x) for x in text.split(",")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kinds", default=",".join(scan_corpus.KINDS))
    ap.add_argument("--seeds", default="0-3")
    ap.add_argument("--cache", default="/tmp/nianbao-scan-corpus")
    ap.add_argument("-v", action="store_true", help="one line per report")
    ap.add_argument("--broken", action="store_true",
                    help="reports where one printed number breaks two identities: are the breaks flagged?")
    args = ap.parse_args()
    totals = defaultdict(lambda: defaultdict(float))
    for kind in args.kinds.split(","):
        for seed in seeds(args.seeds):
            s = sample(kind, seed, Path(args.cache), args.broken)
            report = extract_bytes(s.data, s.name)
            r = score(s, report)
            t = totals[kind]
            t["reports"] += 1
            for k in ("cells", "read", "wrong", "meta", "ok_wrong", "false_flags", "pages", "seconds", "breaks", "caught"):
                t[k] += r[k]
            if args.v:
                print(f"  {kind:6} seed {seed}: read {r['read']}/{r['cells']} wrong {r['wrong']} {r['wrong_keys'][:6]} "
                      f"meta {r['got_meta']} false flags {r['false_flags']} breaks caught {r['caught']}/{r['breaks']} "
                      f"{r['seconds']:.1f}s", flush=True)
    print(f"{'kind':7} {'reports':>7} {'cells read':>11} {'read wrong':>11} {'meta right':>11} {'ok+wrong':>9} {'false flags':>12} {'breaks caught':>14} {'s/page':>7}")
    for kind, t in totals.items():
        print(f"{kind:7} {int(t['reports']):7d} {100 * t['read'] / t['cells']:10.1f}% {100 * t['wrong'] / max(t['read'], 1):10.2f}% "
              f"{int(t['meta']):5d}/{int(t['reports']):<5d} {int(t['ok_wrong']):9d} {int(t['false_flags']):12d} {int(t['caught']):7d}/{int(t['breaks']):<6d} {t['seconds'] / t['pages']:7.1f}")


if __name__ == "__main__":
    start = time.monotonic()
    main()
    print(f"({time.monotonic() - start:.0f} s)")
