"""Archive each fetched report once (data/raw/ab/<sha256>.<ext>), record it in `documents`,
and keep one `crawl_runs` row per run with what the run did, per portal. In a shared crawl
(NIANBAO_REDIS_URL) the records go to the crawl's one writer instead (crawler.distributed)."""
from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from pathlib import Path

from scrapy import signals

from crawler.state import mark_jobdir
from nianbao.store import connect, documents
from nianbao.store.crawl_urls import CrawlStore

log = logging.getLogger(__name__)


class ArchivePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.db = None
        self.run_id = None
        self.docs = documents  # or, in a shared crawl, crawler.records.Records: the same calls

    @classmethod
    def from_crawler(cls, crawler):
        pipe = cls(crawler)
        crawler.signals.connect(pipe.spider_closed, signal=signals.spider_closed)
        return pipe

    def open_spider(self):
        spider = self.crawler.spider
        self.data_dir = spider.data_dir or "data"
        store = CrawlStore
        if self.crawler.settings.get("NIANBAO_REDIS_URL"):
            from crawler.records import Records, SharedCrawlStore

            self.docs = self.db = Records(self.crawler)
            store = SharedCrawlStore
        else:
            self.db = connect(spider.db_path or os.path.join(self.data_dir, "nianbao.db"))
            for stale in Path(self.data_dir, "raw").glob("*/*.part"):  # left by a killed crawl
                stale.unlink()
        spider.known, spider.children = self.docs.known_documents(self.db)
        self.docs.reap_runs(self.db)  # runs left `running` by a process that is gone: killed
        self.run_id = self.docs.start_run(self.db, spider.portals, spider.jobdir_mode, os.getpid())
        spider.run_id = self.run_id
        spider.store = store(self.db, self.run_id, self.crawler.settings.getfloat("NIANBAO_FAILED_BACKOFF", 3600.0))

    def process_item(self, item):
        spider = self.crawler.spider
        tally = spider.tally.setdefault(item.portal_id, Counter())
        sha = hashlib.sha256(item.body).hexdigest()
        existing = self.docs.find(self.db, sha)
        if existing:
            self._alias(existing, item)
            tally["unchanged"] += 1
            self.crawler.stats.inc_value("nianbao/reports_unchanged")
            self._checked(item, sha)
            return {"sha256": sha, "url": item.url, "new": False}
        name = item.url.rsplit("/", 1)[-1].split("?")[0]
        row = {k: getattr(item, k) for k in (
            "url", "page_url", "portal_id", "agency", "region", "region_code", "link_text", "title",
            "year_hint", "fetched_at", "http_status", "content_type", "etag", "last_modified", "format")}
        row.update(sha256=sha, crawl_run_id=self.run_id,
                   aliases=json.dumps([{"url": u, "page_url": item.page_url, "etag": item.etag,
                                        "last_modified": item.last_modified} for u in item.aliases],
                                      ensure_ascii=False))
        _, rel = self.docs.archive(self.db, self.data_dir, item.body, row, name)
        self._checked(item, sha)
        tally["new"] += 1
        self.crawler.stats.inc_value("nianbao/reports_new")
        log.info("%s: archived %s (%s, %d bytes) %s", item.portal_id, rel, item.format, len(item.body), item.url)
        return {"sha256": sha, "url": item.url, "new": True}

    def _checked(self, item, sha: str) -> None:
        """The URL (and those that redirected to it) answered: no failure to retry any more."""
        store = self.crawler.spider.store
        if store is not None:
            for url in dict.fromkeys([item.url, *item.aliases]):
                store.ok(url, sha, item.portal_id)

    def _alias(self, row: dict, item) -> None:
        """The same bytes at another URL: remember the URL (and its validators), store nothing."""
        if row["url"] == item.url:
            if (item.etag, item.last_modified) != (row["etag"], row["last_modified"]):
                self.docs.set_validators(self.db, row["sha256"], item.etag, item.last_modified)
            return
        self.docs.add_alias(self.db, row, {"url": item.url, "page_url": item.page_url, "etag": item.etag,
                                           "last_modified": item.last_modified})

    def spider_closed(self, spider, reason):
        """Write the run's row: totals, errors by kind, and the same per portal."""
        mark_jobdir(spider.crawler.settings.get("JOBDIR"), "paused" if reason == "shutdown" else "finished")
        if self.db is None:
            return
        per_portal, errors = {}, Counter()
        for pid, c in spider.tally.items():
            errs = {k.split(":", 1)[1]: v for k, v in c.items() if k.startswith("error:")}
            errors.update(errs)
            per_portal[pid] = {"pages": c["pages"], "reports_new": c["new"], "reports_unchanged": c["unchanged"],
                               "disallowed": c["disallowed"], "errors": errs}
        total = Counter()
        for c in spider.tally.values():
            total.update(c)
        self.docs.finish_run(self.db, self.run_id, {
            "finish_reason": reason, "pages_fetched": total["pages"],
            "reports_found": total["new"] + total["unchanged"], "reports_new": total["new"],
            "reports_unchanged": total["unchanged"], "errors": sum(errors.values()),
            "errors_by_kind": json.dumps(dict(errors), sort_keys=True),
            "per_portal": json.dumps(per_portal, ensure_ascii=False, sort_keys=True)})
