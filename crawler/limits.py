"""Per-portal bounds on a crawl, as a spider middleware over what the spider asks for.

- `NIANBAO_MAX_PAGES` (default 5000) pages per portal, registry field `max_pages`: an endless
  pager or a calendar of empty lists ends there;
- `NIANBAO_MAX_DEPTH` (default 100) links deep from a start page, registry field `max_depth`:
  a 下一页 chain that never ends stops at that depth;
- a report or file whose last fetches failed waits out its backoff (nianbao.store.crawl_urls) before it is
  asked for again.

Documents (files a page links) are not counted as pages and are still fetched from the last
page allowed. What is dropped is counted per portal (`page_cap`, `depth_cap` among the errors,
`deferred` apart) and said once in the log.
"""
from __future__ import annotations

import logging

from scrapy import Request

log = logging.getLogger(__name__)


class PortalLimitsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        s = crawler.settings
        self.max_pages = s.getint("NIANBAO_MAX_PAGES", 5000)
        self.max_depth = s.getint("NIANBAO_MAX_DEPTH", 100)
        self.pages: dict[str, int] = {}  # pages asked for, per portal
        self.seen: set[int] = set()  # (portal, method, URL, body) hashed: one set for all portals
        self.said: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def keep(self, response, request) -> bool:
        if not isinstance(request, Request):
            return True
        spider = self.crawler.spider
        pid = request.meta.get("p")
        portal = getattr(spider, "portals", {}).get(pid)
        if portal is None:
            return True
        is_doc = request.callback == getattr(spider, "parse_doc", None)
        store = getattr(spider, "store", None)
        if (is_doc or request.meta.get("report")) and store is not None and not store.due(request.url):
            spider.count(request.meta, "deferred")
            return False
        if is_doc or request.meta.get("script"):
            return True
        depth = (response.meta.get("depth", 0) if response is not None else 0) + 1
        if depth > int(portal.get("max_depth") or self.max_depth):
            return self.drop(spider, request, "depth_cap", f"deeper than {portal.get('max_depth') or self.max_depth}")
        if pid not in self.pages:  # the start pages count too
            from crawler.spiders.portals import canonical

            starts = {hash((pid, "GET", canonical(u), b"")) for u in portal.get("start_urls") or [portal["url"]]}
            self.seen |= starts
            self.pages[pid] = len(starts)
        key = hash((pid, request.method, request.url, request.body))  # an int, not the URL: kept for the crawl
        if key not in self.seen:
            if self.pages[pid] >= int(portal.get("max_pages") or self.max_pages):
                return self.drop(spider, request, "page_cap", f"{self.pages[pid]} pages asked for already")
            self.seen.add(key)
            self.pages[pid] += 1
        return True

    def drop(self, spider, request, kind: str, why: str) -> bool:
        pid = request.meta["p"]
        spider.count(request.meta, f"error:{kind}")
        if (pid, kind) not in self.said:
            self.said.add((pid, kind))
            log.warning("%s: %s (%s): %s and any further ones not followed", pid, kind, why, request.url)
        return False

    def process_spider_output(self, response, result):
        for out in result:
            if self.keep(response, out):
                yield out

    async def process_spider_output_async(self, response, result):
        async for out in result:
            if self.keep(response, out):
                yield out
