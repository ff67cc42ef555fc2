from django.db import migrations

# The enrichment tasks left vestnik.articles.tasks for vestnik.newsroom.tasks; jobs queued in
# the database before the upgrade name the old module, so they are pointed at the new one.
# (Jobs queued in Redis are renamed by the worker as it takes them: newsroom.redis_queue.)
TASK_NAMES = ("enrich_article_task", "refresh_related_task", "withdraw_article_task")
OLD_MODULE = "vestnik.articles.tasks"
NEW_MODULE = "vestnik.newsroom.tasks"


def rename(apps, schema_editor, old: str, new: str) -> None:
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for name in TASK_NAMES:
        DBTaskResult.objects.filter(task_path=f"{old}.{name}").update(task_path=f"{new}.{name}")


def forwards(apps, schema_editor) -> None:
    rename(apps, schema_editor, OLD_MODULE, NEW_MODULE)


def backwards(apps, schema_editor) -> None:
    rename(apps, schema_editor, NEW_MODULE, OLD_MODULE)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
