"""Scrapy settings: polite by default, as a government site's own operators would want.

Tests and the benchmark shorten the delays (-s DOWNLOAD_DELAY=0.01 …) but keep a delay: with none
at all Scrapy starts a host's whole queue at once, above CONCURRENT_REQUESTS_PER_DOMAIN.
NIANBAO_* settings say where the registry, database and archive are.
"""
import os

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; open archive of 政府信息公开工作年度报告)"
ROBOTSTXT_OBEY = True

# One or two requests at a time per host, spaced by AutoThrottle from a 1 s floor.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_MAXSIZE = 100 * 1024 * 1024
DOWNLOAD_WARNSIZE = 30 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_RETRY_BACKOFF = 2.0  # seconds before the first retry, doubled each time
REDIRECT_MAX_TIMES = 5
DOWNLOADER_MIDDLEWARES = {
    "crawler.guard.HostGuardMiddleware": 60,  # before robots.txt (100): a refused host costs no request
    "crawler.render.RenderMiddleware": 120,  # after the guard and robots.txt: the rendering fallback (registry `render`)
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.RedirectLoopMiddleware": 610,  # sees responses before RedirectMiddleware (600)
    "crawler.middlewares.ConditionalMiddleware": 620,
    "crawler.middlewares.RecheckMiddleware": 630,  # after ConditionalMiddleware: no validators, no refetch for a while
}
SPIDER_MIDDLEWARES = {"crawler.limits.PortalLimitsMiddleware": 950}  # page and depth caps per portal
EXTENSIONS = {
    "crawler.watchdog.ParentWatch": 0,  # the crawl ends when `nianbao crawl` dies
    "crawler.progress.ProgressFile": 10,  # its stats, for the progress line of `nianbao crawl`
}
NIANBAO_PROGRESS_FILE = ""  # set by `nianbao crawl`; empty: the extension is off
NIANBAO_PROGRESS_INTERVAL = 1.0
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
# Scrapy starts CONCURRENT_ITEMS tasks for every response's output, whatever it holds; the
# archive pipeline is synchronous, so 100 (the default) would only cost CPU and memory.
CONCURRENT_ITEMS = 8

# Depth-first, so one portal's pages finish before the queue grows with the next ones.
DEPTH_PRIORITY = 0
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleLifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.LifoMemoryQueue"

NIANBAO_DATA_DIR = os.environ.get("NIANBAO_DATA_DIR", "data")
NIANBAO_DB = os.environ.get("NIANBAO_DB", os.path.join(NIANBAO_DATA_DIR, "nianbao.db"))
NIANBAO_PORTALS = os.environ.get("NIANBAO_PORTALS")  # default: crawler/portals.yml
NIANBAO_MAX_HOPS = 4  # links followed from a start page towards the 年报 column
NIANBAO_MAX_PAGES = 5000  # pages per portal (registry field max_pages), so an endless pager ends
NIANBAO_MAX_DEPTH = 100  # links deep from a start page (registry field max_depth)
NIANBAO_FAILED_BACKOFF = 3600  # s: a failed document is asked again next run, then after 1 h, 3 h, 7 h … ≤ 30 days
NIANBAO_RECHECK_DAYS = 7  # a document served without ETag/Last-Modified is downloaded again after this long
# The rendering fallback (crawler/render.py), for portals whose registry entry says `render: true`.
NIANBAO_CHROMIUM = "/usr/bin/chromium"  # Debian's chromium (.ci/install); nothing is downloaded
NIANBAO_RENDER_TIMEOUT = 20.0  # s a page may take to load and draw its list
NIANBAO_RENDER_IDLE = 0.3  # s without a request in flight after which the page is taken as drawn
NIANBAO_RENDER_PAGES = 4  # pages rendered at once (one browser for the crawl): most of a render is waiting
JOBDIR = os.path.join(NIANBAO_DATA_DIR, "jobs", "portals")

# The night's Spidermon monitors (nianbao.monitors, run by `nianbao nightly`): thresholds, and
# where a failed monitor is reported. Notification is off until one of these is set.
NIANBAO_MONITOR_MAX_ERROR_RATIO = 0.2  # errors per page fetched
NIANBAO_MONITOR_MIN_ITEM_RATIO = 0.9  # reports found, against the previous night
NIANBAO_MONITOR_MAX_FAILED_SHARE = 0.1  # failed extractions, of the night's
NIANBAO_NOTIFY_WEBHOOK = ""  # a URL: the failed verdicts POSTed as JSON ({"text": …, "failed": […]})
NIANBAO_NOTIFY_EMAIL_TO = ""  # addresses, comma-separated, mailed through NIANBAO_NOTIFY_SMTP_HOST
NIANBAO_NOTIFY_EMAIL_FROM = "nianbao@localhost"
NIANBAO_NOTIFY_SMTP_HOST = "localhost"

# `nianbao crawl --redis URL` (crawler.distributed): scrapy-redis shares the scheduler and the
# duplicate filter between crawl processes on any number of machines. Off without a URL.
NIANBAO_REDIS_URL = ""
NIANBAO_REDIS_CRAWL = ""  # the shared crawl's name (default: from the registry and selection)
NIANBAO_REDIS_TTL = 60  # s: a crawl process silent this long is taken for dead

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
