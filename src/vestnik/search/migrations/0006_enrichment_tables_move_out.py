from django.db import migrations


class Migration(migrations.Migration):
    """ComputedRelated went to articles, DuplicateBand and DuplicateLink to newsroom, each
    keeping its table: state only, the tables stay."""

    dependencies = [
        ("search", "0005_documents_keep_page_paths"),
        ("articles", "0006_computedrelated"),
        ("newsroom", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ComputedRelated"),
                migrations.DeleteModel(name="DuplicateBand"),
                migrations.DeleteModel(name="DuplicateLink"),
            ],
        ),
    ]
