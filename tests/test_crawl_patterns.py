"""The real portals' patterns (issue 9) against the simulator: one portal per pattern, crawled
once by the real `scrapy crawl` on loopback, then each pattern checked on its own portal.

Patterns: a list whose $.getJSON call is in a separate script file (scriptlist), Guangdong
gkmlpt shells, older JCMS (InitData array + ajaxParam, no total; and ?uid=&pageNum= pages),
TRS 海云 (static first page + search API named in model.min.js; ms-attr-href 全真版 links),
TRS table-row columns titled by the year alone with reports split over three pages
(trs_table), and departments whose 年报 column is reached by a block's 「更多」 link.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from urllib.parse import urlsplit

import pytest

from nianbao.world.simulator import CRAWL_ARGS, PATTERNS, Simulator

PER_HOST = 2


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    from crawler.run import run_crawl

    folder = tmp_path_factory.mktemp("patterns")
    with Simulator(PATTERNS, seed=3, first_host=120) as sim:
        code = run_crawl(portals=str(sim.registry_path), only=[], db_path=str(folder / "nianbao.db"),
                         data_dir=str(folder), scrapy_args=CRAWL_ARGS)
        db = sqlite3.connect(folder / "nianbao.db")
        db.row_factory = sqlite3.Row
        docs = [dict(r) for r in db.execute("SELECT * FROM documents")]
        yield dict(sim=sim, code=code, docs=docs, log=sim.request_log, peaks=sim.concurrency, folder=folder)


def archived(docs) -> set[str]:
    out = set()
    for d in docs:
        out.add(d["url"])
        out.update(a["url"] for a in json.loads(d["aliases"] or "[]"))
    return out


def by_family(sim):
    out = {}
    for p in sim.portals:
        key = p.family + ("-uid" if "uid=" in "".join(p.resources) else "")
        out[key] = p
    return out


FAMILIES = ["scriptlist", "gkmlpt", "jcms_old", "jcms_old-uid", "haiyun", "trs_table", "more_blocks"]


def test_the_crawl_ran(crawled):
    assert crawled["code"] == 0


@pytest.mark.parametrize("family", FAMILIES)
def test_every_report_of_the_pattern_is_archived(crawled, family):
    p = by_family(crawled["sim"])[family]
    got = archived(crawled["docs"])
    expected = [p.base + e["path"] for e in p.expected]
    assert len(expected) >= 2
    assert [u for u in expected if u not in got] == []
    docs = {d["url"]: d for d in crawled["docs"]}
    for e in p.expected:
        d = docs.get(p.base + e["path"])
        if d:
            assert (d["year_hint"], d["agency"]) == (e["year"], e["agency"]), e


@pytest.mark.parametrize("family", FAMILIES)
def test_no_decoy_no_duplicate_and_polite(crawled, family):
    sim, log = crawled["sim"], crawled["log"]
    p = by_family(sim)[family]
    mine = [(m, path, s) for _, h, m, path, s in log if h == p.host]
    fetched = {path for _, path, _ in mine}
    assert not [d for d in p.decoys if d in fetched]
    served = Counter(path for m, path, s in mine if m == "GET" and s == 200)
    assert {k: v for k, v in served.items() if v > 1 and k != "/robots.txt"} == {}
    assert not [path for _, path, _ in mine if path.startswith(("/preview/", "/search/"))]
    assert crawled["peaks"].get(p.host, 0) <= PER_HOST
    urls = {p.base + e["path"] for e in p.expected}
    assert {d["url"] for d in crawled["docs"] if d["portal_id"] == p.id} <= urls


def test_multi_page_articles_are_one_document_with_their_pages_joined(crawled):
    p = by_family(crawled["sim"])["trs_table"]
    docs = {d["url"]: d for d in crawled["docs"]}
    for e in p.expected:
        d = docs[p.base + e["path"]]
        assert [a["url"] for a in json.loads(d["aliases"])] == [p.base + x for x in e["parts"][1:]]
        body = (crawled["folder"] / d["path"]).read_text(encoding="utf-8")
        pieces = [p.resources[x].bytes().decode("utf-8") for x in e["parts"]]
        marks = [piece.split('<div class="TRS_Editor">')[1][:80] for piece in pieces]
        at = [body.index(m) for m in marks]
        assert at == sorted(at) and len(set(at)) == 3  # every page, in order
        assert d["format"] == "html"


def test_the_wrong_trs_pager_urls_are_never_asked(crawled):
    p = by_family(crawled["sim"])["trs_table"]
    asked = {path for _, h, _, path, _ in crawled["log"] if h == p.host}
    assert not [a for a in asked if a.rsplit("/", 1)[-1].count("_") == 1 and a.endswith("_1.html")
                and len(a.rsplit("/", 1)[-1]) < 15]
    assert not [path for _, h, _, path, s in crawled["log"] if h == p.host and s == 404]


def test_script_files_are_read_once_and_libraries_never(crawled):
    log, sim = crawled["log"], crawled["sim"]
    scripts = Counter((h, path) for _, h, _, path, _ in log if path.endswith(".js"))
    assert scripts and max(scripts.values()) == 1
    assert not [path for (_, path) in scripts if "jquery" in path]
    haiyun = by_family(sim)["haiyun"]
    assert (haiyun.host, "/images/model.min.js") in scripts


def test_requests_per_host_stay_small(crawled):
    """Requests each pattern's portal received, for the record (and a ceiling)."""
    per = Counter(h for _, h, _, _, _ in crawled["log"])
    for p in crawled["sim"].portals:
        assert per[p.host] <= 6 * max(1, len(p.expected)) + 12, (p.id, per[p.host])


def test_second_night_fetches_the_changed_and_asks_the_rest_conditionally(crawled):
    from crawler.run import run_crawl

    sim, folder = crawled["sim"], crawled["folder"]
    fams = by_family(sim)
    changed = [fams["trs_table"].base + fams["trs_table"].expected[0]["path"],
               next(fams["gkmlpt"].base + e["path"] for e in fams["gkmlpt"].expected if e["format"] != "html")]
    for url in changed:
        sim.touch(url)
    before = len(sim.request_log)
    assert run_crawl(portals=str(sim.registry_path), only=[], db_path=str(folder / "nianbao.db"),
                     data_dir=str(folder), scrapy_args=CRAWL_ARGS) == 0
    log = sim.request_log[before:]
    expected = {e["url"] for e in sim.expected}
    status = {}
    for _, host, method, path, code in log:
        u = f"http://{host}:{sim.port}{path}"
        if u in expected:
            status.setdefault(u, []).append(code)
    for url in changed:
        assert status[url] == [200], url
    unchanged = {u: c for u, c in status.items() if u not in changed}
    assert unchanged and all(c == [304] for c in unchanged.values()), unchanged
    db = sqlite3.connect(folder / "nianbao.db")
    assert all(db.execute("SELECT count(*) FROM documents WHERE url = ?", [u]).fetchone()[0] == 2 for u in changed)
