"""Writers: one document model (title, prose, tables) to HTML, text, Markdown and DOCX."""
from __future__ import annotations

import html as _html
import io
import random
import re
import zipfile
from pathlib import Path

from .model import Table

TEMPLATE_DOCX = Path(__file__).resolve().parent.parent / "real" / "template-2021-blank.docx"  # a copy of shared/real

PROSE = {
    "一": "本机关深入贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全年通过门户网站主动公开政府信息，及时回应社会关切，依法办理政府信息公开申请。",
    "五": "一是信息公开的及时性有待加强；二是政策解读形式较为单一。下一步，我们将加强培训，完善工作机制，提升政务公开质量。",
    "六": "本年度未收取信息处理费。本机关无其他需要报告的事项。",
}
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def document(rep, t2, t3, t4, title=None, date=None):
    """Blocks: ('title', s) ('h', s) ('p', s) ('table', Table)."""
    b = [("title", title or f"{rep.agency}{rep.year}年政府信息公开工作年度报告")]
    b.append(("p", f"本报告根据《中华人民共和国政府信息公开条例》要求编制，数据统计期限为{rep.year}年1月1日至{rep.year}年12月31日。"))
    for i, sec in enumerate(SECTIONS):
        b.append(("h", sec))
        if i == 0:
            b.append(("p", PROSE["一"]))
        for t in (None, t2, t3, t4, None, None)[i] or []:
            if t.caption:
                b.append(("p", t.caption))
            b.append(("table", t))
        if i == 4:
            b.append(("p", PROSE["五"]))
        if i == 5:
            b.append(("p", PROSE["六"]))
    b.append(("p", rep.agency))
    b.append(("p", date or f"{rep.year + 1}年1月20日"))
    return b


def grid(t: Table):
    """Positions: {(r, c): (cell, is_origin)} and the number of columns."""
    occ = {}
    for r, row in enumerate(t.rows):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            for i in range(cell.rs):
                for j in range(cell.cs):
                    occ[(r + i, c + j)] = (cell, i == 0 and j == 0, i, j)
            c += cell.cs
    ncols = max(c for _, c in occ) + 1
    return occ, ncols


# ---------------------------------------------------------------- HTML

def _split_label(s):
    """Break a label across paragraphs the way editors do (group / item, or mid-text)."""
    m = re.match(r"^(（[一二三四五六七]）[^0-9]*?)([0-9].*)$", s)
    if m:
        return [m.group(1), m.group(2)]
    if len(s) > 8:
        k = len(s) // 2
        return [s[:k], s[k:]]
    return [s]


def html_table(t: Table, o: dict, r: random.Random) -> str:
    th, thead, width = o.get("th"), o.get("thead"), o.get("width")
    out = []
    tattr = ' border="1" cellspacing="0" cellpadding="0"'
    if width:
        tattr += ' width="600" style="border-collapse:collapse;width:450.0pt"'
    if o.get("xhtml"):
        tattr += ' class="MsoNormalTable"'
    out.append(f"<table{tattr}>")
    for i, row in enumerate(t.rows):
        if thead and i == 0:
            out.append("<thead>")
        if thead and i == t.head_rows:
            out.append("</thead><tbody>")
        out.append("<tr>" if not width else '<tr style="height:20.25pt">')
        for c in row:
            tag = "th" if (th and c.head) else "td"
            a = ""
            if c.rs > 1:
                a += f' rowspan="{c.rs}"'
            if c.cs > 1:
                a += f' colspan="{c.cs}"'
            if width:
                a += f' width="{r.choice([38, 45, 52, 60, 71])}" valign="center"'
            text = c.text
            if c.key and o.get("strong"):
                inner = f"<strong>{_html.escape(text)}</strong>"
            else:
                inner = _html.escape(text)
            if c.key and o.get("nbsp"):
                inner = "&nbsp;" * r.randint(1, 3) + inner + "&nbsp;" * r.randint(0, 2)
            if c.label and o.get("p_split"):
                inner = "".join(f'<p style="text-align:left">{_html.escape(p)}</p>' for p in _split_label(text))
            if o.get("span_font"):
                inner = (f'<p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:10.5pt;'
                         f'font-family:仿宋_GB2312"><font face="仿宋_GB2312" size="2">{inner}</font></span></p>')
            if o.get("xhtml") and c.key:
                inner += "<o:p></o:p>"
            if not inner and o.get("nbsp"):
                inner = "&nbsp;"
            out.append(f"<{tag}{a}>{inner}</{tag}>")
        out.append("</tr>")
    if thead:
        out.append("</tbody>" if len(t.rows) > t.head_rows else "</thead>")
    out.append("</table>")
    return "\n".join(out)


def to_html(blocks, o: dict | None = None, seed=0) -> bytes:
    o = o or {}
    r = random.Random(seed)
    enc = o.get("encoding", "utf-8")
    title = blocks[0][1]
    body = []
    sec_open = False
    for kind, x in blocks[1:]:
        if kind == "h":
            if o.get("trs") and sec_open:
                body.append("</div>")
                sec_open = False
            body.append(f'<p style="text-indent:2em"><strong>{_html.escape(x)}</strong></p>')
            if o.get("trs"):
                body.append('<div class="TRS_Editor"><style>.TRS_Editor P{margin-top:0;font-size:12pt}</style>')
                sec_open = True
        elif kind == "p":
            body.append(f'<p style="text-indent:2em">{_html.escape(x)}</p>')
        else:
            body.append(html_table(x, o, r))
    if sec_open:
        body.append("</div>")
    content = "\n".join(body)
    if o.get("xhtml"):
        head = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
                '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                'xmlns:v="urn:schemas-microsoft-com:vml" xml:lang="zh-CN">\n'
                '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
                f'<title>{_html.escape(title)}</title></head>\n')
    else:
        meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={enc}">' if enc != "utf-8"
                else '<meta charset="utf-8">')
        head = f"<!DOCTYPE html>\n<html>\n<head>{meta}<title>{_html.escape(title)}_政府信息公开</title></head>\n"
    page = (head + '<body>\n<div class="nav">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>\n'
            f'<div class="article"><h1 class="title">{_html.escape(title)}</h1>\n'
            f'<div class="info">发布时间：{blocks[-1][1]} 来源：本站</div>\n'
            + (content if o.get("trs") else f'<div class="TRS_Editor">{content}</div>' if o.get("trs_whole") else content)
            + '\n</div>\n<div class="footer">主办单位：本机关 技术支持：某某网络</div>\n</body>\n</html>\n')
    return page.encode("gb18030" if enc.lower() in ("gb2312", "gbk") else "utf-8")


# ---------------------------------------------------------------- text / Markdown

def text_rows(t: Table):
    """What a browser copy gives: each row's origin cells in order."""
    return [[c.text for c in row] for row in t.rows]


def to_text(blocks, sep=" ", seed=0, fw_runs=False, caption_rows=True) -> bytes:
    r = random.Random(seed)
    out = []
    for kind, x in blocks:
        if kind != "table":
            out.append(x)
            continue
        for row in text_rows(x):
            cells = [c.strip() for c in row if c.strip()] if sep != "\t" else [c.strip() for c in row]
            if fw_runs:
                line = cells[0] if cells else ""
                for c in cells[1:]:
                    line += "　" * r.randint(1, 4) + c
            else:
                line = sep.join(cells)
            out.append(line)
        out.append("")
    return ("\n".join(out) + "\n").encode("utf-8")


def to_md(blocks, mode="pipe", bold_labels=False) -> bytes:
    out = []
    for kind, x in blocks:
        if kind == "title":
            out.append(f"# {x}\n")
        elif kind == "h":
            out.append(f"## {x}\n")
        elif kind == "p":
            out.append(x + "\n")
        elif mode == "html":
            out.append(html_table(x, {}, random.Random(0)) + "\n")
        else:
            occ, n = grid(x)
            nrows = max(r for r, _ in occ) + 1
            lines = []
            for i in range(nrows):
                cells = []
                for j in range(n):
                    cell, origin, _, _ = occ.get((i, j), (None, False, 0, 0))
                    s = cell.text if (cell and origin) else ""
                    if s and cell.label and bold_labels:
                        s = f"**{s}**"
                    cells.append(s.replace("|", "\\|"))
                lines.append("| " + " | ".join(cells) + " |")
                if i == 0:
                    lines.append("|" + "---|" * n)
            out.append("\n".join(lines) + "\n")
    return "\n".join(out).encode("utf-8")


# ---------------------------------------------------------------- DOCX

W_NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:w10="urn:schemas-microsoft-com:office:word" '
        'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'mc:Ignorable="w14"')


def _esc(s):
    return _html.escape(s, quote=False)


def _runs(text, o, r, label):
    if label and o.get("runs") and len(text) > 3:
        parts, i = [], 0
        while i < len(text):
            k = r.randint(1, 4)
            parts.append(text[i:i + k])
            i += k
        rpr = ['<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="21"/></w:rPr>',
               '<w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="21"/></w:rPr>', '<w:rPr><w:b w:val="0"/></w:rPr>']
        return "".join(f'<w:r>{r.choice(rpr)}<w:t xml:space="preserve">{_esc(p)}</w:t></w:r>' for p in parts)
    return f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _para(text, o, r, label=False, center=False):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    if label and o.get("paras"):
        return "".join(f"<w:p>{ppr}{_runs(p, o, r, label)}</w:p>" for p in _split_label(text))
    return f"<w:p>{ppr}{_runs(text, o, r, label)}</w:p>"


def docx_table(t: Table, o: dict, r: random.Random) -> str:
    occ, n = grid(t)
    nrows = max(i for i, _ in occ) + 1
    gb, ga = o.get("grid_before", 0), o.get("grid_after", 0)
    widths = [r.choice([700, 900, 1100]) for _ in range(n + gb + ga)]
    x = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblBorders>'
         + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
         + '</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
         + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    for i in range(nrows):
        trpr = ""
        if gb or ga:
            trpr = "<w:trPr>" + (f'<w:gridBefore w:val="{gb}"/><w:wBefore w:w="{widths[0]}" w:type="dxa"/>' if gb else "") \
                   + (f'<w:gridAfter w:val="{ga}"/><w:wAfter w:w="{widths[-1]}" w:type="dxa"/>' if ga else "") + "</w:trPr>"
        x.append(f"<w:tr>{trpr}")
        j = 0
        while j < n:
            if (i, j) not in occ:
                x.append("<w:tc><w:tcPr/><w:p/></w:tc>")
                j += 1
                continue
            cell, origin, di, dj = occ[(i, j)]
            span = f'<w:gridSpan w:val="{cell.cs}"/>' if cell.cs > 1 else ""
            w = sum(widths[gb + j: gb + j + cell.cs])
            if origin:
                vm = '<w:vMerge w:val="restart"/>' if cell.rs > 1 else ""
                body = _para(cell.text, o, r, label=cell.label, center=not cell.label)
                x.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{span}{vm}<w:vAlign w:val="center"/></w:tcPr>{body}</w:tc>')
            else:   # continuation of a vertical merge
                x.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>')
            j += cell.cs
        x.append("</w:tr>")
    x.append("</w:tbl>")
    return "".join(x)


def _textbox(inner: str, n: int) -> str:
    content = f"<w:txbxContent>{inner}<w:p/></w:txbxContent>"
    return ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="5800000" cy="7000000"/>'
            f'<wp:docPr id="{n}" name="文本框 {n}"/><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
            '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5800000" cy="7000000"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
            f'<wps:txbx>{content}</wps:txbx><wps:bodyPr rot="0" vert="horz"/></wps:wsp></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            f'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"/>'
            f'<v:shape id="文本框 {n}" o:spid="_x0000_s10{n}" type="#_x0000_t202" style="width:456pt;height:551pt">'
            f'<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')


def to_docx(blocks, o: dict | None = None, seed=0) -> bytes:
    o = o or {}
    r = random.Random(seed)
    parts = []
    nbox = 0
    for kind, x in blocks:
        if kind == "title":
            parts.append(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="44"/></w:rPr>'
                         f'<w:t>{_esc(x)}</w:t></w:r></w:p>')
        elif kind in ("h", "p"):
            parts.append(_para(x, {}, r))
        else:
            tbl = docx_table(x, o, r)
            if o.get("textbox") == "all" or getattr(x, "box", False):
                nbox += 1
                parts.append(_textbox(tbl, nbox))
            else:
                parts.append(tbl)
                parts.append("<w:p/>")
    body = "".join(parts)
    if o.get("frame"):
        # the whole report inside the right cell of a 2-column borderless layout table
        body = ('<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
                '<w:bottom w:val="nil"/><w:right w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="1200"/>'
                '<w:gridCol w:w="7800"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/></w:tcPr>'
                '<w:p><w:r><w:t>索引号：000014349/2022-00012</w:t></w:r></w:p></w:tc>'
                f'<w:tc><w:tcPr><w:tcW w:w="7800" w:type="dxa"/></w:tcPr>{body}<w:p/></w:tc></w:tr></w:tbl><w:p/>')
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_NS}><w:body>{body}'
           '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" '
           'w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(TEMPLATE_DOCX) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename.endswith("/"):
                continue
            data = xml.encode("utf-8") if item.filename == "word/document.xml" else zin.read(item.filename)
            zout.writestr(item.filename, data)
    return buf.getvalue()
