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
"""
from __future__ import annotations

import json
from urllib.parse import parse_qsl

import scrapy
from parsel import Selector
from scrapy.http import TextResponse

from crawler.platforms import html, jsonapi
from crawler.platforms.base import Page
from crawler.recognize import is_column_item, is_column_name, is_report


class RenderMixin:
    """For PortalsSpider."""

    def render_wanted(self, page: Page, meta) -> bool:
        portal = self.portals.get(meta.get("p"), {})
        return bool(portal.get("render") and not page.meta.get("rendered") and not page.meta.get("report")
                    and page.method == "GET" and page.reports == 0
                    and (page.in_column or page.meta.get("column")) and "<script" in page.text.lower())

    def render_if_empty(self, page: Page, meta, asked: list):
        """After the static readers: render the page if they found nothing to ask for."""
        if not asked and self.render_wanted(page, meta):
            self.count(meta, "rendered")
            yield scrapy.Request(page.url, callback=self.parse_rendered, errback=self.on_error, dont_filter=True,
                                 meta=dict(meta, render=True, rendered=True, column=bool(page.in_column or meta.get(
                                     "column")), render_body=page.text.encode("utf-8")))

    def parse_rendered(self, response):
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
