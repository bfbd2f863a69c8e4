"""`documents` and `crawl_runs`: every raw file fetched (or given on the command line),
archived once under its sha256, and what each crawl run did."""
from __future__ import annotations

import datetime as dt
import json

from nianbao.store.archive import store_raw


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def find(db, sha256: str) -> dict | None:
    return next(iter(db["documents"].rows_where("sha256 = ?", [sha256])), None)


def archive(db, data_dir, data: bytes, row: dict, name: str = "") -> tuple[str, str]:
    """Store the bytes under data_dir/raw and record them in `documents` unless known;
    returns (sha256, path relative to data_dir). A document already there keeps its row."""
    sha, rel = store_raw(data_dir, data, row.get("format") or "", name, row.get("sha256") or "")
    db["documents"].insert(dict(row, sha256=sha, size=len(data), path=rel), pk="sha256", replace=False,
                           ignore=True)
    db.conn.commit()
    return sha, rel


def record(db, row: dict) -> bool:
    """Record a document whose raw file is already in the archive (written there by a crawl
    process of a shared crawl, see crawler.distributed): `row` has its sha256, size and path.
    False, and nothing written, when that sha256 is known already."""
    if find(db, row["sha256"]):
        return False
    db["documents"].insert(row, pk="sha256", ignore=True)
    db.conn.commit()
    return True


def set_validators(db, sha256: str, etag: str | None, last_modified: str | None) -> None:
    db["documents"].update(sha256, {"etag": etag, "last_modified": last_modified})
    db.conn.commit()


def add_alias(db, row: dict, entry: dict) -> None:
    """Another URL served the same bytes: remember it (with its validators), once."""
    aliases = json.loads(row.get("aliases") or "[]")
    if entry not in aliases:
        others = [a for a in aliases if a["url"] != entry["url"]]
        db["documents"].update(row["sha256"], {"aliases": json.dumps(others + [entry], ensure_ascii=False)})
        db.conn.commit()


def pending(db, extractor_version: str) -> list[dict]:
    """The documents with no report written by this extractor version, oldest first."""
    rows = db.execute("""
        SELECT d.* FROM documents d LEFT JOIN reports r ON r.sha256 = d.sha256
        WHERE r.id IS NULL OR r.extractor_version IS NOT ?
        GROUP BY d.sha256 ORDER BY d.fetched_at, d.sha256""", [extractor_version])
    cols = [c[0] for c in rows.description]
    return [dict(zip(cols, values)) for values in rows.fetchall()]


def start_run(db, portals: list[str], jobdir_mode: str, pid: int) -> int:
    run_id = db["crawl_runs"].insert({"started": now(), "finish_reason": "running",
                                      "portals": json.dumps(sorted(portals)), "jobdir": jobdir_mode,
                                      "pid": pid}).last_pk
    db.conn.commit()
    return run_id


def finish_run(db, run_id: int, fields: dict) -> None:
    db["crawl_runs"].update(run_id, dict(fields, finished=now()))
    db.conn.commit()


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
