"""The home page and section pages through the real WSGI stack with the cache on: purged
exactly when a pin, a section or a story in them changes, and kept otherwise.

The memory store is enough here: which pages a change names does not depend on the store
(test_invalidation.py runs the same machinery against Redis)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vestnik.articles.front_admin import save_pins
from vestnik.articles.models import ArticlePage, FrontPin
from vestnik.articles.schedule import run_schedule
from vestnik.pagecache.surfaces import pages_showing

from .conftest import call_wsgi

pytestmark = pytest.mark.django_db

ZVEZDNY, YUGOZAPAD = "zvezdny.localhost", "yugozapad.localhost"
SECTION_PAGES = [
    "/rubrics/gorod/",
    "/rubrics/gorod/rss/",
    "/rubrics/afisha/",
    "/rubrics/afisha/atom/",
]


class Reader:
    def __init__(self, cached_app, django_app):
        self.cached_app, self.django_app = cached_app, django_app

    def warm(self, pages):
        for host, path in pages:
            call_wsgi(self.cached_app, path, host=host)
        for host, path in pages:
            assert call_wsgi(self.cached_app, path, host=host).cache == "hit", (host, path)

    def outcomes(self, pages) -> dict[tuple[str, str], str]:
        """How each page is answered now; each must equal a fresh render by Django."""
        answered = {}
        for host, path in sorted(pages):
            cached = call_wsgi(self.cached_app, path, host=host)
            fresh = call_wsgi(self.django_app, path, host=host)
            assert cached.body == fresh.body, f"stale: {host}{path}"
            answered[(host, path)] = cached.cache
        return answered


@pytest.fixture
def page_store(memory_page_store):
    """The in-process store alone: these tests are about surfaces, not stores."""
    return memory_page_store


@pytest.fixture
def reader(cached_app, django_app):
    return Reader(cached_app, django_app)


@pytest.fixture
def pages(network):
    control = ArticlePage.objects.live().for_outlet(network["zvezdny"]).filter(section=None)
    control_path = control.first().get_url_parts()[2]
    return {
        (ZVEZDNY, "/"),
        (YUGOZAPAD, "/"),
        (ZVEZDNY, control_path),
        (YUGOZAPAD, "/rubrics/dosug/"),
        *((ZVEZDNY, path) for path in SECTION_PAGES),
    }


def test_an_article_moved_between_sections_purges_both_and_the_home_only(
    reader, network, pages, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.get(slug="otradnoe-electrobuses")
    assert article.section.slug == "gorod"
    reader.warm(pages)
    article.section = network["zvezdny"].sections.get(slug="afisha")
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    outcomes = reader.outcomes(pages)
    assert {path for (host, path), how in outcomes.items() if how == "miss"} == {
        "/",
        *SECTION_PAGES,
    }
    assert outcomes[(YUGOZAPAD, "/")] == "hit"
    afisha = call_wsgi(reader.cached_app, "/rubrics/afisha/", host=ZVEZDNY).text
    assert article.title in afisha
    assert article.title not in call_wsgi(reader.cached_app, "/rubrics/gorod/", host=ZVEZDNY).text


def test_an_unpublished_article_leaves_its_section_page(
    reader, network, pages, django_capture_on_commit_callbacks
):
    article = ArticlePage.objects.get(slug="sviblovo-ice-rink")
    assert article.section.slug == "afisha"
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    outcomes = reader.outcomes(pages)
    assert outcomes[(ZVEZDNY, "/rubrics/afisha/")] == "miss"
    assert outcomes[(ZVEZDNY, "/rubrics/gorod/")] == "hit"
    assert article.title not in call_wsgi(reader.cached_app, "/rubrics/afisha/", host=ZVEZDNY).text


def test_a_section_article_names_its_section_pages(network):
    article = ArticlePage.objects.get(slug="sviblovo-ice-rink")
    named = {path for host, path in pages_showing(article) if host == ZVEZDNY}
    assert {"/rubrics/afisha/", "/rubrics/afisha/rss/", "/rubrics/afisha/atom/"} <= named
    assert "/rubrics/gorod/" not in named


def test_pinning_a_story_purges_its_outlets_home_alone(
    reader, network, pages, django_capture_on_commit_callbacks
):
    outlet = network["zvezdny"]
    story = ArticlePage.objects.get(slug="lianozovo-new-workshop")
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        save_pins(outlet, [{"article": story, "unpin_at": None}])
    outcomes = reader.outcomes(pages)
    assert {key for key, how in outcomes.items() if how == "miss"} == {(ZVEZDNY, "/")}
    home = call_wsgi(reader.cached_app, "/", host=ZVEZDNY).text
    lead = home[home.index('data-element="lead"') : home.index("</article>")]
    assert story.title in lead


def test_a_pin_past_its_time_is_unpinned_by_the_schedule_and_the_home_purged(
    reader, network, pages, django_capture_on_commit_callbacks
):
    lead = FrontPin.objects.filter(outlet=network["zvezdny"]).order_by("position").first()
    FrontPin.objects.filter(pk=lead.pk).update(unpin_at=timezone.now() + timedelta(hours=1))
    reader.warm(pages)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_schedule(timezone.now() + timedelta(hours=2)).unpinned == 1
    outcomes = reader.outcomes(pages)
    assert {key for key, how in outcomes.items() if how == "miss"} == {(ZVEZDNY, "/")}
