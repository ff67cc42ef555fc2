"""The database's planner statistics, brought up to date after a migration.

SQLite keeps its statistics (``ANALYZE``, in ``sqlite_stat1``) per table, and a migration that
adds a column to a table it cannot alter in place copies the table into a new one, without
them. Without statistics the planner guessed wrong on the outlet home: counting the map's
stories took 100 ms instead of 1 at 100,000 articles, after ``articles.0009`` alone. PostgreSQL
gathers its own (autovacuum), so only SQLite is analysed here.
"""

from typing import Any

from django.db import connections

__all__ = ["analyse_after_migrating"]


def analyse_after_migrating(sender: Any, using: str = "default", **kwargs: Any) -> None:
    plan = kwargs.get("plan") or []
    if not plan or all(backwards for _, backwards in plan):
        return  # nothing migrated forwards: the statistics still describe the tables
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
