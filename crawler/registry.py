"""The portal registry (portals.yml): load it and refuse a bad entry with a clear message."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

DEFAULT = Path(__file__).resolve().parent / "portals.yml"
from crawler.platforms import FAMILIES, GENERIC  # noqa: E402

PLATFORMS = set(FAMILIES) | set(GENERIC)
REQUIRED = ("id", "agency", "region", "url", "platform")
OPTIONAL = {"region_code": (str, int), "start_urls": list, "verified": bool, "note": str, "encoding": str,
            "max_hops": int, "link_selector": str, "level": str}


class RegistryError(ValueError):
    """A registry entry that cannot be crawled; the message names the entry and the field."""


def _http(url) -> bool:
    parts = urlsplit(str(url))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def validate(entries, source: str = "registry") -> list[dict]:
    if not isinstance(entries, list):
        raise RegistryError(f"{source}: expected a YAML list of portals, got {type(entries).__name__}")
    seen = set()
    for n, e in enumerate(entries, 1):
        name = f"{source}: entry {n}" + (f" ({e.get('id')})" if isinstance(e, dict) and e.get("id") else "")
        if not isinstance(e, dict):
            raise RegistryError(f"{name}: expected a mapping of fields, got {type(e).__name__}")
        for field in REQUIRED:
            if not e.get(field):
                raise RegistryError(f"{name}: field '{field}' is missing or empty")
        if e["platform"] not in PLATFORMS:
            raise RegistryError(f"{name}: field 'platform' is {e['platform']!r}, not one of {sorted(PLATFORMS)}")
        if not _http(e["url"]):
            raise RegistryError(f"{name}: field 'url' is not an http(s) URL: {e['url']!r}")
        for field, typ in OPTIONAL.items():
            if field in e and e[field] is not None and not isinstance(e[field], typ):
                kind = "/".join(t.__name__ for t in typ) if isinstance(typ, tuple) else typ.__name__
                raise RegistryError(f"{name}: field '{field}' should be a {kind}")
        for u in e.get("start_urls") or []:
            if not _http(u):
                raise RegistryError(f"{name}: field 'start_urls' has a non-http URL: {u!r}")
        code = e.get("region_code")
        if code and not (str(code).isdigit() and len(str(code)) in (6, 9, 12)):
            raise RegistryError(f"{name}: field 'region_code' should be a 6, 9 or 12 digit 行政区划代码")
        if e["id"] in seen:
            raise RegistryError(f"{name}: field 'id' repeats an earlier entry")
        seen.add(e["id"])
    return entries


def load(path=None, only=None) -> list[dict]:
    """The registry at `path` (default crawler/portals.yml), only the ids asked for if any."""
    path = Path(path or DEFAULT)
    entries = validate(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    if only:
        missing = set(only) - {e["id"] for e in entries}
        if missing:
            raise RegistryError(f"{path}: no portal with id {', '.join(sorted(missing))}")
        entries = [e for e in entries if e["id"] in set(only)]
    for e in entries:
        e["region_code"] = str(e["region_code"]) if e.get("region_code") else ""
    return entries
