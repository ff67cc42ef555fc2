"""The periodic poll of sources, run by `vestnik worker`.

django-tasks has no schedule of its own, so the poll queues its next run itself: each run
ingests the due sources, then queues one more for the moment the next source falls due.
``schedule_poll`` starts a chain (the worker at start-up, a source saved in the admin); the
token in ``PollChain`` makes the newest chain the only one that runs, whatever the queue
(database or Redis) still holds of older ones.
"""

import logging
import secrets
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task

from vestnik.newsroom.locked_database import patiently, waits_out_locks
from vestnik.newsroom.tasks import enqueue_safely

logger = logging.getLogger(__name__)

# However long the intervals, the chain wakes up at least this often so a source added
# while the worker was down is not forgotten.
LONGEST_SLEEP = timedelta(hours=1)
CHAIN_ID = 1


@task(backend="enrichment", queue_name="enrichment")
@waits_out_locks
def poll_sources_task(token: str) -> None:
    from .models import PollChain
    from .runs import poll_due_sources

    if not PollChain.objects.filter(pk=CHAIN_ID, token=token).exists():
        return  # a retired chain: a newer one polls instead
    try:
        for name, summary in poll_due_sources().items():
            logger.info("Source %s: %s", name, summary.headline())
    finally:
        schedule_poll()


def schedule_poll() -> None:
    """Queue the next poll for when the first polled source falls due, retiring any other
    queued poll; with no polled source the chain simply ends."""
    from .models import PollChain, Source

    token = secrets.token_hex(16)
    PollChain.objects.update_or_create(pk=CHAIN_ID, defaults={"token": token})
    sources = Source.objects.filter(poll_interval__gt=0)
    if not sources.exists():
        return
    now = timezone.now()
    next_at = min(min(source.next_poll_at() for source in sources), now + LONGEST_SLEEP)
    enqueue_safely(poll_sources_task.using(run_after=max(next_at, now)), token)


def start_polling() -> None:
    """The worker's start: a new poll chain, once the database takes writes. A database that
    cannot take it (not migrated yet) is logged in one line; the worker's own queue then says
    what is wrong."""
    try:
        patiently(schedule_poll, "опрос источников")
    except DatabaseError as error:
        logger.warning("Sources are not polled: %s", error)
