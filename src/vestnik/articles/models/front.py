"""The editor's front: the stories an outlet's editors pin to the top of its home page.

The first pin (the lowest ``position``) leads the page, big and with its photo; the others are
the top stories under it. A pin may carry an «снять с главной» time: from then on the home page
leaves it out, and the worker removes it (``schedule.run_schedule``), which purges the cached
home page, so the front changes at that time with nobody touching it.
"""

from datetime import datetime

from django.db import models
from django.db.models import Q

from vestnik.outlets.models import OutletHomePage

# A lead and four top stories: what a front shows above the latest without pushing it away.
MAX_PINS = 5


class FrontPinQuerySet(models.QuerySet["FrontPin"]):
    def standing(self, moment: datetime) -> "FrontPinQuerySet":
        """Pins still on the front at ``moment``: not yet at their unpin time."""
        return self.filter(Q(unpin_at__isnull=True) | Q(unpin_at__gt=moment))

    def due(self, moment: datetime) -> "FrontPinQuerySet":
        return self.filter(unpin_at__lte=moment)


class FrontPin(models.Model):
    outlet = models.ForeignKey(
        OutletHomePage, verbose_name="издание", on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="материал",
        on_delete=models.CASCADE,
        related_name="front_pins",
    )
    position = models.PositiveSmallIntegerField("место", default=0)
    unpin_at = models.DateTimeField("снять с главной", null=True, blank=True)

    objects = FrontPinQuerySet.as_manager()

    class Meta:
        verbose_name = "материал на главной"
        verbose_name_plural = "материалы на главной"
        ordering = ["outlet", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "article"], name="one_pin_per_article"),
        ]
        indexes = [models.Index(fields=["unpin_at"], name="front_pin_unpin_at")]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.article_id}"
