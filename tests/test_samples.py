"""The fixture generator: what every other test relies on (truth holds, files say the truth)."""
from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from lxml import html as lhtml

from extract.grid import grid_from_spans
from extract.numbers import parse_number
from nianbao.layouts import tables
from nianbao.world.files import BROKEN, VARIANTS, Truth, make_truth, render, write_corpus

SEED_TXT = Path(__file__).resolve().parent / "real" / "000_adb888ebb0553f89.txt"
LAYOUTS = tables()
APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]


def failing(cells: dict[str, float]) -> set[str]:
    """The identities of shared/spec/report-format.md that fail, computed from the keys alone."""
    rows = {k.split(".")[1] for k in cells if k.startswith("requests.")}
    cols = {k.split(".")[2] for k in cells if k.startswith("requests.")}
    results = [r for r in rows if r.split("_")[0] in ("granted", "partial", "denied", "unable", "rejected", "other")]
    bad = set()
    v = lambda r, c: cells[f"requests.{r}.{c}"]  # noqa: E731
    for c in cols:
        if v("new", c) + v("carried_in", c) != v("handled_total", c) + v("carried_out", c):
            bad.add("requests.balance")
        if v("handled_total", c) != sum(v(r, c) for r in results):
            bad.add("requests.results_sum")
    for r in rows:
        if v(r, "total") != sum(v(r, c) for c in APPLICANTS):
            bad.add("requests.row_total")
        if "org_subtotal" in cols and v(r, "org_subtotal") != sum(v(r, c) for c in APPLICANTS[1:]):
            bad.add("requests.row_total")
    for r in ("review", "suit_direct", "suit_after_review"):
        a = lambda c: cells[f"appeals.{r}.{c}"]  # noqa: E731
        if a("total") != a("upheld") + a("corrected") + a("other") + a("pending"):
            bad.add("appeals.row_total")
    return bad


def expected_keys(t) -> set[str]:
    shape = LAYOUTS["active"]["shape"][t.template]
    keys = {f"active.{r}.{c}" for r, cols in shape.items() for c in cols}
    cols = APPLICANTS + (["org_subtotal"] if t.org_subtotal else []) + ["total"]
    keys |= {f"requests.{r}.{c}" for r in LAYOUTS["requests"]["row_order"][t.requests_layout] for c in cols}
    keys |= {f"appeals.{r}.{c}" for r in LAYOUTS["appeals"]["rows"] for c in LAYOUTS["appeals"]["order"]}
    return keys


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_identity_holds_and_every_key_has_a_value(template):
    zero_reports = large = 0
    for seed in range(150):
        for subtotal in (False, True):
            t = make_truth(seed, template=template, org_subtotal=subtotal)
            assert set(t.cells) == expected_keys(t), seed
            assert failing(t.cells) == set(), (seed, subtotal)
            assert all(v >= 0 or k.endswith(".change") for k, v in t.cells.items())
            zero_reports += t.cells["requests.new.total"] == 0
            large += max(t.cells.values()) >= 1000
    assert 0 < zero_reports < 200 and large > 10  # many zeros, some thousands


def test_truth_metadata_is_deterministic_and_plausible():
    t = make_truth(7)
    assert t.to_dict() == make_truth(7).to_dict()
    assert make_truth(8).to_dict() != t.to_dict()
    json.dumps(t.to_dict(), ensure_ascii=False)
    for seed in range(60):
        t = make_truth(seed)
        assert 2019 <= t.year <= 2025 and t.template in ("2019", "2021")
        assert t.published.startswith(f"{t.year + 1}-0") and t.published[5:7] in ("01", "02", "03")
        assert t.title.startswith(t.agency) and t.title.endswith("政府信息公开工作年度报告")
        assert t.agency.startswith(t.region)
        assert sorted(t.sections) == [1, 2, 3, 4, 5, 6] and "信息处理费" in t.sections[6]
        assert all(re.search("[\u4e00-\u9fff]", s) for s in t.sections.values())
    wrong = sum(make_truth(s).template != ("2021" if make_truth(s).year >= 2021 else "2019") for s in range(300))
    assert 5 < wrong < 70  # about one agency in ten uses the other format
    t = make_truth(3, template="2019", year=2024, agency="鹤岗市营商环境建设监督局")
    assert (t.template, t.year, t.region) == ("2019", 2024, "鹤岗市")
    assert "active.procurement.amount" in t.cells and "requests.other.total" in t.cells


@pytest.mark.parametrize("broken", BROKEN)
def test_broken_breaks_exactly_the_named_identity(broken):
    for seed in range(40):
        t = make_truth(seed, broken=broken, org_subtotal=seed % 3 == 0)
        assert failing(t.cells) == {broken}, seed
        assert t.broken == broken and t.broken_key in t.cells and t.broken_key == t.broken_keys[0]
        good = make_truth(seed, org_subtotal=seed % 3 == 0).cells
        assert {k for k in t.cells if t.cells[k] != good[k]} == set(t.broken_keys)


def test_mixed_truth_uses_the_other_table_3_rows():
    t = make_truth(4, template="2021")
    m = t.for_variant("mixed")
    assert m.for_variant("mixed") is m and m.template == "2021" and m.requests_layout == "2019"
    assert "requests.other.total" in m.cells and "requests.other_other.total" not in m.cells
    assert m.cells["requests.other.total"] == sum(t.cells[f"requests.{r}.total"] for r in
                                                  ("other_no_correction", "other_unpaid_fee", "other_other"))
    assert failing(m.cells) == set()
    page = render(t, "html", "mixed").decode("utf-8")
    assert "（六）其他处理" in page and "逾期不补正" not in page and "本年制发件数" in page
    back = make_truth(4, template="2019").for_variant("mixed")
    assert "requests.other_unpaid_fee.total" in back.cells and failing(back.cells) == set()


# ------------------------------------------------------------------ HTML

def page_tables(data: bytes, encoding: str):
    root = lhtml.fromstring(data.decode(encoding))
    tables = [t for t in root.iter("table") if not t.xpath(".//table")]  # leaf tables only
    return root, [[[(" ".join(td.itertext()).strip(), int(td.get("rowspan", 1)), int(td.get("colspan", 1)))
                    for td in tr.xpath("./td|./th")] for tr in t.xpath("./tbody/tr|./tr")] for t in tables]


def numbers(tables) -> Counter:
    """Every non-zero number printed in table cells (zeros may print as blank or 「—」)."""
    out = Counter()
    for table in tables:
        for row in table:
            for text, _, _ in row:
                v = parse_number(text)
                if v:
                    out[round(v, 2)] += 1
    return out


def truth_numbers(cells) -> Counter:
    return Counter(round(v, 2) for v in cells.values() if v)


@pytest.mark.parametrize("variant", VARIANTS["html"])
def test_html_variants_decode_and_print_every_number(variant):
    for seed in (1, 2, 11, 23, 40):  # both templates, large numbers, amounts
        t = make_truth(seed, template="2019" if seed % 2 else "2021")
        truth = t.for_variant(variant)
        data = render(t, "html", variant)
        encoding = {"gbk": "gbk", "gb2312-nometa": "gb18030"}.get(variant, "utf-8")
        if variant in ("gbk", "gb2312-nometa"):
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
        if variant == "gb2312-nometa":
            assert b"charset" not in data.lower()
        if variant == "gbk":
            assert b'http-equiv="Content-Type" content="text/html; charset=gbk"' in data
        root, tables = page_tables(data, encoding)
        assert t.title in root.text_content() and t.sections[5].split("\n")[0] in root.text_content()
        if variant == "nested":
            assert "相关链接" in root.text_content() and root.xpath("//table//table")
            tables = [tb for tb in tables if tb[0][0][0] != "序号"]
        want = truth_numbers(truth.cells)
        if variant == "t4-line":
            line = [p.text_content() for p in root.iter("p") if re.fullmatch(r"\d+( \d+){14}", p.text_content())]
            assert [float(x) for x in line[0].split()] == [truth.cells[k] for k in truth.cells
                                                           if k.startswith("appeals.")]
            want = truth_numbers({k: v for k, v in truth.cells.items() if not k.startswith("appeals.")})
        assert numbers(tables) == want, (seed, variant)


def test_html_standard_has_the_national_layout():
    t = make_truth(11, template="2021")
    _, tables = page_tables(render(t, "html"), "utf-8")
    t2, t3, t4 = tables
    assert t3[0][0][1:] == (3, 3) and t3[0][1] == ("申请人情况", 1, 7)
    assert [c[0] for c in t3[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t4[0] == [("行政复议", 1, 5), ("行政诉讼", 1, 10)] and len(t4[-1]) == 15
    grid = grid_from_spans(t3).texts()
    labels = {r: spec["label"] for r, spec in LAYOUTS["requests"]["rows"].items()}
    cols = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
    for row in grid[3:]:
        key = next(k for k, label in labels.items() if label == row[2] and k in LAYOUTS["requests"]["row_order"]["2021"])
        assert [parse_number(x) for x in row[3:]] == [t.cells[f"requests.{key}.{c}"] for c in cols]
    assert len(grid) == 3 + 25 and grid[10][0] == "三、本年度办理结果" and grid[10][1] == "（三）不予公开"
    assert grid_from_spans(t2).texts()[0] == ["第二十条第（一）项"] * 4


def test_html_variants_change_what_they_say():
    t = make_truth(23, template="2019")
    get = lambda v: render(t, "html", v).decode("utf-8")  # noqa: E731
    assert "rowspan" not in get("padding") and "colspan" not in get("padding")
    full = get("fullwidth")
    assert re.search("[０-９]", full) and not re.search(r"<p>[0-9]+</p>", full)
    assert get("split").count("<table") == 5 + 2 + 1 and "（续表）" in get("split")
    typos = get("typos")
    assert all(x in typos for x in ("其他法律行政止公开", "（三）不<br>予公开", "三 、本 年 度办 理结果", "七、总计",
                                    "结转下一年度继续办理", "1、"))
    _, tables = page_tables(get("transposed").encode(), "utf-8")
    assert [c[0] for c in tables[1][0]][:2] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                                                "一、本年新收政府信息公开申请数量"]
    _, tables = page_tables(get("t4-transposed").encode(), "utf-8")
    assert len(tables[2]) == 15 and tables[2][0][:2] == [("行政复议", 5, 1), ("结果维持", 1, 2)]
    assert get("t4-line").count("<table") == 2


def test_fullwidth_signs_and_separators():
    seen = Counter()
    for seed in range(40):
        page = render(make_truth(seed, template="2019"), "html", "fullwidth").decode("utf-8")
        seen["sep"] += bool(re.search("[０-９][,，][０-９]{3}", page))
        seen["plus"] += "＋" in page
    assert seen["sep"] and seen["plus"]


# ------------------------------------------------------------------ text and DOCX

def table_lines(text: str) -> list[str]:
    """Lines inside tables, numbers and inner spaces normalised (seed quirks aside)."""
    lines = text.split("\n")
    first = next(i for i, x in enumerate(lines) if x.startswith("\t"))
    last = max(i for i, x in enumerate(lines) if x.startswith("\t"))
    return [re.sub(r"-?\d+(\.\d+)?", "N", x.replace(" ", "")) for x in lines[first:last + 1]
            if x.startswith("\t") or not x.strip()]


def test_text_matches_the_word_export_of_the_seed():
    seed = SEED_TXT.read_text(encoding="utf-8")
    t = make_truth(3, template="2019", year=2020)
    text = render(t, "text").decode("utf-8")
    assert table_lines(text) == table_lines(seed)


def test_text_prints_title_sections_and_rows():
    t = make_truth(3, template="2019", year=2020)
    text = render(t, "text").decode("utf-8")
    lines = text.split("\n")
    i = lines.index("\t一、本年新收政府信息公开申请数量")  # one cell a line, tab-led; blank line ends the row
    assert lines[i + 1:i + 9] == [f"\t{int(t.cells[f'requests.new.{c}'])}" for c in APPLICANTS + ["total"]] + [""]
    i = lines.index("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert lines[i - 1] == "\t" and lines[i - 2] == ""  # the merged-down 三、本年度办理结果 prints empty
    assert text.splitlines()[2] == t.agency and t.agency + text.splitlines()[3] == t.title
    for n in range(1, 7):
        assert t.section_titles[n] in text
    tabs = render(t, "text", "tabs").decode("utf-8").splitlines()
    row = next(x for x in tabs if x.startswith("一、本年新收"))
    assert row.split("\t")[1:] == [str(int(t.cells[f"requests.new.{c}"])) for c in APPLICANTS + ["total"]]


def test_docx_has_real_merged_cells_and_every_number():
    for seed, variant, ntables in ((2, "standard", 3), (11, "split", 7)):
        t = make_truth(seed, template="2019" if seed == 11 else "2021")
        data = render(t, "docx", variant)
        assert data == render(t, "docx", variant)  # same truth, same bytes
        doc = docx.Document(io.BytesIO(data))
        assert len(doc.tables) == ntables - (1 if t.template == "2021" and variant == "split" else 0)
        xml = doc.tables[-2]._tbl.xml
        assert 'w:gridSpan w:val="3"' in xml and "w:vMerge" in xml
        found = Counter()
        for table in doc.tables:
            for tr in table._tbl.tr_lst:
                for tc in tr.tc_lst:
                    v = parse_number("".join(x.text or "" for x in tc.iter(docx.oxml.ns.qn("w:t"))))
                    if v:
                        found[round(v, 2)] += 1
        assert found == truth_numbers(t.cells)
        assert doc.paragraphs[0].text == t.title
        assert doc.core_properties.author == t.agency


def test_write_corpus_writes_files_and_their_truth(tmp_path):
    paths = write_corpus(tmp_path, 3, formats=("html", "text", "docx"), seed=5)
    assert sorted(p.name for p in paths) == sorted(
        ["5-html-standard.html", "6-html-gbk.html", "7-html-gb2312-nometa.html",
         "5-text-standard.txt", "6-text-tabs.txt", "7-text-standard.txt",
         "5-docx-standard.docx", "6-docx-split.docx", "7-docx-standard.docx"])
    lines = [json.loads(x) for x in (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["file"] for x in lines] == [p.name for p in paths]
    assert lines[0]["truth"]["cells"] == make_truth(5).cells
    assert Truth.from_dict(lines[3]["truth"]) == make_truth(6)
    assert all(failing(x["truth"]["cells"]) == set() for x in lines)
