"""The object storage media live in when ``MEDIA_STORAGE_URL`` is set."""

import posixpath

from botocore.config import Config
from django.core.files import File
from storages.backends.s3 import S3Storage

__all__ = ["ObjectStorage"]

# A readiness probe must not hang on a store that does not answer: a second to connect, two to
# answer, and no retries.
PROBE_CONFIG = Config(connect_timeout=1, read_timeout=2, retries={"total_max_attempts": 1})


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

    def probe_bucket(self) -> None:
        """HEAD the bucket: botocore's error when the store does not answer, the bucket is
        missing or the keys are refused. A client of its own, with short timeouts."""
        client = self._create_session().client(
            "s3",
            region_name=self.region_name,
            use_ssl=self.use_ssl,
            endpoint_url=self.endpoint_url,
            config=self.client_config.merge(PROBE_CONFIG),
            verify=self.verify,
        )
        try:
            client.head_bucket(Bucket=self.bucket_name)
        finally:
            client.close()
