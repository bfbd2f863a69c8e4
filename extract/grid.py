"""The table grid every reader produces, whatever the file format.

A grid is a list of rows of slots. A merged cell is one `Cell` object placed in every slot it
covers, so labels carry down and across as they do on the page, while `Cell.row`/`Cell.col`
still say where the cell really starts (a slot whose cell starts elsewhere is a continuation
and never counts as a second value).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False, slots=True)
class Cell:
    text: str | None  # None: the cell is there but could not be read (e.g. OCR without confidence)
    row: int = 0  # where the cell starts in its grid
    col: int = 0
    loc: str = ""  # where it came from, for people: "page 3 table 1 row 4 col 2"


@dataclass(eq=False)
class Grid:
    rows: list[list[Cell]]
    source: str = ""  # "html table 2", "pdf page 3 table 1", "text table 1"
    # False when column positions cannot be trusted (plain text: one cell a line, no spans):
    # values are then read in the order the layout gives, not by column position.
    rectangular: bool = True
    caption: str = ""  # the short line printed just above the table (「（一）行政复议情况」)

    def texts(self) -> list[list[str]]:
        return [[c.text or "" for c in row] for row in self.rows]

    def transposed(self) -> "Grid":
        width = max((len(r) for r in self.rows), default=0)
        cols: list[list[Cell]] = [[] for _ in range(width)]
        mapping: dict[int, Cell] = {}
        for row in self.rows:
            for j in range(width):
                c = row[j] if j < len(row) else None
                if c is None:
                    c = Cell("")
                t = mapping.get(id(c))
                if t is None:
                    t = mapping[id(c)] = Cell(c.text, c.col, c.row, c.loc)
                cols[j].append(t)
        return Grid(cols, self.source + " (transposed)", self.rectangular, self.caption)


def grid_from_texts(rows: list[list[str | None]], source: str = "", rectangular: bool = True,
                    loc_prefix: str = "") -> Grid:
    """A grid from plain rows of strings, one cell a slot (no spans)."""
    out = []
    for i, row in enumerate(rows):
        out.append([Cell(t, i, j, f"{loc_prefix}row {i + 1} col {j + 1}".strip()) for j, t in enumerate(row)])
    return Grid(out, source, rectangular)


def grid_from_spans(cells: list[list[tuple[str | None, int, int]]], source: str = "",
                    loc_prefix: str = "") -> Grid:
    """Resolve (text, rowspan, colspan) rows, as HTML and Word tables give them, into slots.

    Rows may be ragged and spans may overrun the table: the grid is made rectangular with
    empty padding cells, and a span never overwrites a slot another cell already holds.
    """
    slots: dict[tuple[int, int], Cell] = {}
    for i, row in enumerate(cells):
        j = 0
        for text, rs, cs in row:
            while (i, j) in slots:
                j += 1
            rs, cs = max(1, min(rs, 500)), max(1, min(cs, 200))
            cell = Cell(text, i, j, f"{loc_prefix}row {i + 1} col {j + 1}".strip())
            for di in range(rs):
                for dj in range(cs):
                    slots.setdefault((i + di, j + dj), cell)
            j += cs
    if not slots:
        return Grid([], source)
    height = max(i for i, _ in slots) + 1
    width = max(j for _, j in slots) + 1
    grid = []
    for i in range(height):
        grid.append([slots.get((i, j)) or Cell("", i, j, f"{loc_prefix}row {i + 1} col {j + 1}".strip())
                     for j in range(width)])
    return Grid(grid, source)


def caption_of(lines: list[str]) -> str:
    """The caption of a table: the last line before it, when short enough to be one."""
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return last if len(last) <= 40 and not last.endswith(("。", "；")) else ""


@dataclass
class Document:
    """What a reader gives: the text in reading order and the tables as grids."""

    text: str
    grids: list[Grid] = field(default_factory=list)
    format: str = ""  # html, text, docx, doc, wps, pdf, image
    title_hint: str = ""  # headings outside the body, <title>, PDF metadata: one a line, best first
    notes: list[str] = field(default_factory=list)  # what a person should know (OCR used, pages skipped)
    page_text: str = ""  # text around the body (an article page's info line: 发布时间 …)
    doubts: list[str] = field(default_factory=list)  # what the reader had to infer: the report is not `ok`
