"""`vestnik worker` against a database another process keeps locked, and after a worker that
was killed mid-job: it waits, then does everything, and no job is lost.

The worker runs as a real process on its own SQLite database; the test holds SQLite's write
lock from its own connection until the worker's log says it met the lock, then lets go.
"""

import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from vestnik.articles.tasks import refresh_related_task

WAIT_LIMIT = 120.0  # seconds: only a safety net for a hung worker, never a pause

PREPARE = """
from datetime import timedelta
from django.utils import timezone
from vestnik.articles.models import ArticlePage
from vestnik.articles.tasks import refresh_related_task
from vestnik.outlets.factories import create_outlet
from vestnik.regions.models import Region
outlet = create_outlet(slug='strogino', name='Строгино', region=Region.objects.lookup('Строгино'),
                       hostname='strogino.localhost')
article = ArticlePage(title='В Строгине откроют каток', slug='katok', lead='У пруда.', live=False)
outlet.add_child(instance=article)
article.go_live_at = timezone.now() + timedelta(seconds=1)
article.save_revision().publish()
print(refresh_related_task.enqueue(article.pk).id.replace('-', ''))
"""

QUEUE_JOB = """
from vestnik.articles.models import ArticlePage
from vestnik.articles.tasks import refresh_related_task
print(refresh_related_task.enqueue(ArticlePage.objects.get(slug='katok').pk).id.replace('-', ''))
"""


def environment(var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT")
        and not key.startswith("VESTNIK_")
    }
    env.update(VESTNIK_VAR_DIR=str(var_dir), VESTNIK_SCHEDULE_TICK="1", PYTHONUNBUFFERED="1")
    return env


def vestnik(var_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "vestnik.cli", *args],
        env=environment(var_dir),
        capture_output=True,
        text=True,
        timeout=WAIT_LIMIT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().rpartition("\n")[2]


def wait_for(condition, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_LIMIT
    while not (value := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}", pytrace=False)
        time.sleep(0.2)
    return value


def read(database: Path, sql: str, *params: object) -> tuple:  # type: ignore[type-arg]
    with sqlite3.connect(database) as connection:
        row = connection.execute(sql, params).fetchone()
    connection.close()
    return row


def job_done(database: Path, job: str) -> bool:
    (status,) = read(
        database, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id=?", job
    )
    return status == "SUCCESSFUL"


def test_the_worker_waits_out_a_locked_database_and_then_does_its_jobs(tmp_path: Path):
    vestnik(tmp_path, "migrate", "-v", "0")
    job = vestnik(tmp_path, "shell", "-c", PREPARE)
    database = tmp_path / "vestnik.sqlite3"
    log = tmp_path / "worker.log"

    lock = sqlite3.connect(database, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # SQLite's one write lock, held by the test
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "vestnik.cli", "worker"],
            env=environment(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        # At start the worker meets the lock setting up the sources' poll and publishing.
        for where in ("(опрос источников)", "(расписание)"):
            wait_for(lambda w=where: f"База данных занята {w}" in log.read_text(), where)
        assert worker.poll() is None, log.read_text()
        lock.rollback()
        wait_for(lambda: job_done(database, job), "the queued job")
        (live,) = read(database, "SELECT live FROM wagtailcore_page WHERE slug='katok'")
        assert live == 1

        # Idle, it meets the lock claiming its next job.
        lock.execute("BEGIN IMMEDIATE")
        wait_for(lambda: "База данных занята (очередь)" in log.read_text(), "the queue")
        assert worker.poll() is None, log.read_text()
        lock.rollback()
        second = vestnik(tmp_path, "shell", "-c", QUEUE_JOB)
        wait_for(lambda: job_done(database, second), "the job queued after the lock")
        assert worker.poll() is None, log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        lock.close()
        worker.terminate()
        worker.wait(timeout=WAIT_LIMIT)


@pytest.mark.django_db
def test_a_job_left_running_by_a_killed_worker_is_run_by_the_next(network):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    result = refresh_related_task.enqueue(network["canonical"].pk)
    host = os.uname().nodename[:40]
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=1),
        worker_ids=[f"{host}/{gone.pid}/killed00"],
    )

    call_command("worker", batch=True, verbosity=0)

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
