"""The store: the only code that writes the database and the raw archive.

Crawler, extractor and publication call it; it imports none of them. Its tables are the
project's public interface (column names are a promise to users, see `schema.py`).
"""
from nianbao.store.schema import DEFAULT_DB, TABLES, connect, migrate

__all__ = ["DEFAULT_DB", "TABLES", "connect", "migrate"]
