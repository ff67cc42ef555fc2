"""An outlet's channels on social networks, and each article's delivery to each of them."""

import os

from django.db import models

from .clients import NETWORKS
from .networks import Credentials
from .secrets import decrypt, encrypt

__all__ = ["Channel", "Delivery"]


class ChannelQuerySet(models.QuerySet["Channel"]):
    def active(self) -> "ChannelQuerySet":
        return self.filter(active=True)

    def of_outlets(self, outlet_ids: "set[int] | None") -> "ChannelQuerySet":
        """The channels of these outlets; ``None``: every outlet (an administrator)."""
        return self if outlet_ids is None else self.filter(outlet_id__in=outlet_ids)


class Channel(models.Model):
    """A Telegram channel or a VK community an outlet posts its articles to."""

    outlet = models.ForeignKey(
        "outlets.OutletHomePage",
        verbose_name="издание",
        on_delete=models.CASCADE,
        related_name="channels",
    )
    network = models.CharField(
        "сеть", max_length=20, choices=[(name, label) for name, (label, _) in NETWORKS.items()]
    )
    name = models.CharField("название", max_length=100, help_text="Например, «Звёздный в Telegram»")
    target = models.CharField(
        "канал или сообщество",
        max_length=100,
        help_text="Telegram: «@имя_канала» или число вида −100…; ВКонтакте: номер сообщества",
    )
    # Fernet ciphertext (``secrets``); never shown, never logged.
    token_encrypted = models.TextField(blank=True, default="", editable=False)
    token_env = models.CharField(
        "переменная окружения с токеном",
        max_length=100,
        blank=True,
        help_text="Если задана, токен берётся из неё, а не из поля «токен»",
    )
    active = models.BooleanField("включён", default=True)
    # Pacing (``pacing``): the earliest moment the next message may go to this channel.
    next_slot = models.DateTimeField(null=True, blank=True, editable=False)
    # The newest remote id the channel is known to have had: where ``Network.find`` starts.
    latest_remote_id = models.CharField(max_length=40, blank=True, default="", editable=False)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = "канал в соцсети"
        verbose_name_plural = "каналы в соцсетях"
        ordering = ["outlet_id", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.network_label})"

    def __repr__(self) -> str:
        return f"<Channel {self.pk} {self.network} {self.target!r}>"

    @property
    def network_label(self) -> str:
        return NETWORKS.get(self.network, (self.network, ""))[0]

    @property
    def has_token(self) -> bool:
        return bool(self.token_encrypted or self.token_env)

    def set_token(self, token: str) -> None:
        self.token_encrypted = encrypt(token) if token else ""

    def token(self) -> str:
        """The token in clear, for the client only. Raises ``SecretUnreadable``/``LookupError``."""
        if self.token_env:
            value = os.environ.get(self.token_env, "")
            if not value:
                raise LookupError(f"переменная окружения {self.token_env} не задана")
            return value
        if not self.token_encrypted:
            raise LookupError("у канала нет токена")
        return decrypt(self.token_encrypted)

    def credentials(self) -> Credentials:
        return Credentials(token=self.token(), target=self.target)


class Delivery(models.Model):
    """One article in one channel: what was sent, where it is, and what the worker does next.

    Keyed by the page id rather than a foreign key: a deleted article's delivery stays until
    the worker has deleted its post."""

    class State(models.TextChoices):
        QUEUED = "queued", "в очереди"
        SENDING = "sending", "отправляется"
        SENT = "sent", "отправлено"
        FAILED = "failed", "ошибка"
        DELETED = "deleted", "удалено"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    page_id = models.PositiveIntegerField(db_index=True)
    headline = models.CharField(max_length=255, blank=True, default="")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    remote_id = models.CharField(max_length=40, blank=True, default="")
    link = models.URLField(max_length=500, blank=True, default="")
    last_error = models.TextField(blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    # Fingerprints (``posts.fingerprint``) of what the network has, and of what is on its way.
    sent_hash = models.CharField(max_length=64, blank=True, default="")
    sending_hash = models.CharField(max_length=64, blank=True, default="")
    # The channel's newest remote id before this publish was sent, for ``Network.find``.
    after = models.CharField(max_length=40, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "отправка в соцсеть"
        verbose_name_plural = "отправки в соцсети"
        constraints = [
            models.UniqueConstraint(fields=["channel", "page_id"], name="one_delivery_per_channel")
        ]

    def __repr__(self) -> str:
        return f"<Delivery {self.pk} page={self.page_id} channel={self.channel_id} {self.state}>"

    @property
    def status(self) -> str:
        """The state as the article's panel says it."""
        if self.state == self.State.FAILED:
            return f"ошибка: {self.last_error}"
        if self.state == self.State.SENDING:
            return "в очереди"
        return str(self.State(self.state).label)
