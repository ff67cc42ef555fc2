"""What the WSGI layer stores, answers and lets through to Django."""

import gzip
import time

import brotli
import pytest

from vestnik.pagecache.stores import MemoryStore
from vestnik.pagecache.surfaces import PageAddress

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db

ARTICLE = "/technopolis-2023/"


def test_second_read_is_a_hit_with_the_same_bytes(cached_app, network):
    first = call_wsgi(cached_app, ARTICLE)
    second = call_wsgi(cached_app, ARTICLE)
    assert (first.cache, second.cache) == ("miss", "hit")
    assert first.body == second.body and first.headers["ETag"] == second.headers["ETag"]


def test_compressed_once_and_served_by_accept_encoding(cached_app, network):
    plain = call_wsgi(cached_app, ARTICLE, ACCEPT_ENCODING="identity").body
    br = call_wsgi(cached_app, ARTICLE, ACCEPT_ENCODING="gzip, deflate, br")
    gz = call_wsgi(cached_app, ARTICLE, ACCEPT_ENCODING="gzip")
    refused = call_wsgi(cached_app, ARTICLE, ACCEPT_ENCODING="br;q=0, gzip;q=0")
    assert br.headers["Content-Encoding"] == "br" and brotli.decompress(br.body) == plain
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.body) == plain
    assert "Content-Encoding" not in refused.headers and refused.body == plain
    assert br.headers["Vary"] == "Accept-Encoding"
    assert len({br.headers["ETag"], gz.headers["ETag"], refused.headers["ETag"]}) == 3


def test_conditional_requests_get_304(cached_app, network):
    page = call_wsgi(cached_app, ARTICLE)
    by_etag = call_wsgi(cached_app, ARTICLE, IF_NONE_MATCH=page.headers["ETag"])
    by_date = call_wsgi(cached_app, ARTICLE, IF_MODIFIED_SINCE=page.headers["Last-Modified"])
    other = call_wsgi(cached_app, ARTICLE, IF_NONE_MATCH='"something-else"')
    assert (by_etag.status, by_etag.body) == (304, b"")
    assert by_date.status == 304
    assert other.status == 200 and other.body == page.body


def test_head_has_headers_and_no_body(cached_app, network):
    call_wsgi(cached_app, ARTICLE)
    head = call_wsgi(cached_app, ARTICLE, method="HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["Content-Length"]) > 0


def test_listing_pages_are_cached_apart_and_purged_together(cached_app, page_store, network):
    first = call_wsgi(cached_app, "/", query="page=1")
    assert call_wsgi(cached_app, "/", query="page=1").cache == "hit"
    assert call_wsgi(cached_app, "/").body == first.body  # same page, its own key
    assert call_wsgi(cached_app, "/").cache == "hit"
    page_store.purge([PageAddress("zvezdny.localhost", "/")])
    assert call_wsgi(cached_app, "/", query="page=1").cache == "miss"
    assert call_wsgi(cached_app, "/").cache == "miss"


@pytest.mark.parametrize(
    ("path", "query", "headers"),
    [
        ("/search/", "q=технополис", {}),
        (ARTICLE, "utm_source=x&q=1", {}),
        (ARTICLE, "", {"COOKIE": "sessionid=abc"}),
        (ARTICLE, "", {"COOKIE": "theme=dark; sessionid=abc"}),
        ("/admin/login/", "", {}),
        ("/api/v1/search/", "q=технополис", {}),
    ],
)
def test_editors_queries_admin_and_api_bypass_the_cache(cached_app, network, path, query, headers):
    for _ in range(2):
        reply = call_wsgi(cached_app, path, query=query, **headers)
        assert "X-Vestnik-Cache" not in reply.headers


def test_tracking_parameters_are_left_out_of_the_key(cached_app, network):
    first = call_wsgi(cached_app, ARTICLE)
    for query in ("utm_source=telegram&utm_medium=post", "fbclid=IwAR0", "yclid=1&gclid=2"):
        tracked = call_wsgi(cached_app, ARTICLE, query=query)
        assert (tracked.cache, tracked.body) == ("hit", first.body), query
    call_wsgi(cached_app, "/", query="page=1")
    assert call_wsgi(cached_app, "/", query="utm_campaign=x&page=1").cache == "hit"


@pytest.mark.parametrize(
    "headers",
    [
        {"COOKIE": "xsessionid=abc; csrftoken=t"},
        {"COOKIE": "theme=sessionid=abc"},
        {"AUTHORIZATION": "Basic eDp5"},
    ],
)
def test_only_the_real_session_cookie_bypasses_the_cache(cached_app, network, headers):
    call_wsgi(cached_app, ARTICLE)
    assert call_wsgi(cached_app, ARTICLE, **headers).cache == "hit"


def test_post_bypasses_the_cache(cached_app, network):
    call_wsgi(cached_app, ARTICLE)
    assert "X-Vestnik-Cache" not in call_wsgi(cached_app, ARTICLE, method="POST").headers


def test_a_missing_page_is_not_stored(cached_app, network):
    for _ in range(2):
        reply = call_wsgi(cached_app, "/net-takoy-stranitsy/")
        assert reply.status == 404 and "X-Vestnik-Cache" not in reply.headers


def test_a_page_answered_for_another_host_is_purged_with_its_site(cached_app, page_store, network):
    # The default site answers any host; a purge names the site's own host.
    call_wsgi(cached_app, ARTICLE, host="127.0.0.1:8000")
    assert call_wsgi(cached_app, ARTICLE, host="127.0.0.1:8000").cache == "hit"
    page_store.purge([PageAddress("zvezdny.localhost", ARTICLE)])
    assert call_wsgi(cached_app, ARTICLE, host="127.0.0.1:8000").cache == "miss"


def test_a_page_rendered_during_a_purge_is_not_stored(page_store):
    from vestnik.pagecache.stored import store_variants

    generation = page_store.generation()
    page_store.purge([PageAddress("zvezdny.localhost", "/")])
    variants = store_variants("200 OK", [("Content-Type", "text/html")], b"old", 0.0, 60)
    assert not page_store.put("zvezdny.localhost", "/", "zvezdny.localhost", variants, generation)
    assert page_store.get("zvezdny.localhost", "/", "identity") is None


def test_a_purge_in_one_process_reaches_another_processes_memory(tmp_path):
    from vestnik.pagecache.stored import store_variants

    editor, reader = (MemoryStore(str(tmp_path / "purges.log")) for _ in range(2))
    variants = store_variants("200 OK", [("Content-Type", "text/html")], b"page", time.time(), 60)
    assert reader.put("h", "/a/", "h", variants, reader.generation())
    assert reader.put("h", "/b/", "h", variants, reader.generation())
    editor.purge([PageAddress("h", "/a/")])
    assert reader.get("h", "/a/", "identity") is None
    assert reader.get("h", "/b/", "identity") is not None


def test_memory_store_stays_within_its_size(tmp_path):
    from vestnik.pagecache.stored import store_variants

    store = MemoryStore(str(tmp_path / "purges.log"), max_bytes=10_000)
    for n in range(50):
        variants = store_variants("200 OK", [], b"x" * 1000, time.time(), 60)
        store.put("h", f"/{n}/", "h", variants, store.generation())
    assert store.total <= 10_000
    assert store.get("h", "/49/", "identity") is not None
    assert store.get("h", "/0/", "identity") is None


def test_the_cache_can_be_switched_off(settings, network):
    import importlib

    import vestnik.wsgi

    settings.VESTNIK_PAGE_CACHE_ENABLED = False
    # The operations layer stays in front (health, metrics, request ids) either way.
    module = importlib.reload(vestnik.wsgi)
    assert type(module.application.application).__name__ == "WSGIHandler"
    settings.VESTNIK_PAGE_CACHE_ENABLED = True
    module = importlib.reload(vestnik.wsgi)
    assert type(module.application.application).__name__ == "PageCacheApplication"
