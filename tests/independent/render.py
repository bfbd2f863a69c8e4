"""Renderers: one Doc → the bytes a real agency would publish, in each of its habits."""
from __future__ import annotations

import html as H
import io
import os
import subprocess
import tempfile
from pathlib import Path

from tests.independent.model import Cell, Doc, Table, expand, ncols

# ------------------------------------------------------------------------------ Word "Save as .txt"


def word_rows(grid) -> list[list[str]]:
    """Cells per row as Word writes them to plain text: a horizontally merged cell once, a
    vertically merged continuation as an empty cell."""
    out = []
    for row in expand(grid):
        cells, ci = [], 0
        while ci < len(row):
            cell, top, _ = row[ci]
            cells.append(cell.text if top else "")
            ci += cell.cs
        out.append(cells)
    return out


def word_text(d: Doc, tab: bool = True, blank_rows: bool = True, crlf: bool = False, bom: bool = False,
              encoding: str = "utf-8", bookmark: bool = False, indent_heads: bool = True, row_tabs: bool = False) -> bytes:
    """row_tabs: one table row a line, cells separated by tabs (copy-paste from Word/WPS, .txt from WPS)."""
    lines: list[str] = []
    for kind, x in d.blocks:
        if kind == "title":
            lines += ["", x, ""]
        elif kind == "h":
            lines.append(("    " if indent_heads else "") + x)
        elif kind == "p":
            lines.append(("[bookmark: _GoBack]" if bookmark and x.startswith("本报告") else "") + x)
        elif kind == "sign":
            lines.append(x)
        elif kind == "table":
            t: Table = x
            if t.caption:
                lines.append(t.caption)
            for cells in word_rows(t.grid):
                if row_tabs:
                    lines.append("\t".join(c.replace("\n", "") for c in cells))
                    continue
                for c in cells:
                    parts = c.split("\n")
                    lines.append(("\t" if tab else "") + parts[0])
                    lines += parts[1:]
                if blank_rows:
                    lines.append("")
            lines.append("")
    text = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


# -------------------------------------------------------------------------------------- Markdown

def label_width(grid) -> int:
    """Leading columns that never hold a number cell."""
    m = expand(grid)
    w = ncols(grid)
    for j in range(w):
        if any(m[i][j][0].key for i in range(len(m))):
            return j
    return w


def md_matrix(t: Table, merged: str, concat: bool) -> list[list[str]]:
    m = expand(t.grid)
    rows = []
    for r in m:
        row = []
        for cell, top, left in r:
            if top and left:
                row.append(cell.text)
            elif merged == "repeat" and not cell.key:  # spanned labels repeated, numbers once
                row.append(cell.text)
            else:
                row.append("")
        rows.append([c.replace("\n", "") for c in row])
    if concat:
        lw = max(1, label_width(t.grid))
        out = []
        for row in rows:
            labs = []
            for c in row[:lw]:
                if c and (not labs or labs[-1] != c):
                    labs.append(c)
            out.append([" ".join(labs)] + row[lw:])
        rows = out
    return rows


def markdown(d: Doc, merged: str = "repeat", concat: bool = False, meta: bool = True, headings: bool = True,
             generic_header: bool = False, html_tables: bool = False) -> bytes:
    """html_tables: tables as one-line <table> with rowspan/colspan inside the Markdown (MinerU style)."""
    L: list[str] = []
    if meta:
        L += [f"标题：{d.title}", f"名称：{d.title}", f"发布机构：{d.agency}", f"发文日期：{d.date}", ""]
    for kind, x in d.blocks:
        if kind == "title":
            L += [f"# {x}" if headings else x, ""]
        elif kind == "h":
            L += [f"## {x}" if headings else x, ""]
        elif kind in ("p", "sign"):
            L += [x, ""]
        elif kind == "table":
            t: Table = x
            if t.caption:
                L += [f"### {t.caption}" if headings else t.caption]
            if html_tables:
                L += ["<html><body>" + table_html(t, "plain", False, False).replace("\n", "") + "</body></html>", ""]
                continue
            rows = md_matrix(t, merged, concat)
            if generic_header and len(rows[0]) >= 8:  # an OCR tool that lost the header: 类别 | 数据1 …
                hdr = [r for r in rows if not any(ch.isdigit() for c in r[1:] for ch in c)]
                body = [r for r in rows if r not in hdr]
                n = len(body[0])
                rows = [["类别"] + [f"数据{i}" for i in range(1, n - 1)] + ["总计"]] + body
            L.append("| " + " | ".join(rows[0]) + " |")
            L.append("|" + "---|" * len(rows[0]))
            for r in rows[1:]:
                L.append("| " + " | ".join(r) + " |")
            L.append("")
    return "\n".join(L).encode("utf-8")


# ------------------------------------------------------------------------------------------ HTML

CMS_HEAD = {
    "trs": ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'),
    "word": '<!-- saved from url=(0071)http://www.example.gov.cn/zwgk/zfxxgk/ndbg/202101/t20210120_3312.html -->\n',
    "xml": '<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
           '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n',
    "pad": "<!DOCTYPE html>\n",
    "plain": "<!DOCTYPE html>\n",
}


def cell_html(c: Cell, cms: str, br: bool, zero_nbsp: bool) -> str:
    text = H.escape(c.text)
    if br:
        text = text.replace("\n", "<br/>")
    else:
        text = text.replace("\n", "")
    if zero_nbsp and text == "":
        text = "&nbsp;"
    if cms == "word":
        return (f"<p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.5pt;"
                f"font-family:宋体'>{text}<o:p></o:p></span></p>")
    if cms == "trs":
        return f'<p style="text-align: center;">{text}</p>'
    if cms == "xml":
        return f"<span>{text}</span>"
    return text


def table_html(t: Table, cms: str, br: bool, zero_nbsp: bool) -> str:
    out = []
    if cms == "word":
        out.append("<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=600 "
                   "style='border-collapse:collapse;mso-table-layout-alt:fixed'>")
    elif cms == "trs":
        out.append('<table border="1" cellspacing="0" cellpadding="0" style="width:100%;border-collapse:collapse;"><tbody>')
    else:
        out.append('<table border="1" class="MsoTableGrid">')
    if cms == "pad":  # no spans at all: merged areas become empty padding cells
        for r in expand(t.grid):
            out.append("<tr>" + "".join(
                f"<td>{cell_html(cell, cms, br, zero_nbsp) if (top and left) else ''}</td>" for cell, top, left in r)
                + "</tr>")
    else:
        for row in t.grid:
            tds = []
            for c in row:
                attrs = (f' rowspan="{c.rs}"' if c.rs > 1 else "") + (f' colspan="{c.cs}"' if c.cs > 1 else "")
                if cms == "word":
                    attrs = attrs.replace('"', "") + " valign=center style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'"
                tds.append(f"<td{attrs}>{cell_html(c, cms, br, zero_nbsp)}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>" if cms == "trs" else "</table>")
    return "\n".join(out)


def html_page(d: Doc, cms: str = "trs", encoding: str = "utf-8", br: bool = True, zero_nbsp: bool = False) -> bytes:
    charset = {"utf-8": "utf-8", "gbk": "gbk", "gb2312": "gb2312"}[encoding]
    head = CMS_HEAD[cms].replace("{enc}", charset)
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />' if cms in ("trs", "word", "xml")
            else f'<meta charset="{charset}">')
    body = []
    for kind, x in d.blocks:
        if kind == "title":
            body.append(f'<div class="title"><h1>{H.escape(x)}</h1></div>'
                        f'<div class="info">发布日期：{d.date}　来源：{H.escape(d.agency)}　浏览次数：<span id="hits">312</span></div>')
        elif kind == "h":
            body.append(f"<p style=\"text-indent:2em\"><strong>{H.escape(x)}</strong></p>")
        elif kind == "p":
            body.append(f'<p style="text-indent:2em">{H.escape(x)}</p>')
        elif kind == "sign":
            body.append(f'<p style="text-align:right">{H.escape(x)}</p>')
        elif kind == "table":
            if x.caption:
                body.append(f"<p>{H.escape(x.caption)}</p>")
            body.append(table_html(x, cms, br, zero_nbsp))
    site = "<div class='nav'><a href='/'>首页</a> &gt; <a href='/zwgk/'>政务公开</a> &gt; <a>政府信息公开年报</a></div>"
    wrap = {"trs": '<div class="TRS_Editor">{}</div>', "word": '<div class=WordSection1>{}</div>',
            "xml": '<div id="zoom">{}</div>', "pad": '<div class="article-content">{}</div>',
            "plain": "<div>{}</div>"}[cms]
    page = (f"{head}<html><head>{meta}<title>{H.escape(d.title)}_{H.escape(d.agency)}</title></head><body>"
            f"{site}<div class='header'>{H.escape(d.agency)}门户网站</div>"
            + wrap.format("\n".join(body))
            + "<div class='footer'>主办单位：" + H.escape(d.agency) + "　网站标识码：3401000012　ICP备案号：皖ICP备05001234号</div>"
            + "</body></html>")
    return page.encode(encoding)


# ------------------------------------------------------------------------------------------ DOCX

def docx_bytes(d: Doc, para_breaks: bool = False) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(10.5)
    for kind, x in d.blocks:
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(x).bold = True
        elif kind in ("h", "p"):
            doc.add_paragraph(("　　" if kind == "p" else "") + x)
        elif kind == "sign":
            doc.add_paragraph(x).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "table":
            t: Table = x
            if t.caption:
                doc.add_paragraph(t.caption)
            m = expand(t.grid)
            tb = doc.add_table(rows=len(m), cols=len(m[0]))
            tb.style = "Table Grid"
            pos = {}
            for i, r in enumerate(m):
                for j, (cell, top, left) in enumerate(r):
                    if top and left:
                        pos[id(cell)] = (i, j, cell)
            for i, j, cell in pos.values():
                c = tb.cell(i, j)
                if cell.rs > 1 or cell.cs > 1:
                    c = c.merge(tb.cell(i + cell.rs - 1, j + cell.cs - 1))
                parts = cell.text.split("\n")
                p = c.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if para_breaks:
                    p.add_run(parts[0])
                    for s in parts[1:]:
                        c.add_paragraph(s)
                else:
                    run = p.add_run(parts[0])
                    for s in parts[1:]:
                        run.add_break()
                        run = p.add_run(s)
            doc.add_paragraph("")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------- PDF

_FONT = None


def _font():
    global _FONT
    if _FONT is None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
        _FONT = "WQY"
    return _FONT


def pdf_bytes(d: Doc, footer: str = "- {n} -", repeat_header: bool = False, long_prose: int = 6) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table as RLTable, TableStyle

    font = _font()
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=18, firstLineIndent=22, wordWrap="CJK")
    head = ParagraphStyle("h", parent=body, firstLineIndent=22)
    ttl = ParagraphStyle("t", parent=body, fontSize=16, leading=24, alignment=1, firstLineIndent=0)
    cellst = ParagraphStyle("c", fontName=font, fontSize=8, leading=10, alignment=1, wordWrap="CJK")
    flow = []
    for kind, x in d.blocks:
        if kind == "title":
            flow += [Paragraph(H.escape(x), ttl), Spacer(1, 6 * mm)]
        elif kind == "h":
            flow.append(Paragraph(H.escape(x), head))
        elif kind == "p":
            flow.append(Paragraph(H.escape(x), body))
            if x.startswith("（三）政府信息管理"):
                for i in range(long_prose):  # enough prose that table 3 breaks over a page
                    flow.append(Paragraph("围绕重点领域信息公开，持续完善政务公开标准目录，规范公开流程，"
                                          "加强政策解读和回应关切，推动政务公开工作提质增效。" * 2, body))
        elif kind == "sign":
            flow.append(Paragraph(H.escape(x), ParagraphStyle("s", parent=body, alignment=2)))
        elif kind == "table":
            t: Table = x
            if t.caption:
                flow.append(Paragraph(H.escape(t.caption), body))
            m = expand(t.grid)
            w = len(m[0])
            lw = _lw(t.grid)
            data = [[Paragraph(H.escape(cell.text).replace("\n", "<br/>"), cellst) if (top and left) else ""
                     for cell, top, left in r] for r in m]
            avail = 170 * mm
            if lw == 3:
                label = [14 * mm, 20 * mm, 38 * mm]
            elif lw == 2:
                label = [18 * mm, 26 * mm]
            elif lw == 1:
                label = [40 * mm] if w <= 6 else [30 * mm]
            else:
                label = []
            rest = (avail - sum(label)) / max(1, (w - len(label)))
            widths = label + [rest] * (w - len(label))
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("FONTNAME", (0, 0), (-1, -1), font)]
            seen = set()
            for i, r in enumerate(m):
                for j, (cell, top, left) in enumerate(r):
                    if top and left and (cell.rs > 1 or cell.cs > 1) and id(cell) not in seen:
                        seen.add(id(cell))
                        style.append(("SPAN", (j, i), (j + cell.cs - 1, i + cell.rs - 1)))
            nhead = sum(1 for row in t.grid if all(c.head for c in row if c.text) and not any(c.key for c in row))
            rt = RLTable(data, colWidths=widths, repeatRows=nhead if repeat_header else 0)
            rt.setStyle(TableStyle(style))
            flow += [rt, Spacer(1, 4 * mm)]

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 10)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, footer.format(n=doc.page))
        canvas.restoreState()

    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                      bottomMargin=22 * mm, title=d.title, author=d.agency).build(flow, onFirstPage=on_page,
                                                                                    onLaterPages=on_page)
    return buf.getvalue()


def _lw(grid) -> int:
    m = expand(grid)
    w = len(m[0])
    for j in range(w):
        if any(m[i][j][0].key for i in range(len(m))):
            return j
    return 0


def pdftotext_layout(pdf: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "x.pdf"
        p.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, check=True, timeout=60)
        return out.stdout


def soffice_convert(files: dict[str, bytes], to: str) -> dict[str, bytes]:
    """Convert {name.docx: bytes} with one LibreOffice run; {name.<to>: bytes}."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for n, b in files.items():
            (src / n).write_bytes(b)
        out = Path(tmp) / "out"
        env = dict(os.environ, HOME=tmp)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", to,
                        "--outdir", str(out)] + [str(src / n) for n in files], capture_output=True, timeout=300,
                       env=env)
        res = {}
        for n in files:
            f = out / (Path(n).stem + "." + to.split(":")[0])
            if f.exists():
                res[f.name] = f.read_bytes()
        return res
