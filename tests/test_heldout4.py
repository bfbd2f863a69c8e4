"""Held-out corpus 4 (tests/heldout4/): reports written apart from the extractor, from the
national formats and how agencies publish them. Per born-digital case: no silent error (status ok
with every check passed while a number is wrong, missing or invented, or while the table has a
label the national format does not have), and every deliberately broken identity flagged.

Scans are scored by `python3 bench/accuracy.py --heldout4` only (OCR is slow). Office-made cases
(LibreOffice, Chromium, pdftotext) are built when the tools are installed; their outputs are cached
under $TMPDIR/nianbao-heldout4-cache.

An xfail entry names a case that fails today with the habit that makes it fail (strict: when the
extractor learns the habit, the entry must go)."""
from __future__ import annotations

from collections import Counter

import pytest

from extract.pipeline import extract_bytes
from tests.heldout4 import corpus, office
from tests.heldout4.model import broken_identities

OFFICE = office.available()
CASES = corpus.build(OFFICE, scans=False)

# case -> the habit that makes the extractor answer 'ok' with a wrong/missing/invented number
XFAIL_SILENT: dict[str, str] = {
}

# broken case -> the habit that hides the broken identity
XFAIL_BROKEN: dict[str, str] = {
    "raw-3": "plain pdftotext (no -layout): every table cell on its own line in reading order, no table is found "
             "so 行政复议 总计 off goes unflagged",
}

_REPORTS: dict = {}


def _report(case):
    if case.name not in _REPORTS:
        _REPORTS[case.name] = extract_bytes(case.data, case.filename)
    return _REPORTS[case.name]


def _params(cases, xfails):
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=xfails[c.name])]
                         if c.name in xfails else []) for c in cases]


@pytest.mark.parametrize("case", _params(CASES, XFAIL_SILENT))
def test_no_silent_error(case):
    report = _report(case)
    s = corpus.score(case, report)
    assert not s["silent"], corpus.describe(case, s, report)


@pytest.mark.parametrize("case", _params([c for c in CASES if c.broken], XFAIL_BROKEN))
def test_broken_identity_flagged(case):
    report = _report(case)
    s = corpus.score(case, report)
    assert s["recalled"], corpus.describe(case, s, report)


def test_corpus_shape():
    """About a hundred born-digital cases in groups of three or more, both formats, broken and
    trap cases, and expected numbers that keep the identities exactly unless a case says which one
    it breaks."""
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= (100 if OFFICE else 80)
    groups = Counter(c.group for c in CASES)
    assert all(n >= 3 for n in groups.values()), groups
    assert not any(g.startswith("scan") for g in groups)
    assert {c.format for c in CASES} == {"2019", "2021"}
    assert sum(1 for c in CASES if c.broken) >= 12
    assert sum(1 for c in CASES if c.trap) >= 6
    assert not any(c.broken and c.trap for c in CASES)
    if OFFICE:
        assert sum(1 for c in CASES if c.office) >= 15
    for c in CASES:
        assert c.data and c.filename and c.agency and 2019 <= c.year <= 2025
        n_t3 = 25 if c.format == "2021" else 23
        assert len([k for k in c.cells if k.startswith("requests.")]) in (n_t3 * 7, n_t3 * 8, 23 * 7, 23 * 8), c.name
        assert broken_identities(c.cells) == ({c.broken} if c.broken else set()), c.name
        assert c.blank_keys <= set(c.cells)
    # deterministic: the same bytes on a second build
    again = {c.name: c.data for c in corpus.build(OFFICE, scans=False, fresh=True) if not c.office}
    assert all(again[c.name] == c.data for c in CASES if not c.office)
