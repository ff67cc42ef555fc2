"""Tasks for the Redis queue are held in the database in the publish's own transaction and
handed on after its commit; with Redis down they stay held, and the worker hands them on once it
answers. Against a redis-server of the test's own, stopped and started again."""

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rq import Queue

from tests.commands import read, run, running, shell, wait_for
from tests.distribution.test_worker_killed import HEADLINE, prepare
from tests.fakes.telegram import DEFAULT_TOKEN, FakeBotApi
from tests.redis_server import RedisServer
from vestnik.articles.models import ArticlePage
from vestnik.newsroom.held_tasks import release_held
from vestnik.newsroom.models import HeldTask

from .test_redis_queue import MARFINO, publish, use_redis_queue

# `vestnik shell`: Strogino with a Telegram channel and one article published, whose post is
# queued (and only it: the test waits for nothing else); prints the article's id.
PUBLISH_TO_TELEGRAM = prepare("telegram", "@strogino", DEFAULT_TOKEN)


def held_rows(database: Path) -> int:
    row = read(database, "SELECT count(*) FROM newsroom_heldtask")
    return row[0] if row else 0


@pytest.mark.django_db
def test_with_redis_up_the_task_is_handed_on_at_commit_and_nothing_stays_held(
    network, settings, redis_server: RedisServer, django_capture_on_commit_callbacks
):
    use_redis_queue(settings, redis_server.url)
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(network, "marfino-park", *MARFINO)
        assert HeldTask.objects.count() == 1  # written in the publish's own transaction
    assert not HeldTask.objects.exists()
    [job] = Queue("enrichment", connection=redis_server.client()).get_jobs()
    assert list(job.args) == [article.pk]


@pytest.mark.django_db
def test_with_redis_down_the_task_stays_held_until_the_worker_hands_it_on(
    network, settings, redis_server: RedisServer, django_capture_on_commit_callbacks, caplog
):
    use_redis_queue(settings, redis_server.url)
    redis_server.stop()
    with caplog.at_level(logging.WARNING, "vestnik.newsroom"):
        with django_capture_on_commit_callbacks(execute=True):
            article = publish(network, "marfino-park", *MARFINO)
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()
    [held] = HeldTask.objects.all()
    assert (held.task_path, held.args, held.queue_name) == (
        "vestnik.newsroom.tasks.enrich_article_task",
        [article.pk],
        "enrichment",
    )
    [line] = [record for record in caplog.records if record.name.startswith("vestnik.newsroom")]
    assert line.message.startswith("Redis queue does not answer") and not line.exc_info

    settings.VESTNIK_QUEUE_HOLD_GRACE_SECONDS = 60
    assert release_held() == 0  # still down
    redis_server.start()
    assert release_held() == 0  # too young: the web process may be handing it on itself
    settings.VESTNIK_QUEUE_HOLD_GRACE_SECONDS = 0
    assert release_held() == 1
    assert not HeldTask.objects.exists()
    [job] = Queue("enrichment", connection=redis_server.client()).get_jobs()
    assert list(job.args) == [article.pk]


@pytest.mark.django_db
def test_held_tasks_keep_their_queue_time_and_go_oldest_first(
    network, settings, redis_server: RedisServer
):
    use_redis_queue(settings, redis_server.url)
    settings.VESTNIK_QUEUE_HOLD_GRACE_SECONDS = 0
    slot = timezone.now() + timedelta(hours=1)
    path = "vestnik.distribution.tasks.deliver_task"
    for delivery_id in (1, 2):  # the second was held first (by another process, say)
        HeldTask.objects.create(
            task_path=path,
            args=[delivery_id, slot.isoformat()],
            queue_name="distribution",
            run_after=slot,
            created_at=timezone.now() - timedelta(minutes=delivery_id),
        )
    assert release_held() == 2
    queue = Queue("distribution", connection=redis_server.client())
    scheduled = queue.scheduled_job_registry
    jobs = [queue.fetch_job(job_id) for job_id in scheduled.get_job_ids()]
    assert [job.args[0] for job in sorted(jobs, key=lambda job: job.created_at)] == [2, 1]
    assert {scheduled.get_scheduled_time(job) for job in jobs} == {slot.replace(microsecond=0)}


def test_a_post_published_while_redis_was_down_reaches_telegram_once_it_is_back(
    tmp_path: Path, redis_server: RedisServer
):
    """Real processes: the publish in `vestnik shell` while the queue's Redis is stopped, then
    `vestnik worker` once it runs again, nobody touching the held task in between."""
    with FakeBotApi() as api:
        settings = {
            "TELEGRAM_API_URL": api.url,
            "VESTNIK_TASKS_REDIS_URL": redis_server.url,
            "VESTNIK_QUEUE_HOLD_GRACE_SECONDS": "1",
            "VESTNIK_SCHEDULE_TICK": "0.5",
        }
        database = tmp_path / "vestnik.sqlite3"
        run(tmp_path, "migrate", "-v", "0", **settings)
        redis_server.stop()
        page_id = int(shell(tmp_path, PUBLISH_TO_TELEGRAM, **settings))
        assert read(database, "SELECT live FROM wagtailcore_page WHERE id = ?", page_id) == (1,)
        assert held_rows(database) == 1
        assert not api.messages_in("@strogino")

        redis_server.start()
        log = tmp_path / "worker.log"
        with running(tmp_path, log, "worker", **settings):
            [message] = wait_for(
                lambda: api.messages_in("@strogino"), "the post in Telegram", log.read_text
            )
        assert HEADLINE in message.text
        assert held_rows(database) == 0
