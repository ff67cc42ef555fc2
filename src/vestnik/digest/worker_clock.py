"""`vestnik worker` looks at the digest every ``VESTNIK_DIGEST["TICK_SECONDS"]``, on a thread
of its own beside the queue (as readership sums the reads): it builds the issues that fell
due and sends whatever is pending, an interrupted round included. `--batch`: once."""

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.dispatch import receiver

from vestnik.newsroom.locked_database import patiently
from vestnik.newsroom.signals import worker_starting
from vestnik.newsroom.worker import new_worker_id, start_beside_the_queue

from .issues import build_due_issues
from .sending import send_pending

__all__ = ["digest_tick", "start_digest"]

logger = logging.getLogger(__name__)


def digest_tick(worker_id: str) -> None:
    """One look; whatever goes wrong is logged and the next tick tries again."""
    try:
        built = patiently(build_due_issues, "рассылка")
        done = send_pending(worker_id)
    except DatabaseError as error:  # not migrated yet, or the database is away: one line
        logger.warning("Рассылка не отправлена: %s", error)
        return
    except Exception:
        logger.exception("Рассылка не отправлена")
        return
    if built or done.sent or done.refused:
        logger.info(
            "Рассылка: выпусков %s, отправлено %s, адресов отклонено %s, отложено %s",
            len(built),
            done.sent,
            done.refused,
            done.deferred,
        )


@receiver(worker_starting)
def start_digest(sender: type, batch: bool = False, **kwargs: Any) -> None:
    worker_id = new_worker_id()
    if batch:
        digest_tick(worker_id)
        return
    interval = float(settings.VESTNIK_DIGEST["TICK_SECONDS"])
    start_beside_the_queue("digest", interval, lambda: digest_tick(worker_id))
