"""Reports as real portals publish them, in layouts the fixture generator (nianbao/world/samples*.py)
does not produce. Each test writes one realistic document by hand (HTML, Word-export text or
DOCX), knows every number it printed, and checks the extractor gives exactly those cells, the
right agency/year/template, status ok, and a failed check iff the printed numbers break an
identity. Cases that fail today are marked xfail(strict) with what goes wrong.
"""
from __future__ import annotations

import html as htmlmod
import io
import random

import pytest

from extract.pipeline import extract_bytes

from wild_pages import *  # noqa: F401,F403 — the shared page builders


# --- cases: HTML ----------------------------------------------------------------------------

def test_national_layout_baseline():
    """The national template as most portals print it: must read cleanly (control case)."""
    t3, t4 = t3_values(1), t4_values(1)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_with_org_subtotal_column():
    """法人或其他组织 with a 小计 column after its five columns (e.g. several Guangdong counties)."""
    t3, t4 = t3_values(2, subtotal=True), t4_values(2)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3, subtotal=True), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


NUMBERING_VARIANTS = {"（三）不予公开": "(三)不予公开", "1.属于国家秘密": "①属于国家秘密",
                      "2.其他法律行政法规禁止公开": "②其他法律行政法规禁止公开",
                      "3.危及“三安全一稳定”": "③危及“三安全一稳定”", "4.保护第三方合法权益": "④保护第三方合法权益",
                      "5.属于三类内部事务信息": "⑤属于三类内部事务信息", "6.属于四类过程性信息": "⑥属于四类过程性信息",
                      "7.属于行政执法案卷": "⑦属于行政执法案卷", "8.属于行政查询事项": "⑧属于行政查询事项",
                      "1.本机关不掌握相关政府信息": "（1）本机关不掌握相关政府信息",
                      "2.没有现成信息需要另行制作": "（2）没有现成信息需要另行制作",
                      "3.补正后申请内容仍不明确": "（3）补正后申请内容仍不明确",
                      "1.信访举报投诉类申请": "1、信访举报投诉类申请", "2.重复申请": "2、重复申请",
                      "3.要求提供公开出版物": "3、要求提供公开出版物", "4.无正当理由大量反复申请": "4、无正当理由大量反复申请",
                      "5.要求行政机关确认或重新出具已获取信息": "5、要求行政机关确认或重新出具已获取信息",
                      "3.其他": "（3）其他"}


def test_table3_single_label_column_with_numbering_variants():
    """All row labels in one column, group labels on their own rows, sub-items numbered
    ①…⑧ / （1） / 1、 as one agency's Word template does."""
    t3, t4 = t3_values(3), t4_values(3)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3, single_col=True, numbering=NUMBERING_VARIANTS),
                       t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_mixed_2021_table2_with_2019_table3():
    """Report year 2021 with the new table 2 but last year's table 3 (single （六）其他处理 row)."""
    t3, t4 = t3_values(4, fmt="2019"), t4_values(4)
    body = report_body(2021, "".join(t2_tables("2021")), t3_table(t3, fmt="2019"), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2021年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2021, "2021")


def test_format_2019_with_signed_changes_and_procurement_amount():
    """Report year 2020, format 2019: 「+2」/「-3」 changes, procurement amount with decimals."""
    t3, t4 = t3_values(5, fmt="2019"), t4_values(5)
    body = report_body(2020, "".join(t2_tables("2019")), t3_table(t3, fmt="2019"), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2020年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


TYPOS = {"2.其他法律行政法规禁止公开": "2、其他法律行政止公开", "（三）不予公开": "（三）不\n予公开",
         "三、本年度办理结果": "三 、本 年 度办 理\n结果", "四、结转下年度继续办理": "四、结转下一年度继续办理",
         "（七）总计": "七、总计", "一、本年新收政府信息公开申请数量": "一、本年新收政府信息公\n开申请数量",
         "5.属于三类内部事务信息": "5.属于三类内部事务 信息"}


def test_table3_label_typos_and_line_breaks():
    t3, t4 = t3_values(6), t4_values(6)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3, typos=TYPOS), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_th_header_cells():
    t3, t4 = t3_values(7), t4_values(7)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3, th=True), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_row_and_unit_row_inside_table3():
    t3, t4 = t3_values(8), t4_values(8)
    t3html = t3_table(t3, title_row="三、收到和处理政府信息公开申请情况", unit_row="单位：件")
    body = report_body(2022, "".join(t2_tables()), t3html, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_unit_row_right_aligned_without_title():
    """「单位：件」 in the last cell of its own row only, the rest empty padding."""
    t3, t4 = t3_values(9), t4_values(9)
    t3html = t3_table(t3).replace("<tbody>", "<tbody><tr>" + td("") * 9 + td("单位：件") + "</tr>", 1)
    body = report_body(2022, "".join(t2_tables()), t3html, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table2_all_blocks_in_one_table():
    t3, t4 = t3_values(10), t4_values(10)
    body = report_body(2022, t2_tables(one_table=True)[0], t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table2_2019_all_blocks_in_one_table():
    t3, t4 = t3_values(11, fmt="2019"), t4_values(11)
    body = report_body(2020, t2_tables("2019", one_table=True)[0], t3_table(t3, fmt="2019"), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2020年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


def test_table4_review_spans_two_header_rows():
    t3, t4 = t3_values(12), t4_values(12)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4, style="split"))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_litigation_word_split_over_two_rows():
    t3, t4 = t3_values(13), t4_values(13)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4, style="words_split"))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_numbers_printed_with_unit_jian():
    t3, t4 = t3_values(14), t4_values(14)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3, unit="件"), t4_table(t4, unit="件"))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_whole_report_inside_layout_table():
    """Old CMS pages: the article sits in a layout <table>, the report tables nested inside."""
    t3, t4 = t3_values(15), t4_values(15)
    title = f"{AG}2022年政府信息公开工作年度报告"
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = ('<html><head><meta charset="utf-8"><title>' + title + "</title></head><body>"
            '<table width="1000" align="center"><tr><td width="200"><table><tr><td>网站首页</td></tr>'
            "<tr><td>信息公开指南</td></tr><tr><td>信息公开年报</td></tr></table></td>"
            f'<td><table width="100%"><tr><td align="center"><b>{title}</b></td></tr>'
            "<tr><td>发布日期：2023-01-20</td></tr>"
            f"<tr><td>{body}</td></tr></table></td></tr></table></body></html>")
    r = extract_bytes(page.encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_split_over_two_lines():
    t3, t4 = t3_values(16), t4_values(16)
    h1 = f"<h1>{AG}<br>2022年政府信息公开工作年度报告</h1>"
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, "", page_title="政府信息公开年报_测试市人民政府", h1=h1).encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_only_in_page_title():
    t3, t4 = t3_values(17), t4_values(17)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, "", page_title=f"{AG}2022年政府信息公开工作年度报告_测试市人民政府",
                              h1="").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_agency_only_in_signature_and_chinese_date():
    """Heading says only 「2022年政府信息公开工作年度报告」; the agency signs at the end,
    dated 「二〇二三年一月二十日」."""
    t3, t4 = t3_values(18), t4_values(18)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = article(body, "2022年政府信息公开工作年度报告", page_title="2022年政府信息公开工作年度报告",
                   sign=AG, date="二〇二三年一月二十日").replace("发布时间：2023-01-20 09:12", "")
    r = extract_bytes(page.encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert r.published == "2023-01-20"


def test_year_only_in_statistics_period():
    t3, t4 = t3_values(19), t4_values(19)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = article(body, f"{AG}政府信息公开工作年度报告", page_title=f"{AG}政府信息公开工作年度报告")
    r = extract_bytes(page.encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_gbk_page_declaring_utf8():
    t3, t4 = t3_values(20), t4_values(20)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = article(body, f"{AG}2022年政府信息公开工作年度报告").replace("“", '"').replace("”", '"')
    r = extract_bytes(page.encode("gbk"), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_utf8_page_declaring_gb2312():
    t3, t4 = t3_values(21), t4_values(21)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = article(body, f"{AG}2022年政府信息公开工作年度报告", charset="gb2312")
    r = extract_bytes(page.encode("utf-8"), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_two_reports_on_one_page():
    """A county government's page that also carries one of its departments' reports below
    its own: the page's first report (the county's) is the one to extract, not a mix."""
    t3a, t4a = t3_values(22), t4_values(22)
    t3b, t4b = t3_values(23), t4_values(23)
    own = report_body(2022, "".join(t2_tables()), t3_table(t3a), t4_table(t4a))
    dept = report_body(2022, "".join(t2_tables()), t3_table(t3b), t4_table(t4b))
    body = (own + "<p>测试县人民政府办公室</p><p>2023年1月18日</p><hr>"
            "<p style='text-align:center'><strong>测试县教育局2022年政府信息公开工作年度报告</strong></p>" + dept)
    r = extract_bytes(article(body, "测试县人民政府2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3a, t4a), "测试县人民政府", 2022, "2021")


def test_legacy_2015_prose_report():
    text = ("<p>根据《中华人民共和国政府信息公开条例》规定，现公布我局2015年度政府信息公开工作年度报告。"
            "本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。</p>"
            "<p>一、概述</p><p>2015年，我局认真贯彻落实《条例》，全年主动公开政府信息326条。</p>"
            "<p>二、主动公开政府信息情况</p><p>全年通过门户网站主动公开信息326条，其中规范性文件5件。</p>"
            "<p>三、依申请公开政府信息情况</p><p>全年共受理政府信息公开申请12件，其中同意公开9件，"
            "部分公开1件，不予公开2件。</p>"
            "<p>四、政府信息公开的收费及减免情况</p><p>本年度未收取任何费用。</p>"
            "<p>五、因政府信息公开申请行政复议、提起行政诉讼的情况</p><p>全年未发生因政府信息公开申请行政复议、提起行政诉讼的情况。</p>"
            "<p>六、存在的主要问题及改进情况</p><p>公开内容还不够全面。</p>")
    r = extract_bytes(article(text, f"{AG}2015年政府信息公开工作年度报告").encode(), "a.html")
    assert (r.agency, r.year, r.template, r.status) == (AG, 2015, "legacy", "partial")
    assert r.values() == {}


def test_prose_restating_numbers_adds_nothing():
    t3, t4 = t3_values(24), t4_values(24)
    prose = (f"<p>　　2022年，我局共收到政府信息公开申请{t3['new']['total']}件，上年结转{t3['carried_in']['total']}件，"
             f"其中予以公开{t3['granted']['total']}件，部分公开{t3['partial']['total']}件；"
             f"结转下年度继续办理{t3['carried_out']['total']}件。具体情况如下：</p>")
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4), prose3=prose)
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_printed_totals_breaking_identities_are_flagged():
    """The agency added a row wrong: the total column of 予以公开 is off by one, and 结转
    does not balance for natural persons. Cells as printed; exactly those checks fail."""
    t3, t4 = t3_values(25), t4_values(25)
    t3["granted"]["total"] += 1
    t3["carried_out"]["natural_person"] += 2
    t3["carried_out"]["total"] += 2
    t4["review"]["total"] += 1
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    failing = {("requests.row_total", "granted"), ("requests.results_sum", "total"),
               ("requests.balance", "natural_person"), ("appeals.row_total", "review")}
    # the +2 in carried_out.total also unbalances the total column
    failing.add(("requests.balance", "total"))
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021", failing=failing)


def test_table3_without_corner_note_and_header_in_first_label_cell():
    """Corner cell left empty; 「申请人情况」 row dropped: header is 自然人/法人或其他组织/总计."""
    t3, t4 = t3_values(26), t4_values(26)
    t3html = t3_table(t3, no_corner=True, short_header=True)
    body = report_body(2022, "".join(t2_tables()), t3html, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


# --- Word-export plain text -----------------------------------------------------------------







def test_word_export_text_2021():
    t3, t4 = t3_values(27), t4_values(27)
    lines = [AG, "2022年政府信息公开工作年度报告", "",
             "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", "一、总体情况",
             "2022年，我局持续推进政务公开。", "二、主动公开政府信息情况"] + text_t2() + \
            ["三、收到和处理政府信息公开申请情况"] + text_t3(t3) + \
            ["四、政府信息公开行政复议、行政诉讼情况"] + text_t4(t4) + \
            ["五、存在的主要问题及改进情况", "解读形式单一。", "六、其他需要报告的事项", "无。", AG, "2023年1月20日"]
    r = extract_bytes("\r\n".join(lines).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


# --- DOCX -----------------------------------------------------------------------------------



def test_docx_with_org_subtotal_and_signature_agency():
    """A DOCX attachment: heading without agency, 小计 column, agency in the signature."""
    t3, t4 = t3_values(28, subtotal=True), t4_values(28)

    def build(d):
        d.add_paragraph("2022年政府信息公开工作年度报告")
        d.add_paragraph("本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。")
        d.add_paragraph("一、总体情况")
        d.add_paragraph("2022年，我局持续推进政务公开。")
        d.add_paragraph("二、主动公开政府信息情况")
        docx_t2(d)
        d.add_paragraph("三、收到和处理政府信息公开申请情况")
        docx_t3(d, t3, subtotal=True)
        d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
        docx_t4(d, t4)
        for p in ("五、存在的主要问题及改进情况", "解读形式单一。", "六、其他需要报告的事项", "无。", AG, "2023年1月20日"):
            d.add_paragraph(p)

    r = extract_bytes(docx_bytes(build), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


# --- more HTML cases ------------------------------------------------------------------------

def test_group_rows_carrying_subtotals():
    """Some agencies fill the group rows （三）不予公开 / （四）无法提供 / （五）不予处理 /
    （六）其他处理 with their subtotals. Those have no canonical key: nothing extra, no false
    check failure."""
    t3, t4 = t3_values(29), t4_values(29)
    groups = {"（三）不予公开": "denied_", "（四）无法提供": "unable_", "（五）不予处理": "rejected_", "（六）其他处理": "other_"}
    cols = APPL + ["total"]
    rows = [td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=2) + td("申请人情况", cs=7),
            td("自然人", rs=2) + td("法人或其他组织", cs=5) + td("总计", rs=2),
            "".join(td(l) for l in ORG_LABELS)]
    printed = set()
    for key, l1, l2, l3 in T3_2021:
        if l3 and l2 not in printed:
            printed.add(l2)
            pre = groups[l2]
            sub = {c: sum(t3[k][c] for k in t3 if k.startswith(pre)) for c in cols}
            rows.append(td(l2, cs=2) + "".join(td(sub[c]) for c in cols))
        label = td(l3 or l2 or l1, cs=2) if not l3 else td("") + td(l3)
        rows.append(label + "".join(td(t3[key][c]) for c in cols))
    body = report_body(2022, "".join(t2_tables()), table(rows), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_with_year_in_parentheses_after():
    """「测试市生态环境局政府信息公开工作年度报告（2022年度）」, a common title form."""
    t3, t4 = t3_values(30), t4_values(30)
    title = f"{AG}政府信息公开工作年度报告（2022年度）"
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, title).encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_with_guanyu():
    """「测试市生态环境局关于2022年度政府信息公开工作年度报告」."""
    t3, t4 = t3_values(31), t4_values(31)
    title = f"{AG}关于2022年度政府信息公开工作年度报告"
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, title).encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_preamble_sentence_naming_the_report():
    """The first paragraph says 「…现向社会公布测试市生态环境局2022年政府信息公开工作年度报告。」:
    a sentence, not the title."""
    t3, t4 = t3_values(32), t4_values(32)
    pre = (f"<p>　　根据《中华人民共和国政府信息公开条例》第五十条规定，现向社会公布{AG}2022年政府信息公开工作年度报告。"
           "如对本报告有任何疑问，请联系我局办公室。</p>")
    body = pre + report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_txt_one_row_a_line():
    """Word 「另存为纯文本」 of a DOCX: one table row a line, cells split by tabs, a merged
    cell printed once (so rows under a rowspan have fewer cells)."""
    t3, t4 = t3_values(33), t4_values(33)
    lines = tabbed_report(t3, t4)
    r = extract_bytes("\r\n".join(lines).encode("gbk"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_vertical_with_litigation_group_cell():
    """Table 4 printed vertically: 行政诉讼 a rowspan=2 cell left of 未经复议直接起诉 / 复议后起诉."""
    t3, t4 = t3_values(34), t4_values(34)
    rows = [td("", cs=2) + "".join(td(l) for l in A4_LABELS),
            td("行政复议", cs=2) + "".join(td(t4["review"][c]) for c in A4),
            td("行政诉讼", rs=2) + td("未经复议直接起诉") + "".join(td(t4["suit_direct"][c]) for c in A4),
            td("复议后起诉") + "".join(td(t4["suit_after_review"][c]) for c in A4)]
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), table(rows))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table2_with_title_row_and_units_in_cells():
    """Table 2 in one table whose first row is its section title, counts printed 「2件」 and
    the fee 「12.36万元」."""
    t3, t4 = t3_values(35), t4_values(35)
    t2 = t2_tables(one_table=True)[0]
    t2 = t2.replace("<tbody>", "<tbody><tr>" + td("二、主动公开政府信息情况", cs=4) + "</tr>", 1)
    for k in ("regulations", "normative_docs"):
        for c, v in T2_2021[k].items():
            t2 = t2.replace(f'{td(v)}', td(f"{v}件"), 1)
    t2 = t2.replace(td("12.36", cs=3), td("12.36万元", cs=3))
    body = report_body(2022, t2, t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert "12.36万元" in t2 and "17件" in t2
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_department_report_embedded_after_intro_of_host_page():
    """A town's page that publishes its 司法所's report: the page title names the town, the
    article title and signature name the 司法所. The report's own title wins."""
    t3, t4 = t3_values(36), t4_values(36)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    dept = "测试县测试镇司法所"
    page = article(body, f"{dept}2022年度政府信息公开工作年度报告",
                   page_title="测试镇人民政府2022年政府信息公开工作年度报告_测试县人民政府", sign=dept)
    r = extract_bytes(page.encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), dept, 2022, "2021")


def test_padding_cells_instead_of_spans_in_table3_header():
    """An editor that does not merge: 法人或其他组织 printed once then empty cells, label
    columns repeated blank below their group label."""
    t3, t4 = t3_values(37), t4_values(37)
    cols = APPL + ["total"]
    rows = [td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）") + td("") + td("") + td("申请人情况") + td("") * 6,
            td("") * 3 + td("自然人") + td("法人或其他组织") + td("") * 4 + td("总计"),
            td("") * 3 + td("") + "".join(td(l) for l in ORG_LABELS) + td("")]
    last1 = last2 = None
    for key, l1, l2, l3 in T3_2021:
        a = l1 if l1 != last1 else ""
        b = l2 if l2 != last2 else ""
        last1, last2 = l1, l2
        rows.append(td(a) + td(b) + td(l3) + "".join(td(t3[key][c]) for c in cols))
    body = report_body(2022, "".join(t2_tables()), table(rows), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_mixed_2019_table2_with_2021_table3():
    """Report year 2020 in the old table 2 but the new table 3 (three 其他处理 rows)."""
    t3, t4 = t3_values(38), t4_values(38)
    body = report_body(2020, "".join(t2_tables("2019")), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2020年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2019", t3, t4), AG, 2020, "2019")


def test_table3_split_in_two_tables_without_repeated_header():
    """Word's 「拆分表格」 at a page break: the second part (from 无法提供 on) has no header,
    and the merged label cells that crossed the break continue as empty merged cells."""
    t3, t4 = t3_values(39), t4_values(39)
    whole = t3_table(t3)
    cut = whole.index("<tr>", whole.index("1.本机关不掌握相关政府信息") - 400)
    part1 = whole[:cut] + "</tbody></table>"
    cols = APPL + ["total"]
    rest = T3_2021[12:]
    n1 = sum(1 for r in rest if r[1].startswith("三"))
    rows, seen = [], set()
    for i, (key, l1, l2, l3) in enumerate(rest):
        lab = ""
        if not l2:
            lab = td(l1, cs=3)
        else:
            if i == 0:
                lab += td("", rs=n1)
            if not l3:
                lab += td(l2, cs=2)
            else:
                if l2 not in seen:
                    seen.add(l2)
                    lab += td("" if i == 0 else l2, rs=sum(1 for r in rest if r[2] == l2))
                lab += td(l3)
        rows.append(lab + "".join(td(t3[key][c]) for c in cols))
    part2 = "<p>　</p>" + table(rows)
    body = report_body(2022, "".join(t2_tables()), part1 + part2, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_printed_as_image_is_partial():
    """Table 3 pasted as a picture (「图片版」); tables 2 and 4 are HTML. Read what is there,
    status partial naming the requests table."""
    t3, t4 = t3_values(40), t4_values(40)
    body = report_body(2022, "".join(t2_tables()), '<p style="text-align:center"><img src="/u/cms/2023/0120/t3.png" width="600"></p>',
                       t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    exp = {**flat("active", T2_2021), **flat("appeals", t4)}
    assert not problems(r, exp, AG, 2022, "2021", status="partial")
    assert "requests" in r.reason


def test_agency_with_second_name_in_parentheses():
    """「测试市财政局（测试市国有资产监督管理局）2022年度政府信息公开工作年度报告」."""
    t3, t4 = t3_values(41), t4_values(41)
    ag = "测试市财政局（测试市国有资产监督管理局）"
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{ag}2022年度政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), ag, 2022, "2021")


def test_closing_date_with_ten_in_day():
    """Signed 「二〇二三年一月十八日」 / 「2023年1月18日」 differ only in script: same date."""
    t3, t4 = t3_values(42), t4_values(42)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = article(body, f"{AG}2022年政府信息公开工作年度报告", sign=AG, date="二〇二三年一月十八日"
                   ).replace("发布时间：2023-01-20 09:12", "")
    r = extract_bytes(page.encode(), "a.html")
    assert r.published == "2023-01-18"


def test_published_date_from_article_info_line():
    """No date under the signature; the portal's info line says 「发布时间：2023-01-20 09:12」."""
    t3, t4 = t3_values(43), t4_values(43)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert r.published == "2023-01-20"


def test_table2_one_table_with_padding_cells_instead_of_colspan():
    """Table 2 in one 4-column table, narrower rows padded with empty cells (no colspan)."""
    t3, t4 = t3_values(44), t4_values(44)
    rows = []
    for head, keys in BLOCKS_2021:
        cols = list(T2_2021[keys[0]])
        pad = 3 - len(cols)
        rows.append(td(head) + td("") * 3)
        rows.append(td("信息内容") + "".join(td(T2_COLS[c]) for c in cols) + td("") * pad)
        for k in keys:
            rows.append(td(T2_LABELS[k]) + "".join(td(num(T2_2021[k][c])) for c in cols) + td("") * pad)
    body = report_body(2022, table(rows), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table2_block_headers_in_a_left_column():
    """Table 2 in one table, 第二十条第（X）项 a rowspan cell on the left of each block."""
    t3, t4 = t3_values(45), t4_values(45)
    rows = []
    for head, keys in BLOCKS_2021:
        cols = list(T2_2021[keys[0]])
        cs = {1: 3, 2: 1, 3: 1}[len(cols)]
        rows.append(td(head, rs=1 + len(keys)) + td("信息内容") + "".join(td(T2_COLS[c], cs=cs) for c in cols))
        for k in keys:
            rows.append(td(T2_LABELS[k]) + "".join(td(num(T2_2021[k][c]), cs=cs) for c in cols))
    body = report_body(2022, table(rows), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_invisible_characters_from_the_web_editor():
    """UEditor/WeChat paste leaves U+FEFF and U+200B in cells: 「\\ufeff0」, 「\\u200b予以公开」."""
    t3, t4 = t3_values(46), t4_values(46)
    t3html = t3_table(t3).replace('<p style="margin:0">0</p>', '<p style="margin:0">\ufeff0</p>')
    t3html = t3html.replace("（一）予以公开", "\u200b（一）予以公开")
    t4html = t4_table(t4).replace('<p style="margin:0">0</p>', '<p style="margin:0">0\u200b</p>')
    body = report_body(2022, "".join(t2_tables()), t3html, t4html)
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert "\ufeff0" in t3html and "0\u200b" in t4html
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_org_subtotal_printed_first_and_called_heji():
    """法人或其他组织: 「合计」 printed before its five columns; 总计 at the end."""
    t3, t4 = t3_values(47, subtotal=True), t4_values(47)
    cols = ["natural_person", "org_subtotal"] + ORGS + ["total"]
    rows = [td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3) + td("申请人情况", cs=8),
            td("自然人", rs=2) + td("法人或其他组织", cs=6) + td("总计", rs=2),
            td("合计") + "".join(td(l) for l in ORG_LABELS)]
    html = t3_table(t3)  # reuse the label cells of the national layout, renumbered columns
    body_rows = html.split("<tr>")[4:]
    for i, (key, *_), in enumerate(T3_2021):
        labels = body_rows[i].split("</tr>")[0]
        labels = labels[: labels.index(td(t3[key]["natural_person"]) + td(t3[key]["commercial"]))]
        rows.append(labels + "".join(td(t3[key][c]) for c in cols))
    body = report_body(2022, "".join(t2_tables()), table(rows), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_docx_report_inside_a_one_cell_frame_table():
    """A DOCX whose whole body sits in a bordered one-cell table (a 「框线」 layout), the report
    tables nested in that cell."""
    t3, t4 = t3_values(48), t4_values(48)

    def build(d):
        frame = d.add_table(rows=1, cols=1).cell(0, 0)
        frame.paragraphs[0].text = AG
        for p in ("2022年政府信息公开工作年度报告", "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
                  "一、总体情况", "2022年，我局持续推进政务公开。", "二、主动公开政府信息情况"):
            frame.add_paragraph(p)
        docx_t2(frame)
        frame.add_paragraph("三、收到和处理政府信息公开申请情况")
        docx_t3(frame, t3)
        frame.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
        docx_t4(frame, t4)
        for p in ("五、存在的主要问题及改进情况", "解读形式单一。", "六、其他需要报告的事项", "无。", AG, "2023年1月20日"):
            frame.add_paragraph(p)

    r = extract_bytes(docx_bytes(build), "a.docx")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert r.published == "2023-01-20" and len(r.sections) >= 6


LEGACY_ROWS = [("一、主动公开情况", "", ""), ("（一）主动公开政府信息数", "条", "326"),
               ("其中：主动公开规范性文件数", "条", "5"), ("二、回应解读情况", "", ""),
               ("三、依申请公开情况", "", ""), ("（一）收到申请数", "件", "12"), ("1.当面申请数", "件", "3"),
               ("2.传真申请数", "件", "0"), ("3.网络申请数", "件", "7"), ("4.信函申请数", "件", "2"),
               ("（二）申请办结数", "件", "12"), ("1.按时办结数", "件", "12"), ("2.延期办结数", "件", "0"),
               ("（三）申请答复数", "件", "12"), ("1.属于已主动公开范围数", "件", "4"), ("2.同意公开答复数", "件", "5"),
               ("3.同意部分公开答复数", "件", "1"), ("4.不同意公开答复数", "件", "2"), ("其中：涉及国家秘密", "件", "1"),
               ("涉及商业秘密", "件", "0"), ("涉及个人隐私", "件", "0"),
               ("危及国家安全、公共安全、经济安全和社会稳定", "件", "1"), ("不是《条例》所指政府信息", "件", "0"),
               ("法律法规规定的其他情形", "件", "0"), ("5.不属于本行政机关公开", "件", "0"), ("6.申请信息不存在", "件", "0"),
               ("四、行政复议数量", "件", "1"), ("五、行政诉讼数量", "件", "0"), ("六、举报投诉数量", "件", "0"),
               ("七、依申请公开信息收取的费用", "万元", "0")]


def test_legacy_2016_statistics_table():
    """The 2014–2018 「政府信息公开情况统计表」 (指标 / 单位 / 数量): its rows name 国家秘密,
    危及…, 行政复议 but are not the national 2019 tables; nothing may be keyed from it."""
    rows = [td("统 计 指 标") + td("单位") + td("统计数")] + [td(a) + td(b) + td(c) for a, b, c in LEGACY_ROWS]
    text = ("<p>本报告中所列数据的统计期限自2016年1月1日起至2016年12月31日止。</p>"
            "<p>一、概述</p><p>2016年，我局认真贯彻落实《条例》。</p><p>二、主动公开政府信息情况</p><p>全年主动公开326条。</p>"
            "<p>三、依申请公开政府信息情况</p><p>全年受理申请12件。</p><p>四、政府信息公开的收费及减免情况</p><p>未收费。</p>"
            "<p>五、因政府信息公开申请行政复议、提起行政诉讼的情况</p><p>行政复议1件。</p>"
            "<p>六、存在的主要问题及改进情况</p><p>公开内容不够全面。</p><p>附件：政府信息公开情况统计表</p>" + table(rows))
    r = extract_bytes(article(text, f"{AG}2016年政府信息公开工作年度报告").encode(), "a.html")
    assert (r.agency, r.year, r.template, r.status) == (AG, 2016, "legacy", "partial"), (r.template, r.status, r.values())
    assert r.values() == {}


def test_table4_with_leading_label_column():
    """The national table 4 with a left column: header cell 「项目」 (rowspan 3), data row
    labelled 「数量（件）」."""
    t3, t4 = t3_values(49), t4_values(49)
    nums = [t4[r][c] for r in ("review", "suit_direct", "suit_after_review") for c in A4]
    rows = [td("项目", rs=3) + td("行政复议", cs=5) + td("行政诉讼", cs=10),
            "".join(td(l, rs=2) for l in A4_LABELS) + td("未经复议直接起诉", cs=5) + td("复议后起诉", cs=5),
            "".join(td(l) for l in A4_LABELS) * 2,
            td("数量（件）") + "".join(td(n) for n in nums)]
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), table(rows))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_as_fifteen_rows():
    """Table 4 for phones: three columns, 行政复议 / 行政诉讼·未经复议直接起诉 / 行政诉讼·复议后起诉
    as rowspan groups, one value per row."""
    t3, t4 = t3_values(50), t4_values(50)
    rows = [td("类别", cs=2) + td("数量")]
    for r, lab in (("review", "行政复议"), ("suit_direct", "行政诉讼（未经复议直接起诉）"),
                   ("suit_after_review", "行政诉讼（复议后起诉）")):
        for i, (c, l) in enumerate(zip(A4, A4_LABELS)):
            rows.append((td(lab, rs=5) if i == 0 else "") + td(l) + td(t4[r][c]))
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), table(rows))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")




def test_word_export_text_with_org_subtotal():
    t3, t4 = t3_values(51, subtotal=True), t4_values(51)
    r = extract_bytes("\r\n".join(text_report(text_t3(t3, subtotal=True), t4)).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_export_text_with_zeros_left_blank():
    """Zeros left as empty cells: each prints as a line holding only its tab."""
    t3, t4 = t3_values(52), t4_values(52)
    r = extract_bytes("\r\n".join(text_report(text_t3(t3, blank_zero=True), t4)).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_zeros_left_blank_in_national_layout():
    t3, t4 = t3_values(53), t4_values(53)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3, blank_zero=True), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_zeros_left_blank_with_two_label_columns():
    """Group labels （三）…（六） in the first column (rowspan), items in the second, zeros blank."""
    t3, t4 = t3_values(54), t4_values(54)
    for c in APPL + ["total"]:  # a quiet year for the 其他 row: all zeros
        t3["other_other"][c] = 0
    for c in APPL:
        t3["handled_total"][c] = sum(t3[k][c] for k in RESULT_KEYS)
        t3["new"][c] = t3["handled_total"][c] + t3["carried_out"][c] - t3["carried_in"][c]
    for k in t3:
        t3[k]["total"] = sum(t3[k][c] for c in APPL)
    assert min(v for row in t3.values() for v in row.values()) >= 0
    cols = APPL + ["total"]
    rows = [td("", rs=2, cs=2) + td("自然人", rs=2) + td("法人或其他组织", cs=5) + td("总计", rs=2),
            "".join(td(l) for l in ORG_LABELS)]
    spans = {}
    for key, l1, l2, l3 in T3_2021:
        if l3:
            spans[l2] = spans.get(l2, 0) + 1
    seen = set()
    for key, l1, l2, l3 in T3_2021:
        if not l3:
            lab = td(l2 or l1, cs=2)
        else:
            lab = "" if l2 in seen else td(l2, rs=spans[l2])
            seen.add(l2)
            lab += td(l3)
        rows.append(lab + "".join(td("" if not t3[key][c] else t3[key][c]) for c in cols))
    body = report_body(2022, "".join(t2_tables()), table(rows), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_short_title_in_body_full_title_in_page_title():
    """The body starts 「2022年政府信息公开工作年度报告」; only <title> names the agency; no signature."""
    t3, t4 = t3_values(55), t4_values(55)
    body = "<p style='text-align:center'><b>2022年政府信息公开工作年度报告</b></p>" + report_body(
        2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, "", page_title=f"{AG}2022年政府信息公开工作年度报告", h1="").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def word_html(s: str) -> str:
    """What Word's 「另存为网页」 does to a table: MsoNormal paragraphs, <o:p>, a spacer row
    inside a downlevel-revealed conditional comment."""
    s = s.replace('<p style="margin:0">', "<p class=MsoNormal align=center><span style='font-size:10.5pt;font-family:仿宋_GB2312'>")
    s = s.replace("</p></td>", "<o:p></o:p></span></p></td>")
    s = s.replace('border="1" cellspacing="0" cellpadding="0" width="600"',
                  "class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-table-layout-alt:fixed'")
    n = max(r.count("<td") for r in s.split("<tr>"))
    spacer = "<![if !supportMisalignedColumns]><tr height=0>" + "<td width=60 style='border:none'></td>" * n + "</tr><![endif]>"
    return s.replace("</tbody></table>", spacer + "</tbody></table>")


def test_word_saved_as_web_page():
    t3, t4 = t3_values(56), t4_values(56)
    body = report_body(2022, "".join(word_html(t) for t in t2_tables()), word_html(t3_table(t3)), word_html(t4_table(t4)))
    page = article(body, f"{AG}2022年政府信息公开工作年度报告", charset="gb2312").replace("“", '"').replace("”", '"')
    r = extract_bytes(page.encode("gbk"), "a.htm")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_metadata_table_above_the_report():
    """Portals print a 索引号/发布机构/成文日期/标题 table at the top of the article."""
    t3, t4 = t3_values(57), t4_values(57)
    meta_t = table([td("索引号：") + td("11340100MB0000000X/2023-00012") + td("主题分类：") + td("政务公开"),
                    td("发布机构：") + td(AG) + td("成文日期：") + td("2023-01-18"),
                    td("标题：") + td(f"{AG}2022年政府信息公开工作年度报告", cs=3)])
    body = meta_t + report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告", h1="").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
    assert r.published == "2023-01-18"


def test_variant_character_qita():
    """「其它」 for 「其他」 in the organisation header and in 「（六）其他处理 3.其它」 (a very common
    variant in real reports)."""
    t3, t4 = t3_values(58), t4_values(58)
    t3html = t3_table(t3).replace(td("其他"), td("其它")).replace(td("3.其他"), td("3.其它"))
    body = report_body(2022, "".join(t2_tables()), t3html, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert t3html.count("其它") == 2
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_short_partial_label_with_typo():
    """「（二）部份公开」: the parenthesised note dropped and 分 mistyped 份."""
    t3, t4 = t3_values(59), t4_values(59)
    t3html = t3_table(t3).replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部份公开")
    body = report_body(2022, "".join(t2_tables()), t3html, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert "部份公开" in t3html
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table4_with_title_and_unit_rows():
    t3, t4 = t3_values(60), t4_values(60)
    t4html = t4_table(t4).replace("<tbody>", "<tbody><tr>" + td("四、政府信息公开行政复议、行政诉讼情况", cs=15) + "</tr><tr>"
                                  + td("单位：件", cs=15) + "</tr>", 1)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4html)
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_gbk_page_served_as_iso_8859_1():
    """The server's default header 「Content-Type: text/html; charset=ISO-8859-1」 over a GB2312
    page (the page's own <meta> says gb2312)."""
    t3, t4 = t3_values(61), t4_values(61)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = article(body, f"{AG}2022年政府信息公开工作年度报告", charset="gb2312").replace("“", '"').replace("”", '"')
    r = extract_bytes(page.encode("gbk"), "a.html", content_type="text/html; charset=ISO-8859-1")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_signature_followed_by_page_furniture():
    """Title without agency; after the signature and date the content area still holds
    「（此件公开发布）」, the attachment link and 【打印本页】【关闭窗口】."""
    t3, t4 = t3_values(62), t4_values(62)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    body += (f"<p style='text-align:right'>{AG}</p><p style='text-align:right'>2023年1月20日</p>"
             "<p>（此件公开发布）</p><p>附件：<a href='/u/2022nb.pdf'>2022年政府信息公开工作年度报告.pdf</a></p>"
             "<p>【打印本页】 【关闭窗口】</p>")
    page = article(body, "2022年政府信息公开工作年度报告", page_title="2022年政府信息公开工作年度报告_政务公开")
    r = extract_bytes(page.encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_total_column_called_heji():
    """The last column printed 「合计」 instead of 「总计」 (no 小计 column)."""
    t3, t4 = t3_values(63), t4_values(63)
    t3html = t3_table(t3).replace(td("总计", rs=2), td("合计", rs=2))
    body = report_body(2022, "".join(t2_tables()), t3html, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert "合计" in t3html
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_fullwidth_digits_in_title():
    """Staff typed the year with the Chinese IME: 「２０２２年」 in the heading and <title>."""
    t3, t4 = t3_values(64), t4_values(64)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}２０２２年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_export_text_with_subtotal_before_org_columns():
    """Plain text of a table whose 法人或其他组织 block starts with its 小计 column."""
    t3, t4 = t3_values(65, subtotal=True), t4_values(65)
    lines = text_t3(t3, subtotal=True)
    cols = APPL + ["org_subtotal", "total"]
    out, i = [], 0
    # move 「小计」 in the header and the subtotal value in every row to just after 自然人
    header_end = lines.index("\t小计")
    out = lines[:header_end - 5] + ["\t小计"] + lines[header_end - 5:header_end] + lines[header_end + 1:header_end + 2]
    rest = lines[header_end + 2:]
    row: list[str] = []
    for line in rest + [""]:
        if line:
            row.append(line)
            continue
        if row:
            labels, vals = row[:-len(cols)], row[-len(cols):]
            vals = vals[:1] + [vals[6]] + vals[1:6] + vals[7:]
            out += labels + vals + [""]
        row = []
    assert out.count("\t小计") == 1
    r = extract_bytes("\r\n".join(text_report(out, t4)).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_signature_dated_month_only():
    """Heading without agency, signed 「测试市生态环境局」 / 「2023年1月」 (no day)."""
    t3, t4 = t3_values(66), t4_values(66)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4))
    page = article(body, "2022年政府信息公开工作年度报告", page_title="2022年政府信息公开工作年度报告",
                   sign=AG, date="2023年1月")
    r = extract_bytes(page.encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_total_column_beside_applicant_header():
    """「总计」 spans all three header rows next to 「申请人情况」 instead of under it."""
    t3, t4 = t3_values(67), t4_values(67)
    t3html = t3_table(t3).replace(td("申请人情况", cs=7), td("申请人情况", cs=6) + td("总计", rs=3), 1)
    t3html = t3html.replace(td("总计", rs=2), "", 1)
    body = report_body(2022, "".join(t2_tables()), t3html, t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert t3html.count(td("总计", rs=3)) == 1
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_title_wrapped_after_the_year():
    """The title pasted into the body as two lines, wrapped after the year:
    「测试市生态环境局2022年度」 / 「政府信息公开工作年度报告」; the <title> is the portal's."""
    t3, t4 = t3_values(68), t4_values(68)
    body = (f"<p style='text-align:center'><b>{AG}2022年度</b></p><p style='text-align:center'><b>政府信息公开工作年度报告</b></p>"
            + report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4)))
    r = extract_bytes(article(body, "", page_title="政府信息公开年报_测试市人民政府", h1="").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_word_export_text_with_tab_indented_paragraphs():
    """The author indented paragraphs with the Tab key, so prose lines start with a tab too."""
    t3, t4 = t3_values(69), t4_values(69)
    lines = [AG, "2022年政府信息公开工作年度报告", "",
             "\t本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。", "一、总体情况",
             "\t2022年，我局持续推进政务公开，全年主动公开政府信息1325条。", "二、主动公开政府信息情况"] + text_t2() + \
            ["三、收到和处理政府信息公开申请情况",
             f"\t2022年，我局共收到政府信息公开申请{t3['new']['total']}件，均已按期答复。"] + text_t3(t3) + \
            ["四、政府信息公开行政复议、行政诉讼情况"] + text_t4(t4) + \
            ["五、存在的主要问题及改进情况", "\t一是解读形式单一；二是更新不够及时。", "六、其他需要报告的事项",
             "\t本年度未收取信息处理费。", AG, "2023年1月20日"]
    r = extract_bytes("\r\n".join(lines).encode("utf-8"), "a.txt")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_year_only_in_statistics_time_sentence():
    """Heading 「政府信息公开工作年度报告」 (no agency, no year); the agency signs; the year is only
    in 「本报告中所列数据的统计时间为2022年1月1日至2022年12月31日」."""
    t3, t4 = t3_values(70), t4_values(70)
    body = report_body(2022, "".join(t2_tables()), t3_table(t3), t4_table(t4)).replace(
        "数据的统计期限自2022年1月1日起至2022年12月31日止", "数据的统计时间为2022年1月1日至2022年12月31日")
    page = article(body, "政府信息公开工作年度报告", page_title="政府信息公开工作年度报告_测试市生态环境局",
                   sign=AG, date="2023年1月20日")
    r = extract_bytes(page.encode(), "a.html")
    assert "统计时间为2022年" in body
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")


def test_table3_with_serial_number_column():
    """An Excel-made table: a 「序号」 column of 1…25 left of the labels."""
    t3, t4 = t3_values(71), t4_values(71)
    html = t3_table(t3)
    parts = html.split("<tr>")
    parts[1] = td("序号", rs=3) + parts[1]
    for i in range(4, len(parts)):
        parts[i] = td(i - 3) + parts[i]
    body = report_body(2022, "".join(t2_tables()), "<tr>".join(parts), t4_table(t4))
    r = extract_bytes(article(body, f"{AG}2022年政府信息公开工作年度报告").encode(), "a.html")
    assert not problems(r, full_expected("2021", t3, t4), AG, 2022, "2021")
