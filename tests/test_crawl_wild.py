"""The crawler against the second simulator (nianbao/world/wild.py, written apart from
nianbao/world/simulator): one real crawl (`crawler.run.run_crawl`) reads every portal; the tests
check recall, decoys, robots.txt and duplicate fetches per portal, so a failure stays isolated.
"""
from __future__ import annotations

import json
import sqlite3
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from w3lib.url import canonicalize_url

from nianbao.world.simulator import CRAWL_ARGS
from nianbao.world.wild import BUILDERS, Server, Site

# ====================================================================== the crawl
@pytest.fixture(scope="module")
def wild(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wild")
    sites = [b(i) for i, b in enumerate(BUILDERS)]
    server = Server(sites)
    server.start()
    try:
        registry = folder / "portals.yml"
        registry.write_text(yaml.safe_dump([s.entry() for s in sites], allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
        from crawler.run import run_crawl

        code = run_crawl(portals=str(registry), only=[], db_path=str(folder / "nianbao.db"),
                         data_dir=str(folder / "data"),
                         scrapy_args=CRAWL_ARGS + ["-s", "LOG_LEVEL=DEBUG"])
        db = sqlite3.connect(folder / "nianbao.db")
        db.row_factory = sqlite3.Row
        docs = [dict(r) for r in db.execute("SELECT * FROM documents")]
        (folder / "requests.json").write_text(json.dumps(server.log, ensure_ascii=False, indent=0), encoding="utf-8")
        yield dict(sites={s.id: s for s in sites}, log=list(server.log), docs=docs, code=code, folder=folder)
    finally:
        server.stop()


def canon(url: str) -> str:
    return canonicalize_url(url.split("#")[0])


def archived(w) -> dict[str, dict]:
    out = {}
    for d in w["docs"]:
        out[canon(d["url"])] = d
        for a in json.loads(d["aliases"] or "[]"):
            out[canon(a["url"])] = d
    return out


def site_sets(site: Site):
    """Canonical URLs of the site's reports and decoys (over its extra hosts too)."""
    exp, dec = set(), set()
    for s in [site, *site.extra_hosts]:
        exp |= {canon(s.url(p)) for p in s.expected}
        dec |= {canon(s.url(p)) for p in s.decoys}
    return exp, dec


def hosts_of(site: Site) -> set[str]:
    return {s.host for s in [site, *site.extra_hosts]}


# Cases that fail today; the reason says what goes wrong (see the session report).
XFAIL: dict[tuple[str, str], str] = {}


def cases(kind):
    out = []
    for b in BUILDERS:
        pid = "w-" + b.__name__.replace("_", "-")
        reason = XFAIL.get((pid, kind))
        out.append(pytest.param(pid, marks=pytest.mark.xfail(reason=reason, strict=True)) if reason else pid)
    return out


def test_the_crawl_ran(wild):
    assert wild["code"] == 0
    assert wild["docs"]


@pytest.mark.parametrize("pid", cases("recall"))
def test_every_report_found(wild, pid):
    site = wild["sites"][pid]
    exp, _ = site_sets(site)
    got = archived(wild)
    missing = sorted(u for u in exp if u not in got)
    assert missing == [], f"{len(missing)}/{len(exp)} missing"


@pytest.mark.parametrize("pid", cases("decoys"))
def test_no_decoy_archived(wild, pid):
    site = wild["sites"][pid]
    _, dec = site_sets(site)
    got = archived(wild)
    assert sorted(u for u in dec if u in got) == []


@pytest.mark.parametrize("pid", cases("robots"))
def test_no_robots_disallowed_request(wild, pid):
    site = wild["sites"][pid]
    bad = [(h, p) for h, m, p, k, st in wild["log"] if h in hosts_of(site)
           and (p.startswith(("/search/", "/preview", "/nb-private/")) or "print=1" in p)]
    assert bad == []


@pytest.mark.parametrize("pid", cases("dupes"))
def test_nothing_fetched_twice(wild, pid):
    site = wild["sites"][pid]
    seen: dict[str, int] = {}
    for h, m, p, k, st in wild["log"]:
        if h in hosts_of(site) and m == "GET" and k != "/robots.txt" and st == 200:
            seen[f"{h} {k}"] = seen.get(f"{h} {k}", 0) + 1
    assert {k: v for k, v in seen.items() if v > 1} == {}


@pytest.mark.parametrize("pid", cases("years"))
def test_report_years(wild, pid):
    """Every archived report of the portal carries the year it was served for."""
    site = wild["sites"][pid]
    got = archived(wild)
    wrong = []
    for s in [site, *site.extra_hosts]:
        for p, year in s.expected.items():
            d = got.get(canon(s.url(p)))
            if d is not None and d["year_hint"] != year:
                wrong.append((p, year, d["year_hint"]))
    assert wrong == []


@pytest.mark.parametrize("pid", ["w-jcms-a", "w-jcms-b"])
def test_jcms_records_asked_once(wild, pid):
    """Each record is asked from dataproxy.jsp once, by a POST naming the column and unit."""
    site = wild["sites"][pid]
    posts = [dict(parse_qsl(urlsplit(k.split(" ", 1)[1]).query)) for h, m, p, k, st in wild["log"]
             if h == site.host and m == "POST"]  # the key holds the query and the form
    assert posts
    asked = [r for q in posts for r in range(int(q["startrecord"]), int(q["endrecord"]) + 1)]
    assert len(asked) == len(set(asked))
    assert all(q.get("columnid") and q.get("unitid") for q in posts)


@pytest.mark.parametrize("pid", ["w-dir-a"])
def test_directory_reports_carry_their_department(wild, pid):
    site = wild["sites"][pid]
    got = archived(wild)
    wrong = []
    for s in [site, *site.extra_hosts]:
        for p in s.expected:
            d = got.get(canon(s.url(p)))
            dept = {"jyj": "某市教育局", "cz": "某市财政局", "zjj": "某市住房和城乡建设局", "wjw": "某市卫生健康委员会",
                    "gaj": "某市公安局"}[p.split("/")[2] if p.startswith("/bm/") else "gaj"]
            if d is not None and d["agency"] != dept:
                wrong.append((p, dept, d["agency"]))
    assert wrong == []
