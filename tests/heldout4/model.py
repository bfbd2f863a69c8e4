"""The numbers of one report (what an agency printed), written from the national formats in
/work/shared/spec/report-format.md: canonical keys, the 2019 and 2021 layouts, the identities.

Everything is drawn from random.Random(seed), so a case is the same on every build."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]
ORGS = APPLICANTS[1:]

RESULTS_COMMON = [
    "granted", "partial",
    "denied_state_secret", "denied_law", "denied_safety", "denied_third_party",
    "denied_internal", "denied_process", "denied_case_file", "denied_inquiry",
    "unable_not_held", "unable_need_create", "unable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive",
    "rejected_confirm",
]
OTHER_2019 = ["other"]
OTHER_2021 = ["other_no_correction", "other_unpaid_fee", "other_other"]

APPEAL_ROWS = ["review", "suit_direct", "suit_after_review"]
APPEAL_COLS = ["upheld", "corrected", "other", "pending", "total"]

# how often each result happens in real reports (weights for spreading the handled requests)
WEIGHTS = {
    "granted": 40, "partial": 8, "denied_state_secret": 0.3, "denied_law": 0.6, "denied_safety": 0.4,
    "denied_third_party": 1, "denied_internal": 1.5, "denied_process": 1.5, "denied_case_file": 0.8,
    "denied_inquiry": 2, "unable_not_held": 22, "unable_need_create": 2, "unable_unclear": 1,
    "rejected_petition": 4, "rejected_duplicate": 2, "rejected_publication": 0.5, "rejected_excessive": 0.3,
    "rejected_confirm": 0.5, "other": 3, "other_no_correction": 2, "other_unpaid_fee": 0.3, "other_other": 2,
}

ACTIVE_2021 = {
    "regulations": ["issued", "repealed", "in_force"],
    "normative_docs": ["issued", "repealed", "in_force"],
    "licensing": ["decisions"],
    "penalty": ["decisions"],
    "enforcement": ["decisions"],
    "admin_fees": ["amount_10k_yuan"],
}
ACTIVE_2019 = {
    "regulations": ["new_made", "new_published", "total_published"],
    "normative_docs": ["new_made", "new_published", "total_published"],
    "licensing": ["prev_year_items", "change", "decisions"],
    "other_services": ["prev_year_items", "change", "decisions"],
    "penalty": ["prev_year_items", "change", "decisions"],
    "enforcement": ["prev_year_items", "change", "decisions"],
    "admin_fees": ["prev_year_items", "change"],
    "procurement": ["items", "amount"],
}


def result_rows(fmt: str, other_single: bool = False) -> list[str]:
    """Result rows of table 3 in printed order (without （七）总计)."""
    if fmt == "2019" or other_single:
        return RESULTS_COMMON + OTHER_2019
    return RESULTS_COMMON + OTHER_2021


def request_rows(fmt: str, other_single: bool = False) -> list[str]:
    return ["new", "carried_in"] + result_rows(fmt, other_single) + ["handled_total", "carried_out"]


@dataclass
class Numbers:
    """What one report prints: canonical key -> value, plus how it was made."""
    fmt: str                      # "2019" | "2021" (table 2 layout)
    cells: dict = field(default_factory=dict)
    other_single: bool = False    # table 3 with the single 2019 （六）其他处理 row
    subtotal: bool = False        # table 3 with an 法人或其他组织 小计 column (org_subtotal)
    broken: str | None = None     # the identity the printed numbers break

    def get(self, key: str) -> float:
        return self.cells[key]


def _spread(rng: random.Random, n: int, rows: list[str]) -> dict:
    out = {r: 0 for r in rows}
    if n <= 0:
        return out
    w = [WEIGHTS.get(r, 1) * rng.uniform(0.3, 1.7) for r in rows]
    for _ in range(n):
        out[rng.choices(rows, weights=w)[0]] += 1
    return out


def make_numbers(seed: int, fmt: str, *, size: str = "mid", other_single: bool = False,
                 subtotal: bool = False, broken: str | None = None, zeros: bool = False) -> Numbers:
    """size: small (a town office), mid (a county bureau), big (a city government)."""
    rng = random.Random(seed * 7919 + (0 if fmt == "2019" else 1))
    nb = Numbers(fmt=fmt, other_single=other_single, subtotal=subtotal)
    c = nb.cells
    big = {"small": 1, "mid": 8, "big": 60}[size]

    # table 2
    if fmt == "2021":
        c["active.regulations.issued"] = rng.choice([0, 0, 0, 1, 2]) if size == "big" else 0
        c["active.regulations.repealed"] = rng.choice([0, 0, 1]) if size == "big" else 0
        c["active.regulations.in_force"] = rng.randint(5, 40) if size == "big" else 0
        c["active.normative_docs.issued"] = rng.randint(0, 3 * big // 2 + 2)
        c["active.normative_docs.repealed"] = rng.randint(0, big // 2 + 1)
        c["active.normative_docs.in_force"] = rng.randint(c["active.normative_docs.issued"], 20 * big + 10)
        c["active.licensing.decisions"] = rng.choice([0, rng.randint(1, 90), rng.randint(100, 9000) * big])
        c["active.penalty.decisions"] = rng.choice([0, rng.randint(1, 60), rng.randint(200, 20000) * big])
        c["active.enforcement.decisions"] = rng.choice([0, 0, rng.randint(1, 40), rng.randint(40, 900) * big])
        c["active.admin_fees.amount_10k_yuan"] = rng.choice(
            [0, round(rng.uniform(0.5, 90), 2), round(rng.uniform(100, 9000) * big / 8, 3), round(rng.uniform(1, 50), 4)])
    else:
        for r in ("regulations", "normative_docs"):
            made = rng.randint(0, 2) if r == "regulations" and size == "big" else (0 if r == "regulations" else rng.randint(0, 2 * big + 2))
            c[f"active.{r}.new_made"] = made
            c[f"active.{r}.new_published"] = made if rng.random() < 0.8 else max(0, made - 1)
            c[f"active.{r}.total_published"] = made + (rng.randint(0, 15 * big) if made or r == "normative_docs" else 0)
        for r in ("licensing", "other_services", "penalty", "enforcement"):
            prev = rng.choice([0, rng.randint(1, 30), rng.randint(30, 400)])
            c[f"active.{r}.prev_year_items"] = prev
            c[f"active.{r}.change"] = rng.choice([0, 0, rng.randint(1, 12), -rng.randint(1, max(1, min(prev, 9))) if prev else 0])
            c[f"active.{r}.decisions"] = rng.choice([0, rng.randint(1, 80), rng.randint(100, 5000) * big])
        c["active.admin_fees.prev_year_items"] = rng.choice([0, rng.randint(1, 25)])
        c["active.admin_fees.change"] = rng.choice([0, 0, -1, 2]) if c["active.admin_fees.prev_year_items"] else 0
        c["active.procurement.items"] = rng.choice([0, rng.randint(1, 40), rng.randint(40, 300)])
        c["active.procurement.amount"] = (round(rng.uniform(3, 5000) * (big / 4 + 1), 2)
                                          if c["active.procurement.items"] else 0)

    # table 3: per applicant column, requests flow through
    results = result_rows(fmt, other_single)
    scale = {"small": 4, "mid": 40, "big": 900}[size]
    per = {}
    for col in APPLICANTS:
        if zeros:
            new = 0
        elif col == "natural_person":
            new = rng.randint(scale // 4, scale)
        else:
            new = rng.choice([0, 0, 0, rng.randint(0, max(1, scale // 20))])
        carried = rng.randint(0, max(0, new // 10)) if new else 0
        out_ = rng.randint(0, max(0, (new + carried) // 12)) if new else 0
        handled = new + carried - out_
        spread = _spread(rng, handled, results)
        per[col] = {"new": new, "carried_in": carried, **spread, "handled_total": handled, "carried_out": out_}
    rows = request_rows(fmt, other_single)
    for r in rows:
        tot = 0
        for col in APPLICANTS:
            c[f"requests.{r}.{col}"] = per[col][r]
            tot += per[col][r]
        c[f"requests.{r}.total"] = tot
        if subtotal:
            c[f"requests.{r}.org_subtotal"] = sum(per[col][r] for col in ORGS)

    # table 4
    for r in APPEAL_ROWS:
        hi = {"small": 1, "mid": 4, "big": 40}[size] if not zeros else 0
        vals = [rng.choice([0, 0, rng.randint(0, hi)]) for _ in range(4)]
        for k, v in zip(APPEAL_COLS[:4], vals):
            c[f"appeals.{r}.{k}"] = v
        c[f"appeals.{r}.total"] = sum(vals)

    if broken:
        _break(nb, broken, rng)
    return nb


def _break(nb: Numbers, identity: str, rng: random.Random) -> None:
    """Print one number so that exactly one identity family no longer holds."""
    c = nb.cells
    d = rng.randint(1, 5)
    if identity == "requests.balance":
        # 结转下年度 off by d in the natural-person column and in the total column
        c["requests.carried_out.natural_person"] += d
        c["requests.carried_out.total"] += d
    elif identity == "requests.results_sum":
        # 予以公开 one higher in a column and in the row total: (七)总计 no longer adds up
        c["requests.granted.natural_person"] += d
        c["requests.granted.total"] += d
    elif identity == "requests.row_total":
        # a row's 总计 that is not the sum of its columns
        c["requests.new.total"] += d
        c["requests.handled_total.total"] += d  # keep the balance of the total column
        c["requests.granted.total"] += d         # and its results sum
    elif identity == "appeals.row_total":
        c["appeals.review.total"] += d
    else:
        raise ValueError(identity)
    nb.broken = identity


def broken_identities(cells: dict) -> set[str]:
    """The identity families (spec 1–4) the given cells break."""
    out = set()
    keys = {k.split(".")[1] for k in cells if k.startswith("requests.")}
    cols = {k.split(".")[2] for k in cells if k.startswith("requests.")}
    results = [r for r in RESULTS_COMMON + OTHER_2019 + OTHER_2021 if r in keys]
    g = lambda r, c: cells.get(f"requests.{r}.{c}", 0)
    for c in cols:
        if g("new", c) + g("carried_in", c) != g("handled_total", c) + g("carried_out", c):
            out.add("requests.balance")
        if sum(g(r, c) for r in results) != g("handled_total", c):
            out.add("requests.results_sum")
    for r in keys:
        if sum(g(r, c) for c in APPLICANTS) != g(r, "total"):
            out.add("requests.row_total")
        if "org_subtotal" in cols and sum(g(r, c) for c in APPLICANTS[1:]) != g(r, "org_subtotal"):
            out.add("requests.row_total")
    for r in APPEAL_ROWS:
        if sum(cells[f"appeals.{r}.{c}"] for c in APPEAL_COLS[:4]) != cells[f"appeals.{r}.total"]:
            out.add("appeals.row_total")
    return out
