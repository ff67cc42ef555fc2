from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from vestnik.operations.database import DatabaseToolError
from vestnik.operations.restore import ArchiveError, RestoreRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Восстанавливает установку из архива `vestnik backup` (в пустую установку; "
        "--force заменяет содержимое непустой)"
    )
    # The database may be empty, or of an older schema that restore migrates itself.
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", metavar="ARCHIVE", help="файл архива")
        parser.add_argument(
            "--force",
            action="store_true",
            help="заменить базу и медиафайлы непустой установки",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"Нет файла {path} (no such file)")
        try:
            result = restore_backup(path, force=options["force"])
        except (ArchiveError, RestoreRefused, DatabaseToolError) as error:
            raise CommandError(str(error)) from None
        except (OSError, DatabaseError) as error:
            raise CommandError(
                f"Восстановление прервано: {error}. Устраните причину и запустите снова с "
                f"--force (restore interrupted: fix the cause and run again with --force)"
            ) from None
        made = result.manifest.get("created", "?")
        migrated = "; схема обновлена до этой версии" if result.migrated else ""
        self.stdout.write(
            f"Восстановлено из архива от {made}: медиафайлов {result.media_files}{migrated}"
        )
