"""The newsroom's own tables: the duplicate check's band keys and links (both kept the tables
they had when they lived in search: ``search_duplicateband``, ``search_duplicatelink``), and the
tasks held for a Redis queue that did not answer."""

from django.db import models
from django.utils import timezone


class DuplicateBand(models.Model):
    """One LSH band of an article's MinHash signature: articles sharing a band are candidates."""

    article_id = models.BigIntegerField(db_index=True)
    key = models.CharField(max_length=40, db_index=True)

    class Meta:
        db_table = "search_duplicateband"


class DuplicateLink(models.Model):
    """This article repeats an earlier one of the network (a lightly edited press release)."""

    article_id = models.BigIntegerField(primary_key=True)
    original_id = models.BigIntegerField(db_index=True)
    jaccard = models.FloatField()
    containment = models.FloatField()
    found_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_duplicatelink"


class HeldTask(models.Model):
    """A task for the Redis queue, written in the transaction that asked for it and deleted once
    Redis has taken it (a transactional outbox, ``held_tasks``): a publish whose Redis does not
    answer keeps its work here until the worker hands it on."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    task_path = models.CharField(max_length=255)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)  # the request id among them
    queue_name = models.CharField(max_length=100)
    run_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "задача, ждущая очереди"
        verbose_name_plural = "задачи, ждущие очереди"

    def __str__(self) -> str:
        return f"{self.task_path}{tuple(self.args)!r}"
