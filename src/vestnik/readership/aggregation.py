"""The worker's side: the reads web processes left in the spool become per-day counts.

Each run is handed what the worker took from the spool, adds its views to ``DailyReads``,
records the day's new reader hashes in ``DailyReader`` and recounts the readers of the pages
it touched, in one transaction. Outlets whose «Самое читаемое» lists changed are announced with
``most_read_changed`` (the page cache purges their pages at commit); at a new day every
outlet's are, since "today" and "the week" moved whatever was read.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Greatest
from django.utils import timezone

from vestnik.articles.models import ArticlePage
from vestnik.outlets.models import OutletHomePage

from .models import DailyReader, DailyReads
from .most_read import most_read_ids
from .signals import most_read_changed
from .spools import Read

__all__ = ["AggregationRun", "MOST_READ_WINDOWS", "aggregate_reads"]

# The windows the outlet home shows: today and the last seven days.
MOST_READ_WINDOWS = (1, 7)


@dataclass(frozen=True)
class AggregationRun:
    day: date
    views: int = 0
    changed_outlets: frozenset[int] = frozenset()


def aggregate_reads(
    reads: list[Read], previous_day: date | None = None, today: date | None = None
) -> AggregationRun:
    """Count ``reads``. ``previous_day``: the day the last run saw; when it is not ``today``,
    every outlet's lists count as changed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        outlets = outlets_of({read.page_id for read in reads})
        before = {pk: lists(outlet, today) for pk, outlet in outlets.items()}
        count(reads)
        changed = {pk for pk, outlet in outlets.items() if lists(outlet, today) != before[pk]}
        if previous_day is not None and previous_day != today:
            changed |= set(OutletHomePage.objects.values_list("pk", flat=True))
        # The day's hashes are kept through the next day, for reads flushed after midnight.
        DailyReader.objects.filter(day__lt=today - timedelta(days=1)).delete()
        if changed:
            most_read_changed.send(sender=DailyReads, outlet_ids=frozenset(changed))
    views = sum(read.views for read in reads)
    return AggregationRun(today, views=views, changed_outlets=frozenset(changed))


def outlets_of(page_ids: set[int]) -> dict[int, OutletHomePage]:
    """The outlets the pages belong to, by the outlet's id."""
    paths = list(ArticlePage.objects.filter(pk__in=page_ids).values_list("path", flat=True))
    return {
        outlet.pk: outlet
        for outlet in OutletHomePage.objects.all()  # a network has a handful
        if any(path.startswith(outlet.path) for path in paths)
    }


def lists(outlet: OutletHomePage, today: date) -> tuple[list[int], ...]:
    return tuple(most_read_ids(outlet, days, today=today) for days in MOST_READ_WINDOWS)


def count(reads: list[Read]) -> None:
    known = set(
        ArticlePage.objects.filter(pk__in={r.page_id for r in reads}).values_list("pk", flat=True)
    )
    reads = [read for read in reads if read.page_id in known]  # deleted since it was read
    views: Counter[tuple[int, date]] = Counter()
    for read in reads:
        views[read.page_id, read.day] += read.views
    seen = {(read.page_id, read.day, read.visitor) for read in reads}
    DailyReader.objects.bulk_create(
        [DailyReader(page_id=page_id, day=day, visitor=visitor) for page_id, day, visitor in seen],
        ignore_conflicts=True,
    )
    for (page_id, day), number in views.items():
        readers = DailyReader.objects.filter(page_id=page_id, day=day).aggregate(n=Count("pk"))["n"]
        # Never fewer: a day whose hashes were already let go (a worker down for days) only
        # adds what this batch saw.
        updated = DailyReads.objects.filter(page_id=page_id, day=day).update(
            views=F("views") + number, readers=Greatest(F("readers"), readers)
        )
        if not updated:
            DailyReads.objects.create(page_id=page_id, day=day, views=number, readers=readers)
