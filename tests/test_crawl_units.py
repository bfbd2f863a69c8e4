"""The crawler's pure parts: registry validation, report recognition, the family readers."""
from __future__ import annotations

import json

import pytest
import yaml

from crawler import registry
from crawler.platforms import jcms, jsonapi, trs
from crawler.recognize import is_agency, is_column, is_report, year_of
from crawler.spiders.portals import canonical

GOOD = {"id": "x", "agency": "某市人民政府", "region": "某市", "url": "https://www.example.gov.cn/", "platform": "trs"}


def write(tmp_path, entries) -> str:
    path = tmp_path / "portals.yml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_shipped_registry_is_valid_and_unverified():
    entries = registry.load()
    assert len(entries) >= 10
    assert {e["platform"] for e in entries} >= {"trs", "jcms", "auto", "directory"}
    assert all(e["verified"] is False for e in entries)


@pytest.mark.parametrize("change, words", [
    ({"platform": "wordpress"}, ["entry 2 (bad)", "'platform'"]),
    ({"url": "www.example.gov.cn"}, ["entry 2 (bad)", "'url'"]),
    ({"agency": ""}, ["entry 2 (bad)", "'agency'"]),
    ({"region_code": "33"}, ["entry 2 (bad)", "'region_code'"]),
    ({"start_urls": "http://a.gov.cn/"}, ["entry 2 (bad)", "'start_urls'"]),
    ({"id": "x"}, ["entry 2 (x)", "'id' repeats"]),
])
def test_bad_registry_entry_is_named_with_its_field(tmp_path, change, words):
    path = write(tmp_path, [GOOD, {**GOOD, "id": "bad", **change}])
    with pytest.raises(registry.RegistryError) as err:
        registry.load(path)
    for w in words:
        assert w in str(err.value)


def test_unknown_only_id_is_refused(tmp_path):
    with pytest.raises(registry.RegistryError, match="no portal with id nope"):
        registry.load(write(tmp_path, [GOOD]), only=["nope"])


@pytest.mark.parametrize("title, year", [
    ("杭州市统计局2022年政府信息公开工作年度报告", 2022),
    ("浙江省教育厅2021年度政府信息公开工作年度报告", 2021),
    ("某县人民政府关于2020年政府信息公开工作年度报告", 2020),
    ("某市卫生和计划生育委员会政府信息公开年报（2017年）", 2017),
    ("２０２３年 某区 政府信息公开 工作年度报告", 2023),
    ("二〇一九年度某镇政府信息公开工作年度报告", 2019),
    ("某局2015年政务公开工作年度报告", 2015),
])
def test_report_titles_and_their_year(title, year):
    assert is_report(title)
    assert year_of(title) == year


@pytest.mark.parametrize("title", [
    "某市2022年统计年报", "某局2023年部门预算", "某局2022年度部门决算公开", "某局2022年工作总结",
    "某市人民政府政府信息公开指南", "某市政府信息公开制度", "《某局2022年政府信息公开工作年度报告》解读",
    "关于做好2022年政府信息公开工作年度报告编制发布工作的通知", "某市2022年国民经济和社会发展统计公报",
])
def test_lookalikes_are_not_reports(title):
    assert not is_report(title)


def test_year_from_url_date_when_the_title_has_none():
    assert year_of("某局政府信息公开工作年度报告", "http://a.gov.cn/xxgk/202302/t20230215_1.html") == 2022


def test_department_links_name_agencies():
    assert is_agency("杭州市统计局") and is_agency("某市卫生健康委员会") and not is_agency("新闻中心")


def test_column_links():
    assert is_column("政务公开") and is_column("政府信息公开") and is_column("法定主动公开内容")
    assert not is_column("政府信息公开指南") and not is_column("新闻中心")


def test_same_report_under_query_and_fragment_is_one_url():
    a = canonical("http://a.gov.cn/x/P020230101.pdf?v=3#page=2")
    assert a == canonical("http://a.gov.cn/x/P020230101.pdf") == "http://a.gov.cn/x/P020230101.pdf"
    assert canonical("http://a.gov.cn/art/1.html?from=list") == "http://a.gov.cn/art/1.html"
    # a query that names the file is kept
    assert "filename=abc.pdf" in canonical("http://a.gov.cn/module/download/downfile.jsp?filename=abc.pdf&classid=0")


def test_trs_pages_from_the_script_call():
    text = '<script>createPageHTML(3, 0, "index", "html");</script>'
    assert trs.pages(text, "http://a.gov.cn/col/ndbg/index.html") == [
        "http://a.gov.cn/col/ndbg/index.html", "http://a.gov.cn/col/ndbg/index_1.html",
        "http://a.gov.cn/col/ndbg/index_2.html"]
    assert trs.pages("var countPage = 2;", "http://a.gov.cn/c/index_1.html")[1] == "http://a.gov.cn/c/index_1.html"
    newer = trs.pages("createPageHTML('page_div', 3, 1, 'index', 'shtml', 40);", "http://a.gov.cn/c/index_1.shtml")
    assert newer[-1] == "http://a.gov.cn/c/index_2.shtml" and len(newer) == 3


def test_jcms_asks_for_the_records_not_shown():
    page = ('<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?'
            'page=1&webid=1&columnid=77&unitid=9"></a>]]></nextgroup><recordset>'
            '<record><![CDATA[<li><a href="/art/1.html">t</a></li>]]></record></recordset></datastore></script>'
            "<script>$('#9').jpage({perPage:1,totalRecord:5});</script>")
    assert '<a href="/art/1.html">' in jcms.records(page)
    (url, form), (url2, _) = jcms.more(page, "http://a.gov.cn/col/col77/index.html")
    assert url == "http://a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=2&endrecord=4&perpage=1"
    assert url2.endswith("startrecord=5&endrecord=5&perpage=1")
    assert form["columnid"] == "77" and form["unitid"] == "9"


def test_json_items_and_pages_in_any_shape():
    data = json.loads('{"code":0,"result":{"records":[{"docTitle":"某局2022年政府信息公开工作年度报告",'
                      '"linkUrl":"/c/1.html","pubDate":"2023-01-10"}],"pageCount":3}}')
    (item,) = jsonapi.items(data, "http://a.gov.cn/api/list?pageNo=1&size=1")
    assert item.url == "http://a.gov.cn/c/1.html" and item.title.startswith("某局2022")
    assert jsonapi.more(data, "http://a.gov.cn/api/list?pageNo=1&size=1") == [
        "http://a.gov.cn/api/list?pageNo=2&size=1", "http://a.gov.cn/api/list?pageNo=3&size=1"]
    assert jsonapi.endpoints('<script>load("/api/content/list?channelId=5")</script>', "http://a.gov.cn/x/") == [
        "http://a.gov.cn/api/content/list?channelId=5"]
