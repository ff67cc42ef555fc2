"""What the ingest commands share: options, the outlet lookup and the printed summary."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.outlets.models import OutletHomePage

from .runs import Summary
from .store import Destination


def add_destination_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--outlet", required=True, help="слаг издания (vestnik outlets)")
    parser.add_argument("--draft", action="store_true", help="сохранить черновиками, не публикуя")
    parser.add_argument(
        "--auto-accept",
        action="store_true",
        help="уверенные подсказки тегов и регионов принять без редактора",
    )


def destination_from(options: dict[str, Any]) -> Destination:
    outlet = OutletHomePage.objects.filter(slug=options["outlet"]).first()
    if outlet is None:
        raise CommandError(f"Нет издания «{options['outlet']}»; список изданий: vestnik outlets")
    return Destination(outlet=outlet, live=not options["draft"], auto_accept=options["auto_accept"])


def write_summary(command: BaseCommand, summary: Summary, verbosity: int) -> None:
    """Article addresses (unless -v 0), then the counts, then each failure with its reason."""
    labels = {"new": "создана", "updated": "обновлена"}
    if verbosity > 0:
        for outcome, url in summary.articles:
            command.stdout.write(f"{url}\t{labels[outcome]}")
    command.stdout.write(summary.headline())
    for identity, reason in summary.failed:
        command.stderr.write(f"ошибка: {identity}: {reason}")
