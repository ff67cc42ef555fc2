import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from vestnik.newsroom.locked_database import patiently
from vestnik.newsroom.redis_queue import run_rq_worker, uses_redis_queue
from vestnik.newsroom.signals import worker_starting
from vestnik.newsroom.worker import (
    PatientWorker,
    new_worker_id,
    requeue_abandoned,
    start_clock,
    tick,
)
from vestnik.processes import PARENT_ENV, die_with_parent

BACKEND = "enrichment"


class Command(BaseCommand):
    help = (
        "Фоновый обработчик: подсказки, дубли, «Читайте также», публикация по расписанию, "
        "опрос источников (--batch: разобрать очередь и выйти)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if supervisor := os.environ.get(PARENT_ENV):
            die_with_parent(int(supervisor))  # `vestnik serve` started it: end with it

        if options["batch"]:
            tick()
        else:
            start_clock()
        # What other apps run in the worker starts here (ingest: the chain of source polls;
        # readership: summing the reads), once with --batch.
        worker_starting.send(sender=self.__class__, batch=options["batch"])
        if uses_redis_queue():
            run_rq_worker(batch=options["batch"], verbosity=options["verbosity"])
            return
        run_db_worker(batch=options["batch"], verbosity=options["verbosity"])


def run_db_worker(*, batch: bool, verbosity: int) -> None:
    """django-tasks-db's `db_worker` over every queue of the enrichment backend, with the
    patient worker in place of its own."""
    DBWorkerCommand().configure_logging(verbosity)
    patiently(lambda: requeue_abandoned(BACKEND), "очередь")
    worker = PatientWorker(
        queue_names=["*"],
        interval=1,
        batch=batch,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=new_worker_id(),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()
