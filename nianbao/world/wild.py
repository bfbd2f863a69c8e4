"""A second simulator, written apart from nianbao/world/simulator: other markup, other
pagination scripts, other JSON shapes, other directory and home-page layouts, other titles.

A small threaded HTTP server on loopback addresses 127.0.0.50+ (one host per portal) serves
the sites its BUILDERS make and logs every request (tests/test_crawl_wild.py crawls it).
"""
from __future__ import annotations

import functools
import html as H
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from nianbao.world.files import make_truth, render

FIRST_HOST = 50
ROBOTS = "User-agent: *\nDisallow: /search/\nDisallow: /preview\nDisallow: /*?print=1\n"


@functools.lru_cache(maxsize=None)
def report(seed: str, year: int, agency: str, fmt: str) -> bytes:
    return render(make_truth(seed, year=year, agency=agency), fmt)


def page(title: str, body: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{H.escape(title)}</title>{head}</head>'
            f'<body><div class="header"><a href="/">首页</a></div>{body}'
            f'<div class="footer">版权所有 主办单位</div></body></html>').encode("utf-8")


def short_article(title: str, attach: str) -> bytes:
    """A TRS-style article page: a line of text and the report as an attachment."""
    return page(title, f'<div class="detail"><h1>{H.escape(title)}</h1><div class="TRS_Editor">'
                       f'<p>现将本机关{H.escape(title)}予以公布。</p></div>'
                       f'<div class="fj"><p>附件：{attach}</p></div></div>')


# ====================================================================== the portals
class Site:
    """One portal: static resources by path (query ignored), dynamic handlers, its truth."""

    def __init__(self, pid: str, agency: str, platform: str, start: str, n: int):
        self.id, self.agency, self.platform, self.start = pid, agency, platform, start
        self.host = f"127.0.0.{FIRST_HOST + n}"
        self.res: dict[str, tuple[str, bytes, dict]] = {}
        self.dyn: dict[str, object] = {}
        self.expected: dict[str, int] = {}  # paths of report documents: their year
        self.decoys: set[str] = set()  # paths never to archive
        self.forbidden: set[str] = set()  # paths under robots.txt's Disallow, never to request
        self.robots = ROBOTS
        self.base = ""  # http://host:port, set once the server runs
        self.extra_hosts: list["Site"] = []
        self.redirects: set[str] = set()  # paths answered 301 to their Location

    def add(self, path: str, body: bytes, ctype="text/html; charset=utf-8", **headers) -> str:
        self.res[path] = (ctype, body, headers)
        return path

    def doc(self, path: str, seed: str, year: int, fmt="docx", agency=None, **headers) -> str:
        ctype = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "html": "text/html; charset=utf-8"}[fmt]
        self.add(path, report(seed, year, agency or self.agency, fmt), ctype, **headers)
        self.expected[path] = year
        return path

    def decoy(self, path: str, title: str, fmt="html") -> str:
        if fmt == "html":
            self.add(path, page(title, f"<h1>{H.escape(title)}</h1><p>正文内容。</p>"))
        else:
            self.add(path, report(f"decoy{path}", 2022, self.agency, "docx"),
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        self.decoys.add(path)
        return path

    def hidden(self, path: str, title: str) -> str:
        """A report-looking page under a robots-disallowed path."""
        self.add(path, report(f"hidden{path}", 2022, self.agency, "html"))
        self.forbidden.add(path)
        self.decoys.add(path)
        return path

    def url(self, path: str) -> str:
        return self.base + path

    def entry(self) -> dict:
        return dict(id=self.id, agency=self.agency, region="测试市", url=self.base + self.start,
                    platform=self.platform, verified=True)


def li(href, title, date, short=True):
    shown = title[:18] + "…" if short and len(title) > 18 else title
    return (f'<li><a href="{H.escape(href)}" target="_blank" title="{H.escape(title)}">{H.escape(shown)}</a>'
            f'<span class="date">{date}</span></li>')


# ---------------------------------------------------------------- TRS WCM, createPageHTML(n, 0, ...)
def trs_a(n):
    s = Site("w-trs-a", "某市发展和改革委员会", "trs", "/xxgk/ndbg/index.html", n)
    items = []
    for i, year in enumerate(range(2014, 2025)):
        d = f"{year + 1}01{15 + i % 10}"
        art = f"/xxgk/ndbg/{d[:6]}/t{d}_{4821375 + i}.html"
        title = f"{s.agency}{year}年政府信息公开工作年度报告"
        if i % 3 == 0:  # the report embedded as the article itself
            s.doc(art, f"trsa{year}", year, "html")
        else:
            att = f"P0{d}{512345678 + i}.docx"
            s.add(art, short_article(title, f'<a href="./{att}" oldsrc="/protect/{att}">{H.escape(title)}.docx</a>'))
            s.doc(f"/xxgk/ndbg/{d[:6]}/{att}", f"trsa{year}", year)
        items.append(li("./" + art.split("/xxgk/ndbg/")[1], title, f"{year + 1}-01-{15 + i % 10}"))
    # look-alikes beside the reports
    for i, t in enumerate([f"{s.agency}2022年统计年报", "《某市发展和改革委员会2022年政府信息公开工作年度报告》解读",
                           f"{s.agency}政府信息公开指南", f"{s.agency}2023年部门预算公开",
                           f"{s.agency}2022年工作总结和2023年工作计划"]):
        items.insert(2 * i + 1, li(f"./202302/t20230210_{99000 + i}.html", t, "2023-02-10"))
        s.decoy(f"/xxgk/ndbg/202302/t20230210_{99000 + i}.html", t)
    # the 统计年报 page attaches a file that must not be archived either
    s.add("/xxgk/ndbg/202302/t20230210_99000.html",
          short_article("统计年报", '<a href="./P020230210000001.docx">2022年统计年报.docx</a>'))
    s.decoy("/xxgk/ndbg/202302/P020230210000001.docx", "统计年报", fmt="docx")
    items.insert(4, li("/search/detail?docid=778", f"{s.agency}2021年政府信息公开工作年度报告", "2022-01-20"))
    s.hidden("/search/detail", "hidden")
    # the same report twice more: query string, fragment, absolute
    items.append(li("./202301/t20230116_4821383.html?from=index", f"{s.agency}2022年政府信息公开工作年度报告", "2023-01-16"))
    items.append(li("./202301/t20230116_4821383.html#content", f"{s.agency}2022年政府信息公开工作年度报告", "2023-01-16"))
    per, pages = 6, -(-len(items) // 6)
    for p in range(pages):
        name = "index.html" if p == 0 else f"index_{p}.html"
        chunk = "".join(items[p * per:(p + 1) * per])
        s.add(f"/xxgk/ndbg/{name}", page("政府信息公开年报", f'<div class="list"><ul>{chunk}</ul></div>'
              f'<div class="page"><script type="text/javascript">\n'
              f'createPageHTML({pages}, {p}, "index", "html");\n</script></div>'))
    return s


# ---------------------------------------------------------------- TRS WCM, var countPage + identifiers, .shtml
def trs_b(n):
    s = Site("w-trs-b", "某县人民政府办公室", "trs", "/zwgk/xxgknb/index.shtml", n)
    rows = []
    for i, year in enumerate(range(2015, 2025)):
        d = f"{year + 1}02{10 + i}"
        art = f"/zwgk/xxgknb/{d[:6]}/t{d}_{1100 + i}.shtml"
        title = f"某县{year}年度政府信息公开工作年度报告"
        att = f"/uploadfiles/{year + 1}/02/{d}0945{i:02d}.docx"
        s.add(art, short_article(title, f'<a href="{s.base or "@@BASE@@"}{att}">{H.escape(title)}</a>'))
        s.doc(att, f"trsb{year}", year)
        rows.append(f'<tr><td class="title"><a href="./{d[:6]}/t{d}_{1100 + i}.shtml" target="_blank">'
                    f'{H.escape(title)}</a></td><td class="date">{year + 1}-02-{10 + i}</td></tr>')
    rows.insert(1, '<tr><td><a href="./202303/t20230301_999.shtml">某县2022年国民经济统计年报</a></td><td>2023-03-01</td></tr>')
    s.decoy("/zwgk/xxgknb/202303/t20230301_999.shtml", "统计年报")
    per, pages = 4, -(-len(rows) // 4)
    for p in range(pages):
        name = "index.shtml" if p == 0 else f"index_{p}.shtml"
        chunk = "".join(rows[p * per:(p + 1) * per])
        s.add(f"/zwgk/xxgknb/{name}", page("信息公开年报", f'<table class="tb">{chunk}</table>'
              f'<div class="fy"><script>\nvar currentPage = {p};//所在页从0开始\nvar prevPage = currentPage-1//上一页\n'
              f'var nextPage = currentPage+1//下一页\nvar countPage = {pages}//共多少页\n'
              f'createPageHTML(countPage, currentPage, "index", "shtml");\n</script></div>'))
    return s


# ---------------------------------------------------------------- 大汉 JCMS, jpage config + nextgroup
def jcms_records(recs):
    return "".join(f"<record><![CDATA[\n{r}\n]]></record>" for r in recs)


def jcms_a(n):
    s = Site("w-jcms-a", "某市教育局", "jcms", "/col/col1229214366/index.html", n)
    recs = []
    for i, year in enumerate(range(2010, 2025)):
        art = f"/art/{year + 1}/1/{10 + i}/art_1229214366_{59012345 + i}.html"
        title = f"{s.agency}{year}年政府信息公开年报"
        fn = f"{year + 1}01{10 + i}1030{i:03d}.docx"
        s.add(art, short_article(title, f'<a href="/module/download/downfile.jsp?classid=0&amp;filename={fn}">'
                                        f'{year}年政府信息公开年报.docx</a>'))
        s.doc(f"/module/download/downfile.jsp?classid=0&filename={fn}", f"jcmsa{year}", year)
        recs.append(f'<li><a href="{art}" title="{title}" target="_blank">{title}</a><span>{year + 1}-01-{10 + i}</span></li>')
    recs.insert(3, f'<li><a href="/art/2023/2/1/art_1229214366_1.html" title="{s.agency}2022年度部门决算公开">'
                   f'{s.agency}2022年度部门决算公开</a><span>2023-02-01</span></li>')
    s.decoy("/art/2023/2/1/art_1229214366_1.html", "决算")
    recs.insert(9, f'<li><a href="/preview/art_1229214366_2.html" title="{s.agency}2021年政府信息公开年报">'
                   f'{s.agency}2021年政府信息公开年报</a><span>2022-01-01</span></li>')
    s.hidden("/preview/art_1229214366_2.html", "hidden")
    per = 5

    def store(chunk, with_next=True):
        nxt = ('<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3185&path=/'
               '&columnid=1229214366&unitid=7712345&webname=%E6%9F%90%E5%B8%82&permissiontype=0"></a>]]></nextgroup>'
               if with_next else "")
        return f"<datastore>{nxt}<recordset>{jcms_records(chunk)}</recordset></datastore>"

    s.add("/col/col1229214366/index.html", page("政府信息公开年报",
          f'<div id="7712345"><script type="text/xml">{store(recs[:per])}</script>'
          f'<script language="javascript" src="/module/web/jpage/jpage.js"></script><script>'
          f'$(function(){{ $("#7712345").jpage({{dataStore: dataStore, perPage: {per}, totalRecord: {len(recs)}, '
          f'groupSize: 3, proxyUrl: "/module/web/jpage/dataproxy.jsp"}}); }});</script></div>'))

    def proxy(method, q, form):
        q = {**q, **form}
        if method != "POST" or q.get("columnid") != "1229214366" or q.get("unitid") != "7712345":
            return 200, "text/xml; charset=utf-8", b'<?xml version="1.0" encoding="UTF-8"?><datastore></datastore>'
        a, b = int(q.get("startrecord", 1)), int(q.get("endrecord", per))
        body = f'<?xml version="1.0" encoding="UTF-8"?>{store(recs[a - 1:b], False)}'
        return 200, "text/xml; charset=utf-8", body.encode()

    s.dyn["/module/web/jpage/dataproxy.jsp"] = proxy
    return s


# ---------------------------------------------------------------- 大汉 JCMS, table records, totalrecord in the XML,
# records linking the files directly, proxy answers carrying their own totalrecord
def jcms_b(n):
    s = Site("w-jcms-b", "某区卫生健康局", "jcms", "/col/col1229543210/index.html", n)
    recs = []
    for i, year in enumerate(range(2011, 2025)):
        f = f"/picture/0/{year + 1}0129{i:04d}.docx"
        title = f"{s.agency}关于{year}年度政府信息公开工作情况的报告"
        s.doc(f, f"jcmsb{year}", year)
        recs.append(f"<tr><td class='bt'><a href='{f}' target='_blank' title='{title}'>{title[:20]}…</a></td>"
                    f"<td class='rq'>[{year + 1}-01-29]</td></tr>")
    recs.insert(5, "<tr><td><a href='/art/2023/1/5/art_1229543210_7.html' title='区卫生健康局2022年度统计年报'>"
                   "区卫生健康局2022年度统计年报</a></td><td>[2023-01-05]</td></tr>")
    s.decoy("/art/2023/1/5/art_1229543210_7.html", "统计年报")
    per = 6

    def store(chunk):
        return (f"<datastore><totalrecord>{len(recs)}</totalrecord><totalpage>{-(-len(recs) // per)}</totalpage>"
                f"<recordset>{jcms_records(chunk)}</recordset></datastore>")

    s.add("/col/col1229543210/index.html", page("信息公开年报",
          f'<table><tbody id="345678"><script type="text/xml">{store(recs[:per])}</script></tbody></table>'
          f'<script type="text/javascript">var webid = "12"; var columnid = "1229543210"; var unitid = "345678";'
          f' var perPage = {per};</script>'))

    def proxy(method, q, form):
        q = {**q, **form}
        if q.get("columnid") != "1229543210" or q.get("unitid") != "345678":
            return 200, "text/xml; charset=utf-8", b"<datastore><totalrecord>0</totalrecord></datastore>"
        a, b = int(q.get("startrecord", 1)), int(q.get("endrecord", per))
        return 200, "text/xml; charset=utf-8", f'<?xml version="1.0" encoding="UTF-8"?>{store(recs[a - 1:b])}'.encode()

    s.dyn["/module/web/jpage/dataproxy.jsp"] = proxy
    return s


# ---------------------------------------------------------------- JSON API: {"data": {"list": [...], "total"}}, pageNo
def json_a(n):
    s = Site("w-json-a", "某省生态环境厅", "jsonapi", "/xxgk/ndbg/", n)
    items = []
    for i, year in enumerate(range(2012, 2025)):
        art = f"/xxgk/ndbg/{year + 1}0120/c{70000 + i}.html"
        s.doc(art, f"jsona{year}", year, "html")
        items.append({"id": 70000 + i, "title": f"{s.agency}{year}年政府信息公开工作年度报告",
                      "url": art, "publishTime": f"{year + 1}-01-20 09:00:00", "source": s.agency})
    for i, t in enumerate(["某省生态环境厅2023年度部门预算", "某省生态环境厅政府信息公开指南（2023年修订）"]):
        items.insert(2 + i, {"id": i, "title": t, "url": f"/xxgk/ndbg/other/{i}.html", "publishTime": "2023-03-01"})
        s.decoy(f"/xxgk/ndbg/other/{i}.html", t)
    size = 5
    s.add("/xxgk/ndbg/", page("年度报告", '<div id="list"></div><div id="pager"></div><script>\n'
          '$.ajax({ url: "/api/content/list?channelId=ndbg&pageSize=5&pageNo=1", type: "GET",\n'
          ' success: function(res){ render(res.data.list); } });\n</script>'))

    def api(method, q, form):
        if q.get("channelId") != "ndbg":
            return 200, "application/json", b'{"code":400,"msg":"channelId"}'
        p, sz = int(q.get("pageNo", 1)), int(q.get("pageSize", 10))
        chunk = items[(p - 1) * sz:p * sz]
        return 200, "application/json", json.dumps({"code": 0, "data": {"total": len(items), "pageNo": p,
                                                    "list": chunk}}, ensure_ascii=False).encode()

    s.dyn["/api/content/list"] = api
    return s


# ---------------------------------------------------------------- JSON API of TRS 海云 style: DOCTITLE / DOCPUBURL,
# page 0-based, attachments listed in the item
def json_b(n):
    s = Site("w-json-b", "某市人力资源和社会保障局", "jsonapi", "/zfxxgk/fdzdgknr/ndbg/index.html", n)
    docs = []
    for i, year in enumerate(range(2013, 2025)):
        art = f"/zfxxgk/fdzdgknr/ndbg/{year + 1}01/t{year + 1}0125_{5000 + i}.html"
        att = f"/zfxxgk/fdzdgknr/ndbg/{year + 1}01/W0{year + 1}0125{5000 + i}.docx"
        title = f"{s.agency}{year}年度政府信息公开工作年度报告"
        s.add(art, short_article(title, f'<a href="{att}">{H.escape(title)}.docx</a>'))
        s.doc(att, f"jsonb{year}", year)
        docs.append({"DOCID": 5000 + i, "DOCTITLE": title, "DOCPUBURL": "@@BASE@@" + art,
                     "DOCRELTIME": f"{year + 1}-01-25 10:00:00", "CHNLDESC": "年度报告"})
    docs.insert(1, {"DOCID": 1, "DOCTITLE": "图解：某市人力资源和社会保障局2023年政府信息公开工作年度报告",
                    "DOCPUBURL": "@@BASE@@/zfxxgk/x/1.html", "DOCRELTIME": "2024-01-26"})
    s.decoy("/zfxxgk/x/1.html", "图解")
    rows = 4
    s.add("/zfxxgk/fdzdgknr/ndbg/index.html", page("年度报告",
          '<div class="list" id="docList" data-api="/gov/openapi/docs.json?chnlid=8842&page=0&rows=4"></div>'
          '<script src="/js/list.js"></script>'))

    def api(method, q, form):
        p, r = int(q.get("page", 0)), int(q.get("rows", 4))
        chunk = [dict(d, DOCPUBURL=d["DOCPUBURL"].replace("@@BASE@@", s.base)) for d in docs[p * r:(p + 1) * r]]
        return 200, "application/json", json.dumps({"datas": chunk, "pager": {"pageIndex": p, "pageCount": -(-len(docs) // r),
                                                    "pageSize": r, "total": len(docs)}}, ensure_ascii=False).encode()

    s.dyn["/gov/openapi/docs.json"] = api
    return s


# ---------------------------------------------------------------- JSON API as JSONP, rows/totalPage, curPage, files direct
def json_c(n):
    s = Site("w-json-c", "某县财政局", "jsonapi", "/xxgk/nb.html", n)
    rows = []
    for i, year in enumerate(range(2016, 2025)):
        f = f"/upload/files/{year + 1}/03/{year}nb{i}.docx"
        s.doc(f, f"jsonc{year}", year)
        rows.append({"bt": f"某县财政局{year}年政府信息公开年报", "linkurl": f, "fbrq": f"{year + 1}-03-0{1 + i % 9}"})
    rows.insert(0, {"bt": "某县财政局2023年部门决算公开", "linkurl": "/upload/files/2024/js.docx", "fbrq": "2024-03-01"})
    s.decoy("/upload/files/2024/js.docx", "决算", fmt="docx")
    s.add("/xxgk/nb.html", page("年报", "<ul id='nb'></ul><script>\nvar listUrl = '/cms/getList?catId=31&curPage=1&callback=cb';\n"
          "$.getScript(listUrl);\n</script>"))

    def api(method, q, form):
        p = int(q.get("curPage", 1))
        chunk = rows[(p - 1) * 4:p * 4]
        body = json.dumps({"rows": chunk, "totalPage": -(-len(rows) // 4), "curPage": p}, ensure_ascii=False)
        return 200, "application/javascript; charset=utf-8", f"{q.get('callback', 'cb')}({body});".encode()

    s.dyn["/cms/getList"] = api
    return s


# ---------------------------------------------------------------- static: a table with 下载 links, Chinese file
# names, a Content-Disposition download, the same file linked three ways
def static_a(n):
    s = Site("w-static-a", "某区人民政府", "static", "/zwgk/zfxxgkndbg/", n)
    rows = []
    for i, year in enumerate(range(2015, 2025)):
        name = f"某区人民政府{year}年政府信息公开工作年度报告.docx"
        href = f"/zwgk/files/{quote(name)}" if i % 2 else f"/zwgk/files/{name}"
        s.doc(f"/zwgk/files/{name}", f"statica{year}", year)
        rows.append(f'<tr><td>{i + 1}</td><td>某区人民政府{year}年政府信息公开工作年度报告</td>'
                    f'<td>{year + 1}-02-01</td><td><a href="{H.escape(href)}">下载</a></td></tr>')
    # served with a name only in Content-Disposition
    disp = "attachment; filename*=UTF-8''" + quote("2014年度政府信息公开年报.docx")
    s.doc("/download.do?fileId=88", "statica2014", 2014, **{"Content-Disposition": disp})
    rows.append('<tr><td>11</td><td>某区人民政府2014年度政府信息公开年报</td><td>2015-02-01</td>'
                '<td><a href="/download.do?fileId=88">下载</a></td></tr>')
    # the 2023 report also linked with a version query, a fragment and absolutely
    name = "某区人民政府2023年政府信息公开工作年度报告.docx"
    rows.append(f'<tr><td>12</td><td>某区人民政府2023年政府信息公开工作年度报告（重发）</td><td>2024-02-02</td>'
                f'<td><a href="/zwgk/files/{quote(name)}?v=2">下载</a> <a href="@@BASE@@/zwgk/files/{quote(name)}#page=1">'
                f'查看</a></td></tr>')
    for i, (t, fn) in enumerate([("某区2022年国民经济和社会发展统计年报", "tjnb2022.docx"),
                                 ("某区人民政府2024年部门预算", "ys2024.docx"),
                                 ("某区人民政府政府信息公开指南", "zn.docx")]):
        rows.insert(3 * i, f'<tr><td>-</td><td>{t}</td><td>2024-01-01</td><td><a href="/zwgk/files/{fn}">下载</a></td></tr>')
        s.decoy(f"/zwgk/files/{fn}", t, fmt="docx")
    rows.append('<tr><td>13</td><td>某区人民政府2021年政府信息公开工作年度报告（打印）</td><td>2022-01-01</td>'
                '<td><a href="/zwgk/print.html?print=1">下载</a></td></tr>')
    s.hidden("/zwgk/print.html", "hidden")
    s.add("/zwgk/zfxxgkndbg/", page("政府信息公开年度报告", f'<table class="list"><tr><th>序号</th><th>名称</th>'
          f'<th>发布日期</th><th>操作</th></tr>{"".join(rows)}</table>'))
    return s


# ---------------------------------------------------------------- static: <base href> and relative file names
def static_base(n):
    s = Site("w-static-base", "某市审计局", "static", "/xxgk/nb/list.html", n)
    items = []
    for i, year in enumerate(range(2018, 2025)):
        s.doc(f"/attach/nb/{year}.docx", f"staticb{year}", year)
        items.append(f'<li><a href="{year}.docx">某市审计局{year}年政府信息公开工作年度报告</a> {year + 1}-01-30</li>')
    s.add("/xxgk/nb/list.html", page("年报", f'<ul class="news">{"".join(items)}</ul>',
                                     head='<base href="/attach/nb/">'))
    return s


# ---------------------------------------------------------------- static: links only in onclick / window.open
def static_js(n):
    s = Site("w-static-js", "某市民政局", "static", "/xxgk/ndbg.html", n)
    items = []
    for i, year in enumerate(range(2019, 2025)):
        f = s.doc(f"/files/ndbg/mz{year}.docx", f"staticj{year}", year)
        a = (f'<a href="javascript:void(0);" onclick="window.open(\'{f}\')">' if i % 2 else
             f'<a href="javascript:;" onclick="openFile(\'{f}\');return false;">')
        items.append(f'<li>{a}某市民政局{year}年政府信息公开工作年度报告</a></li>')
    s.add("/xxgk/ndbg.html", page("年报", f'<ul>{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- static: report titles in their many real variants
TITLE_VARIANTS = [
    (2022, "某市社会组织管理局2022年度政府信息公开工作年度报告"),
    (2022, "某市人民政府办公室关于2022年度政府信息公开工作情况的报告"),
    (2022, "二〇二二年某市政府信息公开年报"),
    (2022, "某县2022年政务公开工作年度报告"),
    (2021, "某市商务局2021年度政府信息公开工作报告"),
    (2021, "政府信息公开工作年度报告（2021年）"),
    (2020, "某市司法局2020年政务信息公开工作年度报告"),
    (2023, "某市医疗保障局2023年政府信息公开工作年度报告（更正版）"),
    (2023, "某市交通运输局2023年政府信息公开年度报告"),
    (2023, "某市水利局2023年信息公开工作年度报告"),
    (2024, "某市自然资源和规划局2024年度信息公开年报"),
    (2024, "２０２４年度某市应急管理局政府信息公开工作年度报告"),
]
TITLE_DECOYS = [
    "某市统计局2022年统计年报", "某市2023年部门预算公开", "某市2022年度部门决算公开", "某市政府信息公开指南",
    "某市2022年政府信息公开工作总结", "《某市2022年政府信息公开工作年度报告》解读",
    "关于做好2022年政府信息公开工作年度报告编制发布工作的通知", "2022年度企业年度报告公示",
    "一图读懂某市2022年政府信息公开工作年度报告", "某市2023年政务公开工作要点",
]


def titles(n):
    s = Site("w-titles", "某市人民政府", "static", "/zwgk/ndbg/index.htm", n)
    items = []
    for i, (year, t) in enumerate(TITLE_VARIANTS):
        s.doc(f"/zwgk/ndbg/att/{i}.docx", f"title{i}", year)
        items.append(f'<li><a href="att/{i}.docx" title="{t}">{t}</a><span>{year + 1}-01-2{i % 9}</span></li>')
    for i, t in enumerate(TITLE_DECOYS):
        s.decoy(f"/zwgk/ndbg/att/d{i}.docx", t, fmt="docx")
        items.insert(2 * i, f'<li><a href="att/d{i}.docx" title="{t}">{t}</a><span>2023-03-0{i % 9 + 1}</span></li>')
    s.add("/zwgk/ndbg/index.htm", page("政府信息公开年报", f'<ul class="list">{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- directory: departments in a list, one on its own host
def dept_list(s: Site, prefix: str, agency: str, years, seed: str, linkhost: str = ""):
    items = []
    for year in years:
        f = f"{prefix}files/{year}nb.docx"
        s.doc(f, f"{seed}{year}", year, agency=agency)
        items.append(f'<li><a href="{linkhost}{f}">{agency}{year}年政府信息公开工作年度报告</a>'
                     f'<span>{year + 1}-01-31</span></li>')
    items.insert(1, f'<li><a href="{prefix}files/ys.docx">{agency}2024年部门预算</a></li>')
    s.decoy(f"{prefix}files/ys.docx", "预算", fmt="docx")
    return "".join(items)


def dir_a(n):
    s = Site("w-dir-a", "某市人民政府", "directory", "/bmxxgk/index.html", n)
    other = Site("w-dir-a-other", "某市公安局", "static", "/", n + 20)
    s.extra_hosts.append(other)
    depts = [("jyj", "某市教育局"), ("cz", "某市财政局"), ("zjj", "某市住房和城乡建设局"), ("wjw", "某市卫生健康委员会")]
    links = []
    for i, (code, name) in enumerate(depts):
        if i % 2:  # the department's own page, whose 年报 column must still be found
            s.add(f"/bm/{code}/index.html", page(name, f'<div class="nav"><a href="/bm/{code}/xxgkzn/">政府信息公开指南</a>'
                  f'<a href="/bm/{code}/ndbg/">政府信息公开年报</a><a href="/bm/{code}/tzgg/">通知公告</a></div>'))
            s.add(f"/bm/{code}/ndbg/", page("年报", "<ul>" + dept_list(s, f"/bm/{code}/", name, range(2019, 2025), code) + "</ul>"))
            links.append(f'<li><a href="/bm/{code}/index.html" target="_blank">{name}</a></li>')
        else:
            s.add(f"/bm/{code}/ndbg.html", page(name, "<ul>" + dept_list(s, f"/bm/{code}/", name, range(2019, 2025), code) + "</ul>"))
            links.append(f'<li><a href="/bm/{code}/ndbg.html">{name}</a></li>')
    other.add("/", page("某市公安局", '<a href="/gaj/xxgknb/">信息公开年报</a>'))
    other.add("/gaj/xxgknb/", page("年报", "<ul>" + dept_list(other, "/gaj/", "某市公安局", range(2020, 2025), "gaj") + "</ul>"))
    links.append('<li><a href="@@OTHER@@/">某市公安局</a></li>')
    s.add("/bmxxgk/index.html", page("部门信息公开", '<div class="bmlist"><h3>市政府部门</h3><ul>' + "".join(links) +
          '</ul></div><div class="links"><a href="/xwzx/">新闻中心</a><a href="/hdjl/">互动交流</a></div>'))
    return s


# ---------------------------------------------------------------- directory: short department names in an icon grid
def dir_b(n):
    s = Site("w-dir-b", "某区人民政府", "directory", "/zfxxgk/bmnb/", n)
    grid = [("fgj", "发改", "某区发展和改革局"), ("jyj", "教育", "某区教育局"), ("sfj", "司法", "某区司法局")]
    cells = []
    for code, short, name in grid:
        s.add(f"/zfxxgk/bmnb/{code}/", page(name, "<ul>" + dept_list(s, f"/zfxxgk/bmnb/{code}/", name, range(2021, 2025), code) + "</ul>"))
        cells.append(f'<td><a href="/zfxxgk/bmnb/{code}/"><img src="/img/{code}.png" width="40"><span>{short}</span></a></td>')
    s.add("/zfxxgk/bmnb/", page("部门年报", f'<table class="grid"><tr>{"".join(cells)}</tr></table>'))
    return s


# ---------------------------------------------------------------- directory: department sites in a <select>
def dir_select(n):
    s = Site("w-dir-select", "某州人民政府", "directory", "/zfxxgk/bmxxgk.html", n)
    options = []
    for code, name in [("mzj", "某州民政局"), ("sjj", "某州审计局"), ("tjj", "某州退役军人事务局")]:
        s.add(f"/{code}/xxgknb/", page(name, "<ul>" + dept_list(s, f"/{code}/", name, range(2021, 2025), code) + "</ul>"))
        options.append(f'<option value="/{code}/xxgknb/">{name}</option>')
    s.add("/zfxxgk/bmxxgk.html", page("部门信息公开", '<div class="bmxz">部门信息公开：'
          f'<select onchange="if(this.value) window.open(this.value)"><option value="">请选择部门</option>'
          f'{"".join(options)}</select></div>'))
    return s


# ---------------------------------------------------------------- auto: 政务公开 → 政府信息公开年报 → TRS list
def auto_a(n):
    s = Site("w-auto-a", "某市人民政府", "auto", "/index.html", n)
    s.add("/index.html", page("某市人民政府门户网站", '<div class="nav"><a href="/index.html">首页</a><a href="/xwzx/">新闻中心</a>'
          '<a href="/zwgk/index.html">政务公开</a><a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></div>'
          '<div class="news"><a href="/xwzx/1.html">市长主持召开常务会议</a></div>'))
    s.add("/zwgk/index.html", page("政务公开", '<div class="side"><a href="/zwgk/zfxxgkzn/">政府信息公开指南</a>'
          '<a href="/zwgk/zfxxgkzd/">政府信息公开制度</a><a href="/zwgk/fdzdgknr/">法定主动公开内容</a>'
          '<a href="/zwgk/xxgknb/index.html">政府信息公开年报</a><a href="/zwgk/ysjs/">财政预决算</a></div>'))
    items = []
    for i, year in enumerate(range(2016, 2025)):
        art = f"/zwgk/xxgknb/{year + 1}01/t{year + 1}0128_{300 + i}.html"
        s.doc(art, f"autoa{year}", year, "html")
        items.append(li(f"./{year + 1}01/t{year + 1}0128_{300 + i}.html", f"某市人民政府{year}年政府信息公开工作年度报告", f"{year + 1}-01-28"))
    items.insert(2, li("/preview/t1.html", "某市人民政府2019年政府信息公开工作年度报告", "2020-01-01"))
    s.hidden("/preview/t1.html", "hidden")
    for p in range(2):
        name = "index.html" if p == 0 else "index_1.html"
        s.add(f"/zwgk/xxgknb/{name}", page("年报", f'<ul>{"".join(items[p * 5:(p + 1) * 5])}</ul>'
              f'<script>createPageHTML(2, {p}, "index", "html");</script>'))
    return s


# ---------------------------------------------------------------- auto: 信息公开 → 年度报告 → static list of files
def auto_b(n):
    s = Site("w-auto-b", "某省交通运输厅", "auto", "/", n)
    s.add("/", page("某省交通运输厅", '<ul class="menu"><li><a href="/col/xwdt/">新闻动态</a></li>'
          '<li><a href="/xxgk/">信息公开</a></li><li><a href="/col/tjxx/">统计信息</a></li></ul>'))
    s.add("/col/tjxx/", page("统计信息", f'<ul>{li("/col/tjxx/1.docx", "某省交通运输厅2022年统计年报", "2023-03-01")}</ul>'))
    s.decoy("/col/tjxx/1.docx", "统计年报", fmt="docx")
    s.add("/xxgk/", page("信息公开", '<div class="lm"><a href="/xxgk/zn/">信息公开指南</a><a href="/xxgk/ml/">信息公开目录</a>'
          '<a href="/xxgk/ndbg/">年度报告</a><a href="/xxgk/ysqgk/">依申请公开</a></div>'))
    items = []
    for year in range(2017, 2025):
        f = s.doc(f"/xxgk/ndbg/{year}/bg.docx", f"autob{year}", year)
        items.append(li(f, f"某省交通运输厅{year}年政府信息公开工作年度报告", f"{year + 1}-01-29", short=False))
    s.add("/xxgk/ndbg/", page("年度报告", f'<ul>{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- auto: the 政府信息公开 entry is an image with alt text
def auto_c(n):
    s = Site("w-auto-c", "某县人民政府", "auto", "/", n)
    s.add("/", page("某县人民政府", '<div class="banner"><a href="/zfxxgk/"><img src="/img/zfxxgk.png" alt="政府信息公开"></a>'
          '<a href="/news/">要闻</a></div>'))
    s.add("/zfxxgk/", page("政府信息公开", '<a href="/zfxxgk/nb/">信息公开年报</a><a href="/zfxxgk/zn/">指南</a>'))
    items = []
    for year in range(2019, 2025):
        f = s.doc(f"/zfxxgk/nb/{year}.docx", f"autoc{year}", year)
        items.append(li(f, f"某县人民政府{year}年政府信息公开工作年度报告", f"{year + 1}-01-20", short=False))
    s.add("/zfxxgk/nb/", page("信息公开年报", f'<ul>{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- TRS article whose query-string twin is listed
def dupes(n):
    s = Site("w-dupes", "某市科学技术局", "static", "/xxgk/nb/", n)
    items = []
    for i, year in enumerate(range(2020, 2025)):
        art = f"/xxgk/nb/t{year + 1}0120_{i}.html"
        s.doc(art, f"dupes{year}", year, "html")
        title = f"某市科学技术局{year}年政府信息公开工作年度报告"
        items.append(li(art, title, f"{year + 1}-01-20"))
        items.append(li(f"{art}?_t=167420{i}000", title, f"{year + 1}-01-20"))  # a cache-buster
    s.add("/xxgk/nb/", page("年报", f'<ul>{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- JSON API whose endpoint sits in an HTML attribute
# with its query escaped (&amp;), as any HTML attribute must be
def json_amp(n):
    s = Site("w-json-amp", "某市农业农村局", "jsonapi", "/xxgk/ndbg/index.html", n)
    items = []
    for i, year in enumerate(range(2011, 2025)):
        f = s.doc(f"/xxgk/ndbg/files/{year}/nb.docx", f"jsonamp{year}", year)
        items.append({"title": f"{s.agency}{year}年政府信息公开工作年度报告", "url": f, "date": f"{year + 1}-01-22"})
    s.add("/xxgk/ndbg/index.html", page("年度报告",
          '<div id="list" data-api="/api/list?channelId=ndbg&amp;pageNo=1&amp;pageSize=4"></div>'))

    def api(method, q, form):
        if q.get("channelId") != "ndbg":
            return 200, "application/json", b'{"code":400,"msg":"missing channelId","data":null}'
        p, sz = int(q.get("pageNo", 1)), int(q.get("pageSize", 10))
        return 200, "application/json", json.dumps({"code": 0, "data": {"records": items[(p - 1) * sz:p * sz],
                                                    "total": len(items), "size": sz, "current": p}},
                                                   ensure_ascii=False).encode()

    s.dyn["/api/list"] = api
    return s


# ---------------------------------------------------------------- JSON API answering POST only ($.post with a form)
def json_post(n):
    s = Site("w-json-post", "某市文化广电旅游局", "jsonapi", "/zwgk/nb/", n)
    items = []
    for i, year in enumerate(range(2019, 2025)):
        f = s.doc(f"/zwgk/nb/files/{year}.docx", f"jsonpost{year}", year)
        items.append({"title": f"{s.agency}{year}年政府信息公开工作年度报告", "url": f})
    s.add("/zwgk/nb/", page("年报", '<ul id="list"></ul><script>\n'
          '$.post("/api/article/list", {columnId: "1203", pageNum: 1, pageSize: 10}, function(r){ draw(r); });\n</script>'))

    def api(method, q, form):
        if method != "POST":
            return 405, "application/json", b'{"code":405,"msg":"Request method GET not supported"}'
        return 200, "application/json", json.dumps({"code": 0, "rows": items, "total": len(items)},
                                                   ensure_ascii=False).encode()

    s.dyn["/api/article/list"] = api
    return s


# ---------------------------------------------------------------- robots.txt with a group naming nianbao
def robots_ua(n):
    s = Site("w-robots-ua", "某市体育局", "static", "/xxgk/nb.html", n)
    s.robots = ("User-agent: Baiduspider\nDisallow:\n\nUser-agent: nianbao\nDisallow: /nb-private/\n\n"
                "User-agent: *\nDisallow: /search/\n")
    items = []
    for year in range(2020, 2025):
        f = s.doc(f"/xxgk/files/{year}.docx", f"robotsua{year}", year)
        items.append(li(f, f"{s.agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-20", short=False))
    items.append(li("/nb-private/2019.docx", f"{s.agency}2019年政府信息公开工作年度报告", "2020-01-20", short=False))
    s.hidden("/nb-private/2019.docx", "hidden")
    s.add("/xxgk/nb.html", page("年报", f'<ul>{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- auto: the column itself is named like a report
def auto_d(n):
    s = Site("w-auto-d", "某市人民政府办公室", "auto", "/", n)
    s.add("/", page("某市人民政府", '<a href="/zwgk/">政务公开</a><a href="/xwzx/">新闻中心</a>'))
    s.add("/zwgk/", page("政务公开", '<ul class="fdzdgk"><li><a href="/zwgk/jgzn/">机构职能</a></li>'
          '<li><a href="/zwgk/ghjh/">规划计划</a></li>'
          '<li><a href="/zwgk/zfxxgkndbg/index.html">政府信息公开工作年度报告</a></li></ul>'))
    items = []
    for i, year in enumerate(range(2016, 2025)):
        art = f"/zwgk/zfxxgkndbg/{year + 1}02/t{year + 1}0205_{800 + i}.html"
        s.doc(art, f"autod{year}", year, "html")
        items.append(li(art, f"某市{year}年政府信息公开工作年度报告", f"{year + 1}-02-05"))
    for p in range(3):
        name = "index.html" if p == 0 else f"index_{p}.html"
        s.add(f"/zwgk/zfxxgkndbg/{name}", page("政府信息公开工作年度报告", f'<h1>政府信息公开工作年度报告</h1>'
              f'<ul>{"".join(items[p * 3:(p + 1) * 3])}</ul><script>createPageHTML(3, {p}, "index", "html");</script>'))
    return s


# ---------------------------------------------------------------- TRS WCM: the newer createPageHTML('div', n, cur,
# 'index', 'htm', total) call, and a list whose count is only `var countPage = n`
def trs_list(s: Site, folder: str, ext: str, years, seed: str, script, per=3):
    items = []
    for i, year in enumerate(years):
        d = f"{year + 1}03{10 + i}"
        att = f"{folder}{d[:6]}/P0{d}{600 + i}.docx"
        art = f"{folder}{d[:6]}/t{d}_{600 + i}.{ext}"
        title = f"{s.agency}{year}年政府信息公开工作年度报告"
        s.add(art, short_article(title, f'<a href="./P0{d}{600 + i}.docx">{H.escape(title)}</a>'))
        s.doc(att, f"{seed}{year}", year)
        items.append(li(f"./{d[:6]}/t{d}_{600 + i}.{ext}", title, f"{year + 1}-03-{10 + i}"))
    pages = -(-len(items) // per)
    for p in range(pages):
        name = f"index.{ext}" if p == 0 else f"index_{p}.{ext}"
        s.add(f"{folder}{name}", page("年报", f'<ul class="xxgk_list">{"".join(items[p * per:(p + 1) * per])}</ul>'
              f'<div id="fanye"><script>{script(pages, p, len(items))}</script></div>'))


def trs_c(n):
    s = Site("w-trs-c", "某省水利厅", "trs", "/zfxxgk/ndbg/index.htm", n)
    trs_list(s, "/zfxxgk/ndbg/", "htm", range(2012, 2025), "trsc",
             lambda pages, p, total: f"createPageHTML('fanye', {pages}, {p + 1}, 'index', 'htm', {total});")
    return s


def trs_d(n):
    s = Site("w-trs-d", "某市商务局", "trs", "/xxgk/ndbg/index.html", n)
    trs_list(s, "/xxgk/ndbg/", "html", range(2013, 2025), "trsd",
             lambda pages, p, total: f"var countPage = {pages}//共多少页\nvar currentPage = {p};\n"
                                     f"if (countPage > 1) {{ document.write(pageNav(currentPage, countPage)); }}")
    return s


# ---------------------------------------------------------------- the report shown in a PDF viewer: <iframe> of
# pdf.js with ?file=, <embed src>, <object data>; and an attachment behind download?id= with no extension
def tiny_pdf(tag: str) -> bytes:
    return (b"%PDF-1.4\n% " + tag.encode() + b"\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def viewer(n):
    s = Site("w-viewer", "某市市场监督管理局", "static", "/zwgk/ndbg/", n)
    items = []
    forms = [
        lambda f: f'<iframe src="/static/pdfjs/web/viewer.html?file={quote(f, safe="")}" width="100%" height="800"></iframe>',
        lambda f: f'<embed src="{f}" type="application/pdf" width="100%" height="800">',
        lambda f: f'<object data="{f}" type="application/pdf" width="100%" height="800"><p>浏览器不支持</p></object>',
    ]
    for i, year in enumerate(range(2020, 2023)):
        f = f"/upload/ndbg/{year}nb.pdf"
        s.add(f, tiny_pdf(f"viewer{year}"), "application/pdf")
        s.expected[f] = year
        art = f"/zwgk/ndbg/{year + 1}/art{i}.html"
        title = f"{s.agency}{year}年政府信息公开工作年度报告"
        s.add(art, page(title, f'<div class="article"><h1>{title}</h1>{forms[i](f)}</div>'))
        items.append(li(art, title, f"{year + 1}-01-2{i}"))
    s.add("/static/pdfjs/web/viewer.html", page("PDF.js viewer", '<div id="viewerContainer"></div>'))
    s.add("/zwgk/ndbg/", page("年报", f'<ul>{"".join(items)}</ul>'))
    return s


def download_id(n):
    s = Site("w-download-id", "某区住房和城乡建设局", "static", "/xxgk/nb/", n)
    items = []
    for i, year in enumerate(range(2021, 2025)):
        disp = "attachment; filename*=UTF-8''" + quote(f"{year}年年报.docx")
        f = s.doc(f"/attach/download?id={90 + i}", f"dlid{year}", year, **{"Content-Disposition": disp})
        art = f"/xxgk/nb/{year + 1}/c{i}.html"
        title = f"{s.agency}{year}年政府信息公开工作年度报告"
        s.add(art, short_article(title, f'<a href="{f}">附件1：{title}</a>'))
        items.append(li(art, title, f"{year + 1}-01-2{i}"))
    s.add("/xxgk/nb/", page("年报", f'<ul>{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- titles without a year: the year is the list date's
# year less one; and a .jsp list paged by 下一页 / 尾页 links with ?page=
def yearless(n):
    s = Site("w-yearless", "某县农业农村局", "static", "/xxgk/list.jsp?cid=12", n)
    rows = []
    for i, year in enumerate(range(2014, 2025)):
        f = s.doc(f"/xxgk/att/{i}.docx", f"yearless{year}", year)
        rows.append(f'<li><a href="att/{i}.docx">某县农业农村局政府信息公开工作年度报告</a><span>{year + 1}-01-{10 + i}</span></li>')
    rows.reverse()
    per, pages = 4, -(-len(rows) // 4)

    def lst(method, q, form):
        p = int(q.get("page", 1))
        nav = "".join([f'<a href="list.jsp?cid=12&page={p + 1}">下一页</a>' if p < pages else "",
                       f'<a href="list.jsp?cid=12&page={pages}">尾页</a>'])
        return 200, "text/html; charset=utf-8", page("年报", f'<ul>{"".join(rows[(p - 1) * per:p * per])}</ul>'
                                                           f'<div class="page">{nav}</div>')

    s.dyn["/xxgk/list.jsp"] = lst
    return s


# ---------------------------------------------------------------- JSON published as static files, paged by path:
# /ndbg/data/1.json, 2.json …
def json_path(n):
    s = Site("w-json-path", "某市林业局", "jsonapi", "/ndbg/index.html", n)
    items = []
    for i, year in enumerate(range(2013, 2025)):
        f = s.doc(f"/ndbg/files/{year}.docx", f"jsonpath{year}", year)
        items.append({"title": f"{s.agency}{year}年政府信息公开工作年度报告", "url": f, "time": f"{year + 1}-01-18"})
    pages = 3
    for p in range(1, pages + 1):
        s.add(f"/ndbg/data/{p}.json", json.dumps({"totalPage": pages, "currentPage": p,
                                                  "list": items[(p - 1) * 4:p * 4]}, ensure_ascii=False).encode(),
              "application/json")
    s.add("/ndbg/index.html", page("年度报告", "<ul id='list'></ul><script>\nvar page = 1;\n"
          "function load(p){ $.getJSON('/ndbg/data/' + p + '.json', draw); }\nload(page);\n"
          "var first = '/ndbg/data/1.json';\n</script>"))
    return s


# ---------------------------------------------------------------- a 年报 column whose items name only the year
# (「2023年」, 「2022年度」) or say 年度报告 without 信息公开: the column says what they are
def column_context(n):
    s = Site("w-column-context", "某市退役军人事务局", "static", "/xxgk/zfxxgknb/index.html", n)
    items = []
    for i, (year, text) in enumerate([(2024, "2024年"), (2023, "2023年度"), (2022, "2022年"),
                                      (2021, "某市退役军人事务局2021年度报告")]):
        art = f"/xxgk/zfxxgknb/{year + 1}01/t{year + 1}0120_{i}.html"
        s.doc(art, f"colctx{year}", year, "html")
        items.append(f'<li><a href="{art}">{text}</a><span>{year + 1}-01-20</span></li>')
    s.add("/xxgk/zfxxgknb/index.html", page("政府信息公开年报", '<div class="lm-title">政府信息公开年报</div>'
          f'<ul class="list">{"".join(items)}</ul>'))
    return s


# ---------------------------------------------------------------- GBK pages (charset only in <meta>), a start URL
# that redirects to the folder, list links going up with ../
def gbk(n):
    s = Site("w-gbk", "某县教育体育局", "static", "/xxgk/ndbg", n)
    items = []
    for i, year in enumerate(range(2018, 2025)):
        f = s.doc(f"/uploadfile/{year + 1}/nb{i}.docx", f"gbk{year}", year)
        items.append(f'<li><a href="../../uploadfile/{year + 1}/nb{i}.docx">某县教育体育局{year}年度政府信息公开工作年度报告</a></li>')
    body = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>信息公开年报</title>'
            f'</head><body><ul>{"".join(items)}<li><a href="../../uploadfile/tj.docx">2022年教育事业统计年报</a></li>'
            f'</ul></body></html>').encode("gbk")
    s.decoy("/uploadfile/tj.docx", "统计年报", fmt="docx")
    s.add("/xxgk/ndbg/", body, "text/html")
    s.add("/xxgk/ndbg", b"", "text/html", Location="/xxgk/ndbg/")
    s.redirects = {"/xxgk/ndbg"}
    return s


# ---------------------------------------------------------------- auto: the column is named 「政府信息公开工作年报」
# (itself report-like) and its list page carries a content image that is no report
def auto_e(n):
    s = Site("w-auto-e", "某区人民政府", "auto", "/", n)
    s.add("/", page("某区人民政府", '<a href="/zwgk/">政务公开</a>'))
    s.add("/zwgk/", page("政务公开", '<ul><li><a href="/zwgk/nb/">政府信息公开工作年报</a></li>'
          '<li><a href="/zwgk/zn/">政府信息公开指南</a></li></ul>'))
    items = []
    for year in range(2019, 2025):
        f = s.doc(f"/zwgk/nb/files/{year}.docx", f"autoe{year}", year)
        items.append(li(f, f"某区人民政府{year}年政府信息公开工作年度报告", f"{year + 1}-01-15", short=False))
    s.add("/zwgk/nb/zt2023.jpg", b"\xff\xd8\xff\xe0" + b"JFIF-not-a-report" * 50, "image/jpeg")
    s.decoys.add("/zwgk/nb/zt2023.jpg")
    s.add("/zwgk/nb/", page("政府信息公开工作年报", '<div class="main"><h1>政府信息公开工作年报</h1>'
          '<div class="zt"><img src="/zwgk/nb/zt2023.jpg" width="900" height="120"></div>'
          f'<ul>{"".join(items)}</ul></div>'))
    return s


BUILDERS = [trs_a, trs_b, jcms_a, jcms_b, json_a, json_b, json_c, static_a, static_base, static_js, titles,
            dir_a, dir_b, auto_a, auto_b, auto_c, dupes, json_amp, json_post, robots_ua, auto_d, trs_c, trs_d, dir_select,
            viewer, download_id, yearless, json_path, column_context, gbk, auto_e]


# ====================================================================== the server
class Server:
    def __init__(self, sites: list[Site]):
        self.sites = {s.host: s for top in sites for s in [top, *top.extra_hosts]}
        self.log: list[tuple] = []  # (host, method, path with query, key, status)
        self.lock = threading.Lock()
        self.httpds = []

    def start(self):
        for attempt in range(20):
            try:
                port = self._bind_all()
                break
            except OSError:
                self.stop()
        else:
            raise RuntimeError("no free port on the 127.0.0.x hosts")
        for h in self.httpds:
            h.started = True
            threading.Thread(target=h.serve_forever, daemon=True).start()
        for s in self.sites.values():
            s.base = f"http://{s.host}:{port}"
        return port

    def _bind_all(self) -> int:
        port = 0
        for host in self.sites:
            httpd = ThreadingHTTPServer((host, port), self.handler())
            httpd.daemon_threads = True
            self.httpds.append(httpd)
            port = httpd.server_address[1]
        return port

    def stop(self):
        for h in self.httpds:
            if getattr(h, "started", False):
                h.shutdown()
            h.server_close()
        self.httpds = []

    def handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *a):
                pass

            def do_GET(self):
                self.serve("GET", b"")

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                self.serve("POST", self.rfile.read(n))

            def serve(self, method, body):
                host = self.server.server_address[0]
                site = server.sites[host]
                parts = urlsplit(self.path)
                path = parts.path
                upath = unquote(path)
                q = dict(parse_qsl(parts.query, keep_blank_values=True))
                key = upath
                if upath == "/robots.txt":
                    status, ctype, data, headers = 200, "text/plain", site.robots.encode(), {}
                elif upath in site.dyn:
                    form = dict(parse_qsl(body.decode("utf-8", "replace")))
                    status, ctype, data = site.dyn[upath](method, q, form)
                    headers = {}
                    key = f"{method} {upath}?{urlencode(sorted({**q, **form}.items()))}"
                elif parts.query and f"{upath}?{unquote(parts.query)}" in site.res:  # downfile.jsp?…
                    key = f"{upath}?{unquote(parts.query)}"
                    ctype, data, headers = site.res[key]
                    status = 200
                elif upath in site.res:
                    ctype, data, headers = site.res[upath]
                    status = 301 if upath in site.redirects else 200
                else:
                    status, ctype, data, headers = 404, "text/html", b"<html><body>404</body></html>", {}
                if status == 200 and ctype.startswith(("text/html", "application/json")):
                    data = data.replace(b"@@BASE@@", site.base.encode())
                    for other in site.extra_hosts:
                        data = data.replace(b"@@OTHER@@", other.base.encode())
                with server.lock:
                    server.log.append((host, method, self.path, key, status))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        return Handler
