"""An author's page (``authors/<slug>/`` on every outlet) is one of the pages showing their
article: a byline added or an author renamed refreshes it, and the article's, through the
real WSGI stack with the in-process store."""

import pytest

from vestnik.articles.models import ArticlePage, Author, Byline
from vestnik.pagecache.surfaces import outlet_hosts, pages_showing

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_store(memory_page_store):
    """The in-process store alone: these tests are about surfaces, not stores."""
    return memory_page_store


@pytest.fixture
def author(network):
    return Author.objects.create(name="Анна Соколова", slug="anna-sokolova-test")


def warm(app, pages):
    for host, path in pages:
        call_wsgi(app, path, host=host)
    for host, path in pages:
        assert call_wsgi(app, path, host=host).cache == "hit", (host, path)


def test_an_articles_surfaces_include_its_authors_pages_on_every_host(network, author):
    article = network["canonical"]
    article.bylines = [Byline(author=author)]
    article.save_revision().publish()
    addresses = {(a.host, a.path) for a in pages_showing(ArticlePage.objects.get(pk=article.pk))}
    for host in outlet_hosts().values():
        assert (host, "/authors/anna-sokolova-test/") in addresses


def test_a_byline_added_in_a_publish_refreshes_the_authors_page(
    cached_app, network, author, django_capture_on_commit_callbacks
):
    pages = [(host, "/authors/anna-sokolova-test/") for host in outlet_hosts().values()]
    warm(cached_app, pages)
    article = network["canonical"]
    assert article.title not in call_wsgi(cached_app, pages[0][1], host=pages[0][0]).text
    article.bylines = [Byline(author=author)]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for host, path in pages:
        reply = call_wsgi(cached_app, path, host=host)
        assert reply.cache == "miss" and article.title in reply.text, host


def test_renaming_an_author_refreshes_their_articles_and_their_page(
    cached_app, network, author, django_capture_on_commit_callbacks
):
    article = network["canonical"]
    with django_capture_on_commit_callbacks(execute=True):
        article.bylines = [Byline(author=author)]
        article.save_revision().publish()
    pages = [
        ("zvezdny.localhost", "/technopolis-2023/"),
        ("yugozapad.localhost", "/authors/anna-sokolova-test/"),
    ]
    warm(cached_app, pages)
    untouched = ("zelpanorama.localhost", "/")
    warm(cached_app, [untouched])
    author.name = "Анна Соколова-Ёлкина"
    with django_capture_on_commit_callbacks(execute=True):
        author.save()
    for host, path in pages:
        reply = call_wsgi(cached_app, path, host=host)
        assert reply.cache == "miss" and "Анна Соколова-Ёлкина" in reply.text, (host, path)
    assert call_wsgi(cached_app, untouched[1], host=untouched[0]).cache == "hit"
