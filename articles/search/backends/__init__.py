"""One search backend per database vendor, chosen once (as Wagtail's ``search/backends/``).

``backend()`` is the instance for the default connection's vendor: PostgreSQL gets the
ranked ``tsvector`` backend, SQLite the FTS5 one; any other database gets the portable
``LIKE`` backend of ``base.py`` (correct, unranked, and without an index to keep).
"""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.utils.module_loading import import_string

BACKENDS = {
    "postgresql": "articles.search.backends.postgres.PostgresBackend",
    "sqlite": "articles.search.backends.sqlite.SqliteBackend",
}
PORTABLE = "articles.search.backends.base.SearchBackend"


@cache
def backend_for(vendor: str):
    """The backend instance for a connection vendor (``connection.vendor``)."""
    return import_string(BACKENDS.get(vendor, PORTABLE))()


def backend():
    """The backend of the database the site runs on."""
    return backend_for(connection.vendor)
