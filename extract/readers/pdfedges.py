"""Running page headers and footers of a PDF: lines that repeat near the same edge of the
page (the agency, 「政务公开」, the title, 「第3页 共6页」), left out of the text and tables."""
from __future__ import annotations

import re

EDGE = 42.0  # points: a line this close to the top or bottom edge of the page is a header/footer when it repeats
BAND = 0.1  # a line repeated at the same place on most pages, within this share of the height from an edge
DIGITS = re.compile(r"[\d０-９]+")


def line_key(frags) -> str:
    """A line's text for comparing pages: no spaces, a number as 「#」 (page numbers, dates)."""
    return DIGITS.sub("#", re.sub(r"\s+", "", "".join(f.text for f in frags)))


def running(reads: list) -> set[tuple[int, float]]:
    """Running page headers and footers, as (page, top): a line printed again on other pages
    near the same edge (「东胜区卫生健康局 … 政务公开」, the report's title, 「第3页 共6页」).

    Either within EDGE of the top or bottom on two pages or more, or at the same place
    (±4 pt) within the outer tenth of the page on most pages (at least 3)."""
    digital = [r for r in reads if r.lines is not None]
    if len(digital) < 2:
        return set()
    where: dict[str, list[tuple[int, float, float]]] = {}
    for r in digital:
        for top, fs in r.lines:
            key = line_key(fs)
            if sum(ch.isalpha() for ch in key) >= 2:  # text, not a row of numbers
                where.setdefault(key, []).append((r.no, top, r.height))
    drop: set[tuple[int, float]] = set()
    most = max(3, (len(digital) + 1) // 2)
    for places in where.values():
        if len({p for p, _, _ in places}) < 2:
            continue
        edge = [(p, t) for p, t, h in places if t < EDGE or t > h - EDGE - 10]
        if len({p for p, _ in edge}) >= 2:
            drop.update(edge)
        for p, t, h in places:
            if (t < BAND * h or t > (1 - BAND) * h) and \
                    len({q for q, u, _ in places if abs(u - t) <= 4}) >= most:
                drop.add((p, t))
    return drop
