"""The raw archive: every document stored once, under its sha256 (data/raw/ab/abcdef….pdf)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

EXT = {"html": ".html", "text": ".txt", "pdf": ".pdf", "docx": ".docx", "doc": ".doc", "wps": ".wps",
       "xls": ".xls", "xlsx": ".xlsx", "zip": ".zip"}


def raw_relpath(sha256: str, fmt: str, name: str = "") -> str:
    ext = EXT.get(fmt) or (os.path.splitext(name)[1].lower()[:6] if name else "") or ".bin"
    return f"raw/{sha256[:2]}/{sha256}{ext}"


def store_raw(data_dir: str | Path, data: bytes, fmt: str, name: str = "", sha256: str = "") -> tuple[str, str]:
    """Write the bytes once; returns (sha256, path relative to data_dir). `sha256`: the digest
    when the caller already has it."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    rel = raw_relpath(sha, fmt, name)
    target = Path(data_dir) / rel
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f"{target.suffix}.{os.getpid()}.part")  # crawlers sharing a folder write apart
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return sha, rel
