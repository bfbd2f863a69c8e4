"""The portal registry (portals.yml): load it and refuse a bad entry with a clear message."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

# libyaml's loader when PyYAML has it: the pure-Python one left ~13 MB behind for 1,000 entries
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ITEM = re.compile(r"^- ", re.M)  # an entry of the top-level list
DEFAULT = Path(__file__).resolve().parent / "portals.yml"
from crawler.platforms import FAMILIES, GENERIC  # noqa: E402

PLATFORMS = set(FAMILIES) | set(GENERIC)  # the registered family readers, and the generic ways in
# 行政区划代码: the first two digits name a province-level region.
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}
REQUIRED = ("id", "agency", "region", "url", "platform")
OPTIONAL = {"region_code": (str, int), "start_urls": list, "verified": bool, "note": str, "max_hops": int,
            "hosts": list, "allow_private": bool, "max_pages": int, "max_depth": int,
            "render": bool}  # render: the headless-Chromium fallback for lists drawn by script (crawler/render.py)


class RegistryError(ValueError):
    """A registry entry that cannot be crawled; the message names the entry and the field."""


def _http(url) -> bool:
    text = str(url)
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and bool(host) and not any(c.isspace() for c in text)
            and ("." in host or host == "localhost") and ".." not in host)


def lines_of(text: str) -> list[int]:
    """The line each entry of the registry's YAML list starts on (1-based)."""
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [n.start_mark.line + 1 for n in node.value]


def parse(text: str):
    """The YAML, one top-level list entry at a time when it is a plain list of mappings: loaded
    whole, 1,000 entries left ~7 MB of the parser's garbage between the entries kept (the
    crawl's peak memory); anything else (anchors across entries, text before the list) whole."""
    starts = [m.start() for m in ITEM.finditer(text)]
    if not starts or yaml.load(text[:starts[0]], Loader=LOADER) is not None:
        return yaml.load(text, Loader=LOADER)
    entries = []
    for a, b in zip(starts, starts[1:] + [len(text)]):
        try:
            item = yaml.load(text[a:b], Loader=LOADER)
        except yaml.YAMLError:
            item = None
        if not (isinstance(item, list) and len(item) == 1):
            return yaml.load(text, Loader=LOADER)
        entries.append(item[0])
    return entries


def validate(entries, source: str = "registry", lines: list[int] | None = None) -> list[dict]:
    if not isinstance(entries, list):
        raise RegistryError(f"{source}: expected a YAML list of portals, got {type(entries).__name__}")
    seen = set()
    for n, e in enumerate(entries, 1):
        line = f":{lines[n - 1]}" if lines and n <= len(lines) else ""
        name = f"{source}{line}: entry {n}" + (f" ({e.get('id')})" if isinstance(e, dict) and e.get("id") else "")
        if not isinstance(e, dict):
            raise RegistryError(f"{name}: expected a mapping of fields, got {type(e).__name__}")
        unknown = sorted(set(e) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            raise RegistryError(f"{name}: unknown field(s) {', '.join(map(repr, unknown))} "
                                f"(known: {', '.join(list(REQUIRED) + sorted(OPTIONAL))})")
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
        if code and not (str(code).isdigit() and len(str(code)) in (6, 9, 12) and str(code)[:2] in PROVINCES):
            raise RegistryError(f"{name}: field 'region_code' should be a 6, 9 or 12 digit 行政区划代码 "
                                f"starting with a province's two digits, not {code!r}")
        if e["id"] in seen:
            raise RegistryError(f"{name}: field 'id' repeats an earlier entry")
        seen.add(e["id"])
    return entries


def load(path=None, only=None) -> list[dict]:
    """The registry at `path` (default crawler/portals.yml), only the ids asked for if any."""
    path = Path(path or DEFAULT)
    text = path.read_text(encoding="utf-8")
    try:
        data = parse(text)
    except yaml.YAMLError as e:
        raise RegistryError(f"{path}: not valid YAML: {e}") from e
    try:
        entries = validate(data, str(path))
    except RegistryError:  # again, naming the entry's line (composing the YAML costs as much as loading it)
        validate(data, str(path), lines_of(text))
        raise
    if only:
        missing = set(only) - {e["id"] for e in entries}
        if missing:
            raise RegistryError(f"{path}: no portal with id {', '.join(sorted(missing))}")
        entries = [e for e in entries if e["id"] in set(only)]
    for e in entries:
        e["region_code"] = str(e["region_code"]) if e.get("region_code") else ""
    return entries
