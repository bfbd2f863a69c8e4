"""Tables a PDF prints without rulings, their columns found from its words.

The page's lines and fragments come from extract.readers.pdflines. A run of lines holding
numbers is a table: its value columns are where the numbers stand, header fragments above
them are joined per column (「自然」+「人」 → 「自然人」, 「商业」+「企业」 → 「商业企业」), a
header spanning several columns (「法人或其他组织」) becomes a parent row, and each data row
keeps its label fragments, then one slot per value column. Such grids are not rectangular:
the mapping reads their values in the layout's order.
"""
from __future__ import annotations

import re

from extract.grid import Cell, Grid
from extract.readers.pdfgrid import is_footer
from extract.readers.pdflines import Frag, Line, alnum

NUMBER = re.compile(r"^[+\-−]?[\d０-９][\d０-９,，.．]*%?$|^[—\-/无]$")
COL_TOL = 12.0  # points: numbers whose centres are this close stand in one column


def text_grids(lines: list[tuple[int, float, list[Frag]]]) -> list[tuple[int, float, Grid]]:
    """Tables printed without rulings in lines of one or more consecutive pages (page, top,
    fragments): a table that runs over a page break is one run of lines, one grid."""
    grids: list[tuple[int, float, Grid]] = []
    run: list[tuple[int, float, list[Frag]]] = []

    def flush():
        while run and len(run[-1][2]) == 1:  # a heading after the table, not a wrapped label
            run.pop()
        if sum(1 for _, _, fs in run if _values(fs)) >= 2:
            run[:] = _drop_repeated_header(run)
            first, last = run[0][0], run[-1][0]
            pages = f"page {first}" if first == last else f"pages {first}-{last}"
            n = sum(1 for p, _, _ in grids if p == first) + 1
            grids.append((first, run[0][1], _grid([(t, fs) for _, t, fs in run], f"{pages} text table {n}")))
        run.clear()

    # short label lines just before a run that starts with a header line: column labels
    # printed alone on their line (「行政诉讼」 over two columns, a 「行政复议」 two rows high)
    lead: list[tuple[int, float, list[Frag]]] = []
    for page, top, frags in lines:
        if len(frags) == 1 and is_footer(frags[0].text):
            continue
        if SECTION_HEAD.match(frags[0].text):  # 「三、收到和处理…情况」 ends a table, even on a line
            flush()                             # with the next table's header words beside it
            lead, frags = [], frags[1:]
            if not frags:
                continue
        one = frags[0].text if len(frags) == 1 else ""
        # a line of one fragment goes on a table when short, or when left of its numbers (a long label)
        left = min((f.x0 for _, _, fs in run for f in _values(fs)), default=0.0)
        if len(frags) >= 2 or (run and one and (len(one) <= 30 or frags[0].x1 < left - 2)
                               and not one.endswith(("。", "；"))):
            if not run and lead and lead[-1][0] == page and top - lead[-1][1] < 30 and not _values(frags):
                run.extend(lead)
            lead = []
            run.append((page, top, frags))
        else:
            flush()
            if one and len(_key(one)) <= 8 and not NUMBERED.match(one) and not re.search(r"[。；：:，,]", one):
                near = lead and lead[-1][0] == page and top - lead[-1][1] < 30
                lead = (lead if near else []) + [(page, top, frags)]
            else:
                lead = []
    flush()
    return grids


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _drop_repeated_header(run: list[tuple[int, float, list[Frag]]]) -> list[tuple[int, float, list[Frag]]]:
    """The run without the header printed again: lines before the first data row that repeat
    an earlier header line (every fragment the same text at the same place), and the header
    lines that lead a continuation page when it repeats the table's header there (「申请人情况」,
    「自然人 … 总计」 again at the top of the next page)."""
    label_right = min(f.x0 for _, _, fs in run for f in _values(fs)) - 2
    seen: list[tuple[str, float, float]] = []

    def repeats(fs: list[Frag]) -> bool:
        return bool(seen) and all(any(_key(f.text) == t and abs(f.x0 - x0) <= 4 and abs(f.x1 - x1) <= 4
                                      for t, x0, x1 in seen) for f in fs)

    out: list[tuple[int, float, list[Frag]]] = []
    first_block = True
    i = 0
    while i < len(run):
        page, top, fs = run[i]
        if _values(fs):
            first_block = False
        elif first_block:
            if repeats(fs):
                i += 1
                continue
            seen.extend((_key(f.text), f.x0, f.x1) for f in fs)
        elif i > 0 and page != run[i - 1][0]:  # a continuation page: its lines before the first data row
            j = i
            while j < len(run) and run[j][0] == page and not _values(run[j][2]):
                j += 1
            lead = run[i:j]
            if any(repeats(l[2]) for l in lead):
                keep = [l for l in lead if not repeats(l[2]) and all(f.x1 <= label_right + 2 for f in l[2])]
                out.extend(keep)
                i = j
                continue
        out.append(run[i])
        i += 1
    return out


def _values(frags: list[Frag]) -> list[Frag]:
    return [f for f in frags[1:] if NUMBER.match(f.text)]


def _columns(lines: list[list[Frag]]) -> list[float]:
    """Value columns: the centres where the numbers of these lines stand."""
    centres = sorted(f.cx for fs in lines for f in _values(fs))
    groups: list[list[float]] = []
    for c in centres:
        if groups and c - groups[-1][-1] <= COL_TOL:
            groups[-1].append(c)
        else:
            groups.append([c])
    return [sum(g) / len(g) for g in groups]


def _header_columns(seg: list[list[Frag]], cols: list[float], label_right: float, right: float) -> list[float]:
    """Value columns also where a column label stands with no number under it (a column
    printed blank throughout: zeros left empty). The words of header lines that name two
    columns or more are clustered by centre; each number column is claimed by the nearest
    label, and a label that claims none is a column of its own when far from every other."""
    if not cols:
        return cols
    centres: list[float] = []
    for fs in seg:
        if _values(fs):
            continue
        heads = [f for f in fs if f.x1 > label_right + 2]
        if len(heads) < 2 and not (heads and len(heads[0].words) >= 2 and
                                   sum(f.x0 - 3 <= c <= f.x1 + 3 for f in heads for c in cols) >= 2):
            continue
        centres += [(x0 + x1) / 2 for f in heads for x0, x1, _ in f.words]
    groups: list[list[float]] = []
    for c in sorted(centres):
        if groups and c - groups[-1][-1] <= COL_TOL:
            groups[-1].append(c)
        else:
            groups.append([c])
    heads_at = [sum(g) / len(g) for g in groups]
    if not heads_at:
        return cols
    claimed = {min(range(len(heads_at)), key=lambda k: abs(heads_at[k] - c)) for c in cols}
    out = list(cols)
    for k, c in enumerate(heads_at):
        if k not in claimed and c <= right + COL_TOL and all(abs(c - d) > 1.5 * COL_TOL for d in out):
            out.append(c)
    return sorted(out)


def _segments(run: list[Line], label_right: float) -> list[list[list[Frag]]]:
    """The run cut before each header block (lines without numbers but with column
    headers): sub-tables such as the 第二十条 blocks of table 2 have their own columns."""
    segs: list[list[list[Frag]]] = [[]]
    prev_data = False
    for _, fs in run:
        data = bool(_values(fs))
        header = not data and any(f.x1 > label_right + 2 for f in fs)
        if header and prev_data:
            segs.append([])
        segs[-1].append(fs)
        prev_data = data if data or header else prev_data
    return [s for s in segs if s]


def _attach_label_lines(run: list[Line], label_right: float) -> list[Line]:
    """Label-only lines taken into the row whose numbers stand nearest (within ¾ of a row,
    split at the midpoint between two rows, never across a header): a label wrapped over two
    or three lines with its numbers centred on a middle line, and the pieces of a merged
    group label printed down the left (「（六）其」「他处理」). The row's label is then its
    group pieces (left of its own label) and its own label joined top to bottom. A numbered
    label line only goes to a row with no numbered label in the same place."""
    tops = [t for t, fs in run if _values(fs)]
    gaps = sorted(b - a for a, b in zip(tops, tops[1:]) if b - a > 3)
    if not gaps:
        return run
    reach = 0.75 * gaps[len(gaps) // 4]

    def header(fs: list[Frag]) -> bool:
        return not _values(fs) and any(f.x1 > label_right + 2 for f in fs)

    def labels(fs: list[Frag]) -> list[Frag]:
        return [f for f in fs if f.x1 <= label_right + 2]

    def near(i: int, step: int) -> int | None:
        j = i + step
        while 0 <= j < len(run) and not _values(run[j][1]) and not header(run[j][1]):
            j += step
        return j if 0 <= j < len(run) and _values(run[j][1]) else None

    taken: dict[int, list[int]] = {}
    numbered: dict[int, list[Frag]] = {}  # per row: its numbered labels, printed or taken
    for i, (top, fs) in enumerate(run):
        if _values(fs) or header(fs) or not fs:
            continue
        sides = [j for j in (near(i, -1), near(i, 1)) if j is not None]
        if len(sides) == 2 and _starts_label(run[sides[1]][1], label_right, max(fs, key=lambda f: f.x1)):
            sides = sides[:1]  # the row below starts its label on its own line (cells aligned to the top)
        # between two rows a line goes to the nearer, however tall the rows (labels wrapped over
        # three lines, a group label centred between them); past the first or last row, within reach
        cands = sorted((abs(run[j][0] - top), k, j) for k, j in enumerate(sides)
                       if len(sides) == 2 or abs(run[j][0] - top) <= reach)
        if not cands:
            continue
        j = cands[0][2]
        own = max(fs, key=lambda f: f.x1)
        if NUMBERED.match(own.text):
            have = numbered.setdefault(j, [f for f in labels(run[j][1]) if NUMBERED.match(f.text)])
            if any(f.x0 < own.x1 and f.x1 > own.x0 for f in have):
                continue
            have.append(own)
        taken.setdefault(j, []).append(i)
    if not taken:
        return run
    gone = {i for ids in taken.values() for i in ids}
    out: list[Line] = []
    for j, (top, fs) in enumerate(run):
        if j in gone:
            continue
        if j not in taken:
            out.append((top, fs))
            continue
        lines = sorted([run[i] for i in taken[j]] + [(top, fs)], key=lambda l: l[0])
        labs = [f for _, l in lines for f in labels(l)]
        if not labs:
            out.append((top, fs))
            continue
        last = max(labs, key=lambda f: f.x1)
        pieces = [f for f in labs if f.x1 <= last.x0]
        own = [f for f in labs if f.x1 > last.x0]
        pieces.append(Frag(min(f.x0 for f in own), max(f.x1 for f in own), "".join(f.text for f in own),
                           [w for f in own for w in f.words]))
        out.append((top, pieces + [f for f in fs if f.x1 > label_right + 2]))
    return out


def _starts_label(fs: list[Frag], label_right: float, above: Frag) -> bool:
    """Does this data line print the start of its row's label (a numbered label) in the
    column of the label piece `above` it?"""
    labs = [f for f in fs if f.x1 <= label_right + 2]
    if not labs:
        return False
    own = max(labs, key=lambda f: f.x1)
    return bool(NUMBERED.match(own.text)) and own.x0 < above.x1 and above.x0 < own.x1


def _split_at_gutters(run: list[Line], label_right: float) -> list[Line]:
    """Label fragments that glue two label columns (narrow columns, a gap under the word-gap
    threshold of this font: 「（六）其 1.申请人」, then 「他处理 无正当理」) cut apart. The
    gutter is where a numbered label starts after a word of a higher numbered one on the
    same line (「（三）不」 then 「1.属于国」: a group column and its rows' labels, aligned to
    the top); every label fragment with a word gap across that gutter is cut there."""
    mids: list[float] = []
    for _, fs in run:
        for f in fs:
            if f.x1 > label_right + 2 or len(f.words) < 2:
                continue
            first = _level(f.words[0][2])
            for a, b in zip(f.words, f.words[1:]):
                level = _level(b[2])
                if first is not None and level is not None and level > first and b[0] - a[1] >= 1.5:
                    mids.append((a[1] + b[0]) / 2)
    if not mids:
        return run

    def cut(f: Frag) -> list[Frag]:
        if f.x1 > label_right + 2 or len(f.words) < 2:
            return [f]
        groups = [[f.words[0]]]
        for a, b in zip(f.words, f.words[1:]):
            if any(a[1] <= m <= b[0] for m in mids):
                groups.append([b])
            else:
                groups[-1].append(b)
        if len(groups) == 1:
            return [f]
        out = []
        for ws in groups:
            text = ""
            for w in ws:
                text += (" " if alnum(text[-1:]) and alnum(w[2][:1]) else "") + w[2]
            out.append(Frag(ws[0][0], ws[-1][1], text, list(ws)))
        return out

    return [(top, [piece for f in fs for piece in cut(f)]) for top, fs in run]


def _grid(run: list[Line], where: str) -> Grid:
    label_right = min(f.x0 for _, fs in run for f in _values(fs)) - 2
    right = max(f.x1 for _, fs in run for f in _values(fs))
    run = _split_at_gutters(run, label_right)
    run = _attach_label_lines(run, label_right)
    entries: list[tuple[str, list[Frag], list[str]]] = []  # (kind, label fragments, texts)
    for seg in _segments(run, label_right):
        cols = _header_columns(seg, _columns(seg) or _columns([fs for _, fs in run]), label_right, right)
        block: list[list[Frag]] = []
        for fs in seg:
            if not _values(fs):
                block.append(fs)
                continue
            entries.extend(_header_entries(block, cols, label_right))
            block = []
            slots = [""] * len(cols)
            for f in fs:
                if f.x1 > label_right + 2:
                    j = _column(cols, f)
                    slots[j] = (slots[j] + " " + f.text).strip()
            entries.append(("data", [f for f in fs if f.x1 <= label_right + 2], slots))
        entries.extend(_header_entries(block, cols, label_right))
    rows = _with_group_labels(entries)
    cells = [[Cell(t, i, j, f"{where} line {i + 1} cell {j + 1}") for j, t in enumerate(r)] for i, r in enumerate(rows)]
    # every line one label and one slot per value column: the columns can be trusted (and the
    # table read transposed when printed so: 「结果维持」… down the left, 行政复议 … across)
    square = len(rows) > 1 and len({len(r) for r in rows}) == 1 and len(rows[0]) >= 3
    return Grid(cells, f"pdf {where}", rectangular=square)


SECTION_HEAD = re.compile(r"^\s*[一二三四五六]\s*[、.．]\s*(总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的?主要问题|其他需要?报告)")
NUMBERED = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")


def _level(text: str) -> int | None:
    """Numbering level: 「一、」 0, 「（一）」 1, 「1.」 2; None when not numbered."""
    m = NUMBERED.match(text)
    if not m:
        return None
    n = m.group(1)
    return 0 if n.endswith("、") and not n[0].isdigit() else 1 if n[0] in "（(" else 2


def _with_group_labels(entries: list[tuple[str, list[Frag], list[str]]]) -> list[list[str]]:
    """Rows with their group labels whole again.

    A merged label cell without rulings prints as short pieces down the left of the rows it
    spans (「（六）」, 「其他处」, 「理」): the pieces are joined into 「（六）其他处理」 and put
    before the label of every row of the group, until a label starts inside the group's
    column; a label-only line that continues a row's label (「不计其他情形）」) is joined to it.
    """
    groups: list[Frag] = []  # open group labels, left to right
    rows: list[list[str]] = []
    last: tuple[list[str], int] | None = None  # the last data row and where its label is
    for kind, fs, texts in entries:
        if kind == "header" or not fs:
            rows.append(texts)
            groups, last = ([] if kind == "header" else groups), (None if kind == "header" else last)
            continue
        own, pieces = fs[-1], fs[:-1]
        for p in pieces:
            g = next((g for g in groups if p.x0 < g.x1 and p.x1 > g.x0), None)
            if g is not None and not NUMBERED.match(p.text):
                g.text, g.x0, g.x1 = g.text + p.text, min(g.x0, p.x0), max(g.x1, p.x1)
            else:
                groups = [g for g in groups if g.x1 <= p.x0] + [Frag(p.x0, p.x1, p.text)]
        if not pieces:  # a label starting in a group's column, or numbered as it, ends it
            level = _level(own.text)
            groups = [g for g in groups if g.x1 <= own.x0 + 2 and not (level is not None and level <= (_level(g.text) or 9))]
        if kind == "labels":
            if last is not None and not NUMBERED.match(own.text):
                row, at = last
                row[at] += own.text  # a wrapped label goes on
            else:
                rows.append([f.text for f in fs])
            continue
        labels = [g.text for g in groups if g.x1 <= own.x0 + 2] + [own.text]
        rows.append(labels + texts)
        last = (rows[-1], len(labels) - 1)
    return rows


def _column(cols: list[float], f: Frag) -> int:
    return min(range(len(cols)), key=lambda j: abs(cols[j] - f.cx))


def _by_column(f: Frag, cols: list[float]) -> list[Frag]:
    """A header fragment of several words over several columns, cut back into its words
    (the wrapped labels of narrow columns: 「商业企 科研机 社会公」); one word is one label."""
    if len(f.words) < 2:
        return [f]
    covered = [c for c in cols if f.x0 - 3 <= c <= f.x1 + 3]
    if len(covered) < 2:
        return [f]
    return [Frag(x0, x1, text, [(x0, x1, text)]) for x0, x1, text in f.words]


def _header_entries(block: list[list[Frag]], cols: list[float], label_right: float):
    """Lines between data rows: column headers joined per column, or label lines as they are."""
    if not any(f.x1 > label_right + 2 for fs in block for f in fs):
        return [("labels", fs, []) for fs in block]
    corner, heads, parents = [], [""] * len(cols), [""] * len(cols)
    wides = [False] * len(cols)  # a parent label over two columns or more
    for fs in block:
        right = [f for f in fs if f.x1 > label_right + 2]
        corner += [f.text for f in fs if f.x1 <= label_right + 2]
        right = [piece for f in right for piece in _by_column(f, cols)]
        for f in right:
            covered = [j for j, c in enumerate(cols) if f.x0 - 3 <= c <= f.x1 + 3]
            # a header over several columns: wider than one, or alone on its line and longer
            # than a column label (a short 「其他」 centred between wrapped neighbours is none)
            if len(covered) >= 2 or (len(right) == 1 and len(cols) > 2 and len(f.text) > 3):
                parents[_column(cols, f)] += f.text
                wides[_column(cols, f)] |= len(covered) >= 2
            else:
                heads[_column(cols, f)] += f.text
    if any(heads):  # a label alone on its line over a column with no label below: two rows high
        for j, wide in enumerate(wides):
            if parents[j] and not heads[j] and not wide:
                heads[j], parents[j] = parents[j], ""
    rows = []
    if any(parents):
        rows.append(("header", [], ["".join(corner)] + parents))
    if any(heads):
        rows.append(("header", [], ["".join(corner)] + heads))
    return rows
