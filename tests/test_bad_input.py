"""Hostile and odd input to `nianbao extract`: names that look like markup, symlinks out of the
folder, zips with enormous directories, documents that run out of memory. Each ends with a
clear outcome, never a traceback, and nothing outside the given folders is read."""
from __future__ import annotations

import io
import random
import subprocess
import sys
import tracemalloc
import zipfile

from extract.pipeline import extract_bytes
from nianbao.formats import sniff
from nianbao.world.files import make_truth, render


def nianbao(*args, **kw):
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True,
                          timeout=300, **kw)


def test_a_name_that_looks_like_markup_is_printed_as_it_is(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "报告[bold]bad[red].html").write_bytes(b"<html><body><p>no tables here</p></body></html>")
    run = nianbao("extract", str(docs), "--db", str(tmp_path / "n.db"))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "报告[bold]bad[red].html" in run.stderr


def test_a_symlink_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.html").write_bytes(render(make_truth(2), "html"))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.html").write_bytes(render(make_truth(3), "html"))
    (docs / "link.html").symlink_to(outside / "secret.html")
    (docs / "folder").symlink_to(outside, target_is_directory=True)
    db = tmp_path / "n.db"
    assert nianbao("extract", str(docs), "--db", str(db)).returncode == 0
    urls = subprocess.run(["sqlite3", str(db), "select url from reports"], capture_output=True, text=True).stdout
    assert "report.html" in urls and "link.html" not in urls and "secret" not in urls


def test_sniffing_a_zip_does_not_read_its_whole_directory():
    """A DOCX-named zip listing 50,000 entries: told apart in little memory (the worker's
    reader, with its limits, is the one to open it)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k in range(50_000):
            z.writestr(f"word/media/{k}.bin", b"")
    data = buf.getvalue()
    tracemalloc.start()
    fmt = sniff(data, "bomb.docx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert fmt == "docx" and peak < 8 << 20  # zipfile's listing of it takes ~25 MB
    r = extract_bytes(data, "bomb.docx")
    assert r.status == "failed" and r.reason


def test_running_out_of_memory_is_said_as_such(tmp_path):
    """A DOCX whose document.xml needs more memory than the worker has."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (700 << 20, 700 << 20)); "
            "from extract.pipeline import extract_path; r = extract_path(sys.argv[1]); print(r.status, '|', r.reason)")
    rnd = random.Random(1)  # text that compresses like a real document's, not like a zip bomb
    body = "".join(f"<w:p><w:r><w:t>政府信息公开年报{rnd.getrandbits(32):08x}</w:t></w:r></w:p>" for _ in range(2_000_000))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                   'wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>")
    path = tmp_path / "huge.docx"
    path.write_bytes(buf.getvalue())
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300)
    status, reason = run.stdout.strip().split(" | ", 1)
    assert status == "failed" and "memory" in reason and "damaged" not in reason, reason
