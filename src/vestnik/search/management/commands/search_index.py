from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from vestnik.progress import terminal_progress
from vestnik.search.index import rebuild_index


class Command(BaseCommand):
    help = "Перестраивает поисковый индекс по всем опубликованным статьям"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="без индикатора хода")

    def handle(self, *args: Any, **options: Any) -> None:
        total = rebuild_index(None if options["quiet"] else terminal_progress())
        self.stdout.write(f"В индексе статей: {total}")
