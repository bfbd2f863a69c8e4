"""The database: the project's public interface. Column names here are a promise to users.

`migrate()` creates what is missing and adds new columns to old databases, so every command
can call it on any archive it is given.
"""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

DEFAULT_DB = Path("data/nianbao.db")

TABLES: dict[str, dict] = {
    # Every fetched (or locally given) raw file, stored once under data/raw by sha256.
    "documents": dict(
        columns={
            "sha256": str, "url": str, "page_url": str, "portal_id": str, "agency": str,
            "region": str, "region_code": str, "link_text": str, "title": str, "year_hint": int,
            "fetched_at": str, "http_status": int, "content_type": str, "etag": str,
            "last_modified": str, "size": int, "path": str, "format": str, "crawl_run_id": int,
            # other URLs that served the same bytes: [{url, page_url, etag, last_modified}]
            "aliases": str,
        },
        pk="sha256",
    ),
    # One row per extracted document.
    "reports": dict(
        columns={
            "id": str, "agency": str, "region": str, "region_code": str, "year": int,
            "template": str, "title": str, "url": str, "page_url": str, "published": str,
            "format": str, "sha256": str, "status": str, "reason": str, "cells_read": int,
            "cells_unread": str, "checks_failed": int, "portal_id": str,
            "extractor_version": str, "extracted_at": str, "seconds": float, "duplicate_of": str,
        },
        pk="id",
    ),
    # `cells` (report_id, table_code, row_code, col_code, key, value, raw, location) is a view
    # over the two tables below: see CELLS_SQL.
    "checks": dict(
        columns={"report_id": str, "rule": str, "subject": str, "passed": int,
                 "expected": float, "actual": float, "detail": str, "cells": str},
        pk=("report_id", "rule", "subject"),
        foreign_keys=[("report_id", "reports", "id")],
    ),
    "sections": dict(
        columns={"report_id": str, "number": int, "title": str, "text": str, "words": str},
        pk=("report_id", "number"),
        foreign_keys=[("report_id", "reports", "id")],
    ),
    "crawl_runs": dict(
        columns={"id": int, "started": str, "finished": str, "finish_reason": str,
                 "portals": str, "pages_fetched": int, "reports_found": int, "reports_new": int,
                 "reports_unchanged": int, "errors": int, "errors_by_kind": str,
                 "per_portal": str, "jobdir": str,
                 "pid": int},  # the crawl's process, to tell a run still going from one killed
        pk="id",
    ),
    # What the crawler found and how fetching it went (see nianbao.store.crawl_urls).
    "crawl_urls": dict(
        columns={"url": str, "portal_id": str, "page_url": str, "meta": str, "state": str, "failures": int,
                 "last_error": str, "tried_at": str, "next_try": str, "checked_at": str, "sha256": str,
                 "run_id": int},
        pk="url",
    ),
}

# The numbers, compact: every canonical key is stored once in `cell_keys`, and each number is a
# row of `cell_values` keyed by (report_id, key_id) in a WITHOUT ROWID table: no rowid, no second
# index, the key's text not repeated 225 times per report: ~55 bytes a number, location
# included (~12.5 KB a report) instead of ~178 (~40 KB). Users query the view `cells`, with
# the columns it always had.
CELL_TABLES_SQL = {
    "cell_keys": ("CREATE TABLE [cell_keys] (id INTEGER PRIMARY KEY, [key] TEXT NOT NULL UNIQUE, "
                  "table_code TEXT NOT NULL, row_code TEXT NOT NULL, col_code TEXT NOT NULL)"),
    "cell_values": ("CREATE TABLE [cell_values] (report_id TEXT NOT NULL REFERENCES reports(id), "
                    "key_id INTEGER NOT NULL REFERENCES cell_keys(id), value REAL, raw TEXT, location TEXT, "
                    "PRIMARY KEY (report_id, key_id)) WITHOUT ROWID"),
}
CELLS_SQL = """CREATE VIEW cells AS
SELECT v.report_id, k.table_code, k.row_code, k.col_code, k.key, v.value, v.raw, v.location
FROM cell_values v JOIN cell_keys k ON k.id = v.key_id"""
CELL_COLUMNS = ("report_id", "table_code", "row_code", "col_code", "key", "value", "raw", "location")

# What the store changed, in constant time: `revision` goes up with every write of reports
# (save_reports, the cross-year checks), so publication knows whether to rebuild without
# reading a million rows.
STATE_SQL = "CREATE TABLE [store_state] (name TEXT PRIMARY KEY, value INTEGER)"

INDEXES = [
    ("reports", ["agency", "year"]),
    ("reports", ["year"]),
    ("reports", ["sha256"]),
    ("reports", ["status"]),
    # cell_values needs no index beyond its primary key: views read key_totals / report_numbers,
    # and an index over 225 million numbers would cost ~40% of every write.
    ("checks", ["passed", "rule"]),
    ("documents", ["url"]),
    ("crawl_urls", ["page_url"]),
]


def connect(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the database consistent; only the last commits can be lost
    db.execute("PRAGMA busy_timeout=30000")
    migrate(db)
    return db


def bump_revision(db: sqlite_utils.Database) -> None:
    """Inside a writer's transaction: the reports (or what hangs off them) changed."""
    db.execute("INSERT INTO store_state VALUES ('revision', 1) "
               "ON CONFLICT(name) DO UPDATE SET value = value + 1")


def revision(db: sqlite_utils.Database) -> int:
    row = db.execute("SELECT value FROM store_state WHERE name = 'revision'").fetchone()
    return row[0] if row else 0


def _migrate_cells(db: sqlite_utils.Database) -> None:
    """Create the compact cells store; an archive of an earlier release (a plain `cells` table
    keyed by report, table, row and column) is converted in one transaction."""
    have = {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT name, type, sql FROM sqlite_master WHERE name IN ('cells', 'cell_keys', 'cell_values', 'store_state')")}
    if have.get("cells", ("", ""))[0] == "view" and "cell_keys" in have and "cell_values" in have \
            and "store_state" in have:
        if have["cells"][1] != CELLS_SQL:
            with db.atomic():
                db.execute("DROP VIEW cells")
                db.execute(CELLS_SQL)
        return
    with db.atomic():
        if "store_state" not in have:
            db.execute(STATE_SQL)
        for name, sql in CELL_TABLES_SQL.items():
            if name not in have:
                db.execute(sql)
        if have.get("cells", ("", ""))[0] == "table":  # the previous release's plain table
            db.execute("""INSERT OR IGNORE INTO cell_keys (key, table_code, row_code, col_code)
                SELECT DISTINCT coalesce(key, table_code || '.' || row_code || '.' || col_code),
                       table_code, row_code, col_code FROM cells ORDER BY 1""")
            db.execute("""INSERT OR REPLACE INTO cell_values (report_id, key_id, value, raw, location)
                SELECT c.report_id, k.id, c.value, c.raw, c.location FROM cells c
                JOIN cell_keys k ON k.table_code = c.table_code AND k.row_code = c.row_code
                  AND k.col_code = c.col_code ORDER BY 1, 2""")
            # views over the old table (requests_table) are rebuilt by `nianbao publish`
            for (view,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view' "
                                      "AND sql LIKE '%cells%'").fetchall():
                db.execute(f"DROP VIEW [{view}]")
            db.execute("DROP TABLE cells")
            bump_revision(db)
        elif "cells" in have:
            db.execute("DROP VIEW cells")
        db.execute(CELLS_SQL)


def migrate(db: sqlite_utils.Database) -> None:
    """In one transaction: a process killed while it creates an archive leaves none, never
    half of one."""
    with db.atomic():
        _migrate_cells(db)
        for name, spec in TABLES.items():
            table = db[name]
            if not table.exists():
                table.create(spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"),
                             not_null=set(), defaults={})
            else:
                have = set(table.columns_dict)
                for col, typ in spec["columns"].items():
                    if col not in have:
                        table.add_column(col, typ)
        for name, cols in INDEXES:
            db[name].create_index(cols, if_not_exists=True)
    # what is published beside the data (views, search, audit tables) is `nianbao publish`'s
