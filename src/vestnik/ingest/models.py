"""Where articles come in from, and which article each item of a source became."""

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .addresses import parse_allowance
from .fetch import http_url


def validate_allowance(text: str) -> None:
    try:
        parse_allowance(text)
    except ValueError as exc:
        raise ValidationError(
            f"«{exc}» — не имя сервера, не IP-адрес и не сеть (пример: 10.1.0.0/16)"
        ) from exc


def import_path(location: str) -> Path:
    """The file or directory a path source names, which must lie inside
    ``VESTNIK_IMPORT_DIR`` (a relative path is taken from there); ``ValueError`` if not."""
    root = Path(settings.VESTNIK_IMPORT_DIR).resolve()
    path = (root / location).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"путь {location} вне каталога импорта {root}")
    return path


class SourceQuerySet(models.QuerySet["Source"]):
    def due(self, now: datetime | None = None) -> list["Source"]:
        """Polled sources whose interval has passed since their last poll (or never polled)."""
        now = now or timezone.now()
        return [
            source
            for source in self.filter(poll_interval__gt=0).order_by("pk")
            if source.next_poll_at() <= now
        ]


class Source(models.Model):
    """A feed, page, ninjs document or text archive an outlet takes articles from."""

    class Kind(models.TextChoices):
        FEED = "feed", "Лента RSS или Atom"
        PAGE = "page", "Страница статьи (HTML)"
        TEXT = "text", "Страница, сохранённая как текст"
        NINJS = "ninjs", "JSON в формате ninjs"

    name = models.CharField("название", max_length=200, unique=True)
    kind = models.CharField("вид", max_length=10, choices=Kind.choices, default=Kind.FEED)
    location = models.CharField(
        "адрес или путь",
        max_length=500,
        help_text="https://… для ленты или страницы; путь к файлу или каталогу на сервере",
    )
    outlet = models.ForeignKey(
        "outlets.OutletHomePage",
        verbose_name="издание",
        on_delete=models.CASCADE,
        related_name="sources",
    )
    publish_live = models.BooleanField(
        "публиковать сразу",
        default=False,
        help_text="Выключено — материалы ждут редактора как черновики",
    )
    poll_interval = models.PositiveIntegerField(
        "проверять каждые, мин.",
        default=60,
        help_text="0 — только вручную: vestnik ingest «название»",
    )
    auto_accept = models.BooleanField(
        "принимать подсказки",
        default=False,
        help_text="Уверенные подсказки тегов и регионов принимаются без редактора",
    )
    text_credit = models.CharField(
        "текст",
        max_length=200,
        blank=True,
        help_text="«Текст: …»; пусто — автор из источника, иначе название источника",
    )
    photo_credit = models.CharField(
        "источник фото",
        max_length=300,
        blank=True,
        help_text="Для фото, у которых источник не указан",
    )
    internal_hosts = models.TextField(
        "Разрешённые внутренние адреса",
        blank=True,
        validators=[validate_allowance],
        help_text=(
            "Серверы внутренней сети (имя, IP-адрес или сеть, по одному в строке), к которым "
            "источнику можно обращаться; остальные внутренние адреса всегда закрыты"
        ),
    )
    last_polled_at = models.DateTimeField("последняя проверка", null=True, blank=True)
    last_result = models.TextField("итог последней проверки", blank=True, editable=False)

    objects = SourceQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("location"),
        FieldPanel("outlet"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("publish_live"), FieldPanel("auto_accept")]),
                FieldPanel("poll_interval"),
                FieldRowPanel([FieldPanel("text_credit"), FieldPanel("photo_credit")]),
            ],
            heading="Как публиковать",
        ),
        # Opening the server's own network to a source is an administrator's decision.
        FieldPanel("internal_hosts", permission="superuser"),
    ]

    class Meta:
        verbose_name = "источник"
        verbose_name_plural = "источники"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if http_url(self.location):
            return
        try:
            import_path(self.location)
        except ValueError as exc:
            raise ValidationError(
                {
                    "location": (
                        f"Файлы читаются только из каталога импорта "
                        f"{settings.VESTNIK_IMPORT_DIR} (VESTNIK_IMPORT_DIR): {exc}"
                    )
                }
            ) from exc

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return parse_allowance(self.internal_hosts)

    def next_poll_at(self) -> datetime:
        if self.last_polled_at is None:
            return timezone.now() - timedelta(seconds=1)
        return self.last_polled_at + timedelta(minutes=self.poll_interval)


class IngestedItem(models.Model):
    """One item of a source and the article it became: the key to importing it only once.

    The key is (source, guid): one source can never reach another's articles by reusing
    its GUIDs. Items taken in from the command line have no source; their key is (outlet,
    guid). ``guid`` is the source's own identity for the item (GUID, ninjs uri, page
    address, a text page's date and headline); ``content_hash`` is what the item said last
    time, so an unchanged item is skipped and a changed one updates its article instead of
    adding another.
    """

    outlet = models.ForeignKey(
        "outlets.OutletHomePage", verbose_name="издание", on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        Source,
        verbose_name="источник",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )
    guid = models.CharField("идентификатор", max_length=500)
    url = models.URLField("адрес", max_length=500, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64)
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="статья",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("впервые получен", auto_now_add=True)
    updated_at = models.DateTimeField("обновлён", auto_now=True)

    class Meta:
        verbose_name = "полученный материал"
        verbose_name_plural = "полученные материалы"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"],
                condition=models.Q(source__isnull=False),
                name="ingest_item_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["outlet", "guid"],
                condition=models.Q(source__isnull=True),
                name="ingest_item_once_per_outlet_without_source",
            ),
        ]

    def __str__(self) -> str:
        return self.guid


class IngestedImage(models.Model):
    """A downloaded picture, by the digest of its bytes, so it is stored once however often
    items show it."""

    digest = models.CharField(max_length=64, unique=True)
    url = models.URLField(max_length=500)
    image = models.ForeignKey("articles.VestnikImage", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.url


class PollChain(models.Model):
    """The one live chain of source polls (a single row): each queued poll carries a token,
    and only the poll holding the current token runs and queues the next. Starting a new
    chain (the worker starts, a source is saved) retires every poll already queued, in any
    queue backend, so chains never multiply."""

    token = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)
