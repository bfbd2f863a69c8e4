"""TRS 海云: a column page shows its first records statically and draws the rest with
`require(["list2.trsapi"]).listModel({maxStaticIndex, pagebar: {prepage, recordCount},
listArgs: {channelid, classsql, sortfield}})`; the records come from the site's search service
(`/was5/web/search?channelid=…&classsql=…&prepage=…&page=N`, answered as JSON `docs`/`count`),
whose path is written in the site's `model.min.js` (read when the page does not name it).
Articles show their 全真版 PDF through `ms-attr-href="qzbFile"` (read by crawler.platforms.html)."""
from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin

from crawler.platforms.base import Api, Found, Page, Reader, register
from crawler.platforms.scripts import _value

MODEL = re.compile(r"\blistModel\s*\(\s*\{")
ARGS = re.compile(r"\blistArgs\s*:\s*\{([^{}]*)\}")
PAIR = re.compile(r"""([\w$]+)\s*:\s*((?:"[^"]*"|'[^']*'|[\w$.]+)(?:\s*\|\|\s*(?:"[^"]*"|'[^']*'|[\w$.]+))*)""")
NUM = r"""\s*:\s*['"]?(\d+)"""
ENDPOINT = re.compile(r"""["']((?:https?://[^"'/]+)?/[\w./-]*(?:was5?/web/search|search/searchResult|trssearch/[\w./-]*|"""
                      r"""irs/front/[\w./-]*|searchList\.jsp)[\w./-]*)["']""")
DEFAULT = "/was5/web/search"


def _arg(expr: str, text: str) -> str:
    """A listArgs value: the last non-empty alternative of `"" || "chnlid=1813"`, a literal or a
    name resolved from the page (SiteInfo.searchId)."""
    value = ""
    for alt in re.split(r"\s*\|\|\s*", expr.strip()):
        v = _value(alt, text)
        if v:
            value = v
    return value


def plan(text: str, url: str, scripts: dict[str, str]) -> list[Api] | None:
    """The search requests for the records after the static ones; None when the page has a
    listModel but neither it nor its scripts (not read yet) name the search path."""
    m = MODEL.search(text)
    if not m:
        return []
    block = text[m.start():m.start() + 4000]
    args = ARGS.search(block)
    if not args:
        return []
    params = {k: _arg(v, text) for k, v in PAIR.findall(args.group(1))}
    params = {k: v for k, v in params.items() if v}
    if "channelid" not in {k.lower() for k in params}:
        return []
    endpoint = ENDPOINT.search(text) or next((e for e in (ENDPOINT.search(s) for s in scripts.values()) if e), None)
    if not endpoint and not scripts:
        return None
    path = endpoint.group(1) if endpoint else DEFAULT
    per = re.search(r"prepage" + NUM, block)
    static = re.search(r"maxStaticIndex" + NUM, block)
    per = int(per.group(1)) if per else 10
    first = int(static.group(1)) + 1 if static else 1
    query = dict(params, templet=params.get("templet", "docs.jsp"), prepage=str(per), page=str(first))
    return [Api(urljoin(url, path) + "?" + urlencode(query))]


@register
class HaiyunReader(Reader):
    name = "haiyun"

    def follow(self, page: Page) -> Found:
        return Found(apis=plan(page.text, page.url, page.scripts) or [])

    def needs_scripts(self, page: Page) -> bool:
        return plan(page.text, page.url, page.scripts) is None
