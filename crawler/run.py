"""`nianbao crawl`: run the Scrapy crawl in a child process, show its progress (from Scrapy's
stats, see crawler.progress) and print a summary a person can read. Extraction is the CLI's
next step, not the crawler's.

The crawl runs as `python -m scrapy crawl portals` so it is exactly what `scrapy crawl portals`
does from the repository root, and a crash or kill of the crawl never takes this process down.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from crawler import distributed, records, registry

console = Console(stderr=True)
WAIT_FOR_WRITER = 600.0  # seconds a `--join` crawl waits for the writer of its shared crawl


def jobdir(data_dir: str | Path, portals, only) -> Path:
    """One JOBDIR per registry and selection, so different crawls never resume each other."""
    key = hashlib.sha1(json.dumps([str(Path(portals).resolve()) if portals else "", sorted(only or [])])
                       .encode()).hexdigest()[:12]
    return Path(data_dir) / "jobs" / key


def command(portals, only, db_path, data_dir, scrapy_args, log_path=None, progress=None, redis_url=None,
            redis_name=None) -> list[str]:
    settings = {
        "NIANBAO_PORTALS": str(Path(portals).resolve()) if portals else "",
        "NIANBAO_ONLY": ",".join(only or []),
        "NIANBAO_DB": str(Path(db_path).resolve()),
        "NIANBAO_DATA_DIR": str(Path(data_dir).resolve()),
        "JOBDIR": str(jobdir(data_dir, portals, only).resolve()),
    }
    if redis_url:  # the queue and the duplicate filter are in Redis, shared: no JOBDIR of its own, and
        # no database: the crawl's one writer stores what it finds (crawler.distributed)
        settings.update(distributed.settings_for(redis_url, redis_name or distributed.crawl_name(portals, only)))
        settings["JOBDIR"] = settings["NIANBAO_DB"] = ""
    settings["NIANBAO_PARENT_PID"] = str(os.getpid())  # the crawl ends if this process dies (crawler.watchdog)
    if log_path:
        settings["LOG_FILE"] = str(log_path)
    if progress:
        settings["NIANBAO_PROGRESS_FILE"] = str(progress)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "portals"]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    return cmd + list(scrapy_args or [])


def run_crawl(portals=None, only=None, db_path="data/nianbao.db", data_dir="data", scrapy_args=None,
              check=False, redis_url=None, processes=1, redis_name=None, join=False) -> int:
    """Crawl and summarise. Returns the exit code for the CLI. With `check`, a table says, per
    portal, what the crawl found (to confirm `verified`). With `redis_url`, `processes` crawl
    processes here (and any started elsewhere with the same URL and registry) share one queue
    (crawler.distributed), and this process is the crawl's one writer: it stores what they all
    find in the database. With `join` too, this machine only crawls: its processes send what
    they find to the writer on the database's machine (no database here)."""
    try:
        entries = registry.load(portals, only)
    except (registry.RegistryError, OSError) as e:
        console.print(f"[red]portal registry: {e}")
        return 2
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    log_path = Path(data_dir) / "logs" / time.strftime("crawl-%Y%m%d-%H%M%S.log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawler.settings")
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH", "")])
    console.print(f"crawling {len(entries)} portal(s); log: {log_path}")
    before = 0 if join else last_run_id(db_path)
    name = redis_name or distributed.crawl_name(portals, only)
    writer = None
    try:
        if redis_url and join and not records.wait_for_writer(redis_url, name, WAIT_FOR_WRITER):
            console.print(f"[red]no writer for the shared crawl {name} after {WAIT_FOR_WRITER:.0f} s: start "
                          "`nianbao crawl --redis` on the database's machine")
            return 2
        if redis_url and not join:
            writer = records.Writer(redis_url, name, db_path, data_dir).start()
    except records.WriterBusy as e:
        console.print(f"[red]{e}: one database per shared crawl (on other machines: --join)")
        return 2
    except distributed.redis.RedisError as e:
        console.print(f"[red]Redis at {redis_url}: {e}")
        return 2
    n = max(1, processes if redis_url else 1)
    logs = [log_path] if n == 1 else [log_path.with_name(f"{log_path.stem}-{i + 1}.log") for i in range(n)]
    progress = [p.with_suffix(".progress.json") for p in logs]
    cmds = [command(portals, only, db_path, data_dir, scrapy_args, lg, pr, redis_url, redis_name)
            for lg, pr in zip(logs, progress)]
    interrupted = True  # until the crawl processes end: on an error here, store what is there and stop
    try:
        code, interrupted = _follow(cmds, env, logs, progress)
    finally:
        if writer is not None:
            with console.status("storing the crawl's last records…"):
                writer.stop(interrupted=interrupted)
    for p in progress:
        p.unlink(missing_ok=True)
    if join:
        console.print("this machine's crawl processes are done; the writer on the database's machine stores "
                      "what they found" + (" (interrupted)" if interrupted else ""))
        return 130 if interrupted else code
    if not redis_url:
        reap(db_path)  # a child that died without writing its end: its run is `killed`
    run = summary(db_path, after=before)
    if interrupted:
        console.print(f"interrupted: the crawl stopped ({run['finish_reason'] if run else 'before it began'}); "
                      "what it archived is kept, and the next `nianbao crawl` goes on from there"
                      + ("" if not run or not run.get("reports_new") else
                         "; `nianbao extract --pending` reads what it found"))
        return 130
    if code != 0 and not run:
        console.print(f"[red]the crawl failed (exit {code}); see {log_path}")
        return code or 1
    if check and run:
        check_table(db_path, entries, run)
    return 0 if code == 0 else code


def _follow(cmds: list[list[str]], env: dict, logs: list[Path], progress: list[Path]) -> tuple[int, bool]:
    """Run the crawl process(es) (each logging to its file) with a one-line live status read
    from their progress files. Returns (the worst exit code, interrupted).

    The crawls run in their own process groups, so a Ctrl-C in the terminal reaches only this
    process, which passes it on once: Scrapy then finishes the requests in flight, writes the
    run's row (`shutdown`) and its JOBDIR for a resume. A second Ctrl-C (or SIGTERM twice) is
    passed on too and Scrapy stops at once; a third kills it. Either way the summary is printed."""
    stops = 0
    files = [open(p, "ab") for p in logs]
    try:
        with console.status("starting the crawl…") as status:
            # the log file takes what Scrapy prints before its logging starts (a traceback) too
            procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=f, start_new_session=True,
                                      restore_signals=False)  # SIGPIPE ignored: the child's watchdog sees us die
                     for cmd, f in zip(cmds, files)]

            def stop(signum, frame):
                raise KeyboardInterrupt

            try:
                old_term = signal.signal(signal.SIGTERM, stop)
            except ValueError:  # not the main thread: no handler of ours
                old_term = None
            try:
                while True:
                    try:
                        if all(p.poll() is not None for p in procs):
                            return max(procs, key=lambda p: abs(p.returncode)).returncode, bool(stops)
                        status.update(("stopping: " if stops else "") + progress_line(progress))
                        time.sleep(0.3)
                    except KeyboardInterrupt:
                        stops += 1
                        for proc in procs:
                            if proc.poll() is not None:
                                continue
                            if stops <= 2:
                                proc.send_signal(signal.SIGINT)
                            else:
                                proc.kill()
                        if stops <= 2:
                            status.update("stopping the crawl: finishing the requests in flight (Ctrl-C again to "
                                          "stop at once)…" if stops == 1 else "stopping the crawl at once…")
            finally:
                if old_term is not None:
                    signal.signal(signal.SIGTERM, old_term)
                for proc in procs:
                    if proc.poll() is None:  # this process is going down on an error: take the crawl with it
                        proc.kill()
                        proc.wait()
    finally:
        for f in files:
            f.close()


def progress_line(progress: list[Path]) -> str:
    total, read = {"pages": 0, "reports_new": 0, "reports_unchanged": 0, "warnings": 0, "errors": 0}, 0
    for path in progress:
        try:
            p = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        read += 1
        for k in total:
            total[k] += p.get(k, 0)
    if not read:
        return "starting the crawl…"
    return ((f"{len(progress)} processes  ·  " if len(progress) > 1 else "")
            + f"pages {total['pages']}  ·  reports new {total['reports_new']}, unchanged {total['reports_unchanged']}"
            f"  ·  warnings {total['warnings']}  ·  errors {total['errors']}")


def reap(db_path) -> None:
    from nianbao.store import connect, documents

    documents.reap_runs(connect(db_path))


def last_run_id(db_path) -> int:
    from nianbao.store import connect

    return connect(db_path).execute("SELECT coalesce(max(id), 0) FROM crawl_runs").fetchone()[0]


def summary(db_path, after: int = 0) -> dict | None:
    """Print the crawl_runs row of the run just made as a table per portal; return the row."""
    from nianbao.store import connect

    db = connect(db_path)
    rows = list(db.query("SELECT * FROM crawl_runs WHERE id > ? ORDER BY id DESC", [after]))
    if not rows:
        return None
    run = rows[0] if len(rows) == 1 else merged(rows)
    table = Table(title=f"crawl run {run['id']}: {run['finish_reason']}")
    for col in ("portal", "pages", "reports new", "unchanged", "errors"):
        table.add_column(col, justify="left" if col in ("portal", "errors") else "right")
    for pid, c in json.loads(run["per_portal"] or "{}").items():
        errs = ", ".join(f"{k} {v}" for k, v in sorted(c["errors"].items())) or "-"
        table.add_row(pid, str(c["pages"]), str(c["reports_new"]), str(c["reports_unchanged"]), errs)
    console.print(table)
    console.print(f"{run['pages_fetched'] or 0} pages; {run['reports_new'] or 0} new and "
                  f"{run['reports_unchanged'] or 0} unchanged reports; {run['errors'] or 0} errors "
                  f"{run['errors_by_kind'] or ''}")
    return run


def merged(rows: list[dict]) -> dict:
    """The runs of several crawl processes sharing one queue, summed as one (per portal too)."""
    run = dict(rows[0], id=", ".join(str(r["id"]) for r in reversed(rows)),
               finish_reason=", ".join(sorted({r["finish_reason"] for r in rows})))
    per: dict[str, dict] = {}
    errors: dict[str, int] = {}
    for r in rows:
        for k in ("pages_fetched", "reports_found", "reports_new", "reports_unchanged", "errors"):
            run[k] = sum(x[k] or 0 for x in rows)
        for kind, n in json.loads(r["errors_by_kind"] or "{}").items():
            errors[kind] = errors.get(kind, 0) + n
        for pid, c in json.loads(r["per_portal"] or "{}").items():
            p = per.setdefault(pid, {"pages": 0, "reports_new": 0, "reports_unchanged": 0, "disallowed": 0, "errors": {}})
            for k in ("pages", "reports_new", "reports_unchanged", "disallowed"):
                p[k] += c.get(k, 0)
            for kind, n in (c.get("errors") or {}).items():
                p["errors"][kind] = p["errors"].get(kind, 0) + n
    run["errors_by_kind"] = json.dumps(errors, sort_keys=True)
    run["per_portal"] = json.dumps(per, ensure_ascii=False, sort_keys=True)
    return run


def check_table(db_path, entries: list[dict], run: dict) -> None:
    """Per portal: reports found (years, formats), pages read, errors, and a verdict."""
    from nianbao.store import connect

    db = connect(db_path)
    per = json.loads(run["per_portal"] or "{}")
    table = Table(title="registry check")
    for col in ("portal", "platform", "verified", "pages", "reports", "years", "formats", "verdict"):
        table.add_column(col)
    for e in entries:
        c = per.get(e["id"], {"pages": 0, "errors": {}})
        docs = list(db.query("SELECT year_hint, format FROM documents WHERE portal_id = ?", [e["id"]])) \
            if db["documents"].exists() else []
        years = sorted({d["year_hint"] for d in docs if d["year_hint"]})
        formats = sorted({d["format"] for d in docs})
        span = f"{years[0]}–{years[-1]} ({len(years)})" if years else "-"
        if docs:
            verdict = "finds reports" + ("" if e.get("verified") else ": can be set verified: true")
        elif not c["pages"]:
            verdict = "unreachable: " + (", ".join(sorted(c["errors"])) or "no answer")
        else:
            verdict = "no report found"
        table.add_row(e["id"], e["platform"], str(bool(e.get("verified"))).lower(), str(c["pages"]), str(len(docs)),
                      span, ",".join(formats) or "-", verdict)
    console.print(table)
