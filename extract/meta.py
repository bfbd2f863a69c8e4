"""Who published a report, for which year, and when: from its title and body, then hints."""
from __future__ import annotations

import re

from nianbao.layouts.labels import flat
from nianbao.layouts.titles import CN_DIGITS, CN_YEAR, REPORT_IN_TITLE, YEAR

# An agency name: no sentence punctuation; a parenthesised second name is allowed.
AGENCY = r"(?:关于|印发)?(?P<agency>(?:[^\s，。；：:、“”\"()《》,.;!?（）]|[（(][^（）()]{1,20}[）)]){0,60}?)"
REPORT = REPORT_IN_TITLE
TITLE_RE = re.compile(AGENCY + r"\s*" + YEAR + r"\s*年\s*度?" + REPORT)
# 「某某局政府信息公开工作年度报告（2022年度）」 or no year in the title at all
TITLE_NO_YEAR_RE = re.compile(AGENCY + r"\s*(?:年度)?" + REPORT + r"(?:\s*[（(]\s*" + YEAR + r"\s*年?度?\s*[)）])?")
LEADING_YEAR = re.compile(r"^((?:19|20)\d{2}|" + CN_YEAR + r")年度?")
SENTENCE = re.compile(r"。|^(根据|按照|依据|依照|现将|现|为|本报告|特此|我|今年|全年)")
HINT_SPLIT = re.compile(r"\s*(?:[_|｜>»›]|--|—|-\s|\s-)\s*")
STAT_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间|周期|范围)[^0-9]{0,12}(20\d{2})\s*年\s*1\s*月\s*1\s*日")
CN_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_RE = re.compile(r"(20\d{2}|" + CN_YEAR + r")\s*年\s*(" + CN_NUM + r")\s*月\s*(" + CN_NUM + r")\s*日")
CLOSING_DATE = re.compile(r"(20\d{2}|" + CN_YEAR + r")\s*年\s*(" + CN_NUM + r")\s*月(?:\s*(" + CN_NUM + r")\s*日)?")
ISO_DATE = re.compile(r"(?:发布(?:日期|时间)|成文日期|日期|时间)[:：\s]*(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
REGION_RE = re.compile(
    r"^((?:[^省市县区州盟旗]{2,8}?(?:省|自治区|特别行政区))?(?:[^省市县区州盟旗]{1,8}?(?:市|自治州|州|盟|地区))?"
    r"(?:[^省市县区州盟旗]{1,8}?(?:自治县|县|区|旗|市))?)"
)
CENTRAL_SUFFIXES = ("部", "总局", "署", "银行", "委员会", "总署")
NATIONAL = ("国务院", "国家", "中华人民共和国", "中国", "最高人民")
# What precedes a title without being part of it: Markdown heading and emphasis marks, and the
# field labels of a CMS's info block or a converter's front matter (标题：…, 名称：…).
LINE_MARKS = re.compile(r"^\s*(?:#{1,6}\s*|[*_]{2}|>\s*)*(?:(?:文章|文件|信息|报告)?(?:标题|名称|题目|主题)\s*[:：]\s*)?"
                        r"|(?:[*_]{2}|\s+#+)\s*$")
AGENCY_NOISE = re.compile(r"^(关于|索引号|发布机构|来源|.*[:：])")


def cn_digit(ch: str) -> int:
    t = ch.translate(CN_DIGITS)
    return int(t) if t.isdigit() else 0


def cn_number(text: str) -> int:
    """「2023」, 「二〇二三」, 「十八」, 「二十」 → int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        a, _, b = text.partition("十")
        return (cn_digit(a) if a else 1) * 10 + (cn_digit(b) if b else 0)
    t = text.translate(CN_DIGITS)
    return int(t) if t.isdigit() else 0


def match_title(line: str):
    """(title, agency, year) if the whole line starts with a report title."""
    if SENTENCE.search(line):
        return None
    m = TITLE_RE.match(line) or TITLE_NO_YEAR_RE.match(line)
    if not m:
        return None
    year = cn_number(m.group("year")) if m.group("year") else None
    agency = m.group("agency")
    lead = LEADING_YEAR.match(agency)  # 「2022年度XX镇人民政府政府信息公开…」
    if lead:
        agency, year = agency[lead.end():], year or cn_number(lead.group(1))
    return m.group(0), clean_agency(agency), year


def body_titles(lines: list[str]) -> list[tuple[int, tuple, bool]]:
    """Title matches among the first lines: lines alone, and lines joined with the next (a title
    wrapped after its year): (index, (title, agency, year), joined)."""
    out = [(i, got, False) for i, line in enumerate(lines) if len(line) <= 90 and (got := match_title(line))]
    return out + [(i, got, True) for i in range(len(lines) - 1)
                  if len(lines[i]) <= 45 and len(lines[i + 1]) <= 45 and (got := match_title(lines[i] + lines[i + 1]))]


def with_agency_above(i: int, got: tuple, lines: list[str]) -> tuple:
    """「鹤岗市…局」 on the line above 「2020年度…报告」."""
    title, agency, year = got
    if not agency and i > 0:
        prev = lines[i - 1]
        if (len(prev) <= 40 and not AGENCY_NOISE.match(prev) and not re.search(r"[，。；,;]", prev)
                and "公开" not in prev):
            agency, title = clean_agency(prev), prev + title
    return title, agency, year


def find_title(text: str, title_hint: str = "") -> tuple[str, str, int | None]:
    """(title, agency, year) from the document's first lines, else from the page's headings and
    title. A title may wrap over two lines, or print the agency on the line above."""
    lines = [flat(LINE_MARKS.sub("", l)) for l in text.split("\n") if LINE_MARKS.sub("", l).strip()][:40]
    hints = [seg for h in title_hint.split("\n") for seg in HINT_SPLIT.split(flat(LINE_MARKS.sub("", h))) if seg]
    found = None
    # The title that names its year and agency, on one line if it can: a running header above
    # it may name neither, or glue itself on.
    ranked = [(with_agency_above(i, got, lines), joined, i) for i, got, joined in body_titles(lines)]
    if ranked:
        found = min(ranked, key=lambda c: (c[0][2] is None, not c[0][1], c[1], c[2]))[0]
    for hint in hints:
        got = match_title(hint)
        if not got:
            continue
        if found is None:
            return got
        title, agency, year = found
        if not agency and got[1] and (year is None or got[2] in (None, year)):
            return title, got[1], year or got[2]
        if year is None and got[2]:
            return title, agency, got[2]
    return found or ("", "", None)


def signature_agency(text: str) -> str:
    """The agency that signs the report: the line just before the closing date."""
    lines = [l.strip() for l in text.split("\n") if l.strip()][-6:]
    for i in range(len(lines) - 1, 0, -1):
        if CLOSING_DATE.fullmatch(lines[i].replace(" ", "")):
            prev = lines[i - 1]
            if 3 <= len(prev) <= 30 and not re.search(r"[，。；：:,;]", prev):
                return clean_agency(prev)
    return ""


def clean_agency(text: str) -> str:
    text = re.sub(r"^(关于|印发|公布)|关于(?:公布|发布|印发|公开)?$", "", text.strip())
    text = re.sub(r"[（(]?(?:19|20)\d{2}(?:年度?)?[）)]?$", "", text)
    return text.strip(" -—_·|:：").replace("(", "（").replace(")", "）")  # Chinese names use full-width


def stat_year(text: str) -> int | None:
    m = STAT_PERIOD.search(flat(text))
    return int(m.group(1)) if m else None


def published_date(text: str) -> str:
    m = ISO_DATE.search(text[:3000])
    if m:
        return iso(*m.groups())
    dates = list(DATE_RE.finditer(text[-600:]))
    if dates:
        return iso(*dates[-1].groups())
    return ""


def iso(y: str, m: str, d: str) -> str:
    try:
        y, m, d = cn_number(y), cn_number(m), cn_number(d)
    except ValueError:
        return ""
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}"


def region_of(agency: str) -> str:
    if not agency or agency.startswith(NATIONAL):
        return "全国" if agency else ""
    m = REGION_RE.match(agency)
    region = m.group(1) if m else ""
    if len(region) >= 2:
        return region
    return "全国" if agency.endswith(CENTRAL_SUFFIXES) else ""
