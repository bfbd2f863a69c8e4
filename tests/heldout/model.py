"""Truth of a report (canonical keys, identities) and a small table model shared by the writers.

Written from the national format (国办公开办函〔2019〕60号 / 〔2021〕30号), not from any other corpus.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]
ORG = APPLICANTS[1:]
RESULTS_COMMON = [
    "granted", "partial",
    "denied_state_secret", "denied_law", "denied_safety", "denied_third_party", "denied_internal",
    "denied_process", "denied_case_file", "denied_inquiry",
    "unable_not_held", "unable_need_create", "unable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirm",
]
OTHER_2019 = ["other"]
OTHER_2021 = ["other_no_correction", "other_unpaid_fee", "other_other"]
APPEAL_ROWS = ["review", "suit_direct", "suit_after_review"]
APPEAL_COLS = ["upheld", "corrected", "other", "pending", "total"]


def result_rows(template):
    return RESULTS_COMMON + (OTHER_2021 if template == "2021" else OTHER_2019)


def request_rows(template):
    return ["new", "carried_in"] + result_rows(template) + ["handled_total", "carried_out"]


@dataclass
class Report:
    agency: str
    year: int
    template: str
    values: dict = field(default_factory=dict)   # every canonical cell of the report
    subtotal: bool = False                          # prints 法人或其他组织 小计 (org_subtotal)


def make_report(seed: int, template: str, year: int, agency: str, big: bool = False, subtotal: bool = False,
                zeros: bool = False) -> Report:
    r = random.Random(seed)
    v = {}
    z = (lambda hi: 0) if zeros else (lambda hi: r.choice([0, 0, r.randint(1, hi)]))
    if template == "2021":
        for row in ("regulations", "normative_docs"):
            iss = z(12)
            v[f"active.{row}.issued"] = iss
            v[f"active.{row}.repealed"] = z(6)
            v[f"active.{row}.in_force"] = 0 if zeros else iss + r.randint(3, 90)
        for row in ("licensing", "penalty", "enforcement"):
            v[f"active.{row}.decisions"] = 0 if zeros else r.randint(1, 400000 if big else 3000)
        v["active.admin_fees.amount_10k_yuan"] = 0 if zeros else round(r.uniform(0.5, 20000 if big else 300), 1)
    else:
        for row in ("regulations", "normative_docs"):
            made = z(15)
            v[f"active.{row}.new_made"] = made
            v[f"active.{row}.new_published"] = made
            v[f"active.{row}.total_published"] = 0 if zeros else made + r.randint(2, 80)
        for row in ("licensing", "other_services", "penalty", "enforcement"):
            v[f"active.{row}.prev_year_items"] = 0 if zeros else r.randint(5, 300)
            v[f"active.{row}.change"] = 0 if zeros else r.randint(-6, 9)
            v[f"active.{row}.decisions"] = 0 if zeros else r.randint(1, 50000 if big else 2500)
        v["active.admin_fees.prev_year_items"] = 0 if zeros else r.randint(1, 40)
        v["active.admin_fees.change"] = 0 if zeros else r.randint(-4, 2)
        v["active.procurement.items"] = 0 if zeros else r.randint(1, 60)
        v["active.procurement.amount"] = 0 if zeros else round(r.uniform(10, 9000), 2)
    results = result_rows(template)
    for col in APPLICANTS:
        scale = (2000 if big else 40) if col == "natural_person" else (60 if big else 4)
        for row in results:
            v[f"requests.{row}.{col}"] = 0 if zeros else r.choice([0, 0, 0, r.randint(0, scale)])
        handled = sum(v[f"requests.{row}.{col}"] for row in results)
        out = 0 if zeros else r.choice([0, r.randint(0, max(1, scale // 10))])
        cin = 0 if zeros else r.randint(0, min(handled + out, max(1, scale // 10)))
        v[f"requests.handled_total.{col}"] = handled
        v[f"requests.carried_out.{col}"] = out
        v[f"requests.carried_in.{col}"] = cin
        v[f"requests.new.{col}"] = handled + out - cin
    for row in request_rows(template):
        v[f"requests.{row}.total"] = sum(v[f"requests.{row}.{c}"] for c in APPLICANTS)
        if subtotal:
            v[f"requests.{row}.org_subtotal"] = sum(v[f"requests.{row}.{c}"] for c in ORG)
    for row in APPEAL_ROWS:
        parts = [0 if zeros else r.choice([0, 0, r.randint(1, 9)]) for _ in range(4)]
        for c, x in zip(APPEAL_COLS, parts):
            v[f"appeals.{row}.{c}"] = x
        v[f"appeals.{row}.total"] = sum(parts)
    return Report(agency, year, template, v, subtotal)


def violated(cells: dict, template: str) -> set:
    """The identities the printed cells break (spec §勾稽关系 1-4)."""
    out = set()
    g = cells.get
    cols = [c for c in APPLICANTS + ["total", "org_subtotal"] if f"requests.new.{c}" in cells]
    for c in cols:
        a = [g(f"requests.{r}.{c}") for r in ("new", "carried_in", "handled_total", "carried_out")]
        if None not in a and abs(a[0] + a[1] - a[2] - a[3]) > 1e-6:
            out.add("requests.balance")
        parts = [g(f"requests.{r}.{c}") for r in result_rows(template)]
        if None not in parts and a[2] is not None and abs(sum(parts) - a[2]) > 1e-6:
            out.add("requests.results_sum")
    for row in request_rows(template):
        parts = [g(f"requests.{row}.{c}") for c in APPLICANTS]
        t = g(f"requests.{row}.total")
        if None not in parts and t is not None and abs(sum(parts) - t) > 1e-6:
            out.add("requests.row_total")
        s = g(f"requests.{row}.org_subtotal")
        if s is not None and None not in parts[1:] and abs(sum(parts[1:]) - s) > 1e-6:
            out.add("requests.org_subtotal")
        if s is not None and t is not None and parts[0] is not None and abs(parts[0] + s - t) > 1e-6:
            out.add("requests.row_total")     # total = 自然人 + 小计 read either way
    for row in APPEAL_ROWS:
        parts = [g(f"appeals.{row}.{c}") for c in APPEAL_COLS[:4]]
        t = g(f"appeals.{row}.total")
        if None not in parts and t is not None and abs(sum(parts) - t) > 1e-6:
            out.add("appeals.row_total")
    return out


# ---------------------------------------------------------------- break one printed number

def break_one(rep: Report, rule: str) -> None:
    v = rep.values
    if rule == "appeals.row_total":
        v["appeals.suit_direct.total"] += 2
    elif rule == "requests.balance":
        v["requests.carried_out.natural_person"] += 3
    elif rule == "requests.results_sum":
        v["requests.handled_total.research"] += 1
    elif rule == "requests.row_total":
        v["requests.granted.total"] += 10
    elif rule == "requests.org_subtotal":
        v["requests.new.org_subtotal"] += 1
    else:
        raise ValueError(rule)


# ---------------------------------------------------------------- table model

@dataclass
class Cell:
    text: str
    rs: int = 1
    cs: int = 1
    head: bool = False
    key: str | None = None      # canonical key of a value cell
    label: bool = False         # a row label (for writers that decorate labels)


@dataclass
class Table:
    rows: list                   # list[list[Cell]] (only origin cells; covered cells absent)
    caption: str = ""
    head_rows: int = 0           # leading header rows


FW = str.maketrans("0123456789.-,", "０１２３４５６７８９．－，")


class Num:
    """How one report prints its numbers."""

    def __init__(self, style: str = "plain", seed: int = 0):
        self.style = style
        self.r = random.Random(seed)

    def __call__(self, key: str, x) -> str:
        st = self.style
        is_fee = key.endswith("amount_10k_yuan") or key.endswith("procurement.amount")
        s = (f"{x:.2f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x))
        if isinstance(x, float) and "." not in s:
            s += ".0"
        if st == "plain":
            return s
        if st == "fw":
            return s.translate(FW)
        if st == "jian":
            return s if is_fee or key.endswith(".change") else s + "件"
        if st == "dash0":
            return "—" if x == 0 else s
        if st == "slash0":
            return "/" if x == 0 else s
        if st == "thousands":
            return f"{x:,.1f}" if isinstance(x, float) else f"{x:,}"
        if st == "spaces":
            if isinstance(x, int) and abs(x) >= 1000:
                s = f"{x:,}".replace(",", " ")
            return " " + s + " "
        if st == "plus":
            return f"+{s}" if key.endswith(".change") and x > 0 else s
        if st == "ocr":
            # OCR confusions: 1 -> l and 0 -> O in some cells; the truth stays the real number
            if self.r.random() < 0.35 and ("1" in s or "0" in s):
                return s.replace("1", "l").replace("0", "O")
            return s
        raise ValueError(st)
