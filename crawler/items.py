"""What the spider hands the archive pipeline: one fetched report document."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    url: str
    body: bytes = field(repr=False)
    format: str  # html, pdf, doc, docx, wps, xls, xlsx, image, text
    portal_id: str
    page_url: str = ""
    agency: str = ""
    region: str = ""
    region_code: str = ""
    link_text: str = ""
    title: str = ""
    year_hint: int | None = None
    fetched_at: str = ""
    http_status: int = 200
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    aliases: list[str] = field(default_factory=list)  # other URLs that led to these bytes (redirects)
