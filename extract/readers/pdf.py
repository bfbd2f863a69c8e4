"""PDF reports: ruled tables and text with pdfplumber, scanned pages and pictures with OCR.

Each page is parsed once: its characters feed both the table finder and the text. Pages
whose characters come out as `(cid:NNN)` (CJK fonts without a ToUnicode map) get their text
from pypdfium2's text layer, or from OCR when that fails too; pages with no text layer
(scans) and large pictures inside a digital page (「图片版」) go to the scan reader.
"""
from __future__ import annotations

import io
import logging
import re
import time
import unicodedata

import pdfplumber

from extract.errors import ReadError
from extract.grid import Document, Grid
from extract.readers import pdfedges, pdfgrid, pdflines, pdftext
from nianbao.job import Job

MAX_PAGES = 120  # an annual report has 3-40 pages; more is an attachment bundle
MAX_OCR_PAGES = 24
DEADLINE = 240.0  # seconds per document, checked between pages
OCR_DPI = 200
CID = re.compile(r"\(cid:\d+\)")

for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)


class _Lines(list):
    """The lines of a page without ruled tables, kept for text_grids (which may join them
    with the next page's: an unruled table split over a page break)."""

    def __init__(self, page: int, lines):
        super().__init__((page, top, frags) for top, frags in lines)


class _Context:
    """What the pages of one document share: the pypdfium2 handle, opened only when needed."""

    def __init__(self, data: bytes):
        self.data = data
        self._pdfium = None
        self.ocr_pages = 0
        self.notes: list[str] = []

    def pdfium_page(self, index: int):
        if self._pdfium is None:
            import pypdfium2 as pdfium

            self._pdfium = pdfium.PdfDocument(self.data)
        return self._pdfium[index]

    def close(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()


def read(data: bytes, job: Job) -> Document:
    """Read a PDF into text in reading order and one grid per table (split tables joined)."""
    if not data:
        raise ReadError("empty file")
    if b"%PDF" not in data[:1024]:
        raise ReadError("not a PDF (no %PDF header)")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as e:  # pdfminer raises many types for broken files
        raise ReadError(_open_error(e)) from None
    ctx = _Context(data)
    try:
        return _read_pages(pdf, pages, ctx)
    finally:
        ctx.close()
        pdf.close()


def _open_error(e: Exception) -> str:
    kind = type(e).__name__ + "".join(type(a).__name__ for a in e.args if isinstance(a, Exception))
    if "Password" in kind or "Encrypt" in kind or "encrypt" in str(e).lower():
        return "encrypted PDF: a password is needed to open it"
    return f"corrupt or truncated PDF ({kind}: {str(e)[:120]})".replace(": )", ")")


def _read_pages(pdf, pages, ctx: _Context) -> Document:
    if not pages:
        raise ReadError("the PDF has no pages (corrupt or truncated)")
    started = time.monotonic()
    if len(pages) > MAX_PAGES:
        ctx.notes.append(f"{len(pages)} pages: only the first {MAX_PAGES} were read")
    reads: list[_Page] = []
    failed = 0
    for i, page in enumerate(pages[:MAX_PAGES]):
        if time.monotonic() - started > DEADLINE:
            ctx.notes.append(f"time limit reached: pages {i + 1}-{len(pages)} not read")
            break
        try:
            reads.append(_read_page(page, i + 1, ctx))
        except ReadError:
            raise
        except Exception as e:
            failed += 1
            ctx.notes.append(f"page {i + 1} could not be read ({type(e).__name__}: {str(e)[:80]})")
        finally:
            page.close()
    if failed and failed == min(len(pages), MAX_PAGES):
        raise ReadError(f"no page of the PDF could be read ({ctx.notes[-1]})")
    running = pdfedges.running(reads)
    texts: list[str] = []
    entries: list[tuple[int, float, object]] = []  # (page, top, Part or Grid) in reading order
    for r in reads:
        text, found = r.finish(running)
        texts.append(text)
        entries.extend(found)
    grids = _grids(entries)
    text = "\n".join(t for t in texts if t)
    if not text.strip() and not grids:
        raise ReadError("the PDF has no readable text" + (f" ({'; '.join(ctx.notes)})" if ctx.notes else ""))
    return Document(text, grids, "pdf", _title(pdf), ctx.notes)


def _title(pdf) -> str:
    """The metadata title, decoded from its raw bytes (UTF-16 with either byte order)."""
    try:
        from pdfminer.pdftypes import resolve1
        from pdfminer.utils import decode_text

        raw = resolve1((pdf.doc.info or [{}])[0].get("Title"))
        if isinstance(raw, bytes):
            if raw[:2] == b"\xff\xfe":
                title = raw[2:].decode("utf-16-le", "replace")
            elif raw[:2] == b"\xfe\xff":
                title = raw[2:].decode("utf-16-be", "replace")
            else:
                title = decode_text(raw)
        else:
            title = str(raw or "")
    except Exception:  # a broken info dictionary is no reason to fail the document
        title = ""
    return re.sub(r"^Microsoft Word - ", "", title.replace("\x00", "")).strip()


def _grids(entries: list[tuple[int, float, object]]) -> list[Grid]:
    """Grids in reading order; ruled parts that continue across a page break are joined.

    A table is numbered as seen on the page where it starts: 「page 4 table 2」 is the second
    table visible on page 4, even when the first is the end of one from page 3.
    """
    entries.sort(key=lambda e: (e[0], e[1]))
    out: list[Grid] = []
    run: list[pdfgrid.Part] = []
    lines: list = []
    seen: dict[int, int] = {}
    number: dict[int, int] = {}
    for page, _, item in entries:
        seen[page] = seen.get(page, 0) + 1
        number[id(item)] = seen[page]

    def flush():
        for group in pdfgrid.group_parts(run):
            out.append(pdfgrid.grid_from_parts(group, number[id(group[0])]))
        run.clear()
        out.extend(g for _, _, g in pdftext.text_grids(lines))
        lines.clear()

    for page, _, item in entries:
        if isinstance(item, _Lines):
            if run:
                flush()
            lines.extend(item)
        elif isinstance(item, pdfgrid.Part):
            if lines:
                flush()
            run.append(item)
        else:
            flush()
            out.append(item)
    flush()
    return out


class _Page:
    """What one page gave: its lines (None for a page read by OCR), text read by OCR, and
    the table parts and grids found, each with its top. The text and the `_Lines` of a
    digital page are made once every page is read, without the running headers/footers."""

    def __init__(self, no: int, height: float, lines=None, text: str = "", found=None):
        self.no, self.height, self.lines, self.text = no, height, lines, text
        self.found: list = found or []

    def finish(self, running: set[tuple[int, float]]) -> tuple[str, list]:
        if self.lines is None:
            return self.text, self.found
        lines = [(top, fs) for top, fs in self.lines if (self.no, top) not in running]
        text = pdflines.lines_text(lines) + self.text
        found = self.found
        if found:
            _mark_edges([f[2] for f in found], lines)
        else:
            found = [(self.no, 0.0, _Lines(self.no, lines))]  # tables without rulings: read with the next pages
        return text, found


def _read_page(page, no: int, ctx: _Context) -> _Page:
    """One page: its lines and what it holds (table parts and grids, each with its top)."""
    height = float(page.height)
    chars = page.chars
    if chars and sum(1 for c in chars if CID.fullmatch(c["text"])) > 0.02 * len(chars):
        if not _fix_cids(page, ctx.pdfium_page(no - 1)):
            return _Page(no, height, None, *_ocr_page(page, no, ctx, "glyphs without a text mapping (cid)"))
        ctx.notes.append(f"page {no}: glyphs without a text mapping (cid), text taken from pypdfium2")
    if _overprinted(chars):  # fake bold: every glyph printed twice, a fraction of a point apart
        page = page.dedupe_chars(tolerance=1)
        chars = page.chars
    visible = [c for c in chars if c["text"].strip()]
    if len(visible) < 10 and _big_images(page, visible):
        return _Page(no, height, None, *_ocr_page(page, no, ctx, "no text layer"))
    found: list = []
    closing = _closing_edges(page)
    for t in page.find_tables({"explicit_horizontal_lines": closing} if closing else None):
        cut = any(abs(t.bbox[k] - e["top"]) < 1 for e in closing for k in (1, 3))
        part = pdfgrid.part_from_table(t, no, cut)
        if part is not None:
            found.append((no, part.bbox[1], part))
    lines = pdflines.lines_of(page.extract_words())
    text = ""
    for img in _big_images(page, visible):
        t, parts = _ocr_region(page, no, ctx, img)
        text += ("\n" + t) if t else ""
        found.extend((no, p.bbox[1], p) for p in parts)
    return _Page(no, height, lines, text, found)


def _closing_edges(page) -> list[dict]:
    """Rulings that close a table cut by the page break. Browsers and some editors print no
    bottom rule where a table breaks (and no top rule where it goes on): the cut piece has
    side rulings that end in nothing, and without a closing line its cells — often the
    table's header — are no table at all. Three or more side rulings ending at the same
    height near the page's foot (or starting near its head) with no ruling across them get one."""
    h = float(page.height)
    edges = [e for e in page.edges if e["orientation"] in ("v", "h")]
    across = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= 6]  # not a side ruling's own end
    sides = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 6]
    out = []
    for end, near in (("bottom", lambda y: y > 0.7 * h), ("top", lambda y: y < 0.3 * h)):
        loose = [e for e in sides if near(e[end]) and not any(
            abs(a["top"] - e[end]) <= pdfgrid.EDGE_TOL and a["x0"] - pdfgrid.EDGE_TOL <= e["x0"] <= a["x1"] + pdfgrid.EDGE_TOL
            for a in across)]
        by_y: dict[int, list[dict]] = {}
        for e in loose:
            by_y.setdefault(round(e[end] / 2), []).append(e)
        for group in by_y.values():
            xs = sorted({round(e["x0"]) for e in group})
            if len(xs) >= 3:
                y = sum(e[end] for e in group) / len(group)
                out.append({"object_type": "line", "x0": float(xs[0]), "x1": float(xs[-1]), "top": y, "bottom": y,
                            "width": float(xs[-1] - xs[0]), "height": 0.0})
    return out


def _overprinted(chars: list[dict]) -> bool:
    """Do many characters stand twice at (almost) the same place?"""
    seen, twice = set(), 0
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        twice += key in seen
        seen.add(key)
    return twice > 0.05 * len(chars)


def _mark_edges(parts: list[pdfgrid.Part], lines) -> None:
    """Whether the first/last table of the page has only page numbers above/below it."""
    parts.sort(key=lambda p: p.bbox[1])
    for p in parts:
        p.first_on_page = p.last_on_page = p.clear_above = p.clear_below = False
    first, last = parts[0], parts[-1]
    first.first_on_page = last.last_on_page = True
    first.clear_above = all(pdfgrid.is_footer(" ".join(f.text for f in fs)) for top, fs in lines if top < first.bbox[1] - 2)
    last.clear_below = all(pdfgrid.is_footer(" ".join(f.text for f in fs)) for top, fs in lines if top > last.bbox[3] - 2)


def _big_images(page, visible) -> list[dict]:
    """Pictures large enough to hold a table, with (almost) no text printed over them."""
    area = float(page.width * page.height)
    out = []
    for im in page.images:
        x0, top, x1, bottom = im["x0"], im["top"], im["x1"], im["bottom"]
        if (x1 - x0) * (bottom - top) < 0.02 * area or (x1 - x0) < 0.3 * page.width or bottom - top < 36:
            continue
        inside = sum(1 for c in visible if x0 <= c["x0"] <= x1 and top <= c["top"] <= bottom)
        if inside < 10:
            out.append(im)
    return out


def _render(page, no: int, ctx: _Context, dpi: int = OCR_DPI):
    """The page as a picture (pypdfium2), its longer side capped to bound memory."""
    pdf_page = ctx.pdfium_page(no - 1)
    longest = max(page.width, page.height)
    scale = min(dpi / 72.0, 4000.0 / max(longest, 1.0))
    return pdf_page.render(scale=scale, grayscale=False).to_pil(), scale


def _ocr_allowed(no: int, ctx: _Context) -> bool:
    if ctx.ocr_pages >= MAX_OCR_PAGES:
        if ctx.ocr_pages == MAX_OCR_PAGES:
            ctx.notes.append(f"more than {MAX_OCR_PAGES} pages need OCR: page {no} and later not read")
        ctx.ocr_pages += 1
        return False
    ctx.ocr_pages += 1
    return True


def _ocr_page(page, no: int, ctx: _Context, why: str = "") -> tuple[str, list]:
    """A page read by OCR; its tables come back as Parts in page points, so that a scanned
    table split over two pages is joined like a digital one."""
    from extract.readers import scan

    if not _ocr_allowed(no, ctx):
        return "", []
    image, scale = _render(page, no, ctx)
    res = scan.read_image(image, no)
    ctx.notes.append(f"page {no}: {why or 'no usable text layer'}, read by OCR")
    ctx.notes.extend(f"page {no}: {n}" for n in res.notes)
    return res.text, [(no, p.bbox[1], _to_points(p, scale, 0.0, 0.0)) for p in res.parts]


def _ocr_region(page, no: int, ctx: _Context, img: dict) -> tuple[str, list]:
    """A picture inside a digital page (「图片版」) read by OCR."""
    from extract.readers import scan

    if not _ocr_allowed(no, ctx):
        return "", []
    image, scale = _render(page, no, ctx)
    box = tuple(int(v * scale) for v in (img["x0"], img["top"], img["x1"], img["bottom"]))
    res = scan.read_image(image.crop(box), no)
    ctx.notes.append(f"page {no}: a picture of {'a table' if res.parts else 'text'} (图片版), read by OCR")
    ctx.notes.extend(f"page {no}: {n}" for n in res.notes)
    return res.text, [_to_points(p, scale, box[0], box[1]) for p in res.parts]


def _to_points(part: pdfgrid.Part, scale: float, dx: float, dy: float) -> pdfgrid.Part:
    """A Part found on a rendered picture, moved back to page coordinates (points)."""
    def pt(x: float, y: float) -> tuple[float, float]:
        return (x + dx) / scale, (y + dy) / scale

    x0, top = pt(part.bbox[0], part.bbox[1])
    x1, bottom = pt(part.bbox[2], part.bbox[3])
    part.bbox = (x0, top, x1, bottom)
    for b in part.boxes:
        b.x0, b.top = pt(b.x0, b.top)
        b.x1, b.bottom = pt(b.x1, b.bottom)
    part.tol /= scale
    return part


def _bad(ch: str) -> bool:
    return not ch or ch == "\ufffd" or unicodedata.category(ch[0]) in ("Co", "Cc", "Cs", "Cn")


def _fix_cids(page, pdf_page) -> bool:
    """Replace `(cid:N)` characters by the text pypdfium2 reads at the same place.

    True when (almost) every such character got a real one.
    """
    tp = pdf_page.get_textpage()
    try:
        height = float(page.height)
        cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if _bad(ch) or not ch.strip():
                continue
            left, bottom, right, top = tp.get_charbox(i)
            cx, cy = (left + right) / 2, height - (bottom + top) / 2
            cells.setdefault((int(cx // 8), int(cy // 8)), []).append((cx, cy, ch))
    finally:
        tp.close()
    bad = fixed = 0
    for c in page.chars:
        if not CID.fullmatch(c["text"]):
            continue
        bad += 1
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        near = [p for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                for p in cells.get((int(cx // 8) + dx, int(cy // 8) + dy), [])]
        if near:
            best = min(near, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
            if (best[0] - cx) ** 2 + (best[1] - cy) ** 2 < max(4.0, (c["size"] * 0.4) ** 2):
                c["text"] = best[2]
                fixed += 1
    return fixed >= 0.95 * bad
