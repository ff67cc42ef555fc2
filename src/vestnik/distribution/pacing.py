"""At most ``VESTNIK_TELEGRAM_PER_MINUTE`` messages a minute to one channel, kept by a queue.

Each channel remembers the next free moment (``Channel.next_slot``); every job for it takes the
next slot and is queued to run then (``run_after``), so the worker never sleeps to keep a rate.
A job that runs more than ``LATE`` after its slot (the worker was down, a backlog) takes a
fresh slot rather than sending with every other late job at once. A job may thus send up to
``LATE`` after its slot, so the slots are spaced for a minute plus ``LATE``: in any 60 seconds,
at most the limit goes out, however the sends bunch up (20 a minute: one slot every 3.25 s).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Channel

__all__ = ["LATE", "interval", "reserve_slot"]

# A job this much behind its slot counts as late and queues again.
LATE = timedelta(seconds=5)


def interval() -> timedelta:
    return (timedelta(minutes=1) + LATE) / max(1, settings.VESTNIK_TELEGRAM_PER_MINUTE)


def reserve_slot(channel_id: int, not_before: datetime | None = None) -> datetime:
    """The next free moment of the channel, no earlier than ``not_before`` (now by default),
    now taken."""
    earliest = max(not_before or timezone.now(), timezone.now())
    with transaction.atomic():
        channel = Channel.objects.select_for_update().only("next_slot").get(pk=channel_id)
        slot = max(earliest, channel.next_slot or earliest)
        Channel.objects.filter(pk=channel_id).update(next_slot=slot + interval())
    return slot
