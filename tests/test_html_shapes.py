"""HTML as browsers and Word save it: what stands before <html>, and table 4 printed as
separate tables, each under its own caption line."""
from __future__ import annotations

import pytest

from extract.pipeline import extract_bytes
from nianbao.world.files import make_truth, render

PROLOGUES = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    "<!-- saved from url=(0061)http://www.example.gov.cn/art/2023/1/20/art_1_1.html -->\n",
    '\ufeff<?xml version="1.0" encoding="utf-8"?>\n<!-- saved -->\n',
]


@pytest.mark.parametrize("prologue", PROLOGUES, ids=["xml", "saved-from", "bom-xml-comment"])
def test_any_well_formed_prologue(prologue):
    t = make_truth(5)
    page = render(t, "html").decode("utf-8") + "\n<!-- after the page -->\n"
    r = extract_bytes((prologue + page).encode("utf-8"), "a.html")
    assert (r.status, r.agency, r.year) == ("ok", t.agency, t.year), r.reason
    assert r.values() == t.cells


def test_table4_as_three_captioned_tables():
    t = make_truth(6, template="2021")
    page = render(t, "html").decode("utf-8")
    start = page.index("<table", page.index("行政诉讼情况<"))
    end = page.index("</table>", start) + len("</table>")
    head = "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>"
    parts = []
    for caption, row in (("（一）行政复议情况", "review"), ("行政诉讼（未经复议直接起诉）", "suit_direct"),
                         ("行政诉讼（复议后起诉）", "suit_after_review")):
        values = "".join(f"<td>{int(t.cells[f'appeals.{row}.{c}'])}</td>" for c in ("upheld", "corrected", "other", "pending", "total"))
        parts.append(f"<p>{caption}</p><div><table border=1>{head}<tr>{values}</tr></table></div>")
    r = extract_bytes((page[:start] + "".join(parts) + page[end:]).encode("utf-8"), "a.html")
    assert r.status == "ok", r.reason
    assert r.values() == t.cells
