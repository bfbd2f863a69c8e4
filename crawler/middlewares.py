"""Scrapy's retry middleware with exponential backoff, so a struggling server gets room."""
from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware


class BackoffRetryMiddleware(RetryMiddleware):
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
