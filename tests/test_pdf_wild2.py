"""Born-digital PDFs built here from scratch (no nianbao.world.samples): Word documents written with
python-docx and turned into PDF by LibreOffice (merged cells, table 4 in several layouts,
tables crossing a page break, fonts varied, ruled / 三线表 / unruled), and tables drawn with
reportlab (table 4 as one row of 15 under a three-row header, fonts varied).

What a user checks: every cell right, or the report `partial` naming each cell it did not
read; never a wrong cell, never a cell that is not in the report, never `ok` with one missing.
"""
from __future__ import annotations

import io
import random
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extract.pipeline import extract_bytes

pytestmark = pytest.mark.timeout(180)

# ------------------------------------------------------------------ the truth

T2_ROWS = [("regulations", "规章"), ("normative_docs", "行政规范性文件")]
T2_ONE = [("（五）", [("licensing", "行政许可")]), ("（六）", [("penalty", "行政处罚"), ("enforcement", "行政强制")])]
APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
RESULTS = [  # (group label or None, row key, label)
    (None, "granted", "（一）予以公开"),
    (None, "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("（三）不予公开", "denied_state_secret", "1.属于国家秘密"),
    ("（三）不予公开", "denied_law", "2.其他法律行政法规禁止公开"),
    ("（三）不予公开", "denied_safety", "3.危及“三安全一稳定”"),
    ("（三）不予公开", "denied_third_party", "4.保护第三方合法权益"),
    ("（三）不予公开", "denied_internal", "5.属于三类内部事务信息"),
    ("（三）不予公开", "denied_process", "6.属于四类过程性信息"),
    ("（三）不予公开", "denied_case_file", "7.属于行政执法案卷"),
    ("（三）不予公开", "denied_inquiry", "8.属于行政查询事项"),
    ("（四）无法提供", "unable_not_held", "1.本机关不掌握相关政府信息"),
    ("（四）无法提供", "unable_need_create", "2.没有现成信息需要另行制作"),
    ("（四）无法提供", "unable_unclear", "3.补正后申请内容仍不明确"),
    ("（五）不予处理", "rejected_petition", "1.信访举报投诉类申请"),
    ("（五）不予处理", "rejected_duplicate", "2.重复申请"),
    ("（五）不予处理", "rejected_publication", "3.要求提供公开出版物"),
    ("（五）不予处理", "rejected_excessive", "4.无正当理由大量反复申请"),
    ("（五）不予处理", "rejected_confirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("（六）其他处理", "other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("（六）其他处理", "other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("（六）其他处理", "other_other", "3.其他"),
]
APPEAL_ROWS = ["review", "suit_direct", "suit_after_review"]
APPEAL_COLS = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"),
               ("total", "总计")]
AGENCIES = ["安宁市自然资源局", "青禾县人民政府办公室", "临川区卫生健康委员会", "东湖街道办事处", "北岭市生态环境局"]


@dataclass
class Truth:
    agency: str
    year: int
    cells: dict[str, float] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def n(self, key: str) -> str:
        v = self.cells[key]
        return f"{v:.2f}" if key.endswith("amount_10k_yuan") else str(int(v))


def make_truth(seed: int) -> Truth:
    rnd = random.Random(seed)
    t = Truth(rnd.choice(AGENCIES), rnd.choice([2021, 2022, 2023, 2024]))
    c = t.cells

    def small():
        return float(rnd.choice([0, 0, 0, 1, 2, 3, 5, 8, 13, 40, 121]))

    for row, _ in T2_ROWS:
        c[f"active.{row}.issued"], c[f"active.{row}.repealed"] = small(), small()
        c[f"active.{row}.in_force"] = float(rnd.randint(0, 300))
    for _, rows in T2_ONE:
        for row, _ in rows:
            c[f"active.{row}.decisions"] = float(rnd.randint(0, 4000))
    c["active.admin_fees.amount_10k_yuan"] = round(rnd.uniform(0, 900), 2)
    for col in APPLICANTS[:-1]:
        results = {key: small() if col in ("natural_person", "commercial") or rnd.random() < 0.3 else 0.0
                   for _, key, _ in RESULTS}
        handled = sum(results.values())
        out = small()
        carried_in = float(rnd.randint(0, int(handled + out)))
        c.update({f"requests.{k}.{col}": v for k, v in results.items()})
        c[f"requests.handled_total.{col}"] = handled
        c[f"requests.carried_out.{col}"] = out
        c[f"requests.carried_in.{col}"] = carried_in
        c[f"requests.new.{col}"] = handled + out - carried_in
    for row in ["new", "carried_in", "handled_total", "carried_out"] + [k for _, k, _ in RESULTS]:
        c[f"requests.{row}.total"] = sum(c[f"requests.{row}.{col}"] for col in APPLICANTS[:-1])
    for row in APPEAL_ROWS:
        parts = [small() for _ in range(4)]
        for (col, _), v in zip(APPEAL_COLS, parts + [sum(parts)]):
            c[f"appeals.{row}.{col}"] = v
    return t


# ------------------------------------------------------------------ tables as spans

@dataclass
class S:
    text: str
    rs: int = 1
    cs: int = 1


def table2(t: Truth) -> list[list[S]]:
    rows = [[S("第二十条第（一）项", cs=4)], [S("信息内容"), S("本年制发件数"), S("本年废止件数"), S("现行有效件数")]]
    for key, label in T2_ROWS:
        rows.append([S(label)] + [S(t.n(f"active.{key}.{c}")) for c in ("issued", "repealed", "in_force")])
    for item, block in T2_ONE:
        rows += [[S(f"第二十条第{item}项", cs=4)], [S("信息内容"), S("本年处理决定数量", cs=3)]]
        rows += [[S(label), S(t.n(f"active.{key}.decisions"), cs=3)] for key, label in block]
    rows += [[S("第二十条第（八）项", cs=4)], [S("信息内容"), S("本年收费金额（单位：万元）", cs=3)],
             [S("行政事业性收费"), S(t.n("active.admin_fees.amount_10k_yuan"), cs=3)]]
    return rows


def table3(t: Truth) -> list[list[S]]:
    vals = lambda row: [S(t.n(f"requests.{row}.{c}")) for c in APPLICANTS]  # noqa: E731
    rows = [[S("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3), S("申请人情况", cs=7)],
            [S("自然人", rs=2), S("法人或其他组织", cs=5), S("总计", rs=2)],
            [S(o) for o in ORGS],
            [S("一、本年新收政府信息公开申请数量", cs=3)] + vals("new"),
            [S("二、上年结转政府信息公开申请数量", cs=3)] + vals("carried_in")]
    first = True
    for i, (group, key, label) in enumerate(RESULTS):
        row = [S("三、本年度办理结果", rs=len(RESULTS) + 1)] if first else []
        first = False
        if group is None:
            row.append(S(label, cs=2))
        else:
            if i == 0 or RESULTS[i - 1][0] != group:
                row.append(S(group, rs=sum(1 for g, _, _ in RESULTS if g == group)))
            row.append(S(label))
        rows.append(row + vals(key))
    rows.append([S("（七）总计", cs=2)] + vals("handled_total"))
    rows.append([S("四、结转下年度继续办理", cs=3)] + vals("carried_out"))
    return rows


def table4_row15(t: Truth) -> list[list[S]]:
    return [[S("行政复议", cs=5), S("行政诉讼", cs=10)],
            [S(lab, rs=2) for _, lab in APPEAL_COLS] + [S("未经复议直接起诉", cs=5), S("复议后起诉", cs=5)],
            [S(lab) for _, lab in APPEAL_COLS] * 2,
            [S(t.n(f"appeals.{r}.{c}")) for r in APPEAL_ROWS for c, _ in APPEAL_COLS]]


def table4_rows3(t: Truth) -> list[list[S]]:
    vals = lambda r: [S(t.n(f"appeals.{r}.{c}")) for c, _ in APPEAL_COLS]  # noqa: E731
    return [[S("", cs=2)] + [S(lab) for _, lab in APPEAL_COLS],
            [S("行政复议", cs=2)] + vals("review"),
            [S("行政诉讼", rs=2), S("未经复议直接起诉")] + vals("suit_direct"),
            [S("复议后起诉")] + vals("suit_after_review")]


def table4_transposed(t: Truth) -> list[list[S]]:
    return [[S("", rs=2), S("行政复议", rs=2), S("行政诉讼", cs=2)],
            [S("未经复议直接起诉"), S("复议后起诉")]] + \
        [[S(lab)] + [S(t.n(f"appeals.{r}.{c}")) for r in APPEAL_ROWS] for c, lab in APPEAL_COLS]


T4 = {"row15": table4_row15, "rows3": table4_rows3, "transposed": table4_transposed}


def placed(rows: list[list[S]]) -> tuple[list[tuple[int, int, S]], int]:
    """(row, col, span) of every span, and the table's width."""
    taken: set[tuple[int, int]] = set()
    out = []
    for i, row in enumerate(rows):
        j = 0
        for s in row:
            while (i, j) in taken:
                j += 1
            out.append((i, j, s))
            taken.update((i + a, j + b) for a in range(s.rs) for b in range(s.cs))
            j += s.cs
    return out, max(j for _, j in taken) + 1


PROSE = ("本年度，{a}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
         "围绕中心工作，扎实推进政府信息公开，不断提升政务公开质量和实效。")


def sections(t: Truth) -> list[tuple[str, str, str | None]]:
    """(heading, prose, table) of the six sections."""
    return [("一、总体情况", (PROSE.format(a=t.agency) + "\n") * 3, None),
            ("二、主动公开政府信息情况", "本年度主动公开政府信息情况如下。", "t2"),
            ("三、收到和处理政府信息公开申请情况", "本年度收到和处理政府信息公开申请情况如下。", "t3"),
            ("四、政府信息公开行政复议、行政诉讼情况", "本年度政府信息公开行政复议、行政诉讼情况如下。", "t4"),
            ("五、存在的主要问题及改进情况", "一是公开内容还需进一步丰富；二是解读形式较为单一。下一步将持续改进。", None),
            ("六、其他需要报告的事项", "本年度未收取信息处理费。无其他需要报告的事项。", None)]


# ------------------------------------------------------------------ Word → LibreOffice

@dataclass
class DocCase:
    name: str
    seed: int
    font: str = "宋体"
    digits: str | None = None  # another font for the ASCII digits (Times New Roman …)
    borders: str = "grid"  # grid, three (三线表), none
    t4: str = "row15"
    t4_break: int | None = None  # rows of table 4 left on the page before the break
    repeat_t3_header: bool = False


DOC_CASES = [
    DocCase("simsun_grid_row15", 11),
    DocCase("wqy_grid_rows3_t3_header_repeated", 12, font="WenQuanYi Zen Hei", t4="rows3", repeat_t3_header=True),
    DocCase("serif_times_grid_transposed", 13, font="Noto Serif CJK SC", digits="Times New Roman", t4="transposed"),
    DocCase("sans_grid_row15_cut_in_header", 14, font="Noto Sans CJK SC", t4_break=2),
    DocCase("fangsong_grid_row15_data_row_next_page", 15, font="仿宋_GB2312", t4_break=3),
    DocCase("kaiti_three_line_row15", 16, font="楷体_GB2312", borders="three"),
    DocCase("wqy_unruled_row15", 17, font="WenQuanYi Zen Hei", borders="none"),
    DocCase("serif_unruled_rows3", 18, font="Noto Serif CJK SC", borders="none", t4="rows3"),
]


def docx_bytes(case: DocCase) -> bytes:
    from docx import Document
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    t = make_truth(case.seed)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = case.digits or case.font
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), case.font)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    exact = lambda p: (setattr(p.paragraph_format, "line_spacing_rule", WD_LINE_SPACING.EXACTLY),  # noqa: E731
                       setattr(p.paragraph_format, "line_spacing", Pt(20)))

    def para(text, bold=False, center=False):
        p = doc.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        exact(p)
        return p

    def border(el, edges, val="single", sz=8):
        box = OxmlElement(el)
        for edge in edges:
            b = OxmlElement(f"w:{edge}")
            b.set(qn("w:val"), val)
            b.set(qn("w:sz"), str(sz))
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
            box.append(b)
        return box

    def table(rows, head: int, repeat: bool = False, height: float | None = None, size: float = 9):
        spans, width = placed(rows)
        tab = doc.add_table(rows=len(rows), cols=width)
        tab.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl_pr = tab._tbl.tblPr
        margins = OxmlElement("w:tblCellMar")
        for edge in ("left", "right"):
            m = OxmlElement(f"w:{edge}")
            m.set(qn("w:w"), "40")
            m.set(qn("w:type"), "dxa")
            margins.append(m)
        tbl_pr.append(margins)
        edges = ["top", "left", "bottom", "right", "insideH", "insideV"]
        if case.borders == "grid":
            tbl_pr.append(border("w:tblBorders", edges))
        elif case.borders == "three":
            tbl_pr.append(border("w:tblBorders", ["top", "bottom"], sz=12))
        else:
            tbl_pr.append(border("w:tblBorders", edges, val="nil"))
        for i, j, s in spans:
            cell = tab.cell(i, j)
            if s.rs > 1 or s.cs > 1:
                cell = cell.merge(tab.cell(i + s.rs - 1, j + s.cs - 1))
            cell.text = s.text
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for r in p.runs:
                    r.font.size = Pt(size)
            if case.borders == "three" and i + s.rs == head:
                cell._tc.get_or_add_tcPr().append(border("w:tcBorders", ["bottom"], sz=6))
        for k, row in enumerate(tab.rows):
            if height:
                row.height, row.height_rule = Pt(height), WD_ROW_HEIGHT_RULE.EXACTLY
            if repeat and k < head:
                tr_pr = row._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                tr_pr.append(el)
        return tab

    para(t.title, bold=True, center=True)
    for n, (heading, prose, tab) in enumerate(sections(t), 1):
        if n == 4 and case.t4_break is not None:
            # a new page, then lines of exactly 20 pt: table 4 (rows of exactly 40 pt) is cut
            # after `t4_break` rows whatever the font
            doc.add_page_break()
            usable = 841.9 - 2 * 72
            lines = int((usable - 40 * case.t4_break) // 20)
            for _ in range(lines - 2):
                para("　")
        para(heading, bold=True)
        for line in prose.strip().split("\n"):
            para("　　" + line)
        if tab == "t2":
            table(table2(t), 2)
        elif tab == "t3":
            table(table3(t), 3, repeat=case.repeat_t3_header)
        elif tab == "t4":
            head = {"row15": 3, "rows3": 1, "transposed": 2}[case.t4]
            table(T4[case.t4](t), head, height=40 if case.t4_break is not None else None, size=8)
    para(t.agency).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(f"{t.year + 1}年1月20日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Pt(841.9), Pt(595.3)
    sec.top_margin = sec.bottom_margin = Pt(72)
    sec.left_margin = sec.right_margin = Pt(64)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def soffice_pdfs(tmp_path_factory) -> dict[str, bytes]:
    """Every Word case converted by one LibreOffice run."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice not installed")
    d = tmp_path_factory.mktemp("docx")
    files = []
    for case in DOC_CASES:
        f = d / f"{case.name}.docx"
        f.write_bytes(docx_bytes(case))
        files.append(str(f))
    subprocess.run([exe, f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(d)] + files, check=True, capture_output=True, timeout=150)
    return {c.name: (d / f"{c.name}.pdf").read_bytes() for c in DOC_CASES}


def check(data: bytes, t: Truth, complete: bool = True):
    """No wrong cell and no stray one; a cell not read is named, and then the report is partial."""
    r = extract_bytes(data, "report.pdf")
    assert r.format == "pdf"
    assert (r.template, r.year, r.agency) == ("2021", t.year, t.agency), r.reason
    values = r.values()
    wrong = {k: (values[k], v) for k, v in t.cells.items() if k in values and values[k] != v}
    extra = sorted(set(values) - set(t.cells))
    assert not wrong and not extra, (dict(list(wrong.items())[:12]), extra[:8], r.reason)
    missing = sorted(set(t.cells) - set(values))
    assert not set(missing) - set(r.unread), (missing, r.unread)
    if missing:
        assert r.status == "partial", (r.status, missing)
    if complete:
        assert not missing, (len(missing), missing[:10], r.reason)
    return r


@pytest.mark.parametrize("case", DOC_CASES, ids=[c.name for c in DOC_CASES])
def test_word_via_libreoffice(soffice_pdfs, case):
    check(soffice_pdfs[case.name], make_truth(case.seed))


# ------------------------------------------------------------------ reportlab


def _font(name: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if name in pdfmetrics.getRegisteredFontNames():
        return name
    if name == "STSong-Light":
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    elif name == "WQY":
        path = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
        if not Path(path).exists():
            pytest.skip("WenQuanYi Zen Hei not installed")
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    elif name == "Vera":
        pdfmetrics.registerFont(TTFont(name, "Vera.ttf"))
    return name


class Page:
    """Text and tables top to bottom on A4 pages."""

    def __init__(self, font: str, digits: str | None = None, size: float = 9.0):
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, invariant=1)
        self.w, self.h = A4
        self.m = 56.0
        self.y = self.h - self.m
        self.font, self.digits, self.size = _font(font), _font(digits) if digits else None, size

    def width(self, text: str, size: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return sum(pdfmetrics.stringWidth(ch, self._font_of(ch), size) for ch in text)

    def _font_of(self, ch: str) -> str:
        return self.digits if self.digits and ch.isascii() else self.font

    def draw(self, x: float, y: float, text: str, size: float) -> None:
        for ch in text:  # one font per run of characters
            self.c.setFont(self._font_of(ch), size)
            self.c.drawString(x, y, ch)
            x += self.width(ch, size)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        out, line = [], ""
        for ch in text:
            if line and self.width(line + ch, size) > width:
                out.append(line)
                line = ch
            else:
                line += ch
        return out + [line] if line or not out else out

    def new_page(self) -> None:
        self.c.showPage()
        self.y = self.h - self.m

    def text(self, text: str, size: float = 11.0, center: bool = False) -> None:
        for line in self.wrap(text, self.w - 2 * self.m, size):
            if self.y - 1.7 * size < self.m:
                self.new_page()
            self.y -= 1.7 * size
            x = (self.w - self.width(line, size)) / 2 if center else self.m
            self.draw(x, self.y, line, size)

    def table(self, rows: list[list[S]], widths: list[float], style: str = "full", head: int = 1,
              num_align: str = "center", break_after: int | None = None) -> None:
        spans, n = placed(rows)
        assert len(widths) == n
        xs = [self.m]
        for w in widths:
            xs.append(xs[-1] + w)
        size, lead, pad = self.size, self.size * 1.3, 4.0
        heights = [size + 2 * pad] * len(rows)
        for i, j, s in spans:  # a row is as high as its one-row cells need
            if s.rs == 1:
                lines = self.wrap(s.text, xs[j + s.cs] - xs[j] - 2 * pad, size)
                heights[i] = max(heights[i], len(lines) * lead + 2 * pad)
        self.y -= 6
        page_of, top, bottom = [], [], []  # per row: its page (0 = this one) and its top and bottom
        page = 0
        for i in range(len(rows)):
            if self.y - heights[i] < self.m or (break_after is not None and i == break_after and i):
                page += 1
                self.y = self.h - self.m
            page_of.append(page)
            top.append(self.y)
            self.y -= heights[i]
            bottom.append(self.y)
        for pg in range(page + 1):
            if pg:
                self.c.showPage()
            on = [i for i in range(len(rows)) if page_of[i] == pg]
            if style == "three":
                self.c.setLineWidth(1.2)
                self.c.line(xs[0], top[on[0]], xs[-1], top[on[0]])
                self.c.line(xs[0], bottom[on[-1]], xs[-1], bottom[on[-1]])
                if pg == 0 and head < len(rows):
                    self.c.setLineWidth(0.6)
                    self.c.line(xs[0], top[head], xs[-1], top[head])
            for i, j, s in spans:
                mine = [k for k in range(i, i + s.rs) if page_of[k] == pg]
                if not mine:
                    continue
                x0, x1, y0, y1 = xs[j], xs[j + s.cs], top[mine[0]], bottom[mine[-1]]
                if style == "full":
                    self.c.setLineWidth(0.6)
                    self.c.rect(x0, y1, x1 - x0, y0 - y1)
                lines = self.wrap(s.text, x1 - x0 - 2 * pad, size)
                if any(page_of[k] != pg for k in range(i, i + s.rs)):  # a cell cut by a page break:
                    fit = [max(1, int((bottom[k] - top[k] + 0) // lead)) for k in range(i, i + s.rs)]  # its text
                    before = sum(f for k, f in zip(range(i, i + s.rs), fit) if page_of[k] < pg)  # from the top,
                    here = sum(f for k, f in zip(range(i, i + s.rs), fit) if page_of[k] == pg)  # going on over
                    lines = lines[before:] if pg == page_of[i + s.rs - 1] else lines[before:before + here]
                    ty = y0 - pad - size  # the break
                else:
                    ty = (y0 + y1) / 2 + len(lines) * lead / 2 - size
                numeric = s.text.replace(".", "").isdigit()
                for line in lines:
                    w = self.width(line, size)
                    x = x1 - pad - w if numeric and num_align == "right" else (x0 + x1 - w) / 2
                    self.draw(x, ty, line, size)
                    ty -= lead
        self.y -= 6

    def save(self) -> bytes:
        self.c.save()
        return self.buf.getvalue()


T2_W = [150, 110, 110, 110]
T3_W = [40, 50, 140] + [37] * 7
T4_W = {"row15": [32.2] * 15, "rows3": [70, 110] + [60] * 5, "transposed": [120, 100, 140, 120]}


def drawn(t: Truth, font: str = "STSong-Light", digits: str | None = None, style: str = "full",
          t4: str = "row15", size: float = 9.0, num_align: str = "center", t4_break: int | None = None) -> bytes:
    p = Page(font, digits, size)
    p.text(t.title, 16, center=True)
    for heading, prose, tab in sections(t):
        p.text(heading, 12)
        for line in prose.strip().split("\n"):
            p.text("　　" + line)
        if tab == "t2":
            p.table(table2(t), T2_W, style, head=2, num_align=num_align)
        elif tab == "t3":
            p.table(table3(t), T3_W, style, head=3, num_align=num_align)
        elif tab == "t4":
            p.table(T4[t4](t), T4_W[t4], style, head={"row15": 3, "rows3": 1, "transposed": 2}[t4],
                    num_align=num_align, break_after=t4_break)
    p.text(t.agency)
    p.text(f"{t.year + 1}年1月20日")
    return p.save()


DRAWN = [  # (id, seed, arguments)
    ("stsong_full_row15", 21, {}),
    ("wqy_full_row15", 22, {"font": "WQY"}),
    ("wqy_vera_digits_full_row15_small", 23, {"font": "WQY", "digits": "Vera", "size": 7.5}),
    ("stsong_three_row15", 24, {"style": "three"}),
    ("wqy_three_row15_right", 25, {"font": "WQY", "style": "three", "num_align": "right"}),
    ("stsong_none_row15", 26, {"style": "none"}),
    ("wqy_vera_none_row15", 27, {"font": "WQY", "digits": "Vera", "style": "none"}),
    ("wqy_none_rows3", 28, {"font": "WQY", "style": "none", "t4": "rows3"}),
    ("stsong_full_transposed", 29, {"t4": "transposed"}),
    ("stsong_none_transposed", 30, {"style": "none", "t4": "transposed"}),
    ("stsong_full_row15_data_row_next_page", 31, {"t4_break": 3}),
    ("wqy_none_row15_data_row_next_page", 32, {"font": "WQY", "style": "none", "t4_break": 3}),
]


@pytest.mark.parametrize("seed, kw", [(s, kw) for _, s, kw in DRAWN], ids=[n for n, _, _ in DRAWN])
def test_drawn_with_reportlab(seed, kw):
    t = make_truth(seed)
    check(drawn(t, **kw), t)
