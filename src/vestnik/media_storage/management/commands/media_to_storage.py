from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from vestnik.media_storage.backends import ObjectStorage


class Command(BaseCommand):
    help = (
        "Копирует медиафайлы из MEDIA_ROOT в хранилище из MEDIA_STORAGE_URL под теми же "
        "именами; уже скопированные пропускает"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--source", type=Path, help="папка с медиафайлами (MEDIA_ROOT)")

    def handle(self, *args: Any, **options: Any) -> None:
        storage = storages["default"]
        if not isinstance(storage, ObjectStorage):
            raise CommandError("MEDIA_STORAGE_URL не задан: копировать некуда")
        source = Path(options["source"] or settings.MEDIA_ROOT)
        if not source.is_dir():
            raise CommandError(f"Папки {source} нет")
        copied = kept = 0
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            name = path.relative_to(source).as_posix()
            # The same name and size is the same file: names are never reused with other bytes.
            if storage.exists(name) and storage.size(name) == path.stat().st_size:
                kept += 1
                continue
            with path.open("rb") as handle:
                storage.store_as(name, File(handle, name=name))
            copied += 1
            if options["verbosity"] > 1:
                self.stdout.write(name)
        self.stdout.write(f"Скопировано файлов: {copied}, уже были в хранилище: {kept}")
