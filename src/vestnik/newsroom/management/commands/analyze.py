import json
import sys
from argparse import ArgumentParser
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vestnik.enrichment.districts import suggest_regions
from vestnik.enrichment.entities import extract_entities, load_ner_models

MAX_INPUT = 1_000_000


class Command(BaseCommand):
    help = "Показывает, что ядра находят в тексте: сущности и регионы (JSON), без базы"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("text", nargs="?", help="текст; без него — --file или stdin")
        parser.add_argument("--file", help="прочитать текст из файла (UTF-8)")
        parser.add_argument("--title", default="", help="заголовок")

    def handle(self, *args: Any, **options: Any) -> None:
        text = self.read_text(options)
        title = options["title"]
        entities = extract_entities(text, title, models=load_ner_models())
        regions = suggest_regions(text, title)
        result = {
            "entities": [asdict(entity) for entity in entities],
            "regions": [asdict(region) for region in regions],
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str))

    def read_text(self, options: dict[str, Any]) -> str:
        try:
            if options["text"] is not None:
                return str(options["text"])
            if options["file"]:
                data = Path(options["file"]).read_bytes()[: MAX_INPUT + 1]
            else:
                data = sys.stdin.buffer.read(MAX_INPUT + 1)
        except OSError as error:
            raise CommandError(f"Не удалось прочитать текст: {error.strerror}") from None
        if len(data) > MAX_INPUT:
            raise CommandError("Текст длиннее 1 МБ")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError("Текст не в UTF-8") from None
