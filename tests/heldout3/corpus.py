"""Held-out corpus 3: ~100 born-digital reports generated in code, written from the national
formats and from how agencies publish them (CMS HTML, Word, LibreOffice/Chromium PDF, text
exports, Markdown conversions) — never from the extractor's own generator or tests.

    build(office) -> [Case]; score(case, report) -> dict; summarize(rows) -> str; describe(...)
"""
from __future__ import annotations

import hashlib
import pickle
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import office as O
from .model import (Habit, Truth, break_identity, make_truth, t2_grids, t3_expected_keys, t3_grid, t4_grids, expand, C)
from .writers import to_docx, to_html, to_markdown, to_text

IDENTITY_PREFIXES = ("requests.", "appeals.", "active.")  # table identities; prose_* and cross_year.* are not


@dataclass
class Case:
    name: str
    group: str
    filename: str
    data: bytes
    agency: str
    year: int
    fmt: str
    cells: dict = field(default_factory=dict)
    broken: bool = False
    broken_kind: str = ""
    trap: bool = False
    trap_kind: str = ""
    office: bool = False  # made by LibreOffice/Chromium/pdftotext
    note: str = ""


AGENCIES = [
    "北京市海淀区人民政府", "上海市浦东新区民政局", "广州市天河区人民政府猎德街道办事处", "深圳市南山区教育局",
    "杭州市余杭区人民政府", "南京市江宁区交通运输局", "成都市武侯区卫生健康局", "重庆市渝北区人力资源和社会保障局",
    "武汉市洪山区城市管理执法局", "西安市雁塔区市场监督管理局", "长沙市岳麓区住房和城乡建设局", "郑州市金水区人民政府",
    "哈尔滨市道里区人民政府", "沈阳市和平区财政局", "石家庄市长安区人民政府", "太原市小店区交通运输局",
    "合肥市蜀山区农业农村局", "福州市鼓楼区人民政府", "南昌市青山湖区应急管理局", "昆明市五华区退役军人事务局",
    "贵阳市云岩区司法局", "南宁市青秀区发展和改革局", "兰州市城关区文化和旅游局", "呼和浩特市新城区统计局",
    "乌鲁木齐市天山区水务局", "海口市美兰区审计局", "银川市兴庆区商务局", "西宁市城西区医疗保障局",
    "江苏省交通运输厅", "浙江省科学技术厅", "山东省水利厅", "河南省林业局", "湖南省地方金融监督管理局",
    "宜宾市翠屏区人民政府", "大理白族自治州宾川县人民政府", "金寨县梅山镇人民政府", "绥化市北林区民政局",
    "长春市朝阳区红旗街道办事处", "佛山市顺德区容桂街道办事处", "晋江市陈埭镇人民政府", "宁波市鄞州区自然资源和规划局",
    "苏州市吴江区生态环境局", "温州市鹿城区教育局", "徐州市铜山区人民政府", "无锡市梁溪区民政局", "常州市武进区卫生健康委员会",
    "赣州市章贡区人民政府", "株洲市芦淞区财政局", "襄阳市樊城区人民政府", "洛阳市涧西区市场监督管理局",
]

PROSE = {
    5: "一是政策解读的形式还不够丰富；二是依申请公开办理的规范化水平有待提升。下一步，将加强业务培训，完善工作机制，"
       "持续提升政府信息公开工作质量。",
    6: "本年度未收取信息处理费。无其他需要报告的事项。",
}


def title_of(agency, year, style):
    return [f"{agency}{year}年政府信息公开工作年度报告", f"{agency}{year}年度政府信息公开工作年度报告",
            f"{year}年{agency}政府信息公开工作年度报告", f"{agency}\n{year}年政府信息公开工作年度报告"][style]


def regrid(m, keep_text=False):
    """A slice of an expanded matrix back to a grid (a span cut by the slice is shortened; the
    part below the cut is empty unless keep_text)."""
    boxes = {}
    for ri, row in enumerate(m):
        for ci, (c, origin) in enumerate(row):
            b = boxes.setdefault(id(c), [ri, ci, ri, ci, c, origin])
            b[2], b[3] = max(b[2], ri), max(b[3], ci)
    first = {}
    for b in boxes.values():
        first[(b[0], b[1])] = b
    g = []
    for ri, row in enumerate(m):
        r = []
        for ci in range(len(row)):
            b = first.get((ri, ci))
            if b:
                c, origin = b[4], b[5]
                r.append(C(c.text if (origin or keep_text) else "", cs=b[3] - b[1] + 1, rs=b[2] - b[0] + 1, th=c.th))
        g.append(r)
    return g


def split_t3(grid, repeat_header: bool, keep_text: bool = False):
    m = expand(grid)
    at = next(i for i, row in enumerate(m) if any(o and c.text.startswith(("（四）", "(四)")) for c, o in row))
    head = 3 + (1 if m[0][0][0].cs == len(m[0]) else 0)
    a = regrid(m[:at])
    b = regrid((m[:head] if repeat_header else []) + m[at:], keep_text)
    return a, b


def document(t: Truth, h: Habit, *, title_style=0, t2_one=True, t4_layout="std15", split=None, caption="",
             subtotal_pos="last", t3_blank_col=False, trap="", corner=True, t3_caption_heading=False):
    blocks = [("title", title_of(t.agency, t.year, title_style))]
    blocks.append(("p", f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
                        f"要求编制。本报告中所列数据的统计期限自{t.year}年1月1日起至{t.year}年12月31日止。"))
    blocks.append(("h", "一、总体情况"))
    blocks.append(("p", f"{t.year}年，{t.agency}认真贯彻落实《条例》和上级关于政务公开工作的部署要求，"
                        f"坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开质量。"))
    blocks.append(("h", "二、主动公开政府信息情况"))
    for g in t2_grids(t, h, one_table=t2_one, trap=trap if trap.startswith("t2") else ""):
        blocks.append(("table", g))
    blocks.append(("h", "三、收到和处理政府信息公开申请情况"))
    g3 = t3_grid(t, h, subtotal_pos=subtotal_pos, caption=caption, blank_col=t3_blank_col,
                 trap=trap if trap.startswith("t3") else "", corner=corner)
    if split:
        a, b = split_t3(g3, repeat_header=split == "repeat", keep_text=False)
        blocks += [("table", a), ("gap", ""), ("table", b)]
    else:
        blocks.append(("table", g3))
    blocks.append(("h", "四、政府信息公开行政复议、行政诉讼情况"))
    for g in t4_grids(t, h, t4_layout, trap=trap if trap.startswith("t4") else ""):
        blocks.append(("table", g))
    blocks.append(("h", "五、存在的主要问题及改进情况"))
    blocks.append(("p", PROSE[5]))
    blocks.append(("h", "六、其他需要报告的事项"))
    blocks.append(("p", PROSE[6]))
    blocks.append(("p", t.agency))
    blocks.append(("p", f"{t.year + 1}年1月{15 + (t.year % 10)}日"))
    return blocks


def expected_cells(t: Truth) -> dict:
    keys = [k for k in t.cells if k.startswith(("active.", "appeals."))] + t3_expected_keys(t)
    return {k: float(t.cells[k]) for k in keys}


# ---------------------------------------------------------------- recipes

def random_habit(rng: random.Random, **over) -> Habit:
    h = Habit(
        zero=rng.choice(["0"] * 6 + ["", "—"]),
        fullwidth=rng.random() < 0.08,
        thousands=rng.random() < 0.3,
        plus=rng.random() < 0.2,
        numbering=rng.choice(["std"] * 5 + ["half", "circled", "paren", "spaced"]),
        qita=rng.choice(["其他"] * 3 + ["其它"]),
        huo=rng.choice(["或", "或", "或者"]),
        carried_out_label=rng.choice(["四、结转下年度继续办理"] * 3 + ["四、结转下一年度继续办理"]),
        wrap=rng.random() < 0.2,
        partial_short=rng.random() < 0.1,
    )
    for k, v in over.items():
        setattr(h, k, v)
    return h


# group, writer, count, fixed options for every case of the group
GROUPS = [
    ("html/plain-th", "html", 6, dict(html=dict(style="plain"))),
    ("html/p-span-td", "html", 6, dict(html=dict(style="p", header_tag="td"))),
    ("html/mso-gbk", "html", 5, dict(html=dict(style="mso", encoding="gbk"))),
    ("html/trs-nested", "html", 5, dict(html=dict(style="nbsp", wrapper="trs", header_tag="td"))),
    ("html/jcms-split", "html", 5, dict(html=dict(style="plain", wrapper="jcms"), split=True)),
    ("html/padding-cells", "html", 4, dict(html=dict(style="plain", wrapper="div", padding=True, header_tag="td"))),
    ("docx/merged", "docx", 6, dict()),
    ("docx/linebreaks-blankcol", "docx", 4, dict(wrap=True, docx=dict(blank_col=True))),
    ("docx/split-caption", "docx", 4, dict(split=True, caption=True)),
    ("txt/word-tab", "text", 4, dict(text=dict(style="word-tab"))),
    ("txt/word-notab-crlf-bom", "text", 4, dict(text=dict(style="word-notab", newline="\r\n", bom=True))),
    ("txt/gbk", "text", 3, dict(text=dict(style="word-tab", encoding="gbk"))),
    ("txt/rows-tab", "text", 4, dict(text=dict(style="rows-tab"))),
    ("md/clean", "md", 3, dict(md=dict(style="clean"))),
    ("md/col-header", "md", 3, dict(md=dict(style="col"))),
    ("md/br-empty-header", "md", 3, dict(md=dict(style="br"), wrap=True)),
    ("pdf/soffice-docx", "soffice-pdf", 8, dict()),
    ("doc/soffice-docx", "soffice-doc", 5, dict()),
    ("pdf/chromium-html", "chromium", 5, dict(html=dict(style="plain"))),
    ("txt/pdftotext-layout", "pdftotext", 6, dict()),
    ("pdf/reportlab-stsong", "reportlab", 3, dict()),
    ("pdf/soffice-html", "soffice-html-pdf", 3, dict(html=dict(style="mso", encoding="gbk"))),
    ("doc/soffice-html", "soffice-html-doc", 2, dict(html=dict(style="mso"))),
]
OFFICE_WRITERS = {"soffice-pdf", "soffice-doc", "chromium", "pdftotext", "soffice-html-pdf", "soffice-html-doc"}

# deliberately broken identities and traps, by (group, index in group)
BROKEN = {
    ("html/plain-th", 2): "requests.row_total", ("html/mso-gbk", 1): "requests.balance",
    ("html/trs-nested", 3): "appeals.row_total", ("docx/merged", 4): "requests.results_sum",
    ("docx/split-caption", 2): "requests.balance", ("txt/word-tab", 1): "appeals.suit_total",
    ("md/clean", 1): "requests.row_total", ("pdf/soffice-docx", 3): "requests.results_sum",
    ("txt/rows-tab", 2): "requests.balance", ("pdf/chromium-html", 2): "appeals.row_total",
    ("doc/soffice-docx", 1): "requests.row_total", ("html/p-span-td", 4): "requests.results_sum",
}
TRAPS = {
    ("html/plain-th", 4): "t2row", ("html/p-span-td", 5): "t3col_after", ("docx/merged", 5): "t3row_sub",
    ("txt/word-tab", 3): "t4col", ("html/jcms-split", 4): "t3col_in", ("docx/linebreaks-blankcol", 3): "t2col",
    ("pdf/soffice-docx", 7): "t3row_sub",
}
T4_LAYOUTS = ["std15", "std15", "3x5", "t15x1", "t5x3", "two"]


def plan():
    """Every case as (name, group, writer, truth, habit, doc options, writer options, broken, trap)."""
    out = []
    serial = 0
    for group, writer, count, opts in GROUPS:
        for i in range(count):
            serial += 1
            rng = random.Random(f"heldout3-{group}-{i}")
            fmt = "2021" if rng.random() < 0.65 else "2019"
            year = rng.choice([2021, 2022, 2023, 2024, 2025]) if fmt == "2021" else rng.choice([2019, 2020])
            other_rows = None
            if fmt == "2021" and rng.random() < 0.06:
                other_rows = "2019"  # a 2021 report still printing the single （六）其他处理 row
            size = rng.choice(["small"] * 5 + ["big", "big", "zero"])
            agency = AGENCIES[(serial * 7) % len(AGENCIES)]
            t = make_truth(rng, agency, year, fmt, size=size, org_subtotal=rng.random() < 0.15, other_rows=other_rows)
            h = random_habit(rng, **({"wrap": True} if opts.get("wrap") else {}))
            if writer in ("reportlab",) or writer == "pdftotext":
                h.fullwidth = False
            broken = BROKEN.get((group, i), "")
            trap = TRAPS.get((group, i), "")
            if trap == "t4col":
                t4 = "3x5"
            else:
                t4 = T4_LAYOUTS[(serial + i) % len(T4_LAYOUTS)]
            if broken:
                break_identity(t, broken, rng)
            dopts = dict(
                title_style=rng.randrange(4), t2_one=rng.random() < 0.75, t4_layout=t4,
                split=(rng.choice(["repeat", "bare"]) if opts.get("split") else None),
                caption=("表三：收到和处理政府信息公开申请情况" if opts.get("caption") else ""),
                subtotal_pos=rng.choice(["first", "last"]), trap=trap,
                t3_blank_col=bool(opts.get("docx", {}).get("blank_col")),
                corner=rng.random() < 0.85,
            )
            name = f"{serial:03d}-{group.replace('/', '-')}-{i}"
            out.append((name, group, writer, t, h, dopts, opts, broken, trap))
    return out


def render(writer, blocks, opts):
    if writer in ("html", "chromium", "soffice-html-pdf", "soffice-html-doc"):
        return to_html(blocks, **opts.get("html", {}))
    if writer in ("docx", "soffice-pdf", "soffice-doc", "pdftotext"):
        return to_docx(blocks, blank_col=False)
    if writer == "text":
        return to_text(blocks, **opts.get("text", {}))
    if writer == "md":
        return to_markdown(blocks, **opts.get("md", {}))
    if writer == "reportlab":
        return O.reportlab_pdf(blocks)
    raise ValueError(writer)


EXT = {"html": ".html", "docx": ".docx", "text": ".txt", "md": ".md", "soffice-pdf": ".pdf", "soffice-doc": ".doc",
       "chromium": ".pdf", "pdftotext": ".txt", "reportlab": ".pdf", "soffice-html-pdf": ".pdf", "soffice-html-doc": ".doc"}


def _source_key(office: bool) -> str:
    h = hashlib.sha256(str(office).encode())
    for f in sorted(Path(__file__).parent.glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def build(office: bool = True) -> list[Case]:
    """Every case; LibreOffice/Chromium/pdftotext-made ones only when office. Cached on disk
    (keyed by this package's source) since LibreOffice and Chromium take a while."""
    office = office and O.have_office()
    cache = O.cache_dir() / f"corpus-{_source_key(office)}.pkl"
    if cache.exists():
        try:
            return [Case(**d) for d in pickle.loads(cache.read_bytes())]
        except Exception:
            pass
    cases, pending = [], defaultdict(dict)  # (source ext, target) -> {file name: bytes}
    todo = {}  # case name -> (source ext, target, then pdftotext?)
    for name, group, writer, t, h, dopts, opts, broken, trap in plan():
        if writer in OFFICE_WRITERS and not office:
            continue
        blocks = document(t, h, **dopts)
        if writer == "docx":
            data = to_docx(blocks, **opts.get("docx", {}))
        elif writer == "pdftotext" and int(name[:3]) % 2:  # half from a printed web page
            data = to_html(blocks, style="p", header_tag="td")
        else:
            data = render(writer, blocks, opts)
        case = Case(name=name, group=group, filename=name + EXT[writer], data=b"", agency=t.agency, year=t.year,
                    fmt=t.fmt, cells=expected_cells(t), broken=bool(broken), broken_kind=broken, trap=bool(trap),
                    trap_kind=trap, office=writer in OFFICE_WRITERS,
                    note=f"t4={dopts['t4_layout']} zero={h.zero!r} num={h.numbering} subtotal={t.org_subtotal}")
        if writer == "chromium" or (writer == "pdftotext" and int(name[:3]) % 2):
            pending[("html", "chromium")][f"{name}.html"] = data
            todo[name] = ("html", "chromium", writer == "pdftotext")
            data = b""
            case.note += " via chromium"
        elif writer in ("soffice-pdf", "soffice-doc", "pdftotext", "soffice-html-pdf", "soffice-html-doc"):
            src = "html" if "html" in writer else "docx"
            target = "doc" if writer.endswith("doc") else "pdf"
            if src == "html":
                target = {"pdf": "pdf:writer_web_pdf_Export", "doc": "doc:MS Word 97"}[target]
            pending[(src, target)][f"{name}.{src}"] = data
            todo[name] = (src, target, writer == "pdftotext")
            data = b""
        if data is None:
            continue
        case.data = data
        cases.append(case)
    if office:
        from concurrent.futures import ThreadPoolExecutor

        def convert(key):
            files = pending[key]
            if key[1] == "chromium":
                return key, {Path(n).stem: O.chromium_pdf(d) or b"" for n, d in files.items()}
            return key, O.soffice_batch(files, key[1])

        with ThreadPoolExecutor(max_workers=3) as pool:  # LibreOffice and Chromium mostly wait on themselves
            done = dict(pool.map(convert, sorted(pending, key=lambda k: -len(pending[k]))))
        for case in cases:
            if case.name in todo:
                src, target, then_text = todo[case.name]
                out = done[(src, target)].get(case.name, b"")
                case.data = (O.pdftotext_layout(out) or b"") if (then_text and out) else out
    cases = [c for c in cases if c.data]
    try:
        cache.write_bytes(pickle.dumps([asdict(c) for c in cases]))
    except OSError:
        pass
    return cases


# ---------------------------------------------------------------- scoring

def identity_failures(report) -> list:
    return [c for c in report.checks if c.passed is False and c.rule.startswith(IDENTITY_PREFIXES)]


def score(case: Case, report) -> dict:
    got = {c.key: c.value for c in report.cells}
    exp = case.cells
    right = sum(1 for k, v in exp.items() if got.get(k) is not None and abs(got[k] - v) < 1e-6)
    wrong = sorted(k for k, v in exp.items() if got.get(k) is not None and abs(got[k] - v) >= 1e-6)
    missing = sorted(k for k in exp if got.get(k) is None)
    invented = sorted(k for k in got if k not in exp)
    flags = identity_failures(report)
    all_pass = all(c.passed is not False for c in report.checks)
    ok = report.status == "ok"
    silent = ok and all_pass and bool(wrong or missing or invented or case.trap)
    return {
        "right": right, "total": len(exp), "wrong": len(wrong), "missing": len(missing), "invented": len(invented),
        "wrong_keys": wrong, "missing_keys": missing, "invented_keys": invented,
        "silent": silent, "recalled": bool(case.broken and flags), "flags": len(flags),
        "false_flags": 0 if (case.broken or case.trap) else len(flags),  # a trap's extra numbers may upset an identity
        "meta": report.agency == case.agency and report.year == case.year,
        "status": report.status,
    }


def summarize(rows) -> str:
    groups = defaultdict(list)
    for case, s, report in rows:
        groups[case.group].append((case, s, report))
    head = (f"{'group':28} {'n':>3} {'cells right':>15} {'%':>7} {'ok/part/fail':>12} {'silent':>6} "
            f"{'recall':>7} {'flagged':>7} {'meta':>5}")
    lines = [head, "-" * len(head)]
    tot = defaultdict(int)

    def line(label, items):
        right = sum(s["right"] for _, s, _ in items)
        total = sum(s["total"] for _, s, _ in items)
        st = [sum(1 for _, s, _ in items if s["status"] == x) for x in ("ok", "partial", "failed")]
        silent = sum(s["silent"] for _, s, _ in items)
        broken = [s for c, s, _ in items if c.broken]
        rec = sum(s["recalled"] for s in broken)
        flagged_cases = [(c, s) for c, s, _ in items if s["flags"] and not c.trap]
        true_flag = sum(1 for c, _ in flagged_cases if c.broken)
        meta = sum(s["meta"] for _, s, _ in items)
        pct = 100.0 * right / total if total else 0.0
        return (f"{label:28} {len(items):3} {right:7}/{total:<7} {pct:6.2f}% {st[0]:4}/{st[1]}/{st[2]:<4} {silent:6} "
                f"{rec:3}/{len(broken):<3} {true_flag:3}/{len(flagged_cases):<3} {meta:2}/{len(items)}")

    for g in sorted(groups):
        lines.append(line(g, groups[g]))
    allrows = [r for g in groups for r in groups[g]]
    lines.append("-" * len(head))
    lines.append(line("ALL", allrows))
    born = [r for r in allrows if not r[0].trap]
    right = sum(s["right"] for _, s, _ in born)
    total = sum(s["total"] for _, s, _ in born)
    flagged = [(c, s) for c, s, _ in allrows if s["flags"] and not c.trap]
    broken = [s for c, s, _ in allrows if c.broken]
    lines.append(
        f"born-digital cells right: {right}/{total} = {100.0 * right / max(total, 1):.2f}%  |  silent errors: "
        f"{sum(s['silent'] for _, s, _ in allrows)}  |  broken identities recalled: "
        f"{sum(s['recalled'] for s in broken)}/{len(broken)}  |  flag precision (flagged cases that are broken): "
        f"{sum(1 for c, _ in flagged if c.broken)}/{len(flagged)}  |  traps not 'ok': "
        f"{sum(1 for c, s, _ in allrows if c.trap and s['status'] != 'ok')}/{sum(1 for c, _, _ in allrows if c.trap)}")
    lines.append("columns: recall = broken cases with a failed identity check / broken cases; flagged = flagged cases "
                 "that are broken / cases with a failed identity check (precision); meta = agency and year right")
    return "\n".join(lines)


def describe(case: Case, s: dict, report) -> str:
    bits = []
    if s["wrong"]:
        bits.append(f"{s['wrong']} wrong (e.g. {', '.join(s['wrong_keys'][:3])})")
    if s["missing"]:
        bits.append(f"{s['missing']} missing (e.g. {', '.join(s['missing_keys'][:3])})")
    if s["invented"]:
        bits.append(f"{s['invented']} invented (e.g. {', '.join(s['invented_keys'][:3])})")
    if case.broken and not s["recalled"]:
        bits.append(f"broken identity {case.broken_kind} not flagged")
    if s["false_flags"]:
        bits.append(f"{s['false_flags']} false identity flags")
    if case.trap and s["status"] == "ok":
        bits.append(f"trap {case.trap_kind} came out ok")
    if not s["meta"]:
        bits.append(f"meta got {report.agency!r}/{report.year} want {case.agency!r}/{case.year}")
    kind = f"{case.fmt}{' broken=' + case.broken_kind if case.broken else ''}{' trap=' + case.trap_kind if case.trap else ''}"
    return (f"{case.name} [{case.filename.rsplit('.', 1)[1]} {kind}; {case.note}] status={s['status']}: "
            + ("; ".join(bits) or "exact") + (f" — reason: {report.reason[:160]}" if report.reason else ""))
