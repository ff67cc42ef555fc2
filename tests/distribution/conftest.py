"""Channels of the demo outlets, and the worker's distribution queue run in this process."""

from collections.abc import Callable
from datetime import datetime

import pytest
from django.utils import timezone

from tests.fakes.telegram import FakeBotApi
from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.distribution.models import Channel
from vestnik.newsroom.worker import PatientWorker, new_worker_id

TOKEN = "123456:секретный-токен"


def make_channel(  # type: ignore[no-untyped-def]
    outlet, network: str = "telegram", target: str = "@zvezdny", token: str = TOKEN, **fields
) -> Channel:
    channel = Channel(
        outlet=outlet, network=network, name=f"{outlet.title} {network}", target=target, **fields
    )
    channel.set_token(token)
    channel.save()
    return channel


def publish_article(outlet, slug: str, headline: str, lead: str = "Лид статьи.") -> ArticlePage:  # type: ignore[no-untyped-def]
    article, _ = upsert_article(
        outlet,
        ArticleSpec(
            slug=slug,
            headline=headline,
            lead=lead,
            published_at=timezone.make_aware(datetime(2024, 5, 1, 10, 0)),
            paragraphs=("Жители района выбрали проект нового сквера.",),
        ),
    )
    return article


@pytest.fixture
def bot_api(settings):  # type: ignore[no-untyped-def]
    """The fake Bot API on loopback, the Telegram client pointed at it; pacing loose enough that
    every queued job is due at once (the pacing has its own tests)."""
    with FakeBotApi() as api:
        settings.TELEGRAM_API_URL = api.url
        settings.VESTNIK_TELEGRAM_PER_MINUTE = 60_000
        yield api


@pytest.fixture
def run_distribution() -> Callable[[], None]:
    """What `vestnik worker` does with the distribution queue: every job due now, then stop."""

    def run() -> None:
        PatientWorker(
            queue_names=["distribution"],
            interval=0,
            batch=True,
            backend_name="enrichment",
            startup_delay=False,
            max_tasks=None,
            worker_id=new_worker_id(),
            excluded_queue_names=[],
        ).run()

    return run
