"""The one generic spider: from each portal's start page, find every annual report and fetch it.

Every page goes through every family reader (TRS paging, JCMS datastore, JSON APIs, next-page
links, discovery of 年报 columns and department directories); the registry's `platform` is
recorded but not trusted. Report links are chosen by their titles (crawler.recognize).
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import TextResponse

from crawler import registry
from crawler.errors import kind_of
from crawler.items import Document
from crawler.platforms import READERS, discover, html, jsonapi
from crawler.platforms.base import Page
from crawler.recognize import (NOT_REPORT, TITLE_SPLIT, is_agency, is_column_item, is_column_name, is_report,
                               is_report_column, norm, year_of)
from crawler.spiders.multipage import MultiPageMixin
from crawler.spiders.rendering import RenderMixin
from crawler.spiders.responses import canonical, embeds_report, file_name, page_text
from crawler.spiders.scriptfiles import ScriptFilesMixin
from crawler.state import prepare_jobdir
from nianbao.formats import sniff

log = logging.getLogger(__name__)
ARCHIVED = {"html", "pdf", "doc", "docx", "wps", "xls", "xlsx", "image", "text"}


# Where a page names its column: breadcrumb, location bar, column title.
CRUMBS = "//*[" + " or ".join(f"contains(@class, '{c}') or contains(@id, '{c}')" for c in (
    "crumb", "position", "location", "dqwz", "lm-title", "lmtitle", "column-title", "lm_name", "lmname")) + "]"


class PortalsSpider(ScriptFilesMixin, MultiPageMixin, RenderMixin, scrapy.Spider):
    name = "portals"

    def __init__(self, portals=None, only=None, db=None, data_dir=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.registry_path, self.only = portals, [o for o in (only or "").split(",") if o]
        self.db_path, self.data_dir = db, data_dir
        self.tally: dict[str, Counter] = {}
        self.known: dict[str, dict] = {}
        self.children: dict[str, list[str]] = {}
        self.script_text: dict[str, str | None] = {}  # script file URL -> text (None while asked for)
        self.script_sites: Counter = Counter()  # script files asked for, per host
        self.parked: dict[str, list[tuple[Page, dict, list[str]]]] = {}  # script URL -> pages waiting for it
        self.store = None  # nianbao.store.crawl_urls.CrawlStore, set by the archive pipeline

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.registry_path = spider.registry_path or s.get("NIANBAO_PORTALS") or None
        spider.only = spider.only or [o for o in (s.get("NIANBAO_ONLY") or "").split(",") if o]
        spider.db_path = spider.db_path or s.get("NIANBAO_DB")
        spider.data_dir = spider.data_dir or s.get("NIANBAO_DATA_DIR")
        spider.max_hops = s.getint("NIANBAO_MAX_HOPS", 4)
        spider.portals = {p["id"]: p for p in registry.load(spider.registry_path, spider.only)}
        spider.tally = {pid: Counter() for pid in spider.portals}
        spider.jobdir_mode = prepare_jobdir(s.get("JOBDIR"))  # before the scheduler reads JOBDIR
        spider.setup_rendering(crawler)
        return spider

    # ---------------------------------------------------------------- requests
    async def start(self):
        for request in self.render_resumed():
            yield request
        for pid, p in self.portals.items():
            for url in p.get("start_urls") or [p["url"]]:
                yield self.page(url, {"p": pid, "hops": 0, "agency": p["agency"]})

    def page(self, url, meta, callback=None, errback=None, download_maxsize=None, **kw) -> scrapy.Request:
        if download_maxsize:
            meta = dict(meta, download_maxsize=download_maxsize)
        return scrapy.Request(canonical(url), callback=callback or self.parse_page, errback=errback or self.on_error,
                              meta=meta, **kw)

    def document(self, url, meta) -> scrapy.Request:
        return self.page(url, meta, callback=self.parse_doc)

    def follow_report(self, link: html.Link, response, meta) -> scrapy.Request:
        m = dict(meta, title=link.title, text=link.text, report=True, list_date=link.date or None,
                 year=year_of(link.title, link.url, link.date) or meta.get("year"))
        if html.is_document_url(link.url):  # remembered with its page (see `article`)
            return self.attachment(canonical(link.url), dict(m, page_url=response.url))
        if response.meta.get("report") and self.store is not None:  # a report page an article links
            self.store.found(canonical(link.url), meta["p"], response.url, dict(m, kind="page"))
        return self.page(link.url, dict(m, page_url=""))

    # ---------------------------------------------------------------- callbacks
    def count(self, meta, key, n=1):
        self.tally.setdefault(meta["p"], Counter())[key] += n

    def parse_page(self, response):
        meta = self.base_meta(response)
        self.count(meta, "pages")
        if response.status == 304:
            yield from self.unchanged(response, meta)
            return
        if not isinstance(response, TextResponse) or sniff(response.body[:4096], "") not in ("html", "text"):
            yield from self.keep_doc(response, meta)
            return
        text = page_text(response)
        sel = Selector(text=text)
        base = html.base_of(sel, response.url)
        if response.meta.get("agency_from_page"):  # a department reached by a short name (发改)
            meta["agency"] = self.page_agency(sel) or meta.get("agency")
        page = Page(response.url, text, sel, base, response.request.method, meta=dict(response.meta))
        found = html.links(sel, base)
        for reader in READERS:  # links carried outside the markup (JCMS records, JSON in the page)
            found += reader.links(page)
        hosts = self.hosts(meta, response.url)
        directory = self.portals[meta["p"]]["platform"] == "directory"
        departments = discover.departments(found)
        if not directory:  # only a directory links other sites
            departments = [l for l in departments if html.same_site(l.url, hosts)]
        found = [l for l in found if html.same_site(l.url, hosts)]
        # a 年报 column (or a later page of one), whose items may be named by their year alone
        in_column = response.meta.get("column") or self.report_column(
            sel, crumbs=not response.meta.get("report"), extra=[] if response.meta.get("report") else
            [n for r in READERS for n in r.column_names(page)])
        page.in_column = bool(in_column)
        reports, column_links = {}, []
        for l in found:
            if canonical(l.url) == canonical(response.url):
                continue
            if is_column_name(l.title or l.text) and not html.is_document_url(l.url):
                column_links.append(l)  # 「政府信息公开年报」 in a sidebar or breadcrumb: the column, not a report
            elif is_report(l.title) or in_column and is_column_item(l.title or l.text):
                reports.setdefault(canonical(l.url), l)
        body_text = norm(" ".join(sel.css("body ::text").getall()))
        article = response.meta.get("report") and (
            len(reports) <= 1 or embeds_report(body_text) or self.titled(sel))
        followed = [self.follow_report(link, response, meta) for link in reports.values()]  # before the page is kept
        if article:
            parts = next((p for p in (r.parts(page) for r in READERS) if len(p) > 1), [])
            if parts and canonical(parts[0]) == canonical(response.url):
                yield from self.join_start(response, sel, found, set(reports), meta, parts)
            else:
                yield from self.article(response, sel, body_text, found, set(reports), meta)
        yield from followed
        list_meta = dict(meta, column=True) if in_column else meta  # the list's other pages
        page.reports = len(reports) + bool(article)
        pager = []
        if not article:
            for url in html.next_pages(found, base):
                if html.same_site(url, hosts):
                    pager.append(self.page(url, list_meta))
                    yield pager[-1]
        asked = list(self.follow_readers(page, meta, list_meta, hosts))
        needs_scripts = not article and any(r.needs_scripts(page) for r in READERS)
        if not article and not needs_scripts and not pager:
            asked = self.render_unless_found(page, meta, asked)  # rendered after all if its APIs give nothing
        yield from asked
        if needs_scripts:
            yield from self.ask_scripts(page, meta, hosts)
        elif not article:
            yield from self.render_if_empty(page, meta, asked + pager)  # a `render: true` portal's list drawn by script
        if reports or article:
            return
        redirect = html.script_redirect(text, base) if len(found) < 5 else ""
        if redirect and html.same_site(redirect, hosts):  # a root page sending the browser on by script
            yield self.page(redirect, meta)
        if meta["hops"] < self.portals[meta["p"]].get("max_hops", self.max_hops):
            deeper = dict(meta, hops=meta["hops"] + 1)
            columns = discover.columns(found)
            for link in column_links:
                yield self.page(link.url, dict(deeper, column=True))
            for link in columns:
                yield self.page(link.url, deeper)
            for link, kind, name in discover.more_links(sel, base):
                if html.same_site(link, hosts):
                    yield self.page(link, dict(deeper, column=True) if kind == "column" else dict(deeper, agency=name))
            for link in departments:
                yield self.page(link.url, dict(deeper, agency=link.text))
            grid = discover.grid(found, response.url) if directory and not columns else []
            if grid and not {d.url for d in departments} & {g.url for g in grid}:
                for link in grid:  # departments by short names or icons (发改, 教育 …)
                    yield self.page(link.url, dict(deeper, agency=link.text, agency_from_page=True))

    def hosts(self, meta, url) -> set[str]:
        return {urlsplit(u).hostname for u in [self.portals[meta["p"]]["url"], url]}

    def follow_readers(self, page: Page, meta, list_meta, hosts):
        """What every family reader finds more of: the list's other pages and its requests."""
        for reader in READERS:
            got = reader.follow(page)
            for url in got.pages:
                if html.same_site(url, hosts):
                    yield self.page(url, list_meta)
            for api in got.apis:
                if html.same_site(api.url, hosts):
                    column = page.in_column if api.column is None else api.column
                    yield self.api(api, dict(meta, api_first=api.plan, column=column, **api.extra))

    # ---------------------------------------------------------------- script files
    @staticmethod
    def report_column(sel, crumbs=False, extra=()) -> bool:
        """The page is a 年报 column: by its <title> or heading (政府信息公开年报, 年度报告 …), or the
        last step of its breadcrumb (首页 > 政务公开 > 政府信息公开年报), or a name a family reader
        reads (TRS `a.CurrChnlCls`, a `ColumnDescription` meta)."""
        names = [sel.css("title::text").get("")] + sel.css("h1 ::text, h2 ::text").getall()[:4] + list(extra)
        names += sel.css("meta[name=ColumnDescription]::attr(content), meta[name=ColumnName]::attr(content)").getall()
        if crumbs:
            for trail in sel.xpath(CRUMBS)[:3]:
                steps = [t for t in re.split(r"[>»›/]", norm(" ".join(trail.css("::text").getall()))) if t]
                names += steps[-1:]
        return any(is_report_column(n) for n in names)

    @staticmethod
    def page_agency(sel) -> str:
        """The agency a department page names: a part of its <title>, or its heading."""
        names = TITLE_SPLIT.split(sel.css("title::text").get("")) + sel.css("h1 ::text").getall()[:2]
        return next((norm(n) for n in names if is_agency(n)), "")

    def api(self, api: jsonapi.Api, meta) -> scrapy.Request:
        """A JSON list request: GET its URL, or POST its form (or JSON body)."""
        callback = self.parse_api if api.answer == "json" else self.parse_page
        if api.method == "GET":
            return self.page(api.url, meta, callback=callback)
        meta = dict(meta, api_form=api.form, api_json=api.json_body)
        if api.answer != "json":
            return scrapy.FormRequest(api.url, formdata=api.form, callback=callback, errback=self.on_error, meta=meta)
        if api.json_body:
            return scrapy.http.JsonRequest(api.url, data=api.form, callback=self.parse_api, errback=self.on_error,
                                           meta=meta)
        return scrapy.FormRequest(api.url, formdata=api.form, callback=self.parse_api, errback=self.on_error,
                                  meta=meta)

    @staticmethod
    def titled(sel) -> bool:
        """The page's heading names a report, or its <title> names one with its year."""
        title, h1 = norm(sel.css("title::text").get("")), norm(" ".join(sel.css("h1 ::text").getall()))
        return is_report(h1) or (is_report(title) and bool(year_of(title)))

    def article(self, response, sel, body_text, found, report_urls, meta):
        """An article about one report: archive it if it embeds the report; fetch its attachments.

        The attachments are recorded (nianbao.store.crawl_urls) before the page is archived, so a later run
        that gets 304 for the page still asks for every one of them, even if this run dies first."""
        files = list(self.article_files(response, sel, found, report_urls, meta, scans=not embeds_report(body_text)))
        if embeds_report(body_text):
            yield self.item(response, "html", dict(meta, page_url=response.url))
        yield from files

    def article_files(self, response, sel, found, report_urls, meta, scans=False):
        title = meta.get("title") or norm(sel.css("title::text").get(""))
        files = [l for l in found if html.looks_like_file(l) and canonical(l.url) not in report_urls
                 and not NOT_REPORT.search(l.title)]
        base = html.base_of(sel, response.url)
        shown = [html.Link(u, "", "") for u in html.script_files(sel, base) if canonical(u) not in report_urls]
        files += [l for l in shown if canonical(l.url) not in {canonical(f.url) for f in files}]
        parent = meta.get("join_root") or response.url  # a multi-page article's files belong to its first page
        for link in files:
            yield self.attachment(canonical(link.url), dict(meta, title=title, text=link.text, page_url=parent))
        if not files and scans:  # the report shown as scanned pages
            for url in html.content_images(sel, base):
                yield self.attachment(url, dict(meta, title=title, text="", page_url=parent))

    def attachment(self, url, meta) -> scrapy.Request:
        """A file an article links: remembered as found (with its page), then asked for."""
        if self.store is not None:
            self.store.found(url, meta["p"], meta["page_url"], meta)
        return self.document(url, meta)

    def parse_api(self, response):
        meta = self.base_meta(response)
        self.count(meta, "pages")
        data = jsonapi.load(response.body)
        if data is None:
            self.count(meta, "error:bad_json")
            log.warning("%s: not JSON, cannot read the list: %s", meta["p"], response.url)
            yield from self.api_answered(response, 0)
            return
        found = jsonapi.items(data, response.url)
        yield from self.api_answered(response, len(found))
        in_column = response.meta.get("column", False)  # the shell page is the 年报 column
        for link in found:
            if is_report(link.title) or in_column and is_column_item(link.title):
                yield self.follow_report(link, response, meta)
        meta = dict(meta, column=in_column)
        post = response.request.method == "POST"
        form, as_json = response.meta.get("api_form") or {}, response.meta.get("api_json", False)
        if response.meta.get("api_first") or response.meta.get("api_next"):  # a list with no count: page by page
            nxt = jsonapi.following(data, form, len(found)) if post else jsonapi.next_url(data, response.url, len(found))
            if nxt:
                api = jsonapi.Api(response.url, "POST", nxt, as_json) if post else jsonapi.Api(nxt)
                yield self.api(api, dict(meta, api_next=True))
        if not response.meta.get("api_first"):  # only the first page plans the others
            return
        if post:
            for other in jsonapi.more_forms(data, form, len(found)):
                yield self.api(jsonapi.Api(response.url, "POST", other, as_json), meta)
        else:
            for url in jsonapi.more(data, response.url, len(found)):
                yield self.page(url, meta, callback=self.parse_api)

    def parse_doc(self, response):
        meta = self.base_meta(response)
        self.count(meta, "pages")
        if response.status == 304:
            yield from self.unchanged(response, meta)
            return
        yield from self.keep_doc(response, meta)

    def keep_doc(self, response, meta):
        """Archive a fetched file if it is a document format (a report, by its link); else count junk."""
        fmt = sniff(response.body, file_name(response))
        if fmt in ("html", "text"):
            text = page_text(response) if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
            if not embeds_report(text):
                fmt = "junk " + fmt
        if fmt not in ARCHIVED:
            self.count(meta, "error:junk")
            self.remember_failure(response.request, "junk", meta)
            log.warning("%s: junk attachment, not archived (%s, %d bytes): %s", meta["p"], fmt,
                        len(response.body), response.url)
            return
        yield self.item(response, fmt, meta)

    def unchanged(self, response, meta):
        """A 304: the archived copy is current; re-check the documents that page attached, each
        with its own validators, and ask again for the ones found there that earlier runs did not
        archive (failed, or never fetched before a kill), failures after their backoff."""
        self.count(meta, "unchanged")
        later = "recheck-later" in response.flags
        if later:
            self.count(meta, "not_rechecked")
        elif self.store is not None:
            self.store.ok(response.url)
        urls = list(self.children.get(response.url, []))
        rows = {r["url"]: r for r in self.store.children(response.url)} if self.store is not None else {}
        urls += [u for u in rows if u not in urls]
        for url in urls:
            row = rows.get(url)
            extra = self.store.meta_of(row) if row and url not in self.known else {}
            if url not in self.known and self.store is not None and not self.store.due(url):
                self.count(meta, "deferred")
                continue
            if (self.store.meta_of(row) if row else {}).get("kind") == "page":
                yield self.page(url, dict(meta, **extra, page_url=""))  # read as the page it is
            else:
                yield self.document(url, dict(meta, **extra, page_url=response.url))

    def remember_failure(self, request, kind: str, meta) -> None:
        """A report or document that could not be had: the next runs ask again (nianbao.store.crawl_urls)."""
        if self.store is None or not (meta.get("report") or request.callback == self.parse_doc):
            return
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        for url in {first, request.url}:
            self.store.failed(url, kind, meta.get("p", ""))

    def base_meta(self, response) -> dict:
        keep = ("p", "hops", "agency", "title", "text", "year", "page_url", "report", "jcms_open", "api_form",
                "list_date")
        return {k: response.meta[k] for k in keep if k in response.meta}

    def item(self, response, fmt, meta) -> Document:
        p = self.portals[meta["p"]]
        headers = response.headers
        redirects = [canonical(u) for u in response.meta.get("redirect_urls", [])]
        return Document(
            url=response.url, body=response.body, format=fmt, portal_id=meta["p"],
            page_url=meta.get("page_url") or "", agency=meta.get("agency") or p["agency"],
            region=p.get("region", ""), region_code=p.get("region_code", ""),
            link_text=meta.get("text", ""), title=meta.get("title", ""), year_hint=meta.get("year"),
            fetched_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            http_status=response.status,
            content_type=(headers.get("Content-Type") or b"").decode("latin-1"),
            etag=(headers.get("ETag") or b"").decode("latin-1"),
            last_modified=(headers.get("Last-Modified") or b"").decode("latin-1"),
            aliases=[u for u in redirects if u != response.url])

    def on_error(self, failure):
        request = failure.request
        meta = request.meta
        kind = kind_of(failure)
        if "p" not in meta:
            return
        if kind == "robots":
            self.count(meta, "disallowed")
            return
        self.count(meta, f"error:{kind}")
        self.remember_failure(request, kind, meta)
        log.warning("%s: %s fetching %s (%s)", meta["p"], kind, request.url, failure.getErrorMessage()[:200])

    def closed(self, reason):
        log.info("portals spider closed (%s) after %s pages", reason,
                 sum(c["pages"] for c in self.tally.values()))
