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
JOBDIR = os.path.join(NIANBAO_DATA_DIR, "jobs", "portals")

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
