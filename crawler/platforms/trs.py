"""TRS WCM lists: index.html, index_1.html …; the page count is only in a script call
such as createPageHTML(5, 0, "index", "html") or `var countPage = 5`."""
from __future__ import annotations

import re
from urllib.parse import urljoin

CALL = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]")
COUNT = re.compile(r"countPage\s*=\s*['\"]?(\d+)")
MAX_PAGES = 200


def pages(text: str, url: str) -> list[str]:
    """Every page of the list `url` belongs to, from the script call."""
    m = CALL.search(text)
    if m:
        n, prefix, ext = int(m.group(1)), m.group(3), m.group(4)
    else:
        c = COUNT.search(text)
        if not c:
            return []
        n, prefix, ext = int(c.group(1)), "index", "html"
    names = [f"{prefix}.{ext}"] + [f"{prefix}_{i}.{ext}" for i in range(1, min(n, MAX_PAGES))]
    return [urljoin(url, name) for name in names]
