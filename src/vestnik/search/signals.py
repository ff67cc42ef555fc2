"""Publishing, unpublishing, moving and deleting an article update its index entry at once."""

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from vestnik.articles.models import ArticlePage

from .index import index_article, unindex_article


@receiver(page_published, sender=ArticlePage)
def index_published(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    index_article(instance)


@receiver(page_unpublished, sender=ArticlePage)
def unindex_unpublished(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    unindex_article(instance.pk)


@receiver(post_delete, sender=ArticlePage)
def unindex_deleted(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    unindex_article(instance.pk)


@receiver(post_page_move)
def reindex_moved(sender: type, instance: Any, **kwargs: Any) -> None:
    # A moved article changes outlet and URL; moving an outlet moves its articles' URLs.
    for article in ArticlePage.objects.descendant_of(instance, inclusive=True).live():
        index_article(article)
