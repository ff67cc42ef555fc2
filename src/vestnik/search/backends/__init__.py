"""The search backend for the configured database.

``VESTNIK_SEARCH_BACKEND`` names a backend class by dotted path; unset, the database's own
engine decides (FTS5 on SQLite, tsvector on PostgreSQL).
"""

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from .base import Hit, SearchBackend, SearchFilters

__all__ = ["Hit", "SearchBackend", "SearchFilters", "get_search_backend"]

BACKENDS_BY_VENDOR = {
    "sqlite": "vestnik.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "vestnik.search.backends.postgres.PostgresSearchBackend",
}


def get_search_backend() -> SearchBackend:
    path = getattr(settings, "VESTNIK_SEARCH_BACKEND", None) or BACKENDS_BY_VENDOR.get(
        connection.vendor
    )
    if path is None:
        raise NotImplementedError(f"Поиск не поддерживает базу {connection.vendor}")
    backend: SearchBackend = import_string(path)()
    return backend
