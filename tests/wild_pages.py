"""Hand-made report pages for the wild-layout tests: the national tables as real portals
print them, with every number known (shared by test_layouts_wild*.py)."""
from __future__ import annotations

import html as htmlmod
import io
import random

from extract.pipeline import extract_bytes  # noqa: F401

ORGS = ["commercial", "research", "social_welfare", "legal_services", "other_org"]
APPL = ["natural_person"] + ORGS
ORG_LABELS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
A4 = ["upheld", "corrected", "other", "pending", "total"]
A4_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

# (key or None for a group row, level-1 label, level-2 label, level-3 label) as the national
# template prints table 3 (format 2021).
T3_2021 = [
    ("new", "一、本年新收政府信息公开申请数量", "", ""),
    ("carried_in", "二、上年结转政府信息公开申请数量", "", ""),
    ("granted", "三、本年度办理结果", "（一）予以公开", ""),
    ("partial", "三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("denied_state_secret", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
    ("denied_law", "三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("denied_safety", "三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("denied_third_party", "三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"),
    ("denied_internal", "三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"),
    ("denied_process", "三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"),
    ("denied_case_file", "三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"),
    ("denied_inquiry", "三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_not_held", "三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_need_create", "三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("rejected_petition", "三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"),
    ("rejected_duplicate", "三、本年度办理结果", "（五）不予处理", "2.重复申请"),
    ("rejected_publication", "三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"),
    ("rejected_excessive", "三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("rejected_confirm", "三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "三、本年度办理结果", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "三、本年度办理结果", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "三、本年度办理结果", "（六）其他处理", "3.其他"),
    ("handled_total", "三、本年度办理结果", "（七）总计", ""),
    ("carried_out", "四、结转下年度继续办理", "", ""),
]
T3_2019 = [r for r in T3_2021 if not r[0].startswith("other_")]
T3_2019.insert(20, ("other", "三、本年度办理结果", "（六）其他处理", ""))
RESULT_KEYS = [r[0] for r in T3_2021 if r[1].startswith("三") and r[0] != "handled_total"]


# --- the numbers a report prints -------------------------------------------------------------

def t3_values(seed: int, fmt: str = "2021", subtotal: bool = False) -> dict[str, dict[str, int]]:
    """Table 3 numbers that satisfy every identity: {row: {col: n}}."""
    rng = random.Random(seed)
    rows = [r[0] for r in (T3_2021 if fmt == "2021" else T3_2019)]
    results = [r for r in rows if r not in ("new", "carried_in", "handled_total", "carried_out")]
    out = {r: {} for r in rows}
    for c in APPL:
        for r in results:
            out[r][c] = rng.choice([0, 0, 0, 1, 2, 3, 5, 12]) if c in ("natural_person", "commercial") or rng.random() < .3 else 0
        handled = sum(out[r][c] for r in results)
        out["handled_total"][c] = handled
        out["carried_out"][c] = rng.choice([0, 1, 2])
        out["carried_in"][c] = min(rng.choice([0, 1, 3]), handled + out["carried_out"][c])
        out["new"][c] = handled + out["carried_out"][c] - out["carried_in"][c]
    for r in rows:
        if subtotal:
            out[r]["org_subtotal"] = sum(out[r][c] for c in ORGS)
        out[r]["total"] = sum(out[r][c] for c in APPL)
    return out


def t4_values(seed: int) -> dict[str, dict[str, int]]:
    rng = random.Random(seed)
    out = {}
    for r in ("review", "suit_direct", "suit_after_review"):
        v = [rng.choice([0, 0, 1, 2, 3]) for _ in range(4)]
        out[r] = dict(zip(A4, v + [sum(v)]))
    return out


T2_2021 = {"regulations": {"issued": 2, "repealed": 1, "in_force": 17},
           "normative_docs": {"issued": 11, "repealed": 3, "in_force": 86},
           "licensing": {"decisions": 1325}, "penalty": {"decisions": 47},
           "enforcement": {"decisions": 5}, "admin_fees": {"amount_10k_yuan": 12.36}}
T2_2019 = {"regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
           "normative_docs": {"new_made": 4, "new_published": 4, "total_published": 31},
           "licensing": {"prev_year_items": 56, "change": -3, "decisions": 2210},
           "other_services": {"prev_year_items": 12, "change": 2, "decisions": 341},
           "penalty": {"prev_year_items": 120, "change": 0, "decisions": 88},
           "enforcement": {"prev_year_items": 9, "change": 1, "decisions": 3},
           "admin_fees": {"prev_year_items": 4, "change": 0},
           "procurement": {"items": 27, "amount": 386.52}}
T2_LABELS = {"regulations": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可",
             "penalty": "行政处罚", "enforcement": "行政强制", "admin_fees": "行政事业性收费",
             "other_services": "其他对外管理服务事项", "procurement": "政府集中采购"}
T2_COLS = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
           "decisions": "本年处理决定数量", "amount_10k_yuan": "本年收费金额（单位：万元）",
           "new_made": "本年新制作数量", "new_published": "本年新公开数量", "total_published": "对外公开总数量",
           "prev_year_items": "上一年项目数量", "change": "本年增/减", "items": "采购项目数量", "amount": "采购总金额"}
BLOCKS_2021 = [("第二十条第（一）项", ["regulations", "normative_docs"]),
               ("第二十条第（五）项", ["licensing"]), ("第二十条第（六）项", ["penalty", "enforcement"]),
               ("第二十条第（八）项", ["admin_fees"])]
BLOCKS_2019 = [("第二十条第（一）项", ["regulations", "normative_docs"]),
               ("第二十条第（五）项", ["licensing", "other_services"]),
               ("第二十条第（六）项", ["penalty", "enforcement"]),
               ("第二十条第（八）项", ["admin_fees"]), ("第二十条第（九）项", ["procurement"])]


def flat(table: str, vals: dict) -> dict[str, float]:
    return {f"{table}.{r}.{c}": float(v) for r, cols in vals.items() for c, v in cols.items()}


def num(v, unit: str = "") -> str:
    if isinstance(v, float):
        return f"{v:.2f}"
    return f"{v}{unit}"


# --- HTML pieces ----------------------------------------------------------------------------

def td(text="", rs=1, cs=1, tag="td") -> str:
    a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    t = "<br>".join(htmlmod.escape(p) for p in str(text).split("\n"))
    return f'<{tag}{a} style="text-align:center;"><p style="margin:0">{t}</p></{tag}>'


def table(rows: list[str], attrs='border="1" cellspacing="0" cellpadding="0" width="600"') -> str:
    return f"<table {attrs}><tbody>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>"


def t2_tables(fmt: str = "2021", one_table: bool = False) -> list[str]:
    """Table 2 as the national template prints it: one table per 第二十条 block (or all
    blocks stacked in one table, the block header a full-width row)."""
    vals, blocks = (T2_2021, BLOCKS_2021) if fmt == "2021" else (T2_2019, BLOCKS_2019)
    width = 4
    tables, rows = [], []
    for head, keys in blocks:
        cols = list(vals[keys[0]])
        rows.append(td(head, cs=width))
        rows.append(td("信息内容") + "".join(td(T2_COLS[c], cs=(width - 1) // len(cols) if c == cols[-1] and len(cols) < 3 else 1) for c in cols)
                    if len(cols) != 1 else td("信息内容") + td(T2_COLS[cols[0]], cs=3))
        for k in keys:
            cells = [num(vals[k][c]) if c != "change" or vals[k][c] <= 0 else f"+{vals[k][c]}" for c in cols]
            if len(cols) == 1:
                rows.append(td(T2_LABELS[k]) + td(cells[0], cs=3))
            elif len(cols) == 2:
                rows.append(td(T2_LABELS[k]) + td(cells[0]) + td(cells[1], cs=2))
            else:
                rows.append(td(T2_LABELS[k]) + "".join(td(x) for x in cells))
        if not one_table:
            tables.append(table(rows))
            rows = []
    if one_table:
        tables.append(table(rows))
    return tables


def t3_table(vals, fmt="2021", subtotal=False, numbering=None, typos=None, th=False, title_row=None,
             unit_row=None, unit="", single_col=False, no_corner=False, short_header=False,
             blank_zero=False) -> str:
    """Table 3 with the national three-level label columns (or one label column)."""
    spec = T3_2021 if fmt == "2021" else T3_2019
    typos = typos or {}
    numbering = numbering or {}
    htag = "th" if th else "td"
    ncols = 7 + (1 if subtotal else 0)
    lab_w = 1 if single_col else 3
    rows = []
    if title_row:
        rows.append(td(title_row, cs=lab_w + ncols))
    if unit_row:
        rows.append(td(unit_row, cs=lab_w + ncols))
    corner = "" if no_corner else "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    if short_header:  # no 「申请人情况」 row: the corner spans the two label rows
        rows.append(td(corner, rs=2, cs=lab_w, tag=htag))
    else:
        rows.append(td(corner, rs=3, cs=lab_w, tag=htag) + td("申请人情况", cs=ncols, tag=htag))
        rows.append("")
    rows[-1] += (td("自然人", rs=2, tag=htag) + td("法人或其他组织", cs=5 + (1 if subtotal else 0), tag=htag)
                + td("总计", rs=2, tag=htag))
    rows.append("".join(td(l, tag=htag) for l in ORG_LABELS) + (td("小计", tag=htag) if subtotal else ""))
    cols = APPL + (["org_subtotal"] if subtotal else []) + ["total"]

    def fix(label):
        label = numbering.get(label, label)
        return typos.get(label, label)

    def numbers(key):
        return "".join(td("" if blank_zero and not vals[key][c] else num(vals[key][c], unit)) for c in cols)

    if single_col:
        printed = set()
        for key, l1, l2, l3 in spec:
            for lab in (l1, l2):
                if lab and l3 and lab not in printed or (lab == l1 and l2 and lab not in printed):
                    if lab not in printed:
                        rows.append(td(fix(lab)) + "".join(td("") for _ in cols))
                        printed.add(lab)
            label = l3 or l2 or l1
            printed.add(label)
            rows.append(td(fix(label)) + numbers(key))
        return table(rows)
    # three label columns with rowspans, as the national template
    spans1 = {}
    spans2 = {}
    for key, l1, l2, l3 in spec:
        spans1[l1] = spans1.get(l1, 0) + 1
        if l3:
            spans2[l2] = spans2.get(l2, 0) + 1
    seen1, seen2 = set(), set()
    for key, l1, l2, l3 in spec:
        lab = ""
        if not l2:
            lab = td(fix(l1), cs=3)
        else:
            if l1 not in seen1:
                lab += td(fix(l1), rs=spans1[l1])
                seen1.add(l1)
            if not l3:
                lab += td(fix(l2), cs=2)
            else:
                if l2 not in seen2:
                    lab += td(fix(l2), rs=spans2[l2])
                    seen2.add(l2)
                lab += td(fix(l3))
        rows.append(lab + numbers(key))
    return table(rows)


def t4_table(vals, style="national", unit="") -> str:
    nums = [num(vals[r][c], unit) for r in ("review", "suit_direct", "suit_after_review") for c in A4]
    if style == "national":
        rows = [td("行政复议", cs=5) + td("行政诉讼", cs=10),
                "".join(td(l, rs=2) for l in A4_LABELS) + td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5),
                "".join(td(l) for l in A4_LABELS) * 2,
                "".join(td(n) for n in nums)]
    elif style == "split":  # 行政复议 spans two header rows; all fifteen column labels on row 3
        rows = [td("行政复议", cs=5, rs=2) + td("行政诉讼", cs=10),
                td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5),
                "".join(td(l) for l in A4_LABELS) * 3,
                "".join(td(n) for n in nums)]
    elif style == "words_split":  # 行政诉讼 printed as 「行政」/「诉讼」 over two rows, padding cells
        rows = [td("行政复议", cs=5) + td("行政") + td("") * 9,
                td("", cs=5) + td("诉讼") + td("") * 9,
                "".join(td(l, rs=2) for l in A4_LABELS) + td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5),
                "".join(td(l) for l in A4_LABELS) * 2,
                "".join(td(n) for n in nums)]
    return table(rows)


PROSE1 = ("<p>　　本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
          "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
          "本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。</p>")


def article(body: str, title: str, page_title: str | None = None, charset: str = "utf-8",
            sign: str = "", date: str = "2023年1月20日", h1: str | None = None) -> str:
    page_title = title if page_title is None else page_title
    h1 = f'<div class="article-title"><h1>{htmlmod.escape(title)}</h1></div>' if h1 is None else h1
    tail = f'<p style="text-align:right">{sign}</p><p style="text-align:right">{date}</p>' if sign else ""
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{htmlmod.escape(page_title)}</title></head><body>"
            '<div class="header"><ul><li>首页</li><li>政务公开</li><li>政府信息公开年报</li></ul></div>'
            f'<div class="main">{h1}<div class="info">发布时间：2023-01-20 09:12 来源：本站 浏览次数：312</div>'
            f'<div class="TRS_Editor">{body}{tail}</div></div>'
            '<div class="footer"><p>主办单位：测试市人民政府办公室 网站标识码：1234000001 ICP备案号：皖ICP备0000000号</p></div>'
            "</body></html>")


def report_body(year: int, t2: str, t3: str, t4: str, *, prose3: str = "", h=None) -> str:
    h = h or ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
              "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    return (PROSE1.format(y=year)
            + f"<p><strong>{h[0]}</strong></p><p>　　{year}年，我局坚持以习近平新时代中国特色社会主义思想为指导，"
            "认真贯彻落实政务公开各项决策部署，持续推进政府信息公开工作。</p>"
            f"<p><strong>{h[1]}</strong></p>{t2}"
            f"<p><strong>{h[2]}</strong></p>{prose3}{t3}"
            f"<p><strong>{h[3]}</strong></p>{t4}"
            f"<p><strong>{h[4]}</strong></p><p>　　一是公开内容不够全面；二是解读形式较为单一。下一步，我局将进一步加强培训。</p>"
            f"<p><strong>{h[5]}</strong></p><p>　　本年度未收取信息处理费。</p>")


# --- checking -------------------------------------------------------------------------------

def problems(r, expected: dict[str, float], agency: str, year: int, template: str,
             failing: set[tuple[str, str]] = frozenset(), status: str = "ok") -> list[str]:
    out = []
    got = r.values()
    wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) is None or abs(got[k] - v) > 1e-6}
    extra = sorted(set(got) - set(expected))
    if wrong:
        out.append(f"{len(wrong)} wrong/missing cells (got, want): " + str(dict(list(sorted(wrong.items()))[:6])))
    if extra:
        out.append(f"{len(extra)} extra cells: {extra[:6]}")
    if (r.agency, r.year, r.template) != (agency, year, template):
        out.append(f"meta {(r.agency, r.year, r.template)} != {(agency, year, template)}")
    if r.status != status:
        out.append(f"status {r.status}: {r.reason[:200]}")
    bad = {(c.rule, c.subject) for c in r.checks if not c.passed}
    if bad != set(failing):
        out.append(f"failed checks {sorted(bad)} != {sorted(failing)}")
    return out


def full_expected(fmt, t3, t4, t2=None):
    t2 = t2 or (T2_2021 if fmt == "2021" else T2_2019)
    return {**flat("active", t2), **flat("requests", t3), **flat("appeals", t4)}


AG = "测试市生态环境局"


def docx_bytes(build) -> bytes:
    import docx
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def docx_t3(d, vals, subtotal=False):
    cols = APPL + (["org_subtotal"] if subtotal else []) + ["total"]
    n = 3 + len(cols)
    t = d.add_table(rows=3 + len(T3_2021), cols=n)
    t.cell(0, 0).merge(t.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, n - 1)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, n - 2)).text = "法人或其他组织"
    t.cell(1, n - 1).merge(t.cell(2, n - 1)).text = "总计"
    for j, l in enumerate(ORG_LABELS + (["小计"] if subtotal else [])):
        t.cell(2, 4 + j).text = l
    first1, first2 = {}, {}
    for i, (key, l1, l2, l3) in enumerate(T3_2021):
        ri = 3 + i
        if not l2:
            t.cell(ri, 0).merge(t.cell(ri, 2)).text = l1
        else:
            first1.setdefault(l1, ri)
            if not l3:
                t.cell(ri, 1).merge(t.cell(ri, 2)).text = l2
            else:
                first2.setdefault(l2, ri)
                t.cell(ri, 2).text = l3
        for j, c in enumerate(cols):
            t.cell(ri, 3 + j).text = str(vals[key][c])
    for spec, col in ((first1, 0), (first2, 1)):
        for lab, start in spec.items():
            end = max(3 + i for i, row in enumerate(T3_2021) if row[1 + col] == lab)
            t.cell(start, col).merge(t.cell(end, col)).text = lab
    return t


def docx_t4(d, vals):
    t = d.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    for j, l in enumerate(A4_LABELS):
        t.cell(1, j).merge(t.cell(2, j)).text = l
        t.cell(2, 5 + j).text = l
        t.cell(2, 10 + j).text = l
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for j, v in enumerate(vals[r][c] for r in ("review", "suit_direct", "suit_after_review") for c in A4):
        t.cell(3, j).text = str(v)


def docx_t2(d):
    for head, keys in BLOCKS_2021:
        cols = list(T2_2021[keys[0]])
        t = d.add_table(rows=2 + len(keys), cols=4)
        t.cell(0, 0).merge(t.cell(0, 3)).text = head
        t.cell(1, 0).text = "信息内容"
        if len(cols) == 1:
            t.cell(1, 1).merge(t.cell(1, 3)).text = T2_COLS[cols[0]]
        else:
            for j, c in enumerate(cols):
                t.cell(1, 1 + j).text = T2_COLS[c]
        for i, k in enumerate(keys):
            t.cell(2 + i, 0).text = T2_LABELS[k]
            if len(cols) == 1:
                t.cell(2 + i, 1).merge(t.cell(2 + i, 3)).text = num(T2_2021[k][cols[0]])
            else:
                for j, c in enumerate(cols):
                    t.cell(2 + i, 1 + j).text = num(T2_2021[k][c])


def text_t3(vals, fmt="2021", subtotal=False, blank_zero=False):
    """Table 3 as Word saves it as text: one cell a line (tab-led), rows split by blank lines;
    merged label cells printed once."""
    spec = T3_2021 if fmt == "2021" else T3_2019
    out = ["\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "\t申请人情况", "",
           "\t自然人", "\t法人或其他组织", "\t总计", ""]
    out += [f"\t{l}" for l in ORG_LABELS] + (["\t小计"] if subtotal else []) + [""]
    cols = APPL + (["org_subtotal"] if subtotal else []) + ["total"]
    return out + text_t3_rows(vals, spec, cols, blank_zero)


def text_t3_rows(vals, spec, cols, blank_zero=False):
    """Table 3's rows as Word saves them as text: a merged label printed once, then the values."""
    out, seen = [], set()
    for key, l1, l2, l3 in spec:
        for lab in (l1, l2, l3):
            if lab and lab not in seen:
                out.append(f"\t{lab}")
                if lab != l3:
                    seen.add(lab)
        out += [f"\t{'' if blank_zero and not vals[key][c] else vals[key][c]}" for c in cols] + [""]
    return out


def text_t2():
    out = []
    for head, keys in BLOCKS_2021:
        cols = list(T2_2021[keys[0]])
        out += [f"\t{head}", "", "\t信息内容"] + [f"\t{T2_COLS[c]}" for c in cols] + [""]
        for k in keys:
            out += [f"\t{T2_LABELS[k]}"] + [f"\t{num(T2_2021[k][c])}" for c in cols] + [""]
    return out


def text_t4(vals):
    out = ["\t行政复议", "\t行政诉讼", ""]
    out += [f"\t{l}" for l in A4_LABELS] + ["\t未经复议直接起诉", "\t复议后起诉", ""]
    out += [f"\t{l}" for l in A4_LABELS] * 2 + [""]
    out += [f"\t{vals[r][c]}" for r in ("review", "suit_direct", "suit_after_review") for c in A4] + [""]
    return out


def text_report(t3_lines, t4):
    return [AG, "2022年政府信息公开工作年度报告", "",
            "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", "一、总体情况",
            "2022年，我局持续推进政务公开。", "二、主动公开政府信息情况"] + text_t2() + \
        ["三、收到和处理政府信息公开申请情况"] + t3_lines + ["四、政府信息公开行政复议、行政诉讼情况"] + text_t4(t4) + \
        ["五、存在的主要问题及改进情况", "解读形式单一。", "六、其他需要报告的事项", "无。", AG, "2023年1月20日"]


def tabbed_report(t3, t4, cols=None, header="自然人\t法人或其他组织\t总计") -> list[str]:
    """Word 「另存为纯文本」 of a DOCX: one table row a line, cells split by tabs, a merged
    cell printed once (so rows under a rowspan have fewer cells)."""
    cols = cols or APPL + ["total"]
    lines = [AG, "2022年政府信息公开工作年度报告",
             "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", "一、总体情况", "我局持续推进政务公开。",
             "二、主动公开政府信息情况"]
    for head, keys in BLOCKS_2021:
        t2cols = list(T2_2021[keys[0]])
        lines += [head, "\t".join(["信息内容"] + [T2_COLS[c] for c in t2cols])]
        lines += ["\t".join([T2_LABELS[k]] + [num(T2_2021[k][c]) for c in t2cols]) for k in keys]
    lines += ["三、收到和处理政府信息公开申请情况",
              "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
              header, "\t".join(ORG_LABELS)]
    seen = set()
    for key, l1, l2, l3 in T3_2021:
        labels = [l for l in (l1, l2, l3) if l and l not in seen]
        seen.update(l for l in (l1, l2) if l and (l3 or l == l1 and l2))
        lines.append("\t".join(labels + [str(t3[key][c]) for c in cols]))
    return lines + ["四、政府信息公开行政复议、行政诉讼情况", "行政复议\t行政诉讼",
                    "\t".join(A4_LABELS + ["未经复议直接起诉", "复议后起诉"]), "\t".join(A4_LABELS * 2),
                    "\t".join(str(t4[r][c]) for r in ("review", "suit_direct", "suit_after_review") for c in A4),
                    "五、存在的主要问题及改进情况", "解读形式单一。", "六、其他需要报告的事项", "无。", AG, "2023年1月20日"]
