"""A list only a browser can read (issue 9, the rendering fallback): `rendered`.

The 年报 column page holds an empty `<div id="list">` and calls `initList("list", SIZE)`,
defined in `/static/js/nb.app.js`. That script first fetches a ticket from an endpoint whose
path is base64 in the code (`atob('L2F1dGgvdGlja2V0')`), then builds the list URL from pieces
at run time (`'/' + ['s','v','c'].join('') + '/' + ['nb','list'].join('') + '?ticket=' + …`)
and asks it by XMLHttpRequest: no URL a static reader could find is written anywhere. The list
answers JSON (`{"result": {"total": N, "records": [{"docTitle", "docUrl", "pubDate"}]}}`), one
page at a time (`pageNo`, `pageSize`), and refuses a request without the ticket (403).

Decoys: the list's own non-report items (news, a notice), a report-like item under /preview/
(robots.txt forbids it), a "hot news" box the script fills from `/svc/hot` with articles
that are not reports, a call to /search/suggest (robots.txt forbids it), a stylesheet; with
quirk `leak`, a call to another host (the next portal's, a `target`). With quirk `stale`, the page
also carries an old list call a static reader finds (`$.getJSON('/api/nb/list.json', …)` in a
function nothing calls), whose endpoint answers an empty list: the page must be rendered anyway.
"""
from __future__ import annotations

import hashlib
import html
import json

from nianbao.world.simulator import content
from nianbao.world.simulator.families import column_items
from nianbao.world.simulator.site import Ctx, Portal, Resource, page_html, published

APP_JS = """\
/* nb.app.js: the 年报 column's list, drawn in the browser */
function draw(box, d) {
  var rows = (d.result && d.result.records) || [];
  box.innerHTML = '<ul>' + rows.map(function (r) {
    return '<li><a href="' + r.docUrl + '" target="_blank">' + r.docTitle + '</a><span>' + r.pubDate + '</span></li>';
  }).join('') + '</ul>';
  var pages = Math.ceil(d.result.total / d.result.pageSize);
  document.getElementById('pager').innerHTML = '<span>共' + pages + '页</span><a href="javascript:void(0)" class="next">下一页</a>';
}
function initList(el, size) {
  var box = document.getElementById(el), svc = ['s', 'v', 'c'].join('');
  fetch(atob('L2F1dGgvdGlja2V0'), {credentials: 'same-origin'})
    .then(function (r) { return r.json(); })
    .then(function (t) {
      var api = '/' + svc + '/' + ['nb', 'list'].join('') + '?ticket=' + encodeURIComponent(t.ticket) +
        '&pageNo=1&pageSize=' + size;
      var xhr = new XMLHttpRequest();
      xhr.open('GET', api);
      xhr.onload = function () { draw(box, JSON.parse(xhr.responseText)); };
      xhr.send();
    });
  fetch('/search/suggest?q=nb').catch(function () {});  /* robots.txt forbids /search/ */
  fetch('/' + svc + '/hot?n=' + 3).then(function (r) { return r.json(); }).then(function (d) {
    document.getElementById('hot').innerHTML = d.data.map(function (x) {
      return '<a href="' + x.url + '">' + x.title + '</a>';
    }).join(' ');
  });
}
"""


def _json(data) -> tuple[int, str, bytes]:
    return 200, "application/json; charset=utf-8", json.dumps(data, ensure_ascii=False).encode()


def rendered(ctx: Ctx, p: Portal, agency: str = "", years=None) -> str:
    per = ctx.rng.choice([3, 4])
    ticket = hashlib.sha1(f"{ctx.seed}:{ctx.index}:ticket".encode()).hexdigest()[:16]
    items = column_items(ctx, p, lambda y, uid, d: f"/art/{d[:4]}/{uid}.html",
                         lambda path, uid: lambda fmt: f"/files/{uid}.{fmt}", agency, years)

    def ticket_handler(method, params):
        return _json({"ticket": ticket, "expires": 600})

    def list_handler(method, params):
        if params.get("ticket") != ticket:
            return 403, "application/json; charset=utf-8", b'{"code": 403, "msg": "bad ticket"}'
        n, size = int(params.get("pageNo", 1) or 1), int(params.get("pageSize", per) or per)
        rows = items[(n - 1) * size:n * size]
        return _json({"code": 0, "result": {"total": len(items), "pageNo": n, "pageSize": size, "records": [
            {"docTitle": it["title"], "docUrl": it["href"], "pubDate": it["date"]} for it in rows]}})

    hot = []
    for _ in range(3):  # articles the hot-news box shows: never reports
        year, uid = ctx.rng.choice(ctx.years), ctx.uid()
        title = content.decoy_title(ctx.rng, p.agency, year)
        path = p.add(f"/xwzx/{uid}.html", Resource(page_html(title, f"<h1>{html.escape(title)}</h1><p>正文。</p>")))
        p.decoys.append(path)
        hot.append({"title": title, "url": path, "date": published(year, ctx.rng)})

    p.add("/auth/ticket", Resource(handler=ticket_handler, validators=False))
    p.add("/svc/nblist", Resource(handler=list_handler, validators=False))
    p.add("/svc/hot", Resource(handler=lambda m, q: _json({"data": hot}), validators=False))
    app = APP_JS
    if "leak" in ctx.quirks:  # the script also calls another host (the next portal's): never to be fetched
        app += "fetch('http://{next_host}:{port}/stolen/a.pdf').catch(function () {});\n"
    p.add("/static/js/nb.app.js", Resource(app.encode(), "application/javascript"))
    p.add("/search/suggest", Resource(handler=lambda m, q: _json({"data": []}), validators=False))
    p.decoys.append("/search/suggest")
    stale = ""
    if "stale" in ctx.quirks:  # an endpoint left from an older CMS, found statically, empty
        p.add("/api/nb/list.json", Resource(handler=lambda m, q: _json({"total": 0, "data": []}), validators=False))
        stale = ("<script>function oldList() { $.getJSON('/api/nb/list.json', {page: 1, size: 20}, "
                 "function (d) {}); }</script>")
    p.add("/static/css/main.css", Resource(b"body{font-size:14px}", "text/css"))
    p.decoys.append("/static/css/main.css")  # a stylesheet: the renderer never asks for it
    main = ('<link rel="stylesheet" href="/static/css/main.css"><div class="hot">热点：<span id="hot"></span></div>'
            '<div id="list"><p class="loading">加载中…</p></div><div id="pager"></div>'
            '<script src="/static/js/nb.app.js"></script>' + stale +
            f'<script>initList("list", {per});</script>')
    start = "/xxgk/ndbg/index.html"
    p.add(start, Resource(page_html("政府信息公开年报", main), validators=False))
    return start


BUILDERS4 = {"rendered": rendered}
