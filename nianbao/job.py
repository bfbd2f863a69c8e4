"""The hand-off from the archive to the extractor: one document and what the crawler knew of it.

A `Job` is built from the document's `documents` row (or from a file given on the command
line) and is what every reader receives, `read(data, job)`, so nothing the crawler learnt
(the server's charset, the link text, the page it was linked from) is lost on the way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


@dataclass(frozen=True)
class Job:
    name: str = ""  # the file name it was published under (the archive names files by sha256)
    path: Path | None = None  # where its bytes are (data/raw/…), when they are on disk
    sha256: str = ""
    format: str = ""  # as sniffed when archived (nianbao.formats.sniff)
    content_type: str = ""  # the server's Content-Type, charset included
    url: str = ""
    page_url: str = ""  # the page that linked it
    title: str = ""  # the title the page or list gave it
    link_text: str = ""
    portal_id: str = ""
    agency: str = ""
    region: str = ""
    region_code: str = ""
    year: int | None = None  # the year the list or link named (documents.year_hint)
    published: str = ""

    @property
    def charset(self) -> str:
        """The charset the server declared, '' when it declared none."""
        m = CHARSET.search(self.content_type or "")
        return m.group(1).lower() if m else ""

    @classmethod
    def from_row(cls, row: dict, data_dir: str | Path = ".") -> Job:
        """The job for a `documents` row; its relative path is under data_dir."""
        path = Path(row["path"]) if row.get("path") else None
        if path is not None and not path.is_absolute():
            path = Path(data_dir) / path
        url = row.get("url") or ""
        return cls(name=name_of(url) or (path.name if path else ""), path=path,
                   year=row.get("year_hint"),
                   **{f: row.get(f) or "" for f in ("sha256", "format", "content_type", "url", "page_url",
                                                     "title", "link_text", "portal_id", "agency", "region",
                                                     "region_code")})

    @classmethod
    def of(cls, name: str = "", **known) -> Job:
        """A job from keyword arguments (the command line's or a test's), ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        return cls(name=name, **{k: v for k, v in known.items() if k in names and v is not None})

    def but(self, **changes) -> Job:
        return replace(self, **changes)


def name_of(url: str) -> str:
    """The last path segment of a URL or path, without its query."""
    return url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
