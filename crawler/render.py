"""The rendering fallback: a list page drawn by script that no static reader can read is run in
headless Chromium, and the XHR/fetch calls it makes are recorded for the spider to replay.

Off unless a portal's registry entry says `render: true` (crawler/registry.py). The spider asks
for a render with a request flagged `meta["render"]` that carries the page it already fetched
(`render_body`); `RenderMiddleware`, a downloader middleware placed after the host guard (60)
and robots.txt (100), answers it without a download of its own:

- the page is loaded in Chromium from the bytes the crawl already has (no second fetch);
- the browser itself reaches no network: every request it makes is intercepted (Playwright
  `page.route`), and only scripts and XHR/fetch calls are answered, each fetched through
  Scrapy (`engine.download_async`, all downloader middlewares: the host guard, robots.txt,
  retries, redirects, and the per-host slots, so at most `CONCURRENT_REQUESTS_PER_DOMAIN`
  requests reach a host at once, render or not); stylesheets, images, fonts, media, frames,
  further navigations and anything off the portal are aborted. Chromium is also pointed at a
  dead proxy on 127.0.0.1 so nothing unrouted can leave the machine;
- once the page has been quiet for `NIANBAO_RENDER_IDLE` seconds (or after
  `NIANBAO_RENDER_TIMEOUT`), the rendered DOM is the response's body and the calls recorded
  (method, URL, body sent, status, type and body received) are in `meta["render_calls"]`;
  the spider reads their answers as list APIs and pages through them (crawler.spiders.rendering).

One browser for the whole crawl, started in the background when the crawl opens if a portal
of the registry says `render: true` (a crawl without one never starts it), from `NIANBAO_CHROMIUM` (Debian's /usr/bin/chromium; nothing is downloaded),
at most `NIANBAO_RENDER_PAGES` pages at once, closed when the spider closes. Script files are
cached for the crawl (and those the static script reader already read are reused), so a site's
`app.js` is fetched once. Stats: `render/pages`, `render/seconds` (time pages spent in the
browser), `render/wall` (with the waits for a free page and the browser's start), `render/calls`,
`render/requests`, `render/failed`.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import asdict, dataclass

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse

from crawler.spiders.responses import canonical

log = logging.getLogger(__name__)

FETCHED = ("script", "xhr", "fetch")  # what a page may load while rendered; everything else is aborted
SCRIPT_MAX = 512 * 1024
CACHE_MAX = 512  # script files kept for the crawl


@dataclass
class Call:
    """One XHR/fetch call a rendered page made, and what Scrapy fetched for it."""
    method: str
    url: str  # as the page asked for it
    body: bytes  # what it sent (a POST's form or JSON)
    content_type: str  # of what it sent
    status: int
    answer_type: str
    answer: bytes


class Renderer:
    """Headless Chromium through Playwright, started on first use.

    Playwright runs on an event loop of its own, in a thread: on Scrapy's loop, every message
    of a render (a route, a fetch answered, the page's load) waited behind whatever callbacks
    were parsing pages at that moment, and a render that takes 0.6 s alone took 2–3 s in a
    busy crawl. `render` and `close` are called from Scrapy's loop; `fetch` is run there."""

    def __init__(self, executable: str, timeout: float, idle: float, pages: int, user_agent: str = ""):
        self.executable, self.timeout, self.idle = executable, timeout, idle
        self.user_agent = user_agent
        self.pages = max(1, pages)
        self._pw = self._browser = None
        self._lock: asyncio.Lock | None = None
        self._slots: asyncio.Semaphore | None = None
        self.broken = ""  # why the browser could not start (then every render fails at once)
        self.busy = 0.0  # seconds pages spent in the browser (not waiting for it, nor for its start)
        self._tabs: list[dict] = []  # pages free to render in
        self._loop: asyncio.AbstractEventLoop | None = None  # the browser's loop, in its thread
        self._thread: threading.Thread | None = None

    def _browser_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="nianbao-render", daemon=True)
            self._thread.start()
        return self._loop

    async def render(self, url: str, body: bytes, fetch, cached=None) -> tuple[str, list[Call], int]:
        """Load `body` as the page at `url`; `fetch(url, method, body, headers, kind)` (a coroutine
        function, run on the caller's loop) answers the page's scripts and calls ((status, content
        type, bytes), or None to abort); `cached(url, method, kind)`, called on the browser's
        loop, may answer first (script files already read) without waiting for the caller's.
        Returns (rendered HTML, the XHR/fetch calls, requests answered)."""
        caller = asyncio.get_running_loop()

        async def fetch_there(url, method, body, headers, kind):
            got = cached(url, method, kind) if cached else None
            if got is not None:
                return got
            return await asyncio.wrap_future(
                asyncio.run_coroutine_threadsafe(fetch(url, method, body, headers, kind), caller))

        done = asyncio.run_coroutine_threadsafe(self._render_page(url, body, fetch_there), self._browser_loop())
        return await asyncio.wrap_future(done)

    def warm(self):
        """Start the browser on its thread without waiting for it (a failure is kept in `broken`)."""
        asyncio.run_coroutine_threadsafe(self._warm(), self._browser_loop())

    async def _warm(self):
        try:
            await self.browser()
        except Exception:
            pass

    async def close(self):
        if self._loop is None:
            return
        try:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop))
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop = self._thread = None

    async def browser(self):
        if self._lock is None:
            self._lock, self._slots = asyncio.Lock(), asyncio.Semaphore(self.pages)
        async with self._lock:
            if self._browser is None and not self.broken:
                try:
                    from playwright.async_api import async_playwright

                    self._pw = await async_playwright().start()
                    self._browser = await self._pw.chromium.launch(
                        executable_path=self.executable, headless=True,
                        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--process-per-tab",
                              "--disable-features=IsolateOrigins,site-per-process",
                              "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                              "--disable-background-networking", "--disable-component-update"])
                except Exception as e:  # no playwright, no chromium: say so once, render nothing
                    self.broken = f"{type(e).__name__}: {e}"[:300]
                    log.error("rendering fallback unavailable (%s): %s", self.executable, self.broken)
                    await self._shutdown()
        if self._browser is None:
            raise RuntimeError(f"rendering unavailable: {self.broken}")
        return self._browser

    async def _render_page(self, url: str, body: bytes, fetch) -> tuple[str, list[Call], int]:
        browser = await self.browser()
        async with self._slots:
            start = time.perf_counter()
            tab = self._tabs.pop() if self._tabs else await self._tab(browser)
            ok = False
            try:
                out = await asyncio.wait_for(self._render(tab, url, body, fetch), self.timeout + 5)
                ok = True
                return out
            finally:
                tab["route"] = None  # whatever the page still asks for is aborted, until the next render
                if ok:  # kept as it is: the next render navigates it away (no about:blank in between)
                    self._tabs.append(tab)
                else:
                    try:
                        await tab["context"].close()
                    except Exception:
                        pass
                self.busy += time.perf_counter() - start

    async def _tab(self, browser) -> dict:
        """A page to render in (kept for the next render: a new one costs ~0.3 s): its requests
        all go to the route of the render in progress, or are aborted."""
        context = await browser.new_context(user_agent=self.user_agent or None, service_workers="block")
        page = await context.new_page()
        tab = {"context": context, "page": page, "route": None}

        async def dispatch(r):
            if tab["route"] is None:
                await r.abort()
            else:
                await tab["route"](r)

        await page.route("**/*", dispatch)
        return tab

    async def _render(self, tab, url, body, fetch):
        loop = asyncio.get_running_loop()
        page = tab["page"]
        calls: list[Call] = []
        pending, state = set(), {"last": loop.time(), "served": 0, "navigated": False}
        changed = asyncio.Event()  # a request of the page's started or ended

        async def route(r):
            req = r.request
            kind = req.resource_type
            if not state["navigated"]:  # the tab's previous page, still running until this one replaces it
                if kind == "document" and req.frame == page.main_frame:
                    state["navigated"] = True
                    await r.fulfill(status=200, headers={"Content-Type": "text/html; charset=utf-8"}, body=body)
                else:
                    await r.abort()
                return
            if kind not in FETCHED or req.is_navigation_request():
                await r.abort()
                return
            pending.add(req)
            changed.set()
            try:
                sent = req.post_data_buffer or b""
                headers = {k: v for k, v in req.headers.items() if k.lower() in ("content-type", "accept")}
                got = await fetch(req.url, req.method, sent, headers, kind)
                if got is None:
                    await r.abort()
                    return
                status, ctype, answer = got
                state["served"] += 1
                if kind != "script":
                    calls.append(Call(req.method, req.url, sent, headers.get("content-type", ""), status, ctype, answer))
                await r.fulfill(status=status, headers={"Content-Type": ctype or "application/octet-stream"},
                                body=answer)
            except Exception as e:  # the page closed under us, or the answer could not be given
                log.debug("render: %s not answered (%s)", req.url, e)
                try:
                    await r.abort()
                except Exception:
                    pass
            finally:
                pending.discard(req)
                state["last"] = loop.time()
                changed.set()

        tab["route"] = route
        deadline = loop.time() + self.timeout
        try:
            await page.goto(url, wait_until="load", timeout=self.timeout * 1000)
        except Exception as e:  # a page that never loads: what it asked for so far still counts
            log.info("render: %s did not load (%s)", url, str(e).splitlines()[0][:200])
        await self._quiet(page, pending, state, changed, deadline)
        try:
            html = await page.content()
        except Exception:
            html = body.decode("utf-8", "replace")
        return html, calls, state["served"]

    async def _quiet(self, page, pending, state, changed, deadline):
        """Until nothing is in flight and nothing has started for `idle` seconds; then one round
        trip through the page's own event loop (a `setTimeout(0)`), so that a page slowed down by
        a busy machine has run what it was answered before it is taken as drawn."""
        loop = asyncio.get_running_loop()
        while loop.time() < deadline:
            wait = deadline - loop.time() if pending else state["last"] + self.idle - loop.time()
            if wait > 0:
                changed.clear()
                try:
                    await asyncio.wait_for(changed.wait(), min(wait, deadline - loop.time()))
                except asyncio.TimeoutError:
                    pass
                continue
            mark = state["last"]
            try:
                await asyncio.wait_for(page.evaluate("() => new Promise(r => setTimeout(r, 0))"),
                                       max(0.1, deadline - loop.time()))
            except Exception:
                return
            if not pending and state["last"] == mark:
                return

    async def _shutdown(self):
        self._tabs = []
        if self._browser is not None:
            try:
                await self._browser.close()
            except Exception:
                pass
            self._browser = None
        if self._pw is not None:
            try:
                await self._pw.stop()
            except Exception:
                pass
            self._pw = None


class RenderMiddleware:
    """Downloader middleware answering `meta["render"]` requests by rendering (see the module)."""

    def __init__(self, crawler):
        self.crawler = crawler
        s = crawler.settings
        self.renderer = Renderer(s.get("NIANBAO_CHROMIUM", "/usr/bin/chromium"),
                                 s.getfloat("NIANBAO_RENDER_TIMEOUT", 20.0), s.getfloat("NIANBAO_RENDER_IDLE", 0.3),
                                 s.getint("NIANBAO_RENDER_PAGES", 4), s.get("USER_AGENT", ""))
        self.scripts: dict[str, tuple[int, str, bytes]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        """Start the browser now if a portal may need it: its start (~3 s) is then not in the way
        of the first renders."""
        if any(p.get("render") for p in (getattr(spider, "portals", None) or {}).values()):
            self.renderer.warm()

    async def spider_closed(self, spider):
        await self.renderer.close()

    async def process_request(self, request):
        if not request.meta.get("render"):
            return None
        stats = self.crawler.stats
        start = time.perf_counter()
        body = request.meta.get("render_body") or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        busy = self.renderer.busy
        try:
            html, calls, served = await self.renderer.render(request.url, body, self.fetcher(request), self.cached)
        except Exception as e:
            stats.inc_value("render/failed")
            raise IgnoreRequest(f"render failed: {type(e).__name__}: {str(e)[:200]}") from e
        finally:
            stats.set_value("render/seconds", round(self.renderer.busy, 3))  # in the browser, all pages
            stats.inc_value("render/wall", round(time.perf_counter() - start, 3))  # with the waits
        stats.inc_value("render/pages")
        stats.inc_value("render/calls", len(calls))
        request.meta["render_calls"] = [asdict(c) for c in calls]
        request.meta.pop("render_body", None)
        log.info("rendered %s in %.2f s (%.2f s in the browser): %d call(s), %d request(s)", request.url,
                 time.perf_counter() - start, self.renderer.busy - busy, len(calls), served)
        return HtmlResponse(request.url, status=200, body=html.encode("utf-8"), encoding="utf-8", request=request,
                            flags=["rendered"])

    def cached(self, url, method, kind):
        """A script file the crawl has already: fetched for an earlier render, or read by the
        static script reader (called from the browser's thread too: reads only)."""
        if kind != "script" or method != "GET":
            return None
        got = self.scripts.get(url)
        if got is not None:
            return got
        known = (getattr(self.crawler.spider, "script_text", None) or {}).get(canonical(url))
        if known:
            return 200, "application/javascript; charset=utf-8", known.encode("utf-8")
        return None

    def fetcher(self, page_request):
        """What the browser asks for, fetched by Scrapy with the page's portal (so the host guard
        knows whose hosts are allowed); None when refused or failed (the browser's request is aborted)."""
        meta = {k: page_request.meta[k] for k in ("p",) if k in page_request.meta}
        stats = self.crawler.stats

        async def fetch(url, method, body, headers, kind):
            got = self.cached(url, method, kind)
            if got is not None:
                return got
            req = scrapy.Request(url, method=method, body=body or None, headers=headers, dont_filter=True,
                                 meta=dict(meta, render_fetch=kind,
                                           **({"download_maxsize": SCRIPT_MAX} if kind == "script" else {})))
            try:
                resp = await self.crawler.engine.download_async(req)
            except Exception as e:  # refused (guard, robots.txt) or failed
                log.info("render: %s not fetched (%s)", url, str(e)[:200])
                return None
            stats.inc_value("render/requests")
            got = resp.status, (resp.headers.get("Content-Type") or b"").decode("latin-1"), resp.body
            if kind == "script" and resp.status == 200:
                if len(self.scripts) >= CACHE_MAX:
                    self.scripts.pop(next(iter(self.scripts)))
                self.scripts[url] = got
            return got

        return fetch
