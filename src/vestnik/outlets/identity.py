"""How an outlet presents itself to readers: its logo, accent colour, description, links and
contacts, and the imprint Russia's Mass Media Law (art. 27) asks for on every page.

A Wagtail site setting, one row per outlet's site, edited by the outlet's own editors
(``rights.grant_identity_rights`` gives their group the right on their site alone).
"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .colours import validate_accent

__all__ = ["AGE_MARKS", "DEFAULT_ACCENT", "OutletIdentity"]

DEFAULT_ACCENT = "#1d5a8c"  # 7.3:1 on white
# Information products' age categories (436-ФЗ, art. 2).
AGE_MARKS = [(mark, mark) for mark in ("0+", "6+", "12+", "16+", "18+")]


@register_setting(icon="site")
class OutletIdentity(BaseSiteSetting):
    select_related = ["logo"]

    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name="логотип",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Стоит в шапке сайта; из него же делается значок вкладки браузера",
    )
    accent = models.CharField(
        "фирменный цвет",
        max_length=7,
        default=DEFAULT_ACCENT,
        validators=[validate_accent],
        help_text="Например, «#1d5a8c»: ссылки и акценты на сайте. Цвет должен хорошо читаться "
        "на белом (контраст не меньше 4,5:1)",
    )
    description = models.CharField(
        "короткое описание",
        max_length=200,
        blank=True,
        help_text="Одна строка под названием в шапке сайта",
    )

    vk_url = models.URLField("ВКонтакте", blank=True)
    ok_url = models.URLField("Одноклассники", blank=True)
    dzen_url = models.URLField("Дзен", blank=True)
    telegram_url = models.URLField("Telegram", blank=True)

    email = models.EmailField("электронная почта редакции", blank=True)
    phone = models.CharField("телефон редакции", max_length=40, blank=True)
    address = models.CharField("адрес редакции", max_length=300, blank=True)

    official_name = models.CharField(
        "название СМИ",
        max_length=200,
        blank=True,
        help_text="Как в свидетельстве о регистрации; если пусто — название издания",
    )
    founder = models.CharField("учредитель", max_length=300, blank=True)
    editor_in_chief = models.CharField("главный редактор", max_length=200, blank=True)
    registration_number = models.CharField(
        "регистрационный номер",
        max_length=100,
        blank=True,
        help_text="Например, «ЭЛ № ФС 77-12345 от 01.02.2020»",
    )
    registering_body = models.CharField(
        "зарегистрировавший орган", max_length=300, blank=True, default="Роскомнадзор"
    )
    age_mark = models.CharField(
        "знак информационной продукции", max_length=3, choices=AGE_MARKS, default="16+"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("accent"), FieldPanel("description")],
            heading="Оформление",
        ),
        MultiFieldPanel(
            [
                FieldPanel("official_name"),
                FieldPanel("founder"),
                FieldPanel("editor_in_chief"),
                FieldPanel("registration_number"),
                FieldPanel("registering_body"),
                FieldPanel("age_mark"),
            ],
            heading="Выходные данные",
            help_text="Закон о СМИ (ст. 27) требует показывать их на каждой странице",
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")],
            heading="Контакты",
        ),
        MultiFieldPanel(
            [
                FieldPanel("telegram_url"),
                FieldPanel("vk_url"),
                FieldPanel("ok_url"),
                FieldPanel("dzen_url"),
            ],
            heading="Соцсети",
        ),
    ]

    class Meta:
        verbose_name = "оформление и выходные данные"
        verbose_name_plural = "оформление и выходные данные"

    def social_links(self) -> list[tuple[str, str]]:
        """(name, URL) of each network the outlet gave, Telegram first."""
        links = [
            ("Telegram", self.telegram_url),
            ("ВКонтакте", self.vk_url),
            ("Одноклассники", self.ok_url),
            ("Дзен", self.dzen_url),
        ]
        return [(name, url) for name, url in links if url]
