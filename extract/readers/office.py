"""DOC and WPS: convert to DOCX with LibreOffice headless, then read the DOCX.

Each conversion gets its own temporary profile and folder, so conversions can run in
parallel (LibreOffice refuses a second instance on one profile), and a converter that hangs
is killed with its whole process group and cleaned up.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from extract import limits
from extract.errors import ReadError
from extract.grid import Document
from nianbao.job import Job

TIMEOUT = 90  # seconds per document; a normal report converts in 1-3 s
MAX_BYTES = 64 * 1024 * 1024

# What LibreOffice should produce for each target, with the filter agencies' files need.
FILTERS = {
    "docx": "docx:MS Word 2007 XML",
    "pdf": "pdf:writer_pdf_Export",
    "doc": "doc:MS Word 97",
}

# Magic numbers of what we accept: OLE2 (DOC, WPS), ZIP (DOCX, WPS 2019+), RTF (often saved as .doc).
MAGIC = (b"\xd0\xcf\x11\xe0", b"PK\x03\x04", b"{\\rtf")


def soffice_convert(data: bytes, suffix: str, target: str, timeout: float = TIMEOUT,
                    tmp_root: str | None = None) -> bytes:
    """Convert `data` (a file ending in `suffix`) to `target` (docx, pdf, doc) with LibreOffice.

    Raises ReadError with the reason when LibreOffice fails, produces nothing or times out.
    `tmp_root`: where the private profile and folder are made (default: the system's temp).
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise ReadError("LibreOffice (soffice) is not installed: cannot convert DOC/WPS")
    timeout = limits.remaining(timeout, margin=2)  # stop it ourselves, before the worker is stopped
    if timeout < 0.5:
        raise ReadError("no time left to convert with LibreOffice (the document's time limit)")
    with tempfile.TemporaryDirectory(prefix="nianbao-soffice-", dir=tmp_root) as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / f"in{suffix}"
        src.write_bytes(data)
        out_dir = tmp_path / "out"
        out_dir.mkdir()
        cmd = [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", FILTERS.get(target, target), "--outdir", str(out_dir), str(src)]
        env = dict(os.environ, HOME=str(tmp_path), TMPDIR=str(tmp_path))
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)  # own process group, killed as one
        limits.register(proc.pid, tmp)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ReadError(f"LibreOffice did not finish converting within {timeout:.0f} s (killed)")
        finally:
            _kill_group(proc)  # soffice may leave helpers (oosplash children) behind
            limits.release(proc.pid)
        outs = [p for p in out_dir.iterdir() if p.suffix.lower() == f".{target}"]
        if not outs or outs[0].stat().st_size == 0:
            msg = err.decode("utf-8", "replace").strip().splitlines()
            raise ReadError("LibreOffice could not convert the file"
                            + (f": {msg[-1][:200]}" if msg else " (no output)"))
        return outs[0].read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def to_docx(data: bytes, name: str, timeout: float = TIMEOUT) -> bytes:
    """The DOCX LibreOffice makes of a DOC/WPS/RTF file, after checking it looks like one."""
    if not data:
        raise ReadError("empty file")
    if len(data) > MAX_BYTES:
        raise ReadError(f"file too large for conversion ({len(data) // 1024 // 1024} MB)")
    if not data.startswith(MAGIC):
        raise ReadError("not a Word/WPS document (unknown file signature)")
    suffix = Path(name).suffix.lower() or ".doc"
    if suffix not in (".doc", ".wps", ".rtf", ".docx", ".wpt", ".dot"):
        suffix = ".doc"
    return soffice_convert(data, suffix, "docx", timeout)


def read(data: bytes, job: Job) -> Document:
    name = job.name
    """Read a DOC/WPS document: LibreOffice to DOCX, then the DOCX reader."""
    docx_bytes = to_docx(data, name)
    from extract.readers import docx as docx_reader  # the lead's reader

    doc = docx_reader.read(docx_bytes, job)
    ext = Path(name).suffix.lower().lstrip(".")
    doc.format = ext if ext in ("doc", "wps") else "doc"
    doc.notes.append("converted to DOCX with LibreOffice")
    return doc
