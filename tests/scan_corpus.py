"""A small scan corpus built independently of nianbao's fixture generator.

Report pages are written here as HTML (the national 2021 and 2019 tables with their merged
cells, seeded numbers that satisfy the identities), rendered by headless Chromium, then
degraded like real scans: 150-200 dpi, a rotation under 1°, blur, noise, specks, a red
circular stamp over a table. Kinds:

    pdf     the pages as JPEG pictures in an image-only PDF
    jpg     all pages stitched into ONE long JPG
    png1    all pages stitched into one 1-bit (fax-like) PNG
    picpdf  a born-digital PDF whose tables are pictures (图片版)

    build(kind, seed, workdir, broken=False) -> Sample(data, name, truth, agency, year, template)
"""
from __future__ import annotations

import io
import math
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

KINDS = ("pdf", "jpg", "png1", "picpdf")
PAGE_W, PAGE_H = 794, 1123  # A4 in CSS px (96 dpi)
SCALE = 2  # Chromium renders at 192 dpi; pages are then reduced to the scan's dpi
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CITIES = ["南平", "宁德", "湖州", "绍兴", "株洲", "湘潭", "咸阳", "宝鸡", "德阳", "绵阳", "泰安", "威海", "开封", "洛阳", "柳州", "桂林"]
BUREAUS = ["自然资源局", "生态环境局", "市场监督管理局", "交通运输局", "农业农村局", "卫生健康委员会", "住房和城乡建设局",
           "教育局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "水利局", "商务局", "文化和旅游局", "应急管理局"]
APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]
DENIED = [("denied_state_secret", "1.属于国家秘密"), ("denied_law", "2.其他法律行政法规禁止公开"),
          ("denied_safety", "3.危及“三安全一稳定”"), ("denied_third_party", "4.保护第三方合法权益"),
          ("denied_internal", "5.属于三类内部事务信息"), ("denied_process", "6.属于四类过程性信息"),
          ("denied_case_file", "7.属于行政执法案卷"), ("denied_inquiry", "8.属于行政查询事项")]
UNABLE = [("unable_not_held", "1.本机关不掌握相关政府信息"), ("unable_need_create", "2.没有现成信息需要另行制作"),
          ("unable_unclear", "3.补正后申请内容仍不明确")]
REJECTED = [("rejected_petition", "1.信访举报投诉类申请"), ("rejected_duplicate", "2.重复申请"),
            ("rejected_publication", "3.要求提供公开出版物"), ("rejected_excessive", "4.无正当理由大量反复申请"),
            ("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息")]
OTHER21 = [("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
           ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
           ("other_other", "3.其他")]
APPEAL_COLS = ["upheld", "corrected", "other", "pending", "total"]


@dataclass
class Sample:
    kind: str
    seed: int
    data: bytes
    name: str
    cells: dict[str, float]
    agency: str
    year: int
    template: str
    pages: int


# ------------------------------------------------------------------ numbers

def _n(rng: random.Random, big: bool = False) -> int:
    r = rng.random()
    if r < 0.45:
        return 0
    if r < 0.8:
        return rng.randint(1, 9)
    if r < 0.95 or not big:
        return rng.randint(10, 99)
    return rng.randint(100, 2400)


def make_cells(rng: random.Random, template: str) -> dict[str, float]:
    c: dict[str, float] = {}
    if template == "2021":
        for r in ("regulations", "normative_docs"):
            issued, repealed = _n(rng), _n(rng)
            c.update({f"active.{r}.issued": issued, f"active.{r}.repealed": repealed,
                      f"active.{r}.in_force": issued + _n(rng, True)})
        for r in ("licensing", "penalty", "enforcement"):
            c[f"active.{r}.decisions"] = _n(rng, True)
        c["active.admin_fees.amount_10k_yuan"] = round(rng.choice([0, 0, rng.uniform(0.1, 900)]), 2)
        results = [r for r, _ in DENIED + UNABLE + REJECTED + OTHER21]
    else:
        for r in ("regulations", "normative_docs"):
            made = _n(rng)
            c.update({f"active.{r}.new_made": made, f"active.{r}.new_published": made,
                      f"active.{r}.total_published": made + _n(rng, True)})
        for r in ("licensing", "other_services", "penalty", "enforcement"):
            c.update({f"active.{r}.prev_year_items": _n(rng), f"active.{r}.change": rng.choice([0, 0, 1, 2, -1, -3, 12]),
                      f"active.{r}.decisions": _n(rng, True)})
        c.update({"active.admin_fees.prev_year_items": _n(rng), "active.admin_fees.change": rng.choice([0, -1, 1]),
                  "active.procurement.items": _n(rng), "active.procurement.amount": round(rng.choice([0, rng.uniform(1, 5000)]), 2)})
        results = [r for r, _ in DENIED + UNABLE + REJECTED] + ["other"]
    results = ["granted", "partial"] + results
    for col in APPLICANTS + ["total"]:
        if col == "total":
            for row in results + ["handled_total", "carried_out", "carried_in", "new"]:
                c[f"requests.{row}.total"] = sum(c[f"requests.{row}.{a}"] for a in APPLICANTS)
            continue
        active = col == "natural_person" or rng.random() < 0.5
        handled = 0
        for row in results:
            v = (_n(rng, row == "granted") if rng.random() < (0.7 if row in ("granted", "partial") else 0.25) else 0) if active else 0
            c[f"requests.{row}.{col}"] = v
            handled += v
        out = rng.randint(0, 5) if active and rng.random() < 0.4 else 0
        carried_in = rng.randint(0, min(handled + out, 6)) if active else 0
        c.update({f"requests.handled_total.{col}": handled, f"requests.carried_out.{col}": out,
                  f"requests.carried_in.{col}": carried_in, f"requests.new.{col}": handled + out - carried_in})
    for row in ("review", "suit_direct", "suit_after_review"):
        vals = [_n(rng) if rng.random() < 0.5 else 0 for _ in range(4)]
        c.update({f"appeals.{row}.{k}": v for k, v in zip(APPEAL_COLS, vals + [sum(vals)])})
    return {k: float(v) for k, v in c.items()}


def _fmt(v: float, decimals: bool = False) -> str:
    if decimals:
        return "0" if v == 0 else f"{v:.2f}"
    return str(int(v))


# ------------------------------------------------------------------ HTML

CSS = f"""
@font-face {{ font-family: cjk; src: local('Noto Serif CJK SC'), local('Noto Sans CJK SC'), local('WenQuanYi Zen Hei'); }}
html, body {{ margin: 0; padding: 0; background: #fff; }}
body {{ font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', serif; color: #000; }}
.page {{ width: {PAGE_W}px; height: {PAGE_H}px; box-sizing: border-box; padding: 64px 70px; overflow: hidden; }}
h1 {{ font-size: 21px; text-align: center; margin: 10px 0 18px; font-weight: bold; }}
h2 {{ font-size: 15px; margin: 10px 0 6px; font-weight: bold; }}
p {{ font-size: 15px; line-height: 1.75; text-indent: 2em; margin: 0 0 4px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0 10px; }}
td {{ border: 1.3px solid #000; text-align: center; padding: 2px 3px; line-height: 1.3; }}
td.l {{ text-align: left; }}
.sig {{ text-align: right; margin-top: 24px; }}
"""


def _row(cells) -> str:
    out = []
    for c in cells:
        text, attrs = (c, "") if isinstance(c, str) else (c[0], c[1])
        out.append(f"<td {attrs}>{text}</td>")
    return "<tr>" + "".join(out) + "</tr>"


def table2(c: dict[str, float], template: str) -> str:
    v = lambda k, d=False: _fmt(c[k], d)  # noqa: E731
    rows = []
    if template == "2021":
        rows += [[("第二十条第（一）项", 'colspan="4"')], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
        rows += [["规章"] + [v(f"active.regulations.{k}") for k in ("issued", "repealed", "in_force")],
                 ["行政规范性文件"] + [v(f"active.normative_docs.{k}") for k in ("issued", "repealed", "in_force")]]
        rows += [[("第二十条第（五）项", 'colspan="4"')], ["信息内容", ("本年处理决定数量", 'colspan="3"')],
                 ["行政许可", (v("active.licensing.decisions"), 'colspan="3"')]]
        rows += [[("第二十条第（六）项", 'colspan="4"')], ["信息内容", ("本年处理决定数量", 'colspan="3"')],
                 ["行政处罚", (v("active.penalty.decisions"), 'colspan="3"')],
                 ["行政强制", (v("active.enforcement.decisions"), 'colspan="3"')]]
        rows += [[("第二十条第（八）项", 'colspan="4"')], ["信息内容", ("本年收费金额（单位：万元）", 'colspan="3"')],
                 ["行政事业性收费", (v("active.admin_fees.amount_10k_yuan", True), 'colspan="3"')]]
    else:
        rows += [[("第二十条第（一）项", 'colspan="4"')], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]]
        rows += [[lab] + [v(f"active.{r}.{k}") for k in ("new_made", "new_published", "total_published")]
                 for r, lab in (("regulations", "规章"), ("normative_docs", "规范性文件"))]
        for item, pairs in (("五", (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
                            ("六", (("penalty", "行政处罚"), ("enforcement", "行政强制")))):
            rows += [[(f"第二十条第（{item}）项", 'colspan="4"')], ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]]
            rows += [[lab] + [v(f"active.{r}.{k}") for k in ("prev_year_items", "change", "decisions")] for r, lab in pairs]
        rows += [[("第二十条第（八）项", 'colspan="4"')], ["信息内容", "上一年项目数量", ("本年增/减", 'colspan="2"')],
                 ["行政事业性收费", v("active.admin_fees.prev_year_items"), (v("active.admin_fees.change"), 'colspan="2"')]]
        rows += [[("第二十条第（九）项", 'colspan="4"')], ["信息内容", "采购项目数量", ("采购总金额", 'colspan="2"')],
                 ["政府集中采购", v("active.procurement.items"), (v("active.procurement.amount", True), 'colspan="2"')]]
    return "<table>" + "".join(_row(r) for r in rows) + "</table>"


def table3(c: dict[str, float], template: str) -> str:
    cols = APPLICANTS + ["total"]
    nums = lambda r: [_fmt(c[f"requests.{r}.{k}"]) for k in cols]  # noqa: E731
    other = OTHER21 if template == "2021" else []
    n_results = 2 + 8 + 3 + 5 + (3 if other else 1) + 1
    rows = [[("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 'colspan="3" rowspan="3" class="l"'),
             ("申请人情况", 'colspan="7"')],
            [("自然人", 'rowspan="2"'), ("法人或其他组织", 'colspan="5"'), ("总计", 'rowspan="2"')],
            ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
            [("一、本年新收政府信息公开申请数量", 'colspan="3" class="l"')] + nums("new"),
            [("二、上年结转政府信息公开申请数量", 'colspan="3" class="l"')] + nums("carried_in"),
            [("三、本年度办理结果", f'rowspan="{n_results}"'), ("（一）予以公开", 'colspan="2" class="l"')] + nums("granted"),
            [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 'colspan="2" class="l"')] + nums("partial")]
    for group, items in (("（三）不予公开", DENIED), ("（四）无法提供", UNABLE), ("（五）不予处理", REJECTED), ("（六）其他处理", other)):
        if not items:
            rows.append([(group, 'colspan="2" class="l"')] + nums("other"))
            continue
        for i, (key, label) in enumerate(items):
            head = [(group, f'rowspan="{len(items)}"')] if i == 0 else []
            rows.append(head + [(label, 'class="l"')] + nums(key))
    rows += [[("（七）总计", 'colspan="2" class="l"')] + nums("handled_total"),
             [("四、结转下年度继续办理", 'colspan="3" class="l"')] + nums("carried_out")]
    widths = "<colgroup><col style='width:7%'><col style='width:9%'><col style='width:27%'>" + "<col>" * 7 + "</colgroup>"
    return "<table>" + widths + "".join(_row(r) for r in rows) + "</table>"


def table4(c: dict[str, float]) -> str:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [[("行政复议", 'colspan="5"'), ("行政诉讼", 'colspan="10"')],
            [(h, 'rowspan="2"') for h in heads] + [("未经复议直接起诉", 'colspan="5"'), ("复议后起诉", 'colspan="5"')],
            heads + heads,
            [_fmt(c[f"appeals.{r}.{k}"]) for r in ("review", "suit_direct", "suit_after_review") for k in APPEAL_COLS]]
    return "<table>" + "".join(_row(r) for r in rows) + "</table>"


def pages_html(c: dict[str, float], agency: str, year: int, template: str, tables_as=None) -> list[str]:
    """The report's pages (HTML bodies). `tables_as`: {n: html} replaces table n (a picture)."""
    t = {2: table2(c, template), 3: table3(c, template), 4: table4(c)}
    t.update(tables_as or {})
    p1 = (f"<h1>{agency}{year}年政府信息公开工作年度报告</h1>"
          f"<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>"
          "<h2>一、总体情况</h2>"
          f"<p>{year}年，我局坚持以人民为中心，深入推进政务公开工作，主动公开政府信息，及时回应社会关切，依法办理政府信息公开申请。</p>"
          "<h2>二、主动公开政府信息情况</h2>" + t[2])
    p2 = "<h2>三、收到和处理政府信息公开申请情况</h2>" + t[3]
    p3 = ("<h2>四、政府信息公开行政复议、行政诉讼情况</h2>" + t[4] +
          "<h2>五、存在的主要问题及改进情况</h2><p>政务公开工作与群众期待仍有差距，下一步将进一步规范公开内容。</p>"
          "<h2>六、其他需要报告的事项</h2><p>本年度未收取信息处理费。</p>"
          f"<p class='sig'>{agency}</p><p class='sig'>{year + 1}年1月20日</p>")
    return [p1, p2, p3]


def _doc(bodies: list[str], pages: bool = True) -> str:
    cls = "page" if pages else "flow"
    return ("<!doctype html><html><head><meta charset='utf-8'><style>" + CSS + "</style></head><body>"
            + "".join(f"<div class='{cls}'>{b}</div>" for b in bodies) + "</body></html>")


# ------------------------------------------------------------------ rendering

def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise RuntimeError("headless Chromium is needed to build the scan corpus")


def _chrome(args: list[str], html_path: Path, work: Path) -> None:
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--hide-scrollbars", "--disable-extensions", f"--user-data-dir={work / 'profile'}", *args, html_path.as_uri()]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def screenshot(html: str, height: int, work: Path) -> Image.Image:
    src, out = work / "page.html", work / "shot.png"
    src.write_text(html, encoding="utf-8")
    _chrome([f"--screenshot={out}", f"--window-size={PAGE_W},{height}", f"--force-device-scale-factor={SCALE}"], src, work)
    return Image.open(out).convert("RGB")


def print_pdf(html: str, work: Path) -> bytes:
    src, out = work / "doc.html", work / "doc.pdf"
    src.write_text(html, encoding="utf-8")
    _chrome([f"--print-to-pdf={out}", "--no-pdf-header-footer"], src, work)
    return out.read_bytes()


# ------------------------------------------------------------------ degradation

def stamp(size: int, text: str, rng: random.Random) -> Image.Image:
    """A red round seal: ring, star, the agency name around the top. RGBA."""
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    red = (215, 30, 35, 255)
    w = max(size // 28, 3)
    d.ellipse((w, w, size - w, size - w), outline=red, width=w)
    cx = cy = size / 2
    r = size * 0.13
    pts = [(cx + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5), cy - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5)) for k in range(10)]
    d.polygon(pts, fill=red)
    font = ImageFont.truetype(FONT, int(size * 0.13))
    n = len(text)
    for i, ch in enumerate(text):
        a = math.radians(-150 + 300 * (i + 0.5) / n) if n > 1 else 0
        glyph = Image.new("RGBA", (int(size * 0.16),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(a), resample=Image.BICUBIC, expand=True)
        rr = size * 0.34
        x, y = cx + rr * math.sin(a) - glyph.width / 2, cy - rr * math.cos(a) - glyph.height / 2
        im.alpha_composite(glyph, (int(x), int(y)))
    alpha = np.asarray(im)[..., 3].astype(np.float32) * rng.uniform(0.75, 0.95)  # ink not solid
    arr = np.asarray(im).copy()
    arr[..., 3] = alpha.astype(np.uint8)
    return Image.fromarray(arr)


def _put_stamp(page: Image.Image, box: tuple[int, int, int, int], text: str, rng: random.Random) -> Image.Image:
    """Multiply a red seal onto the page, centred somewhere over `box`."""
    size = int(page.width * 0.22)
    seal = stamp(size, text, rng).rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    x = int(rng.uniform(box[0], max(box[0] + 1, box[2] - size)))
    y = int(rng.uniform(box[1], max(box[1] + 1, box[3] - size)))
    base = np.asarray(page).astype(np.float32) / 255
    s = np.asarray(seal).astype(np.float32) / 255
    region = base[y:y + size, x:x + size]
    sa = s[: region.shape[0], : region.shape[1]]
    a = sa[..., 3:4]
    region[:] = region * (1 - a) + region * sa[..., :3] * a  # multiply: black print stays black
    return Image.fromarray((base * 255).clip(0, 255).astype(np.uint8))


def degrade(page: Image.Image, rng: random.Random, dpi: int, stamp_box=None, stamp_text: str = "") -> Image.Image:
    """A clean 192-dpi render turned into a scan: stamp, rotation, resampling, blur, noise, specks."""
    if stamp_box:
        page = _put_stamp(page, stamp_box, stamp_text, rng)
    page = page.rotate(rng.uniform(-0.9, 0.9), resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    f = dpi / (96.0 * SCALE)
    page = page.resize((int(page.width * f), int(page.height * f)), Image.LANCZOS)
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    arr = np.asarray(page).astype(np.float32)
    arr = arr * rng.uniform(0.9, 0.97) + rng.uniform(4, 14)  # greyish paper, not quite black ink
    arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(5, 11), arr.shape[:2])[..., None]
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    d = ImageDraw.Draw(out)
    for _ in range(rng.randint(80, 250)):  # scanner specks, mostly tiny
        x, y, r = rng.randrange(out.width), rng.randrange(out.height), rng.choice([0.6, 0.8, 1, 1, 1.5, 2])
        g = rng.randint(0, 90)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(g, g, g))
    return out


def _table_boxes(page: Image.Image) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the long horizontal rulings' blocks (the tables) on a clean render."""
    g = np.asarray(page.convert("L")) < 100
    rows = np.nonzero(g.sum(axis=1) > 0.6 * page.width * 0.8)[0]
    if not len(rows):
        return []
    blocks, start, prev = [], rows[0], rows[0]
    for y in rows[1:]:
        if y - prev > 300:
            blocks.append((start, prev))
            start = y
        prev = y
    blocks.append((start, prev))
    cols = np.nonzero(g.any(axis=0))[0]
    return [(int(cols.min()), int(a), int(cols.max()), int(b)) for a, b in blocks if b - a > 40]


# ------------------------------------------------------------------ samples

def truth(seed: int) -> tuple[dict[str, float], str, int, str]:
    rng = random.Random(seed * 7919 + 1)
    template = "2021" if seed % 2 == 0 else "2019"
    year = 2023 if template == "2021" else 2020
    agency = rng.choice(CITIES) + "市" + rng.choice(BUREAUS)
    return make_cells(rng, template), agency, year, template


BROKEN_KEY = "requests.granted.total"  # printed 10 too high in a broken report


def build(kind: str, seed: int, work: Path | None = None, broken: bool = False) -> Sample:
    """`broken`: one printed number breaks two identities (the row total of （一）予以公开 and
    the column sum under 总计), as a misreporting agency's would: the reader must flag it."""
    cells, agency, year, template = truth(seed)
    if broken:
        cells = dict(cells, **{BROKEN_KEY: cells[BROKEN_KEY] + 10})
    rng = random.Random(seed * 104729 + KINDS.index(kind))
    tmp = Path(tempfile.mkdtemp(prefix="scan-corpus-", dir=work))
    try:
        if kind == "picpdf":
            data = _picture_pdf(cells, agency, year, template, rng, tmp)
            return Sample(kind, seed, data, f"report-{seed}.pdf", cells, agency, year, template, 3)
        bodies = pages_html(cells, agency, year, template)
        shot = screenshot(_doc(bodies), PAGE_H * len(bodies), tmp)
        ph = PAGE_H * SCALE
        clean = [shot.crop((0, k * ph, shot.width, (k + 1) * ph)) for k in range(len(bodies))]
        dpi = rng.choice([150, 170, 200])
        stamp_page = rng.randrange(len(clean))
        pages = []
        for k, page in enumerate(clean):
            boxes = _table_boxes(page) if k == stamp_page and kind != "png1" else []
            pages.append(degrade(page, rng, dpi, boxes[0] if boxes else None, agency))
        if kind == "pdf":
            buf = io.BytesIO()
            jpgs = []
            for p in pages:
                b = io.BytesIO()
                p.save(b, "JPEG", quality=rng.randint(70, 85))
                jpgs.append(Image.open(io.BytesIO(b.getvalue())))
            jpgs[0].save(buf, "PDF", save_all=True, append_images=jpgs[1:], resolution=float(dpi))
            return Sample(kind, seed, buf.getvalue(), f"report-{seed}.pdf", cells, agency, year, template, len(pages))
        long = Image.new("RGB", (pages[0].width, sum(p.height for p in pages)), (255, 255, 255))
        y = 0
        for p in pages:
            long.paste(p, (0, y))
            y += p.height
        buf = io.BytesIO()
        if kind == "jpg":
            long.save(buf, "JPEG", quality=rng.randint(70, 85))
            return Sample(kind, seed, buf.getvalue(), f"report-{seed}.jpg", cells, agency, year, template, len(pages))
        gray = np.asarray(long.convert("L"))
        bw = Image.fromarray(((gray > rng.randint(140, 170)) * 255).astype(np.uint8)).convert("1", dither=Image.NONE)
        bw.save(buf, "PNG")
        return Sample(kind, seed, buf.getvalue(), f"report-{seed}.png", cells, agency, year, template, len(pages))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _picture_pdf(cells, agency, year, template, rng, tmp: Path) -> bytes:
    """A printed-to-PDF report whose three tables are pictures (scanned at 150-200 dpi)."""
    slot = 1100
    html = _doc([table2(cells, template), table3(cells, template), table4(cells)], pages=False)
    html = html.replace("<div class='flow'>", f"<div style='width:{PAGE_W - 140}px;height:{slot}px;padding:20px 70px;overflow:hidden'>")
    shot = screenshot(html, slot * 3 + 120, tmp)
    pics = {}
    for n in (2, 3, 4):
        top = (n - 2) * (slot + 40) * SCALE
        region = shot.crop((0, top, shot.width, top + (slot + 40) * SCALE))
        ink = np.nonzero(np.asarray(region.convert("L")) < 200)
        y0, y1, x0, x1 = ink[0].min(), ink[0].max(), ink[1].min(), ink[1].max()
        region = region.crop((max(x0 - 10, 0), max(y0 - 10, 0), x1 + 10, y1 + 10))
        css_w, css_h = region.width / SCALE, region.height / SCALE
        pic = degrade(region, rng, rng.choice([150, 200]), None)
        path = tmp / f"t{n}.jpg"
        pic.save(path, "JPEG", quality=80)
        pics[n] = f"<img src='{path.as_uri()}' style='width:{css_w:.0f}px;height:{css_h:.0f}px;display:block;margin:6px 0'>"
    bodies = pages_html(cells, agency, year, template, pics)
    doc = _doc(bodies, pages=False).replace("<div class='flow'>", "<div style='padding:0 10px;page-break-after:always'>")
    return print_pdf(doc, tmp)
