"""Publish an archive with Datasette: read-only, immutable, with metadata.yml and the plugin.

Settings live here and metadata in metadata.yml, apart, as Datasette 1.0 wants them; the
column descriptions with Chinese labels and units are generated from nianbao/layouts/layouts.yml.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import yaml

from nianbao.publication import stats, views

ROOT = Path(__file__).resolve().parent.parent
METADATA = Path(__file__).resolve().parent / "metadata.yml"  # ./metadata.yml links here: a wheel carries it
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
DB_NAME = "nianbao"

SETTINGS = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 2000,
    "default_page_size": 50,
    "facet_time_limit_ms": 500,
    "suggest_facets": False,  # configured facets only: suggestions cost seconds on 25M cells
    "allow_csv_stream": True,
    "max_csv_mb": 200,
    "cache_size_kb": 200_000,
    "num_sql_threads": 4,
    "default_cache_ttl": 300,
    "truncate_cells_html": 300,
}


def key_descriptions() -> dict[str, str]:
    """`requests_table` column -> its printed label and unit."""
    return {col: f"{views.col_label('requests', col)} (件)" for col in views.col_order("requests")}


def headline_descriptions() -> dict[str, str]:
    """`report_numbers` column -> the rows it sums, with their printed labels (件)."""
    groups = views.layouts()["requests"]["groups"]
    out = {}
    for name, (spec, col, table) in views.HEADLINE.items():
        rows = views.headline_rows(name)
        group = spec if isinstance(spec, str) else "other" if "other" in rows else None
        if group:  # a sum over a printed group: name the group, not its 3-8 rows
            what = f"{groups[group]['label']}（各项之和 · the sum of its rows）"
        else:
            what = ("行政诉讼 · " if table == "appeals" and len(rows) > 1 else "") + " + ".join(
                views.row_label(table, r) for r in rows)
        out[name] = f"{what} · {views.col_label(table, col)} (件)"
    return out


def load_metadata(data_dir: Path) -> dict:
    """metadata.yml plus what is generated: label columns, descriptions and the data folder."""
    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    tables = meta["databases"][DB_NAME].setdefault("tables", {})
    tables.setdefault("requests_table", {}).setdefault("columns", {}).update(key_descriptions())
    tables.setdefault("report_numbers", {}).setdefault("columns", {}).update(headline_descriptions())
    meta.setdefault("plugins", {}).setdefault("nianbao", {})["data_dir"] = str(data_dir)
    return meta


def prepare(db_path: Path) -> None:
    """Publish (views, search, audit tables; the WAL folded in), then serve only reads."""
    from nianbao.publication.publish import publish

    if not db_path.exists():
        raise SystemExit(f"No archive at {db_path}: run `nianbao crawl` or `nianbao demo` first")
    try:
        publish(db_path)
    except sqlite3.OperationalError as e:  # a read-only copy: serve it as it is
        print(f"note: could not update {db_path} ({e}); serving it as it is")


def inspect_data(db_path: Path) -> dict:
    """Row counts as `nianbao publish` counted them (published_stats), read in constant time:
    the server starts as fast on a million reports as on ten, and table pages of 225 million
    numbers do not count per request. A table publish did not count is counted by Datasette
    when its page is asked for (within the time limit)."""
    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    try:
        counts = {name[len("count:"):]: {"count": n} for name, n in conn.execute(
            f"SELECT name, value FROM [{stats.STATS}] WHERE name LIKE 'count:%'")}
    except sqlite3.OperationalError:  # not published yet (a read-only copy of an old archive)
        counts = {}
    conn.close()
    stat = db_path.stat()
    tag = hashlib.sha256(f"{db_path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    return {DB_NAME: {"hash": tag, "size": stat.st_size, "file": str(db_path), "tables": counts}}


def make_app(db_path: str | Path, data_dir: str | Path | None = None, live: bool = False):
    """The Datasette instance for one archive, named `nianbao` whatever the file is called.

    The archive is opened immutable (fastest; counts computed once), or with live=True
    read-only (`mode=ro`), for an archive a crawl is still writing to.
    """
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    from nianbao.publication import datasette_plugin

    db_path = Path(db_path)
    data_dir = Path(data_dir) if data_dir else db_path.resolve().parent
    prepare(db_path)
    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="nianbao")
    ds = Datasette([], metadata=load_metadata(data_dir), settings=SETTINGS,
                   template_dir=str(TEMPLATES), static_mounts=[("nianbao-static", str(STATIC))],
                   inspect_data=None if live else inspect_data(db_path))
    ds.add_database(Database(ds, path=str(db_path), is_mutable=live), name=DB_NAME)
    return ds


def can_change(db_path: str | Path) -> bool:
    """Whether something may write to the archive while it is served: it is writable, or a
    writer's WAL is beside it. Immutable reads of a changing file fail ("database disk image
    is malformed") and disagree between threads."""
    path = Path(db_path)
    return os.access(path, os.W_OK) or Path(f"{path}-wal").exists()


def serve(db_path: str | Path, port: int = 8001, host: str = "127.0.0.1",
          data_dir: str | Path | None = None, live: bool | None = None) -> None:
    """Serve until interrupted. data_dir holds raw/… (default: the database's folder).
    live=None: live when the file can change, immutable when it cannot."""
    import uvicorn
    from datasette.cli import run_sync

    if live is None:
        live = can_change(db_path)
    ds = make_app(db_path, data_dir, live=live)
    run_sync(ds.invoke_startup)
    mode = "live: read-only, new data appears as it is written" if live else "immutable"
    print(f"nianbao archive {db_path} ({mode}) served at http://{host}:{port}/", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
