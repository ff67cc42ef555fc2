"""The enrichment queue in Redis (RQ), used when VESTNIK_TASKS_REDIS_URL names one.

django-tasks-rq stores each task as an RQ job. Around it: a backend whose system check names
the setting when the address is wrong, and the worker that `vestnik worker` runs over it.
"""

import logging
import signal
import time
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
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.registry import ScheduledJobRegistry, StartedJobRegistry

# Where the enrichment tasks lived before the newsroom app.
MOVED_TASKS_MODULE = "vestnik.articles.tasks"

__all__ = ["EnrichmentWorker", "RedisQueueBackend", "run_rq_worker", "uses_redis_queue"]

BACKEND_ALIAS = "enrichment"
REDIS_RETRY_SECONDS = 1.0

logger = logging.getLogger(__name__)


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

    # RQ retries a Redis that does not answer with a wait that doubles up to a minute; work
    # queued once it is back should not wait that long.
    max_connection_wait_time = 5.0

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
    With `batch`, take what is queued or due now and return.

    RQ's worker quits when Redis stops answering; this one waits for Redis to come back and
    goes on, so an outage of the queue never needs anyone to restart the worker."""
    names = sorted(task_backends[BACKEND_ALIAS].queues)
    connection = connect_to_queue(names[0])
    level = {0: "WARNING", 1: "INFO"}.get(verbosity, "DEBUG")
    # RQ takes over SIGINT and SIGTERM for a warm shutdown; a batch run inside a longer process
    # (`vestnik demo --no-serve`, the tests) gets them back afterwards.
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            queues = [
                django_rq.get_queue(name, job_class=Job, connection=connection) for name in names
            ]
            worker = EnrichmentWorker(queues, connection=connection, job_class=Job)
            try:
                requeue_abandoned_jobs(queues)
                worker.work(burst=batch, with_scheduler=True, logging_level=level)
            except RedisError:
                pass  # RQ's own teardown met the outage too
            if batch:
                # RQ's burst moves due jobs in once, at its start; one that fell due during it (a
                # late delivery takes a fresh slot, now) waits for another round.
                if answers(connection) and any(due_now(queue) for queue in queues):
                    continue
                return
            # The worker returns when told to stop, or when Redis went away under it.
            if answers(connection):
                return
            logger.error("Очередь Redis не отвечает; обработчик ждёт её и продолжит работу")
            restore(handlers)  # meanwhile a SIGTERM ends the process at once
            while not answers(connection):
                time.sleep(REDIS_RETRY_SECONDS)
            logger.warning("Очередь Redis снова отвечает; обработчик продолжает работу")
    finally:
        restore(handlers)


def restore(handlers: dict[signal.Signals, Any]) -> None:
    for number, handler in handlers.items():
        signal.signal(number, handler)


def answers(connection: Redis) -> bool:
    try:
        connection.ping()
    except RedisError:
        return False
    return True


def due_now(queue: Queue) -> bool:
    return bool(ScheduledJobRegistry(queue=queue).get_jobs_to_schedule(int(time.time())))


def requeue_abandoned_jobs(queues: list[Queue]) -> None:
    """Jobs still marked as started when a worker starts were held by one that was killed (one
    worker per installation, docs/deploy): they go back to the front of their queue. RQ itself
    would only move them to its failed jobs once their timeout ran out. Running one again is
    safe: each task converges on the article as it is now (a delivery asks the network first
    when its outcome is unknown)."""
    for queue in queues:
        registry = StartedJobRegistry(queue=queue)
        for job_id in registry.get_job_ids(cleanup=False):
            try:
                job = Job.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                continue
            registry.remove_executions(job)
            queue.enqueue_job(job, at_front=True)
            logger.warning("Задача %s прервана вместе с обработчиком, поставлена снова", job_id)
