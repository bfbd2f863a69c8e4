"""The national tables as rows of spanned cells, like the Word template: merged header cells,
label columns merged down. Every fixture format prints this one model (see nianbao.world.samples)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from nianbao.world.samples import APPEAL_COLS, AMOUNT_KEYS, Truth, layouts, request_cols, request_rows, result_rows

# Table 2's blocks: 第二十条第（item）项 and the rows printed under it.
ACTIVE_ITEMS = {
    "2021": [("一", ["regulations", "normative_docs"]), ("五", ["licensing"]),
             ("六", ["penalty", "enforcement"]), ("八", ["admin_fees"])],
    "2019": [("一", ["regulations", "normative_docs"]), ("五", ["licensing", "other_services"]),
             ("六", ["penalty", "enforcement"]), ("八", ["admin_fees"]), ("九", ["procurement"])],
}


@dataclass
class Span:
    text: str
    rs: int = 1
    cs: int = 1
    key: str | None = None  # the canonical key of a value cell


Table = list[list[Span]]


def number_text(key: str, value: float) -> str:
    """How the national template prints a value: integers bare, amounts with 2 decimals."""
    return f"{value:.2f}" if key in AMOUNT_KEYS else str(int(value))


def _val(t: Truth, key: str, fmt) -> Span:
    return Span(fmt(key, t.cells[key]), key=key)


def col_label(col: str, template: str) -> str:
    """Table 2's column label as printed; 2019 says 处理决定数量 where 2021 says 本年处理决定数量."""
    return "处理决定数量" if (col, template) == ("decisions", "2019") else layouts()["active"]["cols"][col]["label"]


def active_blocks(t: Truth, fmt=number_text) -> list[Table]:
    """Table 2 as its 第二十条 blocks (header row, column labels, rows), 4 columns wide."""
    lay = layouts()["active"]
    shape = lay["shape"][t.template]
    items = ACTIVE_ITEMS[t.template]
    blocks = []
    for item, rows in items:
        cols = shape[rows[0]]
        wide = 3 - len(cols) + 1
        head = [Span("信息内容")] + [Span(col_label(c, t.template), cs=wide if i == len(cols) - 1 else 1)
                                   for i, c in enumerate(cols)]
        block = [[Span(f"第二十条第（{item}）项", cs=4)], head]
        for r in rows:
            label = "行政规范性文件" if (r, t.template) == ("normative_docs", "2021") else lay["rows"][r]["label"]
            block.append([Span(label)] + [Span(fmt(f"active.{r}.{c}", t.cells[f"active.{r}.{c}"]),
                                               cs=wide if i == len(cols) - 1 else 1, key=f"active.{r}.{c}")
                                          for i, c in enumerate(cols)])
        blocks.append(block)
    return blocks


def requests_table(t: Truth, fmt=number_text) -> Table:
    """Table 3 with the national template's 3-row header and 3 label columns."""
    lay = layouts()["requests"]
    cols = request_cols(t.org_subtotal)
    norgs = len(cols) - 2
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    table: Table = [
        [Span(corner, rs=3, cs=3), Span("申请人情况", cs=len(cols))],
        [Span("自然人", rs=2), Span("法人或其他组织", cs=norgs), Span("总计", rs=2)],
        [Span(lay["cols"][c]["label"]) for c in cols[1:-1]],
    ]
    rows = request_rows(t.requests_layout)
    results = result_rows(t.requests_layout)
    group_of = {r: g for g, spec in lay["groups"].items() if g != "result" for r in spec["rows"]
                if r in rows}
    for r in rows:
        label = lay["rows"][r]["label"]
        line: list[Span] = []
        if r == results[0]:
            line.append(Span(lay["groups"]["result"]["label"], rs=len(results) + 1))
        if r in group_of:
            members = [x for x in lay["groups"][group_of[r]]["rows"] if x in rows]
            if r == members[0]:
                line.append(Span(lay["groups"][group_of[r]]["label"], rs=len(members)))
            line.append(Span(label))
        else:
            line.append(Span(label, cs=2 if (r in results or r == "handled_total") else 3))
        line += [_val(t, f"requests.{r}.{c}", fmt) for c in cols]
        table.append(line)
    return table


def appeals_table(t: Truth, fmt=number_text) -> Table:
    """Table 4: 行政复议 | 行政诉讼 (直接起诉, 复议后起诉), 3 header rows, one row of 15."""
    labels = [Span(layouts()["appeals"]["cols"][c]["label"]) for c in APPEAL_COLS]
    return [
        [Span("行政复议", cs=5), Span("行政诉讼", cs=10)],
        [Span(s.text, rs=2) for s in labels] + [Span("未经复议直接起诉", cs=5), Span("复议后起诉", cs=5)],
        [Span(s.text) for s in labels] * 2,
        [_val(t, f"appeals.{r}.{c}", fmt) for r in ("review", "suit_direct", "suit_after_review")
         for c in APPEAL_COLS],
    ]


def slots(table: Table) -> list[list[tuple[Span, bool]]]:
    """The table as a rectangle of (span, starts_here): where each merged cell lies."""
    grid: dict[tuple[int, int], tuple[Span, bool]] = {}
    for i, row in enumerate(table):
        j = 0
        for s in row:
            while (i, j) in grid:
                j += 1
            for di in range(s.rs):
                for dj in range(s.cs):
                    grid[(i + di, j + dj)] = (s, di == 0 and dj == 0)
            j += s.cs
    h = max(i for i, _ in grid) + 1
    w = max(j for _, j in grid) + 1
    return [[grid.get((i, j), (Span(""), True)) for j in range(w)] for i in range(h)]


def transpose(table: Table) -> Table:
    """Rows become columns, spans swap (for transposed layouts)."""
    grid = slots(table)
    out: Table = [[] for _ in range(len(grid[0]))]
    for j in range(len(grid[0])):
        for i in range(len(grid)):
            s, start = grid[i][j]
            if start:
                out[j].append(Span(s.text, rs=s.cs, cs=s.rs, key=s.key))
    return out


def cut(table: Table, at: int) -> tuple[Table, Table]:
    """Split a table before row `at`; a merged cell crossing the cut goes on blank below."""
    grid = slots(table)
    top: Table = [[] for _ in range(at)]
    bottom: Table = [[] for _ in range(len(grid) - at)]
    for i, row in enumerate(grid):
        for j, (s, start) in enumerate(row):
            first_col = j == 0 or row[j - 1][0] is not s
            if start and i < at:
                top[i].append(dataclasses.replace(s, rs=min(s.rs, at - i)))
            elif start:
                bottom[i - at].append(s)
            elif i == at and first_col:  # continuation of a cell that started above the cut
                left = sum(1 for k in range(at, len(grid)) if grid[k][j][0] is s)
                bottom[0].append(Span("", rs=left, cs=s.cs))
    return top, bottom
