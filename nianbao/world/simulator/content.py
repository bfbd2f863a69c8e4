"""What simulated portals publish: reports rendered by the fixture generator, titles, decoys.

Rendering a PDF, DOC or PNG goes through LibreOffice (1–2 s each), so every rendered file is
cached per process: tests and the demo that build several simulators pay for each file once.
"""
from __future__ import annotations

import io
import random
import threading

_CACHE: dict[tuple, bytes] = {}
_LOCK = threading.Lock()
SLOW = {"pdf", "doc", "wps", "png", "jpg"}

# (region, region_code, government-level agency prefix) — the places simulated portals belong to.
PLACES = [
    ("浙江省", "330000"), ("杭州市", "330100"), ("江苏省", "320000"), ("南京市", "320100"),
    ("淮安市", "320800"), ("广东省", "440000"), ("深圳市", "440300"), ("四川省", "510000"),
    ("成都市", "510100"), ("湖北省", "420000"), ("武汉市", "420100"), ("山东省", "370000"),
    ("青岛市", "370200"), ("河南省", "410000"), ("郑州市", "410100"), ("福建省", "350000"),
    ("厦门市", "350200"), ("安徽省", "340000"), ("合肥市", "340100"), ("湖南省", "430000"),
]
OFFICES = ["人民政府办公厅", "发展和改革委员会", "教育厅", "财政厅", "生态环境厅", "交通运输厅",
           "卫生健康委员会", "市场监督管理局", "自然资源厅", "住房和城乡建设厅", "人力资源和社会保障厅"]
DEPARTMENTS = ["教育局", "公安局", "民政局", "财政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "农业农村局", "商务局", "文化广电旅游局", "卫生健康委员会", "审计局",
               "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "应急管理局"]

# Titles a portal lists beside its reports: none of them is a report.
DECOY_TITLES = [
    "{agency}{year}年统计年报", "{agency}{year}年部门预算公开", "{agency}{year}年度部门决算",
    "{agency}{year}年工作总结", "{agency}政府信息公开指南", "{agency}政府信息公开制度",
    "关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
    "《{agency}{year}年政府信息公开工作年度报告》解读", "{agency}{year}年国民经济和社会发展统计公报",
]
NOISE_TITLES = ["{agency}召开{year}年度工作会议", "{agency}开展政务公开日活动", "关于{year}年度重点工作的通报",
                "{agency}领导信息", "机构职能", "联系我们"]
TITLE_STYLES = ["{agency}{year}年政府信息公开工作年度报告", "{agency}{year}年度政府信息公开工作年度报告",
                "{agency}关于{year}年政府信息公开工作年度报告", "{agency}政府信息公开年报（{year}年）",
                "{agency}{year}年政府信息公开年度报告", "{year}年{agency}政府信息公开工作年度报告"]


def agency_for(rng: random.Random) -> tuple[str, str, str]:
    region, code = rng.choice(PLACES)
    office = rng.choice(OFFICES)
    if region.endswith("市"):
        office = office.replace("厅", "局")
    return f"{region}{office}", region, code


def report_title(rng: random.Random, agency: str, year: int, yearless: bool = False) -> str:
    """A report's title; with `yearless`, sometimes none (the list's date tells the year)."""
    if yearless and rng.random() < 0.3:
        return f"{agency}政府信息公开工作年度报告"
    return rng.choice(TITLE_STYLES).format(agency=agency, year=year)


def decoy_title(rng: random.Random, agency: str, year: int) -> str:
    return rng.choice(DECOY_TITLES).format(agency=agency, year=year)


def noise_title(rng: random.Random, agency: str, year: int) -> str:
    return rng.choice(NOISE_TITLES).format(agency=agency, year=year)


def report(seed, year: int, agency: str, region: str, fmt: str) -> bytes:
    """The bytes of one report file; the same arguments give the same bytes within a process."""
    key = (seed, year, agency, region, fmt)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    data = _render(seed, year, agency, region, fmt)
    with _LOCK:
        return _CACHE.setdefault(key, data)


def _render(seed, year, agency, region, fmt) -> bytes:
    from nianbao.world.files import make_truth, render

    t = make_truth(str(seed), year=year, agency=agency, region=region)
    if fmt == "wps":  # a WPS file is an OLE compound document like DOC
        return report(seed, year, agency, region, "doc")
    if fmt == "jpg":
        from PIL import Image

        buf = io.BytesIO()
        Image.open(io.BytesIO(report(seed, year, agency, region, "png"))).convert("RGB").save(buf, "JPEG")
        return buf.getvalue()
    return render(t, fmt, variant="standard")


def report_body_html(seed, year: int, agency: str, region: str) -> str:
    """The inside of <body> of the HTML rendering, to embed in an article page."""
    html = report(seed, year, agency, region, "html").decode("utf-8")
    low = html.lower()
    start, end = low.find("<body"), low.rfind("</body>")
    if start < 0 or end < 0:
        return html
    return html[html.index(">", start) + 1:end]


def junk(size: int, seed: int = 0) -> bytes:
    """Bytes that are no document format at all (a broken upload)."""
    rng = random.Random(seed)
    block = bytes(rng.getrandbits(8) for _ in range(4096))
    return b"\x00JUNK" + (block * (size // 4096 + 1))[: max(0, size - 5)]
