"""Downloader middlewares: retries with backoff, redirect loops ended with a named error."""
from __future__ import annotations

import asyncio
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from w3lib.url import canonicalize_url


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries with exponential backoff, so a struggling server gets room."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("NIANBAO_RETRY_BACKOFF", 1.0)

    async def _wait(self, out):
        if isinstance(out, Request) and self.base > 0:
            await asyncio.sleep(self.base * 2 ** (out.meta.get("retry_times", 1) - 1))
        return out

    async def process_response(self, request, response):
        return await self._wait(super().process_response(request, response))

    async def process_exception(self, request, exception):
        return await self._wait(super().process_exception(request, exception))


class RedirectLoopMiddleware:
    """End a redirect loop at once with a named error; without this, the dupefilter drops the
    repeated URL silently and the loop is never counted."""

    def process_response(self, request, response):
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = canonicalize_url(urljoin(request.url, location.decode("latin-1")))
            chain = {canonicalize_url(u) for u in request.meta.get("redirect_urls", [])} | {canonicalize_url(request.url)}
            if target in chain:
                raise IgnoreRequest(f"redirect loop back to {target}")
        return response


class ConditionalMiddleware:
    """Ask for an archived document only if it changed (If-None-Match / If-Modified-Since).

    A downloader middleware rather than request headers set by the spider, so a document
    reached through a redirect or a new link is asked for conditionally as well. The spider's
    `known` map comes from the documents table (nianbao.store.documents.known_documents).
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        known = getattr(self.crawler.spider, "known", {}).get(request.url)
        if not known or request.method != "GET":
            return None
        if known.get("etag"):
            request.headers.setdefault("If-None-Match", known["etag"])
        if known.get("last_modified"):
            request.headers.setdefault("If-Modified-Since", known["last_modified"])
        request.meta["handle_httpstatus_list"] = sorted({*request.meta.get("handle_httpstatus_list", []), 304})
        return None


class RecheckMiddleware:
    """Servers that send no validators: a document cannot be asked for conditionally, so it is
    downloaded again only every NIANBAO_RECHECK_DAYS days (default 7), or at once when the list
    now shows another date for it. Until then its last copy stands: the request is answered here
    with a 304 flagged `recheck-later` (the spider counts it `not_rechecked` and still re-checks
    the files its page attached, as for a real 304). 0 days re-downloads every run."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.days = crawler.settings.getfloat("NIANBAO_RECHECK_DAYS", 7.0)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        spider = self.crawler.spider
        known = getattr(spider, "known", {}).get(request.url)
        store = getattr(spider, "store", None)
        if (not known or self.days <= 0 or store is None or request.method != "GET"
                or known.get("etag") or known.get("last_modified")):
            return None
        row = store.get(request.url)
        if not row or row.get("state") != "ok" or not row.get("checked_at"):
            return None
        import datetime as dt

        age = dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(row["checked_at"])
        shown, before = request.meta.get("list_date"), store.meta_of(row).get("list_date")
        if age.total_seconds() >= self.days * 86400 or (shown and before and shown != before):
            return None
        from scrapy.http import Response

        return Response(request.url, status=304, request=request, flags=["recheck-later"])
