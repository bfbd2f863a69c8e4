"""Where the crawler may go: a portal's own hosts, never a private address it did not name.

`HostGuardMiddleware` is a downloader middleware placed before robots.txt (100) so a refused
URL costs no request at all, not even for its robots.txt. Every request passes through it,
including the ones Scrapy's RedirectMiddleware / MetaRefreshMiddleware build from a `Location`
or a `<meta http-equiv=refresh>`, which carry `redirect_urls` in their meta:

- only http and https;
- a redirect must stay within the portal's site: the hosts of its registry entry (`url`,
  `start_urls`, and the `hosts` field listing extra ones) and their subdomains of the same
  site (as links are followed, `crawler.platforms.html.same_site`), or the host the redirect
  chain started from (a department site a directory links);
- a request of a portal other than a directory (whose departments may live elsewhere) must be
  within the same site;
- no private, loopback, link-local, shared or reserved address (10/8, 127/8, 169.254/16 — the
  cloud metadata service —, 100.64/10, fc00::/7 …), whether written in the URL or what the
  host name resolves to, unless it is a host the registry entry names itself or the entry says
  `allow_private: true` (the simulator's loopback portals). A portal registered on a private
  address itself (an intranet, a loopback test site) may reach other addresses of that same
  network (127/8 from 127/8, 10/8 from 10/8), never another one (169.254/16 never). The address the answer came from
  is checked again, so a name re-pointed between the check and the fetch is not archived.

A refused request ends in its errback as IgnoreRequest, counted as `offsite_redirect`,
`offsite` or `private_address` (crawler.errors).
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler.platforms.html import same_site

log = logging.getLogger(__name__)


def registered_hosts(entry: dict) -> set[str]:
    """The hosts a registry entry names: its url, start_urls, and `hosts` (names or URLs)."""
    out = set()
    for u in [entry.get("url", ""), *(entry.get("start_urls") or [])]:
        host = urlsplit(str(u)).hostname
        if host:
            out.add(host.lower())
    for h in entry.get("hosts") or []:
        h = str(h).strip()
        host = urlsplit(h if "//" in h else f"//{h}").hostname
        if host:
            out.add(host.lower())
    return out


def ip_of(host: str):
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def forbidden(ip) -> bool:
    """Not a public unicast address: private, loopback, link-local, shared, reserved, multicast."""
    if isinstance(ip, str):
        ip = ip_of(ip)
    if ip is None:
        return False
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


PRIVATE_NETS = [ipaddress.ip_network(n) for n in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                                                  "100.64.0.0/10", "fc00::/7", "::1/128")]


def network_of(ip):
    """The private network an address belongs to (link-local and the rest: None, never shared)."""
    if isinstance(ip, str):
        ip = ip_of(ip)
    if ip is None:
        return None
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return next((n for n in PRIVATE_NETS if ip.version == n.version and ip in n), None)


class HostGuardMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.resolved: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def portal(self, request):
        portals = getattr(self.crawler.spider, "portals", {}) or {}
        return portals.get(request.meta.get("p"))

    def refuse(self, request, kind: str, why: str):
        log.warning("refused %s: %s", request.url, why)
        raise IgnoreRequest(f"{kind}: {why}")

    async def process_request(self, request):
        parts = urlsplit(request.url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            self.refuse(request, "offsite", f"not an http(s) URL: {request.url[:200]}")
        redirects = request.meta.get("redirect_urls") or []
        origin = (urlsplit(redirects[0]).hostname or "").lower() if redirects else ""
        entry = self.portal(request)
        if entry is None:  # Scrapy's own requests (robots.txt): a redirect stays on its host
            if redirects and host != origin:
                self.refuse(request, "offsite redirect", f"{redirects[0]} → another host {host}")
            return None
        hosts = registered_hosts(entry)
        site = same_site(request.url, hosts)
        if redirects and not (site or host == origin):
            self.refuse(request, "offsite redirect", f"{redirects[0]} → {host}, not a host of portal {entry['id']}")
        if not redirects and not site and entry.get("platform") != "directory":
            self.refuse(request, "offsite", f"{host} is not a host of portal {entry['id']}")
        if host in hosts or entry.get("allow_private"):
            return None
        own = {network_of(h) for h in hosts} - {None}  # a portal on a private network itself
        for addr in await self.addresses(host, parts.port):
            if forbidden(addr) and network_of(addr) not in own:
                self.refuse(request, "private address", f"{host} is {addr} (not public; the registry entry "
                                                        f"{entry['id']} does not allow it)")
        return None

    def process_response(self, request, response):
        """The address the answer really came from (a name may be re-pointed after the check)."""
        entry = self.portal(request)
        host = (urlsplit(request.url).hostname or "").lower()
        if entry is None or entry.get("allow_private") or host in registered_hosts(entry):
            return response
        addr = response.ip_address
        own = {network_of(h) for h in registered_hosts(entry)} - {None}
        if addr is not None and forbidden(str(addr)) and network_of(str(addr)) not in own:
            self.refuse(request, "private address", f"{host} answered from {addr}")
        return response

    async def addresses(self, host: str, port) -> list[str]:
        if ip_of(host) is not None:
            return [host.strip("[]")]
        if host not in self.resolved:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
                self.resolved[host] = sorted({i[4][0] for i in infos})
            except (OSError, RuntimeError):
                self.resolved[host] = []  # unresolvable: the download fails on its own (dns)
        return self.resolved[host]
