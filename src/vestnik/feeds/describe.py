"""Read an article out of the database into ``ArticleFacts``: the one place that decides
which URL, dates, photo rendition and places every feed and metadata format reports."""

import mimetypes
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urljoin

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone

from vestnik.articles.models import ArticlePage, ArticlePageQuerySet, Tag, VestnikImage
from vestnik.articles.models.stories import canonical_href
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region

from .facts import ArticleFacts, LeadImage, Place

# The rendition the article page shows (articles/article_page.html), so a share card, a feed
# enclosure and the page point at one file instead of making another per format.
LEAD_IMAGE_FILTER = "fill-960x540"


# What ``describe_article`` reads besides the photo; regions come with the regions they lie in.
FACTS_RELATIONS = (
    "tags",
    Prefetch("regions", queryset=Region.objects.select_related("parent__parent")),
)


def with_facts_prefetched(articles: ArticlePageQuerySet) -> ArticlePageQuerySet:
    """Articles with what ``describe_article`` reads, in a fixed number of queries."""
    return articles.select_related("photo", "original").prefetch_related(
        *FACTS_RELATIONS, "photo__renditions"
    )


def describe_article(
    article: ArticlePage,
    outlet: OutletHomePage,
    request: HttpRequest | None,
    *,
    tags: Sequence[Tag] | None = None,
    regions: Sequence[Region] | None = None,
) -> ArticleFacts:
    """``outlet`` is the article's parent, passed in because a listing already knows it;
    so may be its tags and regions (with the regions around them), else they are read."""
    if tags is None:
        tags = list(article.tags.all())
    if regions is None:
        regions = list(article.regions.all())
    url = article.get_full_url(request)
    outlet_url = outlet.get_full_url(request)
    published = moscow(article.published_at or article.first_published_at or timezone.now())
    modified = moscow(article.last_published_at or published)
    return ArticleFacts(
        url=url,
        headline=article.title,
        lead=article.lead,
        published=published,
        modified=max(modified, published),
        # ArticlePage.credit, with the outlet in hand instead of fetched once more per article.
        credit=article.text_credit or outlet.title,
        outlet_name=outlet.title,
        outlet_url=outlet_url,
        image=lead_image(article.photo, base_url=outlet_url) if article.photo else None,
        places=tuple(place(region) for region in regions),
        tags=tuple(tag.name for tag in tags),
        source_url=source_url(article, request, url),
    )


def source_url(article: ArticlePage, request: HttpRequest | None, own_url: str | None) -> str:
    """The page's rel=canonical when that is another page than ``own_url``: the external page
    an ingested item came from, else the live original a copy carries."""
    canonical = canonical_href(article, request)
    return "" if canonical == own_url else canonical


def lead_image(photo: VestnikImage, base_url: str) -> LeadImage | None:
    """The photo as the page shows it, or None when its file is gone (a page without its
    photo is better than an error)."""
    try:
        rendition = photo.get_rendition(LEAD_IMAGE_FILTER)
        length = rendition.file.size
    except OSError:
        return None
    mime_type, _ = mimetypes.guess_type(rendition.file.name)
    return LeadImage(
        url=urljoin(base_url, rendition.url),
        width=rendition.width,
        height=rendition.height,
        mime_type=mime_type or "image/jpeg",
        length=length,
        caption=photo.caption,
        credit_author=photo.credit_author,
        credit_source=photo.credit_source,
    )


def place(region: Region) -> Place:
    """«Район Марфино» within «Северо-Восточный административный округ» within «Москва»."""
    within = None
    for ancestor in region.lineage():
        name = ancestor.full_name
        within = Place(name=name[:1].upper() + name[1:], within=within)
    assert within is not None  # lineage() always holds the region itself
    return within


def moscow(moment: datetime) -> datetime:
    """The moment on Moscow clocks (the site's time zone), with its +03:00 offset."""
    return timezone.localtime(moment)
