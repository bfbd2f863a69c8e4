"""Links of any HTML page, with the best title each one has (title attribute, text, or its row)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from parsel import Selector

from crawler.recognize import is_download, norm

DATE = re.compile(r"(19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}")
DOC_EXT = {"pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "jpg", "jpeg", "png", "tif", "tiff",
           "ofd", "zip", "rar", "txt"}
NEXT = re.compile(r"^[\[【〔(（<«‹\s]*(下一页|下页|后一页|尾页|末页|next|next page)[\]】〕)）>»›\s]*$|^(>|›|»|>>|\d{1,3})$", re.I)
PAGE_EXT = {"html", "htm", "shtml", "jhtml", "xhtml"}
FILE_TEXT = re.compile(r"\.(pdf|docx?|wps|xlsx?|et|jpe?g|png|tiff?|ofd)$", re.I)
SKIP = ("javascript:", "mailto:", "tel:", "#")
# A link written in script: href="javascript:openFile('/f/a.pdf')" or onclick="window.open('…')":
# the first quoted argument that looks like a path or a file name.
SCRIPTED = re.compile(r"""["']((?:https?://|\.{0,2}/)[^"'\s<>]*|[^"'\s<>/:]+\.(?:pdf|docx?|wps|xlsx?|et|ofd|s?html?|jsp|aspx?|php)(?:\?[^"'\s<>]*)?)["']""", re.I)
# Elements other than <a> that point at a page or a file: (selector, attribute).
EMBEDS = (("iframe[src]", "src"), ("frame[src]", "src"), ("embed[src]", "src"), ("object[data]", "data"))
PATHLIKE = re.compile(r"^(https?://|\.{0,2}/)|\.(s?html?|jsp|aspx?|php)(\?|$)", re.I)
# A viewer page (pdf.js …) showing a file named in its query: the file is the document.
VIEWER = re.compile(r"viewer|pdfjs|pdf_?view|preview|showpdf|readpdf", re.I)
VIEWER_PARAMS = ("file", "url", "src", "path", "filepath", "fileurl", "pdf", "doc")
CONTAINERS = {"ul", "ol", "table", "tbody", "div", "dl", "select", "nav", "section", "p", "td", "tr"}


@dataclass
class Link:
    url: str
    title: str  # the best title: title attribute or text, or the row's text for 下载 links
    text: str  # the link's own text
    date: str = ""
    box: str = ""  # the element holding the link (its list, table or block), to tell groups apart


def base_of(sel: Selector, url: str) -> str:
    """The URL relative links resolve against: <base href> if the page has one."""
    href = (sel.css("base::attr(href)").get() or "").strip()
    return urljoin(url, href) if href else url


def unwrap(url: str) -> str:
    """The file a viewer page shows (…/pdfjs/web/viewer.html?file=%2Fupload%2Fa.pdf → /upload/a.pdf)."""
    parts = urlsplit(url)
    if not VIEWER.search(parts.path) or ext_of(url) in DOC_EXT:
        return url
    for k, v in parse_qsl(parts.query):
        v = unquote(v).strip()
        if k.lower() in VIEWER_PARAMS and ext_of(v) in DOC_EXT:
            return urljoin(url, v)
    return url


def _box(el) -> str:
    node = el.root.getparent()
    while node is not None and node.tag not in CONTAINERS:
        node = node.getparent()
    if node is None or not hasattr(node, "getroottree"):
        return ""
    if node.tag in ("td", "tr", "p"):  # a grid's cell: the table or block holding the cells
        up = node.getparent()
        while up is not None and up.tag not in ("table", "ul", "ol", "div", "dl", "section"):
            up = up.getparent()
        node = up if up is not None else node
    return node.getroottree().getpath(node)


def _href(a) -> str:
    href = (a.attrib.get("href") or "").strip()
    if href and not href.startswith(SKIP):
        return href
    script = " ".join([href, a.attrib.get("onclick") or ""])  # javascript:…, #, or an onclick
    m = SCRIPTED.search(script)
    return m.group(1) if m else ""


def links(sel: Selector, base: str) -> list[Link]:
    out = []
    for a in sel.css("a[href], a[onclick], area[href]"):
        href = _href(a)
        if not href:
            continue
        text = norm(" ".join(a.css("::text").getall()))
        row = a.xpath("ancestor::*[self::li or self::tr or self::p or self::dd or self::dl[count(dd|dt) <= 3]][1]")
        row_text = norm(" ".join(row.css("::text").getall())) if row else ""
        if not text:  # an image link alone: its alt text names it (in a row, only a pager's 下一页 button)
            alt = norm(a.css("img::attr(alt)").get("") or a.attrib.get("aria-label", "") or a.attrib.get("alt", ""))
            text = alt if not row_text or NEXT.match(alt) else text
        attr = norm(a.attrib.get("title", ""))
        title = attr if len(attr) > len(text.rstrip("….")) else text
        date = DATE.search(row_text)
        if is_download(text) and not attr:  # 下载: the row says what it is, less its date
            title = DATE.sub("", row_text).replace(text, "")
        out.append(Link(unwrap(urljoin(base, href)), title, text, date.group() if date else "", _box(a)))
    for el in sel.xpath("//body//*[@onclick or @data-href or @data-link][not(self::a)][not(.//a)]"):
        # a row or cell opened by script: <li onclick="location.href='…'">title</li>
        target = el.attrib.get("data-href") or el.attrib.get("data-link") or ""
        m = SCRIPTED.search(el.attrib.get("onclick") or "") if not target else None
        target = target.strip() or (m.group(1) if m else "")
        if target and not target.startswith(SKIP):
            text = norm(" ".join(el.css("::text").getall()))
            date = DATE.search(text)
            title = norm(el.attrib.get("title", "")) or DATE.sub("", text)
            out.append(Link(unwrap(urljoin(base, target)), title, text, date.group() if date else "", _box(el)))
    out += bound_links(sel, base)
    for css, attr in EMBEDS:  # a file shown in the page (a PDF viewer, <embed>, <object>)
        for el in sel.css(css):
            src = (el.attrib.get(attr) or "").strip()
            if src and not src.startswith(SKIP + ("data:", "about:")):
                out.append(Link(unwrap(urljoin(base, src)), "", "", "", _box(el)))
    for opt in sel.css("option[value]"):  # a <select> of departments or columns that opens its value
        value = (opt.attrib.get("value") or "").strip()
        if PATHLIKE.search(value):
            text = norm(" ".join(opt.css("::text").getall()))
            out.append(Link(urljoin(base, value), text, text, "", _box(opt)))
    return out


BOUND_ATTRS = ("ms-attr-href", "ms-href", ":href", "v-bind:href", "ng-href", "data-bind")
IDENT = re.compile(r"^[A-Za-z_$][\w$.]*$")


def bound_links(sel: Selector, base: str) -> list[Link]:
    """Links whose target a script fills in: `<a ms-attr-href="qzbFile">全真版</a>` (TRS 海云,
    avalon) with `qzbFile: "/…/P020….pdf"` in the page's script, or `:href`/`v-bind:href`."""
    code = " ".join(sel.xpath("//script[not(@src)]/text()").getall())
    out = []
    for attr in BOUND_ATTRS:
        for el in sel.xpath(f"//*[@*[name()='{attr}']]"):
            name = (el.attrib.get(attr) or "").strip()
            if attr == "data-bind":
                m = re.search(r"attr\s*:\s*\{\s*href\s*:\s*([\w$.]+)", name)
                name = m.group(1) if m else ""
            if not IDENT.match(name):
                continue
            last = name.rsplit(".", 1)[-1]
            m = re.search(rf"\b{re.escape(last)}\b[\"']?\s*[:=]\s*[\"']([^\"']+)[\"']", code)
            if not m or m.group(1).startswith(SKIP):
                continue
            text = norm(" ".join(el.css("::text").getall()))
            out.append(Link(unwrap(urljoin(base, m.group(1).strip())), text, text, "", _box(el)))
    return out


def next_pages(found: list[Link], page_url: str) -> list[str]:
    """Pager links (下一页, 尾页, 2, 3 …) that stay in the list's own folder."""
    folder = urlsplit(page_url).path.rsplit("/", 1)[0] + "/"
    return [l.url for l in found if NEXT.match(l.text) and urlsplit(l.url).path.startswith(folder)]


# A download handler (download?id=3, downfile.jsp?…, getFile.do?fileId=…): a file whatever its name.
DOWNLOAD_URL = re.compile(r"download|downfile|downloadfile|getfile|filedown|showfile|fileid=|attachid=|/attach(ment)?s?/",
                          re.I)
# A page sending the browser elsewhere by script (a portal's root page often does).
SCRIPT_REDIRECT = re.compile(r"""(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']|"""
                             r"""location\.(?:replace|assign)\(\s*["']([^"']+)["']""")


FILE_WORDS = re.compile(r"全真版|原文下载|附件下载|下载附件|下载原文|PDF版|打印版")


def looks_like_file(link: Link) -> bool:
    """A file by its URL, or by its text naming one (附件：…年报.pdf behind download.jsp?id=3), or a
    download handler's URL."""
    parts = urlsplit(link.url)
    return is_document_url(link.url) or bool(FILE_TEXT.search(link.text) or FILE_WORDS.search(link.text)) or (
        ext_of(link.url) not in PAGE_EXT and bool(DOWNLOAD_URL.search(parts.path + "?" + parts.query)))


SCRIPT_FILE = re.compile(r"""["']((?:https?://|\.{0,2}/)[^"'\s<>]+\.(?:pdf|docx?|wps|xlsx?|ofd))["']""", re.I)


def script_files(sel: Selector, base: str) -> list[str]:
    """Files an article's own scripts show (PDFObject.embed("/upload/a.pdf"), pdf.js getDocument(…))."""
    found = SCRIPT_FILE.findall(" ".join(sel.xpath("//body//script[not(@src)]/text()").getall()))
    return list(dict.fromkeys(urljoin(base, f) for f in found))


def script_redirect(text: str, base: str) -> str:
    """Where a page's script sends the browser (location.href = "/index.shtml"), or ""."""
    m = SCRIPT_REDIRECT.search(text)
    target = (m.group(1) or m.group(2)).strip() if m else ""
    return urljoin(base, target) if target and not target.startswith(SKIP) else ""


def ext_of(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


def is_document_url(url: str) -> bool:
    """A file, not a page: by the extension of its path or of a file name in its query."""
    if ext_of(url) in DOC_EXT:
        return True
    query = urlsplit(url).query.lower()
    return any(re.search(rf"\.{e}(&|$)", query) for e in DOC_EXT)


def same_site(url: str, hosts: set[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in hosts:
        return True
    tail = lambda h: ".".join(h.split(".")[-3:]) if not h.replace(".", "").isdigit() else h  # noqa: E731
    return any(tail(host) == tail(h) and h.count(".") >= 2 for h in hosts)


CHROME = ("nav", "head", "foot", "menu", "logo", "banner", "share", "side", "related", "top", "bottom")
NOT_SCAN = re.compile(r"logo|icon|banner|share|qrcode|ewm|weixin|wechat|weibo|btn|button|arrow|bg", re.I)


def content_images(sel: Selector, base: str) -> list[str]:
    """Images in an article's text (not its header, menus or footer): scanned report pages."""
    chrome = " or ".join(f"contains(@class, '{c}') or contains(@id, '{c}')" for c in CHROME)
    out = []
    for img in sel.xpath(f"//body//img[not(ancestor::*[self::header or self::footer or self::nav or {chrome}])]"):
        src = (img.attrib.get("src") or "").strip()
        small = any(img.attrib.get(k, "").isdigit() and int(img.attrib[k]) < 200 for k in ("width", "height"))
        if src and not src.startswith("data:") and not small and not NOT_SCAN.search(src):
            out.append(urljoin(base, src))
    return list(dict.fromkeys(out))
