"""Enrichment queued in Redis (VESTNIK_TASKS_REDIS_URL): the web process only queues, `vestnik
worker --batch` runs RQ's worker with its scheduler, retries wait in Redis until they are due,
and a Redis that is down never stops a publish.

Uses Redis database 7 at 127.0.0.1:6379, flushed around each test. Without a Redis there the
tests that need one are skipped, unless VESTNIK_REQUIRE_REDIS=1 (CI) makes that a failure.
"""

import os
import signal
import socket
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
import redis
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from rq import Queue
from rq.registry import FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry

from vestnik.articles.models import ArticlePage
from vestnik.articles.upsert import ArticleSpec, upsert_article
from vestnik.newsroom.models import HeldTask
from vestnik.settings.base import redis_queue_settings

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/7"


def moscow(*parts: int) -> datetime:
    return timezone.make_aware(datetime(*parts))


def use_redis_queue(settings, url: str) -> None:  # type: ignore[no-untyped-def]
    """What VESTNIK_TASKS_REDIS_URL=url does to the settings."""
    backend, queues = redis_queue_settings(url)
    settings.VESTNIK_TASKS_REDIS_URL = url
    settings.TASKS = {**settings.TASKS, "enrichment": backend}
    settings.RQ_QUEUES = queues


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_queue(settings):  # type: ignore[no-untyped-def]
    """The enrichment queue in Redis database 7, empty; the RQ queue object to inspect it."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError as error:
        message = f"Redis is not answering at {REDIS_URL} ({error})"
        if os.environ.get("VESTNIK_REQUIRE_REDIS") == "1":
            pytest.fail(f"{message}, and VESTNIK_REQUIRE_REDIS=1 requires it")
        pytest.skip(message)
    connection.flushdb()
    use_redis_queue(settings, REDIS_URL)
    yield Queue("enrichment", connection=connection)
    connection.flushdb()
    connection.close()


def publish(network, slug: str, headline: str, paragraph: str) -> ArticlePage:  # type: ignore[no-untyped-def]
    article, _ = upsert_article(
        network["zvezdny"],
        ArticleSpec(
            slug=slug,
            headline=headline,
            published_at=moscow(2024, 5, 1, 10, 0),
            paragraphs=(paragraph,),
        ),
    )
    return article


MARFINO = (
    "В Марфине благоустроят парк",
    "Жители Марфина выбрали проект нового сквера у станции метро «Владыкино».",
)


def test_publishing_queues_enrichment_in_redis_once_committed_and_does_not_run_it(
    network, redis_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = publish(network, "marfino-park", *MARFINO)
        # inside the publish's transaction nothing is in Redis yet
        assert redis_queue.count == 0
    assert callbacks
    jobs = redis_queue.get_jobs()
    assert [list(job.args) for job in jobs] == [[article.pk]]
    assert jobs[0].func_name == "vestnik.newsroom.tasks.enrich_article_task"
    assert not article.suggestions.exists()
    assert not DBTaskResult.objects.filter(args_kwargs__args__0=article.pk).exists()


def test_worker_batch_runs_what_redis_holds_and_suggestions_appear(
    network, redis_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(network, "marfino-park", *MARFINO)
    interrupt = signal.getsignal(signal.SIGINT)
    call_command("worker", batch=True, verbosity=0)
    assert article.suggestions.filter(kind="region", name="Марфино").exists()
    assert signal.getsignal(signal.SIGINT) is interrupt  # RQ's shutdown handler is gone again
    assert redis_queue.count == 0 and FailedJobRegistry(queue=redis_queue).count == 0
    # the enrichment, then the neighbours' «Читайте также» it queued, in the same run
    finished = FinishedJobRegistry(queue=redis_queue).get_job_ids()
    assert {redis_queue.fetch_job(job_id).func_name.rpartition(".")[2] for job_id in finished} == {
        "enrich_article_task",
        "refresh_related_task",
    }


def test_a_job_queued_before_the_newsroom_app_still_runs(
    network, redis_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(network, "marfino-park", *MARFINO)
    [job] = redis_queue.get_jobs()
    assert list(job.args) == [article.pk]  # read before renaming, or RQ saves the job without
    job.func_name = "vestnik.articles.tasks.enrich_article_task"  # where the task used to live
    job.save()
    call_command("worker", batch=True, verbosity=0)
    assert article.suggestions.filter(kind="region", name="Марфино").exists()
    assert FailedJobRegistry(queue=redis_queue).count == 0


def test_failed_enrichment_waits_in_redis_until_its_retry_is_due(
    network, redis_queue, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("модель недоступна")

    with monkeypatch.context() as patch:
        patch.setattr("vestnik.newsroom.tasks.suggest_for_article", broken)
        with django_capture_on_commit_callbacks(execute=True):
            article = publish(network, "marfino-park", *MARFINO)
        assert ArticlePage.objects.live().filter(pk=article.pk).exists()

        call_command("worker", batch=True, verbosity=0)
        assert FailedJobRegistry(queue=redis_queue).count == 1
        scheduled = ScheduledJobRegistry(queue=redis_queue)
        [retry_id] = scheduled.get_job_ids()
        retry = redis_queue.fetch_job(retry_id)
        assert list(retry.args) == [article.pk, False, 2]
        assert scheduled.get_scheduled_time(retry) > timezone.now()

        # not due yet: a second run leaves it waiting
        call_command("worker", batch=True, verbosity=0)
        assert scheduled.get_job_ids() == [retry_id]
        assert not article.suggestions.exists()

    # the model is back and the delay has passed: the scheduler hands the retry to the worker
    scheduled.schedule(retry, timezone.now() - timedelta(seconds=1))
    call_command("worker", batch=True, verbosity=0)
    assert scheduled.count == 0
    assert article.suggestions.filter(kind="region", name="Марфино").exists()


@task(backend="enrichment", queue_name="enrichment")
def schedule_a_second_job_now() -> None:
    """A job that, as a late delivery does, queues work due at once while the batch runs."""
    mark_second_job_done.using(run_after=timezone.now()).enqueue()


@task(backend="enrichment", queue_name="enrichment")
def mark_second_job_done() -> None:
    with redis.Redis.from_url(REDIS_URL) as connection:
        connection.set("second-job", "done")


def test_a_batch_takes_the_jobs_that_fall_due_while_it_runs(network, redis_queue):
    schedule_a_second_job_now.enqueue()
    call_command("worker", batch=True, verbosity=0)
    assert redis_queue.connection.get("second-job") == b"done"


def test_publishing_with_redis_down_is_logged_in_one_line_and_never_fails(
    network, settings, django_capture_on_commit_callbacks, caplog
):
    use_redis_queue(settings, f"redis://127.0.0.1:{closed_port()}/7")
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(network, "marfino-park", *MARFINO)
    assert ArticlePage.objects.live().filter(pk=article.pk).exists()
    assert any(
        record.message.startswith("Redis queue does not answer") and not record.exc_info
        for record in caplog.records
    )
    # held for the worker (tests/newsroom/test_held_tasks.py)
    assert HeldTask.objects.filter(args=[article.pk]).exists()


def test_worker_refuses_to_start_when_redis_is_down(network, settings):
    use_redis_queue(settings, f"redis://127.0.0.1:{closed_port()}/7")
    with pytest.raises(CommandError, match="Очередь Redis не отвечает"):
        call_command("worker", batch=True, verbosity=0)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/7",  # not a Redis scheme
        "redis://127.0.0.1:порт/7",  # no port number
    ],
)
def test_worker_refuses_a_malformed_redis_url(network, settings, url):
    use_redis_queue(settings, url)
    with pytest.raises(CommandError, match="не адрес Redis"):
        call_command("worker", batch=True, verbosity=0)


def test_malformed_redis_url_is_a_system_check_error_naming_the_setting(settings):
    """Every command (serve, migrate, worker) stops on it with this line, not a traceback."""
    use_redis_queue(settings, "http://127.0.0.1:6379/7")
    with pytest.raises(SystemCheckError, match=r"vestnik\.E001.*VESTNIK_TASKS_REDIS_URL"):
        call_command("check")


def test_password_never_shows_in_the_worker_error(network, settings):
    use_redis_queue(settings, f"redis://:s3cret@127.0.0.1:{closed_port()}/7")
    with pytest.raises(CommandError) as raised:
        call_command("worker", batch=True, verbosity=0)
    assert "s3cret" not in str(raised.value) and ":***@" in str(raised.value)


def test_vestnik_worker_with_redis_down_prints_one_line_and_exits_non_zero(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "VESTNIK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/worker.sqlite3",
        "SECRET_KEY": "test",
        "VESTNIK_TASKS_REDIS_URL": f"redis://127.0.0.1:{closed_port()}/7",
    }
    result = subprocess.run(
        [sys.executable, "-m", "vestnik.cli", "worker", "--batch"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "Очередь Redis не отвечает" in result.stderr
    assert "Traceback" not in result.stderr
