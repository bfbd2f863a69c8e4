"""What the crawler remembers per URL between runs, beside `documents`: the `crawl_urls` table.

`documents` holds what was archived; `crawl_urls` holds what was *found* and how fetching it
went, so that nothing found is forgotten:

- an attachment is written as `found` (with the page that links it and the link's title/year)
  before the page's own document is archived, so a page answering 304 on a later run still
  names every file it links, including ones never fetched (a kill -9 between the two);
- a fetch that failed is `failed` with its count of failures in a row, the last error and
  `next_try`: the next runs ask again, the first retry at once and then backing off
  (`NIANBAO_FAILED_BACKOFF` seconds, doubled per further failure, at most 30 days);
- `checked_at` is the last time the URL answered (200 or 304): a document whose server sends
  no validators is re-downloaded only every `NIANBAO_RECHECK_DAYS` days (or when the list
  shows another date for it), see `crawler.middlewares.RecheckMiddleware`.

Each write commits at once (WAL): a kill -9 loses at most the write in progress.
"""
from __future__ import annotations

import datetime as dt
import json

TABLE = "crawl_urls"  # its columns: nianbao.store.schema.TABLES
MAX_BACKOFF = 30 * 86400.0
META_KEYS = ("title", "text", "year", "agency", "hops", "report", "list_date", "kind")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def iso(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


def backoff(failures: int, base: float) -> float:
    """Seconds to wait before asking again after `failures` failures in a row: 0 after the
    first (the next run asks again), then base, 3·base, 7·base … capped at 30 days."""
    return min(base * (2 ** max(failures - 1, 0) - 1), MAX_BACKOFF)


class CrawlStore:
    def __init__(self, db, run_id: int | None = None, base: float = 3600.0):
        self.db, self.run_id, self.base = db, run_id, base
        self.rows: dict[str, dict] = {}
        self.by_page: dict[str, set[str]] = {}
        for r in db[TABLE].rows:
            self._remember(r)

    def _remember(self, row: dict) -> None:
        old = self.rows.get(row["url"])
        if old and old.get("page_url") and old.get("page_url") != row.get("page_url"):
            self.by_page.get(old["page_url"], set()).discard(row["url"])
        self.rows[row["url"]] = row
        if row.get("page_url"):
            self.by_page.setdefault(row["page_url"], set()).add(row["url"])

    # ---------------------------------------------------------------- reads
    def get(self, url: str) -> dict | None:
        return self.rows.get(url)

    def children(self, page_url: str) -> list[dict]:
        return [self.rows[u] for u in sorted(self.by_page.get(page_url, ()))]

    def due(self, url: str, at: dt.datetime | None = None) -> bool:
        """False while a failed URL waits out its backoff."""
        row = self.rows.get(url)
        if not row or row.get("state") != "failed" or not row.get("next_try"):
            return True
        return (at or now()) >= dt.datetime.fromisoformat(row["next_try"])

    @staticmethod
    def meta_of(row: dict) -> dict:
        return json.loads(row.get("meta") or "{}")

    # ---------------------------------------------------------------- writes
    def _write(self, url: str, **fields) -> None:
        row = dict(self.rows.get(url) or {"url": url, "failures": 0}, **fields, run_id=self.run_id)
        self._remember(row)
        self.db[TABLE].upsert(row, pk="url")
        self.db.conn.commit()

    def found(self, url: str, portal_id: str, page_url: str, meta: dict) -> None:
        """A link to a document seen on `page_url` (kept with what its link said)."""
        keep = json.dumps({k: meta[k] for k in META_KEYS if meta.get(k) is not None}, ensure_ascii=False,
                          sort_keys=True)
        old = self.rows.get(url)
        if old and old.get("page_url") == page_url and old.get("meta") == keep:
            return
        self._write(url, portal_id=portal_id, page_url=page_url, meta=keep,
                    state=(old or {}).get("state") or "found")

    def ok(self, url: str, sha256: str = "", portal_id: str = "") -> None:
        old = self.rows.get(url) or {}
        self._write(url, portal_id=old.get("portal_id") or portal_id, state="ok", failures=0, last_error="",
                    next_try="", checked_at=iso(now()), tried_at=iso(now()), sha256=sha256 or old.get("sha256") or "")

    def failed(self, url: str, kind: str, portal_id: str = "") -> None:
        old = self.rows.get(url) or {}
        failures = int(old.get("failures") or 0) + 1
        t = now()
        self._write(url, portal_id=old.get("portal_id") or portal_id, state="failed", failures=failures,
                    last_error=kind, tried_at=iso(t),
                    next_try=iso(t + dt.timedelta(seconds=backoff(failures, self.base))))


def put(db, row: dict) -> None:
    """Write one URL's row as a crawl process of a shared crawl made it (crawler.distributed:
    the process keeps a CrawlStore of its own and sends its rows to the one writer)."""
    db[TABLE].upsert(row, pk="url")
    db.conn.commit()
