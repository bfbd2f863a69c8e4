"""Families of the real portals' patterns (issue 9): lists built by script in a separate file,
Guangdong gkmlpt shells, older 大汉 JCMS, TRS 海云 search lists, TRS table-row columns with
multi-page articles, and department pages whose 年报 block is reached by its 「更多」 link."""
from __future__ import annotations

import html
import json
import re

from nianbao.world.simulator import content
from nianbao.world.simulator.families import column_items, static, trs
from nianbao.world.simulator.site import Ctx, Portal, Resource, li, page_html, published


def _json(data) -> tuple[int, str, bytes]:
    return 200, "application/json; charset=utf-8", json.dumps(data, ensure_ascii=False).encode()


def scriptlist(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    """The page only calls loadList(CHANNEL, 1, SIZE); list.js holds the $.getJSON call whose
    parameter object names the function's parameters."""
    chan, per = f"nb{ctx.rng.randint(10, 99)}", ctx.rng.choice([3, 4])
    items = column_items(ctx, p, lambda y, uid, d: f"/art/{d[:4]}/{uid}.html", lambda path, uid: lambda fmt: f"/files/{uid}.{fmt}",
                         agency, years)

    def handler(method, params):
        if params.get("channel") != chan:
            return 400, "text/plain", b"bad channel"
        n, size = int(params.get("page", 1) or 1), int(params.get("size", per) or per)
        rows = items[(n - 1) * size:n * size]
        return _json({"status": "ok", "total": len(items),
                      "data": [{"title": it["title"], "href": it["href"], "time": it["date"]} for it in rows]})

    p.add("/api/list", Resource(handler=handler, validators=False))
    p.add("/static/js/list.js", Resource(
        ("function draw(r){ /* renders r.data */ }\n"
         "function loadList(channel, page, size) {\n"
         "  $.getJSON('/api/list', {channel: channel, page: page, size: size}, draw);\n}\n").encode(),
        "application/javascript"))
    p.add("/static/js/jquery.min.js", Resource(b"/* jquery */", "application/javascript"))
    p.decoys.append("/static/js/jquery.min.js")
    main = (f'<div id="list"></div><script src="/static/js/jquery.min.js"></script>'
            f'<script src="/static/js/list.js"></script>'
            f'<script>var CHANNEL = "{chan}"; var SIZE = {per};\n$(function(){{ loadList(CHANNEL, 1, SIZE); }});</script>')
    start = "/zwgk/nb/index.html"
    p.add(start, Resource(page_html("政府信息公开年报", main), validators=False))
    return start


def gkmlpt(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    """Guangdong gkmlpt: window._CONFIG with SID and TREE; the list from /gkmlpt/api/all/{cid}."""
    sid, cid = str(ctx.rng.randint(100000, 999999)), ctx.rng.randint(1000, 9999)
    per = ctx.rng.choice([3, 4])
    items = column_items(ctx, p, lambda y, uid, d: f"/gkmlpt/content/{uid // 1000}/{uid}/post_{uid}.html",
                         lambda path, uid: lambda fmt: f"/attachment/0/{uid}.{fmt}", agency, years)
    tree = [{"id": cid - 7, "name": "政策文件", "children": [{"id": cid - 6, "name": "规范性文件"}]},
            {"id": cid - 5, "name": "政府信息公开", "children": [
                {"id": cid - 4, "name": "政府信息公开指南"}, {"id": cid, "name": "政府信息公开年报"},
                {"id": cid - 3, "name": "统计信息"}]}]

    def handler(method, params):
        if params.get("sid") != sid:
            return 400, "text/plain", b"bad sid"
        n = int(params.get("page", 1) or 1)
        rows = items[(n - 1) * per:n * per]
        return _json({"articles": [{"id": i, "title": it["title"], "url": it["href"], "date": it["date"]}
                                   for i, it in enumerate(rows)], "total": len(items), "classify": {"id": cid}})

    p.add(f"/gkmlpt/api/all/{cid}", Resource(handler=handler, validators=False))
    for other in (cid - 4, cid - 3):  # other columns: never a report list
        p.add(f"/gkmlpt/api/all/{other}", Resource(handler=lambda m, q: _json({"articles": [], "total": 0}),
                                                   validators=False))
    config = json.dumps({"SID": sid, "TREE": tree}, ensure_ascii=False)
    shell = (f'<div id="app"></div><script>window._CONFIG = {{"SID": "{sid}", "TREE": {json.dumps(tree, ensure_ascii=False)},'
             f' "CONTENT_URL": "/gkmlpt/content/"}};</script><script src="/gkmlpt/static/js/app.js"></script>')
    del config
    p.add("/gkmlpt/static/js/app.js", Resource(b"/* app bundle */", "application/javascript"))
    start = "/gkmlpt/index"
    p.add(start, Resource(page_html(f"{p.agency}信息公开", shell), validators=False))
    return start


def jcms_old(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    """Older 大汉 JCMS: the first records in `var InitData… = ['…']`, the rest by POST to the
    jslib dataproxy.jsp with `ajaxParam`, no total anywhere (asked one group at a time). With
    quirk `uid`: the records are static and the pages are index.html?uid=U&pageNum=N."""
    colid, unit = 1229000000 + ctx.rng.randint(100000, 999999), ctx.rng.randint(10000, 99999)
    per = ctx.rng.choice([2, 3])
    items = column_items(ctx, p, lambda y, uid, d: f"/art/{d.replace('-', '/')}/art_{colid}_{uid}.html",
                         lambda path, uid: lambda fmt: f"/module/download/downfile.jsp?classid=0&filename={uid:x}.{fmt}",
                         agency, years)
    start = f"/col/col{colid}/index.html"
    rows = [li(it["href"], it["title"], it["date"]) for it in items]
    if "uid" in ctx.quirks:
        pages = [rows[i:i + per] for i in range(0, len(rows), per)]
        for n, chunk in enumerate(pages, 1):
            pager = (f'<div class="pager"><script>var totalRecord = {len(rows)}; $("#{unit}").jpage({{perPage:{per},'
                     f'totalRecord:{len(rows)}, pageUrl:"{start}?uid={unit}&pageNum="}});</script>'
                     f'<a href="{start}?uid={unit}&amp;pageNum=1">首页</a></div>')
            body = page_html("政府信息公开年报", f'<div id="{unit}"><ul>{"".join(chunk)}</ul></div>{pager}')
            res = Resource(body, validators=False)
            p.add(f"{start}?uid={unit}&pageNum={n}", res)
            if n == 1:
                p.add(start, res)
        return start
    init = ",".join("'" + r.replace("'", "\\'") + "'" for r in rows[:per])
    proxy = "/module/jslib/jquery/jpage/dataproxy.jsp"
    script = (f"<script>var InitData_{unit} = [{init}];\n"
              f"$('#{unit}').jpage({{dataStore: InitData_{unit}, perPage:{per}, proxyUrl:'{proxy}', "
              f"ajaxParam:{{col:1, appid:1, webid:2851, path:'/', columnid:{colid}, sourceContentType:1, "
              f"unitid:'{unit}', webname:'门户', permissiontype:0}}}});</script>")
    p.add(start, Resource(page_html("信息公开年报", f'<div id="{unit}"></div>{script}'), validators=False))

    def dataproxy(method, params):
        if method != "POST" or params.get("columnid") != str(colid) or params.get("unitid") != str(unit):
            return 400, "text/plain", b"bad request"
        a, b = int(params.get("startrecord", 1)), int(params.get("endrecord", per))
        recs = "".join(f"<record><![CDATA[{r}]]></record>" for r in rows[a - 1:b])
        return 200, "text/xml; charset=utf-8", f"<datastore><recordset>{recs}</recordset></datastore>".encode()

    p.add(proxy, Resource(handler=dataproxy, methods=("POST",), validators=False))
    return start


def haiyun(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    """TRS 海云: the first page of records static in dl/dd rows, the rest from the search
    service named only in /images/model.min.js; articles show the PDF via ms-attr-href."""
    col, search_id, chnl, per = "/zwgk/zfxxgknb/", ctx.rng.randint(200000, 299999), ctx.rng.randint(1000, 9999), 3

    def article(year, uid, date):
        return f"{col}{date[:7].replace('-', '')}/t{date.replace('-', '')}_{uid}.htm"

    p.link_style = "qzb"
    items = column_items(ctx, p, article, lambda path, uid: lambda fmt: f"./P0{uid}.{fmt}", agency, years)
    p.link_style = "a"

    def handler(method, params):
        if params.get("channelid") != str(search_id) or params.get("classsql") != f"chnlid={chnl}":
            return 400, "text/plain", b"bad query"
        n, size = int(params.get("page", 1) or 1), int(params.get("prepage", per) or per)
        rows = items[(n - 1) * size:n * size]
        docs = [{"title": it["title"], "url": p.base + it["href"], "pubdate": it["date"], "chnldocurl": ""}
                for it in rows]
        return _json({"count": str(len(items)), "docs": docs})

    p.add("/was5/web/search", Resource(handler=handler, validators=False))
    p.add("/images/model.min.js", Resource(
        ('define("list2.trsapi",["jquery"],function(e){var t={url:"/was5/web/search",templet:"docs.jsp"};'
         'return function(n){e.getJSON(t.url,e.extend({templet:t.templet,page:n.page,prepage:n.pagebar.prepage},'
         'n.listArgs),function(r){n.render(r.docs)})}});').encode(), "application/javascript"))
    rows = "".join(f'<dl><dd class="trt-col-sm-24"><a href="./{it["href"][len(col):]}" target="_blank" '
                   f'title="{html.escape(it["title"])}">{html.escape(it["title"])}</a></dd>'
                   f'<dd class="trt-col-4">{it["date"]}</dd></dl>' for it in items[:per])
    main = (f'<div class="rules_tabs_01" ms-visible="showStatic">{rows}</div>'
            f'<script>var SiteInfo = {{ itpSiteId: 21, searchId: {search_id}, defaultPgTemp: "pgBar.html" }};</script>'
            '<script src="/images/model.min.js"></script><script src="/images/jquery.min.js"></script>'
            '<script>require(["list2.trsapi", "tools"], function(listModel, tools) { listModel({'
            'quickMode: "动静结合", maxStaticIndex: 1, listArgs: { channelid: SiteInfo.searchId, '
            f'classsql: "" || "chnlid={chnl}", sortfield: "-docorderpri,-docreltime" }}, pagebar: {{ prepage: {per}, '
            f"recordCount: '{len(items)}', pgCountMode: \"recordCount\" }} }}); }});</script>")
    head = '<meta name="ColumnDescription" content="政府信息公开年报"/>'
    p.add(col + "index.htm", Resource(page_html(p.agency, main, head=head), validators=False))
    p.add(col, p.resources[col + "index.htm"])
    return col


def _split(body: str, parts: int = 3) -> list[str]:
    """A report's HTML cut into `parts` pieces at section headings."""
    cuts = [m.start() for m in re.finditer(r'<p style="text-indent:2em"><strong>', body)]
    if len(cuts) < parts:
        return [body]
    step = len(cuts) // parts
    points = [0] + [cuts[step * i] for i in range(1, parts)] + [len(body)]
    return [body[a:b] for a, b in zip(points, points[1:])]


def trs_table(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    """TRS WCM as older sites print it: <title> only the site's name, breadcrumb in td.pos with
    a.CurrChnlCls, items as table rows titled by their year alone, a sidebar link named after
    the column (no year), and the reports embedded as articles split over three pages."""
    agency, col = agency or p.agency, "/xxgk/xxgknb/"
    rows = []
    for year in years or ctx.years:
        date = published(year, ctx.rng)
        uid = ctx.uid()
        stem = f"t{date.replace('-', '')}_{uid}"
        path = f"{col}{date[:7].replace('-', '')}/{stem}.html"
        seed = (p.id, year, agency)
        pieces = _split(content.report_body_html(seed, year, agency, p.region))
        title = f"{agency}{year}年政府信息公开工作年度报告"
        for i, piece in enumerate(pieces):
            script = f"<script>var countPage = {len(pieces)}; var currentPage = {i};</script>"
            body = page_html(p.agency, f'<h1>{html.escape(title)}</h1><div class="TRS_Editor">{piece}</div>{script}')
            p.add(path if not i else path.replace(".html", f"_{i}.html"), Resource(body))
        p.expected.append(dict(path=path, year=year, agency=agency, title=title, page=path, format="html",
                               parts=[path.replace(".html", f"_{i}.html") if i else path for i in range(len(pieces))]))
        rows.append(f'<tr><td><img src="/images/ico2.jpg"></td><td><a href="./{path[len(col):]}">{year}年</a></td>'
                    f'<td>{date}</td></tr>')
    noise_year = ctx.years[-1]
    rows.append(f'<tr><td></td><td><a href="./news/t1.html">{noise_year}年度工作会议召开</a></td><td>2024-01-01</td></tr>')
    p.add(f"{col}news/t1.html", Resource(page_html(p.agency, "<p>会议</p>")))
    p.decoys.append(f"{col}news/t1.html")
    crumb = ('<td class="pos">您现在的位置是：<a href="/" class="CurrChnlCls">首页</a>&gt;&gt;'
             '<a href="/xxgk/" class="CurrChnlCls">信息公开</a>&gt;&gt;'
             f'<a href="./" title="信息公开年报" class="CurrChnlCls">信息公开年报</a></td>')
    side = f'<div class="side"><a href="{col}index.html">政府信息公开年报</a></div>'
    main = (f'<table><tr>{crumb}</tr><tr><td><table class="gl_list">{"".join(rows)}</table></td></tr></table>'
            f'{side}<script>var countPage = 1//共多少页</script>')
    p.add(col + "index.html", Resource(page_html(p.agency, main), validators=False))
    p.add(col, p.resources[col + "index.html"])
    return col + "index.html"


def more_blocks(ctx: Ctx, p: Portal) -> str:
    """A directory of departments; each department's page has blocks, and its 年报 column is
    reached only through the 「更多」 link of the block headed 政府信息公开年报."""
    depts = ctx.rng.sample(content.DEPARTMENTS, 2)
    links = []
    for n, dept in enumerate(depts):
        name, code = f"{p.region}{dept}", f"dep{n + 1}"
        years = ctx.years[-2:]
        col = trs(ctx, p, col=f"/{code}/c{ctx.rng.randint(100, 999)}/", agency=name, years=years) if n % 2 else \
            static(ctx, p, agency=name, years=years, path=f"/{code}/c{ctx.rng.randint(100, 999)}.html")
        more = ["更多", "more", ">>"][(ctx.index + n) % 3]
        blocks = (f'<div class="block"><div class="tit"><span>工作动态</span><a href="/{code}/gzdt/">{more}</a></div>'
                  f'<ul><li><a href="/{code}/gzdt/1.html">召开工作会议</a></li></ul></div>'
                  f'<div class="block"><div class="tit"><span>政府信息公开年报</span><a href="{col}">{more}</a></div>'
                  f'<ul></ul></div>')
        p.add(f"/{code}/gzdt/", Resource(page_html("工作动态", "<p>动态</p>")))
        p.add(f"/{code}/index.html", Resource(page_html(name, blocks), validators=False))
        links.append(f'<li><a href="/{code}/index.html">{html.escape(name)}</a></li>')
    start = "/bmxxgk/index.html"
    p.add(start, Resource(page_html("部门信息公开", f'<ul class="dept">{"".join(links)}</ul>'), validators=False))
    return start


BUILDERS2 = {"scriptlist": scriptlist, "gkmlpt": gkmlpt, "jcms_old": jcms_old, "haiyun": haiyun,
             "trs_table": trs_table, "more_blocks": more_blocks}
