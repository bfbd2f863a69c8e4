"""Writers: one document (a list of blocks) as an HTML page of some CMS, a Word file, a plain
text export or a Markdown conversion. Blocks: ("title", s), ("h", s), ("p", s), ("table", grid)."""
from __future__ import annotations

import html as H
import io

from .model import C, expand

# ---------------------------------------------------------------- HTML


def _cell_html(c: C, style: str, header_tag: str) -> str:
    tag = "th" if (c.th and header_tag == "th") else "td"
    attrs = ""
    if c.cs > 1:
        attrs += f' colspan="{c.cs}"' if style != "mso" else f" colspan={c.cs}"
    if c.rs > 1:
        attrs += f' rowspan="{c.rs}"' if style != "mso" else f" rowspan={c.rs}"
    lines = c.text.split("\n")
    if style == "mso":
        inner = "".join(
            f"<p class=MsoNormal align=center style='text-align:center;line-height:12.0pt;mso-line-height-rule:exactly'>"
            f"<span style='font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体;color:black'>"
            + (f"<span lang=EN-US>{H.escape(x)}</span>" if x[:1].isdigit() else H.escape(x))
            + "<span lang=EN-US><o:p></o:p></span></span></p>" for x in (lines if c.text else ["&nbsp;"]))
        inner = inner.replace("&amp;nbsp;", "&nbsp;")
        return f"<td width=64 valign=middle style='width:48.0pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'{attrs}>{inner}</td>"
    if style == "p":
        inner = "".join(f'<p style="text-align:center;"><span style="font-family:仿宋_GB2312;font-size:16px;">{H.escape(x) or "&nbsp;"}</span></p>' for x in lines)
        return f"<{tag}{attrs} style=\"border:1px solid #000;\">{inner}</{tag}>"
    if style == "nbsp":
        inner = "<br/>".join(H.escape(x) for x in lines)
        return f"<{tag}{attrs}>&nbsp;{inner}&nbsp;</{tag}>"
    inner = "<br>".join(H.escape(x) for x in lines)
    return f"<{tag}{attrs}>{inner}</{tag}>"


def table_html(grid, style: str = "plain", header_tag: str = "th", padding: bool = False) -> str:
    if padding:  # spans replaced by empty padding cells, the text in the first
        m = expand(grid)
        rows = [[C(c.text if origin else "", th=c.th) for c, origin in row] for row in m]
    else:
        rows = grid
    if style == "mso":
        head = "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"
    elif style == "p":
        head = '<table border="1" cellspacing="0" cellpadding="0" width="600" style="border-collapse:collapse;width:600px;">'
    else:
        head = '<table border="1" cellspacing="0" cellpadding="3" align="center">'
    body = []
    for i, r in enumerate(rows):
        tr = "<tr style='mso-yfti-irow:%d;height:20.0pt'>" % i if style == "mso" else "<tr>"
        body.append(tr + "".join(_cell_html(c, style, header_tag) for c in r) + "</tr>")
    tb = "<tbody>" if style != "mso" else ""
    return head + tb + "\n".join(body) + ("</tbody>" if tb else "") + "</table>"


def to_html(blocks, style: str = "plain", wrapper: str = "", header_tag: str = "th", padding: bool = False,
            encoding: str = "utf-8", site: str = "", split_gap: str = "") -> bytes:
    parts = []
    title = next((b[1] for b in blocks if b[0] == "title"), "")
    for kind, val in blocks:
        if kind == "title":
            if style == "mso":
                parts.append(f"<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;font-family:方正小标宋简体'>{H.escape(val).replace(chr(10), '<br>')}</span></b></p>")
            else:
                parts.append(f'<p style="text-align:center"><strong>{H.escape(val).replace(chr(10), "<br/>")}</strong></p>')
        elif kind == "h":
            if style == "mso":
                parts.append(f"<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-size:16.0pt;font-family:黑体'>{H.escape(val)}</span></b></p>")
            else:
                parts.append(f'<p style="text-indent:2em;"><strong>{H.escape(val)}</strong></p>')
        elif kind == "p":
            if style == "mso":
                parts.append(f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>{H.escape(val)}<span lang=EN-US><o:p></o:p></span></span></p>")
            else:
                parts.append(f'<p style="text-indent:2em;">{H.escape(val)}</p>')
        elif kind == "gap":
            parts.append(split_gap or "<p>&nbsp;</p>")
        elif kind == "table":
            t = table_html(val, style, header_tag, padding)
            if style == "mso":
                t = f"<div align=center>{t}</div>"
            parts.append(t)
    body = "\n".join(parts)
    charset = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else "utf-8"
    if style == "mso":
        doc = (f"<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
               f"xmlns:w=\"urn:schemas-microsoft-com:office:word\" xmlns=\"http://www.w3.org/TR/REC-html40\">\n"
               f"<head><meta http-equiv=Content-Type content=\"text/html; charset={charset}\">\n"
               f"<meta name=ProgId content=Word.Document><meta name=Generator content=\"Microsoft Word 15\">\n"
               f"<title>{H.escape(title.replace(chr(10), ''))}</title>\n<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->\n"
               f"<style><!-- p.MsoNormal {{mso-style-parent:\"\";margin:0cm;text-align:justify;font-size:10.5pt;font-family:\"Times New Roman\";}} "
               f"@page WordSection1 {{size:595.3pt 841.9pt;}} div.WordSection1 {{page:WordSection1;}} --></style></head>\n"
               f"<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'><div class=WordSection1>\n{body}\n</div></body></html>")
    else:
        page_title = site or title.replace("\n", "")
        if wrapper == "trs":
            body = (f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="pos">当前位置：'
                    f'<a href="/">首页</a> &gt; <a href="/zwgk/" class="CurrChnlCls">政府信息公开年报</a></td></tr>'
                    f'<tr><td align="center" class="title">{H.escape(title.replace(chr(10), ""))}</td></tr>'
                    f'<tr><td><div class="TRS_Editor"><div class="TRS_PreAppend" style="display:none" id="TRS_PreAppend"></div>'
                    f'<style type="text/css">.TRS_Editor P{{margin-top:0;font-family:宋体;font-size:12pt;}}</style>\n{body}\n</div></td></tr>'
                    f'<tr><td>【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table>')
        elif wrapper == "jcms":
            body = (f'<div class="main-fl"><div class="bt-position">您当前的位置：<a href="/">首页</a> &gt; 政府信息公开 &gt; 年度报告</div>'
                    f'<table class="xxgk_table" width="100%"><tr><td>索引号：</td><td>014000319/2023-01234</td><td>发布机构：</td><td>办公室</td></tr>'
                    f'<tr><td>生成日期：</td><td>2023-01-20</td><td>公开方式：</td><td>主动公开</td></tr></table>'
                    f'<div class="bt_content" id="zoom"><!--<$[信息内容]>begin-->\n{body}\n<!--<$[信息内容]>end--></div>'
                    f'<div class="fx">分享到：</div><script>var fontsize=16;</script></div>')
        elif wrapper == "div":
            body = f'<div class="article"><h1 class="art-title">{H.escape(title.replace(chr(10), ""))}</h1><div class="art-con" id="UCAP-CONTENT">{body}</div></div>'
        doc = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{H.escape(page_title)}</title>'
               f'<meta name="ArticleTitle" content="{H.escape(title.replace(chr(10), ""))}"></head>'
               f'<body><div class="header">政府门户网站 | 无障碍 | 长者模式</div>\n{body}\n'
               f'<div class="footer">主办单位：人民政府办公室 网站标识码 1234000012 ICP备案号</div></body></html>')
    return doc.encode(encoding if charset == "utf-8" else "gbk", errors="strict")


# ---------------------------------------------------------------- DOCX


def to_docx(blocks, *, blank_col: bool = False, caption_in: str = "") -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from docx.table import _Cell

    d = docx.Document()
    st = d.styles["Normal"]
    st.font.size = Pt(10.5)
    for kind, val in blocks:
        if kind == "title":
            for line in val.split("\n"):
                p = d.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                r = p.add_run(line)
                r.bold = True
                r.font.size = Pt(18)
        elif kind in ("h", "p"):
            p = d.add_paragraph()
            r = p.add_run(val)
            r.bold = kind == "h"
        elif kind == "gap":
            d.add_paragraph("")
        elif kind == "table":
            m = expand(val)
            nr, nc = len(m), len(m[0])
            t = d.add_table(rows=nr, cols=nc + (1 if blank_col else 0))
            t.style = "Table Grid"
            for ri, row in enumerate(t.rows):  # Word's own markup: w:gridSpan and w:vMerge
                tr = row._tr
                for tc in tr.findall(qn("w:tc")):
                    tr.remove(tc)
                ci = 0
                while ci < nc + (1 if blank_col else 0):
                    c, origin = m[ri][ci] if ci < nc else (C(""), True)
                    tc = OxmlElement("w:tc")
                    pr = OxmlElement("w:tcPr")
                    tc.append(pr)
                    if c.cs > 1:
                        gs = OxmlElement("w:gridSpan")
                        gs.set(qn("w:val"), str(c.cs))
                        pr.append(gs)
                    if c.rs > 1:
                        vm = OxmlElement("w:vMerge")
                        if origin:
                            vm.set(qn("w:val"), "restart")
                        pr.append(vm)
                    tc.append(OxmlElement("w:p"))
                    tr.append(tc)
                    cell = _Cell(tc, t)
                    if origin and c.text:
                        cell.text = c.text
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                    ci += c.cs
    bio = io.BytesIO()
    d.save(bio)
    return bio.getvalue()


# ---------------------------------------------------------------- text


def to_text(blocks, style: str = "word-tab", newline: str = "\n", encoding: str = "utf-8", bom: bool = False) -> bytes:
    """Word "save as plain text": a table cell a line (tab-led or not), rows apart by a blank
    line; or rows-tab: one table row a line, cells separated by tabs (copied from a browser)."""
    out = []
    for kind, val in blocks:
        if kind == "table":
            m = expand(val)
            for row in m:
                if style == "rows-tab":
                    out.append("\t".join(c.text.replace("\n", "") if origin else "" for c, origin in row))
                elif style == "rows-space":
                    out.append("  ".join(c.text.replace("\n", "") for c, origin in row if origin and c.text))
                else:
                    lead = "\t" if style == "word-tab" else ""
                    for c, origin in row:
                        if origin:
                            out.append(lead + c.text.replace("\n", "\n" + lead) if c.text else lead)
                    out.append("")
            out.append("")
        elif kind == "gap":
            out.append("")
            out.append("- 3 -")
            out.append("")
        else:
            out.append(val)
    s = newline.join(x.replace("\n", newline) for x in out) + newline
    data = s.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


# ---------------------------------------------------------------- Markdown


def to_markdown(blocks, style: str = "clean") -> bytes:
    """Pipe tables as PDF-to-Markdown tools emit them: clean (first row as header), col (a
    header row 列1 列2 …), br (<br> for line breaks inside cells, empty header cells)."""
    out = []
    for kind, val in blocks:
        if kind == "title":
            out.append("# " + val.replace("\n", " "))
        elif kind == "h":
            out.append("## " + val)
        elif kind == "p":
            out.append(val)
        elif kind == "gap":
            out.append("")
        elif kind == "table":
            m = expand(val)
            nc = len(m[0])

            def cell(c, origin):
                if not origin:
                    return ""
                s = c.text
                if style == "br" and s.startswith("（本列数据"):  # a ruling line read as a bar
                    s = s.replace("之和，等于", "之和|等于")
                s = s.replace("|", "\\|")
                return s.replace("\n", "<br>") if style == "br" else s.replace("\n", "")

            rows = [[cell(c, o) for c, o in r] for r in m]
            if style == "col":
                rows.insert(0, [f"列{i + 1}" for i in range(nc)])
            elif style == "br":
                rows.insert(0, [""] * nc)
            out.append("")
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "|".join(["---"] * nc) + "|")
            for r in rows[1:]:
                out.append("| " + " | ".join(r) + " |")
            out.append("")
        out.append("")
    return "\n".join(out).encode("utf-8")
