"""When a week's issue is due: from ``VESTNIK_DIGEST["WEEKDAY"]`` at ``["HOUR"]``, Moscow time
(``TIME_ZONE``), for the week (Monday to Sunday) that moment falls in."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

__all__ = ["due_week", "week_of"]


def week_of(moment: datetime) -> date:
    """The Monday of ``moment``'s Moscow week."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def due_week(now: datetime | None = None) -> date | None:
    """The Monday of the week whose issue is due at ``now``, or None before this week's
    moment. A worker that was down at the moment builds the issue when it comes back, within
    the same week; a week missed entirely is not built late."""
    now = now or timezone.now()
    monday = week_of(now)
    day = monday + timedelta(days=settings.VESTNIK_DIGEST["WEEKDAY"])
    moment = timezone.make_aware(datetime.combine(day, time(settings.VESTNIK_DIGEST["HOUR"])))
    return monday if now >= moment else None
