"""How much work waits in the enrichment queue and for how long, in the database or in Redis
(with the tasks held in the database for it: ``vestnik.newsroom.held_tasks``): read by the
readiness check and, on each scrape, by the metrics."""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue

from vestnik.newsroom.models import HeldTask
from vestnik.newsroom.redis_queue import BACKEND_ALIAS, uses_redis_queue

__all__ = ["QueueState", "read_queue"]

# A poll every second must not wait on a Redis that does not answer.
CONNECT_TIMEOUT = 0.25
TIMEOUT = 0.5


@dataclass(frozen=True)
class QueueState:
    kind: str  # "database" or "redis"
    depth: int  # jobs ready to run now, held ones included
    oldest_age: float  # seconds the oldest of them has waited; 0 when none waits
    held: int = 0  # tasks for Redis still held in the database (Redis did not answer)


def read_queue() -> QueueState:
    """The queue's state; the database's or Redis's own error when it does not answer."""
    if uses_redis_queue():
        return read_redis_queue()
    now = timezone.now()
    # Ready now: a retry waiting for its time is not late.
    ready = DBTaskResult.objects.ready().filter(backend_name=BACKEND_ALIAS)
    summary = ready.aggregate(oldest=Min("enqueued_at"))
    return QueueState("database", ready.count(), age(summary["oldest"], now))


def read_redis_queue() -> QueueState:
    summary = HeldTask.objects.aggregate(held=Count("pk"), oldest=Min("created_at"))
    held: int = summary["held"]
    oldest: datetime | None = summary["oldest"]
    connection = redis_client(settings.VESTNIK_TASKS_REDIS_URL)
    depth = held
    for name in sorted(settings.RQ_QUEUES):
        queue = Queue(name, connection=connection)
        depth += queue.count
        first = queue.get_jobs(0, 1)  # the head of the list waited longest
        if first and first[0].enqueued_at is not None:
            enqueued = first[0].enqueued_at
            if enqueued.tzinfo is None:  # RQ's times are UTC
                enqueued = enqueued.replace(tzinfo=UTC)
            oldest = enqueued if oldest is None else min(oldest, enqueued)
    return QueueState("redis", depth, age(oldest, timezone.now()), held)


@cache
def redis_client(url: str) -> Redis:
    """A client of its own with short timeouts (django-rq's waits seconds to connect); a
    timeout written in the URL itself still wins."""
    return Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT,
        socket_timeout=TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )


def age(since: datetime | None, now: datetime) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0
