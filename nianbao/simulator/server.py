"""The HTTP side of the simulator: one threaded server per portal address, faults, a request log.

Each portal listens on its own loopback address so a crawler's per-host politeness is real; the
server counts requests in flight per host so tests can check the crawler's concurrency.
"""
from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

from nianbao.simulator.families import parse_form
from nianbao.simulator.site import Portal

FLAKY_FAILURES = 2  # a flaky URL answers 503 this many times, then 200
HANG_SECONDS = 120


class Board:
    """Shared state of all servers: the request log, in-flight counts, stop signal."""

    def __init__(self):
        self.lock = threading.Lock()
        self.log: list[tuple] = []
        self.spans: list[tuple] = []  # (host, start, end, status)
        self.hits: dict[tuple, int] = {}
        self.stopping = threading.Event()

    def leave(self, host: str, method: str, path: str, status: int, start: float) -> None:
        with self.lock:
            self.log.append((start, host, method, path, status))
            self.spans.append((host, start, time.time(), status))

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
            for _, d in sorted(ev, key=lambda e: (e[0], e[1])):
                n += d
                peak = max(peak, n)
            out[host] = peak
        return out

    def count(self, host: str, path: str) -> int:
        with self.lock:
            n = self.hits[(host, path)] = self.hits.get((host, path), 0) + 1
            return n


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "PortalServer"

    def log_message(self, *args):  # the board keeps the log
        pass

    def do_GET(self):
        self.serve("GET")

    def do_HEAD(self):
        self.serve("HEAD")

    def do_POST(self):
        self.serve("POST")

    def serve(self, method: str) -> None:
        board, host = self.server.board, self.server.portal.host
        start, status = time.time(), 0
        try:
            status = self.respond(method)
        except (BrokenPipeError, ConnectionResetError):
            status = -1
        finally:
            board.leave(host, method, self.path, status, start)

    def respond(self, method: str) -> int:
        portal, board = self.server.portal, self.server.board
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        form = self.rfile.read(length) if length else b""
        res = portal.lookup(url.path, url.query)
        if res is None:
            return self.send(404, "text/html; charset=utf-8", "<h1>404 页面不存在</h1>".encode())
        if method not in res.methods:
            return self.send(405, "text/plain", b"method not allowed")
        if res.fault == "hang":
            board.stopping.wait(HANG_SECONDS)
            self.close_connection = True
            return 0
        if res.fault == "flaky" and board.count(portal.host, url.path) <= FLAKY_FAILURES:
            return self.send(503, "text/plain", b"Service Unavailable")
        if res.fault == "huge":
            return self.stream(res.size)
        if res.location:
            return self.send(res.status, "text/html", b"moved", {"Location": res.location})
        if res.handler:
            status, ctype, body = res.handler(method, parse_form(form, url.query))
            return self.send(status, ctype, body, head=method == "HEAD")
        body = res.bytes()
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(res.filename)}"} if res.filename else {}
        if res.validators:
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
            headers.update({"ETag": etag, "Last-Modified": res.modified})
            if self.not_modified(etag, res.modified):
                return self.send(304, "", b"", headers)
        if res.fault == "gzip" and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body, headers["Content-Encoding"] = gzip.compress(body, mtime=0), "gzip"
        return self.send(res.status, res.ctype, body, headers, chunked=res.fault == "chunked",
                         head=method == "HEAD")

    def not_modified(self, etag: str, modified: str) -> bool:
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if inm:
            return etag in [t.strip() for t in inm.split(",")]
        if ims:
            since = email.utils.parsedate_to_datetime(ims)
            return since >= email.utils.parsedate_to_datetime(modified)
        return False

    def stream(self, size: int) -> int:
        """A PDF too large to archive, written until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        block, sent = b"%PDF-1.4\n" + b"0" * 65527, 0
        while sent < size:
            part = block[: size - sent]
            self.wfile.write(part)
            sent += len(part)
        return 200

    def send(self, status, ctype, body, headers=None, chunked=False, head=False) -> int:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head or status == 304:
            return status
        if not chunked:
            self.wfile.write(body)
            return status
        for i in range(0, len(body), 8192):
            part = body[i:i + 8192]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")
        return status


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):  # a client hanging up is no news
        pass

    def __init__(self, portal: Portal, port: int, board: Board):
        self.portal, self.board = portal, board
        super().__init__((portal.host, port), Handler)


def start_servers(portals: list[Portal], port: int, board: Board) -> tuple[list[PortalServer], int]:
    """Bind every portal's address on one port (a free one when port is 0) and serve in threads."""
    for attempt in range(20):
        servers: list[PortalServer] = []
        try:
            for p in portals:
                servers.append(PortalServer(p, port, board))
                port = servers[0].server_address[1]
            break
        except OSError:
            for s in servers:
                s.server_close()
            if attempt == 19 or servers == [] and port:
                raise
            port = 0
    for s in servers:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    return servers, port
