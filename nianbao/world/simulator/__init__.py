"""A loopback simulator of government portals, for tests, the demo and the benchmark.

    with Simulator(portals=None, seed=0) as sim:
        sim.registry_path   # portals.yml pointing at the simulated portals
        sim.expected        # every report document served: portal_id, url, year, agency, format
        sim.decoys          # URLs a crawler must never fetch nor archive
        sim.request_log     # (time, host, method, path, status) of every request received
        run_crawl(portals=sim.registry_path, ..., scrapy_args=CRAWL_ARGS)  # fast settings for loopback

`portals` is None (a default set covering every family and quirk), an int (that many healthy
portals cycling through the families, for the benchmark) or a list of specs
{"family": ..., "quirks": [...], "formats": [...], "years": [...], "platform": ..., "render": bool}.
"""
from __future__ import annotations

import html
import random
import shutil
import tempfile
from pathlib import Path

import yaml

from nianbao.world.simulator import content
from nianbao.world.simulator.families import BUILDERS
from nianbao.world.simulator.families2 import BUILDERS2
from nianbao.world.simulator.families3 import BUILDERS3
from nianbao.world.simulator.families4 import BUILDERS4

BUILDERS = {**BUILDERS, **BUILDERS2, **BUILDERS3, **BUILDERS4}
# The registry's `platform` of the families named after a pattern rather than a CMS.
PLATFORM_OF = {"scriptlist": "jsonapi", "jcms_old": "jcms", "trs_table": "trs", "more_blocks": "directory",
               "hostile": "static", "target": "static", "endless": "static", "county": "static",
               "rendered": "static"}
from nianbao.world.simulator.server import Board, Servers
from nianbao.world.simulator.site import Ctx, Portal, key_of

YEARS = [2020, 2021, 2022, 2023, 2024]
FAST = ["docx", "html"]
DEFAULT = [
    {"family": "trs", "quirks": ["gzip", "dupes", "redirect", "flaky", "robots", "related", "pager", "yearless"],
     "formats": ["pdf", "docx"]},
    {"family": "jcms", "quirks": ["chunked", "robots", "pager", "related", "scan"], "formats": ["doc", "docx"]},
    {"family": "jsonapi", "quirks": ["dupes"], "formats": ["docx", "html"]},
    {"family": "static", "quirks": ["wrong_encoding", "junk", "huge", "404", "loop", "hang", "download", "yearless"],
     "formats": ["docx", "wps", "jpg", "html", "pdf"]},
    {"family": "directory", "quirks": ["pager", "related"], "formats": FAST},
    {"family": "auto", "quirks": ["robots"], "formats": FAST},
    {"family": "static", "quirks": ["gbk"], "formats": ["png", "docx", "html"], "years": [2022, 2023, 2024],
     "platform": "auto"},
    {"family": "broken", "quirks": ["hang"]},
    {"family": "broken", "quirks": ["500"]},
    {"family": "refused"},
]
CYCLE = ["trs", "jcms", "jsonapi", "static", "directory", "auto"]
# One portal per pattern of the real portals (issue 9), for tests/test_crawl_patterns.py.
PATTERNS = [
    {"family": "scriptlist", "formats": FAST}, {"family": "gkmlpt", "formats": FAST},
    {"family": "jcms_old", "formats": FAST}, {"family": "jcms_old", "quirks": ["uid"], "formats": FAST},
    {"family": "haiyun", "formats": FAST}, {"family": "trs_table"}, {"family": "more_blocks", "formats": FAST},
]
# Scrapy settings for crawling the simulator: loopback needs no politeness delay, and its
# hanging URLs should time out in seconds. Per-host concurrency stays as shipped.
CRAWL_ARGS = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "DOWNLOAD_TIMEOUT=3",
              "-s", "RETRY_TIMES=1", "-s", "NIANBAO_RETRY_BACKOFF=0.05"]


def specs_for(portals) -> list[dict]:
    if portals is None:
        return DEFAULT
    if isinstance(portals, int):
        return [{"family": CYCLE[i % len(CYCLE)], "formats": FAST} for i in range(portals)]
    return list(portals)


def build(spec: dict, index: int, seed: int, huge: int) -> Portal:
    """Make one portal from its spec; the same spec, index and seed give the same site."""
    rng = random.Random(f"{seed}:{index}:{spec.get('family')}")
    agency, region, code = content.agency_for(rng)
    family = spec["family"]
    platform = spec.get("platform", PLATFORM_OF.get(family) or (family if family in BUILDERS and family != "broken"
                                                                else "auto"))
    p = Portal(id=f"sim{index:03d}-{family}", family=family, platform=platform, agency=agency,
               region=region, region_code=code)
    ctx = Ctx(index=index, seed=seed, rng=rng, years=list(spec.get("years", YEARS)),
              formats=list(spec.get("formats", FAST)), quirks=set(spec.get("quirks", [])),
              agency=agency, region=region, region_code=code, huge=huge)
    if family != "refused":
        p.start = BUILDERS[family](ctx, p)
    if "render" in spec:  # the registry's `render` (the headless-Chromium fallback)
        p.overrides["render"] = bool(spec["render"])
    return p


class Simulator:
    def __init__(self, portals=None, seed: int = 0, port: int = 0, first_host: int = 2,
                 huge: int = 120_000_000, latency: float = 0.01):
        self.portals = [build(s, i, seed, huge) for i, s in enumerate(specs_for(portals))]
        for i, p in enumerate(self.portals):
            n = first_host + i
            p.host = f"127.{n // 65536}.{n // 256 % 256}.{n % 256}"
        for i, p in enumerate(self.portals):  # redirects to the next portal's host (the hostile family)
            nxt = self.portals[(i + 1) % len(self.portals)].host
            for res in p.resources.values():
                res.location = res.location.replace("{next_host}", nxt)
                if isinstance(res.body, bytes) and b"{next_host}" in res.body:
                    res.body = res.body.replace(b"{next_host}", nxt.encode())
        self.port, self.board, self.servers = port, Board(), None
        self.tmp: Path | None = None
        self.latency = latency  # seconds each answer takes

    # ---------------------------------------------------------------- lifecycle
    def __enter__(self) -> "Simulator":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.prerender()
        live = [p for p in self.portals if p.family != "refused"]
        self.servers = Servers(self.board, self.latency)
        self.port = self.servers.start(live, self.port)
        for p in self.portals:
            p.base = f"http://{p.host}:{self.port}"
            for res in p.resources.values():
                if isinstance(res.body, bytes) and b"{port}" in res.body:
                    res.body = res.body.replace(b"{port}", str(self.port).encode())
        self.tmp = Path(tempfile.mkdtemp(prefix="nianbao-sim-"))
        self.registry_path = self.tmp / "portals.yml"
        self.registry_path.write_text(yaml.safe_dump(self.registry(), allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")

    def stop(self) -> None:
        if self.servers:
            self.servers.stop()
            self.servers = None
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def prerender(self) -> None:
        """Render the slow formats (LibreOffice) before serving, so no request waits on them."""
        for p in self.portals:
            for e in p.expected:
                if e["format"] not in ("html",):
                    p.resources[key_of(e["path"])].bytes()

    # ---------------------------------------------------------------- what tests read
    def registry(self) -> list[dict]:
        return [dict(id=p.id, agency=p.agency, region=p.region, region_code=p.region_code,
                     url=p.base + p.start, platform=p.platform, verified=True,
                     **{"allow_private": True, **p.overrides})  # loopback addresses, on purpose
                for p in self.portals]

    @property
    def expected(self) -> list[dict]:
        return [dict(portal_id=p.id, url=p.base + e["path"], year=e["year"], agency=e["agency"],
                     format=e["format"], title=e["title"], page_url=p.base + e["page"] if e["page"] else "")
                for p in self.portals for e in p.expected]

    @property
    def decoys(self) -> list[str]:
        return [p.base + d for p in self.portals for d in p.decoys]

    @property
    def faults(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.portals:
            for kind, paths in p.faults.items():
                out.setdefault(kind, []).extend(p.base + x for x in paths)
        return out

    @property
    def request_log(self) -> list[tuple]:
        with self.board.lock:
            return list(self.board.log)

    @property
    def concurrency(self) -> dict[str, int]:
        """The most requests each host had in flight at once."""
        return self.board.peaks()

    def url_of(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def portal(self, portal_id: str) -> Portal:
        return next(p for p in self.portals if p.id == portal_id)

    def break_portal(self, portal_id: str, status: int = 500) -> None:
        """Every request to the portal gets `status` from now on (0: healthy again)."""
        self.portal(portal_id).down = status

    def vanish(self, portal_id: str) -> None:
        """The portal stays up but its reports are gone: their files and article pages answer 404."""
        p = self.portal(portal_id)
        p.gone |= {path.split("?")[0] for e in p.expected for path in (e["path"], e["page"]) if path}

    def add_report(self, portal_id: str, year: int = 2025, fmt: str = "docx") -> str:
        """A new report on a `static` portal: its file, linked from the list on its start page
        (for the benchmark's second night). Returns its URL."""
        p = self.portal(portal_id)
        if p.family != "static":
            raise ValueError(f"{portal_id}: reports are added to static portals only")
        res = p.resources[key_of(p.start)]
        title = f"{p.agency}{year}年政府信息公开工作年度报告"
        path = p.report_file(f"/uploads/{year + 1}/{9_000_000 + len(p.expected)}.{fmt}", year, fmt, title)
        row = (f'<tr><td>{html.escape(title)}</td><td>{year + 1}-01-20</td>'
               f'<td><a href="{path}">{html.escape(title)}.{fmt}</a></td></tr></table>')
        body = res.body() if callable(res.body) else res.body
        encoding = "gb18030" if b'charset="gbk"' in body[:300] else "utf-8"
        res.body = body.replace(b"</table>", row.encode(encoding), 1)
        return p.base + path

    def touch(self, url: str) -> None:
        """Change the document at `url`, as an agency re-uploading a corrected file."""
        for p in self.portals:
            if url.startswith(p.base):
                path = url[len(p.base):]
                p.resources[key_of(path)].version += 1
                return
        raise KeyError(url)
