"""Keeping the index in step with what is published."""

from collections.abc import Callable

from django.db import transaction

from vestnik.articles.models import ArticlePage

from .documents import build_document
from .models import SearchDocument


def index_article(article: ArticlePage) -> None:
    """Index a live article, or drop it from the index if it is not live (any more)."""
    if article.live and not article.expired:
        build_document(article).save()
    else:
        unindex_article(article.pk)


def unindex_article(article_id: int) -> None:
    SearchDocument.objects.filter(article_id=article_id).delete()


def rebuild_index(progress: Callable[[int, int], None] | None = None) -> int:
    """Re-index every live article, in one transaction; returns how many were indexed."""
    articles = ArticlePage.objects.live().order_by("pk")
    total = articles.count()
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        for done, article in enumerate(articles.iterator(chunk_size=500), start=1):
            build_document(article).save(force_insert=True)
            if progress:
                progress(done, total)
    return total
