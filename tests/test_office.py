"""DOC and WPS reports: LibreOffice converts them (private profile, timeout), the DOCX reader reads."""
from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extract.errors import ReadError
from extract.pipeline import extract_bytes
from nianbao.job import Job
from extract.readers import office
from nianbao.world.files import make_truth, render

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def truth():
    return make_truth(4)  # format 2019


@pytest.fixture(scope="module")
def doc_bytes(truth):
    return render(truth, "doc")


def assert_cells_equal(report, truth):
    values = report.values()
    wrong = {k: (values.get(k), v) for k, v in truth.cells.items() if values.get(k) != v}
    assert not wrong, wrong


def test_doc_report_reads_number_for_number(truth, doc_bytes):
    assert doc_bytes.startswith(b"\xd0\xcf\x11\xe0")  # a real Word 97 file
    report = extract_bytes(doc_bytes, "report.doc")
    assert report.format == "doc"
    assert report.status == "ok", report.reason
    assert (report.template, report.year, report.agency) == (truth.template, truth.year, truth.agency)
    assert_cells_equal(report, truth)


def test_split_table_in_a_doc(truth):
    t = make_truth(5)
    report = extract_bytes(render(t, "doc", "split"), "split.doc")
    assert report.status == "ok", report.reason
    assert_cells_equal(report, t)


def test_wps_name_is_converted_too(truth, doc_bytes):
    report = extract_bytes(doc_bytes, "report.wps")
    assert report.format == "wps"
    assert_cells_equal(report, truth)


def test_parallel_conversions_do_not_share_a_profile(doc_bytes):
    with ThreadPoolExecutor(3) as pool:
        outs = list(pool.map(lambda _: office.to_docx(doc_bytes, "x.doc"), range(3)))
    assert all(o.startswith(b"PK") for o in outs)


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_a_converter_that_does_not_finish_is_killed_and_cleaned_up(tmp_path, doc_bytes):
    start = time.monotonic()
    with pytest.raises(ReadError, match="did not finish"):
        office.soffice_convert(doc_bytes, ".doc", "docx", timeout=0.5, tmp_root=str(tmp_path))
    assert time.monotonic() - start < 20
    assert not _processes_mentioning(str(tmp_path))
    assert not list(tmp_path.iterdir())  # profile and folders removed


def test_not_a_word_file_is_refused_without_starting_libreoffice():
    with pytest.raises(ReadError, match="not a Word/WPS document"):
        office.read(b"<html>not a doc</html>", Job(name="x.doc"))
    with pytest.raises(ReadError, match="empty"):
        office.read(b"", Job(name="x.doc"))


def test_corrupt_word_file_gives_a_clear_reason():
    junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40
    report = extract_bytes(junk, "broken.doc")
    assert report.status == "failed"
    assert report.reason


def test_cli_time_limit_leaves_no_converter_behind(tmp_path, doc_bytes):
    """`nianbao extract --timeout` shorter than a conversion: LibreOffice is stopped within the
    document's limit, with its process group and profile, and the run goes on."""
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.doc").write_bytes(doc_bytes)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp))
    run = subprocess.run([sys.executable, "-m", "nianbao.cli", "extract", str(docs), "--db", str(tmp_path / "n.db"),
                          "--timeout", "3"], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    time.sleep(0.5)
    assert not _processes_mentioning(str(tmp)), "a converter outlived its document"
    assert not [p for p in tmp.iterdir() if p.name.startswith("nianbao-soffice-")]
