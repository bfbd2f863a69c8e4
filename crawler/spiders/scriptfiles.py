"""Lists built by script: a page's same-site script files, read (bounded, each once per crawl)
before the family readers look at the page again with them."""
from __future__ import annotations

from urllib.parse import urlsplit

from crawler.platforms import html, scripts
from crawler.platforms.base import Page
from crawler.spiders.responses import canonical


class ScriptFilesMixin:
    """For PortalsSpider: `script_text`, `script_sites` and `parked` are its state."""

    def ask_scripts(self, page: Page, meta, hosts):
        """Read the page's same-site script files (bounded, each once per crawl), then ask the
        readers again with them."""
        host = urlsplit(page.url).hostname
        urls = scripts.script_urls(page.text, page.base, lambda u: html.same_site(u, hosts))
        wanted = []
        for url in urls:
            url = canonical(url)
            if url not in self.script_text:
                if self.script_sites[host] >= scripts.MAX_PER_SITE:
                    continue
                self.script_sites[host] += 1
                self.script_text[url] = None
                yield self.page(url, dict(meta, script=True), callback=self.parse_script,
                                errback=self.script_failed, download_maxsize=scripts.MAX_BYTES)
            wanted.append(url)
        if not wanted:
            yield from self.render_if_empty(page, meta, [])
            return
        waiting = [u for u in wanted if self.script_text.get(u) is None]
        if not waiting:
            yield from self.with_scripts(page, meta, wanted, hosts)
            return
        self.parked.setdefault(waiting[0], []).append((page, meta, wanted))  # moved on as each arrives

    def parse_script(self, response):
        text = response.body[:scripts.MAX_BYTES].decode("utf-8", "replace") if response.status == 200 else ""
        yield from self.script_done(response.url, text)

    def script_failed(self, failure):
        yield from self.script_done(failure.request.url, "")

    def script_done(self, url, text):
        self.script_text[url] = text
        for page, meta, wanted in self.parked.pop(url, []):
            if all(self.script_text.get(u) is not None for u in wanted):
                yield from self.with_scripts(page, meta, wanted, self.hosts(meta, page.url))
            else:
                waiting = next(u for u in wanted if self.script_text.get(u) is None)
                self.parked.setdefault(waiting, []).append((page, meta, wanted))

    def with_scripts(self, page: Page, meta, wanted, hosts):
        page.scripts = {u: self.script_text[u] for u in wanted if self.script_text.get(u)}
        list_meta = dict(meta, column=True) if page.in_column else meta
        asked = self.render_unless_found(page, meta, list(self.follow_readers(page, meta, list_meta, hosts)))
        yield from asked
        yield from self.render_if_empty(page, meta, asked)  # nothing even with the script files: render
