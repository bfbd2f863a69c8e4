"""Held-out acceptance corpus (tests/heldout/): habits of CMS editors, office tools and copy-paste
that the tuned corpus does not have, in both national formats.

Asserted: no silent error (status ok, every check passed, yet a printed cell wrong, missing or
invented; or a trap that must come out partial comes out ok) and every deliberately broken
identity flagged. Today's failures are xfail(strict=True) with what goes wrong, so a fix turns
them into XPASS and the mark must go. Cell accuracy is printed (`-s`), not asserted:

    python -m pytest tests/test_heldout.py -q -s
    python bench/accuracy.py --heldout [--cases]
"""
from __future__ import annotations

import shutil
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.pipeline import extract_bytes  # noqa: E402
from tests.heldout.corpus import build, cases_plain, describe, score, summarize  # noqa: E402

OFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
PDF_NAMES = ["pdf_vmerge_21", "pdf_t4_vertical_19", "pdf_broken_appeals_21"] if OFFICE else []

# name -> what goes wrong today (a silent error: ok, checks passed, cells wrong/missing; or a trap ok)
KNOWN_SILENT: dict[str, str] = {}
# name -> what goes wrong today (the deliberately broken identity is not flagged)
KNOWN_UNFLAGGED: dict[str, str] = {}


@lru_cache(maxsize=1)
def corpus():
    return {c.name: c for c in build(OFFICE)}


@lru_cache(maxsize=None)
def result(name: str):
    case = corpus()[name]
    report = extract_bytes(case.data, case.filename)
    return case, score(case, report), report


def _plain():
    return cases_plain()


def marked(names, known):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=known[n])) if n in known else n
            for n in names]


ALL_NAMES = [c.name for c in _plain()] + PDF_NAMES
BROKEN_NAMES = [c.name for c in _plain() if c.broken] + [n for n in PDF_NAMES if "broken" in n]


def test_corpus_builds_fast_and_consistent():
    import time
    t0 = time.perf_counter()
    cases = cases_plain()
    assert time.perf_counter() - t0 < 20
    assert 60 <= len(cases) <= 110
    assert len({c.name for c in cases}) == len(cases)
    for c in cases:
        # the truth obeys every identity unless the case breaks one on purpose
        assert bool(c.violated) == bool(c.broken), c.name
        assert not c.broken or c.broken in c.violated, c.name
        assert c.truth, c.name


@pytest.mark.parametrize("name", marked(ALL_NAMES, KNOWN_SILENT))
def test_no_silent_error(name):
    case, s, report = result(name)
    assert not s["silent"], describe(case, s, report)


@pytest.mark.parametrize("name", marked(BROKEN_NAMES, KNOWN_UNFLAGGED))
def test_broken_identity_flagged(name):
    case, s, report = result(name)
    assert s["recalled"], describe(case, s, report)


def test_summary():
    rows = [result(n) for n in ALL_NAMES if n in corpus()]
    print()
    print(summarize(rows))
    for case, s, report in rows:
        if not s["exact"] or s["false_flags"] or (case.broken and not s["recalled"]) or not s["meta"]:
            print("  " + describe(case, s, report))
