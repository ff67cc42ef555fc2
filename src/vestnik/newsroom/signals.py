"""Publishing queues enrichment; withdrawing queues the clean-up. Neither waits for it.
Both are steps of the articles' pipeline (``register_steps``, from ``NewsroomConfig.ready``).
``worker_starting`` is sent by `vestnik worker` before it takes the first job, ``worker_ticked``
by its clock at every tick."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

from vestnik.articles import pipeline
from vestnik.articles.pipeline import Change, Event, Stage

from .tasks import enqueue_safely, enrich_article_task, withdraw_article_task

# Apps above newsroom start their own background work on it (ingest: its chain of source
# polls; readership: summing the reads), so the worker command never imports them. Sent with
# ``batch``: True when the worker empties its queue once and exits (`vestnik worker --batch`),
# so work of their own runs once rather than for ever.
worker_starting = Signal()
# Sent by the worker's clock after each look at the schedule, whatever it found: proof that the
# worker lives (``operations`` keeps it as the worker's heartbeat for the readiness check).
worker_ticked = Signal()

_enrichment_held: ContextVar[bool] = ContextVar("enrichment_held", default=False)


@contextmanager
def enrichment_held() -> Iterator[None]:
    """Publish without queuing enrichment: for a publish that only adds what enrichment
    itself proposed (an accepted suggestion), whose text it has already read."""
    token = _enrichment_held.set(True)
    try:
        yield
    finally:
        _enrichment_held.reset(token)


def enrich_published(change: Change) -> None:
    if not _enrichment_held.get():
        enqueue_safely(enrich_article_task, change.article.pk)


def withdraw(change: Change) -> None:
    enqueue_safely(withdraw_article_task, change.article.pk)


def register_steps() -> None:
    pipeline.register(Stage.ENQUEUE, on={Event.PUBLISH}, step=enrich_published)
    pipeline.register(Stage.ENQUEUE, on={Event.UNPUBLISH, Event.DELETE}, step=withdraw)
