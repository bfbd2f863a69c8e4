"""Builders of simulated portals, one per CMS family real government sites run on.

Each builder fills a `Portal` with the pages of its family (list pages, articles, attachments,
APIs), the reports a crawler must find, decoys it must not fetch, and the faults asked for.
"""
from __future__ import annotations

import html
import json
from urllib.parse import parse_qs

from nianbao.world.simulator import content
from nianbao.world.simulator.site import Ctx, Portal, Resource, key_of, li, page_html, published


def column_items(ctx: Ctx, p: Portal, article, attach, agency: str = "", years=None) -> list[dict]:
    """Articles for every year plus decoys, noise and the faults asked for; newest first.

    article(year, uid, date) -> path of the article page; attach(path, uid) -> fmt -> href.
    """
    agency = agency or p.agency
    rng, items = ctx.rng, []
    modes = ["embed", "both", "attach"]
    for n, year in enumerate(years or ctx.years):
        uid, date = ctx.uid(), published(year, ctx.rng)
        title = content.report_title(rng, agency, year, yearless="yearless" in ctx.quirks)
        path = article(year, uid, date)
        mode = "image" if "scan" in ctx.quirks and n == 0 else modes[(n + ctx.index) % 3]
        p.article(path, year, title, mode, attach(path, uid), ctx.fmt(), agency)
        items.append(dict(href=path, title=title, date=date))
        if "related" in ctx.quirks:  # articles list the other reports beside them
            p.related.append((path, title))
    for _ in range(2):  # decoys: listed beside the reports, never reports
        year, uid = rng.choice(ctx.years), ctx.uid()
        date, title = published(year, rng), content.decoy_title(rng, agency, year)
        path = article(year, uid, date)
        p.add(path, Resource(page_html(title, f"<h1>{html.escape(title)}</h1><p>正文。</p>")))
        p.decoys.append(path)
        items.append(dict(href=path, title=title, date=date))
    year = rng.choice(ctx.years)
    noise = content.noise_title(rng, agency, year)
    items.append(dict(href=article(year, ctx.uid(), published(year, rng)), title=noise, date=published(year, rng)))
    if "robots" in ctx.quirks:  # a report-like link under a path robots.txt forbids
        path = p.add(f"/preview/{ctx.uid()}.html", Resource(page_html("预览", "<p>预览</p>")))
        p.decoys.append(path)
        items.append(dict(href=path, title=content.report_title(rng, agency, ctx.years[-1]),
                          date=published(ctx.years[-1], rng)))
    items.sort(key=lambda i: i["date"], reverse=True)
    _faults(ctx, p, items, agency)
    return items


def _faults(ctx: Ctx, p: Portal, items: list[dict], agency: str) -> None:
    """Add the quirks asked for: duplicate links, redirects, dead and broken links."""
    reports = [i for i in items if i["href"] in {e["page"] for e in p.expected}]
    q, old = ctx.quirks, ctx.years[0] - 1
    if "dupes" in q and reports:
        first = reports[0]
        items.append(dict(first, href=first["href"] + "?from=list"))
        items.append(dict(first, href=first["href"] + "#top"))
    if "redirect" in q and len(reports) > 1:  # a chain of two redirects to a real article
        target, uid = reports[1]["href"], ctx.uid()
        p.add(f"/r/{uid}", Resource(status=301, location=f"/r2/{uid}"))
        p.add(f"/r2/{uid}", Resource(status=302, location=target))
        reports[1]["href"] = f"/r/{uid}"
    if "flaky" in q:  # first two requests answer 503
        for e in p.expected:
            if e["format"] != "html":
                p.resources[e["path"]].fault = "flaky"
                p.fault("flaky", e["path"])
                break
    if "outage" in q:  # the files of articles that also embed the report: down for the first night
        pages = {e["page"] for e in p.expected if e["format"] == "html" and e["page"] == e["path"]}
        for e in p.expected:
            if e["page"] in pages and e["path"] != e["page"]:
                res = p.resources[key_of(e["path"])]
                res.fault, res.fails = "flaky", 2  # all of a night's tries with RETRY_TIMES=1
                p.fault("outage", e["path"])
    if "slow_files" in q:  # the same files answer slowly: a kill lands between page and file
        pages = {e["page"] for e in p.expected if e["format"] == "html" and e["page"] == e["path"]}
        for e in p.expected:
            if e["page"] in pages and e["path"] != e["page"]:
                p.resources[key_of(e["path"])].delay = 1.5
    broken = {"loop": "/loop/a.html", "404": f"/uploads/missing/{ctx.uid()}.pdf",
              "huge": f"/uploads/big/{ctx.uid()}.pdf", "junk": f"/uploads/bad/{ctx.uid()}.pdf",
              "hang": f"/slow/{ctx.uid()}.html"}
    for kind, path in broken.items():
        if kind not in q:
            continue
        old -= 1
        items.append(dict(href=path, title=content.report_title(ctx.rng, agency, old), date=published(old, ctx.rng)))
        p.fault(kind, path)
    if "loop" in q:
        p.add("/loop/a.html", Resource(status=302, location="/loop/b.html"))
        p.add("/loop/b.html", Resource(status=302, location="/loop/a.html"))
    if "huge" in q:
        p.add(broken["huge"], Resource(b"", "application/pdf", fault="huge", size=ctx.huge, validators=False))
    if "junk" in q:
        p.add(broken["junk"], Resource(lambda: content.junk(20_000, ctx.index), "application/pdf"))
    if "hang" in q:
        p.add(broken["hang"], Resource(fault="hang"))


def rel(col: str, path: str) -> str:
    return "./" + path[len(col):] if path.startswith(col) else path


def trs(ctx: Ctx, p: Portal, col: str = "", agency: str = "", years=None) -> str:
    """TRS WCM: index.html, index_1.html … counted only by createPageHTML(n, i, "index", "html")."""
    col = col or ctx.rng.choice(["/xxgk/ndbg/", "/zfxxgk/ndbg/", "/gk/xxgknb/"])
    per = ctx.rng.choice([3, 4, 5])

    def article(year, uid, date):
        return f"{col}{date[:7].replace('-', '')}/t{date.replace('-', '')}_{uid}.html"

    def attach(path, uid):
        return lambda fmt: f"./P0{path.rsplit('/t', 1)[1][:8]}{uid % 1000000:06d}.{fmt}"

    items = column_items(ctx, p, article, attach, agency, years)
    pages = [items[i:i + per] for i in range(0, len(items), per)]
    for i, chunk in enumerate(pages):
        ul = "".join(li(rel(col, it["href"]), it["title"], it["date"], truncate=True) for it in chunk)
        script = [f'createPageHTML({len(pages)}, {i}, "index", "html");',
                  f"createPageHTML('page_div', {len(pages)}, {i + 1}, 'index', 'html', {len(items)});",
                  f"var countPage = {len(pages)};var currentPage = {i};"][(ctx.index + 1) % 3 if "pager" in ctx.quirks else 0]
        script = f'<script type="text/javascript">{script}</script>'
        body = page_html("年度报告", f'<ul class="list">{ul}</ul><div class="page">{script}</div>')
        fault = "gzip" if "gzip" in ctx.quirks else ""
        p.add(f"{col}index{'_%d' % i if i else ''}.html", Resource(body, fault=fault, validators=False))
    p.add(col, p.resources[f"{col}index.html"])
    return f"{col}index.html"


def jcms(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    """大汉 JCMS: records in <datastore> XML; more only by POST to dataproxy.jsp."""
    colid, unit = 1229000000 + ctx.rng.randint(100000, 999999), ctx.rng.randint(10000, 99999)
    per = ctx.rng.choice([3, 4, 5])
    fmt_chunked = "chunked" if "chunked" in ctx.quirks else ""

    def article(year, uid, date):
        y, m, d = (int(x) for x in date.split("-"))
        return f"/art/{y}/{m}/{d}/art_{colid}_{uid}.html"

    def attach(path, uid):
        def href(fmt):
            link = f"/module/download/downfile.jsp?classid=0&filename={uid:x}{colid % 997:x}.{fmt}"
            return link
        return href

    items = column_items(ctx, p, article, attach, agency, years)
    if fmt_chunked:
        for e in p.expected:
            if "downfile" in e["path"]:
                p.resources[e["path"]].fault = "chunked"
    records = [f"<record><![CDATA[{li(it['href'], it['title'], it['date'])}]]></record>" for it in items]
    proxy = (f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3185&path=/&columnid={colid}"
             f"&unitid={unit}&webname=%E9%97%A8%E6%88%B7&permissiontype=0")

    bare = "pager" in ctx.quirks  # no nextgroup link: the form is in the script's parameters

    def store(recs, total=""):
        nxt = "" if bare else f'<nextgroup><![CDATA[<a href="{html.escape(proxy)}"></a>]]></nextgroup>'
        return f"<datastore>{nxt}{total}<recordset>{''.join(recs)}</recordset></datastore>"

    call = (f"var columnid = {colid}; var unitid = '{unit}';$(\"#{unit}\").jpage({{perPage:{per},webid:3185,"
            f"proxyUrl:'/module/web/jpage/dataproxy.jsp'}});" if bare else
            f'$("#{unit}").jpage({{dataStore:"",perPage:{per},totalRecord:{len(records)},'
            f"groupSize:1,proxyUrl:'/module/web/jpage/dataproxy.jsp'}});")
    total = f"<totalrecord>{len(records)}</totalrecord>" if bare else ""
    main = (f'<div id="{unit}"><script type="text/xml">{store(records[:per], total)}</script>'
            f'<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
            f"<script>{call}</script></div>")
    start = f"/col/col{colid}/index.html"
    p.add(start, Resource(page_html("政府信息公开年报", main), validators=False))

    def dataproxy(method, params):
        if method != "POST" or params.get("columnid") != str(colid) or params.get("unitid") != str(unit):
            return 400, "text/plain", b"bad request"
        a, b = int(params.get("startrecord", 1)), int(params.get("endrecord", per))
        return 200, "text/xml; charset=utf-8", store(records[a - 1:b]).encode()

    p.add("/module/web/jpage/dataproxy.jsp", Resource(handler=dataproxy, methods=("POST",), validators=False))
    return start


JSON_SHAPES = [  # (list key, url key, page param, pages key)
    ("list", "url", "pageNo", "totalPage"), ("records", "link", "page", "pages"),
    ("rows", "docUrl", "pageIndex", "pageCount"), ("items", "href", "pageNum", ""),
]


def jsonapi(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    """A shell page whose list comes from a JSON API, paged by a query parameter."""
    list_key, url_key, page_param, pages_key = JSON_SHAPES[ctx.index % len(JSON_SHAPES)]
    chan, per = ctx.rng.randint(100, 999), ctx.rng.choice([3, 4])

    def article(year, uid, date):
        return f"/content/{date[:4]}/{uid}.html"

    def attach(path, uid):
        return lambda fmt: f"/uploads/{uid}.{fmt}"

    items = column_items(ctx, p, article, attach, agency, years)
    pages = [items[i:i + per] for i in range(0, len(items), per)]
    api = f"/api/content/list?channelId={chan}&pageSize={per}"

    def handler(method, params):
        n = int(params.get(page_param, 1) or 1)
        rows = [{"id": i, "title": it["title"], url_key: it["href"], "publishTime": it["date"]}
                for i, it in enumerate(pages[n - 1] if 0 < n <= len(pages) else [])]
        data = {"code": 0, "data": {list_key: rows, "total": len(items), "pageSize": per, page_param: n}}
        if pages_key:
            data["data"][pages_key] = len(pages)
        return 200, "application/json; charset=utf-8", json.dumps(data, ensure_ascii=False).encode()

    p.add("/api/content/list", Resource(handler=handler, validators=False))
    script = (f'<div id="list"></div><script src="/static/js/list.js"></script>'
              f'<script>loadList("{api}&{page_param}=1", "#list");</script>')
    start = "/ndbg/index.html"
    p.add(start, Resource(page_html("政府信息公开年度报告", script), validators=False))
    return start


def static(ctx: Ctx, p: Portal, agency: str = "", years=None, path: str = "") -> str:
    """One page linking the report files directly, in a table with 下载 links or by title."""
    agency, rows = agency or p.agency, []
    for n, year in enumerate(years or ctx.years):
        fmt, uid = ctx.fmt(), ctx.uid()
        title = content.report_title(ctx.rng, agency, year, yearless="yearless" in ctx.quirks)
        file = f"/download.jsp?id={uid}" if "download" in ctx.quirks and n % 3 == 1 else f"/uploads/{year + 1}/{uid}.{fmt}"
        href = p.report_file(file, year, fmt, title, agency)
        link = (f'<a href="{html.escape(href)}">下载</a>' if n % 2 else
                f'<a href="{html.escape(href)}">{html.escape(title)}.{fmt}</a>')
        rows.append(dict(href=href, title=title, date=published(year, ctx.rng), cell=link))
    extra: list[dict] = []
    for _ in range(2):
        year, uid = ctx.rng.choice(ctx.years), ctx.uid()
        title = content.decoy_title(ctx.rng, agency, year)
        href = p.add(f"/uploads/{year + 1}/{uid}.pdf", Resource(b"%PDF-1.4 decoy", "application/pdf"))
        p.decoys.append(href)
        extra.append(dict(href=href, title=title, date=published(year, ctx.rng), cell=f'<a href="{href}">下载</a>'))
    _faults(ctx, p, extra, agency)
    for e in extra:
        e.setdefault("cell", f'<a href="{e["href"]}">{html.escape(e["title"])}</a>')
    table = "".join(f"<tr><td>{html.escape(r['title'])}</td><td>{r['date']}</td><td>{r['cell']}</td></tr>"
                    for r in rows + extra)
    charset = "gbk" if {"gbk", "wrong_encoding"} & ctx.quirks else "utf-8"
    body = page_html("年度报告", f'<table class="list">{table}</table>', charset)
    ctype = {"gbk": "text/html", "wrong_encoding": "text/html; charset=utf-8"}
    kind = next((k for k in ctype if k in ctx.quirks), "")
    path = path or ctx.rng.choice(["/zwgk/ndbg.html", "/xxgk/gknb/index.html", "/zfxxgk/nb.htm"])
    p.add(path, Resource(body, ctype.get(kind, "text/html; charset=utf-8"), validators=False))
    return path


def directory(ctx: Ctx, p: Portal) -> str:
    """A city lists its departments; each department has its own 年报 list."""
    depts = ctx.rng.sample(content.DEPARTMENTS, 3)
    links = []
    for n, dept in enumerate(depts):
        name = f"{p.region}{dept}"
        code = f"bm{n + 1:02d}"
        years = ctx.years[-2:]
        if n % 2:
            start = trs(ctx, p, col=f"/{code}/ndbg/", agency=name, years=years)
        else:
            start = static(ctx, p, agency=name, years=years, path=f"/{code}/xxgknb.html")
        links.append(f'<li><a href="{start}">{html.escape(name)}</a></li>')
    links.append('<li><a href="/bmzz.html">部门职责</a></li><li><a href="/ldxx.html">领导信息</a></li>')
    start = "/bmxxgk/index.html"
    p.add(start, Resource(page_html("部门信息公开", f'<ul class="dept">{"".join(links)}</ul>'), validators=False))
    return start


def auto(ctx: Ctx, p: Portal) -> str:
    """Only a home page is known; the 年报 column is two links deep, run by another family."""
    inner = [trs, jcms, static][ctx.index % 3](ctx, p)
    zwgk = ('<ul><li><a href="/zwgk/zn.html">政府信息公开指南</a></li><li><a href="/zwgk/zd.html">政府信息公开制度</a></li>'
            '<li><a href="/zwgk/fdzdgknr.html">法定主动公开内容</a></li>'
            f'<li><a href="{inner}">政府信息公开年报</a></li></ul>')
    p.add("/zwgk/index.html", Resource(page_html("政务公开", zwgk), validators=False))
    home = ('<ul><li><a href="/xwzx/">新闻中心</a></li><li><a href="/zwgk/index.html">政务公开</a></li>'
            '<li><a href="/hdjl/">互动交流</a></li></ul>')
    p.add("/", Resource(page_html(p.agency, home), validators=False))
    p.add("/index.html", p.resources["/"])
    return "/"


def broken(ctx: Ctx, p: Portal) -> str:
    """A portal whose start page hangs or fails."""
    kind = next(iter(ctx.quirks & {"hang", "500"}), "500")
    res = Resource(fault="hang") if kind == "hang" else Resource(b"Internal Server Error", "text/plain", status=500)
    p.add("/index.html", res)
    p.fault(kind, "/index.html")
    return "/index.html"


BUILDERS = {"trs": trs, "jcms": jcms, "jsonapi": jsonapi, "static": static, "directory": directory,
            "auto": auto, "broken": broken}


def parse_form(body: bytes, query: str) -> dict:
    params = {k: v[-1] for k, v in parse_qs(query).items()}
    params.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
    return params
