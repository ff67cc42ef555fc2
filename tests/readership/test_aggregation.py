"""The worker's sums, «Самое читаемое» read from them, the purge of exactly the pages that show
it, and the counts an outlet's editor sees on the article's edit screen."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.pagecache.conftest import call_wsgi
from vestnik.articles.models import ArticlePage
from vestnik.pagecache.surfaces import pages_showing_most_read
from vestnik.readership.aggregation import aggregate_reads
from vestnik.readership.models import DailyReader, DailyReads
from vestnik.readership.most_read import most_read, most_read_of
from vestnik.readership.spools import Read

from .conftest import BROWSER

pytestmark = pytest.mark.django_db


def reads_of(article: ArticlePage, readers: int, views_each: int = 1) -> list[Read]:
    today = timezone.localdate()
    return [
        Read(today, article.pk, f"reader-{reader}")
        for reader in range(readers)
        for _ in range(views_each)
    ]


def articles_of(outlet, count: int) -> list[ArticlePage]:
    return list(ArticlePage.objects.live().for_outlet(outlet).order_by("pk")[:count])


def test_most_read_ranks_an_outlets_visible_articles_by_readers(network):
    first, second, third = articles_of(network["zvezdny"], 3)
    elsewhere = articles_of(network["zelpanorama"], 1)[0]
    aggregate_reads(
        reads_of(first, readers=2, views_each=5)
        + reads_of(second, readers=3)
        + reads_of(third, readers=1)
        + reads_of(elsewhere, readers=9)
    )
    assert most_read(network["zvezdny"], 1) == [second, first, third]
    assert most_read(network["zvezdny"], 7, limit=2) == [second, first]
    assert DailyReads.objects.get(page=first).views == 10
    second.unpublish()
    assert most_read(network["zvezdny"], 1) == [first, third]


def test_most_read_of_any_set_of_articles_ranks_them_the_same_way(network):
    """The digest's ranking over a queryset (a district's articles, here an outlet's, ordered
    and filtered): readers, then views, then the newer page."""
    first, second, third, fourth = articles_of(network["zvezdny"], 4)
    aggregate_reads(
        reads_of(first, readers=2, views_each=5)
        + reads_of(second, readers=3)
        + reads_of(third, readers=2)
        + reads_of(fourth, readers=2)
    )
    articles = ArticlePage.objects.live().for_outlet(network["zvezdny"]).order_by("title")
    ranked = [second.pk, first.pk, fourth.pk, third.pk]
    assert most_read_of(articles, days=7) == ranked
    assert most_read_of(articles.exclude(pk=second.pk), days=1, limit=2) == ranked[1:3]
    assert most_read_of(articles.none(), days=7) == []


def test_readers_are_counted_once_a_day_across_runs(network):
    article = articles_of(network["zvezdny"], 1)[0]
    aggregate_reads(reads_of(article, readers=2))
    aggregate_reads(reads_of(article, readers=3))
    counted = DailyReads.objects.get(page=article)
    assert (counted.views, counted.readers) == (5, 3)
    assert DailyReader.objects.filter(page_id=article.pk).count() == 3


def test_only_outlets_whose_lists_changed_are_announced(network):
    first, second = articles_of(network["zvezdny"], 2)
    elsewhere = articles_of(network["zelpanorama"], 1)[0]
    run = aggregate_reads(reads_of(first, readers=2) + reads_of(elsewhere, readers=1))
    assert run.changed_outlets == {network["zvezdny"].pk, network["zelpanorama"].pk}
    # More readers for the one already on top: the lists read the same.
    assert aggregate_reads(reads_of(first, readers=4)).changed_outlets == set()
    assert aggregate_reads(reads_of(second, readers=1)).changed_outlets == {network["zvezdny"].pk}
    # A new day moves every outlet's lists, read or not.
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    assert len(aggregate_reads([], previous_day=yesterday).changed_outlets) >= 3


def test_a_change_purges_the_outlets_home_and_nothing_else(
    counted_app, network, django_capture_on_commit_callbacks
):
    article = articles_of(network["zvezdny"], 1)[0]
    path = article.get_url_parts()[2]
    pages = [
        ("zvezdny.localhost", "/"),
        ("zvezdny.localhost", path),
        ("zelpanorama.localhost", "/"),
    ]
    for host, page in pages * 2:
        call_wsgi(counted_app, page, host=host, USER_AGENT="SomeBot/1.0 (+bot)")
    assert pages_showing_most_read({network["zvezdny"].pk}) == {("zvezdny.localhost", "/")}
    with django_capture_on_commit_callbacks(execute=True):
        aggregate_reads(reads_of(article, readers=2))
    outcomes = [call_wsgi(counted_app, page, host=host).cache for host, page in pages]
    assert outcomes == ["miss", "hit", "hit"]
    home = call_wsgi(counted_app, "/", host="zvezdny.localhost").text
    assert "Самое читаемое за день" in home and "Самое читаемое за неделю" in home
    day = home.partition("Самое читаемое за день")[2].partition("</ol>")[0]
    assert f'href="{path}"' in day


def test_the_home_shows_no_block_before_anything_is_read(counted_app, network):
    home = call_wsgi(counted_app, "/", host="zvezdny.localhost", USER_AGENT=BROWSER).text
    assert "Самое читаемое" not in home


def test_an_outlet_editor_sees_the_articles_reads_on_its_edit_screen(network):
    article = articles_of(network["zvezdny"], 1)[0]
    aggregate_reads(reads_of(article, readers=3, views_each=2))
    old = timezone.localdate() - timezone.timedelta(days=30)
    DailyReads.objects.create(page=article, day=old, views=10, readers=4)
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="editor-zvezdny"))
    screen = editor.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    panel = screen.partition('data-element="reads"')[2].partition("</table>")[0]
    assert "За 7 дней" in panel and "Всего" in panel
    assert '<th scope="row">Просмотры</th><td>6</td><td>16</td>' in panel
    assert '<th scope="row">Читатели</th><td>3</td><td>7</td>' in panel
