"""Turn table cells found on PDF pages (boxes with text) into grids.

A table is found page by page; a table that runs over a page break comes as several parts,
joined here into one grid: repeated header rows are dropped, and a merged label cell broken
by the page break (「（四）无」 + 「法提供」) is joined again. Merged cells are resolved from the
cell boxes themselves (pdfplumber gives None for covered slots), by clustering the box edges
into column and row lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.grid import Cell, Grid
from nianbao.layouts.labels import flat
from extract.readers import lexicon

EDGE_TOL = 3.0  # points: box edges closer than this are the same ruling
NUMBERING = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")
FOOTER = re.compile(r"^[\s\-—–－_·•]*(第?\s*\d{1,4}\s*页?(\s*/\s*共?\s*\d+\s*页?)?)[\s\-—–－_·•]*$")


@dataclass
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str | None
    page: int  # 1-based


@dataclass
class Part:
    """One table as found on one page."""

    page: int
    bbox: tuple[float, float, float, float]
    boxes: list[Box]
    tol: float = EDGE_TOL  # box edges closer than this are one ruling (pixels for scans)
    clear_above: bool = False  # nothing but a page header between the page top and the table
    clear_below: bool = False  # nothing but a page footer between the table and the page bottom
    first_on_page: bool = False
    last_on_page: bool = False


@dataclass
class _Slot:
    """A box placed on row/column lines (indices into the part's own row lines)."""

    row0: int
    row1: int  # exclusive
    x0: float
    x1: float
    text: str | None
    page: int


def clean(text: str | None) -> str | None:
    """Cell text as printed: line breaks inside CJK words joined, other breaks made spaces."""
    if text is None:
        return None
    text = re.sub(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])|(?<=\d)\n(?=[\d.,])", "", text.strip())
    return re.sub(r"\s*\n\s*", " ", text)


def is_footer(text: str) -> bool:
    """A page number line such as 「-3-」, 「— 3 —」, 「第3页」, 「3/6」."""
    return bool(FOOTER.match(text.strip()))


def part_from_table(table, page_no: int, cut: bool = False) -> Part | None:
    """A Part from a pdfplumber Table; None for one-column frames (boxed paragraphs), unless
    the frame is `cut` by the page break (the one wide header cell of a table that goes on)."""
    texts = table.extract()
    boxes = []
    for row, row_texts in zip(table.rows, texts):
        for bbox, text in zip(row.cells, row_texts):
            if bbox is not None:
                boxes.append(Box(*bbox, clean(text), page_no))
    if not boxes:
        return None
    xs = _cluster([b.x0 for b in boxes] + [b.x1 for b in boxes])
    if len(xs) < 3 and not cut:  # a single column: a framed paragraph, not a table
        return None
    return Part(page_no, tuple(table.bbox), boxes)


def _cluster(values: list[float], tol: float = EDGE_TOL) -> list[float]:
    """Distinct ruling positions: values within `tol` of the previous are one line."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(lines: list[float], v: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - v))


def _slots(part: Part) -> tuple[list[_Slot], int]:
    ys = _cluster([b.top for b in part.boxes] + [b.bottom for b in part.boxes], part.tol)
    out = []
    for b in part.boxes:
        r0, r1 = _index(ys, b.top), _index(ys, b.bottom)
        out.append(_Slot(r0, max(r1, r0 + 1), b.x0, b.x1, b.text, b.page))
    return out, len(ys) - 1


def continues(prev: Part, nxt: Part) -> bool:
    """Does `nxt` carry on the table `prev` across a page break?"""
    return (nxt.page == prev.page + 1 and prev.last_on_page and nxt.first_on_page
            and prev.clear_below and nxt.clear_above
            and abs(prev.bbox[0] - nxt.bbox[0]) < 8 and abs(prev.bbox[2] - nxt.bbox[2]) < 8)


def group_parts(parts: list[Part]) -> list[list[Part]]:
    """Parts in page order, grouped into tables (a group is one table across pages)."""
    groups: list[list[Part]] = []
    for p in parts:
        if groups and continues(groups[-1][-1], p):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _row_texts(slots: list[_Slot], r: int) -> list[str]:
    return [s.text or "" for s in sorted(slots, key=lambda s: s.x0) if s.row0 == r]


def grid_from_parts(parts: list[Part], number: int) -> Grid:
    """One grid from the parts of one table (one part, or several across page breaks)."""
    all_slots: list[_Slot] = []
    first_slots, first_h = _slots(parts[0])
    offset = 0
    prev_slots: list[_Slot] = []
    prev_h = 0
    for k, part in enumerate(parts):
        slots, h = (first_slots, first_h) if k == 0 else _slots(part)
        if k > 0:
            slots, h = _drop_repeated_header(first_slots, slots, h)
            _join_broken_cells(prev_slots, prev_h, slots)
        for s in slots:
            if s.row0 == -1:
                continue
            s.row0 += offset
            s.row1 += offset
            all_slots.append(s)
        prev_slots = [s for s in slots if s.row0 != -1]
        prev_h = offset + h
        offset += h
    xs = _cluster([s.x0 for s in all_slots] + [s.x1 for s in all_slots], parts[0].tol)
    pages = sorted({p.page for p in parts})
    where = f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"
    height, width = offset, len(xs) - 1
    grid: list[list[Cell | None]] = [[None] * width for _ in range(height)]
    for s in sorted(all_slots, key=lambda s: (s.row0, s.x0)):
        c0, c1 = _index(xs, s.x0), _index(xs, s.x1)
        c1 = max(c1, c0 + 1)
        cell = Cell(s.text, s.row0, c0, f"page {s.page} table {number} row {s.row0 + 1} col {c0 + 1}")
        for i in range(s.row0, min(s.row1, height)):
            for j in range(c0, min(c1, width)):
                if grid[i][j] is None:
                    grid[i][j] = cell
    rows = [[c if c is not None else Cell("", i, j, f"{where} table {number} row {i + 1} col {j + 1}")
             for j, c in enumerate(row)] for i, row in enumerate(grid)]
    return Grid(rows, f"pdf {where} table {number}")


def _drop_repeated_header(first: list[_Slot], slots: list[_Slot], h: int) -> tuple[list[_Slot], int]:
    """Drop the leading rows of a continuation that repeat the table's first rows."""
    drop = 0
    for r in range(min(4, h)):
        texts = [flat(t) for t in _row_texts(slots, r)]
        if any(texts) and texts == [flat(t) for t in _row_texts(first, r)]:
            drop = r + 1
        else:
            break
    if not drop:
        return slots, h
    kept = []
    for s in slots:
        if s.row1 <= drop:
            continue
        s.row0, s.row1 = max(s.row0 - drop, 0), s.row1 - drop
        kept.append(s)
    return kept, h - drop


def _number(text: str | None) -> bool:
    return bool(re.fullmatch(r"\s*[+\-]?[\d.,]+\s*", text or ""))


def _row_split(bottom: list[_Slot], top: list[_Slot]) -> bool:
    """Is a row of labels cut in two by the page break (「尚未」 / 「审结」, or the blank lower
    half of 「行政复议 | 行政诉讼」)? Every piece on the new page sits under one on the old, or
    inside a wider one (the sub-column labels of a cut 「行政诉讼」), and neither holds a number
    or a new numbered label."""
    if not bottom or not top:
        return False
    if any(_number(p.text) for p in bottom) or any(_number(s.text) or NUMBERING.match(s.text or "") for s in top):
        return False
    under = [s for s in top if any(abs(p.x0 - s.x0) <= EDGE_TOL and abs(p.x1 - s.x1) <= EDGE_TOL for p in bottom)]
    # the others: sub-column labels printed under a wider label of the old page (「行政诉讼」's
    # 「未经复议直接起诉」 cut, its five labels below): a row of their own, not a continuation
    inside = [s for s in top if s not in under and
              any(p.x0 - EDGE_TOL <= s.x0 and s.x1 <= p.x1 + EDGE_TOL and p.x1 - p.x0 > s.x1 - s.x0 + EDGE_TOL
                  for p in bottom)]
    return bool(under) and len(under) + len(inside) == len(top) and \
        (not inside or any((s.text or "").strip() for s in under))


def _data_row_cut(bottom: list[_Slot], top: list[_Slot]) -> bool:
    """Is a data row cut in two by the page break (Word lets a row break across pages:
    「2.其他法」 and its numbers on the old page, 「律行政法规禁止公开」 on the new)? Every piece
    on the new page sits under one on the old, the numbers stand on one side only, and the
    label piece below is no label of its own (a row printed blank is not a continuation)."""
    if not bottom or not top:
        return False
    if not all(any(abs(p.x0 - s.x0) <= EDGE_TOL and abs(p.x1 - s.x1) <= EDGE_TOL for p in bottom) for s in top):
        return False
    below = [s for s in top if _number(s.text)]
    if bool(below) == any(_number(p.text) for p in bottom):
        return False
    words = [(s.text or "").strip() for s in top if not _number(s.text) and (s.text or "").strip()]
    return bool(words) and not any(NUMBERING.match(w) or lexicon.known(w) for w in words)


def _join_broken_cells(prev: list[_Slot], prev_h: int, slots: list[_Slot]) -> None:
    """A merged label cell cut by the page break continues on the next page: join the pieces.

    The piece below must sit in the same columns, start the continuation, and not start a
    new numbered label; one of the two pieces must span several rows (a group label).
    """
    bottom = [s for s in prev if s.row1 == prev_h]
    top = [s for s in slots if s.row0 == 0]
    whole_row = _row_split(bottom, top) or _data_row_cut(bottom, top)
    for s in top:
        for p in bottom:
            if abs(p.x0 - s.x0) > EDGE_TOL or abs(p.x1 - s.x1) > EDGE_TOL:
                continue
            text = s.text or ""
            if whole_row:
                pass
            elif (p.row1 - p.row0 < 2 and s.row1 - s.row0 < 2) or NUMBERING.match(text) \
                    or re.fullmatch(r"[\d.,\s\-]+", text) or not (p.text or "").strip():
                continue
            p.text = (p.text or "") + text.strip()
            p.row1 = prev_h + s.row1  # offsets are added later to `s`; `p` already has them
            s.row0 = -1  # consumed
            break
