"""Word .docx: paragraphs and tables in document order. Merged cells are read from the XML
(w:gridSpan, w:vMerge), because python-docx repeats a merged cell in `row.cells`."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn

from extract.errors import ReadError
from extract.grid import Cell, Document, Grid, caption_of
from nianbao.job import Job

MAX_UNPACKED = 300 * 1024 * 1024  # a real report unpacks to a few MB; more is a zip bomb
MAX_RATIO = 200


def check_zip(data: bytes, name: str) -> None:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError("not a DOCX: not a zip file (truncated or mislabelled)") from None
    total = sum(i.file_size for i in z.infolist())
    packed = sum(i.compress_size for i in z.infolist()) or 1
    if total > MAX_UNPACKED or (total > 20 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise ReadError(f"refused: unpacks to {total // 1048576} MB (zip bomb?)")
    if "word/document.xml" not in z.namelist():
        raise ReadError("not a DOCX: no word/document.xml inside")


def read(data: bytes, job: Job) -> Document:
    name = job.name
    check_zip(data, name)
    try:
        d = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # the pipeline says "out of memory", not "damaged"
    except Exception as e:  # python-docx raises many kinds for damaged packages
        if "memory" in str(e).lower() or "unknown error" in str(e):  # what libxml2 says when malloc fails
            raise MemoryError(f"{type(e).__name__}: {e}") from None
        raise ReadError(f"damaged DOCX: {type(e).__name__}: {e}") from None
    lines: list[str] = []
    grids: list[Grid] = []
    walk(d.element.body, lines, grids)
    title = (d.core_properties.title or "").strip()
    return Document(text="\n".join(l for l in lines if l.strip()), grids=grids, format="docx",
                    title_hint=title)


def walk(body, lines: list[str], grids: list[Grid]) -> None:
    for el in body.iterchildren():
        if el.tag == qn("w:p"):
            lines.append(para_text(el))
            for box in text_boxes(el):  # a table pasted into a text box
                walk(box, lines, grids)
        elif el.tag == qn("w:tbl") and is_frame(el):
            for tr in unwrapped(el, "w:tr"):
                for cell in unwrapped(tr, "w:tc"):
                    walk(cell, lines, grids)
        elif el.tag == qn("w:tbl"):
            grid = table_grid(el, len(grids) + 1)
            grid.caption = caption_of(lines[-3:])
            if grid.rows:
                grids.append(grid)
                lines.extend("\t".join(dict.fromkeys(c.text or "" for c in row)) for row in grid.rows)
        elif el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                walk(content, lines, grids)


WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
TXBX = qn("w:txbxContent")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def unwrapped(parent, tag: str):
    """Children with this tag, also inside content controls (w:sdt) and custom XML."""
    want = qn(tag)
    for child in parent.iterchildren():
        if child.tag == want:
            yield child
        elif child.tag in WRAPPERS:
            yield from unwrapped(child, tag)


def text_boxes(p) -> list:
    """Text boxes anchored in a paragraph; Word writes each twice (Choice, Fallback): once here."""
    return [box for box in p.iter(TXBX)
            if not any(a.tag == MC_FALLBACK for a in box.iterancestors())]


def is_frame(tbl) -> bool:
    """A table used as a page frame: one cell, or cells that hold the report's own tables."""
    cells = [tc for tr in unwrapped(tbl, "w:tr") for tc in unwrapped(tr, "w:tc")]
    return len(cells) == 1 or any(tc.find(qn("w:tbl")) is not None for tc in cells)


def in_text_box(node, p) -> bool:
    for a in node.iterancestors():
        if a is p:
            return False
        if a.tag == TXBX:
            return True
    return False


def para_text(p) -> str:
    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if in_text_box(node, p):
            continue  # text-box text is read with its box
        parts.append(node.text or "" if node.tag == qn("w:t") else ("\t" if node.tag == qn("w:tab") else "\n"))
    return "".join(parts).strip()


def table_grid(tbl, k: int) -> Grid:
    """Resolve spans: a vMerge continuation takes the Cell above it in the same grid column."""
    rows: list[list[Cell]] = []
    for i, tr in enumerate(unwrapped(tbl, "w:tr")):
        row: list[Cell] = []
        pr = tr.find(qn("w:trPr"))
        before = int(pr.find(qn("w:gridBefore")).get(qn("w:val"))) if pr is not None and pr.find(qn("w:gridBefore")) is not None else 0
        for _ in range(before):
            row.append(Cell("", i, len(row), f"table {k} row {i + 1} col {len(row) + 1}"))
        for tc in unwrapped(tr, "w:tc"):
            tcpr = tc.find(qn("w:tcPr"))
            colspan, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    colspan = max(1, int(gs.get(qn("w:val"), "1")))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val"), "continue")
            j = len(row)
            if vmerge == "continue" and rows and j < len(rows[-1]):
                cell = rows[-1][j]
            else:
                text = " ".join(para_text(p) for p in tc.iterchildren(qn("w:p"))).strip()
                cell = Cell(text, i, j, f"table {k} row {i + 1} col {j + 1}")
            row.extend([cell] * min(colspan, 200))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for i, r in enumerate(rows):
        r.extend(Cell("", i, j, f"table {k} row {i + 1} col {j + 1}") for j in range(len(r), width))
    return Grid(rows, source=f"docx table {k}")
