"""Publishing, unpublishing, moving and deleting an article update its index entry at once;
so do a view restriction on it or above it, and an outlet's publishing and withdrawal."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from vestnik.articles.models import ArticlePage, ReaderRule

from .index import index_article, unindex_article
from .models import SearchDocument


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
    instance._live_copy_ids = list(
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


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def reindex_restricted(sender: type, instance: PageViewRestriction, **kwargs: Any) -> None:
    """A restriction hides the page and everything under it from search; removing it shows
    them again (``ArticlePage.is_visible_to_readers`` decides, as everywhere)."""
    if kwargs.get("raw"):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # deleted with its page: the page's own deletion unindexed it
        reindex_subtree(page)


@receiver(page_unpublished)
def unindex_under_withdrawn(sender: type, instance: Any, **kwargs: Any) -> None:
    # A withdrawn outlet hides its articles.
    if not isinstance(instance, ArticlePage):
        reindex_subtree(instance)


@receiver(page_published)
def reindex_under_republished(sender: type, instance: Any, **kwargs: Any) -> None:
    # Publishing an outlet again shows its articles. An outlet whose articles are in the
    # index was live already (an edit of its description): re-reading them all is waste.
    if isinstance(instance, ArticlePage):
        return
    if not SearchDocument.objects.filter(outlet_id=instance.pk).exists():
        reindex_subtree(instance)


def reindex_subtree(page: Page) -> None:
    """Every article at or under ``page``, and the copies standing in for their stories."""
    with transaction.atomic():
        rule = ReaderRule.now()
        articles = list(ArticlePage.objects.descendant_of(page, inclusive=True))
        for article in articles:
            index_article(article, rule)
        originals = [article.pk for article in articles]
        for copy in ArticlePage.objects.filter(original_id__in=originals):
            index_article(copy, rule)
