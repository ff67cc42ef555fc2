from django.db import models


class SearchDocument(models.Model):
    """One published article as search sees it: its text as written, for snippets, and the
    analysed terms the full-text index is built from (stored once, shared with related-item
    scoring). The index itself lives beside this table: an FTS5 table kept in step by
    triggers on SQLite, generated ``tsvector`` columns with GIN indexes on PostgreSQL."""

    # Not a foreign key: the index is rebuilt from pages, and benchmarks fill it without them.
    article_id = models.BigIntegerField(primary_key=True)
    outlet_id = models.BigIntegerField(db_index=True)
    published_at = models.DateTimeField(db_index=True)
    # The page's place in the tree, not an address: results link for the asking site.
    url_path = models.CharField(max_length=500)
    headline = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    headline_terms = models.TextField()
    lead_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    extra_terms = models.TextField(blank=True, help_text="tag and region names, analysed")
    facet_terms = models.TextField(blank=True, help_text="o<outlet> r<region> t<tag> ids")

    class Meta:
        verbose_name = "поисковый документ"
        verbose_name_plural = "поисковые документы"

    def __str__(self) -> str:
        return self.headline


class TermStat(models.Model):
    """In how many indexed articles a term occurs: the idf of related-item scoring, kept in
    step with the index in the same transaction."""

    term = models.CharField(max_length=100, primary_key=True)
    documents = models.PositiveIntegerField(default=0)
