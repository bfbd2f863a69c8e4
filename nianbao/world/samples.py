"""Fixture generator: reports rendered from numbers we know, so every reader can be tested
against the truth.

    t = make_truth(seed=1)              # agency, year, template, every canonical cell, prose
    render(t, "html", "gbk")            # bytes of a portal article page
    t.for_variant("mixed")              # the truth of a file rendered with that variant

The tables are built once as rows of spanned cells (samples_tables.Span), exactly like the national Word
template (merged header cells, label columns merged down), and each format prints that model.
Variant `mixed` prints the other format's table 3 (other_* rows ⇄ the single `other` row), so
the truth of a `mixed` file is `t.for_variant("mixed")`: use that, never `t`, to check it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass, field

from nianbao.layouts import tables as layout_tables
from nianbao.world import samples_names as names

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]
ORGS = APPLICANTS[1:]
APPEAL_COLS = ["upheld", "corrected", "other", "pending", "total"]
AMOUNT_KEYS = {"active.admin_fees.amount_10k_yuan", "active.procurement.amount"}
BROKEN = ("requests.balance", "requests.row_total", "appeals.row_total", "requests.results_sum")

VARIANTS: dict[str, list[str]] = {
    "html": ["standard", "gbk", "gb2312-nometa", "padding", "nested", "fullwidth", "transposed",
             "t4-transposed", "t4-line", "split", "typos", "mixed"],
    "text": ["standard", "tabs"],
    "docx": ["standard", "split"],
    "pdf": ["standard", "split"],
    "doc": ["standard", "split"],
    "scan": ["standard"],
    "png": ["standard"],
}
EXT = {"html": "html", "text": "txt", "docx": "docx", "pdf": "pdf", "doc": "doc", "scan": "pdf", "png": "png"}


def layouts() -> dict:
    """nianbao/layouts/layouts.yml, the one list of rows and columns per format."""
    return layout_tables()


def request_rows(layout: str) -> list[str]:
    return list(layouts()["requests"]["row_order"][layout])


def request_cols(org_subtotal: bool) -> list[str]:
    return APPLICANTS + (["org_subtotal"] if org_subtotal else []) + ["total"]


def result_rows(layout: str) -> list[str]:
    rows = request_rows(layout)
    return rows[rows.index("granted"):rows.index("handled_total")]


@dataclass
class Truth:
    seed: object
    agency: str
    region: str
    year: int
    template: str  # "2019" | "2021": the format of table 2
    title: str
    published: str  # ISO date
    cells: dict[str, float]
    sections: dict[int, str]
    section_titles: dict[int, str]
    org_subtotal: bool = False
    requests_layout: str = ""  # the format of table 3; differs from template only for `mixed`
    broken: str | None = None  # the identity made to fail
    broken_key: str | None = None  # the key changed first
    broken_keys: list[str] = field(default_factory=list)  # every key changed to break it

    def __post_init__(self):
        self.requests_layout = self.requests_layout or self.template

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["sections"] = {str(k): v for k, v in self.sections.items()}
        d["section_titles"] = {str(k): v for k, v in self.section_titles.items()}
        d["seed"] = self.seed if isinstance(self.seed, (int, str)) else repr(self.seed)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Truth":
        """The inverse of to_dict (e.g. a line of truth.jsonl)."""
        d = dict(d)
        for k in ("sections", "section_titles"):
            d[k] = {int(n): v for n, v in d[k].items()}
        return cls(**d)

    def for_variant(self, variant: str) -> "Truth":
        """The truth of a file rendered with `variant` (only `mixed` changes keys)."""
        if variant != "mixed" or self.requests_layout != self.template:
            return self
        other = "2019" if self.template == "2021" else "2021"
        cells = dict(self.cells)
        for c in request_cols(self.org_subtotal):
            if other == "2019":
                cells[f"requests.other.{c}"] = sum(cells.pop(f"requests.{r}.{c}")
                                                   for r in ("other_no_correction", "other_unpaid_fee", "other_other"))
            else:
                cells[f"requests.other_other.{c}"] = cells.pop(f"requests.other.{c}")
                cells[f"requests.other_no_correction.{c}"] = 0.0
                cells[f"requests.other_unpaid_fee.{c}"] = 0.0
        keys = _key_order(self.template, other, self.org_subtotal)
        return dataclasses.replace(self, cells={k: cells[k] for k in keys}, requests_layout=other)

    def value_keys(self) -> list[str]:
        return _key_order(self.template, self.requests_layout, self.org_subtotal)


def _key_order(template: str, req_layout: str, org_subtotal: bool) -> list[str]:
    shape = layouts()["active"]["shape"][template]
    keys = [f"active.{r}.{c}" for r, cols in shape.items() for c in cols]
    keys += [f"requests.{r}.{c}" for r in request_rows(req_layout) for c in request_cols(org_subtotal)]
    keys += [f"appeals.{r}.{c}" for r in ("review", "suit_direct", "suit_after_review") for c in APPEAL_COLS]
    return keys


# ---------------------------------------------------------------- numbers

def _small(rng: random.Random, zero: float, top: int) -> int:
    """Mostly zero, else skewed towards small counts, like real reports."""
    if rng.random() < zero:
        return 0
    return min(top, int(rng.paretovariate(1.2)))


def _split(rng: random.Random, total: int, rows: list[str]) -> dict[str, int]:
    """Share `total` among a few of `rows` (most rows stay zero)."""
    out = dict.fromkeys(rows, 0)
    if total <= 0:
        return out
    weights = {"granted": 8, "partial": 3, "unable_not_held": 4, "rejected_petition": 2, "rejected_duplicate": 1}
    k = min(len(rows), 1 + int(rng.paretovariate(1.5)))
    chosen = rng.choices(rows, weights=[weights.get(r, 0.4) for r in rows], k=k)
    cuts = sorted(rng.randint(0, total) for _ in range(len(chosen) - 1))
    for r, a, b in zip(chosen, [0] + cuts, cuts + [total]):
        out[r] += b - a
    return out


MISREPORTED_CARRY = 0.05  # how often an agency's carried-in does not match last year's carried-out


def carried_over(agency: str, year: int) -> dict[str, int]:
    """Requests an agency carries from `year` into the next: drawn from the agency and year
    alone, so its reports of consecutive years agree, as the cross-year check expects."""
    rng = random.Random(f"carried|{agency}|{year}")
    return {c: _small(rng, 0.8, 6) for c in APPLICANTS}


def _requests(rng: random.Random, layout: str, org_subtotal: bool, scale: int, agency: str,
              year: int) -> dict[str, float]:
    rows = request_rows(layout)
    results = result_rows(layout)
    cells: dict[str, float] = {}
    busy = rng.random() > 0.25  # a quarter of agencies receive no request at all
    carry_in, carry_out = carried_over(agency, year - 1), carried_over(agency, year)
    misreported = random.Random(f"misreported|{agency}|{year}").random() < MISREPORTED_CARRY
    for c in APPLICANTS:
        zero = 0.2 if c == "natural_person" else 0.75
        new = _small(rng, zero, 40) * scale if busy else 0
        carried_in = carry_in[c] + (1 if misreported and c == "natural_person" else 0)
        carried_out = carry_out[c]
        new = max(new, carried_out - carried_in)  # nothing is carried out that was not received
        handled = new + carried_in - carried_out
        col = {"new": new, "carried_in": carried_in, "carried_out": carried_out, "handled_total": handled}
        col.update(_split(rng, handled, results))
        for r in rows:
            cells[f"requests.{r}.{c}"] = float(col[r])
    for r in rows:
        orgs = sum(cells[f"requests.{r}.{c}"] for c in ORGS)
        if org_subtotal:
            cells[f"requests.{r}.org_subtotal"] = orgs
        cells[f"requests.{r}.total"] = cells[f"requests.{r}.natural_person"] + orgs
    return cells


def _active(rng: random.Random, template: str, scale: int) -> dict[str, float]:
    big = scale > 1
    cells: dict[str, float] = {}
    for r, cols in layouts()["active"]["shape"][template].items():
        top = {"regulations": 3, "normative_docs": 40}.get(r, 300 * scale)
        zero = {"regulations": 0.8, "licensing": 0.3}.get(r, 0.5)
        for c in cols:
            v: float = _small(rng, zero, top)
            if c in ("decisions", "prev_year_items", "items") and big and rng.random() < 0.5:
                v = rng.randint(1000, 60000)
            if c in ("in_force", "total_published"):
                v = v + _small(rng, 0.3, 400)
            if c == "change":
                v = rng.choice([1, -1]) * _small(rng, 0.4, 50)
            if c in ("amount_10k_yuan", "amount"):
                v = 0.0 if rng.random() < 0.5 else round(rng.uniform(0.5, 3000 if big else 300), 2)
            cells[f"active.{r}.{c}"] = float(v)
    if template == "2019":  # new_published ≤ new_made in a real report
        for r in ("regulations", "normative_docs"):
            cells[f"active.{r}.new_published"] = min(cells[f"active.{r}.new_published"],
                                                     cells[f"active.{r}.new_made"])
    return cells


def _appeals(rng: random.Random) -> dict[str, float]:
    cells: dict[str, float] = {}
    for r in ("review", "suit_direct", "suit_after_review"):
        vals = [_small(rng, 0.85, 12) for _ in APPEAL_COLS[:4]]
        for c, v in zip(APPEAL_COLS, vals + [sum(vals)]):
            cells[f"appeals.{r}.{c}"] = float(v)
    return cells


def _break(rng: random.Random, cells: dict[str, float], broken: str, layout: str,
           org_subtotal: bool) -> list[str]:
    """Change as few cells as needed so that `broken`, and no other identity, fails."""
    d = float(rng.randint(1, 9))
    col = rng.choice(APPLICANTS)
    if broken == "requests.balance":  # carried_out off in one column; its row total kept true
        keys = [f"requests.carried_out.{col}", "requests.carried_out.total"]
    elif broken == "requests.results_sum":  # one result cell off; its row total kept true
        keys = [f"requests.{rng.choice(result_rows(layout))}.{col}", None]
        keys[1] = keys[0].rsplit(".", 1)[0] + ".total"
    elif broken == "requests.row_total":  # two totals off; the column balance kept true
        keys = ["requests.new.total", "requests.carried_out.total"]
    elif broken == "appeals.row_total":
        keys = [f"appeals.{rng.choice(['review', 'suit_direct', 'suit_after_review'])}.total"]
    else:
        raise ValueError(f"broken must be one of {BROKEN}, not {broken!r}")
    if org_subtotal and col in ORGS and broken in ("requests.balance", "requests.results_sum"):
        keys.append(keys[0].rsplit(".", 1)[0] + ".org_subtotal")
    for k in keys:
        cells[k] += d
    return keys


# ---------------------------------------------------------------- the truth

def make_truth(seed=1, template=None, year=None, agency=None, region=None, broken=None,
               org_subtotal=None) -> Truth:
    """A report's truth, the same for the same arguments."""
    rng = random.Random(seed)
    drawn_year = rng.randint(2019, 2025)
    wrong = rng.random() < 0.1
    drawn_agency, drawn_region = names.agency(rng)
    drawn_subtotal = rng.random() < 0.08
    year = int(year or drawn_year)
    if template is None:
        template = "2021" if (year >= 2021) != wrong else "2019"
    template = str(template)
    if template not in ("2019", "2021"):
        raise ValueError(f"template must be '2019' or '2021', not {template!r}")
    if agency is None:
        agency, region = drawn_agency, drawn_region if region is None else region
    elif region is None:
        region = names.region_of(agency)
    org_subtotal = drawn_subtotal if org_subtotal is None else bool(org_subtotal)
    scale = rng.choice([1] * 8 + [10, 60])  # a few agencies receive thousands
    cells = _active(rng, template, scale)
    cells.update(_requests(rng, template, org_subtotal, scale, agency, year))
    cells.update(_appeals(rng))
    keys = _break(rng, cells, broken, template, org_subtotal) if broken else []
    published = dt.date(year + 1, 1, 1) + dt.timedelta(days=min(89, int(rng.paretovariate(1.1) * 12)))
    title = f"{agency}{year}{rng.choice(['年', '年', '年', '年度'])}政府信息公开工作年度报告"
    titles, sections = names.sections(rng, agency, year, cells)
    t = Truth(seed=seed, agency=agency, region=region, year=year, template=template, title=title,
              published=published.isoformat(), cells=cells, sections=sections, section_titles=titles,
              org_subtotal=org_subtotal, broken=broken, broken_key=keys[0] if keys else None,
              broken_keys=keys)
    t.cells = {k: cells[k] for k in t.value_keys()}
    return t
