"""Which link texts are annual reports, which lead towards them, and which year a report is for.

Patterns are data: a title is a report when it names the 信息公开 report (工作年度报告, 年报,
年度报告…) and names none of the look-alikes portals list beside it (统计年报, 预算, 决算,
工作总结, 指南, 解读, 通知…).
"""
from __future__ import annotations

import re

from nianbao.layouts.titles import REPORT_IN_LINK, norm_title as norm

REPORT = re.compile(REPORT_IN_LINK)
NOT_REPORT = re.compile(
    r"统计(年报|公报|报表|数据|年鉴|月报)|预算|决算|总结|指南|公开制度|工作制度|申请表|目录|要点|工作计划|"
    r"年度计划|实施方案|工作方案|通知|解读|图解|意见|办法|规定|公告|公示|征求|批复|的函|考核|评估|测评|"
    r"第三方|专项|企业年度报告|社会组织(年度)?(年报|年检|年度(工作)?报告)|一图(读|看)懂|图读|图说|长图|H5|"
    r"视频解读|动漫|海报|答记者问|新闻发布|通报|模板|范本|样本|政府网站|年度报表|督查|抽查", re.I)
# Links that lead towards the report column from a home page or an open-government page.
COLUMN = re.compile(r"(政府|政务)?信息公开(工作)?(年度)?(年报|报告)|年度报告|年报|(政府|政务)信息公开|政务公开|信息公开$|法定主动公开")
NOT_COLUMN = re.compile(r"统计|预算|决算|指南|制度|申请|目录|规定|意见箱|办事|互动|新闻|招聘|采购")
# A page that is itself the 年报 column (its <title> or heading), whose items may be named only by
# their year (「2023年」「2022年度」) or 「…2021年度报告」 without 信息公开.
REPORT_COLUMN = re.compile(r"(年报|年度报告|工作报告)$")
COLUMN_ITEM = re.compile(r"^(.{0,30}?)((?:19|20)\d{2})(年度?)?(年度报告|年报|报告)?$")  # not 工作报告
TITLE_SPLIT = re.compile(r"\s*[-_|｜—–·>»]+\s*")
NAV = re.compile(r"新闻|办事(?!处)|互动|招聘|采购|意见箱|网站|联系|首页|搜索|登录|注册")
AGENCY = re.compile(r"(局|委|委员会|办|办公室|厅|院|中心|政府|站|所|队|署|馆|会|部|处|联|协|镇|乡|街道)$")
DOWNLOAD = re.compile(r"^(点击)?(下载|附件|查看|浏览|详情|全文|pdf|doc|docx|wps|原文)[:：]?$", re.I)
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def is_report(title: str) -> bool:
    t = norm(title)
    return bool(REPORT.search(t)) and not NOT_REPORT.search(t)


def is_column(text: str) -> bool:
    t = norm(text)
    return (2 <= len(t) <= 20 and bool(COLUMN.search(t)) and not NOT_COLUMN.search(t) and not is_report(t)
            and not YEAR.search(t))


def is_report_column(text: str) -> bool:
    """A page title or heading naming the 年报 column itself: 政府信息公开年报, 年度报告, … (no year)."""
    for part in TITLE_SPLIT.split(text or ""):
        t = norm(part)
        if 2 <= len(t) <= 20 and REPORT_COLUMN.search(t) and not NOT_REPORT.search(t) and not year_of(t):
            return True
    return False


# The 年报 column's own name, no agency and no year: 「政府信息公开年报」 in a sidebar or breadcrumb
# links to the column, never to a report.
COLUMN_NAME = re.compile(r"^(本机关|本单位|本级)?(政府|政务)?(信息)?(公开)?(工作)?(年度)?(年报|报告|年度报告)(专栏|栏目|目录|列表)?"
                         r"(\(\d{4}-\d{4}\))?(>+|»|›|更多)?$")


def is_column_name(text: str) -> bool:
    """A link naming the 年报 column itself (政府信息公开年报, 信息公开年报, 年度报告), not a report."""
    t = norm(text)
    return bool(t) and bool(COLUMN_NAME.match(t)) and not year_of(t) and ("公开" in t or "年" in t)


def is_column_item(text: str) -> bool:
    """Inside a 年报 column: an item named by its year only, or 「…2021年度报告」."""
    t = norm(text)
    m = COLUMN_ITEM.match(t)
    return bool(m) and not NOT_REPORT.search(t) and not NAV.search(m.group(1)) and (
        not m.group(1) or bool(m.group(4)))


def is_agency(text: str) -> bool:
    t = norm(text)
    return 3 <= len(t) <= 30 and bool(AGENCY.search(t)) and not COLUMN.search(t) and not NAV.search(t)


def is_download(text: str) -> bool:
    return bool(DOWNLOAD.match(norm(text))) or not norm(text)


def year_of(title: str, url: str = "", date: str = "") -> int | None:
    """The report year: in the title; else a date in the URL or the list, minus one
    (reports come out in the first months of the next year)."""
    t = norm(title)
    years = [int(y) for y in YEAR.findall(t)]
    if not years:
        years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", t)]
    if years:
        before = re.search(r"((?:19|20)\d{2})年?度?(政府|政务)?信息公开", t)
        return int(before.group(1)) if before else years[0]
    for text in (date, url):
        m = re.search(r"(?<!\d)((?:19|20)\d{2})[-/]?(0[1-9]|1[0-2])(?:[-/]?\d{2})?(?!\d)", text or "")
        if m:
            return int(m.group(1)) - 1
    return None
