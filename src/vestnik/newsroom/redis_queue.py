"""The enrichment queue in Redis (RQ), used when VESTNIK_TASKS_REDIS_URL names one.

django-tasks-rq stores each task as an RQ job. Around it: a backend whose system check names
the setting when the address is wrong, and the worker that `vestnik worker` runs over it.
"""

import signal
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import django_rq
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db import close_old_connections
from django_tasks import task_backends
from django_tasks_rq import Job, RQBackend
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from rq.job import Job as RQJob

# Where the enrichment tasks lived before the newsroom app.
MOVED_TASKS_MODULE = "vestnik.articles.tasks"

__all__ = ["EnrichmentWorker", "RedisQueueBackend", "run_rq_worker", "uses_redis_queue"]

BACKEND_ALIAS = "enrichment"


def uses_redis_queue() -> bool:
    return isinstance(task_backends[BACKEND_ALIAS], RQBackend)


def shown_url(url: str) -> str:
    """The address without its password, fit for a terminal or a log.

    >>> shown_url("redis://:secret@queue.example.ru:6379/1")
    'redis://:***@queue.example.ru:6379/1'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def queue_connection(queue_name: str) -> Redis:
    """django-rq's client for one queue (it connects on first use); a URL that is not a Redis
    address is reported against the setting that holds it."""
    try:
        connection: Redis = django_rq.get_connection(queue_name)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"VESTNIK_TASKS_REDIS_URL={shown_url(settings.VESTNIK_TASKS_REDIS_URL)} — не адрес "
            f"Redis (нужен redis://хост:порт/база, rediss://… или unix://…): {error}"
        ) from None
    return connection


class RedisQueueBackend(RQBackend):
    """django-tasks-rq's backend, whose own check would stop every command with a traceback
    on a malformed URL; this one reports it as a system check error naming the setting.
    Reachability is left to the worker: a web server starts while Redis is down."""

    def check(self, **kwargs: Any) -> Iterable[checks.CheckMessage]:
        for queue_name in sorted(self.queues):
            try:
                queue_connection(queue_name)
            except ImproperlyConfigured as error:
                yield checks.Error(str(error), id="vestnik.E001")
                return
        yield from super().check(**kwargs)


def connect_to_queue(queue_name: str) -> Redis:
    """A live connection to the queue's Redis, or a one-line error for the terminal."""
    try:
        connection = queue_connection(queue_name)
        connection.ping()
    except ImproperlyConfigured as error:
        raise CommandError(str(error)) from None
    except RedisError as error:
        raise CommandError(
            "Очередь Redis не отвечает "
            f"(VESTNIK_TASKS_REDIS_URL={shown_url(settings.VESTNIK_TASKS_REDIS_URL)}): {error}"
        ) from None
    return connection


class EnrichmentWorker(SimpleWorker):
    """Runs each job in this process rather than a fork per job, so the NER models load once
    per worker; connections are recycled around each job, as django-tasks-db's worker does,
    so a database restart or CONN_MAX_AGE never strands a long-running worker."""

    def execute_job(self, job: RQJob, queue: Queue) -> None:
        # A job queued before the tasks left vestnik.articles.tasks names the old module
        # (the database queue's jobs were renamed by the migration newsroom 0002).
        module, _, name = (job.func_name or "").rpartition(".")
        if module == MOVED_TASKS_MODULE:
            job.func_name = f"{__package__}.tasks.{name}"
        close_old_connections()
        try:
            super().execute_job(job, queue)
        finally:
            close_old_connections()


def run_rq_worker(*, batch: bool, verbosity: int) -> None:
    """Work the enrichment queues; RQ's scheduler moves retries (`run_after`) in when due.
    With `batch`, take what is queued or due now and return."""
    names = sorted(task_backends[BACKEND_ALIAS].queues)
    connection = connect_to_queue(names[0])
    queues = [django_rq.get_queue(name, job_class=Job, connection=connection) for name in names]
    worker = EnrichmentWorker(queues, connection=connection, job_class=Job)
    level = {0: "WARNING", 1: "INFO"}.get(verbosity, "DEBUG")
    # RQ takes over SIGINT and SIGTERM for a warm shutdown; a batch run inside a longer process
    # (`vestnik demo --no-serve`, the tests) gets them back afterwards.
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        worker.work(burst=batch, with_scheduler=True, logging_level=level)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
