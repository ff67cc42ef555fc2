"""`vestnik worker` sums the spooled reads every ``VESTNIK_READS["AGGREGATE_SECONDS"]``, on a
thread of its own beside the queue and the schedule's clock; `vestnik worker --batch` once."""

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.dispatch import receiver

from vestnik.newsroom.locked_database import patiently
from vestnik.newsroom.signals import worker_starting
from vestnik.newsroom.worker import start_beside_the_queue

from .aggregation import aggregate_reads
from .spools import get_spool

__all__ = ["start_aggregating"]

logger = logging.getLogger(__name__)


def aggregate_once(previous_day: date | None) -> date | None:
    """One run over what the spool holds; the day it counted for, or ``previous_day`` again
    when it failed, the reads then going back to the spool for the next run."""
    spool = get_spool()
    reads = []
    try:
        reads = spool.take()
        done = patiently(lambda: aggregate_reads(reads, previous_day), "прочтения")
    except Exception as error:  # noqa: BLE001  (not migrated yet, the database away: next run)
        logger.warning("Прочтения не подсчитаны: %s", error)
        try:
            if reads:
                spool.append(reads)
        except Exception as lost:  # noqa: BLE001  (the spool itself is away: a batch lost)
            logger.warning("Прочтения потеряны (%s просмотров): %s", len(reads), lost)
        return previous_day
    if done.views:
        logger.info(
            "Прочтения: %s просмотров, изменилось «Самое читаемое» у %s изданий",
            done.views,
            len(done.changed_outlets),
        )
    return done.day


@receiver(worker_starting)
def start_aggregating(sender: type, batch: bool = False, **kwargs: Any) -> None:
    """A thread beside the queue, like the schedule's clock; one run for a worker that empties
    its queue and exits."""
    if batch:
        aggregate_once(None)
        return
    day: date | None = None

    def aggregate() -> None:
        nonlocal day
        day = aggregate_once(day)

    start_beside_the_queue("reads", float(settings.VESTNIK_READS["AGGREGATE_SECONDS"]), aggregate)
