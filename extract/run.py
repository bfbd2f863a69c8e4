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

from extract import EXTRACTOR_VERSION, crossyear, limits
from extract.model import Report
from extract.pipeline import extract_path
from extract.sniff import sniff
from extract.store import save_reports
from nianbao import db as database
from nianbao.archive import store_raw

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


def extract_job(path: Path, timeout: float, hints: dict) -> Report:
    """One document in a worker, knowing its time limit (readers that start helpers use it)."""
    limits.start(timeout)
    try:
        return extract_path(path, **hints)
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


def archive_local(db, data_dir: Path, files: list[Path]) -> list[tuple[Path, dict]]:
    """Local files go into the archive like crawled ones, so every report links to its original."""
    jobs, now = [], datetime.now(timezone.utc).isoformat(timespec="seconds")
    for f in files:
        try:
            size = f.stat().st_size
            if size > 200 << 20:  # too large to copy: keep the path, the extractor will refuse it
                jobs.append((f, {"url": str(f)}))
                continue
            data = f.read_bytes()
        except OSError:
            jobs.append((f, {"url": str(f)}))
            continue
        fmt = sniff(data, f.name)
        sha, rel = store_raw(data_dir, data, fmt, f.name)
        existing = db["documents"].count_where("sha256 = ?", [sha])
        if not existing:
            db["documents"].insert({"sha256": sha, "url": str(f), "title": f.stem, "fetched_at": now,
                                    "size": size, "path": rel, "format": fmt}, pk="sha256")
        jobs.append((data_dir / rel, {"url": str(f)}))
    db.conn.commit()
    return jobs


def pending_jobs(db, data_dir: Path) -> list[tuple[Path, dict]]:
    rows = db.execute("""
        SELECT d.* FROM documents d LEFT JOIN reports r ON r.sha256 = d.sha256
        WHERE r.id IS NULL OR r.extractor_version IS NOT ?
        GROUP BY d.sha256 ORDER BY d.fetched_at, d.sha256""", [EXTRACTOR_VERSION])
    cols = [c[0] for c in rows.description]
    jobs = []
    for values in rows.fetchall():
        d = dict(zip(cols, values))
        hints = {k: d.get(k) for k in ("url", "page_url", "portal_id", "agency", "region", "region_code")}
        hints["year"] = d.get("year_hint")
        path = Path(d["path"]) if d.get("path") and Path(d["path"]).is_absolute() else data_dir / (d.get("path") or "")
        jobs.append((path, {k: v for k, v in hints.items() if v}))
    return jobs


def failed(path: Path, hints: dict, reason: str) -> Report:
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
    r = Report(id=sha[:16], sha256=sha, format=sniff(path.open("rb").read(4096) if path.exists() else b"", path.name),
               status="failed", reason=reason)
    r.url = hints.get("url") or str(path)
    for k in ("page_url", "portal_id", "agency", "region", "region_code", "year"):
        if hints.get(k):
            setattr(r, k, hints[k])
    return r


def extract_many(db, jobs: list[tuple[Path, dict]], workers: int | None = None, timeout: float = 120.0,
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
        futures = [(pool.schedule(extract_job, args=(path, timeout, hints), timeout=timeout), path, hints)
                   for path, hints in jobs]
        for future, path, hints in futures:
            try:
                report = future.result()
            except FutureTimeout:
                report = failed(path, hints, f"timed out after {timeout:g} s (the reader was stopped)")
            except ProcessExpired as e:
                report = failed(path, hints, f"the reader crashed (exit code {e.exitcode}; out of memory?)")
            except Exception as e:  # noqa: BLE001 — a broken document must not end the run
                report = failed(path, hints, f"internal error: {type(e).__name__}: {e}")
            if not report.sha256:
                report = failed(path, hints, report.reason or "unreadable")
            batch.append(report)
            done.append(report)
            progress.update(task, advance=1, name=escape(Path(hints.get("url") or path).name[:40]))
            if len(batch) >= BATCH:
                save_reports(db, dedupe(batch))
                batch = []
        save_reports(db, dedupe(batch))
    crossyear.refresh(db, {r.agency for r in done})
    return done  # the published tables are `nianbao publish`'s (serve and demo run it)


def dedupe(reports: list[Report]) -> list[Report]:
    """The same file given twice in one run is one report."""
    return list({r.id: r for r in reports}.values())


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
        known = {p for p, _ in todo}
        todo += [j for j in pending_jobs(db, data_dir) if j[0] not in known]
    reports = extract_many(db, todo, jobs, timeout)
    print_summary(reports, time.perf_counter() - start)
    return 0
