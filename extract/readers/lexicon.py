"""The printed labels of the national tables, to correct OCR'd labels (never numbers).

chi_sim misreads a character or two of small table print (「本年新收」 → 「本年莉收」); a label
that is close to exactly one label of the national template is taken to be that label.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

from nianbao.layouts import data as layouts_data
from nianbao.layouts.labels import flat

HEADERS = ["信息内容", "申请人情况", "法人或其他组织", "行政复议", "行政诉讼", "三、本年度办理结果",
           "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "行政规范性文件",
           "本年新制作数量", "本年新公开数量", "合计", "小计"] + [f"第二十条第（{n}）项" for n in "一二三四五六七八九十"]
SHORT = ["总计", "其他", "小计", "合计", "规章"]  # two-character labels
MIN_RATIO = 0.72
MARGIN = 0.08  # the best label must beat the next one by this much


OCR_PUNCT = str.maketrans("、“”〈《", ".\"\"((")  # what OCR confuses in print, on top of `labels.flat`


def _norm(text: str) -> str:
    return flat(text).translate(OCR_PUNCT)


@lru_cache(maxsize=1)
def labels() -> list[tuple[str, str]]:
    """(normalised, as printed) for every label of layouts.yml and the template's headers."""
    data = layouts_data()["tables"]
    out = list(HEADERS)
    for table in data.values():
        for part in ("rows", "cols", "groups"):
            out += [spec["label"] for spec in (table.get(part) or {}).values() if spec.get("label")]
    seen = {}
    for label in out:
        seen.setdefault(_norm(label), label)
    return list(seen.items())


def known(text: str) -> bool:
    """Is `text` exactly a label of the template (「总计」, 「其他」), not a misread number?"""
    t = _norm(text)
    return any(t == n for n, _ in labels())


def snap(text: str) -> str:
    """The template label `text` was most likely printed as, or `text` itself."""
    t = _norm(text)
    if len(t) == 2 and re.fullmatch(r"[\u4e00-\u9fff]{2}", t):  # 「总寺」: one of two characters right
        near = [w for w in SHORT if t != w and (t[0] == w[0] or t[1] == w[1])]
        return near[0] if len(near) == 1 and t not in SHORT else text
    if len(t) == 3 and re.fullmatch(r"[\u4e00-\u9fff]{3}", t):  # 「白然人」: two of three right
        near = [n for n, label in labels() if len(n) == 3 and n != t and sum(a == b for a, b in zip(n, t)) == 2]
        if len(near) == 1 and not known(t):
            return dict(labels())[near[0]]
    if len(t) < 3 or re.fullmatch(r"[\d.,+\-]+", t):
        return text
    scored = sorted(((difflib.SequenceMatcher(None, t, n).ratio(), label) for n, label in labels()),
                    reverse=True)
    best, runner = scored[0], scored[1] if len(scored) > 1 else (0.0, "")
    if best[0] >= 1.0:
        return best[1]
    if best[0] >= MIN_RATIO and best[0] - runner[0] >= MARGIN:
        return best[1]
    return text


AGREED_RATIO = 0.6  # two readings of one label, each at least this close to the same label


def snap_both(first: str, second: str) -> str | None:
    """The template label that two readings by different engines are both closest to, each
    close enough and clearly closer than to any other label (「{)以公开」 and 「（“）以公」 are
    both 「（一）予以公开」); else None."""
    a, b = _norm(first), _norm(second)
    if min(len(a), len(b)) < 3:
        return None
    scored = sorted(((difflib.SequenceMatcher(None, a, n).ratio(), difflib.SequenceMatcher(None, b, n).ratio(), label)
                     for n, label in labels()), key=lambda s: -(s[0] + s[1]))
    best, runner = scored[0], scored[1]
    lead = (best[0] + best[1]) - (runner[0] + runner[1])
    if min(best[0], best[1]) >= AGREED_RATIO and lead >= 2 * MARGIN \
            or min(best[0], best[1]) >= 0.45 and best[0] + best[1] >= 2 * AGREED_RATIO and lead >= 0.4:
        return best[2]
    return None
