"""Truth and table grids for the independent corpus, written from the national formats only.

A report is a list of blocks (headings, paragraphs, tables). A table is a grid in the HTML sense:
rows of Cell(text, rs, cs), covered positions absent. Every renderer (Word text export, Markdown,
HTML, DOCX, PDF) starts from these grids, so a case's truth is exactly what it prints.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

ORG = ["commercial", "research", "social_welfare", "legal_services", "other_org"]
APPLICANT = ["natural_person"] + ORG
T3_COLS = APPLICANT + ["total"]
A_COLS = ["upheld", "corrected", "other", "pending", "total"]
A_ROWS = ["review", "suit_direct", "suit_after_review"]

RESULTS_HEAD = ["granted", "partial",
                "denied_state_secret", "denied_law", "denied_safety", "denied_third_party",
                "denied_internal", "denied_process", "denied_case_file", "denied_inquiry",
                "unable_not_held", "unable_need_create", "unable_unclear",
                "rejected_petition", "rejected_duplicate", "rejected_publication",
                "rejected_excessive", "rejected_confirm"]
OTHER_2019 = ["other"]
OTHER_2021 = ["other_no_correction", "other_unpaid_fee", "other_other"]

# key -> (一级, 二级, 三级) as printed in the national template
T3_LABELS = {
    "new": ("一、本年新收政府信息公开申请数量", None, None),
    "carried_in": ("二、上年结转政府信息公开申请数量", None, None),
    "granted": ("三、本年度办理结果", "（一）予以公开", None),
    "partial": ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    "denied_state_secret": ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    "denied_law": ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    "denied_safety": ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    "denied_third_party": ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    "denied_internal": ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    "denied_process": ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    "denied_case_file": ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    "denied_inquiry": ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    "unable_not_held": ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    "unable_need_create": ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    "unable_unclear": ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    "rejected_petition": ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    "rejected_duplicate": ("三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    "rejected_publication": ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    "rejected_excessive": ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    "rejected_confirm": ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    "other": ("三、本年度办理结果", "（六）其他处理", None),
    "other_no_correction": ("三、本年度办理结果", "（六）其他处理",
                            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    "other_unpaid_fee": ("三、本年度办理结果", "（六）其他处理",
                         "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    "other_other": ("三、本年度办理结果", "（六）其他处理", "3.其他"),
    "handled_total": ("三、本年度办理结果", "（七）总计", None),
    "carried_out": ("四、结转下年度继续办理", None, None),
}
COL_LABELS = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
              "social_welfare": "社会公益组织", "legal_services": "法律服务机构", "other_org": "其他",
              "total": "总计", "org_subtotal": "小计"}
A_COL_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                "total": "总计"}
A_ROW_LABELS = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}

AGENCIES = ["淮北市生态环境局", "临沂市兰山区人民政府", "宁波市鄞州区教育局", "黄冈市自然资源和规划局",
            "铜仁市碧江区卫生健康局", "赣州市章贡区人民政府办公室", "绵阳市住房和城乡建设局",
            "常州市武进区市场监督管理局", "洛阳市老城区人民政府", "泉州市交通运输局",
            "岳阳县人民政府", "德州市陵城区农业农村局", "包头市青山区司法局", "桂林市人力资源和社会保障局",
            "玉溪市江川区人民政府", "盐城市大丰区民政局", "芜湖市湾沚区财政局", "吉林市丰满区应急管理局"]


def t3_rows(template: str) -> list[str]:
    other = OTHER_2021 if template == "2021" else OTHER_2019
    return ["new", "carried_in"] + RESULTS_HEAD + other + ["handled_total", "carried_out"]


def result_rows(template: str) -> list[str]:
    return RESULTS_HEAD + (OTHER_2021 if template == "2021" else OTHER_2019)


# ----------------------------------------------------------------------------------------- truth

def make_values(rng: random.Random, template: str, org_subtotal: bool = False, small: bool = False) -> dict:
    v: dict[str, float] = {}
    # table 2
    if template == "2021":
        for r in ("regulations", "normative_docs"):
            issued, rep = rng.choice([0, 0, 1, 2, 5, 13]), rng.choice([0, 0, 1, 3])
            v[f"active.{r}.issued"], v[f"active.{r}.repealed"] = issued, rep
            v[f"active.{r}.in_force"] = issued + rng.randint(0, 80)
        for r in ("licensing", "penalty", "enforcement"):
            v[f"active.{r}.decisions"] = rng.choice([0, 3, 27, 418, 5127, 447228])
        v["active.admin_fees.amount_10k_yuan"] = rng.choice([0, 12.5, 96.36, 4068.21, 0.8])
    else:
        for r in ("regulations", "normative_docs"):
            a = rng.choice([0, 1, 2, 6])
            v[f"active.{r}.new_made"], v[f"active.{r}.new_published"] = a, a
            v[f"active.{r}.total_published"] = a + rng.randint(0, 40)
        for r in ("licensing", "other_services", "penalty", "enforcement"):
            v[f"active.{r}.prev_year_items"] = rng.choice([0, 12, 86, 203])
            v[f"active.{r}.change"] = rng.choice([0, 0, 3, -2, 11])
            v[f"active.{r}.decisions"] = rng.choice([0, 9, 356, 2711])
        v["active.admin_fees.prev_year_items"] = rng.choice([0, 2, 7])
        v["active.admin_fees.change"] = rng.choice([0, -1, 1])
        v["active.procurement.items"] = rng.choice([0, 4, 19])
        v["active.procurement.amount"] = rng.choice([0, 38.5, 1264.37])
    # table 3: per applicant column, results, then the balance
    big = 6 if small else 60
    for c in APPLICANT:
        scale = big if c == "natural_person" else rng.choice([0, 0, 1, 3])
        total_res = 0
        for r in result_rows(template):
            x = rng.randint(0, scale) if rng.random() < (0.8 if c == "natural_person" else 0.25) else 0
            v[f"requests.{r}.{c}"] = x
            total_res += x
        v[f"requests.handled_total.{c}"] = total_res
        ci = rng.randint(0, min(total_res, 9))
        co = rng.randint(0, 7) if scale else 0
        v[f"requests.carried_in.{c}"] = ci
        v[f"requests.carried_out.{c}"] = co
        v[f"requests.new.{c}"] = total_res + co - ci
    for r in t3_rows(template):
        v[f"requests.{r}.total"] = sum(v[f"requests.{r}.{c}"] for c in APPLICANT)
        if org_subtotal:
            v[f"requests.{r}.org_subtotal"] = sum(v[f"requests.{r}.{c}"] for c in ORG)
    # table 4
    for r in A_ROWS:
        xs = [rng.choice([0, 0, 1, 2, 5, 13]) for _ in range(4)]
        for c, x in zip(A_COLS[:4], xs):
            v[f"appeals.{r}.{c}"] = x
        v[f"appeals.{r}.total"] = sum(xs)
    return v


def broken_rules(v: dict) -> set[str]:
    """The identities the printed numbers break (our own check, the expectation for flags)."""
    out = set()
    eq = lambda a, b: abs(a - b) < 1e-6
    cols = [c for c in T3_COLS + ["org_subtotal"] if f"requests.new.{c}" in v]
    rows = sorted({k.split(".")[1] for k in v if k.startswith("requests.")})
    res = [r for r in rows if r not in ("new", "carried_in", "handled_total", "carried_out")]
    for c in cols:
        g = lambda r: v.get(f"requests.{r}.{c}", 0)
        if not eq(g("new") + g("carried_in"), g("handled_total") + g("carried_out")):
            out.add("requests.balance")
        if not eq(g("handled_total"), sum(g(r) for r in res)):
            out.add("requests.results_sum")
    for r in rows:
        if f"requests.{r}.total" in v and not eq(v[f"requests.{r}.total"], sum(v.get(f"requests.{r}.{c}", 0) for c in APPLICANT)):
            out.add("requests.row_total")
        if f"requests.{r}.org_subtotal" in v:
            if not eq(v[f"requests.{r}.org_subtotal"], sum(v.get(f"requests.{r}.{c}", 0) for c in ORG)):
                out.add("requests.org_subtotal")
            if f"requests.{r}.total" in v and not eq(v[f"requests.{r}.total"], v.get(f"requests.{r}.natural_person", 0)
                                                      + v[f"requests.{r}.org_subtotal"]):
                out.add("requests.row_total")  # total = 自然人 + 小计, the same identity read through the subtotal
    for r in A_ROWS:
        if f"appeals.{r}.total" in v and not eq(v[f"appeals.{r}.total"], sum(v.get(f"appeals.{r}.{c}", 0) for c in A_COLS[:4])):
            out.add("appeals.row_total")
    return out


def break_values(v: dict, rule: str, rng: random.Random) -> None:
    """Change printed numbers so that `rule` fails (one logical misprint)."""
    d = rng.choice([1, 2, 3, 10])
    if rule == "requests.balance":
        v["requests.carried_out.natural_person"] += d
        v["requests.carried_out.total"] += d
    elif rule == "requests.results_sum":
        v["requests.granted.natural_person"] += d
        v["requests.granted.total"] += d
    elif rule == "requests.row_total":
        v["requests.new.total"] += d
    elif rule == "requests.org_subtotal":
        v["requests.new.org_subtotal"] += d
    elif rule == "appeals.row_total":
        v["appeals.suit_direct.total"] += d
    else:
        raise ValueError(rule)
    assert rule in broken_rules(v)


# ------------------------------------------------------------------------------------ label habits

CN_NUM = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨"


@dataclass
class Style:
    """How one agency prints its labels and numbers."""
    or_zhe: bool = False          # 法人或者其他组织 / 确认或者重新出具
    qita: bool = False            # 其它 for 其他
    bufen: bool = False           # 部份公开
    zhi: bool = False             # 区分处理之
    num: str = "1."               # 1. / 1、 / 1． / （1） / ① / (1)
    spaces: bool = False          # spaces inside labels: 三 、本 年 度办 理结果
    half: bool = False            # half-width brackets and quotes
    next_year: bool = False       # 结转下一年度继续办理
    total7: bool = False          # 七、总计
    typo: bool = False            # 其他法律行政止公开
    short_partial: bool = False   # （二）部分公开 without the note
    zeros: str = "0"              # how a zero prints: "0", "", "—", "/", "无"
    fullwidth_digits: bool = False
    thousands: bool = False
    plus_sign: bool = False       # +3 for a positive change
    wrap: bool = False            # hard line breaks inside long labels
    t2_swap: bool = False         # 行政规范性文件 printed above 规章

    def label(self, s: str | None) -> str | None:
        if s is None:
            return None
        if self.or_zhe:
            s = s.replace("法人或其他组织", "法人或者其他组织").replace("确认或重新", "确认或者重新")
        if self.qita:
            s = s.replace("其他", "其它")
        if self.bufen:
            s = s.replace("部分公开", "部份公开")
        if self.zhi:
            s = s.replace("区分处理的", "区分处理之")
        if self.short_partial:
            s = re.sub(r"（区分处理.*情形）$", "", s)
        if self.next_year:
            s = s.replace("结转下年度", "结转下一年度")
        if self.total7:
            s = s.replace("（七）总计", "七、总计")
        if self.typo:
            s = s.replace("法律行政法规禁止公开", "法律行政止公开")
        m = re.match(r"^(\d)\.(.*)$", s)
        if m and self.num != "1.":
            n, rest = int(m.group(1)), m.group(2)
            s = {"1、": f"{n}、", "1．": f"{n}．", "（1）": f"（{n}）", "(1)": f"({n})", "①": CIRCLED[n - 1],
                 "1 .": f"{n} ."}[self.num] + rest
        if self.half:
            s = s.replace("（", "(").replace("）", ")").replace("“", '"').replace("”", '"').replace("，", ",")
        if self.spaces and s.startswith(("三、", "一、", "二、", "四、")) and len(s) > 6:
            s = s[0] + " " + s[1] + " " + " ".join(s[2:6]) + s[6:]
        return s

    def num_text(self, x: float, key: str = "") -> str:
        if x == 0 and self.zeros != "0":
            return self.zeros
        if isinstance(x, float) and not float(x).is_integer():
            t = f"{x:.2f}".rstrip("0").rstrip(".")
        else:
            t = str(int(x))
            if self.thousands and abs(x) >= 1000:
                t = f"{int(x):,}"
            if self.plus_sign and key.endswith(".change") and x > 0:
                t = "+" + t
        if self.fullwidth_digits:
            t = t.translate(str.maketrans("0123456789.,+-", "０１２３４５６７８９．，＋－"))
        return t


def wrap_label(s: str, width: int = 9) -> str:
    """A label with hard line breaks, as a narrow Word cell typed with Enter: 「法律服务机\\n构」."""
    if len(s) <= width:
        return s
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


# ------------------------------------------------------------------------------------------ grids

@dataclass
class Cell:
    text: str
    rs: int = 1
    cs: int = 1
    key: str | None = None       # canonical key of a number cell
    head: bool = False


Grid = list  # list[list[Cell]]


@dataclass
class Table:
    grid: Grid
    caption: str = ""             # a line printed above the table (not part of it)


def ncols(grid: Grid) -> int:
    return sum(c.cs for c in grid[0])


def expand(grid: Grid) -> list[list[tuple[Cell, bool, bool]]]:
    """Occupancy matrix: for each (row, col) → (origin cell, is_top_row_of_cell, is_left_col_of_cell)."""
    width = ncols(grid)
    m: list[list] = [[None] * width for _ in grid]
    for ri, row in enumerate(grid):
        ci = 0
        for cell in row:
            while m[ri][ci] is not None:
                ci += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    m[ri + dr][ci + dc] = (cell, dr == 0, dc == 0)
            ci += cell.cs
    return m


def vc(st: Style, v: dict, key: str) -> Cell:
    return Cell(st.num_text(v[key], key), key=key)


def t2_grid(template: str, v: dict, st: Style) -> list[Table]:
    """Table 2 as the national template prints it: one 4-column table, item headers merged across."""
    L = st.label
    rows: Grid = []
    if template == "2021":
        rows.append([Cell("第二十条第（一）项", cs=4, head=True)])
        rows.append([Cell("信息内容", head=True), Cell("本年制发件数", head=True), Cell("本年废止件数", head=True),
                     Cell("现行有效件数", head=True)])
        pairs = (("regulations", "规章"), ("normative_docs", "行政规范性文件"))
        for r, lab in (pairs[::-1] if st.t2_swap else pairs):
            rows.append([Cell(lab)] + [vc(st, v, f"active.{r}.{c}") for c in ("issued", "repealed", "in_force")])
        for item, items in (("（五）", [("licensing", "行政许可")]), ("（六）", [("penalty", "行政处罚"), ("enforcement", "行政强制")])):
            rows.append([Cell(f"第二十条第{item}项", cs=4, head=True)])
            rows.append([Cell("信息内容", head=True), Cell("本年处理决定数量", cs=3, head=True)])
            for r, lab in items:
                c = vc(st, v, f"active.{r}.decisions")
                c.cs = 3
                rows.append([Cell(lab), c])
        rows.append([Cell("第二十条第（八）项", cs=4, head=True)])
        rows.append([Cell("信息内容", head=True), Cell(L("本年收费金额（单位：万元）"), cs=3, head=True)])
        c = vc(st, v, "active.admin_fees.amount_10k_yuan")
        c.cs = 3
        rows.append([Cell("行政事业性收费"), c])
    else:
        rows.append([Cell("第二十条第（一）项", cs=4, head=True)])
        rows.append([Cell("信息内容", head=True), Cell("本年新制作数量", head=True), Cell("本年新公开数量", head=True),
                     Cell("对外公开总数量", head=True)])
        for r, lab in (("regulations", "规章"), ("normative_docs", "规范性文件")):
            rows.append([Cell(lab)] + [vc(st, v, f"active.{r}.{c}") for c in ("new_made", "new_published", "total_published")])
        for item, items in (("（五）", [("licensing", "行政许可"), ("other_services", L("其他对外管理服务事项"))]),
                            ("（六）", [("penalty", "行政处罚"), ("enforcement", "行政强制")])):
            rows.append([Cell(f"第二十条第{item}项", cs=4, head=True)])
            rows.append([Cell("信息内容", head=True), Cell("上一年项目数量", head=True), Cell("本年增/减", head=True),
                         Cell("处理决定数量", head=True)])
            for r, lab in items:
                rows.append([Cell(lab)] + [vc(st, v, f"active.{r}.{c}") for c in ("prev_year_items", "change", "decisions")])
        rows.append([Cell("第二十条第（八）项", cs=4, head=True)])
        rows.append([Cell("信息内容", head=True), Cell("上一年项目数量", head=True), Cell("本年增/减", cs=2, head=True)])
        c = vc(st, v, "active.admin_fees.change")
        c.cs = 2
        rows.append([Cell("行政事业性收费"), vc(st, v, "active.admin_fees.prev_year_items"), c])
        rows.append([Cell("第二十条第（九）项", cs=4, head=True)])
        rows.append([Cell("信息内容", head=True), Cell("采购项目数量", head=True), Cell("采购总金额", cs=2, head=True)])
        c = vc(st, v, "active.procurement.amount")
        c.cs = 2
        rows.append([Cell("政府集中采购"), vc(st, v, "active.procurement.items"), c])
    return [Table(rows)]


def t2_split(template: str, v: dict, st: Style) -> list[Table]:
    """Table 2 as several small tables, one per 第二十条 item (Markdown/OCR exports, some CMS pages)."""
    out: list[Table] = []
    g = t2_grid(template, v, st)[0].grid
    cur: Grid = []
    cap = ""
    for row in g:
        if len(row) == 1 and row[0].text.startswith("第二十条"):
            if cur:
                out.append(Table(cur, cap))
            cur, cap = [], row[0].text
            continue
        cur.append([Cell(c.text, key=c.key, head=c.head) for c in row])  # spans dropped: each table narrow
    out.append(Table(cur, cap))
    return out


def t3_grid(template: str, v: dict, st: Style, org_subtotal: bool = False, extra_col: str | None = None,
            extra_row: tuple[str, list[int]] | None = None, corner: bool = True, org_order: list | None = None,
            extra_col_at: int | None = None, drop_cols: tuple = (), rows_template: str | None = None) -> Table:
    """Table 3 with the national merged header (3 label columns) and merged group labels.

    extra_col: an unknown column (e.g. 其中：网上申请) after 总计, or before value column extra_col_at;
    drop_cols: applicant columns the agency deleted; rows_template: the other format's rows."""
    L = st.label
    org_keys = [c for c in (org_order or ORG) if c not in drop_cols] + (["org_subtotal"] if org_subtotal else [])
    value_cols = ["natural_person"] + org_keys + ["total"]
    nval = len(value_cols) + (1 if extra_col else 0)
    template = rows_template or template
    corner_text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" if corner else ""
    g: Grid = []
    g.append([Cell(L(corner_text), rs=3, cs=3, head=True), Cell("申请人情况", cs=nval, head=True)])
    row1 = [Cell("自然人", rs=2, head=True), Cell(L("法人或其他组织"), cs=len(org_keys), head=True),
            Cell("总计", rs=2, head=True)]
    if extra_col and extra_col_at == 1:  # between 自然人 and 法人或其他组织
        row1.insert(1, Cell(extra_col, rs=2, head=True))
    elif extra_col:
        row1.append(Cell(extra_col, rs=2, head=True))
    g.append(row1)
    lab = lambda c: L(COL_LABELS[c])
    g.append([Cell(wrap_label(lab(c), 4) if st.wrap else lab(c), head=True) for c in org_keys])
    rows = t3_rows(template)
    r3 = [r for r in rows if T3_LABELS[r][0].startswith("三")]

    def values(r):
        cells = [vc(st, v, f"requests.{r}.{c}") for c in value_cols]
        if extra_col:  # 其中：网上申请, a number no key takes
            cells.insert(extra_col_at if extra_col_at is not None else len(cells),
                         Cell(st.num_text(v[f"requests.{r}.natural_person"] // 2)))
        return cells

    groups: dict[str, int] = {}
    for r in r3:
        groups[T3_LABELS[r][1]] = groups.get(T3_LABELS[r][1], 0) + 1
    seen_top = seen_mid = None
    for r in rows:
        a, b, c = T3_LABELS[r]
        lab_a, lab_b, lab_c = L(a), L(b), L(c)
        if st.wrap:
            lab_b = wrap_label(lab_b, 6) if lab_b else lab_b
            lab_c = wrap_label(lab_c, 12) if lab_c else lab_c
        row: list[Cell] = []
        if b is None:
            row.append(Cell(lab_a, cs=3))
        else:
            if a != seen_top:
                row.append(Cell(lab_a, rs=len(r3)))
                seen_top = a
            if c is None:
                row.append(Cell(lab_b, cs=2))
            else:
                if b != seen_mid:
                    row.append(Cell(lab_b, rs=groups[b]))
                    seen_mid = b
                row.append(Cell(lab_c))
        g.append(row + values(r))
        if extra_row and r == extra_row[0]:
            g.append([Cell(extra_row[1], cs=3)] + [Cell(st.num_text(x)) for x in extra_row[2]])
    return Table(g)


def t4_grid(v: dict, st: Style, layout: str, with_total: bool = True) -> list[Table]:
    L = st.label
    cols = A_COLS if with_total else A_COLS[:4]
    clab = lambda c: L(A_COL_LABELS[c])
    if layout == "row15":
        n = len(cols)
        g = [[Cell("行政复议", cs=n, head=True), Cell("行政诉讼", cs=2 * n, head=True)],
             [Cell(clab(c), rs=2, head=True) for c in cols] + [Cell("未经复议直接起诉", cs=n, head=True),
                                                           Cell("复议后起诉", cs=n, head=True)],
             [Cell(clab(c), head=True) for _ in range(2) for c in cols],
             [vc(st, v, f"appeals.{r}.{c}") for r in A_ROWS for c in cols]]
        return [Table(g)]
    if layout == "grid3x5":
        g = [[Cell("", cs=2, head=True)] + [Cell(clab(c), head=True) for c in cols],
             [Cell("行政复议", cs=2)] + [vc(st, v, f"appeals.review.{c}") for c in cols],
             [Cell("行政诉讼", rs=2), Cell("未经复议直接起诉")] + [vc(st, v, f"appeals.suit_direct.{c}") for c in cols],
             [Cell("复议后起诉")] + [vc(st, v, f"appeals.suit_after_review.{c}") for c in cols]]
        return [Table(g)]
    if layout == "grid3x5swap":  # 复议后起诉 above 未经复议直接起诉, 行政复议 last
        g = [[Cell("", cs=2, head=True)] + [Cell(clab(c), head=True) for c in cols],
             [Cell("行政诉讼", rs=2), Cell("复议后起诉")] + [vc(st, v, f"appeals.suit_after_review.{c}") for c in cols],
             [Cell("未经复议直接起诉")] + [vc(st, v, f"appeals.suit_direct.{c}") for c in cols],
             [Cell("行政复议", cs=2)] + [vc(st, v, f"appeals.review.{c}") for c in cols]]
        return [Table(g)]
    if layout == "grid3x5flat":
        g = [[Cell("类别", head=True)] + [Cell(clab(c), head=True) for c in cols],
             [Cell("行政复议")] + [vc(st, v, f"appeals.review.{c}") for c in cols],
             [Cell(L("行政诉讼（未经复议直接起诉）"))] + [vc(st, v, f"appeals.suit_direct.{c}") for c in cols],
             [Cell(L("行政诉讼（复议后起诉）"))] + [vc(st, v, f"appeals.suit_after_review.{c}") for c in cols]]
        return [Table(g)]
    if layout == "trans15":
        g = [[Cell("项目", cs=3, head=True), Cell("数量", head=True)]]
        for r in A_ROWS:
            for i, c in enumerate(cols):
                row = []
                if r == "review" and i == 0:
                    row.append(Cell("行政复议", rs=len(cols), cs=2))
                if r == "suit_direct" and i == 0:
                    row.append(Cell("行政诉讼", rs=2 * len(cols)))
                if r != "review" and i == 0:
                    row.append(Cell(A_ROW_LABELS[r], rs=len(cols)))
                g.append(row + [Cell(clab(c)), vc(st, v, f"appeals.{r}.{c}")])
        return [Table(g)]
    if layout == "trans5x3":
        g = [[Cell("项目", rs=2, head=True), Cell("行政复议", rs=2, head=True), Cell("行政诉讼", cs=2, head=True)],
             [Cell("未经复议直接起诉", head=True), Cell("复议后起诉", head=True)]]
        for c in cols:
            g.append([Cell(clab(c))] + [vc(st, v, f"appeals.{r}.{c}") for r in A_ROWS])
        return [Table(g)]
    if layout == "two":
        n = len(cols)
        a = [[Cell(clab(c), head=True) for c in cols], [vc(st, v, f"appeals.review.{c}") for c in cols]]
        b = [[Cell("未经复议直接起诉", cs=n, head=True), Cell("复议后起诉", cs=n, head=True)],
             [Cell(clab(c), head=True) for _ in range(2) for c in cols],
             [vc(st, v, f"appeals.{r}.{c}") for r in A_ROWS[1:] for c in cols]]
        return [Table(a, "（一）行政复议情况"), Table(b, "（二）行政诉讼情况")]
    if layout == "three":  # one small table per row, a heading above each (OCR → Markdown)
        out = []
        for r, cap in (("review", "行政复议"), ("suit_direct", "行政诉讼（未经复议直接起诉）"),
                       ("suit_after_review", "行政诉讼（复议后起诉）")):
            out.append(Table([[Cell(clab(c), head=True) for c in cols], [vc(st, v, f"appeals.{r}.{c}") for c in cols]],
                             L(cap)))
        return out
    raise ValueError(layout)


def split_grid(t: Table, at: int, repeat_header: int = 0, caption: str = "") -> list[Table]:
    """Cut a table before grid row `at` (a page break in Word, two <table>s on a page): spans that
    cross the cut end there and start again, label repeated, in the second table."""
    m = expand(t.grid)
    first = []
    for ri, row in enumerate(t.grid[:at]):
        first.append([Cell(c.text, rs=min(c.rs, at - ri), cs=c.cs, key=c.key, head=c.head) for c in row])
    second: Grid = [[Cell(c.text, c.rs, c.cs, c.key, c.head) for c in row] for row in t.grid[:repeat_header]]
    new_at = []
    ci = 0
    row_at = m[at]
    while ci < len(row_at):
        cell, top, left = row_at[ci]
        if top:
            new_at.append(cell)
        else:  # a span from above crosses the cut
            r0 = next(r for r in range(at, -1, -1) if m[r][ci][1])
            new_at.append(Cell(cell.text, rs=r0 + cell.rs - at, cs=cell.cs, key=cell.key, head=cell.head))
        ci += cell.cs
    second.append(new_at)
    second += [list(row) for row in t.grid[at + 1:]]
    return [Table(first, t.caption), Table(second, caption)]


# ------------------------------------------------------------------------------------ the report

@dataclass
class Doc:
    agency: str
    year: int
    template: str
    title: str
    blocks: list = field(default_factory=list)   # ("title", s) ("h", s) ("p", s) ("table", Table)
    date: str = ""


def build_doc(agency: str, year: int, template: str, v: dict, st: Style, t4_layout: str = "row15",
              t4_total: bool = True, t2_split_tables: bool = False, org_subtotal: bool = False,
              extra_col: str | None = None, extra_row=None, title: str | None = None, t3: dict | None = None,
              t3_split: int | None = None, embedded: dict | None = None) -> Doc:
    title = title or f"{agency}{year}年政府信息公开工作年度报告"
    d = Doc(agency, year, template, title, date=f"{year + 1}年1月{10 + year % 17}日")
    B = d.blocks.append
    B(("title", title))
    B(("p", f"本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
            f"《中华人民共和国政府信息公开工作年度报告格式》要求编制。报告中所列数据的统计期限自{year}年1月1日起至"
            f"{year}年12月31日止。如对本报告有疑问，请与{agency}办公室联系。"))
    B(("h", "一、总体情况"))
    B(("p", f"{year}年，{agency}认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，"
            "严格执行《条例》各项规定，持续提升政务公开质量和实效。"))
    B(("p", f"（一）主动公开。全年通过门户网站主动公开政府信息{200 + year % 97}条，发布政策解读{3 + year % 7}篇。"))
    B(("p", f"（二）依申请公开。全年共收到政府信息公开申请{int(v['requests.new.total'])}件，"
            f"上年结转{int(v['requests.carried_in.total'])}件，均在法定期限内答复。"))
    B(("p", "（三）政府信息管理。严格落实公开前保密审查机制，动态更新政府信息公开指南。"))
    B(("h", "二、主动公开政府信息情况"))
    for t in (t2_split if t2_split_tables else t2_grid)(template, v, st):
        B(("table", t))
    B(("h", "三、收到和处理政府信息公开申请情况"))
    g3 = t3_grid(template, v, st, org_subtotal=org_subtotal, extra_col=extra_col, extra_row=extra_row, **(t3 or {}))
    for t in (split_grid(g3, t3_split) if t3_split else [g3]):
        B(("table", t))
    B(("h", "四、政府信息公开行政复议、行政诉讼情况"))
    for t in t4_grid(v, st, t4_layout, t4_total):
        B(("table", t))
    B(("h", "五、存在的主要问题及改进情况"))
    B(("p", "一是政策解读形式还不够丰富；二是工作人员业务能力有待提高。下一步，我们将加强培训，提升公开质量。"))
    B(("h", "六、其他需要报告的事项"))
    B(("p", f"{year}年度未收取政府信息公开信息处理费。"))
    B(("sign", agency))
    B(("sign", d.date))
    if embedded:  # another report printed on the same page (last year's, or a subordinate unit's)
        B(("h", embedded["title"]))
        B(("p", "三、收到和处理政府信息公开申请情况"))
        B(("table", t3_grid(template, embedded["values"], st)))
        B(("p", "四、政府信息公开行政复议、行政诉讼情况"))
        for t in t4_grid(embedded["values"], st, t4_layout, t4_total):
            B(("table", t))
    return d


def printed_keys(d: Doc) -> set[str]:
    keys = set()
    for kind, x in d.blocks:
        if kind == "table":
            for row in x.grid:
                for c in row:
                    if c.key:
                        keys.add(c.key)
    return keys
