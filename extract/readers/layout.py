"""`pdftotext -layout` text: tables whose columns are aligned with spaces.

Positions are only trusted within a header (a table continued on the next page is shifted):
a data line is its label and its numbers in order; the header's column labels are ordered by
where they stand, pieces of a label wrapped over lines joined; a group label printed down the
left (「（三）不」「予公开」) is told from the tail of a wrapped row label by where the innermost
labels (1. ① （1）) start; numbers of a row that leaves zeros blank are placed under their
columns when that is clear.
"""
from __future__ import annotations

import re

from extract.grid import Grid, grid_from_texts
from nianbao.layouts.labels import norm
from nianbao.layouts import column_named, names_group, row_named
from extract.readers.pdfgrid import is_footer

NUMBER_TOKEN = r"(?:[+\-−]?[\d０-９][\d０-９,，.．]*%?|[—–\-/－]{1,2}|无|[+\-−]?[\dOolI]{1,7}(?:\.[\dOolI]{1,4})?)"  # O, l: OCR's 0, 1
SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*\S{2,40}情况\s*$")


def is_value(text: str) -> bool:
    """A cell of text that is a number, a zero mark, or empty."""
    return not text or bool(re.fullmatch(NUMBER_TOKEN, text.replace(" ", "")))

FRAGMENT = re.compile(r"\S+")  # narrow columns stand one space apart: every word is a piece
ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[①-⑳]|[（(]\d{1,2}[)）])")  # the innermost labels: 1. ① （1）
CORNER_NOTE = re.compile(r"勾稽|本列数据|第[一二三四]项|[：:].{6,}")  # 「（本列数据的勾稽关系为：第一项加…）」
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
    # Data lines are shifted right by their long labels, so the first header (all short pieces,
    # 「自」「然」「人」 stacked in a narrow column) may stand left of every number: it is read
    # from where its own short pieces start.
    short = [f[0] for fs, nums, _ in parsed[:data[0]] if not nums for f in fs
             if len(f[2]) <= 4 and not NUMBERED_START.match(f[2])]
    head_x = min(min(short), first_number) if short else first_number
    item_x: dict[int, list[int]] = {}  # where the innermost labels (1.属于…) start, per page (a page may be shifted)
    for fs, nums, page in parsed:
        if fs and ITEM.match(fs[-1][2]) and fs[-1][0] < first_number:
            item_x.setdefault(page, []).append(fs[-1][0])
    everywhere = min((x for xs in item_x.values() for x in xs), default=0)
    rows: list[list[str]] = []
    header: list[list[tuple[int, int, str]]] = []
    pending: list[str] = []  # label lines waiting for their numbers
    group: list[str] = []  # a group label printed down the left, in pieces (「（三）不」「予公开」)
    columns, caption = Columns(), ""
    for n, (fs, nums, page) in enumerate(parsed):
        left_x = head_x if n < data[0] else first_number
        if n < data[0] and not nums:
            fs = [f for f in fs if not CORNER_NOTE.search(f[2])]  # the corner's note beside the header
        if not nums and not header and len(fs) == 1 and rows and len(rows[-1]) > 1 and not pending \
                and not NUMBERED_START.match(fs[0][2]) and ITEM.fullmatch(
                rows[-1][-1 - sum(1 for c in rows[-1][1:] if is_value(c))].strip()):
            rows[-1][-1 - sum(1 for c in rows[-1][1:] if is_value(c))] += fs[0][2]  # 「（3）」 over 「其他」
            continue
        if not nums and (is_header_line(fs, left_x) or (header and n < data[0] and all(
                len(t) <= 2 and not NUMBERED_START.match(t) for _, _, t in fs))):  # 「自」「总」: pieces
            header.append(fs)
            continue
        if header and not nums:
            continue  # the corner's text (本列数据的勾稽关系…) between header lines
        if header:
            head_rows, centres = header_labels(header, head_x if n <= data[0] else first_number)
            rows += head_rows
            columns = Columns(centres, page)
            caption = "".join(pending)  # 「（一）行政复议情况」 over a header and a row of numbers
            header, pending = [], []
        label_x = min(item_x[page]) if len(item_x.get(page, ())) >= 2 else everywhere
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
    return column_named(heads[0][2]) is not None or bool(names_group(heads[0][2]))


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


def chains(heads, n: int, used: set[int], depth: int = 3) -> list[list[int]]:
    """Pieces n, then one piece on each of the next lines (up to `depth` pieces in all), not used."""
    out, line = [], heads[n][0]
    for m, (j, _) in enumerate(heads):
        if m not in used and m != n and line < j <= line + 2:
            out.append([n, m])
            if depth > 2:
                out += [[n, *rest] for rest in chains(heads, m, used | {n}, depth - 1)]
    return out


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
    # a piece pushed sideways by other text on its line (「…之和） 自然」 over 「人」): joined with
    # a piece left over on the next lines when together they name a column not found yet
    for n, (i, (x0, x1, t)) in enumerate(heads):
        if n in used or best(t):
            continue
        for ids in chains(heads, n, used):
            key = best("".join(heads[m][1][2] for m in ids))
            if key and key.label not in found:
                found[key.label] = sum(heads[m][1][0] + heads[m][1][1] for m in ids[1:]) / 2 / (len(ids) - 1)
                used |= set(ids)
                break
    groups = names_group(context)
    order = sorted(found, key=found.get)
    return ([["", *groups]] if groups else []) + [["", *order]], [found[label] for label in order]
