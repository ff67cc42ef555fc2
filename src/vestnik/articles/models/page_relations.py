"""An article's tags and regions for its page, read in two SQL statements.

The article page lists the tags, heads itself with the most specific region (and the
regions it lies in), and repeats both in its metadata. The ORM took two statements as
well, but building them, and the querysets that hand prefetched rows over, cost more than
all the rest of a page that is not cached.
"""

from typing import TYPE_CHECKING

from django.db import connections, router

from vestnik.regions.models import Region

from .tags import ArticleTag, Tag

if TYPE_CHECKING:
    from .article_page import ArticlePage

__all__ = ["read_tags_and_regions"]

TAG_FIELDS = [field.attname for field in Tag._meta.concrete_fields]
REGION_FIELDS = [field.attname for field in Region._meta.concrete_fields]


def read_tags_and_regions(article: "ArticlePage") -> tuple[list[Tag], list[Region]]:
    """The saved tags (in the order they were given) and regions (in Region's order); a
    page holding unsaved ones (a preview keeps the editor's choice in memory) answers
    from memory."""
    if getattr(article, "_cluster_related_objects", None):
        return list(article.tags.all()), list(article.regions.all())
    return tags_of(article.pk), regions_of(article.pk)


def tags_of(article_id: int) -> list[Tag]:
    columns = ", ".join(f"t.{name}" for name in TAG_FIELDS)
    database = connections[router.db_for_read(Tag)]
    with database.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {Tag._meta.db_table} t "
            f"JOIN {ArticleTag._meta.db_table} i ON i.tag_id = t.id "
            "WHERE i.content_object_id = %s ORDER BY i.id",
            [article_id],
        )
        return [Tag.from_db(database.alias, TAG_FIELDS, row) for row in cursor.fetchall()]


def regions_of(article_id: int) -> list[Region]:
    """The article's regions, each with its parent and grandparent attached (Moscow's regions
    are three levels deep: the city, okrugs, districts), in ``Region``'s own order."""
    from .article_page import ArticlePage

    through = ArticlePage.regions.through._meta.db_table
    columns = ", ".join(f"{alias}.{name}" for alias in ("r", "p", "g") for name in REGION_FIELDS)
    table, width = Region._meta.db_table, len(REGION_FIELDS)
    database = connections[router.db_for_read(Region)]
    with database.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {through} ar JOIN {table} r ON r.id = ar.region_id "
            f"LEFT JOIN {table} p ON p.id = r.parent_id "
            f"LEFT JOIN {table} g ON g.id = p.parent_id "
            "WHERE ar.articlepage_id = %s ORDER BY r.depth, r.name",
            [article_id],
        )
        rows = cursor.fetchall()
    regions: list[Region] = []
    for row in rows:
        region, parent, grandparent = (
            Region.from_db(database.alias, REGION_FIELDS, row[start : start + width])
            if row[start] is not None
            else None
            for start in (0, width, 2 * width)
        )
        assert region is not None  # the joined row itself, never NULL
        if parent is not None:
            if grandparent is not None:
                parent.parent = grandparent
            region.parent = parent
        regions.append(region)
    return regions
