"""kill -9 of `nianbao extract` at random points: the database stays intact, and a rerun
gives the same reports as an uninterrupted run (the parent alone writes, in transactions)."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from nianbao.world.files import make_truth, render

ROOT = Path(__file__).resolve().parent.parent


def corpus(folder: Path) -> Path:
    docs = folder / "docs"
    docs.mkdir()
    for seed in range(24):
        fmt = ("html", "text", "docx")[seed % 3]
        (docs / f"r{seed}.{ {'text': 'txt'}.get(fmt, fmt)}").write_bytes(render(make_truth(seed), fmt))
    return docs


def extract(docs: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "nianbao.cli", "extract", str(docs), "--db", str(db), "-j", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def state(db: Path) -> tuple:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if not tables:
            return [], (0, 0.0), []  # killed before its schema was committed: an empty archive
        assert {"reports", "documents", "cells"} <= tables, tables  # never half a schema
        reports = sorted(con.execute("SELECT id, status, agency, year, cells_read, checks_failed FROM reports"))
        cells = con.execute("SELECT count(*), total(value) FROM cells").fetchone()
        docs = sorted(r[0] for r in con.execute("SELECT sha256 FROM documents"))
        return reports, cells, docs
    finally:
        con.close()


def test_killed_extraction_recovers_to_the_same_archive(tmp_path):
    docs = corpus(tmp_path)
    whole = tmp_path / "whole.db"
    start = time.monotonic()
    assert extract(docs, whole).wait(300) == 0
    took = time.monotonic() - start
    expected = state(whole)
    rng = random.Random(7)
    cut = 0
    for trial in range(10):
        db = tmp_path / f"t{trial}.db"
        proc = extract(docs, db)
        time.sleep(rng.uniform(0.3, 0.9) * took)  # somewhere inside the run
        cut += proc.poll() is None  # (a run this machine finished sooner cuts nothing)
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, mid-run
        except ProcessLookupError:
            pass
        proc.wait(30)
        if db.exists():
            state(db)  # intact whatever was cut
        assert extract(docs, db).wait(300) == 0
        assert state(db) == expected, f"trial {trial}"
    assert cut >= 5, f"only {cut} of 10 kills cut a running extraction"
