"""Publishing queues enrichment; withdrawing queues the clean-up. Neither waits for it.
``worker_starting`` is sent by `vestnik worker` before it takes the first job."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from wagtail.signals import page_published, page_unpublished

from vestnik.articles.models import ArticlePage

from .tasks import enqueue_safely, enrich_article_task, withdraw_article_task

# Apps above newsroom start their own background work on it (ingest: its chain of source
# polls), so the worker command never imports them.
worker_starting = Signal()

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


@receiver(page_published, sender=ArticlePage)
def enrich_published(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    if not _enrichment_held.get():
        enqueue_safely(enrich_article_task, instance.pk)


@receiver(page_unpublished, sender=ArticlePage)
@receiver(post_delete, sender=ArticlePage)
def withdraw(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    enqueue_safely(withdraw_article_task, instance.pk)
