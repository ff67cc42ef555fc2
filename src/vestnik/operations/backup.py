"""`vestnik backup DEST`: the database, the media and a manifest in one tar archive.

The database is copied first, then the media: every file a row of the copy names was stored
before the copy began, so it is in the archive (a file uploaded later may be too, unreferenced,
which harms nothing). The archive is written under a hidden temporary name beside its final one
and renamed when complete, so a crash or a full disk never leaves half an archive under a name
that looks finished.
"""

import io
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils import timezone

from .database import dump_database, dump_file_name
from .manifest import MANIFEST_NAME, HashingReader, make_manifest
from .media import media_names, open_media

__all__ = [
    "ARCHIVE_PREFIX",
    "DUMP_DIR_PREFIX",
    "BackupError",
    "BackupResult",
    "archive_name",
    "write_backup",
]

ARCHIVE_PREFIX = "vestnik-backup-"
DEFAULT_SUFFIX = ".tar.gz"
# tarfile's write mode for each accepted file name ending.
MODES = {".tar": "w", ".tar.gz": "w:gz", ".tgz": "w:gz", ".tar.xz": "w:xz", ".tar.bz2": "w:bz2"}
MEDIA_DIR = "media"
# The database is dumped into a hidden directory beside the archive, on the same disk.
DUMP_DIR_PREFIX = ".vestnik-dump-"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    media_files: int
    size: int


def archive_name() -> str:
    """``vestnik-backup-20260301T140500Z.tar.gz``: names sort as the backups were made."""
    return f"{ARCHIVE_PREFIX}{timezone.now():%Y%m%dT%H%M%SZ}{DEFAULT_SUFFIX}"


def archive_path(destination: Path) -> Path:
    """A directory gets a new timestamped archive in it; anything else is the archive's path."""
    if destination.is_dir():
        path = destination / archive_name()
        while path.exists():  # two backups within one second
            path = path.with_name(path.name.replace(DEFAULT_SUFFIX, f"-{time.time_ns()}.tar.gz"))
        return path
    if not destination.parent.is_dir():
        raise BackupError(f"Нет каталога {destination.parent} (no such directory)")
    return destination


def compression_mode(path: Path) -> str:
    for suffix, mode in MODES.items():
        if path.name.endswith(suffix):
            return mode
    raise BackupError(
        f"Имя архива должно оканчиваться на {', '.join(MODES)} "
        f"(the archive's name must end in one of them): {path.name}"
    )


def write_backup(destination: Path) -> BackupResult:
    path = archive_path(destination)
    mode = compression_mode(path)
    handle, partial_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    os.close(handle)
    partial = Path(partial_name)
    try:
        media_files = write_archive(partial, mode)
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    sync_directory(path.parent)
    return BackupResult(path, media_files, path.stat().st_size)


def write_archive(partial: Path, mode: str) -> int:
    """The archive's members: the database, the media files, the manifest last (it holds
    everything's checksums). The number of media files."""
    checksums: dict[str, str] = {}
    database_member = dump_file_name()
    with tarfile.open(partial, mode) as archive:  # type: ignore[call-overload]
        with tempfile.TemporaryDirectory(dir=partial.parent, prefix=DUMP_DIR_PREFIX) as work:
            dump = Path(work) / database_member
            dump_database(dump)
            with open(dump, "rb") as file:
                checksums[database_member] = add_member(archive, database_member, file)
        media_files = 0
        for name in media_names():
            member = f"{MEDIA_DIR}/{name}"
            with open_media(name) as file:
                checksums[member] = add_member(archive, member, file)
            media_files += 1
        manifest = make_manifest(database_member, checksums)
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        archive.addfile(info, io.BytesIO(data))
    return media_files


def add_member(archive: tarfile.TarFile, name: str, file: IO[bytes]) -> str:
    """Add ``file`` as ``name``; its SHA-256, computed from the bytes written."""
    info = tarfile.TarInfo(name)
    file.seek(0, os.SEEK_END)
    info.size = file.tell()
    file.seek(0)
    info.mtime, info.mode = int(time.time()), 0o600
    reader = HashingReader(file)
    archive.addfile(info, reader)
    return reader.sha256.hexdigest()


def sync_directory(directory: Path) -> None:
    """Make the rename itself durable, not only the file's bytes."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
