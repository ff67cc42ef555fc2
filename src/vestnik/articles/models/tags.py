from anyascii import anyascii
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase


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
        slug = slugify(anyascii(tag)) or "tag"
        return f"{slug}-{i}" if i is not None else slug


class ArticleTag(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
