"""Reports as plain text exported from Word (like shared/seeds/*.txt).

Word's text export prints one cell a line, each line led by a tab, and a blank line after each
row; a cell merged across columns is printed once, a cell merged down leaves an empty cell
(a lone tab) on each row it continues into. Variant `tabs` prints one row a line instead.
"""
from __future__ import annotations

import datetime as dt

from nianbao.world.samples import Truth
from nianbao.world.samples_tables import Table, active_blocks, appeals_table, requests_table, slots


def row_cells(table: Table) -> list[list[str]]:
    """The printed cells of each row: merged across once, merged down as an empty cell."""
    out = []
    for row in slots(table):
        cells = []
        for j, (span, start) in enumerate(row):
            if start:
                cells.append(span.text)
            elif j == 0 or row[j - 1][0] is not span:  # first column of a cell from above
                cells.append("")
        out.append(cells)
    return out


def table_text(table: Table, variant: str) -> list[str]:
    lines = []
    for cells in row_cells(table):
        if variant == "tabs":
            lines.append("\t".join(cells))
        else:
            lines += ["\t" + c for c in cells] + [""]
    return lines + [""]


def render_text(t: Truth, variant: str = "standard") -> bytes:
    sec, titles = t.sections, t.section_titles
    head = t.title.split(t.agency, 1)[-1] if t.agency and t.title.startswith(t.agency) else t.title
    lines = ["", "", t.agency, head, ""] if head != t.title else ["", "", t.title, ""]
    tables = {2: [r for b in active_blocks(t) for r in b], 3: requests_table(t), 4: appeals_table(t)}
    for n in range(1, 7):
        lines.append(titles[n])
        lines += sec[n].split("\n")
        if n in tables:
            lines += table_text(tables[n], variant)
    day = dt.date.fromisoformat(t.published)
    lines += ["", "", t.agency, f"{day.year}年{day.month}月{day.day}日", " "]
    return "\n".join(lines).encode("utf-8")
