"""The records of a shared crawl and their one writer (see crawler.distributed): crawl processes
send what the archive pipeline would store (`Records`) to a Redis list; the `Writer`, on the
database's machine, stores them through nianbao.store, in order, and puts the snapshot the
processes read (validators, the crawl's memory of URLs) in Redis when it starts."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
import zlib
from pathlib import Path

import redis

from crawler.distributed import member, prefix_of
from nianbao.store import connect, crawl_urls, documents
from nianbao.store.archive import store_raw
from nianbao.store.crawl_urls import CrawlStore

log = logging.getLogger(__name__)


def keys_of(prefix: str) -> dict[str, str]:
    return {k: f"{prefix}:{k}" for k in ("records", "snapshot", "runs", "senders", "writer")}


class Records:
    """In a crawl process of a shared crawl: the functions of nianbao.store.documents that the
    archive pipeline calls (same names, same arguments), which read the writer's snapshot and
    send records to the writer instead of opening the database. Raw files are written here,
    to the shared archive folder, by the store's own `store_raw`."""

    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.server = redis.Redis.from_url(s.get("NIANBAO_REDIS_URL"))
        self.keys = keys_of(prefix_of(s.get("NIANBAO_REDIS_CRAWL")))
        blob = self.server.get(self.keys["snapshot"])
        if blob is None:
            raise RuntimeError("no writer for this shared crawl: start `nianbao crawl --redis` on the database's "
                               "machine (crawl processes elsewhere: `--join`)")
        self.snapshot = json.loads(zlib.decompress(blob))
        self.shas = {k["sha256"] for k in self.snapshot["known"].values()}
        self.me, self.ttl = member(), s.getfloat("NIANBAO_REDIS_TTL", 60.0)
        self.run = ""

    def send(self, op: str, **record) -> None:
        self.server.rpush(self.keys["records"], json.dumps(dict(record, op=op, run=self.run), ensure_ascii=False))

    def known_documents(self, db):
        return self.snapshot["known"], self.snapshot["children"]

    def reap_runs(self, db):
        return []  # the writer's (Writer.finish)

    def start_run(self, db, portals, jobdir_mode: str, pid: int) -> str:
        """The run's id here is a token; the writer maps it to its crawl_runs row."""
        self.run = f"{self.me}:{time.time():.6f}"
        self.server.zadd(self.keys["senders"], {self.me: time.time() + self.ttl})  # kept up by the heartbeat
        self.send("start", portals=sorted(portals), jobdir=getattr(self.crawler, "nianbao_start", jobdir_mode))
        return self.run

    def find(self, db, sha256: str) -> dict | None:
        """Archived already (in the snapshot, or by this process): the writer decides what the
        new URL or validators change (`url` unknown here, so the pipeline always sends them)."""
        return {"sha256": sha256, "url": None} if sha256 in self.shas else None

    def archive(self, db, data_dir, data: bytes, row: dict, name: str = "") -> tuple[str, str]:
        sha, rel = store_raw(data_dir, data, row.get("format") or "", name, row.get("sha256") or "")
        self.shas.add(sha)
        self.send("document", row=dict(row, sha256=sha, size=len(data), path=rel))
        return sha, rel

    def set_validators(self, db, sha256: str, etag, last_modified) -> None:
        self.send("validators", sha256=sha256, etag=etag, last_modified=last_modified)

    def add_alias(self, db, row: dict, entry: dict) -> None:
        self.send("again", sha256=row["sha256"], entry=entry)

    def finish_run(self, db, run_id, fields: dict) -> None:
        pipe = self.server.pipeline()
        pipe.rpush(self.keys["records"], json.dumps({"op": "finish", "run": run_id, "fields": fields}))
        pipe.zrem(self.keys["senders"], self.me)  # the writer has all of this process's records
        pipe.execute()


class SharedCrawlStore(CrawlStore):
    """The crawl's memory of URLs (nianbao.store.crawl_urls) from the writer's snapshot; its
    writes go to the writer."""

    def __init__(self, records: Records, run_id, base: float = 3600.0):
        self.db, self.run_id, self.base = records, run_id, base
        self.rows, self.by_page = {}, {}
        for r in records.snapshot["urls"]:
            self._remember(r)

    def _write(self, url: str, **fields) -> None:
        row = dict(self.rows.get(url) or {"url": url, "failures": 0}, **fields, run_id=self.run_id)
        self._remember(row)
        self.db.send("url", row=row)


class WriterBusy(RuntimeError):
    pass


class Writer:
    """The one writer of a shared crawl, on the database's machine, in a thread of
    `nianbao crawl --redis`: puts the snapshot the crawl processes read in Redis, then stores
    their records through the store, in order, until stopped — after the crawl is over (no
    process of it left with records to send), or, `interrupted`, once the records there are
    stored (processes elsewhere may go on: their records wait for the next writer).

    Records are read, stored, then removed, so a writer killed mid-way stores the last ones
    again next time (each is idempotent). A second writer of the same crawl (another
    database!) is refused while this one lives (a key with a TTL, kept up)."""

    def __init__(self, url: str, name: str, db_path, data_dir, ttl: float = 60.0):
        self.server = redis.Redis.from_url(url)
        self.keys = keys_of(prefix_of(name))
        self.db_path, self.data_dir, self.ttl = db_path, Path(data_dir), ttl
        self.me = member()
        self.stopping, self.interrupted = threading.Event(), False
        self.thread: threading.Thread | None = None
        self.runs: dict[str, int] = {}
        self.stored = 0
        self.error: BaseException | None = None

    def start(self) -> "Writer":
        if not self.server.set(self.keys["writer"], self.me, nx=True, ex=max(int(self.ttl), 1)):
            holder = self.server.get(self.keys["writer"])
            if holder and holder.decode() != self.me:
                raise WriterBusy(f"another writer ({holder.decode()}) stores this shared crawl")
        db = connect(self.db_path)
        known, children = documents.known_documents(db)
        urls = list(db[crawl_urls.TABLE].rows) if db[crawl_urls.TABLE].exists() else []
        db.conn.close()
        snapshot = zlib.compress(json.dumps({"known": known, "children": children, "urls": urls},
                                            ensure_ascii=False).encode())
        self.server.set(self.keys["snapshot"], snapshot)
        log.info("shared crawl writer %s: snapshot of %d documents, %d URLs (%d KB)", self.me, len(known),
                 len(urls), len(snapshot) // 1024)
        self.thread = threading.Thread(target=self.run, name="nianbao-crawl-writer", daemon=True)
        self.thread.start()
        return self

    def stop(self, interrupted: bool = False) -> None:
        self.interrupted = interrupted
        self.stopping.set()
        if self.thread is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error

    def run(self) -> None:
        self.db = connect(self.db_path)
        try:
            beat = 0.0
            while True:
                if time.monotonic() - beat > self.ttl / 4:
                    self.server.set(self.keys["writer"], self.me, ex=max(int(self.ttl), 1))
                    beat = time.monotonic()
                if self.drain():
                    continue
                if self.stopping.is_set() and (self.interrupted or self.over()):
                    break
                time.sleep(0.1)
            self.reap()
            if not self.interrupted:
                self.finish()
        except BaseException as e:  # noqa: BLE001 — raised again by stop()
            self.error = e
        finally:
            self.db.conn.close()
            if self.server.get(self.keys["writer"]) == self.me.encode():
                self.server.delete(self.keys["writer"])

    def over(self) -> bool:
        """No process of the crawl has records left to send (a killed one counts until its
        heartbeat expires), and every record is stored."""
        self.server.zremrangebyscore(self.keys["senders"], "-inf", time.time())
        return not self.server.zcard(self.keys["senders"]) and not self.server.llen(self.keys["records"])

    def drain(self, batch: int = 500) -> int:
        records = self.server.lrange(self.keys["records"], 0, batch - 1)
        for r in records:
            self.apply(json.loads(r))
        if records:
            self.server.ltrim(self.keys["records"], len(records), -1)
            self.stored += len(records)
        return len(records)

    def run_id(self, token: str) -> int | None:
        if token not in self.runs:
            rid = self.server.hget(self.keys["runs"], token)
            if rid is None:
                return None
            self.runs[token] = int(rid)
        return self.runs[token]

    def apply(self, rec: dict) -> None:
        op, token, db = rec["op"], rec["run"], self.db
        if op == "start":
            if self.run_id(token) is None:
                rid = documents.start_run(db, rec["portals"], rec["jobdir"], None)
                self.server.hset(self.keys["runs"], token, rid)
            return
        rid = self.run_id(token)
        if op == "document":
            row = dict(rec["row"], crawl_run_id=rid)
            existing = documents.find(db, row["sha256"])
            if existing:
                self.again(existing, {k: row.get(k) for k in ("url", "page_url", "etag", "last_modified")})
            else:
                documents.record(db, row)
        elif op == "again":
            existing = documents.find(db, rec["sha256"])
            if existing:
                self.again(existing, rec["entry"])
        elif op == "validators":
            documents.set_validators(db, rec["sha256"], rec["etag"], rec["last_modified"])
        elif op == "url":
            crawl_urls.put(db, dict(rec["row"], run_id=rid))
        elif op == "finish":
            if rid is not None:
                documents.finish_run(db, rid, rec["fields"])
            self.server.hdel(self.keys["runs"], token)

    def again(self, row: dict, entry: dict) -> None:
        """Bytes archived already, fetched again (crawler.pipelines.ArchivePipeline._alias)."""
        if row["url"] == entry["url"]:
            if (entry.get("etag"), entry.get("last_modified")) != (row["etag"], row["last_modified"]):
                documents.set_validators(self.db, row["sha256"], entry.get("etag"), entry.get("last_modified"))
            return
        documents.add_alias(self.db, row, entry)

    def reap(self) -> None:
        """Runs of this machine's crawl processes that are gone without sending their end (a
        kill, or a stop while still starting): `killed`."""
        host = socket.gethostname()
        for token, rid in self.server.hgetall(self.keys["runs"]).items():
            h, pid, _ = token.decode().rsplit(":", 2)
            if h == host and not documents.alive(pid):
                documents.finish_run(self.db, int(rid), {"finish_reason": "killed"})
                self.server.hdel(self.keys["runs"], token)

    def finish(self) -> None:
        """The crawl is over: runs that never sent their end were killed; the snapshot goes
        (a process joining later waits for the next writer); raw files a killed process left
        half-written go."""
        for token, rid in self.server.hgetall(self.keys["runs"]).items():
            documents.finish_run(self.db, int(rid), {"finish_reason": "killed"})
        self.server.delete(self.keys["runs"], self.keys["snapshot"])
        for stale in self.data_dir.glob("raw/*/*.part"):
            stale.unlink(missing_ok=True)


def wait_for_writer(url: str, name: str, timeout: float) -> bool:
    """For `--join`: wait until the writer on the database's machine has put its snapshot."""
    server, key = redis.Redis.from_url(url), keys_of(prefix_of(name))["snapshot"]
    deadline = time.monotonic() + timeout
    while not server.exists(key):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True
