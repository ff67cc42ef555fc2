"""Waiting out a database that is busy, instead of failing the work that met it.

SQLite refuses a second writer while one holds the lock ("database is locked", after the
connection's busy timeout of 5 s); a `vestnik search-index` rebuild or an editor's long save
can hold it longer than that. The worker's jobs are idempotent (a poll skips what it already
has, enrichment recomputes), so running one again once the lock is gone is always right.
"""

import logging
import time
from collections.abc import Callable, Iterator
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import OperationalError
from django_tasks_db.utils import is_locked_database_exception

__all__ = ["backoff_delays", "is_locked_database", "patiently", "waits_out_locks"]

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

FIRST_DELAY = 0.5  # seconds
LONGEST_DELAY = 30.0


def is_locked_database(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and is_locked_database_exception(error)


def backoff_delays() -> Iterator[float]:
    """0.5, 1, 2, 4 … seconds, then 30 s for as long as it takes."""
    delay = FIRST_DELAY
    while True:
        yield delay
        delay = min(delay * 2, LONGEST_DELAY)


def patiently(call: Callable[[], R], what: str) -> R:
    """``call()``, run again after a growing pause for as long as the database is locked."""
    for delay in backoff_delays():
        try:
            return call()
        except OperationalError as error:
            if not is_locked_database(error):
                raise
            logger.warning("База данных занята (%s): повтор через %.1f с", what, delay)
            time.sleep(delay)
    raise AssertionError("backoff_delays never ends")


def waits_out_locks(function: Callable[P, R]) -> Callable[P, R]:
    """A task that, meeting a locked database, runs again once it is free rather than fail."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return patiently(lambda: function(*args, **kwargs), function.__name__)

    return wrapper
