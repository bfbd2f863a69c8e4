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
    ("某市政府信息公开2022年度报告", 2022),
    ("某市社会组织管理局2022年度政府信息公开工作年度报告", 2022),
])
def test_report_titles_and_their_year(title, year):
    assert is_report(title)
    assert year_of(title) == year


@pytest.mark.parametrize("title", [
    "某市2022年统计年报", "某局2023年部门预算", "某局2022年度部门决算公开", "某局2022年工作总结",
    "某市人民政府政府信息公开指南", "某市政府信息公开制度", "《某局2022年政府信息公开工作年度报告》解读",
    "关于做好2022年政府信息公开工作年度报告编制发布工作的通知", "某市2022年国民经济和社会发展统计公报",
    "一图读懂某市2022年政府信息公开工作年度报告", "某市2022年政府信息公开工作年度报告新闻发布会答记者问",
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


def test_trs_page_count_in_a_variable_and_the_list_name_from_its_url():
    text = ('<script>var currentPage = 0;\nvar countPage = 3//共多少页\n'
            'createPageHTML(countPage, currentPage, "index", "shtml");</script>')
    assert trs.pages(text, "http://a.gov.cn/zwgk/index.shtml") == [
        "http://a.gov.cn/zwgk/index.shtml", "http://a.gov.cn/zwgk/index_1.shtml", "http://a.gov.cn/zwgk/index_2.shtml"]
    assert trs.pages("var countPage = 2;", "http://a.gov.cn/c/list_1.htm") == [
        "http://a.gov.cn/c/list.htm", "http://a.gov.cn/c/list_1.htm"]
    assert trs.pages('createPageHTML(unknown, 0, "index", "html");', "http://a.gov.cn/c/") == []


def test_jcms_proxy_answer_is_not_planned_again():
    answer = "<datastore><totalrecord>14</totalrecord><recordset><record><![CDATA[<a href='/a'>x</a>]]></record></recordset></datastore>"
    assert jcms.more(answer, "http://a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=12&perpage=6") == []


def test_json_endpoints_escaped_posted_and_paged_by_path():
    (amp,) = jsonapi.requests('<div data-api="/api/list?channelId=ndbg&amp;pageNo=1&amp;pageSize=4"></div>',
                              "http://a.gov.cn/x/")
    assert amp.url == "http://a.gov.cn/api/list?channelId=ndbg&pageNo=1&pageSize=4" and amp.method == "GET"
    (post,) = jsonapi.requests('<script>var col = "12";\n$.post("/api/article/list", {columnId: col, pageNum: 1, '
                               'pageSize: 10}, function(r){});</script>', "http://a.gov.cn/x/")
    assert (post.method, post.url, post.form) == ("POST", "http://a.gov.cn/api/article/list",
                                                  {"columnId": "12", "pageNum": "1", "pageSize": "10"})
    assert jsonapi.more_forms({"total": 25}, post.form) == [dict(post.form, pageNum="2"), dict(post.form, pageNum="3")]
    (ajax,) = jsonapi.requests('$.ajax({url: "/gov/list", type: "POST", contentType: "application/json", '
                               'data: JSON.stringify({page: 0, rows: 4})});', "http://a.gov.cn/")
    assert ajax.json_body and ajax.form == {"page": "0", "rows": "4"}
    shell = "function load(p){ $.getJSON('/ndbg/data/' + p + '.json', draw); }\nvar first = '/ndbg/data/1.json';"
    assert jsonapi.endpoints(shell, "http://a.gov.cn/ndbg/") == ["http://a.gov.cn/ndbg/data/1.json"]
    assert jsonapi.more({"totalPage": 3}, "http://a.gov.cn/ndbg/data/1.json") == [
        "http://a.gov.cn/ndbg/data/2.json", "http://a.gov.cn/ndbg/data/3.json"]
    # 0-based pages
    assert jsonapi.more({"pager": {"pageCount": 3}}, "http://a.gov.cn/d.json?page=0&rows=4") == [
        "http://a.gov.cn/d.json?page=1&rows=4", "http://a.gov.cn/d.json?page=2&rows=4"]


def test_json_items_under_any_url_key():
    data = {"datas": [{"DOCTITLE": "某局2022年政府信息公开工作年度报告", "DOCPUBURL": "http://a.gov.cn/t/1.html"},
                      {"title": "某局2021年政府信息公开工作年度报告", "attachmentUrl": "/f/2021.pdf"}]}
    assert [i.url for i in jsonapi.items(data, "http://a.gov.cn/api")] == [
        "http://a.gov.cn/t/1.html", "http://a.gov.cn/f/2021.pdf"]


def test_links_from_base_scripts_images_viewers_and_selects():
    from parsel import Selector

    from crawler.platforms import html

    page = Selector(text=(
        '<html><head><base href="/attach/nb/"></head><body><ul>'
        '<li><a href="2022.docx">某局2022年政府信息公开工作年度报告</a></li>'
        '<li><a href="javascript:void(0);" onclick="window.open(\'/files/2021.docx\')">2021年</a></li>'
        '<li><a href="javascript:openFile(\'/files/2020.pdf\')">2020年</a></li></ul>'
        '<div class="banner"><a href="/zfxxgk/"><img src="/i.png" alt="政府信息公开"></a></div>'
        '<iframe src="/pdfjs/web/viewer.html?file=%2Fupload%2F2019.pdf"></iframe><embed src="/upload/2018.pdf">'
        '<select onchange="window.open(this.value)"><option value="">请选择</option>'
        '<option value="/mzj/xxgknb/">某州民政局</option></select></body></html>'))
    base = html.base_of(page, "http://a.gov.cn/xxgk/nb/list.html")
    got = {l.url: l.text for l in html.links(page, base)}
    assert got["http://a.gov.cn/attach/nb/2022.docx"].startswith("某局2022")
    assert "http://a.gov.cn/files/2021.docx" in got and "http://a.gov.cn/files/2020.pdf" in got
    assert got["http://a.gov.cn/zfxxgk/"] == "政府信息公开"
    assert "http://a.gov.cn/upload/2019.pdf" in got and "http://a.gov.cn/upload/2018.pdf" in got
    assert got["http://a.gov.cn/mzj/xxgknb/"] == "某州民政局"


def test_directory_grid_of_short_names():
    from parsel import Selector

    from crawler.platforms import discover, html

    page = Selector(text='<div class="header"><a href="/">首页</a></div><table class="grid"><tr>' + "".join(
        f'<td><a href="/bmnb/{c}/"><img src="/img/{c}.png"><span>{t}</span></a></td>'
        for c, t in [("fgj", "发改"), ("jyj", "教育"), ("sfj", "司法")]) + "</tr></table>")
    found = html.links(page, "http://a.gov.cn/bmnb/")
    assert discover.departments(found) == []
    assert [l.text for l in discover.grid(found, "http://a.gov.cn/bmnb/")] == ["发改", "教育", "司法"]


@pytest.mark.parametrize("title, report", [
    ("某市社会组织管理局2022年度政府信息公开工作年度报告", True),
    ("一图读懂某市2022年政府信息公开工作年度报告", False),
    ("某市2022年社会组织年度报告", False),
])
def test_agency_names_are_not_lookalikes(title, report):
    assert is_report(title) is report


def test_items_of_a_report_column_named_by_their_year():
    from crawler.recognize import is_column_item, is_report_column

    assert is_report_column("政府信息公开年报") and is_report_column("年度报告_某市人民政府")
    assert not is_report_column("某市人民政府") and not is_report_column("某市2022年政府信息公开工作年度报告")
    for t in ("2024年", "2023年度", "某市退役军人事务局2021年度报告"):
        assert is_column_item(t)
    for t in ("2022年法治政府建设年度报告", "2022年度部门决算报告", "首页", "某市教育局2022年度工作报告"):
        assert not is_column_item(t)
    assert not is_column("某市退役军人事务局2021年度报告")  # a report, not a column to descend into


def test_cache_busters_and_static_article_queries_are_dropped():
    assert canonical("http://a.gov.cn/nb/t20230120_1.html?_t=1674200000") == "http://a.gov.cn/nb/t20230120_1.html"
    assert canonical("http://a.gov.cn/nb/list.jsp?cid=12&nocache=77&page=2") == "http://a.gov.cn/nb/list.jsp?cid=12&page=2"


def test_trs_count_from_record_count_and_string_variables():
    text = ('var m_nRecordCount = "40"; var m_nPageSize = 15; var m_nCurrPage = 0; var m_sPrefix = "index";'
            ' var m_sSuffix = "htm"; createPageHTML(m_nPageCount, m_nCurrPage, m_sPrefix, m_sSuffix);')
    assert trs.pages(text, "http://a.gov.cn/col/nb/") == [
        "http://a.gov.cn/col/nb/", "http://a.gov.cn/col/nb/index_1.htm", "http://a.gov.cn/col/nb/index_2.htm"]


def test_json_without_counts_is_paged_one_page_at_a_time():
    assert jsonapi.next_url({"list": [1, 2]}, "http://a.gov.cn/api?pageNo=1&pageSize=2", 2) == \
        "http://a.gov.cn/api?pageNo=2&pageSize=2"
    assert jsonapi.next_url({"list": [1], "hasNextPage": False}, "http://a.gov.cn/api?pageNo=3&pageSize=2", 1) is None
    assert jsonapi.next_url({"list": [1, 2], "total": 9}, "http://a.gov.cn/api?pageNo=1&pageSize=2", 2) is None
    assert jsonapi.following({"data": {"hasNext": True}}, {"page": "0", "rows": "4"}, 3) == {"page": "1", "rows": "4"}


def test_lists_carried_in_the_page_script():
    text = ('<script>window.__DATA__ = {"list": [{"title": "某局2022年政府信息公开工作年度报告", "url": "/a/1.html"}]};'
            '</script>')
    (data,) = jsonapi.embedded(text)
    assert [i.url for i in jsonapi.items(data, "http://a.gov.cn/")] == ["http://a.gov.cn/a/1.html"]


def test_rows_opened_by_script_redirects_and_download_handlers():
    from parsel import Selector

    from crawler.platforms import html

    rows = Selector(text="<table><tr onclick=\"location.href='/nb/2022.docx'\"><td>某局2022年政府信息公开工作年度报告</td>"
                         "<td>2023-01-05</td></tr></table>")
    (link,) = html.links(rows, "http://a.gov.cn/nb/")
    assert link.url == "http://a.gov.cn/nb/2022.docx" and link.title == "某局2022年政府信息公开工作年度报告"
    assert html.script_redirect('<script>window.location.href = "/index.shtml";</script>', "http://a.gov.cn/") == \
        "http://a.gov.cn/index.shtml"
    assert html.looks_like_file(html.Link("http://a.gov.cn/module/download/getFile.do?fileId=7", "附件1", "附件1"))
    assert not html.looks_like_file(html.Link("http://a.gov.cn/download/index.html", "下载中心", "下载中心"))


def test_breadcrumb_names_the_report_column():
    from parsel import Selector

    from crawler.spiders.portals import PortalsSpider

    crumb = '<title>某县人民政府</title><div class="position">首页 &gt; 信息公开 &gt; <span>政府信息公开年报</span></div>'
    assert PortalsSpider.report_column(Selector(text=crumb), crumbs=True)
    article = '<title>某县人民政府</title><div class="position">首页 &gt; 政府信息公开年报 &gt; 正文</div>'
    assert not PortalsSpider.report_column(Selector(text=article), crumbs=True)


def test_township_offices_are_agencies():
    assert is_agency("城关街道办事处") and is_agency("某县残联") and not is_agency("办事服务")


def _spider(platform="static"):
    from collections import Counter

    from crawler.spiders.portals import PortalsSpider

    spider = PortalsSpider()
    spider.portals = {"x": {**GOOD, "url": "http://a.gov.cn/", "platform": platform}}
    spider.tally, spider.max_hops = {"x": Counter()}, 4
    return spider


def _respond(url, body, meta=None, method="GET"):
    from scrapy import Request
    from scrapy.http import HtmlResponse

    request = Request(url, method=method, meta={"p": "x", "hops": 0, "agency": "某局", **(meta or {})})
    return HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8", request=request)


def test_spider_reads_year_only_items_of_a_report_column_and_its_proxy_pages():
    column = ('<html><head><title>政府信息公开年报</title></head><body><ul><li><a href="/nb/2023.html">2023年</a></li>'
              '<li><a href="/nb/2022.html">2022年度</a></li><li><a href="/nb/tj.html">2022年统计年报</a></li></ul>'
              '<script type="text/xml"><datastore><recordset><record><![CDATA[<a href="/nb/x.html">x</a>]]></record>'
              '</recordset></datastore></script><script>var columnid="7"; var unitid="9"; perPage: 1, totalRecord: 4'
              '</script></body></html>')
    out = list(_spider().parse_page(_respond("http://a.gov.cn/nb/", column)))
    reports = {r.url: r.meta["year"] for r in out if r.meta.get("report")}
    assert reports == {"http://a.gov.cn/nb/2023.html": 2023, "http://a.gov.cn/nb/2022.html": 2022}
    posts = [r for r in out if r.method == "POST"]
    assert posts and all(r.meta.get("column") for r in posts)
    answer = ('<datastore><totalrecord>4</totalrecord><recordset><record><![CDATA[<a href="/nb/2021.html">2021年</a>]]>'
              '</record></recordset></datastore>')
    out = list(_spider().parse_page(_respond(posts[0].url, answer, {"column": True}, "POST")))
    assert [r.url for r in out] == ["http://a.gov.cn/nb/2021.html"]  # read, and not planned again


def test_spider_follows_a_directory_grid_and_names_the_agency_from_the_department_page():
    grid = '<table class="grid"><tr>' + "".join(
        f'<td><a href="/bm/{c}/"><img src="/i/{c}.png"><span>{t}</span></a></td>'
        for c, t in [("fg", "发改"), ("jy", "教育"), ("sf", "司法")]) + "</tr></table>"
    out = list(_spider("directory").parse_page(_respond("http://a.gov.cn/bm/", f"<html><body>{grid}</body></html>")))
    assert [r.url for r in out] == ["http://a.gov.cn/bm/fg/", "http://a.gov.cn/bm/jy/", "http://a.gov.cn/bm/sf/"]
    dept = ('<html><head><title>某区发展和改革局</title></head><body><ul><li><a href="/bm/fg/2023.pdf">'
            '某区发展和改革局2023年政府信息公开工作年度报告</a></li></ul></body></html>')
    (doc,) = _spider("directory").parse_page(_respond("http://a.gov.cn/bm/fg/", dept, dict(out[0].meta)))
    assert doc.meta["agency"] == "某区发展和改革局"
