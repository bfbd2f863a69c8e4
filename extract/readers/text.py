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
from extract.readers.html import decode
from extract.readers.layout import NUMBER_TOKEN, SECTION, is_value, layout_grids
from nianbao.job import Job
from nianbao.layouts import column_named, layouts, row_named, table_of_rows

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]\s*")
PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
HEADING = re.compile(r"^\s*#{1,6}\s*")
EMPHASIS = re.compile(r"\*\*|__|<br\s*/?>", re.I)
# 「一、本年新收…   3   0   12」 (two or more spaces between columns: pdftotext -layout)
ALIGNED_ROW = re.compile(r"^\s*\S.*?\S? {2,}" + NUMBER_TOKEN + r"(?: {2,}" + NUMBER_TOKEN + r")+\s*$")
# 「一、本年新收… 3 0 12 0 0 0 15」 (a label, then three or more numbers split by spaces)
SPACED_ROW = re.compile(r"^(?P<label>\S.*?[^\dOolI\s.,，．+\-−])\s+(?P<nums>" + NUMBER_TOKEN + r"(?:\s+" + NUMBER_TOKEN + r")*)\s*$")
SERIAL = re.compile(r"^\d{1,3}\s+(?=\D|\d{1,2}[.、．]\D)")  # 「1 规章 0 5 11」, 「23 3.其他 …」 under a 序号 column
CHAR_WIDTH, LINE_HEIGHT, FONT = 10.5, 21.0, 10.5  # points of a character cell of layout text, as a 五号 font prints it


def read(data: bytes, job: Job) -> Document:
    text = BOOKMARK.sub("", decode(data, job.content_type)).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    grids: list[Grid] = []
    doubts: list[str] = []
    if sum(1 for line in lines if PIPE_ROW.match(line)) >= 2:  # and rows left outside the pipes
        grids = pipe_grids(lines, doubts) + spaced_grids([line for line in lines if not PIPE_ROW.match(line)])
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
    return Document(text=body, grids=[g for g in grids if g.rows], format="text", doubts=doubts)


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
        rows = merged_label_cells([part for r in rows for part in header_before_row(r)])
    else:
        # Word exports that put a tab before every cell start every line with one; elsewhere a
        # line starting with a tab starts with a blank cell (a zero printed blank, a merged label)
        prefixed = sum(1 for line in content if line.lstrip(" ").startswith("\t")) >= 0.8 * len(content)
        for line in block:
            if line.strip():
                cells = line.split("\t")
                rows.append([c.strip() for c in (cells[1:] if prefixed and not cells[0].strip() else cells)])
    rows = [r for r in rows if any(c.strip() for c in r)]
    if any(r[:1] == ["序号"] for r in rows):  # a 序号 column: its numbers count rows, they are no value
        rows = [r[1:] if r[:1] == ["序号"] or (len(r) > 1 and re.fullmatch(r"\d{1,3}", r[0]) and not is_value(r[1]))
                else r for r in rows]
    return grid_from_texts(rows, source=f"text table {k}", rectangular=False, loc_prefix=f"table {k} ")


def header_before_row(row: list[str]) -> list[list[str]]:
    """A one-cell-a-line row that begins with its table's header (「信息内容 本年制发件数 本年废止件数
    现行有效件数 规章 0 3 42」, no line left blank between rows): the header as a row of its own, the
    lines before it (第二十条第（一）项) one a row, then the row. Only for short rows (table 2's): a
    row of table 3 or 4 carries more numbers than labels before it."""
    k = next((i for i, c in enumerate(row) if is_value(c)), len(row))
    values = row[k:]
    n = len(values)
    # a wider table's header (「自然人 法人或其他组织 总计 商业企业 … 一、本年新收… 27 0 …」): the
    # column labels, then the labels of the row, which name no column
    first_row = next((i for i in range(k) if column_named(row[i]) is None and any(
        column_named(c) is not None for c in row[:i]) and row_named(row[i]) is not None), None)
    if first_row is not None and sum(column_named(c) is not None for c in row[:first_row]) >= 3:
        head = row[:first_row]
        total = next((i for i, c in enumerate(head) if getattr(column_named(c), "code", "") == "total"), len(head))
        # 「自然人 法人或其他组织 总计」 then the group's own columns: two header rows, as printed
        return [head[:total + 1], head[total + 1:], row[first_row:]] if total < len(head) - 1 else [head, row[first_row:]]
    if not 1 <= n <= 5 or k < n + 2 or not all(is_value(v) for v in values):
        return [row]
    head = row[k - n - 2:k - 1]
    return [[c] for c in row[:k - n - 2]] + [head, [row[k - 1], *values]]


def merged_label_cells(rows: list[list[str]]) -> list[list[str]]:
    """Rows split where a label follows numbers end with the empty label cells of the next row
    (a merged 「三、本年度办理结果」 or 「（三）不予公开」 above it is exported as an empty line):
    empty cells past the table's usual count of cells after the labels go to the next row."""
    def slots(r):
        last = max((i for i, c in enumerate(r) if c and not is_value(c)), default=-1)
        return len(r) - last - 1
    counts = [slots(r) for r in rows if slots(r) >= 2]
    if not counts:
        return rows
    width = max(set(counts), key=counts.count)
    out = [list(r) for r in rows]
    for i in range(len(out) - 1):
        extra = slots(out[i]) - width
        if extra > 0 and not any(out[i][-extra:]) and any(c and not is_value(c) for c in out[i + 1]):
            out[i + 1] = out[i][-extra:] + out[i + 1]
            out[i] = out[i][:-extra]
    return out


# --- Markdown pipe tables ----------------------------------------------------------------------
def pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [EMPHASIS.sub(" ", c).replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", inner)]


def pipe_grids(lines: list[str], doubts: list[str]) -> list[Grid]:
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
        if len(rows) > 1 and all(PLACEHOLDER.match(c) or not c for c in rows[0]) and \
                not any(c and is_value(c) for c in rows[1]) and any(rows[1]):
            rows = rows[1:]  # a converter's placeholder row (列1 | 列2 …) over the table's own header
        k = len(grids) + 1
        rows, doubt = national_header(rows)
        if doubt:
            doubts.append(f"markdown table {k}: {doubt}")
        grids.append(grid_from_texts(rows, source=f"markdown table {k}", loc_prefix=f"table {k} "))
    return grids


PLACEHOLDER = re.compile(r"^(?:数据|列|字段|column|col|field|unnamed:?)\s*_?\s*\d{1,2}$", re.I)


def national_header(rows: list[list[str]]) -> tuple[list[list[str]], str]:
    """A converter's placeholder header (「类别 | 数据1 | … | 数据6 | 总计」, its merged labels lost):
    when the rows are one national table's, the table has exactly its national number of columns
    and every label still printed stands where the national layout puts it, the placeholders
    take the national labels, and the reader says so (the report cannot be `ok`)."""
    head = rows[0] if rows else []
    holes = [j for j, c in enumerate(head) if PLACEHOLDER.match(c.strip())]
    if not holes:
        return rows, ""
    code = table_of_rows([r[0] for r in rows[1:]])
    if code is None:
        return rows, ""
    first = min(holes + [j for j, c in enumerate(head) if j and column_named(c)], default=len(head))
    width = len(head) - first
    order = layouts()[code].order
    national = order if width == len(order) else [c for c in order if c != "org_subtotal"]
    if width != len(national) or any(j < first for j in holes):
        return rows, ""
    labels = {k.code: k.label for k in layouts()[code].cols}
    for j in range(first, len(head)):
        key = None if j in holes else column_named(head[j])
        if j not in holes and (key is None or key.code != national[j - first]):
            return rows, ""
    named = [head[j] for j in holes]
    head = head[:first] + [head[j] if j not in holes else labels[national[j - first]] for j in range(first, len(head))]
    return [head] + rows[1:], (f"columns {', '.join(named)} have no label (a converter's placeholders): "
                               f"read as the national layout's {', '.join(labels[national[j - first]] for j in holes)}")


def heading_above(lines: list[str], start: int) -> str:
    for line in reversed(lines[max(0, start - 3):start]):
        if not line.strip():
            continue
        t = HEADING.sub("", EMPHASIS.sub("", line)).strip()
        return t if len(t) <= 40 and not t.endswith(("。", "；", ";")) else ""
    return ""


# --- one row a line, split by single spaces ------------------------------------------------------
def label_cells(label: str) -> list[str]:
    """「行政复议 结果维持」: labels of two columns printed on one line, each naming a row or a
    column of a national table, are two cells; any other label stays one."""
    pieces = label.split()
    if len(pieces) > 1 and all(row_named(p) or column_named(p) for p in pieces):
        return pieces
    return [label]


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
            run.append([*label_cells(m.group("label")), *m.group("nums").split()])
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
