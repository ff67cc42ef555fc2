"""What the worker makes of the counted reads: per article and day, its views and readers."""

from django.db import models

__all__ = ["DailyReader", "DailyReads"]


class DailyReads(models.Model):
    """One article's reads on one Moscow day: every counted view, and how many distinct
    readers made them (one reader: one address with one browser, that day)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    readers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="daily_reads_once")]
        indexes = [models.Index(fields=["day", "page"], name="daily_reads_by_day")]
        verbose_name = "прочтения за день"
        verbose_name_plural = "прочтения по дням"


class DailyReader(models.Model):
    """A reader seen on an article today, as the day's salted hash: how the worker tells a new
    reader from one it has counted. Kept only until the day after (``aggregation``), when the
    salt that made the hash is gone from every process and file."""

    page_id = models.BigIntegerField()
    day = models.DateField()
    visitor = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page_id", "day", "visitor"], name="daily_reader_once")
        ]
