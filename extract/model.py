"""The one report model every format ends in, and what the database stores of it."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class CellValue:
    table_code: str  # active | requests | appeals
    row_code: str
    col_code: str
    value: float | None  # None only when the cell was found but could not be read
    raw: str  # the printed text, as found
    location: str = ""  # "html table 3 row 5 col 2"

    @property
    def key(self) -> str:
        return f"{self.table_code}.{self.row_code}.{self.col_code}"


@dataclass(slots=True)
class Check:
    rule: str  # requests.balance, requests.results_sum, requests.row_total, appeals.row_total, cross_year.carried, cross_year.in_force
    subject: str  # which column / row the rule was applied to
    passed: bool | None  # None: not tested (a cell missing, or prose about a part of the agency)
    expected: float | None
    actual: float | None
    detail: str = ""
    cells: list[str] = field(default_factory=list)  # canonical keys involved


@dataclass(slots=True)
class Section:
    number: int  # 1..6
    title: str
    text: str


@dataclass
class Report:
    id: str  # sha256[:16] of the document
    sha256: str
    format: str  # html, text, docx, doc, wps, pdf, image
    status: str = "ok"  # ok | partial | failed
    reason: str = ""  # why partial or failed, for people
    agency: str = ""
    region: str = ""
    region_code: str = ""
    year: int | None = None
    template: str = ""  # 2019 | 2021 | legacy
    title: str = ""
    url: str = ""
    page_url: str = ""
    published: str = ""  # ISO date
    portal_id: str = ""
    cells: list[CellValue] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # canonical keys found but not read
    checks: list[Check] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    seconds: float = 0.0

    def values(self) -> dict[str, float]:
        return {c.key: c.value for c in self.cells if c.value is not None}
