"""One reader per file format, each `read(data, job: nianbao.job.Job) -> Document`; imported only when needed."""
from __future__ import annotations

import importlib

from extract.errors import ReadError

READERS = {
    "html": "extract.readers.html",
    "text": "extract.readers.text",
    "docx": "extract.readers.docx",
    "doc": "extract.readers.office",
    "wps": "extract.readers.office",
    "pdf": "extract.readers.pdf",
    "image": "extract.readers.scan",
}

WHY_NOT = {
    "empty": "empty file",
    "binary": "binary data that is not a document format nianbao knows",
    "zip": "a zip archive, not a report document",
}


def reader_for(fmt: str):
    module = READERS.get(fmt)
    if module is None:
        raise ReadError(WHY_NOT.get(fmt, f"unsupported format: {fmt}"))
    try:
        return importlib.import_module(module).read
    except ModuleNotFoundError as e:
        if e.name == module:
            raise ReadError(f"unsupported format: {fmt} (no reader yet)") from None
        raise
