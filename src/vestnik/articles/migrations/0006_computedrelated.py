from django.db import migrations, models


class Migration(migrations.Migration):
    """ComputedRelated moves here from search, keeping its table: state only, no data moves."""

    dependencies = [
        ("articles", "0005_autosave_draft"),
        ("search", "0005_documents_keep_page_paths"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ComputedRelated",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("article_id", models.BigIntegerField(db_index=True)),
                        ("position", models.PositiveSmallIntegerField()),
                        ("target_id", models.BigIntegerField(db_index=True)),
                        ("score", models.FloatField()),
                        ("parts", models.JSONField(default=dict)),
                    ],
                    options={
                        "db_table": "search_computedrelated",
                        "ordering": ["article_id", "position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("article_id", "position"), name="unique_related_slot"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
