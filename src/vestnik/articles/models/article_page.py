from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from vestnik.language.slugs import headline_slug
from vestnik.language.typography import normalize_headline
from vestnik.outlets.models import OutletHomePage, Section
from vestnik.page_restrictions import RememberedRestrictionsMixin
from vestnik.page_urls import ServePathMixin
from vestnik.regions.models import Region
from vestnik.regions.widgets import RegionPicker

from ..blocks import BodyBlock
from ..forms import ArticlePageForm
from ..panels import ChannelsPanel, ReadsPanel, SuggestionsPanel, SyndicationPanel
from ..pictures import THUMBNAIL_PICTURE, picture_renditions
from .authors import Author, authors_of
from .images import VestnikRendition
from .stories import one_per_story
from .tags import ArticleTag
from .visibility import ReaderRule


def path_range(page: Page) -> tuple[str, str]:
    """The bounds of the paths below ``page`` in the tree: after its own path, no later than
    it padded with ``Z``, the last letter of the tree's alphabet (the bound of treebeard's own
    ``get_children``), as a descendant's path is the page's followed by steps of ``0-9A-Z``.

    Wagtail's ``descendant_of`` is ``path LIKE 'prefix%'`` instead, which SQLite cannot answer
    from the index (its LIKE ignores case) and so scans every page: 140 ms for the «Самое
    читаемое» of one outlet at 100,000 articles."""
    return page.path, page.path + "Z" * (Page._meta.get_field("path").max_length - len(page.path))


def under_page(page: Page, prefix: str = "") -> Q:
    """The pages below ``page`` (``path_range``); with ``prefix`` (``"page__"``), on a relation."""
    after, last = path_range(page)
    return Q(**{f"{prefix}path__gt": after, f"{prefix}path__lte": last})


class ArticlePageQuerySet(PageQuerySet):
    def visible_to_readers(self, rule: ReaderRule | None = None) -> "ArticlePageQuerySet":
        """What a reader may see: live, not expired, public, under a live outlet
        (``visibility``). ``rule``: one already read for this request."""
        return self.filter((rule or ReaderRule.now()).q())

    def for_outlet(self, outlet: Page) -> "ArticlePageQuerySet":
        return self.filter(under_page(outlet))

    def in_section(self, section: Section) -> "ArticlePageQuerySet":
        """The section's articles in its own outlet: an article moved to another outlet
        keeps its section id until edited there, and is not that section's any more."""
        return self.filter(section=section).for_outlet(section.outlet)

    def in_region(self, region: Region) -> "ArticlePageQuerySet":
        """Articles about this region or any place inside it."""
        return self.filter(regions__in=region.with_descendants()).distinct()

    def tagged(self, tag: Any) -> "ArticlePageQuerySet":
        return self.filter(tagged_items__tag=tag).distinct()

    def by_author(self, author: Any) -> "ArticlePageQuerySet":
        return self.filter(bylines__author=author).distinct()

    def one_per_story(self, outlet: Page, rule: ReaderRule | None = None) -> "ArticlePageQuerySet":
        """Each syndicated story once, as ``outlet`` carries it (``stories.one_per_story``).
        ``rule``: one already read for this request."""
        return one_per_story(self, outlet.path, rule or ReaderRule.now())  # type: ignore[return-value]

    def published_since(self, moment: datetime) -> "ArticlePageQuerySet":
        """Dated ``moment`` or later: by ``published_at``, else by the first publish, as
        ``newest_first`` orders them and the article page dates them."""
        return self.filter(
            Q(published_at__gte=moment)
            | Q(published_at__isnull=True, first_published_at__gte=moment)
        )

    def newest_first(self) -> "ArticlePageQuerySet":
        return self.order_by("-published_at", "-pk")

    def for_listing(self) -> "ArticlePageQuerySet":
        """What a list of teasers reads, in a fixed number of queries: the thumbnails'
        renditions in one, whatever the number of teasers."""
        thumbnails = VestnikRendition.objects.filter(filter_spec__in=THUMBNAIL_RENDITIONS)
        return (
            self.select_related("photo")
            .prefetch_related(Prefetch("photo__renditions", queryset=thumbnails))
            .newest_first()
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)
THUMBNAIL_RENDITIONS = picture_renditions(THUMBNAIL_PICTURE)


class ArticlePage(ServePathMixin, RememberedRestrictionsMixin, Page):
    """One news article of an outlet."""

    lead = models.TextField("лид", blank=True, help_text="Одно-два предложения под заголовком")
    body = StreamField(BodyBlock(), verbose_name="текст", blank=True)
    published_at = models.DateTimeField(
        "дата публикации",
        null=True,
        blank=True,
        db_index=True,
        help_text="Пусто — время первой публикации. Для перенесённых материалов — дата оригинала.",
    )
    photo = models.ForeignKey(
        "articles.VestnikImage",
        verbose_name="фото",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    section = models.ForeignKey(
        "outlets.Section",
        verbose_name="рубрика",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    text_credit = models.CharField(
        "текст", max_length=200, blank=True, help_text="«Текст: …»; пусто — название издания"
    )
    regions = ParentalManyToManyField(
        "regions.Region", verbose_name="регионы", blank=True, related_name="articles"
    )
    # The region the header line names: the most specific one of the first regions chosen.
    # Regions added later (an accepted district suggestion) do not move it.
    header_region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager("теги", through=ArticleTag, blank=True)
    headline_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    # What an importer last wrote, so re-importing an unchanged item writes nothing.
    source_digest = models.CharField(max_length=64, editable=False, blank=True, default="")
    # Provenance: an ingested item points at its page out there, a syndicated copy at the
    # article it carries; either becomes the page's rel=canonical.
    canonical_url = models.URLField(
        "первоисточник",
        max_length=500,
        blank=True,
        help_text="Адрес оригинала вне сети; страница указывает на него как на каноническую",
    )
    original = models.ForeignKey(
        "self",
        verbose_name="оригинал в сети",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    follows_original = models.BooleanField(
        "следует за оригиналом",
        default=True,
        help_text="Правки оригинала переносятся в копию, пока редактор её не отсоединит",
    )
    # Social networks (vestnik.distribution): part of the revision, so they publish with it.
    social_off = models.BooleanField(
        "не публиковать в соцсети",
        default=False,
        help_text="Статья не уйдёт в каналы издания; уже отправленные посты будут удалены",
    )
    social_text = models.TextField(
        "свой текст для соцсетей",
        blank=True,
        help_text="Вместо лида в посте; заголовок и ссылка добавятся сами",
    )
    # Created by Wagtail's autosave and never saved on purpose since (``articles.autosave``).
    autosave_draft = models.BooleanField(default=False, editable=False)
    # The body as HTML, rendered when the page is saved so a page view does not render blocks.
    body_html = models.TextField(editable=False, blank=True, default="")

    objects = ArticlePageManager()
    base_form_class = ArticlePageForm

    parent_page_types = ["outlets.OutletHomePage"]
    subpage_types: list[str] = []
    # Wagtail's «Копировать» makes a new article of the outlet, not a second syndicated copy.
    exclude_fields_in_copy = ["original", "follows_original"]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
    ]

    content_panels = [
        *Page.content_panels,
        SyndicationPanel(heading="В других изданиях"),
        FieldPanel("section"),
        ReadsPanel(heading="Прочтения"),
        FieldPanel("lead"),
        FieldPanel("photo"),
        FieldPanel("body"),
    ]
    meta_panels = [
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("text_credit")]),
        InlinePanel("bylines", heading="Авторы", label="автор"),
        FieldPanel("regions", widget=RegionPicker),
        FieldPanel("tags"),
        SuggestionsPanel(heading="Подсказки"),
    ]
    related_panels = [
        MultiFieldPanel(
            [InlinePanel("related_items", label="материал", max_num=5)],
            heading="Читайте также",
            help_text="Пусто — пять свежих материалов сети с общими тегами",
        )
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("social_off"), FieldPanel("social_text")], heading="Соцсети"),
        ChannelsPanel(heading="Отправка в соцсети"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Материал"),
            ObjectList(meta_panels, heading="Регионы и теги"),
            ObjectList(related_panels, heading="Читайте также"),
            ObjectList(promote_panels, heading="Продвижение"),
            ObjectList(Page.settings_panels, heading="Публикация"),
        ]
    )

    class Meta:
        verbose_name = "статья"
        verbose_name_plural = "статьи"

    def _set_core_field_defaults(self) -> None:
        # A page saved without a slug (an autosave before the slug script ran, code) gets the
        # importers' Latin slug instead of Wagtail's Cyrillic one.
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        # Page is Any to mypy (Wagtail ships no types), and these fields are assigned here and
        # there, so mypy cannot settle their type.
        if not self.slug and self.title and parent_is_known:  # type: ignore[has-type]
            self.slug = self._get_autogenerated_slug(headline_slug(self.title))
        super()._set_core_field_defaults()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.headline_key = normalize_headline(self.title)[:255]
        if self.published_at is None and self.first_published_at is not None:
            self.published_at = self.first_published_at
        update_fields = kwargs.get("update_fields")
        if self.live:
            self.autosave_draft = False  # a published page is kept on purpose
        if update_fields is None:
            self.keep_header_region()
        if update_fields is None or "body" in update_fields:
            self.body_html = self.render_body()
        super().save(*args, **kwargs)

    def with_content_json(self, content: dict[str, Any]) -> "ArticlePage":
        # Whether only autosave made this page is the row's to say: a revision written before
        # the mark was set would otherwise clear it when the edit form saves the draft.
        page: ArticlePage = super().with_content_json(content)
        page.autosave_draft = self.autosave_draft
        return page

    def keep_header_region(self) -> None:
        """Keep the header's region while the article still has it; otherwise (the first
        regions, or the editor removed it) take the most specific of its regions."""
        if self.header_region_id is None and self.pk:  # type: ignore[has-type]  # as above
            # A revision saved before this field existed does not carry it; the row does.
            stored = ArticlePage.objects.filter(pk=self.pk).values_list("header_region_id")
            self.header_region_id = next((pk for (pk,) in stored), None)
        regions = sorted(self.regions.all(), key=lambda r: (-r.depth, r.name))
        if self.header_region_id not in {region.pk for region in regions}:
            self.header_region_id = regions[0].pk if regions else None

    def render_body(self) -> str:
        return render_to_string("articles/includes/body.html", {"body": self.body}).strip()

    @property
    def outlet(self) -> Page:
        # One query for the outlet's specific page, instead of the parent and then its type.
        if not hasattr(self, "_outlet"):
            parent_path = self.path[: -self.steplen]
            self._outlet = OutletHomePage.objects.filter(path=parent_path).first() or (
                self.get_parent().specific
            )
        return self._outlet

    def is_visible_to_readers(self, rule: ReaderRule | None = None) -> bool:
        """Whether a reader may see this article anywhere but its own page (``visibility``)."""
        return (rule or ReaderRule.now()).admits_page(self)

    @property
    def credit(self) -> str:
        return self.text_credit or self.outlet.title

    @property
    def authors(self) -> list[Author]:
        """The byline's authors in order; a preview's unsaved choice from memory."""
        if getattr(self, "_cluster_related_objects", None) or not self.pk:
            return [byline.author for byline in self.bylines.all()]
        return authors_of(self.pk)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from .page_relations import read_tags_and_regions
        from .related import read_also

        context = super().get_context(request, *args, **kwargs)
        # The answering site's root is the outlet: its page object is remembered with the site
        # (vestnik.pagecache.sites), so it costs no query.
        site = Site.find_for_request(request)
        if site is not None and site.root_page.path == self.path[: -self.steplen]:
            self._outlet = site.root_page.specific
        context["outlet"] = self.outlet
        context["tags"], context["regions"] = read_tags_and_regions(self)
        context["region"] = self.primary_region(context["outlet"], context["regions"])
        context["read_also"] = read_also(self, request)
        context["authors"] = self.authors
        # A published page shows the HTML rendered at save; a preview the editor's unsaved body.
        previewing = getattr(request, "is_preview", False)
        body_html = self.body_html if self.body_html and not previewing else self.render_body()
        context["body_html"] = mark_safe(body_html)  # noqa: S308 - rendered by our own blocks
        return context

    def primary_region(self, outlet: Page, regions: list[Region]) -> Region | None:
        """The region of the header line: the one kept in ``header_region`` (the most specific
        of the first ones chosen), else the article's most specific one, else its outlet's.

        ``regions``: the article's regions in Region's order (depth, then name).
        """
        kept = next((r for r in regions if r.pk == self.header_region_id), None)
        if kept is not None:
            return kept
        deepest = max((r.depth for r in regions), default=None)
        region = next((r for r in regions if r.depth == deepest), None)
        if region is None:
            region = getattr(outlet, "region", None)
        return region
