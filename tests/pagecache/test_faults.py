"""A page cache store that does not answer: the site keeps working uncached, and purges made
meanwhile reach the store when it returns. Against a real redis-server started here."""

import logging
import time

import pytest

from tests.commands import free_port
from vestnik.articles.models import ArticlePage
from vestnik.pagecache.models import UndeliveredPurge

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db

ARTICLE = "/technopolis-2023/"
DEADLINE = 30.0


def use_redis(settings, url: str):
    from vestnik.pagecache.stores import get_store

    settings.VESTNIK_PAGE_CACHE = {
        "default": {"BACKEND": "vestnik.pagecache.stores.RedisStore", "LOCATION": url}
    }
    return get_store()


@pytest.fixture
def wrapped(django_app):
    from vestnik.pagecache.stores import get_store
    from vestnik.pagecache.wsgi_layer import PageCacheApplication

    yield PageCacheApplication(django_app)
    get_store.cache_clear()


def read_until_cached(app, path: str):
    """Read until the store answers again (the layer leaves a failed store alone a second)."""
    deadline = time.monotonic() + DEADLINE
    while True:
        reply = call_wsgi(app, path)
        if "X-Vestnik-Cache" in reply.headers:
            return reply
        assert time.monotonic() < deadline, "the page cache never came back"


def test_a_redis_outage_serves_pages_uncached_and_a_purge_made_meanwhile_lands_on_return(
    settings, redis_server, wrapped, django_capture_on_commit_callbacks, caplog
):
    store = use_redis(settings, redis_server.url)
    store.purge_all()
    assert call_wsgi(wrapped, ARTICLE).cache == "miss"
    showing = (ARTICLE, "/", "/rss/", "/atom/")  # pages that show the headline
    for path in showing:
        call_wsgi(wrapped, path)
        assert call_wsgi(wrapped, path).cache == "hit", path

    redis_server.kill()
    with caplog.at_level(logging.ERROR, logger="vestnik.pagecache.faults"):
        for path in (ARTICLE, "/", "/rss/", "/admin/login/", "/api/v1/articles/"):
            reply = call_wsgi(wrapped, path)
            assert reply.status == 200, path
            assert "X-Vestnik-Cache" not in reply.headers, path
    assert len([r for r in caplog.records if "does not answer" in r.message]) == 1
    assert store.health.failures >= 1 and not store.health.answering

    article = ArticlePage.objects.get(slug="technopolis-2023")
    article.title = "Технополис: правка во время сбоя кэша"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert UndeliveredPurge.objects.exists()
    assert "правка во время сбоя" in call_wsgi(wrapped, ARTICLE).text

    redis_server.start()  # back with the old pages from its dump
    reply = read_until_cached(wrapped, ARTICLE)
    assert "правка во время сбоя" in reply.text
    assert not UndeliveredPurge.objects.exists()
    for path in showing:  # every page the edit purged is fresh, none served from the dump
        assert "правка во время сбоя" in call_wsgi(wrapped, path).text, path
        assert call_wsgi(wrapped, path).cache == "hit", path


def test_a_page_cache_redis_unreachable_at_start_leaves_every_path_answering(settings, wrapped):
    store = use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")
    for path in (ARTICLE, "/", "/sitemap.xml", "/admin/login/", "/api/v1/articles/"):
        assert call_wsgi(wrapped, path).status == 200, path
    assert store.health.failures >= 1


def test_another_process_delivers_purges_kept_while_the_store_was_down(
    settings, redis_server, wrapped
):
    """A process that saw no outage still replays what another process could not deliver."""
    from vestnik.pagecache.keys import page_address

    store = use_redis(settings, redis_server.url)
    store.purge_all()
    call_wsgi(wrapped, ARTICLE)
    assert call_wsgi(wrapped, ARTICLE).cache == "hit"
    UndeliveredPurge.objects.create(addresses=[list(page_address("zvezdny.localhost", ARTICLE))])
    store.health.outbox_checked_at = float("-inf")  # a second has passed since its last look
    assert call_wsgi(wrapped, ARTICLE).cache == "miss"
    assert not UndeliveredPurge.objects.exists()
