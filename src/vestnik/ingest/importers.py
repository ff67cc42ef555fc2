"""What every importer shares: «Читайте также» teasers, Moscow time."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import RelatedSpec
from vestnik.language.typography import normalize_headline

from .textpage import RelatedTeaser


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
