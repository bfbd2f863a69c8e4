"""Guangdong 政府信息公开目录平台 (gkmlpt): an app shell whose script sets
`window._CONFIG = {SID: '…', TREE: [{id, name, children: […]}, …]}`; each column's list is JSON
from `/gkmlpt/api/all/{cid}?page=N&sid=SID` (`articles`, `total`), read for the columns of the
tree whose name is the 年报 column (or, on a column page `/gkmlpt/index#cid` … the one named)."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from crawler.platforms.base import Api, Found, Page, Reader, register
from crawler.recognize import is_report_column, norm

CONFIG = re.compile(r"\b_CONFIG\s*=\s*\{")
SID = re.compile(r"""\bSID["']?\s*[:=]\s*['"]?([\w-]+)""")
TREE = re.compile(r"""\bTREE["']?\s*[:=]\s*""")
NODE = re.compile(r"""["']?id["']?\s*:\s*["']?(\d+)["']?\s*,\s*["']?name["']?\s*:\s*["']([^"']+)["']""")
API = "/gkmlpt/api/all/{cid}?page=1&sid={sid}"


def _nodes(tree, out):
    if isinstance(tree, dict):
        if "id" in tree and "name" in tree:
            out.append((str(tree["id"]), str(tree["name"])))
        for v in tree.values():
            _nodes(v, out)
    elif isinstance(tree, list):
        for v in tree:
            _nodes(v, out)
    return out


def columns(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """(SID, [(cid, name)]) of every column of the tree, or None when the page is no gkmlpt shell."""
    m = CONFIG.search(text)
    if not m:
        return None
    block = text[m.end() - 1:m.end() + 400_000]
    sid = SID.search(block)
    if not sid:
        return None
    nodes: list[tuple[str, str]] = []
    t = TREE.search(block)
    if t:
        try:
            tree, _ = json.JSONDecoder().raw_decode(block, t.end())
            nodes = _nodes(tree, [])
        except ValueError:
            pass
    if not nodes:  # a JS literal, not JSON: its id/name pairs
        nodes = NODE.findall(block)
    return sid.group(1), nodes


def report_columns(text: str, url: str) -> list[Api]:
    found = columns(text)
    if not found:
        return []
    sid, nodes = found
    wanted = [cid for cid, name in nodes if is_report_column(norm(name))]
    frag = urlsplit(url).fragment
    if frag.isdigit() and frag not in wanted:
        wanted.append(frag)
    return [Api(urljoin(url, API.format(cid=cid, sid=sid)), column=True) for cid in dict.fromkeys(wanted)]


@register
class GkmlptReader(Reader):
    name = "gkmlpt"

    def follow(self, page: Page) -> Found:
        return Found(apis=report_columns(page.text, page.url))
