from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.articles.tasks import enqueue_safely, enrich_article_task
from vestnik.ingest.importers import import_text_file
from vestnik.ingest.textpage import TextPageError
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
        try:
            article, created, changed = import_text_file(options["file"], outlet)
        except TextPageError as error:
            raise CommandError(str(error)) from None
        if options["auto_accept"] and changed:
            enqueue_safely(enrich_article_task, article.pk, True)
        status = "создана" if created else "обновлена" if changed else "без изменений"
        self.stdout.write(f"{article.full_url}\t{status}")
