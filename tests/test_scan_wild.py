"""Scans nobody here made: pages written as HTML, rendered by Chromium, degraded like real
scans (tests/scan_corpus.py; not nianbao's fixture generator). What a user checks: the
agency, year and format; no wrong number in a report marked ok; an identity flagged only
where the printed numbers break it; most cells read."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scan_corpus  # noqa: E402
from extract.checks import run_checks  # noqa: E402
from extract.pipeline import extract_bytes  # noqa: E402

pytestmark = [pytest.mark.timeout(300),
              pytest.mark.skipif(not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")),
                                 reason="needs headless Chromium")]

CASES = [("jpg", 0), ("png1", 1), ("pdf", 3), ("picpdf", 2)]
BROKEN = ("pdf", 3)  # printed with one number that breaks two identities (an agency's own error)
FLOOR = {"jpg": 0.9, "png1": 0.8, "pdf": 0.9, "picpdf": 0.9}


@pytest.mark.parametrize("kind,seed", CASES, ids=[f"{k}-{s}" for k, s in CASES])
def test_scan_from_elsewhere(kind, seed, tmp_path):
    s = scan_corpus.build(kind, seed, tmp_path, broken=(kind, seed) == BROKEN)
    report = extract_bytes(s.data, s.name)
    assert (report.agency, report.year, report.template) == (s.agency, s.year, s.template)
    got = report.values()
    wrong = {k: (v, s.cells.get(k)) for k, v in got.items() if s.cells.get(k) is None or abs(v - s.cells[k]) > 1e-6}
    if report.status == "ok":
        assert not wrong, wrong
    assert len(wrong) <= 1, wrong  # the bench's target is none; one is tolerated here
    broken = {(c.rule, c.subject) for c in run_checks(s.cells) if not c.passed}
    false_flags = [c.detail for c in report.checks if not c.passed and (c.rule, c.subject) not in broken]
    assert not false_flags or wrong, false_flags  # a flag only from a misread the user can see
    if (kind, seed) == BROKEN:  # the printed break is flagged, never passed nor read away
        flagged = {(c.rule, c.subject) for c in report.checks if c.passed is False}
        passed = {(c.rule, c.subject) for c in report.checks if c.passed}
        assert len(broken) == 2 and flagged & broken and not passed & broken, (broken, flagged)  # untested: a cell unread
        assert got.get(scan_corpus.BROKEN_KEY) == s.cells[scan_corpus.BROKEN_KEY]
    read = sum(1 for k in s.cells if k in got)
    assert read >= FLOOR[kind] * len(s.cells), (read, len(s.cells), report.reason[:300])
    assert set(s.cells) <= set(got) | set(report.unread)  # what was not read is declared unread

