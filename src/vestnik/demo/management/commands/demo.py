import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from vestnik.demo.loader import load_demo


class Command(BaseCommand):
    help = "Создаёт демонстрационную сеть изданий и запускает сервер (--no-serve: только загрузка)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="только загрузить данные")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--domain", default="localhost", help="издания отвечают на <slug>.<domain>"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        network = load_demo(domain=options["domain"], port=options["port"])
        # Suggestions, duplicates and «Читайте также» for the loaded articles. A process that
        # goes on to serve must not hold the NER models, so then the worker runs apart.
        if options["no_serve"]:
            call_command("worker", batch=True, verbosity=0)
        else:
            worker = [sys.executable, "-m", "vestnik.cli", "worker", "--batch", "--verbosity", "0"]
            subprocess.run(worker, check=True)
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(
            f"Демо-сеть готова: изданий: {len(network.outlets)}, новых статей: {network.created}"
        )
        for outlet in network.outlets:
            site = outlet.site
            assert site is not None  # the loader gives every demo outlet its site
            self.stdout.write(f"  {outlet.title}: http://{site.hostname}:{site.port}/")
        _, _, path = network.canonical.get_url_parts()
        self.stdout.write(f"Статья: {base}{path}  ({network.canonical.full_url})")
        self.stdout.write(
            f"Редакция: {base}/admin/  логин {network.admin_username}, пароль {network.password}"
        )
        editors = ", ".join(f"editor-{outlet.slug}" for outlet in network.outlets)
        self.stdout.write(f"Редакторы изданий: {editors} (тот же пароль)")
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
