"""`auto` and directories: from a home page, the links that lead towards the 年报 columns,
and on a department directory, each department's own page (which names the agency)."""
from __future__ import annotations

from crawler.platforms.html import Link, is_document_url
from crawler.recognize import is_agency, is_column

MIN_DEPARTMENTS = 2


def columns(found: list[Link]) -> list[Link]:
    return [l for l in found if is_column(l.text or l.title) and not is_document_url(l.url)]


def departments(found: list[Link]) -> list[Link]:
    """Agency links, when a page lists several of them (a directory, not a page footer)."""
    hits = [l for l in found if is_agency(l.text) and not is_document_url(l.url)]
    return hits if len(hits) >= MIN_DEPARTMENTS else []
