"""Plain text, as Word exports it: one cell a line (tab-led), rows split by blank lines; or one
row a line with cells split by tabs. Column positions cannot be trusted, so grids are ragged."""
from __future__ import annotations

import re

from extract.grid import Document, Grid, grid_from_texts
from extract.readers.html import decode

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]\s*")


def read(data: bytes, name: str = "") -> Document:
    text = BOOKMARK.sub("", decode(data)).replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    lines = text.split("\n")
    grids, prose, block = [], [], []
    for line in lines + [""]:
        is_cell = "\t" in line
        if is_cell or (block and not line.strip()):
            block.append(line)
            continue
        if block:
            grids.append(block_grid(block, len(grids) + 1))
            block = []
        prose.append(line)
    body = "\n".join(" ".join(line.replace("\t", " \t ").split()) for line in lines if line.strip())
    return Document(text=body, grids=[g for g in grids if g.rows], format="text")


def block_grid(block: list[str], k: int) -> Grid:
    content = [line for line in block if line.strip("\t ").strip()]
    one_cell_a_line = sum(1 for line in content if "\t" not in line.lstrip(" ").lstrip("\t")) >= len(content) * 0.6
    rows: list[list[str]] = []
    if one_cell_a_line:
        row: list[str] = []
        for line in block:
            if not line.strip(" "):
                if row:
                    rows.append(row)
                row = []
            else:
                row.append(line.strip().replace("\u3000", " "))
        if row:
            rows.append(row)
    else:
        for line in block:
            if line.strip():
                cells = line.split("\t")
                rows.append([c.strip() for c in (cells[1:] if cells and not cells[0].strip() and line.startswith("\t") else cells)])
    rows = trim_empty_rows(rows)
    return grid_from_texts(rows, source=f"text table {k}", rectangular=False, loc_prefix=f"table {k} ")


def trim_empty_rows(rows):
    return [r for r in rows if any(c.strip() for c in r)]
