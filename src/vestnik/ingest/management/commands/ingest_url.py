from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.ingest.items import SourceError
from vestnik.ingest.reporting import add_destination_arguments, destination_from, write_summary
from vestnik.ingest.runs import ingest_url
from vestnik.progress import terminal_progress


class Command(BaseCommand):
    help = "Забирает статьи по адресу: ленту RSS/Atom, страницу статьи или ninjs (по содержимому)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("url", help="http:// или https:// адрес ленты или страницы")
        add_destination_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        destination = destination_from(options)
        try:
            summary = ingest_url(options["url"], destination, progress=terminal_progress())
        except SourceError as error:
            raise CommandError(str(error)) from None
        write_summary(self, summary, options["verbosity"])
