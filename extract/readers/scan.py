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
import pytesseract
from PIL import Image

from extract.errors import ReadError
from extract.grid import Document, Grid
from extract.readers import ocr, pdfgrid, scancells
from nianbao.job import Job

MAX_PIXELS = 60_000_000  # larger pictures are refused, or reduced while decoding (JPEG)
WORK_WIDTH = (1500, 2600)  # a page is scaled into this width range before OCR
MAX_FRAMES = 30
RULE_GAP = 16  # px: cells either side of one (thick, dilated) ruling are this far apart at most
MIN_OSD_CONF = 3.0  # tesseract's orientation confidence needed to turn a page
BILEVEL_BLUR = 0.8  # px: a 1-bit page softened before it is read
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

    @property
    def grids(self) -> list[Grid]:
        return [pdfgrid.grid_from_parts([p], n) for n, p in enumerate(self.parts, 1)]


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
    texts, grids = [], []
    frames = getattr(im, "n_frames", 1)
    for k in range(min(frames, MAX_FRAMES)):
        try:
            im.seek(k)
            page = im.convert("RGB" if im.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr") else "L")
        except Exception as e:
            raise ReadError(f"image data is corrupt or truncated ({type(e).__name__})") from None
        bands = split_long(page)
        if len(bands) > 1:
            notes.append(f"a long picture: read as {len(bands)} pages")
        for band in bands:
            res = read_image(band, len(grids) + 1)
            texts.append(res.text)
            grids += res.grids
            notes += res.notes
    if frames > MAX_FRAMES:
        notes.append(f"{frames} frames: only the first {MAX_FRAMES} were read")
    return Document("\n".join(texts), grids, "image", "", notes)


def read_image(image: Image.Image, page: int = 1) -> ScanResult:
    """OCR one page picture: its text in reading order and its ruled tables as Parts."""
    gray = clean(image)
    gray, turned = upright(gray)
    gray = cv2.copyMakeBorder(gray, BORDER, BORDER, BORDER, BORDER, cv2.BORDER_CONSTANT, value=255)
    work = _to_work_size(gray)
    f = work.shape[1] / gray.shape[1]  # work pixels per picture pixel
    work, angle = deskew(work)
    notes = [f"rotated {angle:+.2f}° to straighten it"] if angle else []
    if turned:
        notes.insert(0, f"scanned sideways or upside down: turned {turned}° clockwise")
    binary = cv2.adaptiveThreshold(work, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    lines = ruling_mask(binary)
    tables = find_tables(lines)
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


def clean(image: Image.Image) -> np.ndarray:
    """The page in grey, as print on white: coloured marks (a red seal over the table) taken
    out through the colour channels, uneven or grey paper levelled, scanner noise smoothed."""
    if image.mode == "RGB":
        rgb = np.asarray(image)
        gray = rgb.max(axis=2)  # red, blue ink are bright in one channel at least; black stays black
        if ((gray.astype(np.int16) - rgb.min(axis=2)) > 70).mean() < 0.0005:
            gray = np.asarray(image.convert("L"))  # no colour to speak of: luminance keeps faint print
    else:
        gray = np.asarray(image.convert("L"))
    if gray.size == 0 or gray.min() == gray.max():
        return np.ascontiguousarray(gray)
    if len(np.unique(gray[:: 7, :: 7])) <= 2:  # 1-bit (fax): nothing to level; its jagged,
        return cv2.GaussianBlur(gray, (0, 0), BILEVEL_BLUR)  # broken strokes read better softened
    smooth = cv2.medianBlur(gray, 3)
    paperish = smooth > np.percentile(smooth, 60)
    noise = float(np.std(cv2.subtract(gray, smooth)[paperish] - cv2.subtract(smooth, gray)[paperish])) if paperish.any() else 0.0
    if noise > 3.0:
        gray = cv2.fastNlMeansDenoising(gray, None, h=min(noise * 2.0, 18), templateWindowSize=5, searchWindowSize=11)
    h, w = gray.shape  # the paper's level, from a reduced copy (averaged: noise does not raise it)
    small = cv2.resize(gray, (max(w // 4, 1), max(h // 4, 1)), interpolation=cv2.INTER_AREA)
    small = cv2.medianBlur(cv2.dilate(small, np.ones((5, 5), np.uint8)), 5)
    paper = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    level = np.clip(gray.astype(np.float32) * 255.0 / np.maximum(paper, 1) * 1.02, 0, 255).astype(np.uint8)
    return level


def split_long(image: Image.Image) -> list[Image.Image]:
    """A long picture (a whole report stitched into one image) cut into pages at wide white
    bands, so each page is straightened and read on its own; a table is never cut."""
    w, h = image.size
    if h < 1.8 * w:
        return [image]
    small = np.asarray(image.convert("L").resize((400, max(int(h * 400 / w), 1))))
    f = h / small.shape[0]
    ink = (small < 140).sum(axis=1) > 2  # a row with more than a speck or two
    runs, start = [], None
    for y, on in enumerate(list(ink) + [True]):
        if not on and start is None:
            start = y
        elif on and start is not None:
            runs.append((start, y))
            start = None
    gap = 400 * 0.045  # about a blank line and a half of an A4 page
    cuts = [int((a + b) / 2 * f) for a, b in runs if b - a >= gap and a > 0 and b < len(ink)]
    page = 1.414 * w
    out, top, last = [], 0, 0
    for c in cuts + [h]:  # cut near every page's length, at the widest gap before it
        if c - top > page * 1.05 and last > top + 0.3 * w:
            out.append((top, last))
            top = last
        last = c
    out.append((top, h))
    return [image.crop((0, a, w, b)) for a, b in out if b - a > 20]


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


def upright(gray: np.ndarray) -> tuple[np.ndarray, int]:
    """A page scanned sideways or upside down turned upright. Returns the page and the turn.

    Lines of print make the row sums of an upright page sharp and its column sums flat:
    when the columns are the sharper, the page lies on its side, and tesseract's orientation
    detection (or, when it is unsure, which of the two turns reads better) says which side.
    """
    h, w = gray.shape
    f = min(1.0, 1800.0 / max(w, h))
    small = cv2.resize(gray, (max(int(w * f), 1), max(int(h * f), 1)), interpolation=cv2.INTER_AREA)
    binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    ink = (binary & ~ruling_mask(binary)).astype(np.float32)  # print only: rulings run both ways
    sideways = _sharpness(ink.sum(axis=0)) > 1.3 * _sharpness(ink.sum(axis=1))
    try:
        osd = pytesseract.image_to_osd(Image.fromarray(small), output_type=pytesseract.Output.DICT,
                                       timeout=ocr.TIMEOUT)
        turn, sure = int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0))
    except (pytesseract.TesseractError, RuntimeError):  # too little text to tell
        turn, sure = 0, 0.0
    if turn in (90, 270) and (sure >= MIN_OSD_CONF or (sideways and sure >= 0.5)):
        pass
    elif sideways:  # upright stays a candidate: the sums can mislead (a page of narrow columns)
        turn = _better_turn(small, (0, 90, 270))
    elif turn != 180 or sure < MIN_OSD_CONF:
        turn = 0
    if not turn:
        return gray, 0
    return np.ascontiguousarray(np.rot90(gray, k=-turn // 90)), turn


def _sharpness(sums: np.ndarray) -> float:
    return float(np.square(np.diff(sums)).sum()) / max(float(np.square(sums).sum()), 1.0)


def _better_turn(small: np.ndarray, turns: tuple[int, ...]) -> int:
    """The turn under which a band of the page reads with clearly more confidence than
    under any other (else 0)."""
    scores = []
    for turn in turns:
        page = np.rot90(small, k=-turn // 90)
        band = np.ascontiguousarray(page[: max(page.shape[0] // 4, 50)])
        ws = ocr.words(band, ocr.LANG, "--psm 6")
        scores.append((sum(w.conf for w in ws) / len(ws) if ws else 0.0, turn))
    scores.sort(reverse=True)
    return scores[0][1] if scores[0][0] - scores[1][0] >= 10 else 0


def _to_work_size(gray: np.ndarray) -> np.ndarray:
    h, w = gray.shape
    lo, hi = WORK_WIDTH
    if w < lo:
        f = min(lo / w, 2.5)
    elif w > hi:
        f = hi / w
    else:
        return gray
    return cv2.resize(gray, (int(w * f), int(h * f)), interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Straighten a slight rotation (≤ 3°): the angle at which rows of ink line up best.

    Measured on a reduced copy (projection profile: rulings and text lines give the sharpest
    row sums when level), refined to 0.05°, then applied to the full picture.
    """
    h, w = gray.shape
    f = 700.0 / max(w, 1)
    small = cv2.resize(gray, (700, max(int(h * f), 1)), interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1].astype(np.float32)
    sh, sw = ink.shape

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((sw / 2, sh / 2), angle, 1.0)
        rows = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_NEAREST).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-3.0, 3.01, 0.25), key=sharpness)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=sharpness)
    angle = -float(best)  # rotating by `best` levels the page: the page is tilted by -best
    if abs(angle) < 0.1:
        return gray, 0.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255), angle


def ruling_mask(binary: np.ndarray) -> np.ndarray:
    """Horizontal and vertical rulings only (text strokes are too short to survive)."""
    h, w = binary.shape
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 35, 60), 1)))
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(h // 80, 36))))
    # bridge small breaks left by noise or thin scanning
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return cv2.bitwise_or(horiz, vert)


def find_tables(lines: np.ndarray) -> list[tuple[tuple[int, int, int, int], list[tuple[int, int, int, int]]]]:
    """Each ruled table: its box and the boxes of its cells (white regions the rulings enclose)."""
    h, w = lines.shape
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < w * 0.2 or bh < 20:
            continue
        region = (labels[y:y + bh, x:x + bw] == i).astype(np.uint8) * 255
        inside = cv2.bitwise_not(region)
        m, _, cstats, _ = cv2.connectedComponentsWithStats(inside, connectivity=4)
        cells = []
        for k in range(1, m):
            cx, cy, cw, ch, area = cstats[k]
            if cx == 0 or cy == 0 or cx + cw >= bw or cy + ch >= bh:  # outside the table
                continue
            if cw < 8 or ch < 8 or area < 0.5 * cw * ch:
                continue
            cells.append((x + cx, y + cy, x + cx + cw, y + cy + ch))
        if len(cells) >= 2:
            out.append(((x, y, x + bw, y + bh), cells))
    out.sort(key=lambda t: t[0][1])
    return out


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
