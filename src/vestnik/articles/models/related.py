"""«Читайте также»: the five items under an article."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models.functions import Coalesce, Length
from django.http import HttpRequest
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page

from vestnik.language.typography import normalize_headline
from vestnik.page_urls import PageLocation

from .page_lookup import column_converters
from .stories import QSpelling, SqlSpelling, never_beside
from .visibility import ReaderRule

if TYPE_CHECKING:
    from .article_page import ArticlePage

READ_ALSO_SIZE = 5


@dataclass(frozen=True)
class Teaser:
    """What a «Читайте также» item shows; ``url`` is empty for an article the network lacks."""

    headline: str
    lead: str
    published_at: datetime | None
    url: str = ""

    @classmethod
    def of(cls, article: "ArticlePage", request: HttpRequest | None = None) -> "Teaser":
        return cls(
            article.title, article.lead, article.published_at, article.get_url(request) or ""
        )


class ComputedRelated(models.Model):
    """«Читайте также» computed at publish time for an article whose editor chose none.

    Written by the newsroom's enrichment, read on every article page: it lives here, beside
    the page that reads it, so pages never depend on the app that computes it. Its table is
    the one it had in search (``search_computedrelated``)."""

    article_id = models.BigIntegerField(db_index=True)
    position = models.PositiveSmallIntegerField()
    target_id = models.BigIntegerField(db_index=True)
    score = models.FloatField()
    parts = models.JSONField(default=dict)  # per signal, for the editor's «почему»

    class Meta:
        db_table = "search_computedrelated"
        ordering = ["article_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article_id", "position"], name="unique_related_slot")
        ]


class RelatedItem(Orderable):
    """An item an editor chose, or an importer found in a page's own block.

    It points at an article of the network, or — when that article has not arrived yet — keeps
    the headline, lead and date it was seen with, and links itself by headline once the
    article is published.
    """

    article = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_items"
    )
    target = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="статья",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    headline = models.CharField(
        "заголовок", max_length=255, blank=True, help_text="Для материала, которого нет в сети"
    )
    lead = models.TextField("лид", blank=True)
    published_at = models.DateTimeField("дата", null=True, blank=True)

    panels = [
        PageChooserPanel("target", "articles.ArticlePage"),
        FieldPanel("headline"),
        FieldPanel("lead"),
        FieldPanel("published_at"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "материал «Читайте также»"
        verbose_name_plural = "Читайте также"

    def clean(self) -> None:
        if self.target_id is None and not self.headline.strip():
            raise ValidationError("Выберите статью или впишите заголовок.")
        if self.target_id is not None and self.target_id == self.article_id:
            raise ValidationError({"target": "Статья не может ссылаться на себя."})


def read_also(article: "ArticlePage", request: HttpRequest | None = None) -> list[Teaser]:
    """The teasers under ``article``: the editor's choice; else the five computed at publish
    time; else (not computed yet) the newest sharing a tag, then the outlet's newest.

    Chosen items whose article readers may not see are left out; chosen items not yet in the
    network are linked by headline if a live article now carries it, else shown unlinked.
    """
    from .article_page import ArticlePage

    outlet_path = article.path[: -article.steplen]
    # A preview holds the editor's unsaved choice in memory, where SQL cannot see it.
    if not article.related_items.is_deferring:
        computed = _computed_teasers(article, outlet_path, request)
        if len(computed) >= READ_ALSO_SIZE:
            return computed
    if items := list(article.related_items.all()):
        return _chosen_teasers(article, items, request)
    # Not computed yet, or fewer than five still live: make up the list from the archive,
    # never the same story again (``never_beside``).
    outlet = article.get_parent()
    rule = ReaderRule.now(remembered=True)
    others = ArticlePage.objects.visible_to_readers(rule)
    for condition in never_beside(QSpelling(rule), article, outlet_path):
        others = others.exclude(condition)
    others = others.for_listing()
    computed_ids = list(
        ComputedRelated.objects.filter(article_id=article.pk).values_list("target_id", flat=True)
    )
    by_id = {page.pk: page for page in others.filter(pk__in=computed_ids)} if computed_ids else {}
    picked = [by_id[pk] for pk in computed_ids if pk in by_id][:READ_ALSO_SIZE]
    if not picked:
        tag_ids = list(article.tagged_items.values_list("tag_id", flat=True))
        picked = list(others.filter(tagged_items__tag_id__in=tag_ids).distinct()[:READ_ALSO_SIZE])
    if len(picked) < READ_ALSO_SIZE:
        fill = others.for_outlet(outlet).exclude(pk__in=[a.pk for a in picked])
        picked += list(fill[: READ_ALSO_SIZE - len(picked)])
    return [Teaser.of(other, request) for other in picked]


def read_also_sources(article: "ArticlePage") -> set[int]:
    """Ids of the articles whose «Читайте также» may list ``article``: the inverse of
    ``read_also`` above, which the page cache purges by; a change to one is a change to
    both. An editor's choice pointing at it or naming its headline, a stored computed list, or
    the fallback lists of articles with fewer than five computed items."""
    from .article_page import ArticlePage

    chosen = set(
        RelatedItem.objects.filter(target_id=article.pk).values_list("article_id", flat=True)
    )
    chosen |= named_by_headline(article)
    computed = set(
        ComputedRelated.objects.filter(target_id=article.pk).values_list("article_id", flat=True)
    )
    live_computed = (
        ComputedRelated.objects.filter(
            article_id=models.OuterRef("pk"),
            target_id__in=ArticlePage.objects.visible_to_readers().values("pk"),
        )
        .order_by()
        .values("article_id")
        .annotate(n=models.Count("*"))
        .values("n")
    )
    tag_ids = list(article.tagged_items.values_list("tag_id", flat=True))
    parent_path = article.path[: -ArticlePage.steplen]
    fallback = (
        ArticlePage.objects.filter(related_items__isnull=True)
        .annotate(
            n=Coalesce(
                models.Subquery(live_computed, output_field=models.IntegerField()), models.Value(0)
            )
        )
        .filter(
            models.Q(path__startswith=parent_path, depth=article.depth, n__lt=READ_ALSO_SIZE)
            | models.Q(tagged_items__tag_id__in=tag_ids, n=0)
        )
        .values_list("pk", flat=True)
    )
    return chosen | computed | set(fallback)


def named_by_headline(article: "ArticlePage") -> set[int]:
    """Articles whose chosen item names this one's headline but has no link yet; the item
    links itself when the page is rendered (``read_also``). Compared in Python because the
    comparison key folds case and ё, which SQLite cannot do; normalising only shortens a
    headline, so shorter ones are left out in SQL."""
    if not article.headline_key:
        return set()
    pending = RelatedItem.objects.annotate(length=Length("headline")).filter(
        target__isnull=True, length__gte=len(article.headline_key)
    )
    return {
        article_id
        for article_id, headline in pending.values_list("article_id", "headline")
        if normalize_headline(headline) == article.headline_key
    }


def _computed_teasers(
    article: "ArticlePage", outlet_path: str, request: HttpRequest | None
) -> list[Teaser]:
    """The stored list as the page shows it, in one statement: targets readers may see
    (``visibility``), never what ``never_beside`` leaves out (spelled in SQL); nothing when
    an editor chose the items.

    The article page reads this on every render, so it is SQL, not the ORM: the ORM's
    statement building alone cost more than the rest of the page.
    """
    from .article_page import ArticlePage

    related, page, own, chosen = (
        ComputedRelated._meta.db_table,
        Page._meta.db_table,
        ArticlePage._meta.db_table,
        RelatedItem._meta.db_table,
    )
    target_shown, target_params = ReaderRule.sql("p", remembered=True)
    never = never_beside(SqlSpelling("p", "a", "o", remembered=True), article, outlet_path)
    params: list[Any] = [
        article.pk,
        *target_params,
        *(param for condition in never for param in condition.params),
        article.pk,
        READ_ALSO_SIZE,
    ]
    database = connections[router.db_for_read(ArticlePage)]
    with database.cursor() as cursor:
        cursor.execute(
            f"SELECT p.url_path, p.title, a.lead, a.published_at FROM {related} c "
            f"JOIN {page} p ON p.id = c.target_id JOIN {own} a ON a.page_ptr_id = p.id "
            f"LEFT JOIN {page} o ON o.id = a.original_id "
            f"WHERE c.article_id = %s AND {target_shown} "
            + "".join(f"AND NOT ({condition.text}) " for condition in never)
            + f"AND NOT EXISTS (SELECT 1 FROM {chosen} WHERE article_id = %s) "
            "ORDER BY c.position LIMIT %s",
            params,
        )
        rows = cursor.fetchall()
    date = ArticlePage._meta.get_field("published_at").cached_col
    converters = column_converters(date)
    teasers = []
    for url_path, title, lead, published_at in rows:
        for convert in converters:
            published_at = convert(published_at, date, database)
        url = PageLocation(url_path).get_url(request) or ""
        teasers.append(Teaser(title, lead, published_at, url))
    return teasers


def _chosen_teasers(
    article: "ArticlePage", items: list[RelatedItem], request: HttpRequest | None
) -> list[Teaser]:
    from .article_page import ArticlePage

    target_ids = [item.target_id for item in items if item.target_id]
    pending_keys = [normalize_headline(item.headline) for item in items if not item.target_id]
    found = (
        ArticlePage.objects.visible_to_readers(ReaderRule.now(remembered=True))
        .exclude(pk=article.pk)
        .filter(models.Q(pk__in=target_ids) | models.Q(headline_key__in=pending_keys))
    )
    by_id = {page.pk: page for page in found}
    by_key = {page.headline_key: page for page in by_id.values()}
    teasers = []
    for item in items[:READ_ALSO_SIZE]:
        if item.target_id:
            if target := by_id.get(item.target_id):
                teasers.append(Teaser.of(target, request))
        elif target := by_key.get(normalize_headline(item.headline)):
            teasers.append(Teaser.of(target, request))
        else:
            teasers.append(Teaser(item.headline, item.lead, item.published_at))
    return teasers
