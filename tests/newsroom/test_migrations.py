"""Jobs queued in the database before the enrichment tasks moved to newsroom still run."""

import importlib

import pytest
from django.apps import apps
from django_tasks_db.models import DBTaskResult

from vestnik.newsroom.tasks import enrich_article_task

pytestmark = pytest.mark.django_db

OLD_PATH = "vestnik.articles.tasks.enrich_article_task"

queued_task_paths = importlib.import_module("vestnik.newsroom.migrations.0002_queued_task_paths")


def test_jobs_naming_the_old_task_module_are_pointed_at_newsroom_and_back():
    job = enrich_article_task.enqueue(12345)
    DBTaskResult.objects.update(task_path=OLD_PATH)
    queued_task_paths.forwards(apps, None)
    stored = DBTaskResult.objects.get(pk=job.id)
    assert stored.task_path == "vestnik.newsroom.tasks.enrich_article_task"
    assert stored.task.name == "enrich_article_task"
    queued_task_paths.backwards(apps, None)
    assert (
        DBTaskResult.objects.get(pk=job.id).task_path
        == "vestnik.articles.tasks.enrich_article_task"
    )
