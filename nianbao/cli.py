"""The `nianbao` command: crawl, extract, serve, demo."""
from __future__ import annotations

from pathlib import Path

import click

from nianbao.store import DEFAULT_DB


@click.group()
def main():
    """nianbao — the open archive of 政府信息公开工作年度报告."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--db", "db_path", default=str(DEFAULT_DB), show_default=True, help="SQLite database")
@click.option("--pending", is_flag=True, help="Extract documents the crawler archived and nobody extracted yet")
@click.option("--jobs", "-j", type=int, default=None, help="Parallel processes (default: CPU count)")
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds per document")
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="With --pending: queue the documents on Redis for `nianbao worker`s and store their results")
@click.option("--workers", type=int, default=0, show_default=True,
              help="With --redis: also run this many workers here until the queue is empty")
def extract(paths, db_path, pending, jobs, timeout, redis_url, workers):
    """Read report files (or folders of them) into the database."""
    if redis_url:
        if paths or not pending:
            raise click.UsageError("--redis extracts the pending documents: use it with --pending and no paths")
        from extract.queue import extract_pending_redis

        extract_pending_redis(db_path, redis_url, timeout=timeout, workers=workers)
        raise SystemExit(0)
    from extract.run import run_cli

    raise SystemExit(run_cli(paths, db_path, pending=pending, jobs=jobs, timeout=timeout))


@main.command()
@click.option("--redis", "redis_url", required=True, metavar="URL", help="The Redis server holding the queue")
@click.option("--workers", "-n", type=int, default=1, show_default=True, help="Worker processes on this machine")
@click.option("--data-dir", default=None,
              help="The shared archive folder as mounted here (default: the path the writer uses)")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty")
def worker(redis_url, workers, data_dir, burst):
    """Run extraction workers taking documents from the Redis queue (`extract --pending --redis`)."""
    from extract.queue import run_workers

    raise SystemExit(run_workers(redis_url, workers, burst=burst, data_dir=data_dir))


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--portals", default=None, help="Portal registry YAML (default: crawler/portals.yml)")
@click.option("--only", multiple=True, help="Crawl only these portal ids")
@click.option("--db", "db_path", default=str(DEFAULT_DB), show_default=True)
@click.option("--data-dir", default="data", show_default=True, help="Archive folder (raw files under raw/)")
@click.option("--no-extract", is_flag=True, help="Do not extract the new documents after the crawl")
@click.option("--check", is_flag=True, help="Crawl without extracting and print, per portal, what was found")
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="Share the crawl's queue and duplicate filter on this Redis server (scrapy-redis)")
@click.option("--processes", "-p", type=int, default=1, show_default=True,
              help="With --redis: crawl processes on this machine")
@click.option("--crawl-name", default=None, help="With --redis: the shared crawl's name (default: from the registry)")
@click.option("--join", is_flag=True,
              help="With --redis, on a machine without the database: only crawl, and send what is found to the "
                   "writer (`nianbao crawl --redis` on the database's machine); --data-dir is the shared archive "
                   "folder as mounted here")
@click.argument("scrapy_args", nargs=-1, type=click.UNPROCESSED)
def crawl(portals, only, db_path, data_dir, no_extract, check, redis_url, processes, crawl_name, join, scrapy_args):
    """Crawl the portal registry, archive every report found, then extract them."""
    from crawler.run import run_crawl

    if join and not redis_url:
        raise click.UsageError("--join joins a shared crawl: give its --redis URL")
    code = run_crawl(portals=portals, only=list(only), db_path=db_path, data_dir=data_dir,
                     scrapy_args=list(scrapy_args), check=check and not join, redis_url=redis_url,
                     processes=processes, redis_name=crawl_name, join=join)
    if code != 130 and not (no_extract or check or join) and Path(db_path).exists():
        if redis_url:
            from extract.queue import extract_pending_redis

            extract_pending_redis(db_path, redis_url, data_dir=data_dir, workers=processes)
        else:
            from extract.run import extract_pending

            extract_pending(db_path, data_dir=data_dir)
    raise SystemExit(code)


@main.command()
@click.option("--db", "db_path", default=str(DEFAULT_DB), show_default=True)
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed")
def publish(db_path, force):
    """Build the published tables: views, search, report_numbers and the audit tables."""
    from nianbao.publication.publish import publish as run

    rebuilt = run(db_path, force=force)
    click.echo(f"{db_path}: published tables {'rebuilt' if rebuilt else 'already up to date'}")


@main.command()
@click.option("--db", "db_path", default=str(DEFAULT_DB), show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--data-dir", default=None, help="Archive folder holding raw/ (default: the database's folder)")
@click.option("--live/--immutable", default=None,
              help="Read-only and following new data (default when the file is writable: a crawl may "
                   "write to it), or immutable (fastest; only for a file nothing writes to)")
def serve(db_path, port, host, data_dir, live):
    """Publish an archive with Datasette."""
    from nianbao.publication.serve import serve as run

    run(db_path, port=port, host=host, data_dir=data_dir, live=live)


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--portals", default=None, help="Portal registry YAML (default: crawler/portals.yml)")
@click.option("--db", "db_path", default=str(DEFAULT_DB), show_default=True)
@click.option("--data-dir", default="data", show_default=True)
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="Crawl on a shared scrapy-redis queue and extract through RQ workers on this Redis server")
@click.option("--processes", "-p", type=int, default=1, show_default=True,
              help="With --redis: crawl processes on this machine")
@click.option("--workers", type=int, default=1, show_default=True,
              help="With --redis: extraction workers on this machine (0: only those started elsewhere)")
@click.argument("scrapy_args", nargs=-1, type=click.UNPROCESSED)
def nightly(portals, db_path, data_dir, redis_url, processes, workers, scrapy_args):
    """The night's run: crawl, extract, publish, and a summary against the previous night."""
    from nianbao.nightly import nightly as run

    raise SystemExit(run(portals, db_path, data_dir, list(scrapy_args), redis_url=redis_url,
                         processes=processes, workers=workers))


@main.command()
@click.option("--data-dir", default="data/demo", show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option("--no-serve", is_flag=True, help="Stop after crawl and extraction")
def demo(data_dir, port, no_serve):
    """Start the bundled portal simulator, crawl it, extract, and serve the archive."""
    from nianbao.demo import demo as run

    run(data_dir=data_dir, port=port, serve=not no_serve)


if __name__ == "__main__":
    main()
