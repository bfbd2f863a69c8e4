"""TRS WCM lists: index.html, index_1.html …; the page count is only in a script call
such as createPageHTML(5, 0, "index", "html") or `var countPage = 5`, and the call may name
its arguments by variables: createPageHTML(countPage, currentPage, "index", "shtml")."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler.platforms.base import Found, Page, Reader, register

CALL = re.compile(r"\b(?:createPageHTML|\w*[Pp]age\w*)\(([^()]*)\)")  # createPageHTML(…) or a look-alike pager call
ARG = re.compile(r"""\s*(?:(\d+)|['"]([^'"]*)['"]|([\w.]+))\s*(?:,|$)""")
EXTS = ("html", "htm", "shtml", "jhtml")
COUNT = re.compile(r"\b(?:countPage|pageCount|m_nPageCount)\s*=\s*['\"]?(\d+)")
RECORDS = re.compile(r"\bm_nRecordCount\s*=\s*['\"]?(\d+)[\s\S]{0,300}?\bm_nPageSize\s*=\s*['\"]?(\d+)")
NAME = re.compile(r"/([A-Za-z]\w*?)(?:_\d+)?\.(" + "|".join(EXTS) + r")$", re.I)
# An article's own name (t20171117_5577604, art_12_345): its pages are t20171117_5577604_1.html …,
# so the number after the date is part of the name, never a page number.
ARTICLE = re.compile(r"/(t\d{8}_\d+|art_\d+_\d+)(?:_\d{1,3})?\.(" + "|".join(EXTS) + r")$", re.I)
MAX_PAGES = 200


def pages(text: str, url: str) -> list[str]:
    """Every page of the list `url` belongs to, from the script call."""
    call = _call(text)
    if call:
        n, prefix, ext = call
    else:
        n = _count(text)
        if n is None:
            return []
        prefix, ext = _own_name(url)
    if n < 1:
        return []
    names = [f"{prefix}.{ext}"] + [f"{prefix}_{i}.{ext}" for i in range(1, min(n, MAX_PAGES))]
    out = [urljoin(url, name) for name in names]
    if urlsplit(url).path.endswith("/"):  # the list reached as its folder: that is its first page
        out[0] = url
    return out


def is_article(url: str) -> bool:
    return bool(ARTICLE.search(urlsplit(url).path))


def _own_name(url: str) -> tuple[str, str]:
    """The list's file name and extension from its own URL (index_2.shtml → index, shtml)."""
    path = urlsplit(url).path
    m = ARTICLE.search(path) or NAME.search(path)
    return (m.group(1), m.group(2).lower()) if m else ("index", "html")


def _count(text: str) -> int | None:
    """The page count of a list without the call: `var countPage = 5`, or records over page size."""
    c, r = COUNT.search(text), RECORDS.search(text)
    if c:
        return int(c.group(1))
    if r and int(r.group(2)):
        return -(-int(r.group(1)) // int(r.group(2)))
    return None


def _var(text: str, name: str) -> str | None:
    m = re.search(rf"\b{re.escape(name)}\s*=\s*(?:['\"]([^'\"]*)['\"]|(\d+))", text)
    return (m.group(1) if m.group(1) is not None else m.group(2)) if m else None


def _call(text: str) -> tuple[int, str, str] | None:
    """(pages, prefix, ext) from createPageHTML(5, 0, "index", "html") or the newer
    createPageHTML('page_div', 5, 1, 'index', 'html', 68): the first number is the page count,
    the name is the string before the extension; a variable argument is read from its `var`."""
    for m in CALL.finditer(text):
        values = [a[0] or (a[1] if not a[2] else _var(text, a[2])) for a in ARG.findall(m.group(1))]
        # the count: the first number, or the first argument whose variable is not found
        slot = next((v for v in values if v is None or v.isdigit()), "")
        count = int(slot) if slot else _count(text) if slot is None else None
        strs = [v for v in values if v is not None and not v.isdigit()]
        for i, s in enumerate(strs[1:], 1):
            if count and s.lower() in EXTS:
                return count, strs[i - 1], s
    return None


@register
class TrsReader(Reader):
    """TRS WCM: list pages index_N.html; an article's pages t…_N.html; the breadcrumb
    `td.pos` with `a.CurrChnlCls` links (the column page's <title> is often only the site's)."""
    name = "trs"

    def follow(self, page: Page) -> Found:
        return Found() if is_article(page.url) else Found(pages=pages(page.text, page.url))

    def parts(self, page: Page) -> list[str]:
        return pages(page.text, page.url) if is_article(page.url) else []

    def column_names(self, page: Page) -> list[str]:
        steps = page.sel.css("a.CurrChnlCls::text, a.CurrChnlCls::attr(title)").getall()
        crumb = page.sel.xpath("//td[@class='pos' or @class='position' or contains(@class, 'dqwz')]")
        if crumb and not steps:
            steps = [t for t in crumb[0].css("::text").getall() if t.strip()]
        return [s.strip() for s in steps[-1:]]
