"""Authors as people (``models.authors``), and every outlet's editors may add and edit them."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

from vestnik.outlets.rights import grant_shared_model_rights


def let_editors_manage_authors(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Group

    # An outlet's editors are the groups holding rights on some page (``outlets.rights``).
    for group in Group.objects.filter(page_permissions__isnull=False).distinct():
        grant_shared_model_rights(group)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_computedrelated"),
    ]

    operations = [
        migrations.CreateModel(
            name="Author",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Как в подписи: «Анна Смирнова»",
                        max_length=200,
                        verbose_name="имя",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        blank=True,
                        help_text="Латиницей; пусто — из имени",
                        max_length=100,
                        unique=True,
                        verbose_name="адрес страницы",
                    ),
                ),
                (
                    "bio",
                    models.TextField(
                        blank=True,
                        help_text="Два-три предложения",
                        max_length=600,
                        verbose_name="о себе",
                    ),
                ),
                (
                    "photo",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.vestnikimage",
                        verbose_name="фото",
                    ),
                ),
            ],
            options={
                "verbose_name": "автор",
                "verbose_name_plural": "авторы",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Byline",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bylines",
                        to="articles.author",
                        verbose_name="автор",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bylines",
                        to="articles.articlepage",
                    ),
                ),
            ],
            options={
                "verbose_name": "автор материала",
                "verbose_name_plural": "авторы материала",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(let_editors_manage_authors, migrations.RunPython.noop),
    ]
