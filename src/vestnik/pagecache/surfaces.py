"""The one place that knows which public pages show an article.

Every purge of the page cache and of an external CDN goes through ``pages_showing``: its own
page, its outlet's home (where it may lead, stand among the top stories, the latest or a
district's or section's block) and feeds, its section's page and feeds, the network-wide tag,
author and region listings (on every outlet's host, since each outlet serves them), its
syndicated copies' pages, and the pages whose «Читайте также» may list it. Pages that only
count it count too: the indexes of tags and regions, and every page whose map or list of
districts shows the count of its district (its okrug's districts' pages, its neighbours', the
homes of outlets of its okrug). A listing's ``?page=N`` pages are stored under the listing's
path, so purging the path purges all of its pages at once. Every address is made
by ``keys.page_address``, in the form the stores key pages by.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, Site

from vestnik.articles.models import ArticlePage, Author
from vestnik.articles.models.related import read_also_sources
from vestnik.outlets.models import Section
from vestnik.regions.models import Region

from .keys import PageAddress, page_address

__all__ = [
    "AUTHOR_PATHS",
    "PageAddress",
    "author_pages",
    "outlet_hosts",
    "page_of",
    "pages_showing",
    "pages_showing_most_read",
    "site_host",
]

# Per outlet: the home listing (all its ?page=N), its feeds (Дзен's and Яндекс's too) and
# sitemaps.
OUTLET_PATHS = (
    "/", "/rss/", "/atom/", "/rss/dzen/", "/rss/yandex/", "/sitemap.xml", "/news-sitemap.xml",
)  # fmt: skip
# Network-wide listings, served on every outlet's host.
TAG_PATHS = ("/tags/{slug}/", "/tags/{slug}/rss/")
REGION_PATHS = (
    "/regions/{slug}/", "/regions/{slug}/rss/", "/regions/{slug}/rss/dzen/",
    "/regions/{slug}/rss/yandex/",
)  # fmt: skip
# Network-wide indexes, with the counts of stories per tag and per region.
TAGS_INDEX, REGIONS_INDEX = "/tags/", "/regions/"
# The home page, which shows the map of its outlet's okrug (``includes/region_map.html``).
HOME_PATH = "/"
# An author's page, network-wide like a tag's (``articles.models.authors``).
AUTHOR_PATHS = ("/authors/{slug}/",)
# Per outlet: the pages that show its «Самое читаемое» (``readership``): the home (all its
# ?page=N).
MOST_READ_PATHS = ("/",)
# An outlet's section, on the outlet's own host.
SECTION_PATHS = (
    "/rubrics/{slug}/", "/rubrics/{slug}/rss/", "/rubrics/{slug}/atom/",
    "/rubrics/{slug}/rss/dzen/", "/rubrics/{slug}/rss/yandex/",
)  # fmt: skip


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
    addresses.update(
        page_address(hosts[outlet], HOME_PATH)
        for outlet in homes_mapping(article)
        if outlet in hosts
    )
    for copy in ArticlePage.objects.filter(original_id=article.pk).exclude(pk__in=seen):
        addresses |= pages_showing(copy, seen)
    offering = ArticlePage.objects.filter(pk__in=read_also_sources(article)).exclude(pk=article.pk)
    addresses.update(filter(None, map(page_of, offering)))
    return addresses


def author_pages(author: Author) -> set[PageAddress]:
    """The author's own page on every outlet's host; the pages of their articles (whose
    bylines name them) are each article's ``pages_showing``."""
    paths = {template.format(slug=author.slug) for template in AUTHOR_PATHS}
    return {page_address(host, path) for host in outlet_hosts().values() for path in paths}


def pages_showing_most_read(outlet_ids: set[int] | frozenset[int]) -> set[PageAddress]:
    """The pages that show these outlets' «Самое читаемое» lists."""
    hosts = outlet_hosts()
    return {
        page_address(hosts[pk], path)
        for pk in outlet_ids
        if pk in hosts
        for path in MOST_READ_PATHS
    }


def section_paths(article: ArticlePage) -> set[str]:
    """The section's page and feeds, if the article is filed under one."""
    if article.section_id is None:
        return set()
    slug = Section.objects.filter(pk=article.section_id).values_list("slug", flat=True).first()
    return {template.format(slug=slug) for template in SECTION_PATHS} if slug else set()


def listing_paths(article: ArticlePage) -> set[str]:
    """Paths of the tag, author and region listings that include the article (an okrug's page
    lists its districts' articles, the city's page everything in it), and of the region pages
    and indexes that count it."""
    paths: set[str] = set()
    for slug in Author.objects.filter(bylines__page=article).values_list("slug", flat=True):
        paths.update(template.format(slug=slug) for template in AUTHOR_PATHS)
    for slug in article.tags.values_list("slug", flat=True):
        paths.update(template.format(slug=slug) for template in TAG_PATHS)
        paths.add(TAGS_INDEX)
    for region in regions_counting(article):
        paths.update(template.format(slug=region.slug) for template in REGION_PATHS)
        paths.add(REGIONS_INDEX)
    return paths


def regions_counting(article: ArticlePage) -> set[Region]:
    """The regions whose pages list the article or show its count: its regions and the
    regions around them (which list it), and for a district the other districts of its okrug
    (whose map shows it) and its neighbours (which list it among the districts around)."""
    shown: set[Region] = set()
    regions = list(article.regions.select_related("parent__parent"))
    for region in regions:
        shown.update(region.lineage())
        if region.kind == Region.Kind.DISTRICT:
            shown.update(region.neighbours())
            shown.update(Region.objects.filter(parent_id=region.parent_id))
    return shown


def homes_mapping(article: ArticlePage) -> set[int]:
    """Ids of the outlets whose home shows the map drawn around one of the article's
    regions: outlets of the city, of the article's okrugs, and of any district in them."""
    from vestnik.outlets.models import OutletHomePage

    okrugs: set[int] = set()
    for region in article.regions.select_related("parent"):
        okrug = region if region.kind == Region.Kind.OKRUG else region.parent
        if okrug is not None and okrug.kind == Region.Kind.OKRUG:
            okrugs.add(okrug.pk)
    if not okrugs:
        return set()
    mapped = OutletHomePage.objects.filter(
        Q(region__kind=Region.Kind.CITY) | Q(region_id__in=okrugs) | Q(region__parent_id__in=okrugs)
    )
    return set(mapped.values_list("pk", flat=True))
