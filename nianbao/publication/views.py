"""What the published archive adds to the schema: readable views, the key labels, search, indexes.

`create(db)` and `refresh(db)` are run by `nianbao publish` (nianbao/publication/publish.py); they only
write what is missing or out of date. Labels come from nianbao/layouts/layouts.yml through
nianbao.layouts (the one list of keys), never copied by hand.
"""
from __future__ import annotations

import time

import sqlite_utils

from nianbao.layouts import tables as layout_tables
from nianbao.publication import audit, reuse, stats

AMOUNTS = {"amount_10k_yuan", "amount"}  # money in 万元 (table 2); every other number counts 件
KEYS_TABLE = "canonical_keys"

# ---------------------------------------------------------------- labels from the layouts


def layouts() -> dict:
    return layout_tables()


def row_order(table: str) -> list[str]:
    """Rows in printed order: the 2021 order, with 2019's single （六）其他处理 after its split."""
    spec = layouts()[table]
    merged: list[str] = []
    for fmt in ("2021", "2019"):
        order = (spec.get("row_order") or {}).get(fmt, [])
        for i, row in enumerate(order):
            if row not in merged:
                nxt = order[i + 1] if i + 1 < len(order) else None
                merged.insert(merged.index(nxt) if nxt in merged else len(merged), row)
    return merged + [r for r in spec["rows"] if r not in merged]


def col_order(table: str) -> list[str]:
    spec = layouts()[table]
    return list(spec.get("order") or spec["cols"])


def shape(table: str) -> dict[str, list[str]]:
    """Row -> the columns it has in some format."""
    spec = layouts()[table]
    if "shape" not in spec:
        return {r: col_order(table) for r in row_order(table)}
    out: dict[str, list[str]] = {}
    for by_row in spec["shape"].values():
        for row, cols in by_row.items():
            out.setdefault(row, []).extend(c for c in cols if c not in out.get(row, []))
    return out


def _formats(spec: dict) -> set[str]:
    return set(spec.get("formats", ["2019", "2021"]))


def unit(col: str) -> str:
    return "万元" if col in AMOUNTS else "件"


def canonical_keys() -> list[dict]:
    """One row per canonical key TABLE.ROW.COLUMN: labels, unit, print order, formats."""
    out = []
    for table, spec in layouts().items():
        rows, cols = row_order(table), col_order(table)
        for row, row_cols in shape(table).items():
            for col in row_cols:
                rs, cs = spec["rows"][row], spec["cols"][col]
                out.append({
                    "key": f"{table}.{row}.{col}", "table_code": table, "row_code": row,
                    "col_code": col, "table_label": spec["title"], "row_label": rs["label"],
                    "col_label": cs["label"], "unit": unit(col),
                    "formats": ",".join(sorted(_formats(rs) & _formats(cs))),
                    "row_order": rows.index(row), "col_order": cols.index(col),
                })
    return out


def row_label(table: str, row: str) -> str:
    return layouts()[table]["rows"][row]["label"]


def col_label(table: str, col: str) -> str:
    return layouts()[table]["cols"][col]["label"]


def rows_in_group(group: str) -> list[str]:
    return layouts()["requests"]["groups"][group]["rows"]


# ---------------------------------------------------------------- views


def _key_ids(table: str, rows: list[str], col: str) -> str:
    """The ids of these keys in the store's cell_keys, as an uncorrelated subquery (run once)."""
    keys = ", ".join(f"'{table}.{r}.{col}'" for r in rows)
    return f"SELECT id FROM cell_keys WHERE key IN ({keys})"


def _cell(rows: list[str], col: str, table: str = "requests") -> str:
    """One number of the report `r`, summed over rows (primary-key lookups in cell_values)."""
    if len(rows) == 1:
        return (f"(SELECT value FROM cell_values WHERE report_id = r.id "
                f"AND key_id = ({_key_ids(table, rows, col)}))")
    return (f"(SELECT sum(value) FROM cell_values WHERE report_id = r.id "
            f"AND key_id IN ({_key_ids(table, rows, col)}))")


# column -> (rows summed, column, table): the headline numbers of one report
HEADLINE = {
    "new_requests": (["new"], "total", "requests"),
    "carried_in": (["carried_in"], "total", "requests"),
    "granted": (["granted"], "total", "requests"),
    "partial": (["partial"], "total", "requests"),
    "denied": ("denied", "total", "requests"),
    "unable": ("unable", "total", "requests"),
    "not_processed": ("rejected", "total", "requests"),
    "other_handling": ("other", "total", "requests"),  # 2019's single row and 2021's three
    "handled_total": (["handled_total"], "total", "requests"),
    "carried_out": (["carried_out"], "total", "requests"),
    "review_total": (["review"], "total", "appeals"),
    "review_corrected": (["review"], "corrected", "appeals"),
    "suit_total": (["suit_direct", "suit_after_review"], "total", "appeals"),
    "suit_corrected": (["suit_direct", "suit_after_review"], "corrected", "appeals"),
}


def headline_rows(name: str) -> list[str]:
    rows = HEADLINE[name][0]
    if isinstance(rows, str):  # a printed group: its rows, and a row of the group's own key (2019)
        return ([rows] if rows in layouts()["requests"]["rows"] else []) + rows_in_group(rows)
    return rows


def report_numbers_select() -> str:
    nums = ",\n  ".join(f"{_cell(headline_rows(n), col, table)} AS {n}"
                        for n, (_, col, table) in HEADLINE.items())
    return f"""SELECT r.id AS report_id, r.agency, r.region, r.year, r.template, r.status,
  {nums},
  r.checks_failed, r.duplicate_of, r.sha256 AS original, r.url AS source_url
FROM reports r"""


def requests_table_sql() -> str:
    cols = ",\n  ".join(f"max(CASE c.col_code WHEN '{col}' THEN v.value END) AS {col}"
                        for col in col_order("requests"))
    return f"""CREATE VIEW requests_table AS
SELECT v.report_id, k.row_order AS line, k.row_label AS item,
  {cols},
  c.row_code
FROM cell_values v JOIN cell_keys c ON c.id = v.key_id
JOIN {KEYS_TABLE} k ON k.table_code = c.table_code AND k.row_code = c.row_code AND k.col_code = 'total'
WHERE c.table_code = 'requests'
GROUP BY v.report_id, k.row_order"""


AGENCIES_SELECT = """SELECT a.agency, a.region, a.reports, a.first_year, a.last_year,
  (SELECT group_concat(year, ', ') FROM (SELECT DISTINCT year FROM reports x
     WHERE x.agency = a.agency AND x.year IS NOT NULL ORDER BY year)) AS years_present,
  (WITH RECURSIVE span(y) AS (SELECT a.first_year UNION ALL SELECT y + 1 FROM span
       WHERE y < (SELECT max(year) FROM reports))
   SELECT group_concat(y, ', ') FROM span
   WHERE NOT EXISTS (SELECT 1 FROM reports x WHERE x.agency = a.agency AND x.year = span.y)
  ) AS years_missing
FROM (SELECT agency, max(region) AS region, sum(duplicate_of IS NULL) AS reports, min(year) AS first_year,
             max(year) AS last_year
      FROM reports WHERE agency IS NOT NULL GROUP BY agency) a"""


def view_sql() -> dict[str, str]:
    return {"requests_table": requests_table_sql()}


# ---------------------------------------------------------------- create


def _keys_current(db: sqlite_utils.Database, keys: list[dict]) -> bool:
    if not db[KEYS_TABLE].exists() or set(db[KEYS_TABLE].columns_dict) != set(keys[0]):
        return False
    have = {tuple(sorted(r.items())) for r in db[KEYS_TABLE].rows}
    return have == {tuple(sorted(r.items())) for r in keys}


def create_keys(db: sqlite_utils.Database) -> None:
    keys = canonical_keys()
    if _keys_current(db, keys):
        return
    with db.atomic():
        db.execute(f"DROP TABLE IF EXISTS {KEYS_TABLE}")
        db[KEYS_TABLE].insert_all(keys, pk="key")
        db[KEYS_TABLE].create_index(["table_code", "row_code", "col_code"], unique=True)


def create_views(db: sqlite_utils.Database) -> None:
    have = {r[0]: r[1] for r in db.execute("SELECT name, sql FROM sqlite_master WHERE type='view'")}
    for name, sql in view_sql().items():
        if have.get(name) != sql:
            with db.atomic():
                db.execute(f"DROP VIEW IF EXISTS {name}")
                db.execute(sql)


def create_fts(db: sqlite_utils.Database) -> None:
    """sections_fts indexes `words` (jieba-segmented); triggers keep it in step with sections."""
    if not db["sections_fts"].exists():
        db["sections"].enable_fts(["words"], create_triggers=True)


# ---------------------------------------------------------------- search_sections (slim)

SEARCH = "search_sections"
SNIPPET_CHARS = 80
_SNIPPET = (f"CASE WHEN length({{t}}) > {SNIPPET_CHARS} "
            f"THEN substr({{t}}, 1, {SNIPPET_CHARS}) || '…' ELSE {{t}} END")
_ROW = ("{p}.rowid, {p}.report_id, {p}.number, {p}.title, "
        + _SNIPPET.format(t="trim(replace(replace({p}.text, char(13), ' '), char(10), ' '))"))
SEARCH_SQL = {  # name -> the CREATE statement as sqlite_master keeps it
    SEARCH: (f"CREATE TABLE [{SEARCH}] (id INTEGER PRIMARY KEY, report_id TEXT, number INTEGER, "
             "title TEXT, snippet TEXT)"),
    f"{SEARCH}_ai": (f"CREATE TRIGGER [{SEARCH}_ai] AFTER INSERT ON sections BEGIN\n"
                     f"  INSERT INTO [{SEARCH}] VALUES ({_ROW.format(p='new')});\nEND"),
    f"{SEARCH}_ad": (f"CREATE TRIGGER [{SEARCH}_ad] AFTER DELETE ON sections BEGIN\n"
                     f"  DELETE FROM [{SEARCH}] WHERE id = old.rowid;\nEND"),
    f"{SEARCH}_au": (f"CREATE TRIGGER [{SEARCH}_au] AFTER UPDATE ON sections BEGIN\n"
                     f"  DELETE FROM [{SEARCH}] WHERE id = old.rowid;\n"
                     f"  INSERT INTO [{SEARCH}] VALUES ({_ROW.format(p='new')});\nEND"),
}


def create_search(db: sqlite_utils.Database) -> None:
    """`search_sections`: what a search result shows, one narrow row per section, same rowid.

    Searching `sections` itself makes Datasette count and sort its wide rows (text and words,
    kilobytes each): at 100,000 reports a word found in every report reads ~100,000 of them
    per page view. This table holds only the report id, section number, title and the
    section's opening words, keyed by the section's rowid, so `sections_fts` (whose rowids
    are the sections' rowids) finds its rows directly. Triggers keep it in step with
    `sections`; it is filled from `sections` when missing or out of date.
    """
    have = {r[0]: r[1] for r in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE name IN ({})".format(
            ", ".join("?" * len(SEARCH_SQL))), list(SEARCH_SQL))}
    if have == SEARCH_SQL:
        return
    with db.atomic():
        for name in SEARCH_SQL:
            if name != SEARCH:
                db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
        db.execute(f"DROP TABLE IF EXISTS [{SEARCH}]")
        for sql in SEARCH_SQL.values():
            db.execute(sql)
        db.execute(f"INSERT INTO [{SEARCH}] SELECT {_ROW.format(p='s')} FROM sections s")


# ---------------------------------------------------------------- report_numbers (materialised)

NUMBERS = "report_numbers"
AGENCIES = "agencies"
# constant time, whatever the archive's size: the store's revision (raised by every write of
# reports) and the last rowid of the tables the audit reads
FINGERPRINT_SQL = ("SELECT (SELECT value FROM store_state WHERE name = 'revision'), "
                   "(SELECT max(rowid) FROM reports), (SELECT max(rowid) FROM documents)")


KEY_TOTALS = "key_totals"
KEY_TOTALS_COLS = ("total", "corrected")


def key_totals_select() -> str:
    """Each report once (duplicates left out), its 总计/结果纠正 numbers found by primary key,
    summed by year and region."""
    cols = ", ".join(f"'{c}'" for c in KEY_TOTALS_COLS)
    return f"""SELECT t.year, t.region, s.key, s.table_code, s.row_code, s.col_code, k.row_label,
  k.col_label, k.unit, t.reports, t.value
FROM (SELECT r.year, r.region, v.key_id, count(v.value) AS reports, sum(v.value) AS value
      FROM reports r JOIN cell_values v ON v.report_id = r.id
      WHERE r.duplicate_of IS NULL AND v.key_id IN (SELECT id FROM cell_keys WHERE col_code IN ({cols}))
      GROUP BY 1, 2, 3) t
JOIN cell_keys s ON s.id = t.key_id
LEFT JOIN {KEYS_TABLE} k
  ON k.table_code = s.table_code AND k.row_code = s.row_code AND k.col_code = s.col_code"""


CARRIED = "carried_mismatches"
# What the canned query carried_mismatch shows, paired once when publishing: each report whose
# 上年结转 differs from the carried-out total of the same agency's report of the year before.
CARRIED_SELECT = f"""SELECT cur.agency, cur.region, cur.year, cur.carried_in, prev.carried_out AS prev_carried_out,
  cur.carried_in - prev.carried_out AS difference, abs(cur.carried_in - prev.carried_out) AS gap,
  cur.report_id, prev.report_id AS prev_report_id
FROM {NUMBERS} cur
JOIN {NUMBERS} prev ON prev.agency = cur.agency AND prev.year = cur.year - 1
WHERE cur.carried_in IS NOT NULL AND prev.carried_out IS NOT NULL
  AND cur.carried_in != prev.carried_out
  AND cur.duplicate_of IS NULL AND prev.duplicate_of IS NULL"""


def _materialise(db: sqlite_utils.Database, name: str, select: str, pk: str | None = None,
                 fill: bool = True) -> None:
    """(Re)create table `name` as the result of `select`, with `pk` as its primary key."""
    db.execute("DROP TABLE IF EXISTS temp._shape")
    db.execute(f"CREATE TEMP TABLE _shape AS SELECT * FROM ({select}) LIMIT 0")  # column types
    cols = [(r[1], r[2]) for r in db.execute("PRAGMA temp.table_info(_shape)")]
    db.execute("DROP TABLE temp._shape")
    decl = ", ".join(f"[{c}] {t}" + (" PRIMARY KEY" if c == pk else "") for c, t in cols)
    db.execute(f"DROP TABLE IF EXISTS [{name}]")
    db.execute(f"CREATE TABLE [{name}] ({decl})")
    if fill:
        db.execute(f"INSERT INTO [{name}] SELECT * FROM ({select})")


PUBLISHED = {  # table -> (select, primary key, indexes): what refresh() builds, in this order
    # (agency, year, …) covers the pairing of carried_mismatches and agency_years; (year,
    # new_requests) gives top_agencies its order, (year, report_id) a year's CSV and pages,
    # (region, new_requests) a region's ranking — no query sorts a whole year
    NUMBERS: (report_numbers_select, "report_id",
              [["year", "report_id"], ["year", "new_requests"], ["region", "new_requests", "report_id"], ["template"],
               ["status"],
               ["agency", "year", "carried_in", "carried_out", "duplicate_of", "report_id", "region"]]),
    CARRIED: (lambda: CARRIED_SELECT, None, [["gap"], ["year", "gap"]]),
    KEY_TOTALS: (key_totals_select, None, [["table_code", "row_code", "col_code", "year"]]),
    AGENCIES: (lambda: AGENCIES_SELECT, "agency", [["region"]]),
    # (late, days_late): late_reports in order without reading the table; (year, report_id,
    # region, agency): missing_reports in order (report_id IS NULL is an equality)
    audit.TIMELINESS: (lambda: audit.TIMELINESS_SELECT, "report_id",
                       [["year", "late"], ["region", "year"], ["late", "days_late"]]),
    audit.COVERAGE: (lambda: audit.COVERAGE_SELECT, None,
                     [["year", "region"], ["agency", "year"], ["year", "report_id", "region", "agency"]]),
    audit.ROLLUP: (lambda: audit.rollup_select(NUMBERS), None, [["region_code", "year"], ["level", "year"]]),
}


def create_numbers(db: sqlite_utils.Database) -> None:
    """Empty published tables with the right columns; refresh() fills them."""
    if AGENCIES in db.view_names():  # archives of an earlier version had it as a view
        db.execute(f"DROP VIEW {AGENCIES}")
    for name, (select, pk, _) in PUBLISHED.items():
        if not db[name].exists():
            with db.atomic():
                _materialise(db, name, select(), pk, fill=False)
    if not db["published"].exists():
        db["published"].create({"name": str, "fingerprint": str, "built_at": str}, pk="name")


PUBLISH_VERSION = 6  # bump when the published tables change shape


def fingerprint(db: sqlite_utils.Database) -> str:
    return repr(tuple(db.execute(FINGERPRINT_SQL).fetchone()) + (PUBLISH_VERSION,)
                + (report_numbers_select(), key_totals_select(), CARRIED_SELECT, AGENCIES_SELECT,
                   audit.TIMELINESS_SELECT,
                   audit.COVERAGE_SELECT, audit.rollup_select(NUMBERS)))


def refresh(db: sqlite_utils.Database, force: bool = False) -> bool:
    """Rebuild report_numbers, key_totals and agencies when reports changed (publishing calls this).

    Sums over 100,000 reports would read millions of cells per page view; one row per report
    with its headline numbers makes every chart and ranking a scan of a small table.
    """
    create_numbers(db)
    fp = fingerprint(db)
    row = db.execute("SELECT fingerprint FROM published WHERE name = ?", [NUMBERS]).fetchone()
    if row and row[0] == fp and not force:
        return False
    TIMINGS.clear()
    with db.atomic():
        for name, (select, pk, indexes) in PUBLISHED.items():
            t = time.perf_counter()
            _materialise(db, name, select(), pk)
            for cols in indexes:
                db.execute(f"CREATE INDEX [idx_{name}_{'_'.join(cols)}] ON [{name}] ({', '.join(cols)})")
            TIMINGS[name] = time.perf_counter() - t
        t = time.perf_counter()
        reuse.build(db)
        for cols in REUSE_INDEXES:  # copied_reports' order, ties included, read from an index
            db.execute(f"CREATE INDEX IF NOT EXISTS [idx_{reuse.TABLE}_{'_'.join(cols)}] "
                       f"ON [{reuse.TABLE}] ({', '.join(cols)})")
        TIMINGS[reuse.TABLE] = time.perf_counter() - t
        t = time.perf_counter()
        stats.write_stats(db, COUNTED_FACETS)
        TIMINGS[stats.STATS] = time.perf_counter() - t
        db.execute("INSERT OR REPLACE INTO published VALUES (?, ?, datetime('now'))", [NUMBERS, fp])
    return True


REUSE_INDEXES = [["reused_share", "sentences"]]
TIMINGS: dict[str, float] = {}  # seconds per published table, of the last refresh (for bench/serve.py)

# Facets of the big tables, counted once: an unfiltered page of reports or report_numbers shows
# these (nianbao.publication.datasette_plugin's `counted` facet) instead of grouping a million rows
# per view; a filtered page counts its own rows from the (year, …) indexes.
COUNTED_FACETS = {
    "reports": ["year", "template", "region", "status"],
    NUMBERS: ["year", "template", "region", "status"],
    audit.TIMELINESS: ["year", "kind", "late", "date_source"],
    audit.COVERAGE: ["year", "region", "expected_because"],
    CARRIED: ["year"],
    "checks": ["rule", "passed"],
}
# the facets of the reports page (year and status have indexes of nianbao.store.schema): each facet
# counts its values from an index rather than reading a million rows of reports, and with a
# year chosen (reports?year=2022) the other facets count from (year, …) without the table.
# Not (year, id): SQLite takes it for coverage's `min(id) WHERE agency = ? AND year = ?` and scans
# the whole year per agency (publishing a million reports went from minutes to hours).
FACET_INDEXES = [("reports", ["region"]), ("reports", ["template"]), ("reports", ["year", "region"]),
                 ("reports", ["year", "template"]), ("reports", ["year", "status"])]
DROPPED_INDEXES = ["idx_reports_year_id"]  # made by a release of a few hours: see above


def create_indexes(db: sqlite_utils.Database) -> None:
    for name in DROPPED_INDEXES:
        db.execute(f"DROP INDEX IF EXISTS [{name}]")
    for table, cols in FACET_INDEXES:
        db[table].create_index(cols, if_not_exists=True)


def create(db: sqlite_utils.Database) -> None:
    create_indexes(db)
    create_keys(db)
    create_numbers(db)
    create_views(db)
    create_fts(db)
    create_search(db)
