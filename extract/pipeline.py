"""One document → one Report: sniff, read, map labels to keys, metadata, sections, checks.

Nothing here raises for bad input: every failure becomes a `failed` report with a reason
that names what was wrong, so a run over thousands of files goes on.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

from extract import meta
from extract.checks import run_checks
from extract.errors import ReadError
from extract.grid import Document
from nianbao.layouts import layouts
from extract.assemble import map_document
from extract.model import Report
from extract.prose import prose_checks
from extract.readers import reader_for
from extract.sections import split_sections
from nianbao.formats import EXTENSIONS, sniff
from nianbao.job import Job

MAX_BYTES = {"html": 20 << 20, "text": 20 << 20, "docx": 100 << 20, "default": 200 << 20}
BINARY_FORMATS = {"pdf", "docx", "doc", "wps", "xls", "xlsx", "image"}
# what the crawler (or the command line) knew that fills what the document itself did not say
HINT_FIELDS = ("agency", "region", "region_code", "year", "url", "page_url", "published", "portal_id")


def extract_path(path: str | Path, **hints) -> Report:
    """A file on disk; `hints` as for Job.of (url, agency, year, …)."""
    path = Path(path)
    hints.setdefault("url", str(path))
    return extract_job(Job.of(hints.pop("name", "") or "", path=path, **hints))


def extract_job(job: Job) -> Report:
    """The document a Job names (its bytes at job.path)."""
    path = job.path
    if not job.url:
        job = job.but(url=str(path))
    if not job.name:
        # the archive names files by sha256: the name it was published under says what it claims to be
        job = job.but(name=job.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] if job.url else path.name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES["default"]:
            return failed_unread(path, size, job)
        data = path.read_bytes()
    except OSError as e:
        r = Report(id="", sha256="", format="", status="failed", reason=f"cannot read file: {e.strerror}")
        r.url = job.url or str(path)
        return r
    return read_job(data, job)


def failed_unread(path: Path, size: int, job: Job) -> Report:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    r = Report(id=sha[:16], sha256=sha, format=sniff(path.open("rb").read(4096), path.name),
               status="failed", reason=f"file too large: {size >> 20} MB (limit {MAX_BYTES['default'] >> 20} MB)")
    apply_hints(r, job)
    return r


def extract_bytes(data: bytes, name: str = "", content_type: str | None = None, **hints) -> Report:
    """Bytes named `name`; `hints` as for Job.of (url, agency, year, …)."""
    return read_job(data, Job.of(name, content_type=content_type or "", **hints))


def read_job(data: bytes, job: Job) -> Report:
    start = time.perf_counter()
    name = job.name
    # the archive already knows both (documents.sha256, documents.format): not computed again
    sha = job.sha256 or hashlib.sha256(data).hexdigest()
    fmt = job.format or sniff(data, name)
    report = Report(id=sha[:16], sha256=sha, format=fmt)
    try:
        limit = MAX_BYTES.get(fmt, MAX_BYTES["default"])
        if len(data) > limit:
            raise ReadError(f"file too large for a {fmt} report: {len(data) >> 20} MB (limit {limit >> 20} MB)")
        claimed = EXTENSIONS.get(Path(name).suffix.lower(), "")
        if claimed in BINARY_FORMATS and fmt in ("text", "html"):
            raise ReadError(f"named {Path(name).suffix} but it is not a {claimed.upper()} file "
                            f"(truncated, or a {fmt} page served in its place; not a zip/PDF/Word file)")
        doc = reader_for(fmt)(data, job)
        fill(report, doc, job)
    except ReadError as e:
        report.status, report.reason = "failed", str(e)
        apply_hints(report, job)
    except MemoryError:
        report.status, report.reason = "failed", "out of memory while reading"
        apply_hints(report, job)
    except Exception as e:  # a reader bug must not stop the run; say what happened
        report.status, report.reason = "failed", f"internal error in the {fmt} reader: {type(e).__name__}: {e}"
        apply_hints(report, job)
    report.seconds = time.perf_counter() - start
    return report


def apply_hints(report: Report, job: Job) -> None:
    """What the crawler (or the command line) knew fills what the document itself did not say."""
    for f in HINT_FIELDS:
        if getattr(job, f) and not getattr(report, f):
            setattr(report, f, getattr(job, f))


def fill(report: Report, doc: Document, job: Job) -> None:
    if doc.format and doc.format != report.format and report.format not in ("doc", "wps"):
        report.format = doc.format
    title, agency, year = meta.find_title(doc.text, doc.title_hint)
    report.title, report.agency = title, agency or job.agency or meta.signature_agency(doc.text)
    report.year = year or meta.stat_year(doc.text)
    report.published = meta.published_date(doc.text) or meta.published_date(doc.page_text)
    apply_hints(report, job)
    report.region = job.region or meta.region_of(report.agency)
    cells, notes, doubts = map_document(doc)
    report.cells = sorted(cells, key=lambda c: c.key)
    report.unread = sorted(c.key for c in cells if c.value is None)
    report.template = template_of(report)
    report.sections = split_sections(doc.text)
    read = report.values()
    report.checks = run_checks(read, {k for k in expected_keys(report) if k not in read} | set(report.unread))
    report.checks += prose_checks(doc.text, read, report.agency)
    judge(report, notes + doc.notes, doc.doubts + doubts)


def template_of(report: Report) -> str:
    """From table 2's columns (the report's own layout), else table 3's rows, else the year."""
    keys = {c.key for c in report.cells}
    t2 = layouts()["active"]
    fmts = [f for k in t2.cols for f in k.formats if any(key.startswith("active.") and key.endswith("." + k.code) for key in keys)]
    if fmts:
        return max(set(fmts), key=fmts.count) if len(set(fmts)) > 1 else fmts[0]
    if report.year and report.year <= 2018:
        return "legacy"
    if any(k.startswith("requests.other_") for k in keys):
        return "2021"
    if any(k.startswith("requests.other.") for k in keys):
        return "2019"
    if not keys:
        return ""
    return "2021" if (report.year or 0) >= 2021 else "2019"


def expected_keys(report: Report) -> list[str]:
    template = report.template
    if template not in ("2019", "2021"):
        return []
    keys = {c.key for c in report.cells}
    out = []
    for code, t in layouts().items():
        rows_template = template
        if code == "requests":  # a mixed report: the 2019 single （六）其他处理 row in a 2021 report, or the reverse
            if any(k.startswith("requests.other_") for k in keys):
                rows_template = "2021"
            elif any(k.startswith("requests.other.") for k in keys):
                rows_template = "2019"
        out += [f"{code}.{r}.{c}" for r, c in t.expected(rows_template if code == "requests" else template)]
    return out


def judge(report: Report, notes: list[str], doubts: list[str] = ()) -> None:
    """ok: every cell of the layout read, every number of its tables placed, no key printed
    twice differently; partial: otherwise, saying which; failed: no table at all."""
    if report.template == "legacy":
        report.status = "partial"
        report.reason = f"legacy format (before 2019): text kept, {len(report.cells)} cells matched the national keys"
        return
    if not report.cells:
        report.status = "failed"
        report.reason = "no report tables found" + (f" ({'; '.join(notes[:3])})" if notes else "")
        return
    keys = {c.key for c in report.cells if c.value is not None}
    missing = [k for k in expected_keys(report) if k not in keys]
    report.unread = sorted(set(report.unread) | set(missing))
    if report.unread or doubts:
        tables = sorted({k.split(".")[0] for k in report.unread})
        report.status = "partial"
        said = []
        if doubts:
            said.append("; ".join(doubts[:4]) + (f" (and {len(doubts) - 4} more)" if len(doubts) > 4 else ""))
        if report.unread:
            said.append(f"{len(report.unread)} cells unread ({', '.join(tables)}): "
                        + ", ".join(report.unread[:8]) + (" …" if len(report.unread) > 8 else ""))
        report.reason = "; ".join(said + notes[:3])
    else:  # every cell read: only what a reader of the numbers must know (two printings differ)
        report.reason = "; ".join(n for n in notes if "differs" in n)[:500]
