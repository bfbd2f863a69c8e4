"""大汉 JCMS lists: records as CDATA inside <datastore> in a script (older versions: HTML strings
in a JS array `var InitData… = ['…', …]`); further records only through POST
/module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=… (the proxy named by the
nextgroup link, by `proxyUrl`, with the form of the nextgroup query or of `ajaxParam:{…}`),
or through the column's own pages `index.html?uid=…&pageNum=N`. A list that gives no total is
asked one group at a time until a group comes back short."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawler.platforms.base import Api, Found, Page, Reader, register
from crawler.platforms.html import Link, links
from parsel import Selector

RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
NEXT = re.compile(r"<nextgroup>\s*<!\[CDATA\[\s*<a\s+href=['\"]([^'\"]+)['\"]", re.S)
TOTAL = re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)|<totalrecord>\s*(\d+)", re.I)
PARAM = re.compile(r"\b(columnid|unitid|webid|appid|webname|path|permissiontype|sourceContentType)\b['\"]?\s*[:=]\s*['\"]?([^'\",&\s}<>);]+)", re.I)
PER = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
PROXY = "/module/web/jpage/dataproxy.jsp"
GROUP = 3  # pages asked per POST, as the jpage script does


INIT = re.compile(r"\bvar\s+InitData\w*\s*=\s*\[(.*?)\]\s*;", re.S)
JS_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", re.S)
PROXY_URL = re.compile(r"""proxyUrl\s*:\s*['"]([^'"]+)['"]""")
AJAX_PARAM = re.compile(r"ajaxParam\s*:\s*(\{[^{}]*\})")
UID_PAGE = re.compile(r"[?&]uid=(\d+)&(?:amp;)?pageNum=\d+")
UNIT = re.compile(r"""unitid\b['"]?\s*[:=]\s*['"]?(\d+)""", re.I)


def _unjs(s: str) -> str:
    return re.sub(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", lambda m: (
        chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "ux" and len(m.group(1)) > 1 else
        {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1))), s)


def records(text: str) -> str:
    """The records' HTML joined, to read links from (empty when the page has none): CDATA
    records of a <datastore>, or the strings of a `var InitData… = [...]` array."""
    out = RECORD.findall(text) if "<datastore" in text else []
    for arr in INIT.findall(text):
        out += [_unjs(a if a else b) for a, b in JS_STRING.findall(arr)]
    return "\n".join(out)


def _shown(text: str) -> int:
    return len(RECORD.findall(text)) + sum(len(JS_STRING.findall(a)) for a in INIT.findall(text))


def _plan(text: str, url: str):
    """(proxy URL, form, records shown, per page, total or None) of a JCMS column page."""
    total, nxt = TOTAL.search(text), NEXT.search(text)
    listed = "<datastore" in text or INIT.search(text)
    if not listed or urlsplit(url).path.endswith("dataproxy.jsp"):  # the proxy's own answer
        return None
    shown = _shown(text)
    per = int(PER.search(text).group(1)) if PER.search(text) else max(shown, 15)
    proxy_url = PROXY_URL.search(text)
    ajax = AJAX_PARAM.search(text)
    if nxt:  # the form the jpage script posts is the query of the nextgroup link
        href = urljoin(url, html.unescape(nxt.group(1)))
        form = dict(parse_qsl(urlsplit(href).query, keep_blank_values=True))
        proxy = urljoin(url, urlsplit(href).path or PROXY)
    elif ajax:  # older jpage: ajaxParam:{col:1, webid:…, columnid:…, unitid:…}
        from crawler.platforms.jsonapi import _object
        form = _object(ajax.group(1), text)
        proxy = urljoin(url, proxy_url.group(1) if proxy_url else PROXY)
    else:  # or scattered over the script's parameters
        form = {k: v for k, v in PARAM.findall(text)}
        proxy = urljoin(url, proxy_url.group(1) if proxy_url else PROXY)
    if not nxt and not total and not ajax:
        return None
    form.pop("page", None)
    form.setdefault("col", "1")
    return proxy, form, shown, per, int(total.group(1) or total.group(2)) if total else None


def more(text: str, url: str) -> list[tuple[str, dict]]:
    """(POST url, form) for every record the page does not show (the first group only when the
    list gives no total: see group_after)."""
    plan = _plan(text, url)
    if not plan:
        return []
    proxy, form, shown, per, total = plan
    if total is None:
        return [(f"{proxy}?startrecord={shown + 1}&endrecord={shown + per * GROUP}&perpage={per}", form)]
    out, start = [], shown + 1
    while start <= total:
        end = min(total, start + per * GROUP - 1)
        out.append((f"{proxy}?startrecord={start}&endrecord={end}&perpage={per}", form))
        start = end + 1
    return out


def group_after(url: str, text: str) -> str | None:
    """The next group of an open-ended list, when this proxy answer came back full."""
    q = dict(parse_qsl(urlsplit(url).query))
    try:
        a, b = int(q["startrecord"]), int(q["endrecord"])
    except (KeyError, ValueError):
        return None
    if len(RECORD.findall(text)) < b - a + 1:
        return None
    q.update(startrecord=str(b + 1), endrecord=str(b + 1 + (b - a)))
    return urlunsplit(urlsplit(url)._replace(query=urlencode(q)))


def uid_pages(text: str, url: str) -> list[str]:
    """The column's own pages `index.html?uid=U&pageNum=N`, when the page links that form and
    gives its total (the pager is drawn by script)."""
    uid, total = UID_PAGE.search(text), TOTAL.search(text)
    per = PER.search(text)
    if not uid or not total or not per or not int(per.group(1)):
        return []
    pages = -(-int(total.group(1) or total.group(2)) // int(per.group(1)))
    parts = urlsplit(url)
    return [urlunsplit(parts._replace(query=f"uid={uid.group(1)}&pageNum={n}")) for n in range(2, min(pages, 200) + 1)]


@register
class JcmsReader(Reader):
    name = "jcms"

    def links(self, page: Page) -> list[Link]:
        found = records(page.text)
        return links(Selector(text=found), page.base) if found else []

    def follow(self, page: Page) -> Found:
        out = Found(pages=uid_pages(page.text, page.url))
        if page.method == "GET":
            open_ended = bool(_plan(page.text, page.url)) and _plan(page.text, page.url)[4] is None
            for url, form in more(page.text, page.url):
                out.apis.append(Api(url, "POST", form, answer="html", plan=False,
                                    extra={"jcms_open": True} if open_ended else {}))
        elif page.meta.get("jcms_open"):
            nxt = group_after(page.url, page.text)
            if nxt:
                out.apis.append(Api(nxt, "POST", dict(page.meta.get("api_form") or {}), answer="html", plan=False,
                                    extra={"jcms_open": True}))
        return out
