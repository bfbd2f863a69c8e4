"""One grid read for one table of the layout: labels → canonical keys, never positions.

(extract/assemble.py reads every grid of a document with every table's reader.) Each grid is
read row by row. Rows without numbers that name columns
are headers: they give each column position its path of labels (a new header after data
starts a new block, as table 2 does for every 第二十条 item). Rows that name a row key are data:
each value is keyed by the row's labels and the labels above it. A grid is also read
transposed, and the reading that places more values wins. Plain-text grids have no trustworthy
column positions: their values are taken in the layout's column order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.grid import Cell, Grid
from nianbao.layouts.labels import norm
from nianbao.layouts import TableLayout, best_key, is_decoration
from extract.model import CellValue
from extract.numbers import is_number, numbers_in_line, parse_number

TOP_LEVEL = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）])")
GROUP = "<group>"  # a place in a ragged header filled by the next header row
UNKNOWN = "?"  # a place in a ragged header whose label names no column: its numbers are named, not read
MIN_VALUES = 1  # a grid must place this many values to count as (part of) a table


@dataclass
class Block:
    """The header state of a table: column label paths by position, or column keys in order."""

    paths: dict[int, list[str]] = field(default_factory=dict)
    text: str = ""
    keys: list[str] = field(default_factory=list)  # ragged grids: column keys in print order
    width: int = 0
    cache: set[int] | None = None  # value column positions, once the header is complete
    col_of: dict[int, str | None] = field(default_factory=dict)  # column position → its key


@dataclass
class Reading:
    found: dict[tuple[str, str], CellValue] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    block: Block | None = None
    used: set[str] = field(default_factory=set)  # locations of the grid's cells this reading placed
    conflicts: list[str] = field(default_factory=list)  # one key printed twice with different values
    recognised: bool = False  # a row of numbers named one of the table's rows (placed or not)
    unknown: dict[str, int] = field(default_factory=dict)  # numbers under a ragged header's unknown label

    @property
    def cells(self) -> list[CellValue]:
        return list(self.found.values())

    @property
    def score(self) -> int:
        return len(self.found)


def filled(c: Cell) -> bool:
    return c.text is None or bool(c.text.strip())


def numeric(c: Cell) -> bool:
    return c.text is None or (bool(c.text.strip()) and is_number(c.text))


EMBEDDED_NUMBER = re.compile(r"(?<=[^\d.、,（(一二三四五六七八九十])(?=\d{1,2}[.、](?!\d)|[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)")


def dedup(labels: list[str]) -> list[str]:
    """Labels left to right, each once; a cell holding two levels (「不予公开1.属于国家秘密」)
    counts as two labels."""
    out: list[str] = []
    for label in labels:
        for t in (norm(p) for p in EMBEDDED_NUMBER.split(label)) if label else ():
            if t and (not out or out[-1] != t):
                out.append(t)
    return out


class TableReader:
    def __init__(self, t: TableLayout):
        self.t = t
        self.col_order = {k: i for i, k in enumerate(t.order)}
        self.row_codes = {k.code for k in t.rows}
        self.group_patterns = [norm(p) for g in t.groups.values() for p in g.get("match", [])]
        self.col_groups = [norm(g) for g in t.col_groups]
        self.row_order = [(r, c) for r in next(iter(t.row_order.values()), []) for c in t.order
                          if c != "org_subtotal"] if t.rows_from == "any" else []

    def may_hold(self, text: str) -> bool:
        """A cheap look before reading: does the grid say any of this table's labels?"""
        return any(p in text for k in self.t.rows + self.t.cols for p in k.patterns if isinstance(p, str))

    # --- keys ------------------------------------------------------------------------------
    @staticmethod
    def first_key(keys, labels: list[str], context: str) -> str | None:
        """The key named by the innermost label that names one."""
        for label in reversed(labels):
            k = best_key(keys, label, context)
            if k:
                return k.code
        return None

    def row_key(self, labels: list[str], context: str) -> str | None:
        return self.first_key(self.t.rows, labels, context)

    def col_key(self, labels: list[str], context: str) -> str | None:
        return self.first_key(self.t.cols, labels, context)

    def header_key(self, path: list[str], context: str) -> str | None:
        """The column key of a header path, or None when its innermost label names nothing
        this table knows (「总计」 over 「其中：网上申请」 is not the 总计 column)."""
        leaf = path[-1] if path else ""
        if leaf and not best_key(self.t.cols, leaf, context) and not (
                self.t.rows_from == "any" and best_key(self.t.rows, leaf, context)):
            return None  # an unknown label, or decoration (办结率): no column of the table
        return self.col_key(path, context)

    def col_hits(self, labels: list[str], context: str) -> set[str]:
        return {k.code for k in (best_key(self.t.cols, l, context) for l in labels) if k}

    def is_header(self, row: list[Cell], labels: list[str], context: str, in_data: bool = False) -> bool:
        if any(numeric(c) and c.text is not None for c in row):
            return False  # (a header cell OCR could not read is None: the others still name columns)
        if not labels:
            return False
        if self.t.rows_from == "any":
            # below rows of numbers, a row naming one result with its cells left blank (zeros
            # not printed: 「结果纠正 | | |」) is a row of data, not a new header
            lead = next((j for j, c in enumerate(row) if not c.text), len(row))
            return not (in_data and 0 < lead <= 2 and len(row) - lead >= 2 and all(c.text == "" for c in row[lead:]))
        hits = len(self.col_hits(labels, context))
        group_only = all(any(g in l for g in self.col_groups) for l in labels)  # 「法人或其他组织」 alone
        return hits >= 2 or (hits == 1 and self.row_key(labels[-1:], context) is None) or group_only

    # --- reading ---------------------------------------------------------------------------
    def read(self, grid: Grid, carry: Block | None) -> Reading:
        if grid.rectangular:
            return self.read_rect(grid, carry)
        return self.read_ragged(grid, carry)

    def value(self, cell: Cell, r: str, c: str, out: Reading) -> None:
        out.used.add(cell.loc)
        have = out.found.get((r, c))
        if have is not None and (not filled(cell) or have.raw.strip()):
            if filled(cell) and cell.text is not None and have.value != parse_number(cell.text):
                out.conflicts.append(f"{self.t.code}.{r}.{c} printed as {have.raw!r} at {have.location} "
                                     f"and as {cell.text!r} at {cell.loc}")
            return  # the first printed value wins; an empty padding cell never replaces one
        out.found[(r, c)] = CellValue(self.t.code, r, c, parse_number(cell.text) if cell.text is not None else None,
                                      cell.text if cell.text is not None else "", cell.loc)

    def read_rect(self, grid: Grid, carry: Block | None) -> Reading:
        out = Reading()
        width = max(len(r) for r in grid.rows)
        block = carry if carry and carry.width == width else Block(width=width)
        fresh = carry is None or block is not carry
        in_data, group = False, ""
        orphans: set[int] | None = None
        for i, row in enumerate(grid.rows):
            texts = [norm(c.text) if c.text and not numeric(c) else "" for c in row]
            labels = dedup(texts)
            leaf = next((c.text for c, t in zip(reversed(row), reversed(texts)) if t), "")
            if self.is_header(row, labels, self.group(labels, group, leaf) + "|" + block.text + "|".join(labels),
                              in_data):
                if in_data or not fresh:
                    block, fresh = Block(width=width), True
                in_data = False
                for j, t in enumerate(fill_right(row, texts, block.paths)):
                    if t and block.paths.get(j, [""])[-1] != t:
                        block.paths.setdefault(j, []).append(t)
                block.text += "|".join(labels) + "|"
                block.cache = None
                block.col_of.clear()
                continue
            value_cols = self.value_cols(block, width)
            if not value_cols:  # no header: values are the numbers after the labels
                last = max((j for j, c in enumerate(row) if texts[j]), default=-1)
                value_cols = set(range(last + 1, len(row)))
            label_cols = [j for j in range(len(row)) if j not in value_cols and texts[j]]
            row_labels = dedup([texts[j] for j in label_cols])
            group = self.group(row_labels, group, row[label_cols[-1]].text if label_cols else "")
            context = group + "|" + "|".join(row_labels)
            if self.t.rows_from == "row":
                r = self.row_key(row_labels, context)
                if r is None and row_labels:
                    r = self.wrapped_row(grid, i, value_cols, row_labels, group)
                if r is None:
                    continue
                out.recognised = out.recognised or any(numeric(c) and c.text for c in row)
            in_data = True
            blank_row = not any(filled(row[j]) for j in value_cols if j < len(row))
            if blank_row:
                orphans = self.orphan_rows(grid) if orphans is None else orphans
                blank_row = bool({i - 1, i + 1} & orphans)
            for j in sorted(value_cols):
                if j >= len(row):
                    continue
                cell = row[j]
                if cell.row != i or cell.col != j or (cell.text is not None and cell.text.strip() and not numeric(cell)):
                    continue
                if blank_row:  # a blank row beside numbers with no label: a label wrapped away from its numbers
                    cell = Cell(None, cell.row, cell.col, cell.loc)
                path = block.paths.get(j, [])
                if self.t.rows_from == "row":
                    if j not in block.col_of:
                        block.col_of[j] = self.header_key(path, "|".join(path))
                    c = block.col_of[j]
                else:
                    r = (self.row_key(path, block.text) or self.row_key(row_labels, context)
                         or (not row_labels and self.row_key([norm(grid.caption)], grid.caption) or None))
                    c = self.col_key(path, block.text) or self.col_key(row_labels, context)
                if r and c:
                    self.value(cell, r, c, out)
        out.block = block
        return out

    def wrapped_row(self, grid: Grid, i: int, value_cols: set[int], labels: list[str], group: str) -> str | None:
        """A row label broken over two rows of the table, its numbers beside one piece and the
        other piece on a row of its own with no numbers (「4.无正当理由」 over 「大量反复申请」):
        the row the two pieces name together."""
        for k, first in ((i + 1, True), (i - 1, False)):
            if not 0 <= k < len(grid.rows):
                continue
            other = grid.rows[k]
            if any(filled(other[j]) for j in value_cols if j < len(other)):
                continue
            piece = next((norm(c.text) for c in reversed(other) if c.text and not numeric(c) and c.col not in value_cols), "")
            if not piece or piece in labels:
                continue
            both = labels[:-1] + [labels[-1] + piece if first else piece + labels[-1]]
            r = self.row_key(both, group + "|" + "|".join(both))
            if r is not None:
                return r
        return None

    def orphan_rows(self, grid: Grid) -> set[int]:
        """Rows of numbers whose labels name no row (「要求」 with the numbers of a label
        「3.要求提供公开出版物」 wrapped over two rows of the table)."""
        if self.t.rows_from != "row":
            return set()
        out = set()
        for i, row in enumerate(grid.rows):
            if any(numeric(c) and c.text and c.text.strip() for c in row):
                labels = dedup([norm(c.text) for c in row if c.text and not numeric(c)])
                if labels and self.row_key(labels, "|".join(labels)) is None:
                    out.add(i)
        return out

    def group(self, labels: list[str], current: str, leaf: str = "") -> str:
        """The group heading rows sit under (（三）不予公开, （六）其他处理 …): the last one seen,
        until a row numbered like a heading (（七）总计, 四、结转…) closes it."""
        if leaf and TOP_LEVEL.match(leaf):
            current = ""
        for label in labels:
            if any(p in label for p in self.group_patterns):
                current = label
        return current

    def joined(self, labels: list[str], keys, context: str) -> list[str]:
        """Pieces of a label broken over lines (「社会公益」「组织」, 「（一）予以公」「开」) joined
        while a piece names nothing and the joined text does."""
        out: list[str] = []
        for label in labels:
            other = self.t.rows if keys is self.t.cols else self.t.cols  # 「总计」 after 「行政复议」 is a column
            if out and not best_key(keys, label, context) and not best_key(other, label, context) \
                    and not is_decoration(label) and not any(g in label for g in self.col_groups):
                before, both = best_key(keys, out[-1], context), best_key(keys, out[-1] + label, context)
                if both and (before is None or (before is both and len(label) <= 3)):  # 「法律服务」「机构」
                    out[-1] += label
                    continue
            out.append(label)
        return out

    def printed_order(self, keys: list[str], labels: list[str], context: str) -> list[str]:
        """Column keys of a ragged header in the order printed: a group label (法人或其他组织)
        holds the place of the columns the next header row prints under it."""
        row = []
        for label in labels:
            k = best_key(self.t.cols, label, context)
            if self.t.rows_from == "any" and not k:
                k = best_key(self.t.rows, label, context)
            if k:
                row.append(k.code)
            elif any(g in label for g in self.col_groups):
                row.append(GROUP)
            elif row and not is_decoration(label):  # a column the format does not have: held, named
                row.append(UNKNOWN + label)
        row = [k for k in dict.fromkeys(row) if k == GROUP or k not in keys]
        if GROUP in keys:
            i = keys.index(GROUP)
            if row and GROUP not in row:
                # the group's columns: a header broken over several lines (a text export of
                # merged cells) may print more of them next, so the group keeps its place
                return keys[:i] + row + keys[i:]
            return keys[:i] + [k for k in row if k != GROUP] + keys[i + 1:]
        return keys + row

    def value_cols(self, block: Block, width: int) -> set[int]:
        """Column positions whose header names a column (or, for table 4, a row), per block."""
        if block.cache is None:
            block.cache = {j for j in range(width) if self.header_key(block.paths.get(j, []), block.text)}
            if self.t.rows_from == "any":
                block.cache |= {j for j in range(width) if self.row_key(block.paths.get(j, []), block.text)}
        return set(block.cache)

    def read_ragged(self, grid: Grid, carry: Block | None) -> Reading:
        out = Reading()
        block = carry or Block()
        fresh = carry is None
        in_data, group, carried, current = False, "", [], None
        for row in grid.rows:
            texts = [norm(c.text) if c.text and not numeric(c) else "" for c in row]
            labels = dedup(texts)
            leaf = next((c.text for c, t in zip(reversed(row), reversed(texts)) if t), "")
            if self.is_header(row, labels, self.group(labels, group, leaf) + "|" + block.text + "|".join(labels)):
                if in_data or not fresh:
                    block, fresh = Block(), True
                in_data = False
                block.text += "|".join(labels) + "|"
                block.keys = self.printed_order(block.keys, self.joined(labels, self.t.cols, block.text), block.text)
                continue
            last = max((j for j, t in enumerate(texts) if t), default=-1)
            for j in range(last + 1):  # merged label cells print once: carry them down
                if j < len(carried) and not texts[j]:
                    texts[j] = carried[j]
                elif texts[j]:
                    carried = carried[:j] + [texts[j]]
            row_labels = self.joined(dedup(texts[: last + 1]), self.t.rows, "|".join(texts[: last + 1]))
            values = row[last + 1:]
            if len(values) == 1 and values[0].text and numbers_in_line(values[0].text):
                values = [Cell(t, values[0].row, values[0].col, values[0].loc) for t in values[0].text.split()]
            group = self.group(row_labels, group, leaf)
            if not values:
                continue
            context = group + "|" + "|".join(row_labels)
            if self.t.rows_from == "any":
                if not row_labels and self.row_key([norm(grid.caption)], grid.caption):  # 「（一）行政复议情况」 above its numbers
                    row_labels, context = [norm(grid.caption)], grid.caption
                current = self.place_any(values, row_labels, context, block, out, current)
                in_data = True
                continue
            r = self.row_key(row_labels, context)
            if r is None:
                continue
            out.recognised = True
            in_data = True
            cols = [k for k in block.keys if k in self.col_order or k.startswith(UNKNOWN)]
            values = fit(values, len(cols))
            if values is None:
                out.notes.append(f"{grid.source}: row {row_labels[-1]!r} has values that do not fit its {len(cols)} columns")
                continue
            for cell, c in zip(values, cols):
                if c.startswith(UNKNOWN):
                    out.used.add(cell.loc)  # named once for the column, not row by row
                    if filled(cell):
                        out.unknown[c[len(UNKNOWN):]] = out.unknown.get(c[len(UNKNOWN):], 0) + 1
                else:
                    self.value(cell, r, c, out)
        out.block = block
        return out

    def place_any(self, values, row_labels, context, block, out, current: str | None = None) -> str | None:
        """Table 4 in text: 15 values in the national order (when the header, if any, prints its
        columns in that order), or a labelled row of five."""
        printed = [k for k in block.keys if k in self.col_order]
        national = printed == [c for c in self.t.order if c in printed]
        if len(values) == len(self.row_order) and national:
            for cell, (r, c) in zip(values, self.row_order):
                self.value(cell, r, c, out)
            return None
        rows = [k for k in block.keys if k in self.row_codes]
        cols = [c for c in self.t.order if c != "org_subtotal"]
        in_print = printed if sorted(printed) == sorted(cols) else cols if national else []
        if not row_labels and rows and in_print and len(values) == len(rows) * len(in_print):  # under its own header
            for cell, (r, c) in zip(values, [(r, c) for r in rows for c in in_print]):
                self.value(cell, r, c, out)
            return None
        r = self.row_key(row_labels, context)
        c = self.col_key(row_labels, context)
        head_cols = [k for k in block.keys if k in self.col_order]
        shown = [v for v in values if v.text]
        if c and len(shown) == 1 and len(values) > 1 and all(v.text == "" for v in values if v is not shown[0]):
            values = shown  # 「行政复议 | 结果维持 | | 2」: an empty padding cell before the one number
        if c and not r and current and len(values) == 1 and not rows:
            r = current  # 「结果纠正 0」 under 「行政复议 结果维持 0」: the row named above goes on
        if r and c and len(values) == 1:
            self.value(values[0], r, c, out)
        elif r and head_cols and len(values) == len(head_cols):  # a labelled row under its header's columns
            for cell, col in zip(values, head_cols):
                self.value(cell, r, col, out)
        elif c and not r and rows and len(values) == len(rows):  # transposed: results as rows
            for cell, row in zip(values, rows):
                self.value(cell, row, c, out)
        elif r and not head_cols and len(values) == len(cols):  # no header: the national order
            for cell, col in zip(values, cols):
                self.value(cell, r, col, out)
        return r or current


def numbers_in(grid: Grid) -> int:
    return sum(1 for i, row in enumerate(grid.rows) for j, c in enumerate(row)
               if c.row == i and c.col == j and c.text and numeric(c))


def fill_right(row: list[Cell], texts: list[str], paths: dict[int, list[str]]) -> list[str]:
    """Header labels printed once over empty padding cells (no colspan) cover the cells to
    their right that sit under the same parent label."""
    out = list(texts)
    for j in range(1, len(out)):
        if (not out[j] and out[j - 1] and row[j].col == j and row[j].text is not None  # unread is not empty
                and paths.get(j, []) == paths.get(j - 1, [])):
            out[j] = out[j - 1]
    return out


def fit(values: list[Cell], n: int) -> list[Cell] | None:
    """Values of a ragged row, trimmed of padding to the `n` columns it should have."""
    if n == 0:
        return None
    values = list(values)
    while len(values) > n and not filled(values[-1]):
        values.pop()
    while len(values) > n and not filled(values[0]):
        values.pop(0)
    return values if len(values) == n else None
