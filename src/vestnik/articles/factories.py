"""Build articles, their photos and free slugs: shared by the demo loader, the importers,
syndication and the tests."""

import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils.html import format_html
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.models import Page
from wagtail.rich_text import RichText

from vestnik.regions.models import Region

from .models import ArticlePage, RelatedItem, Tag, VestnikImage


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


@transaction.atomic
def upsert_article(
    outlet: object, spec: ArticleSpec, *, draft_only: bool = False
) -> tuple[ArticlePage, bool, bool]:
    """Create the article ``spec.slug`` under ``outlet``, or bring it up to date, and publish
    (with ``spec.live`` false: save a draft revision, leaving a live page as it is; with
    ``draft_only``: only a draft revision, the page itself untouched even if not live).

    Returns ``(article, created, changed)``; an article whose stored digest matches the spec
    is left alone, so importing the same page twice writes nothing the second time.
    """
    article = ArticlePage.objects.child_of(outlet).filter(slug=spec.slug).first()
    created = article is None
    if article is not None and article.source_digest == spec.digest():
        return article.specific, False, False
    if article is None:
        article = ArticlePage(slug=spec.slug, title=spec.headline, live=spec.live)
        outlet.add_child(instance=article)  # type: ignore[attr-defined]
    article = article.specific
    article.title = spec.headline
    article.lead = spec.lead
    article.body = spec.stream()
    article.published_at = spec.published_at
    article.text_credit = spec.text_credit
    article.canonical_url = spec.canonical_url
    article.source_digest = spec.digest()
    if spec.photo:
        article.photo = upsert_photo(f"{outlet.slug}/{spec.slug}", spec.photo, outlet)  # type: ignore[attr-defined]
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
    return article, created, True


def tag_named(name: str, kind: str = Tag.Kind.TOPIC) -> Tag:
    tag = Tag.objects.filter(name__iexact=name).first()
    return tag or Tag.objects.create(name=name, kind=kind)


def upsert_photo(title: str, spec: PhotoSpec, outlet: object) -> VestnikImage:
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
            collection=outlet.collection,  # type: ignore[attr-defined]
        )
    image.caption = spec.caption
    image.credit_author = spec.credit_author
    image.credit_source = spec.credit_source
    image.save()
    return image


def draw_placeholder(colour: str, size: tuple[int, int] = (1200, 675)) -> io.BytesIO:
    """A quiet 16:9 picture in the given colour: a horizon and a sun, no text, no fonts."""
    width, height = size
    picture = PillowImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, height * 2 // 3, width, height), fill="#e8e4da")
    draw.ellipse((width * 0.68, height * 0.18, width * 0.82, height * 0.43), fill="#f3c64f")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer


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
