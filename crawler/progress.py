"""Progress of a crawl for the process that started it: Scrapy's own stats, written to a small
JSON file every NIANBAO_PROGRESS_INTERVAL seconds and when the spider closes.

`nianbao crawl` runs Scrapy in a child process and shows a live status line from this file,
instead of reading the child's log.
"""
from __future__ import annotations

import json
import os

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

SHOWN = {"pages": "response_received_count", "reports_new": "nianbao/reports_new",
         "reports_unchanged": "nianbao/reports_unchanged", "warnings": "log_count/WARNING",
         "errors": "log_count/ERROR"}


class ProgressFile:
    def __init__(self, crawler, path: str, interval: float):
        self.crawler, self.path, self.interval = crawler, path, interval
        self.loop = None

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("NIANBAO_PROGRESS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, path, crawler.settings.getfloat("NIANBAO_PROGRESS_INTERVAL", 1.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        self.loop = task.LoopingCall(self.write)
        self.loop.start(self.interval)

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()
        self.write(finish_reason=reason)

    def write(self, **extra) -> None:
        stats = self.crawler.stats
        state = {k: stats.get_value(v, 0) for k, v in SHOWN.items()} | extra
        tmp = f"{self.path}.part"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(state, f)
        os.replace(tmp, self.path)
