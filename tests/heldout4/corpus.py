"""Held-out corpus 4: 134 born-digital reports (108 without LibreOffice/Chromium/poppler) and 14
scans; 24 cases (22 born-digital) print numbers that break one identity, 9 have a label the
national format does not have (traps). Written from the national formats
(/work/shared/spec/report-format.md), the blank national Word template and how real agencies
publish (/work/shared/real, /work/shared/seeds) — apart from the extractor.

    build(office) -> list[Case]          (office=False skips LibreOffice/Chromium/pdftotext files)
    score(case, report) -> dict
    summarize(rows) -> str
    describe(case, score, report) -> str

Every case is generated from fixed seeds; files made by LibreOffice/Chromium/poppler are cached
under $TMPDIR/nianbao-heldout4-cache by content hash.
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import office as off
from . import scans as sc
from . import writers as wr
from .doc import agency_for, assemble
from .model import make_numbers
from .tables import Style, hash_str, pad_grid, table2, table3, table3_transposed, table4

TEMPLATE = str(Path(__file__).resolve().parents[1] / "real" / "template-2021-blank.docx")  # source: tests/real/README.md


@dataclass
class Case:
    name: str
    group: str
    data: bytes
    filename: str
    cells: dict
    agency: str
    year: int
    format: str
    broken: str | None = None       # the identity the printed numbers break
    trap: str | None = None         # the label the national format does not have
    office: bool = False
    scan: bool = False
    blank_keys: frozenset = frozenset()   # zeros printed as an empty cell: absent or 0 both right
    habit: str = ""

    def __repr__(self):
        return f"Case({self.name})"


@dataclass
class Spec:
    name: str
    group: str
    out: str                        # how the file is made (see _render)
    fmt: str = "2021"
    year: int | None = None
    size: str = "mid"
    broken: str | None = None
    trap: str | None = None
    other_single: bool = False
    subtotal: bool = False
    zeros: bool = False
    style: dict = field(default_factory=dict)
    t2: str = "template"
    t3: str = "template"
    t3_split: int | None = None
    t3_repeat: bool = False
    t4: str = "template"
    title: str = "plain"
    heading: str = "cn"
    cn_date: bool = False
    opts: dict = field(default_factory=dict)
    habit: str = ""
    short: bool = False


OFFICE_OUTS = {"lo-doc", "lo-doc-tpl", "lo-pdf", "lo-pdf-tpl", "cr-pdf", "pdftotext-cr", "pdftotext-lo",
               "pdftotext-rl", "pdftotext-raw", "scan"}


def _specs() -> list[Spec]:
    S = []
    a = S.append
    # ---------------------------------------------------------------- HTML: UEditor (most CMS today)
    a(Spec("ueditor-1", "html-ueditor", "html", opts=dict(flavour="ueditor", wrapper="article"), year=2023,
           habit="UEditor markup: <p><span style> inside every cell, firstRow class"))
    a(Spec("ueditor-2", "html-ueditor", "html", opts=dict(flavour="ueditor", wrapper="trs"), year=2022, size="big",
           style=dict(thousands=True), habit="UEditor inside a TRS page with metadata table; 1,234 separators"))
    a(Spec("ueditor-3", "html-ueditor", "html", fmt="2019", year=2020, opts=dict(flavour="ueditor", wrapper="article"),
           broken="requests.balance", habit="UEditor, 2019 format, 结转 column that does not balance"))
    a(Spec("ueditor-4", "html-ueditor", "html", year=2024, opts=dict(flavour="ueditor", wrapper="trs"),
           style=dict(label_habits=("spaces",)), habit="UEditor, spaces typed inside labels (三 、本 年 度办 理 结果)"))
    a(Spec("ueditor-5", "html-ueditor", "html", year=2021, opts=dict(flavour="ueditor", wrapper="article"),
           t2="separate", habit="UEditor, table 2 as four tables with 第二十条 captions as paragraphs"))
    # ---------------------------------------------------------------- HTML: pasted from Word
    a(Spec("mso-1", "html-mso-paste", "html", year=2022, opts=dict(flavour="mso", wrapper="article"),
           habit="Word paste: MsoNormal <p>, runs split inside labels, hidden sizing row"))
    a(Spec("mso-2", "html-mso-paste", "html", year=2023, opts=dict(flavour="mso", wrapper="trs"),
           style=dict(label_habits=("linebreak",)), habit="Word paste, labels broken over two <p> in a cell"))
    a(Spec("mso-3", "html-mso-paste", "html", fmt="2019", year=2019, opts=dict(flavour="mso", wrapper="article"),
           broken="requests.results_sum", style=dict(signed=True),
           habit="Word paste, 2019 format, 本年增/减 written +N, （七）总计 not the sum of results"))
    a(Spec("mso-4", "html-mso-paste", "html", year=2021, opts=dict(flavour="mso", wrapper="article"),
           trap="t3_extra_col", habit="Word paste with an invented 其中：网上申请 column after 总计 (trap)"))
    a(Spec("mso-5", "html-mso-paste", "html", year=2024, size="big", opts=dict(flavour="mso", wrapper="article"),
           style=dict(label_habits=("qita", "huozhe")), habit="Word paste, 其它 for 其他, 法人或者其他组织"))
    # ---------------------------------------------------------------- HTML: KindEditor
    a(Spec("kind-1", "html-kindeditor", "html", year=2022, opts=dict(flavour="kindeditor", wrapper="article"),
           style=dict(zero="—"), habit="KindEditor, <strong> headers, zero printed —"))
    a(Spec("kind-2", "html-kindeditor", "html", fmt="2019", year=2020, opts=dict(flavour="kindeditor", wrapper="article"),
           style=dict(label_habits=("linebreak",), signed=True), habit="KindEditor, <br /> inside labels, 2019 format"))
    a(Spec("kind-3", "html-kindeditor", "html", year=2023, opts=dict(flavour="kindeditor", wrapper="trs"),
           broken="appeals.row_total", habit="KindEditor, 行政复议 总计 not the sum of its four results"))
    a(Spec("kind-4", "html-kindeditor", "html", year=2021, opts=dict(flavour="kindeditor", wrapper="article"),
           style=dict(label_habits=("dunhao", "nextyear", "qi_total")),
           habit="KindEditor, 1、 numbering, 结转下一年度继续办理, 七、总计"))
    # ---------------------------------------------------------------- HTML: FCKeditor / old IE markup, GBK
    a(Spec("fck-1", "html-fck-gbk", "html", fmt="2019", year=2019, opts=dict(flavour="fck", wrapper="bare", charset="gb2312"),
           habit="FCKeditor uppercase tags, <FONT face>, page in GB2312"))
    a(Spec("fck-2", "html-fck-gbk", "html", year=2021, opts=dict(flavour="fck", wrapper="trs", charset="gbk"),
           style=dict(fullwidth=True), habit="FCKeditor, GBK page, full-width digits １２３"))
    a(Spec("fck-3", "html-fck-gbk", "html", year=2022, opts=dict(flavour="fck", wrapper="trs", charset="GB18030"),
           broken="requests.row_total", habit="FCKeditor, GB18030, a row 总计 off"))
    a(Spec("fck-4", "html-fck-gbk", "html", year=2020, fmt="2019", opts=dict(flavour="fck", wrapper="bare", charset="gbk"),
           style=dict(label_habits=("typo_law", "quotes")), habit="GBK page, 「其他法律行政止公开」 typo, ASCII quotes"))
    # ---------------------------------------------------------------- HTML: WordPress-like (thead/th)
    a(Spec("wp-1", "html-wordpress", "html", year=2023, opts=dict(flavour="wordpress", wrapper="article"),
           habit="block editor: <figure><table><thead><th>"))
    a(Spec("wp-2", "html-wordpress", "html", year=2022, t4="rows3", opts=dict(flavour="wordpress", wrapper="article"),
           habit="thead/th, table 4 as three rows of five"))
    a(Spec("wp-3", "html-wordpress", "html", year=2024, t4="rows3", trap="t4_extra_row",
           opts=dict(flavour="wordpress", wrapper="article"), habit="table 4 with an invented 行政赔偿 row (trap)"))
    a(Spec("wp-4", "html-wordpress", "html", fmt="2019", year=2020, opts=dict(flavour="wordpress", wrapper="article"),
           style=dict(label_habits=("ascii_paren",)), habit="thead/th, (一) with ASCII parentheses"))
    # ---------------------------------------------------------------- HTML: pasted from Excel/WPS
    a(Spec("excel-1", "html-excel", "html", year=2022, t3="padded", t4="padded", opts=dict(flavour="excel", wrapper="article"),
           habit="Excel paste: x:num, class=xl67, merged labels written out in every cell"))
    a(Spec("excel-2", "html-excel", "html", year=2023, size="big", t3="padded", opts=dict(flavour="excel", wrapper="trs"),
           style=dict(thousands=True), habit="Excel paste, thousands separators, padded labels"))
    a(Spec("excel-3", "html-excel", "html", fmt="2019", year=2020, t3="padded", t4="padded",
           opts=dict(flavour="excel", wrapper="article"), broken="requests.balance", habit="Excel paste, 2019, unbalanced"))
    a(Spec("excel-4", "html-excel", "html", year=2021, opts=dict(flavour="excel", wrapper="article"),
           style=dict(zero="-"), habit="Excel paste, zero printed -"))
    # ---------------------------------------------------------------- HTML: tables split
    a(Spec("split-1", "html-split", "html", year=2022, t3_split=11, t3_repeat=True, opts=dict(flavour="plain", wrapper="article"),
           habit="table 3 in two <table>s, header rows repeated in the second"))
    a(Spec("split-2", "html-split", "html", year=2023, t3_split=14, opts=dict(flavour="ueditor", wrapper="article"),
           habit="table 3 in two <table>s, the second without header (rowspan reopened)"))
    a(Spec("split-3", "html-split", "html", year=2021, t3_split=8, t4="split", opts=dict(flavour="plain", wrapper="trs"),
           habit="table 3 split, table 4 as 行政复议 and 行政诉讼 tables"))
    a(Spec("split-4", "html-split", "html", fmt="2019", year=2019, t3_split=12, t3_repeat=True,
           opts=dict(flavour="kindeditor", wrapper="article"), broken="requests.results_sum",
           habit="2019 table 3 split with header repeated, results not adding up"))
    a(Spec("split-5", "html-split", "html", year=2024, t2="separate", t3="twolabel", t3_split=10,
           opts=dict(flavour="plain", wrapper="article"), habit="two label columns, split; table 2 as separate tables"))
    # ---------------------------------------------------------------- HTML: table 4 layouts
    a(Spec("t4-1", "html-table4", "html", year=2022, t4="transposed", opts=dict(flavour="plain", wrapper="article"),
           habit="table 4 transposed: 15 rows of label and number"))
    a(Spec("t4-2", "html-table4", "html", year=2023, t4="transposed", broken="appeals.row_total",
           opts=dict(flavour="ueditor", wrapper="article"), habit="table 4 transposed, 总计 off"))
    a(Spec("t4-3", "html-table4", "html", year=2021, t4="padded", opts=dict(flavour="kindeditor", wrapper="article"),
           habit="table 4 header without rowspans, five empty cells (as the seed)"))
    a(Spec("t4-4", "html-table4", "html", fmt="2019", year=2020, t4="split", opts=dict(flavour="mso", wrapper="article"),
           habit="table 4 split in two tables, Word paste"))
    a(Spec("t4-5", "html-table4", "html", year=2024, t4="template", trap="t4_extra_col",
           opts=dict(flavour="plain", wrapper="article"), habit="table 4 with an invented 行政赔偿 16th column (trap)"))
    # ---------------------------------------------------------------- HTML: one label column
    a(Spec("onelabel-1", "html-onelabel", "html", year=2022, t3="onelabel", opts=dict(flavour="plain", wrapper="article"),
           habit="table 3 with one label column, group rows （三）不予公开 with empty numbers"))
    a(Spec("onelabel-2", "html-onelabel", "html", year=2023, t3="onelabel", opts=dict(flavour="ueditor", wrapper="trs"),
           style=dict(label_habits=("dunhao", "short_partial")), habit="one label column, 1、, short 部分公开 label"))
    a(Spec("onelabel-3", "html-onelabel", "html", fmt="2019", year=2019, t3="onelabel",
           opts=dict(flavour="kindeditor", wrapper="article"), trap="t3_extra_row",
           habit="one label column with an invented 其中：通过互联网申请 row (trap)"))
    a(Spec("onelabel-4", "html-onelabel", "html", year=2021, t3="onelabel", broken="requests.balance",
           opts=dict(flavour="plain", wrapper="article"), habit="one label column, 结转 unbalanced"))
    # ---------------------------------------------------------------- HTML: zeros and units
    a(Spec("zeros-1", "html-zeros", "html", year=2022, size="small", style=dict(zero="/"),
           opts=dict(flavour="ueditor", wrapper="article"), habit="a town office: zero printed /"))
    a(Spec("zeros-2", "html-zeros", "html", year=2023, size="small", style=dict(zero=""),
           opts=dict(flavour="plain", wrapper="article"), habit="zero left blank"))
    a(Spec("zeros-3", "html-zeros", "html", year=2021, style=dict(unit="件"),
           opts=dict(flavour="kindeditor", wrapper="article"), habit="counts written with 件 (「12件」)"))
    a(Spec("zeros-4", "html-zeros", "html", year=2024, size="small", zeros=True, style=dict(zero="无"),
           opts=dict(flavour="mso", wrapper="article"), habit="no requests at all, zero printed 无"))
    # ---------------------------------------------------------------- HTML: titles, years, mixed format
    a(Spec("title-1", "html-titles", "html", year=2023, title="cn", cn_date=True, opts=dict(flavour="ueditor", wrapper="article"),
           habit="year in Chinese numerals 二〇二三年, signed 二〇二四年一月…日"))
    a(Spec("title-2", "html-titles", "html", year=2022, title="guanyu", heading="alt",
           opts=dict(flavour="plain", wrapper="article"), habit="「关于2022年度政府信息公开工作情况的报告」, 因政府信息公开工作被申请行政复议 heading"))
    a(Spec("title-3", "html-titles", "html", year=2023, title="noagency", opts=dict(flavour="ueditor", wrapper="trs"),
           habit="title without the agency: only in 发布机构 and the signature"))
    a(Spec("title-4", "html-titles", "html", year=2020, fmt="2021", other_single=True, title="yearfirst",
           opts=dict(flavour="plain", wrapper="article"), habit="report year 2020 in the 2021 format, single （六）其他处理 row"))
    a(Spec("title-5", "html-titles", "html", year=2021, fmt="2019", title="cn_twolines",
           opts=dict(flavour="kindeditor", wrapper="article"), habit="report year 2021 still in the 2019 format, title on two lines"))
    # ---------------------------------------------------------------- text: Word "save as plain text"
    a(Spec("wordtxt-1", "text-wordtxt", "wordtxt", year=2022, habit="Word plain text: a cell a line, rows apart"))
    a(Spec("wordtxt-2", "text-wordtxt", "wordtxt", year=2023, opts=dict(encoding="gbk", crlf=True),
           habit="Word plain text in the ANSI code page (GBK) with CRLF"))
    a(Spec("wordtxt-3", "text-wordtxt", "wordtxt", fmt="2019", year=2020, broken="requests.balance",
           habit="Word plain text, 2019, unbalanced"))
    a(Spec("wordtxt-4", "text-wordtxt", "wordtxt", year=2021, style=dict(label_habits=("linebreak",)),
           habit="Word plain text, line breaks inside label cells"))
    a(Spec("wordtxt-5", "text-wordtxt", "wordtxt", year=2024, t4="rows3", title="twolines",
           opts=dict(encoding="gb18030"), habit="Word plain text GB18030, table 4 as three rows"))
    # ---------------------------------------------------------------- text: tab separated rows
    a(Spec("tabs-1", "text-tabs", "tabs", year=2022, habit="rows as tab-separated lines, merged cells empty"))
    a(Spec("tabs-2", "text-tabs", "tabs", year=2023, style=dict(fullwidth=True), habit="tab rows, full-width digits"))
    a(Spec("tabs-3", "text-tabs", "tabs", fmt="2019", year=2019, style=dict(signed=True), broken="appeals.row_total",
           habit="tab rows, 2019, 行政复议 总计 off"))
    a(Spec("tabs-4", "text-tabs", "tabs", year=2021, t3="twolabel", style=dict(label_habits=("qita",)),
           habit="tab rows, two label columns, 其它"))
    # ---------------------------------------------------------------- Markdown (PDF → Markdown converters)
    a(Spec("md-1", "md-pipe", "md", year=2023, habit="pipe tables, merged cells repeated"))
    a(Spec("md-2", "md-pipe", "md", year=2022, opts=dict(fill=False), habit="pipe tables, merged cells empty"))
    a(Spec("md-3", "md-pipe", "md", fmt="2019", year=2020, broken="requests.row_total",
           style=dict(label_habits=("linebreak",)), habit="pipe tables, <br> in labels, a row total off"))
    a(Spec("md-4", "md-pipe", "md", year=2024, trap="t2_extra_row", opts=dict(heading=False),
           habit="pipe tables with an invented 行政检查 row in table 2 (trap)"))
    a(Spec("md-5", "md-pipe", "md", year=2021, t4="transposed", t3_split=13, t3_repeat=True,
           habit="pipe tables, table 3 in two with its header again, table 4 transposed"))
    # ---------------------------------------------------------------- DOCX: the national template filled
    a(Spec("tpl-1", "docx-template", "tpl", year=2022, habit="the blank national Word template filled in"))
    a(Spec("tpl-2", "docx-template", "tpl", year=2023, size="big", style=dict(thousands=True),
           habit="national template, thousands separators"))
    a(Spec("tpl-3", "docx-template", "tpl", year=2024, broken="requests.row_total", habit="national template, a row total off"))
    a(Spec("tpl-4", "docx-template", "tpl", year=2021, size="small", style=dict(zero=""), habit="national template, zeros left blank"))
    # ---------------------------------------------------------------- DOCX: built with merged cells
    a(Spec("docx-1", "docx-built", "docx", fmt="2019", year=2020, habit="python-docx, gridSpan/vMerge, 2019 format"))
    a(Spec("docx-2", "docx-built", "docx", year=2022, t4="transposed", habit="python-docx, table 4 transposed"))
    a(Spec("docx-3", "docx-built", "docx", year=2023, style=dict(label_habits=("linebreak", "fullstop")),
           habit="python-docx, labels in two paragraphs, 1． numbering"))
    a(Spec("docx-4", "docx-built", "docx", year=2021, t3="onelabel", broken="requests.results_sum",
           habit="python-docx, one label column, results off"))
    a(Spec("docx-5", "docx-built", "docx", year=2024, t2="separate", trap="t2_extra_row",
           habit="python-docx, table 2 separate tables with an invented 行政检查 row (trap)"))
    # ---------------------------------------------------------------- DOCX: 法人或其他组织 小计 column
    a(Spec("sub-1", "docx-subtotal", "docx", year=2022, subtotal=True, habit="extra 小计 column under 法人或其他组织"))
    a(Spec("sub-2", "docx-subtotal", "docx", year=2023, subtotal=True, broken="requests.balance",
           habit="小计 column, unbalanced"))
    a(Spec("sub-3", "docx-subtotal", "docx", fmt="2019", year=2019, subtotal=True, t3="twolabel", habit="小计 column, 2019, two label columns"))
    a(Spec("sub-4", "docx-subtotal", "html", year=2024, subtotal=True, opts=dict(flavour="ueditor", wrapper="article"),
           habit="小计 column in a UEditor page"))
    # ---------------------------------------------------------------- reportlab PDFs
    a(Spec("rl-1", "pdf-reportlab", "rl", year=2022, habit="generated PDF, table 3 over a page break, header repeated"))
    a(Spec("rl-2", "pdf-reportlab", "rl", year=2023, opts=dict(repeat=False), habit="generated PDF, page break, header not repeated"))
    a(Spec("rl-3", "pdf-reportlab", "rl", fmt="2019", year=2020, broken="requests.balance", habit="generated PDF, 2019, unbalanced"))
    a(Spec("rl-4", "pdf-reportlab", "rl", year=2021, trap="t3_extra_row", habit="generated PDF with an invented 其中 row (trap)"))
    a(Spec("rl-5", "pdf-reportlab", "rl", year=2024, size="big", style=dict(thousands=True), t4="rows3",
           habit="generated PDF, big city numbers with separators, table 4 in three rows"))
    # ---------------------------------------------------------------- encodings
    a(Spec("enc-1", "encodings", "html", year=2022, opts=dict(flavour="fck", wrapper="bare", charset="gbk", meta=False),
           habit="GBK page with no charset declared (only in the HTTP header)"))
    a(Spec("enc-2", "encodings", "wordtxt", year=2023, opts=dict(encoding="utf-16", crlf=True),
           habit="Word 'Unicode' plain text: UTF-16 LE with BOM, CRLF"))
    a(Spec("enc-3", "encodings", "tabs", fmt="2019", year=2020, opts=dict(encoding="utf-8-sig", crlf=True),
           habit="UTF-8 with BOM, CRLF, tab rows"))
    a(Spec("enc-4", "encodings", "html", year=2021, opts=dict(flavour="ueditor", wrapper="trs", charset="GB18030", late_meta=True),
           habit="GB18030 page whose meta charset comes after 1 KB of inline style"))
    # ---------------------------------------------------------------- the national template's own look
    a(Spec("look-1", "html-template-look", "html", year=2022, style=dict(label_habits=("template_breaks",)),
           opts=dict(flavour="ueditor", wrapper="article"), habit="header cells in two lines as the template (商业/企业, 结果/纠正)"))
    a(Spec("look-2", "html-template-look", "html", year=2023, style=dict(label_habits=("vertical", "template_breaks")),
           opts=dict(flavour="mso", wrapper="article"), habit="三、本年度办理结果 written one character a line, （三）不/予公开"))
    a(Spec("look-3", "html-template-look", "html", year=2024, style=dict(label_habits=("heji",)),
           opts=dict(flavour="plain", wrapper="article"), habit="合计 for the 总计 columns"))
    a(Spec("look-4", "html-template-look", "html", year=2021, heading="arabic", t2="unmerged",
           opts=dict(flavour="kindeditor", wrapper="article"), habit="2、 section numbers, table 2 values not merged (value + two empty cells)"))
    # ---------------------------------------------------------------- padding cells, decimals, signs
    a(Spec("pad-1", "html-padding", "html", year=2022, opts=dict(flavour="mso", wrapper="article", pad=True),
           habit="an empty cell closing every row, empty rows between blocks"))
    a(Spec("pad-2", "html-padding", "html", year=2023, t2="unmerged", opts=dict(flavour="plain", wrapper="trs", pad=True),
           broken="requests.results_sum", habit="padding cells, unmerged table 2, results off"))
    a(Spec("pad-3", "html-padding", "html", fmt="2019", year=2020, style=dict(zero="-"),
           opts=dict(flavour="excel", wrapper="article"), habit="2019: zero printed - beside negative 本年增/减 (-3)"))
    a(Spec("pad-4", "html-padding", "html", year=2024, style=dict(amount_decimals=2, amount_unit="万元"),
           opts=dict(flavour="ueditor", wrapper="article"), habit="收费金额 「0.00万元」 / 「96171.60万元」 with the unit in the cell"))
    # ---------------------------------------------------------------- table 3 transposed
    a(Spec("tr3-1", "table3-transposed", "html", year=2022, t3="transposed", opts=dict(flavour="plain", wrapper="article"),
           habit="table 3 transposed: a row per applicant, a column per result"))
    a(Spec("tr3-2", "table3-transposed", "html", fmt="2019", year=2020, t3="transposed",
           opts=dict(flavour="wordpress", wrapper="article"), broken="requests.balance", habit="transposed, 2019, unbalanced"))
    a(Spec("tr3-3", "table3-transposed", "docx", year=2023, t3="transposed", habit="transposed table 3 in a Word file"))
    # ---------------------------------------------------------------- a department's report in another's page
    a(Spec("emb-1", "html-embedded", "html", year=2022, opts=dict(flavour="ueditor", wrapper="embedded"),
           habit="department report inside the county government's portal page"))
    a(Spec("emb-2", "html-embedded", "html", year=2023, title="noagency", opts=dict(flavour="mso", wrapper="embedded"),
           habit="portal page of the government, report title without agency, department only in the signature"))
    a(Spec("emb-3", "html-embedded", "html", year=2021, title="twolines", t4="rows3",
           opts=dict(flavour="kindeditor", wrapper="embedded"), habit="embedded, title in two lines, table 4 three rows"))
    # ---------------------------------------------------------------- text copied out of a PDF viewer
    a(Spec("lines-1", "text-pdfcopy", "lines", year=2022, habit="a cell a line, no row separators, page footer -3- inside table 3"))
    a(Spec("lines-2", "text-pdfcopy", "lines", fmt="2019", year=2020, style=dict(label_habits=("template_breaks",)),
           habit="a cell a line, header cells broken in two lines"))
    a(Spec("lines-3", "text-pdfcopy", "wordtxt", year=2023, opts=dict(footer="- 3 -"),
           habit="Word text with a page footer between two rows of table 3"))
    # ---------------------------------------------------------------- Word files edited over time
    a(Spec("rev-1", "docx-edited", "docx", year=2022, opts=dict(split_runs=True), habit="digits in separate runs (1|36)"))
    a(Spec("rev-2", "docx-edited", "docx", year=2023,
           opts=dict(revisions=("requests.granted.natural_person", "requests.granted.total", "appeals.review.upheld")),
           habit="numbers corrected with Track Changes left in (w:del old, w:ins new)"))
    a(Spec("rev-3", "docx-edited", "docx", fmt="2019", year=2020, t3_split=12, habit="table 3 in two Word tables, 「（续表）」 between"))
    a(Spec("rev-4", "docx-edited", "docx", year=2024, style=dict(label_habits=("vertical", "template_breaks")),
           habit="labels in several paragraphs as the template, vertical 三、本年度办理结果"))
    a(Spec("rl-6", "pdf-reportlab", "rl", year=2022, opts=dict(rules="threeline"),
           habit="generated PDF with three-line tables (rules only above/below the header and at the end)"))
    a(Spec("rl-7", "pdf-reportlab", "rl", fmt="2019", year=2019, opts=dict(font="STSong-Light"),
           habit="generated PDF in the non-embedded Adobe CID font STSong-Light"))
    # ---------------------------------------------------------------- office-made: LibreOffice DOC
    a(Spec("lodoc-1", "doc-libreoffice", "lo-doc", year=2022, habit="DOC saved by LibreOffice from a Word file"))
    a(Spec("lodoc-2", "doc-libreoffice", "lo-doc", fmt="2019", year=2019, broken="requests.results_sum", habit="DOC, 2019, results off"))
    a(Spec("lodoc-3", "doc-libreoffice", "lo-doc-tpl", year=2023, habit="DOC from the national template"))
    a(Spec("lodoc-4", "doc-libreoffice", "lo-doc", year=2024, subtotal=True, trap="t3_extra_col",
           habit="DOC with 小计 and an invented 其中 column (trap)"))
    # ---------------------------------------------------------------- office-made: LibreOffice PDF
    a(Spec("lopdf-1", "pdf-libreoffice", "lo-pdf", year=2022, habit="PDF printed by LibreOffice from Word"))
    a(Spec("lopdf-2", "pdf-libreoffice", "lo-pdf-tpl", year=2023, size="big", habit="PDF of the national template"))
    a(Spec("lopdf-3", "pdf-libreoffice", "lo-pdf", fmt="2019", year=2020, broken="appeals.row_total", habit="LibreOffice PDF, 2019, appeals off"))
    a(Spec("lopdf-4", "pdf-libreoffice", "lo-pdf", year=2021, t4="transposed", style=dict(label_habits=("linebreak",)),
           habit="LibreOffice PDF, table 4 transposed, labels broken"))
    a(Spec("lopdf-5", "pdf-libreoffice", "lo-pdf", year=2024, trap="t2_extra_row", habit="LibreOffice PDF with 行政检查 row (trap)"))
    # ---------------------------------------------------------------- office-made: Chromium PDF
    a(Spec("crpdf-1", "pdf-chromium", "cr-pdf", year=2022, opts=dict(flavour="ueditor", css="narrow"),
           habit="Chromium print of a narrow UEditor page, tables broken over pages"))
    a(Spec("crpdf-2", "pdf-chromium", "cr-pdf", year=2023, opts=dict(flavour="plain", css="wide"),
           habit="Chromium print, wide small-font tables"))
    a(Spec("crpdf-3", "pdf-chromium", "cr-pdf", fmt="2019", year=2020, broken="requests.balance",
           opts=dict(flavour="kindeditor", css="narrow"), habit="Chromium print, 2019, unbalanced"))
    a(Spec("crpdf-4", "pdf-chromium", "cr-pdf", year=2024, t3_split=12, t3_repeat=True,
           opts=dict(flavour="plain", css="narrow"), habit="Chromium print, split table 3 with repeated header"))
    a(Spec("crpdf-5", "pdf-chromium", "cr-pdf", year=2021, t4="rows3", style=dict(zero="—"),
           opts=dict(flavour="mso", css="narrow"), habit="Chromium print of Word-pasted page, zero —"))
    a(Spec("crpdf-6", "pdf-chromium", "cr-pdf", year=2023, opts=dict(flavour="plain", css="borderless"),
           habit="Chromium print of tables without rules (borders none)"))
    a(Spec("crpdf-7", "pdf-chromium", "cr-pdf", fmt="2019", year=2019, t3="transposed", opts=dict(flavour="plain", css="wide"),
           habit="Chromium print, table 3 transposed"))
    a(Spec("lopdf-6", "pdf-libreoffice", "lo-pdf", year=2022, style=dict(label_habits=("vertical", "template_breaks")),
           habit="LibreOffice PDF, vertical 三、本年度办理结果 and two-line headers"))
    a(Spec("crpdf-8", "pdf-chromium", "cr-pdf", year=2024, opts=dict(flavour="ueditor", css="landscape"),
           habit="Chromium print on landscape pages"))
    a(Spec("lopdf-7", "pdf-libreoffice", "lo-pdf", year=2023, opts=dict(tblheader=True), t3_split=None,
           habit="LibreOffice PDF of a Word file whose header rows repeat on every page (tblHeader)"))
    # ---------------------------------------------------------------- office-made: pdftotext -layout
    a(Spec("ptt-1", "text-pdftotext", "pdftotext-cr", year=2022, opts=dict(flavour="plain", css="narrow"),
           habit="pdftotext -layout of a Chromium PDF"))
    a(Spec("ptt-2", "text-pdftotext", "pdftotext-lo", year=2023, habit="pdftotext -layout of a LibreOffice PDF"))
    a(Spec("ptt-3", "text-pdftotext", "pdftotext-rl", fmt="2019", year=2020, broken="requests.row_total",
           habit="pdftotext -layout of a generated PDF, 2019, a row total off"))
    a(Spec("ptt-4", "text-pdftotext", "pdftotext-lo", year=2024, t4="rows3", habit="pdftotext -layout, table 4 three rows"))
    a(Spec("raw-1", "text-pdftotext-raw", "pdftotext-raw", year=2022, opts=dict(src="lo"),
           habit="plain pdftotext (reading order, no -layout) of a LibreOffice PDF"))
    a(Spec("raw-2", "text-pdftotext-raw", "pdftotext-raw", year=2023, opts=dict(src="cr", flavour="plain"),
           habit="plain pdftotext of a Chromium PDF"))
    a(Spec("raw-3", "text-pdftotext-raw", "pdftotext-raw", fmt="2019", year=2020, broken="appeals.row_total",
           opts=dict(src="lo"), habit="plain pdftotext, 2019, appeals total off"))
    # ---------------------------------------------------------------- scans
    sc_ = lambda name, group, **kw: a(Spec(name, group, "scan", short=True, **kw))
    sc_("scan-pdf-1", "scan-pdf-clean", year=2022, opts=dict(src="lo", dpi=200, rotate=0.4, noise=2, kind="pdf"),
        habit="image-only PDF, 200 dpi, slight skew")
    sc_("scan-pdf-2", "scan-pdf-clean", year=2023, opts=dict(src="cr", dpi=200, rotate=-0.6, noise=3, kind="pdf"),
        habit="image-only PDF of a web page print, skew")
    sc_("scan-pdf-3", "scan-pdf-clean", fmt="2019", year=2020, opts=dict(src="lo", dpi=150, rotate=0.2, kind="pdf"),
        habit="image-only PDF, 150 dpi, 2019 format")
    sc_("scan-dirty-1", "scan-pdf-dirty", year=2022, opts=dict(src="lo", dpi=200, rotate=0.8, blur=0.8, specks=120, stamp=True, kind="pdf"),
        habit="blur, specks and a red seal over a table")
    sc_("scan-dirty-2", "scan-pdf-dirty", year=2024, opts=dict(src="lo", dpi=150, rotate=-0.3, threshold=True, specks=60, kind="pdf"),
        habit="1-bit threshold, 150 dpi")
    sc_("scan-dirty-3", "scan-pdf-dirty", year=2021, broken="requests.balance",
        opts=dict(src="cr", dpi=200, blur=0.6, noise=4, stamp=True, kind="pdf"), habit="seal, noise, unbalanced numbers")
    sc_("scan-img-1", "scan-image", year=2023, opts=dict(src="lo", dpi=150, rotate=0.3, kind="jpg"),
        habit="all pages stitched into one long JPG")
    sc_("scan-img-2", "scan-image", year=2022, opts=dict(src="cr", dpi=150, kind="png", noise=1),
        habit="one long PNG of a printed web page")
    sc_("scan-img-3", "scan-image", fmt="2019", year=2019, opts=dict(src="lo", dpi=200, threshold=True, kind="png"),
        habit="1-bit PNG, 2019 format")
    a(Spec("pic-1", "scan-picture-tables", "scan", year=2023, opts=dict(src="picture"),
           habit="digital PDF whose three tables are pictures (图片版)"))
    a(Spec("pic-2", "scan-picture-tables", "scan", fmt="2019", year=2020, broken="requests.results_sum",
           opts=dict(src="picture"), habit="图片版 tables, 2019, results off"))
    sc_("scan-tbl-1", "scan-tables-only", year=2023, opts=dict(src="lo", dpi=200, rotate=0.5, kind="pdf", tables_only=True),
        habit="图片版: only the tables scanned")
    sc_("scan-tbl-2", "scan-tables-only", year=2024, opts=dict(src="cr", dpi=170, blur=0.5, kind="jpg", tables_only=True),
        habit="tables only, long JPG, blur")
    sc_("scan-tbl-3", "scan-tables-only", year=2021, t4="rows3", opts=dict(src="lo", dpi=200, stamp=True, kind="pdf", tables_only=True),
        habit="tables only, seal, table 4 in three rows")
    return S


CSS = {
    "narrow": "@page{size:A4;margin:18mm} body{width:520px;font-family:'Noto Serif CJK SC',serif;font-size:14px} "
              "table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:2px;font-size:11px}",
    "borderless": "@page{size:A4;margin:18mm} body{width:600px;font-family:'Noto Serif CJK SC',serif;font-size:14px} "
                  "table{border-collapse:collapse;width:100%;border:0} td,th{border:0;padding:3px 4px;font-size:11px}",
    "landscape": "@page{size:A4 landscape;margin:15mm} body{font-family:'Noto Serif CJK SC',serif;font-size:14px} "
                 "table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:2px;font-size:12px}",
    "wide": "@page{size:A4;margin:12mm} body{font-family:'Noto Sans CJK SC',sans-serif;font-size:12px} "
            "table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:1px;font-size:8px}",
}

FILENAMES = {
    "html": ["t{y1}0{m}{d}_{n}.html", "{n}.shtml", "art_{n}.html", "content_{n}.htm", "index.html"],
    "wordtxt": ["{y}年政府信息公开工作年度报告.txt", "nianbao{y}.txt"],
    "tabs": ["{y}年度报告.txt"],
    "md": ["report-{y}.md", "{n}.md"],
    "lines": ["{y}年报（复制）.txt", "copy{n}.txt"],
    "docx": ["{y}年政府信息公开工作年度报告.docx", "附件：{y}年度政府信息公开工作年度报告.docx", "P0{y1}0{m}{d}{n}.docx"],
    "pdf": ["P0{y1}0{m}{d}{n}.pdf", "{y}年政府信息公开工作年度报告.pdf"],
    "doc": ["P0{y1}0{m}{d}{n}.doc", "{y}年政务公开年报.doc"],
}


def _fname(kind: str, year: int, rng: random.Random) -> str:
    f = rng.choice(FILENAMES[kind])
    return f.format(y=year, y1=year + 1, m=1, d=f"{rng.randint(10, 28)}", n=rng.randint(100000, 999999))


def _from_template(doc, nb, st, seed) -> bytes:
    """The real blank national template (tests/real) filled in; without it the same report built
    with python-docx."""
    if Path(TEMPLATE).exists():
        return wr.docx_from_template(doc, nb, TEMPLATE, st)
    return wr.docx_doc(doc, seed)


def _render(spec: Spec, seed: int, office: bool):
    """-> (bytes, filename, cells, agency, year, blank_keys) or None when skipped."""
    rng = random.Random(seed)
    year = spec.year or (2020 if spec.fmt == "2019" else 2023)
    agency = agency_for(rng)
    nb = make_numbers(seed, spec.fmt, size=spec.size, other_single=spec.other_single, subtotal=spec.subtotal,
                      broken=spec.broken, zeros=spec.zeros)
    st = Style(seed=seed, **spec.style)
    o = spec.opts
    t2 = table2(nb, st, spec.t2, trap=spec.trap)
    if spec.t3 == "transposed":
        t3 = table3_transposed(nb, st)
    else:
        t3 = table3(nb, st, spec.t3, split_at=spec.t3_split, repeat_header=spec.t3_repeat, trap=spec.trap)
    t4 = table4(nb, st, spec.t4, trap=spec.trap)
    if o.get("pad"):
        t2, t3, t4 = ([pad_grid(g) for g in t] for t in (t2, t3, t4))
    doc = assemble(agency, year, nb, t2, t3, t4, title_form=spec.title, seed=seed, heading_style=spec.heading,
                   cn_date=spec.cn_date, short=spec.short)
    out = spec.out

    def html_bytes(flavour, wrapper="article", charset="utf-8", css=""):
        page = wr.page_html(doc, flavour, wrapper, seed, charset=charset, css=css)
        if o.get("meta") is False:
            import re
            page = re.sub(r"<meta[^>]*charset[^>]*>", "", page)
        if o.get("late_meta"):
            # a long inline style first: the charset is declared after the first kilobyte
            style = "<style>" + "".join(f".c{i}{{margin:{i}px;padding:0;font-family:'仿宋_GB2312'}}" for i in range(40)) + "</style>"
            page = page.replace("<head>", "<head>" + style, 1)
        enc = {"gb2312": "gbk", "gbk": "gbk", "GB18030": "gb18030"}.get(charset, "utf-8")
        return page.encode(enc)

    if out == "html":
        data = html_bytes(o.get("flavour", "plain"), o.get("wrapper", "article"), o.get("charset", "utf-8"))
        name = _fname("html", year, rng)
    elif out == "wordtxt":
        text = wr.text_doc(doc, "wordtxt", footer=o.get("footer"))
        if o.get("crlf"):
            text = text.replace("\n", "\r\n")
        data = text.encode(o.get("encoding", "utf-8"))
        name = _fname("wordtxt", year, rng)
    elif out == "tabs":
        text = wr.text_doc(doc, "tabs")
        if o.get("crlf"):
            text = text.replace("\n", "\r\n")
        data = text.encode(o.get("encoding", "utf-8"))
        name = _fname("tabs", year, rng)
    elif out == "md":
        data = wr.markdown_doc(doc, fill_merged=o.get("fill", True), heading=o.get("heading", True)).encode()
        name = _fname("md", year, rng)
    elif out == "lines":
        data = wr.text_doc(doc, "lines", footer="-3-").encode("utf-8")
        name = _fname("lines", year, rng)
    elif out == "docx":
        data = wr.docx_doc(doc, seed, split_runs=o.get("split_runs", False), revisions=o.get("revisions", ()))
        name = _fname("docx", year, rng)
    elif out == "tpl":
        data = _from_template(doc, nb, st, seed)
        name = _fname("docx", year, rng)
    elif out == "rl":
        data = wr.reportlab_pdf(doc, seed, repeat_header=o.get("repeat", True), rules=o.get("rules", "grid"),
                                font=o.get("font", "WQY"))
        name = _fname("pdf", year, rng)
    else:
        if not office or (("cr" in out or out == "scan") and not off.chromium()):
            return None
        if out in ("lo-doc", "lo-doc-tpl", "lo-pdf", "lo-pdf-tpl", "pdftotext-lo"):
            src = (_from_template(doc, nb, st, seed) if out.endswith("-tpl")
                   else wr.docx_doc(doc, seed, tblheader=o.get("tblheader", False)))
            target = "doc" if out.startswith("lo-doc") else "pdf"
            data = off.soffice(src, "docx", target)
            name = _fname(target, year, rng)
            if out == "pdftotext-lo":
                data, name = off.pdftotext_layout(data), f"{year}年报.txt"
        elif out in ("cr-pdf", "pdftotext-cr"):
            data = off.chromium_pdf(html_bytes(o.get("flavour", "plain"), "bare", css=CSS[o.get("css", "narrow")]))
            name = _fname("pdf", year, rng)
            if out == "pdftotext-cr":
                data, name = off.pdftotext_layout(data), f"{year}年报.txt"
        elif out == "pdftotext-rl":
            data, name = off.pdftotext_layout(wr.reportlab_pdf(doc, seed)), f"nb{year}.txt"
        elif out == "pdftotext-raw":
            pdf = (off.soffice(wr.docx_doc(doc, seed), "docx", "pdf") if o.get("src") == "lo" else
                   off.chromium_pdf(html_bytes(o.get("flavour", "plain"), "bare", css=CSS[o.get("css", "narrow")])))
            data, name = off.pdftotext_layout(pdf, layout=False), f"{year}年度报告.txt"
        elif out == "scan":
            data, name = _scan(doc, seed, o, year, rng)
        else:
            raise ValueError(out)
    expected = dict(nb.cells)
    return data, name, expected, agency, year, frozenset(st.blank_keys & set(expected))


def _picture_tables(doc, seed):
    """「图片版」: the prose stays text, each table is a picture (a screenshot of it) in the Word
    file, which LibreOffice prints to PDF."""
    from PIL import Image, ImageChops
    import io
    pics = {}
    for b in doc.blocks:
        if b.kind != "grid":
            continue
        html = ("<html><head><meta charset='utf-8'><style>body{margin:8px;background:#fff;font-family:'Noto Serif CJK SC'}"
                "table{border-collapse:collapse;width:980px} td{border:1px solid #000;padding:3px;font-size:15px;"
                "text-align:center}</style></head><body>" + wr.grid_html(b.grid, "plain", random.Random(seed))
                + "</body></html>").encode()
        png = off.chromium_png(html, width=1000, height=60 + 64 * len(b.grid.rows))
        im = Image.open(io.BytesIO(png)).convert("RGB")
        box = ImageChops.difference(im, Image.new("RGB", im.size, (255, 255, 255))).getbbox()
        if box:
            im = im.crop((max(0, box[0] - 6), max(0, box[1] - 6), min(im.size[0], box[2] + 6), min(im.size[1], box[3] + 6)))
        bio = io.BytesIO()
        im.save(bio, "PNG")
        pics[id(b.grid)] = bio.getvalue()
    return off.soffice(wr.docx_doc(doc, seed, pictures=pics), "docx", "pdf")


def _scan(doc, seed, o, year, rng):
    if o["src"] == "picture":
        return _picture_tables(doc, seed), _fname("pdf", year, rng)
    if o.get("tables_only"):
        # 图片版: the title and the tables only, as a picture
        keep = [b for b in doc.blocks if b.kind in ("title", "grid") or b.text.startswith(("二、", "三、", "四、"))
                or b.text.startswith("第二十条")]
        doc.blocks = keep
    if o["src"] == "lo":
        pdf = off.soffice(wr.docx_doc(doc, seed), "docx", "pdf")
    else:
        pdf = off.chromium_pdf(wr.page_html(doc, "plain", "bare", seed, css=CSS["narrow"]).encode())
    pages = off.pdftoppm(pdf, o["dpi"])
    ims = [sc.degrade(p, seed * 31 + i, rotate=o.get("rotate", 0) * (1 if i % 2 == 0 else -0.7), blur=o.get("blur", 0),
                      noise=o.get("noise", 0), specks=o.get("specks", 0), stamp=o.get("stamp", False) and i == len(pages) - 1,
                      threshold=o.get("threshold", False)) for i, p in enumerate(pages)]
    kind = o["kind"]
    if kind == "pdf":
        return sc.to_pdf(ims, o["dpi"]), _fname("pdf", year, rng)
    long = sc.stitch(ims)
    if o.get("threshold"):
        long = long.point(lambda v: 255 if v > 150 else 0).convert("1")
    if kind == "jpg":
        return sc.to_bytes(long, "JPEG", quality=72), f"{year}年报扫描件.jpg"
    return sc.to_bytes(long, "PNG"), f"{year}nianbao.png"


_BUILT: dict = {}


def build(office: bool, scans: bool = True, fresh: bool = False) -> list[Case]:
    """Every case (office-made ones only when office is true; scans only when scans is true)."""
    key = (bool(office), bool(scans))
    if key in _BUILT and not fresh:
        return list(_BUILT[key])
    cases = []
    for spec in _specs():
        if spec.out == "scan" and not scans:
            continue
        seed = 4000 + hash_str(spec.name) % 100_000   # by name: adding a case changes no other
        made = _render(spec, seed, office)
        if made is None:
            continue
        data, name, expected, agency, year, blank = made
        cases.append(Case(name=spec.name, group=spec.group, data=data, filename=name, cells=expected, agency=agency,
                          year=year, format=spec.fmt, broken=spec.broken, trap=spec.trap,
                          office=spec.out in OFFICE_OUTS, scan=spec.out == "scan", blank_keys=blank, habit=spec.habit))
    _BUILT[key] = cases
    return list(cases)


# --------------------------------------------------------------------------- scoring

IDENTITY = ("requests.", "appeals.", "active.")
TABLES = ("active.", "requests.", "appeals.")


def _key(c) -> str:
    k = getattr(c, "key", None)
    if k:
        return k
    return f"{c.table_code}.{c.row_code}.{c.col_code}"


def _norm(s) -> str:
    return "".join(str(s or "").split())


def score(case: Case, report) -> dict:
    """right/wrong/missing over the expected cells (a zero printed as an empty cell is right when
    absent); invented = table keys read that the case does not print; silent = status ok, no
    check failed, and a number wrong, missing or invented (or the case is a trap); recalled = a
    broken case with some identity check failed; false_flags = identity checks failed on a case
    whose printed numbers keep them and whose numbers were all read right."""
    got = {}
    for c in report.cells:
        k = _key(c)
        if k.startswith(TABLES) and c.value is not None:   # a cell without a value was not read
            got[k] = float(c.value)
    wrong, missing = [], []
    right = 0
    for k, v in case.cells.items():
        if k not in got:
            if k in case.blank_keys and v == 0:
                right += 1
            else:
                missing.append(k)
        elif abs(got[k] - v) > 1e-6 * max(1.0, abs(v)):
            wrong.append(k)
        else:
            right += 1
    invented = sorted(k for k in got if k not in case.cells)
    checks = list(report.checks or [])
    failed = sorted({c.rule for c in checks if c.rule.startswith(IDENTITY) and c.passed is False})
    all_passed = all(c.passed is not False for c in checks)
    status = report.status
    silent = (status == "ok" and all_passed and bool(wrong or missing or invented or case.trap))
    recalled = bool(case.broken) and bool(failed)
    # a raised identity flag is justified when the printed numbers break it (broken case) or when
    # it caught a misreading (some cell wrong or missing); otherwise it is a false flag
    false_flags = failed if (failed and not case.broken and not wrong and not missing) else []
    meta = (_norm(report.agency) == _norm(case.agency) and report.year == case.year
            and str(report.template) == case.format)
    return {"right": right, "total": len(case.cells), "wrong": len(wrong), "missing": len(missing),
            "invented": len(invented), "wrong_keys": sorted(wrong), "missing_keys": sorted(missing),
            "invented_keys": invented, "silent": silent, "recalled": recalled, "flags": failed,
            "false_flags": false_flags, "meta": meta, "status": status}


def summarize(rows) -> str:
    groups = defaultdict(list)
    for case, s, report in rows:
        groups[case.group].append((case, s, report))
    head = (f"{'group':22} {'cases':>5} {'cells right':>15} {'%':>7} {'wrong':>5} {'miss':>5} {'inv':>4} "
            f"{'ok/part/fail':>12} {'silent':>6} {'broken':>6} {'traps':>5} {'meta':>5}")
    lines = [head, "-" * len(head)]
    for g in sorted(groups, key=lambda g: (g.startswith("scan"), g)):
        rs = groups[g]
        R = sum(s["right"] for _, s, _ in rs)
        T = sum(s["total"] for _, s, _ in rs)
        st = defaultdict(int)
        for _, s, _ in rs:
            st[s["status"]] += 1
        nb = sum(1 for c, _, _ in rs if c.broken)
        rec = sum(1 for c, s, _ in rs if c.broken and s["recalled"])
        nt = sum(1 for c, _, _ in rs if c.trap)
        tno = sum(1 for c, s, _ in rs if c.trap and s["status"] != "ok")
        lines.append(f"{g:22} {len(rs):5} {R:7}/{T:<7} {100 * R / max(T, 1):6.1f}% {sum(s['wrong'] for _, s, _ in rs):5} "
                     f"{sum(s['missing'] for _, s, _ in rs):5} {sum(s['invented'] for _, s, _ in rs):4} "
                     f"{st['ok']:>4}/{st['partial']}/{st['failed']:<4} {sum(1 for _, s, _ in rs if s['silent']):6} "
                     f"{(str(rec) + '/' + str(nb)) if nb else '-':>6} {(str(tno) + '/' + str(nt)) if nt else '-':>5} "
                     f"{sum(1 for _, s, _ in rs if s['meta']):2}/{len(rs):<2}")
    born = [(c, s, r) for c, s, r in rows if not c.scan]
    scan = [(c, s, r) for c, s, r in rows if c.scan]
    R = sum(s["right"] for _, s, _ in born)
    T = sum(s["total"] for _, s, _ in born)
    silent = sum(1 for _, s, _ in born if s["silent"])
    nb = sum(1 for c, _, _ in born if c.broken)
    rec = sum(1 for c, s, _ in born if c.broken and s["recalled"])
    flagged = [(c, s) for c, s, _ in born if s["flags"]]
    justified = sum(1 for c, s in flagged if not s["false_flags"])
    nt = sum(1 for c, _, _ in born if c.trap)
    tno = sum(1 for c, s, _ in born if c.trap and s["status"] != "ok")
    lines.append("")
    lines.append(f"born-digital cells right: {R}/{T} = {100 * R / max(T, 1):.1f}% | silent errors: {silent} | "
                 f"broken identities recalled: {rec}/{nb} | flag precision: {justified}/{len(flagged)} | "
                 f"traps not ok: {tno}/{nt}")
    if scan:
        ST = sum(s["total"] for _, s, _ in scan)
        read = sum(s["total"] - s["missing"] for _, s, _ in scan)
        wrong = sum(s["wrong"] for _, s, _ in scan)
        ss = sum(1 for _, s, _ in scan if s["silent"])
        srec = sum(1 for c, s, _ in scan if c.broken and s["recalled"])
        snb = sum(1 for c, _, _ in scan if c.broken)
        lines.append(f"scans ({len(scan)}): cells read {read}/{ST} = {100 * read / max(ST, 1):.1f}% | read cells wrong "
                     f"{wrong}/{max(read, 0)} = {100 * wrong / max(read, 1):.1f}% | silent errors: {ss} | "
                     f"broken recalled: {srec}/{snb}")
    return "\n".join(lines)


def describe(case: Case, s: dict, report) -> str:
    bits = [f"{case.name:14} [{case.group}] {s['status']:7} {s['right']}/{s['total']}"]
    if s["wrong_keys"]:
        bits.append("wrong " + ",".join(s["wrong_keys"][:4]) + ("…" if len(s["wrong_keys"]) > 4 else ""))
    if s["missing_keys"]:
        bits.append(f"missing {len(s['missing_keys'])} (" + ",".join(s["missing_keys"][:3]) + ("…" if len(s["missing_keys"]) > 3 else "") + ")")
    if s["invented_keys"]:
        bits.append("invented " + ",".join(s["invented_keys"][:3]))
    if case.broken:
        bits.append(f"broken {case.broken} {'recalled' if s['recalled'] else 'NOT flagged'}")
    if case.trap:
        bits.append(f"trap {case.trap}")
    if s["false_flags"]:
        bits.append("false flags " + ",".join(s["false_flags"]))
    if not s["meta"]:
        bits.append(f"meta {report.agency!r}/{report.year}/{report.template} vs {case.agency}/{case.year}/{case.format}")
    if report.reason and s["status"] != "ok":
        bits.append(f"reason: {str(report.reason)[:90]}")
    bits.append(f"— {case.habit}")
    return " | ".join(bits)
