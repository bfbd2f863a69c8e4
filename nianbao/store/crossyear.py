"""Checks across years for one agency, run in the database once both years are archived.

`requests.carried_in` of year Y must equal `requests.carried_out` of Y−1. For format 2021,
`active.R.in_force` of Y ≈ in_force of Y−1 + issued − repealed of Y; agencies also revise
documents, so a gap there is reported (passed is NULL, the gap in `detail`), not failed.
"""
from __future__ import annotations

import json

import sqlite_utils

from nianbao.store.schema import bump_revision

# One report per agency and year is the one to count: an article page and its PDF attachment
# are the same report. The others point to it in `duplicate_of`.
RANKED = """
SELECT id, year, ROW_NUMBER() OVER (PARTITION BY year ORDER BY status = 'ok' DESC, cells_read DESC,
       checks_failed ASC, CASE format WHEN 'html' THEN 0 WHEN 'docx' THEN 1 WHEN 'text' THEN 2
       WHEN 'doc' THEN 3 WHEN 'wps' THEN 3 WHEN 'pdf' THEN 4 ELSE 5 END, id) AS n
FROM reports WHERE agency = ? AND year IS NOT NULL AND status IN ('ok', 'partial')
"""


def values(db, report_id: str, table: str) -> dict[tuple[str, str], float]:
    return {(r, c): v for r, c, v in db.execute(
        "SELECT k.row_code, k.col_code, v.value FROM cell_values v JOIN cell_keys k ON k.id = v.key_id "
        "WHERE v.report_id = ? AND k.table_code = ? AND v.value IS NOT NULL", [report_id, table]).fetchall()}


def refresh(db: sqlite_utils.Database, agencies: set[str]) -> int:
    """Recompute cross-year checks for these agencies; returns the number of checks failed."""
    failed = 0
    for agency in sorted(a for a in agencies if a):
        ids = [r[0] for r in db.execute("SELECT id FROM reports WHERE agency = ?", [agency]).fetchall()]
        if ids:
            db.execute(f"DELETE FROM checks WHERE rule LIKE 'cross_year.%' AND report_id IN ({','.join('?' * len(ids))})", ids)
        ranked = db.execute(RANKED, [agency]).fetchall()
        by_year = {y: i for i, y, n in ranked if n == 1}
        db.conn.executemany("UPDATE reports SET duplicate_of = ? WHERE id = ?",
                       [(by_year[y] if n > 1 else None, i) for i, y, n in ranked])
        rows = []
        for year, rid in by_year.items():
            prev = by_year.get(year - 1)
            if not prev:
                continue
            now_req, prev_req = values(db, rid, "requests"), values(db, prev, "requests")
            for (r, c), v in now_req.items():
                if r == "carried_in" and ("carried_out", c) in prev_req:
                    before = prev_req[("carried_out", c)]
                    ok = abs(v - before) < 0.011
                    failed += not ok
                    rows.append(row(rid, "cross_year.carried", c, ok, before, v,
                                    "" if ok else f"上年结转 {v:g} ≠ {year - 1}年结转下年度 {before:g}",
                                    [f"requests.carried_in.{c}", f"{prev}:requests.carried_out.{c}"]))
            now_act, prev_act = values(db, rid, "active"), values(db, prev, "active")
            for r in ("regulations", "normative_docs"):
                keys = [(r, "in_force"), (r, "issued"), (r, "repealed")]
                if all(k in now_act for k in keys) and (r, "in_force") in prev_act:
                    expected = prev_act[(r, "in_force")] + now_act[(r, "issued")] - now_act[(r, "repealed")]
                    gap = now_act[(r, "in_force")] - expected
                    rows.append(row(rid, "cross_year.in_force", r, True if gap == 0 else None, expected,
                                    now_act[(r, "in_force")], "" if gap == 0 else f"gap {gap:+g} (revisions or a misprint)",
                                    [f"active.{r}.in_force", f"{prev}:active.{r}.in_force"]))
        if rows:
            db["checks"].upsert_all(rows, pk=("report_id", "rule", "subject"))
        if ids:
            db.execute(f"""UPDATE reports SET checks_failed = (SELECT COUNT(*) FROM checks
                WHERE checks.report_id = reports.id AND passed = 0) WHERE id IN ({','.join('?' * len(ids))})""", ids)
    if agencies:
        bump_revision(db)
    db.conn.commit()
    return failed


def row(rid, rule, subject, passed, expected, actual, detail, cells):
    return {"report_id": rid, "rule": rule, "subject": subject,
            "passed": None if passed is None else int(passed), "expected": expected, "actual": actual,
            "detail": detail or None, "cells": json.dumps(cells, ensure_ascii=False)}
