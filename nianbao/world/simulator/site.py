"""One simulated portal as data: paths mapped to resources, plus what a crawler should find.

Family builders (families.py) fill a `Portal`; the server (server.py) only looks paths up here.
"""
from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import parse_qsl, urlencode

from nianbao.world.simulator import content

LOGO = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
ROBOTS = "User-agent: *\nDisallow: /preview/\nDisallow: /search/\n"
EXT_TYPES = {
    "pdf": "application/pdf", "doc": "application/msword", "wps": "application/vnd.ms-works",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png", "jpg": "image/jpeg", "html": "text/html; charset=utf-8",
}
FORMAT_OF_EXT = {"jpg": "image", "png": "image"}
SECTION_HINTS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")


@dataclass
class Resource:
    """What one path serves. `body` may be a function, called once when first requested."""

    body: bytes | Callable[[], bytes] = b""
    ctype: str = "text/html; charset=utf-8"
    status: int = 200
    location: str = ""  # redirect target for 301/302
    fault: str = ""  # hang | flaky | gzip | chunked | huge
    handler: Callable[[str, dict], tuple[int, str, bytes]] | None = None  # (method, params) -> status, type, body
    methods: tuple = ("GET", "HEAD")
    validators: bool = True  # send ETag / Last-Modified and answer conditional requests
    modified: str = "Mon, 20 Jan 2025 08:00:00 GMT"
    version: int = 0  # bumped by Simulator.touch to change the content
    size: int = 0  # for `huge`: bytes announced and streamed, never held in memory
    filename: str = ""  # sent as Content-Disposition, for download URLs without a file name
    delay: float = 0.0  # seconds before answering (a slow file, to kill a crawl while it is asked for)
    fails: int = 0  # answer 503 to the first `fails` requests (an outage lasting one night)

    def bytes(self) -> bytes:
        if callable(self.body):
            self.body = self.body()
        return self.body + (b"\n<!-- v%d -->" % self.version if self.version else b"")


@dataclass
class Ctx:
    """What a family builder needs: which portal, its randomness and its options."""

    index: int
    seed: int
    rng: random.Random
    years: list[int]
    formats: list[str]
    quirks: set[str]
    agency: str = ""
    region: str = ""
    region_code: str = ""
    next_id: int = 0
    next_fmt: int = 0
    huge: int = 120_000_000  # bytes of the oversized attachment (over the default DOWNLOAD_MAXSIZE)

    def uid(self) -> int:
        self.next_id += 1
        return 4_800_000 + self.index * 1000 + self.next_id

    def fmt(self) -> str:
        """The next attachment format of this portal, cycling through its list."""
        f = self.formats[self.next_fmt % len(self.formats)]
        self.next_fmt += 1
        return f


@dataclass
class Portal:
    id: str
    family: str
    platform: str
    agency: str
    region: str
    region_code: str
    start: str = "/"
    resources: dict[str, Resource] = field(default_factory=dict)
    expected: list[dict] = field(default_factory=list)  # path, year, agency, format, title
    decoys: list[str] = field(default_factory=list)  # paths never to fetch
    faults: dict[str, list[str]] = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)  # extra registry fields
    host: str = ""
    base: str = ""  # set by the simulator: http://127.0.0.N:port
    related: list[tuple[str, str]] = field(default_factory=list)  # (path, title) shown beside articles
    link_style: str = "a"  # how articles link their attachment: "a", or "qzb" (TRS 海云 ms-attr-href)
    dynamic: Callable[[str], "Resource | None"] | None = None  # paths made on demand (an endless pager)
    down: int = 0  # a status every request gets (a broken portal: Simulator.break_portal)
    gone: set[str] = field(default_factory=set)  # paths answering 404 (reports taken down: Simulator.vanish)

    def __post_init__(self):
        self.add("/robots.txt", Resource(ROBOTS.encode(), "text/plain"))
        self.add("/images/logo.png", Resource(LOGO, "image/png"))  # on every page; never a report
        self.decoys.append("/images/logo.png")

    def add(self, path: str, res: Resource) -> str:
        self.resources[key_of(path)] = res
        return path

    def lookup(self, path: str, query: str) -> Resource | None:
        if query:
            hit = self.resources.get(key_of(f"{path}?{query}"))
            if hit:
                return hit
        hit = self.resources.get(path)
        if hit is None and self.dynamic is not None:
            hit = self.dynamic(path)
        return hit

    def fault(self, kind: str, path: str) -> None:
        self.faults.setdefault(kind, []).append(path)

    def report_file(self, path: str, year: int, fmt: str, title: str, agency: str = "",
                    page: str = "", fault: str = "") -> str:
        """Serve one report in format `fmt` at `path` and expect a crawler to archive it."""
        agency = agency or self.agency
        seed = (self.id, year, agency)
        named = "." in path.rsplit("/", 1)[-1].split("?")[0].replace(".jsp", "")
        self.add(path, Resource(lambda: content.report(seed, year, agency, self.region, fmt),
                                EXT_TYPES[fmt], fault=fault, filename="" if named else f"{title}.{fmt}"))
        self.expected.append(dict(path=path, year=year, agency=agency, title=title, page=page,
                                  format=FORMAT_OF_EXT.get(fmt, fmt)))
        return path

    def article(self, path: str, year: int, title: str, mode: str, attach: Callable[[str], str],
                fmt: str, agency: str = "", fault: str = "") -> str:
        """An article page about one report: `embed` it as HTML, `attach` a file, `both`, or show
        it as an `image`."""
        agency = agency or self.agency
        seed = (self.id, year, agency)
        links = scan = ""
        if mode in ("attach", "both"):
            href = attach(fmt)
            self.report_file(resolve(path, href), year, fmt, title, agency, page=path)
            links = f'<p>附件：<a href="{html.escape(href)}">{html.escape(title)}.{fmt}</a></p>'
            if self.link_style == "qzb":  # the link's target filled in by script (avalon)
                links = ('<p><a ms-attr-href="qzbFile" href="javascript:;" target="_blank">全真版下载</a></p>'
                         f'<script>avalon.define({{$id: "detail", qzbFile: "{html.escape(href[2:] if href.startswith("./") else href)}"}});</script>')
        if mode == "image":  # the report as a scanned page shown in the article, no file link
            href = attach("png")
            self.report_file(resolve(path, href), year, "png", title, agency, page=path)
            scan = f'<p style="text-align:center"><img src="{html.escape(href)}" alt="" width="800"></p>'
        date = published(year, self.rng_for(path))

        def body() -> bytes:
            inner = (content.report_body_html(seed, year, agency, self.region) if mode in ("embed", "both")
                     else scan or f"<p>{html.escape(title)}全文详见附件。</p>")
            side = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in self.related[:4] if h != path)
            main = (f'<h1 class="title">{html.escape(title)}</h1><div class="info">发布日期：{date}'
                    f'　来源：{html.escape(agency)}</div><div class="TRS_Editor">{inner}</div>{links}'
                    + (f'<div class="related"><h3>相关文章</h3><ul>{side}</ul></div>' if side else ""))
            return page_html(title, main)

        self.add(path, Resource(body, fault=fault))
        if mode in ("embed", "both"):
            self.expected.append(dict(path=path, year=year, agency=agency, title=title, page=path,
                                      format="html"))
        return path

    def rng_for(self, path: str) -> random.Random:
        return random.Random(f"{self.id}{path}")


def key_of(path: str) -> str:
    """Paths with a query are keyed with sorted parameters, so link order does not matter."""
    if "?" not in path:
        return path
    p, q = path.split("?", 1)
    return f"{p}?{urlencode(sorted(parse_qsl(q, keep_blank_values=True)))}"


def resolve(page: str, href: str) -> str:
    """`href` relative to `page`, as a path (enough for the links the builders write)."""
    if href.startswith("/"):
        return href
    base = page.rsplit("/", 1)[0]
    while href.startswith("./"):
        href = href[2:]
    while href.startswith("../"):
        href, base = href[3:], base.rsplit("/", 1)[0]
    return f"{base}/{href}"


def published(year: int, rng: random.Random) -> str:
    return (dt.date(year + 1, 1, 10) + dt.timedelta(days=rng.randint(0, 40))).isoformat()


NAV = ('<div class="head"><img src="/images/logo.png" alt="logo"></div><div class="nav"><a href="/">首页</a> <a href="/xwzx/">新闻中心</a> <a href="/hdjl/">互动交流</a>'
       ' <a href="/bsfw/">办事服务</a> <a href="/search/?q=">站内搜索</a></div>')
FOOT = '<div class="foot"><a href="/wzdt.html">网站地图</a> <a href="/lxwm.html">联系我们</a></div>'


def page_html(title: str, main: str, charset: str = "utf-8", head: str = "") -> bytes:
    text = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title>'
            f'{head}</head><body>{NAV}<div class="main">{main}</div>{FOOT}</body></html>')
    return text.encode("gb18030" if charset.lower() in ("gbk", "gb2312", "gb18030") else charset)


def li(href: str, title: str, date: str, truncate: bool = False) -> str:
    text = title[:18] + "…" if truncate and len(title) > 19 else title
    return (f'<li><a href="{html.escape(href)}" title="{html.escape(title)}" target="_blank">'
            f'{html.escape(text)}</a><span class="date">{date}</span></li>')
