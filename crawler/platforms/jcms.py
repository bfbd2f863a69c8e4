"""大汉 JCMS lists: records as CDATA inside <datastore> in a script; further records only
through POST /module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=…"""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urljoin, urlsplit

RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
NEXT = re.compile(r"<nextgroup>\s*<!\[CDATA\[\s*<a\s+href=['\"]([^'\"]+)['\"]", re.S)
TOTAL = re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)|<totalrecord>\s*(\d+)", re.I)
PARAM = re.compile(r"\b(columnid|unitid|webid|appid|webname|path|permissiontype|sourceContentType)\b['\"]?\s*[:=]\s*['\"]?([^'\",&\s}<>);]+)", re.I)
PER = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
PROXY = "/module/web/jpage/dataproxy.jsp"
GROUP = 3  # pages asked per POST, as the jpage script does


def records(text: str) -> str:
    """The records' HTML joined, to read links from (empty when the page has none)."""
    return "\n".join(RECORD.findall(text)) if "<datastore" in text else ""


def more(text: str, url: str) -> list[tuple[str, dict]]:
    """(POST url, form) for every record the page does not show."""
    total, nxt = TOTAL.search(text), NEXT.search(text)
    if not total or "<datastore" not in text or urlsplit(url).path.endswith("dataproxy.jsp"):  # the proxy's own answer
        return []
    shown = len(RECORD.findall(text))
    per = int(PER.search(text).group(1)) if PER.search(text) else max(shown, 15)
    if nxt:  # the form the jpage script posts is the query of the nextgroup link
        href = urljoin(url, html.unescape(nxt.group(1)))
        form = dict(parse_qsl(urlsplit(href).query, keep_blank_values=True))
        proxy = urljoin(url, urlsplit(href).path or PROXY)
    else:  # or scattered over the script's parameters
        form = {k: v for k, v in PARAM.findall(text)}
        proxy = urljoin(url, PROXY)
    form.pop("page", None)
    form.setdefault("col", "1")
    out, start, total = [], shown + 1, int(total.group(1) or total.group(2))
    while start <= total:
        end = min(total, start + per * GROUP - 1)
        out.append((f"{proxy}?startrecord={start}&endrecord={end}&perpage={per}", form))
        start = end + 1
    return out
