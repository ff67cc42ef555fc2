from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from vestnik.articles.redis_queue import run_rq_worker, uses_redis_queue


class Command(BaseCommand):
    help = (
        "Фоновый обработчик: подсказки, дубли, «Читайте также», опрос источников "
        "(--batch: разобрать очередь и выйти)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from vestnik.ingest.tasks import start_polling

        # The sources' poll queues its own next run; this starts the chain.
        start_polling()
        if uses_redis_queue():
            run_rq_worker(batch=options["batch"], verbosity=options["verbosity"])
            return
        # Passed as arguments, not keywords: db_worker validates its --backend default
        # ("default", an immediate backend here) unless the option is given on its line.
        arguments = ["--backend", "enrichment", "--queue-name", "*", "--no-startup-delay"]
        call_command(
            "db_worker",
            *arguments,
            *(["--batch"] if options["batch"] else []),
            "--no-reload",
            verbosity=options["verbosity"],
        )
