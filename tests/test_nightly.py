"""`nianbao nightly` as an operator schedules it: two nights over the loopback simulator, a
summary compared with the night before, published tables, and a lock against overlap; and a
night through Redis (crawl processes on scrapy-redis, RQ extraction workers) giving the
database a night on one machine gives."""
from __future__ import annotations

import fcntl
import sqlite3
import subprocess
import sys
from pathlib import Path

from nianbao.world.simulator import CRAWL_ARGS, Simulator

ROOT = Path(__file__).resolve().parent.parent


def nightly(registry: Path, data: Path, *options):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", "nightly", "--portals", str(registry),
                           "--db", str(data / "nianbao.db"), "--data-dir", str(data), *options, *CRAWL_ARGS],
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


def archive_of(db_path: Path) -> dict[str, list]:
    """What a night leaves, without what depends on timing or on how many processes did it
    (run ids, seconds, dates)."""
    db = sqlite3.connect(db_path)

    def rows(table: str, drop: set[str]) -> list:
        cols = [c[1] for c in db.execute(f"PRAGMA table_info({table})") if c[1] not in drop]
        return sorted(db.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)

    return {"documents": rows("documents", {"fetched_at", "crawl_run_id"}),
            "reports": rows("reports", {"seconds", "extracted_at"}),
            **{t: rows(t, set()) for t in ("cells", "checks", "sections", "report_numbers")},
            "nights": rows("nightly_runs", {"started", "finished", "seconds", "monitors"})}


def test_a_night_through_redis_gives_the_same_database(tmp_path):
    from tests.redis_server import redis_server

    specs = [{"family": f, "formats": ["html", "docx"]} for f in ("static", "trs", "jcms")]
    with Simulator(portals=specs, seed=5) as sim, redis_server() as url:
        local = nightly(sim.registry_path, tmp_path / "local")
        assert local.returncode == 0, local.stderr[-3000:]
        shared = nightly(sim.registry_path, tmp_path / "redis", "--redis", url, "--processes", "2", "--workers", "2")
        assert shared.returncode == 0, shared.stderr[-3000:]
    one, two = archive_of(tmp_path / "local" / "nianbao.db"), archive_of(tmp_path / "redis" / "nianbao.db")
    assert len(one["documents"]) == len(sim.expected) and one["reports"] and one["cells"]
    assert two == one
    runs = sqlite3.connect(tmp_path / "redis" / "nianbao.db").execute(
        "SELECT finish_reason, jobdir FROM crawl_runs").fetchall()
    assert sorted(runs) == [("finished", "fresh"), ("finished", "joined")]  # two processes, one shared crawl
