import os
import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from granian.constants import Interfaces
from granian.server import Server


class Command(BaseCommand):
    help = "Запускает HTTP-сервер (granian) и фоновый обработчик для базы из DATABASE_URL"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="без фонового обработчика (он запущен отдельно)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Сервер: http://{options['host']}:{options['port']}/ (Ctrl+C — стоп)")
        self.stdout.flush()
        # The worker is its own process: the NER models it loads never enter web workers.
        worker = (
            None
            if options["no_worker"]
            else subprocess.Popen([sys.executable, "-m", "vestnik.cli", "worker"])
        )
        try:
            Server(
                "vestnik.wsgi:application",
                address=options["host"],
                port=options["port"],
                interface=Interfaces.WSGI,
                workers=options["workers"],
                # Django is blocking code: a handful of threads per worker measured far better
                # than granian's default of hundreds.
                blocking_threads=4,
            ).serve()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
