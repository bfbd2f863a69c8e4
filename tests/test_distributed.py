"""Issue 12, on a real redis-server: crawler processes sharing one scrapy-redis queue (their
records stored by the crawl's one writer) and RQ extraction workers give the archive one
process would, nothing lost, nothing doubled; a shared crawl stopped with Ctrl-C resumes; a
crawler on a machine without the database sends what it finds to the writer."""
from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest

from nianbao.world.simulator import CRAWL_ARGS, Simulator
from tests.redis_server import redis_server

ROOT = Path(__file__).resolve().parent.parent
SPECS = [{"family": f, "formats": ["docx", "html"]} for f in ("trs", "jcms", "jsonapi", "static", "directory", "auto")]
TTL = ["-s", "NIANBAO_REDIS_TTL=3"]  # a killed process stops counting after 3 s


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture(scope="module")
def sim():
    with Simulator(portals=SPECS, seed=7) as s:
        yield s


@contextmanager
def writer(folder: Path, redis_url: str, name: str):
    """The crawl's one writer (crawler.records.Writer), as `nianbao crawl --redis` runs it
    beside its crawl processes: stopped once the crawl is over."""
    from crawler.records import Writer

    w = Writer(redis_url, name, folder / "nianbao.db", folder).start()
    try:
        yield w
    except BaseException:
        w.stop(interrupted=True)
        raise
    w.stop()


def crawlers(sim, folder: Path, redis_url: str, name: str, n: int, *extra) -> list[subprocess.Popen]:
    from crawler.run import command

    return [subprocess.Popen(command(sim.registry_path, [], folder / "nianbao.db", folder, [*CRAWL_ARGS, *TTL, *extra],
                                     folder / f"crawl-{name}-{i}.log", None, redis_url, name),
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(n)]


def documents(folder: Path) -> list[tuple]:
    db = sqlite3.connect(folder / "nianbao.db")
    return sorted(db.execute("SELECT url, sha256 FROM documents").fetchall())


def archived(folder: Path) -> int:
    try:
        return len(documents(folder))
    except sqlite3.OperationalError:  # not created yet
        return 0


def runs(folder: Path) -> list[tuple]:
    try:
        return sqlite3.connect(folder / "nianbao.db").execute("SELECT finish_reason, jobdir FROM crawl_runs").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []


def log_tails(folder: Path) -> str:
    return "\n".join(f"{p.name}: …{p.read_text(errors='replace')[-1500:]}" for p in sorted(folder.glob("*.log")))


def expected_paths(sim) -> set[str]:
    return {e["url"].split(str(sim.port), 1)[1] for e in sim.expected}


@pytest.fixture(scope="module")
def shared(sim, redis_url, tmp_path_factory):
    """Three crawl processes, one queue: (folder, simulator log of their requests)."""
    folder = tmp_path_factory.mktemp("three")
    before = len(sim.request_log)
    # Each process takes up to CONCURRENT_REQUESTS requests from the shared queue into its own
    # downloader: with six hosts, 4 leaves work for the others (and a small delay lets the crawl
    # outlast the processes' start on a busy machine).
    with writer(folder, redis_url, "three"):
        procs = crawlers(sim, folder, redis_url, "three", 3, "-s", "DOWNLOAD_DELAY=0.1", "-s",
                         "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS=4")
        assert [p.wait(timeout=300) for p in procs] == [0, 0, 0], log_tails(folder)
    return folder, sim.request_log[before:]


def test_three_crawlers_cover_every_report_exactly_once(sim, shared):
    folder, log = shared
    assert [u for u, _ in documents(folder)] == sorted(e["url"] for e in sim.expected)
    paths = expected_paths(sim)
    fetched = Counter((host, path) for _, host, method, path, status in log
                      if method == "GET" and status == 200 and path in paths)
    assert len(fetched) == len(sim.expected) and set(fetched.values()) == {1}  # each report downloaded once
    runs = sqlite3.connect(folder / "nianbao.db").execute(
        "SELECT finish_reason, pages_fetched, reports_new FROM crawl_runs").fetchall()
    assert [r[0] for r in runs] == ["finished"] * 3
    assert sum(r[2] for r in runs) == len(sim.expected)
    assert sum(1 for r in runs if r[1]) >= 2  # the work was shared


def test_killing_one_crawler_loses_nothing(sim, redis_url, tmp_path):
    with writer(tmp_path, redis_url, "kill"):
        procs = crawlers(sim, tmp_path, redis_url, "kill", 3, "-s", "DOWNLOAD_DELAY=0.3", "-s",
                         "AUTOTHROTTLE_ENABLED=0")
        deadline = time.time() + 120
        while archived(tmp_path) < 6 and time.time() < deadline:
            time.sleep(0.1)
        victim = procs[0]
        assert victim.poll() is None, "the crawl ended before it could be killed"
        victim.send_signal(signal.SIGKILL)
        assert [p.wait(timeout=300) for p in procs[1:]] == [0, 0], log_tails(tmp_path)  # the others finish
    # the writer marked the killed process's run; what it held comes back with the next crawl of
    # that name, as after any kill
    with writer(tmp_path, redis_url, "kill"):
        assert [p.wait(timeout=300) for p in crawlers(sim, tmp_path, redis_url, "kill", 1)] == [0]
    docs = documents(tmp_path)
    assert [u for u, _ in docs] == sorted(e["url"] for e in sim.expected)
    files = [p for p in (tmp_path / "raw").rglob("*") if p.is_file()]
    assert len(files) == len(docs) and not [p for p in files if p.suffix == ".part"]
    reasons = [r for (r,) in sqlite3.connect(tmp_path / "nianbao.db").execute("SELECT finish_reason FROM crawl_runs")]
    assert sorted(reasons) == ["finished", "finished", "finished", "killed"]


def extracted(folder: Path) -> dict[str, list]:
    db = sqlite3.connect(folder / "nianbao.db")
    cols = [c[1] for c in db.execute("PRAGMA table_info(reports)") if c[1] not in ("seconds", "extracted_at")]
    return {"reports": sorted(db.execute(f"SELECT {', '.join(cols)} FROM reports").fetchall(), key=repr),
            **{t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in ("cells", "checks", "sections")}}


def test_three_extraction_workers_give_the_same_database_as_one(shared, redis_url, tmp_path):
    from extract.queue import extract_pending_redis

    out = {}
    for n in (1, 3):
        folder = tmp_path / f"w{n}"
        shutil.copytree(shared[0], folder, ignore=shutil.ignore_patterns("*.log", "jobs"))
        reports = extract_pending_redis(folder / "nianbao.db", redis_url, data_dir=folder, workers=n, quiet=True)
        assert len(reports) == len(documents(folder))
        out[n] = extracted(folder)
    assert out[1]["reports"] and all(r for r in out[1].values())
    assert out[3] == out[1]
    statuses = Counter(r for (r,) in sqlite3.connect(tmp_path / "w3" / "nianbao.db").execute("SELECT status FROM reports"))
    assert statuses["ok"] == len(documents(tmp_path / "w3"))


def nianbao_crawl(sim, redis_url: str, db: Path, data: Path, name: str, *options) -> subprocess.Popen:
    """`nianbao crawl --redis` as an operator runs it (the writer, and its crawl processes)."""
    return subprocess.Popen([sys.executable, "-m", "nianbao.cli", "crawl", "--portals", str(sim.registry_path),
                             "--db", str(db), "--data-dir", str(data), "--redis", redis_url, "--crawl-name", name,
                             "--no-extract", *options, *CRAWL_ARGS, *TTL],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def start_paths(sim) -> set[str]:
    from crawler import registry

    return {u.split(str(sim.port), 1)[1] for e in registry.load(sim.registry_path)
            for u in e.get("start_urls") or [e["url"]]}


def test_ctrl_c_pauses_a_shared_crawl_and_the_next_one_resumes_it(sim, redis_url, tmp_path):
    """SIGINT to `nianbao crawl --redis` stops its processes cleanly and keeps the shared queue
    and filter: the next run goes on from there (no start page asked for twice) to every report."""
    before = len(sim.request_log)
    first = nianbao_crawl(sim, redis_url, tmp_path / "nianbao.db", tmp_path, "pause", "--processes", "2",
                          "-s", "DOWNLOAD_DELAY=0.3", "-s", "AUTOTHROTTLE_ENABLED=0")
    deadline = time.time() + 120
    while (archived(tmp_path) < 4 or len(runs(tmp_path)) < 2) and first.poll() is None and time.time() < deadline:
        time.sleep(0.1)  # both processes under way, some reports archived
    assert first.poll() is None, "the crawl ended before it could be interrupted"
    first.send_signal(signal.SIGINT)
    assert first.wait(timeout=120) == 130, first.stderr.read()[-3000:]
    db = sqlite3.connect(tmp_path / "nianbao.db")
    assert [r for (r,) in db.execute("SELECT finish_reason FROM crawl_runs")] == ["shutdown"] * 2
    assert 4 <= archived(tmp_path) < len(sim.expected)
    second = nianbao_crawl(sim, redis_url, tmp_path / "nianbao.db", tmp_path, "pause")
    assert second.wait(timeout=300) == 0, second.stderr.read()[-3000:]
    assert [u for u, _ in documents(tmp_path)] == sorted(e["url"] for e in sim.expected)
    assert db.execute("SELECT finish_reason, jobdir FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone() == \
        ("finished", "resume")
    starts = Counter(p for _, _, m, p, _ in sim.request_log[before:] if m == "GET" and p in start_paths(sim))
    assert set(starts.values()) == {1} and len(starts) == len(start_paths(sim))  # resumed, not started over


def test_a_crawler_on_another_machine_sends_its_records_to_the_writer(sim, redis_url, tmp_path):
    """`--join`: crawl processes with no database (only the shared archive folder) share the
    crawl of `nianbao crawl --redis` on the database's machine, whose writer stores their finds;
    a second writer is refused."""
    import redis

    from crawler.records import Writer, WriterBusy

    shared, elsewhere = tmp_path / "shared", tmp_path / "other-machine"
    slow = ["-s", "DOWNLOAD_DELAY=0.1", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS=4"]
    joined = nianbao_crawl(sim, redis_url, elsewhere / "nianbao.db", shared, "join", "--join", *slow)
    time.sleep(1)  # started first, it waits for the writer
    main = nianbao_crawl(sim, redis_url, tmp_path / "nianbao.db", shared, "join", *slow)
    server, deadline = redis.Redis.from_url(redis_url), time.time() + 60
    while not server.exists("nianbao:crawl:join:writer") and main.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    with pytest.raises(WriterBusy):  # a second database for the same crawl: refused
        Writer(redis_url, "join", tmp_path / "second.db", shared).start()
    assert main.wait(timeout=300) == 0, main.stderr.read()[-3000:]
    assert joined.wait(timeout=60) == 0, joined.stderr.read()[-3000:]
    db = sqlite3.connect(tmp_path / "nianbao.db")
    docs = sorted(db.execute("SELECT url, path FROM documents").fetchall())
    assert [u for u, _ in docs] == sorted(e["url"] for e in sim.expected)
    assert all((shared / p).is_file() for _, p in docs)
    runs = db.execute("SELECT finish_reason, pages_fetched, reports_new FROM crawl_runs").fetchall()
    assert [r[0] for r in runs] == ["finished"] * 2 and all(r[1] for r in runs)  # both machines crawled
    assert sum(r[2] for r in runs) == len(sim.expected)
    assert not elsewhere.exists() and not (shared / "nianbao.db").exists()  # no database on the other machine
