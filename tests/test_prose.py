"""Prose against tables: numbers the text states are checked against the cells that print them."""
from __future__ import annotations

from pathlib import Path

from extract.pipeline import extract_bytes, extract_path
from nianbao.world.files import make_truth, render

REAL = Path(__file__).resolve().parent / "real"


def prose(report):
    return [c for c in report.checks if c.rule.startswith("prose")]


def test_the_real_report_says_what_its_tables_say():
    """淮安: 「全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件
    顺延到下年度答复）… 行政复议 351 件 … 行政诉讼 46 件」 — all six agree with the tables."""
    r = extract_path(REAL / "huaian-city-2024.pdf")
    checks = prose(r)
    assert {c.subject for c in checks} == {"requests.new.total", "requests.carried_in.total",
                                          "requests.handled_total.total", "requests.carried_out.total",
                                          "appeals.review.total", "appeals.suit_direct.total"}
    assert all(c.passed for c in checks) and r.status == "ok"


def page_with(sentence: str, seed: int = 7):
    t = make_truth(seed, template="2021")
    html = render(t, "html").decode("utf-8").replace("<p style=\"text-indent:2em\"><strong>二、",
                                                      f"<p>{sentence}</p><p style=\"text-indent:2em\"><strong>二、", 1)
    return t, extract_bytes(html.encode("utf-8"), "a.html")


def test_a_number_the_text_states_differently_is_flagged_with_its_sentence():
    t = make_truth(7, template="2021")
    wrong = int(t.cells["requests.new.total"]) + 78
    t, r = page_with(f"2022年，本机关共受理政府信息公开申请{wrong}件，均按时答复。")
    flagged = [c for c in prose(r) if c.passed is False]
    assert [(c.subject, c.actual, c.expected) for c in flagged] == [
        ("requests.new.total", wrong, t.cells["requests.new.total"])]
    assert f"共受理政府信息公开申请{wrong}件" in flagged[0].detail
    assert r.status == "ok"  # the tables were read whole: the disagreement is the report's own


def test_a_sentence_about_a_part_of_the_agency_is_not_flagged():
    t, r = page_with("其中，区政府办公室受理政府信息公开申请17件。")
    assert not [c for c in prose(r) if c.passed is False]
    scoped = [c for c in prose(r) if c.rule == "prose_scope"]
    assert scoped and scoped[0].passed is None and scoped[0].actual == 17
