"""Scrapy's downloader with per-host concurrency kept when there is no download delay.

Scrapy 2.19's `Downloader._process_queue` starts each queued request as an asyncio task and
counts it as transferring only once the task runs, so with DOWNLOAD_DELAY 0 one call starts
the whole queue of a host at once, above CONCURRENT_REQUESTS_PER_DOMAIN (the simulator's log
showed 15 requests in flight to one host with the setting at 2). Marking the request as
transferring when it is started keeps the limit. With a delay (the shipped settings) Scrapy
starts one request per call and the limit already holds.
"""
from __future__ import annotations

from time import monotonic

from scrapy.core.downloader import Downloader as ScrapyDownloader
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro


class Downloader(ScrapyDownloader):
    def _process_queue(self, slot) -> None:
        if slot.latercall:
            return
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # the fix: counted before the task runs
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:
                self._process_queue(slot)
                break
