"""Each outlet's identity and imprint (a site setting), which its own editors may edit on
their outlet's site and no other."""

import django.db.models.deletion
from django.db import migrations, models

import vestnik.outlets.colours
from vestnik.outlets.rights import editors_group_named, grant_identity_rights


def let_editors_edit_their_identity(apps, schema_editor):  # type: ignore[no-untyped-def]
    OutletHomePage = apps.get_model("outlets", "OutletHomePage")
    Site = apps.get_model("wagtailcore", "Site")
    titles = dict(OutletHomePage.objects.values_list("pk", "title"))
    for site_id, root_page_id in Site.objects.values_list("pk", "root_page_id"):
        if root_page_id in titles:
            grant_identity_rights(editors_group_named(titles[root_page_id]), site_id)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_computedrelated"),
        ("outlets", "0003_russian_names_in_admin"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutletIdentity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "accent",
                    models.CharField(
                        default="#1d5a8c",
                        help_text="Например, «#1d5a8c»: ссылки и акценты на сайте. Цвет должен хорошо читаться на белом (контраст не меньше 4,5:1)",
                        max_length=7,
                        validators=[vestnik.outlets.colours.validate_accent],
                        verbose_name="фирменный цвет",
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="Одна строка под названием в шапке сайта",
                        max_length=200,
                        verbose_name="короткое описание",
                    ),
                ),
                ("vk_url", models.URLField(blank=True, verbose_name="ВКонтакте")),
                ("ok_url", models.URLField(blank=True, verbose_name="Одноклассники")),
                ("dzen_url", models.URLField(blank=True, verbose_name="Дзен")),
                ("telegram_url", models.URLField(blank=True, verbose_name="Telegram")),
                (
                    "email",
                    models.EmailField(
                        blank=True, max_length=254, verbose_name="электронная почта редакции"
                    ),
                ),
                (
                    "phone",
                    models.CharField(blank=True, max_length=40, verbose_name="телефон редакции"),
                ),
                (
                    "address",
                    models.CharField(blank=True, max_length=300, verbose_name="адрес редакции"),
                ),
                (
                    "official_name",
                    models.CharField(
                        blank=True,
                        help_text="Как в свидетельстве о регистрации; если пусто — название издания",
                        max_length=200,
                        verbose_name="название СМИ",
                    ),
                ),
                (
                    "founder",
                    models.CharField(blank=True, max_length=300, verbose_name="учредитель"),
                ),
                (
                    "editor_in_chief",
                    models.CharField(blank=True, max_length=200, verbose_name="главный редактор"),
                ),
                (
                    "registration_number",
                    models.CharField(
                        blank=True,
                        help_text="Например, «ЭЛ № ФС 77-12345 от 01.02.2020»",
                        max_length=100,
                        verbose_name="регистрационный номер",
                    ),
                ),
                (
                    "registering_body",
                    models.CharField(
                        blank=True,
                        default="Роскомнадзор",
                        max_length=300,
                        verbose_name="зарегистрировавший орган",
                    ),
                ),
                (
                    "age_mark",
                    models.CharField(
                        choices=[
                            ("0+", "0+"),
                            ("6+", "6+"),
                            ("12+", "12+"),
                            ("16+", "16+"),
                            ("18+", "18+"),
                        ],
                        default="16+",
                        max_length=3,
                        verbose_name="знак информационной продукции",
                    ),
                ),
                (
                    "logo",
                    models.ForeignKey(
                        blank=True,
                        help_text="Стоит в шапке сайта; из него же делается значок вкладки браузера",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.vestnikimage",
                        verbose_name="логотип",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="wagtailcore.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "оформление и выходные данные",
                "verbose_name_plural": "оформление и выходные данные",
            },
        ),
        migrations.RunPython(let_editors_edit_their_identity, migrations.RunPython.noop),
    ]
