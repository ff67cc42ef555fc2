"""One article through every enrichment step, in the worker."""

from vestnik.search.duplicates import detect_duplicate
from vestnik.search.related import neighbours_of, store_related

from .enrichment import suggest_for_article
from .models import ArticlePage


def enrich_article(article_id: int, *, auto_accept: bool = False) -> None:
    from .tasks import refresh_related_task

    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return
    suggest_for_article(article, auto_accept=auto_accept)
    detect_duplicate(article_id)
    store_related(article_id)
    # Articles this one now resembles may want it among their own items.
    for neighbour_id in neighbours_of(article_id):
        refresh_related_task.enqueue(neighbour_id)
