"""`nightly_runs`: one row per `nianbao nightly`, its summary and the monitors' verdicts.

The nightly command computes the row; the store alone writes it (like every other table).
"""
from __future__ import annotations

TABLE = "nightly_runs"


def previous(db) -> dict | None:
    """The last night recorded, or None before the first."""
    if not db[TABLE].exists():
        return None
    return next(db.query(f"SELECT * FROM [{TABLE}] ORDER BY id DESC LIMIT 1"), None)


def record(db, row: dict) -> int:
    """Write tonight's row (columns added as the summary grows); returns its id."""
    night_id = db[TABLE].insert(row, pk="id", alter=True).last_pk
    db.conn.commit()
    return night_id
