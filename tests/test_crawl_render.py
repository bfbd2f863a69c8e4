"""The rendering fallback (issue 9): a 年报 list drawn only by script, whose API URL is computed
at run time from a ticket fetched first (simulator family `rendered`), crawled by the real
`scrapy crawl` on loopback, once without `render` in the registry and once with it.

Also in the crawl: a `rendered` portal whose script calls another host (a `target` portal after
it), portals with `render: true` whose lists the static readers read (a static list, a
list API called from a script file): they must not be rendered; and a `rendered` portal whose
page also names an old list endpoint that answers nothing: rendered after that answer.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections import Counter

import pytest

from crawler import registry
from nianbao.world.simulator import CRAWL_ARGS, FAST, Simulator

CHROMIUM = "/usr/bin/chromium"
PER_HOST = 2
SPECS = [
    {"family": "rendered", "formats": FAST, "quirks": ["robots"]},  # 0: render off
    {"family": "rendered", "formats": FAST, "quirks": ["robots"], "render": True},  # 1: render on
    {"family": "rendered", "formats": ["docx", "pdf"], "quirks": ["leak"], "render": True},  # 2: calls host 3
    {"family": "target"},  # 3
    {"family": "static", "formats": FAST, "render": True},  # 4: static list, never rendered
    {"family": "scriptlist", "formats": FAST, "render": True},  # 5: read statically, never rendered
    {"family": "rendered", "formats": FAST, "quirks": ["stale"], "render": True},  # 6: an empty endpoint first
]

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM),
                                reason=f"no Chromium at {CHROMIUM} (Debian's `chromium`, installed by .ci/install): "
                                       "the rendering fallback cannot run")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    from crawler.run import run_crawl

    folder = tmp_path_factory.mktemp("render")
    with Simulator(SPECS, seed=7, first_host=170) as sim:
        code = run_crawl(portals=str(sim.registry_path), only=[], db_path=str(folder / "nianbao.db"),
                         data_dir=str(folder), scrapy_args=CRAWL_ARGS)
        db = sqlite3.connect(folder / "nianbao.db")
        db.row_factory = sqlite3.Row
        docs = [dict(r) for r in db.execute("SELECT * FROM documents")]
        log = "\n".join(p.read_text(encoding="utf-8") for p in (folder / "logs").glob("*.log"))
        stats = {k: float(v) for k, v in re.findall(r"'(render/\w+)': ([\d.]+)", log)}
        yield dict(sim=sim, code=code, docs=docs, log=sim.request_log, peaks=sim.concurrency, stats=stats, text=log)


def portal(crawled, n):
    return crawled["sim"].portals[n]


def asked(crawled, p) -> list[tuple[str, str, int]]:
    return [(m, path, s) for _, h, m, path, s in crawled["log"] if h == p.host]


def test_the_crawl_ran(crawled):
    assert crawled["code"] == 0


def test_without_render_the_reports_are_not_found(crawled):
    p = portal(crawled, 0)
    assert len(p.expected) >= 5
    assert not [d for d in crawled["docs"] if d["portal_id"] == p.id]
    assert not [path for _, path, _ in asked(crawled, p) if path.startswith(("/svc/", "/auth/"))]


@pytest.mark.parametrize("n", [1, 2, 6])
def test_with_render_every_report_is_found_once(crawled, n):
    p = portal(crawled, n)
    urls = Counter(d["url"] for d in crawled["docs"] if d["portal_id"] == p.id)
    expected = {p.base + e["path"] for e in p.expected}
    assert len(expected) >= 5
    assert set(urls) == expected and max(urls.values()) == 1
    docs = {d["url"]: d for d in crawled["docs"]}
    for e in p.expected:
        assert (docs[p.base + e["path"]]["year_hint"], docs[p.base + e["path"]]["agency"]) == (e["year"], e["agency"])
    served = Counter(path for m, path, s in asked(crawled, p) if m == "GET" and s == 200)
    assert {k: v for k, v in served.items() if v > 1 and k != "/robots.txt"} == {}


@pytest.mark.parametrize("n", [1, 2, 6])
def test_the_list_api_is_paged_from_the_call_the_page_made(crawled, n):
    p = portal(crawled, n)
    pages = sorted(int(re.search(r"pageNo=(\d+)", path).group(1))
                   for _, path, s in asked(crawled, p) if path.startswith("/svc/nblist") and s == 200)
    assert len(pages) >= 2 and pages == list(range(1, len(pages) + 1))  # page 1 (the browser's) once, then 2, 3 …
    assert [path for _, path, _ in asked(crawled, p) if path == "/auth/ticket"] == ["/auth/ticket"]


@pytest.mark.parametrize("n", [0, 1, 2, 6])
def test_no_decoy_no_robots_violation_no_offsite_call(crawled, n):
    p = portal(crawled, n)
    fetched = {path.split("?")[0] for _, path, _ in asked(crawled, p)}
    assert not [d for d in p.decoys if d in fetched]
    assert not [f for f in fetched if f.startswith(("/preview/", "/search/"))]
    assert not {d["url"] for d in crawled["docs"] if d["portal_id"] == p.id} - {p.base + e["path"] for e in p.expected}


def test_a_call_to_another_host_is_refused(crawled):
    target = portal(crawled, 3)  # crawled as a portal of its own, but never asked for /stolen/
    assert [path for _, path, _ in asked(crawled, target) if path.startswith("/stolen/")] == []
    assert re.search(rf"refused http://{re.escape(target.host)}:\d+/stolen/a\.pdf", crawled["text"])  # by the host guard


def test_at_most_two_requests_per_host(crawled):
    for p in crawled["sim"].portals:
        assert crawled["peaks"].get(p.host, 0) <= PER_HOST, p.id


def test_only_the_pages_that_need_it_are_rendered(crawled):
    assert crawled["stats"].get("render/pages") == 3  # portals 1, 2 and 6; not the static or scriptlist ones
    assert crawled["stats"].get("render/failed", 0) == 0
    for n in (4, 5):  # read statically: every report, nothing rendered
        p = portal(crawled, n)
        got = {d["url"] for d in crawled["docs"] if d["portal_id"] == p.id}
        assert {p.base + e["path"] for e in p.expected} <= got


def test_a_page_whose_static_endpoint_answers_nothing_is_rendered_after_it(crawled):
    p = portal(crawled, 6)
    paths = [path for _, path, _ in asked(crawled, p)]
    stale = [i for i, path in enumerate(paths) if path.startswith("/api/nb/list.json")]
    ticket = paths.index("/auth/ticket")  # the browser's first call
    assert len(stale) == 1 and stale[0] < ticket


def test_script_files_are_fetched_once_for_static_reading_and_rendering(crawled):
    for n in (1, 2, 6):
        p = portal(crawled, n)
        assert [path for _, path, _ in asked(crawled, p) if path.endswith(".js")] == ["/static/js/nb.app.js"]
        assert not [path for _, path, _ in asked(crawled, p) if path.endswith(".css")]


def test_the_registry_field_is_a_boolean():
    entry = dict(id="x", agency="某市人民政府", region="某市", url="https://www.example.gov.cn/", platform="static")
    assert registry.validate([dict(entry, render=True)])[0]["render"] is True
    with pytest.raises(registry.RegistryError, match="render"):
        registry.validate([dict(entry, render="yes")])
    assert json.dumps(registry.validate([entry]))  # off when absent
