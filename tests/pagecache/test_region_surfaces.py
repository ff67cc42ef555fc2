"""Region pages list and count the whole network's stories: a change in one outlet reaches
the cached region pages, indexes and maps of every outlet, and leaves the others cached.
(The memory store: which pages are purged does not depend on the store.)"""

import pytest

from vestnik.articles.models import ArticlePage
from vestnik.pagecache.surfaces import outlet_hosts
from vestnik.regions.models import Region

from .conftest import call_wsgi
from .test_invalidation import Reader

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.parametrize("page_store", ["memory"], indirect=True),
]


@pytest.fixture
def reader(cached_app, django_app):
    return Reader(cached_app, django_app)


@pytest.fixture
def marfino(network):
    """A story of «Звёздный бульвар» about Марфино."""
    article = ArticlePage.objects.live().get(slug="marfino-botanicheskaya-skver")
    assert article.regions.filter(name="Марфино").exists()
    return article


def on_every_host(*paths):
    return {(host, path) for host in outlet_hosts().values() for path in paths}


def slug_of(name):
    return Region.objects.get(kind="district", name=name).slug


def test_an_edit_in_one_outlet_reaches_another_outlets_region_page(
    reader, marfino, django_capture_on_commit_callbacks
):
    page = ("yugozapad.localhost", f"/regions/{slug_of('Марфино')}/")
    reader.warm({page})
    marfino.title = "В Марфине открыли сквер с прудом"
    with django_capture_on_commit_callbacks(execute=True):
        marfino.save_revision().publish()
    outcomes = reader.assert_fresh({page})
    assert outcomes[page] == "miss"
    reply = call_wsgi(reader.cached_app, page[1], host=page[0])
    assert "В Марфине открыли сквер с прудом" in reply.text and reply.cache == "hit"


def test_unpublishing_leaves_no_other_outlets_region_page_showing_it(
    reader, marfino, django_capture_on_commit_callbacks
):
    pages = on_every_host(f"/regions/{slug_of('Марфино')}/", "/regions/svao/", "/regions/moskva/")
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        marfino.unpublish()
    reader.assert_fresh(pages)
    for host, path in pages:
        assert marfino.title not in call_wsgi(reader.cached_app, path, host=host).text


def test_a_new_story_refreshes_the_maps_and_indexes_counting_it(
    reader, network, marfino, django_capture_on_commit_callbacks
):
    counting = on_every_host(
        f"/regions/{slug_of('Бутырский')}/",  # same okrug: its map shows Марфино's count
        f"/regions/{slug_of('Тимирязевский')}/",  # a neighbour in САО: lists Марфино's count
        "/regions/",
        "/tags/",
    ) | {("zvezdny.localhost", "/")}  # the home of СВАО's outlet shows the okrug's map
    untouched = on_every_host(f"/regions/{slug_of('Крюково')}/") | {("zelpanorama.localhost", "/")}
    reader.warm(counting | untouched)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = ArticlePage(title="Марфино: каток у пруда залили", slug="marfino-katok")
        network["yugozapad"].add_child(instance=fresh)
        fresh.regions.set(marfino.regions.all())
        fresh.tags.add(*marfino.tags.all()[:1] or ["Марфино"])
        fresh.save_revision().publish()
    outcomes = reader.assert_fresh(counting | untouched)
    for page in counting:
        assert outcomes[page] == "miss", page
    for page in untouched:
        assert outcomes[page] == "hit", page
