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
    "cells": dict(
        columns={"report_id": str, "table_code": str, "row_code": str, "col_code": str,
                 "key": str, "value": float, "raw": str, "location": str},
        pk=("report_id", "table_code", "row_code", "col_code"),
        foreign_keys=[("report_id", "reports", "id")],
    ),
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

INDEXES = [
    ("reports", ["agency", "year"]),
    ("reports", ["year"]),
    ("reports", ["sha256"]),
    ("reports", ["status"]),
    # cells needs no index beyond its primary key: views read key_totals / report_numbers, and
    # an index over 25 million cells would cost ~40% of every write.
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


def migrate(db: sqlite_utils.Database) -> None:
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
