"""HTML article pages: the report body among the portal's navigation, its tables as grids."""
from __future__ import annotations

import re

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree

from extract.errors import ReadError
from extract.grid import Document, Grid, caption_of, grid_from_spans
from nianbao.job import Job

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# Headings of the six sections: the element whose text holds most of them is the report body.
BODY_MARKS = ("总体情况", "主动公开", "收到和处理", "行政复议", "存在的主要问题", "存在问题", "其他需要报告")
BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
              "article", "ul", "ol", "dd", "dt", "blockquote", "pre", "center", "form", "hr"}
SKIP_TAGS = {"script", "style", "noscript", "template", "head", "select", "button", "iframe", "object"}
# Declared by misconfigured servers; they decode any bytes, so they prove nothing.
WEAK_CHARSETS = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii", "iso8859-1"}
GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "hz-gb-2312"}


def decode(data: bytes, content_type: str | None = None) -> str:
    """Bytes → text. A declared charset is trusted only if it decodes cleanly; GB2312/GBK are
    read as GB18030 (their superset), which real pages need for rarer characters."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    declared = []
    if content_type and "charset=" in content_type.lower():
        declared.append(content_type.lower().split("charset=")[-1].strip(" \"';"))
    m = META_CHARSET.search(data[:4096])
    if m:
        declared.append(m.group(1).decode("ascii", "ignore").lower())
    declared = [d for d in declared if d not in WEAK_CHARSETS]
    for enc in declared + ["utf-8", "gb18030"]:
        enc = "gb18030" if enc in GB_FAMILY else enc
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise ReadError("cannot tell the text encoding")
    return data.decode(best.encoding, "replace")


# What may stand before <html>: a byte-order mark, an XML declaration (which lxml refuses in a
# decoded string), comments (browsers save pages with 「<!-- saved from url=… -->」), a doctype.
PROLOGUE = re.compile(r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?")


def read(data: bytes, job: Job) -> Document:
    text = PROLOGUE.sub("", decode(data, job.content_type).replace("\x00", ""))
    try:
        root = lxml.html.document_fromstring(text or "<html/>")
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"not parseable as HTML: {e}") from None
    for bad in root.xpath("//script|//style|//noscript|//template|//comment()"):
        if bad.getparent() is not None:  # a comment before <html> (「saved from url」) has none
            bad.drop_tree() if hasattr(bad, "drop_tree") else bad.getparent().remove(bad)
    body = find_body(root)
    grids = [table_grid(t, k) for k, t in enumerate(leaf_tables(body), 1)]
    for grid, table in zip(grids, leaf_tables(body)):
        grid.caption = caption_of([table_caption(table)])
    return Document(text=block_text(body), grids=[g for g in grids if g.rows], format="html",
                    title_hint="\n".join(title_hints(root)), page_text=root.text_content()[:8000])


def title_hints(root) -> list[str]:
    """The article's own headings first (they name the report), the page <title> last (it
    often names the site or the host agency)."""
    heads = root.xpath("//h1|//h2|//h3|//*[contains(@class,'title') or contains(@id,'title')]")
    texts = [" ".join(h.text_content().split()) for h in heads[:12]]
    texts.append(" ".join(root.xpath("string(//title)").split()))
    return [t for t in dict.fromkeys(texts) if t and len(t) <= 120]


def find_body(root):
    """The smallest element that still holds most section headings (else the whole body)."""
    best, best_marks = None, 0
    for el in root.iter("div", "td", "article", "section", "main", "body"):
        content = el.text_content()
        marks = sum(1 for m in BODY_MARKS if m in content)
        if marks >= 3 and (marks > best_marks or (marks == best_marks and best is not None
                                                  and len(content) <= len(best.text_content()))):
            best, best_marks = el, marks
    if best is not None:
        return best
    body = root.find("body")
    return body if body is not None else root


def leaf_tables(el):
    """Data tables: tables that do not hold other tables (those are page layout)."""
    tables = el.iter("table") if el.tag != "table" else [el]
    return [t for t in tables if not t.xpath(".//table")]


def cell_text(td) -> str:
    parts = []
    for node in td.iter():
        if node.tag in SKIP_TAGS:
            continue
        if node.text and node.tag is not etree.Comment:
            parts.append(node.text)
        if node is not td and node.tail:
            parts.append(node.tail)
    return " ".join("".join(parts).split())


def span(td, attr: str) -> int:
    try:
        return max(1, int(re.sub(r"\D", "", td.get(attr, "1")) or 1))
    except ValueError:
        return 1


def table_caption(table) -> str:
    """A <caption>, else the text of the nearest element before the table (its own wrappers'
    too, up to three levels: Word pages wrap each table in a div)."""
    caption = table.find("caption")
    if caption is not None and caption.text_content().strip():
        return caption.text_content()
    el = table
    for _ in range(3):
        for prev in el.itersiblings(preceding=True):
            if isinstance(prev.tag, str) and prev.text_content().strip():
                return "" if prev.tag == "table" or prev.find(".//table") is not None else prev.text_content()
        if (el.getprevious() is None or not (el.getprevious().tail or "").strip()) and el.getparent() is not None:
            el = el.getparent()
        else:
            break
    return ""


def table_grid(table, k: int) -> Grid:
    rows = []
    for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        rows.append([(cell_text(td), span(td, "rowspan"), span(td, "colspan"))
                     for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")])
    return grid_from_spans(rows, source=f"html table {k}", loc_prefix=f"table {k} ")


def block_text(el) -> str:
    """Text with a line break at each block element and a tab between table cells."""
    out: list[str] = []

    def walk(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in SKIP_TAGS:
            return
        if tag in BLOCK_TAGS:
            out.append("\n")
        if tag in ("td", "th"):
            out.append("\t")
        if node.text and tag:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if tag in BLOCK_TAGS:
            out.append("\n")

    walk(el)
    lines = ("".join(out)).replace("\xa0", " ").replace("\u3000", " ").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())
