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
# facet_counts: the counts of each facet column's values on a table's unfiltered page
# (filter_column = filter_value = ''), and on its page filtered by one other facet column equal to
# one value (reports?year=2022: filter_column 'year', filter_value '2022'), as Datasette would
# count them. filter_value is the text a visitor's `column=value` carries (str() of the value).
FACET_COUNTS_SQL = (f"CREATE TABLE [{FACET_COUNTS}] (table_name TEXT, filter_column TEXT, filter_value TEXT, "
                    "column_name TEXT, value, count INTEGER, "
                    "PRIMARY KEY (table_name, filter_column, filter_value, column_name, value))")


def _affinity(declared: str) -> str:
    """SQLite's column affinity of a declared type (https://sqlite.org/datatype3.html 3.1)."""
    t = (declared or "").upper()
    if "INT" in t:
        return "integer"
    if any(k in t for k in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if not t or "BLOB" in t:
        return "blob"
    if any(k in t for k in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "numeric"


def filter_text(value, affinity: str) -> str | None:
    """The one text `column = :text` matches exactly this value by, or None when there is none to
    count on: a text column is compared as text; an integer/numeric column converts the visitor's
    text to a number, which str() of an integer gives back. Other cases (reals, no affinity) are
    left to Datasette to count."""
    if isinstance(value, str) and affinity in ("text", "integer", "numeric") and not (
            affinity != "text" and _numeric(value)):
        return value
    if isinstance(value, int) and affinity in ("integer", "numeric"):
        return str(value)
    return None


def _numeric(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def write_facet_counts(db: sqlite_utils.Database, facets: dict[str, list[str]]) -> None:
    """One GROUP BY over all of a table's facet columns (a small cube), summed here into the
    counts of each column alone and of each column on a page filtered by another."""
    db.execute(f"DROP TABLE IF EXISTS [{FACET_COUNTS}]")
    db.execute(FACET_COUNTS_SQL)
    for table, columns in facets.items():
        if not db[table].exists():
            continue
        types = {r[1]: r[2] for r in db.execute(f"PRAGMA table_xinfo([{table}])").fetchall()}
        affinity = {c: _affinity(types.get(c, "")) for c in columns}
        cols = ", ".join(f"[{c}]" for c in columns)
        counts: dict[tuple, int] = {}
        for *values, n in db.execute(f"SELECT {cols}, count(*) FROM [{table}] GROUP BY {cols}"):
            for c, v in zip(columns, values):
                if v is None:
                    continue
                key = ("", "", c, v)
                counts[key] = counts.get(key, 0) + n
                for f, fv in zip(columns, values):
                    text = None if fv is None else filter_text(fv, affinity[f])
                    if text is not None:
                        key = (f, text, c, v)
                        counts[key] = counts.get(key, 0) + n
        db.conn.executemany(f"INSERT INTO [{FACET_COUNTS}] VALUES (?, ?, ?, ?, ?, ?)",
                            [(table, *key, n) for key, n in counts.items()])


def current(db: sqlite_utils.Database) -> bool:
    """Whether facet_counts has the layout this release reads (an archive published by an
    earlier one is counted again)."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [FACET_COUNTS]).fetchone()
    return bool(row) and row[0] == FACET_COUNTS_SQL


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
