"""An outlet's live article by its slug, read from one SQL row.

The lookup behind every article page that is not cached. The ORM (a queryset, or even a raw
one) spent four times as long preparing the statement and mapping its columns as SQLite
spent answering it, so the statement and the converters of each column are prepared once per
database connection's vendor, and the row becomes an ``ArticlePage`` the way the ORM makes
one (``Model.from_db``), with the body left to load if something asks for it.
"""

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection, connections, router
from wagtail.models import Page

if TYPE_CHECKING:
    from .article_page import ArticlePage

__all__ = ["column_converters", "live_article"]

Converter = Callable[[Any, Any, Any], Any]


@cache
def prepared(vendor: str) -> tuple[str, list[str], list[tuple[int, list[Converter], Any]]]:
    """The statement, the attribute names it fills, and each column's converters."""
    from .article_page import ArticlePage

    # The StreamField body stays deferred: the page shows body_html, rendered at save, and
    # parsing the body's JSON (through a JSONField Wagtail builds for each value) is wasted.
    fields = [field for field in ArticlePage._meta.concrete_fields if field.name != "body"]
    page, article = Page._meta.db_table, ArticlePage._meta.db_table
    columns = ", ".join(f"{field.model._meta.db_table}.{field.column}" for field in fields)
    sql = (
        f"SELECT {columns} FROM {page} JOIN {article} ON {article}.page_ptr_id = {page}.id "
        f"WHERE {page}.slug = %s AND {page}.depth = %s AND {page}.live "
        f"AND substr({page}.path, 1, %s) = %s"
    )
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(field.model._meta.db_table)
        if found := column_converters(column):
            converters.append((index, found, column))
    return sql, [field.attname for field in fields], converters


def column_converters(column: Any) -> list[Converter]:
    """What the ORM applies to a column's raw value (SQLite's text dates become aware
    datetimes, its integers booleans; a field's own ``from_db_value``), in its order."""
    return [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]


def live_article(outlet: Page, slug: str) -> "ArticlePage | None":
    from .article_page import ArticlePage

    # The database a reader's request reads (a replica, see ``vestnik.replicas``).
    database = connections[router.db_for_read(ArticlePage)]
    sql, attnames, converters = prepared(database.vendor)
    with database.cursor() as cursor:
        cursor.execute(sql, [slug, outlet.depth + 1, len(outlet.path), outlet.path])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, functions, column in converters:
        for convert in functions:
            values[index] = convert(values[index], column, database)
    article = ArticlePage.from_db(database.alias, attnames, values)
    article._cached_parent_obj = outlet  # treebeard's get_parent reads it
    return article
