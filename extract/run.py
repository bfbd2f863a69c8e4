"""`nianbao extract`: many documents, in parallel processes, each with a time and memory bound.

The parent process alone writes the database; a worker that hangs or dies takes only its
document with it, which is recorded as `failed` with the reason, and the run goes on.
"""
from __future__ import annotations

import hashlib
import os
import resource
import time
from collections import Counter, defaultdict
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime, timezone
from pathlib import Path

from pebble import ProcessExpired, ProcessPool
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from extract import EXTRACTOR_VERSION, limits
from nianbao.store import crossyear
from extract.model import Report
from extract.pipeline import extract_job as read_job
from extract.rows import save
from nianbao import store as database
from nianbao.formats import sniff
from nianbao.job import Job
from nianbao.store import documents

SKIP_SUFFIXES = {".json", ".jsonl", ".yml", ".yaml", ".py", ".db", ".db-wal", ".db-shm", ".part", ".md"}
MEMORY_LIMIT = 3 << 30  # per worker: a zip bomb or a giant image fails alone
BATCH = 50
console = Console(stderr=True)


def init_worker() -> None:
    """Each worker: bounded memory, and helpers (LibreOffice) killed with it when stopped."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ValueError, OSError):
        pass
    limits.install()


def extract_job(job: Job, timeout: float) -> Report:
    """One document in a worker, knowing its time limit (readers that start helpers use it)."""
    limits.start(timeout)
    try:
        return read_job(job)
    finally:
        limits.kill_helpers()


def collect(paths) -> list[Path]:
    """The files given, and the files in the folders given; a symlink whose target lies outside
    the folder it was found in is skipped (its target's text would be published)."""
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            root = p.resolve()
            files += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                            and f.suffix.lower() not in SKIP_SUFFIXES and f.resolve().is_relative_to(root))
        elif p.is_file():
            files.append(p)
    return files


def archive_local(db, data_dir: Path, files: list[Path]) -> list[Job]:
    """Local files go into the archive like crawled ones, so every report links to its original."""
    jobs, now = [], datetime.now(timezone.utc).isoformat(timespec="seconds")
    for f in files:
        try:
            size = f.stat().st_size
            if size > 200 << 20:  # too large to copy: keep the path, the extractor will refuse it
                jobs.append(Job(name=f.name, path=f, url=str(f)))
                continue
            data = f.read_bytes()
        except OSError:
            jobs.append(Job(name=f.name, path=f, url=str(f)))
            continue
        fmt = sniff(data, f.name)
        sha, rel = documents.archive(db, data_dir, data, {"url": str(f), "title": f.stem, "fetched_at": now,
                                                          "format": fmt}, f.name)
        jobs.append(Job(name=f.name, path=data_dir / rel, url=str(f), sha256=sha, format=fmt))
    return jobs


def pending_jobs(db, data_dir: Path) -> list[Job]:
    return [Job.from_row(row, data_dir) for row in documents.pending(db, EXTRACTOR_VERSION)]


def failed(job: Job, reason: str) -> Report:
    path = job.path or Path(job.url)
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
    r = Report(id=sha[:16], sha256=sha, format=sniff(path.open("rb").read(4096) if path.exists() else b"", path.name),
               status="failed", reason=reason)
    r.url = job.url or str(path)
    for k in ("page_url", "portal_id", "agency", "region", "region_code", "year"):
        if getattr(job, k):
            setattr(r, k, getattr(job, k))
    return r


def extract_many(db, jobs: list[Job], workers: int | None = None, timeout: float = 120.0,
                 quiet: bool = False) -> list[Report]:
    """Extract every job, store in batches, refresh cross-year checks; returns the reports."""
    workers = workers or os.cpu_count() or 1
    done: list[Report] = []
    batch: list[Report] = []
    progress = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[name]}"), TimeRemainingColumn(), console=console,
                        disable=quiet or not jobs, transient=False)
    with progress, ProcessPool(max_workers=min(workers, max(1, len(jobs))), max_tasks=100,
                               initializer=init_worker) as pool:
        task = progress.add_task("extract", total=len(jobs), name="")
        futures = [(pool.schedule(extract_job, args=(job, timeout), timeout=timeout), job) for job in jobs]
        for future, job in futures:
            try:
                report = future.result()
            except FutureTimeout:
                report = failed(job, f"timed out after {timeout:g} s (the reader was stopped)")
            except ProcessExpired as e:
                report = failed(job, f"the reader crashed (exit code {e.exitcode}; out of memory?)")
            except Exception as e:  # noqa: BLE001 — a broken document must not end the run
                report = failed(job, f"internal error: {type(e).__name__}: {e}")
            if not report.sha256:
                report = failed(job, report.reason or "unreadable")
            batch.append(report)
            done.append(report)
            progress.update(task, advance=1, name=escape((job.name or Path(job.url).name)[:40]))
            if len(batch) >= BATCH:
                save(db, batch)
                batch = []
        save(db, batch)
    crossyear.refresh(db, {r.agency for r in done})
    return done  # the published tables are `nianbao publish`'s (serve and demo run it)


def summary(reports: list[Report], seconds: float) -> Table:
    table = Table(title=f"{len(reports)} documents in {seconds:.1f} s")
    for col in ("format", "ok", "partial", "failed", "checks broken"):
        table.add_column(col, justify="right" if col != "format" else "left")
    by = defaultdict(Counter)
    for r in reports:
        by[r.format or "?"][r.status] += 1
        by[r.format or "?"]["broken"] += sum(1 for c in r.checks if c.passed is False)
    for fmt, c in sorted(by.items()):
        table.add_row(fmt, str(c["ok"]), str(c["partial"]), str(c["failed"]), str(c["broken"]))
    return table


def print_summary(reports: list[Report], seconds: float) -> None:
    console.print(summary(reports, seconds))
    for r in [r for r in reports if r.status != "ok"][:10]:
        console.print(f"  [yellow]{r.status}[/] {escape(r.url or r.id)}: {escape(r.reason)}")
    slow = sorted(reports, key=lambda r: -r.seconds)[:3]
    if slow:
        console.print("  slowest: " + ", ".join(f"{escape(Path(r.url or r.id).name)} {r.seconds:.2f} s" for r in slow))


def extract_pending(db_path: str | Path, data_dir: str | Path | None = None, jobs: int | None = None,
                    timeout: float = 120.0, quiet: bool = False) -> list[Report]:
    """Extract the documents the crawler archived that have no report (of this extractor) yet."""
    db = database.connect(db_path)
    data_dir = Path(data_dir) if data_dir else Path(db_path).parent
    todo = pending_jobs(db, data_dir)
    start = time.perf_counter()
    reports = extract_many(db, todo, jobs, timeout, quiet)
    if not quiet:
        print_summary(reports, time.perf_counter() - start)
    return reports


def run_cli(paths, db_path: str, pending: bool = False, jobs: int | None = None, timeout: float = 120.0) -> int:
    if not paths and not pending:
        console.print("nothing to do: give files or folders, or --pending")
        return 2
    db = database.connect(db_path)
    data_dir = Path(db_path).parent
    start = time.perf_counter()
    todo = archive_local(db, data_dir, collect(paths)) if paths else []
    if pending:
        known = {j.path for j in todo}
        todo += [j for j in pending_jobs(db, data_dir) if j.path not in known]
    reports = extract_many(db, todo, jobs, timeout)
    print_summary(reports, time.perf_counter() - start)
    return 0
