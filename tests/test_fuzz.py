"""Every reader, fed mutated real and generated files (bytes flipped, cut, spliced): each ends
as a report with a status and a reason — never an internal error (a reader bug), never a hang.
Bounded so CI affords it; a crash found here becomes a regression file in tests/fuzz/."""
from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.pipeline import extract_bytes
from nianbao.world.files import make_truth, render

REAL = Path(__file__).resolve().parent / "real"
REGRESSIONS = Path(__file__).resolve().parent / "fuzz"


@lru_cache(maxsize=None)
def seed_file(kind: str) -> tuple[bytes, str]:
    t = make_truth(4)
    return {
        "html": lambda: (render(t, "html"), "a.html"),
        "text": lambda: (render(t, "text"), "a.txt"),
        "docx": lambda: (render(t, "docx"), "a.docx"),
        "markdown": lambda: ((REAL / "text" / "shuyang-county-2025.md").read_bytes(), "a.md"),
        "pdf": lambda: ((REAL / "huaian-city-2024.pdf").read_bytes(), "a.pdf"),
        "png": lambda: (small_picture(), "a.png"),
        "doc": lambda: (render(t, "doc"), "a.doc"),
    }[kind]()


def small_picture() -> bytes:
    """A small scanned-looking table: a picture the scan reader takes whole."""
    import io

    from PIL import Image, ImageDraw

    im = Image.new("L", (320, 120), 255)
    d = ImageDraw.Draw(im)
    for y in (10, 60, 110):
        d.line([(10, y), (310, y)], fill=0, width=2)
    for x in (10, 160, 310):
        d.line([(x, 10), (x, 110)], fill=0, width=2)
    d.text((30, 30), "12", fill=0)
    d.text((180, 80), "0", fill=0)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def mutate(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    b = bytearray(data)
    for op, at, value in ops:
        at %= max(1, len(b))
        if op == "flip" and b:
            b[at] ^= 1 << (value % 8)
        elif op == "cut":
            del b[at:]
        elif op == "junk":
            b[at:at] = bytes([value % 256]) * (value % 64 + 1)
        elif op == "splice":  # a part of the file again elsewhere: repeated structures, wrong offsets
            b[at:at] = b[value % max(1, len(b)):][:256]
    return bytes(b)


OPS = st.lists(st.tuples(st.sampled_from(["flip", "cut", "junk", "splice"]), st.integers(0, 1 << 24),
                         st.integers(0, 1 << 16)), min_size=1, max_size=6)


def check(data: bytes, name: str) -> None:
    r = extract_bytes(data, name)
    assert r.status in ("ok", "partial", "failed")
    assert not r.reason.startswith("internal error"), r.reason
    if r.status != "ok":
        assert r.reason


@pytest.mark.parametrize("kind", ["html", "text", "markdown", "docx"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ops=OPS)
def test_mutated_documents_end_with_a_reason(kind, ops):
    data, name = seed_file(kind)
    check(mutate(data, ops), name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ops=OPS)
def test_mutated_pdfs_end_with_a_reason(ops):
    data, name = seed_file("pdf")
    check(mutate(data, ops), name)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ops=OPS)
def test_mutated_pictures_end_with_a_reason(ops):
    data, name = seed_file("png")
    check(mutate(data, ops), name)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ops=OPS)
def test_mutated_word_97_files_end_with_a_reason(ops):
    """DOC/WPS go through LibreOffice: a mutated one converts, or fails with a reason."""
    data, name = seed_file("doc")
    check(mutate(data, ops), name)


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*")) if REGRESSIONS.exists() else [], ids=lambda p: p.name)
def test_regression_files(path):
    check(path.read_bytes(), path.name)
