"""Writers: a Doc to the bytes agencies publish (HTML of several CMS editors, plain text, Markdown,
DOCX, reportlab PDF)."""
from __future__ import annotations

import html as _html
import io
import random

from .doc import Doc
from .tables import Grid

esc = _html.escape


# --------------------------------------------------------------------------- HTML cells

def _attrs(cell, upper=False):
    a = ""
    if cell.rs > 1:
        a += f" rowSpan={cell.rs}" if upper else f' rowspan="{cell.rs}"'
    if cell.cs > 1:
        a += f" colSpan={cell.cs}" if upper else f' colspan="{cell.cs}"'
    return a


def _split_spans(text, rng, open_, close):
    """Word splits a run wherever formatting or spell-check state changes."""
    if len(text) < 4 or rng.random() < 0.5:
        return open_ + esc(text) + close
    i = rng.randint(1, len(text) - 1)
    return open_ + esc(text[:i]) + close + open_ + esc(text[i:]) + close


def cell_html(cell, flavour, rng, tag="td", width=None):
    lines = cell.text.split("\n")
    if flavour == "plain":
        inner = "<br>".join(esc(x) for x in lines)
        return f"<{tag}{_attrs(cell)}>{inner}</{tag}>"
    if flavour == "ueditor":
        ps = "".join(f'<p style="text-align:center;line-height:1.5em;"><span style="font-family: 仿宋, 仿宋_GB2312; '
                     f'font-size: 16px;">{esc(x) if x else "<br/>"}</span></p>' for x in lines)
        return (f'<td width="{width or 80}" valign="middle" align="center" style="word-break: break-all; '
                f'border: 1px solid rgb(0, 0, 0);"{_attrs(cell)}>{ps}</td>')
    if flavour == "mso":
        ps = []
        for x in lines:
            if not x:
                ps.append("<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                          "style='font-size:10.5pt'><o:p>&nbsp;</o:p></span></p>")
            elif cell.kind == "num":
                ps.append("<p class=MsoNormal align=center style='text-align:center;line-height:15.0pt;"
                          "mso-line-height-rule:exactly'><span lang=EN-US style='font-size:10.5pt;font-family:"
                          f"\"Times New Roman\",serif'>{esc(x)}<o:p></o:p></span></p>")
            else:
                ps.append("<p class=MsoNormal align=center style='text-align:center;line-height:15.0pt;"
                          "mso-line-height-rule:exactly'>"
                          + _split_spans(x, rng, "<span style='font-size:10.5pt;font-family:仿宋_GB2312;"
                                                 "mso-hansi-font-family:宋体'>", "</span>")
                          + "<span lang=EN-US style='font-size:10.5pt'><o:p></o:p></span></p>")
        return (f"<td width={width or 64}{_attrs(cell).replace(chr(34), '')} style='width:{(width or 64) * 0.75:.1f}pt;"
                "border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>"
                + "".join(ps) + "</td>")
    if flavour == "kindeditor":
        inner = "<br />".join(esc(x) for x in lines)
        if cell.kind == "head":
            inner = f"<strong>{inner}</strong>"
        return f'<td style="text-align:center;"{_attrs(cell)}>{inner}</td>'
    if flavour == "fck":
        inner = "<BR>".join(esc(x) for x in lines) or "&nbsp;"
        return (f"<TD style=\"BORDER-BOTTOM: #000000 1px solid; BORDER-LEFT: #000000 1px solid\"{_attrs(cell, True)}>"
                f"<P align=center><FONT size=2 face=仿宋_GB2312>{inner}</FONT></P></TD>")
    if flavour == "wordpress":
        inner = "<br>".join(esc(x) for x in lines)
        if cell.kind in ("head", "note") or tag == "th":
            return f'<th class="has-text-align-center" data-align="center"{_attrs(cell)}>{inner}</th>'
        if cell.kind == "label":
            inner = f"<strong>{inner}</strong>" if cell.text.startswith(("一", "二", "三", "四")) else inner
        return f'<td class="has-text-align-center" data-align="center"{_attrs(cell)}>{inner}</td>'
    if flavour == "excel":
        inner = "<br>".join(esc(x) for x in lines)
        xnum = ""
        if cell.kind == "num" and cell.text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit():
            xnum = f' x:num="{cell.text.replace(",", "")}"'
        cls = "xl67" if cell.kind == "num" else ("xl65" if cell.kind == "head" else "xl66")
        return f"<td class={cls}{_attrs(cell).replace(chr(34), '')}{xnum} style='border:.5pt solid windowtext'>{inner}</td>"
    raise ValueError(flavour)


def grid_html(g: Grid, flavour: str, rng: random.Random) -> str:
    out = []
    if flavour == "ueditor":
        out.append('<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;" '
                   'data-sort="sortDisabled"><tbody>')
    elif flavour == "mso":
        out.append("<div align=center><table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=600 "
                   "style='width:450.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                   "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>")
    elif flavour == "kindeditor":
        out.append('<table style="width:100%;" cellpadding="2" cellspacing="0" border="1" bordercolor="#000000"><tbody>')
    elif flavour == "fck":
        out.append("<TABLE class=ke-zeroborder border=1 cellSpacing=0 cellPadding=0 width=600 align=center><TBODY>")
    elif flavour == "wordpress":
        out.append('<figure class="wp-block-table is-style-regular"><table class="has-fixed-layout">')
    elif flavour == "excel":
        out.append("<table border=0 cellpadding=0 cellspacing=0 width=800 style='border-collapse:collapse;"
                   f"table-layout:fixed;width:600pt'>\n<col width=80 span={g.ncols} style='width:60pt'>")
    else:
        out.append('<table border="1" cellspacing="0" cellpadding="3">')
    in_head = False
    for i, row in enumerate(g.rows):
        if flavour == "wordpress":
            if i == 0 and g.header_rows:
                out.append("<thead>")
                in_head = True
            if in_head and i == g.header_rows:
                out.append("</thead><tbody>")
                in_head = False
            if i == 0 and not g.header_rows:
                out.append("<tbody>")
        tr = "<TR>" if flavour == "fck" else ("<tr class=\"firstRow\">" if (flavour == "ueditor" and i == 0) else
                                               ("<tr style='mso-yfti-irow:%d;height:20.0pt'>" % i if flavour == "mso"
                                                else ("<tr height=36 style='height:27.0pt'>" if flavour == "excel" else "<tr>")))
        cells = "".join(cell_html(c, flavour, rng, tag="th" if (flavour == "wordpress" and in_head) else "td",
                                  width=min(300, 40 * c.cs + 6 * len(c.text))) for c in row)
        out.append(tr + cells + ("</TR>" if flavour == "fck" else "</tr>"))
    if flavour == "mso":
        # Word's hidden sizing row
        out.append("<![if !supportMisalignedColumns]><tr height=0>" + "<td width=64 style='border:none'></td>" * g.ncols
                   + "</tr><![endif]>")
        out.append("</table></div>")
    elif flavour == "fck":
        out.append("</TBODY></TABLE>")
    elif flavour == "wordpress":
        out.append("</tbody></table></figure>")
    else:
        out.append("</tbody></table>" if flavour in ("ueditor", "kindeditor") else "</table>")
    return "\n".join(out)


def body_html(doc: Doc, flavour: str, seed: int, page_break_rows: bool = False) -> str:
    rng = random.Random(seed)
    out = []
    P = {
        "ueditor": lambda t: f'<p style="text-indent: 2em; line-height: 1.75em;"><span style="font-family: 仿宋_GB2312; font-size: 16px;">{esc(t)}</span></p>',
        "mso": lambda t: f"<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>{esc(t)}<span lang=EN-US><o:p></o:p></span></span></p>",
        "fck": lambda t: f"<P style=\"TEXT-INDENT: 2em\"><FONT size=3 face=仿宋_GB2312>{esc(t)}</FONT></P>",
    }.get(flavour, lambda t: f"<p>{esc(t)}</p>")
    Hd = {
        "ueditor": lambda t: f'<p style="text-indent: 2em;"><strong><span style="font-family: 黑体; font-size: 16px;">{esc(t)}</span></strong></p>',
        "mso": lambda t: f"<p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;font-family:黑体'>{esc(t)}<span lang=EN-US><o:p></o:p></span></span></p>",
        "fck": lambda t: f"<P><STRONG>{esc(t)}</STRONG></P>",
        "wordpress": lambda t: f'<h2 class="wp-block-heading">{esc(t)}</h2>',
    }.get(flavour, lambda t: f"<h3>{esc(t)}</h3>")
    for b in doc.blocks:
        if b.kind == "title":
            continue
        if b.kind == "p":
            out.append(P(b.text))
        elif b.kind == "h":
            out.append(Hd(b.text))
        elif b.kind == "sign":
            out.append(f'<p style="text-align: right;">{esc(b.text)}</p>')
        elif b.kind == "grid":
            out.append(grid_html(b.grid, flavour, rng))
    return "\n".join(out)


def page_html(doc: Doc, flavour: str, wrapper: str, seed: int, charset: str = "utf-8", css: str = "") -> str:
    body = body_html(doc, flavour, seed)
    titles = [b.text for b in doc.blocks if b.kind == "title"]
    h1 = "<br>".join(esc(t) for t in titles)
    if wrapper == "article":
        return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="{charset}">'
                f"<title>{esc(doc.title)}</title><style>{css}</style></head><body>\n"
                f'<div class="header"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>\n'
                f'<div class="article"><h1 class="title">{h1}</h1>\n<div class="info">发布时间：{doc.year + 1}-01-{15 + seed % 14:02d} '
                f'来源：{esc(doc.agency)} 浏览次数：{100 + seed * 7}</div>\n<div id="zoom" class="content">\n{body}\n</div></div>\n'
                f'<div class="footer">主办单位：{esc(doc.agency)} 网站标识码：{3300000000 + seed * 1234} ICP备案号：浙ICP备0{5000000 + seed}号</div>'
                "</body></html>")
    if wrapper == "trs":
        # a TRS WCM page: layout tables, the 信息公开 metadata table, the article nested inside
        meta = (f'<table width="100%" class="xxgk_table" cellspacing="0" cellpadding="0">'
                f'<tr><td class="tit">索引号：</td><td>113{seed:04d}00MB1{seed % 10}/{doc.year + 1}-000{seed % 90 + 10}</td>'
                f'<td class="tit">主题分类：</td><td>其他</td></tr>'
                f'<tr><td class="tit">发布机构：</td><td>{esc(doc.agency)}</td><td class="tit">生成日期：</td>'
                f'<td>{doc.year + 1}-01-{10 + seed % 18:02d}</td></tr>'
                f'<tr><td class="tit">名　　称：</td><td colspan="3">{esc(doc.title)}</td></tr>'
                f'<tr><td class="tit">文　　号：</td><td>无</td><td class="tit">有效性：</td><td>有效</td></tr></table>')
        related = "".join(f'<li><a href="./{doc.year - i}/t{seed}_{i}.html">{esc(doc.agency)}{doc.year - i}年政府信息公开工作年度报告</a>'
                          f'<span>{doc.year - i + 1}-01-2{i}</span></li>' for i in (1, 2))
        return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                f"<title>{esc(doc.title)}_{esc(doc.agency)}</title></head><body>"
                '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td>'
                '<table width="100%"><tr><td class="pos">当前位置：<a href="../../" class="CurrChnlCls">首页</a>&nbsp;&gt;&nbsp;'
                '<a href="../" class="CurrChnlCls">政府信息公开年报</a></td></tr></table>'
                f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td width="230" valign="top">'
                f'<table><tr><td><a href="#">政府信息公开指南</a></td></tr><tr><td><a href="#">政府信息公开制度</a></td></tr>'
                f'<tr><td><a href="#">法定主动公开内容</a></td></tr><tr><td><a href="#">政府信息公开年报</a></td></tr></table></td>'
                f'<td valign="top">{meta}<div class="bt" align="center"><b>{h1}</b></div>'
                f'<div class="TRS_Editor"><div class="Custom_UnionStyle">\n{body}\n</div></div>'
                f'<div class="xgwz"><b>相关文章</b><ul>{related}</ul></div></td></tr></table>'
                f'</td></tr></table><div class="foot">版权所有：{esc(doc.agency)}　网站标识码：{3400000000 + seed}　'
                f'皖ICP备0{5001000 + seed}号　皖公网安备 3401{seed:04d}02000101号</div></body></html>')
    if wrapper == "embedded":
        # a department's report published in the county government's portal
        site = doc.agency[:doc.agency.find("区") + 1 or doc.agency.find("市") + 1] or doc.agency[:3]
        return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{esc(site)}人民政府门户网站</title>'
                f'<meta name="SiteName" content="{esc(site)}人民政府"><meta name="ColumnName" content="部门年报">'
                f'<meta name="ArticleTitle" content="{esc(doc.title)}"></head><body>'
                f'<div class="top"><img src="/images/logo.png" alt="{esc(site)}人民政府"></div>'
                f'<div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报 &gt; 部门年报</div>'
                f'<div class="main"><div class="side"><h4>{esc(site)}人民政府{doc.year}年政府信息公开工作年度报告</h4>'
                f'<ul><li><a href="/art/{doc.year + 1}/1/20/art_1.html">{esc(site)}人民政府{doc.year}年政府信息公开工作年度报告</a></li></ul></div>'
                f'<div class="art"><h2>{h1}</h2><div class="src">信息来源：{esc(site)}人民政府办公室　发布日期：{doc.year + 1}-01-2{seed % 9}</div>'
                f'<div class="zoom">\n{body}\n</div></div></div>'
                f'<div class="footer">主办：{esc(site)}人民政府办公室　承办：{esc(site)}大数据中心</div></body></html>')
    if wrapper == "bare":
        return f"<html><head><meta charset=\"{charset}\"></head><body><p align=center><b>{h1}</b></p>\n{body}\n</body></html>"
    raise ValueError(wrapper)


# --------------------------------------------------------------------------- text

def grid_lines_wordtxt(g: Grid) -> list[str]:
    """Word 'save as plain text': one cell a line, a vertically merged continuation an empty
    line, rows separated by a blank line."""
    out = []
    for row in g.matrix():
        for cell, origin, how in row:
            if how == "h":
                continue
            text = "" if how == "v" else cell.text
            out.append("\t" + text)
        out.append("")
    return out


def grid_lines_tabs(g: Grid, fill: bool = False) -> list[str]:
    """A table copied row by row: cells separated by tabs, merged positions empty (or repeated)."""
    out = []
    for row in g.matrix():
        vals = []
        for cell, origin, how in row:
            vals.append(cell.text.replace("\n", "") if (how == "o" or fill) else "")
        out.append("\t".join(vals).rstrip("\t"))
    return out


def grid_lines_cells(g: Grid) -> list[str]:
    """Copied out of a PDF viewer: every cell on its own line (a label broken in the cell stays
    broken), nothing between rows."""
    out = []
    for row in g.matrix():
        for cell, origin, how in row:
            if how == "o" and cell.text.strip():
                out += cell.text.split("\n")
    return out


def text_doc(doc: Doc, mode: str = "wordtxt", footer: str | None = None) -> str:
    lines = []
    for b in doc.blocks:
        if b.kind == "grid":
            gl = (grid_lines_wordtxt(b.grid) if mode == "wordtxt" else
                  grid_lines_cells(b.grid) if mode == "lines" else grid_lines_tabs(b.grid))
            if footer and b.grid.ncols >= 9 and len(gl) > 40:
                # the page ended inside table 3: its footer (「-3-」) sits between two rows
                cut = len(gl) // 2
                if mode == "wordtxt":
                    cut = max(i for i in range(cut) if gl[i] == "") + 1
                elif mode == "lines":   # a page ends between rows, never inside one
                    while cut < len(gl) and not any("\u4e00" <= ch <= "\u9fff" for ch in gl[cut]):
                        cut += 1
                gl = gl[:cut] + ["", footer, ""] + gl[cut:]
                footer = None
            lines += gl
        elif b.kind in ("title", "sign"):
            lines.append(b.text)
        else:
            lines.append(("　　" if mode == "tabs" and b.kind == "p" else "") + b.text)
        if mode == "wordtxt" and b.kind != "grid":
            pass
    return "\n".join(lines) + "\n"


def markdown_doc(doc: Doc, fill_merged: bool = True, heading: bool = True) -> str:
    out = []
    for b in doc.blocks:
        if b.kind == "title":
            out.append(("# " if heading else "") + b.text)
            out.append("")
        elif b.kind == "h":
            out.append(("## " if heading else "") + b.text)
            out.append("")
        elif b.kind in ("p", "sign"):
            out.append(b.text)
            out.append("")
        elif b.kind == "grid":
            m = b.grid.matrix()
            for i, row in enumerate(m):
                vals = []
                for cell, origin, how in row:
                    t = cell.text.replace("\n", "<br>") if (how == "o" or fill_merged) else ""
                    vals.append(t.replace("|", "\\|"))
                out.append("| " + " | ".join(vals) + " |")
                if i == 0:
                    out.append("|" + "---|" * len(row))
            out.append("")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- DOCX

def stable_zip(data: bytes) -> bytes:
    """The same DOCX bytes on every build: python-docx stamps zip entries with the current time."""
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 15, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(zi, src.read(info.filename))
    return bio.getvalue()


def _set_cell(cell, text, center=True, size=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    lines = text.split("\n")
    cell.text = ""
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        run = p.add_run(line)
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def docx_doc(doc: Doc, seed: int = 0, font: str = "仿宋_GB2312", split_runs: bool = False,
             revisions: tuple = (), tblheader: bool = False, pictures: dict | None = None) -> bytes:
    """pictures: grid id -> PNG bytes, to print those tables as pictures (「图片版」)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = font
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    st.font.size = Pt(12)
    for b in doc.blocks:
        if b.kind == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = p.add_run(b.text)
            r.bold = True
            r.font.size = Pt(18)
        elif b.kind == "h":
            p = d.add_paragraph()
            r = p.add_run(b.text)
            r.bold = True
        elif b.kind == "p":
            p = d.add_paragraph(b.text)
            p.paragraph_format.first_line_indent = Pt(24)
        elif b.kind == "sign":
            p = d.add_paragraph(b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b.kind == "grid":
            i = next(j for j, x in enumerate(doc.blocks) if x is b)
            if i and doc.blocks[i - 1].kind == "grid" and b.grid.ncols >= 9 and doc.blocks[i - 1].grid.ncols >= 9:
                d.add_paragraph("（续表）")   # the second part of a table split in two
            if pictures and id(b.grid) in pictures:
                from docx.shared import Cm
                d.add_picture(io.BytesIO(pictures[id(b.grid)]), width=Cm(16))
                continue
            t = grid_docx(d, b.grid, split_runs=split_runs, revisions=revisions)
            if tblheader:
                _repeat_header(t, b.grid.header_rows)
    bio = io.BytesIO()
    d.save(bio)
    return stable_zip(bio.getvalue())


def grid_docx(d, g: Grid, split_runs: bool = False, revisions: tuple = ()):
    from docx.table import _Cell
    t = d.add_table(rows=len(g.rows), cols=g.ncols)
    t.style = "Table Grid"
    # the cells of the pristine grid, once (Table.cell walks the whole table on every call)
    pristine = [[_Cell(tc, t) for tc in tr.tc_lst] for tr in t._tbl.tr_lst]
    from docx.shared import Cm
    if g.ncols >= 9:   # table 3: label columns wide, number columns narrow (16 cm in all)
        nnum = sum(1 for x in g.rows[-1] if x.kind == "num") or 7
        nlab = g.ncols - nnum
        lab = {1: [5.0], 2: [2.6, 3.6], 3: [1.6, 1.8, 3.2]}.get(nlab, [6.0 / max(nlab, 1)] * nlab)
        widths = lab + [(16 - sum(lab)) / nnum] * nnum
    else:
        widths = [16 / g.ncols] * g.ncols
    for row in pristine:
        for c, cell in enumerate(row):
            cell.width = Cm(widths[c])
    for c, gc in enumerate(t._tbl.tblGrid.gridCol_lst):   # LibreOffice lays out by the grid
        gc.w = Cm(widths[c])
    m = g.matrix()
    done = set()
    for r, row in enumerate(m):
        for c, (cell, origin, how) in enumerate(row):
            if how != "o" or id(cell) in done:
                continue
            done.add(id(cell))
            a = pristine[r][c]
            if cell.rs > 1 or cell.cs > 1:
                a = a.merge(pristine[r + cell.rs - 1][c + cell.cs - 1])
            _set_cell(a, cell.text, size=9 if g.ncols > 8 else 10.5)
            if cell.kind == "num" and cell.key in revisions:
                _revise(a, cell.text)
            elif split_runs and cell.kind == "num" and len(cell.text) >= 2:
                _split_run(a)
    return t


def _repeat_header(t, n):
    """Word's 「在各页顶端以标题行形式重复出现」 on the first n rows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    for tr in t._tbl.tr_lst[:n]:
        trPr = tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        trPr.append(el)


def _split_run(cell):
    """Word keeps digits typed at different times in separate runs (rsid): 「1」「36」."""
    import copy
    p = cell.paragraphs[0]
    r = [x for x in p.runs if x.text][-1]
    text = r.text
    r.text = text[:1]
    r2 = copy.deepcopy(r._r)
    r._r.addnext(r2)
    from docx.text.run import Run
    Run(r2, p).text = text[1:]


def _revise(cell, text):
    """A number corrected with Track Changes on and never accepted: the old figure stays in the
    file as deleted text (w:del), the new one as inserted text (w:ins)."""
    import copy
    from docx.oxml.ns import qn
    from lxml import etree
    p = cell.paragraphs[0]
    r = [x for x in p.runs if x.text][-1]._r
    old = str(int(text.replace(",", "")) + 2) if text.replace(",", "").isdigit() else "1"
    dl = etree.SubElement(p._p, qn("w:del"), {qn("w:id"): "901", qn("w:author"): "admin",
                                              qn("w:date"): "2024-01-15T10:00:00Z"})
    rd = copy.deepcopy(r)
    for t in rd.findall(qn("w:t")):
        rd.remove(t)
    dt = etree.SubElement(rd, qn("w:delText"))
    dt.text = old
    dl.append(rd)
    ins = etree.SubElement(p._p, qn("w:ins"), {qn("w:id"): "902", qn("w:author"): "admin",
                                               qn("w:date"): "2024-01-15T10:00:00Z"})
    p._p.remove(r)
    ins.append(r)


def docx_from_template(doc: Doc, nb, template_path: str, style) -> bytes:
    """Fill the real blank national 2021 template (merged cells as published)."""
    import docx
    d = docx.Document(template_path)
    c = nb.cells
    num = lambda k: style.num(k, c[k])
    t2, t3, t4 = d.tables

    class _Grid:  # Table.cell walks the whole table on every call: look the cells up once
        def __init__(self, t):
            self.cells, self.n = t._cells, len(t.columns)

        def cell(self, r, c):
            return self.cells[r * self.n + c]
    t2, t3, t4 = _Grid(t2), _Grid(t3), _Grid(t4)
    for r, row in ((2, "regulations"), (3, "normative_docs")):
        for j, col in enumerate(["issued", "repealed", "in_force"]):
            _set_cell(t2.cell(r, 1 + j), num(f"active.{row}.{col}"))
    _set_cell(t2.cell(6, 1), num("active.licensing.decisions"))
    _set_cell(t2.cell(9, 1), num("active.penalty.decisions"))
    _set_cell(t2.cell(10, 1), num("active.enforcement.decisions"))
    _set_cell(t2.cell(13, 1), num("active.admin_fees.amount_10k_yuan"))
    from .tables import t3_row_labels
    keys = [k for k, *_ in t3_row_labels(nb)]
    cols = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
    for i, k in enumerate(keys):
        for j, col in enumerate(cols):
            _set_cell(t3.cell(3 + i, 3 + j), num(f"requests.{k}.{col}"), size=9)
    from .model import APPEAL_COLS, APPEAL_ROWS
    for i, k in enumerate(f"appeals.{r}.{x}" for r in APPEAL_ROWS for x in APPEAL_COLS):
        _set_cell(t4.cell(3, i), num(k), size=9)
    # title and prose
    paras = d.paragraphs
    paras[0].text = doc.title
    for p in paras:
        if p.text == "（文字描述）" and p is paras[2]:
            p.text = next(b.text for b in doc.blocks if b.kind == "p")
            p.insert_paragraph_before("")  # Word leaves empty paragraphs around
        elif p.text == "（文字描述）":
            p.text = "一是政策解读形式较为单一；二是信息发布及时性有待提高。下一步将加强解读、完善机制。"
        elif p.text.startswith("（文字描述，收取信息处理费"):
            p.text = "本年度未收取信息处理费。"
    d.add_paragraph(doc.agency)
    d.add_paragraph(f"{doc.year + 1}年1月20日")
    bio = io.BytesIO()
    d.save(bio)
    return stable_zip(bio.getvalue())


# --------------------------------------------------------------------------- reportlab PDF

def reportlab_pdf(doc: Doc, seed: int = 0, repeat_header: bool = True, rules: str = "grid",
                  font: str = "WQY") -> bytes:
    """rules: grid | threeline (a rule above and below the header and under the last row only).
    font: WQY (TrueType, embedded) | STSong-Light (Adobe CID font, not embedded)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    try:
        pdfmetrics.getFont(font)
    except KeyError:
        if font == "WQY":
            pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
        else:
            from reportlab.pdfbase.cidfonts import UnicodeCIDFont
            pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=17, firstLineIndent=22, wordWrap="CJK")
    head = ParagraphStyle("h", parent=body, firstLineIndent=0, fontSize=12)
    title = ParagraphStyle("t", parent=body, firstLineIndent=0, fontSize=16, leading=24, alignment=1)
    cellst = ParagraphStyle("c", fontName=font, fontSize=7.5, leading=9.5, alignment=1, wordWrap="CJK")
    story = []
    for b in doc.blocks:
        if b.kind == "title":
            story.append(Paragraph(esc(b.text), title))
        elif b.kind == "h":
            story.append(Paragraph(esc(b.text), head))
        elif b.kind in ("p", "sign"):
            story.append(Paragraph(esc(b.text), body if b.kind == "p" else ParagraphStyle("s", parent=body, alignment=2)))
        elif b.kind == "grid":
            g = b.grid
            m = g.matrix()
            data = [["" for _ in range(g.ncols)] for _ in m]
            spans = []
            for r, row in enumerate(m):
                for c, (cell, origin, how) in enumerate(row):
                    if how == "o":
                        data[r][c] = Paragraph(esc(cell.text).replace("\n", "<br/>"), cellst)
                        if cell.rs > 1 or cell.cs > 1:
                            spans.append(("SPAN", (c, r), (c + cell.cs - 1, r + cell.rs - 1)))
            width = 170 * mm
            if g.ncols >= 9:
                nl = g.ncols - (len([1 for x in m[-1] if x[0].kind == "num"]) or 7)
                lab = [28 * mm, 18 * mm, 36 * mm][:nl] if nl <= 3 else [width / g.ncols] * nl
                rest = (width - sum(lab)) / (g.ncols - nl)
                cw = lab + [rest] * (g.ncols - nl)
            else:
                cw = [width / g.ncols] * g.ncols
            t = Table(data, colWidths=cw, repeatRows=g.header_rows if repeat_header else 0)
            if rules == "grid":
                lines = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
            else:
                hr = max(g.header_rows, 1)
                lines = [("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
                         ("LINEBELOW", (0, hr - 1), (-1, hr - 1), 0.6, colors.black),
                         ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black)]
            t.setStyle(TableStyle(lines + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + spans))
            story.append(t)
            story.append(Spacer(1, 4 * mm))

    def footer(canvas, d):
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"-{d.page}-")

    bio = io.BytesIO()
    SimpleDocTemplate(bio, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                      bottomMargin=22 * mm, title="", author="", creator="", producer="",
                      invariant=1).build(story, onFirstPage=footer, onLaterPages=footer)
    return bio.getvalue()
