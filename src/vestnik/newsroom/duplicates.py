"""Marking an article that repeats an earlier one of the network, from its indexed terms."""

from django.db import transaction

from vestnik.articles.models.stories import syndication_family
from vestnik.enrichment.duplicates import (
    band_keys,
    judge_duplicate,
    minhash_signature,
    shingle_terms,
)
from vestnik.search.models import SearchDocument

from .models import DuplicateBand, DuplicateLink


def document_shingles(document: SearchDocument) -> frozenset[int]:
    terms = " ".join((document.headline_terms, document.lead_terms, document.body_terms))
    return shingle_terms(terms.split())


@transaction.atomic
def detect_duplicate(article_id: int) -> DuplicateLink | None:
    """Refresh the article's band keys and link it to the earliest article it repeats.

    Only articles published before it (or at the same moment with a smaller id) can be its
    original; the link is removed when the article no longer repeats anything. A syndicated
    copy and its original are one story, openly carried: never duplicates of each other.
    """
    DuplicateBand.objects.filter(article_id=article_id).delete()
    document = SearchDocument.objects.filter(article_id=article_id).first()
    if document is None:
        DuplicateLink.objects.filter(article_id=article_id).delete()
        return None
    shingles = document_shingles(document)
    keys = band_keys(minhash_signature(shingles))
    DuplicateBand.objects.bulk_create([DuplicateBand(article_id=article_id, key=k) for k in keys])
    candidate_ids = (
        DuplicateBand.objects.filter(key__in=keys)
        .exclude(article_id__in={article_id, *syndication_family(article_id)})
        .values_list("article_id", flat=True)
        .distinct()
    )
    candidates = SearchDocument.objects.filter(
        article_id__in=list(candidate_ids), published_at__lte=document.published_at
    ).order_by("published_at", "article_id")
    for candidate in candidates:
        if candidate.published_at == document.published_at and candidate.pk > article_id:
            continue
        verdict = judge_duplicate(shingles, document_shingles(candidate))
        if verdict.is_duplicate:
            link, _ = DuplicateLink.objects.update_or_create(
                article_id=article_id,
                defaults={
                    "original_id": candidate.article_id,
                    "jaccard": verdict.jaccard,
                    "containment": verdict.containment,
                },
            )
            return link
    DuplicateLink.objects.filter(article_id=article_id).delete()
    return None


def forget_duplicate(article_id: int) -> None:
    """A withdrawn article is nobody's original any more, and repeats nothing."""
    DuplicateBand.objects.filter(article_id=article_id).delete()
    DuplicateLink.objects.filter(article_id=article_id).delete()
