"""Scheduled publishing: pages whose «Запланировать публикацию» time has come go live, pages
past their expiry date are withdrawn, and stories past their «снять с главной» time leave the
front (``models.front``). `vestnik worker` runs this every
``VESTNIK_SCHEDULE_TICK`` seconds and once at start, so a worker that was down catches up.

Wagtail's own ``publish_scheduled`` stamps a never-published page with the moment the job ran;
here it carries the moment it was due, which is what the editor chose and the reader is told:
«Опубликовано 29 Янв 2024 в 09:00», not the minute the worker happened to wake up.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

from .models import FrontPin

__all__ = ["ScheduleRun", "run_schedule"]

# Revision fields that a page never published before takes from its due time: Wagtail's
# first publication date, and the article's own date when the editor left it empty.
DATED_BY_DUE_TIME = ("first_published_at", "published_at")


@dataclass(frozen=True)
class ScheduleRun:
    published: int = 0
    expired: int = 0
    unpinned: int = 0


def run_schedule(now: datetime | None = None) -> ScheduleRun:
    """Expire what is past ``expire_at``, publish every revision due by ``now``, unpin what
    is due to leave the front."""
    now = now or timezone.now()
    expired = sum(expire_page(obj) for obj in past_expiry(now))
    due = Revision.objects.filter(approved_go_live_at__lte=now).order_by("approved_go_live_at")
    published = sum(publish_due(revision) for revision in due)
    return ScheduleRun(published=published, expired=expired, unpinned=unpin_due(now))


def unpin_due(now: datetime) -> int:
    """Remove the pins whose time has come. The home page already leaves them out from that
    moment; removing them is what purges its cached copy (each delete is a ``post_delete``,
    which the page cache hears)."""
    with transaction.atomic():
        removed, _ = FrontPin.objects.due(now).delete()
    return removed


def past_expiry(now: datetime) -> list[DraftStateMixin]:
    models = [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return [
        obj
        for model in models
        for obj in model.objects.filter(live=True, expire_at__lte=now).order_by("expire_at")
    ]


def expire_page(obj: DraftStateMixin) -> int:
    with transaction.atomic():
        obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    return 1


def publish_due(revision: Revision) -> int:
    """Publish one due revision, dated by when it was due; a revision another worker published
    meanwhile (its ``approved_go_live_at`` already cleared) is left alone."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().filter(pk=revision.pk).first()
        if revision is None or revision.approved_go_live_at is None:
            return 0
        due = revision.approved_go_live_at.isoformat()
        for name in DATED_BY_DUE_TIME:
            if name in revision.content and not revision.content[name]:
                revision.content[name] = due
        revision.save(update_fields=["content"])
        revision.publish(log_action="wagtail.publish.scheduled")
    return 1
