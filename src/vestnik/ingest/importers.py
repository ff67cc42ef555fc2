"""Store what the text-page parser read as an article of an outlet."""

import os
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from vestnik.articles.factories import ArticleSpec, PhotoSpec, RelatedSpec, upsert_article
from vestnik.articles.models import ArticlePage
from vestnik.language.slugs import headline_slug
from vestnik.language.typography import normalize_headline
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region

from .textpage import RelatedTeaser, TextPage, read_text_page


def import_text_file(
    path: str | os.PathLike[str], outlet: OutletHomePage
) -> tuple[ArticlePage, bool, bool]:
    """Create or update the article a saved text page describes; returns
    ``(article, created, changed)``. Raises ``TextPageError`` before writing anything if
    the file is not such a page."""
    return import_text_page(read_text_page(path), outlet)


def import_text_page(page: TextPage, outlet: OutletHomePage) -> tuple[ArticlePage, bool, bool]:
    # The same page imported again lands on the same slug, so it updates instead of duplicating.
    slug = headline_slug(page.headline)
    region = Region.objects.find_by_header(page.region) or outlet.region
    spec = ArticleSpec(
        slug=slug,
        headline=page.headline,
        published_at=moscow_time(page.published_at),
        paragraphs=page.body,
        text_credit=page.text_credit,
        regions=(region,),
        photo=(
            PhotoSpec(page.photo_caption, page.photo_credit_author, page.photo_credit_source)
            if page.photo_caption or page.photo_credit_source
            else None
        ),
        related=related_specs(page.related, exclude_slug=slug),
    )
    return upsert_article(outlet, spec)


def related_specs(teasers: Iterable[RelatedTeaser], exclude_slug: str) -> tuple[RelatedSpec, ...]:
    """«Читайте также» teasers linked to the network's articles with their headlines."""
    return tuple(
        RelatedSpec(
            headline=teaser.headline,
            lead=teaser.lead,
            published_at=moscow_time(teaser.published_at),
            target=article_headlined(teaser.headline, exclude_slug=exclude_slug),
        )
        for teaser in teasers
    )


def moscow_time(naive: datetime) -> datetime:
    """Pages print Moscow wall-clock time; store it as such whatever the server's zone."""
    return timezone.make_aware(naive, timezone.get_default_timezone())


def article_headlined(headline: str, exclude_slug: str) -> ArticlePage | None:
    return (
        ArticlePage.objects.live()
        .filter(headline_key=normalize_headline(headline)[:255])
        .exclude(slug=exclude_slug)
        .newest_first()
        .first()
    )
