"""JSON list APIs behind a shell page: find the endpoint in the page, read items from any
JSON shape (a list of objects with a title and a link), and page through by its parameter."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawler.platforms.html import Link
from crawler.recognize import norm

ENDPOINT = re.compile(r"""["']((?:https?://[^"'\s]+)?/[^"'\s<>]*?(?:/api/|\.json|/list\?|/query\?|getList|/data\?)[^"'\s<>]*)["']""", re.I)
ATTR = re.compile(r"""data-(?:api|url|src)\s*=\s*["']([^"']+)["']""", re.I)
TITLE_KEYS = ("title", "name", "doctitle", "subject", "bt", "wzbt", "text")
URL_KEYS = ("url", "link", "href", "docurl", "fileurl", "path", "pageurl", "detailurl", "wzurl", "linkurl")
DATE_KEYS = ("publishtime", "pubdate", "date", "time", "createtime", "releasetime", "fbrq")
PAGES_KEYS = ("totalpage", "totalpages", "pages", "pagecount", "pagetotal", "totalpagenum")
PAGE_PARAMS = ("pageNo", "page", "pageIndex", "pageNum", "current", "curPage", "p")
MAX_PAGES = 200


def endpoints(text: str, url: str) -> list[str]:
    found = ENDPOINT.findall(text) + ATTR.findall(text)
    return list(dict.fromkeys(urljoin(url, f) for f in found if not f.endswith((".js", ".css"))))


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


def items(data, url: str) -> list[Link]:
    """Every object in the JSON with a title and a link."""
    out = []

    def walk(node):
        if isinstance(node, dict):
            title, link = _field(node, TITLE_KEYS), _field(node, URL_KEYS)
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


def more(data, url: str) -> list[str]:
    """The other pages of this API list, asked for from its first page only."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    param = next((p for p in PAGE_PARAMS if p in query), None)
    if param and str(query[param]) not in ("1", "0", ""):
        return []
    pages = _find_int(data, PAGES_KEYS)
    if pages is None:
        total, size = _find_int(data, ("total", "totalcount", "count", "totalrecord")), _find_int(data, ("pagesize", "size", "limit", "rows"))
        size = size or int(query.get("pageSize") or query.get("size") or 0)
        if not total or not size:
            return []
        pages = -(-total // size)
    param = param or "page"
    first = int(query.get(param) or 1)
    out = []
    for n in range(first + 1, min(pages, MAX_PAGES) + (1 if first else 0)):
        query[param] = str(n)
        out.append(urlunsplit(parts._replace(query=urlencode(query))))
    return out
