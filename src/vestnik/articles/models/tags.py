from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase

from vestnik.language.slugs import latin_slug


class Tag(TagBase):
    """A person, organisation, place or topic an article is about."""

    class Kind(models.TextChoices):
        PERSON = "person", "персона"
        ORGANISATION = "organisation", "организация"
        PLACE = "place", "место"
        TOPIC = "topic", "тема"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.TOPIC)

    class Meta:
        verbose_name = "тег"
        verbose_name_plural = "теги"

    def slugify(self, tag: str, i: int | None = None) -> str:
        # Latin slugs keep tag URLs readable when pasted into messengers: /tags/sergei-sobianin/.
        slug = latin_slug(tag) or "tag"
        return f"{slug}-{i}" if i is not None else slug


class TagAlias(models.Model):
    """Another name of a tag: «Собянин» for «Сергей Собянин». Suggestions under an alias
    land on the tag itself, so one person never becomes two tags."""

    name = models.CharField("название", max_length=100, unique=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = "другое название тега"
        verbose_name_plural = "другие названия тегов"

    def __str__(self) -> str:
        return f"{self.name} → {self.tag}"


class ArticleTag(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
