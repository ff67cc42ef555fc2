import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from vestnik.search.index import rebuild_index


class Command(BaseCommand):
    help = "Перестраивает поисковый индекс по всем опубликованным статьям"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="(по умолчанию) всё заново")
        parser.add_argument("--quiet", action="store_true", help="без индикатора хода")

    def handle(self, *args: Any, **options: Any) -> None:
        show = not options["quiet"] and sys.stderr.isatty()
        total = rebuild_index(progress_bar if show else None)
        if show:
            sys.stderr.write("\n")
        self.stdout.write(f"В индексе статей: {total}")


def progress_bar(done: int, total: int, width: int = 40) -> None:
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()
