"""An outlet's listings of its articles, served as routes of its home page.

``OutletHomePage`` knows no articles; ``ArticlesConfig.ready`` adds these views to its routes
(``add_routes``) and the one-statement article lookup to its routing (``child_lookups``). Each
view is bound to the outlet it serves, as the page's own methods are, and takes it first.
"""

from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.contrib.routable_page.models import path, re_path

from vestnik.outlets.models import OutletHomePage, Section
from vestnik.regions.models import Region

from .front import compose_front
from .models import ArticlePage, ArticlePageQuerySet, ReaderRule, Tag
from .models.page_lookup import live_article

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
        },
    )


@re_path(r"^tags/(?P<slug>[-\w]+)/$")
def tag(outlet: OutletHomePage, request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = (
        ArticlePage.objects.visible_to_readers().tagged(tag).one_per_story(outlet).for_listing()
    )
    return render_listing(outlet, request, articles, heading=tag.name, tag=tag)


@re_path(r"^regions/(?P<slug>[-\w]+)/$")
def region_articles(outlet: OutletHomePage, request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("parent__parent"), slug=slug)
    articles = (
        ArticlePage.objects.visible_to_readers()
        .in_region(region)
        .one_per_story(outlet)
        .for_listing()
    )
    return render_listing(outlet, request, articles, heading=region.header, listed_region=region)


@re_path(r"^rubrics/(?P<slug>[-\w]+)/$")
def section_articles(outlet: OutletHomePage, request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, outlet=outlet, slug=slug)
    section.outlet = outlet
    articles = ArticlePage.objects.visible_to_readers().in_section(section).for_listing()
    return render_listing(outlet, request, articles, heading=section.name, section=section)


def render_listing(
    outlet: OutletHomePage,
    request: HttpRequest,
    articles: ArticlePageQuerySet,
    heading: str,
    count: int | None = None,
    **extra: Any,
) -> HttpResponse:
    return outlet.render(
        request,
        context_overrides={
            "heading": heading,
            "articles": paginate(request, articles, count),
            **extra,
        },
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
    OutletHomePage.add_routes(newest, tag, region_articles, section_articles)
    OutletHomePage.child_lookups.append(live_article)
