"""The parts of `vestnik worker` around the queue: the clock that publishes scheduled pages
(and hands on the tasks held for Redis while it did not answer), and a database queue worker
that outlives a locked database.

django-tasks-db's worker claims each job in an exclusive transaction, whose start it does not
guard, and records the job's outcome with two more unguarded writes: one "database is locked"
there ended the process, and with it suggestions, scheduling and polling. Here each waits.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from vestnik.articles.schedule import run_schedule

from .held_tasks import release_held
from .locked_database import is_locked_database, patiently, waits_out_locks
from .signals import worker_ticked

__all__ = [
    "PatientWorker",
    "new_worker_id",
    "requeue_abandoned",
    "start_beside_the_queue",
    "start_clock",
    "tick",
]

logger = logging.getLogger(__name__)

# Seconds between two looks at a queue whose claim met a locked database.
LOCKED_QUEUE_PAUSE = 1.0


def tick() -> None:
    """One look at the schedule, and the tasks held for a Redis queue that did not answer handed
    on; whatever goes wrong is logged and the next tick tries again. Either way the tick is
    announced afterwards (``worker_ticked``): the worker is alive."""
    try:
        look_at_schedule()
        hand_on_held_tasks()
    finally:
        worker_ticked.send_robust(sender=None)


def look_at_schedule() -> None:
    try:
        done = patiently(run_schedule, "расписание")
    except DatabaseError as error:  # not migrated yet, or the database is away: one line
        logger.warning("Scheduled publishing failed: %s", error)
        return
    except Exception:
        logger.exception("Scheduled publishing failed")
        return
    if done.published or done.expired or done.unpinned:
        logger.info(
            "Расписание: опубликовано %s, снято %s, снято с главной %s",
            done.published,
            done.expired,
            done.unpinned,
        )


def hand_on_held_tasks() -> None:
    try:
        release_held()
    except Exception:
        logger.exception("Handing on held tasks failed")


def start_beside_the_queue(
    name: str, interval: float, step: Callable[[], object]
) -> threading.Thread:
    """A daemon thread beside the queue that runs ``step`` now and then every ``interval``
    seconds: stopping the worker stops it between two database transactions or inside one,
    which then rolls back and is done again by the next worker."""

    def keep_running() -> None:
        while True:
            # A connection kept from one run to the next may have gone stale meanwhile, as
            # between two requests of a web process.
            close_old_connections()
            step()
            close_old_connections()
            time.sleep(interval)

    thread = threading.Thread(target=keep_running, name=name, daemon=True)
    thread.start()
    return thread


def start_clock() -> threading.Thread:
    """The schedule's clock: a look now (catching up on whatever fell due while no worker ran)
    and then every ``VESTNIK_SCHEDULE_TICK`` seconds."""
    return start_beside_the_queue("schedule", settings.VESTNIK_SCHEDULE_TICK, tick)


class PatientWorker(Worker):
    def run(self) -> None:
        while True:
            try:
                return super().run()
            except OperationalError as error:
                if not is_locked_database(error):
                    raise
                logger.warning(
                    "База данных занята (очередь): повтор через %.1f с", LOCKED_QUEUE_PAUSE
                )
                time.sleep(LOCKED_QUEUE_PAUSE)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # The job has run (its own tasks wait out locks themselves); a lost write of its
        # outcome would leave it "running" for ever, so the writes wait too.
        for name in ("set_successful", "set_failed"):
            method: Any = getattr(db_task_result, name)
            setattr(db_task_result, name, waits_out_locks(method))
        super().run_task(db_task_result)


def new_worker_id() -> str:
    """``host/pid/random``: unique, as django-tasks-db asks, and telling which process on which
    machine claimed a job, so that a job left by a killed worker can be handed on."""
    return f"{socket.gethostname()[:40]}/{os.getpid()}/{get_random_string(8)}"


def requeue_abandoned(backend_name: str) -> int:
    """Jobs claimed by a worker of this machine whose process is gone (killed, say) go back
    to the queue: a killed worker loses no job. The jobs are idempotent, so one cut short is
    simply run again. Workers of other machines are never second-guessed."""
    host = socket.gethostname()[:40]
    abandoned = [
        result.pk
        for result in DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, backend_name=backend_name
        )
        if result.worker_ids and worker_is_gone(result.worker_ids[-1], host)
    ]
    return DBTaskResult.objects.filter(pk__in=abandoned).update(status=TaskResultStatus.READY)


def worker_is_gone(worker_id: str, host: str) -> bool:
    worker_host, _, rest = worker_id.partition("/")
    pid = rest.partition("/")[0]
    if worker_host != host or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # another user's process holds that pid: not ours, and alive
    return False
