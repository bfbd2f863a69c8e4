"""Chaos: `nianbao crawl` killed with SIGKILL at random moments — the parent, the Scrapy child,
or both, sometimes again during the recovery run — never corrupts the database and never loses
a document: after one uninterrupted rerun the archive equals that of a crawl never interrupted.

Bounded for CI (a handful of trials on four small portals, well under a minute here); set
NIANBAO_CHAOS_TRIALS / NIANBAO_CHAOS_SEED for a longer or another run."""
from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nianbao.world.simulator import Simulator

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_TIMEOUT=3",
        "-s", "NIANBAO_RETRY_BACKOFF=0.05"]
SPECS = [{"family": "trs", "formats": ["docx", "html"]}, {"family": "jcms", "formats": ["docx"]},
         {"family": "jsonapi", "formats": ["docx", "html"]}, {"family": "county"}]
TRIALS = int(os.environ.get("NIANBAO_CHAOS_TRIALS", "10"))
SEED = int(os.environ.get("NIANBAO_CHAOS_SEED", "0"))
WHO = ["parent", "child", "both", "both-twice", "parent"]
PARTIAL: list[tuple[int, int]] = []  # (documents when killed, documents in all), per trial


def start(sim, folder: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", str(sim.registry_path),
           "--db", str(folder / "nianbao.db"), "--data-dir", str(folder), "--no-extract", *FAST]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def child_of(proc: subprocess.Popen, folder: Path, timeout: float = 20) -> int | None:
    """The Scrapy process of the last run (its pid is in crawl_runs)."""
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            row = sqlite3.connect(folder / "nianbao.db", timeout=5).execute(
                "SELECT pid, finish_reason FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
            if row and row[1] == "running":
                return row[0]
        except sqlite3.OperationalError:
            pass
        time.sleep(0.02)
    return None


def alive(pid) -> bool:
    try:
        return pid is not None and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def count(folder: Path) -> int:
    try:
        return sqlite3.connect(folder / "nianbao.db", timeout=5).execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def kill(proc: subprocess.Popen, folder: Path, who: str, at: int, jitter: float) -> None:
    """SIGKILL once `at` documents are archived (plus a random moment), so the kill cuts the crawl."""
    child = child_of(proc, folder)
    deadline = time.time() + 120
    while proc.poll() is None and count(folder) < at and time.time() < deadline:
        time.sleep(0.01)
    time.sleep(jitter)
    if who in ("child", "both", "both-twice") and alive(child):
        os.kill(child, signal.SIGKILL)
    if who in ("parent", "both", "both-twice"):
        proc.kill()
    proc.wait(timeout=60)
    for _ in range(100):  # the child follows its parent within a moment (crawler.watchdog)
        if not alive(child):
            break
        time.sleep(0.05)
    assert not alive(child), f"the Scrapy child outlived a kill of the {who}"


def archive(folder: Path) -> tuple[list, list]:
    db = sqlite3.connect(folder / "nianbao.db")
    docs = sorted(r[0] for r in db.execute("SELECT sha256 FROM documents"))
    files = sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "raw").rglob("*") if p.is_file())
    return docs, files


@pytest.fixture(scope="module")
def sim():
    with Simulator(portals=SPECS, seed=11) as s:
        yield s


@pytest.fixture(scope="module")
def whole(sim, tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole")
    assert start(sim, folder).wait(timeout=300) == 0
    docs, files = archive(folder)
    assert docs == files and len(docs) == len(sim.expected)
    return docs


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_at_random_then_rerun_equals_an_uninterrupted_crawl(sim, whole, tmp_path, trial):
    docs = whole
    rng = random.Random(f"{SEED}:{trial}")
    who = WHO[trial % len(WHO)]
    proc = start(sim, tmp_path)
    kill(proc, tmp_path, who, rng.randint(1, len(docs) - 2), rng.uniform(0, 0.1))
    db = sqlite3.connect(tmp_path / "nianbao.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    PARTIAL.append((db.execute("SELECT count(*) FROM documents").fetchone()[0], len(docs)))
    if who == "both-twice":  # killed again while recovering
        proc = start(sim, tmp_path)
        kill(proc, tmp_path, "both", rng.randint(0, len(docs) - 1), rng.uniform(0, 0.3))
        assert sqlite3.connect(tmp_path / "nianbao.db").execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert start(sim, tmp_path).wait(timeout=300) == 0
    assert sqlite3.connect(tmp_path / "nianbao.db").execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert archive(tmp_path) == (docs, docs)
    reasons = [r[0] for r in sqlite3.connect(tmp_path / "nianbao.db").execute(
        "SELECT finish_reason FROM crawl_runs ORDER BY id")]
    assert reasons[-1] == "finished" and "running" not in reasons, reasons
    assert not list((tmp_path / "raw").rglob("*.part"))


def test_the_kills_landed_mid_crawl():
    """The trials are worth something: most kills cut a crawl with part of the archive written."""
    if len(PARTIAL) < TRIALS:
        pytest.skip("the trials did not all run")
    assert sum(0 < n < total for n, total in PARTIAL) >= TRIALS // 2, PARTIAL
