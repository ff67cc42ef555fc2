"""What the ingest commands share: options, the outlet lookup and the printed summary."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.outlets.models import OutletHomePage

from .addresses import parse_allowance
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
    parser.add_argument(
        "--allow-internal",
        action="append",
        default=[],
        metavar="HOST",
        help="сервер внутренней сети, к которому можно обращаться (имя, IP-адрес или сеть)",
    )


def destination_from(options: dict[str, Any]) -> Destination:
    outlet = OutletHomePage.objects.filter(slug=options["outlet"]).first()
    if outlet is None:
        raise CommandError(f"Нет издания «{options['outlet']}»; список изданий: vestnik outlets")
    try:
        internal_hosts = parse_allowance(",".join(options["allow_internal"]))
    except ValueError as exc:
        raise CommandError(
            f"--allow-internal: «{exc}» — не имя сервера, не адрес и не сеть"
        ) from None
    return Destination(
        outlet=outlet,
        live=not options["draft"],
        auto_accept=options["auto_accept"],
        internal_hosts=internal_hosts,
    )


def write_summary(command: BaseCommand, summary: Summary, verbosity: int) -> None:
    """Article addresses (unless -v 0), then the counts, then each notice and failure with
    its reason; a run in which any item failed ends in ``CommandError`` (exit status 1)."""
    labels = {"new": "создана", "updated": "обновлена", "held": "черновик для редактора"}
    if verbosity > 0:
        for outcome, url in summary.articles:
            command.stdout.write(f"{url}\t{labels[outcome]}")
    command.stdout.write(summary.headline())
    for identity, notice in summary.notices:
        command.stderr.write(f"замечание: {identity}: {notice}")
    for identity, reason in summary.failed:
        command.stderr.write(f"ошибка: {identity}: {reason}")
    if summary.failed:
        raise CommandError(f"не импортировано материалов: {len(summary.failed)}")
