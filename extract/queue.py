"""Extraction spread over machines: RQ workers take documents from a queue on Redis, one
writer stores what they read.

    nianbao worker --redis redis://host:6379/0 [--workers N] [--data-dir DIR]   # on each machine
    nianbao extract --pending --redis redis://host:6379/0                       # the one writer

The writer (`extract_pending_redis`) enqueues one RQ job per pending document — the document's
`Job`, its path relative to the archive folder — and waits: as workers finish, it stores each
`Report` through the store in batches, exactly as `nianbao extract` does with its local process
pool, so SQLite keeps its single writer and the database is the same whatever the number of
workers. A worker reads the raw file from the shared archive folder (the same folder mounted on
every machine, `--data-dir`), in a worker process with the same memory limit as a local worker
and RQ's time limit per job, recycled every 100 documents; a job that fails or times out becomes
a `failed` report with the reason. If the writer is stopped, the documents it did not store stay pending and the next
`--pending` run enqueues them again.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job as RQJob
from rq.job import JobStatus

from extract import EXTRACTOR_VERSION
from extract.model import Report
from extract.rows import save
from extract.run import BATCH, console, extract_job, failed, init_worker, pending_jobs, print_summary
from nianbao import store as database
from nianbao.job import Job
from nianbao.store import crossyear

QUEUE = "nianbao-extract"
ROOT_ENV = "NIANBAO_WORKER_DATA_DIR"  # the archive folder as this worker machine mounts it


def read_one(job: Job, relative: str, timeout: float) -> Report:
    """An RQ job: read one archived document, in a worker process (see `work`)."""
    root = os.environ.get(ROOT_ENV)
    if root and relative:
        job = job.but(path=Path(root) / relative)
    return extract_job(job, timeout)


def queue(url: str) -> Queue:
    return Queue(QUEUE, connection=Redis.from_url(url))


def enqueue(q: Queue, jobs: list[Job], data_dir: Path, timeout: float) -> list[tuple[str, Job]]:
    """One RQ job per document; returns (RQ job id, job)."""
    datas = []
    for job in jobs:
        rel = ""
        if job.path is not None:
            try:
                rel = str(Path(job.path).resolve().relative_to(data_dir.resolve()))
            except ValueError:
                rel = ""
        datas.append(Queue.prepare_data(read_one, args=(job, rel, timeout), timeout=int(timeout + 5),
                                        result_ttl=86400, failure_ttl=86400,
                                        description=f"extract {job.name or job.url}"))
    out = []
    for i in range(0, len(datas), 500):
        out += [(j.id, job) for j, job in zip(q.enqueue_many(datas[i:i + 500]), jobs[i:i + 500])]
    return out


def collect(q: Queue, waiting: list[tuple[str, Job]], db, timeout: float, quiet: bool = False,
            poll: float = 0.2) -> list[Report]:
    """Store the reports as workers finish them (the single writer); returns them all."""
    todo = dict(waiting)
    swept = time.monotonic()
    done: list[Report] = []
    batch: list[Report] = []
    while todo:
        # only the jobs the registries say ended: polling every job waiting would cost the
        # workers' CPU on a machine they share
        ended = set(q.finished_job_registry.get_job_ids()) | set(q.failed_job_registry.get_job_ids())
        ids = [i for i in ended if i in todo]
        if not ids and time.monotonic() - swept > 30:
            ids, swept = list(todo), time.monotonic()  # now and then all of them (stopped, canceled)
        for i in range(0, len(ids), 1000):
            for rq_job in RQJob.fetch_many(ids[i:i + 1000], connection=q.connection):
                if rq_job is None:
                    continue
                status = rq_job.get_status(refresh=False)
                job = todo[rq_job.id]
                if status == JobStatus.FINISHED:
                    report = rq_job.return_value()
                    if not isinstance(report, Report) or not report.sha256:
                        report = failed(job, getattr(report, "reason", "") or "unreadable")
                elif status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
                    reason = (rq_job.exc_info or "").strip().splitlines()
                    last = reason[-1] if reason else str(status)
                    report = failed(job, f"timed out after {timeout:g} s (the reader was stopped)"
                                    if "JobTimeoutException" in last else f"the worker failed: {last[:300]}")
                else:
                    continue
                del todo[rq_job.id]
                rq_job.delete()
                batch.append(report)
                done.append(report)
                if len(batch) >= BATCH:
                    save(db, batch)
                    batch = []
        if todo:
            if batch:
                save(db, batch)
                batch = []
            time.sleep(poll)
    if batch:
        save(db, batch)
    crossyear.refresh(db, {r.agency for r in done})
    if not quiet:
        console.print(f"extraction: {len(done)} documents stored from the queue")
    return done


def extract_pending_redis(db_path, redis_url: str, data_dir=None, timeout: float = 120.0, workers: int = 0,
                          quiet: bool = False) -> list[Report]:
    """Enqueue the pending documents, then store the workers' reports as they come. With
    `workers`, that many burst workers run here as well (they end when the queue is empty)."""
    db = database.connect(db_path)
    data_dir = Path(data_dir) if data_dir else Path(db_path).parent
    todo = pending_jobs(db, data_dir)
    start = time.perf_counter()
    q = queue(redis_url)
    waiting = enqueue(q, todo, data_dir, timeout)
    if not quiet:
        console.print(f"extraction: {len(waiting)} documents queued on {QUEUE} (extractor {EXTRACTOR_VERSION})")
    local = start_workers(redis_url, workers, burst=True) if workers and waiting else []
    try:
        reports = collect(q, waiting, db, timeout, quiet)
    finally:
        for p in local:
            p.join(timeout=30)
    if not quiet:
        print_summary(reports, time.perf_counter() - start)
    return reports


class ExtractionWorker(SimpleWorker):
    """RQ's worker running each job in its own process (no fork per job: the readers' caches
    stay warm, twice the speed of a work horse per document), listening for its commands with a
    1 s poll instead of 60 s (redis-py 8 waits for that poll when a worker ends)."""

    def subscribe(self):
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(sleep_time=1, daemon=True,
                                                       exception_handler=self._pubsub_exception_handler)


def _work_once(redis_url: str, burst: bool, max_jobs: int) -> None:
    """A worker process: the memory limit of a local extraction worker, RQ's timeout per job
    (helpers killed with it), at most `max_jobs` documents, then a fresh process."""
    init_worker()
    conn = Redis.from_url(redis_url)
    ExtractionWorker([Queue(QUEUE, connection=conn)], connection=conn).work(
        burst=burst, max_jobs=max_jobs, logging_level="WARNING")


def work(redis_url: str, burst: bool, data_dir: str | None, max_jobs: int = 100) -> None:
    """One worker slot: worker processes one after the other (each ends after `max_jobs`
    documents, or when one dies — its document is then failed by RQ once its time is up),
    until stopped or, `burst`, until the queue is empty."""
    if data_dir:
        os.environ[ROOT_ENV] = str(Path(data_dir).resolve())
    import extract.pipeline  # noqa: F401 — readers loaded once here, before the processes fork

    ctx = multiprocessing.get_context("fork")
    q = Queue(QUEUE, connection=Redis.from_url(redis_url))
    while True:
        proc = ctx.Process(target=_work_once, args=(redis_url, burst, max_jobs))
        proc.start()
        try:
            proc.join()
        except KeyboardInterrupt:
            proc.join(timeout=300)
            return
        if proc.exitcode not in (0, None):
            console.print(f"[yellow]an extraction worker died (exit {proc.exitcode}); starting another")
            time.sleep(1)
        elif burst and not q.count:
            return


def start_workers(redis_url: str, n: int, burst: bool = False, data_dir: str | None = None) -> list:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=work, args=(redis_url, burst, data_dir), daemon=False) for _ in range(n)]
    for p in procs:
        p.start()
    return procs


def run_workers(redis_url: str, n: int = 1, burst: bool = False, data_dir: str | None = None) -> int:
    """`nianbao worker`: n workers on this machine, until Ctrl-C (or, `burst`, an empty queue)."""
    console.print(f"{n} extraction worker(s) on the Redis queue {QUEUE}" + (" until it is empty" if burst else ""))
    if n == 1:
        work(redis_url, burst, data_dir)
        return 0
    procs = start_workers(redis_url, n, burst, data_dir)
    try:
        for p in procs:
            p.join()
    except KeyboardInterrupt:
        for p in procs:
            p.join(timeout=60)
    return max((p.exitcode or 0) for p in procs)
