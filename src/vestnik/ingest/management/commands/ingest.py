from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.ingest.models import Source
from vestnik.ingest.reporting import write_summary
from vestnik.ingest.runs import poll_due_sources, run_source
from vestnik.progress import terminal_progress


class Command(BaseCommand):
    help = "Забирает материалы источника (по номеру или названию); --due: всех, кому пора"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", nargs="?", help="номер или название источника")
        parser.add_argument("--due", action="store_true", help="все источники, кому пора")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["due"]:
            summaries = poll_due_sources()
            for name, summary in summaries.items():
                self.stdout.write(f"{name}: {summary.headline()}")
            failed = sum(len(summary.failed) for summary in summaries.values())
            if failed:
                raise CommandError(f"не импортировано материалов: {failed}")
            return
        if not options["source"]:
            raise CommandError("Укажите источник (номер или название) или --due")
        source = find_source(options["source"])
        summary = run_source(source, progress=terminal_progress())
        write_summary(self, summary, options["verbosity"])


def find_source(key: str) -> Source:
    source = Source.objects.filter(name=key).first()
    if source is None and key.isdigit():
        source = Source.objects.filter(pk=int(key)).first()
    if source is None:
        names = ", ".join(Source.objects.values_list("name", flat=True)[:20]) or "нет ни одного"
        raise CommandError(f"Нет источника «{key}»; источники: {names}")
    return source
