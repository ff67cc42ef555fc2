"""Lists, the addresses subscribed to them, the weekly issues and one delivery per (issue,
subscriber).

Kept about a reader: the address, which lists it is on, and the moments the double opt-in,
the throttle and a bounce need. Nothing else: no name, no IP address, no opens or clicks.
"""

from django.db import models
from django.db.models import Q

__all__ = ["DigestList", "Delivery", "Issue", "Subscriber", "Subscription"]


class DigestList(models.Model):
    """An outlet's list (``region`` empty: its own articles) or a district's list shown on an
    outlet's site (the network's stories about the region, as that outlet carries them)."""

    outlet = models.ForeignKey(
        "outlets.OutletHomePage", on_delete=models.CASCADE, related_name="digest_lists"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "рассылка"
        verbose_name_plural = "рассылки"
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "region"], name="digest_list_per_outlet_region"
            ),
            models.UniqueConstraint(
                fields=["outlet"], condition=Q(region=None), name="digest_one_outlet_list"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """«Звёздный бульвар» or «Звёздный бульвар: Марьина Роща»."""
        title = self.outlet.title
        return f"{title}: {self.region.name}" if self.region else title


class Subscriber(models.Model):
    """One e-mail address. Deleting it deletes its subscriptions and deliveries."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A permanent refusal (5xx) or a provider's bounce or complaint: no more mail, ever, until
    # the owner subscribes again and confirms.
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_because = models.CharField(max_length=20, blank=True)
    # The last «delete my address» mail: at most one an hour (``subscribing.THROTTLE``).
    deletion_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "подписчик"
        verbose_name_plural = "подписчики"

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    digest_list = models.ForeignKey(
        DigestList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "подписка"
        verbose_name_plural = "подписки"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "digest_list"], name="digest_subscription_once"
            )
        ]


class Issue(models.Model):
    """One week's issue of a list, kept for the archive: what it listed, as it was built."""

    digest_list = models.ForeignKey(DigestList, on_delete=models.CASCADE, related_name="issues")
    week = models.DateField(help_text="The Monday of the issue's week (Moscow)")
    built_at = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(max_length=200)
    # [{"page": id, "title", "url", "lead", "published_at": ISO, "kind": "most_read"|"newest"}]
    items = models.JSONField(default=list)

    class Meta:
        verbose_name = "выпуск"
        verbose_name_plural = "выпуски"
        ordering = ["-week", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["digest_list", "week"], name="digest_issue_per_week")
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One message of an issue to one subscriber; ``sending.py`` explains the states."""

    class State(models.TextChoices):
        PENDING = "pending", "в очереди"
        ATTEMPTING = "attempting", "отправляется"
        SENT = "sent", "отправлено"
        REFUSED = "refused", "адрес отклонён"
        SKIPPED = "skipped", "не отправлено"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    worker = models.CharField(max_length=80, blank=True)
    attempted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "отправка"
        verbose_name_plural = "отправки"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="digest_delivery_once")
        ]
        indexes = [models.Index(fields=["state"], name="digest_delivery_state")]
