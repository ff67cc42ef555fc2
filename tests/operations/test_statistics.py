"""After a migration SQLite's planner has statistics again (``operations.statistics``)."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from vestnik.operations.statistics import analyse_after_migrating

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL analyses by itself"),
]


def statistics_of(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


def forget_statistics(table: str) -> None:
    # What SQLite's copy of a table into a new one leaves: no statistics for it.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])


def test_a_forward_migration_analyses_the_tables_again(network):
    migration = MigrationLoader(connection).get_migration("articles", "0009_social_networks")
    forget_statistics("articles_articlepage")
    analyse_after_migrating(sender=None, plan=[(migration, True)])  # backwards only
    assert statistics_of("articles_articlepage") == 0
    analyse_after_migrating(sender=None, plan=[(migration, False)])
    assert statistics_of("articles_articlepage") > 0


def test_nothing_migrated_nothing_analysed(network):
    forget_statistics("articles_articlepage")
    analyse_after_migrating(sender=None, plan=[])
    assert statistics_of("articles_articlepage") == 0
