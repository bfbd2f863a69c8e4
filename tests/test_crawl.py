"""The crawler against the portal simulator: real `nianbao crawl` / `scrapy crawl` processes,
real HTTP on loopback addresses, a real SQLite archive.

One simulator with every family and fault is crawled once by the CLI; the tests read that
crawl, then a second crawl after one document changed.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from nianbao.world.simulator import Simulator

ROOT = Path(__file__).resolve().parent.parent
# Politeness delays off (AutoThrottle too) so tests are fast and requests to a host are sent as
# fast as the per-host limit allows, which stays at the shipped setting.
FAST = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_TIMEOUT=2",
        "-s", "NIANBAO_RETRY_BACKOFF=0.05", "-s", "RETRY_TIMES=2", "-s", "LOG_LEVEL=INFO"]
PER_HOST = 2  # CONCURRENT_REQUESTS_PER_DOMAIN in crawler/settings.py


def crawl_cli(sim, folder: Path, *extra) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", str(sim.registry_path),
           "--db", str(folder / "nianbao.db"), "--data-dir", str(folder), "--no-extract", *FAST, *extra]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def rows(folder: Path, sql: str, args=()) -> list[dict]:
    db = sqlite3.connect(folder / "nianbao.db")
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute(sql, args)]


def archived_urls(folder: Path) -> set[str]:
    out = set()
    for d in rows(folder, "SELECT url, aliases FROM documents"):
        out.add(d["url"])
        out.update(a["url"] for a in json.loads(d["aliases"] or "[]"))
    return out


def url_of(sim, host: str, path: str) -> str:
    return f"http://{host}:{sim.port}{path}"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The default simulator (every family, every fault), crawled once by `nianbao crawl`."""
    folder = tmp_path_factory.mktemp("crawl")
    with Simulator(seed=0) as sim:
        first = crawl_cli(sim, folder)
        log1 = sim.request_log
        yield sim, folder, first, log1


def test_crawl_command_succeeds_and_prints_a_summary(crawled):
    sim, folder, first, _ = crawled
    assert first.returncode == 0, first.stderr[-3000:]
    assert "crawl run 1: finished" in first.stderr
    for portal in sim.registry():
        assert portal["id"] in first.stderr


def test_every_report_found_with_its_year_and_agency(crawled):
    sim, folder, _, _ = crawled
    assert len(sim.expected) >= 35
    docs = {d["url"]: d for d in rows(folder, "SELECT * FROM documents")}
    missing = [e["url"] for e in sim.expected if e["url"] not in archived_urls(folder)]
    assert missing == []
    for e in sim.expected:
        d = docs[e["url"]]
        assert (d["format"], d["year_hint"], d["agency"], d["portal_id"]) == (
            e["format"], e["year"], e["agency"], e["portal_id"]), e["url"]
    # every family and file format is among them
    assert {e["format"] for e in sim.expected} >= {"html", "pdf", "doc", "docx", "wps", "image"}


def test_article_page_and_its_attachment_are_both_kept(crawled):
    sim, folder, _, _ = crawled
    docs = {d["url"]: d for d in rows(folder, "SELECT * FROM documents")}
    pages = {e["url"] for e in sim.expected if e["format"] == "html" and e["page_url"] == e["url"]}
    attached = [e for e in sim.expected if e["page_url"] in pages and e["url"] != e["page_url"]]
    assert attached, "the simulator serves articles that embed and attach the same report"
    for e in attached:
        assert docs[e["url"]]["page_url"] == e["page_url"]
        assert docs[e["page_url"]]["format"] == "html"


def test_no_decoy_and_no_robots_disallowed_fetch(crawled):
    sim, folder, _, log = crawled
    fetched = {url_of(sim, h, p) for _, h, _, p, _ in log}
    assert sim.decoys and not [d for d in sim.decoys if d in fetched]
    assert not [p for _, _, _, p, _ in log if p.startswith(("/preview/", "/search/"))]
    expected = {e["url"] for e in sim.expected}
    assert {d["url"] for d in rows(folder, "SELECT url FROM documents")} <= expected


def test_no_document_fetched_twice(crawled):
    sim, _, _, log = crawled
    served = {}
    for _, host, method, path, status in log:
        if status == 200 and method == "GET":
            served.setdefault(url_of(sim, host, path), 0)
            served[url_of(sim, host, path)] += 1
    twice = {u: n for u, n in served.items() if n > 1 and not u.endswith("robots.txt")}
    assert twice == {}
    assert not [p for _, _, _, p, _ in log if "from=list" in p]


def test_per_host_concurrency_within_the_setting(crawled):
    sim, _, _, _ = crawled
    peaks = sim.concurrency
    assert len(peaks) >= 8
    assert max(peaks.values()) == PER_HOST  # reached (requests did overlap), never passed


def test_archive_is_content_addressed(crawled):
    _, folder, _, _ = crawled
    docs = rows(folder, "SELECT sha256, path, size FROM documents")
    files = sorted(p for p in (folder / "raw").rglob("*") if p.is_file())
    assert len(files) == len(docs)
    for d in docs:
        data = (folder / d["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == d["sha256"] and len(data) == d["size"]
        assert d["path"] == f"raw/{d['sha256'][:2]}/{Path(d['path']).name}"


def test_broken_sites_are_counted_and_the_crawl_goes_on(crawled):
    sim, folder, _, _ = crawled
    run = rows(folder, "SELECT * FROM crawl_runs WHERE id = 1")[0]
    assert run["finish_reason"] == "finished"
    kinds = json.loads(run["errors_by_kind"])
    for kind in ("timeout", "http_500", "http_404", "connection_refused", "too_large", "junk", "redirect_loop"):
        assert kinds.get(kind, 0) >= 1, (kind, kinds)
    per = json.loads(run["per_portal"])
    broken = [p["id"] for p in sim.registry() if "broken" in p["id"] or "refused" in p["id"]]
    for pid in broken:
        assert per[pid]["errors"] and per[pid]["reports_new"] == 0
    assert run["reports_new"] == len(sim.expected) == run["reports_found"]
    assert run["pages_fetched"] > run["reports_new"]


def test_second_run_asks_conditionally_and_refetches_only_the_changed_document(crawled):
    sim, folder, _, _ = crawled
    changed = next(e for e in sim.expected if e["format"] == "pdf")
    sim.touch(changed["url"])
    before = len(sim.request_log)
    second = crawl_cli(sim, folder)
    assert second.returncode == 0, second.stderr[-3000:]
    log = sim.request_log[before:]
    expected = {e["url"] for e in sim.expected}
    status = {}
    for _, host, method, path, code in log:
        u = url_of(sim, host, path)
        if u in expected:
            status.setdefault(u, []).append(code)
    assert status.pop(changed["url"]) == [200]
    assert {u: c for u, c in status.items() if c != [304]} == {}
    assert len(status) == len(expected) - 1  # every document was asked about again
    run = rows(folder, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert (run["reports_new"], run["reports_unchanged"]) == (1, len(expected) - 1)
    versions = rows(folder, "SELECT sha256 FROM documents WHERE url = ?", [changed["url"]])
    assert len(versions) == 2  # the corrected file is kept beside the old one
    assert len(rows(folder, "SELECT sha256 FROM documents")) == len(expected) + 1


def test_report_behind_a_redirect_chain_is_archived_under_its_final_url(crawled):
    sim, folder, _, log = crawled
    starts = {(h, p) for _, h, _, p, s in log if p.startswith("/r/") and s == 301}
    assert starts
    for host, path in starts:
        portal = next(p for p in sim.portals if p.host == host)
        while portal.resources[path].location:
            path = portal.resources[path].location
        assert url_of(sim, host, path) in archived_urls(folder)
