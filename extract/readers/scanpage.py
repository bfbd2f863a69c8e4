"""A scanned page made ready to read: in grey with coloured marks taken out, upright,
straightened, at a working size; a long stitched picture cut into pages; the table rulings
and the cells they enclose found (OpenCV morphology). Reading the page is scan.py's job."""
from __future__ import annotations

import cv2
import numpy as np
import pytesseract
from PIL import Image

from extract.readers import ocr

WORK_WIDTH = (1500, 2600)  # a page is scaled into this width range before OCR
MIN_OSD_CONF = 3.0  # tesseract's orientation confidence needed to turn a page
BILEVEL_BLUR = 0.8  # px: a 1-bit page softened before it is read


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


def to_work_size(gray: np.ndarray) -> np.ndarray:
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
