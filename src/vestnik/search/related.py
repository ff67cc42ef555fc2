"""«Читайте также» computed at publish time from the index: candidates by BM25/ts_rank over
the article's most telling terms, then scored by the related core on text, tags, regions,
outlet and recency. Stored, so a page view only reads five ids."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vestnik.articles.models import ArticlePage, ArticleTag
from vestnik.articles.syndication import syndication_family
from vestnik.enrichment.related import (
    ArticleProfile,
    RelatedScore,
    RelatedWeights,
    idf_weights,
    profile_terms,
    score_related,
)
from vestnik.language.query import SearchQuery
from vestnik.regions.models import Region

from .backends import SearchFilters, get_search_backend
from .documents import COPY_FACET
from .models import ComputedRelated, DuplicateLink, SearchDocument, TermStat

RELATED_SIZE = 5
QUERY_TERMS = 12  # the article's most telling terms that fetch candidates
CANDIDATES = 200


def related_weights() -> RelatedWeights:
    return RelatedWeights(**getattr(settings, "VESTNIK_RELATED_WEIGHTS", {}))


def document_profile(document: SearchDocument, depths: dict[int, int]) -> ArticleProfile:
    """The related core's view of an indexed article. Districts are its regions; their
    okrugs count as neighbouring regions; the city, shared by all, counts for nothing."""
    facets = document.facet_terms.split()
    region_ids = {int(f[1:]) for f in facets if f.startswith("r")}
    return ArticleProfile(
        article_id=document.article_id,
        terms=profile_terms(
            document.headline_terms.split(),
            document.lead_terms.split(),
            document.body_terms.split(),
            document.extra_terms.split(),
        ),
        tags=frozenset(int(f[1:]) for f in facets if f.startswith("t")),
        regions=frozenset(r for r in region_ids if depths.get(r, 0) >= 2),
        neighbour_regions=frozenset(r for r in region_ids if depths.get(r, 0) == 1),
        outlet_id=document.outlet_id,
        published_at=document.published_at,
    )


def compute_related(article_id: int, limit: int = RELATED_SIZE) -> list[RelatedScore]:
    document = SearchDocument.objects.filter(article_id=article_id).first()
    if document is None:
        return []
    depths = dict(Region.objects.values_list("pk", "depth"))
    target = document_profile(document, depths)
    total = max(SearchDocument.objects.count(), 1)
    target_idf = idf_for(target.terms, total)
    telling = sorted(target.terms, key=lambda t: target.terms[t] * target_idf[t], reverse=True)
    query = SearchQuery(terms=tuple(telling[:QUERY_TERMS]), phrases=(), excluded=())
    hits, _ = get_search_backend().search(
        query, SearchFilters(), match_all=False, recency_boost=0.0, limit=CANDIDATES
    )
    candidate_ids = {hit.article_id for hit in hits} | sharing_tags(article_id, target.tags)
    candidate_documents = list(SearchDocument.objects.filter(article_id__in=candidate_ids))
    candidates = [document_profile(candidate, depths) for candidate in candidate_documents]
    idf = idf_for({term for c in (target, *candidates) for term in c.terms}, total)
    return score_related(
        target,
        candidates,
        idf,
        related_weights(),
        now=timezone.now(),
        limit=limit,
        exclude=duplicates_of(article_id)
        | syndication_family(article_id)
        | other_carriers(document, candidate_documents),
    )


def sharing_tags(article_id: int, tags: frozenset[int], limit: int = 50) -> set[int]:
    """The newest articles on the same tags: related even when worded differently."""
    if not tags:
        return set()
    shared = (
        ArticleTag.objects.filter(tag_id__in=tags)
        .exclude(content_object_id=article_id)
        .order_by("-content_object__published_at")
        .values_list("content_object_id", flat=True)
    )
    return set(shared[:limit])


def other_carriers(target: SearchDocument, candidates: list[SearchDocument]) -> set[int]:
    """One carrier per syndicated story among the candidates: the copy in the target's own
    outlet when there is one, else the original. Copies elsewhere and originals whose copy the
    target's outlet carries are left out, so a reader never gets the same story twice."""
    copies = [c for c in candidates if COPY_FACET in c.facet_terms.split()]
    own = [c.article_id for c in copies if c.outlet_id == target.outlet_id]
    originals = ArticlePage.objects.filter(pk__in=own).values_list("original_id", flat=True)
    return {c.article_id for c in copies if c.article_id not in own} | set(originals)


def idf_for(terms: Iterable[str], total: int) -> dict[str, float]:
    terms = list(terms)
    frequencies = dict(TermStat.objects.filter(term__in=terms).values_list("term", "documents"))
    return idf_weights({term: frequencies.get(term, 0) for term in terms}, total)


def duplicates_of(article_id: int) -> set[int]:
    """Articles that repeat this one or that it repeats: never offered beside it."""
    links = DuplicateLink.objects.filter(article_id=article_id).values_list(
        "original_id", flat=True
    )
    copies = DuplicateLink.objects.filter(original_id=article_id).values_list(
        "article_id", flat=True
    )
    return {*links, *copies}


@transaction.atomic
def store_related(article_id: int) -> list[int]:
    scores = compute_related(article_id)
    ComputedRelated.objects.filter(article_id=article_id).delete()
    ComputedRelated.objects.bulk_create(
        ComputedRelated(
            article_id=article_id,
            position=position,
            target_id=score.article_id,
            score=score.score,
            parts=dict(score.parts),
        )
        for position, score in enumerate(scores)
    )
    return [score.article_id for score in scores]


def neighbours_of(article_id: int) -> list[int]:
    return list(
        ComputedRelated.objects.filter(article_id=article_id).values_list("target_id", flat=True)
    )


def articles_offering(article_id: int) -> list[int]:
    return list(
        ComputedRelated.objects.filter(target_id=article_id).values_list("article_id", flat=True)
    )


def forget_related(article_id: int) -> None:
    ComputedRelated.objects.filter(article_id=article_id).delete()
