"""The held-out corpus: cases, scoring and the per-group summary.

    from tests.heldout.corpus import build, score, summarize, describe
    cases = build(office=True)      # office: LibreOffice available (two DOCX->PDF conversions, one call)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Num, break_one, make_report, violated
from .tables import printed, table2, table3, table3_totals, table4
from .writers import document, to_docx, to_html, to_md, to_text

AGENCIES = [
    "常州市武进区农业农村局", "赣州市章贡区人民政府沙石镇", "宁波市鄞州区市场监督管理局", "洛阳市老城区人民政府",
    "黔东南州民族宗教事务委员会", "漳州市龙海区水利局", "呼伦贝尔市扎兰屯市卫生健康委员会", "绵阳市涪城区教育和体育局",
    "临沂市兰山区住房和城乡建设局", "昆明市盘龙区人力资源和社会保障局", "荆门市东宝区司法局", "唐山市路北区应急管理局",
    "佳木斯市自然资源局", "湛江市霞山区人民政府", "六安市裕安区医疗保障局", "延边州文化广播电视和旅游局",
    "榆林市横山区交通运输局", "遵义市红花岗区民政局", "嘉兴市秀洲区王江泾镇人民政府", "柳州市城中区财政局",
]
YEARS = {"2019": [2019, 2020], "2021": [2021, 2022, 2023, 2024]}


@dataclass
class Case:
    name: str
    group: str
    filename: str
    data: bytes
    truth: dict
    agency: str
    year: int
    template: str
    broken: str | None = None          # the identity deliberately broken (one printed number)
    violated: set = field(default_factory=set)
    must_partial: bool = False          # a trap: status ok is wrong whatever the cells
    note: str = ""


def _report(i, template, broken=None, big=False, subtotal=False, zeros=False):
    agency = AGENCIES[i % len(AGENCIES)]
    year = YEARS[template][i % len(YEARS[template])]
    rep = make_report(1000 + i, template, year, agency, big=big, subtotal=subtotal, zeros=zeros)
    if broken:
        break_one(rep, broken)
    return rep


def make(i, name, group, template, fmt, *, num="plain", t2=None, t3=None, t4="a", w=None, broken=None, big=False,
         subtotal=False, zeros=False, t3_totals=False, two_years=False, must_partial=False, box=False, note="",
         fee=None, title=None):
    rep = _report(i, template, broken, big, subtotal, zeros)
    if fee is not None:
        k = "active.admin_fees.amount_10k_yuan" if template == "2021" else "active.procurement.amount"
        rep.values[k] = fee
    nf = Num(num, seed=i)
    prev = None
    if two_years:
        p = make_report(5000 + i, template, rep.year - 1, rep.agency)
        prev = (p.values, rep.year - 1)
    tables2 = table2(rep, nf, **(t2 or {}), **({"two_years": prev} if two_years == "t2" else {}))
    tables3 = (table3_totals(rep, nf, two_years=prev if two_years == "t3" else None) if t3_totals
               else table3(rep, nf, **(t3 or {})))
    tables4 = table4(rep, nf, t4, two_years=prev if (two_years in ("t3", "t4") and t4 == "b") else None)
    if box:
        for t in tables3:
            t.box = True
    truth = {k: rep.values[k] for k in printed(tables2 + tables3 + tables4)}
    blocks = document(rep, tables2, tables3, tables4,
                      title=title.format(a=rep.agency, y=rep.year) if title else None)
    w = w or {}
    if fmt == "html":
        data, ext = to_html(blocks, w, seed=i), "html"
    elif fmt == "txt":
        data, ext = to_text(blocks, sep=w.get("sep", " "), seed=i, fw_runs=w.get("fw_runs", False)), "txt"
    elif fmt == "md":
        data, ext = to_md(blocks, mode=w.get("mode", "pipe"), bold_labels=w.get("bold", False)), "md"
    elif fmt == "docx":
        data, ext = to_docx(blocks, w, seed=i), "docx"
    else:
        raise ValueError(fmt)
    return Case(name, group, f"{name}.{ext}", data, truth, rep.agency, rep.year, template, broken,
                violated(truth, template), must_partial, note)


def cases_plain():
    C = []
    n = iter(range(1, 1000))
    add = lambda *a, **k: C.append(make(next(n), *a, **k))  # noqa: E731
    # ---- HTML from CMS editors
    add("html_th_thead_21", "html/th-thead", "2021", "html", w={"th": True, "thead": True})
    add("html_th_thead_19", "html/th-thead", "2019", "html", w={"th": True, "thead": True})
    add("html_span_font_21", "html/width-span-font-nbsp", "2021", "html", w={"width": True, "span_font": True, "nbsp": True})
    add("html_span_font_19", "html/width-span-font-nbsp", "2019", "html", w={"width": True, "span_font": True, "nbsp": True})
    add("html_strong_21", "html/strong-numbers", "2021", "html", w={"strong": True, "trs_whole": True})
    add("html_strong_19", "html/strong-numbers", "2019", "html", w={"strong": True, "span_font": True})
    add("html_p_split_21", "html/label-split-p", "2021", "html", w={"p_split": True})
    add("html_p_split_19", "html/label-split-p", "2019", "html", w={"p_split": True, "width": True})
    add("html_trs_sections_19", "html/trs-table-per-section", "2019", "html", t2={"split": True}, w={"trs": True})
    add("html_trs_sections_21", "html/trs-table-per-section", "2021", "html", t2={"split": True}, t4="c", w={"trs": True})
    add("html_gb2312_21", "html/gb2312-meta", "2021", "html", w={"encoding": "gb2312", "span_font": True})
    add("html_gb2312_19", "html/gb2312-meta", "2019", "html", w={"encoding": "GB2312"})
    add("html_xhtml_21", "html/xhtml-ns", "2021", "html", w={"xhtml": True})
    add("html_xhtml_19", "html/xhtml-ns", "2019", "html", w={"xhtml": True, "span_font": True})
    add("html_seq_21", "html/seq-column", "2021", "html", t2={"seq": True}, t3={"seq": True})
    add("html_seq_19", "html/seq-column", "2019", "html", t2={"seq": True}, t3={"seq": True}, w={"th": True})
    add("html_repeat_head_21", "html/header-repeated", "2021", "html", t3={"repeat_header_before": 12, "merged": False})
    add("html_repeat_head_19", "html/header-repeated", "2019", "html", t3={"repeat_header_before": 22}, w={"thead": True})
    add("html_trailing_19", "html/trailing-empty-cols", "2019", "html", t2={"trail": 2}, t3={"trail": 2}, w={"nbsp": True})
    add("html_trailing_21", "html/trailing-empty-cols", "2021", "html", t2={"trail": 1}, t3={"trail": 3})
    add("html_colon_21", "html/label-colon", "2021", "html", t2={"colon": "full"}, t3={"colon": "full"})
    add("html_colon_19", "html/label-colon", "2019", "html", t2={"colon": "half"}, t3={"colon": "half"})
    add("html_flat_labels_21", "html/flat-labels", "2021", "html", t3={"merged": False})
    # ---- DOCX
    add("docx_grid_ba_21", "docx/gridBefore-gridAfter", "2021", "docx", w={"grid_before": 1, "grid_after": 1})
    add("docx_grid_ba_19", "docx/gridBefore-gridAfter", "2019", "docx", w={"grid_before": 1})
    add("docx_vmerge_paras_21", "docx/vmerge-runs-paras", "2021", "docx", w={"paras": True})
    add("docx_runs_paras_19", "docx/vmerge-runs-paras", "2019", "docx", w={"runs": True, "paras": True})
    add("docx_runs_21", "docx/vmerge-runs-paras", "2021", "docx", w={"runs": True})
    add("docx_num_spaces_21", "docx/number-spaces", "2021", "docx", num="spaces", big=True)
    add("docx_num_spaces_19", "docx/number-spaces", "2019", "docx", num="spaces", big=True)
    add("docx_textbox_21", "docx/textbox", "2021", "docx", box=True, w={})
    add("docx_textbox_19", "docx/textbox", "2019", "docx", w={"textbox": "all"})
    add("docx_frame_21", "docx/frame-table", "2021", "docx", w={"frame": True})
    add("docx_frame_19", "docx/frame-table", "2019", "docx", w={"frame": True, "runs": True})
    add("docx_short_org_21", "docx/short-org-labels", "2021", "docx", t3={"short": True})
    add("docx_short_org_sub_21", "docx/short-org-labels", "2021", "docx", t3={"short": True}, subtotal=True)
    add("docx_short_org_19", "docx/short-org-labels", "2019", "docx", t3={"short": True})
    # ---- text / Markdown
    add("txt_web_space_21", "text/web-copy-space", "2021", "txt")
    add("txt_web_space_19", "text/web-copy-space", "2019", "txt")
    add("txt_fw_space_21", "text/fullwidth-space-runs", "2021", "txt", w={"fw_runs": True})
    add("txt_fw_space_19", "text/fullwidth-space-runs", "2019", "txt", w={"fw_runs": True})
    add("txt_ocr_21", "text/ocr-l-O", "2021", "txt", num="ocr", big=True, note="OCR l/O for 1/0")
    add("txt_ocr_19", "text/ocr-l-O", "2019", "txt", num="ocr", big=True, note="OCR l/O for 1/0")
    add("md_html_tables_21", "md/html-tables", "2021", "md", w={"mode": "html"})
    add("md_html_tables_19", "md/html-tables", "2019", "md", w={"mode": "html"})
    add("md_bold_21", "md/bold-labels", "2021", "md", w={"bold": True})
    add("md_bold_19", "md/bold-labels", "2019", "md", w={"bold": True})
    # ---- table 4 layouts
    add("t4_vertical_html_21", "t4/vertical-15", "2021", "html", t4="b")
    add("t4_vertical_docx_19", "t4/vertical-15", "2019", "docx", t4="b")
    add("t4_vertical_txt_21", "t4/vertical-15", "2021", "txt", t4="b")
    add("t4_two_tables_html_19", "t4/two-tables", "2019", "html", t4="c")
    add("t4_two_tables_docx_21", "t4/two-tables", "2021", "docx", t4="c")
    add("t4_two_tables_md_21", "t4/two-tables", "2021", "md", t4="c")
    add("t4_total_first_html_21", "t4/total-first", "2021", "html", t4="d")
    add("t4_total_first_docx_19", "t4/total-first", "2019", "docx", t4="d")
    add("t4_total_first_txt_19", "t4/total-first", "2019", "txt", t4="d")
    # ---- numbers
    add("num_fw_html_21", "num/full-width", "2021", "html", num="fw")
    add("num_fw_txt_19", "num/full-width", "2019", "txt", num="fw")
    add("num_jian_html_21", "num/jian-suffix", "2021", "html", num="jian")
    add("num_jian_docx_19", "num/jian-suffix", "2019", "docx", num="jian")
    add("num_dash_html_21", "num/dash-zero", "2021", "html", num="dash0")
    add("num_dash_txt_19", "num/dash-zero", "2019", "txt", num="dash0")
    add("num_thousands_html_21", "num/thousands", "2021", "html", num="thousands", big=True)
    add("num_thousands_docx_21", "num/thousands", "2021", "docx", num="thousands", big=True)
    add("num_plus_minus_html_19", "num/signed-change", "2019", "html", num="plus")
    add("num_fee_decimal_md_21", "num/fee-decimal", "2021", "md", fee=1.2)
    add("num_all_zero_docx_19", "num/all-zero", "2019", "docx", zeros=True)
    # ---- traps
    add("trap_extra_row_html_21", "trap/extra-row", "2021", "html", t3={"extra_row": True}, must_partial=True)
    add("trap_extra_row_docx_19", "trap/extra-row", "2019", "docx", t3={"extra_row": True}, must_partial=True)
    add("trap_rate_col_html_21", "trap/rate-column", "2021", "html", t3={"rate": True})
    add("trap_rate_col_md_19", "trap/rate-column", "2019", "md", t3={"rate": True})
    add("trap_two_years_t2_html_21", "trap/two-years", "2021", "html", two_years="t2", must_partial=True)
    add("trap_two_years_t3_txt_21", "trap/two-years", "2021", "txt", two_years="t3", t3_totals=True, t4="b",
        must_partial=True)
    add("trap_totals_only_html_21", "trap/t3-totals-only", "2021", "html", t3_totals=True, must_partial=True)
    add("trap_totals_only_txt_19", "trap/t3-totals-only", "2019", "txt", t3_totals=True, must_partial=True)
    add("trap_extra_row_txt_21", "trap/extra-row", "2021", "txt", t3={"extra_row": True}, must_partial=True)
    add("trap_extra_row_md_19", "trap/extra-row", "2019", "md", t3={"extra_row": True}, w={"bold": True},
        must_partial=True)
    add("trap_two_years_t4_html_21", "trap/two-years", "2021", "html", two_years="t4", t4="b", must_partial=True)
    add("trap_totals_only_docx_21", "trap/t3-totals-only", "2021", "docx", t3_totals=True, must_partial=True)
    add("trap_rate_col_txt_21", "trap/rate-column", "2021", "txt", t3={"rate": True})
    # ---- the same habits through other tools
    add("txt_seq_21", "text/seq-column", "2021", "txt", t2={"seq": True}, t3={"seq": True})
    add("txt_seq_19", "text/seq-column", "2019", "txt", t2={"seq": True}, t3={"seq": True}, w={"sep": "\t"})
    add("txt_repeat_head_19", "text/header-repeated", "2019", "txt", t3={"repeat_header_before": 10, "merged": False})
    add("docx_colon_seq_19", "docx/colon-seq", "2019", "docx", t2={"colon": "full", "seq": True},
        t3={"colon": "full", "seq": True})
    add("num_thousands_txt_21", "num/thousands", "2021", "txt", num="thousands", big=True)
    add("num_jian_md_21", "num/jian-suffix", "2021", "md", num="jian")
    add("meta_title_html_21", "meta/title-shapes", "2021", "html", title="关于{y}年度{a}政府信息公开工作的年度报告")
    add("meta_title_txt_19", "meta/title-shapes", "2019", "txt", title="{a}\n{y}年政府信息公开工作年度报告")
    # ---- broken identities (one printed number)
    add("broken_balance_html_21", "broken/html", "2021", "html", broken="requests.balance")
    add("broken_results_html_19", "broken/html", "2019", "html", broken="requests.results_sum", w={"th": True})
    add("broken_rowtotal_xhtml_19", "broken/html", "2019", "html", broken="requests.row_total", w={"xhtml": True})
    add("broken_rowtotal_docx_21", "broken/docx", "2021", "docx", broken="requests.row_total")
    add("broken_subtotal_docx_21", "broken/docx", "2021", "docx", broken="requests.org_subtotal", subtotal=True)
    add("broken_appeals_txt_19", "broken/text", "2019", "txt", broken="appeals.row_total")
    add("broken_balance_fw_txt_21", "broken/text", "2021", "txt", broken="requests.balance", w={"fw_runs": True})
    add("broken_appeals_md_21", "broken/text", "2021", "md", broken="appeals.row_total", t4="b")
    return C


def cases_office():
    """Born-digital PDFs: DOCX with vertical merges saved as PDF by LibreOffice (one call, two files)."""
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        return []
    src = [make(900, "pdf_vmerge_21", "pdf/docx-made", "2021", "docx", w={"runs": True}),
           make(901, "pdf_t4_vertical_19", "pdf/docx-made", "2019", "docx", t4="b"),
           make(902, "pdf_broken_appeals_21", "broken/pdf", "2021", "docx", broken="appeals.row_total", w={"paras": True})]
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for c in src:
            p = os.path.join(d, c.filename)
            open(p, "wb").write(c.data)
            paths.append(p)
        env = dict(os.environ, HOME=d)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", d, *paths], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        out = []
        for c in src:
            p = os.path.join(d, c.name + ".pdf")
            if os.path.exists(p):
                c.data, c.filename = open(p, "rb").read(), c.name + ".pdf"
                out.append(c)
        return out


def build(office: bool = True):
    return cases_plain() + (cases_office() if office else [])


# ---------------------------------------------------------------- scoring

def score(case: Case, report) -> dict:
    got = report.values()
    wrong = {k: (v, got[k]) for k, v in case.truth.items() if k in got and abs(got[k] - v) > 1e-6}
    missing = [k for k in case.truth if k not in got]
    extra = [k for k in got if k not in case.truth]
    flagged = {c.rule for c in report.checks if not c.passed}
    checks_pass = not flagged
    bad_cells = bool(wrong or missing or extra)
    silent = report.status == "ok" and checks_pass and bad_cells
    trap_ok = case.must_partial and report.status == "ok"
    return {
        "cells": len(case.truth), "right": len(case.truth) - len(wrong) - len(missing),
        "wrong": wrong, "missing": missing, "extra": extra, "flagged": flagged,
        "meta": report.agency == case.agency and report.year == case.year and report.template == case.template,
        "exact": not bad_cells,
        "silent": silent or trap_ok, "trap_ok": trap_ok,
        "recalled": (case.broken in flagged) if case.broken else None,
        "true_flags": len(flagged & case.violated), "false_flags": sorted(flagged - case.violated),
        "status": report.status,
    }


def summarize(rows) -> str:
    g = defaultdict(lambda: defaultdict(int))
    for case, s, _ in rows:
        for key in (case.group, "ALL"):
            a = g[key]
            a["n"] += 1
            a["cells"] += s["cells"]
            a["right"] += s["right"]
            a["exact"] += s["exact"]
            a["meta"] += s["meta"]
            a[s["status"]] += 1
            a["silent"] += s["silent"]
            a["broken"] += bool(case.broken)
            a["recalled"] += bool(s["recalled"])
            a["flags"] += s["true_flags"] + len(s["false_flags"])
            a["true_flags"] += s["true_flags"]
    lines = [f"{'group':28} {'n':>3} {'cells right':>13} {'exact':>5} {'meta':>4} {'ok/part/fail':>12} {'silent':>6} "
             f"{'recall':>7} {'precision':>9}"]
    for key in sorted(g, key=lambda k: (k == "ALL", k)):
        a = g[key]
        rec = f"{a['recalled']}/{a['broken']}" if a["broken"] else "-"
        prec = f"{a['true_flags']}/{a['flags']}" if a["flags"] else "-"
        lines.append(f"{key:28} {a['n']:3} {a['right']:6}/{a['cells']:<6} {a['exact']:5} {a['meta']:4} "
                     f"{a['ok']:>4}/{a['partial']}/{a['failed']:<3} {a['silent']:6} {rec:>7} {prec:>9}")
    return "\n".join(lines)


def describe(case: Case, s: dict, report) -> str:
    bits = [f"{case.name} [{case.group}] status={report.status}"]
    if report.reason:
        bits.append(f"reason={str(report.reason)[:140]!r}")
    if s["missing"]:
        bits.append(f"missing {len(s['missing'])}: {', '.join(s['missing'][:6])}{' …' if len(s['missing']) > 6 else ''}")
    if s["wrong"]:
        w = list(s["wrong"].items())
        bits.append(f"wrong {len(w)}: " + ", ".join(f"{k}={b} (truth {a})" for k, (a, b) in w[:5]) + (" …" if len(w) > 5 else ""))
    if s["extra"]:
        bits.append(f"extra {len(s['extra'])}: {', '.join(s['extra'][:4])}")
    if case.broken and not s["recalled"]:
        bits.append(f"unflagged {case.broken}")
    if s["false_flags"]:
        bits.append(f"false flags {s['false_flags']}")
    if s["trap_ok"]:
        bits.append("trap came out ok")
    if not s["meta"]:
        bits.append(f"meta {report.agency!r}/{report.year}/{report.template} (truth {case.agency}/{case.year}/{case.template})")
    return "; ".join(bits)


def case_names(office: bool = True):
    return [c.name for c in build(office)]
