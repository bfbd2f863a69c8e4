"""The HTTP side of the simulator: every portal on its own loopback address, served by one
asyncio loop in a background thread, with faults and a request log.

One event loop (not a thread per connection) makes the log exact: a request's span runs from
reading it to handing its response to the socket, so a client's next request can only start
after; each answer waits `latency` seconds first, as a real server would, so requests a
crawler sends at once do overlap. The spans per host thus show the crawler's real per-host
concurrency, even with hundreds of portals on a busy machine.
"""
from __future__ import annotations

import asyncio
import email.utils
import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from nianbao.world.simulator.families import parse_form
from nianbao.world.simulator.site import Portal

FLAKY_FAILURES = 2  # a flaky URL answers 503 this many times, then 200
HANG_SECONDS = 120
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
           307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
           404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error", 503: "Service Unavailable"}


class Board:
    """Shared state of all portals: the request log, spans per host, flaky counters."""

    def __init__(self):
        self.lock = threading.Lock()
        self.log: list[tuple] = []
        self.spans: list[tuple] = []  # (host, start, end, status)
        self.hits: dict[tuple, int] = {}

    def leave(self, host: str, method: str, path: str, status: int, start: float, end: float) -> None:
        with self.lock:
            self.log.append((start, host, method, path, status))
            self.spans.append((host, start, end, status))

    def count(self, host: str, path: str) -> int:
        with self.lock:
            n = self.hits[(host, path)] = self.hits.get((host, path), 0) + 1
            return n

    def peaks(self) -> dict[str, int]:
        """Most requests in flight at once per host, not counting ones the client gave up on."""
        with self.lock:
            spans = [s for s in self.spans if s[3] > 0]
        events: dict[str, list] = {}
        for host, a, b, _ in spans:
            events.setdefault(host, []).extend([(a, 1), (b, -1)])
        out = {}
        for host, ev in events.items():
            n = peak = 0
            for _, d in sorted(ev):
                n += d
                peak = max(peak, n)
            out[host] = peak
        return out


@dataclass
class Answer:
    status: int
    ctype: str = ""
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    chunked: bool = False
    hang: bool = False
    stream: int = 0  # bytes of a huge body to stream


def answer(portal: Portal, board: Board, method: str, target: str, headers: dict, form: bytes) -> Answer:
    """What the portal answers to one request (no I/O here)."""
    url = urlsplit(target)
    if portal.down:
        return Answer(portal.down, "text/html; charset=utf-8", b"<h1>error</h1>")
    res = None if url.path in portal.gone else portal.lookup(url.path, url.query)
    if res is None:
        return Answer(404, "text/html; charset=utf-8", "<h1>404 页面不存在</h1>".encode())
    if method not in res.methods:
        return Answer(405, "text/plain", b"method not allowed")
    if res.fault == "hang":
        return Answer(0, hang=True)
    if res.fault == "flaky" and board.count(portal.host, target if res.fails else url.path) <= (
            res.fails or FLAKY_FAILURES):
        return Answer(503, "text/plain", b"Service Unavailable")
    if res.fault == "huge":
        return Answer(200, "application/pdf", stream=res.size)
    if res.location:  # "{port}": the port this request came to (redirects to other loopback hosts)
        port = headers.get("host", "").rpartition(":")[2]
        return Answer(res.status, "text/html", b"moved", {"Location": res.location.replace("{port}", port)})
    if res.handler:
        status, ctype, body = res.handler(method, parse_form(form, url.query))
        return Answer(status, ctype, body)
    body = res.bytes()
    out = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(res.filename)}"} if res.filename else {}
    if res.validators:
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
        out.update({"ETag": etag, "Last-Modified": res.modified})
        if not_modified(headers, etag, res.modified):
            return Answer(304, "", b"", out)
    if res.fault == "gzip" and "gzip" in headers.get("accept-encoding", ""):
        body, out["Content-Encoding"] = gzip.compress(body, mtime=0), "gzip"
    return Answer(res.status, res.ctype, body, out, chunked=res.fault == "chunked")


def not_modified(headers: dict, etag: str, modified: str) -> bool:
    inm, ims = headers.get("if-none-match"), headers.get("if-modified-since")
    if inm:
        return etag in [t.strip() for t in inm.split(",")]
    if ims:
        try:
            return email.utils.parsedate_to_datetime(ims) >= email.utils.parsedate_to_datetime(modified)
        except (TypeError, ValueError):
            return False
    return False


def head_bytes(a: Answer, length: int | None) -> bytes:
    lines = [f"HTTP/1.1 {a.status} {REASONS.get(a.status, 'Status')}", "Server: nianbao-simulator"]
    if a.ctype:
        lines.append(f"Content-Type: {a.ctype}")
    lines += [f"{k}: {v}" for k, v in a.headers.items()]
    if a.chunked:
        lines.append("Transfer-Encoding: chunked")
    elif length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class Servers:
    """All portals' listeners on one asyncio loop running in a daemon thread."""

    def __init__(self, board: Board, latency: float = 0.01):
        self.board, self.latency = board, latency
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.servers: list[asyncio.AbstractServer] = []
        self.stopping: asyncio.Event | None = None

    def call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def start(self, portals: list[Portal], port: int) -> int:
        return self.call(self._start(portals, port))

    async def _start(self, portals, port) -> int:
        self.stopping = asyncio.Event()
        for p in portals:
            server = await asyncio.start_server(lambda r, w, p=p: self.serve(p, r, w), p.host, port,
                                                reuse_address=True, backlog=256)
            port = port or server.sockets[0].getsockname()[1]
            self.servers.append(server)
        return port

    def stop(self) -> None:
        async def _stop():
            self.stopping.set()
            for s in self.servers:
                s.close()
            await asyncio.sleep(0)
        if self.loop.is_running():
            self.call(_stop())
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=5)

    async def serve(self, portal: Portal, reader, writer) -> None:
        try:
            while await self.one(portal, reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()

    async def one(self, portal: Portal, reader, writer) -> bool:
        """Read one request and answer it; False when the connection should close."""
        line = await reader.readline()
        if not line.strip():
            return False
        start = time.time()
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers = {}
        while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
            k, _, v = h.decode("latin-1").partition(":")
            headers[k.strip().lower()] = v.strip()
        length = int(headers.get("content-length") or 0)
        form = await reader.readexactly(length) if length else b""
        a = answer(portal, self.board, method, target, headers, form)
        res = portal.lookup(urlsplit(target).path, urlsplit(target).query)
        if res is not None and res.delay:
            await asyncio.sleep(res.delay)
        if self.latency:  # a real server takes a moment; requests overlap here, visibly
            await asyncio.sleep(self.latency)
        if a.hang:
            try:
                await asyncio.wait_for(self.stopping.wait(), HANG_SECONDS)
            except asyncio.TimeoutError:
                pass
            self.board.leave(portal.host, method, target, 0, start, time.time())
            return False
        if a.stream:
            return await self.stream(portal, writer, a, method, target, start)
        body = a.body if method != "HEAD" and a.status != 304 else b""
        if a.chunked and body:
            body = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192])
                            for i in range(0, len(body), 8192)) + b"0\r\n\r\n"
        writer.write(head_bytes(a, None if a.status == 304 else len(a.body)) + body)
        self.board.leave(portal.host, method, target, a.status, start, time.time())
        await writer.drain()
        return headers.get("connection", "").lower() != "close"

    async def stream(self, portal, writer, a: Answer, method, target, start) -> bool:
        """A body too large to archive, written until the client hangs up."""
        writer.write(head_bytes(a, a.stream))
        block, sent, status = b"%PDF-1.4\n" + b"0" * 65527, 0, -1
        try:
            while sent < a.stream:
                part = block[: a.stream - sent]
                writer.write(part)
                sent += len(part)
                await writer.drain()
            status = 200
        finally:
            self.board.leave(portal.host, method, target, status, start, time.time())
        return False
