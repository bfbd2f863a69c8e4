"""`reports`, `cells`, `checks`, `sections`: written a report at a time, replacing what an
earlier extraction of the same document wrote, never adding beside it."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from nianbao.store.words import segment

CHILD_TABLES = ("cells", "checks", "sections")
CELL_COLUMNS = ("report_id", "table_code", "row_code", "col_code", "key", "value", "raw", "location")


@dataclass
class Rows:
    """One report's rows: `report` for `reports`, `cells` as tuples in CELL_COLUMNS order, and
    dicts for `checks` and `sections` (whose search words the store adds)."""
    report: dict
    cells: list[tuple] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)


def _insert(db: sqlite_utils.Database, table: str, cols, rows) -> None:
    sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
           f"VALUES ({', '.join('?' * len(cols))})")
    db.conn.executemany(sql, rows)


def save_reports(db: sqlite_utils.Database, reports: list[Rows]) -> None:
    """Replace each report's rows in one transaction.

    Rows go in as tuples through executemany inside one BEGIN … COMMIT (sqlite-utils'
    insert_all commits every ~120 rows), cells sorted by primary key so the index is
    written in order: 25 million cells go in at 100,000+ a second.
    """
    if not reports:
        return
    reports = list({r.report["id"]: r for r in reports}.values())  # a report given twice is written once
    ids = [r.report["id"] for r in reports]
    cells = sorted(t for r in reports for t in r.cells)
    checks = [c for r in reports for c in r.checks]
    sections = [dict(s, words=segment(s["title"] + "\n" + s["text"])) for r in reports for s in r.sections]
    with db.atomic():
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for t in CHILD_TABLES:
                db.execute(f"DELETE FROM [{t}] WHERE report_id IN ({marks})", chunk)
        db["reports"].upsert_all([r.report for r in reports], pk="id")
        if cells:
            _insert(db, "cells", CELL_COLUMNS, cells)
        for t, rs in (("checks", checks), ("sections", sections)):
            if rs:
                cols = list(rs[0])
                _insert(db, t, cols, (tuple(row[c] for c in cols) for row in rs))
