"""Copied text (nianbao/publication/reuse.py): the MinHash LSH share against a plain sentence-set
comparison, on generated pairs of reports whose reuse is known, and never across agencies."""
from __future__ import annotations

import random

import pytest
import sqlite_utils

from nianbao.publication import reuse

PHRASES = ["认真贯彻落实", "政府信息公开条例", "主动公开", "依申请公开", "政策解读", "回应社会关切",
           "政务公开平台", "规范性文件", "重点领域信息", "财政预决算", "优化营商环境", "行政审批事项",
           "政务新媒体", "新闻发布会", "人大代表建议", "政协委员提案", "网上办事大厅", "公开目录",
           "保密审查机制", "业务培训", "考核评议", "社会评议", "热线电话", "政府网站", "乡村振兴",
           "疫情防控", "安全生产", "生态环境", "教育医疗", "就业创业", "住房保障", "食品药品",
           "征地拆迁", "扶贫救助", "公共资源交易", "双随机一公开", "权责清单", "办事指南",
           "工作机制", "标准化规范化", "基层政务公开", "档案管理", "信息发布审核", "舆情监测"]
VERBS = ["进一步加强", "持续深化", "不断完善", "全面推进", "扎实开展", "稳步推进", "切实做好", "着力抓好"]


def sentence(rng: random.Random, year: int) -> str:
    """A sentence of a report: several phrases, a year and a count, as reports print them."""
    words = rng.sample(PHRASES, 4)
    n = rng.randrange(1, 500)
    form = rng.randrange(3)
    if form == 0:
        return f"{year}年，本机关{rng.choice(VERBS)}{words[0]}和{words[1]}工作，{words[2]}{n}条，{words[3]}"
    if form == 1:
        return f"全年{rng.choice(VERBS)}{words[0]}，围绕{words[1]}、{words[2]}公开信息{n}件，做好{words[3]}"
    return f"二〇二{year % 10}年共{rng.choice(VERBS)}{words[0]}{n}次，{words[1]}与{words[2]}相结合，推动{words[3]}"


def renumber(s: str, rng: random.Random, year: int) -> str:
    """The same sentence next year: every year and number changed, the words kept."""
    out, i = [], 0
    while i < len(s):
        if s[i].isdigit():
            while i < len(s) and s[i].isdigit():
                i += 1
            out.append(str(rng.randrange(1, 999)))
        else:
            out.append(s[i])
            i += 1
    return "".join(out).replace("二〇二二", "二〇二三")


def pair(share: float, rng: random.Random, n: int = 40) -> tuple[str, str]:
    """Last year's text and this year's, with round(share * n) of this year's sentences reused."""
    last = [sentence(rng, 2022) for _ in range(n)]
    k = round(share * n)
    this = [renumber(s, rng, 2023) for s in rng.sample(last, k)] + [sentence(rng, 2023) for _ in range(n - k)]
    rng.shuffle(this)
    return "。".join(last) + "。", "。".join(this) + "。"


def plain_share(last: str, this: str) -> float:
    """The plain comparison: the same sentences, once years and numbers are set aside."""
    a, b = reuse.sentences(last), reuse.sentences(this)
    return len(a & b) / len(b)


def archive(reports: list[tuple[str, str, int, str]]) -> sqlite_utils.Database:
    """A database with just what text_reuse reads: reports (id, agency, year) and their sections."""
    db = sqlite_utils.Database(memory=True)
    db["reports"].insert_all([{"id": rid, "agency": agency, "year": year, "duplicate_of": None}
                              for rid, agency, year, _ in reports], pk="id")
    db["sections"].insert_all([{"report_id": rid, "number": i + 1, "text": part}
                               for rid, _, _, text in reports
                               for i, part in enumerate(text.split("。", 1))])
    return db


@pytest.fixture(params=["pairs", "lsh"])
def way(request, monkeypatch):
    """Both ways of finding nearly the same sentences: every pair, and MinHash LSH candidates."""
    if request.param == "lsh":
        monkeypatch.setattr(reuse, "LSH_FROM_PAIRS", 1)
    return request.param


@pytest.mark.parametrize("share", [0.0, 0.3, 0.7, 1.0])
def test_share_within_five_points_of_a_plain_sentence_set_comparison(share, way):
    for seed in range(5):
        rng = random.Random(f"{share}-{seed}")
        last, this = pair(share, rng)
        db = archive([("a22", "甲市生态环境局", 2022, last), ("a23", "甲市生态环境局", 2023, this)])
        reuse.build(db)
        [row] = list(db[reuse.TABLE].rows)
        assert row["previous_report_id"] == "a22" and row["sentences"] == 40
        plain = plain_share(last, this)
        assert abs(plain - share) < 1e-9, "the generator made the reuse it was asked for"
        assert abs(row["reused_share"] - plain) <= 0.05, (share, seed, row, plain)


def test_a_sentence_changed_by_a_word_is_nearly_the_same(way):
    last = "本机关认真贯彻落实政府信息公开条例，持续深化政策解读和回应社会关切工作，主动公开信息120条。"
    this = "本机关认真贯彻落实政府信息公开条例，持续深化政策解读与回应社会关切工作，主动公开信息98条。"
    other = "围绕乡村振兴、公共资源交易等重点领域，扎实开展基层政务公开标准化规范化建设。"
    db = archive([("a", "乙县人民政府", 2022, last), ("b", "乙县人民政府", 2023, this + other)])
    reuse.build(db)
    [row] = list(db[reuse.TABLE].rows)
    assert (row["sentences"], row["reused"], row["nearly_same"]) == (2, 1, 1)
    assert reuse.sentences(last) != reuse.sentences(this)  # a plain comparison misses it


def test_only_the_same_agencys_previous_report_counts(way):
    """乙's 2023 report is 甲's 2022 report word for word: it copies nobody of its own."""
    rng = random.Random(7)
    a22, a23 = pair(0.0, rng)
    b22, _ = pair(0.0, rng)
    db = archive([("a22", "甲市公安局", 2022, a22), ("a23", "甲市公安局", 2023, a23),
                  ("b22", "乙市公安局", 2022, b22), ("b23", "乙市公安局", 2023, a22),
                  ("c23", "丙市公安局", 2023, a22)])
    reuse.build(db)
    got = {r["report_id"]: r for r in db[reuse.TABLE].rows}
    assert set(got) == {"a23", "b23"}  # 丙 has no earlier report: nothing to compare with
    assert got["b23"]["previous_report_id"] == "b22" and got["b23"]["reused_share"] <= 0.05
    assert got["a23"]["reused_share"] <= 0.05


def test_years_and_numbers_are_set_aside():
    assert reuse.sentences("2023年共受理申请12件，均按时答复。") == reuse.sentences("二〇二二年共受理申请９件，均按时答复。")
    assert reuse.band(1.0) == "90–100%" and reuse.band(0.3) == "30–50%" and reuse.band(0.0) == "0–30%"
