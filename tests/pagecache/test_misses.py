"""What keeps a cache miss cheap: the body rendered at save time, remembered site lookups."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vestnik.articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_body_is_rendered_to_html_when_saved(network):
    article = network["canonical"]
    assert "35 новых производств" in article.body_html
    article.body = [("paragraph", "<p>Совсем другой текст</p>")]
    article.save()
    assert "Совсем другой текст" in ArticlePage.objects.get(pk=article.pk).body_html


def test_article_page_shows_the_stored_body_html(client, network):
    ArticlePage.objects.filter(pk=network["canonical"].pk).update(
        body_html="<p>Тело из body_html</p>"
    )
    html = client.get("/technopolis-2023/").content.decode()
    assert "Тело из body_html" in html and "35 новых производств" not in html


def test_site_lookup_is_remembered_until_a_purge(client, network, settings, tmp_path):
    from vestnik.pagecache.stores import get_store

    settings.VESTNIK_PAGE_CACHE = {
        "default": {
            "BACKEND": "vestnik.pagecache.stores.MemoryStore",
            "LOCATION": str(tmp_path / "purges.log"),
        }
    }
    client.get("/technopolis-2023/")
    with CaptureQueriesContext(connection) as remembered:
        client.get("/technopolis-2023/")
    get_store().purge_all()
    with CaptureQueriesContext(connection) as after_purge:
        client.get("/technopolis-2023/")
    site_queries = [
        [q for q in queries.captured_queries if 'FROM "wagtailcore_site"' in q["sql"]]
        for queries in (remembered, after_purge)
    ]
    assert [len(queries) for queries in site_queries] == [0, 1]
    get_store.cache_clear()


def test_no_view_restriction_query_while_the_network_has_none(client, network):
    client.get("/technopolis-2023/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/technopolis-2023/")
    assert not [q for q in queries.captured_queries if "pageviewrestriction" in q["sql"]]


def test_a_new_restriction_closes_a_cached_page_at_once(
    cached_app, network, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    from .conftest import call_wsgi

    assert call_wsgi(cached_app, "/technopolis-2023/").status == 200
    assert call_wsgi(cached_app, "/technopolis-2023/").cache == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=network["canonical"], restriction_type=PageViewRestriction.LOGIN
        )
    closed = call_wsgi(cached_app, "/technopolis-2023/")
    assert closed.status == 302 and "/login" in closed.headers["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    reopened = call_wsgi(cached_app, "/technopolis-2023/")
    assert reopened.status == 200 and reopened.cache == "miss"


def test_article_without_stored_html_renders_its_body(client, network):
    # body_html is empty for rows written before it existed; the body, left unread by the
    # page's lookup, is loaded and rendered then.
    ArticlePage.objects.filter(pk=network["canonical"].pk).update(body_html="")
    assert "35 новых производств" in client.get("/technopolis-2023/").content.decode()
