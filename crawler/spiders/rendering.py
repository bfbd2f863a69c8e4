"""The rendering fallback, spider side: when to render a page, and how its recorded calls are
replayed (the browser side is crawler.render).

A page is rendered only when its portal says `render: true`, it is a list or 年报 column page
(not a report article), it holds scripts, shows no report link, and every static reader,
with the page's script files read, proposed nothing more to ask (no list API, no further page).
The rendered page's report links are followed; each XHR/fetch call it made is read as the first
page of a list API by the JSON reader (crawler.platforms.jsonapi: items of any shape, its other
pages planned from the totals by the paging parameter the call used: pageNo=2, 3 …; page by
page when it gives no count), an HTML answer as a fragment of links. The first page is the
answer the browser already got: it is not asked again.

At most 2 × `NIANBAO_RENDER_PAGES` render requests are handed to Scrapy at a time; the others
wait here (in the spider's `state`, kept in JOBDIR, when the crawl is paused). A render request
waiting for a free browser page sits in the downloader, where it counts against
`CONCURRENT_REQUESTS`: forty of them stopped the rest of the crawl until the browser caught up.
"""
from __future__ import annotations

import json
from collections import deque
from urllib.parse import parse_qsl

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import TextResponse
from scrapy.utils.request import request_from_dict

from crawler.platforms import html, jsonapi
from crawler.platforms.base import Page
from crawler.recognize import is_column_item, is_column_name, is_report


class RenderMixin:
    """For PortalsSpider."""

    def setup_rendering(self, crawler):
        self.render_limit = 2 * max(1, crawler.settings.getint("NIANBAO_RENDER_PAGES", 4))
        self.renders_out = 0  # render requests handed to Scrapy and not answered yet
        self.render_waiting: deque[scrapy.Request] = deque()
        self.render_after: dict[str, list] = {}  # page URL -> [its APIs not answered yet, meta, column, text]
        crawler.signals.connect(self.render_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.render_paused, signal=signals.spider_closed)  # before SpiderState saves

    def render_gate(self, request=None, done=False):
        """Hand out `request` (and any waiting) while fewer than `render_limit` are out."""
        if done:
            self.renders_out = max(0, self.renders_out - 1)
        if request is not None:
            self.render_waiting.append(request)
        while self.render_waiting and self.renders_out < self.render_limit:
            self.renders_out += 1
            yield self.render_waiting.popleft()

    def render_resumed(self):
        """Render requests that were waiting when the crawl was paused (JOBDIR)."""
        for d in (getattr(self, "state", None) or {}).pop("render_waiting", []):
            yield from self.render_gate(request_from_dict(d, spider=self))

    def render_paused(self, spider, reason):
        state = getattr(self, "state", None)
        if isinstance(state, dict) and self.render_waiting:
            state["render_waiting"] = [r.to_dict(spider=self) for r in self.render_waiting]

    def render_idle(self, spider):
        """Nothing in flight: a render request dropped on its way (a page or depth cap) never
        came back, so the waiting ones are handed out now."""
        if self.render_waiting:
            self.renders_out = 0
            for request in self.render_gate():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider

    def render_failed(self, failure):
        yield from self.render_gate(done=True)
        self.on_error(failure)

    def render_wanted(self, page: Page, meta) -> bool:
        portal = self.portals.get(meta.get("p"), {})
        return bool(portal.get("render") and not page.meta.get("rendered") and not page.meta.get("report")
                    and page.method == "GET" and page.reports == 0
                    and (page.in_column or page.meta.get("column")) and "<script" in page.text.lower())

    def render_if_empty(self, page: Page, meta, asked: list):
        """After the static readers: render the page if they found nothing to ask for."""
        if not asked and self.render_wanted(page, meta):
            self.count(meta, "rendered")
            yield from self.render_gate(self.render_request(page.url, meta, page.in_column, page.text))

    def render_request(self, url, meta, in_column, text: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_rendered, errback=self.render_failed, dont_filter=True,
                              meta=dict(meta, render=True, rendered=True, column=bool(in_column or meta.get("column")),
                                        render_body=text.encode("utf-8")))

    def render_unless_found(self, page: Page, meta, asked: list) -> list:
        """`asked`, before it is yielded: when the page would be rendered but the static readers
        found list APIs on it, the page is rendered after all if every one of them comes back
        with nothing (no item, not JSON, or failed) — an old endpoint left in the markup while a
        script draws the list from another."""
        apis = [i for i, r in enumerate(asked) if isinstance(r, scrapy.Request) and r.callback == self.parse_api]
        if not apis or not self.render_wanted(page, meta):
            return asked
        self.render_after[page.url] = [len(apis), meta, page.in_column, page.text]
        asked = list(asked)
        for i in apis:
            asked[i] = asked[i].replace(errback=self.api_failed, meta=dict(asked[i].meta, render_after=page.url))
        return asked

    def api_answered(self, response_or_request, items: int):
        """An API of a page waiting to know whether to render (see `render_unless_found`)."""
        url = response_or_request.meta.get("render_after")
        entry = self.render_after.get(url) if url else None
        if entry is None:
            return
        entry[0] -= 1
        if items:
            del self.render_after[url]
        elif entry[0] <= 0:
            del self.render_after[url]
            _, meta, in_column, text = entry
            self.count(meta, "rendered")
            yield from self.render_gate(self.render_request(url, meta, in_column, text))

    def api_failed(self, failure):
        yield from self.api_answered(failure.request, 0)
        self.on_error(failure)

    def parse_rendered(self, response):
        yield from self.render_gate(done=True)
        meta = self.base_meta(response)
        in_column = bool(response.meta.get("column"))
        hosts = self.hosts(meta, response.url)
        asked: set[str] = set()

        def once(requests):
            for r in requests:
                if isinstance(r, scrapy.Request):
                    key = f"{r.method} {r.url} {r.body!r}"
                    if key in asked:
                        continue
                    asked.add(key)
                yield r

        sel = Selector(text=response.text)
        yield from once(self.fragment_reports(sel, html.base_of(sel, response.url), response, meta, in_column, hosts))
        for call in response.meta.get("render_calls") or []:
            if call["status"] != 200 or not html.same_site(call["url"], hosts):
                continue
            data = jsonapi.load(call["answer"])
            if data is not None:
                yield from once(self.parse_api(self.recorded(call, meta, in_column)))
            elif "html" in call["answer_type"] or "xml" in call["answer_type"]:
                frag = Selector(text=call["answer"].decode("utf-8", "replace"))
                yield from once(self.fragment_reports(frag, call["url"], response, meta, in_column, hosts))

    def fragment_reports(self, sel, base, response, meta, in_column, hosts):
        for link in html.links(sel, base):
            title = link.title or link.text
            if not html.same_site(link.url, hosts) or is_column_name(title) and not html.is_document_url(link.url):
                continue
            if is_report(link.title) or in_column and is_column_item(title):
                yield self.follow_report(link, response, meta)

    @staticmethod
    def recorded(call: dict, meta, in_column) -> TextResponse:
        """A recorded call's answer as the response to the list request it was (for parse_api)."""
        form, as_json = {}, False
        if call["method"] == "POST":
            text = call["body"].decode("utf-8", "replace")
            if "json" in call["content_type"] or text.lstrip().startswith("{"):
                try:
                    form, as_json = {k: str(v) for k, v in json.loads(text).items()}, True
                except (ValueError, AttributeError):
                    form = {}
            else:
                form = dict(parse_qsl(text, keep_blank_values=True))
        request = scrapy.Request(call["url"], method=call["method"], body=call["body"] or None,
                                 meta=dict(meta, api_first=True, column=in_column, api_form=form, api_json=as_json))
        return TextResponse(call["url"], status=200, body=call["answer"], encoding="utf-8", request=request)
