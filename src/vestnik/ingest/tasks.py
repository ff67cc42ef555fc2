"""The periodic poll of sources, run by `vestnik worker`.

django-tasks has no schedule of its own, so the poll queues its next run itself: each run
ingests the due sources, then queues one more for the moment the next source falls due.
``schedule_poll`` starts the chain (the worker at start-up, a source saved in the admin)
and never queues a second one beside a waiting poll.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from vestnik.articles.tasks import enqueue_safely

logger = logging.getLogger(__name__)

# However long the intervals, the chain wakes up at least this often so a source added
# with the worker down is not forgotten.
LONGEST_SLEEP = timedelta(hours=1)


@task(backend="enrichment")
def poll_sources_task() -> None:
    from .runs import poll_due_sources

    try:
        for name, summary in poll_due_sources().items():
            logger.info("Source %s: %s", name, summary.headline())
    finally:
        schedule_poll()


def schedule_poll() -> None:
    """Queue the next poll for when the first polled source falls due, unless one waits
    (the running poll itself is no longer waiting, so it can queue its successor)."""
    from .models import Source

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=poll_sources_task.module_path
    )
    if waiting.exists():
        return
    sources = Source.objects.filter(poll_interval__gt=0)
    if not sources.exists():
        return
    now = timezone.now()
    next_at = min(min(source.next_poll_at() for source in sources), now + LONGEST_SLEEP)
    enqueue_safely(poll_sources_task.using(run_after=max(next_at, now)))
