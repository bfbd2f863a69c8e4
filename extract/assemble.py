"""A document's cells: every grid read by every table's reader, assembled.

The first reading of a key wins (a second printing that differs is noted); the numbers of a
report table that no key took and keys printed twice differently in one table are `doubts`
(the report is then partial, never ok with a number dropped or chosen in silence); table 4
printed as a line of 15 numbers is read from the text when no grid gave it.
"""
from __future__ import annotations

from typing import NamedTuple

from extract.grid import Cell, Document, Grid
from nianbao.layouts.labels import norm
from nianbao.layouts import best_key, is_decoration, layouts, row_named
from extract.mapping import MIN_VALUES, Block, TableReader, numbers_in, numeric
from extract.model import CellValue
from extract.numbers import numbers_in_line


class Mapped(NamedTuple):
    cells: list[CellValue]
    notes: list[str]
    doubts: list[str]  # numbers printed in a report table that no key took; keys printed twice, differently


def map_document(doc: Document) -> Mapped:
    """Every canonical cell the document's grids give, first reading wins; notes; and the
    numbers of every table read that no key took, and keys printed twice with different values
    (doubts: never dropped or chosen in silence)."""
    found: dict[str, CellValue] = {}
    notes: list[str] = []
    doubts: list[str] = []
    readers = {code: TableReader(t) for code, t in layouts().items()}
    carry: dict[str, Block] = {}
    for grid in doc.grids:
        if not grid.rows or not any(grid.rows):
            continue
        text = norm("".join(c.text or "" for row in grid.rows for c in row))
        used: set[str] = set()
        recognised = False  # a report table, though no number of it could be placed
        for code, reader in readers.items():
            if code not in carry and not reader.may_hold(text):
                continue
            best = reader.read(grid, carry.get(code))
            numbers = numbers_in(grid)
            if grid.rectangular and len(grid.rows) > 1 and best.score < numbers / 2:
                flipped = reader.read(grid.transposed(), None)
                if flipped.score > best.score and flipped.score >= numbers / 2:  # a table printed transposed
                    best = flipped  # places most of its numbers; a few placed by chance are no reading
            if best.score < MIN_VALUES:
                recognised = recognised or best.recognised
                continue
            carry[code] = best.block
            notes.extend(best.notes)
            doubts.extend(best.conflicts)
            doubts.extend(f"{grid.source}: numbers under no known label: column {label!r} ({n} number{'s' * (n > 1)})"
                          for label, n in best.unknown.items())
            used |= best.used
            for cv in best.cells:
                have = found.get(cv.key)
                if have is None:
                    found[cv.key] = cv
                elif not have.raw.strip() and cv.raw.strip():
                    found[cv.key] = cv
                elif have.value != cv.value and cv.raw.strip():
                    # a second printing (the report of a department below its county's): noted
                    notes.append(f"{cv.key}: {have.raw!r} at {have.location} kept, {cv.raw!r} at {cv.location} differs")
        if used or recognised:
            doubts += left_over(grid, used)
    for code, t in layouts().items():  # 「（六）其他处理」 printed as a heading over its three rows
        for k in t.rows:
            if k.group_of and any(key.startswith(f"{code}.{child}.") for child in k.group_of for key in found):
                for key in [key for key in found if key.startswith(f"{code}.{k.code}.")]:
                    del found[key]
    if not any(k.startswith("appeals.") for k in found):
        for cv in appeals_from_text(doc.text) or blank_appeals(doc.grids, found, readers["appeals"]):
            found[cv.key] = cv
    return Mapped(list(found.values()), notes, doubts)


def left_over(grid: Grid, used: set[str]) -> list[str]:
    """The numbers of a report table that no key took, named by their row and column labels:
    「row '其中：网上申请' (8 numbers)」, 「column '其中：网上申请' under 'requests' rows (25 numbers)」.
    Labels that layouts.yml lists as decoration (序号, subtotals of a group) carry numbers
    nobody needs."""
    rows: dict[str, int] = {}
    cols: dict[str, int] = {}
    for i, row in enumerate(grid.rows):
        spare = [j for j, c in enumerate(row) if c.row == i and c.col == j and c.text and c.text.strip()
                 and numeric(c) and c.loc not in used]
        if not spare:
            continue
        row_label = next((norm(c.text) for c in reversed(row[:spare[0]]) if c.text and not numeric(c)), "")
        if is_decoration(row_label):
            continue
        row_known = any(c.loc in used for c in row) or row_named(row_label) is not None
        for j in spare:
            col_label = "" if not grid.rectangular else next(
                (norm(r[j].text) for r in reversed(grid.rows[:i]) if j < len(r) and r[j].text and not numeric(r[j])), "")
            if is_decoration(col_label):
                continue
            if row_known and col_label:
                cols[col_label] = cols.get(col_label, 0) + 1
            else:
                rows[row_label or "(no label)"] = rows.get(row_label or "(no label)", 0) + 1
    return ([f"{grid.source}: numbers under no known label: row {label!r} ({n} number{'s' * (n > 1)})" for label, n in rows.items()]
            + [f"{grid.source}: numbers under no known label: column {label!r} ({n} number{'s' * (n > 1)})" for label, n in cols.items()])


BLANK_HABIT = 3  # zeros printed blank in at least this many cells of tables that hold numbers


def blank_appeals(grids: list[Grid], found: dict[str, CellValue], reader: TableReader) -> list[CellValue]:
    """Table 4 printed with every cell blank, in a report whose other tables print their zeros
    blank: its cells are zeros, as printed. A cell is a value cell when a label stands to its
    left in its row and above it in its column; the grid so filled must give every cell of
    table 4, or nothing is taken."""
    if sum(1 for cv in found.values() if not cv.raw.strip() and cv.value == 0) < BLANK_HABIT:
        return []
    for grid in grids:
        text = norm("".join(c.text or "" for row in grid.rows for c in row))
        if not grid.rectangular or numbers_in(grid) or not reader.may_hold(text):
            continue
        rows = [[Cell("0", c.row, c.col, c.loc) if _between_labels(grid, i, j) else c for j, c in enumerate(row)]
                for i, row in enumerate(grid.rows)]
        best = reader.read(Grid(rows, grid.source, grid.rectangular, grid.caption), None)
        if best.score == len(reader.row_order) and not best.unknown and not best.conflicts:
            return [CellValue(cv.table_code, cv.row_code, cv.col_code, 0.0, "", cv.location) for cv in best.cells]
    return []


def _between_labels(grid: Grid, i: int, j: int) -> bool:
    """An empty cell with a label to its left in its row and above it in its column."""
    cell = grid.rows[i][j]
    if cell.text is None or cell.text.strip() or cell.row != i or cell.col != j:
        return False
    left = any((c.text or "").strip() for c in grid.rows[i][:j])
    above = any(j < len(r) and (r[j].text or "").strip() for r in grid.rows[:i])
    return left and above


def appeals_from_text(text: str) -> list[CellValue]:
    """Table 4 printed as one line of 15 numbers under its heading (any line naming 行政复议
    may be that heading: prose mentions it too)."""
    reader = TableReader(layouts()["appeals"])
    lines = text.split("\n")
    for start in (i for i, l in enumerate(lines) if "行政复议" in l and len(l) < 60):
        for k, line in enumerate(lines[start:start + 40]):
            nums = numbers_in_line(line)
            if nums and len(nums) == len(reader.row_order):
                if not national_order(lines[start:start + k], reader):
                    return []  # column labels printed in another order: not guessed
                return [CellValue("appeals", r, c, v, tok, f"text line {start + k + 1}")
                        for v, tok, (r, c) in zip(nums, line.split(), reader.row_order)]
    return []


def national_order(header: list[str], reader: TableReader) -> bool:
    """Whether column labels printed above a row of 15 allow the national order: a header
    whose every word is a label of table 4 must print 结果维持 … 总计 in that order; a header
    in pieces (wrapped in narrow cells) says nothing either way."""
    above = []
    for line in reversed(header):  # the header: the lines of short words just above the numbers
        if line.strip() and max(len(w) for w in line.split()) > 8:
            break
        above.insert(0, line)
    words = " ".join(above).split()
    cols = [best_key(reader.t.cols, norm(w)) for w in words]
    if not words or not all(c or best_key(reader.t.rows, norm(w)) or "行政诉讼" in w for w, c in zip(words, cols)):
        return True
    order = [c for c in reader.t.order if c != "org_subtotal"]
    printed = [c.code for c in cols if c]
    runs = [printed[i:j] for i, j in zip([0] + [k for k in range(1, len(printed)) if order.index(printed[k]) <= order.index(printed[k - 1])],
                                        [k for k in range(1, len(printed)) if order.index(printed[k]) <= order.index(printed[k - 1])] + [len(printed)])]
    return all(run[0] == order[0] for run in runs if run)
