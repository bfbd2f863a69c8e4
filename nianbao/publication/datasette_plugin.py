"""The Datasette plugin of the archive: Chinese search, the original-file route, links, home stats.

Registered by nianbao.publication.serve (the package declares no entry point), configured under
`plugins: nianbao:` in the metadata (serve.py fills in `data_dir`).
"""
from __future__ import annotations

import mimetypes
import re
import sqlite3
import threading
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

import markupsafe
from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils.asgi import NotFound, Response

from nianbao.publication.stats import ARCHIVE_STATS_SQL  # what publish counts, counted here when it has not
from nianbao.store.words import jieba

DB = "nianbao"
SHA = re.compile(r"^[0-9a-f]{64}$")
TYPES = {"pdf": "application/pdf", "html": "text/html", "htm": "text/html", "text": "text/plain",
         "txt": "text/plain", "doc": "application/msword", "wps": "application/vnd.ms-works",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xls": "application/vnd.ms-excel", "png": "image/png", "jpg": "image/jpeg",
         "jpeg": "image/jpeg", "image": "application/octet-stream"}
WORD = re.compile(r"\w", re.UNICODE)


# ---------------------------------------------------------------- search


def fts_query(query: str) -> str:
    """A search box query as FTS5 syntax over jieba-segmented text.

    Each space-separated part is cut the way the text was cut (search mode); a part that cuts
    into several words must find them near each other, parts are ANDed. FTS syntax is never
    passed through, so any input is a valid query.
    """
    parts = []
    for part in re.findall(r'"([^"]*)"|(\S+)', query or ""):
        words = [w for w in jieba.cut_for_search(part[0] or part[1]) if WORD.search(w)]
        quoted = [f'"{w}"' for w in dict.fromkeys(w.replace('"', "") for w in words)]
        if len(quoted) == 1:
            parts.append(quoted[0])
        elif quoted:
            parts.append(f"NEAR({' '.join(quoted)}, {len(quoted) + 2})")
    return " ".join(parts) or '""'


def query_words(query: str) -> list[str]:
    """The query's parts and their words, longest first (so a whole part is marked whole).

    A part's one-character words (第, 0, 区 of 北京市第0区) are not marked on their own: they
    would mark every 第 and 0 in the excerpt."""
    parts = re.findall(r'[^\s"]+', query or "")
    words = parts + [w for part in parts for w in jieba.cut(part) if len(w) > 1]
    return sorted({w for w in words if WORD.search(w)}, key=len, reverse=True)


def excerpt(text: str | None, query: str | None, width: int = 40) -> str | None:
    """The printed text around the first word of the query found, words marked 【】."""
    if not text:
        return text
    words = query_words(query or "")
    hits = [i for i in (text.find(w) for w in words) if i >= 0]
    start = max(0, min(hits) - width) if hits else 0
    piece = " ".join(text[start:start + 3 * width].split())
    if words:
        piece = re.sub("|".join(map(re.escape, words)), lambda m: f"【{m.group(0)}】", piece)
    return ("…" if start else "") + piece + ("…" if start + 3 * width < len(text) else "")


@hookimpl
def startup(datasette):
    # load the dictionary now, not during the first visitor's search — in the background, so
    # the server answers at once (a search arriving first waits on jieba's own lock)
    threading.Thread(target=jieba.initialize, name="jieba-init", daemon=True).start()


# What one anonymous query may hold in memory: no value longer than MAX_VALUE (a report's
# longest section is far below it; `hex(zeroblob(450000000))` is refused at once), and SQLite's
# heap for the whole server bounded (a query past it fails with "out of memory", the server lives).
MAX_VALUE = 16 << 20
HEAP_LIMIT = 1 << 30


@hookimpl(trylast=True)
def prepare_connection(conn):
    """Bound what a query may hold; replace Datasette's escape_fts (used by table search)
    with the segmenting one."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE)
    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("excerpt", 2, excerpt, deterministic=True)


# A search of `sections` opens in `search_sections`, the narrow table of the same rows: counting
# and paging ~100,000 matches among the wide rows of `sections` costs too much per page view.
SEARCH_TABLE = "search_sections"
SEARCH_COLUMNS = {"id", "rowid", "report_id", "number", "title"}
SECTIONS_PATH = re.compile(rf"^/{DB}/sections(\.json|\.csv)?$")


def search_redirect(path: str, query: str) -> str | None:
    """Where a search of `sections` is shown: the same query on `search_sections`, if it fits."""
    m = SECTIONS_PATH.match(path)
    if not m:
        return None
    args = parse_qsl(query, keep_blank_values=True)
    if not any(k == "_search" for k, _ in args):
        return None
    for k, v in args:
        if not k.startswith("_"):
            column = k.split("__")[0]  # a filter: report_id=…, number__gt=…
        else:  # an argument naming a column
            column = v if k in ("_sort", "_sort_desc", "_col", "_nocol", "_facet") else None
        if k.startswith("_search_") or (column is not None and column not in SEARCH_COLUMNS):
            return None  # a filter on text or words: the wide table has to answer it
    return f"/{DB}/{SEARCH_TABLE}{m.group(1) or ''}?{query}"


# The search box of the sections and search_sections pages (an HTML page asking for nothing but
# words) opens the canned query search_all: every matching section, 50 a page, newest first, each
# page read from the index in the order it keeps (keyset paging). Datasette's table search selects
# `id IN (every match)` and counts them all: ~4,000,000 sections hold 公开 at a million reports,
# seconds per page. The tables' JSON and CSV, and pages with filters, sorting or paging, stay.
SEARCH_PAGE = "search_all"
SEARCH_BOX = re.compile(rf"^/{DB}/(sections|{SEARCH_TABLE})$")
# what the table page's form sends when the order is left as it is (search_sections: its key, id)
FORM_DEFAULTS = {("_sort", ""), ("_sort", "id"), ("_sort_desc", ""), ("_sort_by_desc", "")}


def search_page(path: str, query: str) -> str | None:
    """Where the search box's results are shown: search_all, if the page asks only for words."""
    if not SEARCH_BOX.match(path):
        return None
    args = [a for a in parse_qsl(query, keep_blank_values=True) if a not in FORM_DEFAULTS]
    if len(args) != 1 or args[0][0] != "_search" or not args[0][1].strip():
        return None
    return f"/{DB}/{SEARCH_PAGE}?{urlencode({'q': args[0][1]})}"


# `cells` is a view over hundreds of millions of stored numbers: Datasette counts a view's rows on
# every page, which for the whole view means reading all of them. Unfiltered, its pages are
# shown without that count (Datasette's own `_nocount`); filtered (report_id=…) they count.
UNCOUNTED_VIEW = re.compile(rf"^/{DB}/cells(\.json|\.csv)?$")


def without_count(path: str, query: str) -> str | None:
    """The query string with _nocount=1 added, for an unfiltered page of the cells view."""
    if not UNCOUNTED_VIEW.match(path):
        return None
    args = parse_qsl(query, keep_blank_values=True)
    if any(not k.startswith("_") or k in ("_where", "_search", "_nocount") for k, _ in args):
        return None
    return (query + "&" if query else "") + "_nocount=1"


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def redirecting(scope, receive, send):
            if scope["type"] == "http":
                query = scope.get("query_string", b"").decode("latin-1")
                uncounted = without_count(scope.get("path", ""), query)
                if uncounted is not None:
                    scope = dict(scope, query_string=uncounted.encode("latin-1"))
                target = search_page(scope.get("path", ""), query) or search_redirect(scope.get("path", ""), query)
                if target:
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", target.encode("latin-1")),
                                            (b"content-type", b"text/plain; charset=utf-8")]})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)
        return redirecting
    return wrap


# ---------------------------------------------------------------- facets counted when publishing

FACET_SQL = re.compile(r"^\s*select (\S+) as value, count\(\*\) as count from \(", re.I)
# query-string arguments that add to a table page's WHERE beyond its column filters (Datasette's
# own filters_from_request hooks, and _next, whose cursor the facets' SQL includes)
WHERE_ARGS = ("_where", "_search", "_through", "_next", "_fts_table", "_filter_column")


class _CountedFacets:
    """Datasette as a facet sees it, answering the facet query from facet_counts (what `nianbao
    publish` counted) while the store has not changed since: on a page with no filter, or
    filtered by one counted column equal to one value (`(column, text)` in `where`), when that
    page's own row count agrees with the published one."""

    def __init__(self, ds, table: str, where: tuple[str, str] = ("", ""), row_count: int | None = None):
        self._ds, self._table, self._where, self._row_count = ds, table, where, row_count

    def __getattr__(self, name):
        return getattr(self._ds, name)

    async def _published(self, column: str, limit: int):
        db = self._ds.get_database(DB)
        fresh = (await db.execute(
            "SELECT (SELECT value FROM published_stats WHERE name = 'stat:revision') "
            "IS (SELECT value FROM store_state WHERE name = 'revision')")).first()[0]
        if not fresh:
            return None
        key = [self._table, *self._where]
        if self._where[0] and self._row_count is not None:  # the filtered page's rows are those counted
            total = (await db.execute(
                "SELECT sum(count) FROM facet_counts WHERE table_name = ? AND filter_column = ? "
                "AND filter_value = ? AND column_name = ?", key + [self._where[0]])).first()
            if not total or total[0] != self._row_count:
                return None
        results = await db.execute(
            "SELECT value, count FROM facet_counts WHERE table_name = ? AND filter_column = ? "
            "AND filter_value = ? AND column_name = ? ORDER BY count DESC, value LIMIT ?",
            key + [column, limit])
        return results if results.rows else None

    async def execute(self, database, sql, params=None, **kwargs):
        m = FACET_SQL.match(sql)
        if m and database == DB:
            try:
                limit = int(re.search(r"limit (\d+)\s*$", sql).group(1))
                results = await self._published(m.group(1).strip("[]"), limit)
                if results is not None:
                    return results
            except Exception:  # not published yet (or by an earlier release): count as Datasette does
                pass
        return await self._ds.execute(database, sql, params, **kwargs)


class CountedFacet(ColumnFacet):
    """`facets: [{counted: year}]` in metadata.yml: a column facet whose counts come from
    facet_counts (constant time on a million rows) on a page with no filter, or with one filter
    `column=value` on a column counted for the same table (reports?year=2022); otherwise it counts."""
    type = "counted"

    def _one_filter(self) -> tuple[str, str] | None:
        """("", "") for an unfiltered page, (column, text) for a page whose only condition is
        `column = text` on a counted column, else None."""
        args = [(k, v) for k in self.request.args for v in self.request.args.getlist(k)]
        if any(k.startswith(WHERE_ARGS) for k, _ in args):
            return None
        filters = [(k, v) for k, v in args if not k.startswith("_") or "__" in k]
        if not filters:
            return ("", "") if " where " not in (self.sql or "").lower() and not self.params else None
        if len(filters) != 1 or list((self.params or {}).values()) != [filters[0][1]]:
            return None
        column, _, op = filters[0][0].partition("__")
        counted = [c.get("counted") for c in (self.metadata or {}).get("facets", []) if isinstance(c, dict)]
        return (column, filters[0][1]) if op in ("", "exact") and column in counted else None

    async def facet_results(self):
        where = self._one_filter() if self.table else None
        if where is not None:
            self.ds = _CountedFacets(self.ds, self.table, where, self.row_count if where[0] else None)
        return await super().facet_results()

    async def suggest(self):
        return []


@hookimpl
def register_facet_classes():
    return [CountedFacet]


# ---------------------------------------------------------------- original files


def data_dir(datasette) -> Path:
    cfg = datasette.plugin_config("nianbao") or {}
    return Path(cfg.get("data_dir") or ".").resolve()


def download_name(doc: dict, suffix: str) -> str:
    bits = [str(doc.get(k) or "").strip() for k in ("agency", "title")]
    stem = "_".join(b for b in bits if b) or doc["sha256"][:16]
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", stem)[:80]
    return f"{stem}_{doc['sha256'][:8]}{suffix}"


async def original(request, datasette):
    """The archived raw file of a document, byte for byte, as an attachment."""
    sha = request.url_vars["sha256"]
    if not SHA.match(sha):
        raise NotFound("No such document")
    rows = await datasette.get_database(DB).execute(
        "SELECT sha256, path, content_type, format, agency, title FROM documents WHERE sha256 = ?",
        [sha])
    doc = dict(rows.first()) if rows.first() else None
    if not doc or not doc["path"]:
        raise NotFound(f"Document {sha} is not in the archive")
    root = data_dir(datasette)
    path = (root / doc["path"]).resolve()
    if root not in path.parents or not path.is_file():
        raise NotFound(f"The file of document {sha} is missing from the archive folder")
    suffix = path.suffix or f".{doc['format'] or 'bin'}"
    ctype = (doc["content_type"] or "").split(";")[0].strip() or TYPES.get(
        suffix.lstrip(".").lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    name = download_name(doc, suffix)
    ascii_name = f"{sha[:16]}{suffix}"
    headers = {
        "content-disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",  # scraped HTML never runs on this origin
        "cache-control": "max-age=31536000, immutable",
    }
    return Response(path.read_bytes(), headers=headers, content_type=ctype)


@hookimpl
def register_routes():
    return [(r"^/-/original/(?P<sha256>[0-9a-f]{64})(/[^/]*)?$", original)]


# ---------------------------------------------------------------- links


def _link(href: str, text: str) -> markupsafe.Markup:
    return markupsafe.Markup('<a href="{}">{}</a>').format(href, text)


@hookimpl
def render_cell(value, column, table, database, datasette):
    """Originals become download links; report ids link to the report; 12.0 件 shows as 12."""
    if database != DB:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return markupsafe.escape(str(int(value)))
    if not isinstance(value, str):
        return None
    if column in ("original", "sha256") and SHA.match(value) and table != "documents" or (
            table == "documents" and column == "sha256" and SHA.match(value)):
        return _link(f"/-/original/{value}", f"原件 original ({value[:8]}…)")
    if column == "report_id" and table not in ("checks", "sections") and value:  # cells is a view: no foreign key
        return _link(datasette.urls.row(DB, "reports", quote(value, safe="")), value)
    return None


@hookimpl
def extra_css_urls():
    return ["/nianbao-static/nianbao.css"]  # mounted by nianbao.publication.serve


# ---------------------------------------------------------------- home page


_stats_cache: dict[int, dict] = {}


async def archive_stats(datasette) -> dict:
    """Counts for the home page: as `nianbao publish` counted them (published_stats), or
    computed once per server when the archive has not been published since."""
    key = id(datasette)
    db = datasette.get_database(DB)
    if key not in _stats_cache or db.is_mutable:
        try:
            rows = (await db.execute("SELECT name, value FROM published_stats WHERE name LIKE 'stat:%' "
                                     "UNION ALL SELECT 'now:revision', value FROM store_state "
                                     "WHERE name = 'revision'")).rows
            stats = {name[len("stat:"):]: value for name, value in rows if name.startswith("stat:")}
            current = dict(rows).get("now:revision") == stats.pop("revision", None)
        except Exception:  # an archive not published since: count now
            stats, current = {}, False
        if current and set(ARCHIVE_STATS_SQL) <= set(stats):  # nothing written since it was published
            _stats_cache[key] = stats
            return stats
        stats = {}
        for name, sql in ARCHIVE_STATS_SQL.items():
            try:
                stats[name] = (await db.execute(sql, custom_time_limit=5000)).first()[0]
            except Exception:  # a missing table in an old archive: show nothing, not an error
                stats[name] = None
        _stats_cache[key] = stats
    return _stats_cache[key]


@hookimpl
def extra_template_vars(template, datasette):
    async def inner():
        if template not in ("index.html",):
            return {}
        return {"archive": await archive_stats(datasette), "archive_db": DB}
    return inner
