"""Families for the crawler's reliability and security (issue 10) and the leftovers of issue 9:

- `hostile`: report links that redirect off the portal (another loopback host, localhost,
  the cloud metadata address, a meta refresh, file://) beside redirect chains that stay on
  the portal (301 → 303 → 307 → 308, a relative Location) and must be followed to the end;
- `target`: the other host the hostile portal sends crawlers to; it logs what it is asked;
- `endless`: a GBK list whose 「下一页」 pager never ends (pages made on demand);
- `county`: a GBK county site: a list over pages linked by 「下一页」 in several shapes, articles
  that link plain attachments (upper-case extension, a query, a download handler with only
  Content-Disposition naming the file, names that are only 「附件1」), and a server that sends
  no validators at all.
"""
from __future__ import annotations

import html
import re

from nianbao.world.simulator import content
from nianbao.world.simulator.site import EXT_TYPES, Ctx, Portal, Resource, page_html, published

GBK = "text/html"  # no charset in the header: the page's <meta> says gbk


def _list_page(rows: list[str], pager: str, title: str = "政府信息公开年报") -> bytes:
    return page_html(title, f'<table class="list">{"".join(rows)}</table><div class="pager">{pager}</div>', "gbk")


def _row(href: str, title: str, date: str) -> str:
    return f'<tr><td><a href="{html.escape(href)}" target="_blank">{html.escape(title)}</a></td><td>{date}</td></tr>'


def hostile(ctx: Ctx, p: Portal) -> str:
    agency, rows = p.agency, []
    years = iter(sorted(ctx.years, reverse=True))

    def report(href: str, final: str, fmt: str) -> None:
        year = next(years)
        title = content.report_title(ctx.rng, agency, year)
        p.report_file(final, year, fmt, title)
        rows.append(_row(href, title, published(year, ctx.rng)))

    chain = [f"/go/c{i}" for i in range(4)]
    for i, (a, code) in enumerate(zip(chain, (301, 303, 307, 308))):
        p.add(a, Resource(status=code, location=chain[i + 1] if i + 1 < len(chain) else "/uploads/2024/chain.docx"))
    report(chain[0], "/uploads/2024/chain.docx", "docx")  # followed to the end, on the portal
    p.add("/go/rel/x", Resource(status=302, location="../../uploads/2023/rel.docx"))
    report("/go/rel/x", "/uploads/2023/rel.docx", "docx")  # a relative Location
    report("/uploads/2022/plain.docx", "/uploads/2022/plain.docx", "docx")
    off = {  # never to be fetched (nor their robots.txt)
        "/go/ext": "http://{next_host}:{port}/stolen/a.pdf",
        "/go/sub": "http://{next_host}:{port}/stolen/b.pdf",
        "/go/localhost": "http://localhost:{port}/stolen/c.pdf",
        "/go/metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "/go/decimal": "http://2852039166/latest/meta-data/",
        "/go/private": "http://10.0.0.1/admin/report.pdf",
        "/go/file": "file:///etc/passwd",
    }
    for n, (path, target) in enumerate(off.items()):
        p.add(path, Resource(status=302 if n % 2 else 301, location=target))
        rows.append(_row(path, content.report_title(ctx.rng, agency, 2010 + n), "2011-01-15"))
        p.fault("offsite", path)
    refresh = ('<meta http-equiv="refresh" content="0; url=http://{next_host}:{port}/stolen/d.html">')
    p.add("/art/refresh.html", Resource(page_html("跳转", "<p>正在跳转</p>", head=refresh)))
    p.fault("offsite", "/art/refresh.html")
    rows.append(_row("/art/refresh.html", content.report_title(ctx.rng, agency, 2009), "2010-01-15"))
    start = "/xxgk/ndbg.html"
    p.add(start, Resource(page_html("政府信息公开年报", f'<table class="list">{"".join(rows)}</table>'),
                          validators=False))
    return start


def target(ctx: Ctx, p: Portal) -> str:
    """Files a crawler of another portal must never fetch from here."""
    for name in ("a.pdf", "b.pdf", "c.pdf", "d.html"):
        fmt = name.rsplit(".", 1)[1]
        p.add(f"/stolen/{name}", Resource(lambda fmt=fmt: content.report((p.id, 2020, p.agency), 2020, p.agency,
                                                                          p.region, fmt), EXT_TYPES[fmt]))
    p.add("/index.html", Resource(page_html(p.agency, "<p>另一个网站</p>")))
    return "/index.html"


def endless(ctx: Ctx, p: Portal) -> str:
    """A GBK list whose 下一页 never ends: three pages of reports, then empty pages for ever."""
    agency, per = p.agency, 2
    items = []
    for year in ctx.years[:4]:
        title = content.report_title(ctx.rng, agency, year)
        path = p.report_file(f"/uploads/{year + 1}/{ctx.uid()}.docx", year, "docx", title)
        items.append(_row(path, title, published(year, ctx.rng)))

    def page(path: str):
        m = re.fullmatch(r"/list/index_(\d+)\.html", path)
        if not m:
            return None
        n = int(m.group(1))
        rows = items[(n - 1) * per:n * per] or [_row(f"/news/{n}.html", f"第{n}期工作动态", "2024-01-01")]
        pager = (f'<a href="index_{n - 1}.html">上一页</a> ' if n > 1 else "") + f'<a href="index_{n + 1}.html">下一页</a>'
        return Resource(_list_page(rows, pager), GBK, validators=False)

    p.dynamic = page
    return "/list/index_1.html"


def county(ctx: Ctx, p: Portal) -> str:
    """A county site in GBK: a 下一页 pager in three shapes, articles with plain attachments,
    and no validators on anything."""
    agency, col, per = p.agency, "/xxgk/xxgknb/", 3
    items = []
    shapes = [("附件1", "/uploadfile/{y}/{u}.PDF", "pdf"), ("{t}.doc", "/uploadfile/{y}/{u}.doc?v=2", "doc"),
              ("点击下载", "/upload/getfile.jsp?fileid={u}", "docx"), ("附件：{t}", "/uploadfile/{y}/{u}.docx", "docx")]
    years = [y for y in range(2014, 2025)][-10:]
    for n, year in enumerate(years):
        uid, date = ctx.uid(), published(year, ctx.rng)
        title = content.report_title(ctx.rng, agency, year)
        art = f"{col}{date[:7].replace('-', '')}/{uid}.htm"
        text, href, fmt = shapes[n % len(shapes)]
        href = href.format(y=year + 1, u=uid)
        named = bool(re.search(r"\.(pdf|docx?|wps)$", href.split("?")[0], re.I))
        served = href.split("?")[0] if named else href  # a file's query (?v=2) is noise to the server
        p.add(served, Resource(lambda year=year, fmt=fmt: content.report((p.id, year, agency), year, agency, p.region, fmt),
                             EXT_TYPES[fmt], validators=False, filename="" if named else f"{title}.{fmt}"))
        p.expected.append(dict(path=served, year=year, agency=agency, title=title, page=art, format=fmt))
        link = f'<p>{html.escape(text.format(t=title))}<a href="{html.escape(href)}">{html.escape(text.format(t=title))}</a></p>' \
            if n % 2 else f'<p><a href="{html.escape(href)}">{html.escape(text.format(t=title))}</a></p>'
        body = (f'<h1>{html.escape(title)}</h1><div class="info">发布时间：{date}</div>'
                f'<div class="content"><p>{html.escape(title)}全文见附件。</p>{link}</div>')
        p.add(art, Resource(page_html(title, body, "gbk"), GBK, validators=False))
        items.append(_row(art, title, date))
    pages = [items[i:i + per] for i in range(0, len(items), per)]
    names = ["list.htm"] + [f"list_{i}.htm" for i in range(2, len(pages) + 1)]
    for i, rows in enumerate(pages):
        nxt = names[i + 1] if i + 1 < len(pages) else ""
        shape = i % 3
        pager = f'共{len(items)}条 第{i + 1}/{len(pages)}页 '
        if nxt:
            pager += [f'<a href="{nxt}">下一页</a>', f'<a href="{nxt}">[下一页]</a>',
                      f'<a href="{nxt}"><img src="/images/next.gif" alt="下一页"></a>'][shape]
            pager += f' <a href="{names[-1]}">尾页</a>' if shape == 0 else ""
        p.add(col + names[i], Resource(page_html("信息公开年报", f'<table class="list">{"".join(rows)}</table>'
                                                 f'<table><tr><td>{pager}</td></tr></table>', "gbk"),
                                       GBK, validators=False))
    return col + "list.htm"


BUILDERS3 = {"hostile": hostile, "target": target, "endless": endless, "county": county}
