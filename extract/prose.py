"""Numbers the report's prose states, checked against the tables that print the same thing.

「全市共受理政府信息公开申请 3119 件」 is table 3's 本年新收 total; 「政府信息公开行政复议 351 件，
其中结果维持 72 件」 is table 4. A sentence whose number differs from its cell is a `checks`
row `prose_vs_table` quoting the sentence — unless the sentence is about a part of the agency
(「区政府办受理申请 17 件」, 「其中…」, 「各部门…」): then it is recorded as `prose_scope`,
not flagged (passed is NULL), since a part is not the whole table.
"""
from __future__ import annotations

import re

from nianbao.layouts.labels import flat
from extract.model import Check

SENTENCE_END = re.compile(r"[。；;！？!?]")
N = r"(\d+(?:,\d{3})*)"
UNIT = r"(?:件|起|个)"
# (pattern, the cells whose sum the number states, what it is) — the number is group 1.
STATEMENTS = [
    (rf"(?:新?收到|受理|接收|新收)(?:各类|各项)?(?:政府)?(?:信息公开)?申请(?:共|总计|合计)?{N}{UNIT}",
     ["requests.new.total"], "本年新收申请"),  # or with 上年结转: ALSO
    (rf"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?{N}{UNIT}", ["requests.carried_in.total"], "上年结转"),
    (rf"(?:办结|答复|办理完毕)(?:政府信息公开申请)?(?:共)?{N}{UNIT}", ["requests.handled_total.total"], "办理结果总计"),
    (rf"{N}{UNIT}(?:申请)?(?:顺延|结转)(?:到|至)?下一?年度", ["requests.carried_out.total"], "结转下年度"),
    (rf"(?:结转|顺延)(?:到|至)?下一?年度(?:继续办理|办理|答复)?(?:的)?(?:申请)?{N}{UNIT}", ["requests.carried_out.total"], "结转下年度"),
    (rf"行政复议(?:案件|申请)?(?:共|总计)?{N}{UNIT}", ["appeals.review.total"], "行政复议总计"),
    (rf"行政诉讼(?:案件)?(?:共|总计)?{N}{UNIT}", ["appeals.suit_direct.total", "appeals.suit_after_review.total"],
     "行政诉讼总计"),
]
# Other cells a statement may mean (「共受理申请 749 件」 counting what was carried over too).
ALSO = {"requests.new.total": [["requests.new.total", "requests.carried_in.total"]]}
# Whose numbers a sentence gives, when not the report's own: a named part, 其中, each of many.
PART = re.compile(r"其中|各(?:部门|单位|镇|乡|街道|县|区|市)|[\u4e00-\u9fa5]{1,12}?(?:办公室|政府办|分局|局|委员会|委|镇|乡|街道|部门|单位)(?=共|全年|累计|受理|收到|接收|办理|答复|被|在|依)")
SELF = re.compile(r"我(?:局|委|办|单位|机关|市|区|县|镇|乡|街道|中心|院|厅|部|署)|本(?:局|委|办|单位|机关|级|部门)")


def sentences(text: str) -> list[str]:
    """The prose as sentences: wrapped lines joined, table lines (tabs, mostly numbers) left out."""
    prose = [line for line in text.split("\n") if "\t" not in line and not _table_line(line)]
    return [s for s in SENTENCE_END.split(flat("".join(prose))) if s]


def _table_line(line: str) -> bool:
    t = line.strip()
    digits = sum(ch.isdigit() for ch in t)
    return bool(t) and digits > 0.4 * len(t.replace(" ", ""))


def prose_checks(text: str, values: dict[str, float], agency: str = "") -> list[Check]:
    out: list[Check] = []
    seen: set[tuple[str, float]] = set()
    own = flat(agency)
    for sentence in sentences(text):
        for pattern, keys, what in STATEMENTS:
            for m in re.finditer(pattern, sentence):
                if any(k not in values for k in keys):
                    continue
                stated = float(m.group(1).replace(",", ""))
                table = sum(values[k] for k in keys)
                for other in ALSO.get(keys[0], []):
                    if all(k in values for k in other) and abs(stated - sum(values[k] for k in other)) < 1e-6:
                        keys, table = other, stated
                if (keys[0], stated) in seen:
                    continue
                seen.add((keys[0], stated))
                quote = sentence[max(0, m.start() - 60):m.end() + 10]
                if abs(stated - table) < 1e-6:
                    out.append(Check("prose_vs_table", keys[0], True, table, stated, f"「{quote}」", list(keys)))
                elif is_part(sentence[:m.start()], own):
                    out.append(Check("prose_scope", keys[0], None, table, stated,
                                     f"about a part of the agency, not compared: 「{quote}」", list(keys)))
                else:
                    out.append(Check("prose_vs_table", keys[0], False, table, stated,
                                     f"the text says {what} {stated:g}, the table {table:g}: 「{quote}」", list(keys)))
    return out


def is_part(before: str, agency: str) -> bool:
    """Whether the words before a number name a part of the agency (or several agencies)."""
    clause = re.split(r"[，,：:]", before)[-1] if not re.search(r"其中", before[-30:]) else before[-30:]
    clause = SELF.sub("", clause.replace(agency, "")) if agency else SELF.sub("", clause)
    return bool(PART.search(clause))
