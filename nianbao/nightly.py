"""`nianbao nightly`: the operator's whole night in one command, safe to schedule.

crawl (incremental) → extract what is new or changed → publish → a summary compared with the
previous night, with the verdicts of the Spidermon monitors (nianbao.monitors), kept in
`nightly_runs` through the store (and printed). A lock (flock, released by the kernel
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

from nianbao import monitors
from nianbao.store import connect, nightly_runs

console = Console(stderr=True)
LOCKED = 75  # EX_TEMPFAIL: another night is running; try again later


def counts(db) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0] or 0  # noqa: E731
    return {"reports": one("SELECT count(*) FROM reports"),
            "failed": one("SELECT count(*) FROM reports WHERE status = 'failed'"),
            "broken": one("SELECT count(*) FROM reports WHERE checks_failed > 0"),
            "documents": one("SELECT count(*) FROM documents")}


def settings_of(scrapy_args: list[str]) -> dict:
    """The crawler's settings (crawler/settings.py) with the command line's `-s NAME=value`:
    the monitors' thresholds and notification live there."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    args = list(scrapy_args)
    for flag, value in zip(args, args[1:]):
        if flag in ("-s", "--set") and "=" in value:
            k, v = value.split("=", 1)
            settings.set(k, v, priority="cmdline")
    return {k: settings.get(k) for k in monitors.DEFAULTS}


def nightly(portals: str | None, db_path: str, data_dir: str, scrapy_args: list[str] | None = None,
            redis_url: str | None = None, processes: int = 1, workers: int = 1) -> int:
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
    last_run = db.execute("SELECT coalesce(max(id), 0) FROM crawl_runs").fetchone()[0]  # the night's runs come after
    db.conn.close()
    crawl_code = run_crawl(portals=portals, only=[], db_path=db_path, data_dir=data_dir, scrapy_args=scrapy_args or [],
                           redis_url=redis_url, processes=processes)
    # the night's new documents, and what an earlier night left unread
    if redis_url:
        from extract.queue import extract_pending_redis

        extract_pending_redis(db_path, redis_url, data_dir=data_dir, workers=workers)
    else:
        extract_pending(db_path, data_dir=data_dir)
    try:
        publish(db_path)
        published = True
    except Exception as e:  # noqa: BLE001 — said in the summary, and the exit code
        console.print(f"[red]publishing failed: {type(e).__name__}: {e}")
        published = False
    db = connect(db_path)
    after = counts(db)
    previous = nightly_runs.previous(db)
    stats = monitors.night_stats(db, last_run, before, after, previous)
    verdicts = monitors.run(stats, settings_of(scrapy_args or []))
    row = {"started": started, "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "seconds": round(time.monotonic() - t0, 1), "crawl_exit_code": crawl_code,
           "published": int(published), "new_documents": after["documents"] - before["documents"],
           "new_reports": after["reports"] - before["reports"],
           "failed_extractions": after["failed"] - before["failed"],
           "reports_with_broken_checks": after["broken"] - before["broken"],
           "empty_portals": json.dumps(stats["empty_portals"], ensure_ascii=False),
           "reports_found": stats["reports_found"], "pages": stats["pages"], "errors": stats["errors"],
           "monitors_failed": sum(v["status"] in ("FAIL", "ERROR") for v in verdicts),
           "monitors": json.dumps(verdicts, ensure_ascii=False)}
    nightly_runs.record(db, row)
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
                      ("reports_with_broken_checks", "reports whose numbers do not add up"),
                      ("reports_found", "reports found by the crawl (new and unchanged)")):
        console.print(f"  {row[key]:6d} {what}{vs(key)}")
    empty = json.loads(row["empty_portals"])
    console.print(f"  portals that found nothing: {', '.join(empty) if empty else 'none'}")
    console.print("  published" if row["published"] else "  [red]NOT published")
    console.print(f"  monitors (Spidermon): {row['monitors_failed'] or 'none'} failed")
    for v in json.loads(row["monitors"]):
        mark = {"OK": "[green]ok[/]", "SKIPPED": "skipped"}.get(v["status"], f"[red]{v['status']}[/]")
        console.print(f"    {mark} {v['monitor']}" + (f": {v['reason']}" if v["reason"] else ""))
