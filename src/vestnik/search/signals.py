"""Publishing, unpublishing, moving and deleting an article update its index entry at once."""

from typing import Any

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from vestnik.articles.models import ArticlePage

from .index import index_article, unindex_article


@receiver(page_published, sender=ArticlePage)
def index_published(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    index_article(instance)
    reindex_copies(instance.pk)


@receiver(page_unpublished, sender=ArticlePage)
def unindex_unpublished(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    unindex_article(instance.pk)
    reindex_copies(instance.pk)


@receiver(pre_delete, sender=ArticlePage)
def remember_copies(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    instance._live_copy_ids = list(  # type: ignore[attr-defined]
        ArticlePage.objects.live().filter(original=instance).values_list("pk", flat=True)
    )


@receiver(post_delete, sender=ArticlePage)
def unindex_deleted(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    unindex_article(instance.pk)
    # The copies' link to it is cleared by now, so they stand for their story themselves.
    for copy in ArticlePage.objects.filter(pk__in=getattr(instance, "_live_copy_ids", ())):
        index_article(copy)


def reindex_copies(original_id: int) -> None:
    """A copy is left out of network-wide search only while its original is live."""
    for copy in ArticlePage.objects.live().filter(original_id=original_id, follows_original=False):
        index_article(copy)


@receiver(post_page_move)
def reindex_moved(sender: type, instance: Any, **kwargs: Any) -> None:
    # A moved article changes outlet and URL; moving an outlet moves its articles' URLs.
    for article in ArticlePage.objects.descendant_of(instance, inclusive=True).live():
        index_article(article)
