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
        "checks_failed": sum(1 for c in r.checks if not c.passed),
        "portal_id": r.portal_id or None, "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(r.seconds, 4),
    }


def child_rows(r: Report) -> dict[str, list[dict]]:
    return {
        "cells": [
            {"report_id": r.id, "table_code": c.table_code, "row_code": c.row_code,
             "col_code": c.col_code, "key": c.key, "value": c.value, "raw": c.raw,
             "location": c.location}
            for c in r.cells
        ],
        "checks": [
            {"report_id": r.id, "rule": c.rule, "subject": c.subject, "passed": int(c.passed),
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


def save_reports(db: sqlite_utils.Database, reports: list[Report]) -> None:
    """Replace each report's rows in one transaction.

    Rows go in through executemany of tuples inside one BEGIN … COMMIT: sqlite-utils'
    insert_all would commit (and fsync) every ~120 rows, 10× slower at 25 million cells.
    """
    if not reports:
        return
    reports = list({r.id: r for r in reports}.values())  # a report given twice is written once
    ids = [r.id for r in reports]
    rows = {t: [] for t in CHILD_TABLES}
    for r in reports:
        for t, rs in child_rows(r).items():
            rows[t].extend(rs)
    with db.atomic():
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for t in CHILD_TABLES:
                db.execute(f"DELETE FROM [{t}] WHERE report_id IN ({marks})", chunk)
        db["reports"].upsert_all([report_row(r) for r in reports], pk="id")
        for t in CHILD_TABLES:
            if rows[t]:
                cols = list(rows[t][0])
                sql = (f"INSERT INTO [{t}] ({', '.join(f'[{c}]' for c in cols)}) "
                       f"VALUES ({', '.join('?' * len(cols))})")
                db.conn.executemany(sql, (tuple(row[c] for c in cols) for row in rows[t]))
