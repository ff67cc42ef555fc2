"""Publishing queues enrichment; withdrawing queues the clean-up. Neither waits for it."""

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import ArticlePage
from .tasks import enqueue_safely, enrich_article_task, withdraw_article_task


@receiver(page_published, sender=ArticlePage)
def enrich_published(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    enqueue_safely(enrich_article_task, instance.pk)


@receiver(page_unpublished, sender=ArticlePage)
@receiver(post_delete, sender=ArticlePage)
def withdraw(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    enqueue_safely(withdraw_article_task, instance.pk)
