from typing import Any

from django.core.management.base import BaseCommand

from vestnik.articles.schedule import run_schedule


class Command(BaseCommand):
    """Wagtail's command of the same name, replaced: the worker does this every minute by
    itself; by hand it does the same, dating each page by when it was due."""

    help = "Публикует материалы, время которых пришло, и снимает просроченные"

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_schedule()
        self.stdout.write(f"опубликовано: {done.published}, снято: {done.expired}")
