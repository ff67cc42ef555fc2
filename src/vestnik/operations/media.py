"""The installation's media (original images, renditions, documents) as backup and restore see
it: names and contents through Django's ``default_storage``, so the same code reads a local
``MEDIA_ROOT`` and an object store once one is configured. This is the only module of backup and
restore that touches media."""

from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage

__all__ = ["delete_media", "media_names", "open_media", "save_media"]


def media_names(directory: str = "") -> Iterator[str]:
    """Every stored file's name, directories walked depth first, in a stable order.

    A storage that has never stored anything may have no root yet (a fresh ``MEDIA_ROOT``):
    that is no files, not an error."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from media_names(f"{directory}/{name}" if directory else name)


def open_media(name: str) -> IO[bytes]:
    handle: IO[bytes] = default_storage.open(name, "rb")
    return handle


def save_media(name: str, content: IO[bytes]) -> None:
    """Store ``content`` under exactly ``name``, replacing a file of that name: a storage
    finding the name taken would otherwise pick another, and the database's rows would point
    at the old file."""
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, File(content, name=name))
    if saved != name:
        raise OSError(f"storage saved {name!r} as {saved!r}")


def delete_media(name: str) -> None:
    default_storage.delete(name)
