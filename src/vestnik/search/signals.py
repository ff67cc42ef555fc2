"""Publishing, unpublishing, moving and deleting an article update its index entry at once
(steps of the articles' pipeline, ``register_steps``); so do a view restriction on it or above
it, an outlet's publishing and withdrawal, and an outlet's move (receivers here)."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from vestnik.articles import pipeline
from vestnik.articles.models import ArticlePage, ReaderRule
from vestnik.articles.pipeline import Change, Event, Stage

from .index import index_article, unindex_article
from .models import SearchDocument


def index_published(change: Change) -> None:
    index_article(change.article)
    reindex_copies(change.article.pk)


def unindex_unpublished(change: Change) -> None:
    unindex_article(change.article.pk)
    reindex_copies(change.article.pk)


def remember_copies(change: Change) -> None:
    change.article._live_copy_ids = list(
        ArticlePage.objects.live().filter(original=change.article).values_list("pk", flat=True)
    )


def unindex_deleted(change: Change) -> None:
    unindex_article(change.article.pk)
    # The copies' link to it is cleared by now, so they stand for their story themselves.
    for copy in ArticlePage.objects.filter(pk__in=getattr(change.article, "_live_copy_ids", ())):
        index_article(copy)


def reindex_moved_article(change: Change) -> None:
    # A moved article changes outlet and URL.
    reindex_live_under(change.article)


def register_steps() -> None:
    pipeline.register(Stage.INDEX, on={Event.PUBLISH}, step=index_published)
    pipeline.register(Stage.INDEX, on={Event.UNPUBLISH}, step=unindex_unpublished)
    pipeline.register(Stage.INDEX, on={Event.BEFORE_DELETE}, step=remember_copies)
    pipeline.register(Stage.INDEX, on={Event.DELETE}, step=unindex_deleted)
    pipeline.register(Stage.INDEX, on={Event.MOVE}, step=reindex_moved_article)


def reindex_copies(original_id: int) -> None:
    """A copy is left out of network-wide search only while its original is live."""
    for copy in ArticlePage.objects.live().filter(original_id=original_id, follows_original=False):
        index_article(copy)


@receiver(post_page_move)
def reindex_moved_outlet(sender: type, instance: Any, **kwargs: Any) -> None:
    # Moving an outlet (or any page above articles) moves its articles' URLs. An article's own
    # move is the pipeline's (``reindex_moved_article``).
    if not issubclass(sender, ArticlePage):
        reindex_live_under(instance)


def reindex_live_under(page: Page) -> None:
    for article in ArticlePage.objects.descendant_of(page, inclusive=True).live():
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
