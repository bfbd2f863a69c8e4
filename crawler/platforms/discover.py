"""`auto` and directories: from a home page, the links that lead towards the 年报 columns,
and on a department directory, each department's own page (which names the agency)."""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

import re
from urllib.parse import urljoin

from crawler.platforms.html import Link, is_document_url
from crawler.recognize import NAV, is_agency, is_column, is_column_name, is_report_column, norm

MIN_DEPARTMENTS = 2
MIN_GRID = 3  # sibling links that make a directory grid (发改, 教育, 司法 …)


def columns(found: list[Link]) -> list[Link]:
    return [l for l in found if is_column(l.text or l.title) and not is_document_url(l.url)]


def departments(found: list[Link]) -> list[Link]:
    """Agency links, when a page lists several of them (a directory, not a page footer)."""
    hits = [l for l in found if is_agency(l.text) and not is_document_url(l.url)]
    return hits if len(hits) >= MIN_DEPARTMENTS else []


def grid(found: list[Link], page_url: str) -> list[Link]:
    """On a directory page whose departments go by short names or icons: the largest group of
    sibling links (one list, table or block) to other pages of the site."""
    groups: dict[str, dict[str, Link]] = defaultdict(dict)
    here = urlsplit(page_url).path
    for l in found:
        path = urlsplit(l.url).path
        text = norm(l.text or l.title)
        if not l.box or not text or NAV.search(text) or is_document_url(l.url) or path in ("", "/", here):
            continue
        groups[l.box].setdefault(l.url, l)
    best = max(groups.values(), key=len, default={})
    return list(best.values()) if len(best) >= MIN_GRID else []


MORE = re.compile(r"^(查看)?(更多|more|全部)(信息|内容|>+|»|\+|\.{3}|…)*$|^(>>|»|>>>|\+)$", re.I)
HEADING = ("self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::strong or self::b or self::span or "
           "self::em or self::dt or self::th or contains(@class, 'tit') or contains(@class, 'hd') or "
           "contains(@class, 'name') or contains(@class, 'head')")


def _heading(node, link) -> str:
    """The heading of the block `node` (its title element, else its first text outside links)."""
    for el in node.xpath(f".//*[{HEADING}][not(ancestor-or-self::a)]"):
        text = norm(" ".join(el.xpath(".//text()").getall()))
        if text and not MORE.match(text):
            return text
    for t in node.xpath(".//text()[not(ancestor::a)][not(ancestor::script)]").getall():
        t = norm(t)
        if t and not MORE.match(t):
            return t
    return ""


def more_links(sel, base: str) -> list[tuple[str, str, str]]:
    """(url, "column" | "department", heading) of the 「更多」/「more」/「>>」 links of blocks whose
    heading names the 年报 column or a department (a department page's 年报 block, a directory's
    block per department)."""
    out = []
    for a in sel.css("a[href]"):
        href = (a.attrib.get("href") or "").strip()
        text = norm(" ".join(a.css("::text").getall()) or a.attrib.get("title", "") or a.css("img::attr(alt)").get(""))
        if not href or href.startswith(("javascript:", "#", "mailto:")) or not MORE.match(text):
            continue
        node = a.xpath("..")
        for _ in range(4):  # up to the block holding the heading
            if not node:
                break
            heading = _heading(node[0], a)
            if heading:
                break
            node = node.xpath("..")
        else:
            heading = ""
        if not heading or len(heading) > 30:
            continue
        url = urljoin(base, href)
        if is_column_name(heading) or is_report_column(heading):
            out.append((url, "column", heading))
        elif is_agency(heading):
            out.append((url, "department", heading))
    return out
