"""The object storage media live in when ``MEDIA_STORAGE_URL`` is set."""

import posixpath

from django.core.files import File
from storages.backends.s3 import S3Storage

__all__ = ["ObjectStorage"]


class ObjectStorage(S3Storage):
    """django-storages' S3 backend whose every new file gets a name never used before.

    Files are served with ``Cache-Control: immutable`` (``location.IMMUTABLE``), which is
    only true if a name never comes back with other bytes. Django reuses a name once its file
    is deleted: an image replaced in the admin frees its name and its renditions' names (they
    are derived from it) for the next upload called the same, and a CDN or a reader's browser
    would keep showing the old picture. A random suffix on every upload rules that out.
    Example: «photo.jpg» is stored as «original_images/photo_Ab3dE9x.jpg».
    """

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        root, extension = posixpath.splitext(name)
        return super().get_available_name(self.get_alternative_name(root, extension), max_length)

    def store_as(self, name: str, content: File) -> None:
        """Write ``content`` under exactly ``name``, replacing what is there: for copying in
        files whose names the database already holds (``vestnik media-to-storage``)."""
        self._save(name, content)
