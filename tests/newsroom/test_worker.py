"""`vestnik worker` against a database another process keeps locked, and after a worker that
was killed mid-job: it waits, then does everything, and no job is lost.

The worker runs as a real process on its own SQLite database; the test holds SQLite's write
lock from its own connection until the worker's log says it met the lock, then lets go.
"""

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.commands import (
    WAIT_LIMIT,
    command,
    environment,
    finished_job_status,
    jobs_in,
    read,
    run,
    shell,
    wait_for,
)
from vestnik.newsroom.tasks import refresh_related_task

PREPARE = """
from datetime import timedelta
from django.utils import timezone
from vestnik.articles.models import ArticlePage
from vestnik.newsroom.tasks import refresh_related_task
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
from vestnik.newsroom.tasks import refresh_related_task
print(refresh_related_task.enqueue(ArticlePage.objects.get(slug='katok').pk).id.replace('-', ''))
"""


def job_done(database: Path, job: str) -> bool:
    return finished_job_status(database, job) == "SUCCESSFUL"


def test_the_worker_waits_out_a_locked_database_and_then_does_its_jobs(tmp_path: Path):
    run(tmp_path, "migrate", "-v", "0")
    job = shell(tmp_path, PREPARE)
    database = tmp_path / "vestnik.sqlite3"
    log = tmp_path / "worker.log"

    lock = sqlite3.connect(database, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # SQLite's one write lock, held by the test
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            command("worker"),
            env=environment(tmp_path, VESTNIK_SCHEDULE_TICK="1"),
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
        # Publishing the scheduled page queued its enrichment, which would otherwise still be
        # running (and waiting out the test's lock) when the test locks again.
        wait_for(lambda: not jobs_in(database, "READY", "RUNNING"), "an empty queue", log.read_text)
        lock.execute("BEGIN IMMEDIATE")
        wait_for(
            lambda: "База данных занята (очередь)" in log.read_text(), "the queue", log.read_text
        )
        assert worker.poll() is None, log.read_text()
        lock.rollback()
        second = shell(tmp_path, QUEUE_JOB)
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
