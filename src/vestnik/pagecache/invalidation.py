"""Exact invalidation: every change that alters what a public page shows purges the pages
``surfaces.pages_showing`` names, before and after the change, once the transaction commits.

Before: an article's pages are read from the database when it is about to be saved, moved
or deleted (its old URL, old tags, old regions). After: read again at commit. Publishing,
unpublishing, editing, scheduled go-live (``publish_scheduled`` publishes revisions, which
saves the page), moving, deleting, syndicating (a copy is an article saved with
``original``), tag and region changes all come through these signals, an article's own
changes as the last stage of the articles' pipeline (``register_steps``); a changed
«Читайте также» purges the page showing it, a changed «Самое читаемое» the pages showing
that; a pin added, moved or removed (by an editor, or by the worker at its unpin time) purges
its outlet's home. Rare network-wide changes (a site, an outlet or its sections, an outlet's
identity, a tag's name, a region, a view restriction) purge everything. Purges reach an
external CDN too when ``WAGTAILFRONTENDCACHE`` is configured.
"""

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal, receiver
from django.utils.encoding import iri_to_uri
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from vestnik.articles import pipeline
from vestnik.articles.models import (
    ArticlePage,
    ArticleTag,
    Author,
    Byline,
    FrontPin,
    RelatedItem,
    Tag,
    VestnikImage,
)
from vestnik.articles.pipeline import Change, Event, Stage
from vestnik.newsroom.related import related_stored
from vestnik.outlets.identity import OutletIdentity
from vestnik.outlets.models import OutletHomePage, Section
from vestnik.readership.signals import most_read_changed
from vestnik.regions.models import Region
from vestnik.replicas import note_purge

from .keys import PageAddress, page_address
from .stores import get_store
from .surfaces import (
    TAG_PATHS,
    TAGS_INDEX,
    author_pages,
    outlet_hosts,
    page_of,
    pages_showing,
    pages_showing_most_read,
)

logger = logging.getLogger(__name__)

# Saved by drafts, locks and comments: the public page does not change.
DRAFT_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "wagtail_admin_comments",
    "locked",
    "locked_at",
    "locked_by",
    "numchild",
}
IMAGE_FILE_FIELDS = {"file_hash", "file_size"}


@dataclass
class PendingPurge:
    """What one transaction will purge when it commits."""

    transaction: Any = None  # the outermost atomic block it belongs to
    addresses: set[PageAddress] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)  # all their pages, read at commit
    own_pages: set[int] = field(default_factory=set)  # just the article's own page
    everything: bool = False


_local = threading.local()


def pending() -> PendingPurge:
    """This thread's batch for the current transaction; a batch left by a transaction that
    rolled back belongs to another atomic block and is dropped."""
    connection = transaction.get_connection()
    owner = connection.atomic_blocks[0] if connection.in_atomic_block else None
    batch = getattr(_local, "purge", None)
    if batch is None or batch.transaction is not owner:
        batch = _local.purge = PendingPurge(transaction=owner)
    return batch


def remember_pages(article_id: int | None) -> None:
    """The pages showing the article as it is before a change."""
    article = ArticlePage.objects.filter(pk=article_id).first() if article_id else None
    if article is not None:
        pending().addresses |= pages_showing(article)


def schedule(
    *,
    articles: set[int] | frozenset[int] = frozenset(),
    own_pages: set[int] | frozenset[int] = frozenset(),
    addresses: set[PageAddress] | frozenset[PageAddress] = frozenset(),
    everything: bool = False,
) -> None:
    batch = pending()
    batch.articles |= articles
    batch.own_pages |= own_pages
    batch.addresses |= addresses
    batch.everything |= everything
    # Several callbacks per transaction are fine: the first one empties the batch.
    transaction.on_commit(partial(flush_or_purge_all, batch))


# Sent after each purge with ``pages`` (how many addresses) or ``everything=True``; the
# operations' metrics count them.
pages_purged = Signal()


def flush_or_purge_all(batch: PendingPurge) -> None:
    """``flush``, never failing the request whose transaction committed. If the database went
    away between the commit and the purge, which pages show the change cannot be read: every
    page goes instead, or a stale page would outlive the outage."""
    try:
        try:
            flush(batch)
        except DatabaseError as error:
            logger.warning("Purge after commit: no database, every page goes (%s)", error)
            get_store().purge_all()
            pages_purged.send(sender=None, pages=0, everything=True)
    except Exception:
        logger.exception("Purge after commit failed")


def flush(batch: PendingPurge) -> None:
    """Purge what the committed transaction changed; later callbacks find the batch empty."""
    if getattr(_local, "purge", None) is batch:
        _local.purge = None
    taken = PendingPurge(None, batch.addresses, batch.articles, batch.own_pages, batch.everything)
    batch.addresses, batch.articles, batch.own_pages, batch.everything = set(), set(), set(), False
    if taken.everything:
        note_purge()
        get_store().purge_all()
        purge_frontend_everything()
        pages_purged.send(sender=None, pages=0, everything=True)
        return
    if not (taken.addresses or taken.articles or taken.own_pages):
        return
    addresses = set(taken.addresses)
    for article in ArticlePage.objects.filter(pk__in=taken.articles):
        addresses |= pages_showing(article)
    for article in ArticlePage.objects.filter(pk__in=taken.own_pages - taken.articles):
        if own := page_of(article):
            addresses.add(own)
    note_purge()  # before the store's purge: see ``vestnik.replicas``
    get_store().purge(addresses)
    purge_frontend(addresses)
    pages_purged.send(sender=None, pages=len(addresses), everything=False)


def purge_frontend(addresses: set[PageAddress]) -> None:
    """Purge an external proxy or CDN through Wagtail's frontend cache backends."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None) or not addresses:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    # Addresses are decoded text (``keys``); a CDN is sent the URLs as browsers request them.
    urls = sorted(f"{scheme}://{host}{iri_to_uri(path)}" for host, path in addresses)
    purge_urls_from_cache(urls)


def purge_frontend_everything() -> None:
    """Every outlet's home and listings' first pages: what a CDN most likely holds."""
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_frontend({page_address(host, "/") for host in outlet_hosts().values()})


def is_draft_save(kwargs: Mapping[str, Any]) -> bool:
    update_fields = kwargs.get("update_fields")
    return update_fields is not None and set(update_fields) <= DRAFT_FIELDS


def before_article_save(change: Change) -> None:
    if not change.kwargs.get("raw") and change.article.pk and not is_draft_save(change.kwargs):
        remember_pages(change.article.pk)


def after_article_save(change: Change) -> None:
    if not change.kwargs.get("raw") and not is_draft_save(change.kwargs):
        schedule(articles={change.article.pk})


def before_article_change(change: Change) -> None:
    remember_pages(change.article.pk)


def after_article_change(change: Change) -> None:
    schedule(articles={change.article.pk})


def register_steps() -> None:
    """The last stage of the articles' pipeline: name the pages before, purge them at commit."""
    pipeline.register(Stage.PURGE, on={Event.BEFORE_SAVE}, step=before_article_save)
    pipeline.register(Stage.PURGE, on={Event.SAVE}, step=after_article_save)
    pipeline.register(
        Stage.PURGE, on={Event.BEFORE_MOVE, Event.BEFORE_DELETE}, step=before_article_change
    )
    pipeline.register(
        Stage.PURGE,
        on={Event.PUBLISH, Event.UNPUBLISH, Event.MOVE, Event.DELETE},
        step=after_article_change,
    )


@receiver(post_page_move)
def after_page_move(sender: type, instance: Any, **kwargs: Any) -> None:
    # An article's move is the pipeline's (``after_article_change``).
    if not issubclass(sender, ArticlePage):
        schedule(everything=True)


@receiver(post_save, sender=ArticleTag)
@receiver(post_delete, sender=ArticleTag)
def after_tagging(sender: type, instance: ArticleTag, **kwargs: Any) -> None:
    # A removed tag is gone from the article by commit time, so its listings are named now.
    slug = Tag.objects.filter(pk=instance.tag_id).values_list("slug", flat=True).first()
    listings = {template.format(slug=slug) for template in TAG_PATHS} if slug else set()
    listings.add(TAGS_INDEX)  # its count
    schedule(
        articles={instance.content_object_id},
        addresses={
            page_address(host, path) for host in outlet_hosts().values() for path in listings
        },
    )


@receiver(m2m_changed, sender=ArticlePage.regions.through)
def around_regions_change(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    article_ids = (
        {instance.pk} if isinstance(instance, ArticlePage) else set(kwargs.get("pk_set") or ())
    )
    if action.startswith("pre_"):
        for article_id in article_ids:
            remember_pages(article_id)
    else:
        schedule(articles=article_ids)


@receiver(post_save, sender=RelatedItem)
@receiver(post_delete, sender=RelatedItem)
def after_chosen_related(sender: type, instance: RelatedItem, **kwargs: Any) -> None:
    schedule(own_pages={instance.article_id})


@receiver(related_stored)
def after_computed_related(sender: Any, article_id: int, **kwargs: Any) -> None:
    schedule(own_pages={article_id})


@receiver(most_read_changed)
def after_most_read_change(sender: Any, outlet_ids: frozenset[int], **kwargs: Any) -> None:
    schedule(addresses=pages_showing_most_read(outlet_ids))


@receiver(post_save, sender=VestnikImage)
def after_image_edit(sender: type, instance: VestnikImage, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if kwargs.get("created") or (update_fields and set(update_fields) <= IMAGE_FILE_FIELDS):
        return
    photos = ArticlePage.objects.filter(photo_id=instance.pk).values_list("pk", flat=True)
    schedule(articles=set(photos))


@receiver(post_save, sender=Author)
@receiver(pre_delete, sender=Author)
def around_author_change(sender: type, instance: Author, **kwargs: Any) -> None:
    # A new author is on no page yet; a renamed one is in the bylines of their articles and
    # heads their own page. A deletion takes the bylines with it: named before it.
    if kwargs.get("raw") or kwargs.get("created"):
        return
    written = Byline.objects.filter(author_id=instance.pk).values_list("page_id", flat=True)
    schedule(articles=set(written), addresses=author_pages(instance))


@receiver(post_save, sender=FrontPin)
@receiver(post_delete, sender=FrontPin)
def after_pin_change(sender: type, instance: FrontPin, **kwargs: Any) -> None:
    # A pin shows on its outlet's home page alone (its first page: ``?page=N`` is stored
    # under the same path). Its unpinning by the worker comes here too, as a delete.
    if not kwargs.get("raw") and (host := outlet_hosts().get(instance.outlet_id)):
        schedule(addresses={page_address(host, "/")})


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
def after_network_change(sender: type, instance: Any, **kwargs: Any) -> None:
    # A new tag or region is on no page yet; a new site changes where pages' links point; a
    # section, new or changed, is in the header of every page of its outlet.
    if not kwargs.get("raw") and (not kwargs.get("created") or sender in (Site, Section)):
        schedule(everything=True)


@receiver(post_save, sender=OutletHomePage)
@receiver(page_published, sender=OutletHomePage)
@receiver(page_unpublished, sender=OutletHomePage)
def after_outlet_change(sender: type, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw") and not is_draft_save(kwargs):
        schedule(everything=True)


@receiver(post_save, sender=OutletIdentity)
@receiver(post_delete, sender=OutletIdentity)
def after_identity_change(sender: type, instance: Any, **kwargs: Any) -> None:
    # Every page on the outlet's hosts shows its identity (header, footer, accent, icon),
    # and the stores purge addresses, not hosts: an edit made a few times a year purges all.
    if not kwargs.get("raw"):
        schedule(everything=True)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def after_restriction_change(sender: type, instance: Any, **kwargs: Any) -> None:
    # A new restriction too: stored copies of the pages it now closes must go, and every
    # process must stop taking "no restrictions" for granted (``vestnik.page_restrictions``).
    if not kwargs.get("raw"):
        schedule(everything=True)
