"""What the spider reads off a response: one canonical URL per document, the page's text in
its real charset, a file's name, and whether a page carries a whole report."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from scrapy.http import TextResponse
from w3lib.url import canonicalize_url

from crawler.platforms import html

EMBED_HINTS = ("总体情况", "主动公开", "收到和处理政府信息公开申请", "依申请公开", "行政复议", "存在的主要问题",
               "存在问题", "其他需要报告")
DISPOSITION = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", re.I)
TRACKING = {"from", "source", "spm", "v", "ver", "version", "t", "_t", "ts", "time", "timestamp", "random", "rnd",
            "rand", "r", "_", "_dc", "nocache", "cachebust", "ref", "referer"}
# A static article page (TRS t20230120_4821375.html, JCMS art_…_123.html): any query is noise.
STATIC_ARTICLE = re.compile(r"/(t\d{8}_\d+|art_\d+_\d+)(_\d{1,3})?\.s?html?$", re.I)


def canonical(url: str) -> str:
    """One URL per document: no fragment, no query on file paths, no tracking parameters."""
    parts = urlsplit(url)
    if html.ext_of(url) in html.DOC_EXT or STATIC_ARTICLE.search(parts.path):
        query = ""
    else:
        pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                 if k.lower() not in TRACKING and not k.lower().startswith("utm_")]
        query = urlencode(pairs)
    return canonicalize_url(urlunsplit(parts._replace(query=query, fragment="")))


def page_text(response: TextResponse) -> str:
    """The page's text, re-decoded when the server declared the wrong charset."""
    text = response.text
    latin = response.encoding.lower().replace("_", "-") in ("cp1252", "iso-8859-1", "latin-1", "ascii")
    if "\ufffd" in text or (latin and any(b > 127 for b in response.body[:4096])):
        for enc in ("utf-8", "gb18030"):
            try:
                return response.body.decode(enc)
            except UnicodeDecodeError:
                continue
    return text


def file_name(response) -> str:
    """The file's name, for telling DOC from WPS: Content-Disposition, a name in the query, the path."""
    disposition = (response.headers.get("Content-Disposition") or b"").decode("latin-1")
    m = DISPOSITION.search(disposition)
    if m:
        return unquote(m.group(1))
    named = [v for _, v in parse_qsl(urlsplit(response.url).query) if "." in v]
    return named[0] if named else urlsplit(response.url).path.rsplit("/", 1)[-1]


def embeds_report(text: str) -> bool:
    return sum(h in text for h in EMBED_HINTS) >= 3
