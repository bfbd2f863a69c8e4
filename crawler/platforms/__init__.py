"""Readers for the CMS families government portals run on, as plug-ins (see base.py).

Each family module defines one `Reader` and registers it; the spider runs every registered
reader on every page, so a portal's `platform` in the registry is a hint, not a promise.
Generic link reading (html.py), script files (scripts.py) and discovery (discover.py) are not
families.
"""
from crawler.platforms import gkmlpt, haiyun, jcms, jsonapi, trs  # noqa: F401  (registers the readers)
from crawler.platforms.base import GENERIC, READERS, Api, Found, Page, Reader, register  # noqa: F401

FAMILIES = [r.name for r in READERS]
