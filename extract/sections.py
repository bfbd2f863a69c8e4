"""The six sections of a report as text, found by their headings (titles vary slightly)."""
from __future__ import annotations

import re

from extract.model import Section

# number → what its heading says; the number printed before it is often wrong (「2、」 for 二).
HEADINGS = {
    1: ("总体情况",),
    2: ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
    3: ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开"),
    4: ("行政复议、行政诉讼情况", "行政复议、行政诉讼", "行政复议和行政诉讼", "被申请行政复议"),
    5: ("存在的主要问题及改进情况", "存在主要问题及改进情况", "存在问题及改进情况", "存在的主要问题", "主要问题及改进"),
    6: ("其他需要报告的事项", "其他需要报告事项"),
}
PREFIX = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）]?\s*[、.．,，:：]?\s*)?")


def heading_number(line: str) -> int | None:
    text = line.strip()
    if not text or len(text) > 45 or "\t" in text:
        return None
    rest = PREFIX.sub("", text, count=1)
    rest = re.sub(r"\s+", "", rest)
    for number, titles in HEADINGS.items():
        if any(rest.startswith(t) or (number == 4 and t in rest[:20]) for t in titles):
            return number
    return None


def split_sections(text: str) -> list[Section]:
    """Section 0 is what comes before 一 (the preamble); then 1..6 in order, each once."""
    found: list[tuple[int, int, str]] = []  # (line index, number, title)
    lines = text.split("\n")
    expected = 1
    for i, line in enumerate(lines):
        n = heading_number(line)
        if n is not None and n >= expected:
            found.append((i, n, line.strip()))
            expected = n + 1
    sections = []
    start_pre = 0
    if found and found[0][0] > 0:
        pre = "\n".join(lines[start_pre:found[0][0]]).strip()
        if pre:
            sections.append(Section(0, "", pre))
    for k, (i, n, title) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(lines)
        sections.append(Section(n, title, "\n".join(lines[i + 1:end]).strip()))
    if not found and text.strip():
        sections.append(Section(0, "", text.strip()))
    return sections
