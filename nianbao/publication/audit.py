"""The audit tables publication builds beside the numbers (their SQL; views.refresh runs it):
whether each report met its legal deadline, which agencies have no report for a year, and
every report under a division code summed per level. (Copied text is nianbao/publication/reuse.py.)"""
from __future__ import annotations

TIMELINESS = "timeliness"
COVERAGE = "coverage"
# 《政府信息公开条例》第四十九、五十条: departments report by 31 January; governments at
# county level and above publish by 31 March (townships report to their county: January).
GOVERNMENT = "(r.agency LIKE '%人民政府' AND r.agency NOT LIKE '%镇人民政府' AND r.agency NOT LIKE '%乡人民政府')"
TIMELINESS_SELECT = f"""SELECT report_id, agency, region, year, kind, deadline, date, date_source,
  CAST(julianday(date) - julianday(deadline) AS INTEGER) AS days_late,
  CASE WHEN date IS NULL THEN NULL
       WHEN julianday(date) <= julianday(deadline) THEN 0
       WHEN date_source = 'document' THEN 1 END AS late
FROM (SELECT r.id AS report_id, r.agency, r.region, r.year,
        CASE WHEN {GOVERNMENT} THEN 'government' ELSE 'department' END AS kind,
        (r.year + 1) || CASE WHEN {GOVERNMENT} THEN '-03-31' ELSE '-01-31' END AS deadline,
        COALESCE(NULLIF(r.published, ''), substr(d.fetched_at, 1, 10)) AS date,
        CASE WHEN NULLIF(r.published, '') IS NOT NULL THEN 'document'
             WHEN d.fetched_at IS NOT NULL THEN 'crawl date (upper bound)' END AS date_source
      FROM reports r LEFT JOIN documents d ON d.sha256 = r.sha256
      WHERE r.duplicate_of IS NULL AND r.year IS NOT NULL AND r.agency IS NOT NULL AND r.status != 'failed')"""
COVERAGE_SELECT = """WITH years AS (SELECT DISTINCT year FROM reports WHERE year IS NOT NULL),
expected AS (
  SELECT a.agency, max(a.region) AS region, y.year, 'published for an earlier year' AS why
  FROM reports a JOIN years y ON y.year > a.year
  WHERE a.agency IS NOT NULL AND a.agency != '' GROUP BY a.agency, y.year
  UNION ALL
  SELECT d.agency, max(d.region), y.year, 'named by its portal' FROM documents d JOIN years y
  WHERE d.agency IS NOT NULL AND d.agency != '' GROUP BY d.agency, y.year
  UNION ALL
  SELECT r.agency, max(r.region), r.year, 'has a report' FROM reports r
  WHERE r.agency IS NOT NULL AND r.agency != '' AND r.year IS NOT NULL GROUP BY r.agency, r.year),
regions AS (  -- an agency's region, every year alike: its reports' region, else its portal's
  SELECT agency, max(region) AS region FROM reports WHERE agency IS NOT NULL AND agency != '' GROUP BY agency)
SELECT COALESCE(g.region, max(e.region)) AS region,
  e.year, e.agency, min(e.why) AS expected_because,
  (SELECT min(r.id) FROM reports r WHERE r.agency = e.agency AND r.year = e.year) AS report_id
FROM expected e LEFT JOIN regions g ON g.agency = e.agency  -- a join (automatic index), not a scan of regions per row
GROUP BY e.agency, e.year"""

ROLLUP = "region_totals"
ROLLUP_NUMBERS = ["new_requests", "handled_total", "carried_out", "review_total", "suit_total"]
# 行政区划代码: 2 digits a province, 4 a prefecture, 6 a county (the rest padded with zeros).
LEVELS = [("province", 2), ("city", 4), ("county", 6)]


def rollup_select(numbers: str) -> str:
    """Every report filed under a division code, summed at each level (its own report included)."""
    sums = ", ".join(f"sum(n.{c}) AS {c}" for c in ROLLUP_NUMBERS)
    return "\nUNION ALL\n".join(
        f"""SELECT '{level}' AS level, substr(r.region_code, 1, {k}) || '{'0' * (6 - k)}' AS region_code,
  r.year, count(*) AS reports, {sums}
FROM reports r JOIN {numbers} n ON n.report_id = r.id
WHERE r.duplicate_of IS NULL AND length(r.region_code) >= 6 AND r.year IS NOT NULL
GROUP BY 2, 3""" for level, k in LEVELS)


# the facets and filters of the audit tables' pages (metadata.yml), each counted from an index
# rather than a scan of 100,000 rows: a page of timeliness or coverage stays under 300 ms
FACET_INDEXES = {
    TIMELINESS: [["kind"], ["late", "days_late"], ["date_source"]],
    COVERAGE: [["region"], ["expected_because"], ["report_id"]],
}


def create_indexes(db) -> None:
    """The facet indexes (publish runs this after each rebuild, which drops them with the tables)."""
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, indexes in FACET_INDEXES.items():
        if table in names:
            for cols in indexes:
                db.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_facet_{'_'.join(cols)}] "
                           f"ON [{table}] ({', '.join(cols)})")
