"""Text in the shapes reports reach us as text: `pdftotext -layout` output, Markdown pipe
tables (real and as converters flatten merged headers), label-then-numbers lines. The
numbers are those of the real 淮安 report (tests/real/huaian-city-2024.pdf)."""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from extract.pipeline import extract_bytes, extract_path

REAL = Path(__file__).resolve().parent / "real"
T3_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
T3_ROWS = [
    ("一、本年新收政府信息公开申请数量", "new"), ("二、上年结转政府信息公开申请数量", "carried_in"),
    ("三、本年度办理结果 （一）予以公开", "granted"), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("（三）不予公开 1.属于国家秘密", "denied_state_secret"), ("2.其他法律行政法规禁止公开", "denied_law"),
    ("3.危及“三安全一稳定”", "denied_safety"), ("4.保护第三方合法权益", "denied_third_party"),
    ("5.属于三类内部事务信息", "denied_internal"), ("6.属于四类过程性信息", "denied_process"),
    ("7.属于行政执法案卷", "denied_case_file"), ("8.属于行政查询事项", "denied_inquiry"),
    ("（四）无法提供 1.本机关不掌握相关政府信息", "unable_not_held"), ("2.没有现成信息需要另行制作", "unable_need_create"),
    ("3.补正后申请内容仍不明确", "unable_unclear"), ("（五）不予处理 1.信访举报投诉类申请", "rejected_petition"),
    ("2.重复申请", "rejected_duplicate"), ("3.要求提供公开出版物", "rejected_publication"),
    ("4.无正当理由大量反复申请", "rejected_excessive"), ("5.要求行政机关确认或重新出具已获取信息", "rejected_confirm"),
    ("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_unpaid_fee"),
    ("3.其他", "other_other"), ("（七）总计", "handled_total"), ("四、结转下年度继续办理", "carried_out"),
]
T4 = [(r, c) for r in ("review", "suit_direct", "suit_after_review") for c in ("upheld", "corrected", "other", "pending", "total")]


@lru_cache(maxsize=1)
def truth() -> dict[str, float]:
    r = extract_path(REAL / "huaian-city-2024.pdf")
    assert r.status == "ok" and len(r.values()) == 200, r.reason
    return r.values()


def fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def t3(key: str, col: str) -> str:
    return fmt(truth()[f"requests.{key}.{col}"])


def t2_markdown() -> str:
    v = lambda k: fmt(truth()[k])  # noqa: E731
    return f"""## 二、主动公开政府信息情况

| 第二十条第（一）项 | | | |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | {v('active.regulations.issued')} | {v('active.regulations.repealed')} | {v('active.regulations.in_force')} |
| 行政规范性文件 | {v('active.normative_docs.issued')} | {v('active.normative_docs.repealed')} | {v('active.normative_docs.in_force')} |
| 第二十条第（五）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政许可 | {v('active.licensing.decisions')} | | |
| 第二十条第（六）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政处罚 | {v('active.penalty.decisions')} | | |
| 行政强制 | {v('active.enforcement.decisions')} | | |
| 第二十条第（八）项 | | | |
| 信息内容 | 本年收费金额（单位：万元） | | |
| 行政事业性收费 | {v('active.admin_fees.amount_10k_yuan')} | | |
"""


def markdown_report() -> str:
    """As a PDF-to-Markdown converter flattens the national tables: merged cells left empty."""
    head = ("| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |\n"
            "|---|---|---|---|---|---|---|---|\n"
            "| | 自然人 | 法人或其他组织 | | | | | 总计 |\n"
            "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n")
    rows = "".join(f"| {label} | " + " | ".join(t3(key, c) for c in T3_COLS) + " |\n" for label, key in T3_ROWS)
    t4 = ("| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n|" + "---|" * 15 + "\n"
          "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |\n"
          "| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
          "| " + " | ".join(fmt(truth()[f"appeals.{r}.{c}"]) for r, c in T4) + " |\n")
    return ("# 淮安市人民政府2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n2024年，我市扎实推进政务公开。\n\n"
            + t2_markdown() + "\n## 三、收到和处理政府信息公开申请情况\n\n" + head + rows
            + "\n## 四、政府信息公开行政复议、行政诉讼情况\n\n" + t4)


def wrong(report) -> list[str]:
    got = report.values()
    return [k for k, v in truth().items() if k not in got or abs(got[k] - v) > 1e-6] + [k for k in got if k not in truth()]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdftotext_layout_of_the_real_report_is_read_whole():
    text = subprocess.run(["pdftotext", "-layout", str(REAL / "huaian-city-2024.pdf"), "-"],
                          capture_output=True, check=True).stdout
    r = extract_bytes(text, "huaian.txt")
    assert (r.status, r.agency, r.year, r.template) == ("ok", "淮安市人民政府", 2024, "2021"), r.reason
    assert not wrong(r)


def test_markdown_with_flattened_merged_headers():
    r = extract_bytes(markdown_report().encode(), "report.md")
    assert (r.status, r.agency, r.year, r.template) == ("ok", "淮安市人民政府", 2024, "2021"), r.reason
    assert not wrong(r)


def test_markdown_with_an_unknown_column_is_partial_and_names_it():
    """A column the national format does not have (「其中：网上申请」 after 总计): its numbers
    are named in the reason, never taken for a neighbour's."""
    lines = []
    for line in markdown_report().split("\n"):
        if line.startswith("| | 自然人 |"):
            line += " 其中：网上申请 |"
        elif line.startswith("| | | 商业企业 |") or line.startswith("| （本列数据"):
            line += " |"
        elif any(line.startswith(f"| {label} |") for label, _ in T3_ROWS):
            line += " 9 |"
        lines.append(line)
    r = extract_bytes("\n".join(lines).encode(), "report.md")
    assert r.status == "partial" and "column '其中:网上申请' (25 numbers)" in r.reason, r.reason
    assert not [k for k in wrong(r) if k in r.values()]  # what was read is right


def test_label_then_numbers_lines():
    """Rows copied from a web page: a label, then its numbers split by single spaces."""
    lines = ["淮安市人民政府2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    lines += [f"{label} " + " ".join(t3(key, c) for c in T3_COLS) for label, key in T3_ROWS]
    r = extract_bytes("\n".join(lines).encode(), "report.txt")
    got = r.values()
    assert all(got.get(f"requests.{key}.{c}") == truth()[f"requests.{key}.{c}"] for _, key in T3_ROWS for c in T3_COLS), \
        (r.status, r.reason)
    assert r.status == "partial"  # tables 2 and 4 are not printed


def test_real_markdown_export_reads_what_is_labelled_and_names_what_is_not():
    """沭阳's OCR → Markdown: tables 2 and 4 clean; table 3 printed with placeholder column
    labels (数据1 … 数据6), one row a table, and a block whose header is other rows' labels."""
    r = extract_path(REAL / "text" / "shuyang-county-2025.md")
    assert (r.agency, r.year, r.template) == ("沐阳县人民政府", 2025, "2021")
    got = r.values()
    assert got["active.licensing.decisions"] == 517645 and got["active.admin_fees.amount_10k_yuan"] == 4068.208
    assert [got[f"appeals.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [27, 10, 9, 15, 61]
    assert [got[f"appeals.suit_after_review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == [8, 0, 1, 1, 10]
    # the placeholders stand where the national layout puts 自然人 … 其他: read so, and said
    assert r.status == "partial" and "数据1" in r.reason and "national layout" in r.reason
    assert [got[f"requests.new.{c}"] for c in ("natural_person", "commercial", "legal_services", "total")] == [705, 3, 5, 713]
    assert [c for c in r.checks if c.rule == "prose_vs_table" and c.passed is False] == []  # 749 = 713 new + 36 carried


def test_real_markdown_with_tables_broken_over_blocks():
    """上海市科委's PDF → Markdown: table 2 half in lines 「行政许可 97」, half in a pipe table;
    table 3's labels are cut from their numbers. Table 2 is read; table 3 is not guessed."""
    r = extract_path(REAL / "text" / "shanghai-kewei-2024.md")
    got = r.values()
    assert (r.agency, r.year) == ("上海市科委", 2024)
    assert {k: v for k, v in got.items() if k.startswith("active.")} == {
        "active.regulations.issued": 0, "active.regulations.repealed": 0, "active.regulations.in_force": 0,
        "active.normative_docs.issued": 13, "active.normative_docs.repealed": 0, "active.normative_docs.in_force": 55,
        "active.licensing.decisions": 97, "active.penalty.decisions": 0, "active.enforcement.decisions": 0,
        "active.admin_fees.amount_10k_yuan": 0}
    assert r.status == "partial" and "本年新收政府信息公开申请数量" in r.reason


def test_placeholder_columns_take_the_national_labels_only_where_every_printed_label_agrees():
    from extract.readers.text import national_header

    head = ["类别", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6", "总计"]
    rows = [head, ["本年新收政府信息公开申请数量", "705", "3", "0", "0", "5", "0", "713"]]
    read, doubt = national_header(rows)
    assert read[0][1:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert "数据1" in doubt and "自然人" in doubt
    moved = [["类别", "总计", "数据1", "数据2", "数据3", "数据4", "数据5", "数据6"], rows[1]]
    assert national_header(moved) == (moved, "")  # 总计 not where the national layout puts it
    narrow = [head[:-2] + ["总计"], rows[1][:-2] + ["713"]]
    assert national_header(narrow) == (narrow, "")  # one column short: not the national table
    prose = [head, ["某某事项", "1", "2", "3", "4", "5", "6", "21"]]
    assert national_header(prose) == (prose, "")  # rows of no national table
