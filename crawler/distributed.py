"""One crawl shared by several processes on several machines: scrapy-redis's scheduler queue and
duplicate filter on one Redis server (`nianbao crawl --redis redis://host:6379/0`).

Every process runs the same spider over the same registry and yields every start page; the
Redis duplicate filter lets each URL into the shared queue once, and whichever process is free
takes the next request. What scrapy-redis leaves to its user, this module settles:

- **When the crawl is over.** A process whose own queue and downloads are empty stays open
  while another process is busy (it may yet add requests), and closes when the shared queue is
  empty and no process is busy. Each process keeps a heartbeat in Redis (a sorted set scored by
  expiry, NIANBAO_REDIS_TTL); a killed process stops counting once its heartbeat expires.
- **Where a crawl starts.** The first process to arrive (no live heartbeat) resumes a crawl
  that was stopped cleanly (Ctrl-C, SIGTERM: Scrapy's `shutdown`, after the requests in flight
  ended; the queue and the filter are kept, `SCHEDULER_PERSIST`'s way) and otherwise clears
  what an earlier crawl of the same name left: a crawl that finished has nothing left, and one
  whose every process was killed is not trusted (as a killed JOBDIR is not, see crawler.state)
  — the next crawl starts over, cheaply, since every archived document is asked for
  conditionally. The last process to leave a finished crawl clears its duplicate filter.
- **Who writes the database.** Nobody but one `Writer` (crawler.records), on the database's machine (the
  `nianbao crawl --redis` there runs it beside its own crawl processes). Crawl processes —
  on that machine or, with `nianbao crawl --redis … --join`, on any other — never open the
  database: they read what they need of it (the validators of archived documents, the crawl's
  memory of URLs, crawler.pipelines) from a snapshot the writer puts in Redis when it starts,
  write raw files to the shared archive folder (NIANBAO_DATA_DIR, mounted on every machine),
  and send their records (`crawler.records.Records`: runs, documents, URLs) to a Redis list that the writer
  stores through nianbao.store, in order.
- **What is not shared.** Script files a page is waiting for (crawler.spiders.scriptfiles) are
  asked for by the process holding the page, from a local queue (a page waiting for one when
  the crawl is stopped is read again by the next whole crawl).

Requests a killed process had taken from the queue die with it; the next crawl (the next
night, or `nianbao crawl --redis` again) finds them, as after a kill of a single process.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import time
from collections import deque
from pathlib import Path

import redis
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task


log = logging.getLogger(__name__)

# KEYS: members, busy, queue, dupefilter, paused; ARGV: me, now, expiry. Atomically: forget expired
# members; the first live one resumes a crawl stopped cleanly (2) or clears what an earlier crawl
# left (1); join.
JOIN = """
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[2])
redis.call('zremrangebyscore', KEYS[2], '-inf', ARGV[2])
local mode = 0
if redis.call('zcard', KEYS[1]) == 0 then
  if redis.call('exists', KEYS[5]) == 1 then
    mode = 2
    redis.call('del', KEYS[2], KEYS[5])
  else
    mode = 1
    redis.call('del', KEYS[2], KEYS[3], KEYS[4])
  end
end
redis.call('zadd', KEYS[1], ARGV[3], ARGV[1])
return mode
"""
# KEYS: members, busy, queue, dupefilter, paused; ARGV: me, now, reason. Leave; a clean stop
# (`shutdown`) marks the crawl paused, to be resumed; the last one out of a crawl that ended
# otherwise with its queue empty clears its filter, so the next crawl of that name starts afresh.
LEAVE = """
redis.call('zrem', KEYS[1], ARGV[1])
redis.call('zrem', KEYS[2], ARGV[1])
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[2])
if ARGV[3] == 'shutdown' then
  redis.call('set', KEYS[5], ARGV[1])
  return 0
end
if redis.call('zcard', KEYS[1]) == 0 and redis.call('exists', KEYS[3]) == 0 then
  redis.call('del', KEYS[2], KEYS[4], KEYS[5])
  return 1
end
return 0
"""
STARTS = {0: "joined", 1: "fresh", 2: "resume"}  # crawl_runs.jobdir of a process of a shared crawl


def prefix_of(name: str | None) -> str:
    return f"nianbao:crawl:{name or 'portals'}"


def member() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def crawl_name(portals, only) -> str:
    """The default name of a shared crawl: the same registry and selection on every machine."""
    key = json.dumps([Path(portals).name if portals else "", sorted(only or [])])
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def settings_for(url: str, name: str) -> dict[str, str]:
    """The Scrapy settings that turn a crawl into a member of the shared crawl `name`."""
    return {"SCHEDULER": "crawler.distributed.Scheduler", "NIANBAO_REDIS_URL": url, "NIANBAO_REDIS_CRAWL": name}


class Scheduler(RedisScheduler):
    """scrapy-redis's scheduler and duplicate filter, with membership (see the module docstring)."""

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        server = redis.Redis.from_url(s.get("NIANBAO_REDIS_URL"))
        server.ping()
        prefix = prefix_of(s.get("NIANBAO_REDIS_CRAWL"))
        dupefilter = RFPDupeFilter(server, key=f"{prefix}:dupefilter", debug=s.getbool("DUPEFILTER_DEBUG"))
        self = cls(server=server, persist=True, queue_key=f"{prefix}:requests",
                   queue_cls="scrapy_redis.queue.LifoQueue",  # depth-first, as the local crawl
                   dupefilter=dupefilter, idle_before_close=0)
        self.stats, self.crawler, self.prefix = crawler.stats, crawler, prefix
        self.ttl = s.getfloat("NIANBAO_REDIS_TTL", 60.0)
        self.me = member()
        self.members, self.busy = f"{prefix}:members", f"{prefix}:busy"
        self.paused, self.senders = f"{prefix}:paused", f"{prefix}:senders"
        self.local: deque = deque()
        self.last_busy = 0.0
        self.join, self.leave = server.register_script(JOIN), server.register_script(LEAVE)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        return self

    def keys(self) -> list[str]:
        return [self.members, self.busy, self.queue_key, self.dupefilter_key, self.paused]

    def open(self, spider):
        self.queue_key = self.queue_key % {"spider": spider.name}
        self.dupefilter_key = self.df.key
        now = time.time()
        mode = self.join(keys=self.keys(), args=[self.me, now, now + self.ttl])
        self.crawler.nianbao_start = STARTS[mode]  # what Records.start_run writes as the run's `jobdir`
        super().open(spider)
        log.info("shared crawl %s: %s joined (%s)", self.prefix, self.me,
                 ["joining the crawl under way", "first: a fresh crawl",
                  "first: resuming the crawl stopped before"][mode])
        self.heartbeat = task.LoopingCall(self.beat)
        self.heartbeat.start(max(self.ttl / 4, 0.5), now=False)

    def beat(self) -> None:
        expiry = time.time() + self.ttl
        self.server.zadd(self.members, {self.me: expiry})
        self.server.zadd(self.senders, {self.me: expiry}, xx=True)  # Records still to finish its run
        if self.server.zscore(self.busy, self.me) is not None:
            self.server.zadd(self.busy, {self.me: expiry})

    def close(self, reason):
        if getattr(self, "heartbeat", None) is not None and self.heartbeat.running:
            self.heartbeat.stop()
        last = self.leave(keys=self.keys(), args=[self.me, time.time(), reason])
        log.info("shared crawl %s: %s left (%s)%s", self.prefix, self.me, reason,
                 "; the last one: the crawl is over" if last else "")

    def enqueue_request(self, request):
        if request.meta.get("script"):  # a page of this process waits for it: not shared
            self.local.append(request)
            return True
        return super().enqueue_request(request)

    def next_request(self):
        request = self.local.pop() if self.local else super().next_request()
        if request is not None:
            now = time.time()
            if now - self.last_busy > self.ttl / 4:  # busy: others wait for what this one adds
                self.server.zadd(self.busy, {self.me: now + self.ttl})
                self.last_busy = now
        return request

    def has_pending_requests(self):
        return bool(self.local) or super().has_pending_requests()

    def spider_idle(self, spider):
        """Nothing in flight here: idle. Stay open while the shared queue has requests or
        another live process is busy (it may add some)."""
        now = time.time()
        self.server.zrem(self.busy, self.me)
        self.last_busy = 0.0
        self.server.zremrangebyscore(self.busy, "-inf", now)
        if len(self.queue) or self.server.zcard(self.busy):
            raise DontCloseSpider
