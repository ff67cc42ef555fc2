from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from vestnik.articles.models import ArticlePage, ArticlePageQuerySet, ReaderRule, Tag
from vestnik.articles.models.page_lookup import live_article
from vestnik.page_restrictions import RememberedRestrictionsMixin
from vestnik.page_urls import ServePathMixin
from vestnik.regions.models import Region
from vestnik.search.forms import SearchForm

ARTICLES_PER_PAGE = 20


class OutletHomePage(ServePathMixin, RememberedRestrictionsMixin, RoutablePageMixin, Page):
    """The home page of one outlet of the network; each outlet is a Wagtail Site rooted here."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name="регион",
        on_delete=models.PROTECT,
        related_name="outlets",
        help_text="Округ или район, о котором пишет издание",
    )
    description = models.TextField("описание", blank=True)
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name="коллекция медиафайлов",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="outlet",
        help_text="Фотографии и документы издания: их видят и меняют только его редакторы",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticlePage"]

    content_panels = [*Page.content_panels, FieldPanel("region"), FieldPanel("description")]

    class Meta:
        verbose_name = "издание"
        verbose_name_plural = "издания"

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        # An article, the page asked for most: its live specific page in one statement,
        # where Wagtail looks up the child and then its specific row. The outlet's own
        # routes come first, as in Wagtail.
        if len(path_components) == 1 and self.live:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                if article := live_article(self, path_components[0]):
                    return RouteResult(article)
        return super().route(request, path_components)

    def with_content_json(self, content: dict[str, Any]) -> "OutletHomePage":
        # The collection belongs to the outlet, not to a revision: an old revision, or one
        # saved before the outlet had a collection, must not take it away when published.
        page: OutletHomePage = super().with_content_json(content)
        page.collection_id = self.collection_id
        return page

    @property
    def site(self) -> Site | None:
        return Site.objects.filter(root_page=self).first()

    @path("")
    def newest(self, request: HttpRequest) -> HttpResponse:
        rule = ReaderRule.now()
        articles = ArticlePage.objects.visible_to_readers(rule).for_outlet(self).for_listing()
        # Every child of an outlet is an article, so the page tree alone counts them: a range
        # of its path index, where counting the articles joined to their pages scanned the
        # whole tree (36 ms at 100,000 articles).
        count = self.get_children().filter(rule.q()).count()
        return self.render_listing(request, articles, heading=self.title, count=count)

    @re_path(r"^tags/(?P<slug>[-\w]+)/$")
    def tag(self, request: HttpRequest, slug: str) -> HttpResponse:
        tag = get_object_or_404(Tag, slug=slug)
        articles = (
            ArticlePage.objects.visible_to_readers().tagged(tag).one_per_story(self).for_listing()
        )
        return self.render_listing(request, articles, heading=tag.name, tag=tag)

    @re_path(r"^regions/(?P<slug>[-\w]+)/$")
    def region_articles(self, request: HttpRequest, slug: str) -> HttpResponse:
        region = get_object_or_404(Region.objects.select_related("parent__parent"), slug=slug)
        articles = (
            ArticlePage.objects.visible_to_readers()
            .in_region(region)
            .one_per_story(self)
            .for_listing()
        )
        return self.render_listing(request, articles, heading=region.header, listed_region=region)

    @path("search/")
    def search(self, request: HttpRequest) -> HttpResponse:
        """This outlet's articles, or with ``all=1`` the whole network's."""
        form = SearchForm(request.GET)
        form.is_valid()  # invalid filters are reported and left out; the words still search
        network_wide = request.GET.get("all") == "1"
        results = form.search(outlet_id=None if network_wide else self.pk, request=request)
        kept = request.GET.copy()
        kept.pop("page", None)
        return self.render(
            request,
            template="search/search_page.html",
            context_overrides={
                "form": form,
                "results": results,
                "network_wide": network_wide,
                "query_string": kept.urlencode(),
            },
        )

    def render_listing(
        self,
        request: HttpRequest,
        articles: ArticlePageQuerySet,
        heading: str,
        count: int | None = None,
        **extra: Any,
    ) -> HttpResponse:
        return self.render(
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
