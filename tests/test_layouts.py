"""Layouts the national template does not print but agencies do: labels decide, not positions."""
from __future__ import annotations

from extract.pipeline import extract_bytes

T3_ROWS = [("一、本年新收政府信息公开申请数量", "new"), ("二、上年结转政府信息公开申请数量", "carried_in"),
           ("三、本年度办理结果", None), ("（一）予以公开", "granted"), ("（二）部分公开", "partial"),
           ("（三）不予公开 1.属于国家秘密", "denied_state_secret"), ("2.其他法律行政法规禁止公开", "denied_law"),
           ("（七）总计", "handled_total"), ("四、结转下年度继续办理", "carried_out")]
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]


def page(*tables: str, title="测试市测试局2022年政府信息公开工作年度报告") -> bytes:
    body = "".join(f"<table border=1>{t}</table>" for t in tables)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>一、总体情况</p><p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>{body}"
            f"<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>").encode()


def tr(*cells) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def test_table3_with_group_rows_and_levels_in_one_cell():
    rows = [tr("", "自然人", "法人或其他组织", "", "", "", "", "总计"),
            tr("", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "")]
    expected = {}
    for i, (label, key) in enumerate(T3_ROWS):
        if key is None:
            rows.append(tr(label, *[""] * 7))  # a group label on its own row
            continue
        values = [i, 0, 1, 0, 0, 0]
        rows.append(tr(label, *values, sum(values)))
        expected.update({f"requests.{key}.{c}": float(v) for c, v in zip(COLS, values + [sum(values)])})
    r = extract_bytes(page("".join(rows)), "p.html")
    got = {k: v for k, v in r.values().items() if k.startswith("requests.")}
    assert got == expected
    assert r.agency == "测试市测试局" and r.year == 2022


def test_table4_as_three_rows_of_five():
    rows = [tr("类别", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"),
            tr("行政复议", 1, 2, 0, 1, 4),
            tr("行政诉讼（未经复议直接起诉）", 0, 1, 0, 0, 1),
            tr("行政诉讼（复议后起诉）", 3, 0, 0, 0, 3)]
    r = extract_bytes(page("".join(rows)), "p.html")
    v = r.values()
    assert (v["appeals.review.total"], v["appeals.suit_direct.corrected"], v["appeals.suit_after_review.upheld"]) == (4, 1, 3)
    assert len([k for k in v if k.startswith("appeals.")]) == 15
    assert all(c.passed for c in r.checks if c.rule == "appeals.row_total")


def test_blank_total_column_is_flagged_not_guessed():
    rows = [tr("", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
            tr("一、本年新收政府信息公开申请数量", 5, 1, 0, 0, 0, 0, "")]
    r = extract_bytes(page("".join(rows)), "p.html")
    assert r.values()["requests.new.total"] == 0
    assert [c.subject for c in r.checks if not c.passed] == ["new"]


def test_report_title_beats_the_portal_page_title():
    rows = tr("", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计") + tr("行政复议", 0, 0, 0, 0, 0)
    html = page(rows, title="乙县民政局2021年度政府信息公开工作年度报告").replace(
        b"<title>", b"<title>\xe7\x94\xb2\xe5\xb8\x82\xe4\xba\xba\xe6\xb0\x91\xe6\x94\xbf\xe5\xba\x9c2021\xe5\xb9\xb4\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf\xe5\x85\xac\xe5\xbc\x80\xe5\xb7\xa5\xe4\xbd\x9c\xe5\xb9\xb4\xe5\xba\xa6\xe6\x8a\xa5\xe5\x91\x8a | ")
    r = extract_bytes(html, "p.html")
    assert (r.agency, r.year, r.region) == ("乙县民政局", 2021, "乙县")
