"""The store opens an archive written by an earlier release, upgrades it in place, and the
upgraded archive is published and served as a new one would be."""
import asyncio
import gzip
import sqlite3
from pathlib import Path

from nianbao.store import TABLES, connect

ARCHIVES = Path(__file__).resolve().parent / "archives"


def old_archive(tmp_path: Path, name: str = "release-2") -> Path:
    path = tmp_path / "nianbao.db"
    con = sqlite3.connect(path)
    con.executescript(gzip.decompress((ARCHIVES / f"{name}.sql.gz").read_bytes()).decode("utf-8"))
    con.close()
    return path


def test_an_archive_of_the_previous_release_opens_and_upgrades(tmp_path):
    path = old_archive(tmp_path)
    before = sqlite3.connect(path).execute("SELECT count(*) FROM cells").fetchone()[0]
    db = connect(path)
    for table, spec in TABLES.items():
        assert set(spec["columns"]) <= set(db[table].columns_dict), table
    assert db.execute("SELECT count(*) FROM reports WHERE status = 'ok'").fetchone()[0] == 8
    assert db.execute("SELECT count(*) FROM cells").fetchone()[0] == before == 1592
    assert db["crawl_urls"].count == 1


def test_an_upgraded_archive_is_published_and_served(tmp_path):
    from nianbao.publication import serve
    from nianbao.publication.publish import publish

    path = old_archive(tmp_path)
    publish(path, force=True)
    ds = serve.make_app(path)

    async def ask():
        r = await ds.client.get("/nianbao/reports.json?_shape=array&status=ok")
        assert r.status_code == 200
        return r.json()

    rows = asyncio.run(ask())
    assert len(rows) == 8 and all(r["agency"] for r in rows)


def test_a_column_added_since_is_added_to_an_old_table(tmp_path):
    path = old_archive(tmp_path)
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE reports DROP COLUMN duplicate_of")  # as the first releases wrote it
    con.commit()
    con.close()
    db = connect(path)
    assert "duplicate_of" in db["reports"].columns_dict
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 8
