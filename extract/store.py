"""Write reports into the database. Re-extracting a document replaces its rows, never adds."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import sqlite_utils

from extract import EXTRACTOR_VERSION
from extract.model import Report
from nianbao.fts import segment

CHILD_TABLES = ("cells", "checks", "sections")


def report_row(r: Report) -> dict:
    return {
        "id": r.id, "agency": r.agency or None, "region": r.region or None,
        "region_code": r.region_code or None, "year": r.year, "template": r.template or None,
        "title": r.title or None, "url": r.url or None, "page_url": r.page_url or None,
        "published": r.published or None, "format": r.format, "sha256": r.sha256,
        "status": r.status, "reason": r.reason or None,
        "cells_read": sum(1 for c in r.cells if c.value is not None),
        "cells_unread": json.dumps(r.unread, ensure_ascii=False) if r.unread else None,
        "checks_failed": sum(1 for c in r.checks if c.passed is False and not c.rule.startswith("prose")),
        "portal_id": r.portal_id or None, "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(r.seconds, 4),
    }


def child_rows(r: Report, cells: bool = True) -> dict[str, list[dict]]:
    return {
        "cells": [
            {"report_id": r.id, "table_code": c.table_code, "row_code": c.row_code,
             "col_code": c.col_code, "key": c.key, "value": c.value, "raw": c.raw,
             "location": c.location}
            for c in r.cells
        ] if cells else [],
        "checks": [
            {"report_id": r.id, "rule": c.rule, "subject": c.subject, "passed": None if c.passed is None else int(c.passed),
             "expected": c.expected, "actual": c.actual, "detail": c.detail or None,
             "cells": json.dumps(c.cells, ensure_ascii=False)}
            for c in r.checks
        ],
        "sections": [
            {"report_id": r.id, "number": s.number, "title": s.title, "text": s.text,
             "words": segment(s.title + "\n" + s.text)}
            for s in r.sections
        ],
    }


CELL_COLUMNS = ("report_id", "table_code", "row_code", "col_code", "key", "value", "raw", "location")


def cell_tuples(r: Report) -> list[tuple]:
    """The cells rows of a report as tuples in CELL_COLUMNS order (the bulk of every write)."""
    return [(r.id, c.table_code, c.row_code, c.col_code,
             f"{c.table_code}.{c.row_code}.{c.col_code}", c.value, c.raw, c.location)
            for c in r.cells]


def _insert(db: sqlite_utils.Database, table: str, cols, rows) -> None:
    sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
           f"VALUES ({', '.join('?' * len(cols))})")
    db.conn.executemany(sql, rows)


def save_reports(db: sqlite_utils.Database, reports: list[Report]) -> None:
    """Replace each report's rows in one transaction.

    Rows go in as tuples through executemany inside one BEGIN … COMMIT (sqlite-utils'
    insert_all commits every ~120 rows), cells sorted by primary key so the index is
    written in order: 25 million cells go in at 100,000+ a second.
    """
    if not reports:
        return
    reports = list({r.id: r for r in reports}.values())  # a report given twice is written once
    ids = [r.id for r in reports]
    cells = sorted(t for r in reports for t in cell_tuples(r))
    rows = {"checks": [], "sections": []}
    for r in reports:
        for t, rs in child_rows(r, cells=False).items():
            if t in rows:
                rows[t].extend(rs)
    with db.atomic():
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for t in CHILD_TABLES:
                db.execute(f"DELETE FROM [{t}] WHERE report_id IN ({marks})", chunk)
        db["reports"].upsert_all([report_row(r) for r in reports], pk="id")
        if cells:
            _insert(db, "cells", CELL_COLUMNS, cells)
        for t, rs in rows.items():
            if rs:
                cols = list(rs[0])
                _insert(db, t, cols, (tuple(row[c] for c in cols) for row in rs))
