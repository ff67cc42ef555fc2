from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.ingest.documents import text_page_item
from vestnik.ingest.items import SourceError
from vestnik.ingest.store import Destination, Outcome, find_record, store_item
from vestnik.ingest.textpage import TextPageError, read_text_page
from vestnik.outlets.models import OutletHomePage


class Command(BaseCommand):
    help = "Импортирует статью из страницы, сохранённой как текст, и печатает её адрес"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="текстовый файл страницы (UTF-8)")
        parser.add_argument("--outlet", required=True, help="слаг издания (vestnik outlets)")
        parser.add_argument(
            "--auto-accept",
            action="store_true",
            help="уверенные подсказки тегов и регионов принять без редактора",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        outlet = OutletHomePage.objects.filter(slug=options["outlet"]).first()
        if outlet is None:
            raise CommandError(
                f"Нет издания «{options['outlet']}»; список изданий: vestnik outlets"
            )
        destination = Destination(outlet=outlet, auto_accept=options["auto_accept"])
        # The same item and store as ``ingest-file``, so both commands find one article.
        try:
            item = text_page_item(read_text_page(options["file"]))
            outcome, article = store_item(item, destination)
        except (TextPageError, SourceError) as error:
            raise CommandError(str(error)) from None
        if article is None:
            record = find_record(destination, item)
            article = record.article if record else None
        status = {
            Outcome.NEW: "создана",
            Outcome.UPDATED: "обновлена",
            Outcome.HELD: "черновик для редактора",
            Outcome.UNCHANGED: "без изменений",
        }[outcome]
        self.stdout.write(f"{article.full_url if article else ''}\t{status}")
