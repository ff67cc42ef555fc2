"""«Читайте также» computed at publish time from the index: candidates by BM25/ts_rank over
the article's most telling terms, then scored by the related core on text, tags, regions,
outlet and recency. Stored, so a page view only reads five ids."""

import json
from collections.abc import (
    Collection,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from itertools import chain

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from vestnik.articles.models import ArticleTag, ComputedRelated, stories
from vestnik.enrichment.related import (
    ArticleProfile,
    RelatedScore,
    RelatedWeights,
    idf_weights,
    profile_terms,
    score_related,
)
from vestnik.regions.models import Region
from vestnik.search.backends import get_search_backend
from vestnik.search.documents import COPY_FACET
from vestnik.search.index import EVERY_DOCUMENT
from vestnik.search.models import SearchDocument, TermStat

from .models import DuplicateLink

RELATED_SIZE = 5
QUERY_TERMS = 12  # the article's most telling terms that fetch candidates
QUERY_POSTINGS = 300  # how many articles those terms may match in all, counted with repeats
CANDIDATES = 100

# Sent with ``article_id`` when an article's computed «Читайте также» is stored or dropped,
# so the page showing it can be purged from the page cache.
related_stored = Signal()


def related_weights() -> RelatedWeights:
    return RelatedWeights(**getattr(settings, "VESTNIK_RELATED_WEIGHTS", {}))


# What scoring reads of an indexed article: the analysed terms and the facets, not the
# text as written, which is most of a row's bytes.
PROFILE_FIELDS = (
    "article_id",
    "outlet_id",
    "published_at",
    "headline_terms",
    "lead_terms",
    "body_terms",
    "extra_terms",
    "facet_terms",
)


class IndexedTerms(Mapping[str, float]):
    """An indexed article's ``profile_terms``, weighed the first time a weight is read.
    Scoring reads only the terms of most candidates, to bound their similarity; a few
    reach the exact cosine that needs the weights (see the related core's text signal),
    and counting and dampening every candidate's terms was most of a recompute's Python."""

    __slots__ = ("_parts", "_terms", "_weights")

    def __init__(self, headline: str, lead: str, body: str, extra: str) -> None:
        self._parts = (headline.split(), lead.split(), body.split(), extra.split())
        self._terms = dict.fromkeys(chain.from_iterable(self._parts))
        self._weights: dict[str, float] | None = None

    def weights(self) -> dict[str, float]:
        if self._weights is None:
            self._weights = profile_terms(*self._parts)
        return self._weights

    def __getitem__(self, term: str) -> float:
        return self.weights()[term]

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, term: object) -> bool:
        return term in self._terms

    # The views of the dicts themselves, whose iteration runs in C: the generic Mapping's
    # would call back into Python for every term.
    def keys(self) -> KeysView[str]:
        return self._terms.keys()

    def values(self) -> ValuesView[float]:
        return self.weights().values()

    def items(self) -> ItemsView[str, float]:
        return self.weights().items()


def row_profile(row: tuple, depths: dict[int, int]) -> ArticleProfile:
    """The related core's view of an indexed article, from its PROFILE_FIELDS. Districts
    are its regions; their okrugs count as neighbouring regions; the city, shared by all,
    counts for nothing."""
    article_id, outlet_id, published_at, headline, lead, body, extra, facet_terms = row
    facets = facet_terms.split()
    region_ids = {int(f[1:]) for f in facets if f.startswith("r")}
    return ArticleProfile(
        article_id=article_id,
        terms=IndexedTerms(headline, lead, body, extra),
        tags=frozenset(int(f[1:]) for f in facets if f.startswith("t")),
        regions=frozenset(r for r in region_ids if depths.get(r, 0) >= 2),
        neighbour_regions=frozenset(r for r in region_ids if depths.get(r, 0) == 1),
        outlet_id=outlet_id,
        published_at=published_at,
    )


def load_profiles(article_ids: Iterable[int], depths: dict[int, int]) -> list[ArticleProfile]:
    rows = SearchDocument.objects.filter(article_id__in=list(article_ids))
    return [row_profile(row, depths) for row in rows.values_list(*PROFILE_FIELDS)]


def compute_related(article_id: int, limit: int = RELATED_SIZE) -> list[RelatedScore]:
    depths = dict(Region.objects.values_list("pk", "depth"))
    found = load_profiles([article_id], depths)
    if not found:
        return []
    target = found[0]
    frequencies = document_frequencies([*target.terms, EVERY_DOCUMENT])
    total = frequencies.pop(EVERY_DOCUMENT, None)
    if total is None:  # statistics counted before they kept the total: rebuild_index adds it
        total = SearchDocument.objects.count()
    total = max(total, 1)
    target_idf = idf_weights({t: frequencies.get(t, 0) for t in target.terms}, total)
    terms = query_terms(target, target_idf, frequencies)
    found_ids = get_search_backend().similar(terms, limit=CANDIDATES) if terms else []
    candidate_ids = set(found_ids) | sharing_tags(article_id, target.tags)
    candidates = load_profiles(candidate_ids, depths)
    return score_related(
        target,
        candidates,
        target_idf,
        related_weights(),
        now=timezone.now(),
        limit=limit,
        exclude=duplicates_of(article_id)
        | stories.syndication_family(article_id)
        | other_carriers(target, candidate_ids),
        fetch_idf=lambda terms: idf_for(terms, total),
    )


def query_terms(
    target: ArticleProfile, idf: dict[str, float], frequencies: dict[str, int]
) -> tuple[str, ...]:
    """The article's most telling terms (weight × idf) that fetch candidates, within a
    budget of postings: the backend ranks every article matching any of them, so a common
    word («заявить», «москва») would make it rank a tenth of the archive for candidates
    that the rarer words of the story find anyway. A term only the article itself has
    finds nothing and is skipped."""
    telling = sorted(target.terms, key=lambda t: target.terms[t] * idf[t], reverse=True)
    chosen: list[str] = []
    postings = 0
    for term in telling:
        found = frequencies.get(term, 0)
        if found <= 1 or (chosen and postings + found > QUERY_POSTINGS):
            continue
        chosen.append(term)
        postings += found
        if len(chosen) == QUERY_TERMS:
            break
    return tuple(chosen)


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


def other_carriers(target: ArticleProfile, candidate_ids: Collection[int]) -> set[int]:
    """The candidates that stand aside for another carrier of their story in the target's
    outlet (``stories.other_carriers``), the copies read from the index by their facet."""
    copies = dict(
        SearchDocument.objects.filter(
            article_id__in=list(candidate_ids), facet_terms__contains=COPY_FACET
        ).values_list("article_id", "outlet_id")
    )
    return stories.other_carriers(copies, target.outlet_id)


# The elements of a JSON array of strings, as a subquery, by database vendor.
JSON_ELEMENTS = {
    "sqlite": "SELECT value FROM json_each(%s)",
    "postgresql": "SELECT json_array_elements_text(%s::json)",
}


def document_frequencies(terms: Collection[str]) -> dict[str, int]:
    """In how many articles each term occurs, for the few thousand terms of an article and
    its candidates: one statement with one parameter, a JSON list the database takes apart,
    where ``term__in`` would bind, and Django would quote, each term apart (and psycopg
    quotes each element of an array parameter in Python, a few ms per thousand terms)."""
    if not terms:
        return {}
    elements = JSON_ELEMENTS.get(connection.vendor)
    if elements is None:
        found = TermStat.objects.filter(term__in=list(terms)).values_list("term", "documents")
        return dict(found)
    table = connection.ops.quote_name(TermStat._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, documents FROM {table} WHERE term IN ({elements})",
            [json.dumps(list(terms), ensure_ascii=False)],
        )
        return dict(cursor.fetchall())


def idf_for(terms: Iterable[str], total: int) -> dict[str, float]:
    terms = list(terms)
    frequencies = document_frequencies(terms)
    return idf_weights({term: frequencies.get(term, 0) for term in terms}, total)


def duplicates_of(article_id: int) -> set[int]:
    """Articles that repeat this one or that it repeats: never offered beside it."""
    links = DuplicateLink.objects.filter(Q(article_id=article_id) | Q(original_id=article_id))
    return {
        other
        for pair in links.values_list("article_id", "original_id")
        for other in pair
        if other != article_id
    }


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
    related_stored.send(sender=ComputedRelated, article_id=article_id)
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
    related_stored.send(sender=ComputedRelated, article_id=article_id)
