"""What a file is, from its first bytes rather than its name (portals mislabel attachments)."""
from __future__ import annotations

import io
import zipfile

EXTENSIONS = {
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".jsp": "html",
    ".txt": "text", ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps",
    ".xls": "xls", ".xlsx": "xlsx", ".et": "xls", ".jpg": "image", ".jpeg": "image",
    ".png": "image", ".tif": "image", ".tiff": "image", ".gif": "image", ".bmp": "image",
    ".ofd": "ofd", ".zip": "zip", ".rar": "rar",
}
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")


def sniff(data: bytes, name: str = "") -> str:
    """html, text, pdf, docx, doc, wps, xls, xlsx, image, zip, empty or binary."""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = data[:2048]
    if not data.strip():
        return "empty"
    if head.lstrip().startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return EXTENSIONS.get(ext, "zip") if ext in (".docx", ".xlsx") else "zip"
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word 97, WPS, Excel
        return {".wps": "wps", ".xls": "xls", ".et": "xls"}.get(ext, "doc")
    if looks_binary(head):
        return "binary"
    low = head.lower()
    if any(t in low for t in (b"<html", b"<!doctype", b"<table", b"<body", b"<div", b"<p>", b"<meta")):
        return "html"
    return "html" if EXTENSIONS.get(ext) == "html" and b"<" in low else "text"


def looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16 text has NULs too
        return not (head.startswith((b"\xff\xfe", b"\xfe\xff")))
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05
