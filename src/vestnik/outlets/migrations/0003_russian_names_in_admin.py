"""The names Wagtail's own migrations gave the workflow, its task, the root collection and the
default groups were English, and editors read them in the Russian admin. Renamed only: what
the groups may do is left as it is (another migration strips their rights)."""

from django.db import migrations

WORKFLOWS = {"Moderators approval": "Утверждение редактором"}
COLLECTIONS = {"Root": "Общая медиатека сети"}
GROUPS = {"Editors": "Редакторы", "Moderators": "Модераторы"}


def rename(model, names: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for english, russian in names.items():
        model.objects.filter(name=english).update(name=russian)


def to_russian(apps, schema_editor):  # type: ignore[no-untyped-def]
    rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOWS)
    rename(apps.get_model("wagtailcore", "Task"), WORKFLOWS)
    rename(apps.get_model("wagtailcore", "Collection"), COLLECTIONS)
    rename(apps.get_model("auth", "Group"), GROUPS)


def to_english(apps, schema_editor):  # type: ignore[no-untyped-def]
    def back(names: dict[str, str]) -> dict[str, str]:
        return {russian: english for english, russian in names.items()}

    rename(apps.get_model("wagtailcore", "Workflow"), back(WORKFLOWS))
    rename(apps.get_model("wagtailcore", "Task"), back(WORKFLOWS))
    rename(apps.get_model("wagtailcore", "Collection"), back(COLLECTIONS))
    rename(apps.get_model("auth", "Group"), back(GROUPS))


class Migration(migrations.Migration):
    dependencies = [
        ("outlets", "0002_outlet_media_collections"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(to_russian, to_english)]
