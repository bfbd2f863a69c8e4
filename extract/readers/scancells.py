"""The cells of a scanned table read: each cell's print once, numbers up to four times.

A cell's lines are read in one strip with the rest (chi_sim); a cell that may hold a number
is read again with a digits-only alphabet (all such cells in one strip), then, when the two
disagree or miss, on its own as printed and as three copies side by side. A number is kept
only when readings agree (or a lone reading is sure and nothing contradicts it) and the ink
agrees: as many digit-sized marks as digits, a decimal point where one is printed, a minus
sign where a dash stands before the digits. Anything else is left unread (None), never
guessed. Labels are snapped to the national template's (lexicon.snap).

A second engine (PP-OCR's recogniser, ocr.read_lines_second) votes: a number it reads
otherwise than tesseract settled is unread, one of tesseract's readings it confirms fills a
cell tesseract left unread, and a label tesseract could not place is read by it again.
"""
from __future__ import annotations

import re

import cv2
import numpy as np

from extract.readers import lexicon, ocr

CONFIDENT = 80.0  # a lone reading must be at least this sure
DASHES = ("—", "-", "/", "无", "－", "--", "——", "一")
LINE_PX = 34  # px: a line of print is scaled to about this height for the general reading
SPECK = 10  # px: ink blobs smaller than this are scanner noise (unless a decimal point)
POINT_AREA = 4  # px: the smallest decimal point kept
MORE_READINGS = 40  # cells of a page read a third and fourth time, at most
FAINT = 200  # grey level under which a faint stroke still joins a digit's pieces
SECOND_SURE = 75.0  # the second engine's confidence needed to fill a cell tesseract left unread
SECOND_AGREES = 50.0  # its confidence needed to back one of tesseract's disagreeing readings
MARK_PX = 9  # px: the height of the smallest mark that is print (a dash, a dot of 「0.5」 is less)


def cell_texts(gray, binary, lines, boxes) -> tuple[list[str | None], int]:
    """The text of each cell box: each read once in a strip, numbers read twice."""
    texts: list[str | None] = []
    inked: list[int] = []
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        inner = binary[y0 + 3:y1 - 3, x0 + 3:x1 - 3] & ~lines[y0 + 3:y1 - 3, x0 + 3:x1 - 3]
        blank = _blank(inner)
        texts.append("" if blank else None)
        if not blank:
            inked.append(k)
    crops = [_crop(gray, lines, boxes[k]) for k in inked]
    pieces = [(i, line) for i, crop in enumerate(crops) for line in _text_lines(crop)]
    read = ocr.read_cells([line for _, line in pieces])
    firsts: list[tuple[str, float]] = [("", -1.0)] * len(crops)
    for (i, _), (t, c) in zip(pieces, read):  # a cell's lines, top to bottom, joined again
        prev, pc = firsts[i]
        firsts[i] = (prev + t, c if pc < 0 else min(pc, c) if t else pc)
    firsts = [(t if _numberish(t) else lexicon.snap(_label_fix(t)), c) for t, c in firsts]
    nlines = [0] * len(crops)
    for i, _ in pieces:
        nlines[i] += 1
    for i, (t, c) in enumerate(firsts):  # an unsure label not in the template: read it again alone
        if (len(t) > 2 and c < CONFIDENT or nlines[i] > 1) and not _numberish(t) and not lexicon.known(t):
            firsts[i] = _reread_label(crops[i], t, c)
    unsure = [i for i, (t, c) in enumerate(firsts)  # labels still not the template's: the
              if t and not _numberish(t) and not lexicon.known(t) and len(t) > 2]  # second engine
    if unsure:
        lines_of = [(i, line) for i, line in pieces if i in set(unsure)]
        again = ocr.read_lines_second([line for _, line in lines_of])
        joined: dict[int, list[tuple[str, float]]] = {}
        for (i, _), got in zip(lines_of, again):
            joined.setdefault(i, []).append(got)
        for i, got in joined.items():
            t = lexicon.snap(_label_fix("".join(g for g, _ in got)))
            if not lexicon.known(t):
                t = lexicon.snap_both(firsts[i][0], t) or t
            if lexicon.known(t) and all(c >= 0 for _, c in got):
                firsts[i] = (t, max(CONFIDENT, firsts[i][1]))
    # a number is printed on one line: a cell of two or more lines (「自然\n人」) is a label
    numeric = [(k, t, c, crop) for k, (t, c), crop, n in zip(inked, firsts, crops, nlines)
               if n <= 1 and (_numberish(t) or (len(t) <= 2 and not lexicon.known(t)))]
    for k, (t, _) in zip(inked, firsts):
        texts[k] = t
    unread = 0
    seconds = ocr.read_numbers([_enlarge(crop) for *_, crop in numeric])
    others = ocr.read_lines_second([crop for *_, crop in numeric])  # the second engine
    budget = [MORE_READINGS]  # unsure cells read again, up to a bound (a page of garbage stays fast)
    for (k, first, conf1, crop), (second, conf2), (other, conf_o) in zip(numeric, seconds, others):
        seen: list[str] = []
        texts[k] = _settle(first, conf1, second, conf2, crop, budget, seen)
        if conf_o >= 0:
            texts[k] = _vote(texts[k], ocr.clean_number(other), conf_o, seen)
        if texts[k] and ocr.NUMBER.match(texts[k]) and (
                sum(ch.isdigit() for ch in texts[k]) < _glyphs(crop)  # a digit missed: 「11」 → 「1」
                or sum(ch in ".," for ch in texts[k]) != _point_marks(crop)):  # 「208.00」 → 「20800」
            texts[k] = None
        if texts[k] and ocr.NUMBER.match(texts[k]) and texts[k][0] not in "+-":
            if _minus_before(crop):
                texts[k] = "-" + texts[k]  # OCR drops a short dash before digits; the ink shows it
            elif any(ocr.clean_number(t).startswith("-") for t in (first, second)):
                texts[k] = None  # a reading saw a minus the ink does not clearly show: unread
        unread += texts[k] is None
    return texts, unread


def _numberish(text: str) -> bool:
    """Text that is, or may be a misread of, a number: digits with at most one odd character."""
    t = ocr.clean_number(text)
    odd = sum(1 for ch in t if not (ch.isdigit() or ch in ".,-+"))
    return any(ch.isdigit() for ch in t) and odd <= 1 and len(t) <= 14


def _crop(gray, lines, box) -> np.ndarray:
    """The cell's ink, cut close with a white margin: rulings and scanner specks removed."""
    x0, y0, x1, y1 = box
    c = gray[y0 + 2:y1 - 2, x0 + 2:x1 - 2].copy()
    c[lines[y0 + 2:y1 - 2, x0 + 2:x1 - 2] > 0] = 255
    if c.size == 0:
        return np.full((20, 20), 255, np.uint8)
    ink = (c < FAINT).astype(np.uint8)  # faint strokes keep a character in one piece
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = np.zeros(n, bool)
    dark = np.zeros(n, bool)  # pieces with real ink in them, not just a grey smudge
    mins = np.full(n, 255)
    np.minimum.at(mins, labels.ravel(), c.ravel())
    dark[1:] = mins[1:] < 128
    keep[1:] = (stats[1:, cv2.CC_STAT_AREA] >= SPECK) & dark[1:]
    if keep.any():  # a speck: small, and away from the print (a dot of a character is near it)
        height = stats[1:, cv2.CC_STAT_HEIGHT][keep[1:]].max()
        big = keep & (stats[:, cv2.CC_STAT_HEIGHT] >= 0.4 * height)
        big[0] = False
        mx, my = 0.12 * height, 0.3 * height
        boxes = [(x - mx, y - my, x + w + mx, y + h + my) for x, y, w, h, _ in stats[big]]
        for i in np.nonzero(keep & ~big)[0]:
            x, y, w, h, _ = stats[i]
            keep[i] = any(x + w > b0 and x < b2 and y + h > b1 and y < b3 for b0, b1, b2, b3 in boxes)
    for i in _points(stats[1:], keep[1:]) + _dashes(stats[1:], keep[1:]):  # a decimal point, a
        keep[i + 1] = True  # minus sign are small too: keep them
    c[(labels > 0) & ~keep[labels]] = 255
    ys, xs = np.nonzero(keep[labels])
    if len(xs) == 0:
        return c
    m = 8
    c = c[max(ys.min() - m, 0):ys.max() + m + 1, max(xs.min() - m, 0):xs.max() + m + 1]
    out = np.full((c.shape[0] + 2 * m, c.shape[1] + 2 * m), 255, np.uint8)
    out[m:m + c.shape[0], m:m + c.shape[1]] = c
    return out


def _points(stats: np.ndarray, big: np.ndarray) -> list[int]:
    """Small marks on the baseline between digit-sized marks: decimal points or commas."""
    digits = [s for s, b in zip(stats, big) if b]
    if len(digits) < 2:
        return []
    height = max(s[3] for s in digits)
    tall = [s for s in digits if s[3] >= 0.6 * height]
    if len(tall) < 2:
        return []
    base = max(s[1] + s[3] for s in tall)
    left, right = min(s[0] + s[2] for s in tall), max(s[0] for s in tall)
    return [i for i, s in enumerate(stats) if not big[i] and s[4] >= POINT_AREA
            and s[3] <= 0.35 * height and s[2] <= 0.35 * height
            and abs(s[1] + s[3] - base) <= 0.2 * height + 1 and left <= s[0] and s[0] + s[2] <= right]


def _dashes(stats: np.ndarray, big: np.ndarray) -> list[int]:
    """Small flat marks left of the digits at their mid-height: a minus sign at small print."""
    digits = [s for s, b in zip(stats, big) if b]
    if not digits:
        return []
    height = max(s[3] for s in digits)
    tall = [s for s in digits if s[3] >= 0.6 * height]
    left, top = min(s[0] for s in tall), min(s[1] for s in tall)
    return [i for i, s in enumerate(stats) if not big[i] and s[4] >= 3 and s[2] >= 2 * s[3]
            and s[2] >= 0.2 * height and s[0] + s[2] <= left and left - (s[0] + s[2]) <= height
            and 0.25 * height <= s[1] + s[3] / 2 - top <= 0.75 * height]


def _point_marks(crop: np.ndarray) -> int:
    """How many decimal points or commas a number cell shows."""
    ink = (crop < 128).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    big = stats[1:, cv2.CC_STAT_AREA] >= SPECK
    return len(_points(stats[1:], big))


def _blank(inner: np.ndarray) -> bool:
    """No mark in the cell bigger than scanner noise: a lone 「1」 in a wide cell is no blank."""
    if inner.size == 0 or not inner.any():
        return True
    n, _, stats, _ = cv2.connectedComponentsWithStats((inner > 0).astype(np.uint8), connectivity=8)
    return not any(stats[i][cv2.CC_STAT_HEIGHT] >= MARK_PX and stats[i][cv2.CC_STAT_AREA] >= SPECK
                   for i in range(1, n))


def _text_lines(crop: np.ndarray) -> list[np.ndarray]:
    """A cell's lines of print, each on its own: tightly set lines of a narrow cell
    (「社会\n公益\n组织」) are otherwise read as fewer lines than there are."""
    ink = (crop < 128).sum(axis=1) > 0
    runs, start = [], None
    for y, on in enumerate(ink):
        if on and start is None:
            start = y
        elif not on and start is not None:
            runs.append([start, y])
            start = None
    if start is not None:
        runs.append([start, len(ink)])
    merged: list[list[int]] = []
    for r in runs:  # a gap of 1-2 px inside one line of characters is no line break
        if merged and r[0] - merged[-1][1] <= 2:
            merged[-1][1] = r[1]
        else:
            merged.append(r)
    tall = [r for r in merged if r[1] - r[0] >= 6] or [[0, crop.shape[0]]]
    m = 8
    out = []
    for y0, y1 in tall:
        piece = np.full((y1 - y0 + 2 * m, crop.shape[1]), 255, np.uint8)
        piece[m:m + y1 - y0] = crop[y0:y1]
        f = min(max(LINE_PX / max(y1 - y0, 1), 1.0), 2.0)  # chi_sim misreads print under ~30 px
        if f > 1.05:
            piece = cv2.resize(piece, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        out.append(piece)
    return out


def _reread_label(crop: np.ndarray, text: str, conf: float) -> tuple[str, float]:
    """A label read again on its own, as printed and enlarged: a template label wins,
    else the surer reading."""
    best = (text, conf)
    for f in (1.0, 1.6):
        piece = crop if f == 1.0 else cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        t, c = ocr.read_cells([piece], config="--psm 6")[0]
        t = lexicon.snap(_label_fix(t))
        if lexicon.known(t):
            return t, max(c, CONFIDENT)
        if c > best[1]:
            best = (t, c)
    return best


def _label_fix(text: str) -> str:
    """Label numbering as printed: OCR loses the dot of 「3.其他」 and reads 「1」 as 「I」."""
    text = re.sub(r"^[Il|](?=[\u4e00-\u9fff])", "1", text)
    return re.sub(r"^(\d{1,2})(?=[\u4e00-\u9fff])", r"\1.", text)


def _glyphs(crop: np.ndarray) -> int:
    """How many digit-sized marks the cell holds (touching digits count as one; the pieces
    of one digit broken at a faint stroke count once: 「0」 printed thin at top and bottom)."""
    ink = (crop < FAINT).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = [stats[i] for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= SPECK]
    if not blobs:
        return 0
    top = max(b[3] for b in blobs)
    spans: list[list[int]] = []
    for b in sorted(blobs, key=lambda b: b[0]):
        x0, x1 = int(b[0]), int(b[0] + b[2])
        if spans and x0 < spans[-1][1] - 0.3 * min(x1 - x0, spans[-1][1] - spans[-1][0]):
            spans[-1][1] = max(spans[-1][1], x1)
            spans[-1][2] = min(spans[-1][2], int(b[1]))
            spans[-1][3] = max(spans[-1][3], int(b[1] + b[3]))
        else:
            spans.append([x0, x1, int(b[1]), int(b[1] + b[3])])
    height = max(max(s[3] - s[2] for s in spans), top)
    return sum(1 for s in spans if s[3] - s[2] >= 0.6 * height)


def _minus_before(crop: np.ndarray) -> bool:
    """A flat dash left of the digits, at their mid-height: the number is negative."""
    ink = (crop < 160).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = [tuple(stats[i][:4]) for i in range(1, n) if stats[i][cv2.CC_STAT_AREA] >= 3]
    if len(blobs) < 2:
        return False
    height = max(b[3] for b in blobs)
    digits = [b for b in blobs if b[3] >= 0.6 * height]
    left = min(b[0] for b in digits)
    top = min(b[1] for b in digits)
    for x, y, w, h in blobs:
        mid = y + h / 2 - top
        if x + w <= left and h <= 0.3 * height and w >= 0.22 * height and w >= 1.8 * h \
                and left - (x + w) <= height and 0.25 * height <= mid <= 0.75 * height:
            return True
    return False


def _enlarge(crop: np.ndarray) -> np.ndarray:
    """Digits read best about 30-40 px tall: small table print is scaled up for them."""
    h = crop.shape[0]
    if h >= 70:
        return crop
    f = min(70.0 / max(h, 1), 3.0)
    return cv2.resize(crop, (int(crop.shape[1] * f), int(h * f)), interpolation=cv2.INTER_CUBIC)


def _vote(got: str | None, other: str, conf: float, seen: list[str]) -> str | None:
    """Tesseract's settled reading put to the second engine. A number both engines read
    stands; a number the second engine reads otherwise is unread; a cell tesseract left
    unread takes the second engine's number when one of tesseract's readings saw it too."""
    is_num = bool(ocr.NUMBER.match(other))
    if got is not None and ocr.NUMBER.match(got):
        if is_num and other != got:
            return None
        if any(t != got for t in seen) and not (is_num and conf >= SECOND_AGREES):
            return None  # tesseract's readings disagreed and the second engine is not sure
        return got
    if got is None and is_num and conf >= SECOND_SURE and other in seen \
            and not any(t.lstrip("+-") == other.lstrip("+-") and t != other for t in seen):
        return other  # (a minus one reading saw and the other did not: unread)
    if got is not None and is_num and conf >= SECOND_SURE and got.strip() in DASHES:
        return None  # 「—」 to one engine, a number to the other
    return got


def _settle(first: str, conf1: float, second: str, conf2: float, crop, budget: list[int],
            seen: list[str] | None = None) -> str | None:
    """What a cell holds, from the general reading and the digits-only reading(s); every
    number read on the way is added to `seen`."""
    seen = [] if seen is None else seen
    num = ocr.clean_number(first)
    seen += [t for t in (num, second) if ocr.NUMBER.match(t)]
    got = _decide(num, conf1, second, conf2)
    if got is None and budget[0] > 0:  # disagreement or a miss: more readings decide
        budget[0] -= 1
        third, conf3 = ocr.read_number(crop)  # as printed, not enlarged: another view
        if not third:
            third, conf3 = ocr.read_number(_enlarge(crop))
        seen += [third] if ocr.NUMBER.match(third) else []
        got = _decide(third, conf3, second, conf2) or _decide(num, conf1, third, conf3)
        if got is None and not (conf1 >= CONFIDENT and not _numberish(first)):
            rep, conf4 = ocr.read_repeated(crop)  # a fourth view; the three copies must agree
            seen += [rep] if rep else []
            others = [(num, conf1), (second, conf2), (third, conf3)]
            sure_other = any(ocr.NUMBER.match(t) and c >= CONFIDENT and t != rep for t, c in others)
            if rep and (any(t == rep for t, _ in others) or (conf4 >= 90 and not sure_other)):
                got = rep
        if got is None and first.strip() in DASHES and conf1 >= CONFIDENT and not second and not third:
            got = first.strip()  # 「—」, 「/」, 「无」: printed for none
        elif got is None and conf1 >= CONFIDENT and not any(ch.isdigit() for ch in first) \
                and first.strip() not in DASHES \
                and not (ocr.NUMBER.match(second) and conf2 >= CONFIDENT) \
                and not (ocr.NUMBER.match(third) and conf3 >= CONFIDENT):
            got = first  # a short label (「其他」, 「总计」), not a number
    return got


def _decide(first: str, conf1: float, second: str, conf2: float) -> str | None:
    """The number both readings give; the digits-only reading when the first saw no number
    (a lone 「1」 often comes out as 「工」 or 「二」) and it is sure; else unread (None)."""
    ok1, ok2 = bool(ocr.NUMBER.match(first)), bool(ocr.NUMBER.match(second))
    if ok1 and ok2:
        return first if first == second else None
    if ok2 and conf2 >= CONFIDENT and not any(ch.isdigit() for ch in first) and len(first) <= 2:
        return second
    return None
