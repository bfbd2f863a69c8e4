"""Conversions by the tools agencies' files actually pass through: LibreOffice (DOCX → PDF,
DOCX → DOC), Chromium's print to PDF (an HTML page printed), pdftotext -layout, and a
reportlab PDF with the STSong-Light CID font (what iText/reportlab report generators emit)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .model import expand


def have_office() -> bool:
    return bool(shutil.which("soffice") and shutil.which("pdftotext"))


def soffice_batch(files: dict[str, bytes], target: str) -> dict[str, bytes]:
    """{name.ext: bytes} → {name: converted bytes}, one LibreOffice run for all."""
    if not files:
        return {}
    with tempfile.TemporaryDirectory(prefix="h3so-") as tmp:
        src, out, prof = Path(tmp, "src"), Path(tmp, "out"), Path(tmp, "profile")
        src.mkdir(), out.mkdir()
        for name, data in files.items():
            (src / name).write_bytes(data)
        cmd = ["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(out)] + [str(src / n) for n in files]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=False)
        ext = target.split(":")[0]
        res = {}
        for name in files:
            p = out / (Path(name).stem + "." + ext)
            if p.exists():
                res[Path(name).stem] = p.read_bytes()
        return res


def chromium_pdf(html: bytes) -> bytes | None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        return None
    with tempfile.TemporaryDirectory(prefix="h3cr-") as tmp:
        src, out = Path(tmp, "page.html"), Path(tmp, "page.pdf")
        src.write_bytes(html)
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--user-data-dir={tmp}/prof",
               "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri()]
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            return None
        return out.read_bytes() if out.exists() else None


def pdftotext_layout(pdf: bytes) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="h3pt-") as tmp:
        p = Path(tmp, "a.pdf")
        p.write_bytes(pdf)
        r = subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, timeout=120)
        return r.stdout if r.returncode == 0 else None


def reportlab_pdf(blocks) -> bytes | None:
    try:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    except ImportError:
        return None
    import io
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=7.5, leading=9.5, wordWrap="CJK", alignment=1)
    title = ParagraphStyle("t", parent=body, fontSize=16, leading=24, alignment=1)
    story = []
    for kind, val in blocks:
        if kind == "title":
            story.append(Paragraph(val.replace("\n", "<br/>"), title))
        elif kind in ("h", "p"):
            story.append(Paragraph(val, body))
        elif kind == "gap":
            story.append(Spacer(1, 6))
        elif kind == "table":
            m = expand(val)
            nr, nc = len(m), len(m[0])
            data = [[Paragraph(c.text.replace("\n", "<br/>"), cell) if origin and c.text else "" for c, origin in r] for r in m]
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                     ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]
            seen = set()
            for ri in range(nr):
                for ci in range(nc):
                    c, origin = m[ri][ci]
                    if origin and (c.cs > 1 or c.rs > 1) and id(c) not in seen:
                        seen.add(id(c))
                        style.append(("SPAN", (ci, ri), (ci + c.cs - 1, ri + c.rs - 1)))
            width = 500.0
            if nc >= 8:  # table 3: wide label columns, narrow number columns
                lab = [40, 55, 110][: min(3, nc - 7)]
                rest = (width - sum(lab)) / (nc - len(lab))
                widths = lab + [rest] * (nc - len(lab))
            else:
                widths = [width / nc] * nc
            story.append(Table(data, colWidths=widths, style=TableStyle(style), repeatRows=0))
            story.append(Spacer(1, 6))
    bio = io.BytesIO()
    SimpleDocTemplate(bio, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=50, bottomMargin=50).build(story)
    return bio.getvalue()


def cache_dir() -> Path:
    d = Path(os.environ.get("NIANBAO_HELDOUT3_CACHE", tempfile.gettempdir())) / "nianbao-heldout3"
    d.mkdir(parents=True, exist_ok=True)
    return d
