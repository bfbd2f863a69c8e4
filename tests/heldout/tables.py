"""The report's tables as Cell grids, in the national layouts and in habits seen in the wild."""
from __future__ import annotations

from .model import APPEAL_COLS, APPEAL_ROWS, APPLICANTS, Cell, Table, result_rows

ORG_LABELS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
ORG_SHORT = ["商业", "科研", "公益", "法律", "其他"]
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

T2_2021 = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", "regulations", ["issued", "repealed", "in_force"]),
      ("行政规范性文件", "normative_docs", ["issued", "repealed", "in_force"])]),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "licensing", ["decisions"])]),
    ("第二十条第（六）项", ["本年处理决定数量"],
     [("行政处罚", "penalty", ["decisions"]), ("行政强制", "enforcement", ["decisions"])]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "admin_fees", ["amount_10k_yuan"])]),
]
T2_2019 = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", "regulations", ["new_made", "new_published", "total_published"]),
      ("规范性文件", "normative_docs", ["new_made", "new_published", "total_published"])]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", "licensing", ["prev_year_items", "change", "decisions"]),
      ("其他对外管理服务事项", "other_services", ["prev_year_items", "change", "decisions"])]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", "penalty", ["prev_year_items", "change", "decisions"]),
      ("行政强制", "enforcement", ["prev_year_items", "change", "decisions"])]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"],
     [("行政事业性收费", "admin_fees", ["prev_year_items", "change"])]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"],
     [("政府集中采购", "procurement", ["items", "amount"])]),
]

# (group label, group rows, sub label) for table 3 result rows
GROUPS_COMMON = [
    ("（一）予以公开", [("granted", None)]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("partial", None)]),
    ("（三）不予公开", [("denied_state_secret", "1.属于国家秘密"), ("denied_law", "2.其他法律行政法规禁止公开"),
                  ("denied_safety", "3.危及“三安全一稳定”"), ("denied_third_party", "4.保护第三方合法权益"),
                  ("denied_internal", "5.属于三类内部事务信息"), ("denied_process", "6.属于四类过程性信息"),
                  ("denied_case_file", "7.属于行政执法案卷"), ("denied_inquiry", "8.属于行政查询事项")]),
    ("（四）无法提供", [("unable_not_held", "1.本机关不掌握相关政府信息"), ("unable_need_create", "2.没有现成信息需要另行制作"),
                  ("unable_unclear", "3.补正后申请内容仍不明确")]),
    ("（五）不予处理", [("rejected_petition", "1.信访举报投诉类申请"), ("rejected_duplicate", "2.重复申请"),
                  ("rejected_publication", "3.要求提供公开出版物"), ("rejected_excessive", "4.无正当理由大量反复申请"),
                  ("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息")]),
]
GROUP_OTHER_2019 = ("（六）其他处理", [("other", None)])
GROUP_OTHER_2021 = ("（六）其他处理", [
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他")])


def groups(template):
    return GROUPS_COMMON + [GROUP_OTHER_2021 if template == "2021" else GROUP_OTHER_2019, ("（七）总计", [("handled_total", None)])]


def _v(rep, nf, key):
    return Cell(nf(key, rep.values[key]), key=key)


def _lab(text, colon, **kw):
    return Cell(text + ("：" if colon == "full" else ":" if colon == "half" else ""), label=True, **kw)


# ---------------------------------------------------------------- table 2

def table2(rep, nf, *, colon=None, seq=False, split=False, two_years=None, trail=0):
    """National table 2 (one table, 4 columns); split=True gives one Table per 第二十条 item.
    two_years=(prev_values, prev_year): each value column printed for last year then this year."""
    spec = T2_2021 if rep.template == "2021" else T2_2019
    tables, rows = [], []
    n = 0
    seq_no = list(range(1, 20))
    for item, heads, lines in spec:
        width = 3
        block = []
        block.append(([Cell(item, cs=1 + width * (2 if two_years else 1) + trail, head=True)], True))
        if two_years:
            prev, py = two_years
            hdr = [Cell("信息内容", head=True)]
            for h in heads:
                hdr += [Cell(f"{h}（{py}年）", head=True), Cell(f"{h}（{rep.year}年）", head=True)]
            if len(heads) < width:
                hdr[-1].cs += 2 * (width - len(heads))
        else:
            hdr = [Cell("信息内容", head=True)] + [Cell(h, head=True) for h in heads]
            if len(heads) < width:
                hdr[-1].cs = width - len(heads) + 1
        block.append((hdr, True))
        for lab, rk, cols in lines:
            n += 1
            row = [_lab(lab, colon)]
            for c in cols:
                k = f"active.{rk}.{c}"
                if two_years:
                    row.append(Cell(nf(k, prev[k])))
                row.append(_v(rep, nf, k))
            if len(cols) < width:
                row[-1].cs = (width - len(cols)) * (2 if two_years else 1) + 1
            block.append((row, False))
        if seq:
            for i, (row, head) in enumerate(block):
                if i == 0:
                    row[0].cs += 1
                elif head:
                    row.insert(0, Cell("序号", head=True))
                else:
                    row.insert(0, Cell(row[0].text and str(seq_no.pop(0))))
        for row, _ in block:
            if trail and not (len(row) == 1 and row[0].cs > 1):
                row.extend(Cell("") for _ in range(trail))
        if split:
            tables.append(Table([r for r, _ in block], caption=item, head_rows=2))
        else:
            rows.extend(r for r, _ in block)
    return tables if split else [Table(rows)]


# ---------------------------------------------------------------- table 3

def table3(rep, nf, *, merged=True, short=False, seq=False, colon=None, repeat_header_before=None,
           extra_row=False, rate=False, trail=0, split_labels=None, fake_total_col=None):
    """National table 3. merged: the label area spans 3 columns with row/col spans as in the Word
    template; otherwise one label column (group label before the first item)."""
    t = rep.template
    org = ORG_SHORT if short else ORG_LABELS
    cols = APPLICANTS + (["org_subtotal"] if rep.subtotal else []) + ["total"]
    n_org = 5 + (1 if rep.subtotal else 0)
    lab_w = 3 if merged else 1
    lead = 1 if seq else 0
    extra_cols = (1 if rate else 0) + trail
    head = []
    h0 = ([Cell("序号", rs=3, head=True)] if seq else []) + [Cell(CORNER if merged else "本列数据的勾稽关系", rs=3, cs=lab_w, head=True),
                                                            Cell("申请人情况", cs=len(cols), head=True)]
    if rate:
        h0.append(Cell("办结率", rs=3, head=True))
    h0 += [Cell("", rs=3) for _ in range(trail)]
    h1 = [Cell("自然人", rs=2, head=True), Cell("法人或其他组织", cs=n_org, head=True), Cell("总计", rs=2, head=True)]
    h2 = [Cell(x, head=True) for x in org] + ([Cell("小计", head=True)] if rep.subtotal else [])
    head = [h0, h1, h2]

    def vals(rk):
        return [_v(rep, nf, f"requests.{rk}.{c}") for c in cols]

    def rate_cell(rk):
        if not rate:
            return []
        new = rep.values["requests.new.total"] + rep.values["requests.carried_in.total"]
        h = rep.values["requests.handled_total.total"]
        return [Cell(f"{100.0 * h / new:.1f}%" if rk in ("handled_total",) and new else "100%" if rk == "granted" else "")]

    body = []  # list of (row cells, rk)
    body.append(([_lab("一、本年新收政府信息公开申请数量", colon, cs=lab_w)] + vals("new"), "new"))
    body.append(([_lab("二、上年结转政府信息公开申请数量", colon, cs=lab_w)] + vals("carried_in"), "carried_in"))
    gs = groups(t)
    n_result_rows = sum(len(g[1]) for g in gs)
    first = True
    for glab, items in gs:
        for i, (rk, sub) in enumerate(items):
            row = []
            if merged:
                if first:
                    row.append(_lab("三、本年度办理结果", None, rs=n_result_rows + (1 if extra_row else 0)))
                    first = False
                if sub is None:
                    row.append(_lab(glab, colon, cs=2))
                else:
                    if i == 0:
                        row.append(_lab(glab, None, rs=len(items)))
                    row.append(_lab(sub, colon))
            else:
                text = (glab if sub is None else (glab + sub if i == 0 else sub))
                if first:
                    text = "三、本年度办理结果" + text
                    first = False
                row.append(_lab(text, colon))
            body.append((row + vals(rk), rk))
            if extra_row and rk == "granted":
                xs = [Cell(str(max(0, rep.values[f"requests.granted.{c}"] // 2))) for c in cols]
                body.append(([_lab("其中：依申请公开转主动公开", None, cs=2 if merged else 1)] + xs, None))
    body.append(([_lab("四、结转下年度继续办理", colon, cs=lab_w)] + vals("carried_out"), "carried_out"))
    rows = [list(r) for r in head]
    k = 0
    for i, (row, rk) in enumerate(body):
        if repeat_header_before is not None and i == repeat_header_before:
            rows.extend([Cell(c.text, c.rs, c.cs, c.head) for c in r] for r in head)
        if seq:
            k += 1
            row.insert(0, Cell(str(k)))
        row.extend(rate_cell(rk) if rate else [])
        row.extend(Cell("") for _ in range(trail))
        rows.append(row)
    return [Table(rows, head_rows=3)]


def table3_totals(rep, nf, *, two_years=None):
    """Table 3 printed as one number a row (总计 only); two_years=(prev_values, prev_year) adds last year."""
    rows = [[Cell("项目", head=True)] + ([Cell(f"{two_years[1]}年", head=True)] if two_years else [])
            + [Cell(f"{rep.year}年" if two_years else "总计", head=True)]]

    def add(label, rk):
        k = f"requests.{rk}.total"
        rows.append([Cell(label, label=True)] + ([Cell(nf(k, two_years[0][k]))] if two_years else []) + [_v(rep, nf, k)])
    add("一、本年新收政府信息公开申请数量", "new")
    add("二、上年结转政府信息公开申请数量", "carried_in")
    first = True
    for glab, items in groups(rep.template):
        for i, (rk, sub) in enumerate(items):
            text = glab if sub is None else (glab + sub if i == 0 else sub)
            if first:
                text, first = "三、本年度办理结果" + text, False
            add(text, rk)
    add("四、结转下年度继续办理", "carried_out")
    return [Table(rows, head_rows=1)]


# ---------------------------------------------------------------- table 4

RES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def table4(rep, nf, layout="a", two_years=None):
    v = lambda k: _v(rep, nf, k)  # noqa: E731
    if layout in ("a", "d"):
        order = APPEAL_COLS if layout == "a" else ["total"] + APPEAL_COLS[:4]
        labs = [RES[APPEAL_COLS.index(c)] for c in order]
        h0 = [Cell("行政复议", cs=5, head=True), Cell("行政诉讼", cs=10, head=True)]
        h1 = [Cell(x, rs=2, head=True) for x in labs] + [Cell("未经复议直接起诉", cs=5, head=True), Cell("复议后起诉", cs=5, head=True)]
        h2 = [Cell(x, head=True) for x in labs] * 2
        data = [v(f"appeals.{r}.{c}") for r in APPEAL_ROWS for c in order]
        return [Table([h0, h1, h2, data], head_rows=3)]
    if layout == "b":   # vertical: 15 rows, merged group cells
        rows = [[Cell("项目", cs=3, head=True)] + ([Cell(f"{two_years[1]}年", head=True), Cell(f"{rep.year}年", head=True)]
                                                 if two_years else [Cell("数量", head=True)])]
        for r in APPEAL_ROWS:
            for j, c in enumerate(APPEAL_COLS):
                row = []
                if r == "review" and j == 0:
                    row.append(Cell("行政复议", rs=5, cs=2, label=True))
                if r == "suit_direct" and j == 0:
                    row.append(Cell("行政诉讼", rs=10, label=True))
                if r != "review" and j == 0:
                    row.append(Cell("未经复议直接起诉" if r == "suit_direct" else "复议后起诉", rs=5, label=True))
                row.append(Cell(RES[j], label=True))
                k = f"appeals.{r}.{c}"
                if two_years:
                    row.append(Cell(nf(k, two_years[0][k])))
                row.append(v(k))
                rows.append(row)
        return [Table(rows, head_rows=1)]
    if layout == "c":   # two tables, labels in the first column
        t1 = Table([[Cell("项目", head=True), Cell("行政复议", head=True)]]
                   + [[Cell(RES[j], label=True), v(f"appeals.review.{c}")] for j, c in enumerate(APPEAL_COLS)],
                   caption="（一）行政复议情况", head_rows=1)
        t2 = Table([[Cell("项目", head=True), Cell("未经复议直接起诉", head=True), Cell("复议后起诉", head=True)]]
                   + [[Cell(RES[j], label=True), v(f"appeals.suit_direct.{c}"), v(f"appeals.suit_after_review.{c}")]
                      for j, c in enumerate(APPEAL_COLS)],
                   caption="（二）行政诉讼情况", head_rows=1)
        return [t1, t2]
    raise ValueError(layout)


def printed(tables):
    out = {}
    for t in tables:
        for row in t.rows:
            for c in row:
                if c.key:
                    out[c.key] = None
    return out
