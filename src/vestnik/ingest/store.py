"""One item into one article: found by its identity, created once, updated when it changed.

An item reaches only the article its own source made from it (the key is source and
GUID, see ``IngestedItem``), never another source's nor one made by hand. Once an editor
has edited or withdrawn that article, the item's later changes are saved as a draft
revision for the editor to look at, never published over them.

Network work (pictures) happens before the transaction; the article, its pictures and the
``IngestedItem`` row that remembers it are then written in one transaction, so a run
killed at any moment leaves each item either fully imported or not at all, and running
again imports the rest without duplicating anything.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vestnik.articles.models import ArticlePage, VestnikImage
from vestnik.articles.upsert import (
    ArticleSpec,
    PhotoSpec,
    free_slug,
    is_up_to_date,
    upsert_article,
)
from vestnik.language.slugs import headline_slug
from vestnik.newsroom.tasks import enqueue_safely, enrich_article_task
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region

from .images import (
    MAX_IMAGES_PER_ITEM,
    Picture,
    download_picture,
    make_renditions,
    store_picture,
)
from .importers import related_specs
from .items import IngestItem, SourceError
from .models import IngestedItem, Source
from .sanitize import Block, plain_text, sanitize_body

logger = logging.getLogger(__name__)

Downloader = Callable[[str, frozenset[str]], Picture]


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    HELD = "held"  # the editor has the article: the change waits as a draft revision
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Destination:
    """Where items go and how: the outlet, live or draft, and the source's credits."""

    outlet: OutletHomePage
    live: bool = True
    auto_accept: bool = False
    text_credit: str = ""
    photo_credit: str = ""
    source: Source | None = None
    internal_hosts: frozenset[str] = frozenset()

    @classmethod
    def of_source(cls, source: Source) -> "Destination":
        return cls(
            outlet=source.outlet,
            live=source.publish_live,
            auto_accept=source.auto_accept,
            text_credit=source.text_credit,
            photo_credit=source.photo_credit,
            source=source,
            internal_hosts=source.allowed_hosts,
        )


def store_item(
    item: IngestItem,
    destination: Destination,
    download: Downloader = download_picture,
    notices: list[str] | None = None,
) -> tuple[Outcome, ArticlePage | None]:
    """Create or update the article for ``item`` by its key (source and GUID, or outlet
    and GUID without a source).

    Returns ``(outcome, article)``; an item whose content hash matches what was stored is
    ``UNCHANGED`` and writes nothing; a change to an article an editor has taken over is
    ``HELD`` as a draft revision. A picture left out is told in ``notices``. Raises
    ``SourceError`` (nothing written) when the item has no text left after sanitising.
    """
    record = find_record(destination, item)
    content_hash = item.content_hash()
    if record is not None and record.content_hash == content_hash and record.article_id:
        return Outcome.UNCHANGED, None
    blocks = body_blocks(item)
    if not any(block.kind != "image" for block in blocks):
        raise SourceError("после очистки HTML не осталось текста")
    pictures = download_pictures(
        item, blocks, destination.internal_hosts, download, notices if notices is not None else []
    )
    with transaction.atomic():
        record = find_record(destination, item, lock=True)
        article = ArticlePage.objects.filter(pk=record.article_id).first() if record else None
        slug = (
            article.slug if article else free_slug(destination.outlet, headline_slug(item.headline))
        )
        held = article is not None and editor_has(article)
        spec = article_spec(item, destination, slug, blocks, pictures, live=not held)
        was_up_to_date = article is not None and is_up_to_date(article, spec)
        article, made = upsert_article(destination.outlet, spec, draft_only=held)
        changed = made or not was_up_to_date
        if record is None:
            record = IngestedItem(
                outlet=destination.outlet, source=destination.source, guid=item.guid[:500]
            )
        record.url = item.url[:500]
        record.content_hash = content_hash
        created = record.article_id is None
        record.article = article
        record.save()
        if destination.auto_accept and changed and not held:
            enqueue_safely(enrich_article_task, article.pk, True)
    make_renditions(article_images(article))
    if held:
        return Outcome.HELD, article
    return (Outcome.NEW if created else Outcome.UPDATED), article


def editor_has(article: ArticlePage) -> bool:
    """Has a person taken the article over: saved a revision of it in the admin, or
    withdrawn it after it was published? Ingest's own revisions carry no user."""
    withdrawn = not article.live and article.first_published_at is not None
    return withdrawn or article.revisions.filter(user__isnull=False).exists()


def article_images(article: ArticlePage) -> list[VestnikImage]:
    images = [article.photo] if article.photo_id else []
    images += [block.value["image"] for block in article.body if block.block_type == "image"]
    return [image for image in images if image is not None]


def find_record(
    destination: Destination, item: IngestItem, lock: bool = False
) -> IngestedItem | None:
    """The item's row by its GUID, or by its address where one side was known by address
    alone (a page taken in on its own that later shows up in a feed, or the other way round),
    among the rows of the destination's source (or, without one, of its outlet's
    source-less rows).

    Two feed items sharing a link but not a GUID stay two items: feeds do that for digests.
    """
    guid = item.guid[:500]
    match = Q(guid=guid)
    if item.url:
        url = item.url[:500]
        match |= Q(guid=url)
        if guid == url:
            match |= Q(url=url)
    if destination.source is not None:
        lane = Q(source=destination.source)
    else:
        lane = Q(source__isnull=True, outlet=destination.outlet)
    rows = IngestedItem.objects.filter(match, lane).order_by("pk")
    if lock:
        rows = rows.select_for_update()
    found = list(rows)
    # A GUID match beats an address match.
    return next((row for row in found if row.guid == guid), found[0] if found else None)


def body_blocks(item: IngestItem) -> tuple[Block, ...]:
    """The sanitised body without what the page repeats: the headline as its first heading,
    the lead picture as its first image."""
    try:
        blocks = sanitize_body(item.body_html, item.url)
    except ValueError as exc:
        raise SourceError(str(exc)) from exc
    headline = " ".join(item.headline.split())
    return tuple(
        block
        for block in blocks
        if not (block.kind == "image" and block.src == item.image_url)
        and not (
            block.kind == "paragraph"
            and block.html.startswith("<h")
            and plain_text(block.html) == headline
        )
    )


def download_pictures(
    item: IngestItem,
    blocks: tuple[Block, ...],
    allow: frozenset[str],
    download: Downloader,
    notices: list[str],
) -> dict[str, Picture]:
    """The lead picture and the body's pictures, at most ``MAX_IMAGES_PER_ITEM``; one that
    cannot be fetched or decoded is left out (and logged with its reason), the article
    still comes in."""
    wanted = [item.image_url] if item.image_url else []
    wanted += [block.src for block in blocks if block.kind == "image" and block.src not in wanted]
    pictures: dict[str, Picture] = {}
    for url in wanted[:MAX_IMAGES_PER_ITEM]:
        try:
            pictures[url] = download(url, allow)
        except SourceError as exc:
            logger.warning("Picture of %s left out: %s", item.guid, exc)
            notices.append(f"изображение пропущено: {exc}")
    return pictures


def article_spec(
    item: IngestItem,
    destination: Destination,
    slug: str,
    blocks: tuple[Block, ...],
    pictures: dict[str, Picture],
    live: bool = True,
) -> ArticleSpec:
    outlet = destination.outlet
    credit_source = item.photo_credit_source or destination.photo_credit

    def picture_of(url: str, caption: str) -> VestnikImage | None:
        picture = pictures.get(url)
        if picture is None:
            return None
        return store_picture(
            picture,
            title=caption or item.headline,
            caption=caption,
            credit_author=item.photo_credit_author,
            credit_source=credit_source,
            collection=outlet.collection,
        )

    body: list[tuple[str, dict[str, str]]] = []
    for block in blocks:
        if block.kind == "paragraph":
            body.append(("html", {"html": block.html}))
        elif block.kind == "quote":
            body.append(("quote", {"text": block.text, "attribution": ""}))
        elif image := picture_of(block.src, block.text):
            body.append(("image", {"image": str(image.pk), "caption": block.text}))
    lead_image = picture_of(item.image_url, item.image_caption) if item.image_url else None
    photo = None
    if lead_image is not None or (not item.image_url and (item.image_caption or credit_source)):
        photo = PhotoSpec(
            caption=item.image_caption,
            credit_author=item.photo_credit_author,
            credit_source=credit_source,
            image_id=lead_image and lead_image.pk,
        )
    region = None
    if item.region:
        region = Region.objects.find_by_header(item.region) or Region.objects.lookup(item.region)
    existing = ArticlePage.objects.child_of(outlet).filter(slug=slug).first()
    return ArticleSpec(
        slug=slug,
        headline=item.headline[:255],
        published_at=item.published_at
        or (existing and existing.specific.published_at)
        or timezone.now(),
        lead=item.lead,
        body=tuple(body),
        text_credit=(
            destination.text_credit or item.author or getattr(destination.source, "name", "")
        )[:200],
        regions=(region or outlet.region,),
        photo=photo,
        related=related_specs(item.related, exclude_slug=slug),
        canonical_url=item.url[:500],
        live=destination.live and live,
    )
