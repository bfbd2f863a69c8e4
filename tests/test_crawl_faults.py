"""The crawler under faults and hostile portals (issue 10), against the loopback simulator with
real `nianbao crawl` processes: an attachment down for a night, a kill between a page and its
file, redirects off the portal, an endless pager, Ctrl-C and the death of `nianbao crawl`, and
a county site (GBK, 下一页, plain attachments) whose server sends no validators."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from nianbao.world.simulator import Simulator

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_TIMEOUT=3",
        "-s", "RETRY_TIMES=1", "-s", "NIANBAO_RETRY_BACKOFF=0.05"]


def crawl(registry, folder: Path, *extra, only=(), wait=True):
    cmd = [sys.executable, "-m", "nianbao.cli", "crawl", "--portals", str(registry), "--db", str(folder / "nianbao.db"),
           "--data-dir", str(folder), "--no-extract", *[a for o in only for a in ("--only", o)], *FAST, *extra]
    if not wait:
        return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=240)


def rows(folder: Path, sql: str, args=()) -> list[dict]:
    db = sqlite3.connect(folder / "nianbao.db")
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute(sql, args)]


def documents(folder: Path) -> set[str]:
    return {d["url"] for d in rows(folder, "SELECT url FROM documents")}


def archived(folder: Path) -> set[str]:
    out = set()
    for d in rows(folder, "SELECT url, aliases FROM documents"):
        out.add(d["url"])
        out.update(a["url"] for a in json.loads(d["aliases"] or "[]"))
    return out


def last_run(folder: Path) -> dict:
    return rows(folder, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def served(sim, since: int = 0) -> list[tuple[str, str, int]]:
    return [(sim.url_of(h, p), m, s) for _, h, m, p, s in sim.request_log[since:]]


# ---------------------------------------------------------------- no document lost
def test_an_attachment_down_on_night_one_is_archived_on_night_two(tmp_path):
    with Simulator(portals=[{"family": "trs", "quirks": ["outage"], "formats": ["docx", "pdf"]},
                            {"family": "jcms", "quirks": ["outage"], "formats": ["docx"]}], seed=3) as sim:
        down = set(sim.faults["outage"])
        assert down
        expected = {e["url"] for e in sim.expected}
        first = crawl(sim.registry_path, tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
        assert archived(tmp_path) == expected - down  # the outage cost the night those files
        failed = {r["url"]: r for r in rows(tmp_path, "SELECT * FROM crawl_urls WHERE state = 'failed'")}
        assert set(failed) == down and {r["last_error"] for r in failed.values()} == {"http_503"}
        pages = {e["page_url"] for e in sim.expected if e["url"] in down}
        before = len(sim.request_log)
        assert crawl(sim.registry_path, tmp_path).returncode == 0
        night2 = served(sim, before)
        assert {u for u, _, s in night2 if s == 304} >= pages  # the pages were unchanged…
        assert archived(tmp_path) == expected  # …and their files were asked for all the same
        assert rows(tmp_path, "SELECT count(*) n FROM crawl_urls WHERE state = 'failed'")[0]["n"] == 0
        before = len(sim.request_log)
        assert crawl(sim.registry_path, tmp_path).returncode == 0  # night three: nothing new, nothing lost
        assert not [u for u, _, s in served(sim, before) if s == 200 and u in expected]
        assert archived(tmp_path) == expected and len(rows(tmp_path, "SELECT sha256 FROM documents")) == len(expected)


def test_failures_back_off_over_runs():
    from nianbao.store.crawl_urls import backoff

    assert [backoff(n, 3600) / 3600 for n in (1, 2, 3, 4, 5, 6)] == [0, 1, 3, 7, 15, 31]
    assert backoff(40, 3600) == 30 * 86400


def test_a_kill_between_a_page_and_its_file_loses_nothing(tmp_path):
    """The article (which embeds the report) is archived, its attachment is still on its way
    (slow), the crawl is killed: the rerun gets 304 for the article and still fetches the file."""
    with Simulator(portals=[{"family": "trs", "quirks": ["slow_files"], "formats": ["docx"]}], seed=5) as sim:
        slow = {e["url"] for e in sim.expected if e["page_url"] != e["url"] and e["page_url"]}
        pages = {e["page_url"] for e in sim.expected if e["url"] in slow}
        proc = crawl(sim.registry_path, tmp_path, wait=False)
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            try:
                if archived(tmp_path) & pages:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.02)
        child = rows(tmp_path, "SELECT pid FROM crawl_runs")[0]["pid"]
        os.kill(child, signal.SIGKILL)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert archived(tmp_path) & pages and not archived(tmp_path) >= slow
        again = crawl(sim.registry_path, tmp_path)
        assert again.returncode == 0, again.stderr[-2000:]
        assert archived(tmp_path) == {e["url"] for e in sim.expected}
        assert [r["finish_reason"] for r in rows(tmp_path, "SELECT finish_reason FROM crawl_runs ORDER BY id")] == [
            "killed", "finished"]


# ---------------------------------------------------------------- nothing off the portal
def test_redirects_stay_on_the_portal_and_chains_are_followed_to_the_end(tmp_path):
    with Simulator(portals=[{"family": "hostile"}, {"family": "target"}], seed=1) as sim:
        hostile, target = sim.portals
        out = crawl(sim.registry_path, tmp_path, only=[hostile.id])
        assert out.returncode == 0, out.stderr[-2000:]
        log = sim.request_log
        assert not [r for r in log if r[1] == target.host]  # not one request, not even robots.txt
        assert not [r for r in log if r[1] == hostile.host and r[3].startswith("/stolen/")]
        assert documents(tmp_path) == {e["url"] for e in sim.expected if e["portal_id"] == hostile.id}
        kinds = json.loads(last_run(tmp_path)["errors_by_kind"])
        refused = kinds.get("offsite_redirect", 0) + kinds.get("offsite", 0)
        assert refused == len(hostile.faults["offsite"]) - 1, kinds  # the file:// one Scrapy never follows:
        assert kinds.get("http_301", 0) + kinds.get("http_302", 0) == 1, kinds  # it stays a 30x answer
        assert not {"timeout", "connection_refused", "dns"} & set(kinds), kinds
        # the registry's `hosts` field lets a portal's redirects reach a host it names
        entries = yaml.safe_load(sim.registry_path.read_text())
        entries[0]["hosts"] = [target.host]
        registry = tmp_path / "with-hosts.yml"
        registry.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
        before = len(sim.request_log)
        assert crawl(registry, tmp_path / "again", only=[hostile.id]).returncode == 0
        fetched = {p for _, h, _, p, s in sim.request_log[before:] if h == target.host and s == 200}
        assert {"/stolen/a.pdf", "/stolen/b.pdf", "/stolen/d.html"} <= fetched
        assert "/latest/meta-data/" not in " ".join(p for *_, p, _ in sim.request_log)


def test_private_addresses_are_refused_unless_the_portal_is_private():
    from crawler.guard import forbidden, registered_hosts

    for addr in ("169.254.169.254", "127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "100.64.0.1", "0.0.0.0",
                 "::1", "fe80::1", "fd00::1", "::ffff:169.254.169.254", "224.0.0.1"):
        assert forbidden(addr), addr
    for addr in ("8.8.8.8", "202.108.22.5", "2001:4860:4860::8888"):
        assert not forbidden(addr), addr
    from crawler.guard import network_of

    assert network_of("127.0.0.81") == network_of("127.0.0.2") and network_of("169.254.169.254") is None
    assert network_of("10.0.0.1") != network_of("192.168.1.1")
    assert registered_hosts({"url": "http://www.a.gov.cn/x/", "start_urls": ["https://b.gov.cn/"],
                             "hosts": ["c.gov.cn", "https://d.gov.cn:8443/p"]}) == {
        "www.a.gov.cn", "b.gov.cn", "c.gov.cn", "d.gov.cn"}


def test_a_private_host_the_registry_does_not_name_is_refused(tmp_path):
    """A loopback portal without allow_private: its own (named) host is crawled, the redirects to
    hosts it does not name are refused (localhost and the metadata address among them)."""
    with Simulator(portals=[{"family": "hostile"}, {"family": "target"}], seed=2) as sim:
        entries = yaml.safe_load(sim.registry_path.read_text())
        entries[0].pop("allow_private")
        registry = tmp_path / "strict.yml"
        registry.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
        assert crawl(registry, tmp_path, only=[entries[0]["id"]]).returncode == 0
        assert documents(tmp_path) == {e["url"] for e in sim.expected if e["portal_id"] == entries[0]["id"]}
        assert not [r for r in sim.request_log if r[1] == sim.portals[1].host]


# ---------------------------------------------------------------- bounded crawls
def test_an_endless_pager_ends_at_the_depth_and_page_caps(tmp_path):
    with Simulator(portals=[{"family": "endless"}], seed=0) as sim:
        out = crawl(sim.registry_path, tmp_path, "-s", "NIANBAO_MAX_DEPTH=25")
        assert out.returncode == 0, out.stderr[-2000:]
        pages = [p for _, _, _, p, _ in sim.request_log if p.startswith("/list/")]
        assert 20 <= len(pages) <= 26
        assert archived(tmp_path) == {e["url"] for e in sim.expected}
        run = last_run(tmp_path)
        assert run["finish_reason"] == "finished" and json.loads(run["errors_by_kind"]) == {"depth_cap": 1}
        assert "depth_cap" in out.stderr
        entries = yaml.safe_load(sim.registry_path.read_text())
        entries[0]["max_pages"] = 8
        registry = tmp_path / "capped.yml"
        registry.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
        before = len(sim.request_log)
        assert crawl(registry, tmp_path / "b").returncode == 0
        assert len([p for _, _, _, p, _ in sim.request_log[before:] if p.startswith("/list/")]) <= 8
        assert json.loads(last_run(tmp_path / "b")["errors_by_kind"]) == {"page_cap": 1}


def test_ctrl_c_ends_the_crawl_with_a_summary(tmp_path):
    with Simulator(portals=[{"family": "endless"}], seed=0) as sim:
        proc = crawl(sim.registry_path, tmp_path, "-s", "DOWNLOAD_DELAY=0.2", wait=False)
        deadline = time.time() + 60
        while time.time() < deadline and len([r for r in sim.request_log if r[3].startswith("/list/")]) < 5:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130
        assert "Aborted!" not in err and "Traceback" not in err
        assert "crawl run 1: shutdown" in err and "interrupted" in err
        run = last_run(tmp_path)
        assert run["finish_reason"] == "shutdown" and run["pages_fetched"] >= 5


def test_killing_nianbao_crawl_ends_the_scrapy_child_and_marks_the_run(tmp_path):
    with Simulator(portals=[{"family": "endless"}], seed=0) as sim:
        proc = crawl(sim.registry_path, tmp_path, "-s", "DOWNLOAD_DELAY=0.2", wait=False)
        deadline = time.time() + 60
        child = None
        while time.time() < deadline and child is None:
            time.sleep(0.1)
            try:
                child = (rows(tmp_path, "SELECT pid FROM crawl_runs") or [{}])[0].get("pid")
            except sqlite3.OperationalError:
                pass
        jobdir = next((tmp_path / "jobs").iterdir())
        assert jobdir.exists()
        proc.kill()
        proc.wait()
        for _ in range(100):
            if not Path(f"/proc/{child}").exists():
                break
            time.sleep(0.05)
        assert not Path(f"/proc/{child}").exists(), "the Scrapy child outlived nianbao crawl"
        assert last_run(tmp_path)["finish_reason"] == "killed"
        assert not jobdir.exists()  # JOBDIR of a killed crawl removed


# ---------------------------------------------------------------- issue 9 leftovers
def test_county_site_gbk_pager_plain_attachments_and_a_cheap_second_night(tmp_path):
    with Simulator(portals=[{"family": "county"}], seed=4) as sim:
        out = crawl(sim.registry_path, tmp_path)
        assert out.returncode == 0, out.stderr[-2000:]
        expected = {e["url"] for e in sim.expected}
        assert len(expected) == 10 and archived(tmp_path) == expected
        docs = {d["url"]: d for d in rows(tmp_path, "SELECT url, format, year_hint FROM documents")}
        assert {(docs[e["url"]]["format"], docs[e["url"]]["year_hint"]) for e in sim.expected} == {
            (e["format"], e["year"]) for e in sim.expected}
        night1 = len(sim.request_log)
        assert crawl(sim.registry_path, tmp_path).returncode == 0
        again = [(u, s) for u, _, s in served(sim, night1) if u in expected]
        assert again == []  # no validators: documents are re-checked only every NIANBAO_RECHECK_DAYS
        run = last_run(tmp_path)
        assert (run["reports_new"], run["reports_unchanged"]) == (0, 10)
        before = len(sim.request_log)
        assert crawl(sim.registry_path, tmp_path / "eager", "-s", "NIANBAO_RECHECK_DAYS=0").returncode == 0
        assert crawl(sim.registry_path, tmp_path / "eager", "-s", "NIANBAO_RECHECK_DAYS=0").returncode == 0
        refetched = [u for u, _, s in served(sim, before) if u in expected and s == 200]
        assert len(refetched) == 20  # with the policy off, every night downloads every file again
