from django.db import migrations, models


class Migration(migrations.Migration):
    """DuplicateBand and DuplicateLink move here from search, keeping their tables: state only,
    no data moves (search's 0003 created them)."""

    initial = True

    dependencies = [
        ("search", "0005_documents_keep_page_paths"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DuplicateBand",
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
                        ("key", models.CharField(db_index=True, max_length=40)),
                    ],
                    options={"db_table": "search_duplicateband"},
                ),
                migrations.CreateModel(
                    name="DuplicateLink",
                    fields=[
                        ("article_id", models.BigIntegerField(primary_key=True, serialize=False)),
                        ("original_id", models.BigIntegerField(db_index=True)),
                        ("jaccard", models.FloatField()),
                        ("containment", models.FloatField()),
                        ("found_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={"db_table": "search_duplicatelink"},
                ),
            ],
        ),
    ]
