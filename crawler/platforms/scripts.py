"""A page's own script files: which to read (same site, not a known library, bounded), and how
a call in the page binds the parameters of a function defined in a file.

A column page often holds only `loadList(CHANNEL, 1, 20)` while `list.js` holds
`function loadList(channel, page, size) { $.getJSON('/api/list', {channel: channel, page: page,
size: size}, …) }`. `bound()` writes `var channel = "nb"; var page = 1; var size = 20;` before the
file's text, so the list readers, which resolve a parameter object's names from `var`
statements, read the request the page makes.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

MAX_PER_PAGE = 6  # script files read for one page
MAX_PER_SITE = 16  # script files read for one site over the whole crawl
MAX_BYTES = 512 * 1024  # a larger file is a bundle of libraries, not a list's code
# Libraries and page furniture: never where a column's list is asked for.
LIBRARY = re.compile(r"jquery|bootstrap|vue(\.runtime)?(\.min)?\.js|react|angular|require(\.min)?\.js|layer|swiper|"
                     r"echarts|lodash|moment|polyfill|html5shiv|respond|barrier|wza|aria|baidu|hm\.js|analytics|"
                     r"gtag|share|qrcode|slide|carousel|zoom|lang|big5|font|rem\.|flexible|md5|base64|crypto|"
                     r"swfobject|flash|player|video|map|common_?head|footer|header|nav(bar)?\.js", re.I)
SRC = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""", re.I)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
FUNC = re.compile(r"""(?:function\s+([A-Za-z_$][\w$]*)\s*\(([^)]*)\)|([A-Za-z_$][\w$]*)\s*[:=]\s*function\s*\(([^)]*)\))""")
ARG = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|(-?\d+(?:\.\d+)?)|([A-Za-z_$][\w$.]*))\s*$""")
KEYWORDS = {"if", "for", "while", "switch", "function", "return", "catch", "typeof", "new", "with"}


def script_urls(text: str, base: str, same_site) -> list[str]:
    """Same-site script files of a page worth reading, in page order, at most MAX_PER_PAGE."""
    out = []
    for src in SRC.findall(re.sub(r"<!--.*?-->", "", text, flags=re.S)):
        url = urljoin(base, src.strip())
        path = urlsplit(url).path
        name = path.rsplit("/", 1)[-1]
        if not path.endswith(".js") or LIBRARY.search(name) or not same_site(url):
            continue
        if url not in out:
            out.append(url)
    return out[:MAX_PER_PAGE]


def inline(text: str) -> str:
    return "\n".join(INLINE.findall(text))


def _value(arg: str, text: str) -> str | None:
    m = ARG.match(arg)
    if not m:
        return None
    if m.group(4) is None:
        return m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
    name = m.group(4)
    if name in ("true", "false", "null", "undefined"):
        return None
    last = name.rsplit(".", 1)[-1]  # SiteInfo.channelId: the key in the object literal
    v = re.search(rf"\b{re.escape(last)}\b\s*[:=]\s*(?:\"([^\"]*)\"|'([^']*)'|(-?\d+))", text)
    if not v:
        return None
    return next(g for g in v.groups() if g is not None)


def _split_args(args: str) -> list[str]:
    out, depth, cur, quote = [], 0, "", ""
    for ch in args:
        if quote:
            cur += ch
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote, cur = ch, cur + ch
        elif ch in "([{":
            depth, cur = depth + 1, cur + ch
        elif ch in ")]}":
            depth, cur = depth - 1, cur + ch
        elif ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return out + ([cur] if cur.strip() else [])


def bindings(page_text: str, script: str) -> str:
    """`var param = value;` for each parameter of a function `script` defines that the page
    calls with literal (or `var`-defined) arguments."""
    calls_in = inline(page_text)
    lines = []
    for m in FUNC.finditer(script):
        name, params = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if not name or name in KEYWORDS:
            continue
        names = [p.strip() for p in params.split(",") if p.strip()]
        if not names:
            continue
        call = re.search(rf"(?<![\w$.]){re.escape(name)}\s*\(([^()]*)\)", calls_in)
        if not call:
            continue
        for param, arg in zip(names, _split_args(call.group(1))):
            value = _value(arg, page_text)
            if value is not None:
                lines.append(f'var {param} = "{value}";')
    return "\n".join(lines)


def bound(page_text: str, files: dict[str, str]) -> str:
    """The page's text, then each script file preceded by the parameters the page binds."""
    parts = [page_text]
    for text in files.values():
        parts.append("<script>\n" + bindings(page_text, text) + "\n" + text + "\n</script>")
    return "\n".join(parts)


def calls_elsewhere(text: str) -> bool:
    """The page's inline scripts call a function with arguments that no inline script defines
    (its list is drawn by code in a file)."""
    code = inline(text)
    defined = {m.group(1) or m.group(3) for m in FUNC.finditer(code)}
    for m in re.finditer(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*\(\s*[^)\s]", code):
        name = m.group(1)
        if name not in defined and name not in KEYWORDS and name not in ("require", "define", "alert", "parseInt",
                                                                          "setTimeout", "document", "eval", "String"):
            return True
    return False
