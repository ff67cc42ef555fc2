from collections.abc import Callable
from typing import Any, ClassVar

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Orderable, Page, Site
from wagtail.url_routing import RouteResult

from vestnik.language.slugs import latin_slug
from vestnik.page_restrictions import RememberedRestrictionsMixin
from vestnik.page_urls import ServePathMixin

# Django finds an app's models in its models module; the identity lives beside the page.
from .identity import OutletIdentity  # noqa: F401

# A lookup of a live child page by its slug: the outlet's page, the slug; None if none.
ChildLookup = Callable[[Page, str], Page | None]


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

    content_panels = [
        *Page.content_panels,
        FieldPanel("region"),
        FieldPanel("description"),
        MultiFieldPanel(
            [InlinePanel("sections", label="рубрика")],
            heading="Рубрики",
            help_text="В этом порядке рубрики стоят в шапке и на главной странице",
        ),
    ]

    class Meta:
        verbose_name = "издание"
        verbose_name_plural = "издания"

    # The outlet's pages beyond its fields are contributed by the apps above it, which know
    # what they show, when they start: ``articles`` its listings and the one-statement lookup
    # of an article, ``search`` its search page. The outlet imports none of them.
    contributed_routes: ClassVar[list[URLPattern]] = []
    child_lookups: ClassVar[list[ChildLookup]] = []

    @classmethod
    def add_routes(cls, *views: Callable[..., HttpResponse]) -> None:
        """Serve ``views`` (functions of the outlet and the request, decorated with
        routable_page's ``path`` or ``re_path``) on every outlet, as if they were its methods."""
        for view in views:
            # The decorators leave (pattern, order) pairs on the function; mypy cannot know.
            routes = view._routablepage_routes  # type: ignore[attr-defined]
            cls.contributed_routes.extend(route for route, _ in routes)
        if "_routablepage_urlresolver" in cls.__dict__:  # built from the routes before these
            del cls._routablepage_urlresolver

    @classmethod
    def get_subpage_urls(cls) -> tuple[URLPattern, ...]:
        # Ahead of RoutablePageMixin's own index route, as a method's route would be.
        return (*cls.contributed_routes, *super().get_subpage_urls())

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        # An article, the page asked for most: its live specific page in one statement
        # (``child_lookups``), where Wagtail looks up the child and then its specific row.
        # The outlet's own routes come first, as in Wagtail.
        if len(path_components) == 1 and self.live and self.child_lookups:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                for lookup in self.child_lookups:
                    if child := lookup(self, path_components[0]):
                        return RouteResult(child)
        return super().route(request, path_components)

    def with_content_json(self, content: dict[str, Any]) -> "OutletHomePage":
        # The collection belongs to the outlet, not to a revision: an old revision, or one
        # saved before the outlet had a collection, must not take it away when published.
        page: OutletHomePage = super().with_content_json(content)
        page.collection_id = self.collection_id
        return page

    @cached_property
    def ordered_sections(self) -> list["Section"]:
        """The sections in the editors' order, read once per page object: the header shows
        them on every page, and a site's outlet object is remembered between requests until
        the outlet changes (``pagecache.sites``)."""
        sections = list(self.sections.all())
        for section in sections:
            section.outlet = self  # section_url() needs it; no query per section
        return sections

    @property
    def site(self) -> Site | None:
        return Site.objects.filter(root_page=self).first()


# Section slugs follow the articles' rule (``language.slugs``): «Городская среда» →
# «gorodskaia-sreda»; a name with nothing to transliterate still gets an address.
SECTION_SLUG_FALLBACK = "rubric"


class Section(Orderable):
    """One of an outlet's sections («Новости», «Город», «Люди», «Афиша»), in the order its
    editors give them.

    A child of the outlet's page, edited with it: the editors who may edit the outlet edit
    its sections and no other outlet's, a change is kept in the outlet's revisions, and it
    reaches readers when the outlet is published (which purges the outlet's cached pages).
    """

    outlet = ParentalKey(OutletHomePage, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField("название", max_length=80)
    slug = models.SlugField(
        "адрес",
        max_length=80,
        blank=True,
        allow_unicode=False,
        help_text="Латиницей, в адресе страницы рубрики; пусто — из названия",
    )
    description = models.TextField("описание", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = "рубрика"
        verbose_name_plural = "рубрики"
        constraints = [
            models.UniqueConstraint(fields=["outlet", "slug"], name="unique_section_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.fill_slug()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_slug()
        super().save(*args, **kwargs)

    def fill_slug(self) -> None:
        if not self.slug:
            self.slug = latin_slug(self.name)[:80].strip("-") or SECTION_SLUG_FALLBACK
