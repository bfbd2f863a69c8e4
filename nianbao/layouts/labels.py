"""One normalisation of printed labels for the whole project, and the close match of a label.

Agencies print the national labels with every habit a typist has: 或者 for 或, 之 for 的,
其它/部份, spaces and line breaks anywhere, full- and half-width punctuation, any numbering
(一、 （一） 1. 1、 ① ⑴ 第一), quotes of any kind, units after the label. `flat` removes what
never carries meaning (width, spaces, invisible characters); `norm` also removes numbering,
quotes, units and spelling variants, so two labels that mean the same compare equal.

`closest` is the fallback for typos (「其他法律行政止公开」): a fuzzy match (rapidfuzz) whose
threshold grows with the label's length, and which refuses to choose when two candidates are
about as close — a label it cannot tell apart is unread, never guessed.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u3000]+")  # spaces, and what web editors paste
CIRCLED = re.compile(r"^[\u2460-\u2473\u2474-\u2487\u2488-\u249b\u3220-\u3229\u3280-\u3289\u2776-\u277f]")  # ① ⑴ ⒈ ㈠ ❶
CN = "一二三四五六七八九十"
NUMBERING = re.compile(
    rf"^(?:第[{CN}\d]{{1,3}}(?:(?:项|条|部分)[、.,:]?|[、.,:])|[(\[]?[{CN}]{{1,3}}[)\]][、.,]?|[{CN}]{{1,3}}[、.,]|"
    r"[(\[]?\d{1,2}[)\]][、.,]?|\d{1,2}(?:[、,]|\.(?!\d))|[A-Za-z][.、)](?=\D))"
)
# Characters and words agencies write for the standard ones (after NFKC).
VARIANTS = [("其它", "其他"), ("部份", "部分"), ("或者", "或"), ("之", "的"), ("帐", "账"),
            ("下一年度", "下年度"), ("上一年度", "上年度"), ("上一年", "上年"), ("申请书", "申请")]
PUNCT = str.maketrans({"：": ":", "，": ",", "；": ";", "、": "、", "．": ".", "。": "."})
QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》〈〉")
UNIT_SUFFIX = re.compile(r"[(](?:单位[:]?)?(?:件|个|项|条|次|人次|万元|元|家)[)]$")  # 「总计（件）」
TRAILING = re.compile(r"[:;,.、]+$")


def flat_once(text: str | None) -> str:
    """Half-width, no spaces or invisible characters: 「１２ 件」 → 「12件」. Uncached: for text
    seen once (a crawled page's links), which a cache would only keep alive."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))


flat = lru_cache(maxsize=65536)(flat_once)  # labels: the same few hundred, read again and again


@lru_cache(maxsize=65536)
def norm(label: str | None) -> str:
    """A label as compared: no spaces, numbering, quotes, units or spelling variants.

    >>> norm("（三）不\\n予公开"), norm("三 、本 年 度办 理结果"), norm("1、属于国家秘密")
    ('不予公开', '本年度办理结果', '属于国家秘密')
    >>> norm("①法人或者其他组织"), norm("⑵ 部份公开"), norm("第四项、结转下一年度继续办理")
    ('法人或其他组织', '部分公开', '结转下年度继续办理')
    >>> norm("总计（件）"), norm("（七）总计"), norm("其它处理：")
    ('总计', '总计', '其他处理')
    """
    t = CIRCLED.sub("", (label or "").strip())
    t = flat(t).translate(QUOTES).translate(PUNCT)
    for variant, standard in VARIANTS:
        t = t.replace(variant, standard)
    for _ in range(2):
        t = NUMBERING.sub("", t)
    t = TRAILING.sub("", t)
    return UNIT_SUFFIX.sub("", t) if len(t) > 4 else t


def closest(text: str, candidates: dict[str, object]) -> object | None:
    """The candidate (keyed by its normalised label) closest to `text`, or None.

    The bar is high for short labels (one wrong character in four is another word) and a
    little lower for long ones; a runner-up within `MARGIN` of the best means unread.

    >>> closest("其他法律行政止公开", {"其他法律行政法规禁止公开": "law", "属于国家秘密": "secret"})
    'law'
    >>> closest("其他", {"其他结果": 1, "其他处理": 2}) is None
    True
    """
    if len(text) < 4 or len(text) > 80 or not candidates:
        return None
    scored = sorted(((fuzz.ratio(text, label), label) for label in candidates), reverse=True)
    best, label = scored[0]
    need = 90 if len(text) < 6 else 80 if len(text) < 10 else 75
    if best < need:
        return None
    if len(scored) > 1 and best - scored[1][0] < MARGIN and candidates[scored[1][1]] != candidates[label]:
        return None
    return candidates[label]


MARGIN = 8
