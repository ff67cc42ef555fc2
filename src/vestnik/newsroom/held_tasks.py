"""A transactional outbox for the Redis queue: no queued work is lost while Redis is down.

A task for Redis cannot join the database transaction that asks for it (a publish), and queued
only after the commit it would be lost if Redis did not answer then. So the task is first
written to the database in that transaction (``HeldTask``, both or neither); after the commit
the same process hands it to Redis and deletes the row. If Redis does not answer, the row stays
and the worker's clock hands it on once Redis answers again (``release_held``), oldest first.

Delivery is at least once: a row whose hand-on succeeded but whose delete did not (or a row the
worker took while its own process was still handing it on) is queued twice. The tasks are
idempotent: enrichment recomputes the same suggestions, marks and «Читайте также», and a
delivery's job converges on the article as it is now, so a second job finds the post sent and
stops (``vestnik.distribution.tasks``). The worker leaves rows younger than
``VESTNIK_QUEUE_HOLD_GRACE_SECONDS`` alone, so that it does not race a web process's own hand-on
(Redis's connect timeout is seconds) in the ordinary case.
(After the "transactional outbox" pattern; the page cache keeps its undelivered purges alike.)
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from redis.exceptions import RedisError

from .models import HeldTask

__all__ = ["hand_on_or_keep", "hold", "release_held"]

logger = logging.getLogger(__name__)


def hold(task: Task, args: tuple[object, ...], kwargs: dict[str, Any]) -> HeldTask:
    """Write ``task`` down in the current transaction, to be handed on after its commit."""
    return HeldTask.objects.create(
        task_path=task.module_path,
        args=list(args),
        kwargs=kwargs,
        queue_name=task.queue_name,
        run_after=task.run_after,
    )


def hand_on(held: HeldTask) -> None:
    """Queue the held task in Redis and forget it; Redis's error when it does not answer."""
    task: Task = import_string(held.task_path)
    task.using(queue_name=held.queue_name, run_after=held.run_after).enqueue(
        *held.args, **held.kwargs
    )
    held.delete()


def hand_on_or_keep(held: HeldTask) -> None:
    """After the commit: hand the task on, or leave it held for the worker with one line."""
    try:
        hand_on(held)
    except RedisError as error:
        logger.warning(
            "Redis queue does not answer: %s held in the database until the worker hands it on "
            "(%s)",
            held,
            error,
        )
    except Exception:
        logger.exception("Could not queue %s; held in the database for the worker", held)


def release_held() -> int:
    """The worker's round: hand on, oldest first, the tasks held longer than the grace, until
    Redis does not answer; how many were handed on."""
    grace = timedelta(seconds=settings.VESTNIK_QUEUE_HOLD_GRACE_SECONDS)
    released = 0
    waiting = HeldTask.objects.filter(created_at__lte=timezone.now() - grace)
    try:
        for held in list(waiting.order_by("created_at", "pk")):
            hand_on(held)
            released += 1
    except RedisError as error:
        logger.warning("Redis queue does not answer: held tasks wait for it (%s)", error)
    except DatabaseError as error:  # not migrated yet, or the database is away: one line
        logger.warning("Held tasks could not be read: %s", error)
    if released:
        logger.warning("Redis queue answers: %d held tasks handed on", released)
    return released
