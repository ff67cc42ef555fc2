"""Build a list's issue for the week: its most read and newest articles, kept as they were,
and one pending delivery per confirmed subscriber (the issue's audience is fixed when it is
built; whoever confirms later gets the next one)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone, translation

from vestnik.articles.models import ArticlePage, ArticlePageQuerySet, ReaderRule
from vestnik.readership.most_read import most_read_of

from .models import Delivery, DigestList, Issue, Subscription
from .schedule import due_week

__all__ = ["build_due_issues", "build_issue", "week_title"]


def build_due_issues(now: datetime | None = None) -> list[Issue]:
    """The issues due now that were not built yet, one per list with a confirmed subscriber;
    a list another worker built meanwhile is left to it."""
    week = due_week(now)
    if week is None:
        return []
    lists = (
        DigestList.objects.filter(subscriptions__confirmed_at__isnull=False)
        .exclude(issues__week=week)
        .select_related("outlet", "region")
        .distinct()
    )
    built = []
    for digest_list in lists:
        try:
            issue = build_issue(digest_list, week)
        except IntegrityError:  # another worker's, between our look and our insert
            continue
        if issue is not None:
            built.append(issue)
    return built


def list_articles(digest_list: DigestList, rule: ReaderRule) -> ArticlePageQuerySet:
    """What a reader may see of the list: the outlet's articles, or the network's stories
    about the district as its outlet carries them (its region page's listing)."""
    visible = ArticlePage.objects.visible_to_readers(rule)
    if digest_list.region is None:
        return visible.for_outlet(digest_list.outlet)
    return visible.in_region(digest_list.region).one_per_story(digest_list.outlet, rule)


def build_issue(digest_list: DigestList, week: date) -> Issue | None:
    """The issue of ``week`` (its Monday) with its deliveries, in one transaction; None when
    the list has nothing to show."""
    rule = ReaderRule.now()
    articles = list_articles(digest_list, rule)
    start = timezone.make_aware(datetime.combine(week, time()))
    this_week = articles.filter(published_at__gte=start, published_at__lt=start + timedelta(7))
    # Read over the seven days up to the build, whatever the weekday of the build.
    top_ids = most_read_of(articles, days=7, limit=settings.VESTNIK_DIGEST["MOST_READ"])
    top = ArticlePage.objects.in_bulk(top_ids)
    newest = this_week.exclude(pk__in=top_ids).newest_first()[: settings.VESTNIK_DIGEST["NEWEST"]]
    items = [item(top[pk], "most_read") for pk in top_ids if pk in top]
    items += [item(article, "newest") for article in newest]
    if not items:
        return None  # a quiet week: nothing to send; the next tick looks again
    with transaction.atomic():
        issue = Issue.objects.create(
            digest_list=digest_list,
            week=week,
            subject=f"{digest_list.name}: главное за неделю, {week_title(week)}",
            items=items,
        )
        audience = Subscription.objects.filter(
            digest_list=digest_list,
            confirmed_at__isnull=False,
            subscriber__stopped_at__isnull=True,
        )
        Delivery.objects.bulk_create(
            Delivery(issue=issue, subscription=subscription) for subscription in audience
        )
    return issue


def item(article: ArticlePage, kind: str) -> dict[str, object]:
    published = article.published_at or article.first_published_at
    return {
        "page": article.pk,
        "kind": kind,
        "title": article.title,
        "lead": article.lead,
        "url": article.get_full_url() or "",
        "published_at": published.isoformat() if published else "",
    }


def week_title(week: date) -> str:
    """«1–7 декабря», «29 декабря – 4 января»."""
    end = week + timedelta(days=6)
    with translation.override("ru"):
        if week.month == end.month:
            return f"{week.day}–{dateformat.format(end, 'j E')}"
        return f"{dateformat.format(week, 'j E')} – {dateformat.format(end, 'j E')}"
