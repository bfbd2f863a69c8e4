"""The crawl dies with `nianbao crawl`: a Scrapy extension that watches the parent process.

`nianbao crawl` runs Scrapy as a child with NIANBAO_PARENT_PID set. Should the parent die
(kill -9, a closed terminal), the child would crawl on unseen and its run would stay
`running` for ever. A thread here sees the parent gone within a quarter second, marks the run
`killed`, removes the JOBDIR (a killed crawl is never resumed, see crawler.state) and ends the
process at once. Without the setting (a plain `scrapy crawl`), it does nothing.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import threading
import time

from scrapy import signals

log = logging.getLogger(__name__)


class ParentWatch:
    def __init__(self, crawler, parent: int):
        self.crawler, self.parent = crawler, parent

    @classmethod
    def from_crawler(cls, crawler):
        parent = crawler.settings.getint("NIANBAO_PARENT_PID", 0)
        ext = cls(crawler, parent)
        if parent:
            crawler.signals.connect(ext.start, signal=signals.engine_started)
        return ext

    def start(self):
        threading.Thread(target=self.watch, name="nianbao-parent-watch", daemon=True).start()

    def watch(self):
        while os.getppid() == self.parent:
            time.sleep(0.25)
        self.die()

    def die(self):
        s = self.crawler.settings
        try:
            db = sqlite3.connect(s.get("NIANBAO_DB"), timeout=10)
            db.execute("UPDATE crawl_runs SET finish_reason = 'killed', finished = ? WHERE pid = ? AND "
                       "finish_reason = 'running'",
                       [dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), os.getpid()])
            db.commit()
            db.close()
        except sqlite3.Error:
            pass  # the next run marks it killed (nianbao.store.documents.reap_runs)
        if s.get("JOBDIR"):
            shutil.rmtree(s.get("JOBDIR"), ignore_errors=True)
        os._exit(137)
