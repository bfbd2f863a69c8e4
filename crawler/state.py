"""What a crawl carries over from earlier runs: validators of archived documents (for
conditional requests) and the Scrapy JOBDIR, kept only after a clean pause.

Scrapy writes its queue state to JOBDIR only when it closes; after SIGKILL the folder holds a
`requests.seen` without the queue, which would silently drop every pending link. So a JOBDIR
is resumed only if the last run paused cleanly; otherwise it is wiped and the crawl starts
over, which costs little because every archived document is then asked for conditionally.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

MARK = "nianbao-run.json"


def prepare_jobdir(jobdir: str | None) -> str:
    """'resume' when the last run paused cleanly, else 'fresh' (after wiping a stale folder)."""
    if not jobdir:
        return "fresh"
    path = Path(jobdir)
    mark = path / MARK
    status = json.loads(mark.read_text())["status"] if mark.exists() else None
    if status == "paused":
        mark_jobdir(jobdir, "running")
        return "resume"
    if path.exists():
        shutil.rmtree(path)
    mark_jobdir(jobdir, "running")
    return "fresh"


def mark_jobdir(jobdir: str | None, status: str) -> None:
    if jobdir:
        Path(jobdir).mkdir(parents=True, exist_ok=True)
        (Path(jobdir) / MARK).write_text(json.dumps({"status": status}))


def known_documents(db) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """url -> {etag, last_modified, sha256} of every archived document (aliases included), and
    page_url -> urls of the documents found on that page."""
    known: dict[str, dict] = {}
    children: dict[str, list[str]] = {}
    if not db["documents"].exists():
        return known, children
    rows = db.execute("SELECT url, page_url, etag, last_modified, sha256, aliases FROM documents "
                      "ORDER BY fetched_at").fetchall()
    for url, page_url, etag, modified, sha, aliases in rows:
        entries = [(url, page_url, etag, modified)]
        for alias in json.loads(aliases or "[]"):
            entries.append((alias["url"], alias.get("page_url"), alias.get("etag"), alias.get("last_modified")))
        for u, page, e, m in entries:
            known[u] = {"etag": e or "", "last_modified": m or "", "sha256": sha}
            if page and page != u:
                children.setdefault(page, [])
                if u not in children[page]:
                    children[page].append(u)
    return known, children


def alive(pid) -> bool:
    """A crawl process `pid` is still running (a zombie or another program under the pid is not)."""
    if not pid:
        return False
    try:
        with open(f"/proc/{int(pid)}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
        with open(f"/proc/{int(pid)}/cmdline", "rb") as f:
            cmdline = f.read()
    except (OSError, ValueError, IndexError):
        return False
    return state != b"Z" and b"scrapy" in cmdline


def reap_runs(db, reason: str = "killed") -> list[int]:
    """Mark `killed` every crawl_runs row left `running` whose process is gone (a kill -9, a
    crash, a power cut): the run never wrote its end."""
    if not db["crawl_runs"].exists():
        return []
    cols = set(db["crawl_runs"].columns_dict)
    pid = "pid" if "pid" in cols else "NULL"
    stale = [rid for rid, p in db.execute(f"SELECT id, {pid} FROM crawl_runs WHERE finish_reason = 'running'")
             if not alive(p)]
    for rid in stale:
        db.execute("UPDATE crawl_runs SET finish_reason = ?, finished = coalesce(finished, ?) WHERE id = ?",
                   [reason, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), rid])
    db.conn.commit()
    return stale
