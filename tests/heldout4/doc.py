"""A report as an ordered list of blocks (title lines, headings, paragraphs, tables), with the
prose agencies write around the tables."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .model import Numbers

CN_DIGITS = "〇一二三四五六七八九"


def cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(d)] for d in str(y))


PLACES = ["淮北市", "安庆市大观区", "嘉兴市南湖区", "德阳市旌阳区", "宜昌市夷陵区", "鹤壁市淇滨区", "赣州市章贡区",
          "泸州市江阳区", "临沂市兰山区", "株洲市荷塘区", "南平市建阳区", "玉溪市红塔区", "天水市秦州区", "桂林市七星区",
          "绵阳市涪城区", "荆门市东宝区", "邯郸市丛台区", "湖州市吴兴区", "常德市武陵区", "铜陵市义安区", "商丘市",
          "漯河市", "六盘水市", "日照市", "金华市婺城区", "宁德市蕉城区", "遂宁市船山区", "忻州市", "通辽市科尔沁区",
          "清远市清城区", "丽水市莲都区", "益阳市赫山区", "滁州市琅琊区", "巴中市", "汉中市汉台区", "肇庆市端州区"]
DEPTS = ["人民政府", "人民政府办公室", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局",
         "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
         "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局",
         "林业局", "城市管理局", "退役军人事务局", "发展和改革委员会", "科学技术局", "行政审批局"]
TOWNS = ["城关镇人民政府", "新兴街道办事处", "范岗镇人民政府", "东城街道办事处", "龙泉乡人民政府", "西湖街道办事处"]


def agency_for(rng: random.Random) -> str:
    p = rng.choice(PLACES)
    r = rng.random()
    if r < 0.12:
        return p + rng.choice(TOWNS)
    d = rng.choice(DEPTS)
    if d == "人民政府" and p.endswith("区") and rng.random() < 0.3:
        return p + "人民政府"
    return p + d


@dataclass
class Block:
    kind: str          # title | subtitle | h | p | grid | sign
    text: str = ""
    grid: object = None


@dataclass
class Doc:
    title: str
    agency: str
    year: int
    blocks: list = field(default_factory=list)


def make_title(agency: str, year: int, form: str) -> list[str]:
    """Title lines as agencies write them."""
    if form == "plain":
        return [f"{agency}{year}年政府信息公开工作年度报告"]
    if form == "niandu":
        return [f"{agency}{year}年度政府信息公开工作年度报告"]
    if form == "twolines":
        return [agency, f"{year}年政府信息公开工作年度报告"]
    if form == "yearfirst":
        return [f"{year}年{agency}政府信息公开工作年度报告"]
    if form == "cn":
        return [f"{agency}{cn_year(year)}年政府信息公开工作年度报告"]
    if form == "cn_twolines":
        return [agency, f"{cn_year(year)}年度政府信息公开工作年度报告"]
    if form == "guanyu":
        return [f"{agency}关于{year}年度政府信息公开工作情况的报告"]
    if form == "noagency":
        return [f"{year}年政府信息公开工作年度报告"]
    raise ValueError(form)


def prose_intro(agency: str, year: int, nb: Numbers, rng: random.Random) -> list[str]:
    c = nb.cells
    n_new = int(c["requests.new.total"])
    short = "本局" if agency.endswith("局") else ("本委" if agency.endswith("委员会") else "本机关")
    paras = [
        f"本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
        f"要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、"
        f"存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有疑问，请与{short}办公室联系（电话：0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}）。",
    ]
    body = [
        ("一、总体情况", [
            f"{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于政务公开工作的部署要求，"
            f"围绕中心工作，扎实推进决策、执行、管理、服务、结果公开，不断提升政务公开质效。",
            f"（一）主动公开。全年通过门户网站主动公开政府信息{rng.randint(60, 4000)}条，其中政策文件{rng.randint(1, 30)}件，"
            f"政策解读{rng.randint(1, 40)}篇，通过政务新媒体发布信息{rng.randint(10, 900)}条。",
            f"（二）依申请公开。全年共收到政府信息公开申请{n_new}件，均在法定期限内答复，无超期答复情况。",
            "（三）政府信息管理。严格落实公开前保密审查制度，动态更新政府信息公开指南和主动公开目录。",
            f"（四）平台建设。持续优化政府信息公开专栏，全年开展网站自查{rng.randint(4, 52)}次，整改问题{rng.randint(0, 40)}个。",
            "（五）监督保障。将政务公开工作纳入年度绩效考核，组织业务培训，提升工作人员业务能力。",
        ]),
    ]
    return paras, body


def prose_outro(agency: str, year: int, rng: random.Random) -> list[tuple]:
    fee = rng.choice([0, 0, 0, rng.randint(10, 900)])
    return [
        ("五、存在的主要问题及改进情况", [
            f"{year}年，我们的政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一；二是信息发布的及时性有待提高。",
            f"{year + 1}年，我们将进一步加强政策解读，丰富解读形式，完善信息发布审核机制，推动政务公开工作再上新台阶。",
        ]),
        ("六、其他需要报告的事项", [
            "本年度未收取信息处理费。" if fee == 0 else f"{year}年共收取政府信息公开信息处理费{fee}元。",
        ]),
    ]


def sign_date(year: int, rng: random.Random, cn: bool = False) -> str:
    m, d = 1, rng.randint(5, 30)
    if cn:
        days = "〇一二三四五六七八九"
        dd = {1: "一", 2: "二"}.get(d // 10, "") + ("十" if d >= 10 else "") + (days[d % 10] if d % 10 else "")
        return f"{cn_year(year + 1)}年一月{dd}日"
    return f"{year + 1}年{m}月{d}日"


def assemble(agency: str, year: int, nb: Numbers, t2: list, t3: list, t4: list, *, title_form: str = "plain",
             seed: int = 0, heading_style: str = "cn", cn_date: bool = False, t3_note_para: bool = False,
             sign: bool = True, short: bool = False) -> Doc:
    rng = random.Random(seed + 101)
    title = make_title(agency, year, title_form)
    blocks = [Block("title", t) for t in title]
    intro, body = prose_intro(agency, year, nb, rng)
    blocks += [Block("p", p) for p in intro]
    for h, ps in body:
        blocks.append(Block("h", h))
        blocks += [Block("p", p) for p in (ps[:1] if short else ps)]
    heads = {
        "cn": ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"],
        "alt": ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"],
    }["alt" if heading_style == "alt" else "cn"]
    blocks.append(Block("h", heads[0]))
    for g in t2:
        if g.caption:
            blocks.append(Block("p", g.caption))
        blocks.append(Block("grid", grid=g))
    blocks.append(Block("h", heads[1]))
    if t3_note_para:
        blocks.append(Block("p", "单位：件"))
    for g in t3:
        blocks.append(Block("grid", grid=g))
    blocks.append(Block("h", heads[2]))
    for g in t4:
        blocks.append(Block("grid", grid=g))
    for h, ps in prose_outro(agency, year, rng):
        blocks.append(Block("h", h))
        blocks += [Block("p", p) for p in (ps[:1] if short else ps)]
    if heading_style == "arabic":
        # Word's automatic numbering lost on export: 「2、 主动公开政府信息情况」 (as the seed)
        nums = dict(zip("一二三四五六", "123456"))
        for b in blocks:
            if b.kind == "h" and b.text[:1] in nums and b.text[1:2] == "、":
                b.text = nums[b.text[0]] + "、 " + b.text[2:]
    if sign:
        blocks.append(Block("sign", agency))
        blocks.append(Block("sign", sign_date(year, rng, cn_date)))
    return Doc(title="".join(title), agency=agency, year=year, blocks=blocks)
