"""«Самое читаемое»: an outlet's articles with the most readers over the last days."""

from datetime import date, timedelta

from django.db.models import QuerySet, Sum
from django.utils import timezone
from wagtail.models import Page

from vestnik.articles.models import ArticlePage

from .models import DailyReads

__all__ = ["MOST_READ_LIMIT", "most_read", "most_read_ids", "most_read_of"]

MOST_READ_LIMIT = 5


def most_read_ids(
    outlet: Page, days: int, limit: int = MOST_READ_LIMIT, today: date | None = None
) -> list[int]:
    """The ids of ``outlet``'s articles a reader may see, most read first over the last
    ``days`` Moscow days (1: today): by readers summed per day (a reader who comes back on
    three days counts three times), then by views, then the newer page first."""
    visible = ArticlePage.objects.visible_to_readers().for_outlet(outlet)
    return most_read_of(visible, days, limit, today)


def most_read_of(
    articles: QuerySet, days: int, limit: int = MOST_READ_LIMIT, today: date | None = None
) -> list[int]:
    """``most_read_ids`` over any set of articles (a district's, for its digest)."""
    since = (today or timezone.localdate()) - timedelta(days=days - 1)
    ranked = (
        DailyReads.objects.filter(day__gte=since, page__in=articles.values("pk"))
        .values("page")
        .annotate(total_readers=Sum("readers"), total_views=Sum("views"))
        .order_by("-total_readers", "-total_views", "-page")
    )
    return [row["page"] for row in ranked[:limit]]


def most_read(outlet: Page, days: int, limit: int = MOST_READ_LIMIT) -> list[ArticlePage]:
    """``outlet``'s most read articles, as pages to link to (``most_read_ids``)."""
    ids = most_read_ids(outlet, days, limit)
    pages = ArticlePage.objects.in_bulk(ids)
    return [pages[pk] for pk in ids if pk in pages]
