from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from vestnik.operations.backup import BackupError, write_backup
from vestnik.operations.database import DatabaseToolError


class Command(BaseCommand):
    help = (
        "Резервная копия: база данных, медиафайлы и манифест в одном архиве "
        "(DEST — каталог или файл .tar, .tar.gz, .tar.xz)"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("destination", metavar="DEST", help="каталог или путь архива")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = write_backup(Path(options["destination"]))
        except (BackupError, DatabaseToolError) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                f"Не удалось записать архив: {error.strerror or error} "
                f"(could not write the archive)"
            ) from None
        except DatabaseError as error:
            raise CommandError(
                f"База данных недоступна: {error} (the database is unavailable)"
            ) from None
        self.stdout.write(
            f"Архив: {result.path} ({result.size / 2**20:.1f} МБ, "
            f"медиафайлов: {result.media_files})"
        )
