"""The independent acceptance corpus: ~85 reports written the way real agencies print them.

    from tests.independent.corpus import build
    for case in build(): ...

Written from the national formats (docs/spec) and real files only, not from the project's own
fixture generator. Every case is built in memory, deterministically (seeded numbers that satisfy
the identities, except the cases where one printed number deliberately breaks one).
"""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from tests.independent import render as R
from tests.independent.model import (AGENCIES, APPLICANT, ORG, Style, break_values, broken_rules, build_doc,
                                     make_values, printed_keys)


@dataclass
class Case:
    name: str
    group: str            # format × habit
    filename: str
    data: bytes
    truth: dict           # canonical key -> printed value, every number cell printed
    agency: str
    year: int
    template: str
    broken: str | None    # the rule the printed numbers were made to break
    expect_flags: set = field(default_factory=set)   # every rule the printed numbers break
    trap: str = ""        # an unknown extra column/row: ok with wrong cells would be a silent error
    note: str = ""


LABELS_A = dict(or_zhe=True, qita=True, bufen=True, num="1、", next_year=True, total7=True)
LABELS_B = dict(num="①", half=True, spaces=True, typo=True, zhi=True, short_partial=True)
LABELS_C = dict(num="（1）", or_zhe=True, total7=True, next_year=True)


@dataclass
class Spec:
    name: str
    template: str
    style: dict = field(default_factory=dict)
    doc: dict = field(default_factory=dict)      # t4_layout, t4_total, t2_split_tables, org_subtotal, extra_col/row
    broken: str | None = None
    trap: str = ""
    title: str | None = None


def prepare(spec: Spec):
    seed = zlib.crc32(spec.name.encode())
    rng = random.Random(seed)
    org = spec.doc.get("org_subtotal", False)
    v = make_values(rng, spec.template, org_subtotal=org)
    rows_t = spec.doc.get("t3", {}).get("rows_template")
    if rows_t:  # a mixed report: table 2 of one format, table 3 rows of the other
        v3 = make_values(random.Random(seed + 1), rows_t, org_subtotal=org)
        v = {k: x for k, x in v.items() if not k.startswith("requests.")}
        v.update({k: x for k, x in v3.items() if k.startswith("requests.")})
    for c in spec.doc.get("t3", {}).get("drop_cols", ()):  # the agency deleted a column: nobody in it
        for k in [k for k in v if k.startswith("requests.") and k.endswith("." + c)]:
            v[k.rsplit(".", 1)[0] + ".total"] -= v[k]
            v[k] = 0
    if spec.broken:
        break_values(v, spec.broken, rng)
    agency = AGENCIES[seed % len(AGENCIES)]
    year = (2019 + seed % 2) if spec.template == "2019" else (2021 + seed % 4)
    st = Style(**spec.style)
    dk = dict(spec.doc)
    if dk.get("extra_row"):
        lab, row = dk["extra_row"]
        n = len(APPLICANT) + (2 if org else 1)
        dk["extra_row"] = (row, lab, [int(v[f"requests.{row}.natural_person"]) // 3] + [0] * (n - 1))
    if dk.get("embedded"):  # last year's tables printed below this year's report
        dk["embedded"] = {"title": f"附件：{agency}{year - 1}年政府信息公开工作年度报告",
                          "values": make_values(random.Random(seed + 7), spec.template, org_subtotal=org)}
    title = spec.title.format(agency=agency, year=year) if spec.title else None
    d = build_doc(agency, year, spec.template, v, st, title=title, **dk)
    truth = {k: v[k] for k in printed_keys(d)}
    return d, truth, st


def mk(spec: Spec, group: str, filename: str, data: bytes, d, truth, note: str = "") -> Case:
    return Case(spec.name, group, filename, data, truth, d.agency, d.year, d.template, spec.broken,
                broken_rules(truth), spec.trap, note)


# ------------------------------------------------------------------------------------------ specs

WORD_TEXT = [  # (spec, word_text kwargs)
    (Spec("wt19-seedlike", "2019"), dict(bookmark=True)),
    (Spec("wt21-seedlike", "2021"), dict()),
    (Spec("wt21-notab-norowgap", "2021"), dict(tab=False, blank_rows=False)),
    (Spec("wt21-zeros-blank", "2021", dict(zeros="")), dict()),
    (Spec("wt19-zeros-blank-norowgap", "2019", dict(zeros="")), dict(blank_rows=False)),
    (Spec("wt21-wrapped-labels", "2021", dict(wrap=True)), dict()),
    (Spec("wt21-crlf-bom", "2021"), dict(crlf=True, bom=True)),
    (Spec("wt19-gbk-crlf", "2019"), dict(crlf=True, encoding="gbk")),
    (Spec("wt21-gbk-notab", "2021", dict(wrap=True)), dict(encoding="gbk", tab=False)),
    (Spec("wt21-t4-grid3x5", "2021", doc=dict(t4_layout="grid3x5")), dict()),
    (Spec("wt21-t4-trans5x3", "2021", doc=dict(t4_layout="trans5x3")), dict()),
    (Spec("wt19-t4-trans15", "2019", doc=dict(t4_layout="trans15")), dict()),
    (Spec("wt21-t4-two-nototal", "2021", doc=dict(t4_layout="two", t4_total=False)), dict()),
    (Spec("wt21-labels-a", "2021", LABELS_A), dict()),
    (Spec("wt19-labels-b", "2019", LABELS_B), dict()),
    (Spec("wt21-labels-c-orgsub", "2021", LABELS_C, doc=dict(org_subtotal=True)), dict()),
    (Spec("wt21-broken-balance", "2021", broken="requests.balance"), dict()),
    (Spec("wt19-broken-results", "2019", broken="requests.results_sum"), dict()),
    (Spec("wt21-broken-appeals", "2021", doc=dict(t4_layout="grid3x5"), broken="appeals.row_total"), dict()),
    (Spec("wt21-trap-extra-col", "2021", doc=dict(extra_col="其中：网上申请"), trap="extra column"), dict()),
    (Spec("wt19-trap-extra-row", "2019", doc=dict(extra_row=("其中：通过网络平台申请", "new")), trap="extra row"), dict()),
    (Spec("wt21-rowtabs", "2021"), dict(row_tabs=True)),
    (Spec("wt19-rowtabs-zeros-blank", "2019", dict(zeros="")), dict(row_tabs=True)),
    (Spec("wt21-rowtabs-trans15", "2021", doc=dict(t4_layout="trans15")), dict(row_tabs=True)),
    (Spec("wt21-mixed-2019-rows", "2021", doc=dict(t3=dict(rows_template="2019"))), dict()),
    (Spec("wt21-org-reordered", "2021", doc=dict(t3=dict(org_order=["research", "commercial", "legal_services",
                                                                    "social_welfare", "other_org"]))), dict()),
    (Spec("wt21-trap-col-inside", "2021", doc=dict(extra_col="其中：网上申请", t3=dict(extra_col_at=1)),
          trap="extra column inside"), dict()),
    (Spec("wt21-swapped-rows", "2021", dict(t2_swap=True), doc=dict(t4_layout="grid3x5swap")), dict()),
    (Spec("wt21-trap-embedded-lastyear", "2021", doc=dict(embedded=True), trap="last year's tables below"), dict()),
]

PDFS = [  # reportlab PDFs; each gives a .pdf case and its `pdftotext -layout` text
    (Spec("pdf21-row15", "2021"), dict()),
    (Spec("pdf19-row15-repeathead", "2019"), dict(repeat_header=True)),
    (Spec("pdf21-grid3x5-labels-a", "2021", LABELS_A, doc=dict(t4_layout="grid3x5")), dict(footer="-{n}-")),
    (Spec("pdf21-trans5x3-nototal", "2021", doc=dict(t4_layout="trans5x3", t4_total=False)), dict()),
    (Spec("pdf19-two-labels-b", "2019", LABELS_B, doc=dict(t4_layout="two")), dict(footer="第 {n} 页")),
    (Spec("pdf21-broken-rowtotal", "2021", broken="requests.row_total"), dict()),
    (Spec("pdf21-orgsub", "2021", dict(or_zhe=True), doc=dict(org_subtotal=True)), dict(footer="-{n}-")),
    (Spec("pdf19-trans15", "2019", dict(zeros=""), doc=dict(t4_layout="trans15")), dict(long_prose=3)),
    (Spec("pdf21-trap-extra-col", "2021", doc=dict(extra_col="其中：网上申请"), trap="extra column"), dict()),
    (Spec("pdf21-trap-embedded-lastyear", "2021", doc=dict(embedded=True), trap="last year's tables below"), dict()),
    (Spec("pdf21-swapped-rows", "2021", dict(t2_swap=True), doc=dict(t4_layout="grid3x5swap")), dict()),
    (Spec("pdf21-mixed-2019-rows", "2021", dict(num="1、"), doc=dict(t3=dict(rows_template="2019"))), dict()),
]

MARKDOWN = [
    (Spec("md21-shuyang-like", "2021", doc=dict(t2_split_tables=True, t4_layout="three")), dict(concat=True)),
    (Spec("md21-generic-header", "2021", doc=dict(t2_split_tables=True, t4_layout="three")),
     dict(concat=True, generic_header=True)),
    (Spec("md19-repeat-row15", "2019"), dict()),
    (Spec("md21-blank-merged-flat", "2021", doc=dict(t4_layout="grid3x5flat")), dict(merged="blank")),
    (Spec("md21-concat-trans5x3-labels-a", "2021", LABELS_A, doc=dict(t4_layout="trans5x3")), dict(concat=True)),
    (Spec("md19-concat-two-labels-b", "2019", LABELS_B, doc=dict(t4_layout="two")), dict(concat=True)),
    (Spec("md21-no-hash", "2021"), dict(headings=False)),
    (Spec("md21-orgsub", "2021", dict(or_zhe=True), doc=dict(org_subtotal=True)), dict(concat=True)),
    (Spec("md21-broken-balance", "2021", broken="requests.balance"), dict(concat=True)),
    (Spec("md21-broken-appeals", "2021", doc=dict(t4_layout="grid3x5"), broken="appeals.row_total"), dict()),
    (Spec("md21-trap-extra-row", "2021", doc=dict(extra_row=("其中：网上申请", "new")), trap="extra row"), dict(concat=True)),
    (Spec("md21-mineru-html", "2021"), dict(html_tables=True)),
    (Spec("md21-swapped-rows", "2021", dict(t2_swap=True), doc=dict(t4_layout="grid3x5swap")), dict(concat=True)),
    (Spec("md19-mineru-html-trans5x3", "2019", doc=dict(t4_layout="trans5x3")), dict(html_tables=True, headings=False)),
    (Spec("md21-split-t3", "2021", doc=dict(t3_split=14)), dict(concat=True)),
    (Spec("md21-trap-col-inside", "2021", doc=dict(extra_col="其中：网上申请", t3=dict(extra_col_at=1)),
          trap="extra column inside"), dict(concat=True)),
]

DOCX = [
    (Spec("dx21-row15", "2021"), dict()),
    (Spec("dx19-row15", "2019"), dict()),
    (Spec("dx21-orgsub", "2021", dict(or_zhe=True), doc=dict(org_subtotal=True)), dict()),
    (Spec("dx21-grid3x5-wrap", "2021", dict(wrap=True), doc=dict(t4_layout="grid3x5")), dict()),
    (Spec("dx21-trans15-parabreaks", "2021", dict(wrap=True), doc=dict(t4_layout="trans15")), dict(para_breaks=True)),
    (Spec("dx19-trans5x3-nototal", "2019", doc=dict(t4_layout="trans5x3", t4_total=False)), dict()),
    (Spec("dx21-two", "2021", doc=dict(t4_layout="two")), dict()),
    (Spec("dx21-labels-b-zeros-blank", "2021", dict(LABELS_B, zeros="")), dict()),
    (Spec("dx21-fullwidth-thousands", "2021", dict(fullwidth_digits=True, thousands=True)), dict()),
    (Spec("dx19-plus-sign-labels-c", "2019", dict(LABELS_C, plus_sign=True)), dict()),
    (Spec("dx21-broken-orgsub", "2021", doc=dict(org_subtotal=True), broken="requests.org_subtotal"), dict()),
    (Spec("dx19-broken-results", "2019", broken="requests.results_sum"), dict()),
    (Spec("dx21-trap-extra-col", "2021", doc=dict(extra_col="其中：网上申请"), trap="extra column"), dict()),
    (Spec("dx21-split-t3", "2021", doc=dict(t3_split=12)), dict()),
    (Spec("dx19-zeros-wu", "2019", dict(zeros="无")), dict()),
    (Spec("dx21-org-reordered", "2021", doc=dict(t3=dict(org_order=["other_org", "commercial", "research",
                                                                    "social_welfare", "legal_services"]))), dict()),
    (Spec("dx21-mixed-2019-rows", "2021", doc=dict(t3=dict(rows_template="2019"))), dict()),
    (Spec("dx21-swapped-rows", "2021", dict(t2_swap=True), doc=dict(t4_layout="grid3x5swap")), dict()),
    (Spec("dx21-trap-dropped-col", "2021", doc=dict(t3=dict(drop_cols=("other_org",))), trap="column deleted"), dict()),
    (Spec("dx21-trap-col-inside", "2021", doc=dict(extra_col="其中：网上申请", t3=dict(extra_col_at=1)),
          trap="extra column inside"), dict()),
]

HTMLS = [
    (Spec("ht21-trs-row15", "2021"), dict(cms="trs")),
    (Spec("ht21-word-gbk", "2021"), dict(cms="word", encoding="gbk")),
    (Spec("ht19-xml-prolog", "2019"), dict(cms="xml")),
    (Spec("ht21-pad-br", "2021", dict(wrap=True)), dict(cms="pad")),
    (Spec("ht19-plain-gb2312-trans15", "2019", doc=dict(t4_layout="trans15")), dict(cms="plain", encoding="gb2312")),
    (Spec("ht21-trs-grid3x5-dash", "2021", dict(zeros="—"), doc=dict(t4_layout="grid3x5")), dict(cms="trs")),
    (Spec("ht21-word-trans5x3-labels-a", "2021", LABELS_A, doc=dict(t4_layout="trans5x3")), dict(cms="word")),
    (Spec("ht19-pad-two-nototal", "2019", doc=dict(t4_layout="two", t4_total=False)), dict(cms="pad")),
    (Spec("ht21-trs-orgsub", "2021", dict(or_zhe=True), doc=dict(org_subtotal=True)), dict(cms="trs")),
    (Spec("ht21-xml-three", "2021", doc=dict(t4_layout="three", t2_split_tables=True)), dict(cms="xml")),
    (Spec("ht21-plain-labels-b-nbsp", "2021", dict(LABELS_B, zeros="")), dict(cms="plain", zero_nbsp=True)),
    (Spec("ht21-trs-broken-balance", "2021", broken="requests.balance"), dict(cms="trs")),
    (Spec("ht19-word-broken-appeals", "2019", broken="appeals.row_total"), dict(cms="word", encoding="gbk")),
    (Spec("ht21-trap-extra-col", "2021", doc=dict(extra_col="其中：网上申请"), trap="extra column"), dict(cms="trs")),
    (Spec("ht19-trap-extra-row", "2019", doc=dict(extra_row=("其中：当面申请", "new")), trap="extra row"), dict(cms="pad")),
    (Spec("ht21-title-variant", "2021", title="{agency}关于{year}年度政府信息公开工作的年度报告"), dict(cms="trs")),
    (Spec("ht21-split-t3", "2021", doc=dict(t3_split=9)), dict(cms="trs")),
    (Spec("ht21-slash-zeros-reordered", "2021", dict(zeros="/"),
          doc=dict(t3=dict(org_order=["commercial", "social_welfare", "research", "legal_services", "other_org"]))),
     dict(cms="plain")),
    (Spec("ht21-swapped-rows", "2021", dict(t2_swap=True), doc=dict(t4_layout="grid3x5swap")), dict(cms="trs")),
    (Spec("ht21-trap-embedded-lastyear", "2021", doc=dict(embedded=True), trap="last year's tables below"),
     dict(cms="trs")),
    (Spec("ht21-trap-dropped-col", "2021", doc=dict(t3=dict(drop_cols=("legal_services",))), trap="column deleted"),
     dict(cms="trs")),
    (Spec("ht19-trap-col-inside", "2019", doc=dict(extra_col="其中：网上申请", t3=dict(extra_col_at=1)),
          trap="extra column inside"), dict(cms="pad")),
]

OFFICE = [  # DOCX → PDF and DOC by LibreOffice (one run each)
    (Spec("lo21-row15", "2021"), "pdf"),
    (Spec("lo19-grid3x5", "2019", doc=dict(t4_layout="grid3x5")), "pdf"),
    (Spec("lo21-orgsub-wrap", "2021", dict(wrap=True, or_zhe=True), doc=dict(org_subtotal=True)), "pdf"),
    (Spec("lo21-doc-row15", "2021"), "doc"),
    (Spec("lo19-doc-trans5x3", "2019", doc=dict(t4_layout="trans5x3")), "doc"),
]


def build_cases(office: bool = True) -> list[Case]:
    cases: list[Case] = []
    for spec, kw in WORD_TEXT:
        d, truth, _ = prepare(spec)
        cases.append(mk(spec, "text/word-export", "report.txt", R.word_text(d, **kw), d, truth))
    for spec, kw in PDFS:
        d, truth, _ = prepare(spec)
        pdf = R.pdf_bytes(d, **kw)
        cases.append(mk(spec, "pdf/reportlab", "report.pdf", pdf, d, truth))
        txt = Spec(spec.name.replace("pdf", "ptt", 1), spec.template, spec.style, spec.doc, spec.broken, spec.trap)
        cases.append(mk(txt, "text/pdftotext", "report.txt", R.pdftotext_layout(pdf), d, truth))
    for spec, kw in MARKDOWN:
        d, truth, _ = prepare(spec)
        cases.append(mk(spec, "md/pipe-tables", "report.md", R.markdown(d, **kw), d, truth))
    for spec, kw in DOCX:
        d, truth, _ = prepare(spec)
        cases.append(mk(spec, "docx/python-docx", "report.docx", R.docx_bytes(d, **kw), d, truth))
    for spec, kw in HTMLS:
        d, truth, _ = prepare(spec)
        cases.append(mk(spec, "html/cms", "report.html", R.html_page(d, **kw), d, truth))
    if office:
        todo = {}
        for spec, to in OFFICE:
            d, truth, _ = prepare(spec)
            todo.setdefault(to, {})[spec.name + ".docx"] = (spec, d, truth, R.docx_bytes(d))
        for to, items in todo.items():
            out = R.soffice_convert({n: x[3] for n, x in items.items()}, to)
            for n, (spec, d, truth, _) in items.items():
                data = out.get(n[:-5] + "." + to)
                if data is None:
                    continue  # LibreOffice missing or failed: the case is skipped, not faked
                cases.append(mk(spec, f"{to}/libreoffice", "report." + to, data, d, truth))
                if to == "pdf":
                    t = Spec(spec.name.replace("lo", "lott", 1), spec.template, spec.style, spec.doc)
                    cases.append(mk(t, "text/pdftotext-word", "report.txt", R.pdftotext_layout(data), d, truth))
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    return cases


@lru_cache(maxsize=2)
def build(office: bool = True) -> tuple[Case, ...]:
    return tuple(build_cases(office))


# ------------------------------------------------------------------------------------------ score

def score(case: Case, report) -> dict:
    """What a user checks: the printed numbers, the status, and the identity flags."""
    got = report.values()
    wrong = {k: (v, got.get(k)) for k, v in case.truth.items() if k in got and abs(got[k] - v) > 1e-6}
    missing = sorted(k for k in case.truth if k not in got)
    flagged = {c.rule for c in report.checks if not c.passed}
    all_passed = not flagged
    silent = report.status == "ok" and all_passed and bool(wrong or missing)
    return {
        "cells": len(case.truth), "right": len(case.truth) - len(wrong) - len(missing),
        "wrong": wrong, "missing": missing, "status": report.status, "silent": silent,
        "flagged": flagged, "false_flags": flagged - case.expect_flags,
        "recalled": (case.broken in flagged) if case.broken else None,
        "meta": (report.agency == case.agency, report.year == case.year, report.template == case.template),
    }


def case_names(office: bool = True) -> list[str]:
    """The names build() gives, without building (for test ids)."""
    names = [s.name for s, _ in WORD_TEXT]
    for s, _ in PDFS:
        names += [s.name, s.name.replace("pdf", "ptt", 1)]
    names += [s.name for s, _ in MARKDOWN + DOCX + HTMLS]
    if office:
        for s, to in OFFICE:
            names += [s.name] + ([s.name.replace("lo", "lott", 1)] if to == "pdf" else [])
    return names


def describe(case: Case, s: dict, report) -> str:
    """One line a maintainer can act on."""
    bits = [f"{case.name} [{case.group}] status={s['status']}"]
    if s["missing"]:
        bits.append(f"missing {len(s['missing'])}: " + ", ".join(s["missing"][:6]) + (" …" if len(s["missing"]) > 6 else ""))
    if s["wrong"]:
        items = list(s["wrong"].items())
        bits.append(f"wrong {len(items)}: " + ", ".join(f"{k}={g:g} (printed {t:g})" for k, (t, g) in items[:5])
                    + (" …" if len(items) > 5 else ""))
    if case.broken and not s["recalled"]:
        bits.append(f"broken {case.broken} NOT flagged")
    if s["false_flags"]:
        bits.append("false flags: " + ", ".join(sorted(s["false_flags"])))
    if not all(s["meta"]):
        bits.append(f"meta agency={report.agency!r} year={report.year} template={report.template!r}"
                    f" (want {case.agency}, {case.year}, {case.template})")
    if report.reason:
        bits.append(f"reason: {report.reason[:160]}")
    return "; ".join(bits)


def summarize(results: list[tuple[Case, dict, object]]) -> str:
    """Per group: cells right / cells, ok/partial/failed, silent errors, flag recall/precision, meta."""
    from collections import defaultdict
    groups = defaultdict(list)
    for r in results:
        groups[r[0].group].append(r)
    hdr = (f"{'group':22} {'cases':>5} {'cells right':>15} {'exact':>5} {'ok/part/fail':>12} {'silent':>6} "
           f"{'recall':>7} {'precision':>9} {'meta':>5}")
    lines = [hdr]

    def row(name, rs):
        cells = sum(s["cells"] for _, s, _ in rs)
        right = sum(s["right"] for _, s, _ in rs)
        exact = sum(1 for _, s, _ in rs if s["right"] == s["cells"])
        st = [sum(1 for _, s, _ in rs if s["status"] == k) for k in ("ok", "partial", "failed")]
        silent = sum(1 for _, s, _ in rs if s["silent"])
        broken = [s for c, s, _ in rs if c.broken]
        rec = f"{sum(1 for s in broken if s['recalled'])}/{len(broken)}" if broken else "-"
        flags = sum(len(s["flagged"]) for _, s, _ in rs)
        false = sum(len(s["false_flags"]) for _, s, _ in rs)
        prec = f"{flags - false}/{flags}" if flags else "-"
        meta = sum(1 for _, s, _ in rs if all(s["meta"]))
        pct = f"{right / cells:.1%}" if cells else "-"
        lines.append(f"{name:22} {len(rs):5} {right:6}/{cells:<6}{pct:>7} {exact:3}/{len(rs):<2} "
                     f"{'/'.join(map(str, st)):>9} {silent:6} {rec:>7} {prec:>9} {meta:3}/{len(rs)}")

    for g in sorted(groups):
        row(g, groups[g])
    row("TOTAL", results)
    return "\n".join(lines)
