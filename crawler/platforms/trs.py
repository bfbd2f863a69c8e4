"""TRS WCM lists: index.html, index_1.html …; the page count is only in a script call
such as createPageHTML(5, 0, "index", "html") or `var countPage = 5`, and the call may name
its arguments by variables: createPageHTML(countPage, currentPage, "index", "shtml")."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

CALL = re.compile(r"createPageHTML\(([^)]*)\)")
ARG = re.compile(r"""\s*(?:(\d+)|['"]([^'"]*)['"]|([\w.]+))\s*(?:,|$)""")
EXTS = ("html", "htm", "shtml", "jhtml")
COUNT = re.compile(r"countPage\s*=\s*['\"]?(\d+)")
NAME = re.compile(r"/([A-Za-z]\w*?)(?:_\d+)?\.(" + "|".join(EXTS) + r")$", re.I)
MAX_PAGES = 200


def pages(text: str, url: str) -> list[str]:
    """Every page of the list `url` belongs to, from the script call."""
    call = _call(text)
    if call:
        n, prefix, ext = call
    else:
        c = COUNT.search(text)
        if not c:
            return []
        n, (prefix, ext) = int(c.group(1)), _own_name(url)
    if n < 1:
        return []
    names = [f"{prefix}.{ext}"] + [f"{prefix}_{i}.{ext}" for i in range(1, min(n, MAX_PAGES))]
    return [urljoin(url, name) for name in names]


def _own_name(url: str) -> tuple[str, str]:
    """The list's file name and extension from its own URL (index_2.shtml → index, shtml)."""
    m = NAME.search(urlsplit(url).path)
    return (m.group(1), m.group(2).lower()) if m else ("index", "html")


def _var(text: str, name: str) -> int | None:
    m = re.search(rf"\b{re.escape(name)}\s*=\s*['\"]?(\d+)", text)
    return int(m.group(1)) if m else None


def _call(text: str) -> tuple[int, str, str] | None:
    """(pages, prefix, ext) from createPageHTML(5, 0, "index", "html") or the newer
    createPageHTML('page_div', 5, 1, 'index', 'html', 68): the first number is the page count,
    the name is the string before the extension; a variable argument is read from its `var`."""
    for m in CALL.finditer(text):
        args = ARG.findall(m.group(1))
        ints = [int(a[0]) if a[0] else _var(text, a[2]) for a in args if a[0] or a[2]]
        strs = [a[1] for a in args if not a[0] and not a[2]]
        for i, s in enumerate(strs[1:], 1):
            if ints and ints[0] is not None and s.lower() in EXTS:
                return ints[0], strs[i - 1], s
    return None
