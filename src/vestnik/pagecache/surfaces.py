"""The one place that knows which public pages show an article.

Every purge of the page cache and of an external CDN goes through ``pages_showing``: its own
page, its outlet's home (where it may lead, stand among the top stories, the latest or a
district's or section's block) and feeds, its section's page and feeds, the network-wide tag
and region listings (on every outlet's host, since each outlet serves them), its syndicated
copies' pages, and the pages
whose «Читайте также» may list it. A listing's ``?page=N`` pages are stored under the
listing's path, so purging the path purges all of its pages at once. Every address is made
by ``keys.page_address``, in the form the stores key pages by.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from vestnik.articles.models import ArticlePage
from vestnik.articles.models.related import read_also_sources
from vestnik.outlets.models import Section
from vestnik.regions.models import Region

from .keys import PageAddress, page_address

__all__ = ["PageAddress", "outlet_hosts", "page_of", "pages_showing", "site_host"]

# Per outlet: the home listing (all its ?page=N), its feeds and sitemaps.
OUTLET_PATHS = ("/", "/rss/", "/atom/", "/sitemap.xml", "/news-sitemap.xml")
# Network-wide listings, served on every outlet's host.
TAG_PATHS = ("/tags/{slug}/", "/tags/{slug}/rss/")
REGION_PATHS = ("/regions/{slug}/", "/regions/{slug}/rss/")
# An outlet's section, on the outlet's own host.
SECTION_PATHS = ("/rubrics/{slug}/", "/rubrics/{slug}/rss/", "/rubrics/{slug}/atom/")


def site_host(site: Site) -> str:
    """The ``Host`` header a browser sends for a site: «zvezdny.localhost:8000»."""
    if site.port in (80, 443):
        return site.hostname
    return f"{site.hostname}:{site.port}"


def outlet_hosts() -> dict[int, str]:
    """Host of every outlet's site, by the outlet's page id."""
    from vestnik.outlets.models import OutletHomePage

    outlet_type = ContentType.objects.get_for_model(OutletHomePage)
    sites = Site.objects.filter(root_page__content_type=outlet_type).order_by("-is_default_site")
    hosts: dict[int, str] = {}
    for site in sites:
        hosts.setdefault(site.root_page_id, site_host(site))
    return hosts


def page_of(article: Page) -> PageAddress | None:
    """The article's own page, or None if it has no public URL (no site above it)."""
    parts = article.get_url_parts()
    if parts is None:
        return None
    _, root_url, path = parts
    if root_url is None or path is None:
        return None
    return page_address(root_url.split("://", 1)[1].rstrip("/"), path)


def pages_showing(article: ArticlePage, _seen: set[int] | None = None) -> set[PageAddress]:
    """Every public page that shows ``article`` as the database has it now."""
    seen = _seen if _seen is not None else set()
    seen.add(article.pk)
    hosts = outlet_hosts()
    addresses: set[PageAddress] = set()
    if own := page_of(article):
        addresses.add(own)
        addresses.update(page_address(own.host, path) for path in OUTLET_PATHS)
        addresses.update(page_address(own.host, path) for path in section_paths(article))
    slugs = listing_paths(article)
    addresses.update(page_address(host, path) for host in hosts.values() for path in slugs)
    for copy in ArticlePage.objects.filter(original_id=article.pk).exclude(pk__in=seen):
        addresses |= pages_showing(copy, seen)
    offering = ArticlePage.objects.filter(pk__in=read_also_sources(article)).exclude(pk=article.pk)
    addresses.update(filter(None, map(page_of, offering)))
    return addresses


def section_paths(article: ArticlePage) -> set[str]:
    """The section's page and feeds, if the article is filed under one."""
    if article.section_id is None:
        return set()
    slug = Section.objects.filter(pk=article.section_id).values_list("slug", flat=True).first()
    return {template.format(slug=slug) for template in SECTION_PATHS} if slug else set()


def listing_paths(article: ArticlePage) -> set[str]:
    """Paths of the tag and region listings that include the article: an okrug's page lists
    its districts' articles, the city's page everything in it."""
    paths: set[str] = set()
    for slug in article.tags.values_list("slug", flat=True):
        paths.update(template.format(slug=slug) for template in TAG_PATHS)
    regions = list(article.regions.all())
    while regions:
        region = regions.pop()
        paths.update(template.format(slug=region.slug) for template in REGION_PATHS)
        if region.parent_id is not None:
            regions.append(Region.objects.get(pk=region.parent_id))
    return paths
