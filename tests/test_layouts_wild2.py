"""Second round of realistic report layouts (see tests/test_layouts_wild.py for the first):
2019-format table 2 variants, table 3/4 header orders, captions, content controls and text
boxes in DOCX, HTML markup quirks, section and title wording, township/ministry agencies and
checks on blank cells. Helpers are copied from test_layouts_wild.py. Each test writes one
document in code, knows every number it printed, and checks cells exactly, agency/year/template,
status and that a check fails iff the printed numbers break an identity. Cases that fail today
are xfail(strict) with what goes wrong.
"""
from __future__ import annotations

import html as htmlmod
import io
import random
import re

import pytest

from extract.pipeline import extract_bytes

from wild_pages import *  # noqa: F401,F403 — the shared page builders


# --- Word-export plain text -----------------------------------------------------------------







# --- DOCX -----------------------------------------------------------------------------------







# === round 2 helpers =========================================================================

ROWS4 = ("review", "suit_direct", "suit_after_review")
TITLE = f"{AG}2022年政府信息公开工作年度报告"


def html_report(t2=None, t3=None, t4=None, *, year=2022, title=TITLE, fmt="2021", h=None, **kw):
    body = report_body(year, t2 if t2 is not None else "".join(t2_tables(fmt)), t3, t4, h=h)
    return extract_bytes(article(body, title, **kw).encode(), "a.html")


def t3_generic(spec, vals, cols, header_rows) -> str:
    """Table 3 with three label columns (rowspans) from `spec` rows (key, l1, l2, l3); keys
    not in the canonical set (e.g. 「_sub_denied」) are extra rows the report prints."""
    spans1, spans2 = {}, {}
    for key, l1, l2, l3 in spec:
        spans1[l1] = spans1.get(l1, 0) + 1
        if l3:
            spans2[l2] = spans2.get(l2, 0) + 1
    seen1, seen2, rows = set(), set(), list(header_rows)
    for key, l1, l2, l3 in spec:
        lab = ""
        if not l2:
            lab = td(l1, cs=3)
        else:
            if l1 not in seen1:
                lab += td(l1, rs=spans1[l1])
                seen1.add(l1)
            if not l3:
                lab += td(l2, cs=2)
            else:
                if l2 not in seen2:
                    lab += td(l2, rs=spans2[l2])
                    seen2.add(l2)
                lab += td(l3)
        rows.append(lab + "".join(td(vals[key][c]) for c in cols))
    return table(rows)


CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def t2_2019_blocks(vals, change_fmt=lambda v: f"+{v}" if v > 0 else str(v), amount_head="采购总金额",
                   amount_fmt=lambda v: f"{v:.2f}") -> str:
    """The 2019 national table 2: one 4-column table, a full-width row per 第二十条 item."""
    heads = {"第二十条第（一）项": ["new_made", "new_published", "total_published"],
             "第二十条第（五）项": ["prev_year_items", "change", "decisions"],
             "第二十条第（六）项": ["prev_year_items", "change", "decisions"],
             "第二十条第（八）项": ["prev_year_items", "change"],
             "第二十条第（九）项": ["items", "amount"]}
    rows = []
    for head, keys in BLOCKS_2019:
        cols = heads[head]
        rows.append(td(head, cs=4))
        labels = [T2_COLS[c] if c != "amount" else amount_head for c in cols]
        rows.append(td("信息内容") + "".join(td(l, cs=2 if (len(cols) == 2 and i == 1) else 1) for i, l in enumerate(labels)))
        for k in keys:
            cells = []
            for c in cols:
                v = vals[k][c]
                cells.append(change_fmt(v) if c == "change" else amount_fmt(v) if c == "amount" else str(v))
            rows.append(td(T2_LABELS[k]) + "".join(td(x, cs=2 if (len(cols) == 2 and i == 1) else 1) for i, x in enumerate(cells)))
    return table(rows)


def breaking(t3, cell, delta):
    """A copy of table 3 numbers with one printed cell off by `delta`."""
    out = {r: dict(c) for r, c in t3.items()}
    r, c = cell
    out[r][c] += delta
    return out


# --- 2019 format, table 2 variants ---------------------------------------------------------

def test_2019_table2_procurement_amount_with_wanyuan_header_and_thousands():
    """2019 table 2: 「采购总金额（万元）」 header, amount printed 「1,234.50」, fees row with two columns."""
    t3, t4 = t3_values(101, fmt="2019"), t4_values(101)
    t2v = {k: dict(v) for k, v in T2_2019.items()}
    t2v["procurement"]["amount"] = 1234.5
    t2 = t2_2019_blocks(t2v, amount_head="采购总金额（万元）", amount_fmt=lambda v: f"{v:,.2f}")
    assert "1,234.50" in t2
    r = html_report(t2, t3_table(t3, fmt="2019"), t4_table(t4), year=2020, title=f"{AG}2020年政府信息公开工作年度报告")
    assert not problems(r, full_expected("2019", t3, t4, t2v), AG, 2020, "2019")


def test_2019_table2_change_written_in_words():
    """本年增/减 written 「减少3」 / 「增加2」 / 「无变化」 instead of signed numbers."""
    t3, t4 = t3_values(102, fmt="2019"), t4_values(102)
    words = lambda v: f"增加{v}" if v > 0 else f"减少{-v}" if v < 0 else "0"  # noqa: E731
    t2 = t2_2019_blocks(T2_2019, change_fmt=words)
    assert "减少3" in t2 and "增加2" in t2
    r = html_report(t2, t3_table(t3, fmt="2019"), t4_table(t4), year=2020, title=f"{AG}2020年政府信息公开工作年度报告")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


def test_2019_table2_change_with_fullwidth_minus_and_zero_amount():
    """「－3」 (full-width minus) and 「＋2」, procurement amount 「0.00」 with 0 items."""
    t3, t4 = t3_values(103, fmt="2019"), t4_values(103)
    t2v = {k: dict(v) for k, v in T2_2019.items()}
    t2v["procurement"] = {"items": 0, "amount": 0.0}
    t2 = t2_2019_blocks(t2v, change_fmt=lambda v: f"＋{v}" if v > 0 else f"－{-v}" if v < 0 else "0")
    r = html_report(t2, t3_table(t3, fmt="2019"), t4_table(t4), year=2019, title=f"{AG}2019年政府信息公开工作年度报告")
    assert not problems(r, full_expected("2019", t3, t4, t2v), AG, 2019, "2019")


def test_2019_table2_other_services_in_its_own_block():
    """第二十条第（五）项 printed twice: 行政许可, then 其他对外管理服务事项 in a block of its own."""
    t3, t4 = t3_values(104, fmt="2019"), t4_values(104)
    t2 = t2_2019_blocks(T2_2019)
    head = td("第二十条第（五）项", cs=4) + "</tr><tr>" + td("信息内容") + td("上一年项目数量") + td("本年增/减") + td("处理决定数量")
    other = "<tr>" + td("其他对外管理服务事项")
    i = t2.index(other)
    t2 = t2[:i] + "<tr>" + head + "</tr>" + t2[i:]
    r = html_report(t2, t3_table(t3, fmt="2019"), t4_table(t4), year=2020, title=f"{AG}2020年政府信息公开工作年度报告")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


def test_2019_identity_broken_is_flagged():
    """Format 2019 with the single （六）其他处理 row; 自然人 （七）总计 printed one too high."""
    t3, t4 = t3_values(105, fmt="2019"), t4_values(105)
    bad = breaking(t3, ("handled_total", "natural_person"), 1)
    r = html_report(t2_2019_blocks(T2_2019), t3_table(bad, fmt="2019"), t4_table(t4), year=2020,
                    title=f"{AG}2020年政府信息公开工作年度报告")
    fails = {("requests.balance", "natural_person"), ("requests.results_sum", "natural_person"),
             ("requests.row_total", "handled_total")}
    assert not problems(r, full_expected("2019", bad, t4), AG, 2020, "2019", failing=fails)


def text_t2_2019(change_fmt=str):
    out = []
    heads = {"第二十条第（一）项": ["new_made", "new_published", "total_published"],
             "第二十条第（五）项": ["prev_year_items", "change", "decisions"],
             "第二十条第（六）项": ["prev_year_items", "change", "decisions"],
             "第二十条第（八）项": ["prev_year_items", "change"], "第二十条第（九）项": ["items", "amount"]}
    for head, keys in BLOCKS_2019:
        cols = heads[head]
        out += [f"\t{head}", "", "\t信息内容"] + [f"\t{T2_COLS[c]}" for c in cols] + [""]
        for k in keys:
            out += [f"\t{T2_LABELS[k]}"] + [f"\t{change_fmt(T2_2019[k][c]) if c == 'change' else num(T2_2019[k][c])}"
                                             for c in cols] + [""]
    return out


def test_word_export_text_2019_format():
    """Word 「另存为纯文本」 of a 2020 report in the 2019 format: five 第二十条 blocks, 「+2」/「-3」."""
    t3, t4 = t3_values(106, fmt="2019"), t4_values(106)
    lines = [AG, "2020年政府信息公开工作年度报告", "",
             "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。", "一、总体情况",
             "2020年，我局持续推进政务公开。", "二、主动公开政府信息情况"] + \
        text_t2_2019(lambda v: f"+{v}" if v > 0 else str(v)) + \
        ["三、收到和处理政府信息公开申请情况"] + text_t3(t3, fmt="2019") + \
        ["四、政府信息公开行政复议、行政诉讼情况"] + text_t4(t4) + \
        ["五、存在的主要问题及改进情况", "解读形式单一。", "六、其他需要报告的事项", "无。", AG, "2021年1月20日"]
    r = extract_bytes("\r\n".join(lines).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


# --- table 3 variants --------------------------------------------------------------------------

def t3_header(cols_order, org_first_sub=False):
    """Header rows for a column order made of natural_person, ORG (the five under 法人或其他组织), total."""
    row2, row3 = "", ""
    for c in cols_order:
        if c == "natural_person":
            row2 += td("自然人", rs=2)
        elif c == "total":
            row2 += td("总计", rs=2)
        elif c == "ORG":
            row2 += td("法人或其他组织", cs=5)
            row3 += "".join(td(l) for l in ORG_LABELS)
    return [td(CORNER, rs=3, cs=3) + td("申请人情况", cs=7), row2, row3]


def test_table3_total_column_first():
    """申请人情况 printed 总计 | 自然人 | 法人或其他组织 (five)."""
    t3, t4 = t3_values(110), t4_values(110)
    cols = ["total", "natural_person"] + ORGS
    html = t3_generic(T3_2021, t3, cols, t3_header(["total", "natural_person", "ORG"]))
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_org_columns_before_natural_person():
    """法人或其他组织 (five) | 自然人 | 总计."""
    t3, t4 = t3_values(111), t4_values(111)
    cols = ORGS + ["natural_person", "total"]
    html = t3_generic(T3_2021, t3, cols, t3_header(["ORG", "natural_person", "total"]))
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_export_text_table3_total_first():
    """Plain text of a table 3 whose 总计 column comes first."""
    t3, t4 = t3_values(112), t4_values(112)
    cols = ["total"] + APPL
    out = ["\t" + CORNER, "\t申请人情况", "", "\t总计", "\t自然人", "\t法人或其他组织", ""]
    out += [f"\t{l}" for l in ORG_LABELS] + [""] + text_t3_rows(t3, T3_2021, cols)
    r = extract_bytes("\r\n".join(text_report(out, t4)).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def with_subtotal_rows(t3, label="小计"):
    """Spec and values with a 「小计」 row after the last item of （三）（四）（五）（六）."""
    spec, vals = [], {k: dict(v) for k, v in t3.items()}
    groups = {"（三）不予公开": "denied_", "（四）无法提供": "unable_", "（五）不予处理": "rejected_", "（六）其他处理": "other_"}
    for i, row in enumerate(T3_2021):
        spec.append(row)
        key, l1, l2, l3 = row
        nxt = T3_2021[i + 1] if i + 1 < len(T3_2021) else None
        if l3 and (nxt is None or nxt[2] != l2):
            sub = "_sub_" + groups[l2]
            vals[sub] = {c: sum(t3[k][c] for k in t3 if k.startswith(groups[l2])) for c in APPL + ["total"]}
            spec.append((sub, l1, l2, label))
    return spec, vals


def test_table3_subtotal_rows_under_groups():
    """A 「小计」 row closes （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理: no key for it,
    no extra cells, no false check failure."""
    t3, t4 = t3_values(113), t4_values(113)
    spec, vals = with_subtotal_rows(t3)
    html = t3_generic(spec, vals, APPL + ["total"], t3_header(["natural_person", "ORG", "total"]))
    assert html.count(">小计<") == 4
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_subtotal_rows_called_heji():
    """The same with the group rows closed by 「合计」 (the word 总计 also matches as a total)."""
    t3, t4 = t3_values(114), t4_values(114)
    spec, vals = with_subtotal_rows(t3, label="合计")
    html = t3_generic(spec, vals, APPL + ["total"], t3_header(["natural_person", "ORG", "total"]))
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_rate_row_with_percentages():
    """An extra last row 「五、按时办结率」 with 「100%」 in each column: no key for it."""
    t3, t4 = t3_values(115), t4_values(115)
    html = t3_table(t3)
    html = html.replace("</tbody>", "<tr>" + td("五、按时办结率", cs=3) + td("100%") * 7 + "</tr></tbody>")
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_blank_rows_including_total_add_up():
    """Rows with nothing to report printed entirely blank, 总计 included; everything else adds up."""
    t3, t4 = t3_values(116), t4_values(116)
    for c in APPL + ["total"]:  # these two rows are printed blank: make them zero, keep identities
        t3["denied_state_secret"][c] = 0
    for c in APPL:
        t3["handled_total"][c] = sum(t3[k][c] for k in RESULT_KEYS)
        t3["carried_in"][c] = 0
        t3["new"][c] = t3["handled_total"][c] + t3["carried_out"][c]
    for k in t3:
        t3[k]["total"] = sum(t3[k][c] for c in APPL)
    html = t3_table(t3)
    for k in ("carried_in", "denied_state_secret"):
        label = {"carried_in": "二、上年结转政府信息公开申请数量", "denied_state_secret": "1.属于国家秘密"}[k]
        i = html.index(label)
        j = html.index("</tr>", i)
        seg = html[i:j]
        html = html[:i] + seg.replace('<p style="margin:0">0</p>', '<p style="margin:0"></p>') + html[j:]
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_numbers_with_unit_ge_and_spaces():
    """Numbers printed 「3个」 and 「1 2」 (a space from a line wrap inside the cell)."""
    t3, t4 = t3_values(117), t4_values(117)
    t3["new"]["natural_person"] += 10
    t3["carried_out"]["natural_person"] += 10
    for k in ("new", "carried_out"):
        t3[k]["total"] = sum(t3[k][c] for c in APPL)
    html = t3_table(t3, unit="个")
    n = t3["carried_out"]["natural_person"]
    html = html.replace(f"四、结转下年度继续办理</p></td>" + td(f"{n}个"), f"四、结转下年度继续办理</p></td>"
                        + f'<td><p><span>{str(n)[0]}</span>\n<span>{str(n)[1:]}</span></p></td>', 1)
    assert "<span>" in html
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_header_in_thead_with_th_and_spaced_spans():
    """<thead> with <th> header cells, 「colspan="5 "」 with a space, <tbody> per group."""
    t3, t4 = t3_values(118), t4_values(118)
    html = t3_table(t3, th=True)
    parts = html.split("<tr>")
    head = "<tr>" + "<tr>".join(parts[1:4])
    rest = "<tr>" + "<tr>".join(parts[4:])
    html = parts[0].replace("<tbody>", "") + "<thead>" + head + "</thead><tbody>" + rest
    html = html.replace('colspan="5"', 'colspan="5 "').replace('rowspan="3"', 'rowspan=" 3"')
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_digits_split_over_spans():
    """Each number is built from <span>s as the web editor leaves it: 「<span>1</span><span>2</span>」."""
    t3, t4 = t3_values(119), t4_values(119)
    t3["granted"]["natural_person"] += 12
    for k in ("granted", "handled_total", "new"):
        t3[k]["natural_person"] += 0 if k == "granted" else 12
        t3[k]["total"] = sum(t3[k][c] for c in APPL)
    html = t3_table(t3)
    html = re.sub(r'<p style="margin:0">(\d)(\d+)</p>', r'<p style="margin:0"><span lang="EN-US">\1</span><span lang="EN-US">\2</span></p>', html)
    assert '<span lang="EN-US">1</span>' in html
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


# --- table 4 variants --------------------------------------------------------------------------

def test_table4_total_called_heji():
    t3, t4 = t3_values(120), t4_values(120)
    html = t4_table(t4).replace(">总计<", ">合计<")
    assert ">合计<" in html
    r = html_report(None, t3_table(t3), html)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_total_called_heji_broken_flagged():
    """合计 columns, and 复议后起诉 合计 printed one too low: flagged."""
    t3, t4 = t3_values(121), t4_values(121)
    t4["suit_after_review"]["total"] = sum(t4["suit_after_review"][c] for c in A4[:4]) + 2
    html = t4_table(t4).replace(">总计<", ">合计<")
    r = html_report(None, t3_table(t3), html)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021",
                        failing={("appeals.row_total", "suit_after_review")})


def t4_nums(t4):
    return [t4[r][c] for r in ROWS4 for c in A4]


def test_table4_two_header_rows_three_groups():
    """Two header rows: 行政复议 | 行政诉讼（未经复议直接起诉） | 行政诉讼（复议后起诉）, then fifteen labels."""
    t3, t4 = t3_values(122), t4_values(122)
    rows = [td("行政复议", cs=5) + td("行政诉讼（未经复议直接起诉）", cs=5) + td("行政诉讼（复议后起诉）", cs=5),
            "".join(td(l) for l in A4_LABELS) * 3, "".join(td(n) for n in t4_nums(t4))]
    r = html_report(None, t3_table(t3), table(rows))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_two_header_rows_litigation_labels_in_row_two():
    """Two header rows: 行政复议 (cs5) | 未经复议直接起诉 (cs5) | 复议后起诉 (cs5) with no 行政诉讼 parent."""
    t3, t4 = t3_values(123), t4_values(123)
    rows = [td("行政复议", cs=5) + td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5),
            "".join(td(l) for l in A4_LABELS) * 3, "".join(td(n) for n in t4_nums(t4))]
    r = html_report(None, t3_table(t3), table(rows))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_review_and_litigation_in_separate_tables():
    """行政复议 in one table (5 columns), 行政诉讼 in the next (10 columns)."""
    t3, t4 = t3_values(124), t4_values(124)
    a = table([td("行政复议", cs=5), "".join(td(l) for l in A4_LABELS), "".join(td(t4["review"][c]) for c in A4)])
    b = table([td("行政诉讼", cs=10), td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5),
               "".join(td(l) for l in A4_LABELS) * 2,
               "".join(td(t4[r][c]) for r in ROWS4[1:] for c in A4)])
    r = html_report(None, t3_table(t3), a + "<p>　</p>" + b)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_in_thead_and_tbody():
    t3, t4 = t3_values(125), t4_values(125)
    html = t4_table(t4)
    parts = html.split("<tr>")
    html = parts[0].replace("<tbody>", "<thead>") + "<tr>" + "<tr>".join(parts[1:4]) + "</thead><tbody><tr>" + parts[4]
    html = html.replace('<td rowspan="2"', '<th rowspan="2"')
    r = html_report(None, t3_table(t3), html)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_vertical_with_rowspan_past_the_end():
    """Vertical table 4 whose 行政诉讼 cell says rowspan="4" with two rows left."""
    t3, t4 = t3_values(126), t4_values(126)
    rows = [td("", cs=2) + "".join(td(l) for l in A4_LABELS),
            td("行政复议", cs=2) + "".join(td(t4["review"][c]) for c in A4),
            td("行政诉讼", rs=4) + td("未经复议直接起诉") + "".join(td(t4["suit_direct"][c]) for c in A4),
            td("复议后起诉") + "".join(td(t4["suit_after_review"][c]) for c in A4)]
    r = html_report(None, t3_table(t3), table(rows))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


# --- captions, sections, titles, agencies ------------------------------------------------------

def test_tables_preceded_by_biao_captions():
    """「表一：主动公开政府信息情况」 … 「表三：…」 captions before each table, and 「单位：件」 after."""
    t3, t4 = t3_values(130), t4_values(130)
    t2 = "<p style='text-align:center'>表一：主动公开政府信息情况</p>" + "".join(t2_tables())
    t3h = "<p style='text-align:center'>表二：收到和处理政府信息公开申请情况</p><p style='text-align:right'>单位：件</p>" + t3_table(t3)
    t4h = "<p style='text-align:center'>表三：政府信息公开行政复议、行政诉讼情况</p>" + t4_table(t4)
    r = html_report(t2, t3h, t4h)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5, 6]


def test_caption_row_inside_each_table():
    """The caption 「表二 收到和处理政府信息公开申请情况」 as the first (full-width) row of the table."""
    t3, t4 = t3_values(131), t4_values(131)
    t3h = t3_table(t3, title_row="表二 收到和处理政府信息公开申请情况")
    t4h = t4_table(t4).replace("<tbody>", "<tbody><tr>" + td("表三 政府信息公开行政复议、行政诉讼情况", cs=15) + "</tr>", 1)
    r = html_report(None, t3h, t4h)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


PAREN_HEADS = ["（一）总体情况", "（二）主动公开政府信息情况", "（三）收到和处理政府信息公开申请情况",
               "（四）政府信息公开行政复议、行政诉讼情况", "（五）存在的主要问题及改进情况", "（六）其他需要报告的事项"]


def test_sections_numbered_in_parentheses():
    t3, t4 = t3_values(132), t4_values(132)
    r = html_report(None, t3_table(t3), t4_table(t4), h=PAREN_HEADS)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5, 6]


def test_sections_numbered_with_arabic_digits():
    t3, t4 = t3_values(133), t4_values(133)
    h = [f"{i}.{t[3:]}" for i, t in enumerate(PAREN_HEADS, 1)]
    r = html_report(None, t3_table(t3), t4_table(t4), h=h)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5, 6]


def test_section_five_titled_problems_and_measures():
    """「五、存在问题和改进措施」; section six titled 「六、其他需要报告的事项」 is missing."""
    t3, t4 = t3_values(134), t4_values(134)
    h = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "五、存在问题和改进措施", "本年度未收取信息处理费。"]
    r = html_report(None, t3_table(t3), t4_table(t4), h=h)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5]


def test_section_five_main_problems_and_measures():
    t3, t4 = t3_values(135), t4_values(135)
    h = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题和改进措施", "六、其他事项"]
    r = html_report(None, t3_table(t3), t4_table(t4), h=h)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert 5 in [s.number for s in r.sections]


def test_title_with_zhengwu_gongkai():
    """「测试市生态环境局2022年政务公开工作年度报告」 (no 信息公开 in the title)."""
    t3, t4 = t3_values(136), t4_values(136)
    r = html_report(None, t3_table(t3), t4_table(t4), title=f"{AG}2022年政务公开工作年度报告")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_with_quanwen_suffix():
    t3, t4 = t3_values(137), t4_values(137)
    r = html_report(None, t3_table(t3), t4_table(t4), title=f"{AG}2022年政府信息公开工作年度报告（全文）")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


@pytest.mark.parametrize("agency", ["测试县城关街道办事处", "测试县青山镇人民政府", "水利部", "浙江省自然资源厅",
                                    "国家税务总局测试市税务局", "测试市人民政府办公室"])
def test_agency_kinds(agency):
    t3, t4 = t3_values(138), t4_values(138)
    r = html_report(None, t3_table(t3), t4_table(t4), title=f"{agency}2022年政府信息公开工作年度报告")
    assert not problems(r, full_expected("2021", t3, t4), agency, 2022, "2021")


def test_township_title_with_year_first():
    """「2022年度青山镇人民政府政府信息公开工作年度报告」: the year before the agency."""
    t3, t4 = t3_values(139), t4_values(139)
    ag = "测试县青山镇人民政府"
    r = html_report(None, t3_table(t3), t4_table(t4), title=f"2022年度{ag}政府信息公开工作年度报告")
    assert not problems(r, full_expected("2021", t3, t4), ag, 2022, "2021")


def test_table2_decimal_fee_zero_and_thousands():
    """2021 table 2: fees 「0.00」, decisions 「1,325」."""
    t3, t4 = t3_values(140), t4_values(140)
    t2v = {k: dict(v) for k, v in T2_2021.items()}
    t2v["admin_fees"]["amount_10k_yuan"] = 0.0
    t2 = "".join(t2_tables()).replace(td("12.36", cs=3), td("0.00", cs=3)).replace(td("1325", cs=3), td("1,325", cs=3))
    assert "1,325" in t2 and "0.00" in t2
    r = html_report(t2, t3_table(t3), t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4, t2v), AG, 2022, "2021")


# --- DOCX --------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_report(build_tables, year=2022, heads=None):
    """A DOCX report; build_tables(d, which) adds table `which` (2, 3 or 4) after its heading."""
    heads = heads or ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]

    def build(d):
        d.add_paragraph(AG)
        d.add_paragraph(f"{year}年政府信息公开工作年度报告")
        d.add_paragraph(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
        d.add_paragraph(heads[0])
        d.add_paragraph(f"{year}年，我局持续推进政务公开。")
        for n in (2, 3, 4):
            d.add_paragraph(heads[n - 1])
            build_tables(d, n)
        for p in (heads[4], "解读形式单一。", heads[5], "无。", AG, f"{year + 1}年1月20日"):
            d.add_paragraph(p)
    return docx_bytes(build)


def wrap_last_table_in_sdt(d):
    from docx.oxml import parse_xml
    tbl = d.element.body.findall(f"{{{W}}}tbl")[-1]
    sdt = parse_xml(f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:alias w:val="表格"/></w:sdtPr><w:sdtContent/></w:sdt>')
    tbl.addprevious(sdt)
    sdt.find(f"{{{W}}}sdtContent").append(tbl)


def test_docx_tables_inside_content_controls():
    """Each table wrapped in a block-level content control (w:sdt), as template-based Word files have."""
    t3, t4 = t3_values(150), t4_values(150)

    def tables_all(d, n):
        before = len(d.element.body.findall(f"{{{W}}}tbl"))
        {2: fast_t2, 3: lambda d: fast_t3(d, t3), 4: lambda d: fast_t4(d, t4)}[n](d)
        while len(d.element.body.findall(f"{{{W}}}tbl")) > before:
            wrap_last_table_in_sdt(d)
    r = extract_bytes(docx_report(tables_all), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def wrap_cells_in_sdt(tbl_el, rows=None):
    """Cell-level content controls: each number cell (w:tc) of the given rows inside a w:sdt."""
    from docx.oxml import parse_xml
    trs = tbl_el.findall(f"{{{W}}}tr")
    for i, tr in enumerate(trs):
        if rows is not None and i not in rows:
            continue
        for tc in list(tr.findall(f"{{{W}}}tc")):
            text = "".join(t.text or "" for t in tc.iter(f"{{{W}}}t"))
            if text.strip().isdigit():
                sdt = parse_xml(f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:tag w:val="n"/></w:sdtPr><w:sdtContent/></w:sdt>')
                tc.addprevious(sdt)
                sdt.find(f"{{{W}}}sdtContent").append(tc)


def test_docx_number_cells_in_cell_level_content_controls():
    """Form-style template: every number cell of table 3 and 4 a cell-level content control
    (w:tr/w:sdt/w:sdtContent/w:tc)."""
    t3, t4 = t3_values(151), t4_values(151)

    def tables(d, n):
        if n == 2:
            fast_t2(d)
        elif n == 3:
            wrap_cells_in_sdt(fast_t3(d, t3))
        else:
            wrap_cells_in_sdt(fast_t4(d, t4))
    r = extract_bytes(docx_report(tables), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_docx_rows_in_row_level_content_control():
    """A repeating-section content control around the data rows of table 3 (w:tbl/w:sdt/w:sdtContent/w:tr)."""
    t3, t4 = t3_values(152), t4_values(152)
    from docx.oxml import parse_xml

    def tables(d, n):
        if n == 2:
            fast_t2(d)
        elif n == 3:
            tbl = fast_t3(d, t3)
            trs = tbl.findall(f"{{{W}}}tr")
            sdt = parse_xml(f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:tag w:val="rows"/></w:sdtPr><w:sdtContent/></w:sdt>')
            trs[3].addprevious(sdt)
            for tr in trs[3:]:
                sdt.find(f"{{{W}}}sdtContent").append(tr)
        else:
            fast_t4(d, t4)
    r = extract_bytes(docx_report(tables), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_docx_table4_inside_a_text_box():
    """Table 4 placed in a text box (a VML v:textbox in a w:pict of a paragraph run)."""
    t3, t4 = t3_values(153), t4_values(153)
    from docx.oxml import parse_xml

    def tables(d, n):
        if n == 2:
            fast_t2(d)
        elif n == 3:
            fast_t3(d, t3)
        else:
            tbl = fast_t4(d, t4)
            p = parse_xml(f'<w:p xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
                          '<v:shape id="tb1" style="width:450pt;height:120pt"><v:textbox><w:txbxContent/>'
                          '</v:textbox></v:shape></w:pict></w:r></w:p>')
            tbl.addprevious(p)
            box = next(p.iter(f"{{{W}}}txbxContent"))
            box.append(tbl)
            box.append(parse_xml(f'<w:p xmlns:w="{W}"/>'))
    r = extract_bytes(docx_report(tables), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def xml_table(rows) -> str:
    """A w:tbl from rows of cells; a cell is (text, gridSpan, vMerge) or ('@before', n) / ('@after', n)."""
    out = []
    for row in rows:
        pr, cells = "", ""
        before = next((c[1] for c in row if c[0] == "@before"), 0)
        after = next((c[1] for c in row if c[0] == "@after"), 0)
        if before or after:
            pr = "<w:trPr>" + (f'<w:gridBefore w:val="{before}"/>' if before else "") + \
                 (f'<w:gridAfter w:val="{after}"/>' if after else "") + "</w:trPr>"
        for c in row:
            if c[0] in ("@before", "@after"):
                continue
            text, gs, vm = (list(c) + [1, None])[:3]
            tcpr = (f'<w:gridSpan w:val="{gs}"/>' if gs > 1 else "") + \
                   ("" if vm is None else ('<w:vMerge w:val="restart"/>' if vm == "restart" else "<w:vMerge/>"))
            cells += (f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">"
                      f"{htmlmod.escape(text)}</w:t></w:r></w:p></w:tc>")
        out.append(f"<w:tr>{pr}{cells}</w:tr>")
    width = max(sum((c[1] if len(c) > 1 and c[0] not in ("@before", "@after") else 1) if c[0] not in ("@after",) else c[1]
                    for c in row) for row in rows)
    grid = "<w:tblGrid>" + '<w:gridCol w:w="600"/>' * width + "</w:tblGrid>"
    return f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>{grid}{"".join(out)}</w:tbl>'


def add_xml(d, xml):
    from docx.oxml import parse_xml
    el = parse_xml(xml)
    d.element.body.append(el)
    sect = d.element.body.find(f"{{{W}}}sectPr")
    if sect is not None:
        sect.addprevious(el)
    return el


T3_XML_HEAD = [[(CORNER, 3, "restart"), ("申请人情况", 7, None)],
               [(CORNER, 3, "continue"), ("自然人", 1, "restart"), ("法人或其他组织", 5, None), ("总计", 1, "restart")],
               [(CORNER, 3, "continue"), ("", 1, "continue")] + [(l, 1, None) for l in ORG_LABELS] + [("", 1, "continue")]]


def fast_t2(d):
    """docx_t2 written as XML (python-docx cell merging is slow)."""
    for head, keys in BLOCKS_2021:
        cols = list(T2_2021[keys[0]])
        w = 3 if len(cols) == 1 else 1
        rows = [[(head, 4, None)], [("信息内容", 1, None)] + [(T2_COLS[c], w, None) for c in cols]]
        rows += [[(T2_LABELS[k], 1, None)] + [(num(T2_2021[k][c]), w, None) for c in cols] for k in keys]
        add_xml(d, xml_table(rows))


def fast_t3(d, vals):
    return add_xml(d, xml_table(T3_XML_HEAD + t3_xml_rows(vals)))


def fast_t4(d, vals):
    rows = [[("行政复议", 5, None), ("行政诉讼", 10, None)],
            [(l, 1, "restart") for l in A4_LABELS] + [("未经复议直接起诉", 5, None), ("复议后起诉", 5, None)],
            [("", 1, "continue")] * 5 + [(l, 1, None) for l in A4_LABELS] * 2,
            [(str(n_), 1, None) for n_ in t4_nums(vals)]]
    return add_xml(d, xml_table(rows))


def t3_xml_rows(vals, spec=T3_2021, cols=None, first_rows_continue=False):
    """Data rows of table 3 with vMerge label columns."""
    cols = cols or APPL + ["total"]
    rows, prev1, prev2 = [], None, None
    for i, (key, l1, l2, l3) in enumerate(spec):
        if not l2:
            lab = [(l1, 3, None)]
            prev1 = prev2 = None
        else:
            c1 = (l1, 1, "restart") if l1 != prev1 and not (first_rows_continue and i == 0) else ("", 1, "continue")
            prev1 = l1
            if not l3:
                lab = [c1, (l2, 2, None)]
                prev2 = None
            else:
                c2 = (l2, 1, "restart") if l2 != prev2 and not (first_rows_continue and i == 0) else ("", 1, "continue")
                prev2 = l2
                lab = [c1, c2, (l3, 1, None)]
        rows.append(lab + [(str(vals[key][c]), 1, None) for c in cols])
    return rows


def test_docx_grid_before_after_and_vmerge_header():
    """Table 3 header rows 2 and 3 start with w:gridBefore=3 (no corner cell), 自然人 and 总计
    merged down with vMerge; table 4's data row ends with w:gridAfter=1 over a 16-column grid."""
    t3, t4 = t3_values(154), t4_values(154)
    head = [[(CORNER, 3, None), ("申请人情况", 7, None)],
            [("@before", 3), ("自然人", 1, "restart"), ("法人或其他组织", 5, None), ("总计", 1, "restart")],
            [("@before", 3), ("", 1, "continue")] + [(l, 1, None) for l in ORG_LABELS] + [("", 1, "continue")]]

    def tables(d, n):
        if n == 2:
            fast_t2(d)
        elif n == 3:
            add_xml(d, xml_table(head + t3_xml_rows(t3)))
        else:
            rows = [[("行政复议", 5, None), ("行政诉讼", 10, None), ("@after", 1)],
                    [(l, 1, "restart") for l in A4_LABELS] + [("未经复议直接起诉", 5, None), ("复议后起诉", 5, None), ("@after", 1)],
                    [("", 1, "continue")] * 5 + [(l, 1, None) for l in A4_LABELS] * 2 + [("@after", 1)],
                    [(str(n_), 1, None) for n_ in t4_nums(t4)] + [("@after", 1)]]
            add_xml(d, xml_table(rows))
    r = extract_bytes(docx_report(tables), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_docx_table3_split_by_page_break():
    """Table 3 split in two w:tbl at a page break (「拆分表格」): the second part has no header
    and its first row continues the vMerged 三、本年度办理结果 / （四）无法提供 cells."""
    t3, t4 = t3_values(155), t4_values(155)
    head = [[(CORNER, 3, "restart"), ("申请人情况", 7, None)],
            [(CORNER, 3, "continue"), ("自然人", 1, "restart"), ("法人或其他组织", 5, None), ("总计", 1, "restart")],
            [(CORNER, 3, "continue"), ("", 1, "continue")] + [(l, 1, None) for l in ORG_LABELS] + [("", 1, "continue")]]
    cut = 13  # from 2.没有现成信息需要另行制作 on

    def tables(d, n):
        if n == 2:
            fast_t2(d)
        elif n == 3:
            add_xml(d, xml_table(head + t3_xml_rows(t3, T3_2021[:cut])))
            add_xml(d, f'<w:p xmlns:w="{W}"><w:r><w:br w:type="page"/></w:r></w:p>')
            add_xml(d, xml_table(t3_xml_rows(t3, T3_2021[cut:], first_rows_continue=True)))
        else:
            fast_t4(d, t4)
    r = extract_bytes(docx_report(tables), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_docx_table3_split_with_repeated_header():
    """The same split, the second part repeating the three header rows (w:tblHeader)."""
    t3, t4 = t3_values(156), t4_values(156)
    head = [[(CORNER, 3, "restart"), ("申请人情况", 7, None)],
            [(CORNER, 3, "continue"), ("自然人", 1, "restart"), ("法人或其他组织", 5, None), ("总计", 1, "restart")],
            [(CORNER, 3, "continue"), ("", 1, "continue")] + [(l, 1, None) for l in ORG_LABELS] + [("", 1, "continue")]]
    cut = 10

    def tables(d, n):
        if n == 2:
            fast_t2(d)
        elif n == 3:
            add_xml(d, xml_table(head + t3_xml_rows(t3, T3_2021[:cut])))
            add_xml(d, f'<w:p xmlns:w="{W}"><w:r><w:br w:type="page"/></w:r></w:p>')
            add_xml(d, xml_table(head + t3_xml_rows(t3, T3_2021[cut:])))
        else:
            fast_t4(d, t4)
    r = extract_bytes(docx_report(tables), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_docx_2019_format_with_en_dash_minus():
    """DOCX 2020 report, 2019 format, change column 「-3」 written with an en dash 「–3」."""
    t3, t4 = t3_values(157, fmt="2019"), t4_values(157)

    def tables(d, n):
        if n == 2:
            heads = {"第二十条第（一）项": ["new_made", "new_published", "total_published"],
                     "第二十条第（五）项": ["prev_year_items", "change", "decisions"],
                     "第二十条第（六）项": ["prev_year_items", "change", "decisions"],
                     "第二十条第（八）项": ["prev_year_items", "change"], "第二十条第（九）项": ["items", "amount"]}
            rows = []
            for head, keys in BLOCKS_2019:
                cols = heads[head]
                rows.append([(head, 4, None)])
                rows.append([("信息内容", 1, None)] + [(T2_COLS[c], 4 - len(cols) if (i == len(cols) - 1) else 1, None)
                                                     for i, c in enumerate(cols)])
                for k in keys:
                    vals = [("–" + str(-T2_2019[k][c]) if c == "change" and T2_2019[k][c] < 0 else num(T2_2019[k][c]))
                            for c in cols]
                    rows.append([(T2_LABELS[k], 1, None)] + [(v, 4 - len(cols) if (i == len(cols) - 1) else 1, None)
                                                            for i, v in enumerate(vals)])
            add_xml(d, xml_table(rows))
        elif n == 3:
            head = [[(CORNER, 3, "restart"), ("申请人情况", 7, None)],
                    [(CORNER, 3, "continue"), ("自然人", 1, "restart"), ("法人或其他组织", 5, None), ("总计", 1, "restart")],
                    [(CORNER, 3, "continue"), ("", 1, "continue")] + [(l, 1, None) for l in ORG_LABELS] + [("", 1, "continue")]]
            add_xml(d, xml_table(head + t3_xml_rows(t3, T3_2019)))
        else:
            fast_t4(d, t4)
    r = extract_bytes(docx_report(tables, year=2020), "a.docx")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


def test_2019_table2_change_header_with_parentheses():
    """The change column headed 「本年增（减）」 / 「本年增加或减少」 instead of 「本年增/减」."""
    t3, t4 = t3_values(107, fmt="2019"), t4_values(107)
    t2 = t2_2019_blocks(T2_2019).replace(">本年增/减<", ">本年增（减）<", 2).replace(">本年增/减<", ">本年增加或减少<")
    assert "本年增（减）" in t2 and "本年增加或减少" in t2
    r = html_report(t2, t3_table(t3, fmt="2019"), t4_table(t4), year=2020, title=f"{AG}2020年政府信息公开工作年度报告")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


def zero_rows(t3, keys):
    """Table 3 numbers with the given result rows all zero, identities kept."""
    for k in keys:
        for c in APPL + ["total"]:
            t3[k][c] = 0
    for c in APPL:
        t3["handled_total"][c] = sum(t3[k][c] for k in RESULT_KEYS if k in t3)
        t3["new"][c] = t3["handled_total"][c] + t3["carried_out"][c] - t3["carried_in"][c]
    for k in t3:
        t3[k]["total"] = sum(t3[k][c] for c in APPL)
    return t3


def test_table3_blank_total_column_on_all_zero_rows_only():
    """总计 left blank exactly on the rows whose values are all zero (printed 0): adds up, no flag."""
    t3, t4 = zero_rows(t3_values(108), ["denied_state_secret", "denied_inquiry", "rejected_excessive"]), t4_values(108)
    html = t3_table(t3)
    parts = html.split("<tr>")
    zero = '<p style="margin:0">0</p>'
    for i, (key, *_) in enumerate(T3_2021):
        if t3[key]["total"] == 0:
            p = parts[4 + i]
            k = p.rindex(zero)
            parts[4 + i] = p[:k] + '<p style="margin:0"></p>' + p[k + len(zero):]
    assert sum(1 for k, *_ in T3_2021 if t3[k]["total"] == 0) >= 3
    r = html_report(None, "<tr>".join(parts), t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_without_group_header_row():
    """No 法人或其他组织 row: the second header row prints 自然人, the five organisation kinds and 总计."""
    t3, t4 = t3_values(109), t4_values(109)
    head = [td(CORNER, rs=2, cs=3) + td("申请人情况", cs=7),
            td("自然人") + "".join(td(l) for l in ORG_LABELS) + td("总计")]
    html = t3_generic(T3_2021, t3, APPL + ["total"], head)
    r = html_report(None, html, t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_transposed():
    """Table 3 turned on its side: applicant kinds as rows, the 25 result rows as columns under
    two header rows (group labels spanning their items)."""
    t3, t4 = t3_values(127), t4_values(127)
    top, second = td("申请人情况", rs=2), ""
    i = 0
    while i < len(T3_2021):
        key, l1, l2, l3 = T3_2021[i]
        if l3:
            n = sum(1 for r in T3_2021 if r[2] == l2)
            top += td(l2, cs=n)
            second += "".join(td(r[3]) for r in T3_2021 if r[2] == l2)
            i += n
        else:
            top += td(l2 or l1, rs=2)
            i += 1
    rows = [top.replace(td("申请人情况", rs=2), td("申请人情况", rs=2, cs=2), 1), second]
    for c in APPL + ["total"]:
        lab = (td("自然人", cs=2) if c == "natural_person" else td("总计", cs=2) if c == "total" else
               (td("法人或其他组织", rs=5) if c == "commercial" else "") + td(ORG_LABELS[ORGS.index(c)]))
        rows.append(lab + "".join(td(t3[k][c]) for k, *_ in T3_2021))
    r = html_report(None, table(rows), t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table2_2021_columns_in_another_order():
    """第二十条第（一）项 printed 现行有效件数 | 本年制发件数 | 本年废止件数."""
    t3, t4 = t3_values(128), t4_values(128)
    order = ["in_force", "issued", "repealed"]
    rows = [td("第二十条第（一）项", cs=4), td("信息内容") + "".join(td(T2_COLS[c]) for c in order)]
    rows += [td(T2_LABELS[k]) + "".join(td(T2_2021[k][c]) for c in order) for k in ("regulations", "normative_docs")]
    t2 = table(rows) + "".join(t2_tables()[1:])
    r = html_report(t2, t3_table(t3), t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_year_in_chinese_numerals():
    """「测试市生态环境局二〇二二年度政府信息公开工作年度报告」."""
    t3, t4 = t3_values(129), t4_values(129)
    r = html_report(None, t3_table(t3), t4_table(t4), title=f"{AG}二〇二二年度政府信息公开工作年度报告")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_docx_zhengwu_title_and_numbered_sections():
    """DOCX: 「2022年政务公开工作年度报告」 under the agency line, sections 1.…6."""
    t3, t4 = t3_values(158), t4_values(158)
    heads = [f"{i}.{t[3:]}" for i, t in enumerate(PAREN_HEADS, 1)]

    def build(d):
        d.add_paragraph(AG)
        d.add_paragraph("2022年政务公开工作年度报告")
        d.add_paragraph("本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。")
        d.add_paragraph(heads[0])
        d.add_paragraph("2022年，我局持续推进政务公开。")
        d.add_paragraph(heads[1])
        fast_t2(d)
        d.add_paragraph(heads[2])
        fast_t3(d, t3)
        d.add_paragraph(heads[3])
        fast_t4(d, t4)
        for p in (heads[4], "解读形式单一。", heads[5], "无。"):
            d.add_paragraph(p)
    r = extract_bytes(docx_bytes(build), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5, 6]


def test_table4_short_column_labels():
    """Table 4 headed 维持 / 纠正 / 其他 / 尚未审结 / 总计 (the 结果 words dropped)."""
    t3, t4 = t3_values(160), t4_values(160)
    html = t4_table(t4)
    for a, b in (("结果维持", "维持"), ("结果纠正", "纠正"), ("其他结果", "其他")):
        html = html.replace(f">{a}<", f">{b}<")
    r = html_report(None, t3_table(t3), html)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_group_labels_with_unit():
    """「行政复议（件）」 and 「行政诉讼（件）」 as the group labels of the national table 4."""
    t3, t4 = t3_values(161), t4_values(161)
    html = t4_table(t4).replace(">行政复议<", ">行政复议（件）<").replace(">行政诉讼<", ">行政诉讼（件）<")
    r = html_report(None, t3_table(t3), html)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_section_titles_first_and_last_varied():
    """「一、总体工作情况」 … 「六、其他需报告的事项」."""
    t3, t4 = t3_values(162), t4_values(162)
    h = ["一、总体工作情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需报告的事项"]
    r = html_report(None, t3_table(t3), t4_table(t4), h=h)
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5, 6]


def test_word_export_text_sections_in_parentheses_and_street_office():
    """Word text of a 街道办事处 report: sections （一）…（六）, agency only in the signature."""
    t3, t4 = t3_values(163), t4_values(163)
    ag = "测试市测试区城关街道办事处"
    lines = ["2022年政府信息公开工作年度报告", "",
             "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", PAREN_HEADS[0],
             "2022年，我街道持续推进政务公开。", PAREN_HEADS[1]] + text_t2() + \
        [PAREN_HEADS[2]] + text_t3(t3) + [PAREN_HEADS[3]] + text_t4(t4) + \
        [PAREN_HEADS[4], "解读形式单一。", PAREN_HEADS[5], "无。", ag, "2023年1月20日"]
    r = extract_bytes("\r\n".join(lines).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), ag, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5, 6]


def test_2021_format_for_report_year_2020():
    """An agency that adopted the new format early: report year 2020, tables in the 2021 format."""
    t3, t4 = t3_values(170), t4_values(170)
    r = html_report(None, t3_table(t3), t4_table(t4), year=2020, title=f"{AG}2020年政府信息公开工作年度报告")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2020, "2021")


def test_2019_format_for_report_year_2022():
    """An agency still on the old template in 2022: template follows table 2 (2019)."""
    t3, t4 = t3_values(171, fmt="2019"), t4_values(171)
    r = html_report(t2_2019_blocks(T2_2019), t3_table(t3, fmt="2019"), t4_table(t4))
    assert not problems(r, full_expected("2019", t3, t4), AG, 2022, "2019")


def test_docx_tracked_changes_in_number_cells():
    """A DOCX sent with revisions on: old numbers in w:del/w:delText, new ones in w:ins."""
    t3, t4 = t3_values(172), t4_values(172)

    def tables(d, n):
        if n == 2:
            fast_t2(d)
        elif n == 3:
            tbl = fast_t3(d, t3)
            for t in list(tbl.iter(f"{{{W}}}t")):
                if t.text and t.text.isdigit():
                    r = t.getparent()
                    p = r.getparent()
                    from docx.oxml import parse_xml
                    dele = parse_xml(f'<w:del xmlns:w="{W}" w:id="1" w:author="a" w:date="2023-01-10T00:00:00Z">'
                                     f'<w:r><w:delText>{int(t.text) + 7}</w:delText></w:r></w:del>')
                    ins = parse_xml(f'<w:ins xmlns:w="{W}" w:id="2" w:author="a" w:date="2023-01-10T00:00:00Z"/>')
                    r.addprevious(dele)
                    r.addprevious(ins)
                    ins.append(r)
        else:
            fast_t4(d, t4)
    r = extract_bytes(docx_report(tables), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_txt_one_row_a_line_total_first():
    """Word 「另存为纯文本」 one row a line, 总计 printed first in table 3."""
    t3, t4 = t3_values(173), t4_values(173)
    lines = tabbed_report(t3, t4, ["total"] + APPL, "总计\t自然人\t法人或其他组织")
    r = extract_bytes("\r\n".join(lines).encode("gbk"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table2_row_labels_with_unit_in_parentheses():
    """Table 2 row labels with their unit: 「规章（件）」, 「行政规范性文件（件）」, 「行政许可（件）」."""
    t3, t4 = t3_values(180), t4_values(180)
    t2 = "".join(t2_tables())
    for lab in ("规章", "行政规范性文件", "行政许可"):
        t2 = t2.replace(f">{lab}<", f">{lab}（件）<")
    r = html_report(t2, t3_table(t3), t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_as_notice_guanyu_gongbu():
    """「测试市生态环境局关于公布2022年政府信息公开工作年度报告的通知」."""
    t3, t4 = t3_values(181), t4_values(181)
    r = html_report(None, t3_table(t3), t4_table(t4), title=f"{AG}关于公布2022年政府信息公开工作年度报告的通知")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_total_header_with_unit():
    """Table 3's last column headed 「总计（件）」."""
    t3, t4 = t3_values(182), t4_values(182)
    r = html_report(None, t3_table(t3).replace(">总计<", ">总计（件）<"), t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_section_heading_run_in_with_its_paragraph():
    """「<p><strong>一、总体情况</strong>　　2022年，我局…</p>」: heading and first paragraph in one <p>."""
    t3, t4 = t3_values(184), t4_values(184)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4)).replace(
        "<p><strong>一、总体情况</strong></p><p>", "<p><strong>一、总体情况</strong>")
    r = extract_bytes(article(body, TITLE).encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert [s.number for s in r.sections if s.number] == [1, 2, 3, 4, 5, 6]


def test_table3_other_other_called_qita_qingxing():
    """（六）其他处理 item 3 printed 「3.其他情形」."""
    t3, t4 = t3_values(185), t4_values(185)
    r = html_report(None, t3_table(t3).replace(">3.其他<", ">3.其他情形<"), t4_table(t4))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_export_text_table4_in_two_tables():
    """Word text of table 4 printed as two tables: 行政复议 (5 columns), then 行政诉讼 (10 columns)."""
    t3, t4 = t3_values(186), t4_values(186)
    part1 = ["\t行政复议", ""] + [f"\t{l}" for l in A4_LABELS] + [""] + [f"\t{t4['review'][c]}" for c in A4] + [""]
    part2 = ["\t行政诉讼", "", "\t未经复议直接起诉", "\t复议后起诉", ""] + [f"\t{l}" for l in A4_LABELS] * 2 + [""] + \
        [f"\t{t4[r][c]}" for r in ROWS4[1:] for c in A4] + [""]
    lines = text_report(text_t3(t3), t4)
    i, j = lines.index("四、政府信息公开行政复议、行政诉讼情况"), lines.index("五、存在的主要问题及改进情况")
    lines = lines[:i + 1] + ["（一）行政复议情况"] + part1 + ["（二）行政诉讼情况"] + part2 + lines[j:]
    r = extract_bytes("\r\n".join(lines).encode(), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_export_text_table4_three_groups_two_header_rows():
    """Word text of table 4 with two header rows: 行政复议 / 行政诉讼（未经复议直接起诉） / 行政诉讼（复议后起诉）."""
    t3, t4 = t3_values(187), t4_values(187)
    t4c = ["\t行政复议", "\t行政诉讼（未经复议直接起诉）", "\t行政诉讼（复议后起诉）", ""] + \
        [f"\t{l}" for l in A4_LABELS] * 3 + [""] + [f"\t{n}" for n in t4_nums(t4)] + [""]
    lines = text_report(text_t3(t3), t4)
    i, j = lines.index("四、政府信息公开行政复议、行政诉讼情况"), lines.index("五、存在的主要问题及改进情况")
    r = extract_bytes("\r\n".join(lines[:i + 1] + t4c + lines[j:]).encode(), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
