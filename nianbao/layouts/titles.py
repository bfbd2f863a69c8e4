"""How a report names itself: the words of its title and the years written in Chinese
numerals, shared by the crawler (link texts) and the extractor (the document's own title)."""
from __future__ import annotations

import re

from .labels import flat_once

CN_DIGITS = str.maketrans("〇零一二三四五六七八九○Ｏ", "001234567890" + "0")
CN_YEAR = r"[〇零○一二][〇零○一二三四五六七八九]{3}"  # 二〇二三
YEAR = r"(?P<year>(?:19|20)\d{2}|" + CN_YEAR + ")"
# The report's own title: …(政府|政务)信息公开(工作)(年度)报告/年报
REPORT_IN_TITLE = r"\s*(?:的)?\s*(?:政府信息|政务信息|信息|政务)公开(?:工作)?\s*(?:年度)?\s*(?:报告|年报|工作报告)"
# A link to it, which portals word more loosely (信息公开情况的2023年度报告, 政务公开2023年年报)
REPORT_IN_LINK = (r"信息公开(工作)?(情况)?(的)?((19|20)\d{2}(年度?)?)?(年度)?(工作)?(报告|年报)|"
                  r"政务公开(工作)?((19|20)\d{2}(年度?)?)?(年度报告|年报)")


def arabic_years(text: str) -> str:
    """Years in Chinese numerals before 年 as Arabic digits.

    >>> arabic_years("二〇二三年度报告")
    '2023年度报告'
    """
    return re.sub(CN_YEAR + r"(?=年)", lambda m: m.group().translate(CN_DIGITS), text)


def norm_title(text: str | None) -> str:
    """A link text or title as compared: half-width, no spaces (`labels.flat_once`: a crawl sees
    each text once, a cache would keep them all), years in Arabic digits.

    >>> norm_title("二〇二三年度 政府信息公开 工作年度报告")
    '2023年度政府信息公开工作年度报告'
    """
    return arabic_years(flat_once(text))
