"""Reports as government-portal article pages, in the layouts and encodings seen in the wild.

Every variant stays readable in a browser; each one changes one thing a reader must cope with
(see samples.VARIANTS and shared/spec/report-format.md, "What real files look like").
"""
from __future__ import annotations

import html
import random
import re

from nianbao.world.samples import AMOUNT_KEYS, Truth, request_rows
from nianbao.world.samples_tables import (Span, Table, active_blocks, appeals_table, cut, number_text,
                                    requests_table, slots, transpose)

TABLE_ATTRS = 'border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%"'
# Label quirks copied from real reports (variant `typos`); "\n" is printed as <br>.
TYPOS = {"2.其他法律行政法规禁止公开": "2、其他法律行政止公开", "（三）不予公开": "（三）不\n予公开",
         "三、本年度办理结果": "三 、本 年 度办 理结果", "四、结转下年度继续办理": "四、结转下一年度继续办理",
         "（七）总计": "七、总计", "自然人": "自 然 人", "（一）予以公开": " （一）予以公开 ", "总计": "总  计"}
FULLWIDTH = str.maketrans("0123456789+-.", "０１２３４５６７８９＋－．")


def fullwidth_numbers(rng: random.Random):
    """A number printer for variant `fullwidth`: one document's habits, chosen once."""
    zero = rng.choice(["—", "/", "无", ""])
    comma = rng.choice([",", "，"])
    wan = rng.random() < 0.5

    def fmt(key: str, value: float) -> str:
        if value == 0:
            return zero
        text = f"{value:,.2f}" if key in AMOUNT_KEYS else f"{int(value):,}"
        if key.endswith(".change") and value > 0:
            text = "+" + text
        text = text.translate(FULLWIDTH).replace(",", comma)
        return text + "万元" if key in AMOUNT_KEYS and wan else text
    return fmt


def cell_html(s: Span, tag: str = "td", spans: bool = True) -> str:
    attrs = ""
    if spans and s.rs > 1:
        attrs += f' rowspan="{s.rs}"'
    if spans and s.cs > 1:
        attrs += f' colspan="{s.cs}"'
    text = "<br>".join(html.escape(p) for p in s.text.split("\n"))
    return f'<{tag}{attrs} style="text-align:center"><p>{text}</p></{tag}>'


def table_html(table: Table, padding: bool = False) -> str:
    """A <table>; with padding, no spans: a merged cell is followed by empty cells instead."""
    rows = []
    if padding:
        for row in slots(table):
            rows.append("".join(cell_html(s if start else Span(""), spans=False) for s, start in row))
    else:
        rows = ["".join(cell_html(s) for s in row) for row in table]
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return f"<table {TABLE_ATTRS}>\n<tbody>\n{body}\n</tbody>\n</table>"


def with_typos(table: Table) -> Table:
    out = []
    for row in table:
        new = []
        for s in row:
            text = s.text if s.key else TYPOS.get(s.text, re.sub(r"^(\d)\.", r"\1、", s.text))
            new.append(Span(text, s.rs, s.cs, s.key))
        out.append(new)
    return out


def tables_html(t: Truth, variant: str, fmt) -> dict[int, str]:
    """The HTML under section headings 2, 3 and 4."""
    pad = variant == "padding"
    blocks = active_blocks(t, fmt)
    if variant == "split":
        t2 = "\n".join(table_html(b) for b in blocks)
    else:
        t2 = table_html([r for b in blocks for r in b], pad)
    t3 = requests_table(t, fmt)
    if variant == "typos":
        t3 = with_typos(t3)
    if variant == "transposed":
        t3 = transpose(t3)
    if variant == "split":
        top, bottom = cut(t3, 3 + request_rows(t.requests_layout).index("unable_not_held"))
        t3_html = table_html(top) + '\n<p style="text-align:center">（续表）</p>\n' + table_html(bottom)
    else:
        t3_html = table_html(t3, pad)
    t4 = appeals_table(t, fmt)
    if variant == "t4-line":
        t4_html = "<p>" + " ".join(s.text or "0" for s in t4[-1]) + "</p>"
    else:
        t4_html = table_html(transpose(t4) if variant == "t4-transposed" else t4, pad)
    return {2: t2, 3: t3_html, 4: t4_html}


def article_html(t: Truth, variant: str) -> str:
    fmt = fullwidth_numbers(random.Random(f"{t.seed}/{variant}")) if variant == "fullwidth" else number_text
    tables = tables_html(t, variant, fmt)
    parts = [f'<h1 class="title">{html.escape(t.title)}</h1>',
             f'<div class="info">发布日期：{t.published}　　来源：{html.escape(t.agency)}　　'
             f'字号：[ 大 中 小 ]</div>', '<div class="content" id="zoom">']
    for n in range(1, 7):
        parts.append(f'<p style="text-indent:2em"><strong>{html.escape(t.section_titles[n])}</strong></p>')
        parts += [f'<p style="text-indent:2em">{html.escape(p)}</p>' for p in t.sections[n].split("\n")]
        if n in tables:
            parts.append(tables[n])
    y, m, d = (int(x) for x in t.published.split("-"))
    parts += [f'<p style="text-align:right">{html.escape(t.agency)}</p>',
              f'<p style="text-align:right">{y}年{m}月{d}日</p>', "</div>"]
    return "\n".join(parts)


def site_name(t: Truth) -> str:
    return f"{t.region}人民政府门户网站" if t.region else f"{t.agency}门户网站"


NAV = ["首页", "政务公开", "政务服务", "互动交流", "走进{r}"]
SIDEBAR = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开"]
LINKS = ["中国政府网", "国务院部门网站", "地方政府网站", "国家政务服务平台"]


def nested_page(t: Truth, article: str) -> str:
    """The article inside a layout table with navigation, sidebar, related links and footer."""
    nav = " | ".join(f'<a href="#nav{i}">{x.format(r=t.region or "我们")}</a>' for i, x in enumerate(NAV))
    side = "".join(f'<li><a href="#side{i}">{x}</a></li>' for i, x in enumerate(SIDEBAR))
    links = "".join(f'<tr><td>{i + 1}</td><td><a href="#link{i}">{x}</a></td></tr>' for i, x in enumerate(LINKS))
    return f"""<table width="1000" align="center" border="0" cellspacing="0" cellpadding="0">
<tr><td colspan="2" class="header"><div class="logo">{html.escape(site_name(t))}</div><div class="nav">{nav}</div></td></tr>
<tr><td width="220" valign="top" class="sidebar"><h3>政府信息公开</h3><ul>{side}</ul></td>
<td valign="top" class="main"><div class="crumbs">当前位置：<a href="#home">首页</a> &gt; <a href="#gk">政务公开</a> &gt; 政府信息公开年报</div>
{article}
<table class="related" border="0" width="100%"><tr><th>序号</th><th>相关链接</th></tr>{links}</table>
</td></tr>
<tr><td colspan="2" class="footer">主办：{html.escape(t.agency)}　　联系电话：0000-12345678　　备案号：京ICP备00000000号</td></tr>
</table>"""


def render_html(t: Truth, variant: str = "standard") -> bytes:
    article = article_html(t, variant)
    body = nested_page(t, article) if variant == "nested" else \
        f'<div class="header">{html.escape(site_name(t))}</div>\n<div class="article">\n{article}\n</div>'
    meta = {"standard": '<meta charset="utf-8">',
            "gbk": '<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
            "gb2312-nometa": ""}.get(variant, '<meta charset="utf-8">')
    page = (f"<!DOCTYPE html>\n<html>\n<head>\n{meta}\n<title>{html.escape(t.title)}_{html.escape(site_name(t))}"
            f"</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
    if variant == "gbk":
        return page.encode("gbk")
    if variant == "gb2312-nometa":
        try:
            return page.encode("gb2312")
        except UnicodeEncodeError:
            return page.encode("gb18030")
    return page.encode("utf-8")
