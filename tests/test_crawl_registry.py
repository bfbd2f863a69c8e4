"""The registry refuses bad entries naming their line; `nianbao crawl --check` says per portal
what a crawl found."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler import registry
from crawler.platforms import FAMILIES, READERS

ROOT = Path(__file__).resolve().parent.parent
GOOD = """- id: a
  agency: 某市人民政府
  region: 某市
  region_code: "330100"
  url: https://www.example.gov.cn/
  platform: trs
"""


@pytest.mark.parametrize("entry, words", [
    ("  colour: red\n", ["p.yml:9:", "entry 2 (b)", "'colour'"]),
    ("  region_code: '990100'\n", ["p.yml:9:", "'region_code'", "990100"]),
    ("  start_urls: ['http://exa mple.gov.cn/']\n", ["p.yml:9:", "'start_urls'"]),
])
def test_bad_entries_are_named_by_their_line(tmp_path, entry, words):
    second = GOOD.replace("id: a", "id: b").replace('  region_code: "330100"\n', "")
    path = tmp_path / "p.yml"
    path.write_text("# registry\n" + GOOD + "\n" + second + entry, encoding="utf-8")
    with pytest.raises(registry.RegistryError) as err:
        registry.load(path)
    for w in words:
        assert w in str(err.value)


def test_duplicate_ids_and_bad_urls_name_the_line(tmp_path):
    path = tmp_path / "p.yml"
    path.write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(registry.RegistryError, match=r"p\.yml:7: entry 2 \(a\): field 'id' repeats"):
        registry.load(path)
    path.write_text(GOOD.replace("https://www.example.gov.cn/", "https://nohost/"), encoding="utf-8")
    with pytest.raises(registry.RegistryError, match=r"p\.yml:1: .*'url'"):
        registry.load(path)


def test_platforms_are_the_registered_readers():
    assert registry.PLATFORMS == set(FAMILIES) | {"static", "directory", "auto"}
    assert {"trs", "jcms", "jsonapi", "gkmlpt", "haiyun"} <= {r.name for r in READERS}


def test_crawl_check_prints_what_each_portal_gave(tmp_path):
    from nianbao.world.simulator import CRAWL_ARGS, Simulator

    with Simulator([{"family": "static", "formats": ["docx", "html"], "years": [2023, 2024]}, {"family": "refused"}],
                   seed=5, first_host=140) as sim:
        out = subprocess.run([sys.executable, "-m", "nianbao.cli", "crawl", "--check", "--portals",
                              str(sim.registry_path), "--db", str(tmp_path / "n.db"), "--data-dir", str(tmp_path),
                              *CRAWL_ARGS], cwd=ROOT, capture_output=True, text=True, timeout=300,
                             env={**__import__("os").environ, "COLUMNS": "200"})
    text = out.stdout + out.stderr
    assert out.returncode == 0, text[-2000:]
    assert "registry check" in text and "finds reports" in text and "2023–2024" in text
    assert "unreachable" in text
    assert "extract" not in text.lower().split("registry check")[1]
