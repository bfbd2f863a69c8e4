"""Scanned reports: rulings found, cells OCR'd, every number either right or declared unread."""
from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image, ImageDraw

from extract.errors import ReadError
from extract.pipeline import extract_bytes
from nianbao.job import Job
from extract.readers import pdf, scan
from nianbao.world import samples_office
from nianbao.world.files import make_truth, render

pytestmark = pytest.mark.timeout(300)
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def numeric_slots(grid):
    """(row, col) → text of the slots where a number starts (first slot of each cell)."""
    out = {}
    for i, row in enumerate(grid.rows):
        for j, c in enumerate(row):
            if c.row == i and c.col == j:
                out[(i, j)] = c.text
    return out


def key(row) -> str:
    """A row's own label (its last label cell), only its Chinese characters: OCR reads
    「（一）」 as 「(一)」, and a page shows only some columns of the group labels."""
    labels = [c.text for c in row[:-7] if re.search(r"[\u4e00-\u9fff]", c.text or "")]
    return re.sub(r"[^\u4e00-\u9fff]", "", labels[-1]) if labels else ""


def test_picture_of_table_3_matches_the_digital_pdf():
    """The PNG of a page of table 3 against the same rows read from the born-digital PDF."""
    t = make_truth(6)
    docx = render(t, "docx")
    png = samples_office.convert(docx, "png", angle=0.8)
    digital = pdf.read(samples_office.convert(docx, "pdf"), Job(name="d.pdf"))
    page = [g for g in digital.grids if any("行政查询事项" in (c.text or "") for r in g.rows for c in r)][0]
    doc = scan.read(png, Job(name="page.png"))
    assert doc.format == "image"
    assert any("rotated" in n for n in doc.notes)  # straightened
    got = [g for g in doc.grids if any("行政查询事项" in (c.text or "") for r in g.rows for c in r)]
    assert len(got) == 1
    # the picture holds the rows of table 3 printed on that page: compare them label by label
    want = {key(r): [c.text for c in r[-7:]] for r in page.rows if NUMBER.match(r[-1].text or "")}
    read = {key(r): [c.text for c in r[-7:]] for r in got[0].rows}
    assert len(set(want) & set(read)) >= 12
    right = unread = 0
    for label, numbers in want.items():
        if label not in read:
            continue
        for a, b in zip(numbers, read[label]):
            assert b is None or a == b, (label, numbers, read[label])  # never a wrong number
            right += a == b
            unread += b is None
    assert right >= 0.95 * (right + unread) and right >= 80


@pytest.mark.parametrize("seed", [3, 15])  # 15: its title wraps, a lone 「告」 on the second line
def test_scanned_report(seed):
    """Rasterised at 200 dpi, rotated up to 1°, noisy: every value right or declared unread."""
    t = make_truth(seed)
    data = render(t, "scan")
    assert b"/Font" not in data  # image-only
    report = extract_bytes(data, "scan.pdf")
    assert (report.template, report.year, report.agency) == (t.template, t.year, t.agency)
    values = report.values()
    wrong = {k: (v, t.cells.get(k)) for k, v in values.items() if t.cells.get(k) != v}
    assert not wrong, wrong
    assert set(t.cells) <= set(values) | set(report.unread)
    assert len(values) >= 0.97 * len(t.cells)
    assert report.status == ("partial" if report.unread else "ok")


def test_negative_numbers_keep_their_sign():
    t = make_truth(1)  # format 2019: 本年增/减 has negative changes
    negatives = {k: v for k, v in t.cells.items() if v < 0}
    assert negatives
    report = extract_bytes(render(t, "scan"), "scan.pdf")
    for k, v in negatives.items():
        assert report.values().get(k) in (v, None), k


# ------------------------------------------------------------------ bad input

def _png(w: int, h: int, mode: str = "1") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h), 1 if mode == "1" else 255).save(buf, "PNG")
    return buf.getvalue()


def test_huge_image_is_refused_quickly():
    data = _png(20000, 20000)
    start = time.monotonic()
    with pytest.raises(ReadError, match="too large"):
        scan.read(data, Job(name="huge.png"))
    assert time.monotonic() - start < 5


def test_huge_jpeg_is_reduced_while_decoding():
    im = Image.new("L", (9000, 7000), 255)
    ImageDraw.Draw(im).rectangle((1000, 1000, 8000, 6000), outline=0, width=12)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=70)
    doc = scan.read(buf.getvalue(), Job(name="big.jpg"))
    assert any("reduced" in n for n in doc.notes)


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"GIF89a" + b"junk" * 10])
def test_corrupt_images_give_a_reason(data):
    with pytest.raises(ReadError):
        scan.read(data, Job(name="bad.png"))


def test_truncated_image():
    buf = io.BytesIO()
    Image.new("L", (800, 600), 200).save(buf, "PNG")
    report = extract_bytes(buf.getvalue()[:300], "cut.png")
    assert report.status == "failed" and report.reason


def test_page_scanned_sideways_is_turned_upright():
    t = make_truth(6)
    png = samples_office.convert(render(t, "docx"), "png", angle=0.4)
    buf = io.BytesIO()
    Image.open(io.BytesIO(png)).rotate(90, expand=True).save(buf, "PNG")
    doc = scan.read(buf.getvalue(), Job(name="sideways.png"))
    assert any("turned 90° clockwise" in n for n in doc.notes), doc.notes
    rows = [[c.text for c in r] for g in doc.grids for r in g.rows]
    row = next(r for r in rows if r[2] == "8.属于行政查询事项")
    cols = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
    printed = [str(int(t.cells[f"requests.denied_inquiry.{c}"])) for c in cols]
    assert all(a is None or a == b for a, b in zip(row[3:], printed)) and row[3:].count(None) <= 1


def test_second_engine_reads_cut_lines_and_votes():
    """The second OCR engine (models inside its pip package) reads a cut number and label;
    a number it reads otherwise than tesseract is left unread, one it confirms stands."""
    from extract.readers import lexicon, ocr, scancells
    if ocr.second_engine() is None:
        pytest.skip("rapidocr-onnxruntime not installed")
    font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    from PIL import ImageFont
    crops = []
    for text in ("2431", "自然人"):
        im = Image.new("L", (40 * len(text) + 20, 50), 255)
        ImageDraw.Draw(im).text((10, 5), text, fill=0, font=ImageFont.truetype(font, 34))
        crops.append(__import__("numpy").asarray(im))
    (number, c1), (label, c2) = ocr.read_lines_second(crops)
    assert (number, label) == ("2431", "自然人") and min(c1, c2) > 80
    assert scancells._vote("2431", "2431", 95.0, ["2431"]) == "2431"
    assert scancells._vote("2431", "2481", 95.0, ["2431"]) is None
    assert scancells._vote(None, "7", 90.0, ["1", "7"]) == "7"
    assert scancells._vote(None, "7", 90.0, ["1"]) is None  # tesseract never saw 7
    assert scancells._vote(None, "3", 90.0, ["3", "-3"]) is None  # a minus one reading saw
    assert scancells._vote("6", "6", 35.0, ["0", "6"]) is None  # tesseract torn, the other unsure
    assert lexicon.snap("白然人") == "自然人"
    assert lexicon.snap_both("{)以公开", "（“）以公") == "（一）予以公开"
