"""Readers read the standby, editors and writers the primary, and no purge lets a stale page
back into the cache while the standby lags (vestnik.replicas)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.pagecache.conftest import call_wsgi
from tests.replicas.conftest import (
    DEADLINE,
    committed,
    replay_paused,
    standby_configured,
    wait_until_replayed,
)
from vestnik.articles.models import ArticlePage
from vestnik.replicas import PIN_COOKIE, ReplicaRouter

# Without a standby the fixture ``standby`` skips (or fails, when one is required).
pytestmark = pytest.mark.django_db(
    databases=["default", "replica1"] if standby_configured() else ["default"]
)

HOST = "zvezdny.localhost"
PAGE = "/technopolis-2023/"


def page_reads(client: Client, **headers: str) -> tuple[int, int, str]:
    """The page's reads from the primary and from the standby, and its HTML (writes, such as
    a picture's first renditions, go to the primary and are not counted)."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        response = client.get(PAGE, HTTP_HOST=HOST, **headers)
    assert response.status_code == 200
    # Asking the standby how far it has replayed is not reading the page from it.
    from_replica = [q for q in replica.captured_queries if "pg_last_wal" not in q["sql"]]
    from_primary = [q for q in primary.captured_queries if q["sql"].startswith("SELECT")]
    return len(from_primary), len(from_replica), response.content.decode()


def editor() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    return client


@pytest.fixture
def canonical(standby):
    """The demo's canonical article; its committed headline is put back afterwards."""
    article = committed(lambda: ArticlePage.objects.get(slug="technopolis-2023"))
    title = article.title
    yield article

    def put_back() -> None:
        article.refresh_from_db()
        article.title = title
        article.save()
        wait_until_replayed()

    committed(put_back)


@pytest.fixture
def app(standby):
    from django.core.handlers.wsgi import WSGIHandler

    from vestnik.pagecache.wsgi_layer import PageCacheApplication

    return PageCacheApplication(WSGIHandler())


def test_a_readers_page_is_read_from_the_standby(standby):
    committed(lambda: page_reads(Client()))  # a first view may make the picture's renditions
    primary, replica, _ = committed(lambda: page_reads(Client()))
    assert replica > 0 and primary == 0


def test_editors_the_admin_and_a_browser_that_just_wrote_read_the_primary(standby):
    committed(editors_admin_and_writers)


def editors_admin_and_writers() -> None:
    primary, replica, _ = page_reads(editor())
    assert replica == 0 and primary > 0

    with CaptureQueriesContext(connections["replica1"]) as replica_queries:
        assert editor().get("/admin/", HTTP_HOST=HOST).status_code == 200
    assert not replica_queries.captured_queries

    reader = Client()
    reader.post(PAGE, HTTP_HOST=HOST)  # whatever the answer, this browser may have written
    assert reader.cookies[PIN_COOKIE]["max-age"] == 10
    primary, replica, _ = page_reads(reader)
    assert replica == 0 and primary > 0


def test_the_worker_and_commands_read_the_primary(standby):
    # No request marked them as a reader's: the router's answer outside one.
    assert committed(lambda: ReplicaRouter().db_for_read(ArticlePage)) == "default"
    assert committed(lambda: ArticlePage.objects.all().db) == "default"


def test_a_page_from_a_lagging_standby_until_a_purge_sends_readers_to_the_primary(canonical, app):
    committed(lambda: lagging_standby(canonical, app))


def lagging_standby(canonical: ArticlePage, app) -> None:
    old_title = canonical.title
    with replay_paused():
        # Written without a purge: the standby's copy is the only way a reader sees it old.
        ArticlePage.objects.filter(pk=canonical.pk).update(title="Технополис: строка без очистки")
        assert old_title in page_reads(Client())[2]
        assert "Технополис: строка без очистки" in page_reads(editor())[2]

        # An editor's save: written on the primary, its pages purged at commit.
        canonical.refresh_from_db()
        canonical.title = "Технополис открыл третью очередь"
        canonical.save()
        assert ArticlePage.objects.using("default").get(pk=canonical.pk).title == (
            "Технополис открыл третью очередь"
        )
        first = call_wsgi(app, PAGE, host=HOST)
        assert first.cache == "miss" and "Технополис открыл третью очередь" in first.text
        stored = call_wsgi(app, PAGE, host=HOST)
        assert stored.cache == "hit" and "Технополис открыл третью очередь" in stored.text
        assert page_reads(Client())[1] == 0  # still the primary: the standby is behind

    wait_until_replayed()
    # Readers come back to the standby at the process's next look at it (RECHECK_SECONDS).
    deadline = time.monotonic() + DEADLINE
    while (reads := page_reads(Client()))[1] == 0:
        assert time.monotonic() < deadline, "readers did not come back to the standby"
        time.sleep(0.05)
    primary, _, html = reads
    assert primary == 0 and "Технополис открыл третью очередь" in html


def test_a_standby_that_goes_away_under_readers_costs_them_nothing(standby):
    committed(standby_goes_away)


def standby_goes_away() -> None:
    from tests.commands import free_port
    from vestnik import replicas

    page_reads(Client())  # the standby is known to have caught up: readers go to it unasked
    replica = connections["replica1"]
    port = replica.settings_dict["PORT"]
    replica.settings_dict["PORT"] = free_port()  # nothing listens there: the standby is gone
    replica.close()
    try:
        # The reader's request fails on the standby and is served again from the primary;
        # the next reader goes to the primary without trying the standby first (a failure
        # there would raise here: this client does not turn it into a 503).
        reader = Client(raise_request_exception=False)
        for client in (reader, Client()):
            with CaptureQueriesContext(connections["default"]) as on_primary:
                response = client.get(PAGE, HTTP_HOST=HOST)
            assert response.status_code == 200 and "Технополис" in response.content.decode()
            assert on_primary.captured_queries
    finally:
        replica.settings_dict["PORT"] = port
        replica.close()
        replicas._replayed.clear()
