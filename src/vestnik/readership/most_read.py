"""«Самое читаемое»: an outlet's articles with the most readers over the last days."""

from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from vestnik.articles.models import ArticlePage, ReaderRule, path_range

from .models import DailyReads

__all__ = ["MOST_READ_LIMIT", "most_read", "most_read_ids", "most_read_of"]

MOST_READ_LIMIT = 5


def most_read_ids(
    outlet: Page,
    days: int,
    limit: int = MOST_READ_LIMIT,
    today: date | None = None,
    rule: ReaderRule | None = None,
) -> list[int]:
    """The ids of ``outlet``'s articles a reader may see, most read first over the last
    ``days`` Moscow days (1: today), as ``ranked_ids`` ranks them. ``rule``: one already read
    for this request."""
    shown, shown_params = (rule or ReaderRule.now()).where("p")
    after, last = path_range(outlet)
    # The days' reads drive the statement (CROSS JOIN fixes SQLite's order; PostgreSQL plans
    # it as an inner join): the few articles read lately, not the outlet's thousands, which
    # SQLite walked first when it chose (30 ms at 100,000 articles).
    join = f"CROSS JOIN {Page._meta.db_table} p"
    articles = (
        f"p.id = r.page_id AND p.content_type_id = %s AND p.path > %s AND p.path <= %s AND {shown}"
    )
    ct = ContentType.objects.get_for_model(ArticlePage).pk
    return ranked_ids(join, articles, [ct, after, last, *shown_params], days, limit, today)


def most_read_of(
    articles: QuerySet, days: int, limit: int = MOST_READ_LIMIT, today: date | None = None
) -> list[int]:
    """The same ranking over any set of articles (a district's, for its weekly digest): not
    on a reader's page, so a plain ``IN`` is good enough."""
    database = connections[router.db_for_read(DailyReads)]
    query = articles.values("pk").query.clone()
    query.clear_ordering(force=False)  # as Django's own ``__in`` does: no use in a subquery
    try:
        subquery, params = query.get_compiler(using=database.alias).as_sql()
    except EmptyResultSet:  # e.g. ``articles`` is ``none()``
        return []
    return ranked_ids("", f"r.page_id IN ({subquery})", list(params), days, limit, today)


def ranked_ids(
    join: str, articles: str, params: list[Any], days: int, limit: int, today: date | None
) -> list[int]:
    """The ids of the articles most read over the last ``days`` Moscow days (1: today): by
    readers summed per day (a reader who comes back on three days counts three times), then by
    views, then the newer page first. ``articles``: an SQL condition choosing them, on the days'
    reads as ``r`` and what ``join`` adds, with its ``params``."""
    since = (today or timezone.localdate()) - timedelta(days=days - 1)
    sql = (
        f"SELECT r.page_id FROM {DailyReads._meta.db_table} r {join} "
        f"WHERE r.day >= %s AND ({articles}) "
        "GROUP BY r.page_id ORDER BY SUM(r.readers) DESC, SUM(r.views) DESC, r.page_id DESC "
        "LIMIT %s"
    )
    database = connections[router.db_for_read(DailyReads)]  # a replica for a reader's page
    with database.cursor() as cursor:
        cursor.execute(sql, [database.ops.adapt_datefield_value(since), *params, limit])
        return [page_id for (page_id,) in cursor.fetchall()]


def most_read(
    outlet: Page, days: int, rule: ReaderRule | None = None, limit: int = MOST_READ_LIMIT
) -> list[ArticlePage]:
    """``outlet``'s most read articles, as pages to link to (``most_read_ids``)."""
    ids = most_read_ids(outlet, days, limit, rule=rule)
    pages = ArticlePage.objects.in_bulk(ids)
    return [pages[pk] for pk in ids if pk in pages]
