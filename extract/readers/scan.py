"""Scanned reports (JPG/PNG/TIFF, image-only PDF pages, 「图片版」 pictures) read by OCR.

The page is straightened (a slight rotation), the table rulings found with OpenCV
morphology, and the cells are the white regions they enclose, so merged cells come out as
one box and go through the same span resolution as PDF tables (pdfgrid). The text around the
tables is OCR'd once (tesseract chi_sim); the cells are read by scancells, where a cell that
cannot be read with confidence becomes Cell(text=None): the mapping then declares it
unread, never guessed.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from extract.errors import ReadError
from extract.grid import Document, Grid
from extract.readers import ocr, pdfgrid, scancells, scanpage
from nianbao.job import Job

MAX_PIXELS = 60_000_000  # larger pictures are refused, or reduced while decoding (JPEG)
MAX_FRAMES = 30
RULE_GAP = 16  # px: cells either side of one (thick, dilated) ruling are this far apart at most
LINE_SURE = 90.0  # a page line read with less confidence than this is read again by the second engine
SECOND_LINE_SURE = 85.0  # and the second engine's reading replaces it when at least this sure
MAX_LINES_AGAIN = 60  # lines of a page read again, at most
BORDER = 24  # px of white added around a picture: a table cut at its edge keeps its frame

Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 4  # Pillow's bomb check, beyond our own


@dataclass
class ScanResult:
    text: str
    parts: list[pdfgrid.Part] = field(default_factory=list)  # tables, in the picture's pixels
    notes: list[str] = field(default_factory=list)


def read(data: bytes, job: Job) -> Document:
    """Read a picture file (one page, or each frame of a TIFF)."""
    if not data:
        raise ReadError("empty file")
    try:
        with warnings.catch_warnings():  # the size is checked below, with a clearer message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
        w, h = im.size
    except Exception as e:
        raise ReadError(f"not a readable image ({type(e).__name__})") from None
    notes = []
    if w * h > MAX_PIXELS:
        if im.format != "JPEG":
            raise ReadError(f"image too large to read ({w}×{h} px; the limit is {MAX_PIXELS // 1_000_000} Mpx)")
        im.draft("L", (w * 3000 // max(w, h), h * 3000 // max(w, h)))  # reduced while decoding
        notes.append(f"image of {w}×{h} px reduced to {im.size[0]}×{im.size[1]} px")
    texts, parts = [], []
    frames = getattr(im, "n_frames", 1)
    for k in range(min(frames, MAX_FRAMES)):
        try:
            im.seek(k)
            page = im.convert("RGB" if im.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr") else "L")
        except Exception as e:
            raise ReadError(f"image data is corrupt or truncated ({type(e).__name__})") from None
        bands = scanpage.split_long(page)
        if len(bands) > 1:
            notes.append(f"a long picture: read as {len(bands)} pages")
        for band in bands:
            res = read_image(band, len(texts) + 1)
            texts.append(res.text)
            parts += res.parts
            notes += res.notes
    if frames > MAX_FRAMES:
        notes.append(f"{frames} frames: only the first {MAX_FRAMES} were read")
    return Document("\n".join(texts), joined_grids(parts), "image", "", notes)


def joined_grids(parts: list[pdfgrid.Part]) -> list[Grid]:
    """The tables of all pages (a long picture's, a TIFF's frames), a table cut by a page
    break joined again; each numbered as seen on the page where it starts."""
    grids = []
    for group in pdfgrid.group_parts(parts):
        number = 1 + sum(1 for p in parts if p.page == group[0].page and p.bbox[1] < group[0].bbox[1])
        grids.append(pdfgrid.grid_from_parts(group, number))
    return grids


def read_image(image: Image.Image, page: int = 1) -> ScanResult:
    """OCR one page picture: its text in reading order and its ruled tables as Parts."""
    gray = scanpage.clean(image)
    gray, turned = scanpage.upright(gray)
    gray = cv2.copyMakeBorder(gray, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT, value=255)
    work = scanpage.to_work_size(gray)
    f = work.shape[1] / gray.shape[1]  # work pixels per picture pixel
    work, angle = scanpage.deskew(work)
    notes = [f"rotated {angle:+.2f}° to straighten it"] if angle else []
    if turned:
        notes.insert(0, f"scanned sideways or upside down: turned {turned}° clockwise")
    binary = cv2.adaptiveThreshold(work, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    lines = scanpage.ruling_mask(binary)
    tables = scanpage.find_tables(lines)
    prose = work.copy()
    for (x0, y0, x1, y1), _ in tables:  # the page text is read around the tables
        prose[y0:y1, x0:x1] = 255
    words = _short_lines_again(prose, ocr.words(prose))
    blocks: list[tuple[float, object]] = [(w.top, w) for w in _lines_again(prose, words)]
    parts, unread = [], 0
    for bbox, boxes in tables:
        texts, k = scancells.cell_texts(work, binary, lines, boxes)
        unread += k
        part = pdfgrid.Part(page, tuple(v / f - BORDER for v in bbox),
                            [pdfgrid.Box(*(v / f - BORDER for v in b), t, page) for b, t in zip(boxes, texts)],
                            tol=RULE_GAP / f)
        parts.append(part)
        blocks.append((bbox[1], part))
    _mark_edges(parts, words, f)
    if unread:
        notes.append(f"{unread} cells not read with confidence (left unread)")
    return ScanResult(_text(blocks), parts, notes)


def _short_lines_again(gray: np.ndarray, words: list[ocr.Word]) -> list[ocr.Word]:
    """A line of one or two characters read without confidence (the last 「告」 of a title
    that wrapped, often cut in two) is read again alone, cut to its own ink."""
    lines: dict[tuple, list[ocr.Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    short = [ws for ws in lines.values() if len("".join(w.text for w in ws)) <= 2 and min(w.conf for w in ws) < 60]
    groups: list[list[ocr.Word]] = []
    for ws in sorted(short, key=lambda ws: ws[0].top):  # pieces of one glyph stacked: one group
        g = groups[-1] if groups else None
        if g and ws[0].top - max(w.bottom for w in g) < 12 and ws[0].x0 < max(w.x1 for w in g) and ws[0].x1 > min(w.x0 for w in g):
            g.extend(ws)
        else:
            groups.append(list(ws))
    out = list(words)
    for ws in groups:
        x0, top = min(w.x0 for w in ws), min(w.top for w in ws)
        x1, bottom = max(w.x1 for w in ws), max(w.bottom for w in ws)
        h = max(min(bottom - top, 60), 12)
        ry0, rx0 = max(top - h, 0), max(x0 - h, 0)
        region = gray[ry0:bottom + h, rx0:x1 + h]
        n, _, st, _ = cv2.connectedComponentsWithStats((region < 128).astype(np.uint8), connectivity=8)
        keep = [st[i] for i in range(1, n) if st[i][4] >= 10 and st[i][1] > 0
                and st[i][1] + st[i][3] < region.shape[0]]  # not the lines above and below
        if not keep:
            continue
        kx0, ky0 = min(k[0] for k in keep), min(k[1] for k in keep)
        kx1, ky1 = max(k[0] + k[2] for k in keep), max(k[1] + k[3] for k in keep)
        again = ocr.words(np.pad(region[ky0:ky1, kx0:kx1], 15, constant_values=255), ocr.LANG, "--psm 10")
        if len(again) == 1 and again[0].conf >= 70 and len(again[0].text) <= 2:
            gone = {id(w) for w in ws}
            out = [w for w in out if id(w) not in gone]
            out.append(ocr.Word(again[0].text, again[0].conf, rx0 + kx0, ry0 + ky0, rx0 + kx1, ry0 + ky1, ws[0].line))
    return out


def _lines_again(gray: np.ndarray, words: list[ocr.Word]) -> list[ocr.Word]:
    """Lines tesseract read without confidence (a title's 「宁」 as 「字」) read again by the
    second engine, cut to the line; its reading replaces the line's when it is sure of it."""
    lines: dict[tuple, list[ocr.Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    unsure = [ws for ws in lines.values() if min(w.conf for w in ws) < LINE_SURE
              and len("".join(w.text for w in ws)) >= 3][:MAX_LINES_AGAIN]
    boxes = []
    for ws in unsure:
        x0, top = min(w.x0 for w in ws), min(w.top for w in ws)
        x1, bottom = max(w.x1 for w in ws), max(w.bottom for w in ws)
        m = max((bottom - top) // 5, 2)
        boxes.append((max(x0 - m, 0), max(top - m, 0), x1 + m, bottom + m))
    again = ocr.read_lines_second([gray[y0:y1, x0:x1] for x0, y0, x1, y1 in boxes])
    out = list(words)
    for ws, (x0, y0, x1, y1), (text, conf) in zip(unsure, boxes, again):
        old = "".join(w.text for w in ws)
        text = text.lstrip("，,.。、·'\"：:;； ")  # a speck before the line read as a mark
        if conf >= SECOND_LINE_SURE and len(text) >= 0.6 * len(old):
            gone = {id(w) for w in ws}
            out = [w for w in out if id(w) not in gone]
            out.append(ocr.Word(text, conf, x0, y0, x1, y1, ws[0].line))
    return out


def _mark_edges(parts: list[pdfgrid.Part], words: list[ocr.Word], f: float) -> None:
    """Whether the first/last table has only a page number above/below it (a split table)."""
    if not parts:
        return
    first, last = parts[0], parts[-1]
    first.first_on_page = last.last_on_page = True
    lines: dict[tuple, list[ocr.Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    # by the middle of the line: a heading set close above the table reaches below its top
    # ruling with the box of a 「、」 or a descender
    above = [ws for ws in lines.values() if max(w.cy for w in ws) / f - BORDER < first.bbox[1]]
    below = [ws for ws in lines.values() if min(w.cy for w in ws) / f - BORDER > last.bbox[3]]
    first.clear_above = all(pdfgrid.is_footer(ocr.join(ws)) for ws in above)
    last.clear_below = all(pdfgrid.is_footer(ocr.join(ws)) for ws in below)


def _text(blocks: list[tuple[int, object]]) -> str:
    """Page text: the lines around the tables and each table row by row, top to bottom."""
    out: list[str] = []
    line: list[ocr.Word] = []
    for _, item in sorted(blocks, key=lambda b: b[0]):
        if isinstance(item, pdfgrid.Part):
            if line:
                out.append(ocr.join(sorted(line, key=lambda w: w.x0)))
                line = []
            for row in pdfgrid.grid_from_parts([item], 0).rows:
                cells = []
                for c in row:
                    if c.text and (not cells or cells[-1] is not c):
                        cells.append(c)
                out.append(" ".join(c.text for c in cells if c.text))
        elif line and abs(item.cy - line[-1].cy) > (item.bottom - item.top) * 0.6:
            out.append(ocr.join(sorted(line, key=lambda w: w.x0)))
            line = [item]
        else:
            line.append(item)
    if line:
        out.append(ocr.join(sorted(line, key=lambda w: w.x0)))
    return "\n".join(t for t in out if t)
