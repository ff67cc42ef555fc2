"""An outlet's listings of its articles, served as routes of its home page.

``OutletHomePage`` knows no articles; ``ArticlesConfig.ready`` adds these views to its routes
(``add_routes``) and the one-statement article lookup to its routing (``child_lookups``). Each
view is bound to the outlet it serves, as the page's own methods are, and takes it first.
"""

from collections.abc import Iterable
from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.contrib.routable_page.models import path, re_path

from vestnik.outlets.models import OutletHomePage, Section
from vestnik.regions.models import Region

from .front import compose_front
from .models import ArticlePage, ArticlePageQuerySet, Author, ReaderRule, Tag
from .models.page_lookup import live_article
from .models.stories import QSpelling
from .region_counts import RECENT_DAYS, recent_counts
from .region_map import region_map

__all__ = ["ARTICLES_PER_PAGE", "install", "paginate"]

ARTICLES_PER_PAGE = 20


@path("")
def newest(outlet: OutletHomePage, request: HttpRequest) -> HttpResponse:
    rule = ReaderRule.now()
    articles = ArticlePage.objects.visible_to_readers(rule).for_outlet(outlet).for_listing()
    # Every child of an outlet is an article, so the page tree alone counts them: a range
    # of its path index, where counting the articles joined to their pages scanned the
    # whole tree (36 ms at 100,000 articles).
    count = outlet.get_children().filter(rule.q()).count()
    listing = paginate(request, articles, count)
    # The first page is the editors' front; the pages after it, the plain list.
    front = compose_front(outlet, rule, ARTICLES_PER_PAGE) if listing.number == 1 else None
    return outlet.render(
        request,
        context_overrides={
            "heading": outlet.title,
            "articles": listing,
            "front": front,
            "region": outlet.region,  # the okrug's map (includes/region_map.html)
            # Read once for the page: the map's counts and «Самое читаемое» ask the same.
            "reader_rule": rule,
            "region_counts": recent_counts(rule),
        },
    )


@re_path(r"^tags/(?P<slug>[-\w]+)/$")
def tag(outlet: OutletHomePage, request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    rule = ReaderRule.now()
    articles = (
        ArticlePage.objects.visible_to_readers(rule)
        .tagged(tag)
        .one_per_story(outlet, rule)
        .for_listing()
    )
    page = paginate(request, articles)
    return render_listing(
        outlet,
        request,
        page,
        heading=tag.name,
        template="articles/tag_page.html",
        tag=tag,
        # Stories of the whole network: those from elsewhere say whose they are.
        outlet_names=outlet_names(page, leave_out=outlet),
    )


@path("tags/")
def tags_index(outlet: OutletHomePage, request: HttpRequest) -> HttpResponse:
    """Every tag readers can find a story under, with how many stories (the whole network's,
    each story once)."""
    rule = ReaderRule.now()
    counted = dict(
        ArticlePage.objects.visible_to_readers(rule)
        .exclude(QSpelling(rule).original_shown())
        .filter(tagged_items__tag__isnull=False)
        .order_by()
        .values_list("tagged_items__tag")
        .annotate(stories=Count("pk", distinct=True))
    )
    tags = [(tag, counted[tag.pk]) for tag in Tag.objects.filter(pk__in=counted).order_by("name")]
    return outlet.render(
        request,
        template="articles/tags_index.html",
        context_overrides={"heading": "Теги", "tags": tags},
    )


@re_path(r"^regions/(?P<slug>[-\w]+)/$")
def region_articles(outlet: OutletHomePage, request: HttpRequest, slug: str) -> HttpResponse:
    """A region's page for the whole network: its stories from every outlet (each story once,
    as this outlet carries it), its map, and the regions around it."""
    region = get_object_or_404(Region.objects.select_related("parent__parent"), slug=slug)
    rule = ReaderRule.now()  # read once: the listing and the counts ask the same
    articles = (
        ArticlePage.objects.visible_to_readers(rule)
        .in_region(region)
        .one_per_story(outlet, rule)
        .for_listing()
    )
    page = paginate(request, articles)
    counts = recent_counts(rule)
    return render_listing(
        outlet,
        request,
        page,
        heading=region.header,
        template="articles/region_page.html",
        listed_region=region,
        outlet_names=outlet_names(page),
        region_counts=counts,
        region_map=region_map(region, counts=counts),
        subregions=counted(region.children.all(), counts),
        neighbours=counted(region.neighbours(), counts),
        recent_days=RECENT_DAYS,
    )


@path("regions/")
def regions_index(outlet: OutletHomePage, request: HttpRequest) -> HttpResponse:
    """The city's okrugs with their districts, each with its count of recent stories."""
    counts = recent_counts()
    regions = list(Region.objects.all())
    city = next((region for region in regions if region.kind == Region.Kind.CITY), None)
    okrugs = [
        (
            okrug,
            counts.get(okrug.pk, 0),
            counted((r for r in regions if r.parent_id == okrug.pk), counts),
        )
        for okrug in regions
        if okrug.kind == Region.Kind.OKRUG
    ]
    return outlet.render(
        request,
        template="articles/regions_index.html",
        context_overrides={
            "heading": "Районы и округа",
            "okrugs": okrugs,
            "region_counts": counts,
            "region_map": region_map(city, counts=counts),
            "recent_days": RECENT_DAYS,
        },
    )


def counted(regions: Iterable[Region], counts: dict[int, int]) -> list[tuple[Region, int]]:
    """Regions with their recent stories' counts, in the regions' order (by name)."""
    return [(region, counts.get(region.pk, 0)) for region in regions]


def outlet_names(
    articles: Iterable[ArticlePage], leave_out: OutletHomePage | None = None
) -> dict[int, str]:
    """Article id → the name of the outlet publishing it, for labelling a network-wide list;
    ``leave_out``'s own articles go unlabelled. One query for the page's outlets."""
    articles = list(articles)
    parent_paths = {article.path[: -article.steplen] for article in articles}
    names = dict(OutletHomePage.objects.filter(path__in=parent_paths).values_list("path", "title"))
    return {
        article.pk: names[parent]
        for article in articles
        if (parent := article.path[: -article.steplen]) in names
        and (leave_out is None or parent != leave_out.path)
    }


@re_path(r"^authors/(?P<slug>[-\w]+)/$")
def author(outlet: OutletHomePage, request: HttpRequest, slug: str) -> HttpResponse:
    """An author's articles across the network, as this outlet carries them (like a tag's)."""
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = (
        ArticlePage.objects.visible_to_readers()
        .by_author(author)
        .one_per_story(outlet)
        .for_listing()
    )
    return render_listing(outlet, request, articles, heading=author.name, listed_author=author)


@re_path(r"^rubrics/(?P<slug>[-\w]+)/$")
def section_articles(outlet: OutletHomePage, request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, outlet=outlet, slug=slug)
    section.outlet = outlet
    articles = ArticlePage.objects.visible_to_readers().in_section(section).for_listing()
    return render_listing(outlet, request, articles, heading=section.name, section=section)


def render_listing(
    outlet: OutletHomePage,
    request: HttpRequest,
    articles: ArticlePageQuerySet | PaginatorPage,
    heading: str,
    count: int | None = None,
    template: str | None = None,
    **extra: Any,
) -> HttpResponse:
    """``articles``: the whole listing, or the page of it the caller has taken already."""
    if not isinstance(articles, PaginatorPage):
        articles = paginate(request, articles, count)
    return outlet.render(
        request,
        template=template,
        context_overrides={"heading": heading, "articles": articles, **extra},
    )


def paginate(
    request: HttpRequest, articles: ArticlePageQuerySet, count: int | None = None
) -> PaginatorPage:
    """One page of a listing; a page number out of range or not a number is a 404, not a 500.
    ``count``: how many articles there are, when the caller knows it more cheaply."""
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    if count is not None:
        paginator.count = count  # a cached_property: this value stands in for COUNT(*)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404("Нет такой страницы") from None
    if number < 1 or number > paginator.num_pages:
        raise Http404("Нет такой страницы")
    return paginator.page(number)


def install() -> None:
    """Serve the listings on every outlet, and find its articles in one statement."""
    OutletHomePage.add_routes(
        newest, tag, tags_index, region_articles, regions_index, author, section_articles
    )
    OutletHomePage.child_lookups.append(live_article)
