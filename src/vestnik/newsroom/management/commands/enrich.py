from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.articles.models import ArticlePage
from vestnik.newsroom.tasks import enrich_article
from vestnik.progress import terminal_progress


class Command(BaseCommand):
    help = "Подсказки тегов и регионов, дубли и «Читайте также» — сразу, без очереди"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="номера статей")
        parser.add_argument("--all", action="store_true", help="все опубликованные статьи")
        parser.add_argument(
            "--auto-accept", action="store_true", help="сразу принять уверенные подсказки"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["all"] and not options["ids"]:
            raise CommandError("Укажите номера статей или --all")
        articles = ArticlePage.objects.live().order_by("published_at", "pk")
        if not options["all"]:
            articles = articles.filter(pk__in=options["ids"])
        ids = list(articles.values_list("pk", flat=True))
        progress = terminal_progress()
        failed = 0
        for done, article_id in enumerate(ids, start=1):
            try:
                enrich_article(article_id, auto_accept=options["auto_accept"])
            except Exception as error:  # noqa: BLE001 - one broken article must not stop the run
                failed += 1
                self.stderr.write(f"Статья {article_id}: {error}")
            if progress:
                progress(done, len(ids))
        self.stdout.write(f"Обработано статей: {len(ids) - failed}, с ошибкой: {failed}")
