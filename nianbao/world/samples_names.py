"""Agency names from real places and departments, and the report's prose, for the fixtures."""
from __future__ import annotations

import random

# province → city → county-level places (real names). A municipality is its own city.
PLACES: dict[str, dict[str, str]] = {
    "黑龙江省": {"哈尔滨市": "道里区 南岗区 香坊区 呼兰区 五常市 宾县", "鹤岗市": "向阳区 工农区 萝北县 绥滨县",
             "齐齐哈尔市": "龙沙区 建华区 讷河市 龙江县"},
    "江苏省": {"南京市": "玄武区 秦淮区 鼓楼区 江宁区 溧水区", "苏州市": "姑苏区 吴中区 昆山市 常熟市 张家港市",
            "淮安市": "清江浦区 淮安区 涟水县 盱眙县 金湖县"},
    "浙江省": {"杭州市": "上城区 西湖区 余杭区 萧山区 桐庐县 淳安县", "宁波市": "海曙区 鄞州区 慈溪市 余姚市 象山县",
            "金华市": "婺城区 义乌市 东阳市 永康市 浦江县"},
    "广东省": {"广州市": "越秀区 天河区 海珠区 番禺区 从化区", "深圳市": "福田区 罗湖区 南山区 宝安区 龙岗区",
            "佛山市": "禅城区 南海区 顺德区 三水区 高明区"},
    "四川省": {"成都市": "锦江区 青羊区 武侯区 双流区 都江堰市", "绵阳市": "涪城区 游仙区 江油市 三台县",
            "宜宾市": "翠屏区 南溪区 长宁县 屏山县"},
    "湖南省": {"长沙市": "芙蓉区 天心区 岳麓区 浏阳市 宁乡市", "湘潭市": "雨湖区 岳塘区 湘乡市 韶山市",
            "岳阳市": "岳阳楼区 汨罗市 临湘市 平江县"},
    "山东省": {"济南市": "历下区 市中区 槐荫区 章丘区 平阴县", "青岛市": "市南区 市北区 黄岛区 崂山区 胶州市",
            "潍坊市": "潍城区 奎文区 寿光市 青州市 诸城市"},
    "河南省": {"郑州市": "中原区 二七区 金水区 新郑市 登封市", "洛阳市": "老城区 西工区 偃师区 孟津区 栾川县",
            "开封市": "龙亭区 鼓楼区 祥符区 兰考县 杞县"},
    "安徽省": {"合肥市": "瑶海区 庐阳区 蜀山区 包河区 肥东县 巢湖市", "亳州市": "谯城区 涡阳县 蒙城县 利辛县",
            "黄山市": "屯溪区 黄山区 歙县 黟县"},
    "云南省": {"昆明市": "五华区 盘龙区 官渡区 西山区 安宁市", "大理白族自治州": "大理市 祥云县 宾川县 洱源县",
            "玉溪市": "红塔区 江川区 澄江市 通海县"},
    "甘肃省": {"兰州市": "城关区 七里河区 西固区 榆中县", "天水市": "秦州区 麦积区 甘谷县 秦安县",
            "酒泉市": "肃州区 玉门市 敦煌市 金塔县"},
    "广西壮族自治区": {"南宁市": "青秀区 兴宁区 西乡塘区 横州市 宾阳县", "桂林市": "秀峰区 叠彩区 象山区 阳朔县",
                "柳州市": "城中区 鱼峰区 柳江区 融水苗族自治县"},
    "内蒙古自治区": {"呼和浩特市": "新城区 回民区 赛罕区 土默特左旗", "鄂尔多斯市": "东胜区 康巴什区 准格尔旗 伊金霍洛旗"},
    "北京市": {"北京市": "东城区 西城区 朝阳区 海淀区 丰台区 延庆区"},
    "上海市": {"上海市": "黄浦区 徐汇区 静安区 浦东新区 闵行区 崇明区"},
    "天津市": {"天津市": "和平区 河西区 南开区 滨海新区 蓟州区"},
    "重庆市": {"重庆市": "渝中区 江北区 万州区 涪陵区 巫山县 石柱土家族自治县"},
}
TOWNS = {"昆山市": "周庄镇 千灯镇 锦溪镇", "常熟市": "海虞镇 沙家浜镇", "义乌市": "佛堂镇 苏溪镇",
         "顺德区": "北滘镇 乐从镇 陈村镇", "江宁区": "汤山街道 秣陵街道", "浏阳市": "大瑶镇 官渡镇"}
MINISTRIES = ("自然资源部 生态环境部 交通运输部 水利部 农业农村部 商务部 文化和旅游部 国家卫生健康委员会 应急管理部 "
              "国家市场监督管理总局 国家统计局 国家医疗保障局 教育部 民政部 司法部 财政部 人力资源和社会保障部 "
              "住房和城乡建设部 国家林业和草原局").split()
PROVINCE_DEPTS = ("人民政府 人民政府办公厅 发展和改革委员会 教育厅 科学技术厅 公安厅 民政厅 司法厅 财政厅 人力资源和社会保障厅 "
                  "自然资源厅 生态环境厅 住房和城乡建设厅 交通运输厅 水利厅 农业农村厅 商务厅 文化和旅游厅 卫生健康委员会 "
                  "应急管理厅 审计厅 市场监督管理局 统计局 医疗保障局 林业和草原局").split()
CITY_DEPTS = ("人民政府 人民政府办公室 发展和改革委员会 教育局 公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源和规划局 "
              "自然资源局 生态环境局 住房和城乡建设局 交通运输局 水务局 农业农村局 商务局 文化广电和旅游局 卫生健康委员会 "
              "应急管理局 审计局 市场监督管理局 统计局 医疗保障局 退役军人事务局 城市管理局 行政审批局 营商环境建设监督局 "
              "林业和草原局 信访局").split()
COUNTY_DEPTS = ("人民政府 人民政府办公室 发展和改革局 教育局 公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源局 "
                "住房和城乡建设局 交通运输局 水利局 农业农村局 卫生健康局 卫生健康委员会 应急管理局 审计局 市场监督管理局 "
                "统计局 医疗保障局 退役军人事务局 综合行政执法局 行政审批局").split()


def agency(rng: random.Random) -> tuple[str, str]:
    """(agency, region): a department or government of a real place, or a ministry."""
    level = rng.choices(["ministry", "province", "city", "county", "town"], [1, 2, 5, 6, 1])[0]
    if level == "ministry":
        return rng.choice(MINISTRIES), ""
    province = rng.choice(sorted(PLACES))
    city = rng.choice(sorted(PLACES[province]))
    county = rng.choice(PLACES[province][city].split())
    if level == "province" and province != city:
        return province + rng.choice(PROVINCE_DEPTS), province
    if level in ("city", "province"):
        return city + rng.choice(CITY_DEPTS), city
    if level == "town":
        county = rng.choice(sorted(TOWNS))
        place = county + rng.choice(TOWNS[county].split())
        return place + "人民政府", place
    place = (city if rng.random() < 0.3 else "") + county
    return place + rng.choice(COUNTY_DEPTS), place


def region_of(name: str) -> str:
    """The longest known place an agency name starts with ("" for a ministry)."""
    found = [""]
    for province, cities in PLACES.items():
        found.append(province)
        for city, counties in cities.items():
            found.append(city)
            for county in counties.split():
                found += [county, city + county]
                found += [county + town for town in TOWNS.get(county, "").split()]
    return max((p for p in found if name.startswith(p)), key=len)


SECTION_TITLES = {
    1: ["一、总体情况"],
    2: ["二、主动公开政府信息情况"],
    3: ["三、收到和处理政府信息公开申请情况"],
    4: ["四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"],
    5: ["五、存在的主要问题及改进情况", "五、存在问题及改进情况"],
    6: ["六、其他需要报告的事项"],
}
OVERVIEW = [
    "（一）主动公开。坚持以公开为常态、不公开为例外，全年通过门户网站主动公开政府信息{n}条，"
    "及时发布政策文件、人事信息、财政预决算等重点领域信息。",
    "（二）依申请公开。严格按照法定程序和时限办理政府信息公开申请，全年共新收政府信息公开申请{new}件，"
    "均在法定期限内答复。",
    "（三）政府信息管理。健全政府信息公开审查机制，严格落实“三审三校”制度，对拟公开信息进行保密审查，"
    "防止泄密和侵犯个人隐私。",
    "（四）平台建设。加强政府网站和政务新媒体管理，优化政策文件栏目设置，提升检索和解读功能。",
    "（五）监督保障。将政务公开工作纳入年度绩效考核，组织开展业务培训{k}次，不断提高工作人员业务能力。",
]
PROBLEMS = [
    "{year}年，{agency}政府信息公开工作取得了一定成效，但也存在一些不足：一是主动公开的深度和广度还需进一步拓展；"
    "二是政策解读形式较为单一，图解、视频等解读方式运用不多；三是工作人员业务能力有待提高。",
    "下一步，我们将着重抓好以下工作：一是加大主动公开力度，重点做好重点领域信息公开；二是丰富政策解读形式，"
    "提升解读质量；三是加强业务培训，提升政务公开工作水平。",
]


def sections(rng: random.Random, agency: str, year: int, cells: dict[str, float]) -> tuple[dict, dict]:
    """(section titles, section prose) of a report, 1..6; the prose restates a few numbers."""
    titles = {i: rng.choice(options) for i, options in SECTION_TITLES.items()}
    new = int(cells["requests.new.total"])
    head = (f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国"
            f"政府信息公开条例》，扎实推进政府信息公开工作。现将本年度政府信息公开工作情况报告如下。")
    body = "\n".join(p.format(n=rng.randint(30, 3000), new=new, k=rng.randint(1, 6)) for p in OVERVIEW)
    review = int(cells["appeals.review.total"])
    suits = int(cells["appeals.suit_direct.total"] + cells["appeals.suit_after_review.total"])
    fee = rng.choice([0, 0, 0, rng.randint(1, 30) * 10])
    fee_text = (f"本年度共收取信息处理费{fee}元。" if fee else "本年度未收取信息处理费。")
    prose = {
        1: head + "\n" + body,
        2: "本年度主动公开政府信息情况如下。",
        3: "本年度收到和处理政府信息公开申请情况如下。",
        4: f"本年度因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{suits}件。",
        5: "\n".join(p.format(year=year, agency=agency) for p in PROBLEMS),
        6: fee_text + rng.choice(["无其他需要报告的事项。", "本年度无其他需要报告的事项。"]),
    }
    return titles, prose
