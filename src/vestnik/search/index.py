"""Keeping the index, and the term statistics beside it, in step with what is published."""

from collections import Counter
from collections.abc import Callable, Collection

from django.db import transaction
from django.db.models import F

from vestnik.articles.models import ArticlePage, ReaderRule

from .documents import build_document
from .models import SearchDocument, TermStat

MAX_TERM_LENGTH = 100  # longer "words" are pasted links or junk: no use as statistics

# The empty term, which no text splits into, is counted as occurring in every article: its
# statistic is the number of indexed articles, kept in step with the rest and read with
# them in one statement, where counting the index would scan it on every recompute.
EVERY_DOCUMENT = ""


def document_terms(document: SearchDocument) -> set[str]:
    """The distinct terms an article contributes to document frequencies, ``EVERY_DOCUMENT``
    among them."""
    text = " ".join(
        (document.headline_terms, document.lead_terms, document.body_terms, document.extra_terms)
    )
    return {term for term in text.split() if len(term) <= MAX_TERM_LENGTH} | {EVERY_DOCUMENT}


@transaction.atomic
def index_article(article: ArticlePage, rule: ReaderRule | None = None) -> None:
    """Index an article readers may see, or drop it from the index if they may not (any
    more): unpublished, expired, restricted, or under a withdrawn outlet. ``rule``: one
    already read for a batch."""
    if not article.is_visible_to_readers(rule):
        unindex_article(article.pk)
        return
    old = SearchDocument.objects.filter(article_id=article.pk).first()
    document = build_document(article)
    document.save()
    old_terms = document_terms(old) if old else set()
    new_terms = document_terms(document)
    count_terms(new_terms - old_terms, +1)
    count_terms(old_terms - new_terms, -1)


@transaction.atomic
def unindex_article(article_id: int) -> None:
    old = SearchDocument.objects.filter(article_id=article_id).first()
    if old is not None:
        old.delete()
        count_terms(document_terms(old), -1)


def count_terms(terms: Collection[str], change: int) -> None:
    if not terms:
        return
    TermStat.objects.filter(term__in=terms).update(documents=F("documents") + change)
    if change > 0:
        known = set(TermStat.objects.filter(term__in=terms).values_list("term", flat=True))
        TermStat.objects.bulk_create(
            [TermStat(term=term, documents=change) for term in terms if term not in known],
            ignore_conflicts=True,
        )


def rebuild_index(progress: Callable[[int, int], None] | None = None) -> int:
    """Re-index every article readers may see, in one transaction; returns how many."""
    articles = ArticlePage.objects.visible_to_readers().order_by("pk")
    total = articles.count()
    frequencies: Counter[str] = Counter()
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        TermStat.objects.all().delete()
        for done, article in enumerate(articles.iterator(chunk_size=500), start=1):
            document = build_document(article)
            document.save(force_insert=True)
            frequencies.update(document_terms(document))
            if progress:
                progress(done, total)
        TermStat.objects.bulk_create(
            [TermStat(term=term, documents=n) for term, n in frequencies.items()], batch_size=1000
        )
    return total
