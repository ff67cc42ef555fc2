"""Every editorial action, then every page that could show the article read through the
real WSGI stack with the cache on: each equals a fresh render by Django, and pages that do
not show the article are still answered from the cache."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from vestnik.articles.models import ArticlePage, RelatedItem, Tag
from vestnik.newsroom.related import store_related
from vestnik.pagecache.surfaces import outlet_hosts
from vestnik.regions.models import Region

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db

CONTROL_TAG = "kultura"


def listings_of(article: ArticlePage) -> set[str]:
    """Tag and region listing paths the article appears in, worked out here independently."""
    paths = {f"/tags/{slug}/" for slug in article.tags.values_list("slug", flat=True)}
    for region in article.regions.all():
        while region is not None:
            paths.add(f"/regions/{region.slug}/")
            region = region.parent
    return paths


def sample_pages(*articles: ArticlePage) -> set[tuple[str, str]]:
    """Every article page of the network, every outlet home, and on every host the listings
    the given articles appear in, plus a control tag's."""
    hosts = list(outlet_hosts().values())
    pages = set()
    for page in ArticlePage.objects.live():
        host, path = page.get_url_parts()[1].split("://")[1], page.get_url_parts()[2]
        pages.add((host, path))
    listings = {f"/tags/{control_tag().slug}/"}
    for article in articles:
        listings |= listings_of(article)
    for host in hosts:
        pages.add((host, "/"))
        pages |= {(host, path) for path in listings}
    return pages


def control_tag() -> Tag:
    return (
        Tag.objects.exclude(
            pk__in=ArticlePage.objects.filter(slug="technopolis-2023").values("tagged_items__tag")
        )
        .order_by("name")
        .first()
    )


class Reader:
    def __init__(self, cached_app, django_app):
        self.cached_app, self.django_app = cached_app, django_app

    def warm(self, pages):
        for host, path in pages:
            call_wsgi(self.cached_app, path, host=host)
        for host, path in pages:
            reply = call_wsgi(self.cached_app, path, host=host)
            assert reply.status != 200 or reply.cache == "hit", (host, path)

    def assert_fresh(self, pages) -> dict[tuple[str, str], str]:
        """Every page served through the cache equals Django's render now; returns how each
        page was answered (hit or miss)."""
        outcomes = {}
        for host, path in sorted(pages):
            cached = call_wsgi(self.cached_app, path, host=host)
            fresh = call_wsgi(self.django_app, path, host=host)
            assert cached.status == fresh.status, (host, path)
            assert cached.body == fresh.body, f"stale: {host}{path}"
            outcomes[(host, path)] = cached.cache
        return outcomes


@pytest.fixture
def reader(cached_app, django_app):
    return Reader(cached_app, django_app)


@pytest.fixture
def article(network):
    return ArticlePage.objects.get(slug="technopolis-2023")


def assert_still_cached(outcomes, host, paths):
    for path in paths:
        assert outcomes[(host, path)] == "hit", f"purged without need: {host}{path}"


def test_editing_and_publishing_refreshes_every_page_showing_the_article(
    reader, article, django_capture_on_commit_callbacks
):
    pages = sample_pages(article)
    reader.warm(pages)
    article.title = "Технополис: новые производства в цифрах"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    outcomes = reader.assert_fresh(pages)
    assert outcomes[("zvezdny.localhost", "/technopolis-2023/")] == "miss"
    assert outcomes[("zvezdny.localhost", "/")] == "miss"
    assert_still_cached(outcomes, "zelpanorama.localhost", ["/", f"/tags/{control_tag().slug}/"])
    page = call_wsgi(reader.cached_app, "/technopolis-2023/", host="zvezdny.localhost")
    assert "Технополис: новые производства в цифрах" in page.text and page.cache == "hit"


def test_saving_a_draft_keeps_the_published_pages_cached(
    reader, article, django_capture_on_commit_callbacks
):
    pages = {("zvezdny.localhost", "/technopolis-2023/"), ("zvezdny.localhost", "/")}
    reader.warm(pages)
    article.title = "Черновик"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision()
    outcomes = reader.assert_fresh(pages)
    assert set(outcomes.values()) == {"hit"}


def test_unpublishing_removes_the_article_everywhere(
    reader, article, django_capture_on_commit_callbacks
):
    pages = sample_pages(article)
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    reader.assert_fresh(pages)
    assert call_wsgi(reader.cached_app, "/technopolis-2023/").status == 404
    assert article.title not in call_wsgi(reader.cached_app, "/").text


def test_publishing_a_new_article_lists_it(
    reader, network, article, django_capture_on_commit_callbacks
):
    pages = sample_pages(article)
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        fresh = ArticlePage(title="Новый сквер у Останкинского пруда", slug="novyi-skver")
        network["zvezdny"].add_child(instance=fresh)
        fresh.tags.add(*article.tags.all()[:1])
        fresh.regions.add(*article.regions.all())
        fresh.save_revision().publish()
    outcomes = reader.assert_fresh(pages | sample_pages(fresh))
    assert "Новый сквер" in call_wsgi(reader.cached_app, "/").text
    assert_still_cached(outcomes, "yugozapad.localhost", ["/"])


def test_moving_an_article_to_another_outlet(
    reader, network, article, django_capture_on_commit_callbacks
):
    pages = sample_pages(article)
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).move(network["yugozapad"], pos="last-child")
    reader.assert_fresh(pages | sample_pages(ArticlePage.objects.get(pk=article.pk)))
    assert call_wsgi(reader.cached_app, "/technopolis-2023/").status == 404
    moved = call_wsgi(reader.cached_app, "/technopolis-2023/", host="yugozapad.localhost")
    assert moved.status == 200


def test_deleting_an_article(reader, article, django_capture_on_commit_callbacks):
    pages = sample_pages(article)
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).delete()
    reader.assert_fresh(pages)
    assert call_wsgi(reader.cached_app, "/technopolis-2023/").status == 404


def test_scheduled_go_live_publishes_and_purges(
    reader, article, django_capture_on_commit_callbacks
):
    pages = sample_pages(article)
    reader.warm(pages)
    article.title = "Технополис: итоги по расписанию"
    revision = article.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    reader.assert_fresh(pages)
    assert "итоги по расписанию" in call_wsgi(reader.cached_app, "/technopolis-2023/").text
    assert revision.pk


def test_editing_an_original_refreshes_its_syndicated_copy(
    reader, network, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        copy = ArticlePage(
            title=article.title, slug="technopolis-copy", lead=article.lead, original=article
        )
        network["zelpanorama"].add_child(instance=copy)
        copy.save_revision().publish()
    pages = sample_pages(article, copy)
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        # What syndication does when the original changes: the copy follows.
        article.lead = "Новый лид оригинала"
        article.save_revision().publish()
        copy.lead = article.lead
        copy.save_revision().publish()
    outcomes = reader.assert_fresh(pages)
    assert outcomes[("zelpanorama.localhost", "/technopolis-copy/")] == "miss"


def test_a_copy_page_is_purged_with_its_original(reader, network, article):
    from vestnik.pagecache.surfaces import pages_showing

    copy = ArticlePage(title="Копия", slug="technopolis-copy-2", original=article)
    network["zelpanorama"].add_child(instance=copy)
    assert ("zelpanorama.localhost", "/technopolis-copy-2/") in pages_showing(article)


def test_adding_and_removing_tags(reader, article, django_capture_on_commit_callbacks):
    added = control_tag()
    removed = article.tags.first()
    pages = sample_pages(article)
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.set([*article.tags.exclude(pk=removed.pk), added])
        article.save_revision().publish()
    reader.assert_fresh(pages)
    assert article.title in call_wsgi(reader.cached_app, f"/tags/{added.slug}/").text
    assert article.title not in call_wsgi(reader.cached_app, f"/tags/{removed.slug}/").text


def test_changing_regions_refreshes_okrug_and_district_listings(
    reader, article, django_capture_on_commit_callbacks
):
    district = (
        Region.objects.get(slug="savelki")
        if Region.objects.filter(slug="savelki").exists()
        else Region.objects.filter(kind="district", parent__slug="zelao").first()
    )
    pages = sample_pages(article) | {
        (host, f"/regions/{slug}/")
        for host in outlet_hosts().values()
        for slug in (district.slug, district.parent.slug)
    }
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        article.regions.set([district])
        article.save_revision().publish()
    reader.assert_fresh(pages)
    okrug = call_wsgi(reader.cached_app, f"/regions/{district.parent.slug}/")
    assert article.title in okrug.text


def test_read_also_pages_follow_the_article_they_list(
    reader, network, article, django_capture_on_commit_callbacks
):
    target = article.related_items.first().target
    listing = ("zvezdny.localhost", "/technopolis-2023/")
    pages = sample_pages(target) | {listing}
    reader.warm(pages)
    target = ArticlePage.objects.get(pk=target.pk)
    target.title = "Заголовок, изменённый после публикации"
    with django_capture_on_commit_callbacks(execute=True):
        target.save_revision().publish()
    outcomes = reader.assert_fresh(pages)
    assert outcomes[listing] == "miss"
    assert target.title in call_wsgi(reader.cached_app, listing[1]).text


def test_editor_choosing_read_also_refreshes_the_page(
    reader, network, article, django_capture_on_commit_callbacks
):
    other = ArticlePage.objects.live().exclude(pk=article.pk).order_by("pk").last()
    pages = sample_pages(article)
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        article.related_items = [RelatedItem(target=other)]
        article.save_revision().publish()
    reader.assert_fresh(pages)
    assert other.title in call_wsgi(reader.cached_app, "/technopolis-2023/").text


def test_computed_read_also_refreshes_the_page(reader, network, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.live().filter(related_items__isnull=True).order_by("pk").first()
    host, path = article.get_url_parts()[1].split("://")[1], article.get_url_parts()[2]
    reader.warm({(host, path)})
    from vestnik.articles.models import ComputedRelated

    with django_capture_on_commit_callbacks(execute=True):
        ComputedRelated.objects.filter(article_id=article.pk).delete()
        store_related(article.pk)
        ComputedRelated.objects.filter(article_id=article.pk, position=0).delete()
        store_related(article.pk)
    assert reader.assert_fresh({(host, path)})[(host, path)] == "miss"


def test_a_database_lost_between_the_commit_and_the_purge_purges_every_page(
    reader, article, django_capture_on_commit_callbacks
):
    """Which pages show the article cannot be read then: rather than leave a stale page for
    the cache's lifetime, every page goes; the editor's request does not fail."""
    from django.db import OperationalError, connection

    pages = {("zvezdny.localhost", "/technopolis-2023/"), ("zelpanorama.localhost", "/")}
    reader.warm(pages)
    article.title = "Технополис: запуск второй очереди"

    def lost_after_commit(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with django_capture_on_commit_callbacks() as callbacks:
        article.save_revision().publish()
    with connection.execute_wrapper(lost_after_commit):
        for callback in callbacks:
            callback()
    assert set(reader.assert_fresh(pages).values()) == {"miss"}
