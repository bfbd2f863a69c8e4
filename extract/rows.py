"""A Report as the rows of the public tables (reports, cells, checks, sections), for the store to write."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from extract import EXTRACTOR_VERSION
from extract.model import Report
from nianbao.store.reports import Rows, save_reports

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


def rows(r: Report) -> Rows:
    return Rows(
        report=report_row(r),
        cells=cell_tuples(r),
        checks=[
            {"report_id": r.id, "rule": c.rule, "subject": c.subject, "passed": None if c.passed is None else int(c.passed),
             "expected": c.expected, "actual": c.actual, "detail": c.detail or None,
             "cells": json.dumps(c.cells, ensure_ascii=False)}
            for c in r.checks
        ],
        sections=[{"report_id": r.id, "number": s.number, "title": s.title, "text": s.text}
                  for s in r.sections],
    )


def cell_tuples(r: Report) -> list[tuple]:
    """The cells rows of a report as tuples in the store's CELL_COLUMNS order (the bulk of every write)."""
    return [(r.id, c.table_code, c.row_code, c.col_code,
             f"{c.table_code}.{c.row_code}.{c.col_code}", c.value, c.raw, c.location)
            for c in r.cells]


def save(db, reports: list[Report]) -> None:
    """Write these reports through the store (the same file given twice in a batch is one report)."""
    save_reports(db, [rows(r) for r in reports])
