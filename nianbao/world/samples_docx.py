"""Reports as Word documents with the national tables' real merged cells (like the blank 2021
template: gridSpan across, vMerge down), made with python-docx.

The bytes are deterministic (fixed zip timestamps and core properties), so the same truth
always gives the same sha256, as the archive expects.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from nianbao.world.samples import Truth
from nianbao.world.samples_tables import Table, active_blocks, appeals_table, requests_table

FONT = "仿宋_GB2312"
# Column widths (cm) per table width, like the template: label columns wide, numbers narrow.
WIDTHS = {4: [4.3] * 4, 10: [1.3, 1.6, 5.6] + [1.2] * 7, 11: [1.3, 1.6, 4.8] + [1.1] * 8, 15: [1.15] * 15}


def _font(run, size: float | None = None, bold: bool = False):
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def add_table(doc, table: Table):
    """A Word table with real merges: each spanned cell is `cell.merge()`d over its area."""
    width = sum(s.cs for s in table[0])
    out = doc.add_table(rows=len(table), cols=width)
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = out._cells  # once: Table.cell() recomputes the whole list on every call
    widths = WIDTHS.get(width)
    if widths:
        for k, cell in enumerate(cells):
            cell.width = Cm(widths[k % width])
        for col, w in zip(out.columns, widths):
            col.width = Cm(w)
    taken: set[tuple[int, int]] = set()
    for i, row in enumerate(table):
        j = 0
        for s in row:
            while (i, j) in taken:
                j += 1
            taken.update((i + a, j + b) for a in range(s.rs) for b in range(s.cs))
            cell = cells[i * width + j]
            if s.rs > 1 or s.cs > 1:
                cell = cell.merge(cells[(i + s.rs - 1) * width + j + s.cs - 1])
            par = cell.paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(par.add_run(s.text), 9)
            j += s.cs
    return out


def paragraph(doc, text: str, bold: bool = False, align=None, size: float = 12, indent: bool = True):
    par = doc.add_paragraph()
    if align is not None:
        par.alignment = align
    if indent and align is None:
        par.paragraph_format.first_line_indent = Pt(size * 2)
    _font(par.add_run(text), size, bold)
    return par


def render_docx(t: Truth, variant: str = "standard") -> bytes:
    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    paragraph(doc, t.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=16)
    blocks = active_blocks(t)
    for n in range(1, 7):
        paragraph(doc, t.section_titles[n], bold=True)
        for text in t.sections[n].split("\n"):
            paragraph(doc, text)
        if n == 2 and variant == "split":
            for b in blocks:
                add_table(doc, b)
                doc.add_paragraph()
        elif n == 2:
            add_table(doc, [r for b in blocks for r in b])
        elif n == 3:
            add_table(doc, requests_table(t))
        elif n == 4:
            add_table(doc, appeals_table(t))
    day = dt.date.fromisoformat(t.published)
    paragraph(doc, t.agency, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, f"{day.year}年{day.month}月{day.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    when = dt.datetime(day.year, day.month, day.day, 9, 0, 0)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = t.title, t.agency, t.agency
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The same zip with fixed member timestamps, so equal documents give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
