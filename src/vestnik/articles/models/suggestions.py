from django.conf import settings
from django.db import models


class Suggestion(models.Model):
    """A tag or region the enrichment worker proposes for an article, with its evidence.

    The editor accepts or rejects it; an accepted suggestion becomes an ordinary tag or region
    of the article and stays here as the record of why.
    """

    class Kind(models.TextChoices):
        TAG = "tag", "тег"
        REGION = "region", "регион"

    class Status(models.TextChoices):
        PENDING = "pending", "предложено"
        ACCEPTED = "accepted", "принято"
        REJECTED = "rejected", "отклонено"

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="suggestions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField("название", max_length=255)
    tag_kind = models.CharField(max_length=20, blank=True)  # Tag.Kind for tags
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    confidence = models.FloatField(default=1.0)
    # [{"field": "body", "start": 10, "stop": 18, "text": "Собянина"}, …]
    evidence = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-confidence", "name"]
        constraints = [
            models.UniqueConstraint(fields=["article", "kind", "name"], name="unique_suggestion")
        ]
        verbose_name = "подсказка"
        verbose_name_plural = "подсказки"

    @property
    def tag_kind_label(self) -> str:
        """The tag's kind as the editor reads it: «организация», not «organisation»."""
        from .tags import Tag

        return Tag.Kind(self.tag_kind).label if self.tag_kind in Tag.Kind.values else ""

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
