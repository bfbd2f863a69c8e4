"""Tesseract, called as few times as possible: once a page for words, once for all numbers.

Per-cell OCR would start tesseract hundreds of times a page; instead the page is read once
(chi_sim) and the cells holding numbers are pasted one under another into a strip read once
more with a digits-only alphabet. A number is kept only when both readings agree, or when
one reading is missing and the other is confident: never a guess. A second engine
(rapidocr-onnxruntime's recogniser, when installed) reads cut lines again for a vote.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract
from PIL import Image

# Tesseract's OpenMP threads make it several times slower on small pictures and busy machines.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
LANG = "chi_sim"
TIMEOUT = 120  # seconds per tesseract call
NUMBER = re.compile(r"^[+\-]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+\-]?\d+(\.\d+)?$")


@dataclass
class Word:
    text: str
    conf: float
    x0: int
    top: int
    x1: int
    bottom: int
    line: tuple[int, int, int]  # block, paragraph, line: the order tesseract read it in

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def words(image: np.ndarray, lang: str = LANG, config: str = "--psm 3") -> list[Word]:
    """Every word tesseract finds in the picture, with its box and confidence (0-100)."""
    data = pytesseract.image_to_data(Image.fromarray(image), lang=lang, config=config,
                                     output_type=pytesseract.Output.DICT, timeout=TIMEOUT)
    out = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        out.append(Word(text, float(data["conf"][i]), x, y, x + w, y + h,
                        (data["block_num"][i], data["par_num"][i], data["line_num"][i])))
    return out


def join(ws: list[Word]) -> str:
    """Words of one line, in the order given; no spaces between CJK characters or digits."""
    text = ""
    for w in ws:
        if text and (text[-1].isascii() and text[-1].isalpha() and w.text[0].isascii() and w.text[0].isalpha()):
            text += " "
        text += w.text
    return text


def clean_number(text: str) -> str:
    """OCR'd digits as printed: full-width forms, stray spaces and separators normalised."""
    table = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
    return re.sub(r"\s+", "", text.translate(table)).rstrip(".,")


def read_cells(crops: list[np.ndarray], lang: str = LANG, config: str = "--psm 6") -> list[tuple[str, float]]:
    """Read many cell crops in one tesseract call, pasted one under another with white gaps.

    Returns (text, lowest word confidence) per crop; ("", -1) when nothing was read.
    """
    if not crops:
        return []
    gap = 28
    width = max(c.shape[1] for c in crops) + 2 * gap
    total = sum(c.shape[0] + gap for c in crops) + gap
    strip = np.full((total, width), 255, np.uint8)
    spans = []
    y = gap
    for c in crops:
        strip[y:y + c.shape[0], gap:gap + c.shape[1]] = c
        spans.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    found = sorted(words(strip, lang, config), key=lambda w: w.cy)
    out: list[tuple[str, float]] = []
    for top, bottom in spans:
        mine = [w for w in found if top - gap / 2 <= w.cy < bottom + gap / 2]
        if not mine:
            out.append(("", -1.0))
        else:
            out.append((join_lines(mine), min(w.conf for w in mine)))
    return out


def join_lines(ws: list[Word]) -> str:
    """Words in reading order by position: lines top to bottom, words left to right."""
    ws = sorted(ws, key=lambda w: w.cy)
    lines: list[list[Word]] = []
    for w in ws:
        if lines and abs(lines[-1][-1].cy - w.cy) < max(8, (w.bottom - w.top) * 0.6):
            lines[-1].append(w)
        else:
            lines.append([w])
    return "".join(join(sorted(line, key=lambda w: w.x0)) for line in lines)


DIGITS = "-c tessedit_char_whitelist=0123456789.,-+"


def read_numbers(crops: list[np.ndarray], per_row: int = 10) -> list[tuple[str, float]]:
    """Read number cells with a digits-only alphabet, in one call: (text, confidence).

    The cells are set out as a grid of lines of equal height, several cells side by side
    with wide gaps: tesseract reads uniform lines of print far more reliably than a column
    of pictures of varied size, where it drops whole lines (a lone 「0」)."""
    if not crops:
        return []
    height = 56
    scaled = []
    for c in crops:
        f = height / max(c.shape[0], 1)
        scaled.append(cv2.resize(c, (max(int(c.shape[1] * f), 1), height),
                                 interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA))
    gap, vgap = 60, 40
    rows = [scaled[i:i + per_row] for i in range(0, len(scaled), per_row)]
    width = max(sum(c.shape[1] + gap for c in row) for row in rows) + gap
    strip = np.full((len(rows) * (height + vgap) + vgap, width), 255, np.uint8)
    spans = []
    for r, row in enumerate(rows):
        x, y = gap, vgap + r * (height + vgap)
        for c in row:
            strip[y:y + height, x:x + c.shape[1]] = c
            spans.append((y, x, x + c.shape[1]))
            x += c.shape[1] + gap
    found = words(strip, "eng", f"--psm 6 {DIGITS}")
    out: list[tuple[str, float]] = []
    for y, x0, x1 in spans:
        mine = sorted((w for w in found if y - vgap / 2 <= w.cy < y + height + vgap / 2
                       and x0 - gap / 2 <= w.cx < x1 + gap / 2), key=lambda w: w.x0)
        if not mine:
            out.append(("", -1.0))
        else:
            out.append((clean_number("".join(w.text for w in mine)), min(w.conf for w in mine)))
    return out


def read_number(crop: np.ndarray) -> tuple[str, float]:
    """One number cell on its own (a third opinion when the strips disagree or miss it)."""
    pad = np.full((crop.shape[0] + 40, crop.shape[1] + 40), 255, np.uint8)
    pad[20:20 + crop.shape[0], 20:20 + crop.shape[1]] = crop
    best = ("", -1.0)
    for psm in (7, 10):  # a line of digits; a lone glyph (「1」) is often only read as one
        ws = words(pad, "eng", f"--psm {psm} {DIGITS}")
        if ws and min(w.conf for w in ws) > best[1]:
            best = (clean_number(join_lines(ws)), min(w.conf for w in ws))
    return best


def read_repeated(crop: np.ndarray, copies: int = 3) -> tuple[str, float]:
    """The number printed three times side by side and read as one line: tesseract reads a
    lone glyph (「1」) far better with company, and the copies must agree with each other."""
    f = min(max(60.0 / max(crop.shape[0], 1), 1.0), 3.0)
    c = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC) if f > 1.05 else crop
    h, w = c.shape
    strip = np.full((h + 40, copies * 2 * w + 40), 255, np.uint8)
    for k in range(copies):
        strip[20:20 + h, 20 + 2 * k * w:20 + (2 * k + 1) * w] = c
    found = words(strip, "eng", f"--psm 7 {DIGITS}")
    tokens = []
    for k in range(copies):
        left, right = 20 + 2 * k * w - w / 2, 20 + (2 * k + 1) * w + w / 2
        mine = sorted((x for x in found if left <= x.cx < right), key=lambda x: x.x0)
        tokens.append((clean_number("".join(x.text for x in mine)), min((x.conf for x in mine), default=-1.0)))
    texts = {t for t, _ in tokens}
    if len(texts) != 1 or not NUMBER.match(tokens[0][0]):
        return "", -1.0
    return tokens[0][0], min(c for _, c in tokens)


# ------------------------------------------------------------------ the second engine

_SECOND: list = []  # the loaded recogniser (or None when it is not installed), once a process


def second_engine():
    """PP-OCR's recogniser (rapidocr-onnxruntime: the models ship inside the pip package,
    nothing is fetched at run time), or None when it is not installed or disabled
    (NIANBAO_SECOND_OCR=0). It reads a cut line of print, no page layout."""
    if not _SECOND:
        engine = None
        if os.environ.get("NIANBAO_SECOND_OCR", "1") != "0":
            try:
                from pathlib import Path

                import rapidocr_onnxruntime as ro
                from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
                from rapidocr_onnxruntime.utils import read_yaml

                root = Path(ro.__file__).resolve().parent
                config = read_yaml(str(root / "config.yaml"))["Rec"]
                config["model_path"] = str(root / config["model_path"])
                config["intra_op_num_threads"] = 1  # small pictures; the machine is shared
                config["inter_op_num_threads"] = 1
                engine = TextRecognizer(config)
            except Exception:  # not installed, or the models did not load
                engine = None
        _SECOND.append(engine)
    return _SECOND[0]


def read_lines_second(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Each crop (one line of print, grey) read by the second engine: (text, confidence
    0-100); ("", -1) each when the engine is missing."""
    engine = second_engine()
    if engine is None or not crops:
        return [("", -1.0)] * len(crops)
    imgs = []
    for c in crops:
        pad = max(4, c.shape[0] // 6)
        c = np.pad(c, pad, constant_values=255)
        if c.shape[0] < 32:
            f = 32.0 / c.shape[0]
            c = cv2.resize(c, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        imgs.append(cv2.cvtColor(c, cv2.COLOR_GRAY2BGR))
    try:
        res, _ = engine(imgs)
    except Exception:
        return [("", -1.0)] * len(crops)
    return [(t.strip(), float(s) * 100.0 if t.strip() else -1.0) for t, s in res]
