"""Authors as people: who wrote an article, in the order the byline names them.

Authors belong to the network, not to one outlet: the district papers share journalists,
and a story carried to another outlet (``newsroom.syndication``) keeps its byline, whose
names must link somewhere on that outlet too. So an author's page is a route of every
outlet (``authors/<slug>/``), as a tag's is, and any outlet's editors may add an author or
correct a bio; deleting one (which takes the name off every byline) is left to administrators.
"""

from django.db import connections, models, router
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from vestnik.language.slugs import headline_slug

__all__ = ["Author", "Byline", "authors_of"]


# Byline derives from Wagtail's Orderable, which is Any to mypy, so the plugin cannot give
# Author its ``bylines`` manager.
class Author(models.Model):  # type: ignore[django-manager-missing]
    name = models.CharField("имя", max_length=200, help_text="Как в подписи: «Анна Смирнова»")
    slug = models.SlugField(
        "адрес страницы",
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text="Латиницей; пусто — из имени",
    )
    bio = models.TextField("о себе", blank=True, max_length=600, help_text="Два-три предложения")
    photo = models.ForeignKey(
        "articles.VestnikImage",
        verbose_name="фото",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("bio"), FieldPanel("photo")]

    class Meta:
        verbose_name = "автор"
        verbose_name_plural = "авторы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = unique_slug(headline_slug(self.name)[:90] or "avtor", self.pk)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def unique_slug(base: str, own_pk: int | None) -> str:
    """``base``, or ``base-2``, ``base-3`` … if another author has it."""
    others = Author.objects.filter(slug__startswith=base)
    if own_pk is not None:
        others = others.exclude(pk=own_pk)
    taken = set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class Byline(Orderable):
    """One name in an article's byline; ``sort_order`` is the byline's order."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author, verbose_name="автор", on_delete=models.CASCADE, related_name="bylines"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "автор материала"
        verbose_name_plural = "авторы материала"


AUTHOR_FIELDS = [field.attname for field in Author._meta.concrete_fields]


def authors_of(article_id: int) -> list[Author]:
    """The article's authors in byline order, in one statement (as ``page_relations`` reads
    tags and regions: the ORM's prefetch machinery costs more than the query)."""
    columns = ", ".join(f"a.{name}" for name in AUTHOR_FIELDS)
    database = connections[router.db_for_read(Author)]
    with database.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {Author._meta.db_table} a "
            f"JOIN {Byline._meta.db_table} b ON b.author_id = a.id "
            "WHERE b.page_id = %s ORDER BY b.sort_order, b.id",
            [article_id],
        )
        return [Author.from_db(database.alias, AUTHOR_FIELDS, row) for row in cursor.fetchall()]
