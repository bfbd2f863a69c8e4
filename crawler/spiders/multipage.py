"""Report articles split over pages (t…_1.html, t…_2.html): the pages fetched in order and
archived as one document, the later pages' URLs as its aliases."""
from __future__ import annotations

import datetime as dt
import re

from parsel import Selector
from scrapy.http import TextResponse

from crawler.items import Document
from crawler.platforms import html
from crawler.recognize import norm
from crawler.spiders.responses import canonical, embeds_report, page_text


class MultiPageMixin:
    """For PortalsSpider."""

    def join_start(self, response, sel, found, report_urls, meta, parts):
        """A report article split over pages (t…_1.html, t…_2.html): fetch the others in order,
        then archive the pages joined as one document (their URLs as aliases)."""
        yield from self.article_files(response, sel, found, report_urls, meta)
        first = {"etag": (response.headers.get("ETag") or b"").decode("latin-1"),
                 "last_modified": (response.headers.get("Last-Modified") or b"").decode("latin-1"),
                 "content_type": (response.headers.get("Content-Type") or b"").decode("latin-1")}
        join = {"urls": [canonical(u) for u in parts], "bodies": [page_text(response)], "first": first,
                "title": meta.get("title") or norm(sel.css("title::text").get(""))}
        yield self.page(join["urls"][1], dict(meta, join=join), callback=self.parse_part, errback=self.part_failed)

    def parse_part(self, response):
        meta = self.base_meta(response)
        self.count(meta, "pages")
        join = dict(response.meta["join"])
        if isinstance(response, TextResponse):
            text = page_text(response)
            join["bodies"] = join["bodies"] + [text]
            join["got"] = join.get("got", []) + [join["urls"][join.get("next", 1)]]
            sel = Selector(text=text)
            yield from self.article_files(response, sel, html.links(sel, html.base_of(sel, response.url)), set(),
                                          dict(meta, title=join["title"], join_root=join["urls"][0]))
        yield from self.join_next(join, meta)

    def part_failed(self, failure):
        self.on_error(failure)
        meta = failure.request.meta
        yield from self.join_next(dict(meta["join"]), {k: meta[k] for k in meta if k in (
            "p", "hops", "agency", "title", "text", "year", "page_url", "report")})

    def join_next(self, join, meta):
        join["next"] = join.get("next", 1) + 1
        if join["next"] < len(join["urls"]):
            yield self.page(join["urls"][join["next"]], dict(meta, join=join), callback=self.parse_part,
                            errback=self.part_failed)
            return
        body = join_pages(join["bodies"])
        if not embeds_report(norm(" ".join(Selector(text=body).css("body ::text").getall()))):
            return
        first = join["first"]
        p = self.portals[meta["p"]]
        yield Document(
            url=join["urls"][0], body=body.encode("utf-8"), format="html", portal_id=meta["p"],
            page_url=join["urls"][0], agency=meta.get("agency") or p["agency"], region=p.get("region", ""),
            region_code=p.get("region_code", ""), link_text=meta.get("text", ""), title=meta.get("title", ""),
            year_hint=meta.get("year"), fetched_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            http_status=200, content_type=first["content_type"], etag=first["etag"],
            last_modified=first["last_modified"], aliases=join.get("got", []))


BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


def join_pages(bodies: list[str]) -> str:
    """The pages of one article as one HTML document: the first page with the body of every
    later page added, in order, before its </body>."""
    first = bodies[0]
    rest = "".join(f"\n<!-- page {i} -->\n" + (m.group(1) if (m := BODY.search(b)) else b)
                   for i, b in enumerate(bodies[1:], 2))
    end = first.lower().rfind("</body>")
    return first[:end] + rest + first[end:] if end >= 0 else first + rest
