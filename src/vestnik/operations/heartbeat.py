"""The worker's heartbeat: a row per machine, rewritten at every tick of the worker's clock
(``newsroom.signals.worker_ticked``, every ``VESTNIK_SCHEDULE_TICK`` seconds), read by the
readiness check and the metrics."""

import logging
import socket
from datetime import datetime
from typing import Any

from django.db import DatabaseError
from django.db.models import Max
from django.utils import timezone

from .models import WorkerHeartbeat

__all__ = ["beat", "last_beat"]

logger = logging.getLogger(__name__)


def beat(**_: Any) -> None:
    """Note that this machine's worker is alive. A database that does not answer is the
    tick's own problem, already logged by it: the beat is simply missed."""
    try:
        WorkerHeartbeat.objects.update_or_create(
            host=socket.gethostname()[:100], defaults={"beaten_at": timezone.now()}
        )
    except DatabaseError as error:
        logger.debug("worker heartbeat not written: %s", error)


def last_beat() -> datetime | None:
    """The latest beat of any machine's worker, or None if no worker ever ticked."""
    latest: datetime | None = WorkerHeartbeat.objects.aggregate(latest=Max("beaten_at"))["latest"]
    return latest
