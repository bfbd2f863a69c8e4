"""`reports`, `cells`, `checks`, `sections`: written a report at a time, replacing what an
earlier extraction of the same document wrote, never adding beside it.

The numbers go to the compact store under the view `cells` (nianbao/store/schema.py):
`cell_keys` holds each canonical key once, `cell_values` one row per (report_id, key_id).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

import sqlite_utils

from nianbao.store.schema import CELL_COLUMNS, bump_revision
from nianbao.store.words import segment

CHILD_TABLES = ("cell_values", "checks", "sections")
VALUE_COLUMNS = ("report_id", "key_id", "value", "raw", "location")


@dataclass
class Rows:
    """One report's rows: `report` for `reports`, `cells` as tuples in CELL_COLUMNS order, and
    dicts for `checks` and `sections` (whose search words the store adds)."""
    report: dict
    cells: list[tuple] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)


@dataclass
class Prepared:
    """What save_reports inserts, row for row: the rows a raw insert of the same data would write."""
    ids: list[str]
    reports: list[dict]
    new_keys: list[tuple]
    values: list[tuple]
    checks: list[tuple]
    check_cols: list[str]
    sections: list[tuple]
    section_cols: list[str]


def _insert(db: sqlite_utils.Database, table: str, cols, rows) -> None:
    sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
           f"VALUES ({', '.join('?' * len(cols))})")
    db.conn.executemany(sql, rows)


def key_ids(db: sqlite_utils.Database) -> dict[str, int]:
    return dict(db.execute("SELECT key, id FROM cell_keys").fetchall())


def prepare(reports: list[Rows], keys: dict[str, int]) -> Prepared:
    """The rows to insert; `keys` (key -> id) gains the keys not seen before (in new_keys).

    Reports in id order and each report's numbers in key-id order: the rows of cell_values in
    primary-key order, so its B-tree is written left to right. Per number, one dict look-up and
    the one tuple executemany needs."""
    by_id = {r.report["id"]: r for r in reports}  # a report given twice is written once
    reports = [by_id[i] for i in sorted(by_id)]
    new_keys: list[tuple] = []
    values: list[tuple] = []
    first = itemgetter(0)
    for r in reports:
        cells = r.cells
        try:
            kids = [keys[c[4]] for c in cells]
        except KeyError:
            for rid, table, row, col, key, *_ in cells:
                if key not in keys:
                    keys[key] = max(keys.values(), default=0) + 1
                    new_keys.append((keys[key], key, table, row, col))
            kids = [keys[c[4]] for c in cells]
        pairs = zip(kids, cells)
        if kids != sorted(kids):  # usually in order already: a few hundred ints, compared in C
            pairs = sorted(pairs, key=first)
        values += [(c[0], kid, c[5], c[6], c[7]) for kid, c in pairs]
    checks = [c for r in reports for c in r.checks]
    sections = [s for r in reports for s in r.sections]
    check_cols = list(checks[0]) if checks else []
    text_cols = list(sections[0]) if sections else []
    return Prepared(
        ids=list(by_id), reports=[r.report for r in reports], new_keys=new_keys, values=values,
        checks=[tuple(c[k] for k in check_cols) for c in checks], check_cols=check_cols,
        sections=[(*(s[k] for k in text_cols), segment(s["title"] + "\n" + s["text"])) for s in sections],
        section_cols=[*text_cols, "words"] if sections else [])


def write(db: sqlite_utils.Database, p: Prepared) -> None:
    """Replace these reports' rows (inside the caller's transaction): the rows of the reports
    written before are deleted first (a new report has none to look for)."""
    for i in range(0, len(p.ids), 500):
        chunk = p.ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        old = [r[0] for r in db.execute(f"SELECT id FROM reports WHERE id IN ({marks})", chunk)]
        if old:
            marks = ",".join("?" * len(old))
            for t in CHILD_TABLES:
                db.execute(f"DELETE FROM [{t}] WHERE report_id IN ({marks})", old)
    if p.reports:
        cols = list(p.reports[0])
        if all(list(r) == cols for r in p.reports):  # the usual case: one statement for the batch
            sets = ", ".join(f"[{c}] = excluded.[{c}]" for c in cols if c != "id")
            db.conn.executemany(
                f"INSERT INTO reports ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' * len(cols))}) "
                f"ON CONFLICT(id) DO UPDATE SET {sets}", [tuple(r.values()) for r in p.reports])
        else:
            db["reports"].upsert_all(p.reports, pk="id")
    if p.new_keys:
        _insert(db, "cell_keys", ("id", "key", "table_code", "row_code", "col_code"), p.new_keys)
    if p.values:
        _insert(db, "cell_values", VALUE_COLUMNS, p.values)
    if p.checks:
        _insert(db, "checks", p.check_cols, p.checks)
    if p.sections:
        _insert(db, "sections", p.section_cols, p.sections)
    bump_revision(db)


def save_reports(db: sqlite_utils.Database, reports: list[Rows]) -> None:
    """Replace each report's rows in one transaction.

    Rows go in as tuples through executemany inside one BEGIN … COMMIT (sqlite-utils'
    insert_all commits every ~120 rows), numbers sorted by primary key so the B-tree is
    written in order.
    """
    if not reports:
        return
    with db.atomic():
        write(db, prepare(reports, key_ids(db)))


__all__ = ["CELL_COLUMNS", "Rows", "save_reports"]
