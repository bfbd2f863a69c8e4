"""The spider on saved pages of real portals (tests/real/portals/), replayed on a loopback host:
their absolute links rewritten to 127.0.0.9, each page handed to the spider's callback as the
response to its own URL, and the requests it asks for checked. Nothing is contacted."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse

from crawler.platforms import haiyun
from crawler.spiders.portals import PortalsSpider

REAL = Path(__file__).resolve().parent / "real" / "portals"
HOST = "http://127.0.0.9"


def replay(name: str, hosts=("www.pingtan.gov.cn", "xzfwzx.pingtan.gov.cn")) -> str:
    text = (REAL / name).read_text(encoding="utf-8")
    for h in hosts:
        text = re.sub(rf"https?://{re.escape(h)}", HOST, text)
    return text


def spider(url: str, agency: str, platform: str) -> PortalsSpider:
    s = PortalsSpider()
    s.portals = {"x": {"id": "x", "agency": agency, "region": "", "url": url, "platform": platform}}
    s.tally, s.max_hops = {"x": Counter()}, 4
    return s


def respond(url: str, body: str, meta=None, cls=HtmlResponse):
    request = Request(url, meta={"p": "x", "hops": 0, "agency": "某机关", **(meta or {})})
    return cls(url, body=body.encode("utf-8"), encoding="utf-8", request=request)


PINGTAN = f"{HOST}/pingtan/zwgk/zfxxgk/zfxxgknb/"


def test_pingtan_haiyun_column_static_reports_then_the_search_api_from_its_scripts():
    s = spider(PINGTAN, "平潭综合实验区管委会", "haiyun")
    out = list(s.parse_page(respond(PINGTAN, replay("pingtan-trs-hy-nianbao-list.html"))))
    reports = {r.url: r.meta["year"] for r in out if r.meta.get("report")}
    assert len(reports) == 10 and set(reports.values()) == set(range(2016, 2026))
    assert all(u.startswith(PINGTAN) and re.search(r"/t\d{8}_\d+\.htm$", u) for u in reports)
    scripts = [r.url for r in out if r.meta.get("script")]
    assert f"{HOST}/images/model.min.js" in scripts and len(scripts) <= 6
    assert not [u for u in scripts if "barrier" in u]  # page furniture is not read
    # the scripts come back (model.min.js names no endpoint here: the 海云 default path is used)
    more = []
    for url in scripts:
        more += list(s.parse_script(respond(url, "define(function(){});", cls=TextResponse)))
    (api,) = more
    q = {k: v[0] for k, v in parse_qs(urlsplit(api.url).query).items()}
    assert urlsplit(api.url).path == "/was5/web/search"
    assert (q["channelid"], q["classsql"], q["prepage"], q["page"]) == ("200210", "chnlid=1813", "10", "2")
    assert api.meta["column"] is True
    # its answer (the shape of the Fujian 海云 search service) gives the other ten
    answer = '{"count":"20","docs":[' + ",".join(
        f'{{"title":"平潭综合实验区{y}年度政府信息公开工作年度报告","url":"{PINGTAN}201{i}/t{i}.htm","pubdate":"x"}}'
        for i, y in enumerate(range(2006, 2016))) + "]}"
    got = list(s.parse_api(respond(api.url, answer, dict(api.meta), cls=TextResponse)))
    assert len([r for r in got if r.meta.get("report")]) == 10 and not [r for r in got if "was5" in r.url]


def test_haiyun_plan_reads_the_real_listmodel():
    text = replay("pingtan-trs-hy-nianbao-list.html")
    assert haiyun.plan(text, PINGTAN, {}) is None  # the path is not in the page: read its scripts first
    (api,) = haiyun.plan(text, PINGTAN, {"m.js": 'var u = "/was5/web/search";'})
    assert "sortfield=-docorderpri%2C-docreltime" in api.url


ORDOS = f"{HOST}/xxgk/xxgknb/"


def test_ordos_trs_table_rows_breadcrumb_and_pager():
    s = spider(ORDOS, "鄂尔多斯恩格贝生态示范区", "trs")
    page = replay("ordos-egb-trs-nianbao-list.html")
    out = list(s.parse_page(respond(ORDOS + "index.html", page)))
    reports = sorted(r.url.rsplit("/", 1)[-1] for r in out if r.meta.get("report"))
    assert reports == ["t20190530_2380967.html", "t20190530_2380968.html", "t20200311_2593126.html",
                       "t20200903_2748784.html"]  # the 4 reports, none of the 6 news items
    assert ORDOS + "index_1.html" in {r.url for r in out}
    # the breadcrumb's 「信息公开年报」 (./) is the column: never asked as a report
    assert not [r for r in out if r.url == ORDOS and r.meta.get("report")]


def test_ordos_column_page_is_known_by_its_breadcrumb_though_its_title_is_the_site_name():
    from parsel import Selector

    from crawler.platforms import READERS
    from crawler.platforms.base import Page

    text = replay("ordos-egb-trs-nianbao-list.html")
    sel = Selector(text=text)
    assert sel.css("title::text").get().strip() == "鄂尔多斯恩格贝生态示范区"
    page = Page(ORDOS, text, sel, ORDOS)
    names = [n for r in READERS for n in r.column_names(page)]
    assert PortalsSpider.report_column(sel, crumbs=True, extra=names)


def test_trs_article_pages_keep_the_article_name():
    from crawler.platforms import trs

    url = f"{HOST}/xxgk/201711/t20171117_5577604.html"
    assert trs.pages("var countPage = 3;", url)[1:] == [
        f"{HOST}/xxgk/201711/t20171117_5577604_1.html", f"{HOST}/xxgk/201711/t20171117_5577604_2.html"]


def test_jiangsu_jcms_records_and_proxy_plan():
    url = f"{HOST}/col/col33718/index.html"
    s = spider(url, "江苏省人民政府", "jcms")
    text = replay("jiangsu-jcms-col33718-excerpt.html")
    out = list(s.parse_page(respond(url, f"<html><head><title>要闻</title></head><body>{text}</body></html>")))
    assert not [r for r in out if r.meta.get("report")]  # a news column: nothing is a report
    posts = [r for r in out if r.method == "POST"]
    assert posts and all("dataproxy.jsp" in r.url for r in posts)
    body = posts[0].body.decode()
    assert "columnid=33718" in body and "unitid=212860" in body


def test_column_name_links_are_columns_not_reports():
    s = spider(f"{HOST}/", "某县人民政府", "auto")
    page = ('<html><head><title>某县人民政府</title></head><body><div class="side"><a href="/xxgk/nb/">政府信息公开年报</a>'
            '<a href="/xxgk/nb2/">信息公开年报</a></div></body></html>')
    out = list(s.parse_page(respond(f"{HOST}/xxgk/other.html", page)))
    asked = {r.url: r for r in out}
    assert {f"{HOST}/xxgk/nb/", f"{HOST}/xxgk/nb2/"} <= set(asked)
    assert not [r for r in out if r.meta.get("report")] and all(asked[u].meta["column"] for u in asked)
