"""Plain text in the shapes reports reach us as text:

- Word's "plain text" export: one cell a line (tab-led or not), rows split by blank lines; or
  one row a line with cells split by tabs. Column positions cannot be trusted: ragged grids.
- Markdown pipe tables, as PDF-to-Markdown converters and OCR tools write them: rectangular
  grids (merged cells come out as empty cells). A table whose rows carry no label takes the
  heading printed just above it (「### 行政复议」 over a row of five numbers).
- `pdftotext -layout` output: columns aligned with spaces. Each line becomes words at their
  character positions and goes through the same reading as a PDF's unruled tables.
- Rows printed as a label followed by its numbers on one line (copied from a web page or an
  OCR tool): ragged grids.
"""
from __future__ import annotations

import re

from extract.grid import Document, Grid, caption_of, grid_from_texts
from extract.labels import norm
from extract.readers.html import decode
from extract.readers.pdfgrid import is_footer

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]\s*")
PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
HEADING = re.compile(r"^\s*#{1,6}\s*")
EMPHASIS = re.compile(r"\*\*|__|<br\s*/?>", re.I)
NUMBER_TOKEN = r"(?:[+\-−]?[\d０-９][\d０-９,，.．]*%?|[—–\-/－]{1,2}|无)"
# 「一、本年新收…   3   0   12」 (two or more spaces between columns: pdftotext -layout)
ALIGNED_ROW = re.compile(r"^\s*\S.*?\S? {2,}" + NUMBER_TOKEN + r"(?: {2,}" + NUMBER_TOKEN + r")+\s*$")
# 「一、本年新收… 3 0 12 0 0 0 15」 (a label, then three or more numbers split by spaces)
SPACED_ROW = re.compile(r"^(?P<label>\S.*?[^\d\s.,，．+\-−])\s+(?P<nums>" + NUMBER_TOKEN + r"(?:\s+" + NUMBER_TOKEN + r")*)\s*$")
SERIAL = re.compile(r"^\d{1,3}\s+(?=\D)")  # 「1 规章 0 5 11」 under a 序号 column
SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*\S{2,40}情况\s*$")
CHAR_WIDTH, LINE_HEIGHT, FONT = 10.5, 21.0, 10.5  # points of a character cell of layout text, as a 五号 font prints it


def read(data: bytes, name: str = "") -> Document:
    text = BOOKMARK.sub("", decode(data)).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    grids: list[Grid] = []
    if sum(1 for line in lines if PIPE_ROW.match(line)) >= 2:  # and rows left outside the pipes
        grids = pipe_grids(lines) + spaced_grids([line for line in lines if not PIPE_ROW.match(line)])
    elif sum(1 for line in lines if "\t" in line) >= 3:
        grids = tab_grids(lines)
    elif sum(1 for line in lines if ALIGNED_ROW.match(line)) >= 3:
        grids = layout_grids(text)
    elif sum(1 for line in lines if line.strip() and " " not in line.strip() and is_value(line.strip())) >= 10:
        grids = tab_grids([cell_line(line) for line in lines])  # one cell a line, without Word's tabs
    if not grids:
        grids = spaced_grids(lines)
    body = "\n".join(" ".join(EMPHASIS.sub(" ", line.replace("\x0c", "")).replace("\t", " \t ").split())
                     for line in lines if line.strip() and not PIPE_RULE.match(line))
    return Document(text=body, grids=[g for g in grids if g.rows], format="text")


# --- Word's plain-text export ------------------------------------------------------------------
def cell_line(line: str) -> str:
    """A line of a one-cell-a-line export that lost its tabs, given one back when it can be a
    cell (a number, or a short label); prose stays prose."""
    t = line.strip()
    return "\t" + t if t and (is_value(t) or (len(t) <= 60 and not t.endswith(("。", "；")) and not SECTION.match(t))) else line


def tab_grids(lines: list[str]) -> list[Grid]:
    grids, block, before = [], [], []
    lines = joined_wraps([line.replace("\x0c", "") for line in lines])
    for line in lines + [""]:
        if "\t" in line or (block and not line.strip()):
            block.append(line)
            continue
        if block:
            grid = block_grid(block, len(grids) + 1)
            grid.caption = caption_of(before[-2:])
            grids.append(grid)
            block, before = [], []
        before.append(line)
    return grids


def joined_wraps(lines: list[str]) -> list[str]:
    """A label broken by a hard line break inside its cell (「社会公益\n组织」): the line
    without a tab right after a cell is the rest of that cell."""
    out: list[str] = []
    for line in lines:
        t = line.strip()
        cell = out[-1].lstrip(" \t") if out else ""
        if (out and out[-1].lstrip(" ").startswith("\t") and cell and "\t" not in cell and "\t" not in line
                and t and len(t) <= 30 and not is_value(t) and not is_value(cell) and not SECTION.match(t)
                and not re.match(r"^\s*[一二三四五六七八九十]+\s*、", t)):
            out[-1] += t
        else:
            out.append(line)
    return out


def block_grid(block: list[str], k: int) -> Grid:
    content = [line for line in block if line.strip("\t ").strip()]
    one_cell_a_line = sum(1 for line in content if "\t" not in line.lstrip(" ").lstrip("\t")) >= len(content) * 0.6
    rows: list[list[str]] = []
    if one_cell_a_line:
        row: list[str] = []
        for line in block:
            cell = line.strip().replace("\u3000", " ")
            if not line.strip(" "):
                if row:
                    rows.append(row)
                row = []
            elif cell and not is_value(cell) and row and is_value(row[-1]) and any(row):
                rows.append(row)  # rows not split by blank lines: a label after values starts one
                row = [cell]
            else:
                row.append(cell)
        if row:
            rows.append(row)
    else:
        for line in block:
            if line.strip():
                cells = line.split("\t")
                rows.append([c.strip() for c in (cells[1:] if cells and not cells[0].strip() and line.startswith("\t") else cells)])
    rows = [r for r in rows if any(c.strip() for c in r)]
    return grid_from_texts(rows, source=f"text table {k}", rectangular=False, loc_prefix=f"table {k} ")


# --- Markdown pipe tables ----------------------------------------------------------------------
def pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [EMPHASIS.sub(" ", c).replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", inner)]


def pipe_grids(lines: list[str]) -> list[Grid]:
    """Each run of pipe rows is a rectangular grid; a table whose data rows have no label
    gets the heading or short line just above it as their label."""
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        if not PIPE_ROW.match(lines[i]):
            i += 1
            continue
        start = i
        rows = []
        while i < len(lines) and (PIPE_ROW.match(lines[i]) or PIPE_RULE.match(lines[i])):
            if not PIPE_RULE.match(lines[i]):
                rows.append(pipe_cells(lines[i]))
            i += 1
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        heading = heading_above(lines, start)
        if heading and all(is_value(r[0]) for r in rows[1:]) and not any(is_value(c) for c in rows[0]):
            rows = [[""] + rows[0]] + [[heading] + r for r in rows[1:]]
        k = len(grids) + 1
        grids.append(grid_from_texts(rows, source=f"markdown table {k}", loc_prefix=f"table {k} "))
    return grids


def heading_above(lines: list[str], start: int) -> str:
    for line in reversed(lines[max(0, start - 3):start]):
        if not line.strip():
            continue
        t = HEADING.sub("", EMPHASIS.sub("", line)).strip()
        return t if len(t) <= 40 and not t.endswith(("。", "；", ";")) else ""
    return ""


def is_value(text: str) -> bool:
    return not text or bool(re.fullmatch(NUMBER_TOKEN, text.replace(" ", "")))


# --- pdftotext -layout -------------------------------------------------------------------------
FRAGMENT = re.compile(r"\S+")  # narrow columns stand one space apart: every word is a piece
ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[①-⑳]|[（(]\d{1,2}[)）])")  # the innermost labels: 1. ① （1）
NUMBERED_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}\s*[.、．])")


def fragments(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in FRAGMENT.finditer(line)]


def layout_grids(text: str) -> list[Grid]:
    """Aligned columns. Positions are only trusted within a header (a table continued on the
    next page is shifted): a data line is its label and its numbers in order, the header's
    column labels are ordered by where they stand, wrapped pieces joined top to bottom."""
    grids: list[Grid] = []
    section: list[tuple[int, str]] = []  # (page, line)
    lines = [(page, line) for page, text in enumerate(text.split("\x0c")) for line in text.split("\n")]
    for page, line in lines + [(-1, "一、end情况")]:
        if SECTION.match(line):
            if section:
                grid = aligned_grid(section, len(grids) + 1)
                if grid is not None:
                    grids.append(grid)
            section = []
        elif line.strip():
            section.append((page, line))
    return grids


def aligned_grid(lines: list[tuple[int, str]], k: int) -> Grid | None:
    parsed = []  # (label fragments, number fragments, page) of each line
    page_of_footer = 0  # pdftotext without form feeds: a page number line ends a page
    for page, line in lines:
        fs = fragments(line)
        if len(fs) == 1 and is_footer(fs[0][2]):
            page_of_footer += 1
            continue
        n = len(fs)
        while n and fs[n - 1][2] and is_value(fs[n - 1][2]):
            n -= 1
        parsed.append((fs[:n], fs[n:], page + page_of_footer))
    data = [i for i, (_, nums, _) in enumerate(parsed) if nums]
    if len(data) < 2:
        return None
    first_number = min(nums[0][0] for _, nums, _ in parsed if nums)
    item_x = [fs[-1][0] for fs, nums, _ in parsed if fs and ITEM.match(fs[-1][2]) and fs[-1][0] < first_number]
    label_x = min(item_x) if item_x else 0  # where the innermost labels (1.属于…) start
    rows: list[list[str]] = []
    header: list[list[tuple[int, int, str]]] = []
    pending: list[str] = []  # label lines waiting for their numbers
    group: list[str] = []  # a group label printed down the left, in pieces (「（三）不」「予公开」)
    columns, caption = Columns(), ""
    for fs, nums, page in parsed:
        if not nums and is_header_line(fs, first_number):
            header.append(fs)
            continue
        if header and not nums:
            continue  # the corner's text (本列数据的勾稽关系…) between header lines
        if header:
            head_rows, centres = header_labels(header, first_number)
            rows += head_rows
            columns = Columns(centres, page)
            caption = "".join(pending)  # 「（一）行政复议情况」 over a header and a row of numbers
            header, pending = [], []
        left = [t for x0, x1, t in fs if x1 <= label_x + 1]  # the group column
        own = "".join(t for x0, x1, t in fs if x1 > label_x + 1)
        if nums and left and not own and not pending:
            own = left.pop()  # 「一、本年新收…」: a row label printed from the left edge
        for piece in left:
            group = [piece] if re.match(r"^[（(]?[一二三四五六七八九十]+[)）、]", piece) else group + [piece]
        if not nums:
            if own and rows and len(rows[-1]) > 1 and not pending and is_tail(rows[-1], own):
                rows[-1][-1 - sum(1 for c in rows[-1][1:] if is_value(c))] += own  # wrapped below its numbers
            elif own:
                pending.append(own)
            continue
        label = "".join(pending) + own or caption
        if re.match(r"^[一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十]+[)）]", label):
            group = []  # 「（七）总计」, 「四、结转…」: a row of its own level closes the group
        values = columns.place(nums, page)
        rows.append(["".join(group), label, *values] if group else [label, *values])
        pending = []
    if not rows:
        return None
    return grid_from_texts(rows, source=f"layout table {k}", rectangular=False, loc_prefix=f"layout {k} ")


class Columns:
    """Where a header's columns stand, to place the numbers of a row that leaves some blank
    (zeros not printed). A row that prints every column gives its numbers in order; the
    rows of a page that print every column tell where each column's numbers stand on that
    page (a page may be shifted), else the header's centres, on the header's page only.
    A number not clearly under one column leaves the row as printed (it will not fit: unread)."""

    def __init__(self, centres: list[float] | None = None, page: int = -1):
        self.centres, self.page = centres or [], page
        self.seen: dict[int, list[list[float]]] = {}  # page → centres of rows printing every column

    def place(self, nums: list[tuple[int, int, str]], page: int) -> list[str]:
        texts = [t for _, _, t in nums]
        n = len(self.centres)
        if not n or len(nums) == n:
            if n and len(nums) == n:
                self.seen.setdefault(page, []).append([(a + b) / 2 for a, b, _ in nums])
            return texts
        if len(nums) > n:
            return texts
        full = self.seen.get(page)
        if full:
            ref = [sorted(r[j] for r in full)[len(full) // 2] for j in range(n)]
        elif page == self.page:
            ref = self.centres
        else:
            return texts
        gap = min((b - a for a, b in zip(ref, ref[1:])), default=99)
        out = [""] * n
        last = -1
        for a, b, t in nums:
            j = min(range(n), key=lambda j: abs(ref[j] - (a + b) / 2))
            if j <= last or abs(ref[j] - (a + b) / 2) > gap / 2.5:
                return texts
            out[j], last = t, j
        return out


def is_header_line(fs: list[tuple[int, int, str]], first_number: int) -> bool:
    """Column labels: two or more fragments right of the row labels, or one that names a
    column or a group of columns (法人或其他组织)."""
    heads = [f for f in fs if f[1] > first_number - 2]
    if len(heads) >= 2:
        return True
    if not heads or NUMBERED_START.match(heads[0][2]):  # 「（一）行政复议情况」 is a caption
        return False
    return (column_named(heads[0][2]) is not None or any(
        norm(g) in norm(heads[0][2]) for t in tables() for g in t.col_groups))


def tables():
    from extract.layouts import layouts

    return layouts().values()


def column_named(text: str, context: str = ""):
    """The key a column label names: a column, or a row of a table that prints its rows as
    columns too (table 4: 行政复议 | 未经复议直接起诉 | 复议后起诉)."""
    from extract.layouts import best_key

    return next((k for t in tables() for keys in ([t.cols, t.rows] if t.rows_from == "any" else [t.cols])
                 if (k := best_key(keys, norm(text), context))), None)


def row_named(text: str):
    from extract.layouts import best_key

    return next((k.code for t in tables() if (k := best_key(t.rows, norm(text)))), None)


def is_tail(row: list[str], text: str) -> bool:
    """A label line under a row's numbers ends that row's label: it is not numbered, and it
    names no other row (「出具已获取信息」 ends 「5.要求行政机关确认或重新」)."""
    label = row[-1 - sum(1 for c in row[1:] if is_value(c))]
    if NUMBERED_START.match(text):
        return False
    alone, above, joined = row_named(text), row_named(label), row_named(label + text)
    if above is not None:  # 「规章」 stays 「规章」: a line that would change what it names is not its end
        return joined == above and alone in (None, above)
    return alone is None or joined == alone


def header_labels(header: list[list[tuple[int, int, str]]], first_number: int) -> tuple[list[list[str]], list[float]]:
    """The column labels of a header block in the order they stand, a label wrapped over
    lines joined top to bottom (「商业企」「业」 → 「商业企业」): each piece takes the nearest
    piece of the next line below it until the joined text names a column. A group label
    (法人或其他组织) printed above comes first, as its own header row. Also the columns' centres."""


    heads = [(i, f) for i, fs in enumerate(header) for f in fs if f[1] > first_number - 2]
    context = norm("".join(t for _, (_, _, t) in heads))

    def best(text: str):
        return column_named(text, context)

    found: dict[str, float] = {}
    used: set[int] = set()
    for n, (i, (x0, x1, t)) in enumerate(heads):
        if n in used:
            continue
        text, ids, line, (a, b) = t, [n], i, (x0, x1)
        while not best(text) and len(ids) < 4 and len(norm(text)) < 8:  # pieces of a narrow column
            below = [(j, abs((y0 + y1) / 2 - (a + b) / 2), m) for m, (j, (y0, y1, u)) in enumerate(heads)
                     if line < j <= line + 2 and m not in used and y0 < b + 2 and y1 > a - 2 and not best(u)]
            if not below:
                break
            m = min(below)[2]
            line, (a, b) = heads[m][0], heads[m][1][:2]
            text, ids = text + heads[m][1][2], ids + [m]
        key = best(text)
        if key and key.label not in found:
            found[key.label] = (x0 + x1) / 2
            used |= set(ids)
    groups = [g for t in tables() for g in t.col_groups if norm(g) in context]
    order = sorted(found, key=found.get)
    return ([["", *groups]] if groups else []) + [["", *order]], [found[label] for label in order]


# --- one row a line, split by single spaces ------------------------------------------------------
def spaced_grids(lines: list[str]) -> list[Grid]:
    """Runs of 「label n n n …」 lines, with the label-only lines between them (headers,
    group headings), as ragged grids."""
    grids: list[Grid] = []
    run: list[list[str]] = []

    def flush():
        if sum(1 for r in run if len(r) >= 2 and is_value(r[-1])) >= 2:
            k = len(grids) + 1
            grids.append(grid_from_texts(run, source=f"text rows {k}", rectangular=False, loc_prefix=f"rows {k} "))
        run.clear()

    blank = 0
    for line in lines:
        t = HEADING.sub("", line.replace("\x0c", "")).strip()
        m = SPACED_ROW.match(SERIAL.sub("", t) if any(r[:1] == ["序号"] for r in run) else t)
        if m and (run or len(m.group("nums").split()) >= 3):  # a run starts with a row of three numbers
            run.append([m.group("label"), *m.group("nums").split()])
        elif run and t and len(t) <= 60 and not t.endswith("。"):
            run.append(t.split())
        elif t and len(t) <= 60 and not t.endswith("。"):
            run.append(t.split())  # a header before the first row
            run[:] = run[-6:]
        elif not t and blank < 1:
            blank += 1
            continue
        else:
            flush()
        blank = 0
    flush()
    return grids
