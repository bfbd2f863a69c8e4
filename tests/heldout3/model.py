"""Truth (the numbers a report prints) and the grids of its three tables, written from the
national formats (国办公开办函〔2019〕60号, 〔2021〕30号) and from how agencies print them.

A grid is a list of rows; a row is a list of C(text, cs, rs) as an HTML author would write
it (a cell covered by a span is simply absent from the later rows)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

# ---------------------------------------------------------------- canonical layout

T2 = {
    "2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["issued", "repealed", "in_force"],
         [("regulations", "规章"), ("normative_docs", "行政规范性文件")]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["decisions"], [("licensing", "行政许可")]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["decisions"], [("penalty", "行政处罚"), ("enforcement", "行政强制")]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["amount_10k_yuan"], [("admin_fees", "行政事业性收费")]),
    ],
    "2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["new_made", "new_published", "total_published"],
         [("regulations", "规章"), ("normative_docs", "规范性文件")]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["prev_year_items", "change", "decisions"],
         [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["prev_year_items", "change", "decisions"],
         [("penalty", "行政处罚"), ("enforcement", "行政强制")]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["prev_year_items", "change"], [("admin_fees", "行政事业性收费")]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["items", "amount"], [("procurement", "政府集中采购")]),
    ],
}

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]
ORG_LABELS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

# (key, group label or None, label); group None: the row label spans the two inner columns
RESULTS = {
    "head": [("granted", None, "（一）予以公开"),
             ("partial", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")],
    "denied": [("denied_state_secret", "（三）不予公开", "1.属于国家秘密"),
               ("denied_law", "（三）不予公开", "2.其他法律行政法规禁止公开"),
               ("denied_safety", "（三）不予公开", "3.危及“三安全一稳定”"),
               ("denied_third_party", "（三）不予公开", "4.保护第三方合法权益"),
               ("denied_internal", "（三）不予公开", "5.属于三类内部事务信息"),
               ("denied_process", "（三）不予公开", "6.属于四类过程性信息"),
               ("denied_case_file", "（三）不予公开", "7.属于行政执法案卷"),
               ("denied_inquiry", "（三）不予公开", "8.属于行政查询事项")],
    "unable": [("unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
               ("unable_need_create", "（四）无法提供", "2.没有现成信息需要另行制作"),
               ("unable_unclear", "（四）无法提供", "3.补正后申请内容仍不明确")],
    "rejected": [("rejected_petition", "（五）不予处理", "1.信访举报投诉类申请"),
                 ("rejected_duplicate", "（五）不予处理", "2.重复申请"),
                 ("rejected_publication", "（五）不予处理", "3.要求提供公开出版物"),
                 ("rejected_excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
                 ("rejected_confirm", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息")],
    "other2019": [("other", None, "（六）其他处理")],
    "other2021": [("other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                  ("other_unpaid_fee", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                  ("other_other", "（六）其他处理", "3.其他")],
}
APPEAL_ROWS = ["review", "suit_direct", "suit_after_review"]
APPEAL_COLS = ["upheld", "corrected", "other", "pending", "total"]
APPEAL_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def result_rows(fmt: str, other_rows: str | None = None):
    o = other_rows or fmt
    return RESULTS["head"] + RESULTS["denied"] + RESULTS["unable"] + RESULTS["rejected"] + RESULTS["other" + o]


# ---------------------------------------------------------------- truth

@dataclass
class Truth:
    agency: str
    year: int
    fmt: str  # table 2 format
    other_rows: str  # "2019" | "2021": table 3's （六） rows
    cells: dict[str, float] = field(default_factory=dict)
    org_subtotal: bool = False
    broken: str = ""  # which identity was broken as printed, "" if none


def make_truth(rng: random.Random, agency: str, year: int, fmt: str, *, size: str = "small",
               org_subtotal: bool = False, other_rows: str | None = None) -> Truth:
    t = Truth(agency, year, fmt, other_rows or fmt, org_subtotal=org_subtotal)
    c = t.cells
    big = size == "big"
    zero = size == "zero"

    def n(hi, p0=0.5):
        if zero or rng.random() < p0:
            return 0
        return rng.randint(1, hi)

    # table 2
    if fmt == "2021":
        for r in ("regulations", "normative_docs"):
            iss, rep = n(3 if r == "regulations" else 40, 0.4), n(10, 0.6)
            c[f"active.{r}.issued"], c[f"active.{r}.repealed"] = iss, rep
            c[f"active.{r}.in_force"] = 0 if zero else iss + rng.randint(0, 300)
        for r, hi in (("licensing", 600000 if big else 3000), ("penalty", 90000 if big else 800), ("enforcement", 5000 if big else 60)):
            c[f"active.{r}.decisions"] = n(hi, 0.2)
        c["active.admin_fees.amount_10k_yuan"] = 0 if zero or rng.random() < 0.4 else round(rng.uniform(0.5, 99999), rng.choice([1, 2, 3]))
    else:
        for r in ("regulations", "normative_docs"):
            a = n(20, 0.4)
            c[f"active.{r}.new_made"], c[f"active.{r}.new_published"] = a, a
            c[f"active.{r}.total_published"] = 0 if zero else a + rng.randint(0, 200)
        for r in ("licensing", "other_services", "penalty", "enforcement"):
            c[f"active.{r}.prev_year_items"] = n(900, 0.2)
            c[f"active.{r}.change"] = 0 if zero else rng.choice([0, 0, rng.randint(1, 40), -rng.randint(1, 40)])
            c[f"active.{r}.decisions"] = n(400000 if big else 2000, 0.2)
        c["active.admin_fees.prev_year_items"] = n(30, 0.4)
        c["active.admin_fees.change"] = 0 if zero else rng.choice([0, 1, -1, 2])
        c["active.procurement.items"] = n(60, 0.3)
        c["active.procurement.amount"] = 0 if zero or c["active.procurement.items"] == 0 else round(rng.uniform(1, 50000), 2)

    # table 3
    rows = [k for k, _, _ in result_rows(fmt, t.other_rows)]
    cols = APPLICANTS
    for col in cols:
        scale = {"natural_person": 60 if not big else 900}.get(col, 6 if not big else 40)
        handled = 0
        for r in rows:
            v = 0 if zero else (rng.randint(0, scale) if rng.random() < (0.7 if r in ("granted", "unable_not_held") else 0.18) else 0)
            c[f"requests.{r}.{col}"] = v
            handled += v
        c[f"requests.handled_total.{col}"] = handled
        carried_in = 0 if zero else min(handled, rng.choice([0, 0, rng.randint(0, 5)]))
        carried_out = 0 if zero else rng.choice([0, 0, rng.randint(0, 4)])
        c[f"requests.carried_in.{col}"] = carried_in
        c[f"requests.carried_out.{col}"] = carried_out
        c[f"requests.new.{col}"] = handled + carried_out - carried_in
    for r in ["new", "carried_in"] + rows + ["handled_total", "carried_out"]:
        c[f"requests.{r}.total"] = sum(c[f"requests.{r}.{col}"] for col in cols)
        if org_subtotal:
            c[f"requests.{r}.org_subtotal"] = sum(c[f"requests.{r}.{col}"] for col in cols[1:])

    # table 4
    for r in APPEAL_ROWS:
        hi = 0 if zero else (8 if r == "review" else 3)
        vals = [rng.randint(0, hi) if rng.random() < 0.5 else 0 for _ in range(4)]
        for k, v in zip(APPEAL_COLS, vals):
            c[f"appeals.{r}.{k}"] = v
        c[f"appeals.{r}.total"] = sum(vals)
    return t


def break_identity(t: Truth, kind: str, rng: random.Random) -> None:
    """Print one total that does not add up, as agencies sometimes do."""
    c = t.cells
    d = rng.choice([1, 2, 3, 10])
    if kind == "requests.row_total":
        c["requests.new.total"] += d
        c["requests.handled_total.total"] += d
        c["requests.carried_in.total"] += 0
        # keep balance on the total column: new.total and handled_total.total moved together
    elif kind == "requests.results_sum":
        c["requests.granted.natural_person"] += d  # result row and its total disagree with （七）总计
        c["requests.granted.total"] += d
    elif kind == "requests.balance":
        c["requests.carried_out.natural_person"] += d
        c["requests.carried_out.total"] += d
    elif kind == "appeals.row_total":
        c["appeals.review.total"] += d
    elif kind == "appeals.suit_total":
        c["appeals.suit_direct.total"] += 1
        kind = "appeals.row_total"
    t.broken = kind


# ---------------------------------------------------------------- printing habits

FW = str.maketrans("0123456789.-,", "０１２３４５６７８９．－，")


@dataclass
class Habit:
    """How numbers and labels are printed."""
    zero: str = "0"  # "0" | "" | "—" | "-" | "/" | "无"
    fullwidth: bool = False
    thousands: bool = False
    plus: bool = False  # a positive 本年增/减 written "+12"
    numbering: str = "std"  # std | half | circled | paren | spaced
    qita: str = "其他"  # 其他 | 其它
    huo: str = "或"  # 或 | 或者
    carried_out_label: str = "四、结转下年度继续办理"
    wrap: bool = False  # long labels wrapped inside the cell
    partial_short: bool = False  # （二）部分公开 without its parenthesis


def num(v: float, h: Habit, key: str = "") -> str:
    if v == 0 and h.zero != "0" and not key.endswith(("amount_10k_yuan", "amount")):
        return h.zero
    if float(v).is_integer():
        s = f"{int(v):,}" if h.thousands and abs(v) >= 1000 else str(int(v))
    else:
        s = f"{v:,}" if h.thousands and abs(v) >= 1000 else repr(float(v))
    if h.plus and key.endswith(".change") and v > 0:
        s = "+" + s
    if h.fullwidth:
        s = s.translate(FW)
    return s


CIRCLED = "①②③④⑤⑥⑦⑧⑨"
CN = "一二三四五六七八九"


def relabel(text: str, h: Habit) -> str:
    """Apply a numbering style and a wording habit to a national label."""
    import re
    s = text
    if h.qita == "其它":
        s = s.replace("其他处理", "其它处理").replace("其他法律", "其它法律").replace("其他结果", "其它结果")
    if h.huo == "或者":
        s = s.replace("确认或重新", "确认或者重新")
    if h.partial_short:
        s = s.replace("（区分处理的，只计这一情形，不计其他情形）", "")
    m = re.match(r"^(\d)\.(.*)$", s)
    if h.numbering == "half":
        s = re.sub(r"^（(.)）", r"(\1)", s)
        s = re.sub(r"^(\d)\.", r"\1、", s)
    elif h.numbering == "circled" and m:
        s = CIRCLED[int(m.group(1)) - 1] + m.group(2)
    elif h.numbering == "paren" and m:
        s = f"（{m.group(1)}）{m.group(2)}"
    elif h.numbering == "spaced":
        s = re.sub(r"^([一二三四])、", r"\1 、", s)
        s = re.sub(r"^(\d)\.", r"\1. ", s)
    return s


def wrap(text: str, width: int = 9) -> str:
    """A long label broken inside its cell, as narrow Word columns print it."""
    if len(text) <= width + 2:
        return text
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


# ---------------------------------------------------------------- grids

@dataclass
class C:
    text: str
    cs: int = 1
    rs: int = 1
    th: bool = False


def t2_grids(t: Truth, h: Habit, *, one_table: bool = True, trap: str = "") -> list[list[list[C]]]:
    """Table 2 as in the national format: one 4-column table of blocks (or a table a block)."""
    grids, rows = [], []
    for block, heads, codes, items in T2[t.fmt]:
        heads = list(heads)
        if trap == "t2col" and block.endswith("（一）项"):
            heads.append("其中：政策解读件数")
        width = 1 + len(heads)
        block_rows = [[C(block, cs=4 if one_table else width, th=True)]]
        hr = [C("信息内容", th=True)]
        for i, hd in enumerate(heads):
            last = i == len(heads) - 1
            hr.append(C(hd, cs=(4 - len(heads)) if last and one_table and len(heads) < 3 else 1, th=True))
        block_rows.append(hr)
        for code, label in items:
            r = [C(label)]
            for i, col in enumerate(codes):
                last = i == len(codes) - 1
                r.append(C(num(t.cells[f"active.{code}.{col}"], h, f"active.{code}.{col}"),
                           cs=(4 - len(codes)) if last and one_table and len(codes) < 3 else 1))
            if trap == "t2col" and block.endswith("（一）项"):
                r.append(C(str(3 + len(label))))
            block_rows.append(r)
        if trap == "t2row" and block.endswith("（六）项"):
            r = [C("行政确认")] + [C(str(57))] if t.fmt == "2021" else [C("行政确认"), C("12"), C("0"), C("57")]
            if t.fmt == "2021" and one_table:
                r[1].cs = 3
            block_rows.append(r)
        if one_table:
            rows += block_rows
        else:
            grids.append(block_rows)
    return [rows] if one_table else grids


def t3_grid(t: Truth, h: Habit, *, subtotal_pos: str = "last", caption: str = "", blank_col: bool = False,
            trap: str = "", corner: bool = True) -> list[list[C]]:
    cols = list(APPLICANTS)
    org_heads = list(ORG_LABELS)
    if t.org_subtotal:
        if subtotal_pos == "first":
            cols.insert(1, "org_subtotal")
            org_heads.insert(0, "小计")
        else:
            cols.insert(6, "org_subtotal")
            org_heads.append("小计")
    if trap == "t3col_in":  # an invented applicant column, counted in the total
        cols.insert(len(cols) - 0, "__x")
        org_heads.append("个体工商户")
    cols.append("total")
    extra_after = trap == "t3col_after"
    qita = "其它" if h.qita == "其它" else "其他"
    if h.wrap:
        org_heads = [wrap(x, 2) if len(x) > 3 else x for x in org_heads]
    n_org = len(org_heads)
    ncols = 3 + 1 + n_org + 1 + (1 if extra_after else 0)
    g: list[list[C]] = []
    if caption:
        g.append([C(caption, cs=ncols + (1 if blank_col else 0))])
    corner_text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" if corner else ""
    r0 = [C(corner_text, cs=3, rs=3, th=True), C("申请人情况", cs=n_org + 2, th=True)]
    r1 = [C("自然人", rs=2, th=True), C(f"法人或{qita}组织", cs=n_org, th=True), C("总计", rs=2, th=True)]
    if extra_after:
        r0.append(C("其中：网上申请", rs=3, th=True))
    r2 = [C(x, th=True) for x in org_heads]
    if blank_col:
        r0.append(C("", rs=3))
    g += [r0, r1, r2]
    extra_vals = {}

    def nums(rkey):
        out = []
        for col in cols:
            if col == "__x":
                v = 2 if rkey in ("new", "granted", "handled_total") else 0
                out.append(C(num(v, h)))
            else:
                out.append(C(num(t.cells[f"requests.{rkey}.{col}"], h)))
        if extra_after:
            v = (t.cells[f"requests.{rkey}.total"] + 1) // 2
            extra_vals[rkey] = v
            out.append(C(num(v, h)))
        if blank_col:
            out.append(C(""))
        return out

    def lab(s):
        s = relabel(s, h)
        return wrap(s, 12) if h.wrap else s

    # when the trap column is counted in the total, the printed totals include it
    if trap == "t3col_in":
        for rkey in ("new", "granted", "handled_total"):
            t.cells[f"requests.{rkey}.total"] += 2
    g.append([C(lab("一、本年新收政府信息公开申请数量"), cs=3)] + nums("new"))
    if trap == "t3row_sub":
        g.append([C("其中：通过网络提交的申请", cs=3)] + [C(num(0, h)) for _ in cols] + ([C("0")] if extra_after else []))
        g[-1][1] = C(num(max(1, t.cells["requests.new.natural_person"] // 2), h))
    g.append([C(lab("二、上年结转政府信息公开申请数量"), cs=3)] + nums("carried_in"))
    rr = result_rows(t.fmt, t.other_rows)
    nres = len(rr) + 1
    first = True
    groups_seen = {}
    for key, grp, label in rr:
        row = []
        if first:
            row.append(C(lab("三、本年度办理结果"), rs=nres))
            first = False
        if grp is None:
            row.append(C(lab(label), cs=2))
        else:
            if grp not in groups_seen:
                size = sum(1 for k, gg, _ in rr if gg == grp)
                gl = relabel(grp, h)
                row.append(C(gl.replace("（三）不予公开", "（三）不\n予公开") if h.wrap else gl, rs=size))
                groups_seen[grp] = True
            row.append(C(lab(label)))
        g.append(row + nums(key))
    g.append([C(lab("（七）总计"), cs=2)] + nums("handled_total"))
    g.append([C(lab(h.carried_out_label), cs=3)] + nums("carried_out"))
    return g


def t3_expected_keys(t: Truth) -> list[str]:
    cols = APPLICANTS + (["org_subtotal"] if t.org_subtotal else []) + ["total"]
    rows = ["new", "carried_in"] + [k for k, _, _ in result_rows(t.fmt, t.other_rows)] + ["handled_total", "carried_out"]
    return [f"requests.{r}.{c}" for r in rows for c in cols]


def t4_grids(t: Truth, h: Habit, layout: str = "std15", trap: str = "") -> list[list[list[C]]]:
    v = lambda r, c: C(num(t.cells[f"appeals.{r}.{c}"], h))  # noqa: E731
    labs = [relabel(x, h) for x in APPEAL_LABELS]
    if layout == "std15":
        r0 = [C("行政复议", cs=5, th=True), C("行政诉讼", cs=10, th=True)]
        r1 = [C(x, rs=2, th=True) for x in labs] + [C("未经复议直接起诉", cs=5, th=True), C("复议后起诉", cs=5, th=True)]
        r2 = [C(x, th=True) for x in labs * 2]
        r3 = [v(r, c) for r in APPEAL_ROWS for c in APPEAL_COLS]
        return [[r0, r1, r2, r3]]
    if layout == "3x5":
        head = [C("项目", cs=2, th=True)] + [C(x, th=True) for x in labs]
        if trap == "t4col":
            head.append(C("其中：败诉", th=True))
        extra = (lambda r: [C("1" if r == "review" else "0")]) if trap == "t4col" else (lambda r: [])
        return [[head,
                 [C("行政复议", cs=2)] + [v("review", c) for c in APPEAL_COLS] + extra("review"),
                 [C("行政诉讼", rs=2), C("未经复议直接起诉")] + [v("suit_direct", c) for c in APPEAL_COLS] + extra("suit_direct"),
                 [C("复议后起诉")] + [v("suit_after_review", c) for c in APPEAL_COLS] + extra("suit_after_review")]]
    if layout == "t15x1":
        g = [[C("项目", cs=3, th=True), C("数量", th=True)]]
        for ri, r in enumerate(APPEAL_ROWS):
            for ci, c in enumerate(APPEAL_COLS):
                row = []
                if ri == 0 and ci == 0:
                    row.append(C("行政复议", rs=5))
                    row.append(C(labs[ci], cs=2))
                elif ri == 0:
                    row.append(C(labs[ci], cs=2))
                else:
                    if ri == 1 and ci == 0:
                        row.append(C("行政诉讼", rs=10))
                    if ci == 0:
                        row.append(C("未经复议直接起诉" if r == "suit_direct" else "复议后起诉", rs=5))
                    row.append(C(labs[ci]))
                row.append(v(r, c))
                g.append(row)
        return [g]
    if layout == "t5x3":
        g = [[C("", rs=2, th=True), C("行政复议", rs=2, th=True), C("行政诉讼", cs=2, th=True)],
             [C("未经复议直接起诉", th=True), C("复议后起诉", th=True)]]
        for ci, c in enumerate(APPEAL_COLS):
            g.append([C(labs[ci])] + [v(r, c) for r in APPEAL_ROWS])
        return [g]
    if layout == "two":
        a = [[C("行政复议", cs=5, th=True)], [C(x, th=True) for x in labs], [v("review", c) for c in APPEAL_COLS]]
        b = [[C("行政诉讼", cs=10, th=True)],
             [C("未经复议直接起诉", cs=5, th=True), C("复议后起诉", cs=5, th=True)],
             [C(x, th=True) for x in labs * 2],
             [v(r, c) for r in APPEAL_ROWS[1:] for c in APPEAL_COLS]]
        return [a, b]
    raise ValueError(layout)


def expand(grid: list[list[C]]) -> list[list[tuple[C, bool]]]:
    """The full matrix: each slot holds (cell, is_origin)."""
    out: dict[tuple[int, int], tuple[C, bool]] = {}
    for ri, row in enumerate(grid):
        ci = 0
        for cell in row:
            while (ri, ci) in out:
                ci += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    out[(ri + dr, ci + dc)] = (cell, dr == 0 and dc == 0)
            ci += cell.cs
    nr = max(r for r, _ in out) + 1
    nc = max(c for _, c in out) + 1
    blank = C("")
    return [[out.get((r, c), (blank, True)) for c in range(nc)] for r in range(nr)]
