"""The six sections of a report as text, found by their headings (titles vary slightly)."""
from __future__ import annotations

import re

from extract.model import Section
from nianbao.layouts import labels

# number → what its heading says; the number printed before it is often wrong (「2、」 for 二).
HEADINGS = {
    1: ("总体情况", "总体工作情况", "基本情况"),
    2: ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况"),
    3: ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开"),
    4: ("行政复议、行政诉讼情况", "行政复议、行政诉讼", "行政复议和行政诉讼", "被申请行政复议"),
    5: ("存在的主要问题及改进情况", "存在主要问题及改进情况", "存在问题及改进情况", "存在的主要问题", "主要问题及改进",
        "存在的问题", "存在问题"),
    6: ("其他需要报告的事项", "其他需要报告事项", "其他需报告的事项", "其他需报告事项", "其他事项"),
}
# 「一、」 or 「2、」: how the six sections are numbered; （一） numbers their subsections.
TOP_PREFIX = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}|\d)\s*[、.．,，]")
PREFIX = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）]?\s*[、.．,，:：]?\s*)?")


def heading_number(line: str, top_only: bool = False) -> tuple[int, str] | None:
    """(section number, heading) if the line is a section heading. A heading may run into its
    first sentence (「一、总体情况2022年，我局…」) when it carries its number."""
    text = line.strip()
    if not text or "\t" in text:
        return None
    rest = PREFIX.sub("", text, count=1)
    numbered = len(rest) < len(text)
    if top_only and not TOP_PREFIX.match(text):
        return None
    if len(text) > 45 and not numbered:
        return None
    flat = labels.flat(rest)
    for number, titles in HEADINGS.items():
        for t in titles:
            if flat.startswith(t) or (number == 4 and len(text) <= 45 and t in flat[:20]):
                if rest.startswith(t) and re.search(r"[，。；,;]", rest[len(t):]):  # run-in: heading, then its text
                    return number, text[: len(text) - len(rest) + len(t)]
                return number, text
    return None


def split_sections(text: str) -> list[Section]:
    """Section 0 is what comes before 一 (the preamble); then 1..6 in order, each once."""
    lines = text.split("\n")
    # A report numbering its sections 「一、」 has subsections 「（一）主动公开情况」 that read like
    # section titles: when enough top-level headings are there, only they count.
    top_only = sum(1 for line in lines if heading_number(line, top_only=True)) >= 3
    found: list[tuple[int, int, str]] = []  # (line index, number, title)
    expected = 1
    for i, line in enumerate(lines):
        got = heading_number(line, top_only)
        if got is not None and got[0] >= expected:
            n, title = got
            found.append((i, n, title))
            lines[i] = line.strip()[len(title):]  # what runs on after the heading is its text
            expected = n + 1
    sections = []
    start_pre = 0
    if found and found[0][0] > 0:
        pre = "\n".join(lines[start_pre:found[0][0]]).strip()
        if pre:
            sections.append(Section(0, "", pre))
    for k, (i, n, title) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(lines)
        sections.append(Section(n, title, "\n".join(lines[i:end]).strip()))
    if not found and text.strip():
        sections.append(Section(0, "", text.strip()))
    return sections
