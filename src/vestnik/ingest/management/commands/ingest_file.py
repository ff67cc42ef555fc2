from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.ingest.items import SourceError
from vestnik.ingest.reporting import add_destination_arguments, destination_from, write_summary
from vestnik.ingest.runs import ingest_path
from vestnik.progress import terminal_progress


class Command(BaseCommand):
    help = (
        "Импортирует статьи из файла или каталога: лента, HTML-страница, ninjs "
        "или страница, сохранённая как текст"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="файл или каталог с файлами")
        add_destination_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        destination = destination_from(options)
        try:
            summary = ingest_path(Path(options["path"]), destination, progress=terminal_progress())
        except SourceError as error:
            raise CommandError(str(error)) from None
        write_summary(self, summary, options["verbosity"])
