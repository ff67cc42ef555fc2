"""How many stories the whole network published about each region lately: the map's shading,
the counts beside districts on region pages and on ``/regions/``.

A story counts once however many outlets carry it (``stories``: a copy whose original readers
see stands aside), and for its region and every region around it, as a region's page lists
the news of the places inside it.
"""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from .models import ArticlePage, ReaderRule
from .models.stories import QSpelling

__all__ = ["RECENT_DAYS", "recent_counts"]

RECENT_DAYS = 30


def recent_counts(rule: ReaderRule | None = None) -> dict[int, int]:
    """Region id → stories about it or a place inside it published in the last
    ``RECENT_DAYS`` days; a region with none is absent. One query.

    The page cache keeps a page up to a day, and no change purges it when a story grows
    older than the window, so a count may lag by as much.
    """
    rule = rule or ReaderRule.now()
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    rows = (
        ArticlePage.objects.visible_to_readers(rule)
        .filter(published_at__gte=since, regions__isnull=False)
        .exclude(QSpelling(rule).original_shown())
        .order_by()
        .values_list("pk", "regions", "regions__parent", "regions__parent__parent")
    )
    stories: dict[int, set[int]] = defaultdict(set)
    for article_id, *lineage in rows:
        for region_id in lineage:
            if region_id is not None:
                stories[region_id].add(article_id)
    return {region_id: len(articles) for region_id, articles in stories.items()}
