"""What `nianbao publish` counts once so that serving never counts: the home page's figures
and every table's row count (`published_stats`), and the values of the big tables' facets
(`facet_counts`, which the plugin's `counted` facet reads)."""
from __future__ import annotations

import sqlite_utils

from nianbao.store.schema import revision

STATS = "published_stats"
# What the home page shows, counted once when publishing (a count over a million reports is
# not something to do per visit, nor when the server starts)
ARCHIVE_STATS_SQL = {
    "reports": "SELECT count(*) FROM reports WHERE duplicate_of IS NULL",
    "agencies": "SELECT count(*) FROM agencies",
    "regions": "SELECT count(DISTINCT region) FROM reports",
    "first_year": "SELECT min(year) FROM reports",
    "last_year": "SELECT max(year) FROM reports",
    "years": "SELECT count(DISTINCT year) FROM reports",
    "documents": "SELECT count(*) FROM documents",
    "failed": "SELECT count(*) FROM reports WHERE status = 'failed'",
    "last_crawl": "SELECT max(coalesce(finished, started)) FROM crawl_runs",
    "last_extract": "SELECT max(extracted_at) FROM reports",
}
FACET_COUNTS = "facet_counts"


def write_facet_counts(db: sqlite_utils.Database, facets: dict[str, list[str]]) -> None:
    db.execute(f"DROP TABLE IF EXISTS [{FACET_COUNTS}]")
    db.execute(f"CREATE TABLE [{FACET_COUNTS}] (table_name TEXT, column_name TEXT, value, count INTEGER, "
               "PRIMARY KEY (table_name, column_name, value))")
    for table, columns in facets.items():
        for col in columns:
            db.execute(f"INSERT INTO [{FACET_COUNTS}] SELECT ?, ?, [{col}], count(*) FROM [{table}] "
                       f"WHERE [{col}] IS NOT NULL GROUP BY [{col}]", [table, col])


def write_stats(db: sqlite_utils.Database, facets: dict[str, list[str]]) -> None:
    """`published_stats`: the row count of every table ("count:NAME"), for `nianbao serve` to
    start without counting, and the home page's figures ("stat:NAME")."""
    write_facet_counts(db, facets)
    db.execute(f"DROP TABLE IF EXISTS [{STATS}]")
    db.execute(f"CREATE TABLE [{STATS}] (name TEXT PRIMARY KEY, value)")
    rows = []
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%fts%'").fetchall():
        rows.append((f"count:{name}", db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]))
    for name, sql in ARCHIVE_STATS_SQL.items():
        rows.append((f"stat:{name}", db.execute(sql).fetchone()[0]))
    rows.append(("stat:revision", revision(db)))  # what the figures are of
    db.conn.executemany(f"INSERT INTO [{STATS}] VALUES (?, ?)", rows)
