"""Extraction I: HTML, text and DOCX reports into canonical cells, checks and the database."""
from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extract.numbers import parse_number
from extract.pipeline import extract_bytes, extract_path
from nianbao.world.files import VARIANTS, make_truth, render
from nianbao.job import Job

SEED = Path(__file__).resolve().parent / "real" / "000_adb888ebb0553f89.txt"
NAMES = {"text": "report.txt", "html": "report.html", "docx": "report.docx"}


def nianbao(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_seed_report_is_read_as_published():
    r = extract_path(SEED)
    assert (r.template, r.year, r.agency, r.format) == ("2019", 2020, "鹤岗市营商环境建设监督局", "text")
    assert r.status == "ok", r.reason
    assert r.published == "2021-01-06"
    assert len(r.cells) == 8 * 0 + 22 + 23 * 7 + 15  # table 2 (2019), table 3, table 4
    assert {c.value for c in r.cells} == {0.0}
    assert r.checks and all(c.passed for c in r.checks)
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("fmt,variant", [(f, v) for f in ("html", "text", "docx") for v in VARIANTS[f]])
def test_every_layout_gives_the_printed_numbers(fmt, variant):
    for seed in (3, 11):
        t0 = make_truth(seed)
        truth = t0.for_variant(variant)
        r = extract_bytes(render(t0, fmt, variant), NAMES[fmt])
        assert r.status == "ok", r.reason
        assert (r.agency, r.year, r.template) == (truth.agency, truth.year, truth.template)
        assert r.values() == pytest.approx(truth.cells)
        assert all(c.passed for c in r.checks)


@pytest.mark.parametrize("rule", ["requests.balance", "requests.row_total", "requests.results_sum", "appeals.row_total"])
def test_a_report_that_does_not_add_up_is_flagged(rule):
    t = make_truth(5, broken=rule)
    r = extract_bytes(render(t, "html", "standard"), "x.html")
    failed = [c for c in r.checks if not c.passed]
    assert {c.rule for c in failed} == {rule}
    assert all(c.detail and c.cells for c in failed)
    assert r.status == "ok"  # every cell was read: the numbers are the agency's


def test_printed_numbers():
    cases = {"１２３": 123, "1,234": 1234, "—": 0, "/": 0, "无": 0, "": 0, "+1036": 1036, "-3": -3,
             "12.50万元": 12.5, "251000元": 251000, "０": 0, " 7 ": 7}
    assert {k: parse_number(k) for k in cases} == cases
    assert parse_number("本年新收") is None and parse_number("2.重复申请") is None


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """Each bad file, and a word its failure reason must contain."""
    good_docx = render(make_truth(1), "docx")
    (folder / "no-table.html").write_text("<html><body><p>政府信息公开指南</p></body></html>", "utf-8")
    (folder / "truncated.docx").write_bytes(good_docx[: len(good_docx) // 2])
    (folder / "not-a-zip.docx").write_bytes(b"this is not a word file at all")
    (folder / "junk.html").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        with z.open("word/media/huge.bin", "w", force_zip64=True) as f:
            for _ in range(310):
                f.write(bytes(1 << 20))
    (folder / "bomb.docx").write_bytes(bomb.getvalue())
    with open(folder / "huge.html", "wb") as f:  # 210 MB, sparse
        f.truncate(210 << 20)
    return {"no-table.html": "no report tables", "truncated.docx": "zip", "not-a-zip.docx": "zip",
            "junk.html": "binary", "empty.txt": "empty", "bomb.docx": "zip bomb", "huge.html": "too large"}


def test_bad_input_is_recorded_and_the_run_goes_on(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    expected = make_bad_inputs(docs)
    (docs / "good.html").write_bytes(render(make_truth(2), "html"))
    db = tmp_path / "n.db"
    run = nianbao("extract", str(docs), "--db", str(db), "--timeout", "60")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    rows = {Path(u).name: (s, reason) for u, s, reason in
            sqlite3.connect(db).execute("SELECT url, status, reason FROM reports")}
    assert rows["good.html"][0] == "ok"
    for name, word in expected.items():
        status, reason = rows[name]
        assert status == "failed" and word in reason, (name, status, reason)
    # nothing lost: every file but the one too large to copy is archived by sha256
    archived = list((tmp_path / "raw").rglob("*.*"))
    assert len(archived) == len(expected)


def test_extracting_twice_gives_the_same_database(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for seed, fmt in [(1, "html"), (2, "docx"), (3, "text")]:
        (docs / f"r{seed}.{'txt' if fmt == 'text' else fmt}").write_bytes(render(make_truth(seed), fmt))
    (docs / "copy-of-r1.html").write_bytes((docs / "r1.html").read_bytes())
    db = tmp_path / "n.db"

    def dump():
        con = sqlite3.connect(db)
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("reports", "cells", "checks", "sections", "documents")}

    assert nianbao("extract", str(docs), "--db", str(db)).returncode == 0
    first = dump()
    assert nianbao("extract", str(docs), "--db", str(db)).returncode == 0
    assert dump() == first
    assert first["reports"] == 3 and first["documents"] == 3
    assert first["cells"] == sum(len(make_truth(s).cells) for s in (1, 2, 3))


def test_pending_extracts_what_the_crawler_archived(tmp_path):
    from nianbao import store as database
    from nianbao.store.archive import store_raw
    from extract.run import extract_pending

    con = database.connect(tmp_path / "n.db")
    t = make_truth(4)
    sha, rel = store_raw(tmp_path, render(t, "html"), "html")
    con["documents"].insert({"sha256": sha, "url": "http://127.0.0.2/a.html", "path": rel, "format": "html",
                             "portal_id": "demo", "region": "测试市", "year_hint": t.year})
    reports = extract_pending(tmp_path / "n.db", quiet=True)
    assert [(r.url, r.portal_id, r.region, r.status) for r in reports] == [("http://127.0.0.2/a.html", "demo", "测试市", "ok")]
    assert extract_pending(tmp_path / "n.db", quiet=True) == []


def test_cross_year_checks(tmp_path):
    """Consecutive years of one agency agree on what was carried over, except where the
    generator made the agency misreport it: exactly those columns are flagged."""
    import random

    from extract.run import extract_many
    from nianbao import store as database
    from nianbao.world.samples import MISREPORTED_CARRY

    good = "测试市测试局"
    bad = next(f"测试市测试{i}局" for i in range(1000)
               if random.Random(f"misreported|测试市测试{i}局|2023").random() < MISREPORTED_CARRY)
    truths = [make_truth(7, year=2022, agency=a) for a in (good, bad)] + \
             [make_truth(8, year=2023, agency=a) for a in (good, bad)]
    for i, t in enumerate(truths):
        (tmp_path / f"{i}.html").write_bytes(render(t, "html"))
    con = database.connect(tmp_path / "n.db")
    extract_many(con, [Job(name=f"{i}.html", path=tmp_path / f"{i}.html") for i in range(4)], quiet=True)
    rows = con.execute("""SELECT r.agency, c.subject, c.passed, c.expected, c.actual FROM checks c
        JOIN reports r ON r.id = c.report_id WHERE c.rule = 'cross_year.carried'""").fetchall()
    assert len(rows) == 14
    before = {t.agency: t for t in truths[:2]}
    after = {t.agency: t for t in truths[2:]}
    for agency, subject, passed, expected, actual in rows:
        assert expected == before[agency].cells[f"requests.carried_out.{subject}"]
        assert actual == after[agency].cells[f"requests.carried_in.{subject}"]
        assert passed == (expected == actual)
    assert {(a, s) for a, s, passed, *_ in rows if not passed} == {(bad, "natural_person"), (bad, "total")}


def test_a_page_and_its_attachment_are_one_report_to_count(tmp_path):
    from extract.run import extract_many
    from nianbao import store as database

    t = make_truth(9)
    (tmp_path / "page.html").write_bytes(render(t, "html", "nested"))
    (tmp_path / "attachment.docx").write_bytes(render(t, "docx"))
    con = database.connect(tmp_path / "n.db")
    extract_many(con, [Job(name=n, path=tmp_path / n) for n in ("page.html", "attachment.docx")], quiet=True)
    rows = dict(con.execute("SELECT format, duplicate_of FROM reports").fetchall())
    html_id = con.execute("SELECT id FROM reports WHERE format = 'html'").fetchone()[0]
    assert rows == {"html": None, "docx": html_id}


def test_real_pdf_sections_are_the_six_of_the_report():
    r = extract_path(SEED.parents[1] / "real" / "huaian-city-2024.pdf")
    titles = {s.number: s.title for s in r.sections if s.number}
    assert list(titles) == [1, 2, 3, 4, 5, 6]
    assert titles[2] == "二、主动公开政府信息情况" and titles[3] == "三、收到和处理政府信息公开申请情况"
