"""A syndicated story is one story: found once across the network, never its own duplicate,
never its own «Читайте также»."""

import pytest

from vestnik.articles.models import ArticlePage, read_also
from vestnik.newsroom.duplicates import detect_duplicate
from vestnik.newsroom.models import DuplicateLink
from vestnik.newsroom.related import compute_related, load_profiles, other_carriers
from vestnik.newsroom.syndication import detach_copy, syndicate
from vestnik.search.forms import SearchForm
from vestnik.search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def copies(network):
    results = syndicate(network["canonical"], [network["zelpanorama"], network["yugozapad"]])
    return {result.outlet.slug: result.copy for result in results}


def found(outlet_id: int | None = None, text: str = "Технополис") -> set[int]:
    form = SearchForm({"q": text})
    assert form.is_valid()
    return {result.article_id for result in form.search(outlet_id=outlet_id, per_page=50).results}


def test_network_search_shows_the_story_once_as_its_original(network, copies):
    hits = found()
    assert network["canonical"].pk in hits
    assert not hits & {copy.pk for copy in copies.values()}


def test_outlet_search_finds_its_own_copy(network, copies):
    assert copies["zelpanorama"].pk in found(outlet_id=network["zelpanorama"].pk)


def test_detached_copy_outliving_its_original_is_found_across_the_network(network, copies):
    detach_copy(copies["zelpanorama"])
    network["canonical"].unpublish()
    assert copies["zelpanorama"].pk in found()
    network["canonical"].save_revision().publish()
    assert copies["zelpanorama"].pk not in found()


def test_copy_of_a_deleted_original_stands_for_the_story(network, copies):
    detach_copy(copies["yugozapad"])
    network["canonical"].delete()
    assert copies["yugozapad"].pk in found()


def test_copy_is_not_a_duplicate_of_its_original(network, copies):
    for copy in copies.values():
        assert detect_duplicate(copy.pk) is None
    assert not DuplicateLink.objects.filter(article_id__in=[c.pk for c in copies.values()]).exists()


def test_copy_and_original_are_never_each_others_read_also(network, copies):
    original = network["canonical"]
    family = {original.pk, *(copy.pk for copy in copies.values())}
    for article in (original, *copies.values()):
        computed = {score.article_id for score in compute_related(article.pk)}
        assert not computed & family
        urls = {teaser.url for teaser in read_also(article)}
        others = ArticlePage.objects.filter(pk__in=family - {article.pk})
        assert not urls & {other.url for other in others}


def test_another_article_is_offered_the_story_once_preferring_its_outlets_copy(network, copies):
    document = (
        SearchDocument.objects.filter(outlet_id=network["zelpanorama"].pk)
        .exclude(article_id=copies["zelpanorama"].pk)
        .first()
    )
    (target,) = load_profiles([document.article_id], {})
    carriers = [network["canonical"].pk, *(c.pk for c in copies.values())]
    assert other_carriers(target, carriers) == {network["canonical"].pk, copies["yugozapad"].pk}
