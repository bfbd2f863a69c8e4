"""`nianbao nightly` as an operator schedules it: two nights over the loopback simulator, a
summary compared with the night before, published tables, and a lock against overlap."""
from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

from nianbao.world.simulator import CRAWL_ARGS, Simulator

ROOT = Path(__file__).resolve().parent.parent


def nightly(registry: Path, data: Path):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", "nightly", "--portals", str(registry),
                           "--db", str(data / "nianbao.db"), "--data-dir", str(data), *CRAWL_ARGS],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_two_nights_and_a_lock(tmp_path):
    import sqlite_utils

    data = tmp_path / "data"
    with Simulator(portals=[{"family": "static", "formats": ["html", "docx"]}], seed=3) as sim:
        first = nightly(sim.registry_path, data)
        assert first.returncode == 0, first.stderr[-3000:]
        with open(data / "nightly.lock", "w") as held:  # a night still running
            fcntl.flock(held, fcntl.LOCK_EX)
            blocked = nightly(sim.registry_path, data)
        assert blocked.returncode == 75 and "another nightly run" in blocked.stderr
        second = nightly(sim.registry_path, data)
        assert second.returncode == 0, second.stderr[-3000:]
    db = sqlite_utils.Database(data / "nianbao.db")
    nights = list(db["nightly_runs"].rows)
    assert len(nights) == 2 and nights[0]["new_reports"] >= 1 and nights[1]["new_reports"] == 0
    assert all(n["published"] == 1 for n in nights)
    assert "previous night" in second.stderr and "reports extracted" in second.stderr
    assert db["report_numbers"].count == db.execute("SELECT count(*) FROM reports").fetchone()[0]
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == len({r["url"] for r in db["reports"].rows})
