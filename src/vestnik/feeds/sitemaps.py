"""An outlet's sitemaps: its home page, articles, tag and region pages, and a news sitemap of
the last 48 hours (https://www.sitemaps.org/protocol.html, Google's ``news:`` extension)."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

if TYPE_CHECKING:
    # Only types: the sites framework is not installed, and Sitemap is generic in the stubs only.
    from django.contrib.sites.models import Site

    # Django's sitemap view takes sitemaps or their classes.
    SitemapSections = dict[str, Sitemap[Any] | type[Sitemap[Any]]]

from vestnik.articles.models import ArticlePage, ArticlePageQuerySet, ArticleTag, ReaderRule, Tag
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region

NEWS_WINDOW = timedelta(hours=48)


class OutletSitemap(Sitemap):
    """Locations on the outlet's own Wagtail Site, like every other URL Vestnik prints,
    whatever host name the sitemap was fetched under."""

    def __init__(self, outlet: OutletHomePage, request: HttpRequest) -> None:
        self.outlet = outlet
        self.request = request
        home = urlsplit(outlet.get_full_url(request))
        self.protocol = home.scheme
        self.domain = home.netloc
        self.home_path = home.path

    def get_domain(self, site: "Site | RequestSite | None" = None) -> str:
        return self.domain

    def articles(self) -> ArticlePageQuerySet:
        return ArticlePage.objects.visible_to_readers().for_outlet(self.outlet)

    def listing_path(self, route: str, slug: str) -> str:
        return self.home_path + self.outlet.reverse_subpage(route, args=[slug])


class HomeSitemap(OutletSitemap):
    changefreq = "hourly"

    def items(self) -> list[OutletHomePage]:
        return [self.outlet]

    def location(self, outlet: OutletHomePage) -> str:
        return self.home_path

    def lastmod(self, outlet: OutletHomePage) -> datetime | None:
        latest = self.articles().aggregate(latest=Max("last_published_at"))["latest"]
        return max(filter(None, (latest, outlet.last_published_at)), default=None)


class ArticleSitemap(OutletSitemap):
    def items(self) -> ArticlePageQuerySet:
        return self.articles().newest_first().defer_streamfields()

    def location(self, article: ArticlePage) -> str:
        _, _, path = article.get_url_parts(self.request)
        return str(path)

    def lastmod(self, article: ArticlePage) -> datetime | None:
        return article.last_published_at


class NewsSitemap(ArticleSitemap):
    """Articles published in the last 48 hours; the news extension allows 1000 a file."""

    limit = 1000

    def items(self) -> ArticlePageQuerySet:
        now = timezone.now()
        return super().items().filter(published_at__gt=now - NEWS_WINDOW, published_at__lte=now)


class TagSitemap(OutletSitemap):
    """Pages of the tags this outlet's articles carry; a tag page lists the whole network's
    articles, so it changes when any of them does."""

    def items(self) -> list[Tag]:
        used = ArticleTag.objects.filter(content_object__in=self.articles()).values("tag_id")
        shown = ReaderRule.now().q("tagged_articles__content_object__")
        latest = Max("tagged_articles__content_object__last_published_at", filter=shown)
        return list(Tag.objects.filter(pk__in=used).annotate(latest=latest).order_by("slug"))

    def location(self, tag: Tag) -> str:
        return self.listing_path("tag", tag.slug)

    def lastmod(self, tag: Tag) -> datetime | None:
        return tag.latest


class RegionSitemap(OutletSitemap):
    """Pages of the regions this outlet's articles are about; an okrug's page also lists
    its districts' articles, so it changes when any of them does."""

    def items(self) -> list[Region]:
        used = Region.objects.filter(articles__in=self.articles()).distinct().order_by("slug")
        latest = latest_by_region()
        regions = list(used)
        for region in regions:
            region.latest = latest.get(region.pk)  # type: ignore[attr-defined]
        return regions

    def location(self, region: Region) -> str:
        return self.listing_path("region_articles", region.slug)

    def lastmod(self, region: Region) -> datetime | None:
        return region.latest  # type: ignore[attr-defined]  # set by items()


def latest_by_region() -> dict[int, datetime]:
    """The last publication readers see about each region or anything inside it."""
    shown = ReaderRule.now().q("articles__")
    own = Region.objects.annotate(latest=Max("articles__last_published_at", filter=shown))
    parents = dict(Region.objects.values_list("pk", "parent_id"))
    latest: dict[int, datetime] = {}
    for pk, moment in own.values_list("pk", "latest"):
        node: int | None = pk
        while node is not None and moment is not None:
            if node not in latest or latest[node] < moment:
                latest[node] = moment
            node = parents[node]
    return latest


def outlet_sitemaps(
    outlet: OutletHomePage, request: HttpRequest
) -> dict[str, Sitemap[Any] | type[Sitemap[Any]]]:
    return {
        section: sitemap(outlet, request)
        for section, sitemap in (
            ("home", HomeSitemap),
            ("articles", ArticleSitemap),
            ("tags", TagSitemap),
            ("regions", RegionSitemap),
        )
    }
