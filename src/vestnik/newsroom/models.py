"""The newsroom's own tables: the duplicate check's band keys and links. Both kept the
tables they had when they lived in search (``search_duplicateband``, ``search_duplicatelink``)."""

from django.db import models


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
