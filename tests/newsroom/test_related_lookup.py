"""The lookups behind «Читайте также»: the candidate query, the index total, lazy weights."""

import pytest
from django.core.management import call_command

from vestnik.enrichment.related import profile_terms
from vestnik.language.query import SearchQuery
from vestnik.newsroom.related import IndexedTerms, store_related
from vestnik.search.backends import SearchFilters, get_search_backend
from vestnik.search.index import EVERY_DOCUMENT
from vestnik.search.models import SearchDocument, TermStat

pytestmark = pytest.mark.django_db


def indexed_total() -> int:
    return TermStat.objects.get(term=EVERY_DOCUMENT).documents


def test_the_term_statistics_count_every_indexed_article(network):
    assert indexed_total() == SearchDocument.objects.count() > 0
    network["canonical"].unpublish()
    assert indexed_total() == SearchDocument.objects.count()
    call_command("search_index", quiet=True)
    assert indexed_total() == SearchDocument.objects.count()


@pytest.mark.parametrize(
    "terms",
    [("москва",), ("руднево", "технополис"), ("собянин", "производство", "парк")],
)
def test_similar_articles_rank_as_a_relaxed_search_without_recency(network, terms):
    backend = get_search_backend()
    query = SearchQuery(terms=terms, phrases=(), excluded=())
    hits, _ = backend.search(query, SearchFilters(), match_all=False, recency_boost=0.0, limit=8)
    assert hits
    assert backend.similar(terms, limit=8) == [hit.article_id for hit in hits]


def test_related_articles_are_the_same_when_the_statistics_lack_the_total(network):
    article_id = network["canonical"].pk
    shown = store_related(article_id)
    TermStat.objects.filter(term=EVERY_DOCUMENT).delete()
    assert shown and store_related(article_id) == shown


def test_indexed_terms_weigh_as_the_related_core_does():
    terms = IndexedTerms("ремонт поликлиника", "поликлиника", "ремонт лифт", "бирюлево")
    expected = profile_terms(
        ["ремонт", "поликлиника"], ["поликлиника"], ["ремонт", "лифт"], ["бирюлево"]
    )
    assert list(terms.keys()) == list(expected) and len(terms) == 4
    assert "лифт" in terms and "москва" not in terms
    assert dict(terms.items()) == expected and terms["ремонт"] == expected["ремонт"]
