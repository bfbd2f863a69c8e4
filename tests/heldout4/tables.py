"""The three national tables as grids of cells (with rowspan/colspan), laid out the ways agencies
print them. A grid is format-neutral: writers turn it into HTML, DOCX, text or Markdown.

Labels are those of the blank national template (/work/shared/real/template-2021-blank.docx) and
of the 2019 format (/work/shared/seeds/000_adb888ebb0553f89.txt); habits change them the ways real
reports do (spec, "What real files look like")."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

from .model import APPEAL_COLS, APPEAL_ROWS, APPLICANTS, Numbers, result_rows


@dataclass
class Cell:
    text: str
    rs: int = 1
    cs: int = 1
    kind: str = "label"          # head | label | num | note
    key: str | None = None       # canonical key of a number cell


@dataclass
class Grid:
    rows: list                   # list[list[Cell]], origin cells only (HTML-like)
    ncols: int
    caption: str | None = None   # a paragraph printed just above the table (e.g. 第二十条第（一）项)
    header_rows: int = 0         # how many leading rows are the header (for repeating it)

    def matrix(self):
        """ncols-wide rows: each position holds (cell, origin?)"""
        occ: dict = {}
        out = []
        for r, row in enumerate(self.rows):
            line = [None] * self.ncols
            for (rr, cc), v in list(occ.items()):
                if rr == r:
                    line[cc] = v
            c = 0
            for cell in row:
                while c < self.ncols and line[c] is not None:
                    c += 1
                if c >= self.ncols:
                    raise ValueError(f"row {r} too wide")
                for dr in range(cell.rs):
                    for dc in range(cell.cs):
                        if dr == 0:
                            line[c + dc] = (cell, dc == 0, "h" if dc else "o")
                        else:
                            occ[(r + dr, c + dc)] = (cell, False, "v")
                c += cell.cs
            out.append([x if x is not None else (Cell(""), True, "o") for x in line])
        return out


# --------------------------------------------------------------------------- number printing

FW = str.maketrans("0123456789.-+,", "０１２３４５６７８９．－＋，")


@dataclass
class Style:
    """How one report prints numbers and labels."""
    zero: str = "0"                       # "0" | "—" | "-" | "/" | "" | "无" | "0件"
    thousands: bool = False
    fullwidth: bool = False
    unit: str = ""                        # e.g. "件" after counts of requests / appeals
    signed: bool = False                  # 本年增/减 printed "+12"
    amount_decimals: int | None = None    # amounts printed with fixed decimals ("96171.60", "0.00")
    amount_unit: str = ""                 # amounts printed with their unit inside the cell ("12.5万元")
    label_habits: tuple = ()              # names in LABEL_HABITS
    seed: int = 0
    blank_keys: set = field(default_factory=set)

    def num(self, key: str, v: float) -> str:
        if key.endswith(("amount", "amount_10k_yuan")) and (self.amount_decimals is not None or self.amount_unit):
            s = f"{v:,.{self.amount_decimals}f}" if self.thousands and self.amount_decimals is not None else (
                f"{v:.{self.amount_decimals}f}" if self.amount_decimals is not None else
                (str(int(v)) if float(v).is_integer() else repr(float(v))))
            return (s.translate(FW) if self.fullwidth else s) + self.amount_unit
        if v == 0 and self.zero not in ("0",):
            if self.zero == "":
                self.blank_keys.add(key)
            return self.zero
        if float(v).is_integer() and not key.endswith(("amount", "amount_10k_yuan")):
            s = f"{int(v):,}" if self.thousands else str(int(v))
            if self.signed and key.endswith(".change") and v > 0:
                s = "+" + s
        else:
            s = f"{v:,}" if self.thousands else repr(float(v)) if not float(v).is_integer() else str(int(v))
        if self.fullwidth:
            s = s.translate(FW)
        if self.unit and key.startswith(("requests.", "appeals.")):
            s += self.unit
        return s

    def lab(self, text: str) -> str:
        for h in self.label_habits:
            text = LABEL_HABITS[h](text, random.Random(hash_str(text) + self.seed))
        return text


def hash_str(s: str) -> int:
    h = 0
    for ch in s:
        h = (h * 131 + ord(ch)) % 1_000_003
    return h


def _spaces(t: str, rng: random.Random) -> str:
    if len(t) < 4 or rng.random() < 0.4:
        return t
    chars = list(t)
    for _ in range(rng.randint(1, 3)):
        i = rng.randint(1, len(chars) - 1)
        chars.insert(i, rng.choice([" ", " ", "\u3000"]))
    return "".join(chars)


def _linebreak(t: str, rng: random.Random) -> str:
    if len(t) < 7 or "\n" in t:
        return t
    i = rng.randint(3, len(t) - 3)
    return t[:i] + "\n" + t[i:]


LABEL_HABITS: dict[str, Callable[[str, random.Random], str]] = {
    "qita": lambda t, r: t.replace("其他", "其它"),
    "huozhe": lambda t, r: t.replace("法人或其他组织", "法人或者其他组织").replace("法人或其它组织", "法人或者其它组织"),
    "dunhao": lambda t, r: re.sub(r"^(\d)\.", r"\1、", t),
    "fullstop": lambda t, r: re.sub(r"^(\d)\.", r"\1．", t),
    "ascii_paren": lambda t, r: re.sub(r"^（([一二三四五六七])）", r"(\1)", t),
    "spaces": _spaces,
    "linebreak": _linebreak,
    "nextyear": lambda t, r: t.replace("结转下年度继续办理", "结转下一年度继续办理"),
    "qi_total": lambda t, r: t.replace("（七）总计", "七、总计"),
    "typo_law": lambda t, r: t.replace("其他法律行政法规禁止公开", "其他法律行政止公开"),
    "quotes": lambda t, r: t.replace("“", '"').replace("”", '"'),
    "no_quotes": lambda t, r: t.replace("“", "").replace("”", ""),
    "short_partial": lambda t, r: t.replace("（区分处理的，只计这一情形，不计其他情形）", ""),
    "normative": lambda t, r: "规范性文件" if t == "行政规范性文件" else t,
    "nian_du": lambda t, r: t.replace("本年度办理结果", "本年度办理结果情况") if t.startswith("三") else t,
    "shenqingren": lambda t, r: t.replace("申请人情况", "申请人情况（单位：件）"),
    "kongge_num": lambda t, r: re.sub(r"^(\d)\.", r"\1. ", t),
    "template_breaks": lambda t, r: TEMPLATE_BREAKS.get(t, t),
    "vertical": lambda t, r: "\n".join(t) if t in ("三、本年度办理结果", "行政复议", "行政诉讼") else (
        t.replace("）", "）\n", 1) if re.match(r"^（[三四五六]）", t) and len(t) < 9 else t),
    "heji": lambda t, r: "合计" if t == "总计" else t,
}

# the national Word template breaks short header cells in two lines (商业/企业, 结果/纠正)
TEMPLATE_BREAKS = {"商业企业": "商业\n企业", "科研机构": "科研\n机构", "社会公益组织": "社会公益\n组织",
                   "法律服务机构": "法律服务\n机构", "结果维持": "结果\n维持", "结果纠正": "结果\n纠正",
                   "其他结果": "其他\n结果", "尚未审结": "尚未\n审结"}


# --------------------------------------------------------------------------- table 2

def table2(nb: Numbers, st: Style, layout: str = "template", trap: str | None = None) -> list[Grid]:
    """layout: template (one 4-column table with the 第二十条 rows inside) | separate (one table
    per item, the item title printed above it) | notitle (one table, no 第二十条 rows: the
    信息内容 header rows only)"""
    c = nb.cells
    n = lambda k: Cell(st.num(k, c[k]), kind="num", key=k)
    L = lambda t, **kw: Cell(st.lab(t), **kw)
    H = lambda t, **kw: Cell(st.lab(t), kind="head", **kw)
    blocks = []  # (title, header row, data rows)
    if nb.fmt == "2021":
        cols = ["issued", "repealed", "in_force"]
        blocks.append(("第二十条第（一）项", [H("信息内容"), H("本年制发件数"), H("本年废止件数"), H("现行有效件数")],
                       [[L("规章")] + [n(f"active.regulations.{x}") for x in cols],
                        [L("行政规范性文件")] + [n(f"active.normative_docs.{x}") for x in cols]]))
        one = lambda k: Cell(st.num(k, c[k]), cs=3, kind="num", key=k)
        blocks.append(("第二十条第（五）项", [H("信息内容"), H("本年处理决定数量", cs=3)],
                       [[L("行政许可"), one("active.licensing.decisions")]]))
        rows6 = [[L("行政处罚"), one("active.penalty.decisions")], [L("行政强制"), one("active.enforcement.decisions")]]
        if trap == "t2_extra_row":
            rows6.append([L("行政检查"), Cell(st.num("x", 37 + st.seed % 50), cs=3, kind="num")])
        blocks.append(("第二十条第（六）项", [H("信息内容"), H("本年处理决定数量", cs=3)], rows6))
        blocks.append(("第二十条第（八）项", [H("信息内容"), H("本年收费金额（单位：万元）", cs=3)],
                       [[L("行政事业性收费"), one("active.admin_fees.amount_10k_yuan")]]))
    else:
        cols = ["new_made", "new_published", "total_published"]
        blocks.append(("第二十条第（一）项", [H("信息内容"), H("本年新制作数量"), H("本年新公开数量"), H("对外公开总数量")],
                       [[L("规章")] + [n(f"active.regulations.{x}") for x in cols],
                        [L("规范性文件")] + [n(f"active.normative_docs.{x}") for x in cols]]))
        lic = ["prev_year_items", "change", "decisions"]
        hdr = lambda: [H("信息内容"), H("上一年项目数量"), H("本年增/减"), H("处理决定数量")]
        blocks.append(("第二十条第（五）项", hdr(),
                       [[L("行政许可")] + [n(f"active.licensing.{x}") for x in lic],
                        [L("其他对外管理服务事项")] + [n(f"active.other_services.{x}") for x in lic]]))
        rows6 = [[L("行政处罚")] + [n(f"active.penalty.{x}") for x in lic],
                 [L("行政强制")] + [n(f"active.enforcement.{x}") for x in lic]]
        if trap == "t2_extra_row":
            rows6.append([L("行政检查")] + [Cell(st.num("x", v), kind="num") for v in (12, 3, 41 + st.seed % 30)])
        blocks.append(("第二十条第（六）项", hdr(), rows6))
        blocks.append(("第二十条第（八）项", [H("信息内容"), H("上一年项目数量"), H("本年增/减", cs=2)],
                       [[L("行政事业性收费"), n("active.admin_fees.prev_year_items"),
                         Cell(st.num("active.admin_fees.change", c["active.admin_fees.change"]), cs=2, kind="num",
                              key="active.admin_fees.change")]]))
        blocks.append(("第二十条第（九）项", [H("信息内容"), H("采购项目数量"), H("采购总金额", cs=2)],
                       [[L("政府集中采购"), n("active.procurement.items"),
                         Cell(st.num("active.procurement.amount", c["active.procurement.amount"]), cs=2, kind="num",
                              key="active.procurement.amount")]]))
    if layout == "unmerged":
        # single-value rows pasted without merges: the value, then two empty cells
        for _, hdr, data in blocks:
            for row in [hdr] + data:
                for i, cell in enumerate(list(row)):
                    if cell.cs == 3:
                        cell.cs = 1
                        row[i + 1:i + 1] = [Cell("", kind=cell.kind if cell.kind != "num" else "label")] * 2
                    elif cell.cs == 2:
                        cell.cs = 1
                        row[i + 1:i + 1] = [Cell("", kind="label")]
        layout = "template"
    if layout == "separate":
        return [Grid([hdr] + rows, 4, caption=st.lab(title), header_rows=1) for title, hdr, rows in blocks]
    rows = []
    for title, hdr, data in blocks:
        if layout == "template":
            rows.append([H(title, cs=4)])
        rows.append(hdr)
        rows.extend(data)
    return [Grid(rows, 4)]


# --------------------------------------------------------------------------- table 3

DENIED = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
          "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
UNABLE = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
REJECTED = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息"]
OTHER3 = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def t3_row_labels(nb: Numbers) -> list[tuple]:
    """(key, level1, level2, item) top to bottom; level labels None when the row has none."""
    R3 = "三、本年度办理结果"
    out = [("new", "一、本年新收政府信息公开申请数量", None, None),
           ("carried_in", "二、上年结转政府信息公开申请数量", None, None),
           ("granted", R3, "（一）予以公开", None),
           ("partial", R3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None)]
    keys = result_rows(nb.fmt, nb.other_single)
    for k, lab in zip(keys[2:10], DENIED):
        out.append((k, R3, "（三）不予公开", lab))
    for k, lab in zip(keys[10:13], UNABLE):
        out.append((k, R3, "（四）无法提供", lab))
    for k, lab in zip(keys[13:18], REJECTED):
        out.append((k, R3, "（五）不予处理", lab))
    if keys[18:] == ["other"]:
        out.append(("other", R3, "（六）其他处理", None))
    else:
        for k, lab in zip(keys[18:], OTHER3):
            out.append((k, R3, "（六）其他处理", lab))
    out.append(("handled_total", R3, "（七）总计", None))
    out.append(("carried_out", "四、结转下年度继续办理", None, None))
    return out


def t3_columns(nb: Numbers, trap: str | None) -> list[tuple]:
    """(key or None, label) of the number columns, left to right."""
    cols = [("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
            ("social_welfare", "社会公益组织"), ("legal_services", "法律服务机构"), ("other_org", "其他")]
    if nb.subtotal:
        cols.append(("org_subtotal", "小计"))
    cols.append(("total", "总计"))
    if trap == "t3_extra_col":
        cols.append((None, "其中：网上申请"))
    return cols


def table3(nb: Numbers, st: Style, layout: str = "template", split_at: int | None = None,
           repeat_header: bool = False, trap: str | None = None) -> list[Grid]:
    """layout: template (3 label columns with rowspans, as the national Word template) |
    onelabel (one label column: group rows such as （三）不予公开 printed as rows of their own
    with empty numbers) | padded (no merged cells: every covered position repeats its label, as
    exports of merged Word cells do) | twolabel (group label in a rowspan column, item label
    beside it; the 三、本年度办理结果 column dropped)"""
    c = nb.cells
    rng = random.Random(st.seed + 33)
    cols = t3_columns(nb, trap)
    ncol = len(cols)
    org_n = 5 + (1 if nb.subtotal else 0)
    H = lambda t, **kw: Cell(st.lab(t), kind="head", **kw)
    L = lambda t, **kw: Cell(st.lab(t), **kw)

    def nums(key):
        out = []
        for ck, _ in cols:
            if ck is None:  # trap column: 其中 网上申请, at most the total
                tot = c[f"requests.{key}.total"]
                v = rng.randint(0, int(tot)) if tot else 0
                out.append(Cell(st.num("x", v), kind="num"))
            else:
                k = f"requests.{key}.{ck}"
                out.append(Cell(st.num(k, c[k]), kind="num", key=k))
        return out

    extra_tail = 1 if trap == "t3_extra_col" else 0
    rows_def = t3_row_labels(nb)
    if layout in ("template", "padded"):
        nl = 3
    elif layout == "twolabel":
        nl = 2
    else:
        nl = 1
    header = []
    header.append([Cell(st.lab(NOTE), rs=3, cs=nl, kind="note"), H("申请人情况", cs=ncol)])
    header.append([H("自然人", rs=2), H("法人或其他组织", cs=org_n), H("总计", rs=2)]
                  + ([H("其中：网上申请", rs=2)] if extra_tail else []))
    header.append([H(lab) for k, lab in cols[1:1 + org_n]])
    body = []
    # rowspans of groups
    if layout == "template":
        n3 = sum(1 for r in rows_def if r[1].startswith("三"))
        seen = set()
        for key, l1, l2, item in rows_def:
            row = []
            if l1.startswith("三"):
                if l1 not in seen:
                    row.append(L(l1, rs=n3))
                    seen.add(l1)
                if item is None:
                    row.append(L(l2, cs=2))
                else:
                    if l2 not in seen:
                        row.append(L(l2, rs=sum(1 for r in rows_def if r[2] == l2)))
                        seen.add(l2)
                    row.append(L(item))
            else:
                row.append(L(l1, cs=3))
            body.append(row + nums(key))
    elif layout == "twolabel":
        seen = set()
        for key, l1, l2, item in rows_def:
            if not l1.startswith("三"):
                body.append([L(l1, cs=2)] + nums(key))
            elif item is None:
                body.append([L(l2, cs=2)] + nums(key))
            else:
                row = []
                if l2 not in seen:
                    row.append(L(l2, rs=sum(1 for r in rows_def if r[2] == l2)))
                    seen.add(l2)
                body.append(row + [L(item)] + nums(key))
    elif layout == "padded":
        # every merged position written out (the label repeated), header too
        header = [[Cell(st.lab(NOTE), kind="note")] * 3 + [H("申请人情况")] * ncol,
                  [Cell(st.lab(NOTE), kind="note")] * 3 + [H("自然人")] + [H("法人或其他组织")] * org_n + [H("总计")]
                  + ([H("其中：网上申请")] if extra_tail else []),
                  [Cell(st.lab(NOTE), kind="note")] * 3 + [H("自然人")] + [H(lab) for k, lab in cols[1:1 + org_n]]
                  + [H("总计")] + ([H("其中：网上申请")] if extra_tail else [])]
        for key, l1, l2, item in rows_def:
            if not l1.startswith("三"):
                labs = [l1] * 3
            elif item is None:
                labs = [l1, l2, l2]
            else:
                labs = [l1, l2, item]
            body.append([L(x) for x in labs] + nums(key))
    else:  # onelabel
        header = [[H("项目", rs=3), H("申请人情况", cs=ncol)],
                  header[1], header[2]]
        seen = set()
        for key, l1, l2, item in rows_def:
            if l1.startswith("三") and l1 not in seen:
                seen.add(l1)
                body.append([L(l1)] + [Cell("", kind="num") for _ in cols])
            if item is not None and l2 not in seen:
                seen.add(l2)
                body.append([L(l2)] + [Cell("", kind="num") for _ in cols])
            lab = item if item is not None else (l2 if l1.startswith("三") else l1)
            body.append([L(lab)] + nums(key))
    nlab = {"template": 3, "padded": 3, "twolabel": 2, "onelabel": 1}[layout]
    if trap == "t3_extra_row":
        # an invented 其中 row under 一、本年新收 (a third of each column)
        lab = [L("其中：通过互联网申请")] * 3 if layout == "padded" else [L("其中：通过互联网申请", cs=nlab)]
        at = next(i for i, row in enumerate(body) if any(x.key == "requests.new.total" for x in row)) + 1
        body.insert(at, lab + [Cell(st.num("x", v), kind="num") for v in _sub_counts(c, "new", cols, rng)])
    if split_at is None:
        return [Grid(header + body, nlab + ncol, header_rows=3)]
    first = body[:split_at]
    second = body[split_at:]
    if layout in ("template", "twolabel"):
        first, second = _cut_rowspans(first, second, nlab + ncol)
    return [Grid(header + first, nlab + ncol, header_rows=3),
            Grid((header if repeat_header else []) + second, nlab + ncol, header_rows=3 if repeat_header else 0)]


def _sub_counts(c, key, cols, rng):
    """A 其中 row: a third of each applicant column, its own totals."""
    base = {ck: c[f"requests.{key}.{ck}"] // 3 for ck, _ in cols if ck in APPLICANTS}
    out = []
    for ck, _ in cols:
        if ck in APPLICANTS:
            out.append(base[ck])
        elif ck == "org_subtotal":
            out.append(sum(base[k] for k in APPLICANTS[1:]))
        elif ck == "total":
            out.append(sum(base.values()))
        else:
            out.append(0)
    return out


def _cut_rowspans(first, second, ncols):
    """Split a body whose rowspans cross the cut: the part below repeats the spanning label
    (as a page break in Word does)."""
    g = Grid(first + second, ncols)
    m = g.matrix()
    cut = len(first)
    top = []
    for r, row in enumerate(first):
        new = []
        for cell in row:
            if cell.rs > 1 and r + cell.rs > cut:
                new.append(Cell(cell.text, rs=cut - r, cs=cell.cs, kind=cell.kind, key=cell.key))
            else:
                new.append(cell)
        top.append(new)
    bottom = []
    for r2, row in enumerate(second):
        r = cut + r2
        line = []
        # continuation cells from rowspans started above the cut: re-open them on the first row
        if r2 == 0:
            for c, (cell, origin, how) in enumerate(m[r]):
                if how == "v":
                    # find how many rows remain
                    start = next(i for i in range(r, -1, -1) if m[i][c][0] is cell and m[i][c][2] == "o")
                    remain = start + cell.rs - r
                    if c == 0 or m[r][c - 1][0] is not cell:
                        line.append(Cell(cell.text, rs=remain, cs=cell.cs, kind=cell.kind))
            bottom.append(line + row)
        else:
            bottom.append(row)
    return top, bottom


# --------------------------------------------------------------------------- table 4

T4_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def table4(nb: Numbers, st: Style, layout: str = "template", trap: str | None = None) -> list[Grid]:
    """layout: template (3 header rows, one row of 15) | padded (header without rowspans, the
    first five columns of the third header row left empty, as in the seed) | rows3 (one row per
    行政复议 / 直接起诉 / 复议后起诉, five columns) | transposed (15 rows of label + value) |
    split (行政复议 and 行政诉讼 as two tables)"""
    c = nb.cells
    H = lambda t, **kw: Cell(st.lab(t), kind="head", **kw)
    n = lambda k: Cell(st.num(k, c[k]), kind="num", key=k)
    data = [n(f"appeals.{r}.{k}") for r in APPEAL_ROWS for k in APPEAL_COLS]
    if layout == "template":
        rows = [[H("行政复议", cs=5), H("行政诉讼", cs=10)],
                [H(t, rs=2) for t in T4_COLS] + [H("未经复议直接起诉", cs=5), H("复议后起诉", cs=5)],
                [H(t) for t in T4_COLS * 2], data]
        if trap == "t4_extra_col":
            rows[0].append(H("行政赔偿", rs=3))
            rows[3] = data + [Cell(st.num("x", 2 + st.seed % 4), kind="num")]
            return [Grid(rows, 16, header_rows=3)]
        return [Grid(rows, 15, header_rows=3)]
    if layout == "padded":
        rows = [[H("行政复议", cs=5), H("行政诉讼", cs=10)],
                [H(t) for t in T4_COLS] + [H("未经复议直接起诉", cs=5), H("复议后起诉", cs=5)],
                [Cell("") for _ in range(5)] + [H(t) for t in T4_COLS * 2], data]
        return [Grid(rows, 15, header_rows=3)]
    if layout == "rows3":
        rows = [[H("类别", cs=2)] + [H(t) for t in T4_COLS],
                [H("行政复议", cs=2)] + data[0:5],
                [H("行政诉讼", rs=2), H("未经复议直接起诉")] + data[5:10],
                [H("复议后起诉")] + data[10:15]]
        if trap == "t4_extra_row":
            v = [1 + st.seed % 3, 0, 1, 0]
            rows.append([H("行政赔偿", cs=2)] + [Cell(st.num("x", x), kind="num") for x in v + [sum(v)]])
        return [Grid(rows, 7, header_rows=1)]
    if layout == "transposed":
        rows = [[H("项目", cs=3), H("数量")]]
        groups = [("行政复议", None), ("行政诉讼", "未经复议直接起诉"), ("行政诉讼", "复议后起诉")]
        for gi, (g, sub) in enumerate(groups):
            for j, t in enumerate(T4_COLS):
                row = []
                if g == "行政复议" and j == 0:
                    row.append(H(g, rs=5, cs=2))
                if g == "行政诉讼" and sub == "未经复议直接起诉" and j == 0:
                    row.append(H(g, rs=10))
                if sub and j == 0:
                    row.append(H(sub, rs=5))
                row.append(H(t))
                row.append(data[gi * 5 + j])
                rows.append(row)
        return [Grid(rows, 4, header_rows=1)]
    if layout == "split":
        a = Grid([[H("行政复议", cs=5)], [H(t) for t in T4_COLS], data[0:5]], 5, header_rows=2)
        b = Grid([[H("行政诉讼", cs=10)], [H("未经复议直接起诉", cs=5), H("复议后起诉", cs=5)],
                  [H(t) for t in T4_COLS * 2], data[5:15]], 10, header_rows=3)
        return [a, b]
    raise ValueError(layout)


def table3_transposed(nb: Numbers, st: Style) -> list[Grid]:
    """Table 3 laid out transposed: one row per applicant, one column per request row (the spec:
    「the table laid out transposed」)."""
    c = nb.cells
    H = lambda t, **kw: Cell(st.lab(t), kind="head", **kw)
    rows_def = t3_row_labels(nb)
    res = [r for r in rows_def if r[1].startswith("三")]
    r0 = [H("申请人情况", rs=3, cs=2), H(rows_def[0][1], rs=3), H(rows_def[1][1], rs=3),
          H("三、本年度办理结果", cs=len(res)), H(rows_def[-1][1], rs=3)]
    r1, r2 = [], []
    seen = set()
    for key, l1, l2, item in res:
        if item is None:
            r1.append(H(l2, rs=2))
        elif l2 not in seen:
            seen.add(l2)
            r1.append(H(l2, cs=sum(1 for r in res if r[2] == l2)))
            r2 += [H(x[3]) for x in res if x[2] == l2]
    body = []
    appl = [("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
            ("social_welfare", "社会公益组织"), ("legal_services", "法律服务机构"), ("other_org", "其他"),
            ("total", "总计")]
    for i, (col, lab) in enumerate(appl):
        row = []
        if col in ("natural_person", "total"):
            row.append(H(lab, cs=2))
        else:
            if col == "commercial":
                row.append(H("法人或其他组织", rs=5))
            row.append(H(lab))
        for key, *_ in rows_def:
            k = f"requests.{key}.{col}"
            row.append(Cell(st.num(k, c[k]), kind="num", key=k))
        body.append(row)
    return [Grid([r0, r1, r2] + body, 2 + len(rows_def), header_rows=3)]


def pad_grid(g: Grid, blank_rows: bool = True) -> Grid:
    """Word-converted HTML: an empty cell closing every row and empty rows between blocks."""
    rows = [list(r) + [Cell("")] for r in g.rows]
    if blank_rows:
        out = []
        for i, r in enumerate(rows):
            # an empty row only where no rowspan is open
            open_ = any(cell.rs > 1 and j + cell.rs > i for j, rr in enumerate(rows[:i]) for cell in rr)
            if i and not open_ and i % 6 == 0:
                out.append([Cell("", cs=g.ncols + 1)])
            out.append(r)
        rows = out
    return Grid(rows, g.ncols + 1, caption=g.caption, header_rows=g.header_rows)
