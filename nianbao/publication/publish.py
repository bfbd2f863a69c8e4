"""`nianbao publish`: the one step that builds what the archive publishes beside its data.

Views, key labels, the search index and its triggers, the per-report and audit tables
(report_numbers, key_totals, agencies, timeliness, coverage, text_reuse, region_totals) are
built here — not when a command connects, not during extraction — then the WAL is folded in
so an immutable reader sees everything. `serve`, `demo` and the nightly job run it; it only
rebuilds what changed since it last ran.
"""
from __future__ import annotations

from pathlib import Path

from nianbao.publication import audit, reuse, stats, views
from nianbao.store import connect


def publish(db_path: str | Path, force: bool = False) -> bool:
    """Bring the published tables up to date; True when they were rebuilt."""
    db = connect(db_path)
    try:
        views.create(db)
        rebuilt = views.refresh(db, force=force)
        if not reuse.current(db):  # built by an earlier method: the reports did not change, it did
            with db.atomic():
                reuse.build(db)
            rebuilt = True
        if not stats.current(db):  # counted by an earlier release: the reports did not change, it did
            with db.atomic():
                stats.write_stats(db, views.COUNTED_FACETS)
            rebuilt = True
        with db.atomic():
            audit.create_indexes(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return rebuilt
    finally:
        db.conn.close()
