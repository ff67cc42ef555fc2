"""Publishing an article queues its delivery to each active channel of its outlet, and never
fails the publish whatever happens to the queue."""

import pytest
import redis
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.fakes.telegram import DEFAULT_TOKEN
from vestnik.articles.models import ArticlePage
from vestnik.distribution.models import Delivery
from vestnik.distribution.posts import fingerprint
from vestnik.newsroom.models import HeldTask
from vestnik.newsroom.signals import enrichment_held
from vestnik.settings.base import redis_queue_settings

from .conftest import make_channel, publish_article

pytestmark = pytest.mark.django_db

HEADLINE = "В Звёздном откроют новый сквер"
REDIS_URL = "redis://127.0.0.1:6379/8"


def distribution_jobs() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(queue_name="distribution").order_by("run_after"))


def test_publishing_queues_one_delivery_per_active_channel_of_the_outlet(network):
    telegram = make_channel(network["zvezdny"])
    vk = make_channel(network["zvezdny"], network="vk", target="1234")
    make_channel(network["zvezdny"], target="@old", active=False)
    make_channel(network["zelpanorama"], target="@zelpanorama")

    article = publish_article(network["zvezdny"], "skver", HEADLINE)

    deliveries = Delivery.objects.filter(page_id=article.pk)
    assert {(d.channel_id, d.state) for d in deliveries} == {
        (telegram.pk, "queued"),
        (vk.pk, "queued"),
    }
    assert len(distribution_jobs()) == 2


def test_jobs_of_one_channel_are_spaced_by_the_rate_limit(network, settings):
    settings.VESTNIK_TELEGRAM_PER_MINUTE = 20
    make_channel(network["zvezdny"])
    for number in range(3):
        publish_article(network["zvezdny"], f"news-{number}", f"Новость номер {number}")
    times = [job.run_after for job in distribution_jobs()]
    assert [later - earlier for earlier, later in zip(times, times[1:], strict=False)] == [
        times[1] - times[0]
    ] * 2
    # a minute and the lateness a job may have, over the limit: never 21 in any 60 s
    assert (times[1] - times[0]).total_seconds() == 3.25


def test_an_unchanged_republish_queues_nothing(network):
    make_channel(network["zvezdny"])
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    Delivery.objects.update(state="sent", sent_hash=fingerprint(article), remote_id="5")
    DBTaskResult.objects.all().delete()

    article.save_revision().publish()
    assert distribution_jobs() == []

    article.title = "В Звёздном откроют сквер у пруда"
    article.save_revision().publish()
    assert len(distribution_jobs()) == 1


def test_an_article_kept_off_social_networks_gets_no_delivery(network):
    make_channel(network["zvezdny"])
    article = ArticlePage(title=HEADLINE, slug="skver", social_off=True)
    network["zvezdny"].add_child(instance=article)
    article.save_revision().publish()
    assert not Delivery.objects.exists()


def test_the_social_fields_are_part_of_the_revision(network):
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    article.social_text = "Свой текст для Telegram"
    article.social_off = True
    article.save_revision()  # a draft: the published article is as it was
    assert ArticlePage.objects.get(pk=article.pk).social_text == ""
    article.get_latest_revision().publish()
    published = ArticlePage.objects.get(pk=article.pk)
    assert (published.social_text, published.social_off) == ("Свой текст для Telegram", True)


def test_unpublishing_and_deleting_queue_the_posts_removal(network):
    make_channel(network["zvezdny"])
    article = publish_article(network["zvezdny"], "skver", HEADLINE)
    Delivery.objects.update(state="sent", remote_id="5")
    DBTaskResult.objects.all().delete()

    article.unpublish()
    assert len(distribution_jobs()) == 1
    article.delete()
    assert len(distribution_jobs()) == 2
    assert Delivery.objects.get().remote_id == "5"  # kept to delete the post


def test_publishing_with_the_queue_down_is_logged_held_and_never_fails(
    network, settings, django_capture_on_commit_callbacks, caplog
):
    backend, queues = redis_queue_settings("redis://127.0.0.1:9/7")  # nothing listens there
    settings.TASKS = {**settings.TASKS, "enrichment": backend}
    settings.RQ_QUEUES = queues
    make_channel(network["zvezdny"])
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(network["zvezdny"], "skver", HEADLINE)
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()
    assert any(
        "deliver_task" in record.getMessage() and not record.exc_info for record in caplog.records
    )
    # held for the worker to hand on once Redis answers (tests/newsroom/test_held_tasks.py)
    [held] = HeldTask.objects.filter(queue_name="distribution")
    assert held.task_path == "vestnik.distribution.tasks.deliver_task"


def test_with_the_queue_in_redis_the_worker_sends_the_post(
    network, settings, bot_api, django_capture_on_commit_callbacks
):
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis is not answering at {REDIS_URL} ({error})")
    connection.flushdb()
    backend, queues = redis_queue_settings(REDIS_URL)
    settings.VESTNIK_TASKS_REDIS_URL = REDIS_URL
    settings.TASKS = {**settings.TASKS, "enrichment": backend}
    settings.RQ_QUEUES = queues
    make_channel(network["zvezdny"], token=DEFAULT_TOKEN)
    try:
        with django_capture_on_commit_callbacks(execute=True), enrichment_held():
            article = publish_article(network["zvezdny"], "skver", HEADLINE)
        assert not distribution_jobs()  # in Redis, not in the database
        call_command("worker", batch=True, verbosity=0)
        [message] = bot_api.messages_in("@zvezdny")
        assert HEADLINE in message.text
        assert Delivery.objects.get(page_id=article.pk).state == "sent"
    finally:
        connection.flushdb()
        connection.close()
