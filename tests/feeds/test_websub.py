"""WebSub pings, as production sends them: a publish queues them, `vestnik worker` (the same
command, with ``--batch``) posts them to a hub on loopback (``tests.fakes.websub``), which
keeps what it was told."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageViewRestriction

from tests.fakes.websub import FakeHub, running_hub
from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.outlets.models import Section
from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db

HOME = "http://zvezdny.localhost"
PING_TASK = "vestnik.feeds.websub.ping_hub_task"


@pytest.fixture
def hub(settings, run_worker):  # type: ignore[no-untyped-def]
    run_worker()  # whatever earlier publishes left queued is not this test's
    with running_hub() as hub:
        settings.VESTNIK_WEBSUB_HUB_URL = hub.url
        yield hub


def publish_in_marfino(network) -> ArticlePage:  # type: ignore[no-untyped-def]
    """«Сирень в Марфине», about Марфино, tagged «озеленение», in the outlet's first section."""
    article, _ = upsert_article(
        network["zvezdny"],
        ArticleSpec(
            slug="siren-v-marfine",
            headline="Во дворах Марфина высадили сирень",
            published_at=timezone.now() - timedelta(minutes=5),
            lead="Жители выбрали сорта сами.",
            paragraphs=("Сто кустов сирени высадили у домов на Ботанической улице.",),
            regions=(Region.objects.get(slug="marfino"),),
            tags=(("озеленение", "topic"),),
        ),
    )
    return ArticlePage.objects.get(pk=article.pk)


def expected_feeds(article: ArticlePage, section: Section | None) -> list[str]:
    marfino = Region.objects.get(slug="marfino")
    okrug, city = marfino.parent, marfino.parent.parent
    tag = article.tags.get()
    paths = ["/rss/", "/atom/", "/rss/dzen/", "/rss/yandex/", f"/tags/{tag.slug}/rss/"]
    if section is not None:
        paths += [f"/rubrics/{section.slug}/{kind}/" for kind in ("rss", "atom")]
        paths += [f"/rubrics/{section.slug}/rss/{kind}/" for kind in ("dzen", "yandex")]
    for region in (marfino, okrug, city):
        paths += [f"/regions/{region.slug}/rss/{kind}" for kind in ("", "dzen/", "yandex/")]
    return sorted(HOME + path for path in paths)


def test_a_publish_pings_the_hub_once_for_every_feed_that_shows_the_article(
    network, hub: FakeHub, run_worker
):
    section = Section.objects.filter(outlet=network["zvezdny"]).order_by("pk").first()
    article = publish_in_marfino(network)
    run_worker()
    assert sorted(hub.pings) == expected_feeds(article, None)

    hub.pings.clear()
    article.section = section
    article.save_revision().publish()  # an edit: filed under a section
    run_worker()
    assert sorted(hub.pings) == expected_feeds(article, section)

    hub.pings.clear()
    article.unpublish()
    run_worker()
    assert sorted(hub.pings) == expected_feeds(article, section)


def test_pings_the_hub_refused_are_sent_again_until_taken(
    network, hub: FakeHub, run_worker, settings
):
    settings.VESTNIK_WEBSUB_RETRY_SECONDS = 0  # due at once, so one batch run retries
    hub.failures = 3
    article = publish_in_marfino(network)
    run_worker()
    assert hub.refused == 3
    assert sorted(hub.pings) == expected_feeds(article, None)  # each taken exactly once


def test_a_publish_goes_through_with_the_hub_down_and_gives_up_after_its_attempts(
    network, run_worker, settings
):
    with running_hub() as gone:
        settings.VESTNIK_WEBSUB_HUB_URL = gone.url  # nothing listens there once it stops
    settings.VESTNIK_WEBSUB_RETRY_SECONDS = 0
    settings.VESTNIK_WEBSUB_MAX_ATTEMPTS = 2
    article = publish_in_marfino(network)
    assert article.live
    run_worker()
    pings = DBTaskResult.objects.filter(task_path=PING_TASK)
    assert pings.count() == 2  # the first attempt and one retry, then no more
    assert all(result.status == "SUCCESSFUL" for result in pings)


def test_restricted_article_and_no_hub_queue_no_pings(network, hub: FakeHub, run_worker, settings):
    outlet = network["zvezdny"]
    PageViewRestriction.objects.create(page=outlet, restriction_type=PageViewRestriction.LOGIN)
    publish_in_marfino(network)
    run_worker()
    assert hub.pings == []

    PageViewRestriction.objects.filter(page=outlet).delete()
    settings.VESTNIK_WEBSUB_HUB_URL = ""
    before = DBTaskResult.objects.filter(task_path=PING_TASK).count()
    article = ArticlePage.objects.get(slug="siren-v-marfine")
    article.save_revision().publish()
    assert DBTaskResult.objects.filter(task_path=PING_TASK).count() == before
