"""`vestnik restore ARCHIVE`: an archive of `vestnik backup` into an empty installation.

Everything that can be checked is checked before the first write: the archive opens, every
member's SHA-256 matches the manifest and nothing is missing or extra, the schema is one this
Vestnik knows, the database engine is the same, and the installation is empty (unless
``force``). Then the database is put in place (one rename on SQLite, one transaction on
PostgreSQL), then the media; an older schema is migrated forward. The search index lives in the
database (vestnik.search), so it comes with it; the page cache is emptied, since it holds pages
of whatever the installation was before.
"""

import json
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader
from wagtail.models import Page

from vestnik.pagecache.stores import get_store

from .backup import MEDIA_DIR
from .database import load_database, table_names
from .manifest import MANIFEST_NAME, ArchiveError, HashingReader, check_compatible
from .media import delete_media, media_names, save_media

__all__ = ["ArchiveError", "RestoreRefused", "RestoreResult", "read_manifest", "restore_backup"]

# Wagtail's own migrations create a root page and a welcome page: a database with no more
# than these (and no user) holds nothing an editor made.
WAGTAIL_INITIAL_PAGES = 2
# What a damaged or truncated archive raises while it is read.
READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError, ValueError)


class RestoreRefused(Exception):
    """The installation is not empty and ``force`` was not given."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    media_files: int
    migrated: bool


def restore_backup(archive_path: Path, *, force: bool = False) -> RestoreResult:
    """Check the archive and the installation, then restore. ``ArchiveError`` or
    ``RestoreRefused`` before anything is written; ``OSError`` (a full disk) or
    ``DatabaseToolError`` while writing, after which a run with ``force`` starts over."""
    try:
        archive = tarfile.open(archive_path, "r:*")
    except tarfile.ReadError:
        # tarfile lists why each compression failed; one line says it better.
        raise ArchiveError(
            "Файл не архив tar или повреждён (not a tar archive, or a damaged one)"
        ) from None
    except READ_ERRORS as error:
        raise damaged(error) from None
    with archive:
        try:
            manifest = read_manifest(archive)
            check_compatible(manifest)
            verify_members(archive, manifest["sha256"])
        except READ_ERRORS as error:
            raise damaged(error) from None
        if not force:
            refuse_unless_empty()
        restore_members(archive, manifest, force=force)
    migrated = migrate_forward(manifest)
    empty_caches()
    return RestoreResult(manifest, len(manifest["sha256"]) - 1, migrated)


def damaged(error: Exception) -> ArchiveError:
    return ArchiveError(
        f"Архив повреждён или не читается: {error} (the archive is damaged or unreadable)"
    )


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        file = archive.extractfile(MANIFEST_NAME)
    except KeyError:
        file = None
    if file is None:
        raise ArchiveError(
            f"В архиве нет {MANIFEST_NAME}: это не резервная копия Вестника или она обрезана "
            f"(no manifest: not a Vestnik backup, or a truncated one)"
        )
    try:
        manifest: dict[str, Any] = json.loads(file.read())
    except ValueError:
        raise ArchiveError(f"{MANIFEST_NAME} повреждён (the manifest is damaged)") from None
    if not isinstance(manifest.get("sha256"), dict):
        raise ArchiveError(f"{MANIFEST_NAME} без контрольных сумм (the manifest has no checksums)")
    return manifest


def verify_members(archive: tarfile.TarFile, checksums: dict[str, str]) -> None:
    """Every member hashes to what the manifest says, and the two list the same files."""
    seen = set()
    for member in archive:
        if member.name == MANIFEST_NAME:
            continue
        expected = checksums.get(member.name)
        file = archive.extractfile(member) if member.isfile() else None
        if expected is None or file is None:
            raise ArchiveError(
                f"Лишний файл в архиве: {member.name} (a member the manifest does not list)"
            )
        reader = HashingReader(file)
        while reader.read(2**20):
            pass
        if reader.sha256.hexdigest() != expected:
            raise ArchiveError(f"Контрольная сумма не сходится: {member.name} (checksum mismatch)")
        seen.add(member.name)
    if missing := sorted(set(checksums) - seen):
        raise ArchiveError(
            f"В архиве не хватает файлов: {', '.join(missing[:5])} (members missing)"
        )


def refuse_unless_empty() -> None:
    if database_holds_content():
        raise RestoreRefused(
            "База данных не пуста: восстановление заменит её содержимое. Запустите с --force, "
            "если это и нужно (the database is not empty; --force replaces it)"
        )
    if next(media_names(), None) is not None:
        raise RestoreRefused(
            "Каталог медиафайлов не пуст: запустите с --force, чтобы заменить его содержимое "
            "(the media storage is not empty; --force replaces it)"
        )


def database_holds_content() -> bool:
    """Whether anything beyond what migrations create is there: a user, a page past Wagtail's
    own two. A database in a state this cannot read counts as holding content."""
    if not table_names():
        return False
    try:
        return get_user_model().objects.exists() or Page.objects.count() > WAGTAIL_INITIAL_PAGES
    except DatabaseError:
        return True


def restore_members(archive: tarfile.TarFile, manifest: dict[str, Any], *, force: bool) -> None:
    database_member = manifest["database"]["member"]
    with tempfile.TemporaryDirectory(prefix="vestnik-restore-") as work:
        # Copied out by hand rather than extracted: the file lands where this code says,
        # whatever name the archive gives it (tarfile's safe extraction filters are 3.11.4+).
        dump = Path(work) / "database"
        with dump.open("wb") as copy:
            shutil.copyfileobj(member_file(archive, database_member), copy)
        load_database(dump)
    prefix = f"{MEDIA_DIR}/"
    names = {member[len(prefix) :] for member in manifest["sha256"] if member.startswith(prefix)}
    if force:
        # The installation becomes the archive's: files it does not hold would be orphans.
        for name in [name for name in media_names() if name not in names]:
            delete_media(name)
    for name in sorted(names):
        save_media(name, member_file(archive, f"{prefix}{name}"))


def member_file(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    file = archive.extractfile(name)
    if file is None:  # verify_members has seen every member as a regular file
        raise ArchiveError(f"{name} — не файл (not a regular file)")
    return file


def migrate_forward(manifest: dict[str, Any]) -> bool:
    """Migrate an archive of an older Vestnik to this one's schema; whether it had to."""
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    if set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) <= archived:
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def empty_caches() -> None:
    """The page cache (every process's, through its purge log or Redis) and Django's caches,
    which hold renditions' and sites' lookups of the installation that was."""
    get_store().purge_all()
    for alias in settings.CACHES:
        caches[alias].clear()
