"""What a reader may see: the one rule behind search, listings, feeds, sitemaps, the API,
«Читайте также» and syndication.

A page is shown to readers when it is live, not expired (by the flag or by ``expire_at``),
nothing on its path is restricted (a password or a login on the page or on an ancestor) and
the outlet above it is live. Wagtail's ``PageQuerySet.public()`` covers the restrictions
only and ``live()`` the page alone; the places that used them apart disagreed, and search
and the outlet home listed restricted articles.

The hidden subtrees (restricted pages, withdrawn outlets) are read in one small statement
(``hidden_paths_sql``); ``ReaderRule.now()`` reads them once per use, then applies the rule to
querysets (``q``) or to pages already in hand (``admits_page``). A hot raw statement
embeds the same statement instead (``ReaderRule.sql``), so it stays one statement.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, router
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from vestnik.page_restrictions import any_view_restrictions

__all__ = ["ReaderRule"]


def hidden_paths_sql(remembered: bool = False) -> tuple[str, list[Any]]:
    """A statement selecting the tree paths under which readers see nothing.

    ``remembered``: trust the page cache's network-wide "no restrictions" (moved by every
    committed restriction change, in every process) and leave the restrictions table
    unread, as a page view does; never inside the transaction that changes a restriction.
    """
    from .article_page import ArticlePage

    page = Page._meta.db_table
    restriction = PageViewRestriction._meta.db_table
    outlet_types = [
        content_type.pk
        for content_type in ContentType.objects.get_for_models(
            *ArticlePage.allowed_parent_page_models()
        ).values()
    ]
    marks = ", ".join(["%s"] * len(outlet_types)) or "NULL"
    sql = f"SELECT wp.path FROM {page} wp WHERE NOT wp.live AND wp.content_type_id IN ({marks})"
    if not remembered or any_view_restrictions():
        # CROSS JOIN keeps the (few) restrictions the outer loop: without statistics SQLite
        # walked every page's path looking each up among them (15 ms at 100,000 articles).
        sql = (
            f"SELECT rp.path FROM {restriction} r CROSS JOIN {page} rp WHERE rp.id = r.page_id "
            f"UNION {sql}"
        )
    return sql, outlet_types


@dataclass(frozen=True)
class ReaderRule:
    moment: datetime
    hidden: tuple[str, ...]  # tree paths of restricted pages and withdrawn outlets

    @classmethod
    def now(cls, remembered: bool = False) -> "ReaderRule":
        """The rule as the database has it now (``remembered``: see ``hidden_paths_sql``)."""
        sql, params = hidden_paths_sql(remembered)
        database = connections[router.db_for_read(Page)]
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            hidden = tuple(sorted(path for (path,) in cursor.fetchall()))
        return cls(timezone.now(), hidden)

    def q(self, prefix: str = "") -> Q:
        """The rule as a filter on pages, or with ``prefix`` (``"original__"``) on a relation."""
        shown = Q(**{f"{prefix}live": True, f"{prefix}expired": False}) & (
            Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": self.moment})
        )
        for path in self.hidden:
            shown &= ~Q(**{f"{prefix}path__startswith": path})
        return shown

    def admits_page(self, page: Page) -> bool:
        """The same rule for a page in hand."""
        return (
            page.live
            and not page.expired
            and (page.expire_at is None or page.expire_at > self.moment)
            and not page.path.startswith(self.hidden)
        )

    def where(self, alias: str) -> tuple[str, list[Any]]:
        """This rule as an SQL condition on the page table under ``alias``, its hidden paths
        as parameters: for a raw statement, when the rule has been read already."""
        condition, params = shown_sql(alias, self.moment)
        for path in self.hidden:
            condition += f" AND substr({alias}.path, 1, {len(path)}) <> %s"
            params.append(path)
        return condition, params

    @staticmethod
    def sql(alias: str, remembered: bool = False) -> tuple[str, list[Any]]:
        """The rule as an SQL condition on the page table under ``alias``, reading the hidden
        paths in the same statement: for a raw query on a hot path."""
        hidden, hidden_params = hidden_paths_sql(remembered)
        condition, params = shown_sql(alias, timezone.now())
        condition += (
            f" AND NOT EXISTS (SELECT 1 FROM ({hidden}) h "
            f"WHERE substr({alias}.path, 1, length(h.path)) = h.path)"
        )
        return condition, [*params, *hidden_params]


def shown_sql(alias: str, moment: datetime) -> tuple[str, list[Any]]:
    """Live and not expired at ``moment``, as SQL on the page table under ``alias``."""
    condition = (
        f"{alias}.live AND NOT {alias}.expired "
        f"AND ({alias}.expire_at IS NULL OR {alias}.expire_at > %s)"
    )
    return condition, [connection.ops.adapt_datetimefield_value(moment)]
