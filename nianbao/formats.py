"""What a file is, from its first bytes rather than its name (portals mislabel attachments)."""
from __future__ import annotations


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
        return zip_kind(data, ext)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word 97, WPS, Excel
        return {".wps": "wps", ".xls": "xls", ".et": "xls"}.get(ext, "doc")
    if looks_binary(head):
        return "binary"
    low = head.lower()
    if any(t in low for t in (b"<html", b"<!doctype", b"<table", b"<body", b"<div", b"<p>", b"<meta")):
        return "html"
    return "html" if EXTENSIONS.get(ext) == "html" and b"<" in low else "text"


ZIP_EDGE = 1 << 20  # bytes read at each end of a zip: its first entries and its central directory


def zip_kind(data: bytes, ext: str) -> str:
    """docx, xlsx or zip, from the entry names in the first and last megabyte: the zip's own
    directory is never read whole (one listing 3 million entries takes gigabytes), so the
    reader, inside its worker's limits, is the one to find a damaged package."""
    edges = data[:ZIP_EDGE] + data[-ZIP_EDGE:]
    if b"word/document.xml" in edges:
        return "docx"
    if b"xl/workbook.xml" in edges:
        return "xlsx"
    return EXTENSIONS.get(ext, "zip") if ext in (".docx", ".xlsx") else "zip"


def looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        # UTF-16 text has NULs too
        return not (head.startswith((b"\xff\xfe", b"\xfe\xff")))
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05
