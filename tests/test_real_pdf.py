"""A real report: 淮安市人民政府 2024 (WPS-made PDF, format 2021, tables over page breaks).

The numbers below were checked by hand on the rendered pages (pdftoppm -r 80, pages 3-5).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.pipeline import extract_path
from nianbao.job import Job
from extract.readers import pdf

REAL = Path(__file__).resolve().parent / "real" / "huaian-city-2024.pdf"

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
# Table 3, as printed (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)
TABLE3 = {
    "new": [3001, 53, 0, 0, 61, 4, 3119],
    "carried_in": [34, 0, 0, 0, 0, 0, 34],
    "granted": [1288, 21, 0, 0, 50, 3, 1362],
    "unable_not_held": [746, 12, 0, 0, 10, 1, 769],  # the last row before the break on page 4
    "unable_need_create": [11, 0, 0, 0, 0, 0, 11],  # the first row after it on page 5
    "other_no_correction": [67, 3, 0, 0, 1, 0, 71],
    "handled_total": [2932, 53, 0, 0, 61, 4, 3050],
    "carried_out": [103, 0, 0, 0, 0, 0, 103],
}
# Table 4: 行政复议 | 未经复议直接起诉 | 复议后起诉, each 维持 纠正 其他 尚未审结 总计
TABLE4 = {"review": [72, 64, 178, 37, 351], "suit_direct": [13, 4, 8, 1, 26],
          "suit_after_review": [12, 1, 1, 6, 20]}


@pytest.fixture(scope="module")
def doc():
    return pdf.read(REAL.read_bytes(), Job(name=REAL.name))


@pytest.fixture(scope="module")
def report():
    return extract_path(REAL)


def _grid_with(doc, text):
    return next(g for g in doc.grids if any(text in (c.text or "") for row in g.rows for c in row))


def test_table3_split_over_pages_4_and_5_is_one_grid_without_footers(doc):
    g = _grid_with(doc, "本年新收")
    assert g.source == "pdf pages 4-5 table 2"
    labels = [row[2].text for row in g.rows]
    assert "1.本机关不掌握相关政府信息" in labels and "2.没有现成信息需要另行制作" in labels
    assert labels.index("2.没有现成信息需要另行制作") == labels.index("1.本机关不掌握相关政府信息") + 1
    assert not any(re.fullmatch(r"\s*-\s*\d+\s*-\s*", c.text or "") for row in g.rows for c in row)
    # the merged group label cut by the page break is one cell again
    row = g.rows[labels.index("2.没有现成信息需要另行制作")]
    assert row[1].text == "（四）无法提供" and row[0].text == "三、本年度办理结果"
    assert [c.text for c in row[3:]] == ["11", "0", "0", "0", "0", "0", "11"]
    assert len(g.rows) == 28  # 3 header rows + 25 rows of format 2021


def test_table2_continues_from_page_3_to_4(doc):
    g = _grid_with(doc, "行政事业性收费")
    texts = [[c.text for c in row] for row in g.rows]
    assert ["规章", "1", "0", "11"] in texts
    assert ["行政规范性文件", "8", "26", "66"] in texts
    assert ["行政处罚", "3985758", "3985758", "3985758"] in texts  # one cell over 3 columns
    assert ["行政事业性收费", "96171.6", "96171.6", "96171.6"] in texts


def test_framed_paragraphs_are_not_tables(doc):
    assert len(doc.grids) == 3
    assert "本报告由淮安市人民政府办公室根据" in doc.text
    assert "-1-" not in doc.text.splitlines()


def test_report_table3_numbers(report):
    values = report.values()
    for row, printed in TABLE3.items():
        assert [values.get(f"requests.{row}.{c}") for c in APPLICANTS] == printed, row


def test_report_table4_numbers(report):
    values = report.values()
    cols = ["upheld", "corrected", "other", "pending", "total"]
    for row, printed in TABLE4.items():
        assert [values.get(f"appeals.{row}.{c}") for c in cols] == printed, row


def test_report_is_complete_and_consistent(report):
    assert report.status == "ok", report.reason
    assert (report.template, report.year, report.agency) == ("2021", 2024, "淮安市人民政府")
    assert report.values()["active.admin_fees.amount_10k_yuan"] == 96171.6
    assert all(c.passed for c in report.checks)
    assert not report.unread


def test_metadata_title_is_decoded(doc):
    assert doc.title_hint == "政府信息公开工作年度报告"  # stored as UTF-16LE with its BOM
