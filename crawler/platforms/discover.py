"""`auto` and directories: from a home page, the links that lead towards the 年报 columns,
and on a department directory, each department's own page (which names the agency)."""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from crawler.platforms.html import Link, is_document_url
from crawler.recognize import NAV, is_agency, is_column, norm

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
