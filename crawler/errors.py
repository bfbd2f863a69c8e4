"""Name what went wrong with a request, for logs and the crawl_runs counts."""
from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

KINDS = {
    "DownloadTimeoutError": "timeout", "TimeoutError": "timeout", "TCPTimedOutError": "timeout",
    "DownloadConnectionRefusedError": "connection_refused", "ConnectionRefusedError": "connection_refused",
    "CannotResolveHostError": "dns", "DNSLookupError": "dns",
    "DownloadCancelledError": "too_large", "ResponseDataLossError": "data_loss",
    "DownloadFailedError": "connection_lost", "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost", "ResponseNeverReceived": "connection_lost",
}


def kind_of(failure) -> str:
    """robots, redirect_loop, http_404, timeout, too_large, connection_refused, …"""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        msg = str(failure.value)
        for prefix in ("offsite redirect:", "offsite:", "private address:"):
            if msg.startswith(prefix):
                return prefix[:-1].replace(" ", "_")
        if "robots" in msg:
            return "robots"
        return "redirect_loop" if "loop" in msg else "too_many_redirects" if "redirect" in msg else "ignored"
    name = type(failure.value).__name__
    return KINDS.get(name, name.lower())
