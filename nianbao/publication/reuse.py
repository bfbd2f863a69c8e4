"""How much of a report's text is copied from the same agency's report of the year before.

Each report's prose is cut into sentences, and each sentence is normalised: years, numbers
and spaces taken out, so 「2023年共受理申请12件」 and 「2022年共受理申请9件」 count as the same
sentence (what changes from year to year is the numbers, not the wording). The share is the
part of a report's sentences found in its agency's previous report. One pass per agency, in
year order: the cost grows with the number of reports, not its square.
"""
from __future__ import annotations

import re

import sqlite_utils

TABLE = "text_reuse"
SENTENCE_END = re.compile(r"[。；;！？!?\n]")
NOISE = re.compile(r"[\s\d０-９〇零一二三四五六七八九十百千万.,，、%％()（）]+")
MIN_CHARS = 8  # shorter pieces (「一、总体情况」) are headings, not prose


def sentences(text: str) -> set[str]:
    out = set()
    for piece in SENTENCE_END.split(text or ""):
        s = NOISE.sub("", piece)
        if len(s) >= MIN_CHARS:
            out.add(s)
    return out


def build(db: sqlite_utils.Database) -> None:
    """(Re)build text_reuse: per report, its previous report and the share of sentences reused."""
    rows = db.execute("""
        SELECT r.id, r.agency, r.year, group_concat(s.text, '\n')
        FROM reports r JOIN sections s ON s.report_id = r.id
        WHERE r.duplicate_of IS NULL AND r.agency IS NOT NULL AND r.agency != '' AND r.year IS NOT NULL
        GROUP BY r.id ORDER BY r.agency, r.year, r.id""")
    out, prev = [], None  # prev: (agency, year, id, sentences)
    for report_id, agency, year, text in rows:
        mine = sentences(text)
        if prev and prev[0] == agency and prev[1] < year and mine:
            reused = len(mine & prev[3])
            out.append({"report_id": report_id, "agency": agency, "year": year, "previous_report_id": prev[2],
                        "previous_year": prev[1], "sentences": len(mine), "reused": reused,
                        "reused_share": round(reused / len(mine), 3)})
        if not prev or prev[0] != agency or prev[1] < year:
            prev = (agency, year, report_id, mine)
    db.execute(f"DROP TABLE IF EXISTS [{TABLE}]")
    db[TABLE].create({"report_id": str, "agency": str, "year": int, "previous_report_id": str,
                      "previous_year": int, "sentences": int, "reused": int, "reused_share": float},
                     pk="report_id")
    db[TABLE].insert_all(out)
    db[TABLE].create_index(["reused_share"])
    db[TABLE].create_index(["year"])
