from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.articles.models import ArticlePage
from vestnik.newsroom.syndication import SyndicationError, syndicate
from vestnik.outlets.models import OutletHomePage


class Command(BaseCommand):
    help = "Переносит статью в другие издания сети и печатает адреса копий"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "article", help="id статьи, её слаг или ИЗДАНИЕ/СЛАГ, если слаг не единственный"
        )
        parser.add_argument(
            "--to", nargs="+", required=True, metavar="SLUG", help="слаги изданий-получателей"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        article = find_article(options["article"])
        outlets = []
        for slug in options["to"]:
            outlet = OutletHomePage.objects.filter(slug=slug).first()
            if outlet is None:
                raise CommandError(f"Нет издания «{slug}»; список изданий: vestnik outlets")
            outlets.append(outlet)
        try:
            results = syndicate(article, outlets)
        except SyndicationError as error:
            raise CommandError(str(error)) from None
        for result in results:
            status = "создана" if result.created else "уже есть"
            self.stdout.write(f"{result.copy.full_url}\t{status}")


def find_article(reference: str) -> ArticlePage:
    """An article by id, by ``outlet/slug``, or by a slug that names one original."""
    articles = ArticlePage.objects.all()
    if reference.isdigit():
        found = list(articles.filter(pk=int(reference)))
    elif "/" in reference:
        outlet_slug, _, slug = reference.strip("/").partition("/")
        outlet = OutletHomePage.objects.filter(slug=outlet_slug).first()
        found = list(articles.child_of(outlet).filter(slug=slug)) if outlet else []
    else:
        # Copies share their original's slug; the original is what a bare slug means.
        found = list(articles.filter(slug=reference, original__isnull=True))
    if not found:
        raise CommandError(f"Нет статьи «{reference}»")
    if len(found) > 1:
        where = ", ".join(f"{a.get_parent().slug}/{a.slug}" for a in found)
        raise CommandError(f"Слаг «{reference}» есть в нескольких изданиях: {where}")
    return found[0]
