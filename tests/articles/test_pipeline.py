"""The articles' pipeline: the steps the apps register, and the order a change runs them in."""

from collections.abc import Callable

import pytest
from django.utils.timezone import now

from vestnik.articles import pipeline
from vestnik.articles.models import ArticlePage
from vestnik.articles.pipeline import Change, Event, Stage, Step
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.outlets.models import OutletHomePage

pytestmark = pytest.mark.django_db


def name(step: Callable[..., object]) -> str:
    return f"{step.__module__.removeprefix('vestnik.')}.{step.__name__}"


def registered(event: Event) -> list[tuple[Stage, str]]:
    return [(stage, name(step)) for stage, step in pipeline.steps(event)]


# What each event runs, stage by stage, with the real apps installed.
EXPECTED: list[tuple[Event, list[tuple[Stage, str]]]] = [
    (
        Event.PUBLISH,
        [
            (Stage.SYNDICATE, "newsroom.syndication_signals.carry_edits_to_copies"),
            (Stage.INDEX, "search.signals.index_published"),
            (Stage.ENQUEUE, "newsroom.signals.enrich_published"),
            (Stage.ENQUEUE, "feeds.websub.ping_feeds"),
            (Stage.ENQUEUE, "distribution.steps.queue_deliveries"),
            (Stage.PURGE, "pagecache.invalidation.after_article_change"),
        ],
    ),
    (
        Event.UNPUBLISH,
        [
            (Stage.SYNDICATE, "newsroom.syndication_signals.withdraw_copies_with_original"),
            (Stage.INDEX, "search.signals.unindex_unpublished"),
            (Stage.ENQUEUE, "newsroom.signals.withdraw"),
            (Stage.ENQUEUE, "feeds.websub.ping_feeds"),
            (Stage.ENQUEUE, "distribution.steps.queue_deliveries"),
            (Stage.PURGE, "pagecache.invalidation.after_article_change"),
        ],
    ),
    (Event.BEFORE_SAVE, [(Stage.PURGE, "pagecache.invalidation.before_article_save")]),
    (Event.SAVE, [(Stage.PURGE, "pagecache.invalidation.after_article_save")]),
    (Event.BEFORE_MOVE, [(Stage.PURGE, "pagecache.invalidation.before_article_change")]),
    (
        Event.MOVE,
        [
            (Stage.INDEX, "search.signals.reindex_moved_article"),
            (Stage.PURGE, "pagecache.invalidation.after_article_change"),
        ],
    ),
    (
        Event.BEFORE_DELETE,
        [
            (Stage.SYNDICATE, "newsroom.syndication_signals.withdraw_copies_with_original"),
            (Stage.INDEX, "search.signals.remember_copies"),
            (Stage.ENQUEUE, "distribution.steps.queue_deliveries"),
            (Stage.PURGE, "pagecache.invalidation.before_article_change"),
        ],
    ),
    (
        Event.DELETE,
        [
            (Stage.INDEX, "search.signals.unindex_deleted"),
            (Stage.ENQUEUE, "newsroom.signals.withdraw"),
            (Stage.PURGE, "pagecache.invalidation.after_article_change"),
        ],
    ),
]


def test_every_event_has_its_expected_steps():
    assert {event for event, _ in EXPECTED} == set(Event)


@pytest.mark.parametrize(("event", "expected"), EXPECTED, ids=[e.value for e, _ in EXPECTED])
def test_apps_register_their_steps_into_their_stages(event, expected):
    assert registered(event) == expected


def test_registering_a_step_again_is_a_no_op(monkeypatch):
    monkeypatch.setattr(pipeline, "_registry", [])
    for _ in range(2):
        pipeline.register(Stage.INDEX, on={Event.PUBLISH}, step=name_step)
    assert registered(Event.PUBLISH) == [(Stage.INDEX, "tests.articles.test_pipeline.name_step")]


def name_step(change: Change) -> None:
    """A step that does nothing."""


@pytest.fixture
def journal(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Event, Stage, str]]:
    """Every real step, recorded as it runs; registered anew with the last stage first, so the
    order a change runs them in comes from the stages, not from who registered first."""
    calls: list[tuple[Event, Stage, str]] = []

    def recording(stage: Stage, step: Step) -> Step:
        def record(change: Change) -> None:
            calls.append((change.event, stage, name(step)))
            step(change)

        return record

    real = list(pipeline._registry)
    monkeypatch.setattr(pipeline, "_registry", [])
    for stage in reversed(Stage):
        for entry in real:
            if entry.stage is stage:
                pipeline.register(stage, on=entry.events, step=recording(stage, entry.step))
    return calls


def of(calls: list[tuple[Event, Stage, str]], event: Event) -> list[tuple[Stage, str]]:
    return [(stage, step) for happened, stage, step in calls if happened is event]


def published(outlet: OutletHomePage) -> ArticlePage:
    spec = ArticleSpec(slug="klyony", headline="На Бибиревской высадили клёны", published_at=now())
    return upsert_article(outlet, spec)[0]


def test_publishing_runs_syndication_index_enqueue_then_purge(network, journal):
    article = published(network["zvezdny"])
    assert of(journal, Event.PUBLISH) == dict(EXPECTED)[Event.PUBLISH]
    # The page was saved before it was published: the cache read its pages first.
    events = [event for event, _, _ in journal]
    assert events.index(Event.BEFORE_SAVE) < events.index(Event.PUBLISH)

    journal.clear()
    article.save_revision().publish()  # an edit: a new revision published
    assert of(journal, Event.PUBLISH) == dict(EXPECTED)[Event.PUBLISH]


@pytest.mark.parametrize("event", [Event.UNPUBLISH, Event.MOVE, Event.DELETE])
def test_withdrawing_moving_and_deleting_run_their_stages_in_order(network, journal, event):
    article = published(network["zvezdny"])
    journal.clear()
    if event is Event.UNPUBLISH:
        article.unpublish()
    elif event is Event.MOVE:
        ArticlePage.objects.get(pk=article.pk).move(network["zelpanorama"], pos="last-child")
    else:
        ArticlePage.objects.get(pk=article.pk).delete()
    assert of(journal, event) == dict(EXPECTED)[event]
    before = {Event.MOVE: Event.BEFORE_MOVE, Event.DELETE: Event.BEFORE_DELETE}.get(event)
    if before is not None:
        assert of(journal, before) == dict(EXPECTED)[before]
