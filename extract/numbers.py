"""Printed numbers → values. Reports print 0 as blank, 「—」, 「/」 or 「无」, use full-width
digits, thousands separators, signs (「+1036」) and units (「251000元」, 「12.5万元」)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZERO_MARKS = {"", "-", "—", "——", "–", "―", "/", "\\", "无", "0", "〇", "零", "空", "－"}
UNIT = r"(?:万元|元|件|个|项|次|人次|人|家|条|篇|份|%|万)?"
DASH_BEFORE_DIGIT = re.compile(r"^[–‒—―]+(?=\d)")
CHANGE_WORD = re.compile(r"^(增加|减少|增|减)(?=\d)")  # 本年增/减 written 「减少3」
# OCR'd text exported as text reads 0 as O and 1 as l or I: 「l52」「2O」「637O.l」. Only a token made
# of digits and these letters alone (at most 12 characters) is read so; a label never is.
OCR_DIGITS = re.compile(r"^[+\-]?[\dOolI|]+(?:[.,][\dOolI|]+)*$")
OCR_MAP = str.maketrans("OolI|", "00111")
NUMBER_RE = re.compile(r"^([+\-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?" + UNIT + r"$")


def clean(text: str) -> str:
    """NFKC (full-width → half-width) and no spaces: 「１，２３４　」 → 「1,234」."""
    t = unicodedata.normalize("NFKC", text or "")
    t = DASH_BEFORE_DIGIT.sub("-", t)
    t = CHANGE_WORD.sub(lambda m: "-" if m.group(1).startswith("减") else "+", t)
    t = re.sub(r"[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad]+", "", t)
    return t.replace("，", ",").replace("．", ".").replace("−", "-").replace("－", "-")


@lru_cache(maxsize=65536)
def parse_number(text: str | None) -> float | None:
    """The value of a printed cell, or None when the text is not a number (a label).

    >>> parse_number("１,２３４"), parse_number("—"), parse_number("+12"), parse_number("3.50万元")
    (1234.0, 0.0, 12.0, 3.5)
    >>> parse_number("l52"), parse_number("2O"), parse_number("规章")
    (152.0, 20.0, None)
    """
    if text is None:
        return None
    raw = text.strip().strip("\u200b\ufeff")
    if raw in ZERO_MARKS:
        return 0.0
    t = clean(raw)
    if t in ZERO_MARKS:
        return 0.0
    m = NUMBER_RE.match(t)
    if not m and len(t) <= 12 and OCR_DIGITS.match(t):
        m = NUMBER_RE.match(t.translate(OCR_MAP))
    if not m:
        return None
    sign, whole, frac = m.groups()
    value = float(whole.replace(",", "") + ("." + frac if frac else ""))
    return -value if sign == "-" else value


def is_number(text: str | None) -> bool:
    return parse_number(text) is not None


def numbers_in_line(text: str) -> list[float] | None:
    """All tokens of a line as numbers, or None if any token is not one (「0 0 3 … 0」)."""
    tokens = clean_keep_spaces(text).split()
    values = [parse_number(t) for t in tokens]
    if not tokens or any(v is None for v in values):
        return None
    return values


def clean_keep_spaces(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")
