"""Fixture conversion: the generated DOCX made into the files agencies publish.

    convert(docx, "pdf")                      # LibreOffice PDF, page numbers 「- N -」 in the footer
    convert(docx, "pdf", split="requests")    # table 3 pushed down so it breaks over a page
    convert(docx, "pdf", picture="appeals")   # 「图片版」: table 4 pasted as a picture
    convert(docx, "pdf", rulings=False)       # tables printed without any lines
    convert(docx, "pdf", cid=True)            # fonts without a ToUnicode map: (cid:NNN)
    convert(docx, "doc")                      # LibreOffice "MS Word 97"
    convert(docx, "scan", dpi=200, angle=0.6) # rasterised, rotated, noisy, an image-only PDF
    convert(docx, "png")                      # the page of table 3 as a picture

LibreOffice takes 1-2 s a file, so results are cached on disk keyed by the sha256 of the
input, the format and the options.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import random
import subprocess
import tempfile
from pathlib import Path

import docx
import numpy as np
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

from extract.readers.office import soffice_convert

CACHE = Path(os.environ.get("NIANBAO_SAMPLES_CACHE", Path(tempfile.gettempdir()) / "nianbao-samples-office"))
VERSION = 4  # bump when a conversion changes, so cached files are made again
FIND = {"active": "信息内容", "requests": "本年新收", "appeals": "行政复议"}  # how to find a table


def convert(docx_bytes: bytes, fmt: str, **opts) -> bytes:
    """The DOCX as `fmt` bytes: pdf, doc, scan (image-only PDF) or png (see module doc)."""
    key = hashlib.sha256(docx_bytes + json.dumps([VERSION, fmt, opts], sort_keys=True).encode()).hexdigest()
    path = CACHE / f"{key}.{fmt}"
    if path.exists():
        return path.read_bytes()
    out = _convert(docx_bytes, fmt, **opts)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(out)
    tmp.replace(path)  # atomic: parallel test workers never see half a file
    return out


def _convert(data: bytes, fmt: str, split: str | None = None, picture: str | None = None,
             footer: bool = True, rulings: bool = True, cid: bool = False, dpi: int = 200, angle: float | None = None, noise: float = 6.0,
             seed: int | None = None, page: int | None = None) -> bytes:
    if fmt == "doc":
        return soffice_convert(data, ".docx", "doc")
    if fmt == "pdf":
        if footer:
            data = with_page_footer(data)
        if split:
            data = push_down(data, split)
        if picture:
            data = table_as_picture(data, picture)
        if not rulings:
            data = without_rulings(data)
        pdf = soffice_convert(data, ".docx", "pdf")
        return without_tounicode(pdf) if cid else pdf
    if seed is None:  # each document its own rotation and noise, the same every time
        seed = int(hashlib.sha256(data).hexdigest()[:8], 16)
    rng = random.Random(seed)
    pdf = convert(data, "pdf", split=split, footer=footer)
    if angle is None:
        angle = rng.uniform(-1.0, 1.0)
    if fmt == "scan":
        pages = [_degrade(im, angle, noise, rng) for im in rasterise(pdf, dpi)]
        buf = io.BytesIO()
        pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
        return buf.getvalue()
    if fmt == "png":
        n = page if page is not None else _page_of(pdf, "属于行政查询事项")  # mid-table 3
        im = _degrade(rasterise(pdf, dpi, first=n, last=n)[0], angle, noise, rng)
        buf = io.BytesIO()
        im.save(buf, "PNG")
        return buf.getvalue()
    raise ValueError(f"unknown fixture format {fmt!r}: pdf, doc, scan or png")


def rasterise(pdf: bytes, dpi: int, first: int | None = None, last: int | None = None) -> list[Image.Image]:
    """Pages as greyscale pictures, with pdftoppm as a scanner's software would."""
    with tempfile.TemporaryDirectory(prefix="nianbao-ppm-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
        if first:
            cmd += ["-f", str(first), "-l", str(last or first)]
        subprocess.run(cmd + [str(src), str(Path(tmp) / "p")], check=True, timeout=120)
        return [Image.open(p).copy() for p in sorted(Path(tmp).glob("p*.png"))]


def _degrade(im: Image.Image, angle: float, noise: float, rng: random.Random) -> Image.Image:
    """A slight rotation, grey noise and a few specks, as a flatbed scan gives."""
    im = im.convert("L").rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(im, dtype=np.float32)
    nrng = np.random.default_rng(rng.randrange(2**32))
    a = a + nrng.normal(0.0, noise, a.shape)
    specks = nrng.random(a.shape) < 0.0005
    a[specks] = 40
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _page_of(pdf: bytes, needle: str) -> int:
    """The 1-based page whose text holds `needle` (1 if none does)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for i, p in enumerate(doc.pages):
            if needle in (p.extract_text() or "").replace(" ", ""):
                return i + 1
    return 1


def _table(d: docx.document.Document, which: str):
    for t in d.tables:
        if FIND[which] in "".join(x.text or "" for x in t._tbl.iter(qn("w:t"))):
            return t
    raise ValueError(f"no {which} table in the document")


def push_down(data: bytes, which: str = "requests", paragraphs: int = 14) -> bytes:
    """Start a table on a new page after some paragraphs, so that it breaks over the next one
    (table 3 is most of a page tall; table 2 and 4 need a larger `paragraphs`)."""
    d = docx.Document(io.BytesIO(data))
    tbl = _table(d, which)._tbl
    brk = OxmlElement("w:p")
    run = OxmlElement("w:r")
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    run.append(br)
    brk.append(run)
    tbl.addprevious(brk)
    for k in range(paragraphs):
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "（此段为版式测试文字，用于使表格跨页。）" if k % 3 == 0 else ""
        r.append(t)
        p.append(r)
        tbl.addprevious(p)
    return _save(d)


def with_page_footer(data: bytes) -> bytes:
    """Page numbers 「- N -」 centred in the footer, as agencies print them."""
    d = docx.Document(io.BytesIO(data))
    for section in d.sections:
        p = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        p.alignment = 1
        p.add_run("- ")
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)
        p.add_run(" -")
    return _save(d)


def table_as_picture(data: bytes, which: str = "appeals", dpi: int = 200) -> bytes:
    """「图片版」: the table replaced by a picture of itself (cut from a rendering of the PDF)."""
    import pdfplumber

    pdf = soffice_convert(data, ".docx", "pdf")
    n = _page_of(pdf, FIND[which])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[n - 1]
        tables = [t for t in page.find_tables()
                  if any(FIND[which] in (c or "").replace(" ", "") for row in t.extract() for c in row)]
        x0, top, x1, bottom = tables[0].bbox
        width_pt = x1 - x0
    im = rasterise(pdf, dpi, n, n)[0]
    s = dpi / 72.0
    pad = 3
    crop = im.crop((int(x0 * s) - pad, int(top * s) - pad, int(x1 * s) + pad, int(bottom * s) + pad))
    buf = io.BytesIO()
    crop.save(buf, "PNG")
    d = docx.Document(io.BytesIO(data))
    tbl = _table(d, which)._tbl
    para = d.add_paragraph()  # appended at the end, then moved where the table was
    para.add_run().add_picture(io.BytesIO(buf.getvalue()), width=docx.shared.Pt(width_pt))
    tbl.addprevious(copy.deepcopy(para._p))
    para._p.getparent().remove(para._p)
    tbl.getparent().remove(tbl)
    return _save(d)


def without_rulings(data: bytes) -> bytes:
    """Every table border removed (tables laid out with spaces only, as some agencies do)."""
    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    for tag in ("w:tblBorders", "w:tcBorders"):
        for el in list(body.iter(qn(tag))):
            el.getparent().remove(el)
    for tbl_pr in body.iter(qn("w:tblPr")):
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = OxmlElement(f"w:{side}")
            b.set(qn("w:val"), "nil")
            borders.append(b)
        tbl_pr.append(borders)
    return _save(d)


def without_tounicode(pdf: bytes) -> bytes:
    """The fonts' ToUnicode maps made unreadable (same length, so the xref stays valid):
    pdfminer then gives (cid:NNN) for every glyph, as with some WPS and scanner-software PDFs."""
    return pdf.replace(b"/ToUnicode", b"/ToUnicodX")


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
