"""A crawl stopped midway — killed with SIGKILL, or paused with Ctrl-C — and started again
ends with the same archive as an uninterrupted crawl: nothing lost, nothing doubled."""
from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nianbao.world.simulator import Simulator

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "DOWNLOAD_TIMEOUT=5",
        "-s", "NIANBAO_RETRY_BACKOFF=0.05"]
SLOW = ["-s", "DOWNLOAD_DELAY=0.4", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RANDOMIZE_DOWNLOAD_DELAY=0"]
SPECS = [{"family": f, "formats": ["docx", "html"]} for f in ("trs", "jcms", "jsonapi", "static")]


def scrapy_crawl(sim, folder: Path, *extra) -> subprocess.Popen:
    """`scrapy crawl portals` from the repository root, as a person would run it."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portals",
           "-s", f"NIANBAO_PORTALS={sim.registry_path}", "-s", f"NIANBAO_DB={folder / 'nianbao.db'}",
           "-s", f"NIANBAO_DATA_DIR={folder}", "-s", f"JOBDIR={folder / 'jobs' / 'portals'}", *extra]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def count_docs(folder: Path) -> int:
    try:
        return sqlite3.connect(folder / "nianbao.db").execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def archive(folder: Path) -> tuple[list, list]:
    db = sqlite3.connect(folder / "nianbao.db")
    docs = sorted(db.execute("SELECT sha256, url, path FROM documents").fetchall())
    files = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "raw").rglob("*") if p.is_file())
    return docs, files


def runs(folder: Path) -> list[tuple]:
    return sqlite3.connect(folder / "nianbao.db").execute(
        "SELECT finish_reason, jobdir FROM crawl_runs ORDER BY id").fetchall()


def stop_midway(proc: subprocess.Popen, folder: Path, sig: int, at: int) -> None:
    deadline = time.time() + 120
    while count_docs(folder) < at and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl ended before it could be interrupted"
    proc.send_signal(sig)
    proc.wait(timeout=60)


@pytest.fixture(scope="module")
def sim():
    with Simulator(portals=SPECS, seed=7) as s:
        yield s


@pytest.fixture(scope="module")
def uninterrupted(sim, tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole")
    assert scrapy_crawl(sim, folder, *FAST).wait(timeout=300) == 0
    docs, files = archive(folder)
    assert len(docs) == len(sim.expected) == len(files)
    return docs, files


def test_killed_crawl_resumes_to_the_same_archive(sim, uninterrupted, tmp_path):
    proc = scrapy_crawl(sim, tmp_path, *SLOW)
    stop_midway(proc, tmp_path, signal.SIGKILL, at=4)
    partial = count_docs(tmp_path)
    assert 4 <= partial < len(sim.expected)
    assert runs(tmp_path) == [("running", "fresh")]  # the killed run never closed
    kept = {u.split(str(sim.port), 1)[1] for _, u, _ in archive(tmp_path)[0]}
    before = len(sim.request_log)
    assert scrapy_crawl(sim, tmp_path, *FAST).wait(timeout=300) == 0
    assert archive(tmp_path) == uninterrupted
    assert runs(tmp_path)[-1] == ("finished", "fresh")  # a killed JOBDIR is not trusted
    # what was archived before the kill is only asked about again, never downloaded again
    again = [(p, s) for _, _, m, p, s in sim.request_log[before:] if s == 200 and p in kept]
    assert again == []


def test_paused_crawl_resumes_from_its_jobdir(sim, uninterrupted, tmp_path):
    proc = scrapy_crawl(sim, tmp_path, *SLOW)
    stop_midway(proc, tmp_path, signal.SIGINT, at=4)
    assert runs(tmp_path) == [("shutdown", "fresh")]
    assert scrapy_crawl(sim, tmp_path, *FAST).wait(timeout=300) == 0
    assert runs(tmp_path)[-1] == ("finished", "resume")
    assert archive(tmp_path) == uninterrupted


def test_nianbao_crawl_hands_new_documents_to_extraction(sim, tmp_path):
    from nianbao.world.simulator import CRAWL_ARGS

    db_path = tmp_path / "nianbao.db"
    assert subprocess.run([sys.executable, "-m", "nianbao.cli", "crawl", "--portals", str(sim.registry_path),
                           "--db", str(db_path), "--data-dir", str(tmp_path), *CRAWL_ARGS],
                          cwd=ROOT, timeout=600).returncode == 0
    db = sqlite3.connect(db_path)
    docs = dict(db.execute("SELECT sha256, year_hint FROM documents").fetchall())
    reports = dict(db.execute("SELECT sha256, year FROM reports WHERE status = 'ok'").fetchall())
    assert len(docs) == len(sim.expected)
    assert reports == docs  # every report extracted, for the year its link named


def test_the_simulator_log_would_show_a_crawler_overloading_a_host(sim, tmp_path):
    """The per-host concurrency check can fail: allowed 8 at a time, the crawler is seen doing more than 2."""
    proc = scrapy_crawl(sim, tmp_path, *FAST, "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
    before = len(sim.request_log)
    assert proc.wait(timeout=300) == 0
    assert len(sim.request_log) > before
    assert max(sim.concurrency.values()) > 2
