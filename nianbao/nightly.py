"""`nianbao nightly`: the operator's whole night in one command, safe to schedule.

crawl (incremental) → extract what is new or changed → publish → a summary compared with the
previous night, kept in `nightly_runs` (and printed). A lock (flock, released by the kernel
when a run dies, so a stale lock cannot block the next night) keeps two nights from
overlapping. A night stopped half-way is taken up by the next: the crawl resumes, and what was
archived but not extracted is extracted (`extract --pending`). The exit code is non-zero only
when the night as a whole failed (the crawl could not run, or nothing was published).
"""
from __future__ import annotations

import fcntl
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console

from nianbao.store import connect

console = Console(stderr=True)
TABLE = "nightly_runs"
LOCKED = 75  # EX_TEMPFAIL: another night is running; try again later


def counts(db) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0] or 0  # noqa: E731
    return {"reports": one("SELECT count(*) FROM reports"),
            "failed": one("SELECT count(*) FROM reports WHERE status = 'failed'"),
            "broken": one("SELECT count(*) FROM reports WHERE checks_failed > 0"),
            "documents": one("SELECT count(*) FROM documents")}


def empty_portals(db, since: str) -> list[str]:
    """Portals of tonight's crawl runs that found no report."""
    out = set()
    for (per_portal,) in db.execute("SELECT per_portal FROM crawl_runs WHERE started >= ?", [since]):
        for portal, stats in (json.loads(per_portal) if per_portal else {}).items():
            if isinstance(stats, dict) and not stats.get("reports_new") and not stats.get("reports_unchanged"):
                out.add(portal)
    return sorted(out)


def nightly(portals: str | None, db_path: str, data_dir: str, scrapy_args: list[str] | None = None) -> int:
    from crawler.run import run_crawl
    from extract.run import extract_pending
    from nianbao.publication.publish import publish

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    lock = open(Path(data_dir) / "nightly.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        console.print(f"another nightly run holds {lock.name}: not starting a second one")
        return LOCKED
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t0 = time.monotonic()
    db = connect(db_path)
    before = counts(db)
    db.conn.close()
    crawl_code = run_crawl(portals=portals, only=[], db_path=db_path, data_dir=data_dir, scrapy_args=scrapy_args or [])
    extract_pending(db_path, data_dir=data_dir)  # the night's new documents, and what an earlier night left unread
    try:
        publish(db_path)
        published = True
    except Exception as e:  # noqa: BLE001 — said in the summary, and the exit code
        console.print(f"[red]publishing failed: {type(e).__name__}: {e}")
        published = False
    db = connect(db_path)
    after = counts(db)
    previous = next(db.query(f"SELECT * FROM [{TABLE}] ORDER BY id DESC LIMIT 1"), None) if db[TABLE].exists() else None
    row = {"started": started, "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "seconds": round(time.monotonic() - t0, 1), "crawl_exit_code": crawl_code,
           "published": int(published), "new_documents": after["documents"] - before["documents"],
           "new_reports": after["reports"] - before["reports"],
           "failed_extractions": after["failed"] - before["failed"],
           "reports_with_broken_checks": after["broken"] - before["broken"],
           "empty_portals": json.dumps(empty_portals(db, started), ensure_ascii=False)}
    db[TABLE].insert(row, pk="id", alter=True)
    db.conn.close()
    failed = not published or crawl_code not in (0, 1)  # 1: some portals failed, the night went on
    print_summary(row, previous)
    return 1 if failed else 0


def print_summary(row: dict, previous: dict | None) -> None:
    def vs(key: str) -> str:
        return "" if not previous or previous.get(key) is None else f" (previous night {previous[key]})"

    console.print(f"nightly run {row['started']} – {row['finished']} ({row['seconds']:.0f} s)")
    for key, what in (("new_documents", "documents archived"), ("new_reports", "reports extracted"),
                      ("failed_extractions", "extractions failed"),
                      ("reports_with_broken_checks", "reports whose numbers do not add up")):
        console.print(f"  {row[key]:6d} {what}{vs(key)}")
    empty = json.loads(row["empty_portals"])
    console.print(f"  portals that found nothing: {', '.join(empty) if empty else 'none'}")
    console.print("  published" if row["published"] else "  [red]NOT published")
