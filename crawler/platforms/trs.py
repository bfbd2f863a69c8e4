"""TRS WCM lists: index.html, index_1.html …; the page count is only in a script call
such as createPageHTML(5, 0, "index", "html") or `var countPage = 5`."""
from __future__ import annotations

import re
from urllib.parse import urljoin

CALL = re.compile(r"createPageHTML\(([^)]*)\)")
ARG = re.compile(r"""\s*(?:(\d+)|['"]([^'"]*)['"]|([\w.]+))\s*(?:,|$)""")
EXTS = ("html", "htm", "shtml", "jhtml")
COUNT = re.compile(r"countPage\s*=\s*['\"]?(\d+)")
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
        n, prefix, ext = int(c.group(1)), "index", "html"
    if n < 1:
        return []
    names = [f"{prefix}.{ext}"] + [f"{prefix}_{i}.{ext}" for i in range(1, min(n, MAX_PAGES))]
    return [urljoin(url, name) for name in names]


def _call(text: str) -> tuple[int, str, str] | None:
    """(pages, prefix, ext) from createPageHTML(5, 0, "index", "html") or the newer
    createPageHTML('page_div', 5, 1, 'index', 'html', 68): the first number is the page count,
    the name is the string before the extension."""
    for m in CALL.finditer(text):
        args = [a for a in ARG.findall(m.group(1))]
        ints = [int(a[0]) for a in args if a[0]]
        strs = [a[1] for a in args if not a[0]]
        for i, s in enumerate(strs[1:], 1):
            if ints and s.lower() in EXTS:
                return ints[0], strs[i - 1], s
    return None
