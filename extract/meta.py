"""Who published a report, for which year, and when: from its title and body, then hints."""
from __future__ import annotations

import re
import unicodedata

CN_DIGITS = str.maketrans("〇零一二三四五六七八九○Ｏ", "001234567890" + "0")
YEAR = r"((?:19|20)\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3})"
TITLE_RE = re.compile(
    r"(?P<agency>[^\s，。；：:、“”\"（）()《》]{0,60}?)\s*" + YEAR.replace("(", "(?P<year>", 1)
    + r"\s*年\s*度?\s*(?:的)?\s*(?:政府|政务)?信息公开(?:工作)?\s*(?:年度)?\s*(?:报告|年报|工作报告)"
)
STAT_PERIOD = re.compile(r"统计期限[^0-9]{0,12}(20\d{2})\s*年\s*1\s*月\s*1\s*日")
DATE_RE = re.compile(r"(20\d{2}|[〇零○一二][〇零○一二三四五六七八九]{3})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
ISO_DATE = re.compile(r"(?:发布(?:日期|时间)|日期|时间)[:：\s]*(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
REGION_RE = re.compile(
    r"^((?:[^省市县区州盟旗]{2,8}?(?:省|自治区|特别行政区))?(?:[^省市县区州盟旗]{1,8}?(?:市|自治州|州|盟|地区))?"
    r"(?:[^省市县区州盟旗]{1,8}?(?:自治县|县|区|旗|市))?)"
)
CENTRAL_SUFFIXES = ("部", "总局", "署", "银行", "委员会", "总署")
NATIONAL = ("国务院", "国家", "中华人民共和国", "中国", "最高人民")
AGENCY_NOISE = re.compile(r"^(关于|索引号|发布机构|来源|.*[:：])")


def cn_number(text: str) -> int:
    text = text.translate(CN_DIGITS) if not text.isdigit() else text
    if text.isdigit():
        return int(text)
    units = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if text.startswith("十"):
        return 10 + units.get(text[1:], 0)
    if "十" in text:
        a, _, b = text.partition("十")
        return units.get(a, 0) * 10 + units.get(b, 0)
    return units.get(text, 0)


def find_title(text: str, title_hint: str = "") -> tuple[str, str, int | None]:
    """(title, agency, year) from the document's first lines, else from the page title."""
    lines = [" ".join(l.split()) for l in text.split("\n") if l.strip()][:40]
    candidates = [(i, l) for i, l in enumerate(lines) if len(l) <= 90]
    for source in candidates + ([(-1, title_hint)] if title_hint else []):
        i, line = source
        m = TITLE_RE.search(unicodedata.normalize("NFKC", line).replace(" ", "") if i >= 0 else line.replace(" ", ""))
        if not m:
            continue
        agency = clean_agency(m.group("agency"))
        year = cn_number(m.group("year"))
        title = line[m.start():m.end()] if i >= 0 else m.group(0)
        if not agency and i > 0:  # 「鹤岗市…局」 on the line above 「2020年度…报告」
            prev = lines[i - 1]
            if len(prev) <= 40 and not AGENCY_NOISE.match(prev) and not re.search(r"[，。；]", prev):
                agency = clean_agency(prev)
                title = prev + title
        if agency or i < 0:
            return title, agency, year
        return title, agency, year
    return "", "", None


def signature_agency(text: str) -> str:
    """The agency that signs the report: the line just before the closing date."""
    lines = [l.strip() for l in text.split("\n") if l.strip()][-6:]
    for i in range(len(lines) - 1, 0, -1):
        if DATE_RE.fullmatch(lines[i].replace(" ", "")):
            prev = lines[i - 1]
            if 3 <= len(prev) <= 30 and not re.search(r"[，。；：:]", prev):
                return clean_agency(prev)
    return ""


def clean_agency(text: str) -> str:
    text = re.sub(r"^(关于|印发|公布)", "", text.strip())
    text = re.sub(r"[（(]?(?:19|20)\d{2}[）)]?$", "", text)
    return text.strip(" -—_·|:：")


def stat_year(text: str) -> int | None:
    m = STAT_PERIOD.search(text.replace(" ", ""))
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
