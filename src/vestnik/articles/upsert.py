"""Where items become articles: an ``ArticleSpec`` (what an importer or the demo knows of
one article) stored under an outlet, created once and updated in place after.

The demo loader, ingest (``vestnik.ingest.store``), syndication's free slugs and the tests
all come in here, so an article is built one way whatever brought it. Articles never import
ingest: ingest decides *which* article an item is (its ``IngestedItem`` row) and hands the
slug down.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils.html import format_html
from wagtail.models import Page
from wagtail.rich_text import RichText

from vestnik.regions.models import Region

from .factories import draw_placeholder
from .models import ArticlePage, RelatedItem, Tag, VestnikImage

__all__ = [
    "ArticleSpec",
    "PhotoSpec",
    "RelatedSpec",
    "Upserted",
    "free_slug",
    "is_up_to_date",
    "tag_named",
    "upsert_article",
    "upsert_photo",
]


@dataclass(frozen=True)
class PhotoSpec:
    caption: str
    credit_author: str = ""
    credit_source: str = ""
    colour: str = "#2b5d8a"
    image_id: int | None = None  # a stored picture (ingested); None draws a placeholder


@dataclass(frozen=True)
class RelatedSpec:
    """A «Читайте также» item: an article of the network, or what is known of one to come."""

    headline: str
    lead: str = ""
    published_at: datetime | None = None
    target: ArticlePage | None = None


@dataclass(frozen=True)
class ArticleSpec:
    """Everything an importer or the demo knows about one article, before it is stored."""

    slug: str
    headline: str
    published_at: datetime
    lead: str = ""
    paragraphs: tuple[str, ...] = ()
    quotes: tuple[tuple[str, str], ...] = ()  # (text, attribution), placed after the paragraphs
    # ("paragraph"|"quote", fields) in order; importers also give ("html", {"html": safe
    # rich text}) and ("image", {"image": VestnikImage pk, "caption": ...}).
    body: tuple[tuple[str, dict[str, str]], ...] = ()
    text_credit: str = ""
    regions: tuple[Region, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()  # (name, kind)
    photo: PhotoSpec | None = None
    related: tuple[RelatedSpec, ...] = field(default=())
    canonical_url: str = ""  # the original outside the network, for ingested items
    live: bool = True  # False leaves the change as a draft for an editor to publish

    def stream(self) -> list[tuple[str, object]]:
        blocks: list[tuple[str, object]] = []
        for kind, fields in self.body or (
            *(("paragraph", {"text": text}) for text in self.paragraphs),
            *(("quote", {"text": t, "attribution": a}) for t, a in self.quotes),
        ):
            if kind == "paragraph":
                blocks.append(("paragraph", RichText(format_html("<p>{}</p>", fields["text"]))))
            elif kind == "html":
                blocks.append(("paragraph", RichText(fields["html"])))
            elif kind == "image":
                image = VestnikImage.objects.get(pk=fields["image"])
                blocks.append(("image", {"image": image, "caption": fields.get("caption", "")}))
            else:
                blocks.append(("quote", fields))
        return blocks

    def digest(self) -> str:
        """A fingerprint of the spec: equal digests mean re-importing would change nothing."""
        state: dict[str, Any] = {
            "slug": self.slug,
            "headline": self.headline,
            "published_at": self.published_at.isoformat(),
            "lead": self.lead,
            "body": [(kind, fields) for kind, fields in self.body]
            or [list(self.paragraphs), [list(q) for q in self.quotes]],
            "credit": self.text_credit,
            "regions": sorted(region.slug for region in self.regions),
            "tags": sorted(map(list, self.tags)),
            "photo": self.photo
            and [
                self.photo.caption,
                self.photo.credit_author,
                self.photo.credit_source,
                self.photo.colour,
            ],
            "related": [
                [
                    item.headline,
                    item.lead,
                    item.published_at and item.published_at.isoformat(),
                    item.target and item.target.pk,
                ]
                for item in self.related
            ],
        }
        # Added only when set, so articles stored before these fields keep their digests.
        if self.photo and self.photo.image_id is not None:
            state["photo_image"] = self.photo.image_id
        if self.canonical_url:
            state["canonical_url"] = self.canonical_url
        if not self.live:
            state["live"] = False
        return hashlib.sha256(json.dumps(state, ensure_ascii=False).encode()).hexdigest()


class Upserted(NamedTuple):
    """What ``upsert_article`` did: the article, and whether it was created just now."""

    article: ArticlePage
    created: bool


def is_up_to_date(article: ArticlePage, spec: ArticleSpec) -> bool:
    """Does the stored article already say what ``spec`` says (its digest matches)? Then
    ``upsert_article`` would write nothing."""
    return article.source_digest == spec.digest()


@transaction.atomic
def upsert_article(outlet: Page, spec: ArticleSpec, *, draft_only: bool = False) -> Upserted:
    """Create the article ``spec.slug`` under ``outlet``, or bring it up to date, and publish
    (with ``spec.live`` false: save a draft revision, leaving a live page as it is; with
    ``draft_only``: only a draft revision, the page itself untouched even if not live).

    The article's identity is its outlet and slug: the demo's key in ``network.json``, and
    for ingest the slug of the article its item's ``IngestedItem`` row (source and GUID)
    names. Returns ``(article, created)``, after djangoproject's
    ``create_or_update_by_guid``; an article that ``is_up_to_date`` with the spec is left
    alone, so importing the same page twice writes nothing the second time. Example:
    ``upsert_article(outlet, ArticleSpec(slug="katok", headline="Каток открыт", ...))``
    gives ``(<ArticlePage katok>, True)`` the first time, ``(<the same page>, False)`` after.
    """
    article = ArticlePage.objects.child_of(outlet).filter(slug=spec.slug).first()
    if article is not None and is_up_to_date(article.specific, spec):
        return Upserted(article.specific, created=False)
    created = article is None
    if article is None:
        article = ArticlePage(slug=spec.slug, title=spec.headline, live=spec.live)
        outlet.add_child(instance=article)
    article = article.specific
    article.title = spec.headline
    article.lead = spec.lead
    article.body = spec.stream()
    article.published_at = spec.published_at
    article.text_credit = spec.text_credit
    article.canonical_url = spec.canonical_url
    article.source_digest = spec.digest()
    if spec.photo:
        article.photo = upsert_photo(f"{outlet.slug}/{spec.slug}", spec.photo, outlet)
    article.regions.set(spec.regions)
    article.tags.set([tag_named(name, kind) for name, kind in spec.tags])
    # sort_order is what orders the items; left empty, PostgreSQL returns them in any order.
    article.related_items = [
        RelatedItem(
            sort_order=position,
            target=item.target,
            headline=item.headline,
            lead=item.lead,
            published_at=item.published_at,
        )
        for position, item in enumerate(spec.related)
    ]
    if spec.live and not draft_only:
        article.save_revision().publish()
    else:
        if not article.live and not draft_only:
            article.save()  # a page never published is its own draft
        article.save_revision()
    return Upserted(article, created)


def tag_named(name: str, kind: str = Tag.Kind.TOPIC) -> Tag:
    tag = Tag.objects.filter(name__iexact=name).first()
    return tag or Tag.objects.create(name=name, kind=kind)


def upsert_photo(title: str, spec: PhotoSpec, outlet: Page) -> VestnikImage:
    """A photo for the article, drawn as a placeholder the first time, re-captioned after;
    a stored picture (``spec.image_id``) is re-captioned in place."""
    if spec.image_id is not None:
        image = VestnikImage.objects.get(pk=spec.image_id)
    else:
        image = VestnikImage.objects.filter(title=title).first()
    if image is None:
        image = VestnikImage(
            title=title,
            file=ImageFile(draw_placeholder(spec.colour), name=f"{title.replace('/', '-')}.png"),
            collection=outlet.collection,
        )
    image.caption = spec.caption
    image.credit_author = spec.credit_author
    image.credit_source = spec.credit_source
    image.save()
    return image


def free_slug(outlet: Page, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``… if a page under the outlet has it."""
    taken = set(
        Page.objects.child_of(outlet)
        .filter(Q(slug=wanted) | Q(slug__startswith=f"{wanted}-"))
        .values_list("slug", flat=True)
    )
    slug, number = wanted, 1
    while slug in taken:
        number += 1
        slug = f"{wanted[: 255 - len(str(number)) - 1]}-{number}"
    return slug
