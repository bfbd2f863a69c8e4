"""Files made by LibreOffice, Chromium and poppler, cached on disk by content hash so that a
second build is fast. Each tool gets its own throw-away profile; nothing runs in parallel."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "nianbao-heldout4-cache"


def _cached(kind: str, data: bytes, make) -> bytes:
    CACHE.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()[:32]
    path = CACHE / f"{key}.{kind.replace(':', '_').replace('/', '_')}"
    if path.exists() and path.stat().st_size:
        return path.read_bytes()
    out = make()
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    tmp.write_bytes(out)
    tmp.replace(path)
    return out


def available() -> bool:
    return all(shutil.which(x) for x in ("soffice", "pdftotext", "pdftoppm")) and bool(chromium())


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def soffice(data: bytes, src_ext: str, target: str) -> bytes:
    """soffice --headless --convert-to TARGET (e.g. 'pdf', 'doc', 'docx')."""
    def make():
        with tempfile.TemporaryDirectory(prefix="h4lo-") as d:
            src = Path(d) / f"report.{src_ext}"
            src.write_bytes(data)
            prof = Path(d) / "profile"
            subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
                            "--convert-to", target, "--outdir", str(Path(d) / "out"), str(src)],
                           check=True, capture_output=True, timeout=180)
            ext = target.split(":")[0]
            return (Path(d) / "out" / f"report.{ext}").read_bytes()
    return _cached(f"lo-{src_ext}-{target}", data, make)


def chromium_pdf(html: bytes) -> bytes:
    def make():
        with tempfile.TemporaryDirectory(prefix="h4cr-") as d:
            src = Path(d) / "page.html"
            src.write_bytes(html)
            out = Path(d) / "out.pdf"
            subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            f"--user-data-dir={d}/prof", "--no-pdf-header-footer", "--print-to-pdf-no-header",
                            f"--print-to-pdf={out}", src.as_uri()], check=True, capture_output=True, timeout=120)
            return out.read_bytes()
    return _cached("cr-pdf", html, make)


def chromium_png(html: bytes, width: int = 1100, height: int = 2400) -> bytes:
    def make():
        with tempfile.TemporaryDirectory(prefix="h4cr-") as d:
            src = Path(d) / "page.html"
            src.write_bytes(html)
            out = Path(d) / "out.png"
            subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            f"--user-data-dir={d}/prof", "--hide-scrollbars", f"--window-size={width},{height}",
                            f"--screenshot={out}", src.as_uri()], check=True, capture_output=True, timeout=120)
            return out.read_bytes()
    return _cached(f"cr-png-{width}x{height}", html, make)


def pdftotext_layout(pdf: bytes, layout: bool = True) -> bytes:
    """pdftotext -layout (columns kept by spaces) or plain pdftotext (reading order)."""
    def make():
        with tempfile.TemporaryDirectory(prefix="h4pt-") as d:
            src = Path(d) / "in.pdf"
            src.write_bytes(pdf)
            subprocess.run(["pdftotext"] + (["-layout"] if layout else []) + ["-enc", "UTF-8", str(src),
                                                                               str(Path(d) / "out.txt")],
                           check=True, capture_output=True, timeout=60)
            return (Path(d) / "out.txt").read_bytes()
    return _cached("pdftotext" if layout else "pdftotext-raw", pdf, make)


def pdftoppm(pdf: bytes, dpi: int) -> list[bytes]:
    """Pages as PNG, cached as one blob (pages joined by a length prefix)."""
    def make():
        with tempfile.TemporaryDirectory(prefix="h4pp-") as d:
            src = Path(d) / "in.pdf"
            src.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(d) / "pg")],
                           check=True, capture_output=True, timeout=120)
            blob = b""
            for p in sorted(Path(d).glob("pg*.png")):
                b = p.read_bytes()
                blob += len(b).to_bytes(8, "big") + b
            return blob
    blob = _cached(f"ppm{dpi}", pdf, make)
    pages, i = [], 0
    while i < len(blob):
        n = int.from_bytes(blob[i:i + 8], "big")
        pages.append(blob[i + 8:i + 8 + n])
        i += 8 + n
    return pages
