"""``manifest.json``, the last member of a backup archive: what made the archive, the schema it
holds and a SHA-256 of every other member, so restore can tell a damaged or foreign archive
before it writes anything."""

import hashlib
from collections import defaultdict
from importlib.metadata import version
from typing import IO, Any

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

__all__ = [
    "FORMAT",
    "MANIFEST_NAME",
    "ArchiveError",
    "HashingReader",
    "applied_migrations",
    "check_compatible",
    "make_manifest",
]

MANIFEST_NAME = "manifest.json"
# Bumped whenever the archive's layout changes in a way an older restore would misread.
FORMAT = 1


class ArchiveError(Exception):
    """The archive cannot be restored here: damaged, incomplete or from elsewhere."""


class HashingReader:
    """A file read once, hashed as it goes: the tar member is written and checksummed in one
    pass over media that may sit in an object store."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def applied_migrations() -> dict[str, list[str]]:
    """The migrations recorded in the database, by app: the schema the data is in."""
    by_app: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationRecorder(connection).applied_migrations():
        by_app[app].append(name)
    return {app: sorted(names) for app, names in sorted(by_app.items())}


def make_manifest(database_member: str, checksums: dict[str, str]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "versions": {name: version(name) for name in ("vestnik", "django", "wagtail")},
        "database": {"vendor": connection.vendor, "member": database_member},
        "migrations": applied_migrations(),
        "sha256": checksums,
    }


def check_compatible(manifest: dict[str, Any]) -> None:
    """Refuse an archive this installation cannot take: another layout, another database
    engine, or a schema from a newer Vestnik (a migration this code does not have). An older
    schema is fine: restore migrates it forward afterwards."""
    if manifest.get("format") != FORMAT:
        raise ArchiveError(
            f"Архив другого формата ({manifest.get('format')!r}, нужен {FORMAT}) "
            f"(unsupported archive format)"
        )
    vendor = manifest.get("database", {}).get("vendor")
    if vendor != connection.vendor:
        raise ArchiveError(
            f"Архив сделан на базе {vendor}, а эта установка работает на {connection.vendor} "
            f"(the archive is a {vendor} database, this installation runs {connection.vendor})"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        made_by = manifest.get("versions", {}).get("vestnik", "?")
        raise ArchiveError(
            f"Архив сделан более новой версией Вестника ({made_by}): нет миграций "
            f"{', '.join(unknown[:5])}. Обновите Вестник и повторите "
            f"(the archive comes from a newer Vestnik: upgrade first)"
        )
