"""The one interface every CMS family reader implements, and the list of registered readers.

A reader looks at one fetched page (its text, the links already read from it, the same-site
script files read for it) and says what more the page holds:

- `links(page)`: links the page carries outside its markup (records in an XML data store, in a
  JS array), read before the spider picks the reports;
- `follow(page)`: the list's other pages (GET URLs) and list requests (`Api`: GET or POST,
  answered as JSON or as HTML), once the page's reports are known (`page.reports`);
- `needs_scripts(page)`: True when the page's own script files may show what the page does not
  (an endpoint built in `model.min.js`, a `$.getJSON` call in `list.js`); the spider then reads
  them (bounded, cached per site) and calls `follow` again with `page.scripts` filled.

Adding a family is one module that defines a `Reader` subclass and decorates it with
`@register`, one simulator family, and its tests. `crawler.registry.PLATFORMS` is the names of
the registered readers plus the generic ways in (`static`, `directory`, `auto`), which are link
reading and discovery, not families.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from parsel import Selector

from crawler.platforms.html import Link

GENERIC = ("static", "directory", "auto")


@dataclass
class Api:
    """One request for a list: GET url, or POST url with a form (or a JSON body).

    `answer` is how the answer is read: "json" (items of any shape, paged by its totals) or
    "html" (a page or an XML data store, read like any page). `plan`: the answer is a first page
    whose totals plan the others. `column`: the list is the 年报 column (items may be named by
    their year alone); None keeps what the asking page was."""
    url: str
    method: str = "GET"
    form: dict = field(default_factory=dict)
    json_body: bool = False
    answer: str = "json"
    plan: bool = True
    column: bool | None = None
    extra: dict = field(default_factory=dict)  # meta the answer's reader wants back


@dataclass
class Page:
    url: str
    text: str
    sel: Selector
    base: str  # what relative links resolve against
    method: str = "GET"
    in_column: bool = False  # the page is (a page of) the 年报 column
    reports: int = 0  # report links read from the page (filled before follow())
    scripts: dict[str, str] = field(default_factory=dict)  # same-site script files read: url -> text
    meta: dict = field(default_factory=dict)  # the request's meta (read only)

    @property
    def all_text(self) -> str:
        """The page's text followed by its script files' (for readers that look into both)."""
        return "\n".join([self.text, *self.scripts.values()])


@dataclass
class Found:
    pages: list[str] = field(default_factory=list)  # further pages of the list, read like this one
    apis: list[Api] = field(default_factory=list)  # list requests


class Reader:
    name = ""  # the registry's `platform` value for this family

    def links(self, page: Page) -> list[Link]:
        return []

    def follow(self, page: Page) -> Found:
        return Found()

    def needs_scripts(self, page: Page) -> bool:
        return False

    def parts(self, page: Page) -> list[str]:
        """The pages of a report article split over several (first page included), in order."""
        return []

    def column_names(self, page: Page) -> list[str]:
        """Names the page gives its own column (a breadcrumb's last step), beyond <title> and <h1>."""
        return []


READERS: list[Reader] = []


def register(cls):
    """Class decorator: one instance of the reader joins READERS (once)."""
    if not any(type(r) is cls for r in READERS):
        READERS.append(cls())
    return cls
