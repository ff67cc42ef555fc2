"""One canonical address per page: pages with Cyrillic slugs, asked for under any spelling of
their host, are purged by the addresses ``surfaces`` names, on the memory store and on Redis."""

import re
import time

import pytest
from wagtail.models import Page, PageViewRestriction

from vestnik.articles.models import ArticlePage, Tag
from vestnik.pagecache.keys import page_address, request_address
from vestnik.pagecache.stored import store_variants
from vestnik.pagecache.stores import MemoryStore
from vestnik.pagecache.surfaces import pages_showing
from vestnik.regions.models import Region

from .conftest import call_wsgi

SLUG = "итоги-технополиса"
HOSTS = ("zvezdny.localhost", "Zvezdny.LOCALHOST", "zvezdny.localhost:80")


# percent-decoding, hex digits in either case
@pytest.mark.parametrize(
    ("host", "path", "expected"),
    [
        ("zvezdny.localhost", "/%D0%B8%D1%82%D0%BE%D0%B3%D0%B8/", ("zvezdny.localhost", "/итоги/")),
        ("zvezdny.localhost", "/%d0%b8%d1%82%d0%be%d0%b3%d0%b8/", ("zvezdny.localhost", "/итоги/")),
        ("zvezdny.localhost", "/итоги/", ("zvezdny.localhost", "/итоги/")),
        # NFC: «й» as «и» and a combining breve
        ("zvezdny.localhost", "/мои\u0306/", ("zvezdny.localhost", "/мой/")),
        # host: case, default port, trailing dot; path case and trailing slash kept
        ("Zvezdny.Localhost:80", "/Итоги", ("zvezdny.localhost", "/Итоги")),
        ("zvezdny.localhost.:443", "/", ("zvezdny.localhost", "/")),
        ("zvezdny.localhost:8000", "/", ("zvezdny.localhost:8000", "/")),
    ],
)
def test_page_address_is_decoded_and_normalised(host, path, expected):
    assert page_address(host, path) == expected


# what WSGI servers hand over: UTF-8 bytes read as Latin-1
@pytest.mark.parametrize(
    ("path_info", "expected"),
    [
        ("/итоги/".encode().decode("latin-1"), "/итоги/"),
        ("/technopolis-2023/", "/technopolis-2023/"),
        ("/%D0%B8/", None),  # the client wrote %25: another page, never routed
        ("/мои\u0306/".encode().decode("latin-1"), None),  # not NFC
        (b"/\xff/".decode("latin-1"), None),  # not UTF-8
        ("/a\nb/", None),
    ],
)
def test_request_address_takes_what_the_server_decoded(path_info, expected):
    address = request_address("zvezdny.localhost", path_info)
    assert (address.path if address else None) == expected


@pytest.fixture
def cyrillic_article(network, django_capture_on_commit_callbacks):
    """An article as the admin makes it from a Russian headline, with a Cyrillic tag slug."""
    tag = Tag.objects.create(name="Итоги года", slug="итоги")
    region = Region.objects.filter(kind="district", parent__isnull=False).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePage(
            title="Итоги Технополиса", slug=SLUG, lead="Первый лид", first_published_at=None
        )
        network["zvezdny"].add_child(instance=article)
        article.tags.add(tag)
        article.regions.add(region)
        article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk), tag, region


def every_page(tag: Tag, region: Region) -> list[tuple[str, str]]:
    """(path, query) of every page type and listing that shows the article."""
    listings = [f"/tags/{tag.slug}/", f"/regions/{region.slug}/", f"/regions/{region.parent.slug}/"]
    return [
        (f"/{SLUG}/", ""),
        ("/", ""),
        ("/", "page=1"),
        ("/rss/", ""),
        ("/atom/", ""),
        ("/sitemap.xml", ""),
        ("/news-sitemap.xml", ""),
        *((path, "") for path in listings),
        *((f"{path}rss/", "") for path in listings),
        *((path, "page=1") for path in listings),
    ]


def read_all(app, pages):
    return {
        (host, path, query): call_wsgi(app, path, host=host, query=query)
        for host in HOSTS
        for path, query in pages
    }


@pytest.mark.django_db
def test_cyrillic_pages_are_purged_on_edit_and_unpublish_under_every_spelling(
    cached_app, django_app, cyrillic_article, django_capture_on_commit_callbacks
):
    article, tag, region = cyrillic_article
    pages = every_page(tag, region)
    warm = read_all(cached_app, pages)
    assert all(reply.status == 200 for reply in warm.values()), [
        key for key, reply in warm.items() if reply.status != 200
    ]
    assert {reply.cache for reply in read_all(cached_app, pages).values()} == {"hit"}

    article.title = "Итоги Технополиса: исправленный заголовок"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for (host, path, query), reply in read_all(cached_app, pages).items():
        fresh = call_wsgi(django_app, path, host=host, query=query)
        assert reply.body == fresh.body, f"stale after edit: {host}{path}?{query}"
    assert "исправленный заголовок" in call_wsgi(cached_app, f"/{SLUG}/").text

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    for (host, path, query), reply in read_all(cached_app, pages).items():
        if path == f"/{SLUG}/":
            assert reply.status == 404, host
        else:
            assert "исправленный заголовок" not in reply.text, f"{host}{path}?{query}"


def undated(body: bytes) -> bytes:
    """A feed with no items left is dated by the clock when it is rendered."""
    return re.sub(rb"<(lastBuildDate|updated)>[^<]*</\1>", b"", body)


def delete(article, network):
    Page.objects.get(pk=article.pk).delete()


def move(article, network):
    Page.objects.get(pk=article.pk).move(network["yugozapad"], pos="last-child")


def restrict(article, network):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)


@pytest.mark.django_db
@pytest.mark.parametrize("change", [delete, move, restrict])
def test_a_cyrillic_page_deleted_moved_or_restricted_vanishes_under_every_spelling(
    cached_app, django_app, network, cyrillic_article, change, django_capture_on_commit_callbacks
):
    article, tag, region = cyrillic_article
    pages = every_page(tag, region)
    read_all(cached_app, pages)
    assert {reply.cache for reply in read_all(cached_app, pages).values()} == {"hit"}

    with django_capture_on_commit_callbacks(execute=True):
        change(article, network)
    for (host, path, query), reply in read_all(cached_app, pages).items():
        if path == f"/{SLUG}/":
            assert reply.status in (302, 404), f"{change.__name__}: {host}{path}"
        else:
            fresh = call_wsgi(django_app, path, host=host, query=query)
            assert undated(reply.body) == undated(fresh.body), f"stale: {host}{path}?{query}"
            if change is not move:  # a moved article stays in the network's listings
                assert "Итоги Технополиса" not in reply.text, f"{host}{path}?{query}"


@pytest.mark.django_db
def test_a_purge_of_a_cyrillic_page_reaches_another_processes_memory(tmp_path, cyrillic_article):
    article, _, _ = cyrillic_article
    editor, reader = (MemoryStore(str(tmp_path / "purges.log")) for _ in range(2))
    wire = f"/{SLUG}/".encode().decode("latin-1")
    host, path = request_address("Zvezdny.localhost", wire)
    variants = store_variants("200 OK", [("Content-Type", "text/html")], b"old", time.time(), 60)
    assert reader.put(host, path, host, variants, reader.generation())
    editor.purge(pages_showing(article))
    assert reader.get(host, path, "identity") is None
