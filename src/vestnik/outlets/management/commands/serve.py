import os
import sys
from argparse import ArgumentParser
from functools import partial
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from granian.constants import Interfaces
from granian.server import Server

from vestnik.processes import Supervisor, ensure_port_free, load_web_worker

# Django is blocking code: granian's default of hundreds of threads per worker measured 2×
# worse; bench/pages.py measures 1 against a few (docs/benchmarks.md).
BLOCKING_THREADS = 2


class Command(BaseCommand):
    help = "Запускает HTTP-сервер (granian) и фоновый обработчик для базы из DATABASE_URL"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument(
            "--threads",
            type=int,
            default=BLOCKING_THREADS,
            help="потоков Django в каждом процессе",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="без фонового обработчика (он запущен отдельно)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_port_free(options["host"], options["port"])
        # Hashed static names for far-future caching; quick when nothing changed.
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Сервер: http://{options['host']}:{options['port']}/ (Ctrl+C — стоп)")
        self.stdout.flush()
        # The worker is its own process: the NER models it loads never enter web workers.
        worker = Supervisor([sys.executable, "-m", "vestnik.cli", "worker"], "Фоновый обработчик")
        if not options["no_worker"]:
            worker.start()
        try:
            Server(
                "vestnik.wsgi:application",
                address=options["host"],
                port=options["port"],
                interface=Interfaces.WSGI,
                workers=options["workers"],
                blocking_threads=options["threads"],
            ).serve(target_loader=partial(load_web_worker, parent_pid=os.getpid()))
        finally:
            worker.stop()
