"""JSON list APIs behind a shell page: find the endpoint in the page (a URL in a script or a
data-* attribute, or a $.post / $.ajax call with its form), read items from any JSON shape (a
list of objects with a title and a link), and page through by its parameter or its path."""
from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawler.platforms.base import Api, Found, Page, Reader, register
from crawler.platforms.html import Link
from crawler.recognize import norm

STRING = re.compile(r"""["']((?:https?://[^"'\s<>/]+)?/[^"'\s<>]*)["']""")
API = re.compile(r"(?:^|/)api/|\.json(?:\?|$)|/list\?|/query\?|getlist|/data\?|/openapi/", re.I)
ATTR = re.compile(r"""data-(?:api|url|src|source|list-url)\s*=\s*["']([^"']+)["']""", re.I)
# Script calls naming a URL and its parameters: $.post("/api/x", {…}), $.getJSON(url, {…}), axios.post(…)
CALL = re.compile(r"""(?:\$|jQuery|axios)\.(post|get|getJSON)\(\s*["']([^"']+)["'](?=\s*[,)])\s*(?:,\s*(\{[^{}]*\}))?""", re.I)
AJAX = re.compile(r"""(?:\$|jQuery)\.ajax\(\s*\{|\bfetch\(\s*["'][^"']+["']\s*,\s*\{""")
AJAX_URL = re.compile(r"""(?:\burl\s*:\s*|fetch\(\s*)["']([^"']+)["'](?=\s*[,}\n])""")
AJAX_POST = re.compile(r"""\b(?:type|method)\s*:\s*["']post["']""", re.I)
AJAX_DATA = re.compile(r"""\b(?:data|body)\s*:\s*(?:(JSON\.stringify\(\s*)?(\{[^{}]*\})|["']([^"']*=[^"']*)["'])""")
PAIR = re.compile(r"""["']?([\w$-]+)["']?\s*:\s*(?:"([^"]*)"|'([^']*)'|(-?[\d.]+|true|false)\b|([A-Za-z_$][\w$]*))""")
TITLE_KEYS = ("title", "name", "doctitle", "subject", "bt", "wzbt", "text", "topic", "biaoti")
URL_KEYS = ("url", "link", "href", "docurl", "docpuburl", "puburl", "fileurl", "fjurl", "path", "pageurl",
            "detailurl", "wzurl", "linkurl", "docpath", "filepath", "downloadurl", "visiturl")
URLISH_KEY = re.compile(r"(url|link|href|path)$", re.I)  # any other key naming a link
TITLEISH_KEY = re.compile(r"(title|bt)$", re.I)  # any other key naming a title
HAS_NEXT = ("hasnextpage", "hasnext", "hasmore", "nextpage")  # a list without counts says if more follow
IS_LAST = ("islastpage", "lastpage", "last", "islast")
DATE_KEYS = ("publishtime", "pubdate", "date", "time", "createtime", "releasetime", "fbrq", "docreltime",
             "pubtime", "publishdate", "crtime")
PAGES_KEYS = ("totalpage", "totalpages", "pages", "pagecount", "pagetotal", "totalpagenum", "pagenum_total")
PAGE_PARAMS = ("pageNo", "page", "pageIndex", "pageNum", "pageNumber", "current", "curPage", "currentPage",
               "p", "pn", "page_no")
SIZE_PARAMS = ("pageSize", "size", "rows", "limit", "perPage", "page_size", "pagesize", "prepage", "per_page")
PATH_PAGE = re.compile(r"(?<=[/_])(\d{1,3})(?=\.json$)")  # /data/1.json, list_1.json
MAX_PAGES = 200



def _object(literal: str, text: str) -> dict:
    """A JS object literal's plain values; a variable's value is read from its `var`."""
    out = {}
    for k, dq, sq, lit, ident in PAIR.findall(literal):
        if ident:
            m = re.search(rf"\b{re.escape(ident)}\s*=\s*['\"]?([\w.-]+)['\"]?\s*[;,\n]", text)
            if not m:
                continue
            lit = m.group(1)
        out[k] = dq or sq or lit
    return out


def _ajax(text: str):
    """(url, is_post, data literal, json) of every $.ajax({…}) / fetch(url, {…}) call."""
    for m in AJAX.finditer(text):
        block = text[m.start():m.start() + 1500]
        url = AJAX_URL.search(block)
        if not url:
            continue
        data = AJAX_DATA.search(block)
        json_body = bool(data and data.group(1)) or "application/json" in block
        literal = (data.group(2) or "{%s}" % ",".join(f'"{k}":"{v}"' for k, v in parse_qsl(data.group(3)))) if data else ""
        yield url.group(1), bool(AJAX_POST.search(block)), literal, json_body


def requests(text: str, url: str) -> list[Api]:
    """Every list API the shell page calls, GET or POST, with the parameters it sends."""
    text = html.unescape(text)  # data-api="/api/list?a=1&amp;b=2" is /api/list?a=1&b=2
    calls, named = [], set()
    found = [(m.group(2), m.group(1).lower() == "post", m.group(3) or "", False) for m in CALL.finditer(text)]
    for target, post, literal, json_body in found + list(_ajax(text)):
        if target.endswith((".js", ".css")):
            continue
        named.add(target)
        params = _object(literal, text) if literal else {}
        full = urljoin(url, target)
        if post:
            calls.append(Api(full, "POST", params, json_body))
        else:
            if params:
                parts = urlsplit(full)
                query = dict(parse_qsl(parts.query, keep_blank_values=True), **params)
                full = urlunsplit(parts._replace(query=urlencode(query)))
            calls.append(Api(full))
    for f in ATTR.findall(text) + [s for s in STRING.findall(text) if API.search(s)]:
        if f not in named and not f.endswith((".js", ".css")):
            calls.append(Api(urljoin(url, f)))
    unique = {}
    for c in calls:
        unique.setdefault((c.method, c.url, json.dumps(c.form, sort_keys=True)), c)
    return list(unique.values())


def endpoints(text: str, url: str) -> list[str]:
    """The GET endpoints alone (see requests())."""
    return [a.url for a in requests(text, url) if a.method == "GET"]


def load(body: bytes) -> object | None:
    text = body.decode("utf-8", "replace").strip()
    m = re.match(r"^[\w$.]+\((.*)\)\s*;?$", text, re.S)  # JSONP
    try:
        return json.loads(m.group(1) if m else text)
    except ValueError:
        return None


def _field(obj: dict, keys) -> str:
    low = {k.lower(): v for k, v in obj.items()}
    for k in keys:
        if isinstance(low.get(k), str) and low[k].strip():
            return low[k].strip()
    return ""


def _any(obj: dict, pattern) -> str:
    for k, v in obj.items():
        if pattern.search(k) and isinstance(v, str) and v.strip() and not v.strip().startswith(("/", "http")):
            return v.strip()
    return ""


def _link(obj: dict) -> str:
    """The item's link: a known key, else any key ending in url/link/href/path holding a URL."""
    found = _field(obj, URL_KEYS)
    if found:
        return found
    for k, v in obj.items():
        if URLISH_KEY.search(k) and isinstance(v, str) and v.strip().startswith(("/", "./", "../", "http")):
            return v.strip()
    return ""


def items(data, url: str) -> list[Link]:
    """Every object in the JSON with a title and a link."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            title, link = _field(node, TITLE_KEYS) or _any(node, TITLEISH_KEY), _link(node)
            if title and link:
                out.append(Link(urljoin(url, link), norm(title), norm(title), _field(node, DATE_KEYS)))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    return out


def _find_int(node, keys) -> int | None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k.lower() in keys and str(v).isdigit():
                return int(v)
        for v in node.values():
            hit = _find_int(v, keys)
            if hit is not None:
                return hit
    return None


def _count(data, params: dict, shown: int = 0) -> int | None:
    """Pages of the list: its page count, or its total over the page size (the size asked for,
    or, when the answer names none, the number of items a full first page showed)."""
    pages = _find_int(data, PAGES_KEYS)
    if pages is None:
        total = _find_int(data, ("total", "totalcount", "count", "totalrecord", "totalrecords", "recordcount"))
        size = _find_int(data, ("pagesize", "size", "limit", "rows", "perpage", "per_page", "prepage"))
        size = size or int(next((params[k] for k in SIZE_PARAMS if str(params.get(k, "")).isdigit()), 0))
        size = size or (shown if total and shown < total else 0)
        if not total or not size:
            return None
        pages = -(-total // size)
    return min(pages, MAX_PAGES)


def _numbers(first: int, pages: int) -> range:
    """The page numbers after `first`, 0-based lists ending at pages - 1."""
    return range(first + 1, pages + (1 if first else 0))


def more(data, url: str, shown: int = 0) -> list[str]:
    """The other pages of a GET list, from its first page: by its page parameter, or by the
    number in its path (/data/1.json, 2.json …)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    pages = _count(data, query, shown)
    if pages is None:
        return []
    param = next((p for p in PAGE_PARAMS if p in query), None)
    path_page = PATH_PAGE.search(parts.path)
    if not param and path_page:
        first = int(path_page.group(1))
        return [urlunsplit(parts._replace(path=PATH_PAGE.sub(str(n), parts.path)))
                for n in _numbers(first, pages)]
    param = param or "page"
    first = int(query.get(param) or 1)
    out = []
    for n in _numbers(first, pages):
        query[param] = str(n)
        out.append(urlunsplit(parts._replace(query=urlencode(query))))
    return out


def more_forms(data, form: dict, shown: int = 0) -> list[dict]:
    """The other pages of a POST list: its form with the page parameter counted on."""
    pages = _count(data, form, shown)
    param = next((p for p in PAGE_PARAMS if p in form), None)
    if pages is None or not param:
        return []
    first = int(form.get(param) or 1) if str(form.get(param) or "1").isdigit() else 1
    return [dict(form, **{param: str(n)}) for n in _numbers(first, pages)]


def _flag(node, keys) -> bool | None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k.lower() in keys and isinstance(v, bool):
                return v
        for v in node.values():
            hit = _flag(v, keys)
            if hit is not None:
                return hit
    return None


def following(data, params: dict, shown: int) -> dict | None:
    """A list that gives no count: the parameters of the next page, when this one was full or
    says more follow (asked page by page, so each page is asked once)."""
    if shown == 0 or _count(data, params, shown) is not None:
        return None
    param = next((p for p in PAGE_PARAMS if p in params), None)
    if not param or not str(params[param]).isdigit() or int(params[param]) >= MAX_PAGES:
        return None
    size = next((int(params[k]) for k in SIZE_PARAMS if str(params.get(k, "")).isdigit()), 0)
    more, last = _flag(data, HAS_NEXT), _flag(data, IS_LAST)
    if more is True or last is False or (more is None and last is None and size and shown >= size):
        return dict(params, **{param: str(int(params[param]) + 1)})
    return None


def next_url(data, url: str, shown: int) -> str | None:
    parts = urlsplit(url)
    nxt = following(data, dict(parse_qsl(parts.query, keep_blank_values=True)), shown)
    return urlunsplit(parts._replace(query=urlencode(nxt))) if nxt else None


SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
ASSIGNED = re.compile(r"(?:=|:|^)\s*([\[{])")
DATA_HINT = re.compile(r"""["'](?:title|url|href|link|doctitle|docpuburl)["']\s*:""", re.I)


def embedded(text: str) -> list:
    """JSON lists a page carries in its own scripts (var list = [{"title": …, "url": …}]; a
    <script type="application/json">), for pages that render their list without an API call."""
    out, decoder = [], json.JSONDecoder()
    for script in SCRIPT.findall(text):
        if not DATA_HINT.search(script):
            continue
        pos = 0
        while True:
            m = ASSIGNED.search(script, pos)
            if not m:
                break
            try:
                data, end = decoder.raw_decode(script, m.start(1))
            except ValueError:
                pos = m.end()
                continue
            out.append(data)
            pos = end
    return out


@register
class JsonApiReader(Reader):
    """JSON list APIs a shell page (or its script files) calls, and lists carried in its script."""
    name = "jsonapi"

    def links(self, page: Page) -> list[Link]:
        return [link for data in embedded(page.text) for link in items(data, page.base)]

    def follow(self, page: Page) -> Found:
        if page.reports:
            return Found()
        from crawler.platforms import scripts

        found = requests(page.text, page.url)
        for text in page.scripts.values():  # a call in a file, its parameters bound by the page's call
            found += requests("\n".join([scripts.bindings(page.text, text), text, page.text]), page.url)
        unique = {}
        for c in found:
            unique.setdefault((c.method, c.url, json.dumps(c.form, sort_keys=True)), c)
        return Found(apis=list(unique.values()))

    def needs_scripts(self, page: Page) -> bool:
        from crawler.platforms import scripts

        return not page.reports and not requests(page.text, page.url) and scripts.calls_elsewhere(page.text)
