"""Born-digital PDF reports, made from the generated DOCX with LibreOffice as agencies make them."""
from __future__ import annotations

import io
import re
import time

import pytest

from extract.errors import ReadError
from extract.assemble import map_document
from extract.pipeline import extract_bytes
from nianbao.job import Job
from extract.readers import pdf
from nianbao.world import samples_office
from nianbao.world.files import make_truth, render

pytestmark = pytest.mark.timeout(300)
FOOTER = re.compile(r"^\s*-\s*\d+\s*-\s*$")


def docx_of(seed: int) -> bytes:
    return render(make_truth(seed), "docx")


def check_values(report, truth, complete=True):
    """No value differs from the truth; with `complete`, every value is there."""
    values = report.values()
    wrong = {k: (v, truth.cells.get(k)) for k, v in values.items() if truth.cells.get(k) != v}
    assert not wrong, wrong
    if complete:
        missing = sorted(set(truth.cells) - set(values))
        assert not missing, missing


@pytest.mark.parametrize("seed", [1, 2])  # format 2019 and 2021
def test_pdf_report_number_for_number(seed):
    t = make_truth(seed)
    report = extract_bytes(render(t, "pdf"), "report.pdf")
    assert report.format == "pdf"
    assert report.status == "ok", report.reason
    assert (report.template, report.year, report.agency) == (t.template, t.year, t.agency)
    check_values(report, t)


def test_grid_carries_the_printed_numbers_at_their_rows_and_columns():
    t = make_truth(2)
    doc = pdf.read(render(t, "pdf"), Job(name="r.pdf"))
    grid = next(g for g in doc.grids if any("本年新收" in (c.text or "") for row in g.rows for c in row))
    row = next(r for r in grid.rows if "本年新收" in (r[0].text or ""))
    cols = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
    assert [c.text for c in row[3:]] == [str(int(t.cells[f"requests.new.{c}"])) for c in cols]
    assert row[0] is row[1] is row[2]  # the label spans three columns: one cell in three slots


def test_table_split_over_a_page_break_is_one_grid_without_footers():
    t = make_truth(2)
    data = samples_office.convert(docx_of(2), "pdf", split="requests")
    doc = pdf.read(data, Job(name="split.pdf"))
    grids = [g for g in doc.grids if any("予以公开" in (c.text or "") for row in g.rows for c in row)]
    assert len(grids) == 1
    grid = grids[0]
    assert grid.source.startswith("pdf pages ")  # it runs over a page break
    labels = [r[2].text for r in grid.rows]
    assert labels[-1] == "四、结转下年度继续办理" and "一、本年新收政府信息公开申请数量" in labels
    assert len(grid.rows) == 3 + 25
    assert not any(FOOTER.match(c.text or "") for row in grid.rows for c in row)
    assert "- 1 -" in doc.text or "-1-" not in doc.text  # page numbers are no table rows
    check_values(extract_bytes(data, "split.pdf"), t)


def test_several_tables_on_one_page():
    doc = pdf.read(render(make_truth(1), "pdf"), Job(name="r.pdf"))
    first_page = [g.source for g in doc.grids if g.source.startswith("pdf page 1 ") or g.source.startswith("pdf pages 1-")]
    assert len(first_page) >= 2, [g.source for g in doc.grids]


@pytest.mark.parametrize("seed", [1, 4])
def test_tables_printed_without_rulings(seed):
    t = make_truth(seed)
    data = samples_office.convert(docx_of(seed), "pdf", rulings=False)
    doc = pdf.read(data, Job(name="plain.pdf"))
    assert doc.grids and not any(g.rectangular for g in doc.grids)
    headers = [r for g in doc.grids for r in g.texts() if "自然人" in r]
    assert headers and {"商业企业", "科研机构", "社会公益组织", "法律服务机构"} <= set(headers[0])
    check_values(extract_bytes(data, "plain.pdf"), t)


def mapped(doc) -> tuple[dict[str, float], set[str]]:
    """The document's values and the keys found but not read (as the pipeline reports them)."""
    cells, _, _ = map_document(doc)
    return {c.key: c.value for c in cells if c.value is not None}, {c.key for c in cells if c.value is None}


def test_fonts_without_text_mapping_fall_back_to_ocr():
    t = make_truth(2)
    data = samples_office.convert(docx_of(2), "pdf", cid=True)
    assert "(cid:" in pdfplumber_text(data)
    doc = pdf.read(data, Job(name="cid.pdf"))
    assert any("cid" in n and "OCR" in n for n in doc.notes)
    values, unread = mapped(doc)
    wrong = {k: (v, t.cells.get(k)) for k, v in values.items() if t.cells.get(k) != v}
    assert not wrong, wrong
    assert len(values) >= 0.97 * len(t.cells)
    assert set(t.cells) <= set(values) | unread  # what is not read is declared


def test_table_pasted_as_a_picture():
    t = make_truth(1)
    data = samples_office.convert(docx_of(1), "pdf", picture="appeals")
    doc = pdf.read(data, Job(name="pic.pdf"))
    assert any("图片版" in n for n in doc.notes)
    values, unread = mapped(doc)
    wrong = {k: (v, t.cells.get(k)) for k, v in values.items() if t.cells.get(k) != v}
    assert not wrong, wrong
    appeals = [k for k in t.cells if k.startswith("appeals.")]
    assert sum(k in values for k in appeals) >= 13
    assert all(k in values or k in unread for k in appeals)


def pdfplumber_text(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as doc:
        return doc.pages[0].extract_text() or ""


# ------------------------------------------------------------------ bad input

def reportlab_pdf(pages: int = 1, encrypt: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for i in range(pages):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("data, why", [
    (b"", "empty"),
    (b"<html><body>not a pdf</body></html>", "not a PDF"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 64, "corrupt"),
])
def test_unreadable_pdfs_give_a_clear_reason(data, why):
    with pytest.raises(ReadError, match=why):
        pdf.read(data, Job(name="bad.pdf"))


def test_truncated_pdf():
    data = render(make_truth(2), "pdf")
    report = extract_bytes(data[: len(data) // 3], "cut.pdf")
    assert report.status in ("failed", "partial")
    assert report.reason


def test_encrypted_pdf():
    report = extract_bytes(reportlab_pdf(encrypt="secret"), "locked.pdf")
    assert report.status == "failed"
    assert "password" in report.reason


def test_two_thousand_pages_are_bounded():
    data = reportlab_pdf(pages=2000)
    start = time.monotonic()
    doc = pdf.read(data, Job(name="huge.pdf"))
    assert time.monotonic() - start < 60
    assert any("2000 pages" in n for n in doc.notes)
    assert "page 1" in doc.text and f"page {pdf.MAX_PAGES + 1}\n" not in doc.text + "\n"


# ------------------------------------------------------------------ tables without rulings, from words

def _frag(x0: float, text: str, w: float = 6.0):
    from extract.readers.pdflines import Frag

    x1 = x0 + w * len(text)
    return Frag(x0, x1, text, [(x0, x1, text)])


def test_unruled_column_blank_throughout_keeps_its_slot():
    """Zeros printed as empty cells: a column with no number in any row still has its slot,
    found from its header label."""
    from extract.readers import pdftext

    head = [_frag(50, "信息内容"), _frag(200, "甲数量"), _frag(300, "乙数量"), _frag(400, "丙数量")]
    rows = [[_frag(50, "规章"), _frag(206, "3"), _frag(406, "5")],
            [_frag(50, "规范性文件"), _frag(206, "1"), _frag(406, "12")]]
    lines = [(1, 100.0, head)] + [(1, 120.0 + 20 * i, fs) for i, fs in enumerate(rows)]
    (_, _, grid), = pdftext.text_grids(lines)
    assert grid.texts() == [["信息内容", "甲数量", "乙数量", "丙数量"], ["规章", "3", "", "5"], ["规范性文件", "1", "", "12"]]


def test_unruled_label_over_three_lines_numbers_on_the_middle_one():
    """A label wrapped over three lines, its numbers on the middle line, under a group label
    printed down the left in pieces: every line goes to the row whose numbers stand nearest."""
    from extract.readers import pdftext

    head = [_frag(50, "信息内容"), _frag(200, "甲"), _frag(300, "乙")]
    lines = [(1, 100.0, head),
             (1, 120.0, [_frag(100, "1.第一行"), _frag(200, "1"), _frag(300, "2")]),
             (1, 135.0, [_frag(40, "（六）其"), _frag(100, "2.很长的标")]),
             (1, 140.0, [_frag(40, "他处理"), _frag(100, "签分三"), _frag(200, "3"), _frag(300, "4")]),
             (1, 145.0, [_frag(100, "行印出")]),
             (1, 160.0, [_frag(100, "3.其他"), _frag(200, "5"), _frag(300, "6")])]
    (_, _, grid), = pdftext.text_grids(lines)
    assert grid.texts()[1:] == [["1.第一行", "1", "2"], ["（六）其他处理", "2.很长的标签分三行印出", "3", "4"],
                                ["（六）其他处理", "3.其他", "5", "6"]]
