"""The identities that hold by definition (勾稽关系), tested on each report.

A report that breaks one was either misread or misreported: each test is a row in `checks`
with what was expected, what was printed and the cells involved, so users can tell which.
"""
from __future__ import annotations

from nianbao.layouts import layouts
from extract.model import Check

TOLERANCE = 0.011  # amounts are printed to two decimals
ORG_COLS = ["commercial", "research", "social_welfare", "legal_services", "other_org"]
RESULT_PREFIXES = ("granted", "partial", "denied_", "unable_", "rejected_", "other")


def check(rule: str, subject: str, parts: dict[str, float | None], whole: dict[str, float | None],
          what: str) -> Check | None:
    """`sum(parts) == sum(whole)`; skipped when a cell is missing (an unread cell is not a 0)."""
    if any(v is None for v in parts.values()) or any(v is None for v in whole.values()):
        return None
    expected, actual = sum(parts.values()), sum(whole.values())
    passed = abs(expected - actual) <= TOLERANCE
    detail = "" if passed else f"{what}: {fmt(expected)} ≠ {fmt(actual)} (difference {fmt(actual - expected)})"
    return Check(rule, subject, passed, expected, actual, detail, list(parts) + list(whole))


def fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}"


def run_checks(values: dict[str, float], unread: set[str] = frozenset()) -> list[Check]:
    """Every identity whose cells were all read. `unread`: keys of the layout that were not read
    (a sum over the rows that were read would flag a report that adds up)."""
    v = lambda k: None if k in unread else values.get(k)  # noqa: E731
    out: list[Check | None] = []
    t3 = layouts()["requests"]
    req_rows = {k.split(".")[1] for k in values if k.startswith("requests.")}
    req_cols = [c for c in t3.order if any(k.startswith("requests.") and k.endswith("." + c) for k in values)]
    req_rows |= {k.split(".")[1] for k in unread if k.startswith("requests.")}
    results = [r for r in req_rows if r.startswith(RESULT_PREFIXES)]
    for c in req_cols:
        key = lambda r: f"requests.{r}.{c}"  # noqa: E731
        if key("new") in values and key("handled_total") in values:
            out.append(check("requests.balance", c,
                             {key("new"): v(key("new")), key("carried_in"): v(key("carried_in"))},
                             {key("handled_total"): v(key("handled_total")), key("carried_out"): v(key("carried_out"))},
                             f"新收 + 上年结转 vs 办理结果总计 + 结转下年度 ({c})"))
        if key("handled_total") in values and results:
            out.append(check("requests.results_sum", c, {key(r): v(key(r)) for r in sorted(results)
                                                         if key(r) in values or key(r) in unread},
                             {key("handled_total"): v(key("handled_total"))},
                             f"办理结果各项之和 vs （七）总计 ({c})"))
    for r in sorted(req_rows):
        key = lambda c: f"requests.{r}.{c}"  # noqa: E731
        if key("total") not in values:
            continue
        applicants = ["natural_person"] + (["org_subtotal"] if key("org_subtotal") in values else ORG_COLS)
        if all(key(c) in values for c in applicants):
            out.append(check("requests.row_total", r, {key(c): v(key(c)) for c in applicants},
                             {key("total"): v(key("total"))}, f"申请人各列之和 vs 总计 ({r})"))
        if key("org_subtotal") in values and all(key(c) in values for c in ORG_COLS):
            out.append(check("requests.org_subtotal", r, {key(c): v(key(c)) for c in ORG_COLS},
                             {key("org_subtotal"): v(key("org_subtotal"))}, f"法人或其他组织各列之和 vs 小计 ({r})"))
    for r in layouts()["appeals"].rows:
        key = lambda c: f"appeals.{r.code}.{c}"  # noqa: E731
        parts = ["upheld", "corrected", "other", "pending"]
        if key("total") in values and all(key(c) in values for c in parts):
            out.append(check("appeals.row_total", r.code, {key(c): v(key(c)) for c in parts},
                             {key("total"): v(key("total"))}, f"维持 + 纠正 + 其他 + 尚未审结 vs 总计 ({r.label})"))
    return [c for c in out if c is not None]
